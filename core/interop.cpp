// What the Arrow and DLPack hand-offs share (see interop.hpp).
#include <cstdio>
#include <cstdlib>

#include "copy.hpp"
#include "derive.hpp"
#include "error.hpp"
#include "interop.hpp"
#include "view.hpp"

namespace mv {

ViewRef::~ViewRef() { release(v); }

std::string native_field_format(const Field &f) {
    const char *one = nullptr;
    switch (f.kind) {
    case MV_KIND_INT: one = f.size == 1 ? "b" : f.size == 2 ? "h" : f.size == 4 ? "i" : f.size == 8 ? "q" : nullptr; break;
    case MV_KIND_UINT: one = f.size == 1 ? "B" : f.size == 2 ? "H" : f.size == 4 ? "I" : f.size == 8 ? "Q" : nullptr; break;
    case MV_KIND_FLOAT: one = f.size == 2 ? "e" : f.size == 4 ? "f" : f.size == 8 ? "d" : nullptr; break;
    case MV_KIND_BOOL: one = f.size == 1 ? "?" : nullptr; break;
    case MV_KIND_BYTES:
        if (f.code == 'c') return "c";
        if (f.code == 's' && f.size > 0) return std::to_string(f.size) + "s";
        return "";
    }
    return one ? one : "";
}

int native_copy(mv_view **out, const mv_view *src, const char *format) {
    void *mem = std::malloc(src->nbytes ? src->nbytes : 1);
    if (!mem) return fail(MV_ENOMEM, "out of memory copying %zu bytes for export", src->nbytes);
    mv_buffer_info info = MV_BUFFER_INFO_INIT;
    info.data = mem;
    info.format = format;
    info.ndim = src->ndim;
    info.shape = src->ndim ? src->shape() : nullptr;
    info.on_release = [](void *p) { std::free(p); };
    info.ctx = mem;
    ViewRef dst;
    int rc = from_buffer(&dst.v, &info);
    if (rc) {
        std::free(mem);
        return rc;
    }
    rc = copy(dst.v, src);
    if (rc) return rc;
    *out = dst.take();
    return MV_OK;
}

}  // namespace mv
