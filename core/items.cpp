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
    // Check every index before adding any offset: only then does the view
    // have items and every offset fit.
    ptrdiff_t idx[MV_MAX_NDIM];
    for (int k = 0; k < nindex; k++) {
        idx[k] = index[k];
        if (!normalize_index(v->shape()[k], &idx[k]))
            return fail(MV_EINDEX, "index out of bounds on dimension %d", k + 1);
    }
    unsigned char *p = v->data;
    const ptrdiff_t *sub = v->suboffsets();
    for (int k = 0; k < nindex; k++) p = adjust_ptr(p + idx[k] * v->strides()[k], sub, k);
    *out = p;
    return MV_OK;
}

// Text fields ('u', 'w') have a layout but no value: CPython's memoryview
// refuses to unpack or pack them ("memoryview: format w not supported").
int refuse_text(const mv_view *v) {
    const char *f = v->fmt->text().c_str();
    return fail(MV_EFORMAT, "memoryview: format %s not supported", f[0] == '@' ? f + 1 : f);
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
    if (v->fmt->has_text()) return refuse_text(v);
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
    if (v->fmt->has_text()) return refuse_text(v);
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
    if (v->nitems && v->fmt->has_text()) return refuse_text(v);
    mv_value *o = out;
    for_each_row(v->layout(), [&](unsigned char *p, ptrdiff_t stride, ptrdiff_t n) {
        // Offsets from the row start: never a pointer past the last item (a
        // one-item view may have any stride).
        for (ptrdiff_t i = 0; i < n; i++)
            for (const Field &f : fields) unpack_field(f, p + i * stride, o++);
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

// ---- mv_equal -------------------------------------------------------------
// memoryview == compares unpacked values. Doing that through mv_value costs
// ~10 ns an item; instead each numeric field gets a typed loader per side,
// chosen once, that decodes a chunk of items into a common domain (int64 or
// double), and the chunks are compared with a tight loop. Equality of the
// whole view is the AND over items and fields, so fields are compared one
// after the other. Bytes fields ('c', 's', 'p') take the generic path.

namespace {

constexpr ptrdiff_t kEqChunk = 256;

enum class Domain { Int, Float, Other };

inline uint8_t bswap(uint8_t x) { return x; }
inline uint16_t bswap(uint16_t x) { return __builtin_bswap16(x); }
inline uint32_t bswap(uint32_t x) { return __builtin_bswap32(x); }
inline uint64_t bswap(uint64_t x) { return __builtin_bswap64(x); }

template <class U, bool Swap>
inline U load_bits(const unsigned char *p) {
    U x;
    std::memcpy(&x, p, sizeof x);
    return Swap ? bswap(x) : x;
}

// Stored as U (unsigned, byte-swapped if Swap), valued as S, written as Out:
// int64 for comparing with integers, double for comparing with floats
// (integers of at most 32 bits are exact as doubles, so Python's exact
// int == float then is plain ==).
template <class U, class S, bool Swap, class Out>
void decode_int(const unsigned char *p, ptrdiff_t stride, ptrdiff_t n, void *out) {
    Out *o = static_cast<Out *>(out);
    if (stride == static_cast<ptrdiff_t>(sizeof(U))) {
        for (ptrdiff_t i = 0; i < n; i++) o[i] = static_cast<Out>(static_cast<S>(load_bits<U, Swap>(p + i * sizeof(U))));
    } else {
        for (ptrdiff_t i = 0; i < n; i++) o[i] = static_cast<Out>(static_cast<S>(load_bits<U, Swap>(p + i * stride)));
    }
}

template <class Out>
void decode_bool(const unsigned char *p, ptrdiff_t stride, ptrdiff_t n, void *out) {
    Out *o = static_cast<Out *>(out);
    for (ptrdiff_t i = 0; i < n; i++) o[i] = p[i * stride] != 0 ? Out(1) : Out(0);
}

// Out is double, or float when both sides are float32 (half the traffic).
template <class U, class F, bool Swap, class Out = double>
void decode_float(const unsigned char *p, ptrdiff_t stride, ptrdiff_t n, void *out) {
    Out *o = static_cast<Out *>(out);
    auto one = [](const unsigned char *q) {
        const U bits = load_bits<U, Swap>(q);
        F x;
        std::memcpy(&x, &bits, sizeof x);
        return static_cast<Out>(x);
    };
    if (stride == static_cast<ptrdiff_t>(sizeof(U))) {
        for (ptrdiff_t i = 0; i < n; i++) o[i] = one(p + i * sizeof(U));
    } else {
        for (ptrdiff_t i = 0; i < n; i++) o[i] = one(p + i * stride);
    }
}

template <bool Swap>
void decode_half(const unsigned char *p, ptrdiff_t stride, ptrdiff_t n, void *out) {
    double *o = static_cast<double *>(out);
    for (ptrdiff_t i = 0; i < n; i++) o[i] = half_to_double(load_bits<uint16_t, Swap>(p + i * stride));
}

using DecodeFn = void (*)(const unsigned char *, ptrdiff_t, ptrdiff_t, void *);

struct Loader {
    Domain domain = Domain::Other;
    DecodeFn fn = nullptr;
    DecodeFn fn_double = nullptr;  // Int domain values that are exact as doubles
    DecodeFn fn_float = nullptr;   // float32 fields, decoded as float
    bool u64 = false;     // unsigned 64-bit: decoded bits may read as negative int64
    bool signed_ = false; // may hold negative values
};

template <class U, class S, class Out = int64_t>
DecodeFn int_fn(bool swap) {
    return swap ? decode_int<U, S, true, Out> : decode_int<U, S, false, Out>;
}

Loader loader_for(const Field &f) {
    Loader l;
    switch (f.kind) {
    case MV_KIND_INT:
    case MV_KIND_UINT: {
        const bool s = f.kind == MV_KIND_INT;
        l.domain = Domain::Int;
        l.signed_ = s;
        l.u64 = !s && f.size == 8;
        switch (f.size) {
        case 1:
            l.fn = s ? int_fn<uint8_t, int8_t>(false) : int_fn<uint8_t, uint8_t>(false);
            l.fn_double = s ? int_fn<uint8_t, int8_t, double>(false) : int_fn<uint8_t, uint8_t, double>(false);
            break;
        case 2:
            l.fn = s ? int_fn<uint16_t, int16_t>(f.swap) : int_fn<uint16_t, uint16_t>(f.swap);
            l.fn_double = s ? int_fn<uint16_t, int16_t, double>(f.swap) : int_fn<uint16_t, uint16_t, double>(f.swap);
            break;
        case 4:
            l.fn = s ? int_fn<uint32_t, int32_t>(f.swap) : int_fn<uint32_t, uint32_t>(f.swap);
            l.fn_double = s ? int_fn<uint32_t, int32_t, double>(f.swap) : int_fn<uint32_t, uint32_t, double>(f.swap);
            break;
        case 8: l.fn = s ? int_fn<uint64_t, int64_t>(f.swap) : int_fn<uint64_t, uint64_t>(f.swap); break;
        default: l.domain = Domain::Other; break;
        }
        break;
    }
    case MV_KIND_BOOL:
        l.domain = Domain::Int;
        l.fn = decode_bool<int64_t>;
        l.fn_double = decode_bool<double>;
        break;
    case MV_KIND_FLOAT:
        l.domain = Domain::Float;
        switch (f.size) {
        case 2: l.fn = f.swap ? decode_half<true> : decode_half<false>; break;
        case 4:
            l.fn = f.swap ? decode_float<uint32_t, float, true> : decode_float<uint32_t, float, false>;
            l.fn_float = f.swap ? decode_float<uint32_t, float, true, float> : decode_float<uint32_t, float, false, float>;
            break;
        case 8: l.fn = f.swap ? decode_float<uint64_t, double, true> : decode_float<uint64_t, double, false>; break;
        default: l.domain = Domain::Other; break;
        }
        break;
    default:
        break;
    }
    return l;
}

// The comparisons accumulate without branching so that they vectorise; a
// chunk is short, so an early exit inside it buys nothing.
// GCC 12 does not vectorise a floating compare into an integer reduction on
// baseline x86-64, so this one is written with (portable GCC/clang) vector
// types. x != y is true for NaN, as Python's NaN != NaN.
template <class F, class I>
bool chunk_equal_float(const F *x, const F *y, ptrdiff_t n) {
    constexpr int kLanes = 16 / sizeof(F);
    typedef F vf __attribute__((vector_size(16)));
    typedef I vi __attribute__((vector_size(16)));
    vi differ = {};
    ptrdiff_t i = 0;
    for (; i + kLanes <= n; i += kLanes) {
        vf a, b;
        std::memcpy(&a, x + i, sizeof a);
        std::memcpy(&b, y + i, sizeof b);
        differ |= a != b;
    }
    bool eq = true;
    for (int k = 0; k < kLanes; k++) eq &= differ[k] == 0;
    for (; i < n; i++) eq &= x[i] == y[i];
    return eq;
}

bool chunk_equal_ii(const int64_t *x, const int64_t *y, ptrdiff_t n) {
    int64_t differ = 0;
    for (ptrdiff_t i = 0; i < n; i++) differ |= x[i] ^ y[i];
    return !differ;
}

// One side is unsigned 64-bit and the other may be negative: equal bits mean
// equal values only when they read as non-negative.
bool chunk_equal_ii_sign(const int64_t *x, const int64_t *y, ptrdiff_t n) {
    int64_t differ = 0;
    for (ptrdiff_t i = 0; i < n; i++) differ |= (x[i] ^ y[i]) | (x[i] & INT64_MIN);
    return !differ;
}

// Python's exact int == float (as values_equal): the double must be the
// integer itself, not merely its rounding.
bool int_equals(int64_t i, double d, bool u64) {
    if ((u64 ? static_cast<double>(static_cast<uint64_t>(i)) : static_cast<double>(i)) != d) return false;
    // Below 2^53 in magnitude the conversion above was exact.
    if (!u64 && i >= -(int64_t(1) << 53) && i <= (int64_t(1) << 53)) return true;
    if (u64 && static_cast<uint64_t>(i) <= (uint64_t(1) << 53)) return true;
    if (u64) return d < 18446744073709551616.0 && static_cast<uint64_t>(d) == static_cast<uint64_t>(i);
    return d < 9223372036854775808.0 && static_cast<int64_t>(d) == i;
}

bool chunk_equal_if(const int64_t *x, bool u64, const double *y, ptrdiff_t n) {
    bool eq = true;
    for (ptrdiff_t i = 0; i < n; i++) eq &= int_equals(x[i], y[i], u64);
    return eq;
}

// Field fa of every item of a against field fb of the same item of b.
bool field_equal(const mv_view *a, const Field &fa, const mv_view *b, const Field &fb) {
    const Loader la = loader_for(fa), lb = loader_for(fb);
    bool eq = true;
    if (la.domain == Domain::Other || lb.domain == Domain::Other) {
        for_each_row2(a->ndim, a->shape(), a->data, a->strides(), b->data, b->strides(),
                      [&](unsigned char *p, ptrdiff_t ps, unsigned char *q, ptrdiff_t qs, ptrdiff_t n) {
                          mv_value x, y;
                          // Offsets from the row start, never a pointer past the
                          // last item: a one-item view may have a huge stride.
                          for (ptrdiff_t i = 0; i < n && eq; i++) {
                              unpack_field(fa, p + i * ps, &x);
                              unpack_field(fb, q + i * qs, &y);
                              eq = values_equal(x, y);
                          }
                      }, a->suboffsets(), b->suboffsets());
        return eq;
    }
    // Int on the left whenever the domains differ.
    const bool flip = la.domain == Domain::Float && lb.domain == Domain::Int;
    Loader l1 = flip ? lb : la, l2 = flip ? la : lb;
    if (l1.domain == Domain::Int && l2.domain == Domain::Float && l1.fn_double) {
        l1.fn = l1.fn_double;
        l1.domain = Domain::Float;
    }
    const mv_view *v1 = flip ? b : a, *v2 = flip ? a : b;
    const size_t off1 = flip ? fb.offset : fa.offset, off2 = flip ? fa.offset : fb.offset;
    const bool sign_guard = (l1.u64 && l2.signed_) || (l2.u64 && l1.signed_);
    // float32 against float32 (any byte order) compares as float: exact, and
    // the chunks are half the size.
    const bool f32 = l1.fn_float && l2.fn_float;
    if (f32) {
        l1.fn = l1.fn_float;
        l2.fn = l2.fn_float;
    }
    // Decoded chunks: the int64 member for the Int domain, double for Float.
    union Chunk {
        int64_t i[kEqChunk];
        double d[kEqChunk];
        float f[kEqChunk];
    };
    alignas(32) Chunk c1, c2;
    auto out_of = [f32](Chunk &c, Domain dom) -> void * {
        if (dom == Domain::Int) return c.i;
        return f32 ? static_cast<void *>(c.f) : static_cast<void *>(c.d);
    };
    void *out1 = out_of(c1, l1.domain), *out2 = out_of(c2, l2.domain);
    for_each_row2(v1->ndim, v1->shape(), v1->data, v1->strides(), v2->data, v2->strides(),
                  [&](unsigned char *p, ptrdiff_t ps, unsigned char *q, ptrdiff_t qs, ptrdiff_t n) {
                      p += off1;
                      q += off2;
                      for (ptrdiff_t done = 0; done < n && eq; done += kEqChunk) {
                          const ptrdiff_t m = n - done < kEqChunk ? n - done : kEqChunk;
                          l1.fn(p + done * ps, ps, m, out1);
                          l2.fn(q + done * qs, qs, m, out2);
                          if (f32) eq = chunk_equal_float<float, int32_t>(c1.f, c2.f, m);
                          else if (l1.domain == Domain::Float) eq = chunk_equal_float<double, int64_t>(c1.d, c2.d, m);
                          else if (l2.domain == Domain::Float) eq = chunk_equal_if(c1.i, l1.u64, c2.d, m);
                          else if (sign_guard) eq = chunk_equal_ii_sign(c1.i, c2.i, m);
                          else eq = chunk_equal_ii(c1.i, c2.i, m);
                      }
                  }, v1->suboffsets(), v2->suboffsets());
    return eq;
}

}  // namespace

int equal(const mv_view *a, const mv_view *b) {
    if (!a || !b) return fail(MV_EINVAL, "mv_equal: %s is NULL", a ? "b" : "a");
    if (a->fmt->has_text() || b->fmt->has_text()) return 0;  // no value to compare (CPython: False)
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
                          for (ptrdiff_t i = 0; i < n && eq; i++) eq = std::memcmp(p + i * ps, q + i * qs, size) == 0;
                      }, a->suboffsets(), b->suboffsets());
        return eq;
    }
    for (size_t k = 0; k < fa.size(); k++)
        if (!field_equal(a, fa[k], b, fb[k])) return 0;
    return 1;
}

}  // namespace mv
