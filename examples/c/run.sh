#!/usr/bin/env bash
# Builds the C examples against the installed libmemview (pkg-config; the
# library itself is built first if it is not installed) and runs them; exits
# non-zero if any fails. Prints each example's report and
# its RESULT line (examples/SPEC.md).
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../../scripts/env.sh"
# Not installed yet (a fresh checkout): build and install the library first.
pkg-config --exists memview || "$MV_ROOT/scripts/build.sh" || exit 1
out="$MV_BUILD/examples-c"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
status=0
for ex in basics casting earthquake parsing io dask columns; do
  # shellcheck disable=SC2046  # pkg-config output is meant to split
  if ! cc -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -pthread -o "$out/$ex" "$here/$ex.c" \
       $(pkg-config --cflags --libs memview) -lm; then
    echo "RESULT|c|$ex|FAIL: does not compile|0"
    status=1
    continue
  fi
  "$out/$ex" "$work" || status=1
done
exit $status
