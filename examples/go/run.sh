#!/usr/bin/env bash
# Builds the Go examples (a module using the binding through a replace
# directive) against the installed libmemview and runs them; exits non-zero
# if any fails. Prints each example's report and its RESULT line
# (examples/SPEC.md).
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../../scripts/env.sh"
if ! pkg-config --exists memview; then
  echo "examples/go: libmemview is not installed in $MV_PREFIX (run scripts/build.sh)" >&2
  exit 1
fi
if ! command -v go >/dev/null; then
  echo "examples/go: go not found" >&2
  exit 1
fi
out="$MV_BUILD/examples-go"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
if ! (cd "$here" && go build -o "$out/examples" .); then
  for ex in basics casting earthquake parsing io dask columns; do
    echo "RESULT|go|$ex|FAIL: does not compile|0"
  done
  exit 1
fi
"$out/examples" "$work"
