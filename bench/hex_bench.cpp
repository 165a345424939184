// mv_hex of 16 MiB beside a plain table-driven loop (one 2-char lookup per
// byte). The core dispatches at run time to AVX2 or SSSE3 when the CPU has
// them (MEMVIEW_NO_SIMD=1 forces its own table loop, for comparison).
#include <cstring>

#include "bench_util.hpp"

namespace {

constexpr size_t kHexBytes = 16 * bench::MiB;

unsigned char *hex_src() {
    static unsigned char *p = bench::touched(kHexBytes, 4);
    return p;
}
char *hex_dst() {
    // room for the separated form too: 3 chars a byte
    static char *p = reinterpret_cast<char *>(bench::touched(3 * kHexBytes + 1, 5));
    return p;
}

void BM_hex_memview(benchmark::State &state) {
    mv_view *v = bench::view_of(hex_src(), kHexBytes, nullptr);
    char *out = hex_dst();
    for (auto _ : state) {
        bench::check(mv_hex(v, out, 2 * kHexBytes + 1, 0, 0), "mv_hex");
        benchmark::ClobberMemory();
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kHexBytes));
    mv_release(v);
}

struct Pairs {
    char t[512];
    Pairs() {
        const char *digits = "0123456789abcdef";
        for (int i = 0; i < 256; i++) {
            t[2 * i] = digits[i >> 4];
            t[2 * i + 1] = digits[i & 15];
        }
    }
};

__attribute__((noinline)) void hex_table(const unsigned char *s, size_t n, char *d) {
    static const Pairs pairs;
    for (size_t i = 0; i < n; i++) std::memcpy(d + 2 * i, pairs.t + 2 * s[i], 2);
    d[2 * n] = '\0';
}

void BM_hex_baseline(benchmark::State &state) {
    const unsigned char *src = hex_src();
    char *out = hex_dst();
    for (auto _ : state) {
        hex_table(src, kHexBytes, out);
        benchmark::ClobberMemory();
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kHexBytes));
}

// bytes.hex(':'): a separator after every byte (MAC-address style), the
// worst case for grouping. Information only: the issue sets no target.
void BM_hex_sep_memview(benchmark::State &state) {
    mv_view *v = bench::view_of(hex_src(), kHexBytes, nullptr);
    char *out = hex_dst();
    for (auto _ : state) {
        bench::check(mv_hex(v, out, 3 * kHexBytes, ':', 1), "mv_hex");
        benchmark::ClobberMemory();
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kHexBytes));
    mv_release(v);
}

__attribute__((noinline)) void hex_sep_table(const unsigned char *s, size_t n, char *d) {
    static const Pairs pairs;
    for (size_t i = 0; i < n; i++) {
        if (i) *d++ = ':';
        std::memcpy(d, pairs.t + 2 * s[i], 2);
        d += 2;
    }
    *d = '\0';
}

void BM_hex_sep_baseline(benchmark::State &state) {
    const unsigned char *src = hex_src();
    char *out = hex_dst();
    for (auto _ : state) {
        hex_sep_table(src, kHexBytes, out);
        benchmark::ClobberMemory();
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kHexBytes));
}

// bytes.hex(':', g) for a group of g bytes (negative: counted from the left,
// as CPython), 16 MiB, beside a table loop writing the same separated text
// with the group known only at run time. Arg: g.
void BM_hex_group_memview(benchmark::State &state) {
    const int g = static_cast<int>(state.range(0));
    mv_view *v = bench::view_of(hex_src(), kHexBytes, nullptr);
    char *out = hex_dst();
    for (auto _ : state) {
        bench::check(mv_hex(v, out, 3 * kHexBytes, ':', g), "mv_hex");
        benchmark::ClobberMemory();
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kHexBytes));
    mv_release(v);
}

__attribute__((noinline)) void hex_group_table(const unsigned char *s, size_t n, int g, char *d) {
    static const Pairs pairs;
    const size_t k = static_cast<size_t>(g < 0 ? -g : g);
    size_t left = g > 0 && n % k ? n % k : k;  // bytes before the next separator
    for (size_t i = 0; i < n; i++) {
        if (left == 0) {
            *d++ = ':';
            left = k;
        }
        std::memcpy(d, pairs.t + 2 * s[i], 2);
        d += 2;
        left--;
    }
    *d = '\0';
}

void BM_hex_group_baseline(benchmark::State &state) {
    const int g = bench::opaque(static_cast<int>(state.range(0)));
    const unsigned char *src = hex_src();
    char *out = hex_dst();
    for (auto _ : state) {
        hex_group_table(src, kHexBytes, g, out);
        benchmark::ClobberMemory();
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kHexBytes));
}

void group_args(benchmark::internal::Benchmark *b) {
    for (int g : {1, 2, 3, 4, 5, 8, 9, 16, 20, 32, -2, -5}) b->Arg(g);
    b->Unit(benchmark::kMillisecond);
}

}  // namespace

BENCHMARK(BM_hex_group_memview)->Apply(group_args);
BENCHMARK(BM_hex_group_baseline)->Apply(group_args);
BENCHMARK(BM_hex_memview)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_hex_baseline)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_hex_sep_memview)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_hex_sep_baseline)->Unit(benchmark::kMillisecond);
