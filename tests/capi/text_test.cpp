// Text formats 'u' (UCS-2) and 'w' (UCS-4), as exporters give them
// (array.array('u') exports "w", NumPy's '<U3' "<3w"): memview lays them out
// and refuses to convert their values, exactly where CPython's memoryview
// refuses (issue 10, item 6). See memview.h, group "text".
#include "helpers.hpp"

namespace {

// A view described by an exporter (mv_from_buffer), as the Python binding makes one.
int exported(mv_view **out, void *data, const char *format, size_t itemsize, ptrdiff_t n, int readonly = 0) {
    mv_buffer_info info = MV_BUFFER_INFO_INIT;
    info.data = data;
    info.format = format;
    info.itemsize = itemsize;
    info.ndim = 1;
    info.shape = &n;
    info.readonly = readonly;
    return mv_from_buffer(out, &info);
}

std::vector<unsigned char> ucs4(const char *ascii) {
    std::vector<unsigned char> out;
    for (const char *p = ascii; *p; p++) {
        const unsigned char unit[4] = {static_cast<unsigned char>(*p), 0, 0, 0};
        out.insert(out.end(), unit, unit + 4);
    }
    return out;
}

}  // namespace

TEST(Text, LayoutOfEveryTextFormat) {
    struct Case {
        const char *format;
        size_t itemsize, nfields, field_size;
        int big_endian;
    } cases[] = {
        {"w", 4, 1, 4, 0}, {"@w", 4, 1, 4, 0}, {"u", 2, 1, 2, 0},   {"<w", 4, 1, 4, 0},
        {">w", 4, 1, 4, 1}, {"3w", 12, 1, 12, 0}, {">2u", 4, 1, 4, 1}, {"<2w", 8, 1, 8, 0},
    };
    std::vector<unsigned char> mem(64);
    for (const Case &c : cases) {
        View v;
        ASSERT_MV_OK(exported(v.out(), mem.data(), c.format, c.itemsize, 2));
        EXPECT_EQ(mv_itemsize(v), c.itemsize) << c.format;
        EXPECT_STREQ(mv_format(v), c.format);
        ASSERT_EQ(mv_nfields(v), c.nfields) << c.format;
        mv_field_info f;
        ASSERT_MV_OK(mv_field(v, 0, &f));
        EXPECT_EQ(f.kind, MV_KIND_TEXT) << c.format;
        EXPECT_EQ(f.size, c.field_size) << c.format;
        EXPECT_EQ(f.offset, 0u);
        EXPECT_EQ(f.big_endian, c.big_endian) << c.format;
    }
    // In a record, the unit's natural alignment (native) and a field of its own.
    View rec;
    ASSERT_MV_OK(exported(rec.out(), mem.data(), "c2w", 12, 2));
    ASSERT_EQ(mv_nfields(rec), 2u);
    mv_field_info f;
    ASSERT_MV_OK(mv_field(rec, 1, &f));
    EXPECT_EQ(f.offset, 4u);
    EXPECT_EQ(f.size, 8u);
    View col;
    ASSERT_MV_OK(mv_field_view(col.out(), rec, 1));
    EXPECT_STREQ(mv_format(col), "2w");
    EXPECT_EQ(mv_itemsize(col), 8u);
    // An exporter's itemsize must still agree with the format.
    mv_view *bad = nullptr;
    EXPECT_MV_ERROR(exported(&bad, mem.data(), "w", 2, 2), MV_ESIZE, "itemsize");
    EXPECT_EQ(bad, nullptr);
}

