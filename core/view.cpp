#include "view.hpp"

#include <cstdlib>
#include <cstring>
#include <new>

#include "error.hpp"

namespace mv {

void Buffer::release() {
    if (refs.load(std::memory_order_acquire) != 1 && refs.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
    if (on_release) on_release(ctx);
    std::free(owned);
    delete this;
}

namespace {

// Views of at most kCachedNdim dimensions share one block size, so freed
// blocks can be handed out again without going through malloc. The cache is
// plain data (never destroyed); a guard object drains it at thread exit and
// marks it closed, after which blocks go straight back to free().
constexpr int kCachedNdim = 2;
constexpr size_t kBlock = sizeof(mv_view) + 2 * kCachedNdim * sizeof(ptrdiff_t);
constexpr int kCacheMax = 32;

struct ViewCache {
    void *blocks[kCacheMax];
    int count;
    bool armed;   // the guard below is registered for this thread
    bool closed;  // the thread is exiting: no more caching
};
thread_local ViewCache t_cache;

struct CacheGuard {
    void arm() { t_cache.armed = true; }
    ~CacheGuard() {
        for (int i = 0; i < t_cache.count; i++) std::free(t_cache.blocks[i]);
        t_cache.count = 0;
        t_cache.closed = true;
    }
};
thread_local CacheGuard t_guard;

}  // namespace

void *view_memory(int ndim, bool indirect) {
    if (indirect) return std::malloc(sizeof(mv_view) + 3 * static_cast<size_t>(ndim) * sizeof(ptrdiff_t));
    if (ndim <= kCachedNdim) {
        ViewCache &c = t_cache;
        if (c.count) return c.blocks[--c.count];
        return std::malloc(kBlock);
    }
    return std::malloc(sizeof(mv_view) + 2 * static_cast<size_t>(ndim) * sizeof(ptrdiff_t));
}

void view_delete(mv_view *v) {
    Buffer *b = v->buf;
    const Format *f = v->fmt;
    const bool cacheable = !v->indirect && v->ndim <= kCachedNdim;
    v->~mv_view();
    ViewCache *c = &t_cache;  // one thread-local lookup for the whole release
    // GCC recomputed the address (a TLS descriptor call) for the store after
    // the check; an empty asm makes it keep the one it has.
    __asm__("" : "+r"(c));
    if (cacheable && c->count < kCacheMax && !c->closed) {
        if (!c->armed) t_guard.arm();
        c->blocks[c->count++] = v;
    } else {
        std::free(v);
    }
    f->release();
    b->release();
}

int view_new_1d(mv_view **out, Buffer *buf, const Format *fmt, unsigned char *data, ptrdiff_t n, ptrdiff_t stride,
                bool readonly) {
    ViewCache &c = t_cache;
    void *mem = c.count ? c.blocks[--c.count] : std::malloc(kBlock);
    if (!mem) return fail(MV_ENOMEM, "out of memory allocating a view");
    // The buffer's count first: a locked add waits for the stores before it
    // to drain, so it goes before the view's fields are written.
    buf->retain();
    mv_view *v = new (mem) mv_view;
    const size_t itemsize = fmt->itemsize();
    v->buf = buf;
    v->fmt = fmt;
    v->data = data;
    v->nitems = static_cast<size_t>(n);
    v->nbytes = static_cast<size_t>(n) * itemsize;
    v->ndim = 1;
    v->readonly = readonly;
    // CPython's rule for 1-D views (init_flags), as in view_new.
    v->c_contig = v->f_contig = n == 1 || stride == static_cast<ptrdiff_t>(itemsize);
    v->indirect = false;
    v->shape()[0] = n;
    v->strides()[0] = stride;
    fmt->retain();
    *out = v;
    return MV_OK;
}

int view_new(mv_view **out, Buffer *buf, const Format *fmt, unsigned char *data, int ndim,
             const ptrdiff_t *shape, const ptrdiff_t *strides, bool readonly, const ptrdiff_t *suboffsets) {
    const bool indirect = suboffsets && ndim > 0;
    void *mem = view_memory(ndim, indirect);
    if (!mem) return fail(MV_ENOMEM, "out of memory allocating a view");
    mv_view *v = new (mem) mv_view();
    v->buf = buf;
    v->fmt = fmt;
    v->data = data;
    v->ndim = ndim;
    v->readonly = readonly;
    v->indirect = indirect;
    if (indirect)
        for (int k = 0; k < ndim; k++) v->shape()[2 * ndim + k] = suboffsets[k];
    // A loop, not memcpy: views have few dimensions and the call costs more
    // than the copy.
    ptrdiff_t *vshape = v->shape(), *vstrides = v->strides();
    if (ndim == 1) {
        vshape[0] = shape[0];
        vstrides[0] = strides[0];
    } else {
        for (int k = 0; k < ndim; k++) {
            vshape[k] = shape[k];
            vstrides[k] = strides[k];
        }
    }
    size_t n = ndim == 1 ? static_cast<size_t>(shape[0]) : 1;
    if (ndim != 1) count_items(ndim, shape, &n);  // callers have checked for overflow
    v->nitems = n;
    v->nbytes = n * fmt->itemsize();
    const Layout l = v->layout();
    if (indirect) {
        v->c_contig = v->f_contig = false;
    } else if (ndim == 1) {
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
