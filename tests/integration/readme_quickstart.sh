#!/usr/bin/env bash
# The C quick start in README.md compiles without warnings and prints what
# its comments say.
set -euo pipefail
readme=$1 include_dir=$2 lib=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
awk '/^```c$/{on=1; next} /^```$/{if(on){exit}} on' "$readme" >"$tmp/quick.c"
[ -s "$tmp/quick.c" ] || { echo "no C block in $readme"; exit 1; }
cc -std=c99 -Wall -Wextra -Werror -I"$include_dir" "$tmp/quick.c" "$lib" -Wl,-rpath,"$(dirname "$lib")" -o "$tmp/quick"
out=$("$tmp/quick")
echo "$out"
[ "$out" = "$(printf 'Jello, world!\n42\n3.14\ncannot modify read-only memoryview')" ]
