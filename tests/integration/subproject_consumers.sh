#!/usr/bin/env bash
# Builds memview from source inside a downstream CMake project, both ways a
# project vendors a C library (subproject_consumer/CMakeLists.txt):
# add_subdirectory() of the checkout, and FetchContent of a source archive of
# it (as of a release tarball). Each links consumer.c to memview::memview and
# memview::memview_static, and both programs must print the guide's result.
# Usage: subproject_consumers.sh <memview source dir> <this folder>
set -euo pipefail
root=$1
here=$2
# The programs must find the subproject's own library (build-tree rpath), not
# one that LD_LIBRARY_PATH (scripts/env.sh) would put first.
unset LD_LIBRARY_PATH
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The source archive: the files of the checkout (tracked, or new and not ignored).
if git -C "$root" rev-parse --git-dir >/dev/null 2>&1; then
  (cd "$root" && git ls-files -co --exclude-standard -z |
     tar --null -T - --transform 's,^,memview/,' -czf "$tmp/memview-src.tar.gz")
else
  tar -C "$root/.." --exclude='./*/build' -czf "$tmp/memview-src.tar.gz" "$(basename "$root")"
fi
want="42 3.14 readonly: read-only view"
for mode in subdirectory fetchcontent; do
  src="$root"
  [ "$mode" = fetchcontent ] && src="file://$tmp/memview-src.tar.gz"
  cmake -S "$here/subproject_consumer" -B "$tmp/$mode" -DCMAKE_BUILD_TYPE=Release \
    -DMEMVIEW_MODE="$mode" -DMEMVIEW_SOURCE="$src" >"$tmp/$mode.log" 2>&1 ||
    { cat "$tmp/$mode.log" >&2; exit 1; }
  cmake --build "$tmp/$mode" -j2 >>"$tmp/$mode.log" 2>&1 || { tail -40 "$tmp/$mode.log" >&2; exit 1; }
  for exe in consumer consumer_static; do
    out=$("$tmp/$mode/$exe")
    echo "$mode $exe: $out"
    [ "$out" = "$want" ]
  done
  # the shared consumer loads the subproject's libmemview.so.0 (build-tree rpath); the static one none
  ldd "$tmp/$mode/consumer" | grep -c "libmemview.so.0 => $tmp/$mode" >/dev/null
  if ldd "$tmp/$mode/consumer_static" | grep -c libmemview >/dev/null; then
    echo "$mode: consumer_static needs libmemview.so" >&2; exit 1
  fi
done
echo "subproject consumers ok"
