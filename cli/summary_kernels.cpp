// The typed loops of `memview stats`. This file is compiled twice on x86-64:
// as pick_kernel_base for any CPU, and with -mavx2 as pick_kernel_avx2
// (twice the vector width); pick_kernel() chooses at run time.
#include "summary.hpp"

#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>

#ifndef MV_PICK_KERNEL
#define MV_PICK_KERNEL pick_kernel_base
#endif

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

// Summary's min/max in the widest type of the field's kind.
template <class T>
void add_range(Summary &s, T mn, T mx) {
    if constexpr (std::is_floating_point_v<T>) s.add_range(static_cast<double>(mn), static_cast<double>(mx));
    else if constexpr (std::is_signed_v<T>) s.add_range(static_cast<int64_t>(mn), static_cast<int64_t>(mx));
    else s.add_range(static_cast<uint64_t>(mn), static_cast<uint64_t>(mx));
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
    add_range(s, mn, mx);
    s.merge(m, mean, m2);
}

// Dense: the field is the whole item, so the stride is known at compile
// time and the loads are contiguous. The `omp simd` reductions (compiled
// with -fopenmp-simd: no threads, no runtime) allow the sums to be split
// across vector lanes, which plain C++ forbids without -ffast-math.
template <class T, bool Swap, bool Dense>
void kernel(const unsigned char *items, size_t itemsize, size_t count, Summary *parts) {
    const size_t stride = Dense ? sizeof(T) : itemsize;
    for (size_t start = 0; start < count; start += BLOCK) {
        Summary &s = parts[start / BLOCK];
        s = Summary{};
        const unsigned char *p = items + start * stride;
        size_t n = count - start < BLOCK ? count - start : BLOCK;
        // One pass of shifted sums: with d = x - shift, the block's mean is
        // shift + S1/n and its M2 is S2 - S1^2/n. Shifting by one of the
        // block's own values bounds the cancellation (that value's own
        // deviation is part of M2), so M2 keeps all but ~log2(BLOCK) bits.
        const double shift = static_cast<double>(load<T, Swap>(p));
        double s1 = 0, s2 = 0;
#pragma omp simd reduction(+ : s1, s2)
        for (size_t i = 0; i < n; ++i) {
            double d = static_cast<double>(load<T, Swap>(p + i * stride)) - shift;
            s1 += d;
            s2 += d * d;
        }
        if constexpr (std::is_floating_point_v<T>) {
            if ((s1 + s2) != (s1 + s2)) {  // a NaN (or inf - inf) in this block
                careful_block<T, Swap>(p, stride, n, s);
                continue;
            }
        }
        // The block is in L1 now; min/max in its own loop stays in registers.
        T lo = load<T, Swap>(p), hi = lo;
#pragma omp simd reduction(min : lo) reduction(max : hi)
        for (size_t i = 0; i < n; ++i) {
            T x = load<T, Swap>(p + i * stride);
            lo = x < lo ? x : lo;
            hi = hi < x ? x : hi;
        }
        double mean = shift + s1 / static_cast<double>(n);
        double m2 = s2 - s1 * (s1 / static_cast<double>(n));
        if (m2 < 0) m2 = 0;  // rounding on a constant block
        add_range(s, lo, hi);
        s.merge(n, mean, m2);
    }
}

template <class T>
Kernel pick(bool swap, bool dense) {
    if (swap) return dense ? kernel<T, true, true> : kernel<T, true, false>;
    return dense ? kernel<T, false, true> : kernel<T, false, false>;
}

}  // namespace

Kernel MV_PICK_KERNEL(const mv_field_info &f, size_t itemsize) {
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

}  // namespace cli
