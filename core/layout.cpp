#include "layout.hpp"

#include "memview.h"

namespace mv {

ptrdiff_t slice_adjust(ptrdiff_t length, ptrdiff_t *start, ptrdiff_t *stop, ptrdiff_t step) {
    if (*start == MV_NONE) *start = step < 0 ? PTRDIFF_MAX : 0;
    if (*stop == MV_NONE) *stop = step < 0 ? PTRDIFF_MIN : PTRDIFF_MAX;
    if (*start < 0) {
        *start += length;
        if (*start < 0) *start = step < 0 ? -1 : 0;
    } else if (*start >= length) {
        *start = step < 0 ? length - 1 : length;
    }
    if (*stop < 0) {
        *stop += length;
        if (*stop < 0) *stop = step < 0 ? -1 : 0;
    } else if (*stop >= length) {
        *stop = step < 0 ? length - 1 : length;
    }
    if (step < 0) {
        if (*stop < *start) return (*start - *stop - 1) / (-step) + 1;
    } else if (*start < *stop) {
        if (step == 1) return *stop - *start;  // spare the division
        if ((step & (step - 1)) == 0) return ((*stop - *start - 1) >> __builtin_ctzll(step)) + 1;  // and here
        return (*stop - *start - 1) / step + 1;
    }
    return 0;
}

bool normalize_index(ptrdiff_t length, ptrdiff_t *i) {
    if (*i < 0) {
        if (*i < -length) return false;
        *i += length;
    }
    return *i < length;
}

bool is_c_contiguous(const Layout &l) {
    ptrdiff_t sd = static_cast<ptrdiff_t>(l.itemsize);
    for (int k = 0; k < l.ndim; k++)
        if (l.shape[k] == 0) return true;
    for (int k = l.ndim - 1; k >= 0; k--) {
        if (l.shape[k] > 1 && l.strides[k] != sd) return false;
        sd *= l.shape[k];
    }
    return true;
}

bool is_f_contiguous(const Layout &l) {
    ptrdiff_t sd = static_cast<ptrdiff_t>(l.itemsize);
    for (int k = 0; k < l.ndim; k++)
        if (l.shape[k] == 0) return true;
    for (int k = 0; k < l.ndim; k++) {
        if (l.shape[k] > 1 && l.strides[k] != sd) return false;
        sd *= l.shape[k];
    }
    return true;
}

bool count_items(int ndim, const ptrdiff_t *shape, size_t *out) {
    size_t n = 1;
    bool overflow = false;
    for (int k = 0; k < ndim; k++) {
        if (shape[k] == 0) {
            *out = 0;
            return true;  // zero items, whatever the other extents
        }
        if (__builtin_mul_overflow(n, static_cast<size_t>(shape[k]), &n)) overflow = true;
    }
    *out = n;
    return !overflow;
}

bool c_strides(int ndim, const ptrdiff_t *shape, size_t itemsize, ptrdiff_t *strides) {
    ptrdiff_t sd = static_cast<ptrdiff_t>(itemsize);
    bool overflow = false;
    for (int k = ndim - 1; k >= 0; k--) {
        strides[k] = sd;
        if (__builtin_mul_overflow(sd, shape[k] > 0 ? shape[k] : 1, &sd)) overflow = true;
    }
    return !overflow;
}

bool byte_span(int ndim, const ptrdiff_t *shape, const ptrdiff_t *strides, size_t itemsize,
               ptrdiff_t *lo, ptrdiff_t *hi) {
    // Every dimension is checked, even in an empty view: its strides still
    // get multiplied by steps and indices when the view is sliced.
    ptrdiff_t l = 0, h = 0;
    bool empty = false;
    for (int k = 0; k < ndim; k++) {
        if (shape[k] == 0) {
            empty = true;
            continue;
        }
        ptrdiff_t ext;
        if (__builtin_mul_overflow(shape[k] - 1, strides[k], &ext)) return false;
        if (ext < 0) {
            if (__builtin_add_overflow(l, ext, &l)) return false;
        } else if (__builtin_add_overflow(h, ext, &h)) {
            return false;
        }
    }
    ptrdiff_t width;
    if (__builtin_add_overflow(h, static_cast<ptrdiff_t>(itemsize), &h) || __builtin_sub_overflow(h, l, &width))
        return false;
    *lo = empty ? 0 : l;
    *hi = empty ? 0 : h;
    return true;
}

}  // namespace mv
