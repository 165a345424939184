#!/usr/bin/env bash
# Build the benchmarks in Release (own build dir) and print, for each
# operation, the median of 5 repetitions of memview and of its baseline,
# measured in the same run, their ratio and the issue's target.
#   bench/run.sh                      # everything
#   bench/run.sh --benchmark_filter=hex   # extra args go to the benchmark program
# MV_BENCH_BUILD picks the build folder (default build/bench-release).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${MV_BENCH_BUILD:-$ROOT/build/bench-release}"

need=()
command -v cmake >/dev/null 2>&1 || need+=(cmake)
command -v ninja >/dev/null 2>&1 || need+=(ninja-build)
command -v python3 >/dev/null 2>&1 || need+=(python3)
[ -f /usr/include/benchmark/benchmark.h ] || need+=(libbenchmark-dev)
if [ ${#need[@]} -gt 0 ]; then
  echo "bench: apt-get install ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null
fi

cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DMV_BUILD_TESTS=OFF -DMV_BUILD_CLI=OFF -DMV_BUILD_BENCH=ON >/dev/null
cmake --build "$BUILD" --target memview_bench -j 2 >/dev/null

JSON="$BUILD/bench.json"
# Repetitions interleaved at random, so that a noisy neighbour hurts memview
# and baseline alike; the medians are what the table compares.
"$BUILD/bench/memview_bench" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
  --benchmark_enable_random_interleaving=true \
  --benchmark_out="$JSON" --benchmark_out_format=json "$@" >/dev/null
python3 "$ROOT/bench/table.py" "$JSON"
