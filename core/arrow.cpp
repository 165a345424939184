// Arrow C Data Interface export and import (spec:
// arrow.apache.org/docs/format/CDataInterface.html). A zero-copy export
// hands out mv_data() itself and keeps the buffer alive by holding a view
// handle in the array's private data; an import moves the ArrowArray into
// a heap copy whose release runs as the buffer's on_release.
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>

#include "derive.hpp"
#include "error.hpp"
#include "interop.hpp"
#include "view.hpp"

namespace mv {

namespace {

// Arrow format of a native, unpadded field ("i", "g", "w:16"); false when
// Arrow has no fixed-width, byte-addressed type for it.
bool arrow_format(const Field &f, char *out, size_t len) {
    const char *p = nullptr;
    switch (f.kind) {
    case MV_KIND_INT: p = f.size == 1 ? "c" : f.size == 2 ? "s" : f.size == 4 ? "i" : f.size == 8 ? "l" : nullptr; break;
    case MV_KIND_UINT: p = f.size == 1 ? "C" : f.size == 2 ? "S" : f.size == 4 ? "I" : f.size == 8 ? "L" : nullptr; break;
    case MV_KIND_FLOAT: p = f.size == 2 ? "e" : f.size == 4 ? "f" : f.size == 8 ? "g" : nullptr; break;
    case MV_KIND_BYTES:
        if (f.code == 'p' || f.size == 0) return false;
        std::snprintf(out, len, "w:%u", static_cast<unsigned>(f.size));
        return true;
    default: return false;  // '?': Arrow booleans are bit-packed
    }
    if (!p) return false;
    std::snprintf(out, len, "%s", p);
    return true;
}

// Why field f cannot be an Arrow column, for the error message.
const char *arrow_refusal(const Field &f) {
    if (f.kind == MV_KIND_BOOL) return "Arrow booleans are bit-packed, '?' items are bytes";
    if (f.code == 'p') return "Pascal strings ('p') have no Arrow type";
    if (f.kind == MV_KIND_TEXT) return "UCS-2/UCS-4 text ('u', 'w') has no Arrow type (Arrow strings are UTF-8)";
    return "no fixed-width Arrow type has this field's size";
}

struct SchemaData {
    char format[32];
    char name[32];
    int64_t n_children;
    ArrowSchema **children;  // n_children pointers into child_structs
    ArrowSchema *child_structs;
};

struct ArrayData {
    mv_view *view;  // holds the buffer (NULL for a struct parent)
    const void *buffers[2];
    int64_t n_children;
    ArrowArray **children;
    ArrowArray *child_structs;
};

// Release the children a consumer has not moved out, and their storage.
template <class Data>
void release_children(Data *d) {
    for (int64_t k = 0; k < d->n_children; k++)
        if (d->children[k]->release) d->children[k]->release(d->children[k]);
    delete[] d->children;
    delete[] d->child_structs;
}

void release_schema(ArrowSchema *s) {
    if (!s || !s->release) return;
    SchemaData *d = static_cast<SchemaData *>(s->private_data);
    release_children(d);
    delete d;
    s->release = nullptr;
}

void release_array(ArrowArray *a) {
    if (!a || !a->release) return;
    ArrayData *d = static_cast<ArrayData *>(a->private_data);
    release_children(d);
    mv::release(d->view);
    delete d;
    a->release = nullptr;
}

// An empty view may have a NULL data pointer; Arrow consumers prefer a
// non-NULL values buffer, so they get this one.
alignas(64) const unsigned char kEmpty[64] = {0};

void fill_schema(ArrowSchema *s, SchemaData *d, const char *name) {
    std::snprintf(d->name, sizeof d->name, "%s", name);
    s->format = d->format;
    s->name = d->name;
    s->metadata = nullptr;
    s->flags = 0;
    s->n_children = d->n_children;
    s->children = d->children;
    s->dictionary = nullptr;
    s->release = release_schema;
    s->private_data = d;
}

// Export a contiguous 1-D view of one native, unpadded field whose Arrow
// format is `format`; retains the view. Only allocation can fail.
int export_column(const mv_view *v, const char *format, const char *name, ArrowSchema *schema,
                  ArrowArray *array) {
    SchemaData *sd = new (std::nothrow) SchemaData();
    ArrayData *ad = new (std::nothrow) ArrayData();
    if (!sd || !ad) {
        delete sd;
        delete ad;
        return fail(MV_ENOMEM, "mv_to_arrow: out of memory");
    }
    std::snprintf(sd->format, sizeof sd->format, "%s", format);
    fill_schema(schema, sd, name);
    mv_view *held = nullptr;
    retain(&held, const_cast<mv_view *>(v));
    ad->view = held;
    ad->buffers[0] = nullptr;
    ad->buffers[1] = v->data ? v->data : kEmpty;
    array->length = static_cast<int64_t>(v->nitems);
    array->null_count = 0;
    array->offset = 0;
    array->n_buffers = 2;
    array->n_children = 0;
    array->buffers = ad->buffers;
    array->children = nullptr;
    array->dictionary = nullptr;
    array->release = release_array;
    array->private_data = ad;
    return MV_OK;
}

// Export one field of a 1-D view as a column: zero-copy when it already is a
// contiguous native column, else (copy allowed) through a native copy.
int export_field_column(const mv_view *v, const Field &f, bool whole_item, bool copy_ok, bool force,
                        const char *name, ArrowSchema *schema, ArrowArray *array) {
    char format[32];
    arrow_format(f, format, sizeof format);  // checked by the caller
    const bool contiguous = v->nitems <= 1 || v->strides()[0] == static_cast<ptrdiff_t>(v->itemsize());
    if (whole_item && !f.swap && contiguous && !force) return export_column(v, format, name, schema, array);
    if (!copy_ok) {
        if (f.swap)
            return fail(MV_EFORMAT,
                        "mv_to_arrow: format '%s' is not in native byte order (Arrow arrays are native-endian); "
                        "pass MV_EXPORT_COPY to export a decoded copy",
                        v->fmt->text().c_str());
        return fail(MV_ELAYOUT,
                    "mv_to_arrow: the view is strided (stride %td, itemsize %zu) and Arrow needs contiguous "
                    "items; pass MV_EXPORT_COPY to export a contiguous copy",
                    v->strides()[0], v->itemsize());
    }
    const std::string native = native_field_format(f);
    ViewRef copy;
    int rc = native_copy(&copy.v, v, native.c_str());
    if (rc) return rc;
    return export_column(copy.v, format, name, schema, array);
}

int export_struct(const mv_view *v, bool force, ArrowSchema *schema, ArrowArray *array) {
    const auto &fields = v->fmt->fields();
    const int64_t n = static_cast<int64_t>(fields.size());
    SchemaData *sd = new (std::nothrow) SchemaData();
    ArrayData *ad = new (std::nothrow) ArrayData();
    ArrowSchema **sc = new (std::nothrow) ArrowSchema *[n];
    ArrowSchema *ss = new (std::nothrow) ArrowSchema[n]();
    ArrowArray **ac = new (std::nothrow) ArrowArray *[n];
    ArrowArray *as = new (std::nothrow) ArrowArray[n]();
    if (!sd || !ad || !sc || !ss || !ac || !as) {
        delete sd;
        delete ad;
        delete[] sc;
        delete[] ss;
        delete[] ac;
        delete[] as;
        return fail(MV_ENOMEM, "mv_to_arrow: out of memory");
    }
    std::snprintf(sd->format, sizeof sd->format, "+s");
    sd->children = sc;
    sd->child_structs = ss;
    ad->children = ac;
    ad->child_structs = as;
    for (int64_t k = 0; k < n; k++) {
        sc[k] = &ss[k];
        ac[k] = &as[k];
    }
    // Parent structs own the children made so far: on failure their release
    // frees what exists.
    fill_schema(schema, sd, "");
    ad->buffers[0] = nullptr;
    *array = ArrowArray{static_cast<int64_t>(v->nitems), 0, 0, 1, 0, ad->buffers, ac, nullptr, release_array, ad};
    // An empty view may have no data pointer, and field views add offsets
    // to it: give them an empty view over real (unread) memory instead.
    ViewRef nonnull;
    if (!v->data) {
        const ptrdiff_t zero = 0;
        mv_buffer_info info = MV_BUFFER_INFO_INIT;
        info.data = const_cast<unsigned char *>(kEmpty);
        info.format = v->fmt->text().c_str();
        info.ndim = 1;
        info.shape = &zero;
        info.readonly = 1;
        int rc = from_buffer(&nonnull.v, &info);
        if (rc) {
            release_schema(schema);
            release_array(array);
            return rc;
        }
        v = nonnull.v;
    }
    for (int64_t k = 0; k < n; k++) {
        ViewRef col;
        int rc = field_view(&col.v, v, static_cast<size_t>(k));
        char name[32];
        std::snprintf(name, sizeof name, "f%lld", static_cast<long long>(k));
        if (rc == MV_OK)
            rc = export_field_column(col.v, fields[k], false, true, force, name, &ss[k], &as[k]);
        if (rc) {
            release_schema(schema);
            release_array(array);
            return rc;
        }
        sd->n_children = ad->n_children = k + 1;
        schema->n_children = array->n_children = k + 1;
    }
    return MV_OK;
}

}  // namespace

int to_arrow(const mv_view *v, ArrowSchema *schema, ArrowArray *array, unsigned flags) {
    if (!v || !schema || !array)
        return fail(MV_EINVAL, "mv_to_arrow: %s is NULL", !v ? "view" : !schema ? "schema" : "array");
    const unsigned known = MV_EXPORT_COPY | MV_EXPORT_FORCE_COPY;
    if (flags & ~known) return fail(MV_EINVAL, "mv_to_arrow: unknown flags 0x%x", flags & ~known);
    if (v->ndim != 1)
        return fail(MV_EINVAL, "mv_to_arrow: Arrow arrays are 1-D and the view has %d dimensions", v->ndim);
    const auto &fields = v->fmt->fields();
    if (fields.empty())
        return fail(MV_EFORMAT, "mv_to_arrow: format '%s' has no fields (pad bytes only)", v->fmt->text().c_str());
    char scratch[32];
    for (const Field &f : fields)
        if (!arrow_format(f, scratch, sizeof scratch))
            return fail(MV_EFORMAT, "mv_to_arrow: format '%s': %s", v->fmt->text().c_str(), arrow_refusal(f));
    const bool force = flags & MV_EXPORT_FORCE_COPY;
    const bool copy_ok = force || (flags & MV_EXPORT_COPY);
    ArrowSchema s{};
    ArrowArray a{};
    int rc;
    if (fields.size() == 1 && fields[0].size == v->itemsize()) {
        rc = export_field_column(v, fields[0], true, copy_ok, force, "", &s, &a);
    } else {
        if (!copy_ok)
            return fail(MV_EFORMAT,
                        "mv_to_arrow: format '%s' is a record (%zu fields in %zu bytes); Arrow holds records as "
                        "struct arrays of contiguous columns: pass MV_EXPORT_COPY to export one",
                        v->fmt->text().c_str(), fields.size(), v->itemsize());
        rc = export_struct(v, force, &s, &a);
    }
    if (rc) return rc;
    *schema = s;
    *array = a;
    return MV_OK;
}

namespace {

// The memview format of an Arrow fixed-width format; MV_OK or MV_EFORMAT.
int struct_format(const char *arrow, char *out, size_t len) {
    static const char *const kMap[][2] = {{"c", "b"}, {"C", "B"}, {"s", "h"}, {"S", "H"}, {"i", "i"}, {"I", "I"},
                                          {"l", "q"}, {"L", "Q"}, {"e", "e"}, {"f", "f"}, {"g", "d"}};
    for (const auto &m : kMap)
        if (std::strcmp(arrow, m[0]) == 0) {
            std::snprintf(out, len, "%s", m[1]);
            return MV_OK;
        }
    if (arrow[0] == 'w' && arrow[1] == ':' && arrow[2] >= '1' && arrow[2] <= '9') {
        char *end = nullptr;
        errno = 0;
        const long long n = std::strtoll(arrow + 2, &end, 10);
        if (errno == 0 && *end == '\0' && n > 0 && n <= INT32_MAX) {
            std::snprintf(out, len, "%llds", n);
            return MV_OK;
        }
    }
    if (std::strcmp(arrow, "b") == 0)
        return fail(MV_EFORMAT, "mv_from_arrow: Arrow format 'b' (boolean) is bit-packed and cannot be viewed");
    return fail(MV_EFORMAT,
                "mv_from_arrow: Arrow format '%.40s' is not a fixed-width primitive or fixed-size binary type",
                arrow);
}

// Are the items [offset, offset + length) of a validity bitmap all set?
bool all_valid(const unsigned char *bits, int64_t offset, int64_t length) {
    for (int64_t i = offset; i < offset + length; i++)
        if (!(bits[i >> 3] >> (i & 7) & 1)) return false;
    return true;
}

void release_imported(void *ctx) {
    ArrowArray *a = static_cast<ArrowArray *>(ctx);
    if (a->release) a->release(a);
    delete a;
}

}  // namespace

int from_arrow(mv_view **out, ArrowArray *array, const ArrowSchema *schema, unsigned flags) {
    if (!out || !array || !schema)
        return fail(MV_EINVAL, "mv_from_arrow: %s is NULL", !out ? "out" : !array ? "array" : "schema");
    if (flags & ~MV_ARROW_WRITABLE)
        return fail(MV_EINVAL, "mv_from_arrow: unknown flags 0x%x", flags & ~MV_ARROW_WRITABLE);
    if (!array->release) return fail(MV_EINVAL, "mv_from_arrow: the array is released (release is NULL)");
    if (!schema->release) return fail(MV_EINVAL, "mv_from_arrow: the schema is released (release is NULL)");
    if (!schema->format) return fail(MV_EINVAL, "mv_from_arrow: schema->format is NULL");
    if (schema->dictionary)
        return fail(MV_EFORMAT, "mv_from_arrow: dictionary-encoded arrays cannot be viewed");
    char format[32];
    int rc = struct_format(schema->format, format, sizeof format);
    if (rc) return rc;
    if (schema->n_children != 0)
        return fail(MV_EFORMAT, "mv_from_arrow: the schema has %lld children; a primitive type has none",
                    static_cast<long long>(schema->n_children));
    if (array->n_buffers != 2)
        return fail(MV_EINVAL, "mv_from_arrow: n_buffers is %lld; a '%s' array has 2 (validity, values)",
                    static_cast<long long>(array->n_buffers), schema->format);
    if (!array->buffers) return fail(MV_EINVAL, "mv_from_arrow: buffers is NULL");
    if (array->n_children != 0 || array->dictionary)
        return fail(MV_EINVAL, "mv_from_arrow: a primitive array has no children or dictionary");
    if (array->length < 0 || array->offset < 0)
        return fail(MV_EINVAL, "mv_from_arrow: negative %s (%lld)", array->length < 0 ? "length" : "offset",
                    static_cast<long long>(array->length < 0 ? array->length : array->offset));
    const int64_t length = array->length, offset = array->offset;
    int64_t end;
    if (__builtin_add_overflow(offset, length, &end))
        return fail(MV_EOVERFLOW, "mv_from_arrow: offset + length overflows");
    if (array->null_count > 0 || array->null_count < -1)
        return fail(MV_EINVAL, "mv_from_arrow: the array has null_count %lld; memview views have no nulls",
                    static_cast<long long>(array->null_count));
    if (array->null_count == -1 && array->buffers[0] && length > 0 &&
        !all_valid(static_cast<const unsigned char *>(array->buffers[0]), offset, length))
        return fail(MV_EINVAL, "mv_from_arrow: the array has nulls; memview views have no nulls");

    int code = MV_OK;
    const Format *fmt = Format::parse(format, &code);
    if (!fmt) return code;
    const size_t itemsize = fmt->itemsize();
    fmt->release();
    size_t end_bytes;
    if (__builtin_mul_overflow(static_cast<size_t>(end), itemsize, &end_bytes) ||
        end_bytes > static_cast<size_t>(PTRDIFF_MAX))
        return fail(MV_EOVERFLOW, "mv_from_arrow: (offset + length) * itemsize overflows");
    const unsigned char *values = static_cast<const unsigned char *>(array->buffers[1]);
    if (!values && length > 0) return fail(MV_EINVAL, "mv_from_arrow: the values buffer (buffers[1]) is NULL");

    ArrowArray *moved = new (std::nothrow) ArrowArray(*array);
    if (!moved) return fail(MV_ENOMEM, "mv_from_arrow: out of memory");
    const ptrdiff_t shape = static_cast<ptrdiff_t>(length);
    mv_buffer_info info = MV_BUFFER_INFO_INIT;
    info.data = values ? const_cast<unsigned char *>(values) + static_cast<size_t>(offset) * itemsize : nullptr;
    info.format = format;
    info.ndim = 1;
    info.shape = &shape;
    info.readonly = !(flags & MV_ARROW_WRITABLE);
    info.on_release = release_imported;
    info.ctx = moved;
    rc = from_buffer(out, &info);
    if (rc) {
        delete moved;  // not taken: the caller's array is untouched
        return rc;
    }
    array->release = nullptr;  // moved
    return MV_OK;
}

}  // namespace mv
