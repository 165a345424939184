// The extern "C" surface: argument-free forwarding to the core, with every
// C++ exception stopped here so none crosses the C boundary.
#include "memview.h"

#include "../core/copy.hpp"
#include "../core/derive.hpp"
#include "../core/error.hpp"
#include "../core/hex.hpp"
#include "../core/items.hpp"
#include "../core/shm.hpp"
#include "../core/view.hpp"
#include "guard.hpp"

extern "C" {

const char *mv_version(int *major, int *minor, int *patch) {
    if (major) *major = MV_VERSION_MAJOR;
    if (minor) *minor = MV_VERSION_MINOR;
    if (patch) *patch = MV_VERSION_PATCH;
    return MV_VERSION_STRING;
}

const char *mv_errmsg(void) { return mv::errmsg(); }
void mv_errclear(void) { mv::errclear(); }

const char *mv_strerror(int code) {
    switch (code) {
    case MV_OK: return "success";
    case MV_EINVAL: return "invalid argument";
    case MV_EFORMAT: return "bad format";
    case MV_EINDEX: return "index out of range";
    case MV_EREADONLY: return "read-only view";
    case MV_ELAYOUT: return "incompatible layout";
    case MV_ESIZE: return "size mismatch";
    case MV_EOVERFLOW: return "overflow";
    case MV_ENOMEM: return "out of memory";
    case MV_ETYPE: return "wrong value type for format";
    case MV_EVALUE: return "value out of range for format";
    case MV_EINTERNAL: return "internal error";
    case MV_ESYS: return "operating-system error";
    }
    return "unknown error";
}

int mv_create(mv_view **out, void *data, size_t nbytes, unsigned flags, mv_release_fn on_release, void *ctx) {
    MV_GUARD(mv::create(out, data, nbytes, flags, on_release, ctx));
}
int mv_alloc(mv_view **out, size_t nbytes) { MV_GUARD(mv::alloc(out, nbytes)); }
int mv_from_buffer(mv_view **out, const mv_buffer_info *info) { MV_GUARD(mv::from_buffer(out, info)); }
int mv_retain(mv_view **out, mv_view *src) { MV_GUARD(mv::retain(out, src)); }
void mv_release(mv_view *v) { mv::release(v); }

int mv_slice(mv_view **out, const mv_view *src, ptrdiff_t start, ptrdiff_t stop, ptrdiff_t step) {
    MV_GUARD(mv::slice(out, src, start, stop, step));
}
int mv_slice_nd(mv_view **out, const mv_view *src, const mv_range *ranges, int nranges) {
    MV_GUARD(mv::slice_nd(out, src, ranges, nranges));
}
int mv_index(mv_view **out, const mv_view *src, ptrdiff_t i) { MV_GUARD(mv::index(out, src, i)); }
int mv_cast(mv_view **out, const mv_view *src, const char *format, const ptrdiff_t *shape, int ndim) {
    MV_GUARD(mv::cast(out, src, format, shape, ndim, 0));
}
int mv_cast_offset(mv_view **out, const mv_view *src, const char *format, const ptrdiff_t *shape, int ndim,
                   size_t offset) {
    MV_GUARD(mv::cast(out, src, format, shape, ndim, offset));
}
int mv_field_view(mv_view **out, const mv_view *src, size_t k) { MV_GUARD(mv::field_view(out, src, k)); }
int mv_toreadonly(mv_view **out, const mv_view *src) { MV_GUARD(mv::toreadonly(out, src)); }
int mv_extent(const mv_view *v, ptrdiff_t *lo, ptrdiff_t *hi) { MV_GUARD(mv::extent(v, lo, hi)); }

void *mv_data(const mv_view *v) { return v ? v->data : nullptr; }
size_t mv_nbytes(const mv_view *v) { return v ? v->nbytes : 0; }
size_t mv_len(const mv_view *v) { return !v ? 0 : v->ndim ? static_cast<size_t>(v->shape()[0]) : 1; }
size_t mv_itemsize(const mv_view *v) { return v ? v->itemsize() : 0; }
const char *mv_format(const mv_view *v) { return v ? v->fmt->text().c_str() : nullptr; }
size_t mv_nfields(const mv_view *v) { return v ? v->fmt->fields().size() : 0; }
int mv_ndim(const mv_view *v) { return v ? v->ndim : 0; }
const ptrdiff_t *mv_shape(const mv_view *v) { return v && v->ndim ? v->shape() : nullptr; }
const ptrdiff_t *mv_strides(const mv_view *v) { return v && v->ndim ? v->strides() : nullptr; }
int mv_readonly(const mv_view *v) { return v ? v->readonly : 1; }
int mv_c_contiguous(const mv_view *v) { return v ? v->c_contig : 0; }
int mv_f_contiguous(const mv_view *v) { return v ? v->f_contig : 0; }
int mv_contiguous(const mv_view *v) { return v ? (v->c_contig || v->f_contig) : 0; }

int mv_get(const mv_view *v, const ptrdiff_t *index, int nindex, mv_value *out, size_t nout) {
    MV_GUARD(mv::get(v, index, nindex, out, nout));
}
int mv_set(const mv_view *v, const ptrdiff_t *index, int nindex, const mv_value *values, size_t nvalues) {
    MV_GUARD(mv::set(v, index, nindex, values, nvalues));
}
int mv_field(const mv_view *v, size_t k, mv_field_info *out) { MV_GUARD(mv::field(v, k, out)); }
int mv_unpack(const mv_view *v, mv_value *out, size_t nout) { MV_GUARD(mv::unpack(v, out, nout)); }

int mv_tobytes(const mv_view *v, void *dst, size_t dst_len, char order) {
    MV_GUARD(mv::tobytes(v, dst, dst_len, order));
}
size_t mv_hex_len(const mv_view *v, char sep, int bytes_per_sep) { return mv::hex_len(v, sep, bytes_per_sep); }
int mv_hex(const mv_view *v, char *dst, size_t dst_len, char sep, int bytes_per_sep) {
    MV_GUARD(mv::hex(v, dst, dst_len, sep, bytes_per_sep));
}
int mv_equal(const mv_view *a, const mv_view *b) { MV_GUARD(mv::equal(a, b)); }
int mv_copy(const mv_view *dst, const mv_view *src) { MV_GUARD(mv::copy(dst, src)); }

// Shared memory (core/shm.cpp).
int mv_shm_create(mv_view **out, const char *name, size_t nbytes, unsigned flags) {
    MV_GUARD(mv::shm_create(out, name, nbytes, flags));
}
int mv_shm_open(mv_view **out, const char *name, unsigned flags) { MV_GUARD(mv::shm_open(out, name, flags)); }
int mv_shm_unlink(const char *name) { MV_GUARD(mv::shm_unlink(name)); }

// Suboffsets (PIL-style indirection; the walk is core/iterate.hpp's).
const ptrdiff_t *mv_suboffsets(const mv_view *v) { return v ? v->suboffsets() : nullptr; }

}  // extern "C"
