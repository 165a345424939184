// C-order traversal of one or two strided layouts of the same shape: an
// odometer over the outer dimensions, a tight loop over the last one. The
// kernels pass in what to do per row.
#pragma once
#include <cstddef>

#include "layout.hpp"

namespace mv {

// row(a_ptr, a_stride, b_ptr, b_stride, n) is called for each innermost row
// of n items, in C order. ndim 0 is a single row of one item.
// The same walk when a or b is indirect (suboffsets, either may be NULL):
// each row's start is found by following the pointers of the outer
// dimensions; when the last dimension itself is indirect, every item is a row
// of one. ndim >= 1 and no extent is 0 (for_each_row2 checks).
template <class Row>
void for_each_row2_indirect(int ndim, const ptrdiff_t *shape, unsigned char *a, const ptrdiff_t *as,
                            const ptrdiff_t *asub, unsigned char *b, const ptrdiff_t *bs, const ptrdiff_t *bsub,
                            Row &&row) {
    const int last = ndim - 1;
    const bool last_indirect = (asub && asub[last] >= 0) || (bsub && bsub[last] >= 0);
    ptrdiff_t idx[64] = {0};
    for (;;) {
        unsigned char *pa = a, *pb = b;
        for (int k = 0; k < last; k++) {
            pa = adjust_ptr(pa + idx[k] * as[k], asub, k);
            pb = adjust_ptr(pb + idx[k] * bs[k], bsub, k);
        }
        if (!last_indirect) {
            row(pa, as[last], pb, bs[last], shape[last]);
        } else {
            for (ptrdiff_t i = 0; i < shape[last]; i++)
                row(adjust_ptr(pa + i * as[last], asub, last), 0, adjust_ptr(pb + i * bs[last], bsub, last), 0, 1);
        }
        int k = last - 1;
        for (; k >= 0; k--) {
            if (++idx[k] < shape[k]) break;
            idx[k] = 0;
        }
        if (k < 0) return;
    }
}

template <class Row>
void for_each_row2(int ndim, const ptrdiff_t *shape, unsigned char *a, const ptrdiff_t *as, unsigned char *b,
                   const ptrdiff_t *bs, Row &&row, const ptrdiff_t *asub = nullptr, const ptrdiff_t *bsub = nullptr) {
    if (ndim == 0) {
        row(a, 0, b, 0, 1);
        return;
    }
    for (int k = 0; k < ndim; k++)
        if (shape[k] == 0) return;
    if (asub || bsub) {
        for_each_row2_indirect(ndim, shape, a, as, asub, b, bs, bsub, row);
        return;
    }
    const int last = ndim - 1;
    ptrdiff_t idx[64] = {0};
    for (;;) {
        row(a, as[last], b, bs[last], shape[last]);
        int k = last - 1;
        for (; k >= 0; k--) {
            if (++idx[k] < shape[k]) {
                a += as[k];
                b += bs[k];
                break;
            }
            a -= as[k] * (shape[k] - 1);
            b -= bs[k] * (shape[k] - 1);
            idx[k] = 0;
        }
        if (k < 0) return;
    }
}

template <class Row>
void for_each_row(const Layout &l, Row &&row) {
    for_each_row2(
        l.ndim, l.shape, l.data, l.strides, l.data, l.strides,
        [&](unsigned char *p, ptrdiff_t s, unsigned char *, ptrdiff_t, ptrdiff_t n) { row(p, s, n); },
        l.suboffsets, l.suboffsets);
}

}  // namespace mv
