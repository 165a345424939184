// The view object behind the opaque mv_view handle, and the shared,
// refcounted buffer every view of one producer's memory points to (CPython's
// managed buffer): its release callback runs once, after the last view.
#pragma once
#include <atomic>
#include <cstddef>

#include "format.hpp"
#include "layout.hpp"
#include "memview.h"

namespace mv {

struct Buffer {
    std::atomic<size_t> refs{1};
    mv_release_fn on_release = nullptr;
    void *ctx = nullptr;
    void *owned = nullptr;  // mv_alloc memory, freed after on_release

    void retain() { refs.fetch_add(1, std::memory_order_relaxed); }
    void release();
};

// Memory for a view object with ndim dimensions (view_delete frees it):
// small views are recycled through a per-thread cache, sparing malloc and
// free. Indirect views (with suboffsets) are never cached.
void *view_memory(int ndim, bool indirect = false);

// Allocate a view; shape/strides (and suboffsets, if not NULL) are copied.
// Takes a new reference to buf and fmt. nbytes and contiguity are derived
// (a view with suboffsets is never contiguous, as in CPython). Returns MV_OK
// or MV_ENOMEM.
int view_new(mv_view **out, Buffer *buf, const Format *fmt, unsigned char *data, int ndim,
             const ptrdiff_t *shape, const ptrdiff_t *strides, bool readonly,
             const ptrdiff_t *suboffsets = nullptr);

// The last reference to v is gone: free it (into the per-thread cache when
// it fits) and drop its references to the buffer and the format.
void view_delete(mv_view *v);

// view_new for a plain (not indirect) 1-D view, the common case of slices
// and casts: the same result with less bookkeeping.
int view_new_1d(mv_view **out, Buffer *buf, const Format *fmt, unsigned char *data, ptrdiff_t n, ptrdiff_t stride,
                bool readonly);

}  // namespace mv

struct mv_view {
    std::atomic<size_t> refs{1};
    mv::Buffer *buf;
    const mv::Format *fmt;
    unsigned char *data;
    size_t nbytes;
    size_t nitems;
    int ndim;
    bool readonly;
    bool c_contig;
    bool f_contig;
    bool indirect;  // suboffsets[ndim] follow strides

    // shape[ndim], strides[ndim] and, for indirect views, suboffsets[ndim]
    // live right after the object.
    ptrdiff_t *shape() { return reinterpret_cast<ptrdiff_t *>(this + 1); }
    const ptrdiff_t *shape() const { return reinterpret_cast<const ptrdiff_t *>(this + 1); }
    ptrdiff_t *strides() { return shape() + ndim; }
    const ptrdiff_t *strides() const { return shape() + ndim; }
    const ptrdiff_t *suboffsets() const { return indirect ? shape() + 2 * ndim : nullptr; }
    size_t itemsize() const { return fmt->itemsize(); }
    mv::Layout layout() const { return {data, ndim, shape(), strides(), itemsize(), suboffsets()}; }
};
