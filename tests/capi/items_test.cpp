// mv_get / mv_set / mv_unpack over every kind of field (expected values from
// CPython's struct.unpack of the same bytes).
#include <cmath>

#include "helpers.hpp"

namespace {

std::vector<unsigned char> from_hex(const char *h) {
    std::vector<unsigned char> out;
    for (; h[0] && h[1]; h += 2) out.push_back(static_cast<unsigned char>(std::stoi(std::string(h, 2), nullptr, 16)));
    return out;
}

struct Item {
    std::vector<unsigned char> bytes;
    View raw, view;
    Item(const char *format, const char *hexbytes, unsigned flags = 0) : bytes(from_hex(hexbytes)) {
        EXPECT_EQ(mv_create(raw.out(), bytes.data(), bytes.size(), flags, nullptr, nullptr), MV_OK);
        EXPECT_EQ(mv_cast(view.out(), raw, format, nullptr, 0), MV_OK) << mv_errmsg();
    }
    std::vector<mv_value> get(ptrdiff_t i = 0) {
        std::vector<mv_value> out(mv_nfields(view));
        EXPECT_EQ(mv_get(view, &i, 1, out.data(), out.size()), MV_OK) << mv_errmsg();
        return out;
    }
};

TEST(Get, EveryKindMatchesStructUnpack) {
    EXPECT_EQ(Item("<h", "c7cf").get()[0].i, -12345);
    EXPECT_EQ(Item(">H", "fde8").get()[0].u, 65000u);
    EXPECT_EQ(Item("<q", "0000000000000080").get()[0].i, INT64_MIN);
    EXPECT_EQ(Item(">Q", "ffffffffffffffff").get()[0].u, UINT64_MAX);
    EXPECT_EQ(Item("<e", "00be").get()[0].f, -1.5);
    EXPECT_EQ(Item(">d", "01a56e1fc2f8f359").get()[0].f, 1e-300);
    mv_value b = Item("?", "07").get()[0];
    EXPECT_EQ(b.kind, MV_KIND_BOOL);
    EXPECT_EQ(b.i, 1);
    Item citem("c", "5a");  // bytes values borrow from the buffer: keep it alive
    mv_value c = citem.get()[0];
    EXPECT_EQ(c.kind, MV_KIND_BYTES);
    EXPECT_EQ(std::string(static_cast<const char *>(c.bytes), c.len), "Z");
    Item s("5s", "6162006364");
    mv_value sv = s.get()[0];
    EXPECT_EQ(std::string(static_cast<const char *>(sv.bytes), sv.len), std::string("ab\0cd", 5));
    EXPECT_EQ(sv.bytes, s.bytes.data());  // borrowed from the buffer, not copied
    Item pitem("4p", "0278797a");
    mv_value pv = pitem.get()[0];
    EXPECT_EQ(std::string(static_cast<const char *>(pv.bytes), pv.len), "xy");
    auto rec = Item("<Iff", "070000000000003f000010c0").get();
    ASSERT_EQ(rec.size(), 3u);
    EXPECT_EQ(rec[0].u, 7u);
    EXPECT_EQ(rec[1].f, 0.5);
    EXPECT_EQ(rec[2].f, -2.25);
    auto padded = Item(">bxHq", "ff0002010000010000000000").get();
    ASSERT_EQ(padded.size(), 3u);
    EXPECT_EQ(padded[0].i, -1);
    EXPECT_EQ(padded[1].u, 513u);
    EXPECT_EQ(padded[2].i, int64_t(1) << 40);
    EXPECT_EQ(padded[2].code, 'q');
}

TEST(Get, Errors) {
    Item it("<h", "c7cf0100");
    mv_value out[2];
    const ptrdiff_t two[2] = {0, 0}, big = 2, neg = -3, last = -1;
    EXPECT_MV_ERROR(mv_get(it.view, &big, 1, out, 1), MV_EINDEX, "index out of bounds on dimension 1");
    EXPECT_MV_ERROR(mv_get(it.view, &neg, 1, out, 1), MV_EINDEX, "out of bounds");
    EXPECT_MV_ERROR(mv_get(it.view, two, 2, out, 2), MV_EINVAL, "needs 1 indices, got 2");
    EXPECT_MV_ERROR(mv_get(it.view, nullptr, 1, out, 1), MV_EINVAL, "index is NULL");
    EXPECT_MV_ERROR(mv_get(it.view, &last, 1, out, 0), MV_ESIZE, "has 1 fields, out holds 0");
    EXPECT_MV_ERROR(mv_get(nullptr, &last, 1, out, 1), MV_EINVAL, "view is NULL");
    EXPECT_MV_ERROR(mv_get(it.view, &last, 1, nullptr, 1), MV_EINVAL, "out is NULL");
    ASSERT_MV_OK(mv_get(it.view, &last, 1, out, 1));
    EXPECT_EQ(out[0].i, 1);
}

TEST(Set, RoundTripsEveryKind) {
    Item rec("<bHq?e2sdc", "00000000000000000000000000000000000000000000000000");
    const ptrdiff_t i = 0;
    mv_value vals[8] = {int_value(-7), uint_value(65535), int_value(INT64_MIN + 1), int_value(1),
                        float_value(0.25), bytes_value("hello", 5), float_value(-1e100), bytes_value("!", 1)};
    vals[3].kind = MV_KIND_BOOL;
    ASSERT_EQ(mv_nfields(rec.view), 8u);
    ASSERT_MV_OK(mv_set(rec.view, &i, 1, vals, 8));
    auto back = rec.get();
    EXPECT_EQ(back[0].i, -7);
    EXPECT_EQ(back[1].u, 65535u);
    EXPECT_EQ(back[2].i, INT64_MIN + 1);
    EXPECT_EQ(back[3].i, 1);
    EXPECT_EQ(back[4].f, 0.25);
    EXPECT_EQ(std::string(static_cast<const char *>(back[5].bytes), back[5].len), "he");
    EXPECT_EQ(back[6].f, -1e100);
    EXPECT_EQ(std::string(static_cast<const char *>(back[7].bytes), back[7].len), "!");
}

TEST(Set, NothingWrittenUnlessEveryValuePacks) {
    Item rec("<ii", "0100000002000000");
    const ptrdiff_t i = 0;
    mv_value vals[2] = {int_value(5), int_value(INT64_C(1) << 40)};
    EXPECT_MV_ERROR(mv_set(rec.view, &i, 1, vals, 2), MV_EVALUE, "invalid value for format 'i'");
    EXPECT_EQ(rec.get()[0].i, 1);  // first field untouched
}

TEST(Set, PadBytesKeepTheirContents) {
    Item rec("bxb", "01ee02");
    const ptrdiff_t i = 0;
    mv_value vals[2] = {int_value(3), int_value(4)};
    ASSERT_MV_OK(mv_set(rec.view, &i, 1, vals, 2));
    EXPECT_EQ(rec.bytes, (std::vector<unsigned char>{3, 0xee, 4}));
}

TEST(Set, Errors) {
    Item it("B", "0001");
    Item ro("B", "0001", MV_READONLY);
    const ptrdiff_t i = 1, out_of_range = 2;
    const mv_value ok = uint_value(9), too_big = int_value(256), negative = int_value(-1), f = float_value(1.0);
    EXPECT_MV_ERROR(mv_set(ro.view, &i, 1, &ok, 1), MV_EREADONLY, "cannot modify read-only memoryview");
    EXPECT_MV_ERROR(mv_set(it.view, &out_of_range, 1, &ok, 1), MV_EINDEX, "out of bounds");
    EXPECT_MV_ERROR(mv_set(it.view, &i, 1, &too_big, 1), MV_EVALUE, "invalid value for format 'B'");
    EXPECT_MV_ERROR(mv_set(it.view, &i, 1, &negative, 1), MV_EVALUE, "invalid value");
    EXPECT_MV_ERROR(mv_set(it.view, &i, 1, &f, 1), MV_ETYPE, "invalid type for format 'B'");
    EXPECT_MV_ERROR(mv_set(it.view, &i, 1, &ok, 2), MV_EINVAL, "has 1 fields, got 2 values");
    EXPECT_MV_ERROR(mv_set(it.view, &i, 1, nullptr, 1), MV_EINVAL, "values is NULL");
    EXPECT_MV_ERROR(mv_set(nullptr, &i, 1, &ok, 1), MV_EINVAL, "view is NULL");
    mv_value weird = ok;
    weird.kind = 42;
    EXPECT_MV_ERROR(mv_set(it.view, &i, 1, &weird, 1), MV_EINVAL, "unknown value kind 42");
    Item e("<e", "0000");
    const ptrdiff_t z = 0;
    const mv_value huge = float_value(1e9);
    EXPECT_MV_ERROR(mv_set(e.view, &z, 1, &huge, 1), MV_EVALUE, "float too large to pack with e format");
    ASSERT_MV_OK(mv_set(it.view, &i, 1, &ok, 1));
    EXPECT_EQ(it.bytes[1], 9);
}

TEST(Unpack, WholeViewInCOrder) {
    float f[6] = {0, 1, 2, 3, 4, 5};
    View v, m, t;
    ASSERT_MV_OK(mv_create(v.out(), f, sizeof f, 0, nullptr, nullptr));
    const ptrdiff_t shape[2] = {2, 3};
    ASSERT_MV_OK(mv_cast(m.out(), v, "f", shape, 2));
    // the transpose, via a strided descriptor
    const ptrdiff_t tshape[2] = {3, 2}, tstrides[2] = {4, 12};
    mv_buffer_info info = MV_BUFFER_INFO_INIT;
    info.data = f;
    info.format = "f";
    info.ndim = 2;
    info.shape = tshape;
    info.strides = tstrides;
    ASSERT_MV_OK(mv_from_buffer(t.out(), &info));
    std::vector<mv_value> out(6);
    ASSERT_MV_OK(mv_unpack(t, out.data(), out.size()));
    const double want[6] = {0, 3, 1, 4, 2, 5};
    for (int k = 0; k < 6; k++) EXPECT_EQ(out[k].f, want[k]);
    EXPECT_MV_ERROR(mv_unpack(t, out.data(), 5), MV_ESIZE, "has 6 values, out holds 5");
    EXPECT_MV_ERROR(mv_unpack(nullptr, out.data(), 6), MV_EINVAL, "view is NULL");
    EXPECT_MV_ERROR(mv_unpack(t, nullptr, 6), MV_EINVAL, "out is NULL");
    Item rec("<Iff", "070000000000003f000010c0");
    std::vector<mv_value> r(3);
    ASSERT_MV_OK(mv_unpack(rec.view, r.data(), 3));
    EXPECT_EQ(r[2].f, -2.25);
}

}  // namespace
