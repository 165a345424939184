// Helpers shared by the fuzz harnesses: an input reader that yields zeros
// once the input is used up, value pickers that favour edge cases, and the
// harness-side model of a view's layout (read from mv_data/mv_shape/
// mv_strides) with independent contiguity, bounds and gathering.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <algorithm>
#include <vector>

#include <memview.h>

#include "fuzz_check.hpp"
#include "mv_reference.hpp"

namespace fz {

class Reader {
   public:
    Reader(const uint8_t *p, size_t n) : p_(p), n_(n) {}
    bool empty() const { return n_ == 0; }
    uint8_t u8() { return n_ ? (--n_, *p_++) : 0; }
    uint64_t u64() {
        uint64_t v = 0;
        for (int k = 0; k < 8; ++k) v |= static_cast<uint64_t>(u8()) << (8 * k);
        return v;
    }
    uint16_t u16() { return static_cast<uint16_t>(u8() | (u8() << 8)); }

   private:
    const uint8_t *p_;
    size_t n_;
};

constexpr ptrdiff_t PMAX = PTRDIFF_MAX;
constexpr ptrdiff_t PMIN = PTRDIFF_MIN;

// A slice bound or index: mostly small, sometimes omitted or extreme.
inline ptrdiff_t pick_bound(Reader &in) {
    uint8_t sel = in.u8();
    switch (sel % 16) {
        case 0: return MV_NONE;
        case 1: return PMAX;
        case 2: return PMIN + 1;
        case 3: return static_cast<ptrdiff_t>(in.u64());
        default: return static_cast<int8_t>(in.u8()) % 12;
    }
}

// A slice step: mostly small and non-zero; sometimes 0, MV_NONE or extreme.
inline ptrdiff_t pick_step(Reader &in) {
    uint8_t sel = in.u8();
    switch (sel % 24) {
        case 0: return 0;
        case 1: return MV_NONE;
        case 2: return PMAX;
        case 3: return PMIN + 1;
        case 4: return static_cast<ptrdiff_t>(in.u64());
        default: {
            ptrdiff_t s = static_cast<int8_t>(in.u8()) % 5;
            return s == 0 ? 1 : s;
        }
    }
}

// The layout of a view as the harness sees it.
struct Layout {
    const uint8_t *data = nullptr;
    size_t itemsize = 0;
    int ndim = 0;
    std::vector<ptrdiff_t> shape, strides;

    // A zero extent: CPython then casts only 1-D -> 1-D (shape omitted).
    bool has_zero_extent() const { return std::find(shape.begin(), shape.end(), 0) != shape.end(); }

    static Layout of(const mv_view *v) {
        Layout l;
        l.data = static_cast<const uint8_t *>(mv_data(v));
        l.itemsize = mv_itemsize(v);
        l.ndim = mv_ndim(v);
        if (l.ndim > 0) {
            l.shape.assign(mv_shape(v), mv_shape(v) + l.ndim);
            l.strides.assign(mv_strides(v), mv_strides(v) + l.ndim);
        }
        return l;
    }
    size_t count() const {
        size_t n = 1;
        for (ptrdiff_t s : shape) n *= static_cast<size_t>(s);
        return n;
    }
    // Lowest and one-past-highest byte offset addressed (relative to data);
    // false when there are no items.
    bool span(__int128 *lo, __int128 *hi) const {
        if (count() == 0) return false;
        __int128 l = 0, h = 0;
        for (int d = 0; d < ndim; ++d) {
            __int128 ext = static_cast<__int128>(shape[d] - 1) * strides[d];
            (ext < 0 ? l : h) += ext;
        }
        *lo = l;
        *hi = h + static_cast<__int128>(itemsize);
        return true;
    }
    // CPython memoryview's rules (memoryobject.c init_flags): 0-d views are
    // contiguous; 1-D ones when shape[0] == 1 or strides[0] == itemsize
    // (MV_CONTIGUOUS_NDIM1, so an empty strided slice is NOT); N-d ones by
    // PyBuffer_IsContiguous: no items, or extent-1 dimensions aside, strides
    // equal to the running product.
    bool ndim1_contiguous() const { return shape[0] == 1 || strides[0] == static_cast<ptrdiff_t>(itemsize); }
    bool c_contiguous() const {
        if (ndim == 1) return ndim1_contiguous();
        if (count() == 0) return true;
        __int128 sd = static_cast<__int128>(itemsize);
        for (int d = ndim - 1; d >= 0; --d) {
            if (shape[d] > 1 && strides[d] != sd) return false;
            sd *= shape[d];
        }
        return true;
    }
    bool f_contiguous() const {
        if (ndim == 1) return ndim1_contiguous();
        if (count() == 0) return true;
        __int128 sd = static_cast<__int128>(itemsize);
        for (int d = 0; d < ndim; ++d) {
            if (shape[d] > 1 && strides[d] != sd) return false;
            sd *= shape[d];
        }
        return true;
    }
    std::vector<uint8_t> gather_c() const {
        return mvref::gather(data, itemsize, ndim, shape.data(), strides.data());
    }
    // Fortran order: the first index varies fastest.
    std::vector<uint8_t> gather_f() const {
        std::vector<ptrdiff_t> rs(shape.rbegin(), shape.rend()), rt(strides.rbegin(), strides.rend());
        return mvref::gather(data, itemsize, ndim, rs.data(), rt.data());
    }
    // Byte offsets (from data) of every item, C order.
    std::vector<ptrdiff_t> item_offsets() const {
        std::vector<ptrdiff_t> out;
        size_t n = count();
        std::vector<ptrdiff_t> idx(static_cast<size_t>(ndim), 0);
        for (size_t k = 0; k < n; ++k) {
            ptrdiff_t off = 0;
            for (int d = 0; d < ndim; ++d) off += idx[d] * strides[d];
            out.push_back(off);
            for (int d = ndim - 1; d >= 0; --d) {
                if (++idx[d] < shape[d]) break;
                idx[d] = 0;
            }
        }
        return out;
    }
};

inline std::vector<uint8_t> tobytes(const mv_view *v, char order = 'C') {
    std::vector<uint8_t> out(mv_nbytes(v) + 1, 0xEE);
    FZ_CHECK(mv_tobytes(v, out.data(), out.size(), order) == MV_OK, "tobytes");
    out.pop_back();
    return out;
}

}  // namespace fz

namespace fz {
// For investigating a failing input: FZ_DEBUG=1 prints the views involved.
inline void dump(const char *label, const mv_view *v) {
    static const bool on = std::getenv("FZ_DEBUG") != nullptr;
    if (!on) return;
    Layout l = Layout::of(v);
    std::fprintf(stderr, "%s: format '%s' itemsize %zu ndim %d readonly %d shape/strides:", label, mv_format(v),
                 l.itemsize, l.ndim, mv_readonly(v));
    for (int d = 0; d < l.ndim; ++d) std::fprintf(stderr, " %td/%td", l.shape[d], l.strides[d]);
    std::fprintf(stderr, "\n");
}
}  // namespace fz
