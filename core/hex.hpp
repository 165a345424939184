// bytes.hex(): a table loop and SSSE3/AVX2 versions chosen at run time.
#pragma once
#include <cstddef>

#include "memview.h"

namespace mv {

// Write 2*n lowercase hex digits for n bytes (no terminator).
void hex_encode(const unsigned char *src, size_t n, char *dst);

size_t hex_len(const mv_view *v, char sep, int bytes_per_sep);
int hex(const mv_view *v, char *dst, size_t dst_len, char sep, int bytes_per_sep);

}  // namespace mv
