#!/usr/bin/env bash
# Cross-checks of the kernels the benchmarks drive (mv_equal, mv_tobytes and
# mv_copy, mv_hex) against plain reference walks and Python's bytes.hex.
# Run after changing core/copy.cpp, core/hex.cpp or mv_equal; the GoogleTest
# suites (ctest) remain the project's tests.
#   bench/check.sh            # builds (Release, own folder) and runs all three
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${MV_BENCH_BUILD:-$ROOT/build/bench-release}"
cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DMV_BUILD_TESTS=OFF -DMV_BUILD_CLI=OFF -DMV_BUILD_BENCH=ON >/dev/null
cmake --build "$BUILD" --target memview_equal_check memview_copy_check memview -j 2 >/dev/null
"$BUILD/bench/memview_equal_check" 200000
"$BUILD/bench/memview_copy_check" 100000
MEMVIEW_NO_SIMD=1 "$BUILD/bench/memview_copy_check" 20000  # the scalar byte-order loops
python3 "$ROOT/bench/check/hex_check.py" "$BUILD/libmemview.so"
MEMVIEW_NO_AVX2=1 python3 "$ROOT/bench/check/hex_check.py" "$BUILD/libmemview.so"  # SSSE3 without AVX2
MEMVIEW_NO_SIMD=1 python3 "$ROOT/bench/check/hex_check.py" "$BUILD/libmemview.so"  # the table loops
