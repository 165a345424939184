// Arrow and DLPack hand-off (issue 11): a round trip (export, import,
// release) of a 1 KiB and of a 1 GiB view must cost the same, since neither
// direction touches the items, and stay under 1 us. The 1 GiB block is
// reserved, never touched: a zero-copy round trip never reads it.
#include <cstdlib>

#include "bench_util.hpp"

namespace {

constexpr size_t KiB = 1024, GiB = size_t(1) << 30;

unsigned char *untouched(size_t n) {
    void *p = std::malloc(n);
    if (!p) {
        std::fprintf(stderr, "bench: cannot reserve %zu bytes\n", n);
        std::abort();
    }
    return static_cast<unsigned char *>(p);
}

void arrow_roundtrip(benchmark::State &state, size_t nbytes) {
    mv_view *v = bench::view_of(untouched(nbytes), nbytes, "d");
    for (auto _ : state) {
        ArrowSchema s;
        ArrowArray a;
        bench::check(mv_to_arrow(v, &s, &a), "mv_to_arrow");
        mv_view *back = nullptr;
        bench::check(mv_from_arrow(&back, &a, &s, 0), "mv_from_arrow");
        benchmark::DoNotOptimize(back);
        mv_release(back);
        s.release(&s);
    }
    mv_release(v);
}

void dlpack_roundtrip(benchmark::State &state, size_t nbytes) {
    mv_view *v = bench::view_of(untouched(nbytes), nbytes, "d");
    for (auto _ : state) {
        DLManagedTensorVersioned *t = nullptr;
        bench::check(mv_to_dlpack(&t, v, 0), "mv_to_dlpack");
        mv_view *back = nullptr;
        bench::check(mv_from_dlpack(&back, t, 0), "mv_from_dlpack");
        benchmark::DoNotOptimize(back);
        mv_release(back);
    }
    mv_release(v);
}

void BM_arrow_roundtrip_1KiB_memview(benchmark::State &state) { arrow_roundtrip(state, KiB); }
void BM_arrow_roundtrip_1GiB_memview(benchmark::State &state) { arrow_roundtrip(state, GiB); }
void BM_dlpack_roundtrip_1KiB_memview(benchmark::State &state) { dlpack_roundtrip(state, KiB); }
void BM_dlpack_roundtrip_1GiB_memview(benchmark::State &state) { dlpack_roundtrip(state, GiB); }

}  // namespace

BENCHMARK(BM_arrow_roundtrip_1KiB_memview);
BENCHMARK(BM_arrow_roundtrip_1GiB_memview);
BENCHMARK(BM_dlpack_roundtrip_1KiB_memview);
BENCHMARK(BM_dlpack_roundtrip_1GiB_memview);
