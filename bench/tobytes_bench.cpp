// mv_tobytes beside what a C programmer would write by hand: memcpy for a
// contiguous view, a typed strided loop for every second float32.
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <utility>

#include "bench_util.hpp"

namespace {

constexpr size_t kContig = 64 * bench::MiB;
constexpr size_t kStridedSrc = 128 * bench::MiB;  // every second float -> 64 MiB out

unsigned char *contig_src() {
    static unsigned char *p = bench::touched(kContig, 1);
    return p;
}
unsigned char *strided_src() {
    static unsigned char *p = bench::touched(kStridedSrc, 2);
    return p;
}
unsigned char *dst() {
    static unsigned char *p = bench::touched(64 * bench::MiB, 3);
    return p;
}

void BM_tobytes_contig_memview(benchmark::State &state) {
    mv_view *v = bench::view_of(contig_src(), kContig, nullptr);
    unsigned char *out = dst();
    for (auto _ : state) {
        bench::check(mv_tobytes(v, out, kContig, 'C'), "mv_tobytes");
        benchmark::ClobberMemory();
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kContig));
    mv_release(v);
}

void BM_tobytes_contig_baseline(benchmark::State &state) {
    const unsigned char *src = contig_src();
    unsigned char *out = dst();
    for (auto _ : state) {
        std::memcpy(out, src, kContig);
        benchmark::ClobberMemory();
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kContig));
}

void BM_tobytes_strided_memview(benchmark::State &state) {
    mv_view *f = bench::view_of(strided_src(), kStridedSrc, "f");
    mv_view *v = nullptr;
    bench::check(mv_slice(&v, f, MV_NONE, MV_NONE, 2), "mv_slice");
    const size_t n = mv_nbytes(v);
    unsigned char *out = dst();
    for (auto _ : state) {
        bench::check(mv_tobytes(v, out, n, 'C'), "mv_tobytes");
        benchmark::ClobberMemory();
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * n));
    mv_release(v);
    mv_release(f);
}

// The loop a user writes for a strided float32 column: typed, with the
// stride known only at run time (as it is for any view).
__attribute__((noinline)) void strided_copy(float *d, const float *s, ptrdiff_t step, size_t n) {
    for (size_t i = 0; i < n; i++) d[i] = s[static_cast<ptrdiff_t>(i) * step];
}

void BM_tobytes_strided_baseline(benchmark::State &state) {
    const float *src = reinterpret_cast<const float *>(strided_src());
    float *out = reinterpret_cast<float *>(dst());
    const ptrdiff_t step = bench::opaque<ptrdiff_t>(2);
    const size_t n = kStridedSrc / 8;
    for (auto _ : state) {
        strided_copy(out, src, step, n);
        benchmark::ClobberMemory();
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * n * 4));
}

// A column of a 2-D float32 array, kept 2-D: v[:, 1:2] of shape (rows, 4)
// is shape (rows, 1), so each row holds a single item. Information only.
void BM_tobytes_column_memview(benchmark::State &state) {
    const ptrdiff_t rows = static_cast<ptrdiff_t>(kStridedSrc / 16);
    const ptrdiff_t shape[2] = {rows, 4};
    mv_view *raw = bench::view_of(strided_src(), kStridedSrc, nullptr);
    mv_view *m = nullptr, *col = nullptr;
    bench::check(mv_cast(&m, raw, "f", shape, 2), "mv_cast");
    const mv_range r[2] = {{MV_NONE, MV_NONE, 1}, {1, 2, 1}};
    bench::check(mv_slice_nd(&col, m, r, 2), "mv_slice_nd");
    const size_t n = mv_nbytes(col);
    unsigned char *out = dst();
    for (auto _ : state) {
        bench::check(mv_tobytes(col, out, n, 'C'), "mv_tobytes");
        benchmark::ClobberMemory();
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * n));
    mv_release(col);
    mv_release(m);
    mv_release(raw);
}

void BM_tobytes_column_baseline(benchmark::State &state) {
    const float *src = reinterpret_cast<const float *>(strided_src()) + 1;
    float *out = reinterpret_cast<float *>(dst());
    const ptrdiff_t step = bench::opaque<ptrdiff_t>(4);
    const size_t n = kStridedSrc / 16;
    for (auto _ : state) {
        strided_copy(out, src, step, n);
        benchmark::ClobberMemory();
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * n * 4));
}

}  // namespace

BENCHMARK(BM_tobytes_contig_memview)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_tobytes_contig_baseline)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_tobytes_strided_memview)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_tobytes_strided_baseline)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_tobytes_column_memview)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_tobytes_column_baseline)->Unit(benchmark::kMillisecond);

