// Property of mv_copy between formats that differ (issue 14): equivalent
// formats ('i' and '=i') copy the field bytes as they are, byte-order
// variants ('>f' into '<f', '>if' into '<if') reverse each field whose byte
// order differs, in one pass for whole-item numbers (core/copy.cpp
// swap_copy) or per field otherwise. Checked field by field on the items in C
// order; pad bytes are not compared.
#pragma once
#include <algorithm>
#include <vector>

#include "fuzz_util.hpp"

namespace chain {

// dst_bytes / src_bytes: the C-order items of dst after and src before the copy.
inline void check_copy_fields(const mv_view *dst, const mv_view *src, const std::vector<uint8_t> &dst_bytes,
                              const std::vector<uint8_t> &src_bytes) {
    const size_t is = mv_itemsize(dst), nf = mv_nfields(dst);
    FZ_CHECK(is == mv_itemsize(src) && nf == mv_nfields(src), "copied formats have the same items and fields");
    FZ_CHECK(dst_bytes.size() == src_bytes.size(), "copied views have the same bytes");
    for (size_t k = 0; k < nf; k++) {
        mv_field_info fd, fs;
        FZ_CHECK(mv_field(dst, k, &fd) == MV_OK && mv_field(src, k, &fs) == MV_OK, "mv_field");
        FZ_CHECK(fd.offset == fs.offset && fd.size == fs.size, "copied fields lie alike");
        const bool reverse = fd.big_endian != fs.big_endian;
        for (size_t at = fd.offset; at + fd.size <= dst_bytes.size(); at += is) {
            const auto s = src_bytes.begin() + static_cast<ptrdiff_t>(at);
            const auto d = dst_bytes.begin() + static_cast<ptrdiff_t>(at);
            const auto n = static_cast<ptrdiff_t>(fd.size);
            if (reverse)
                FZ_CHECK(std::equal(s, s + n, std::make_reverse_iterator(d + n)), "byte-order copy reverses the field");
            else
                FZ_CHECK(std::equal(s, s + n, d), "copy keeps the field's bytes");
        }
    }
}

// src's items copied into a C-contiguous view of its byte-order twin ('>f'
// for '<f' or 'f'), in a buffer of the harness's own, then converted back in
// place: the one-pass kernels (strided, packed, SIMD rows, in place) on every
// whole-item 2-, 4- or 8-byte number the chain produces. The arena is not
// touched.
inline void check_byte_order_twin(const mv_view *src, const std::vector<uint8_t> &src_bytes) {
    mv_field_info f;
    if (mv_nfields(src) != 1 || mv_field(src, 0, &f) != MV_OK) return;
    const size_t is = mv_itemsize(src);
    if (f.kind != MV_KIND_INT && f.kind != MV_KIND_UINT && f.kind != MV_KIND_FLOAT) return;
    if (f.offset != 0 || f.size != is || (is != 2 && is != 4 && is != 8)) return;
    const char twin[3] = {f.big_endian ? '<' : '>', f.code, 0};
    const char same[3] = {f.big_endian ? '>' : '<', f.code, 0};
    std::vector<uint8_t> buf(src_bytes.size() + 1, 0xa5);
    mv_buffer_info info = MV_BUFFER_INFO_INIT;
    info.data = buf.data();
    info.format = twin;
    info.ndim = mv_ndim(src);
    info.shape = mv_shape(src);
    mv_view *t = nullptr, *back = nullptr;
    if (mv_from_buffer(&t, &info) != MV_OK) return;  // 'P', 'n', 'N' have no standard size
    info.format = same;
    FZ_CHECK(mv_from_buffer(&back, &info) == MV_OK, "the same items in their own byte order");
    FZ_CHECK(mv_copy(t, src) == MV_OK, "copy into the byte-order twin");
    FZ_CHECK(buf.back() == 0xa5, "twin copy stays inside its items");
    const std::vector<uint8_t> twin_bytes(buf.begin(), buf.end() - 1);
    check_copy_fields(t, src, twin_bytes, src_bytes);
    FZ_CHECK(mv_copy(back, t) == MV_OK, "in-place conversion back");
    FZ_CHECK(std::equal(src_bytes.begin(), src_bytes.end(), buf.begin()), "in-place conversion restores the bytes");
    mv_release(back);
    mv_release(t);
}

}  // namespace chain
