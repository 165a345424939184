// Independent reference arithmetic for checking memview: Python's slice
// rules, hex, and byte gathering from raw data/strides. Deliberately written
// from CPython's definitions (PySlice_AdjustIndices, bytes.hex), not from
// memview's sources, so that tests and fuzz harnesses compare two
// implementations rather than one with itself.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#ifndef MV_NONE
#define MV_NONE PTRDIFF_MIN
#endif

namespace mvref {

struct Slice {
    ptrdiff_t start = 0;  // first index taken
    ptrdiff_t step = 1;
    ptrdiff_t len = 0;    // number of indices taken
};

// PySlice_Unpack + PySlice_AdjustIndices for a dimension of length n, with
// MV_NONE for an omitted bound or step. step must not be 0.
inline Slice py_slice(ptrdiff_t n, ptrdiff_t start, ptrdiff_t stop, ptrdiff_t step) {
    if (step == MV_NONE) step = 1;
    Slice s;
    s.step = step;
    const bool neg = step < 0;
    if (start == MV_NONE) {
        start = neg ? n - 1 : 0;
    } else if (start < 0) {
        start += n;  // start < 0 and n >= 0: cannot overflow
        if (start < 0) start = neg ? -1 : 0;
    } else if (start >= n) {
        start = neg ? n - 1 : n;
    }
    if (stop == MV_NONE) {
        stop = neg ? -1 : n;
    } else if (stop < 0) {
        stop += n;
        if (stop < 0) stop = neg ? -1 : 0;
    } else if (stop >= n) {
        stop = neg ? n - 1 : n;
    }
    s.start = start;
    if (neg) {
        // start - stop - 1 and -step stay in range: start <= n-1, stop >= -1.
        s.len = stop < start ? (start - stop - 1) / (-step) + 1 : 0;
    } else {
        s.len = start < stop ? (stop - start - 1) / step + 1 : 0;
    }
    return s;
}

// Composition of two slices of the same dimension as one slice of it:
// index k of the outer slice is index a.start + (b.start + k*b.step)*a.step.
// Only meaningful when b was computed with n == a.len. The composed step is
// computed in 128 bits and clamped when the result has <= 1 element (then
// the step does not matter).
inline Slice compose(const Slice &a, const Slice &b) {
    Slice c;
    c.len = b.len;
    c.start = c.len ? a.start + b.start * a.step : 0;
    __int128 st = static_cast<__int128>(a.step) * b.step;
    c.step = (c.len <= 1) ? 1 : static_cast<ptrdiff_t>(st);
    return c;
}

inline std::string hex(const uint8_t *p, size_t n, char sep = 0, int bytes_per_sep = 0) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    // bytes.hex: groups counted from the right when bytes_per_sep > 0, from
    // the left when < 0. 64-bit abs so INT_MIN is fine.
    const long long group = bytes_per_sep < 0 ? -static_cast<long long>(bytes_per_sep) : bytes_per_sep;
    for (size_t i = 0; i < n; ++i) {
        if (sep && group && i > 0) {
            bool boundary = bytes_per_sep > 0 ? ((n - i) % group == 0) : (i % group == 0);
            if (boundary) out.push_back(sep);
        }
        out.push_back(digits[p[i] >> 4]);
        out.push_back(digits[p[i] & 15]);
    }
    return out;
}

// Bytes of a strided N-d view, in C order, gathered item by item from the
// raw data pointer, shape and strides.
inline std::vector<uint8_t> gather(const void *data, size_t itemsize, int ndim,
                                   const ptrdiff_t *shape, const ptrdiff_t *strides) {
    std::vector<uint8_t> out;
    size_t count = 1;
    for (int d = 0; d < ndim; ++d) count *= static_cast<size_t>(shape[d]);
    if (count == 0) return out;
    out.reserve(count * itemsize);
    std::vector<ptrdiff_t> idx(static_cast<size_t>(ndim), 0);
    const uint8_t *base = static_cast<const uint8_t *>(data);
    for (size_t k = 0; k < count; ++k) {
        ptrdiff_t off = 0;
        for (int d = 0; d < ndim; ++d) off += idx[d] * strides[d];
        out.insert(out.end(), base + off, base + off + itemsize);
        for (int d = ndim - 1; d >= 0; --d) {
            if (++idx[d] < shape[d]) break;
            idx[d] = 0;
        }
    }
    return out;
}

}  // namespace mvref
