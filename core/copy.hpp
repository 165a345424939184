// Bulk copy kernels: strided N-d copies specialised by item size, and the
// operations built on them (tobytes, slice assignment).
#pragma once
#include "layout.hpp"
#include "memview.h"

namespace mv {

// Copy every item of src into dst (same shape and itemsize), in C order.
// Not overlap-safe: callers handle overlap.
void copy_layout(const Layout &dst, const Layout &src);

int tobytes(const mv_view *v, void *dst, size_t dst_len, char order);
int copy(const mv_view *dst, const mv_view *src);

}  // namespace mv
