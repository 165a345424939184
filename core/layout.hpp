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
    // PIL-style indirection (the buffer protocol's suboffsets): NULL, or ndim
    // entries; where suboffsets[k] >= 0, the address reached after dimension
    // k holds a pointer, and the walk continues at that pointer + suboffsets[k].
    const ptrdiff_t *suboffsets = nullptr;
};

// CPython's ADJUST_PTR: the address after dimension k of an indirect layout.
inline unsigned char *adjust_ptr(unsigned char *p, const ptrdiff_t *suboffsets, int k) {
    return suboffsets && suboffsets[k] >= 0 ? *reinterpret_cast<unsigned char *const *>(p) + suboffsets[k] : p;
}

// Where an offset that applies after dimension `dim` goes (dim == ndim: after
// all of them, e.g. a field offset): into the suboffset of the last indirect
// dimension before it, or, when there is none, into the data pointer.
// Returns that suboffset's index, or -1 for the data pointer.
inline int offset_target(const ptrdiff_t *suboffsets, int dim) {
    if (suboffsets)
        for (int j = dim - 1; j >= 0; j--)
            if (suboffsets[j] >= 0) return j;
    return -1;
}

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
