#include "scalar.hpp"

#include <cmath>
#include <cstring>

#include "error.hpp"

namespace mv {

namespace {

uint64_t load_uint(const unsigned char *p, uint32_t size, bool swap) {
    uint64_t v = 0;
    switch (size) {
    case 1: return p[0];
    case 2: { uint16_t x; std::memcpy(&x, p, 2); if (swap) x = __builtin_bswap16(x); return x; }
    case 4: { uint32_t x; std::memcpy(&x, p, 4); if (swap) x = __builtin_bswap32(x); return x; }
    case 8: { uint64_t x; std::memcpy(&x, p, 8); if (swap) x = __builtin_bswap64(x); return x; }
    }
    return v;
}

void store_uint(unsigned char *p, uint32_t size, bool swap, uint64_t v) {
    switch (size) {
    case 1: p[0] = static_cast<unsigned char>(v); return;
    case 2: { uint16_t x = static_cast<uint16_t>(v); if (swap) x = __builtin_bswap16(x); std::memcpy(p, &x, 2); return; }
    case 4: { uint32_t x = static_cast<uint32_t>(v); if (swap) x = __builtin_bswap32(x); std::memcpy(p, &x, 4); return; }
    case 8: { if (swap) v = __builtin_bswap64(v); std::memcpy(p, &v, 8); return; }
    }
}

int64_t sign_extend(uint64_t v, uint32_t size) {
    if (size >= 8) return static_cast<int64_t>(v);
    const unsigned shift = 64 - 8 * size;
    return static_cast<int64_t>(v << shift) >> shift;
}

bool is_number(const mv_value &v) {
    return v.kind == MV_KIND_INT || v.kind == MV_KIND_UINT || v.kind == MV_KIND_BOOL || v.kind == MV_KIND_FLOAT;
}

// Exact comparison of an integer with a double, as Python does it.
bool int_equals_double(int64_t i, double d) {
    if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0)) return false;  // NaN, inf, out of range
    if (d != std::floor(d)) return false;
    return static_cast<int64_t>(d) == i;
}
bool uint_equals_double(uint64_t u, double d) {
    if (!(d >= 0.0 && d < 18446744073709551616.0)) return false;
    if (d != std::floor(d)) return false;
    return static_cast<uint64_t>(d) == u;
}

int field_error(int code, const Field &f, const char *what) {
    return fail(code, "memoryview: invalid %s for format '%c'", what, f.code);
}

}  // namespace

double half_to_double(uint16_t h) {
    const int sign = h >> 15;
    const int exp = (h >> 10) & 0x1f;
    const int mant = h & 0x3ff;
    double v;
    if (exp == 0) v = std::ldexp(mant, -24);
    else if (exp == 31) v = mant ? NAN : INFINITY;
    else v = std::ldexp(mant + 1024, exp - 25);
    return sign ? -v : v;
}

bool double_to_half(double d, uint16_t *out) {
    uint16_t sign = std::signbit(d) ? 0x8000 : 0;
    double a = std::fabs(d);
    if (std::isnan(d)) { *out = sign | 0x7e00; return true; }
    if (std::isinf(d)) { *out = sign | 0x7c00; return true; }
    if (a == 0.0) { *out = sign; return true; }
    int e;
    std::frexp(a, &e);  // a = m * 2^e, m in [0.5, 1)
    // quantum: 2^(e-11) for normals (11 significant bits), 2^-24 for subnormals
    int qexp = e - 11;
    if (qexp < -24) qexp = -24;
    double q = std::nearbyint(std::ldexp(a, -qexp));  // round half to even (default mode)
    double r = std::ldexp(q, qexp);
    if (r >= 65520.0 || r > 65504.0) return false;
    // re-encode r exactly
    if (r < std::ldexp(1.0, -14)) {
        *out = static_cast<uint16_t>(sign | static_cast<uint16_t>(std::ldexp(r, 24)));
        return true;
    }
    int re;
    double m = std::frexp(r, &re);  // r = m * 2^re
    uint16_t exp = static_cast<uint16_t>(re - 1 + 15);
    uint16_t mant = static_cast<uint16_t>(std::ldexp(m * 2.0 - 1.0, 10));
    *out = static_cast<uint16_t>(sign | (exp << 10) | mant);
    return true;
}

void unpack_field(const Field &f, const unsigned char *item, mv_value *out) {
    const unsigned char *p = item + f.offset;
    out->code = f.code;
    out->kind = f.kind;
    switch (f.kind) {
    case MV_KIND_INT:
        out->i = sign_extend(load_uint(p, f.size, f.swap), f.size);
        break;
    case MV_KIND_UINT:
        out->u = load_uint(p, f.size, f.swap);
        break;
    case MV_KIND_BOOL:
        out->i = p[0] != 0;
        break;
    case MV_KIND_FLOAT:
        if (f.size == 2) {
            out->f = half_to_double(static_cast<uint16_t>(load_uint(p, 2, f.swap)));
        } else if (f.size == 4) {
            uint32_t bits = static_cast<uint32_t>(load_uint(p, 4, f.swap));
            float x;
            std::memcpy(&x, &bits, 4);
            out->f = x;
        } else {
            uint64_t bits = load_uint(p, 8, f.swap);
            std::memcpy(&out->f, &bits, 8);
        }
        break;
    case MV_KIND_BYTES:
        if (f.code == 'p') {
            // Pascal string: first byte is the length, capped at size - 1.
            size_t n = f.size ? p[0] : 0;
            if (f.size && n > f.size - 1) n = f.size - 1;
            out->bytes = f.size ? p + 1 : p;
            out->len = n;
        } else {
            out->bytes = p;
            out->len = f.size;
        }
        break;
    }
}

