#!/usr/bin/env bash
# Install the build tree into a temporary prefix, then consume it the two
# ways a downstream project would: a plain C program built with
# `cc $(pkg-config --cflags --libs memview)` (dynamic link), and a CMake
# project using find_package(memview).
set -euo pipefail
build_dir=$1
here=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build_dir" --prefix "$tmp/prefix" >/dev/null
libdir=$(ls -d "$tmp/prefix"/lib*/ | head -n1)
export PKG_CONFIG_PATH="${libdir}pkgconfig"
# pkg-config must answer from the installed .pc file
pkg-config --exists memview
[ "$(pkg-config --modversion memview)" = "$(cat "$here/../../VERSION")" ]
test -L "${libdir}libmemview.so" && test -e "${libdir}libmemview.so.0"
cc -std=c99 -Wall -Wextra -Werror "$here/consumer.c" -o "$tmp/consumer" $(pkg-config --cflags --libs memview)
out=$(LD_LIBRARY_PATH="$libdir" "$tmp/consumer")
echo "$out"
[ "$out" = "42 3.14 readonly: read-only view" ]
# the binary really links the shared library
# (grep reads all of ldd's output: with pipefail, grep -q could kill ldd by SIGPIPE)
LD_LIBRARY_PATH="$libdir" ldd "$tmp/consumer" | grep -c "libmemview.so.0" >/dev/null

cmake -S "$here/cmake_consumer" -B "$tmp/cm" -DCMAKE_PREFIX_PATH="$tmp/prefix" >/dev/null
cmake --build "$tmp/cm" >/dev/null
for exe in consumer consumer_static; do
  out=$(LD_LIBRARY_PATH="$libdir" "$tmp/cm/$exe")
  echo "$exe: $out"
  [ "$out" = "42 3.14 readonly: read-only view" ]
done
echo "install consumers ok"
