#!/usr/bin/env bash
# Rust binding: format, lint, test (unit, integration, doctests), docs. Builds libmemview first
# when pkg-config cannot find it. Exits non-zero on any failure.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../../scripts/env.sh"
if ! pkg-config --exists memview 2>/dev/null; then
  "$MV_ROOT/scripts/deps.sh"
  "$MV_ROOT/scripts/build.sh"
fi
if ! command -v cargo >/dev/null; then
  echo "rust: cargo not found (install rustup: https://rustup.rs)" >&2
  exit 1
fi
# The header-drift test compiles C against memview.h.
CC="${CC:-$(command -v cc || command -v clang || command -v gcc || true)}"
[ -n "$CC" ] || { echo "rust: a C compiler is needed (\$CC, cc, clang or gcc)" >&2; exit 1; }
export CC
cargo clippy --version >/dev/null 2>&1 || rustup component add clippy
cargo fmt --version >/dev/null 2>&1 || rustup component add rustfmt
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-2}"
cd "$here"
echo "== cargo fmt --check";  cargo fmt --all --check
echo "== cargo clippy";       cargo clippy --all-targets --quiet -- -D warnings
echo "== cargo test";         cargo test --quiet --lib --tests
# Smoke run of the benchmark (issue 14): its results checked, a few calls each, no timing.
echo "== bench smoke";        cargo test --quiet -p memview --bench views -- --smoke
# rustdoc checks the error codes of compile_fail doctests (E0597...) only in nightly mode;
# without them a lifetime test could "fail to compile" for an unrelated reason.
echo "== doctests";           RUSTC_BOOTSTRAP=1 cargo test --quiet --doc
echo "== cargo doc";          RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --quiet
# The `arrow` feature (arrow-rs conversions, issue 11): lint, tests and doctests with it on.
echo "== feature arrow: clippy, test, doctests"
cargo clippy -p memview --all-targets --features arrow --quiet -- -D warnings
cargo test -p memview --features arrow --quiet --lib --tests
RUSTC_BOOTSTRAP=1 cargo test -p memview --features arrow --quiet --doc
ex="$MV_ROOT/examples/rust/Cargo.toml"
echo "== examples/rust: fmt, clippy"
cargo fmt --manifest-path "$ex" --check
cargo clippy --manifest-path "$ex" --bins --quiet -- -D warnings
echo "rust: all checks passed"
