#!/usr/bin/env bash
# The Rust crates as users get them, on a machine without libmemview:
#  1. `cargo package` of both crates (memview-sys, memview);
#  2. the packaged memview-sys must carry the current amalgamation;
#  3. a temporary project outside the repository depends on the crates unpacked
#     from the .crate files (memview by path, memview-sys patched in), and
#     builds and runs the guide's first example (package-test/src/main.rs)
#     with no PKG_CONFIG_PATH, no LD_LIBRARY_PATH and pkg-config unable to see
#     any libmemview: memview-sys must build its bundled copy. The binary must
#     not need libmemview.so; the packaged memview-sys's own header test runs
#     against the packaged header.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
[ -d "$HOME/.cargo/bin" ] && export PATH="$HOME/.cargo/bin:$PATH"
command -v cargo >/dev/null || { echo "rust: cargo not found" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
unset PKG_CONFIG_PATH LD_LIBRARY_PATH MEMVIEW_PREFIX MEMVIEW_LIB_DIR MEMVIEW_INCLUDE_DIR MEMVIEW_SYSTEM_LIB
mkdir "$work/no-pc"
export PKG_CONFIG_LIBDIR="$work/no-pc"   # hides a libmemview installed system-wide too
export CARGO_TARGET_DIR="$work/target" CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-2}"
if pkg-config --exists memview 2>/dev/null; then
  echo "rust: pkg-config still finds memview" >&2; exit 1
fi

echo "== cargo package (memview-sys, memview)"
(cd "$here" && cargo package --workspace --allow-dirty --no-verify --quiet)
mkdir "$work/crates"
for crate in "$work"/target/package/*.crate; do
  tar -xzf "$crate" -C "$work/crates"
done
sys="$(ls -d "$work"/crates/memview-sys-*)"
safe="$(ls -d "$work"/crates/memview-[0-9]*)"
for f in memview.cpp memview.h; do
  if [ -L "$sys/amalgamation/$f" ] || ! cmp -s "$sys/amalgamation/$f" "$root/amalgamation/$f"; then
    echo "rust: the packaged amalgamation/$f is not the current one" >&2; exit 1
  fi
done
echo "rust: memview-sys carries the current amalgamation"

echo "== a project outside the repository, built from the .crate files"
mkdir -p "$work/app/src"
cp "$here/package-test/src/main.rs" "$work/app/src/main.rs"
cat >"$work/app/Cargo.toml" <<TOML
[package]
name = "memview-package-test"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
memview = { path = "$safe" }

[patch.crates-io]
memview-sys = { path = "$sys" }

[workspace]
TOML
(cd "$work/app" && cargo run --quiet) | tee "$work/out.txt"
grep -qx "Jello, world!" "$work/out.txt" || { echo "rust: the example printed something else" >&2; exit 1; }
bin="$work/target/debug/memview-package-test"
if readelf -d "$bin" | grep -q 'NEEDED.*libmemview'; then
  echo "rust: the binary needs libmemview.so" >&2; exit 1
fi
echo "rust: the example ran on the bundled library (needs: $(readelf -d "$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' '))"

echo "== the packaged memview-sys's tests (header drift, against the packaged header)"
CC="${CC:-$(command -v cc || command -v gcc || command -v clang)}" \
  cargo test --quiet --manifest-path "$sys/Cargo.toml"
echo "rust: packaged crates OK"
