// The operations of the chain harness (fuzz_chain.cpp), one function each;
// run_op() picks one from the input. Each checks its result against the
// harness's own arithmetic; see fuzz_chain.cpp for the list of properties.
#pragma once
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "chain_ctx.hpp"
#include "copy_order.hpp"
#include "struct_reference.hpp"

namespace chain {

// v[start:stop:step], then a slice of that, compared with the direct slice.
inline void op_slice(Ctx &c) {
    mv_view *v = c.pick();
    const Layout p = Layout::of(v);
    ptrdiff_t start = fz::pick_bound(c.in), stop = fz::pick_bound(c.in), step = fz::pick_step(c.in);
    mv_view *s = nullptr;
    mv_errclear();
    int rc = mv_slice(&s, v, start, stop, step);
    if (p.ndim == 0 || step == 0) {
        FZ_CHECK(rc == MV_EINVAL, "slice of a 0-d view or with step 0 is MV_EINVAL");
        FZ_CHECK_ERR(rc);
        return;
    }
    FZ_CHECK(rc == MV_OK, "valid slice succeeds");
    const mvref::Slice r = mvref::py_slice(p.shape[0], start, stop, step);
    Layout l = Layout::of(s);
    FZ_CHECK(l.ndim == p.ndim && l.shape[0] == r.len, "slice length follows Python");
    for (int d = 1; d < p.ndim; ++d)
        FZ_CHECK(l.shape[d] == p.shape[d] && l.strides[d] == p.strides[d], "other dimensions kept");
    if (l.count() > 0) FZ_CHECK(l.data == p.data + r.start * p.strides[0], "slice data pointer");
    if (r.len > 1) FZ_CHECK(l.strides[0] == p.strides[0] * r.step, "slice stride");
    check_bytes(c, s);

    // Slice of the slice == the direct slice with composed bounds.
    ptrdiff_t start2 = fz::pick_bound(c.in), stop2 = fz::pick_bound(c.in), step2 = fz::pick_step(c.in);
    if (step2 == 0) step2 = 1;
    mv_view *s2 = nullptr, *direct = nullptr;
    FZ_CHECK(mv_slice(&s2, s, start2, stop2, step2) == MV_OK, "slice of a slice");
    const mvref::Slice comp = mvref::compose(r, mvref::py_slice(r.len, start2, stop2, step2));
    ptrdiff_t ds, de, dt;
    direct_bounds(comp, &ds, &de, &dt);
    FZ_CHECK(mv_slice(&direct, v, ds, de, dt) == MV_OK, "direct slice");
    check_in_arena(c, s2);
    Layout a = Layout::of(s2), b = Layout::of(direct);
    FZ_CHECK(a.shape == b.shape && a.shape[0] == comp.len, "slice of a slice has the direct slice's shape");
    if (a.count() > 0) FZ_CHECK(a.data == b.data, "slice of a slice starts where the direct slice does");
    if (comp.len > 1) FZ_CHECK(a.strides == b.strides, "slice of a slice has the direct slice's strides");
    FZ_CHECK(fz::tobytes(s2) == fz::tobytes(direct), "slice of a slice has the direct slice's bytes");
    mv_release(direct);
    c.push(s);
    c.push(s2);
}

// v[r0, r1, ...] on several dimensions.
inline void op_slice_nd(Ctx &c) {
    mv_view *v = c.pick();
    const Layout p = Layout::of(v);
    int n = c.in.u8() % (p.ndim + 2);
    std::vector<mv_range> rs(static_cast<size_t>(n) + 1);
    bool zero_step = false;
    for (int k = 0; k < n; ++k) {
        rs[k] = {fz::pick_bound(c.in), fz::pick_bound(c.in), fz::pick_step(c.in)};
        zero_step = zero_step || rs[k].step == 0;
    }
    mv_view *s = nullptr;
    mv_errclear();
    int rc = mv_slice_nd(&s, v, rs.data(), n);
    if (n > p.ndim || zero_step) {
        FZ_CHECK(rc == MV_EINVAL, "too many ranges or a 0 step is MV_EINVAL");
        FZ_CHECK_ERR(rc);
        return;
    }
    FZ_CHECK(rc == MV_OK, "valid slice_nd succeeds");
    Layout want = p;
    __int128 off = 0;
    for (int k = 0; k < n; ++k) {
        const mvref::Slice r = mvref::py_slice(p.shape[k], rs[k].start, rs[k].stop, rs[k].step);
        want.shape[k] = r.len;
        off += static_cast<__int128>(r.start) * p.strides[k];
        want.strides[k] = r.len > 1 ? p.strides[k] * r.step : p.strides[k];
    }
    Layout l = Layout::of(s);
    FZ_CHECK(l.shape == want.shape, "slice_nd shape follows Python in every dimension");
    if (want.count() > 0) {
        want.data = p.data + static_cast<ptrdiff_t>(off);
        FZ_CHECK(l.data == want.data, "slice_nd data pointer");
        FZ_CHECK(fz::tobytes(s) == want.gather_c(), "slice_nd bytes equal the reference gather");
    }
    check_bytes(c, s);
    c.push(s);
}

// v[i]: the (N-1)-d sub-view.
inline void op_index(Ctx &c) {
    mv_view *v = c.pick();
    const Layout p = Layout::of(v);
    ptrdiff_t i = fz::pick_bound(c.in);
    mv_view *s = nullptr;
    fz::dump("index source", v);
    mv_errclear();
    int rc = mv_index(&s, v, i);
    if (p.ndim == 0) {
        FZ_CHECK(rc == MV_EINVAL, "index of a 0-d view is MV_EINVAL");
        FZ_CHECK_ERR(rc);
        return;
    }
    const ptrdiff_t n = p.shape[0];
    const bool in_range = i == MV_NONE ? false : (i >= 0 ? i < n : i >= -n);
    if (!in_range) {
        FZ_CHECK(rc == MV_EINDEX, "index out of range is MV_EINDEX");
        FZ_CHECK_ERR(rc);
        return;
    }
    FZ_CHECK(rc == MV_OK, "index in range succeeds");
    const ptrdiff_t ii = i < 0 ? i + n : i;
    Layout l = Layout::of(s);
    FZ_CHECK(l.ndim == p.ndim - 1, "index drops one dimension");
    FZ_CHECK(std::equal(l.shape.begin(), l.shape.end(), p.shape.begin() + 1), "index keeps later extents");
    if (l.count() > 0) FZ_CHECK(l.data == p.data + ii * p.strides[0], "index data pointer");
    check_bytes(c, s);
    c.push(s);
}

// Cast to 'B' and back: the bytes survive, and the result compares equal.
inline void op_cast_roundtrip(Ctx &c) {
    mv_view *v = c.pick();
    const Layout p = Layout::of(v);
    const std::string fmt = mv_format(v);
    mv_view *b = nullptr;
    mv_errclear();
    int rc = mv_cast(&b, v, "B", nullptr, 0);
    if (!p.c_contiguous()) {
        if (p.itemsize == 1) {  // same itemsize: the cast keeps shape and strides
            FZ_CHECK(rc == MV_OK, "same-itemsize cast of a strided view keeps its strides");
            FZ_CHECK(Layout::of(b).shape == p.shape && Layout::of(b).strides == p.strides,
                     "strided same-itemsize cast keeps shape and strides");
            FZ_CHECK(fz::tobytes(b) == fz::tobytes(v), "strided same-itemsize cast keeps the bytes");
            mv_release(b);
        } else {
            FZ_CHECK(rc == MV_ELAYOUT, "cast of a non-contiguous view is MV_ELAYOUT");
            FZ_CHECK_ERR(rc);
        }
        return;
    }
    const bool zero_in_shape = p.has_zero_extent();
    if (p.ndim != 1 && zero_in_shape) {  // CPython's rule: only 1-D -> 1-D from an empty view
        FZ_CHECK(rc == MV_ELAYOUT, "cast of an N-d view with a zero extent is MV_ELAYOUT");
        FZ_CHECK_ERR(rc);
        return;
    }
    FZ_CHECK(rc == MV_OK, "cast of a C-contiguous view to B succeeds");
    const std::vector<uint8_t> bytes = fz::tobytes(v);
    FZ_CHECK(mv_ndim(b) == 1 && mv_len(b) == bytes.size(), "cast to B is 1-D over all bytes");
    FZ_CHECK(fz::tobytes(b) == bytes, "cast to B keeps the bytes");
    check_bytes(c, b);
    mv_view *back = nullptr;
    ptrdiff_t dummy = 0;
    if (zero_in_shape)
        rc = mv_cast(&back, b, fmt.c_str(), nullptr, 0);
    else
        rc = mv_cast(&back, b, fmt.c_str(), p.ndim ? p.shape.data() : &dummy, p.ndim);
    if (has_text(fmt)) {  // casts take struct formats only
        FZ_CHECK(rc == MV_EFORMAT && !back, "cast to a text format is MV_EFORMAT");
        FZ_CHECK_ERR(rc);
        c.push(b);
        return;
    }
    FZ_CHECK(rc == MV_OK, "cast back to the original format and shape");
    if (!zero_in_shape) FZ_CHECK(Layout::of(back).shape == p.shape, "cast back restores the shape");
    FZ_CHECK(fz::tobytes(back) == bytes, "cast round trip reproduces the bytes");
    if (!has_float(fmt) && !zero_in_shape) FZ_CHECK(mv_equal(back, v) == 1, "cast round trip compares equal");
    c.push(b);
    c.push(back);
}

// Cast to another format, optionally 2-D, optionally from an offset.
inline void op_cast_other(Ctx &c) {
    mv_view *v = c.pick();
    const Layout p = Layout::of(v);
    const char *fmt = kFormats[c.in.u8() % kNumFormats];
    const uint8_t how = c.in.u8();
    const size_t nbytes = mv_nbytes(v);
    mv_view *e0 = nullptr, *e1 = nullptr;
    FZ_CHECK(mv_create(&e0, nullptr, 0, 0, nullptr, nullptr) == MV_OK, "empty");
    FZ_CHECK(mv_cast(&e1, e0, fmt, nullptr, 0) == MV_OK, "table format");
    const size_t isz = mv_itemsize(e1);
    mv_release(e1);
    mv_release(e0);
    const std::vector<uint8_t> bytes = p.c_contiguous() ? fz::tobytes(v) : std::vector<uint8_t>();
    mv_view *s = nullptr;
    mv_errclear();
    if (how & 1) {  // from an offset
        size_t offset = c.in.u8() % (nbytes + 2);
        int rc = mv_cast_offset(&s, v, fmt, nullptr, 0, offset);
        if (!p.c_contiguous()) {
            // Only same-itemsize casts can keep strides (and shape): at offset
            // 0 (mv_cast), or of a strided 1-D byte view (its 'B' cast keeps
            // the strides).
            if (rc == MV_OK) {
                fz::dump("offset cast source", v);
                fz::dump("offset cast result", s);
                FZ_CHECK(mv_itemsize(s) == p.itemsize && (offset == 0 || (p.ndim == 1 && p.itemsize == 1)),
                         "a strided offset cast keeps the itemsize (offset 0 is mv_cast)");
                if (offset == 0)
                    FZ_CHECK(Layout::of(s).shape == p.shape && Layout::of(s).strides == p.strides,
                             "a strided cast keeps shape and strides");
                check_bytes(c, s);
                c.push(s);
            } else {
                FZ_CHECK_ERR(rc);
            }
            return;
        }
        if (p.ndim != 1 && p.has_zero_extent()) {
            FZ_CHECK(rc == MV_ELAYOUT, "offset cast of an N-d view with a zero extent is MV_ELAYOUT");
            FZ_CHECK_ERR(rc);
            return;
        }
        if (offset > nbytes) {
            FZ_CHECK(rc == MV_EINDEX, "offset past the end is MV_EINDEX");
            FZ_CHECK_ERR(rc);
            return;
        }
        if ((nbytes - offset) % isz != 0) {
            FZ_CHECK(rc == MV_ESIZE, "remainder not a multiple of the itemsize is MV_ESIZE");
            FZ_CHECK_ERR(rc);
            return;
        }
        FZ_CHECK(rc == MV_OK, "offset cast succeeds");
        FZ_CHECK(fz::tobytes(s) == std::vector<uint8_t>(bytes.begin() + offset, bytes.end()),
                 "offset cast covers the bytes from the offset");
    } else {
        const ptrdiff_t rows = 1 + c.in.u8() % 4;
        const bool two_d = how & 2;
        const ptrdiff_t items = static_cast<ptrdiff_t>(nbytes / isz);
        ptrdiff_t shape[2] = {rows, rows ? items / rows : 0};
        int rc = two_d ? mv_cast(&s, v, fmt, shape, 2) : mv_cast(&s, v, fmt, nullptr, 0);
        if (!p.c_contiguous()) {
            if (rc == MV_OK) {  // allowed only keeping itemsize and strides
                FZ_CHECK(mv_itemsize(s) == p.itemsize, "non-contiguous cast keeps the itemsize");
                FZ_CHECK(Layout::of(s).shape == p.shape, "non-contiguous cast keeps the shape");
                FZ_CHECK(fz::tobytes(s) == fz::tobytes(v), "non-contiguous cast keeps the bytes");
                c.push(s);
            } else {
                FZ_CHECK(rc == MV_ELAYOUT || rc == MV_ESIZE || rc == MV_EINVAL, "non-contiguous cast refused");
                FZ_CHECK_ERR(rc);
            }
            return;
        }
        if ((two_d || p.ndim != 1) && p.has_zero_extent()) {
            FZ_CHECK(rc == MV_ELAYOUT, "cast from a view with a zero extent, not 1-D -> 1-D, is MV_ELAYOUT");
            FZ_CHECK_ERR(rc);
            return;
        }
        const bool fits = nbytes % isz == 0 && (!two_d || (shape[1] > 0 && items % rows == 0));
        if (!fits) {
            FZ_CHECK(rc == MV_ESIZE || (two_d && shape[1] <= 0 && rc == MV_EINVAL), "cast that does not fit");
            FZ_CHECK_ERR(rc);
            return;
        }
        FZ_CHECK(rc == MV_OK, "cast that fits succeeds");
        FZ_CHECK(mv_nbytes(s) == nbytes && fz::tobytes(s) == bytes, "cast keeps the bytes");
    }
    check_bytes(c, s);
    c.push(s);
}

// mv_get at an index (valid or not) against the struct reference.
inline void op_get(Ctx &c) {
    mv_view *v = c.pick();
    const Layout p = Layout::of(v);
    const mvref::RefFormat ref = mvref::ref_parse(mv_format(v));
    int nindex = p.ndim;
    const uint8_t how = c.in.u8();
    if (how % 16 == 0) nindex = p.ndim + 1;
    if (how % 16 == 1 && p.ndim > 0) nindex = p.ndim - 1;
    std::vector<ptrdiff_t> idx(static_cast<size_t>(nindex) + 1);
    bool in_range = true;
    ptrdiff_t off = 0;
    for (int d = 0; d < nindex; ++d) {
        const ptrdiff_t n = d < p.ndim ? p.shape[d] : 1;
        idx[d] = (how & 0x80) ? fz::pick_bound(c.in) : (n ? static_cast<ptrdiff_t>(c.in.u8() % n) : 0);
        const ptrdiff_t i = idx[d];
        const bool ok = i != MV_NONE && (i >= 0 ? i < n : i >= -n);
        in_range = in_range && ok;
        // Only a view with items has offsets backed by memory (and known to fit).
        if (ok && d < p.ndim && p.count() > 0) off += (i < 0 ? i + n : i) * p.strides[d];
    }
    std::vector<mv_value> out(mv_nfields(v) + 1);
    mv_errclear();
    int rc = mv_get(v, idx.data(), nindex, out.data(), out.size());
    if (nindex != p.ndim) {
        FZ_CHECK(rc == MV_EINVAL, "wrong number of indices is MV_EINVAL");
        FZ_CHECK_ERR(rc);
        return;
    }
    if (!in_range) {
        FZ_CHECK(rc == MV_EINDEX, "index out of range is MV_EINDEX");
        FZ_CHECK_ERR(rc);
        return;
    }
    if (has_text(mv_format(v))) {
        FZ_CHECK(rc == MV_EFORMAT, "get of a text item in range is MV_EFORMAT");
        FZ_CHECK_ERR(rc);
        return;
    }
    FZ_CHECK(rc == MV_OK, "get in range succeeds");
    if (!ref.simple) return;
    const uint8_t *item = p.data + off;
    for (size_t j = 0; j < ref.fields.size(); ++j) {
        const mvref::RefValue w = mvref::ref_value(ref.fields[j], item);
        const mv_value &g = out[j];
        FZ_CHECK(g.kind == w.kind && g.code == ref.fields[j].code, "get: field kind and code");
        if (w.kind == MV_KIND_INT || w.kind == MV_KIND_BOOL) FZ_CHECK(g.i == w.i, "get: integer value");
        if (w.kind == MV_KIND_UINT) FZ_CHECK(g.u == w.u, "get: unsigned value");
        if (w.kind == MV_KIND_FLOAT)
            FZ_CHECK((std::isnan(w.f) && std::isnan(g.f)) || g.f == w.f, "get: float value");
        if (w.kind == MV_KIND_BYTES)
            FZ_CHECK(g.len == w.len && g.bytes == static_cast<const void *>(w.bytes), "get: bytes point into the item");
    }
}

// mv_set of integer values: only that item's bytes change, and get reads
// back what was set; out-of-range values change nothing.
inline void op_set(Ctx &c) {
    mv_view *v = c.pick();
    const Layout p = Layout::of(v);
    if (p.count() == 0) return;
    const mvref::RefFormat ref = mvref::ref_parse(mv_format(v));
    if (!ref.simple || !ref.ok) return;
    std::vector<ptrdiff_t> idx(static_cast<size_t>(p.ndim) + 1, 0);
    ptrdiff_t off = 0;
    for (int d = 0; d < p.ndim; ++d) {
        idx[d] = static_cast<ptrdiff_t>(c.in.u8() % p.shape[d]);
        off += idx[d] * p.strides[d];
    }
    std::vector<mv_value> vals(ref.fields.size() + 1);
    bool out_of_range = false, settable = true;
    for (size_t j = 0; j < ref.fields.size(); ++j) {
        const mvref::RefField &f = ref.fields[j];
        mv_value &x = vals[j];
        x = mv_value{};
        const uint64_t r = c.in.u64();
        const bool wide = c.in.u8() % 8 == 0;  // sometimes a value that does not fit
        const unsigned bits = static_cast<unsigned>(8 * f.size);
        if (std::strchr("bhilqn", f.code)) {
            x.kind = MV_KIND_INT;
            x.i = wide ? static_cast<int64_t>(r) : static_cast<int64_t>(r << (64 - bits)) >> (64 - bits);
            if (bits < 64) out_of_range |= x.i < -(int64_t{1} << (bits - 1)) || x.i >= (int64_t{1} << (bits - 1));
        } else if (std::strchr("BHILQNP", f.code)) {
            x.kind = MV_KIND_UINT;
            x.u = wide ? r : (bits < 64 ? r & ((uint64_t{1} << bits) - 1) : r);
            if (bits < 64) out_of_range |= x.u >> bits != 0;
        } else if (f.code == '?') {
            x.kind = MV_KIND_BOOL;
            x.i = r & 1;
        } else {
            settable = false;  // floats and bytes: covered by fuzz_format
        }
    }
    if (!settable) return;
    std::vector<uint8_t> before(c.arena, c.arena + kArena);
    mv_errclear();
    int rc = mv_set(v, idx.data(), p.ndim, vals.data(), ref.fields.size());
    if (mv_readonly(v)) {
        FZ_CHECK(rc == MV_EREADONLY || (out_of_range && rc == MV_EVALUE), "set on a read-only view is refused");
        FZ_CHECK_ERR(rc);
        FZ_CHECK(std::memcmp(before.data(), c.arena, kArena) == 0, "refused set writes nothing");
        return;
    }
    if (out_of_range) {
        FZ_CHECK(rc == MV_EVALUE, "out-of-range value is MV_EVALUE");
        FZ_CHECK_ERR(rc);
        FZ_CHECK(std::memcmp(before.data(), c.arena, kArena) == 0, "refused set writes nothing");
        return;
    }
    FZ_CHECK(rc == MV_OK, "in-range set succeeds");
    const size_t item = static_cast<size_t>(p.data + off - c.arena);
    FZ_CHECK(std::memcmp(c.arena, before.data(), item) == 0 &&
                 std::memcmp(c.arena + item + p.itemsize, before.data() + item + p.itemsize,
                             kArena - item - p.itemsize) == 0,
             "set writes only its item");
    for (size_t j = 0; j < ref.fields.size(); ++j) {
        const mvref::RefValue w = mvref::ref_value(ref.fields[j], c.arena + item);
        FZ_CHECK(w.kind == MV_KIND_UINT ? w.u == vals[j].u : w.i == vals[j].i, "get after set");
    }
}

inline void op_hex(Ctx &c) {
    mv_view *v = c.pick();
    static const char kSeps[] = {0, ':', ' ', '-', '_'};
    const char sep = kSeps[c.in.u8() % 5];
    const uint8_t b = c.in.u8();
    // Groups -20..20 (1..8 take core/hex.cpp's SIMD block kernels on views of
    // 16k bytes and more, larger ones its per-group vector encoder), a few
    // far larger, and the int extremes.
    const int bps = b == 255   ? INT32_MIN
                    : b == 254 ? INT32_MAX
                    : b == 253 ? 33
                    : b == 252 ? -100
                               : static_cast<int8_t>(b) % 21;
    const std::vector<uint8_t> bytes = fz::tobytes(v);
    const std::string want = mvref::hex(bytes.data(), bytes.size(), sep, bps);
    FZ_CHECK(mv_hex_len(v, sep, bps) == want.size(), "hex_len");
    std::string got(want.size() + 1, '?');
    FZ_CHECK(mv_hex(v, &got[0], got.size(), sep, bps) == MV_OK, "hex");
    FZ_CHECK(got.back() == '\0', "hex is NUL-terminated");
    got.pop_back();
    FZ_CHECK(got == want, "hex equals hex of tobytes");
}

inline void op_equal(Ctx &c) {
    mv_view *a = c.pick(), *b = c.pick();
    const Layout la = Layout::of(a), lb = Layout::of(b);
    fz::dump("equal a", a);
    fz::dump("equal b", b);
    const int eq = mv_equal(a, b);
    FZ_CHECK(eq == 0 || eq == 1, "equal returns 0 or 1");
    if (la.shape != lb.shape) FZ_CHECK(eq == 0, "different shapes are not equal");
    const std::string fa = mv_format(a), fb = mv_format(b);
    if (has_text(fa) || has_text(fb)) {
        FZ_CHECK(eq == 0, "a view with text equals nothing");
        return;
    }
    if (!has_float(fa)) FZ_CHECK(mv_equal(a, a) == 1, "a view equals itself");
    if (fa == fb && !has_float(fa) && la.shape == lb.shape && fz::tobytes(a) == fz::tobytes(b))
        FZ_CHECK(eq == 1, "same format, shape and bytes compare equal");
}

// mv_copy(dst, src): dst's items get src's old bytes; nothing else changes.
inline void op_copy(Ctx &c) {
    mv_view *dst = c.pick(), *src = c.pick();
    const Layout ld = Layout::of(dst), ls = Layout::of(src);
    const std::vector<uint8_t> src_bytes = fz::tobytes(src);
    check_byte_order_twin(src, src_bytes);
    const std::vector<uint8_t> before(c.arena, c.arena + kArena);
    mv_errclear();
    int rc = mv_copy(dst, src);
    const bool same_shape = ld.shape == ls.shape;
    const bool same_fmt = std::strcmp(mv_format(dst), mv_format(src)) == 0;
    if (!same_shape) {
        FZ_CHECK(rc == MV_ELAYOUT || (mv_readonly(dst) && rc == MV_EREADONLY), "copy between shapes is refused");
    } else if (mv_readonly(dst)) {
        FZ_CHECK(rc == MV_EREADONLY || (!same_fmt && rc == MV_ELAYOUT), "copy into a read-only view is refused");
    } else if (same_fmt) {
        FZ_CHECK(rc == MV_OK, "copy between the same format and shape succeeds");
    }
    if (rc != MV_OK) {
        FZ_CHECK_ERR(rc);
        FZ_CHECK(std::memcmp(before.data(), c.arena, kArena) == 0, "refused copy writes nothing");
        return;
    }
    // Only dst's items may change: put the new bytes of exactly those items
    // into the old arena and compare. (memcpy/memcmp, not byte loops, keep
    // the instrumented harness fast.)
    std::vector<ptrdiff_t> offs = ld.item_offsets();
    std::vector<uint8_t> expect = before;
    for (ptrdiff_t o : offs) {
        const size_t at = static_cast<size_t>(ld.data + o - c.arena);
        std::memcpy(expect.data() + at, c.arena + at, ld.itemsize);
    }
    FZ_CHECK(std::memcmp(expect.data(), c.arena, kArena) == 0, "copy writes only dst's items");
    std::sort(offs.begin(), offs.end());
    bool self_overlap = false;
    for (size_t k = 1; k < offs.size(); ++k)
        self_overlap = self_overlap || offs[k] - offs[k - 1] < static_cast<ptrdiff_t>(ld.itemsize);
    if (!self_overlap && same_fmt) FZ_CHECK(fz::tobytes(dst) == src_bytes, "dst holds src's old bytes (overlap-safe)");
    if (!self_overlap && !same_fmt) check_copy_fields(dst, src, fz::tobytes(dst), src_bytes);
}

// mv_field_view: the column of field k, same shape and strides, data moved
// to the field's offset.
inline void op_field_view(Ctx &c) {
    mv_view *v = c.pick();
    const Layout p = Layout::of(v);
    const size_t nf = mv_nfields(v);
    const size_t k = c.in.u8() % (nf + 2);
    mv_view *f = nullptr;
    mv_errclear();
    int rc = mv_field_view(&f, v, k);
    if (k >= nf) {
        FZ_CHECK(rc == MV_EINDEX, "field index out of range is MV_EINDEX");
        FZ_CHECK_ERR(rc);
        return;
    }
    FZ_CHECK(rc == MV_OK, "field view of an existing field");
    mv_field_info fi;
    FZ_CHECK(mv_field(v, k, &fi) == MV_OK, "mv_field");
    Layout l = Layout::of(f);
    FZ_CHECK(l.shape == p.shape && l.strides == p.strides, "field view keeps shape and strides");
    FZ_CHECK(l.itemsize == fi.size && fi.offset + fi.size <= p.itemsize, "field view itemsize is the field's");
    if (l.count() > 0) FZ_CHECK(l.data == p.data + fi.offset, "field view starts at the field");
    FZ_CHECK(mv_readonly(f) == mv_readonly(v), "field view keeps readonly");
    check_bytes(c, f);
    c.push(f);
}

inline void op_retain_release(Ctx &c) {
    if (c.in.u8() & 1 && c.views.size() > 1) {
        mv_release(c.views.back());
        c.views.pop_back();
        return;
    }
    mv_view *v = c.pick(), *r = nullptr;
    FZ_CHECK(mv_retain(&r, v) == MV_OK, "retain");
    mv_view *ro = nullptr;
    FZ_CHECK(mv_toreadonly(&ro, r) == MV_OK && mv_readonly(ro) == 1, "toreadonly");
    FZ_CHECK(fz::tobytes(ro) == fz::tobytes(v), "read-only view has the same bytes");
    c.push(r);
    c.push(ro);
}

inline void run_op(Ctx &c) {
    switch (c.in.u8() % 12) {
        case 0: op_slice(c); break;
        case 1: op_slice_nd(c); break;
        case 2: op_index(c); break;
        case 3: op_cast_roundtrip(c); break;
        case 4: op_cast_other(c); break;
        case 5: op_get(c); break;
        case 6: op_set(c); break;
        case 7: op_hex(c); break;
        case 8: op_equal(c); break;
        case 9: op_copy(c); break;
        case 10: op_field_view(c); break;
        default: op_retain_release(c); break;
    }
}

}  // namespace chain