// Strided tobytes for every item size 1..16 at steps 2 and 3 ('B'[::2] is
// itemsize 1, step 2), 4 MiB out, beside the typed loop a C programmer
// writes for that item type with the step known only at run time. Args:
// {itemsize, step}.
namespace {

constexpr size_t kStepOut = 4 * bench::MiB;

unsigned char *step_src() {
    static unsigned char *p = bench::touched(3 * kStepOut + 64, 4);
    return p;
}

template <size_t N>
struct Item {
    unsigned char b[N];
};

template <size_t N>
__attribute__((noinline)) void typed_strided(unsigned char *d, const unsigned char *s, ptrdiff_t step, size_t n) {
    Item<N> *dd = reinterpret_cast<Item<N> *>(d);
    const Item<N> *ss = reinterpret_cast<const Item<N> *>(s);
    for (size_t i = 0; i < n; i++) dd[i] = ss[static_cast<ptrdiff_t>(i) * step];
}

using TypedFn = void (*)(unsigned char *, const unsigned char *, ptrdiff_t, size_t);
template <size_t... I>
constexpr std::array<TypedFn, sizeof...(I)> typed_table(std::index_sequence<I...>) {
    return {&typed_strided<I + 1>...};
}
constexpr auto kTyped = typed_table(std::make_index_sequence<16>());

// out_bytes out: kStepOut for the goal rows; kStepOutL2 for the info rows,
// small enough that source and destination stay in L2. There the kernel's
// own cost shows; at 4 MiB out a core that reads L3 slowly (~27 GB/s on the
// Intel VM of issue 14) spends the same time on the bytes moved whatever the
// loop, for items of 4 bytes and more.
void step_memview(benchmark::State &state, size_t out_bytes) {
    const size_t size = static_cast<size_t>(state.range(0));
    const ptrdiff_t step = state.range(1);
    const size_t n = out_bytes / size;
    char fmt[8];
    std::snprintf(fmt, sizeof fmt, "%zus", size);  // an item of `size` bytes
    mv_view *f = bench::view_of(step_src(), n * size * static_cast<size_t>(step), size == 1 ? nullptr : fmt);
    mv_view *v = nullptr;
    bench::check(mv_slice(&v, f, MV_NONE, MV_NONE, step), "mv_slice");
    unsigned char *out = dst();
    for (auto _ : state) {
        bench::check(mv_tobytes(v, out, n * size, 'C'), "mv_tobytes");
        benchmark::ClobberMemory();
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * n * size));
    mv_release(v);
    mv_release(f);
}

void step_baseline(benchmark::State &state, size_t out_bytes) {
    const size_t size = static_cast<size_t>(state.range(0));
    const ptrdiff_t step = bench::opaque<ptrdiff_t>(state.range(1));
    const size_t n = out_bytes / size;
    const unsigned char *src = step_src();
    unsigned char *out = dst();
    for (auto _ : state) {
        kTyped[size - 1](out, src, step, n);
        benchmark::ClobberMemory();
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * n * size));
}

// The memory bound of the 4 MiB rows: the whole source span read and the
// output written by 16-byte moves, no per-item work. Items of up to 16 bytes
// at steps 2 and 3 leave gaps under 64 bytes, so every cache line of the span
// is fetched by any gather as well; a gather at this time is bound by memory
// traffic, not by its instructions.
using V16 = uint64_t __attribute__((vector_size(16)));
__attribute__((noinline)) void span_read_write(unsigned char *d, const unsigned char *s, size_t step, size_t out) {
    V16 acc = {0, 0};
    size_t i = 0;
    for (size_t j = 0; j + 16 <= out; j += 16) {
        for (size_t k = 0; k < step; k++, i += 16) {
            V16 x;
            std::memcpy(&x, s + i, 16);
            acc ^= x;
        }
        std::memcpy(d + j, &acc, 16);
    }
}

void BM_tobytes_step_roof_baseline(benchmark::State &state) {
    const size_t size = static_cast<size_t>(state.range(0));
    const size_t step = bench::opaque<size_t>(static_cast<size_t>(state.range(1)));
    const size_t out_bytes = kStepOut / size * size;
    const unsigned char *src = step_src();
    unsigned char *out = dst();
    for (auto _ : state) {
        span_read_write(out, src, step, out_bytes);
        benchmark::ClobberMemory();
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * out_bytes));
}

constexpr size_t kStepOutL2 = 64 * 1024;
void BM_tobytes_step_memview(benchmark::State &state) { step_memview(state, kStepOut); }
void BM_tobytes_step_baseline(benchmark::State &state) { step_baseline(state, kStepOut); }
void BM_tobytes_step_roof_memview(benchmark::State &state) { step_memview(state, kStepOut); }
void BM_tobytes_step_l2_memview(benchmark::State &state) { step_memview(state, kStepOutL2); }
void BM_tobytes_step_l2_baseline(benchmark::State &state) { step_baseline(state, kStepOutL2); }

void step_args(benchmark::internal::Benchmark *b) {
    for (int size = 1; size <= 16; size++)
        for (int step = 2; step <= 3; step++) b->Args({size, step});
    b->Unit(benchmark::kMicrosecond)->MinTime(0.05);
}

}  // namespace

BENCHMARK(BM_tobytes_step_memview)->Apply(step_args);
BENCHMARK(BM_tobytes_step_baseline)->Apply(step_args);
BENCHMARK(BM_tobytes_step_l2_memview)->Apply(step_args);
BENCHMARK(BM_tobytes_step_l2_baseline)->Apply(step_args);
BENCHMARK(BM_tobytes_step_roof_memview)->Apply(step_args);
BENCHMARK(BM_tobytes_step_roof_baseline)->Apply(step_args);
