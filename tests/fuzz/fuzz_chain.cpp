// libFuzzer harness: chains of mv_from_buffer / mv_slice / mv_slice_nd /
// mv_index / mv_cast / mv_cast_offset / mv_get / mv_set / mv_tobytes /
// mv_hex / mv_equal / mv_copy / mv_field_view / mv_retain / mv_toreadonly
// driven by the input.
//
// The root view is decoded from the input (format, ndim, shape, strides,
// offset). A "bounded" descriptor is placed inside a real heap arena, so an
// accepted view is genuinely in bounds and must be accepted; a "hostile" one
// uses absurd values and must be refused with the right code (or, if valid,
// is only read when it happens to fit the arena). Then each operation checks
// properties against independent arithmetic (mv_reference.hpp,
// struct_reference.hpp, fuzz_util.hpp), not just the absence of crashes:
// - every derived view addresses only bytes of the arena;
// - mv_tobytes equals an element-by-element gather from mv_data/mv_strides,
//   in C, Fortran and 'A' order; mv_hex equals hex of those bytes;
// - slice results follow Python's slice arithmetic, and a slice of a slice
//   equals the direct slice with the composed bounds;
// - a cast to 'B' and back reproduces the bytes (and compares equal);
// - mv_get equals the struct reference's unpacking of the item's bytes;
// - mv_set writes only its item; mv_copy writes only dst's items and
//   reproduces src's bytes even when they overlap;
// - mv_field_view is the field's column (same shape/strides, data at the
//   field's offset);
// - mv_equal(v, v) for formats without floats or text ('u'/'w': never equal,
//   and mv_get refuses their items with MV_EFORMAT); contiguity flags agree with
//   CPython's rules.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "chain_ops.hpp"

