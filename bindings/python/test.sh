#!/usr/bin/env bash
# Install the Python binding (fresh builds) and run its tests, in both build modes:
#  1. MEMVIEW_SYSTEM_LIB=1 (opt-in): linked to the libmemview pkg-config finds
#     (built first if missing); the cdef and guide tests prove the link.
#  2. the default: the amalgamation compiled into the extension, built and run
#     with no libmemview visible (no PKG_CONFIG_PATH, no LD_LIBRARY_PATH); the
#     whole suite. This is the install left in place.
# The sdist/wheel matrix (CPython 3.9 and 3.13, auditwheel) is package_test.sh.
# Usage: bindings/python/test.sh [pytest args...]   (PYTHON selects the interpreter)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/../../scripts/env.sh"
PY="${PYTHON:-python3}"

need=()
for mod in cffi pytest numpy hypothesis setuptools wheel; do
  "$PY" -c "import $mod" 2>/dev/null || need+=("$mod")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "python: pip install ${need[*]}"
  "$PY" -m pip install -q "${need[@]}"
fi

# A fresh, non-editable build: remove setuptools' in-tree build products so
# that no stale extension or object is reused.
install() {
  rm -rf "$HERE/build" "$HERE"/src/*.egg-info "$HERE"/src/memview/_cffi*.so "$HERE"/src/memview/_cffi*.c
  "$PY" -m pip install -q --no-build-isolation --no-deps --force-reinstall "$HERE"
}
# The shared libraries the installed extension needs (DT_NEEDED).
needed() {
  (cd / && "$PY" -c 'import memview._cffi as c; print(c.__file__)') | xargs readelf -d |
    sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' '
}

echo "== python: system libmemview (MEMVIEW_SYSTEM_LIB=1)"
pkg-config --exists memview || "$MV_ROOT/scripts/build.sh"
MEMVIEW_SYSTEM_LIB=1 install
case "$(needed)" in
  *libmemview.so.0*) ;;
  *) echo "python: MEMVIEW_SYSTEM_LIB=1 build does not link libmemview.so.0: $(needed)" >&2; exit 1 ;;
esac
(cd "$HERE/tests" && "$PY" -m pytest -q -p no:cacheprovider test_cdef.py test_guide.py)

echo "== python: bundled amalgamation (default), no libmemview visible"
env -u PKG_CONFIG_PATH -u LD_LIBRARY_PATH -u MEMVIEW_SYSTEM_LIB -u MEMVIEW_PREFIX bash -c "$(declare -f install); PY='$PY' HERE='$HERE' install"
case "$(needed)" in
  *libmemview*) echo "python: the default build links libmemview: $(needed)" >&2; exit 1 ;;
esac
echo "python: extension needs only: $(needed)"
# Run from the tests folder so that `import memview` is the installed package.
cd "$HERE/tests"
env -u LD_LIBRARY_PATH "$PY" -m pytest -q -p no:cacheprovider "$@" .
# The benchmark, briefly: every case once, results checked, nothing timed (issue 14).
env -u LD_LIBRARY_PATH "$PY" "$HERE/bench/bench.py" --smoke
