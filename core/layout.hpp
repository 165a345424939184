// Stride arithmetic: Python's slice rules, contiguity, byte spans. Every
// derived view and every copy kernel goes through these.
#pragma once
#include <cstddef>
#include <cstdint>

namespace mv {

// A strided N-d array of fixed-size items (a view's geometry, or a reordered
// copy of it for Fortran-order traversal).
struct Layout {
    unsigned char *data;
    int ndim;
    const ptrdiff_t *shape;
    const ptrdiff_t *strides;
    size_t itemsize;
};

// PySlice_Unpack + PySlice_AdjustIndices: clamp start/stop (MV_NONE =
// omitted) for a dimension of `length` and return the slice length.
// step must be non-zero.
ptrdiff_t slice_adjust(ptrdiff_t length, ptrdiff_t *start, ptrdiff_t *stop, ptrdiff_t step);

// Negative indices count from the end; false if out of range.
bool normalize_index(ptrdiff_t length, ptrdiff_t *i);

bool is_c_contiguous(const Layout &l);
bool is_f_contiguous(const Layout &l);

// Number of items (product of the shape); false on overflow.
bool count_items(int ndim, const ptrdiff_t *shape, size_t *out);

// C-contiguous strides for shape; false on overflow.
bool c_strides(int ndim, const ptrdiff_t *shape, size_t itemsize, ptrdiff_t *strides);

// [lo, hi) byte offsets, relative to data, of the memory the items cover;
// false on overflow. Empty arrays give lo == hi == 0.
bool byte_span(int ndim, const ptrdiff_t *shape, const ptrdiff_t *strides, size_t itemsize,
               ptrdiff_t *lo, ptrdiff_t *hi);

}  // namespace mv
