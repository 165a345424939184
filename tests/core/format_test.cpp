// The struct-format parser against struct.calcsize / len(struct.unpack)
// (expected values produced by CPython 3.11's struct module on x86_64).
#include <gtest/gtest.h>

#include "error.hpp"
#include "format.hpp"
#include "memview.h"

namespace {

struct Case {
    const char *format;
    size_t itemsize;
    size_t nfields;
};

const Case kCases[] = {
    {"B", 1, 1},
    {"b", 1, 1},
    {"c", 1, 1},
    {"?", 1, 1},
    {"h", 2, 1},
    {"H", 2, 1},
    {"i", 4, 1},
    {"I", 4, 1},
    {"l", 8, 1},
    {"L", 8, 1},
    {"q", 8, 1},
    {"Q", 8, 1},
    {"n", 8, 1},
    {"N", 8, 1},
    {"e", 2, 1},
    {"f", 4, 1},
    {"d", 8, 1},
    {"s", 1, 1},
    {"p", 1, 1},
    {"P", 8, 1},
    {"x", 1, 0},
    {"<h", 2, 1},
    {">i", 4, 1},
    {"=l", 4, 1},
    {"!q", 8, 1},
    {"<L", 4, 1},
    {">e", 2, 1},
    {"@d", 8, 1},
    {"3s", 3, 1},
    {"10p", 10, 1},
    {"0s", 0, 1},
    {"2x", 2, 0},
    {"ci", 8, 2},
    {"cd", 16, 2},
    {"hcd", 16, 3},
    {"bhiq", 16, 4},
    {"<bhiq", 15, 4},
    {">bhiq", 15, 4},
    {"!cd", 9, 2},
    {"i x d x", 17, 2},
    {"l x d x", 25, 2},
    {"  3i  ", 12, 3},
    {"4B", 4, 4},
    {"2?2e", 6, 4},
    {"0i", 0, 0},
    {"iii0s", 12, 4},
    {"qc", 9, 2},
    {"cq", 16, 2},
    {"@hq", 16, 2},
    {"?q", 16, 2},
    {"Pc", 9, 2},
    {"20s3x", 23, 1},
    {"<Iff", 12, 3},
    {">if", 8, 2},
};

class FormatCase : public ::testing::TestWithParam<Case> {};

TEST_P(FormatCase, MatchesStructModule) {
    const Case &c = GetParam();
    int code = 0;
    const mv::Format *f = mv::Format::parse(c.format, &code);
    ASSERT_NE(f, nullptr) << c.format << ": " << mv::errmsg();
    EXPECT_EQ(f->itemsize(), c.itemsize) << c.format;
    EXPECT_EQ(f->fields().size(), c.nfields) << c.format;
    EXPECT_EQ(f->text(), c.format);
    f->release();
}

INSTANTIATE_TEST_SUITE_P(CalcSize, FormatCase, ::testing::ValuesIn(kCases));

TEST(Format, FieldOffsetsUnderNativeAlignment) {
    int code = 0;
    const mv::Format *f = mv::Format::parse("bhiq?d", &code);
    ASSERT_NE(f, nullptr);
    const size_t want[] = {0, 2, 4, 8, 16, 24};
    ASSERT_EQ(f->fields().size(), 6u);
    for (size_t k = 0; k < 6; k++) EXPECT_EQ(f->fields()[k].offset, want[k]) << k;
    EXPECT_EQ(f->itemsize(), 32u);
    f->release();
}

TEST(Format, ByteOrderMarksSwapOnLittleEndianHost) {
    int code = 0;
    const mv::Format *be = mv::Format::parse(">ihc", &code), *le = mv::Format::parse("<ihc", &code);
    ASSERT_TRUE(be && le);
    EXPECT_TRUE(be->fields()[0].swap);
    EXPECT_TRUE(be->fields()[1].swap);
    EXPECT_FALSE(be->fields()[2].swap);  // one byte never swaps
    EXPECT_FALSE(le->fields()[0].swap);
    EXPECT_FALSE(be->native());
    EXPECT_FALSE(be->equivalent(*le));
    EXPECT_EQ(be->field_format(1), ">h");
    EXPECT_EQ(le->field_format(0), "<i");
    be->release();
    le->release();
}

TEST(Format, Classification) {
    int code = 0;
    auto parse = [&](const char *s) { return mv::Format::parse(s, &code); };
    EXPECT_TRUE(parse("B")->byte_format());
    EXPECT_TRUE(parse("@b")->byte_format());
    EXPECT_TRUE(parse("c")->byte_format());
    EXPECT_FALSE(parse("<B")->byte_format());
    EXPECT_FALSE(parse("h")->byte_format());
    EXPECT_TRUE(parse("i")->memcmp_equal());
    EXPECT_FALSE(parse("f")->memcmp_equal());  // NaN, -0.0
    EXPECT_FALSE(parse("?")->memcmp_equal());  // any non-zero byte is True
    const mv::Format *padded = parse("ci"), *pad_x = parse("i x");
    EXPECT_FALSE(padded->memcmp_equal());  // alignment padding
    EXPECT_FALSE(pad_x->memcmp_equal());
    padded->release();
    pad_x->release();
    const mv::Format *a = parse("i"), *b = parse("=i"), *c = parse("<i"), *d = parse("I");
    EXPECT_TRUE(a->equivalent(*b));
    EXPECT_TRUE(a->equivalent(*c));
    EXPECT_FALSE(a->equivalent(*d));
}

TEST(Format, SingleCodeFormatsAreShared) {
    int code = 0;
    EXPECT_EQ(mv::Format::parse("<f", &code), mv::Format::parse("<f", &code));
    EXPECT_EQ(mv::format_bytes(), mv::Format::parse("B", &code));
}

struct BadCase {
    const char *format;
    int code;
    const char *message;
};

TEST(Format, Errors) {
    const BadCase bad[] = {
        {"z", MV_EFORMAT, "bad char 'z'"},
        {"i<", MV_EFORMAT, "bad char '<'"},
        {"3", MV_EFORMAT, "repeat count given without format specifier"},
        {"3 i", MV_EFORMAT, "bad char ' '"},
        {"<P", MV_EFORMAT, "native byte order"},
        {"=n", MV_EFORMAT, "native byte order"},
        {"\x01", MV_EFORMAT, "0x01"},
        {"184467440737095516160B", MV_EOVERFLOW, "repeat count too large"},
        {"9223372036854775807q", MV_EOVERFLOW, "total struct size too long"},
        {"9223372036854775807sB", MV_EOVERFLOW, "too long"},
        {"70000B", MV_EFORMAT, "fields"},
        {"5000000000s", MV_EOVERFLOW, "string field too long"},
    };
    for (const BadCase &b : bad) {
        int code = 0;
        mv::errclear();
        EXPECT_EQ(mv::Format::parse(b.format, &code), nullptr) << b.format;
        EXPECT_EQ(code, b.code) << b.format;
        EXPECT_NE(std::string(mv::errmsg()).find(b.message), std::string::npos) << b.format << ": " << mv::errmsg();
    }
}

}  // namespace
