// An independent, deliberately small model of Python's struct module for
// "simple" formats: one optional byte-order prefix, then items of an optional
// decimal count (at most 4 digits) and a code. It gives itemsize, the field
// layout and the unpacked value of each field, so the fuzz harnesses can
// check memview's parser and item access against a second implementation.
// Anything outside that grammar is "not simple" and is not judged here.
#pragma once
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace mvref {

struct RefField {
    char code;
    size_t offset;
    size_t size;   // bytes of this field (count for 's'/'p')
    bool little;   // byte order
};

struct RefFormat {
    bool simple = false;  // inside the modelled grammar
    bool ok = false;      // valid for memview (CPython-valid with itemsize > 0)
    size_t itemsize = 0;
    std::vector<RefField> fields;
};

inline bool ref_is_code(char c) { return c && std::strchr("xcbB?hHiIlLqQnNefdspP", c) != nullptr; }

// Size of one code: native ('@') sizes or standard sizes.
inline size_t ref_code_size(char c, bool native) {
    switch (c) {
        case 'x': case 'c': case 'b': case 'B': case '?': case 's': case 'p': return 1;
        case 'h': case 'H': case 'e': return 2;
        case 'i': case 'I': case 'f': return 4;
        case 'l': case 'L': return native ? sizeof(long) : 4;
        case 'q': case 'Q': case 'd': return 8;
        case 'n': case 'N': return sizeof(size_t);
        case 'P': return sizeof(void *);
    }
    return 0;
}

inline RefFormat ref_parse(const char *fmt) {
    RefFormat r;
    const char *p = fmt;
    bool native = true, little = true;  // x86-64 / aarch64: native is little-endian
    if (*p && std::strchr("@=<>!", *p)) {
        native = (*p == '@');
        little = (*p == '@' || *p == '=' || *p == '<');
        ++p;
    }
    size_t off = 0;
    while (*p) {
        size_t count = 1;
        if (*p >= '0' && *p <= '9') {
            int digits = 0;
            count = 0;
            while (*p >= '0' && *p <= '9') {
                if (++digits > 4) return r;  // big counts: not modelled
                count = count * 10 + static_cast<size_t>(*p++ - '0');
            }
        }
        char c = *p++;
        if (!ref_is_code(c)) return r;  // not simple (whitespace, junk, NUL after count)
        if (c == 'p' && count == 0) return r;  // CPython itself fails on '0p'
        if (!native && (c == 'n' || c == 'N' || c == 'P')) {
            r.simple = true;  // CPython: bad char in struct format
            return r;
        }
        size_t sz = ref_code_size(c, native);
        if (native && c != 's' && c != 'p' && c != 'x') off = (off + sz - 1) / sz * sz;
        if (c == 's' || c == 'p') {
            r.fields.push_back({c, off, count, little});
            off += count;
        } else if (c == 'x') {
            off += count;
        } else {
            for (size_t k = 0; k < count; ++k, off += sz) r.fields.push_back({c, off, sz, little});
        }
    }
    r.simple = true;
    r.itemsize = off;
    r.ok = off > 0;  // memview refuses itemsize-0 formats ("", "0i")
    return r;
}

inline uint64_t ref_load(const uint8_t *p, size_t n, bool little) {
    uint64_t v = 0;
    for (size_t k = 0; k < n; ++k) v |= static_cast<uint64_t>(little ? p[k] : p[n - 1 - k]) << (8 * k);
    return v;
}

inline double ref_half(uint16_t h) {
    int sign = h >> 15, exp = (h >> 10) & 31, mant = h & 1023;
    double v;
    if (exp == 0) v = std::ldexp(mant, -24);
    else if (exp == 31) v = mant ? NAN : INFINITY;
    else v = std::ldexp(mant + 1024, exp - 25);
    return sign ? -v : v;
}

// The expected unpacked value of field f of the item at p, in memview's
// mv_value terms: kind 1 int, 2 uint, 3 float, 4 bool, 5 bytes.
struct RefValue {
    int kind;
    int64_t i = 0;
    uint64_t u = 0;
    double f = 0;
    const uint8_t *bytes = nullptr;
    size_t len = 0;
};

inline RefValue ref_value(const RefField &f, const uint8_t *item) {
    const uint8_t *p = item + f.offset;
    RefValue v{0};
    switch (f.code) {
        case 'b': case 'h': case 'i': case 'l': case 'q': case 'n': {
            uint64_t raw = ref_load(p, f.size, f.little);
            unsigned shift = static_cast<unsigned>(64 - 8 * f.size);
            v.kind = 1;
            v.i = static_cast<int64_t>(raw << shift) >> shift;  // sign-extend
            return v;
        }
        case 'B': case 'H': case 'I': case 'L': case 'Q': case 'N': case 'P':
            v.kind = 2;
            v.u = ref_load(p, f.size, f.little);
            return v;
        case 'e':
            v.kind = 3;
            v.f = ref_half(static_cast<uint16_t>(ref_load(p, 2, f.little)));
            return v;
        case 'f': {
            v.kind = 3;
            uint32_t b = static_cast<uint32_t>(ref_load(p, 4, f.little));
            float x;
            std::memcpy(&x, &b, 4);
            v.f = x;
            return v;
        }
        case 'd': {
            v.kind = 3;
            uint64_t b = ref_load(p, 8, f.little);
            std::memcpy(&v.f, &b, 8);
            return v;
        }
        case '?':
            v.kind = 4;
            v.i = p[0] != 0;
            return v;
        case 'c': case 's':
            v.kind = 5;
            v.bytes = p;
            v.len = f.size;
            return v;
        case 'p': {
            v.kind = 5;
            size_t n = p[0];
            if (n >= f.size) n = f.size - 1;
            v.bytes = p + 1;
            v.len = n;
            return v;
        }
    }
    return v;
}

}  // namespace mvref
