// Packing and unpacking single fields, and Python's == between values.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "error.hpp"
#include "format.hpp"
#include "memview.h"
#include "scalar.hpp"

namespace {

struct HalfCase {
    double value;
    uint16_t bits;
};

// struct.pack('<e', value) from CPython 3.11
const HalfCase kHalf[] = {
    {0.0, 0x0000},
    {-0.0, 0x8000},
    {1.0, 0x3c00},
    {-2.5, 0xc100},
    {65504.0, 0x7bff},
    {65519.0, 0x7bff},
    {1e-08, 0x0000},
    {5.960464477539063e-08, 0x0001},
    {2.9802322387695312e-08, 0x0000},
    {4.470348358154297e-08, 0x0001},
    {6.103515625e-05, 0x0400},
    {6.097555160522461e-05, 0x03ff},
    {0.1, 0x2e66},
    {1.0009765625, 0x3c01},
    {1.00048828125, 0x3c00},
    {1.00146484375, 0x3c02},
    {INFINITY, 0x7c00},
    {-INFINITY, 0xfc00},
    {3.14159, 0x4248},
    {-1234.5678, 0xe4d3},
};

TEST(Half, PacksLikeStruct) {
    for (const HalfCase &c : kHalf) {
        uint16_t h = 0;
        ASSERT_TRUE(mv::double_to_half(c.value, &h)) << c.value;
        EXPECT_EQ(h, c.bits) << c.value;
    }
    uint16_t h;
    EXPECT_FALSE(mv::double_to_half(65520.0, &h));
    EXPECT_FALSE(mv::double_to_half(1e6, &h));
    EXPECT_FALSE(mv::double_to_half(-70000.0, &h));
    ASSERT_TRUE(mv::double_to_half(NAN, &h));
    EXPECT_TRUE(std::isnan(mv::half_to_double(h)));
}

TEST(Half, EveryBitPatternRoundTrips) {
    for (uint32_t b = 0; b < 0x10000; b++) {
        const double d = mv::half_to_double(static_cast<uint16_t>(b));
        if (std::isnan(d)) continue;
        uint16_t back;
        ASSERT_TRUE(mv::double_to_half(d, &back)) << b;
        ASSERT_EQ(back, b) << b;
    }
}

mv::Field field_of(const char *fmt) {
    int code = 0;
    const mv::Format *f = mv::Format::parse(fmt, &code);
    mv::Field first = f->fields()[0];
    f->release();
    return first;
}

mv_value make(int kind, int64_t i = 0, uint64_t u = 0, double f = 0) {
    mv_value v{};
    v.kind = kind;
    v.i = i;
    v.u = u;
    v.f = f;
    return v;
}

TEST(Pack, IntegerRanges) {
    unsigned char out[8];
    EXPECT_EQ(mv::pack_field(field_of("B"), make(MV_KIND_INT, 255), out), MV_OK);
    EXPECT_EQ(out[0], 255);
    EXPECT_EQ(mv::pack_field(field_of("B"), make(MV_KIND_INT, 256), out), MV_EVALUE);
    EXPECT_EQ(mv::pack_field(field_of("B"), make(MV_KIND_INT, -1), out), MV_EVALUE);
    EXPECT_EQ(mv::pack_field(field_of("b"), make(MV_KIND_INT, -128), out), MV_OK);
    EXPECT_EQ(mv::pack_field(field_of("b"), make(MV_KIND_INT, 128), out), MV_EVALUE);
    EXPECT_EQ(mv::pack_field(field_of("q"), make(MV_KIND_UINT, 0, UINT64_MAX), out), MV_EVALUE);
    EXPECT_EQ(mv::pack_field(field_of("Q"), make(MV_KIND_UINT, 0, UINT64_MAX), out), MV_OK);
    EXPECT_EQ(mv::pack_field(field_of("q"), make(MV_KIND_INT, INT64_MIN), out), MV_OK);
    EXPECT_EQ(mv::pack_field(field_of("i"), make(MV_KIND_BOOL, 1), out), MV_OK);  // bool is an int
    EXPECT_EQ(mv::pack_field(field_of("i"), make(MV_KIND_FLOAT, 0, 0, 1.0), out), MV_ETYPE);
    EXPECT_NE(std::string(mv::errmsg()).find("invalid type for format 'i'"), std::string::npos);
    EXPECT_EQ(mv::pack_field(field_of(">H"), make(MV_KIND_UINT, 0, 0x1234), out), MV_OK);
    EXPECT_EQ(out[0], 0x12);
    EXPECT_EQ(out[1], 0x34);
    EXPECT_EQ(mv::pack_field(field_of("i"), make(99), out), MV_EINVAL);  // unknown kind
}

TEST(Pack, FloatsBoolsAndBytes) {
    unsigned char out[16];
    ASSERT_EQ(mv::pack_field(field_of("f"), make(MV_KIND_FLOAT, 0, 0, 1e300), out), MV_OK);
    float f;
    std::memcpy(&f, out, 4);
    EXPECT_TRUE(std::isinf(f));
    ASSERT_EQ(mv::pack_field(field_of("f"), make(MV_KIND_FLOAT, 0, 0, 3.4028235e38), out), MV_OK);
    std::memcpy(&f, out, 4);
    EXPECT_FALSE(std::isinf(f));
    EXPECT_EQ(mv::pack_field(field_of("e"), make(MV_KIND_FLOAT, 0, 0, 1e6), out), MV_EVALUE);
    EXPECT_EQ(mv::pack_field(field_of("d"), make(MV_KIND_INT, 7), out), MV_OK);
    double d;
    std::memcpy(&d, out, 8);
    EXPECT_EQ(d, 7.0);
    mv_value b = make(MV_KIND_BYTES);
    b.bytes = "xyz";
    b.len = 3;
    EXPECT_EQ(mv::pack_field(field_of("d"), b, out), MV_ETYPE);
    EXPECT_EQ(mv::pack_field(field_of("?"), b, out), MV_OK);
    EXPECT_EQ(out[0], 1);
    EXPECT_EQ(mv::pack_field(field_of("?"), make(MV_KIND_FLOAT, 0, 0, 0.0), out), MV_OK);
    EXPECT_EQ(out[0], 0);
    EXPECT_EQ(mv::pack_field(field_of("c"), b, out), MV_EVALUE);
    b.len = 1;
    EXPECT_EQ(mv::pack_field(field_of("c"), b, out), MV_OK);
    EXPECT_EQ(out[0], 'x');
    EXPECT_EQ(mv::pack_field(field_of("c"), make(MV_KIND_INT, 1), out), MV_ETYPE);
    b.len = 3;
    std::memset(out, 0xee, sizeof out);
    ASSERT_EQ(mv::pack_field(field_of("5s"), b, out), MV_OK);
    EXPECT_EQ(std::memcmp(out, "xyz\0\0", 5), 0);
    ASSERT_EQ(mv::pack_field(field_of("2s"), b, out), MV_OK);
    EXPECT_EQ(std::memcmp(out, "xy", 2), 0);
    ASSERT_EQ(mv::pack_field(field_of("3p"), b, out), MV_OK);
    EXPECT_EQ(std::memcmp(out, "\x02xy", 3), 0);
    b.bytes = nullptr;
    EXPECT_EQ(mv::pack_field(field_of("3s"), b, out), MV_EINVAL);
}

TEST(Unpack, PascalAndSignExtension) {
    const unsigned char raw[4] = {9, 'a', 'b', 'c'};  // length byte larger than the field
    mv_value v;
    mv::unpack_field(field_of("4p"), raw, &v);
    EXPECT_EQ(v.kind, MV_KIND_BYTES);
    EXPECT_EQ(v.len, 3u);
    EXPECT_EQ(std::memcmp(v.bytes, "abc", 3), 0);
    const unsigned char neg[2] = {0xfe, 0xff};
    mv::unpack_field(field_of("<h"), neg, &v);
    EXPECT_EQ(v.i, -2);
    mv::unpack_field(field_of(">h"), neg, &v);
    EXPECT_EQ(v.i, -257);
    mv::unpack_field(field_of("?"), neg, &v);
    EXPECT_EQ(v.kind, MV_KIND_BOOL);
    EXPECT_EQ(v.i, 1);
}

TEST(ValuesEqual, PythonSemantics) {
    EXPECT_TRUE(mv::values_equal(make(MV_KIND_INT, 1), make(MV_KIND_FLOAT, 0, 0, 1.0)));
    EXPECT_TRUE(mv::values_equal(make(MV_KIND_BOOL, 1), make(MV_KIND_UINT, 0, 1)));
    EXPECT_FALSE(mv::values_equal(make(MV_KIND_FLOAT, 0, 0, NAN), make(MV_KIND_FLOAT, 0, 0, NAN)));
    EXPECT_TRUE(mv::values_equal(make(MV_KIND_FLOAT, 0, 0, -0.0), make(MV_KIND_FLOAT, 0, 0, 0.0)));
    EXPECT_FALSE(mv::values_equal(make(MV_KIND_INT, -1), make(MV_KIND_UINT, 0, UINT64_MAX)));
    EXPECT_FALSE(mv::values_equal(make(MV_KIND_INT, (int64_t(1) << 53) + 1),
                                  make(MV_KIND_FLOAT, 0, 0, 9007199254740992.0)));
    EXPECT_TRUE(mv::values_equal(make(MV_KIND_UINT, 0, UINT64_MAX - 2047),
                                 make(MV_KIND_FLOAT, 0, 0, 18446744073709549568.0)));
    EXPECT_FALSE(mv::values_equal(make(MV_KIND_UINT, 0, 1), make(MV_KIND_FLOAT, 0, 0, 1.5)));
    mv_value b = make(MV_KIND_BYTES);
    b.bytes = "a";
    b.len = 1;
    EXPECT_FALSE(mv::values_equal(b, make(MV_KIND_INT, 'a')));
    EXPECT_TRUE(mv::values_equal(b, b));
}

}  // namespace
