// Item access: unpacking and packing values, whole-view unpack, and ==.
#pragma once
#include "memview.h"

namespace mv {

int get(const mv_view *v, const ptrdiff_t *index, int nindex, mv_value *out, size_t nout);
int set(const mv_view *v, const ptrdiff_t *index, int nindex, const mv_value *values, size_t nvalues);
int unpack(const mv_view *v, mv_value *out, size_t nout);
int field(const mv_view *v, size_t k, mv_field_info *out);
int equal(const mv_view *a, const mv_view *b);

}  // namespace mv
