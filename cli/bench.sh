#!/usr/bin/env bash
# How fast is `memview stats` next to just reading the file? Creates a
# 256 MiB float32 file, reads it once to put it in the page cache, then times
# `cat FILE > /dev/null` and `memview stats FILE --format f` (with the AVX2
# loops when the CPU has them, and with the portable ones) alternately,
# RUNS times each (default 9), and prints the medians and their ratio.
# Usage: cli/bench.sh [RUNS]   (MB=<size in MiB> to change the file size)
set -euo pipefail
source "$(dirname "$0")/../scripts/env.sh"
runs="${1:-9}"
mib="${MB:-256}"
bin="${MEMVIEW_BIN:-$MV_PREFIX/bin/memview}"
[ -x "$bin" ] || "$MV_ROOT/scripts/build.sh"
python3 -c "import numpy" 2>/dev/null || python3 -m pip install -q numpy

dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
file="$dir/signal.f32"
python3 - "$file" "$mib" <<'PY'
import sys, numpy as np
n = int(sys.argv[2]) * (1 << 20) // 4
np.random.default_rng(2026).standard_normal(n, dtype=np.float32).tofile(sys.argv[1])
PY
cat "$file" >/dev/null  # warm the page cache; both contenders then read from it
"$bin" stats "$file" --format f >/dev/null

seconds() {  # wall time of one run of "$@", output discarded
  local t0 t1
  t0=$(date +%s%N)
  "$@" >/dev/null
  t1=$(date +%s%N)
  echo $(( t1 - t0 ))
}
cat_ns=(); stats_ns=(); base_ns=()
for ((r = 0; r < runs; r++)); do  # alternate, so load changes hit all alike
  cat_ns+=("$(seconds cat "$file")")
  stats_ns+=("$(seconds "$bin" stats "$file" --format f)")
  base_ns+=("$(seconds env MEMVIEW_KERNELS=base "$bin" stats "$file" --format f)")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
mc=$(median "${cat_ns[@]}")
ms=$(median "${stats_ns[@]}")
mb=$(median "${base_ns[@]}")
echo "memview stats vs reading the file: ${mib} MiB float32, page cache warm, median of $runs runs"
awk -v mc="$mc" -v ms="$ms" -v mb="$mb" -v mib="$mib" 'BEGIN {
  printf "  %-34s %9.1f ms  %6.2f GiB/s\n", "cat FILE > /dev/null", mc / 1e6, mib / 1024 / (mc / 1e9)
  printf "  %-34s %9.1f ms  %6.2f GiB/s\n", "memview stats FILE --format f", ms / 1e6, mib / 1024 / (ms / 1e9)
  printf "  %-34s %9.1f ms  %6.2f GiB/s\n", "  same, portable loops (no AVX2)", mb / 1e6, mib / 1024 / (mb / 1e9)
  printf "  ratio: memview stats runs at %.2fx the speed of reading the file (%.2fx its time);\n", mc / ms, ms / mc
  printf "         %.2fx with the portable loops\n", mc / mb
}'
echo "  machine: $(nproc) cpu(s), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), load $(cut -d' ' -f1-3 /proc/loadavg)"
