// C-order traversal of one or two strided layouts of the same shape: an
// odometer over the outer dimensions, a tight loop over the last one. The
// kernels pass in what to do per row.
#pragma once
#include <cstddef>

#include "layout.hpp"

namespace mv {

// row(a_ptr, a_stride, b_ptr, b_stride, n) is called for each innermost row
// of n items, in C order. ndim 0 is a single row of one item.
template <class Row>
void for_each_row2(int ndim, const ptrdiff_t *shape, unsigned char *a, const ptrdiff_t *as, unsigned char *b,
                   const ptrdiff_t *bs, Row &&row) {
    if (ndim == 0) {
        row(a, 0, b, 0, 1);
        return;
    }
    for (int k = 0; k < ndim; k++)
        if (shape[k] == 0) return;
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
    for_each_row2(l.ndim, l.shape, l.data, l.strides, l.data, l.strides,
                  [&](unsigned char *p, ptrdiff_t s, unsigned char *, ptrdiff_t, ptrdiff_t n) { row(p, s, n); });
}

}  // namespace mv
