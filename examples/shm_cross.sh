#!/usr/bin/env bash
# The cross-language shared-memory test (issue 12): for each language as the
# producer (C, Python, Go, Rust), a named segment of 2^22 float32 samples is
# created and filled by that language's `dask` example in produce mode; then
# every language, in consumer processes of its own, opens the segment by name
# and reports each of 8 chunks' float64 sum, min and max as exact bit
# patterns. Every consumer must report exactly the same bits for every chunk,
# whoever produced the segment; then the segment is unlinked.
#   examples/shm_cross.sh        (builds the four programs if needed)
# Exits non-zero on any difference or failure.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../scripts/env.sh"
PY="${PYTHON:-python3}"
pkg-config --exists memview || "$MV_ROOT/scripts/build.sh" || exit 1

mkdir -p "$MV_BUILD/examples-c" "$MV_BUILD/examples-go"
# shellcheck disable=SC2046  # pkg-config output is meant to split
cc -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -o "$MV_BUILD/examples-c/dask" "$here/c/dask.c" \
  $(pkg-config --cflags --libs memview) -lm || exit 1
(cd "$here/go" && go build -o "$MV_BUILD/examples-go/examples" .) || exit 1
(cd "$here/rust" && cargo build --quiet --release --bin dask) || exit 1
rust_bin="$(cargo metadata --format-version 1 --no-deps --manifest-path "$here/rust/Cargo.toml" \
  | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/release/dask"

produce() {  # lang name
  case "$1" in
    c) "$MV_BUILD/examples-c/dask" produce "$2" ;;
    python) (cd "$here/python" && "$PY" dask_chunks.py produce "$2") ;;
    go) "$MV_BUILD/examples-go/examples" dask-produce "$2" ;;
    rust) "$rust_bin" produce "$2" ;;
  esac
}
consume() {  # lang name i k
  case "$1" in
    c) "$MV_BUILD/examples-c/dask" consume "$2" "$3" "$4" ;;
    python) (cd "$here/python" && "$PY" dask_chunks.py consume "$2" "$3" "$4") ;;
    go) "$MV_BUILD/examples-go/examples" dask-consume "$2" "$3" "$4" ;;
    rust) "$rust_bin" consume "$2" "$3" "$4" ;;
  esac
}
unlink_segment() { "$PY" -c 'import sys, memview; memview.unlink_shared_memory(sys.argv[1])' "$1"; }

langs=(c python go rust)
chunks=8
status=0
reference=""
printf '%-9s %-40s %s\n' producer consumers result
for p in "${langs[@]}"; do
  name="mv_cross_${p}_$$"
  if ! produce "$p" "$name"; then
    printf '%-9s %-40s %s\n' "$p" "-" "FAIL: produce"
    status=1
    continue
  fi
  first="" ; verdict="identical"
  for c in "${langs[@]}"; do
    out=""
    for ((i = 0; i < chunks; i++)); do
      line="$(consume "$c" "$name" "$i" "$chunks")" || { verdict="FAIL: $c consumer $i"; break; }
      out+="$line"$'\n'
    done
    [ "$verdict" = identical ] || break
    if [ -z "$first" ]; then first="$out"
    elif [ "$out" != "$first" ]; then verdict="DIFFER: $c"; fi
  done
  unlink_segment "$name" || verdict="FAIL: unlink"
  # Every producer writes the same samples: the bits agree across producers too.
  if [ "$verdict" = identical ]; then
    if [ -z "$reference" ]; then reference="$first"
    elif [ "$first" != "$reference" ]; then verdict="DIFFER from the first producer"; fi
  fi
  [ "$verdict" = identical ] || status=1
  printf '%-9s %-40s %s\n' "$p" "${langs[*]}" "$verdict"
done
if [ $status -eq 0 ]; then
  echo "shm_cross: OK: segments from ${#langs[@]} producers read identically by ${#langs[@]} languages ($chunks chunks each)"
else
  echo "shm_cross: FAILED"
fi
exit $status
