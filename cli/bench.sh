#!/usr/bin/env bash
# How fast is `memview stats` next to just reading the file, and next to
# NumPy? Creates a 256 MiB float32 file, reads it once to put it in the page
# cache, then times, alternately, RUNS times each (default 9):
#   cat FILE > /dev/null                      (reading the file, no work)
#   memview stats FILE --format f             (default: one thread or all cores,
#                                             whichever its timed rounds find faster)
#   memview stats FILE --format f --threads 1 (one core)
#   memview stats FILE --format f --threads N (N = nproc: all cores, always)
#   the same with the portable loops          (MEMVIEW_KERNELS=base, one core)
#   memview stats - --format f < pipe         (streamed: `cat FILE |`, read in chunks)
#   NumPy: min, max, mean, std of np.memmap(FILE)  (a whole python3 process)
#   python3 -c 'import numpy'                  (NumPy's start-up alone)
# and prints the medians and the ratios to `cat`.
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
cat "$file" >/dev/null  # warm the page cache; every contender then reads from it
"$bin" stats "$file" --format f >/dev/null
numpy_stats='import sys, numpy as np
a = np.memmap(sys.argv[1], dtype="<f4", mode="r")
print(a.min(), a.max(), a.mean(dtype=np.float64), a.std(dtype=np.float64))'

seconds() {  # wall time of one run of "$@", output discarded
  local t0 t1
  t0=$(date +%s%N)
  "$@" >/dev/null
  t1=$(date +%s%N)
  echo $(( t1 - t0 ))
}
streamed() { cat "$file" | "$bin" stats - --format f; }
cores=$(nproc)
names=("cat FILE > /dev/null" "memview stats FILE --format f" "  same, --threads 1"
       "  same, --threads 1, portable loops" "cat FILE | memview stats - --format f"
       "NumPy min/max/mean/std of a memmap" "  python3 -c 'import numpy' alone"
       "  same, --threads $cores")
declare -a t0 t1 t2 t3 t4 t5 t6 t7
for ((r = 0; r < runs; r++)); do  # alternate, so load changes hit all alike
  t0+=("$(seconds cat "$file")")
  t1+=("$(seconds "$bin" stats "$file" --format f)")
  t2+=("$(seconds "$bin" stats "$file" --format f --threads 1)")
  t3+=("$(seconds env MEMVIEW_KERNELS=base "$bin" stats "$file" --format f --threads 1)")
  t4+=("$(seconds streamed)")
  t5+=("$(seconds python3 -c "$numpy_stats" "$file")")
  t6+=("$(seconds python3 -c 'import numpy')")
  t7+=("$(seconds "$bin" stats "$file" --format f --threads "$cores")")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
m=("$(median "${t0[@]}")" "$(median "${t1[@]}")" "$(median "${t2[@]}")" "$(median "${t3[@]}")"
   "$(median "${t4[@]}")" "$(median "${t5[@]}")" "$(median "${t6[@]}")" "$(median "${t7[@]}")")
echo "memview stats vs reading the file and NumPy: ${mib} MiB float32, page cache warm, median of $runs runs"
for i in 0 1 2 7 3 4 5 6; do
  awk -v n="${names[$i]}" -v t="${m[$i]}" -v c="${m[0]}" -v mib="$mib" 'BEGIN {
    printf "  %-38s %9.1f ms  %6.2f GiB/s  %5.2fx the time of cat\n", n, t / 1e6, mib / 1024 / (t / 1e9), t / c }'
done
awk -v a="${m[1]}" -v b="${m[2]}" -v k="${m[7]}" -v n="${m[5]}" -v c="${m[0]}" 'BEGIN {
  printf "  all cores vs one: %.2fx the speed (default choice: %.2fx); memview stats vs NumPy: %.2fx the speed\n", b / k, b / a, n / a
  printf "  memview stats runs at %.2fx the speed of reading the file (cat)\n", c / a }'
echo "  machine: $(nproc) cpu(s), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), load $(cut -d' ' -f1-3 /proc/loadavg)"
