#include "view.hpp"

#include <cstdlib>
#include <cstring>
#include <new>

#include "error.hpp"

namespace mv {

void Buffer::release() {
    if (refs.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
    if (on_release) on_release(ctx);
    std::free(owned);
    delete this;
}

int view_new(mv_view **out, Buffer *buf, const Format *fmt, unsigned char *data, int ndim,
             const ptrdiff_t *shape, const ptrdiff_t *strides, bool readonly) {
    const size_t dims_bytes = 2 * static_cast<size_t>(ndim) * sizeof(ptrdiff_t);
    void *mem = std::malloc(sizeof(mv_view) + dims_bytes);
    if (!mem) return fail(MV_ENOMEM, "out of memory allocating a view");
    mv_view *v = new (mem) mv_view();
    v->buf = buf;
    v->fmt = fmt;
    v->data = data;
    v->ndim = ndim;
    v->readonly = readonly;
    if (ndim) {
        std::memcpy(v->shape(), shape, ndim * sizeof(ptrdiff_t));
        std::memcpy(v->strides(), strides, ndim * sizeof(ptrdiff_t));
    }
    size_t n = 1;
    count_items(ndim, shape, &n);  // callers have checked for overflow
    v->nitems = n;
    v->nbytes = n * fmt->itemsize();
    const Layout l = v->layout();
    if (ndim == 1) {
        // CPython's rule for 1-D views (init_flags): decided by the stride
        // even when the view is empty.
        v->c_contig = v->f_contig = shape[0] == 1 || strides[0] == static_cast<ptrdiff_t>(fmt->itemsize());
    } else {
        v->c_contig = is_c_contiguous(l);
        v->f_contig = is_f_contiguous(l);
    }
    buf->retain();
    fmt->retain();
    *out = v;
    return MV_OK;
}

}  // namespace mv
