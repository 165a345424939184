// extern "C" entry points of the Arrow and DLPack hand-off (core/arrow.cpp,
// core/dlpack.cpp), behind the same exception wall as capi/memview.cpp.
#include "../core/interop.hpp"
#include "guard.hpp"
#include "memview.h"

extern "C" {

int mv_to_arrow(const mv_view *v, struct ArrowSchema *schema, struct ArrowArray *array) {
    MV_GUARD(mv::to_arrow(v, schema, array, 0));
}
int mv_to_arrow_ex(const mv_view *v, struct ArrowSchema *schema, struct ArrowArray *array, unsigned flags) {
    MV_GUARD(mv::to_arrow(v, schema, array, flags));
}
int mv_from_arrow(mv_view **out, struct ArrowArray *array, const struct ArrowSchema *schema, unsigned flags) {
    MV_GUARD(mv::from_arrow(out, array, schema, flags));
}
int mv_to_dlpack(DLManagedTensorVersioned **out, const mv_view *v, unsigned flags) {
    MV_GUARD(mv::to_dlpack(out, v, flags));
}
int mv_from_dlpack(mv_view **out, DLManagedTensorVersioned *t, unsigned flags) {
    MV_GUARD(mv::from_dlpack(out, t, flags));
}

}  // extern "C"
