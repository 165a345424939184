#!/usr/bin/env bash
# Smoke run of the benchmark program (issue 14), so that benchmarks cannot
# rot: every benchmark runs for a handful of iterations (no timing is looked
# at). Each memview call inside checks its return code and aborts the run on
# failure; this script then checks that every benchmark reported a result.
# scripts/test.sh runs it after the build. Uses the normal build's
# bench/memview_bench (built whenever Google Benchmark is installed).
#   bench/smoke.sh
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
MV_BUILD="$(source "$ROOT/scripts/env.sh" >/dev/null && echo "$MV_BUILD")"
BIN="$MV_BUILD/bench/memview_bench"
if [ ! -x "$BIN" ]; then
  echo "bench smoke: $BIN was not built (is libbenchmark-dev installed?)" >&2
  exit 1
fi
JSON="$(mktemp)"
trap 'rm -f "$JSON"' EXIT
"$BIN" --benchmark_min_time=0.0001 --benchmark_repetitions=1 \
  --benchmark_out="$JSON" --benchmark_out_format=json >/dev/null
python3 - "$JSON" "$BIN" <<'PY'
import json, subprocess, sys
ran = {b["run_name"] for b in json.load(open(sys.argv[1]))["benchmarks"] if b.get("error_occurred") is not True}
listed = subprocess.run([sys.argv[2], "--benchmark_list_tests=true"], capture_output=True, text=True,
                        check=True).stdout.split()
missing = [n for n in listed if n not in ran]
if missing or not listed:
    sys.exit(f"bench smoke: {len(missing)} of {len(listed)} benchmarks gave no result: {missing[:5]}")
print(f"bench smoke: {len(listed)} benchmarks ran")
PY