TEST(Text, BytesSlicesAndCastsFromTextWork) {
    std::vector<unsigned char> mem = ucs4("abc");
    View v;
    ASSERT_MV_OK(exported(v.out(), mem.data(), "w", 4, 3));
    EXPECT_EQ(tobytes(v), mem);
    EXPECT_EQ(hex(v), "610000006200000063000000");
    View rev;
    ASSERT_MV_OK(mv_slice(rev.out(), v, MV_NONE, MV_NONE, -1));
    EXPECT_STREQ(mv_format(rev), "w");
    EXPECT_EQ(hex(rev), "630000006200000061000000");
    View bytes, chars;
    ASSERT_MV_OK(mv_cast(bytes.out(), v, "B", nullptr, 0));  // the builtin's cast to a byte format
    EXPECT_EQ(mv_len(bytes), 12u);
    EXPECT_EQ(get1(bytes, {4}).u, static_cast<uint64_t>('b'));
    ASSERT_MV_OK(mv_cast(chars.out(), v, "I", nullptr, 0));  // memview's same-size cast
    EXPECT_EQ(get1(chars, {2}).u, static_cast<uint64_t>('c'));
}

TEST(Text, ItemAccessIsRefusedAfterTheIndexCheck) {
    std::vector<unsigned char> mem = ucs4("abc");
    const std::vector<unsigned char> before = mem;
    View v;
    ASSERT_MV_OK(exported(v.out(), mem.data(), "w", 4, 3));
    mv_value out[2];
    ptrdiff_t i = 1, far = 3, neg = -4;
    EXPECT_MV_ERROR(mv_get(v, &i, 1, out, 2), MV_EFORMAT, "format w not supported");
    EXPECT_MV_ERROR(mv_get(v, &far, 1, out, 2), MV_EINDEX, "out of bounds");  // as CPython: IndexError first
    EXPECT_MV_ERROR(mv_get(v, &neg, 1, out, 2), MV_EINDEX, "out of bounds");
    EXPECT_MV_ERROR(mv_get(v, nullptr, 0, out, 2), MV_EINVAL, "indices");
    mv_value x = uint_value('z');
    EXPECT_MV_ERROR(mv_set(v, &i, 1, &x, 1), MV_EFORMAT, "format w not supported");
    EXPECT_MV_ERROR(mv_set(v, &far, 1, &x, 1), MV_EINDEX, "out of bounds");
    std::vector<mv_value> all(3);
    EXPECT_MV_ERROR(mv_unpack(v, all.data(), all.size()), MV_EFORMAT, "format w not supported");
    EXPECT_EQ(mem, before);  // a refused operation writes nothing
    // Read-only is checked first, as CPython's memory_ass_sub does.
    View ro;
    ASSERT_MV_OK(mv_toreadonly(ro.out(), v));
    EXPECT_MV_ERROR(mv_set(ro, &i, 1, &x, 1), MV_EREADONLY, "read-only");
    EXPECT_MV_ERROR(mv_set(ro, &far, 1, &x, 1), MV_EREADONLY, "read-only");
    // No items: nothing to convert, so nothing to refuse (CPython's tolist() is []).
    View empty;
    ASSERT_MV_OK(exported(empty.out(), mem.data(), "<2w", 8, 0));
    EXPECT_EQ(mv_unpack(empty, nullptr, 0), MV_OK) << mv_errmsg();
    ptrdiff_t zero = 0;
    EXPECT_MV_ERROR(mv_get(empty, &zero, 1, out, 2), MV_EINDEX, "out of bounds");
    // A record with a text field refuses its other fields too (one item, one conversion).
    View rec;
    ASSERT_MV_OK(exported(rec.out(), mem.data(), "<iw", 8, 1));
    EXPECT_MV_ERROR(mv_get(rec, &zero, 1, out, 2), MV_EFORMAT, "format <iw not supported");
}

TEST(Text, NoViewWithTextIsEqualToAnything) {
    std::vector<unsigned char> a = ucs4("ab"), b = ucs4("ab");
    View va, vb, empty1, empty2, asI;
    ASSERT_MV_OK(exported(va.out(), a.data(), "w", 4, 2));
    ASSERT_MV_OK(exported(vb.out(), b.data(), "w", 4, 2));
    EXPECT_EQ(mv_equal(va, va), 0);  // CPython: memoryview(array('u', 'ab')) == itself is False
    EXPECT_EQ(mv_equal(va, vb), 0);
    ASSERT_MV_OK(mv_cast(asI.out(), vb, "I", nullptr, 0));
    EXPECT_EQ(mv_equal(va, asI), 0);
    EXPECT_EQ(mv_equal(asI, va), 0);
    ASSERT_MV_OK(exported(empty1.out(), a.data(), "w", 4, 0));
    ASSERT_MV_OK(exported(empty2.out(), b.data(), "w", 4, 0));
    EXPECT_EQ(mv_equal(empty1, empty2), 0);  // even without items
}

