// Hand-off to and from the Arrow C Data Interface and DLPack (core/arrow.cpp,
// core/dlpack.cpp), and the rules the two share: which fields have a
// native, fixed-width meaning outside memview, and the one copy made when a
// view cannot leave as it is.
#pragma once
#include <string>

#include "format.hpp"
#include "memview.h"

namespace mv {

int to_arrow(const mv_view *v, ArrowSchema *schema, ArrowArray *array, unsigned flags);
int from_arrow(mv_view **out, ArrowArray *array, const ArrowSchema *schema, unsigned flags);
int to_dlpack(DLManagedTensorVersioned **out, const mv_view *v, unsigned flags);
int from_dlpack(mv_view **out, DLManagedTensorVersioned *t, unsigned flags);

// The native-byte-order struct format of field f alone ("i", "d", "?",
// "c", "16s"...), chosen by kind, size and signedness so that it means the
// same values; "" for fields that have none (pascal strings, zero-size).
std::string native_field_format(const Field &f);

// A new C-contiguous copy of src's items (same shape) in a buffer of its
// own, with `format`, which must be src's format or a byte-order variant of
// it (values are decoded to native order on the way).
int native_copy(mv_view **out, const mv_view *src, const char *format);

// Owns one view handle for a scope (released at exit unless taken).
struct ViewRef {
    mv_view *v = nullptr;
    ViewRef() = default;
    ViewRef(const ViewRef &) = delete;
    ViewRef &operator=(const ViewRef &) = delete;
    ~ViewRef();
    mv_view *take() {
        mv_view *t = v;
        v = nullptr;
        return t;
    }
};

}  // namespace mv
