// DLPack 1.x export and import (spec: dmlc/dlpack include/dlpack/dlpack.h
// and the array API standard's __dlpack__ protocol). An exported tensor is
// one allocation: the DLManagedTensorVersioned, the view handle that keeps
// the buffer alive, and the shape and strides (in elements).
#include <cstdint>
#include <cstdlib>
#include <new>

#include "derive.hpp"
#include "error.hpp"
#include "interop.hpp"
#include "view.hpp"

namespace mv {

namespace {

static_assert(sizeof(int64_t) == sizeof(ptrdiff_t), "DLPack extents are int64_t, views' are ptrdiff_t");

struct Exported {
    DLManagedTensorVersioned t;
    mv_view *view;
    int64_t dims[1];  // shape[ndim] then strides[ndim] (at least one slot)
};

void delete_exported(DLManagedTensorVersioned *t) {
    if (!t) return;
    Exported *e = static_cast<Exported *>(t->manager_ctx);
    release(e->view);
    std::free(e);
}

// DLPack dtype of a native, unpadded numeric field; false if none.
bool dl_dtype(const Field &f, DLDataType *out) {
    switch (f.kind) {
    case MV_KIND_INT: out->code = kDLInt; break;
    case MV_KIND_UINT: out->code = kDLUInt; break;
    case MV_KIND_FLOAT: out->code = kDLFloat; break;
    case MV_KIND_BOOL: out->code = kDLBool; break;
    default: return false;
    }
    if (f.size != 1 && f.size != 2 && f.size != 4 && f.size != 8) return false;
    if (f.kind == MV_KIND_FLOAT && f.size == 1) return false;
    out->bits = static_cast<uint8_t>(f.size * 8);
    out->lanes = 1;
    return true;
}

// Export v as is; its strides must be multiples of the itemsize (for
// extents > 1). Retains v.
int export_tensor(DLManagedTensorVersioned **out, const mv_view *v, DLDataType dtype, bool copied) {
    const int ndim = v->ndim;
    const size_t size = sizeof(Exported) + (ndim ? 2 * ndim - 1 : 0) * sizeof(int64_t);
    Exported *e = static_cast<Exported *>(std::malloc(size));
    if (!e) return fail(MV_ENOMEM, "mv_to_dlpack: out of memory");
    const ptrdiff_t itemsize = static_cast<ptrdiff_t>(v->itemsize());
    int64_t *shape = e->dims, *strides = e->dims + ndim;
    int64_t c_stride = 1;
    for (int k = ndim - 1; k >= 0; k--) {
        shape[k] = v->shape()[k];
        // An extent of 0 or 1 makes the stride meaningless; give the C one.
        strides[k] = v->shape()[k] > 1 ? v->strides()[k] / itemsize : c_stride;
        c_stride *= v->shape()[k] > 0 ? v->shape()[k] : 1;
    }
    retain(&e->view, const_cast<mv_view *>(v));
    DLManagedTensorVersioned &t = e->t;
    t.version.major = DLPACK_MAJOR_VERSION;
    t.version.minor = DLPACK_MINOR_VERSION;
    t.manager_ctx = e;
    t.deleter = delete_exported;
    t.flags = (v->readonly ? DLPACK_FLAG_BITMASK_READ_ONLY : 0) | (copied ? DLPACK_FLAG_BITMASK_IS_COPIED : 0);
    t.dl_tensor.data = v->nitems ? v->data : nullptr;
    t.dl_tensor.device.device_type = kDLCPU;
    t.dl_tensor.device.device_id = 0;
    t.dl_tensor.ndim = ndim;
    t.dl_tensor.dtype = dtype;
    t.dl_tensor.shape = shape;
    t.dl_tensor.strides = strides;
    t.dl_tensor.byte_offset = 0;
    *out = &t;
    return MV_OK;
}

}  // namespace

int to_dlpack(DLManagedTensorVersioned **out, const mv_view *v, unsigned flags) {
    if (!out || !v) return fail(MV_EINVAL, "mv_to_dlpack: %s is NULL", out ? "view" : "out");
    const unsigned known = MV_EXPORT_COPY | MV_EXPORT_FORCE_COPY;
    if (flags & ~known) return fail(MV_EINVAL, "mv_to_dlpack: unknown flags 0x%x", flags & ~known);
    const auto &fields = v->fmt->fields();
    DLDataType dtype{};
    if (fields.size() != 1 || fields[0].size != v->itemsize() || !dl_dtype(fields[0], &dtype))
        return fail(MV_EFORMAT,
                    "mv_to_dlpack: format '%s' is not a single numeric field (DLPack holds integers, floats "
                    "and bools of 1, 2, 4 or 8 bytes)",
                    v->fmt->text().c_str());
    const bool force = flags & MV_EXPORT_FORCE_COPY, copy_ok = force || (flags & MV_EXPORT_COPY);
    const ptrdiff_t itemsize = static_cast<ptrdiff_t>(v->itemsize());
    int bad_dim = -1;
    for (int k = 0; k < v->ndim && bad_dim < 0; k++)
        if (v->shape()[k] > 1 && v->strides()[k] % itemsize != 0) bad_dim = k;
    if (!force && !fields[0].swap && bad_dim < 0) return export_tensor(out, v, dtype, false);
    if (!copy_ok) {
        if (fields[0].swap)
            return fail(MV_EFORMAT,
                        "mv_to_dlpack: format '%s' is not in native byte order (DLPack tensors are "
                        "native-endian); pass MV_EXPORT_COPY to export a decoded copy",
                        v->fmt->text().c_str());
        return fail(MV_ELAYOUT,
                    "mv_to_dlpack: stride %td of dimension %d is not a multiple of the itemsize %td (DLPack "
                    "counts strides in items); pass MV_EXPORT_COPY to export a contiguous copy",
                    v->strides()[bad_dim], bad_dim, itemsize);
    }
    ViewRef copy;
    int rc = native_copy(&copy.v, v, native_field_format(fields[0]).c_str());
    if (rc) return rc;
    return export_tensor(out, copy.v, dtype, true);
}

namespace {

// The struct format of a DLPack dtype; nullptr if memview cannot view it.
const char *dl_format(DLDataType d) {
    if (d.lanes != 1) return nullptr;
    switch (d.code) {
    case kDLInt: return d.bits == 8 ? "b" : d.bits == 16 ? "h" : d.bits == 32 ? "i" : d.bits == 64 ? "q" : nullptr;
    case kDLUInt: return d.bits == 8 ? "B" : d.bits == 16 ? "H" : d.bits == 32 ? "I" : d.bits == 64 ? "Q" : nullptr;
    case kDLFloat: return d.bits == 16 ? "e" : d.bits == 32 ? "f" : d.bits == 64 ? "d" : nullptr;
    case kDLBool: return d.bits == 8 ? "?" : nullptr;
    default: return nullptr;
    }
}

void delete_imported(void *ctx) {
    DLManagedTensorVersioned *t = static_cast<DLManagedTensorVersioned *>(ctx);
    t->deleter(t);
}

}  // namespace

int from_dlpack(mv_view **out, DLManagedTensorVersioned *t, unsigned flags) {
    if (!out || !t) return fail(MV_EINVAL, "mv_from_dlpack: %s is NULL", out ? "tensor" : "out");
    if (flags & ~MV_READONLY) return fail(MV_EINVAL, "mv_from_dlpack: unknown flags 0x%x", flags & ~MV_READONLY);
    if (t->version.major != DLPACK_MAJOR_VERSION)
        return fail(MV_EINVAL, "mv_from_dlpack: DLPack version %u.%u; memview reads major version %d",
                    t->version.major, t->version.minor, DLPACK_MAJOR_VERSION);
    const DLTensor &d = t->dl_tensor;
    if (d.device.device_type != kDLCPU)
        return fail(MV_EINVAL, "mv_from_dlpack: device type %d is not kDLCPU (%d): memview views host memory",
                    static_cast<int>(d.device.device_type), static_cast<int>(kDLCPU));
    if (d.ndim < 0 || d.ndim > MV_MAX_NDIM)
        return fail(MV_EINVAL, "mv_from_dlpack: ndim %d is out of range 0..%d", d.ndim, MV_MAX_NDIM);
    if (d.ndim > 0 && !d.shape) return fail(MV_EINVAL, "mv_from_dlpack: shape is NULL with ndim %d", d.ndim);
    const char *format = dl_format(d.dtype);
    if (!format)
        return fail(MV_EFORMAT, "mv_from_dlpack: dtype (code %u, bits %u, lanes %u) has no struct format",
                    d.dtype.code, d.dtype.bits, d.dtype.lanes);
    const ptrdiff_t itemsize = d.dtype.bits / 8;
    ptrdiff_t strides[MV_MAX_NDIM];
    for (int k = 0; k < d.ndim; k++) {
        if (d.shape[k] < 0)
            return fail(MV_EINVAL, "mv_from_dlpack: shape[%d] is negative (%lld)", k,
                        static_cast<long long>(d.shape[k]));
        if (d.strides && __builtin_mul_overflow(d.strides[k], itemsize, &strides[k]))
            return fail(MV_EOVERFLOW, "mv_from_dlpack: strides[%d] * itemsize overflows", k);
    }
    uintptr_t start;
    if (d.byte_offset > static_cast<uint64_t>(PTRDIFF_MAX) ||
        __builtin_add_overflow(reinterpret_cast<uintptr_t>(d.data), d.byte_offset, &start))
        return fail(MV_EOVERFLOW, "mv_from_dlpack: data + byte_offset (%llu) overflows the address space",
                    static_cast<unsigned long long>(d.byte_offset));
    mv_buffer_info info = MV_BUFFER_INFO_INIT;
    info.data = d.data ? reinterpret_cast<unsigned char *>(start) : nullptr;
    info.format = format;
    info.ndim = d.ndim;
    info.shape = reinterpret_cast<const ptrdiff_t *>(d.shape);
    info.strides = d.strides ? strides : nullptr;
    info.readonly = (t->flags & DLPACK_FLAG_BITMASK_READ_ONLY) || (flags & MV_READONLY);
    info.on_release = t->deleter ? delete_imported : nullptr;
    info.ctx = t;
    return from_buffer(out, &info);
}

}  // namespace mv