TEST(Text, CastsToTextAreRefused) {
    std::vector<unsigned char> mem(16);
    View raw, v;
    ASSERT_MV_OK(mv_create(raw.out(), mem.data(), mem.size(), 0, nullptr, nullptr));
    const char *targets[] = {"w", "u", "@w", "<w", "2w", "iw"};
    for (const char *t : targets) {
        mv_view *out = nullptr;
        EXPECT_MV_ERROR(mv_cast(&out, raw, t, nullptr, 0), MV_EFORMAT, "not struct formats");
        EXPECT_EQ(out, nullptr);
    }
    // Also from a text view to its own format (CPython: ValueError).
    ASSERT_MV_OK(exported(v.out(), mem.data(), "w", 4, 4));
    mv_view *out = nullptr;
    EXPECT_MV_ERROR(mv_cast(&out, v, "w", nullptr, 0), MV_EFORMAT, "not struct formats");
    EXPECT_EQ(out, nullptr);
}

TEST(Text, CopyNeedsTheSameTextFormat) {
    std::vector<unsigned char> a = ucs4("abcd"), b = ucs4("wxyz");
    View va, vb, vbig, head, tail;
    ASSERT_MV_OK(exported(va.out(), a.data(), "w", 4, 4));
    ASSERT_MV_OK(exported(vb.out(), b.data(), "w", 4, 4));
    ASSERT_MV_OK(mv_slice(head.out(), va, 0, 2, 1));
    ASSERT_MV_OK(mv_slice(tail.out(), vb, 2, 4, 1));
    ASSERT_MV_OK(mv_copy(head, tail));  // v[0:2] = w[2:4]: bytes move, no value is converted
    EXPECT_EQ(a, ucs4("yzcd"));
    // Another text format or a number of the same size is another structure;
    // the byte order of a text unit is never converted.
    const std::vector<unsigned char> before = a;
    View asI, big;
    ASSERT_MV_OK(mv_cast(asI.out(), vb, "I", nullptr, 0));
    EXPECT_MV_ERROR(mv_copy(va, asI), MV_ELAYOUT, "different structures");
    EXPECT_MV_ERROR(mv_copy(asI, va), MV_ELAYOUT, "different structures");
    ASSERT_MV_OK(exported(big.out(), b.data(), ">w", 4, 4));
    EXPECT_MV_ERROR(mv_copy(va, big), MV_ELAYOUT, "different structures");
    std::vector<unsigned char> u2(8);
    View twou;
    ASSERT_MV_OK(exported(twou.out(), u2.data(), "2u", 4, 2));
    View two;
    ASSERT_MV_OK(mv_slice(two.out(), va, 0, 2, 1));
    EXPECT_MV_ERROR(mv_copy(two, twou), MV_ELAYOUT, "different structures");
    EXPECT_EQ(a, before);
}

TEST(Text, ArrowAndDlpackRefuseText) {
    std::vector<unsigned char> mem = ucs4("ab");
    View v;
    ASSERT_MV_OK(exported(v.out(), mem.data(), "w", 4, 2));
    ArrowSchema schema;
    ArrowArray array;
    schema.release = nullptr;
    array.release = nullptr;
    EXPECT_MV_ERROR(mv_to_arrow_ex(v, &schema, &array, MV_EXPORT_COPY), MV_EFORMAT, "text");
    EXPECT_EQ(schema.release, nullptr);
    EXPECT_EQ(array.release, nullptr);
    DLManagedTensorVersioned *t = nullptr;
    EXPECT_EQ(mv_to_dlpack(&t, v, MV_EXPORT_COPY), MV_EFORMAT) << mv_errmsg();
    EXPECT_EQ(t, nullptr);
}
