// Per-operation cost of making and dropping a view, beside malloc+free of a
// view-sized block (every derived view is one small allocation).
#include <cstdlib>

#include "bench_util.hpp"

namespace {

unsigned char g_bytes[4096];

void BM_create_release_memview(benchmark::State &state) {
    for (auto _ : state) {
        mv_view *v = nullptr;
        bench::check(mv_create(&v, g_bytes, sizeof g_bytes, 0, nullptr, nullptr), "mv_create");
        benchmark::DoNotOptimize(v);
        mv_release(v);
    }
}

void BM_slice_release_memview(benchmark::State &state) {
    mv_view *base = bench::view_of(g_bytes, sizeof g_bytes, nullptr);
    for (auto _ : state) {
        mv_view *s = nullptr;
        bench::check(mv_slice(&s, base, 10, 1000, 2), "mv_slice");
        benchmark::DoNotOptimize(s);
        mv_release(s);
    }
    mv_release(base);
}

void run_cast(benchmark::State &state, const char *format) {
    mv_view *base = bench::view_of(g_bytes, sizeof g_bytes, nullptr);
    for (auto _ : state) {
        mv_view *c = nullptr;
        bench::check(mv_cast(&c, base, format, nullptr, 0), "mv_cast");
        benchmark::DoNotOptimize(c);
        mv_release(c);
    }
    mv_release(base);
}

// A single code with a byte order comes from the core's table of shared
// formats; a multi-field record from the table of interned formats.
void BM_cast_release_memview(benchmark::State &state) { run_cast(state, "<f"); }
void BM_cast_record_release_memview(benchmark::State &state) { run_cast(state, "<If"); }

// The baseline: one allocation the size of a 1-D view (object + shape +
// strides), freed at once.
void BM_malloc_free_baseline(benchmark::State &state) {
    for (auto _ : state) {
        void *p = std::malloc(80);
        benchmark::DoNotOptimize(p);
        std::free(p);
    }
}

}  // namespace

BENCHMARK(BM_create_release_memview);
BENCHMARK(BM_slice_release_memview);
BENCHMARK(BM_cast_release_memview);
BENCHMARK(BM_cast_record_release_memview);
BENCHMARK(BM_malloc_free_baseline);
