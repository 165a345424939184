// mv_equal on 16 MiB views (memoryview ==, so values are compared as
// numbers): same format beside memcmp or a typed loop, and across formats
// ('f' vs '<f', 'i' vs 'f' holding equal values) beside the typed loop a
// C programmer would write. All views compare equal, so every item is read.
#include <cstdint>
#include <cstring>

#include "bench_util.hpp"

namespace {

constexpr size_t kBytes = 16 * bench::MiB;
constexpr size_t kItems = kBytes / 4;

struct Pair {
    unsigned char *a, *b;
};

// Two separate buffers with equal contents (memcmp must read both).
Pair bytes_pair() {
    static Pair p = [] {
        Pair q{bench::touched(kBytes, 6), bench::touched(kBytes, 7)};
        std::memcpy(q.b, q.a, kBytes);
        return q;
    }();
    return p;
}

// float32 values in a, the same float32 values in b.
Pair float_pair() {
    static Pair p = [] {
        Pair q{bench::touched(kBytes, 8), bench::touched(kBytes, 9)};
        float *a = reinterpret_cast<float *>(q.a);
        for (size_t i = 0; i < kItems; i++) a[i] = static_cast<float>(i % 100000) * 0.5f;
        std::memcpy(q.b, q.a, kBytes);
        return q;
    }();
    return p;
}

// int32 values in a, the same values as float32 in b.
Pair int_float_pair() {
    static Pair p = [] {
        Pair q{bench::touched(kBytes, 10), bench::touched(kBytes, 11)};
        int32_t *a = reinterpret_cast<int32_t *>(q.a);
        float *b = reinterpret_cast<float *>(q.b);
        for (size_t i = 0; i < kItems; i++) {
            a[i] = static_cast<int32_t>(i % 1000000) - 500000;
            b[i] = static_cast<float>(a[i]);
        }
        return q;
    }();
    return p;
}

void run_equal(benchmark::State &state, Pair p, const char *fa, const char *fb) {
    mv_view *a = bench::view_of(p.a, kBytes, fa);
    mv_view *b = bench::view_of(p.b, kBytes, fb);
    for (auto _ : state) {
        int eq = mv_equal(a, b);
        if (eq != 1) {
            state.SkipWithError("mv_equal did not return 1");
            break;
        }
        benchmark::DoNotOptimize(eq);
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kBytes));
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * mv_len(a)));
    mv_release(a);
    mv_release(b);
}

template <class A, class B>
__attribute__((noinline)) bool typed_equal(const A *a, const B *b, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (static_cast<double>(a[i]) != static_cast<double>(b[i])) return false;
    return true;
}

template <class A, class B>
void run_typed(benchmark::State &state, Pair p) {
    const A *a = reinterpret_cast<const A *>(p.a);
    const B *b = reinterpret_cast<const B *>(p.b);
    for (auto _ : state) {
        bool eq = typed_equal(a, b, kItems);
        if (!eq) {
            state.SkipWithError("typed loop found a difference");
            break;
        }
        benchmark::DoNotOptimize(eq);
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kBytes));
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kItems));
}

void BM_equal_B_B_memview(benchmark::State &state) { run_equal(state, bytes_pair(), nullptr, nullptr); }
void BM_equal_B_B_baseline(benchmark::State &state) {
    const Pair p = bytes_pair();
    for (auto _ : state) {
        bool eq = std::memcmp(p.a, p.b, kBytes) == 0;
        benchmark::DoNotOptimize(eq);
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kBytes));
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kBytes));
}

void BM_equal_f_f_memview(benchmark::State &state) { run_equal(state, float_pair(), "f", "f"); }
void BM_equal_f_f_baseline(benchmark::State &state) { run_typed<float, float>(state, float_pair()); }

void BM_equal_f_lef_memview(benchmark::State &state) { run_equal(state, float_pair(), "f", "<f"); }
void BM_equal_f_lef_baseline(benchmark::State &state) { run_typed<float, float>(state, float_pair()); }

void BM_equal_i_f_memview(benchmark::State &state) { run_equal(state, int_float_pair(), "i", "f"); }
void BM_equal_i_f_baseline(benchmark::State &state) { run_typed<int32_t, float>(state, int_float_pair()); }

}  // namespace

BENCHMARK(BM_equal_B_B_memview)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_equal_B_B_baseline)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_equal_f_f_memview)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_equal_f_f_baseline)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_equal_f_lef_memview)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_equal_f_lef_baseline)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_equal_i_f_memview)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_equal_i_f_baseline)->Unit(benchmark::kMillisecond);
