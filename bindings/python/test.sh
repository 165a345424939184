#!/usr/bin/env bash
# Build libmemview if needed, install the Python binding (fresh build), run its tests.
# Usage: bindings/python/test.sh [pytest args...]
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/../../scripts/env.sh"
PY="${PYTHON:-python3}"

if ! pkg-config --exists memview; then
  echo "python: libmemview not installed in $MV_PREFIX; building it"
  "$MV_ROOT/scripts/build.sh"
fi

need=()
for mod in cffi pytest numpy hypothesis setuptools wheel; do
  "$PY" -c "import $mod" 2>/dev/null || need+=("$mod")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "python: pip install ${need[*]}"
  "$PY" -m pip install -q "${need[@]}"
fi

# A fresh, non-editable build against the libmemview pkg-config finds now:
# remove setuptools' in-tree build products so no stale extension is reused.
rm -rf "$HERE/build" "$HERE"/src/*.egg-info "$HERE"/src/memview/_cffi*.so "$HERE"/src/memview/_cffi*.c
"$PY" -m pip install -q --no-build-isolation --no-deps --force-reinstall "$HERE"

# Run from the tests folder so that `import memview` is the installed package.
cd "$HERE/tests"
"$PY" -m pytest -q -p no:cacheprovider "$@" .