namespace chain {


// Decode the root view. Returns false when the input does not describe one.
bool make_root(Ctx &c) {
    Reader &in = c.in;
    const uint8_t mode = in.u8();
    std::string fmt;
    if (mode % 16 == 15) {  // a format string from the input
        size_t n = in.u8() % 12;
        for (size_t k = 0; k < n; ++k) fmt.push_back(static_cast<char>(in.u8() | 1));
    } else if (mode % 32 == 14) {  // an exporter's text format ('u', 'w')
        static const char *const kText[] = {"w", "u", "<w", ">2u", "3w", "c2w", "=w", "<Iw"};
        fmt = kText[in.u8() % 8];
    } else if (mode % 32 == 30) {  // item sizes with their own gather kernels (core/copy.cpp) not in kFormats
        static const char *const kWide[] = {"6s", "7s", "9s", "<Qh", "11s", "13s", "<QiH", "15s"};
        fmt = kWide[in.u8() % 8];
    } else {
        fmt = kFormats[in.u8() % kNumFormats];
    }
    // The format's itemsize, from a cast of an empty view (-1: rejected).
    // Text formats ('u', 'w') are exporters' formats that casts refuse: an
    // empty exported buffer gives their itemsize.
    mv_view *e0 = nullptr, *e1 = nullptr;
    FZ_CHECK(mv_create(&e0, nullptr, 0, 0, nullptr, nullptr) == MV_OK, "empty view");
    int frc = mv_cast(&e1, e0, fmt.c_str(), nullptr, 0);
    if (frc != MV_OK && has_text(fmt)) {
        const ptrdiff_t none = 0;
        mv_buffer_info probe = MV_BUFFER_INFO_INIT;
        probe.format = fmt.c_str();
        probe.ndim = 1;
        probe.shape = &none;
        FZ_CHECK(frc == MV_EFORMAT || frc == MV_EOVERFLOW, "a text format is refused by casts as a format");
        frc = mv_from_buffer(&e1, &probe);
    }
    const size_t itemsize = frc == MV_OK ? mv_itemsize(e1) : 0;
    mv_release(e1);
    mv_release(e0);

    mv_buffer_info info = MV_BUFFER_INFO_INIT;
    info.format = fmt.c_str();
    info.readonly = (mode >> 4) & 1;
    std::vector<ptrdiff_t> shape(MV_MAX_NDIM + 1, 1), strides(MV_MAX_NDIM + 1, 0);
    info.shape = shape.data();
    bool hostile = mode % 8 == 7;
    std::vector<int> allowed;  // error codes the descriptor may earn
    if (frc != MV_OK) allowed = {MV_EFORMAT, MV_EOVERFLOW};

    if (!hostile) {
        if (itemsize > kArena) return false;  // e.g. "4611686018427387904B": cannot fit the arena
        int ndim = (mode % 8 == 6) ? 5 + in.u8() % 60 : in.u8() % 5;
        info.ndim = ndim;
        for (int d = 0; d < ndim; ++d) shape[d] = ndim > 4 ? (in.u8() % 8 == 0 ? 2 : 1) : in.u8() % 6;
        const bool given = in.u8() & 1;
        if (given) {
            for (int d = 0; d < ndim; ++d) {
                uint8_t b = in.u8();
                strides[d] = (b & 0x80) ? static_cast<int8_t>(in.u8())  // raw, maybe unaligned or overlapping
                                        : static_cast<ptrdiff_t>(static_cast<int8_t>(b << 1) / 2 % 10) *
                                              static_cast<ptrdiff_t>(itemsize ? itemsize : 1);
            }
            info.strides = strides.data();
        } else {
            ptrdiff_t sd = static_cast<ptrdiff_t>(itemsize);
            for (int d = ndim - 1; d >= 0; --d) {
                strides[d] = sd;
                if (__builtin_mul_overflow(sd, shape[d] > 0 ? shape[d] : 1, &sd)) return false;  // cannot fit
            }
        }
        Layout l;
        l.itemsize = itemsize;
        l.ndim = ndim;
        l.shape.assign(shape.begin(), shape.begin() + ndim);
        l.strides.assign(strides.begin(), strides.begin() + ndim);
        __int128 lo = 0, hi = 0;
        const bool items = l.span(&lo, &hi);
        if (items && hi - lo > static_cast<__int128>(kArena)) return false;
        size_t room = items ? kArena - static_cast<size_t>(hi - lo) : kArena;
        size_t base = static_cast<size_t>(-lo) + in.u16() % (room + 1);
        info.data = c.arena + base;
    } else {
        static const ptrdiff_t kHostile[] = {0, 1, 2, 3, -1, PMAX, PMIN, ptrdiff_t{1} << 32, ptrdiff_t{1} << 62,
                                             PMAX / 2 + 1, -(ptrdiff_t{1} << 40), 7};
        auto hv = [&]() {
            uint8_t b = in.u8();
            return b < 240 ? kHostile[b % 12] : static_cast<ptrdiff_t>(in.u64());
        };
        static const int kNdims[] = {-1, 65, INT32_MIN, 0, 1, 2, 3, 64};
        info.ndim = kNdims[in.u8() % 8];
        int nd = info.ndim >= 0 && info.ndim <= MV_MAX_NDIM ? info.ndim : 0;
        for (int d = 0; d < nd; ++d) shape[d] = hv();
        if (in.u8() & 1) {
            for (int d = 0; d < nd; ++d) strides[d] = hv();
            info.strides = strides.data();
        }
        info.data = (in.u8() % 8 == 0) ? nullptr : c.arena;
        // What the header says each problem earns.
        if (info.ndim < 0 || info.ndim > MV_MAX_NDIM) allowed.push_back(MV_EINVAL);
        bool negative = false;
        unsigned __int128 count = 1;
        for (int d = 0; d < nd; ++d) {
            if (shape[d] < 0) negative = true;
            else count *= static_cast<unsigned __int128>(shape[d]);
            // Clamped at 2^64 (already an overflow) so count * itemsize fits.
            if (count > (static_cast<unsigned __int128>(1) << 64)) count = static_cast<unsigned __int128>(1) << 64;
        }
        if (negative) allowed.push_back(MV_EINVAL);
        if (!negative && frc == MV_OK) {
            if (count * itemsize > static_cast<unsigned __int128>(PMAX)) allowed.push_back(MV_EOVERFLOW);
            if (count > 0 && !info.data) allowed.push_back(MV_EINVAL);
            if (info.strides && count > 0) {
                __int128 lo = 0, hi = 0;
                for (int d = 0; d < nd; ++d) {
                    __int128 ext = static_cast<__int128>(shape[d] - 1) * strides[d];
                    (ext < 0 ? lo : hi) += ext;
                    // Anything past 2^64 overflows anyway; clamping keeps
                    // 64 dimensions' sums inside __int128.
                    lo = std::max(lo, -(static_cast<__int128>(1) << 64));
                    hi = std::min(hi, static_cast<__int128>(1) << 64);
                }
                if (hi + static_cast<__int128>(itemsize) - lo > static_cast<__int128>(PMAX))
                    allowed.push_back(MV_EOVERFLOW);
            }
            if (!info.strides) {  // C-contiguous strides must be representable
                __int128 sd = itemsize;
                for (int d = nd - 1; d >= 0 && sd <= static_cast<__int128>(PMAX); --d) sd *= shape[d] > 0 ? shape[d] : 1;
                if (sd > static_cast<__int128>(PMAX)) allowed.push_back(MV_EOVERFLOW);
            }
            // Strides of an empty view are not addressed; refusing them is allowed.
            if (count == 0) allowed.push_back(MV_EOVERFLOW);
        }
    }

    mv_view *root = nullptr;
    mv_errclear();
    int rc = mv_from_buffer(&root, &info);
    if (rc != MV_OK) {
        FZ_CHECK_ERR(rc);
        FZ_CHECK(std::find(allowed.begin(), allowed.end(), rc) != allowed.end(),
                 "mv_from_buffer refused with a code the descriptor earns");
        return false;
    }
    // Accepted: it must have earned no error (empty views may go either way).
    for (int a : allowed) {
        bool empty_ok = a == MV_EOVERFLOW && Layout::of(root).count() == 0;
        FZ_CHECK(empty_ok, "mv_from_buffer accepted a descriptor it should refuse");
    }
    fz::dump(hostile ? "root (hostile)" : "root", root);
    Layout l = Layout::of(root);
    FZ_CHECK(l.ndim == info.ndim && l.itemsize == itemsize, "root ndim and itemsize");
    FZ_CHECK(l.data == info.data, "root data pointer");
    for (int d = 0; d < l.ndim; ++d) {
        FZ_CHECK(l.shape[d] == shape[d], "root shape");
        if (info.strides) FZ_CHECK(l.strides[d] == strides[d] || shape[d] <= 1, "root strides as given");
    }
    FZ_CHECK(mv_readonly(root) == (info.readonly != 0), "root readonly flag");
    FZ_CHECK(std::strcmp(mv_format(root), fmt.c_str()) == 0, "root format");
    if (hostile) {
        __int128 lo, hi;
        const bool inside = !l.span(&lo, &hi) ||
                            (l.data && lo + (l.data - c.arena) >= 0 &&
                             hi + (l.data - c.arena) <= static_cast<__int128>(kArena));
        if (!inside || !l.data) {  // valid but not our memory: never read it
            mv_release(root);
            return false;
        }
    }
    // Stride-0 dimensions can give billions of items inside a small span:
    // too many to read in one fuzz iteration.
    if (mv_nbytes(root) > (size_t{1} << 15)) {
        mv_release(root);
        return false;
    }
    c.push(root);
    return true;
}

}  // namespace chain

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    using namespace chain;
    Ctx c(Reader(data, size));
    static const std::vector<uint8_t> pattern = [] {
        std::vector<uint8_t> p(kArena);
        for (size_t i = 0; i < kArena; ++i) p[i] = static_cast<uint8_t>(i * 37 + 11 + i / 251);
        return p;
    }();
    c.arena = new uint8_t[kArena];  // exact-size heap block: ASan sees any overrun
    std::memcpy(c.arena, pattern.data(), kArena);
    if (!make_root(c)) return 0;
    check_bytes(c, c.views[0]);
    for (int step = 0; step < 24 && !c.in.empty(); ++step) run_op(c);
    return 0;
}
