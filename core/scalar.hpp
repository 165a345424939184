// Packing and unpacking one field of an item, and comparing unpacked values
// the way Python compares the objects struct.unpack gives.
#pragma once
#include <cstdint>

#include "format.hpp"
#include "memview.h"

namespace mv {

// Unpack the field at `item + f.offset` (unaligned reads are fine).
void unpack_field(const Field &f, const unsigned char *item, mv_value *out);

// Check that `v` can be stored in field `f`; on success write its bytes into
// `out` (f.size bytes). Returns MV_OK, MV_ETYPE, MV_EVALUE or MV_EINVAL with
// the message recorded.
int pack_field(const Field &f, const mv_value &v, unsigned char *out);

// Python `==` between two unpacked values (1 == 1.0 == True, NaN != NaN,
// bytes equal by content, bytes never equal to numbers).
bool values_equal(const mv_value &a, const mv_value &b);

// IEEE 754 binary16 <-> double, rounding half to even (as struct's 'e').
double half_to_double(uint16_t h);
// Returns false when |d| is too large for a half (after rounding).
bool double_to_half(double d, uint16_t *out);

}  // namespace mv
