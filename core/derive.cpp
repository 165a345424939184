#include "derive.hpp"

#include <algorithm>
#include <cstdlib>
#include <new>

#include "error.hpp"
#include "view.hpp"

namespace mv {

namespace {

// Views of at most this many dimensions build their shape on the stack.
struct Dims {
    ptrdiff_t shape[MV_MAX_NDIM];
    ptrdiff_t strides[MV_MAX_NDIM];
    ptrdiff_t suboffsets[MV_MAX_NDIM];
};

// Move an indirect view's geometry by `off` bytes applied after dimension
// `dim` (see offset_target): into data, or into a copy of the suboffsets in
// d.suboffsets, which *sub then points to.
int shift_after(const ptrdiff_t *src_sub, int ndim, int dim, ptrdiff_t off, unsigned char **data, Dims &d,
                const ptrdiff_t **sub) {
    const int j = offset_target(src_sub, dim);
    if (j < 0) {
        if (*data) *data += off;  // an empty view may have no memory: NULL + off is UB
        return MV_OK;
    }
    if (*sub != d.suboffsets) {
        for (int k = 0; k < ndim; k++) d.suboffsets[k] = src_sub[k];
        *sub = d.suboffsets;
    }
    if (__builtin_add_overflow(d.suboffsets[j], off, &d.suboffsets[j]))
        return fail(MV_EOVERFLOW, "suboffset of dimension %d overflows", j + 1);
    return MV_OK;
}

// Formats come back owned by the caller (refcount 1, or immortal); this
// drops that reference once the view has taken its own.
struct FormatRef {
    const Format *f;
    ~FormatRef() {
        if (f) f->release();
    }
};

// The first view of a new buffer: the buffer is created with one reference,
// which passes to the view. On failure nothing is left and on_release is not
// called (the caller still owns the memory).
int view_over_new_buffer(mv_view **out, mv_release_fn on_release, void *ctx, void *owned, const Format *fmt,
                         unsigned char *data, int ndim, const ptrdiff_t *shape, const ptrdiff_t *strides,
                         bool readonly, const ptrdiff_t *suboffsets = nullptr) {
    Buffer *b = new (std::nothrow) Buffer();
    if (!b) return fail(MV_ENOMEM, "out of memory allocating a buffer");
    b->on_release = on_release;
    b->ctx = ctx;
    b->owned = owned;
    int rc = view_new(out, b, fmt, data, ndim, shape, strides, readonly, suboffsets);
    // view_new took its own reference; drop ours without firing the callback.
    b->refs.fetch_sub(1, std::memory_order_relaxed);
    if (rc) delete b;
    return rc;
}

// A fresh 1-D "B" view over a new buffer.
int bytes_view(mv_view **out, unsigned char *data, size_t nbytes, bool readonly, mv_release_fn fn,
               void *ctx, void *owned) {
    const ptrdiff_t shape = static_cast<ptrdiff_t>(nbytes), stride = 1;
    return view_over_new_buffer(out, fn, ctx, owned, format_bytes(), data, 1, &shape, &stride, readonly);
}

// The detectable faults of a PIL-style descriptor: a NULL pointer where a
// suboffset says one is, or a pointer + suboffset that wraps the address
// space. Follows every pointer of the dimensions up to the last indirect one
// (the items past it are plain strided memory).
int check_indirect(unsigned char *p, int ndim, const ptrdiff_t *shape, const ptrdiff_t *strides,
                   const ptrdiff_t *sub, int k = 0) {
    const int last = offset_target(sub, ndim);
    if (k > last) return MV_OK;
    for (ptrdiff_t i = 0; i < shape[k]; i++) {
        unsigned char *q = p + i * strides[k];
        if (sub[k] >= 0) {
            unsigned char *ptr = *reinterpret_cast<unsigned char *const *>(q);
            uintptr_t at;
            if (!ptr)
                return fail(MV_EINVAL, "mv_from_buffer: suboffsets: the pointer at index %td of dimension %d is NULL",
                            i, k + 1);
            if (__builtin_add_overflow(reinterpret_cast<uintptr_t>(ptr), static_cast<uintptr_t>(sub[k]), &at))
                return fail(MV_EOVERFLOW, "mv_from_buffer: suboffsets: pointer + suboffset %td wraps (dimension %d)",
                            sub[k], k + 1);
            q = ptr + sub[k];
        }
        if (int rc = check_indirect(q, ndim, shape, strides, sub, k + 1)) return rc;
    }
    return MV_OK;
}

}  // namespace

int create(mv_view **out, void *data, size_t nbytes, unsigned flags, mv_release_fn on_release, void *ctx) {
    if (!out) return fail(MV_EINVAL, "mv_create: out is NULL");
    if (!data && nbytes) return fail(MV_EINVAL, "mv_create: data is NULL but nbytes is %zu", nbytes);
    if (flags & ~MV_READONLY) return fail(MV_EINVAL, "mv_create: unknown flags 0x%x", flags & ~MV_READONLY);
    if (nbytes > static_cast<size_t>(PTRDIFF_MAX))
        return fail(MV_EOVERFLOW, "mv_create: nbytes %zu exceeds PTRDIFF_MAX", nbytes);
    return bytes_view(out, static_cast<unsigned char *>(data), nbytes, flags & MV_READONLY, on_release, ctx,
                      nullptr);
}

int alloc(mv_view **out, size_t nbytes) {
    if (!out) return fail(MV_EINVAL, "mv_alloc: out is NULL");
    if (nbytes > static_cast<size_t>(PTRDIFF_MAX))
        return fail(MV_EOVERFLOW, "mv_alloc: nbytes %zu exceeds PTRDIFF_MAX", nbytes);
    void *mem = std::calloc(nbytes ? nbytes : 1, 1);
    if (!mem) return fail(MV_ENOMEM, "mv_alloc: out of memory allocating %zu bytes", nbytes);
    int rc = bytes_view(out, static_cast<unsigned char *>(mem), nbytes, false, nullptr, nullptr, mem);
    if (rc) std::free(mem);
    return rc;
}

int from_buffer(mv_view **out, const mv_buffer_info *info) {
    if (!out || !info) return fail(MV_EINVAL, "mv_from_buffer: %s is NULL", out ? "info" : "out");
    if (info->version != MV_BUFFER_INFO_VERSION && info->version != 1)
        return fail(MV_EINVAL, "mv_from_buffer: info->version is %u, this library knows 1..%u", info->version,
                    MV_BUFFER_INFO_VERSION);
    // Version 1 descriptors end before the suboffsets field: never read it.
    const ptrdiff_t *suboffsets = info->version >= 2 ? info->suboffsets : nullptr;
    const int ndim = info->ndim;
    if (ndim < 0 || ndim > MV_MAX_NDIM)
        return fail(MV_EINVAL, "mv_from_buffer: ndim %d is out of range 0..%d", ndim, MV_MAX_NDIM);
    if (ndim > 0 && !info->shape) return fail(MV_EINVAL, "mv_from_buffer: shape is NULL with ndim %d", ndim);
    for (int k = 0; k < ndim; k++)
        if (info->shape[k] < 0)
            return fail(MV_EINVAL, "mv_from_buffer: shape[%d] is negative (%td)", k, info->shape[k]);
    int code = MV_OK;
    FormatRef fmt{Format::parse(info->format ? info->format : "B", &code)};
    if (!fmt.f) return code;
    const size_t itemsize = fmt.f->itemsize();
    if (itemsize == 0) return fail(MV_EFORMAT, "mv_from_buffer: format '%s' has itemsize 0", fmt.f->text().c_str());
    if (info->itemsize && info->itemsize != itemsize)
        return fail(MV_ESIZE, "mv_from_buffer: itemsize %zu does not match format '%s' (itemsize %zu)",
                    info->itemsize, fmt.f->text().c_str(), itemsize);
    size_t nitems, nbytes;
    if (!count_items(ndim, info->shape, &nitems) || __builtin_mul_overflow(nitems, itemsize, &nbytes) ||
        nbytes > static_cast<size_t>(PTRDIFF_MAX))
        return fail(MV_EOVERFLOW, "mv_from_buffer: product(shape) * itemsize overflows");
    if (nitems && !info->data) return fail(MV_EINVAL, "mv_from_buffer: data is NULL with %zu items", nitems);
    Dims d;
    const ptrdiff_t *strides = info->strides;
    if (!strides) {
        if (!c_strides(ndim, info->shape, itemsize, d.strides))
            return fail(MV_EOVERFLOW, "mv_from_buffer: C-contiguous strides overflow");
        strides = d.strides;
    }
    ptrdiff_t lo, hi;
    if (!byte_span(ndim, info->shape, strides, itemsize, &lo, &hi))
        return fail(MV_EOVERFLOW, "mv_from_buffer: shape * strides overflows the address space");
    if (suboffsets) {
        if (ndim == 0) return fail(MV_EINVAL, "mv_from_buffer: suboffsets given for a 0-dimensional buffer");
        if (nitems)
            if (int rc = check_indirect(static_cast<unsigned char *>(info->data), ndim, info->shape, strides,
                                        suboffsets))
                return rc;
    }
    return view_over_new_buffer(out, info->on_release, info->ctx, nullptr, fmt.f,
                                static_cast<unsigned char *>(info->data), ndim, info->shape, strides,
                                info->readonly != 0, suboffsets);
}

int retain(mv_view **out, mv_view *src) {
    if (!out || !src) return fail(MV_EINVAL, "mv_retain: %s is NULL", out ? "src" : "out");
    src->refs.fetch_add(1, std::memory_order_relaxed);
    *out = src;
    return MV_OK;
}

void release(mv_view *v) {
    if (!v) return;
    // A count of 1 seen by a holder means no other handle exists that could
    // change it: the last release needs no read-modify-write.
    if (v->refs.load(std::memory_order_acquire) != 1 && v->refs.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
    view_delete(v);
}

namespace {

// Slice one dimension in place: Python's rule for start/stop/step, and the
// new extent, stride and data pointer.
// *offset gets the bytes the view's start moves by (0 when it has no items).
int slice_dim(ptrdiff_t *shape, ptrdiff_t *strides, ptrdiff_t *offset, const mv_range &r, bool has_items) {
    ptrdiff_t start = r.start, stop = r.stop, step = r.step;
    if (step == MV_NONE) step = 1;
    if (step == 0) return fail(MV_EINVAL, "slice step cannot be zero");
    const ptrdiff_t n = slice_adjust(*shape, &start, &stop, step);
    // No memory backs a view without items: its data pointer stays put.
    *offset = n > 0 && has_items ? start * *strides : 0;
    // stride * step, as CPython does even for short slices (it shows in
    // strides and contiguity); with fewer than two items the stride is
    // never followed, so an overflowing product just keeps the old one.
    ptrdiff_t stride;
    if (__builtin_mul_overflow(*strides, step, &stride)) {
        if (n > 1) return fail(MV_EINTERNAL, "mv_slice: stride overflow");
        stride = *strides;
    }
    *shape = n;
    *strides = stride;
    return MV_OK;
}

}  // namespace

int slice_nd(mv_view **out, const mv_view *src, const mv_range *ranges, int nranges) {
    if (!out || !src || (!ranges && nranges))
        return fail(MV_EINVAL, "mv_slice: %s is NULL", !out ? "out" : !src ? "src" : "ranges");
    if (nranges < 0 || nranges > src->ndim) {
        if (src->ndim == 0) return fail(MV_EINVAL, "invalid indexing of 0-dim memory");
        return fail(MV_EINVAL, "mv_slice_nd: %d slices for a view of %d dimensions", nranges, src->ndim);
    }
    Dims d;
    unsigned char *data = src->data;
    const ptrdiff_t *sub = src->suboffsets();
    for (int k = 0; k < src->ndim; k++) {
        d.shape[k] = src->shape()[k];
        d.strides[k] = src->strides()[k];
    }
    for (int k = 0; k < nranges; k++) {
        ptrdiff_t off = 0;
        if (int rc = slice_dim(&d.shape[k], &d.strides[k], &off, ranges[k], src->nitems > 0)) return rc;
        if (int rc = shift_after(src->suboffsets(), src->ndim, k, off, &data, d, &sub)) return rc;
    }
    // An indirect dimension whose suboffset went negative would read as a
    // plain one: not representable (CPython refuses N-d slicing altogether).
    if (sub != src->suboffsets())
        for (int j = 0; j < src->ndim; j++)
            if (src->suboffsets()[j] >= 0 && sub[j] < 0)
                return fail(MV_ELAYOUT, "mv_slice_nd: this slice of an indirect view needs a negative suboffset at "
                                        "dimension %d (the pointers there point past the start of what they index)",
                            j + 1);
    return view_new(out, src->buf, src->fmt, data, src->ndim, d.shape, d.strides, src->readonly, sub);
}

int slice(mv_view **out, const mv_view *src, ptrdiff_t start, ptrdiff_t stop, ptrdiff_t step) {
    if (src && src->ndim == 0) return fail(MV_EINVAL, "invalid indexing of 0-dim memory");
    const mv_range r{start, stop, step};
    if (out && src && src->ndim == 1) {
        // 1-D, the common case: no copy of shape and strides through Dims.
        ptrdiff_t shape = src->shape()[0], stride = src->strides()[0];
        ptrdiff_t off = 0;
        if (int rc = slice_dim(&shape, &stride, &off, r, src->nitems > 0)) return rc;
        if (!src->indirect) return view_new_1d(out, src->buf, src->fmt, src->data + off, shape, stride, src->readonly);
        return view_new(out, src->buf, src->fmt, src->data + off, 1, &shape, &stride, src->readonly,
                        src->suboffsets());
    }
    return slice_nd(out, src, &r, 1);
}

int index(mv_view **out, const mv_view *src, ptrdiff_t i) {
    if (!out || !src) return fail(MV_EINVAL, "mv_index: %s is NULL", out ? "src" : "out");
    if (src->ndim == 0) return fail(MV_EINVAL, "invalid indexing of 0-dim memory");
    if (!normalize_index(src->shape()[0], &i)) return fail(MV_EINDEX, "index out of bounds on dimension 1");
    // No memory backs a view without items: its data pointer stays put.
    // Through the pointer, for an indirect first dimension (CPython's ADJUST_PTR).
    const ptrdiff_t *sub = src->suboffsets();
    unsigned char *data = src->nitems > 0 ? adjust_ptr(src->data + i * src->strides()[0], sub, 0) : src->data;
    return view_new(out, src->buf, src->fmt, data, src->ndim - 1, src->shape() + 1, src->strides() + 1,
                    src->readonly, sub ? sub + 1 : nullptr);
}

namespace {

// *count = nbytes / itemsize (itemsize > 0); false if that leaves a rest.
inline bool items_in(size_t nbytes, size_t itemsize, size_t *count) {
    // Itemsizes are mostly powers of two: a shift spares a 64-bit division.
    const bool pow2 = (itemsize & (itemsize - 1)) == 0;
    *count = pow2 ? nbytes >> __builtin_ctzll(itemsize) : nbytes / itemsize;
    return *count * itemsize == nbytes;
}

// mv_cast without a shape: a 1-D result over the whole (C-contiguous) source
// from `offset`, or, for the same itemsize, the source's layout kept.
int cast_flat(mv_view **out, const mv_view *src, const Format *f, const char *format, size_t offset) {
    const size_t itemsize = f->itemsize();
    // Same itemsize, source not C-contiguous: only the meaning of the items
    // changes, so the strides stay (an extension: CPython refuses). A
    // C-contiguous source takes the path below even then: a cast result is
    // C-contiguous with strides derived from shape and itemsize, never the
    // source's (a one-item or empty view may carry any stride).
    if (!src->c_contig) {
        if (itemsize == src->itemsize() && offset == 0)
            return view_new(out, src->buf, f, src->data, src->ndim, src->shape(), src->strides(), src->readonly,
                            src->suboffsets());
        return fail(MV_ELAYOUT, "memoryview: casts are restricted to C-contiguous views");
    }
    if (offset > src->nbytes)
        return fail(MV_EINDEX, "memoryview: cast offset %zu is past the end (%zu bytes)", offset, src->nbytes);
    const size_t nbytes = src->nbytes - offset;
    size_t count;
    if (!items_in(nbytes, itemsize, &count))
        return fail(MV_ESIZE, "memoryview: length %zu is not a multiple of itemsize %zu of format '%s'", nbytes,
                    itemsize, format);
    return view_new_1d(out, src->buf, f, src->data ? src->data + offset : nullptr, static_cast<ptrdiff_t>(count),
                       static_cast<ptrdiff_t>(itemsize), src->readonly);
}

// mv_cast to an explicit shape (ndim >= 1 values, each > 0).
int cast_shaped(mv_view **out, const mv_view *src, const Format *f, const ptrdiff_t *shape, int ndim,
                size_t offset) {
    const size_t itemsize = f->itemsize();
    // The same shape and itemsize over a non-C-contiguous source keeps its
    // strides, as in cast_flat.
    const bool keep_shape = itemsize == src->itemsize() && offset == 0 && ndim == src->ndim &&
                            std::equal(shape, shape + ndim, src->shape());
    if (keep_shape && !src->c_contig)
        return view_new(out, src->buf, f, src->data, src->ndim, src->shape(), src->strides(), src->readonly,
                        src->suboffsets());
    if (!src->c_contig) return fail(MV_ELAYOUT, "memoryview: casts are restricted to C-contiguous views");
    if (offset > src->nbytes)
        return fail(MV_EINDEX, "memoryview: cast offset %zu is past the end (%zu bytes)", offset, src->nbytes);
    const size_t nbytes = src->nbytes - offset;
    size_t n, total;
    if (!count_items(ndim, shape, &n) || __builtin_mul_overflow(n, itemsize, &total) ||
        total > static_cast<size_t>(PTRDIFF_MAX))
        return fail(MV_EOVERFLOW, "memoryview.cast(): product(shape) * itemsize overflows");
    if (total != nbytes)
        return fail(MV_ESIZE, "memoryview: product(shape) * itemsize != buffer size (%zu != %zu)", total, nbytes);
    Dims d;
    for (int k = 0; k < ndim; k++) d.shape[k] = shape[k];
    c_strides(ndim, d.shape, itemsize, d.strides);  // cannot overflow: total fits
    return view_new(out, src->buf, f, src->data ? src->data + offset : nullptr, ndim, d.shape, d.strides,
                    src->readonly);
}

}  // namespace

namespace {

// The rest of a cast once its format is parsed; takes over the caller's
// reference to f.
__attribute__((noinline)) int cast_parsed(mv_view **out, const mv_view *src, const Format *f, const char *format,
                                          const ptrdiff_t *shape, int ndim, size_t offset) {
    FormatRef fmt{f};
    if (f->itemsize() == 0) return fail(MV_EFORMAT, "memoryview: cast to format '%s' of itemsize 0", format);
    if (f->has_text())
        return fail(MV_EFORMAT, "memoryview: cannot cast to format '%s': 'u' and 'w' are buffer text codes, "
                                "not struct formats", format);
    return shape ? cast_shaped(out, src, f, shape, ndim, offset) : cast_flat(out, src, f, format, offset);
}

__attribute__((noinline)) int cast_general(mv_view **out, const mv_view *src, const char *format,
                                           const ptrdiff_t *shape, int ndim, size_t offset) {
    if (!out || !src || !format)
        return fail(MV_EINVAL, "mv_cast: %s is NULL", !out ? "out" : !src ? "src" : "format");
    // CPython's rule, in CPython's order (after C-contiguity, which an empty
    // view has): only a plain 1-D -> 1-D cast may start from an empty view.
    if (shape || src->ndim != 1)
        for (int k = 0; k < src->ndim; k++)
            if (src->shape()[k] == 0)
                return fail(MV_ELAYOUT, "memoryview: cannot cast view with zeros in shape or strides");
    if (ndim < 0 || ndim > MV_MAX_NDIM)
        return fail(MV_EINVAL, "memoryview: number of dimensions must not exceed %d (got %d)", MV_MAX_NDIM, ndim);
    if (!shape && ndim) return fail(MV_EINVAL, "mv_cast: shape is NULL with ndim %d", ndim);
    for (int k = 0; k < ndim; k++)
        if (shape[k] <= 0) return fail(MV_EINVAL, "memoryview.cast(): elements of shape must be integers > 0");
    int code = MV_OK;
    const Format *f = Format::parse(format, &code);
    if (!f) return code;
    return cast_parsed(out, src, f, format, shape, ndim, offset);
}

}  // namespace

int cast(mv_view **out, const mv_view *src, const char *format, const ptrdiff_t *shape, int ndim, size_t offset) {
    // The common call, mv_cast(&out, v, fmt, NULL, 0) of a C-contiguous 1-D
    // view to a shared (immortal) format, in a few loads and compares: no
    // other check of cast_general applies to it, and the format needs no
    // reference. Everything else, errors included, goes the general way.
    if (out && src && format && !shape && ndim == 0 && offset == 0 && src->ndim == 1 && src->c_contig) {
        int code = MV_OK;
        const Format *f = Format::parse(format, &code);
        if (!f) return code;
        const size_t itemsize = f->itemsize();
        size_t count;
        if (__builtin_expect(f->immortal() && itemsize != 0 && !f->has_text(), 1) &&
            items_in(src->nbytes, itemsize, &count))
            return view_new_1d(out, src->buf, f, src->data, static_cast<ptrdiff_t>(count),
                               static_cast<ptrdiff_t>(itemsize), src->readonly);
        return cast_parsed(out, src, f, format, shape, ndim, offset);
    }
    return cast_general(out, src, format, shape, ndim, offset);
}

int field_view(mv_view **out, const mv_view *src, size_t k) {
    if (!out || !src) return fail(MV_EINVAL, "mv_field_view: %s is NULL", out ? "src" : "out");
    if (k >= src->fmt->fields().size())
        return fail(MV_EINDEX, "mv_field_view: field %zu of format '%s', which has %zu", k, src->fmt->text().c_str(),
                    src->fmt->fields().size());
    int code = MV_OK;
    const std::string text = src->fmt->field_format(k);
    FormatRef fmt{Format::parse(text.c_str(), &code)};
    if (!fmt.f) return code;
    // The field offset applies to the item, after every pointer is followed.
    Dims d;
    unsigned char *data = src->data;
    const ptrdiff_t *sub = src->suboffsets();
    const ptrdiff_t off = static_cast<ptrdiff_t>(src->fmt->fields()[k].offset);
    if (int rc = shift_after(sub, src->ndim, src->ndim, off, &data, d, &sub)) return rc;
    return view_new(out, src->buf, fmt.f, data, src->ndim, src->shape(), src->strides(), src->readonly, sub);
}

int toreadonly(mv_view **out, const mv_view *src) {
    if (!out || !src) return fail(MV_EINVAL, "mv_toreadonly: %s is NULL", out ? "src" : "out");
    return view_new(out, src->buf, src->fmt, src->data, src->ndim, src->shape(), src->strides(), true,
                    src->suboffsets());
}

int extent(const mv_view *v, ptrdiff_t *lo, ptrdiff_t *hi) {
    if (!v || !lo || !hi) return fail(MV_EINVAL, "mv_extent: %s is NULL", !v ? "view" : !lo ? "lo" : "hi");
    // Every view's span was checked when it was made (mv_from_buffer, and
    // derivations only shrink it), so this cannot overflow.
    if (!byte_span(v->ndim, v->shape(), v->strides(), v->itemsize(), lo, hi))
        return fail(MV_EINTERNAL, "mv_extent: span overflows");
    return MV_OK;
}

}  // namespace mv
