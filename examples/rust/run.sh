#!/usr/bin/env bash
# Builds the Rust examples (release) against the installed libmemview and runs them; exits
# non-zero if any fails. Prints each example's report and its RESULT line (examples/SPEC.md).
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../../scripts/env.sh"
if ! pkg-config --exists memview; then
  echo "examples/rust: libmemview is not installed in $MV_PREFIX (run scripts/build.sh)" >&2
  exit 1
fi
examples=(basics casting earthquake parsing io dask columns)
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-2}"
if ! cargo build --release --quiet --manifest-path "$here/Cargo.toml" --bins; then
  for ex in "${examples[@]}"; do echo "RESULT|rust|$ex|FAIL: does not compile|0"; done
  exit 1
fi
bin="$(cargo metadata --format-version 1 --no-deps --manifest-path "$here/Cargo.toml" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/release"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
status=0
for ex in "${examples[@]}"; do
  "$bin/$ex" "$work" || status=1
done
exit $status
