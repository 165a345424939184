// tobytes orders, hex separators, == semantics and slice assignment.
#include <cmath>
#include <numeric>

#include "helpers.hpp"

namespace {

struct Grid {
    std::vector<unsigned char> data;
    View raw, m;
    Grid(std::vector<ptrdiff_t> shape, const char *format = "B") {
        size_t n = 1;
        for (ptrdiff_t s : shape) n *= static_cast<size_t>(s);
        data.resize(n * (format[0] == 'B' ? 1 : 4));
        std::iota(data.begin(), data.end(), 0);
        EXPECT_EQ(mv_create(raw.out(), data.data(), data.size(), 0, nullptr, nullptr), MV_OK);
        EXPECT_EQ(mv_cast(m.out(), raw, format, shape.data(), static_cast<int>(shape.size())), MV_OK) << mv_errmsg();
    }
};

TEST(ToBytes, OrdersOfCAndFortranViews) {
    Grid g({2, 3});
    EXPECT_EQ(tobytes(g.m, 'C'), (std::vector<unsigned char>{0, 1, 2, 3, 4, 5}));
    EXPECT_EQ(tobytes(g.m, 'F'), (std::vector<unsigned char>{0, 3, 1, 4, 2, 5}));
    EXPECT_EQ(tobytes(g.m, 'A'), (std::vector<unsigned char>{0, 1, 2, 3, 4, 5}));
    // a Fortran-contiguous view: 'A' follows memory
    const ptrdiff_t shape[2] = {3, 2}, strides[2] = {1, 3};
    mv_buffer_info info = MV_BUFFER_INFO_INIT;
    info.data = g.data.data();
    info.ndim = 2;
    info.shape = shape;
    info.strides = strides;
    View f;
    ASSERT_MV_OK(mv_from_buffer(f.out(), &info));
    EXPECT_EQ(tobytes(f, 'A'), (std::vector<unsigned char>{0, 1, 2, 3, 4, 5}));
    EXPECT_EQ(tobytes(f, 'C'), (std::vector<unsigned char>{0, 3, 1, 4, 2, 5}));
}

TEST(ToBytes, StridedAndReversedEveryItemsize) {
    for (const char *fmt : {"B", "h", "i", "q", "3s", "<Iff", "16s", "24s"}) {
        std::vector<unsigned char> data(24 * 8);
        std::iota(data.begin(), data.end(), 0);
        View raw, v, s;
        ASSERT_MV_OK(mv_create(raw.out(), data.data(), data.size(), 0, nullptr, nullptr));
        ASSERT_MV_OK(mv_cast(v.out(), raw, fmt, nullptr, 0)) << fmt;
        ASSERT_MV_OK(mv_slice(s.out(), v, -1, MV_NONE, -2));
        const size_t size = mv_itemsize(v), n = mv_len(s);
        auto got = tobytes(s);
        ASSERT_EQ(got.size(), n * size);
        for (size_t k = 0; k < n; k++) {
            const size_t src_item = mv_len(v) - 1 - 2 * k;
            ASSERT_EQ(std::memcmp(got.data() + k * size, data.data() + src_item * size, size), 0) << fmt << k;
        }
    }
}

TEST(ToBytes, Errors) {
    Grid g({2, 3});
    unsigned char out[6];
    EXPECT_MV_ERROR(mv_tobytes(g.m, out, 5, 'C'), MV_ESIZE, "destination has 5 bytes, the view needs 6");
    EXPECT_MV_ERROR(mv_tobytes(g.m, out, 6, 'X'), MV_EINVAL, "order must be 'C', 'F' or 'A'");
    EXPECT_MV_ERROR(mv_tobytes(g.m, nullptr, 6, 'C'), MV_EINVAL, "dst is NULL");
    EXPECT_MV_ERROR(mv_tobytes(nullptr, out, 6, 'C'), MV_EINVAL, "view is NULL");
}

TEST(Hex, SeparatorsLikeBytesHex) {
    // b'\x01\x02\x03\x04\x05'.hex(...)
    unsigned char b[5] = {1, 2, 3, 4, 5};
    View v;
    ASSERT_MV_OK(mv_create(v.out(), b, 5, 0, nullptr, nullptr));
    EXPECT_EQ(hex(v), "0102030405");
    EXPECT_EQ(hex(v, ':'), "01:02:03:04:05");
    EXPECT_EQ(hex(v, ':', 2), "01:0203:0405");
    EXPECT_EQ(hex(v, ':', -2), "0102:0304:05");
    EXPECT_EQ(hex(v, ' ', 5), "0102030405");
    EXPECT_EQ(hex(v, '-', 100), "0102030405");
    EXPECT_EQ(hex(v, '-', -100), "0102030405");
    EXPECT_EQ(hex(v, ':', 0), "0102030405");
    EXPECT_EQ(mv_hex_len(v, ':', 2), 12u);
    EXPECT_EQ(mv_hex_len(v, 0, 2), 10u);
    EXPECT_EQ(mv_hex_len(nullptr, 0, 0), 0u);
}

TEST(Hex, LongInputsUseEveryKernelPath) {
    // lengths around the SIMD block sizes, compared against a plain loop
    std::vector<unsigned char> data(200);
    for (size_t k = 0; k < data.size(); k++) data[k] = static_cast<unsigned char>(k * 37 + 11);
    for (size_t n : {0, 1, 15, 16, 17, 31, 32, 33, 63, 64, 65, 200}) {
        View v;
        ASSERT_MV_OK(mv_create(v.out(), data.data(), n, 0, nullptr, nullptr));
        std::string want;
        char buf[3];
        for (size_t k = 0; k < n; k++) {
            std::snprintf(buf, sizeof buf, "%02x", data[k]);
            want += buf;
        }
        EXPECT_EQ(hex(v), want) << n;
    }
}

// bytes.hex(sep, bytes_per_sep) written from its definition: groups of
// |bytes_per_sep| bytes counted from the right when positive (the short
// group first), from the left when negative.
std::string hex_groups_ref(const unsigned char *p, size_t n, char sep, int bps) {
    std::string out;
    char buf[3];
    const size_t k = static_cast<size_t>(bps < 0 ? -bps : bps);
    size_t left = bps > 0 && n % k ? n % k : k;  // bytes before the next separator
    for (size_t i = 0; i < n; i++) {
        if (left == 0) {
            out += sep;
            left = k;
        }
        std::snprintf(buf, sizeof buf, "%02x", p[i]);
        out += buf;
        left--;
    }
    return out;
}

TEST(Hex, GroupEdgeCases) {
    unsigned char b[7] = {0xde, 0xad, 0xbe, 0xef, 0x00, 0x01, 0xff};
    View v;
    ASSERT_MV_OK(mv_create(v.out(), b, 7, 0, nullptr, nullptr));
    EXPECT_EQ(hex(v, ':', 3), "de:adbeef:0001ff");   // 7 = 1 + 3 + 3 from the right
    EXPECT_EQ(hex(v, ':', -3), "deadbe:ef0001:ff");  // from the left
    EXPECT_EQ(hex(v, ':', 7), "deadbeef0001ff");     // group == len: no separator
    EXPECT_EQ(hex(v, ':', 8), "deadbeef0001ff");     // group > len
    EXPECT_EQ(hex(v, ':', -8), "deadbeef0001ff");
    EXPECT_EQ(hex(v, ':', 6), "de:adbeef0001ff");
    EXPECT_EQ(hex(v, ':', -6), "deadbeef0001:ff");
    EXPECT_EQ(hex(v, ' ', 1), "de ad be ef 00 01 ff");
    View one;
    ASSERT_MV_OK(mv_create(one.out(), b, 1, 0, nullptr, nullptr));
    EXPECT_EQ(hex(one, ':', 1), "de");
    EXPECT_EQ(hex(one, ':', -20), "de");
}

TEST(Hex, GroupsOnEveryKernelPath) {
    // Groups 1..8 have SIMD block kernels (16k bytes a block), larger ones a
    // per-group vector encoder (from 16 bytes on): every group +-1..+-20
    // and some larger, at every length 0..300 and a few longer ones, with
    // lengths that are and are not multiples of the group.
    std::vector<unsigned char> data(4099);
    for (size_t k = 0; k < data.size(); k++) data[k] = static_cast<unsigned char>(k * 131 + 7);
    std::vector<int> groups;
    for (int g = 1; g <= 20; g++) groups.insert(groups.end(), {g, -g});
    groups.insert(groups.end(), {31, 32, 33, 100, -31, -32, -33, -100});
    std::vector<size_t> lengths(301);
    std::iota(lengths.begin(), lengths.end(), 0);
    lengths.insert(lengths.end(), {383, 384, 385, 1000, 4099});
    for (size_t n : lengths) {
        View v;
        ASSERT_MV_OK(mv_create(v.out(), data.data(), n, 0, nullptr, nullptr));
        for (int g : groups) {
            ASSERT_EQ(hex(v, ':', g), hex_groups_ref(data.data(), n, ':', g)) << n << " bytes, group " << g;
        }
    }
}

TEST(Hex, NonContiguousViewInCOrder) {
    Grid g({3, 4});
    const mv_range r[2] = {{MV_NONE, MV_NONE, -1}, {1, 3, 1}};
    View s;
    ASSERT_MV_OK(mv_slice_nd(s.out(), g.m, r, 2));
    EXPECT_EQ(hex(s), "090a05060102");
    EXPECT_EQ(hex(s, '.', 2), "090a.0506.0102");
}

TEST(Hex, Errors) {
    unsigned char b[4] = {};
    View v;
    ASSERT_MV_OK(mv_create(v.out(), b, 4, 0, nullptr, nullptr));
    char out[16];
    EXPECT_MV_ERROR(mv_hex(v, out, 8, 0, 0), MV_ESIZE, "destination has 8 chars, 9 needed");
    EXPECT_MV_ERROR(mv_hex(v, out, sizeof out, static_cast<char>(0xe9), 1), MV_EINVAL, "sep must be ASCII");
    EXPECT_MV_ERROR(mv_hex(v, nullptr, 16, 0, 0), MV_EINVAL, "dst is NULL");
    EXPECT_MV_ERROR(mv_hex(nullptr, out, 16, 0, 0), MV_EINVAL, "view is NULL");
}

TEST(Equal, MemoryviewSemantics) {
    float f[3] = {1.0f, 2.0f, NAN};
    unsigned char b[3] = {1, 2, 3};
    View fr, fv, br, bv, f2, b2, ff;
    ASSERT_MV_OK(mv_create(fr.out(), f, sizeof f, 0, nullptr, nullptr));
    ASSERT_MV_OK(mv_cast(fv.out(), fr, "f", nullptr, 0));
    ASSERT_MV_OK(mv_create(bv.out(), b, 3, 0, nullptr, nullptr));
    ASSERT_MV_OK(mv_slice(f2.out(), fv, 0, 2, 1));
    ASSERT_MV_OK(mv_slice(b2.out(), bv, 0, 2, 1));
    EXPECT_EQ(mv_equal(f2, b2), 1);  // 1.0 == 1, different formats
    EXPECT_EQ(mv_equal(fv, fv), 0);  // NaN != NaN, even against itself
    EXPECT_EQ(mv_equal(bv, bv), 1);
    EXPECT_EQ(mv_equal(fv, bv), 0);
    EXPECT_EQ(mv_equal(f2, bv), 0);  // shapes differ
    // a 2x1 view never equals a 2-item 1-D view
    const ptrdiff_t shape[2] = {2, 1};
    View col;
    ASSERT_MV_OK(mv_cast(col.out(), b2, "B", shape, 2));
    EXPECT_EQ(mv_equal(col, b2), 0);
    // one 3-field record never equals one 1-field item
    View first;
    ASSERT_MV_OK(mv_cast(ff.out(), bv, "3B", nullptr, 0));
    ASSERT_MV_OK(mv_slice(first.out(), bv, 0, 1, 1));
    ASSERT_EQ(mv_len(ff), 1u);
    EXPECT_EQ(mv_equal(ff, first), 0);
    EXPECT_MV_ERROR(mv_equal(nullptr, bv), MV_EINVAL, "a is NULL");
}

TEST(Equal, ByteOrderAndStridedViews) {
    unsigned char le[8] = {1, 0, 0, 0, 2, 0, 0, 0}, be[8] = {0, 0, 0, 1, 0, 0, 0, 2};
    View lr, br, l, b;
    ASSERT_MV_OK(mv_create(lr.out(), le, 8, 0, nullptr, nullptr));
    ASSERT_MV_OK(mv_create(br.out(), be, 8, 0, nullptr, nullptr));
    ASSERT_MV_OK(mv_cast(l.out(), lr, "<i", nullptr, 0));
    ASSERT_MV_OK(mv_cast(b.out(), br, ">I", nullptr, 0));
    EXPECT_EQ(mv_equal(l, b), 1);
    EXPECT_EQ(mv_equal(lr, br), 0);
    // strided memcmp-able path
    unsigned char x[6] = {1, 9, 2, 9, 3, 9}, y[3] = {1, 2, 3};
    View xr, yr, xs;
    ASSERT_MV_OK(mv_create(xr.out(), x, 6, 0, nullptr, nullptr));
    ASSERT_MV_OK(mv_create(yr.out(), y, 3, 0, nullptr, nullptr));
    ASSERT_MV_OK(mv_slice(xs.out(), xr, MV_NONE, MV_NONE, 2));
    EXPECT_EQ(mv_equal(xs, yr), 1);
    y[2] = 4;
    EXPECT_EQ(mv_equal(xs, yr), 0);
    // zero items: equal whatever the formats
    View e1, e2;
    ASSERT_MV_OK(mv_slice(e1.out(), l, 0, 0, 1));
    ASSERT_MV_OK(mv_slice(e2.out(), xr, 0, 0, 1));
    EXPECT_EQ(mv_equal(e1, e2), 1);
}

TEST(Copy, SliceAssignmentAndOverlap) {
    unsigned char b[10] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    View v, dst, src;
    ASSERT_MV_OK(mv_create(v.out(), b, 10, 0, nullptr, nullptr));
    ASSERT_MV_OK(mv_slice(dst.out(), v, 2, 8, 1));
    ASSERT_MV_OK(mv_slice(src.out(), v, 0, 6, 1));
    ASSERT_MV_OK(mv_copy(dst, src));  // overlapping, contiguous: memmove
    EXPECT_EQ(std::vector<unsigned char>(b, b + 10), (std::vector<unsigned char>{0, 1, 0, 1, 2, 3, 4, 5, 8, 9}));
    // overlapping and strided: m[::2] = m[::-2] reverses through a temporary
    unsigned char c[6] = {0, 1, 2, 3, 4, 5};
    View w, ev, rev;
    ASSERT_MV_OK(mv_create(w.out(), c, 6, 0, nullptr, nullptr));
    ASSERT_MV_OK(mv_slice(ev.out(), w, MV_NONE, MV_NONE, 2));
    ASSERT_MV_OK(mv_slice(rev.out(), w, 4, MV_NONE, -2));
    ASSERT_MV_OK(mv_copy(ev, rev));
    EXPECT_EQ(std::vector<unsigned char>(c, c + 6), (std::vector<unsigned char>{4, 1, 2, 3, 0, 5}));
}

TEST(Copy, Errors) {
    unsigned char b[8] = {};
    View v, ro, i4, h4;
    ASSERT_MV_OK(mv_create(v.out(), b, 8, 0, nullptr, nullptr));
    ASSERT_MV_OK(mv_toreadonly(ro.out(), v));
    EXPECT_MV_ERROR(mv_copy(ro, v), MV_EREADONLY, "read-only");
    ASSERT_MV_OK(mv_cast(i4.out(), v, "i", nullptr, 0));
    ASSERT_MV_OK(mv_cast(h4.out(), v, "h", nullptr, 0));
    EXPECT_MV_ERROR(mv_copy(v, i4), MV_ELAYOUT, "different structures");
    View half;
    ASSERT_MV_OK(mv_slice(half.out(), v, 0, 4, 1));
    EXPECT_MV_ERROR(mv_copy(v, half), MV_ELAYOUT, "different structures");
    EXPECT_MV_ERROR(mv_copy(nullptr, v), MV_EINVAL, "dst is NULL");
    EXPECT_MV_ERROR(mv_copy(v, nullptr), MV_EINVAL, "src is NULL");
}

}  // namespace

