// Count/min/max/mean/M2 of one numeric field, mergeable (Chan, Golub &
// LeVeque). A view is summarised in blocks of BLOCK items (always counted
// from the first item, whatever the view is split into): each block's
// figures come from sums shifted by one of its values (summary_kernels.cpp),
// and the blocks are then merged in order. So the result depends only on the
// items, not on how they were read: mapped or streamed, one thread or more.
#pragma once
#include <memview.h>

#include <cstddef>
#include <cstdint>

namespace cli {

struct Summary {
    uint64_t n = 0;     // values counted (NaNs excluded)
    uint64_t nans = 0;  // NaN values skipped
    double mean = 0, m2 = 0;
    // min/max in the field's own arithmetic, so 64-bit integers stay exact.
    int64_t imin = 0, imax = 0;
    uint64_t umin = 0, umax = 0;
    double fmin = 0, fmax = 0;

    // Widens min/max to include [mn, mx] (call before merge() counts them).
    void add_range(int64_t mn, int64_t mx);
    void add_range(uint64_t mn, uint64_t mx);
    void add_range(double mn, double mx);
    // Adds a block of nb values with mean mb and squared deviations m2b.
    void merge(uint64_t nb, double mb, double m2b);
    // Adds the summary of the next block (min/max, NaN count, then merge()).
    void absorb(const Summary &b);
    // Out of line on purpose: summary_kernels.cpp is also compiled with
    // -mavx2, and an inline function emitted there could be the copy the
    // linker keeps for the portable path too.
};

// Items per block: small enough that the second pass over a block of
// records (up to a few dozen bytes each) still hits the cache.
constexpr size_t BLOCK = 4096;

// Summarises field `f` of `count` items that start at `items`, `itemsize`
// bytes apart, block by block: parts[j] is the summary of items
// [j*BLOCK, (j+1)*BLOCK) (ceil(count / BLOCK) of them). pick_kernel() gives
// NULL when the field's type has no typed loop here (half floats, bools):
// the caller then uses mv_get().
using Kernel = void (*)(const unsigned char *items, size_t itemsize, size_t count, Summary *parts);
Kernel pick_kernel(const mv_field_info &f, size_t itemsize);
// The same loops built for any x86-64 / with AVX2 (summary_kernels.cpp).
Kernel pick_kernel_base(const mv_field_info &f, size_t itemsize);
Kernel pick_kernel_avx2(const mv_field_info &f, size_t itemsize);

// Adds one value (from mv_get) to s: the slow path.
void add_value(Summary &s, const mv_value &v);

}  // namespace cli
