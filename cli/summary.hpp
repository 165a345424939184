// Count/min/max/mean/M2 of one numeric field, mergeable (Chan, Golub &
// LeVeque), so a large view is summarised block by block in a single pass:
// each block is summed, then its squared deviations are summed while it is
// still in cache (two-pass accuracy at one-pass cost), then merged.
#pragma once
#include <memview.h>

#include <cstddef>
#include <cstdint>
#include <type_traits>

namespace cli {

struct Summary {
    uint64_t n = 0;     // values counted (NaNs excluded)
    uint64_t nans = 0;  // NaN values skipped
    double mean = 0, m2 = 0;
    // min/max in the field's own arithmetic, so 64-bit integers stay exact.
    int64_t imin = 0, imax = 0;
    uint64_t umin = 0, umax = 0;
    double fmin = 0, fmax = 0;

    // Widens min/max to include [mn, mx] (before merge() counts them).
    template <class T>
    void add_range(T mn, T mx) {
        bool first = n == 0;
        if constexpr (std::is_floating_point_v<T>) {
            if (first || mn < fmin) fmin = mn;
            if (first || mx > fmax) fmax = mx;
        } else if constexpr (std::is_signed_v<T>) {
            if (first || mn < imin) imin = mn;
            if (first || mx > imax) imax = mx;
        } else {
            if (first || mn < umin) umin = mn;
            if (first || mx > umax) umax = mx;
        }
    }

    // Adds a block of nb values with mean mb and squared deviations m2b.
    void merge(uint64_t nb, double mb, double m2b) {
        if (nb == 0) return;
        uint64_t total = n + nb;
        double delta = mb - mean;
        mean += delta * (static_cast<double>(nb) / static_cast<double>(total));
        m2 += m2b + delta * delta * (static_cast<double>(n) * static_cast<double>(nb) / static_cast<double>(total));
        n = total;
    }
};

// Summarises field `f` of `count` items that start at `items`, `itemsize`
// bytes apart, into `s`. pick_kernel() gives NULL when the field's type has
// no typed loop here (half floats, bools): the caller then uses mv_get().
using Kernel = void (*)(const unsigned char *items, size_t itemsize, size_t count, Summary &s);
Kernel pick_kernel(const mv_field_info &f, size_t itemsize);
// The same loops built for any x86-64 / with AVX2 (summary_kernels.cpp).
Kernel pick_kernel_base(const mv_field_info &f, size_t itemsize);
Kernel pick_kernel_avx2(const mv_field_info &f, size_t itemsize);

// Adds one value (from mv_get) to s: the slow path.
void add_value(Summary &s, const mv_value &v);

}  // namespace cli