namespace {

TEST(Copy, ConvertsByteOrderBetweenVariantFormats) {
    // struct.pack('>if', 42, 3.14) twice, decoded into native '<if' records
    const unsigned char be[16] = {0, 0, 0, 42, 0x40, 0x48, 0xf5, 0xc3, 0xff, 0xff, 0xff, 0xfe, 0xbf, 0x80, 0, 0};
    unsigned char out[16] = {};
    View sr, dr, s, d;
    ASSERT_MV_OK(mv_create(sr.out(), const_cast<unsigned char *>(be), 16, MV_READONLY, nullptr, nullptr));
    ASSERT_MV_OK(mv_create(dr.out(), out, 16, 0, nullptr, nullptr));
    ASSERT_MV_OK(mv_cast(s.out(), sr, ">if", nullptr, 0));
    ASSERT_MV_OK(mv_cast(d.out(), dr, "<if", nullptr, 0));
    ASSERT_MV_OK(mv_copy(d, s));
    EXPECT_EQ(mv_equal(d, s), 1);
    int32_t i;
    float f;
    std::memcpy(&i, out + 8, 4);
    std::memcpy(&f, out + 12, 4);
    EXPECT_EQ(i, -2);
    EXPECT_EQ(f, -1.0f);
    // in place, strided: reverse every second '>H' into '<H'
    unsigned char buf[8] = {0x12, 0x34, 0, 0, 0xab, 0xcd, 0, 0};
    View r, big, little, bs, ls;
    ASSERT_MV_OK(mv_create(r.out(), buf, 8, 0, nullptr, nullptr));
    ASSERT_MV_OK(mv_cast(big.out(), r, ">H", nullptr, 0));
    ASSERT_MV_OK(mv_cast(little.out(), r, "<H", nullptr, 0));
    ASSERT_MV_OK(mv_slice(bs.out(), big, MV_NONE, MV_NONE, 2));
    ASSERT_MV_OK(mv_slice(ls.out(), little, MV_NONE, MV_NONE, 2));
    ASSERT_MV_OK(mv_copy(ls, bs));
    EXPECT_EQ(std::vector<unsigned char>(buf, buf + 8), (std::vector<unsigned char>{0x34, 0x12, 0, 0, 0xcd, 0xab, 0, 0}));
    // a different layout is still refused
    View other;
    ASSERT_MV_OK(mv_cast(other.out(), sr, ">ff", nullptr, 0));
    EXPECT_MV_ERROR(mv_copy(d, other), MV_ELAYOUT, "different structures");
}

}  // namespace
