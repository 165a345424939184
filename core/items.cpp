#include "items.hpp"

#include <cstring>
#include <new>

#include "error.hpp"
#include "iterate.hpp"
#include "scalar.hpp"
#include "view.hpp"

namespace mv {

namespace {

int item_ptr(const mv_view *v, const ptrdiff_t *index, int nindex, unsigned char **out) {
    if (nindex != v->ndim) {
        if (v->ndim == 0) return fail(MV_EINVAL, "invalid indexing of 0-dim memory");
        return fail(MV_EINVAL, "memoryview: %d-dimensional view needs %d indices, got %d", v->ndim, v->ndim, nindex);
    }
    if (nindex && !index) return fail(MV_EINVAL, "memoryview: index is NULL");
    unsigned char *p = v->data;
    for (int k = 0; k < nindex; k++) {
        ptrdiff_t i = index[k];
        if (!normalize_index(v->shape()[k], &i)) return fail(MV_EINDEX, "index out of bounds on dimension %d", k + 1);
        p += i * v->strides()[k];
    }
    *out = p;
    return MV_OK;
}

}  // namespace

int get(const mv_view *v, const ptrdiff_t *index, int nindex, mv_value *out, size_t nout) {
    if (!v || !out) return fail(MV_EINVAL, "mv_get: %s is NULL", v ? "out" : "view");
    const auto &fields = v->fmt->fields();
    if (nout < fields.size())
        return fail(MV_ESIZE, "mv_get: format '%s' has %zu fields, out holds %zu", v->fmt->text().c_str(),
                    fields.size(), nout);
    unsigned char *p;
    if (int rc = item_ptr(v, index, nindex, &p)) return rc;
    for (size_t k = 0; k < fields.size(); k++) unpack_field(fields[k], p, &out[k]);
    return MV_OK;
}

int set(const mv_view *v, const ptrdiff_t *index, int nindex, const mv_value *values, size_t nvalues) {
    if (!v || (!values && nvalues)) return fail(MV_EINVAL, "mv_set: %s is NULL", v ? "values" : "view");
    if (v->readonly) return fail(MV_EREADONLY, "cannot modify read-only memoryview");
    const auto &fields = v->fmt->fields();
    if (nvalues != fields.size())
        return fail(MV_EINVAL, "mv_set: format '%s' has %zu fields, got %zu values", v->fmt->text().c_str(),
                    fields.size(), nvalues);
    unsigned char *p;
    if (int rc = item_ptr(v, index, nindex, &p)) return rc;
    // Pack into a scratch item first so that nothing is written unless every
    // value packs (and pad bytes keep their contents).
    const size_t size = v->itemsize();
    unsigned char small[256];
    unsigned char *scratch = size <= sizeof small ? small : new (std::nothrow) unsigned char[size];
    if (!scratch) return fail(MV_ENOMEM, "mv_set: out of memory");
    std::memcpy(scratch, p, size);
    int rc = MV_OK;
    for (size_t k = 0; k < fields.size() && rc == MV_OK; k++)
        rc = pack_field(fields[k], values[k], scratch + fields[k].offset);
    if (rc == MV_OK) std::memcpy(p, scratch, size);
    if (scratch != small) delete[] scratch;
    return rc;
}

int unpack(const mv_view *v, mv_value *out, size_t nout) {
    if (!v) return fail(MV_EINVAL, "mv_unpack: view is NULL");
    const auto &fields = v->fmt->fields();
    size_t need;
    if (__builtin_mul_overflow(v->nitems, fields.size(), &need))
        return fail(MV_EOVERFLOW, "mv_unpack: too many values");
    if (nout < need) return fail(MV_ESIZE, "mv_unpack: the view has %zu values, out holds %zu", need, nout);
    if (need && !out) return fail(MV_EINVAL, "mv_unpack: out is NULL");
    mv_value *o = out;
    for_each_row(v->layout(), [&](unsigned char *p, ptrdiff_t stride, ptrdiff_t n) {
        for (ptrdiff_t i = 0; i < n; i++, p += stride)
            for (const Field &f : fields) unpack_field(f, p, o++);
    });
    return MV_OK;
}

int field(const mv_view *v, size_t k, mv_field_info *out) {
    if (!v || !out) return fail(MV_EINVAL, "mv_field: %s is NULL", v ? "out" : "view");
    const auto &fields = v->fmt->fields();
    if (k >= fields.size())
        return fail(MV_EINDEX, "mv_field: field %zu of format '%s', which has %zu", k, v->fmt->text().c_str(),
                    fields.size());
    const Field &f = fields[k];
    const uint16_t one = 1;
    unsigned char first;
    std::memcpy(&first, &one, 1);
    const bool host_big = first == 0;
    out->code = f.code;
    out->kind = f.kind;
    out->offset = f.offset;
    out->size = f.size;
    out->big_endian = host_big != f.swap;
    return MV_OK;
}

int equal(const mv_view *a, const mv_view *b) {
    if (!a || !b) return fail(MV_EINVAL, "mv_equal: %s is NULL", a ? "b" : "a");
    if (a->ndim != b->ndim) return 0;
    for (int k = 0; k < a->ndim; k++)
        if (a->shape()[k] != b->shape()[k]) return 0;
    if (a->nitems == 0) return 1;
    const auto &fa = a->fmt->fields();
    const auto &fb = b->fmt->fields();
    if (fa.size() != fb.size()) return 0;
    if (a->fmt->memcmp_equal() && a->fmt->equivalent(*b->fmt)) {
        // Values are equal exactly when bytes are.
        if (a->c_contig && b->c_contig) return std::memcmp(a->data, b->data, a->nbytes) == 0;
        const size_t size = a->itemsize();
        bool eq = true;
        for_each_row2(a->ndim, a->shape(), a->data, a->strides(), b->data, b->strides(),
                      [&](unsigned char *p, ptrdiff_t ps, unsigned char *q, ptrdiff_t qs, ptrdiff_t n) {
                          if (!eq) return;
                          if (ps == qs && ps == static_cast<ptrdiff_t>(size)) {
                              eq = std::memcmp(p, q, n * size) == 0;
                              return;
                          }
                          for (ptrdiff_t i = 0; i < n && eq; i++, p += ps, q += qs) eq = std::memcmp(p, q, size) == 0;
                      });
        return eq;
    }
    bool eq = true;
    for_each_row2(a->ndim, a->shape(), a->data, a->strides(), b->data, b->strides(),
                  [&](unsigned char *p, ptrdiff_t ps, unsigned char *q, ptrdiff_t qs, ptrdiff_t n) {
                      mv_value x, y;
                      for (ptrdiff_t i = 0; i < n && eq; i++, p += ps, q += qs) {
                          for (size_t k = 0; k < fa.size(); k++) {
                              unpack_field(fa[k], p, &x);
                              unpack_field(fb[k], q, &y);
                              if (!values_equal(x, y)) {
                                  eq = false;
                                  break;
                              }
                          }
                      }
                  });
    return eq;
}

}  // namespace mv