int pack_field(const Field &f, const mv_value &v, unsigned char *out) {
    if (v.kind < MV_KIND_INT || v.kind > MV_KIND_BYTES)
        return fail(MV_EINVAL, "memoryview: unknown value kind %d for format '%c'", v.kind, f.code);
    switch (f.kind) {
    case MV_KIND_INT:
    case MV_KIND_UINT: {
        // Python ints only: floats and bytes are the wrong type.
        if (v.kind == MV_KIND_FLOAT || v.kind == MV_KIND_BYTES) return field_error(MV_ETYPE, f, "type");
        const bool neg = v.kind == MV_KIND_INT && v.i < 0;
        const uint64_t mag = v.kind == MV_KIND_UINT ? v.u : static_cast<uint64_t>(v.i);
        if (f.kind == MV_KIND_UINT) {
            if (neg) return field_error(MV_EVALUE, f, "value");
            if (f.size < 8 && mag >> (8 * f.size)) return field_error(MV_EVALUE, f, "value");
            store_uint(out, f.size, f.swap, mag);
        } else {
            const int64_t lo = f.size >= 8 ? INT64_MIN : -(int64_t(1) << (8 * f.size - 1));
            const int64_t hi = f.size >= 8 ? INT64_MAX : (int64_t(1) << (8 * f.size - 1)) - 1;
            if (!neg && mag > static_cast<uint64_t>(hi)) return field_error(MV_EVALUE, f, "value");
            if (neg && v.i < lo) return field_error(MV_EVALUE, f, "value");
            store_uint(out, f.size, f.swap, static_cast<uint64_t>(neg ? v.i : static_cast<int64_t>(mag)));
        }
        return MV_OK;
    }
    case MV_KIND_BOOL: {
        bool truth = false;
        switch (v.kind) {
        case MV_KIND_INT: case MV_KIND_BOOL: truth = v.i != 0; break;
        case MV_KIND_UINT: truth = v.u != 0; break;
        case MV_KIND_FLOAT: truth = v.f != 0.0; break;
        case MV_KIND_BYTES: truth = v.len != 0; break;
        }
        out[0] = truth ? 1 : 0;
        return MV_OK;
    }
    case MV_KIND_FLOAT: {
        double d;
        switch (v.kind) {
        case MV_KIND_FLOAT: d = v.f; break;
        case MV_KIND_INT: case MV_KIND_BOOL: d = static_cast<double>(v.i); break;
        case MV_KIND_UINT: d = static_cast<double>(v.u); break;
        default: return field_error(MV_ETYPE, f, "type");
        }
        if (f.size == 2) {
            uint16_t h;
            if (!double_to_half(d, &h)) return fail(MV_EVALUE, "float too large to pack with e format");
            store_uint(out, 2, f.swap, h);
        } else if (f.size == 4) {
            // Out of float range stores +-inf (C's conversion, as memoryview does), never UB.
            // 2^128 - 2^103 is FLT_MAX plus half an ulp: from there on the float is inf.
            const double kOver = 3.4028235677973366e38;
            float x = d >= kOver ? INFINITY : d <= -kOver ? -INFINITY : static_cast<float>(d);
            uint32_t bits;
            std::memcpy(&bits, &x, 4);
            store_uint(out, 4, f.swap, bits);
        } else {
            uint64_t bits;
            std::memcpy(&bits, &d, 8);
            store_uint(out, 8, f.swap, bits);
        }
        return MV_OK;
    }
    case MV_KIND_BYTES: {
        if (v.kind != MV_KIND_BYTES) return field_error(MV_ETYPE, f, "type");
        if (v.len && !v.bytes) return fail(MV_EINVAL, "memoryview: value for format '%c' has NULL bytes", f.code);
        if (f.code == 'c') {
            if (v.len != 1) return field_error(MV_EVALUE, f, "value");
            out[0] = *static_cast<const unsigned char *>(v.bytes);
        } else if (f.code == 's') {
            size_t n = v.len < f.size ? v.len : f.size;
            if (n) std::memcpy(out, v.bytes, n);
            std::memset(out + n, 0, f.size - n);
        } else {  // 'p'
            if (f.size == 0) return MV_OK;
            size_t n = v.len < f.size - 1 ? v.len : f.size - 1;
            if (n > 255) n = 255;
            out[0] = static_cast<unsigned char>(n);
            if (n) std::memcpy(out + 1, v.bytes, n);
            std::memset(out + 1 + n, 0, f.size - 1 - n);
        }
        return MV_OK;
    }
    }
    return fail(MV_EINTERNAL, "pack_field: unknown field kind");
}

bool values_equal(const mv_value &a, const mv_value &b) {
    if (a.kind == MV_KIND_BYTES || b.kind == MV_KIND_BYTES)
        return a.kind == b.kind && a.len == b.len && (a.len == 0 || std::memcmp(a.bytes, b.bytes, a.len) == 0);
    if (!is_number(a) || !is_number(b)) return false;
    if (a.kind == MV_KIND_FLOAT && b.kind == MV_KIND_FLOAT) return a.f == b.f;
    if (a.kind == MV_KIND_FLOAT) return values_equal(b, a);
    // a is an integer (INT, UINT or BOOL)
    if (b.kind == MV_KIND_FLOAT)
        return a.kind == MV_KIND_UINT ? uint_equals_double(a.u, b.f) : int_equals_double(a.i, b.f);
    if (a.kind == MV_KIND_UINT && b.kind == MV_KIND_UINT) return a.u == b.u;
    if (a.kind == MV_KIND_UINT) return b.i >= 0 && static_cast<uint64_t>(b.i) == a.u;
    if (b.kind == MV_KIND_UINT) return a.i >= 0 && static_cast<uint64_t>(a.i) == b.u;
    return a.i == b.i;
}

}  // namespace mv
