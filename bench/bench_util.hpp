// Shared helpers for the benchmarks: buffers that are allocated and touched
// once, before any timing (a first touch of fresh memory costs a page fault
// per 4 KiB, which would swamp the kernels being measured), and a check
// that aborts the run loudly when a memview call fails.
#pragma once
#include <benchmark/benchmark.h>
#include <memview.h>

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace bench {

constexpr size_t MiB = size_t(1) << 20;

// A 64-byte-aligned buffer of n bytes, every page written (filled with a
// repeating pattern so that compares and hex see real data). Never freed:
// the benchmarks share them for the life of the process.
inline unsigned char *touched(size_t n, unsigned seed = 0) {
    void *p = std::aligned_alloc(64, (n + 63) / 64 * 64);
    if (!p) {
        std::fprintf(stderr, "bench: out of memory for %zu bytes\n", n);
        std::abort();
    }
    unsigned char *b = static_cast<unsigned char *>(p);
    for (size_t i = 0; i < n; i++) b[i] = static_cast<unsigned char>(i * 131 + seed);
    return b;
}

// v, hidden from the optimiser: a baseline's step or group must stay a
// run-time value, as it is for any view. Not benchmark::DoNotOptimize(T &):
// with libbenchmark 1.7.1 its "+m,r" constraint let GCC 12 drop the value
// (the strided baselines ran with an uninitialised step: perf annotate
// showed the step-1 loop hot in BM_tobytes_step_baseline/16/3, and the
// disassembly never loads state.range(1); issue 14).
template <class T>
inline T opaque(T v) {
    asm volatile("" : "+r"(v));
    return v;
}

inline void check(int rc, const char *what) {
    if (rc != MV_OK) {
        std::fprintf(stderr, "bench: %s failed: %s (%s)\n", what, mv_strerror(rc), mv_errmsg());
        std::abort();
    }
}

// A view of nbytes at data, cast to format (NULL keeps "B").
inline mv_view *view_of(void *data, size_t nbytes, const char *format) {
    mv_view *v = nullptr;
    check(mv_create(&v, data, nbytes, 0, nullptr, nullptr), "mv_create");
    if (!format) return v;
    mv_view *c = nullptr;
    check(mv_cast(&c, v, format, nullptr, 0), "mv_cast");
    mv_release(v);
    return c;
}

}  // namespace bench
