#include "summary.hpp"

#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>

namespace cli {
namespace {

template <class T, bool Swap>
inline T load(const unsigned char *p) {
    if constexpr (sizeof(T) == 1) {
        T v;
        std::memcpy(&v, p, 1);
        return v;
    } else {
        using U = std::conditional_t<sizeof(T) == 2, uint16_t,
                  std::conditional_t<sizeof(T) == 4, uint32_t, uint64_t>>;
        U u;
        std::memcpy(&u, p, sizeof u);
        if constexpr (Swap) {
            if constexpr (sizeof(T) == 2) u = __builtin_bswap16(u);
            else if constexpr (sizeof(T) == 4) u = __builtin_bswap32(u);
            else u = __builtin_bswap64(u);
        }
        T v;
        std::memcpy(&v, &u, sizeof v);
        return v;
    }
}

template <class T>
void merge_minmax(Summary &s, T mn, T mx) {
    bool first = s.n == 0;
    if constexpr (std::is_floating_point_v<T>) {
        if (first || mn < s.fmin) s.fmin = mn;
        if (first || mx > s.fmax) s.fmax = mx;
    } else if constexpr (std::is_signed_v<T>) {
        if (first || mn < s.imin) s.imin = mn;
        if (first || mx > s.imax) s.imax = mx;
    } else {
        if (first || mn < s.umin) s.umin = mn;
        if (first || mx > s.umax) s.umax = mx;
    }
}

// A block with NaNs in it: skip them, summing what is left (rare path).
template <class T, bool Swap>
void careful_block(const unsigned char *p, size_t stride, size_t n, Summary &s) {
    double sum = 0;
    uint64_t m = 0;
    T mn{}, mx{};
    for (size_t i = 0; i < n; ++i) {
        T x = load<T, Swap>(p + i * stride);
        if (x != x) {
            ++s.nans;
            continue;
        }
        if (m == 0 || x < mn) mn = x;
        if (m == 0 || x > mx) mx = x;
        sum += static_cast<double>(x);
        ++m;
    }
    if (m == 0) return;
    double mean = sum / static_cast<double>(m), m2 = 0;
    for (size_t i = 0; i < n; ++i) {
        T x = load<T, Swap>(p + i * stride);
        if (x != x) continue;
        double d = static_cast<double>(x) - mean;
        m2 += d * d;
    }
    merge_minmax<T>(s, mn, mx);
    s.merge(m, mean, m2);
}

// Items per block: small enough that the second pass over a block of
// records (up to a few dozen bytes each) still hits the cache.
constexpr size_t BLOCK = 4096;

// Dense: the field is the whole item, so the stride is known at compile
// time and the loads are contiguous. The `omp simd` reductions (compiled
// with -fopenmp-simd: no threads, no runtime) allow the sums to be split
// across vector lanes, which plain C++ forbids without -ffast-math.
template <class T, bool Swap, bool Dense>
void kernel(const unsigned char *items, size_t itemsize, size_t count, Summary &s) {
    const size_t stride = Dense ? sizeof(T) : itemsize;
    for (size_t start = 0; start < count; start += BLOCK) {
        const unsigned char *p = items + start * stride;
        size_t n = count - start < BLOCK ? count - start : BLOCK;
        // Separate loops: GCC keeps single-type reductions in registers,
        // and the block is in L1 for the later passes.
        // Summing offsets from the block's first value keeps the block mean
        // exact even when the values are huge next to their spread.
        const double shift = static_cast<double>(load<T, Swap>(p));
        double total = 0;
#pragma omp simd reduction(+ : total)
        for (size_t i = 0; i < n; ++i) total += static_cast<double>(load<T, Swap>(p + i * stride)) - shift;
        T lo = load<T, Swap>(p), hi = lo;
#pragma omp simd reduction(min : lo) reduction(max : hi)
        for (size_t i = 0; i < n; ++i) {
            T x = load<T, Swap>(p + i * stride);
            lo = x < lo ? x : lo;
            hi = hi < x ? x : hi;
        }
        if constexpr (std::is_floating_point_v<T>) {
            if (std::isnan(total)) {  // a NaN (or inf - inf) in this block
                careful_block<T, Swap>(p, stride, n, s);
                continue;
            }
        }
        double mean = shift + total / static_cast<double>(n), m2 = 0;
#pragma omp simd reduction(+ : m2)
        for (size_t i = 0; i < n; ++i) {
            double d = static_cast<double>(load<T, Swap>(p + i * stride)) - mean;
            m2 += d * d;
        }
        merge_minmax<T>(s, lo, hi);
        s.merge(n, mean, m2);
    }
}

template <class T>
Kernel pick(bool swap, bool dense) {
    if (swap) return dense ? kernel<T, true, true> : kernel<T, true, false>;
    return dense ? kernel<T, false, true> : kernel<T, false, false>;
}

}  // namespace

Kernel pick_kernel(const mv_field_info &f, size_t itemsize) {
    const bool host_big = __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__;
    bool swap = f.size > 1 && f.big_endian != host_big;
    bool dense = f.size == itemsize;
    if (f.kind == MV_KIND_INT) {
        switch (f.size) {
        case 1: return pick<int8_t>(false, dense);
        case 2: return pick<int16_t>(swap, dense);
        case 4: return pick<int32_t>(swap, dense);
        case 8: return pick<int64_t>(swap, dense);
        }
    } else if (f.kind == MV_KIND_UINT) {
        switch (f.size) {
        case 1: return pick<uint8_t>(false, dense);
        case 2: return pick<uint16_t>(swap, dense);
        case 4: return pick<uint32_t>(swap, dense);
        case 8: return pick<uint64_t>(swap, dense);
        }
    } else if (f.kind == MV_KIND_FLOAT) {
        if (f.size == 4) return pick<float>(swap, dense);
        if (f.size == 8) return pick<double>(swap, dense);
    }
    return nullptr;  // half floats and bools go through mv_get()
}

void add_value(Summary &s, const mv_value &v) {
    double x;
    switch (v.kind) {
    case MV_KIND_INT:
    case MV_KIND_BOOL:
        merge_minmax<int64_t>(s, v.i, v.i);
        x = static_cast<double>(v.i);
        break;
    case MV_KIND_UINT:
        merge_minmax<uint64_t>(s, v.u, v.u);
        x = static_cast<double>(v.u);
        break;
    case MV_KIND_FLOAT:
        if (std::isnan(v.f)) {
            ++s.nans;
            return;
        }
        merge_minmax<double>(s, v.f, v.f);
        x = v.f;
        break;
    default:
        return;
    }
    s.merge(1, x, 0.0);
}

}  // namespace cli
