// Creating views and deriving views from views. None of these touch the
// buffer's bytes: they compute a new data pointer, shape and strides.
#pragma once
#include "memview.h"

namespace mv {

int create(mv_view **out, void *data, size_t nbytes, unsigned flags, mv_release_fn on_release, void *ctx);
int alloc(mv_view **out, size_t nbytes);
int from_buffer(mv_view **out, const mv_buffer_info *info);
int retain(mv_view **out, mv_view *src);
void release(mv_view *v);
int slice(mv_view **out, const mv_view *src, ptrdiff_t start, ptrdiff_t stop, ptrdiff_t step);
int slice_nd(mv_view **out, const mv_view *src, const mv_range *ranges, int nranges);
int index(mv_view **out, const mv_view *src, ptrdiff_t i);
int cast(mv_view **out, const mv_view *src, const char *format, const ptrdiff_t *shape, int ndim,
         size_t offset);
int field_view(mv_view **out, const mv_view *src, size_t k);
int toreadonly(mv_view **out, const mv_view *src);
// mv_extent: the byte range [lo, hi) the view addresses, relative to its data pointer.
int extent(const mv_view *v, ptrdiff_t *lo, ptrdiff_t *hi);

}  // namespace mv
