#!/usr/bin/env bash
# Runs the Python examples (examples/SPEC.md) against the installed libmemview,
# building the library and installing the memview Python package first if
# they are missing. Exits non-zero if any example fails.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../../scripts/env.sh"
PY="${PYTHON:-python3}"
pkg-config --exists memview || "$MV_ROOT/scripts/build.sh" || exit 1
# (Re)install the package unless the installed one loads the libmemview that
# pkg-config points at (it bakes an rpath to the library it was built with).
want="$(realpath "$(pkg-config --variable=libdir memview)")"
have="$(cd / && "$PY" -c 'import memview
print(next((l.split()[-1] for l in open("/proc/self/maps") if "libmemview" in l), ""))' 2>/dev/null)"
if [ -z "$have" ] || [ "$(dirname "$(realpath "$have")")" != "$want" ]; then
  echo "python: installing the memview package (bindings/python) against $want"
  for mod in cffi setuptools wheel; do
    "$PY" -c "import $mod" 2>/dev/null || "$PY" -m pip install -q "$mod" || exit 1
  done
  rm -rf "$MV_ROOT/bindings/python/build"
  "$PY" -m pip install -q --no-build-isolation --no-deps --force-reinstall "$MV_ROOT/bindings/python" || exit 1
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
status=0
for ex in basics casting earthquake parsing io_example dask_chunks columns; do
  "$PY" "$here/$ex.py" "$work" || status=1
done
exit $status
