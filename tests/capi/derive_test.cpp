// Slicing, sub-views and casts: Python's rules, the extensions, the errors.
#include <numeric>

#include "helpers.hpp"

namespace {

// The items Python's range(len)[start:stop:step] selects, computed the slow,
// obvious way, as the reference for mv_slice.
std::vector<ptrdiff_t> python_slice(ptrdiff_t len, ptrdiff_t start, ptrdiff_t stop, ptrdiff_t step) {
    auto clamp = [&](ptrdiff_t x, bool is_start) -> ptrdiff_t {
        if (x == MV_NONE) return is_start ? (step > 0 ? 0 : len - 1) : (step > 0 ? len : -1);
        if (x < 0) x += len;
        if (step > 0) return x < 0 ? 0 : x > len ? len : x;
        return x < -1 ? -1 : x > len - 1 ? len - 1 : x;
    };
    std::vector<ptrdiff_t> out;
    ptrdiff_t b = clamp(start, true), e = clamp(stop, false);
    for (ptrdiff_t i = b; step > 0 ? i < e : i > e;) {
        out.push_back(i);
        if (__builtin_add_overflow(i, step, &i)) break;
    }
    return out;
}

struct Bytes {
    std::vector<unsigned char> data;
    View v;
    explicit Bytes(size_t n, unsigned flags = 0) : data(n) {
        std::iota(data.begin(), data.end(), 0);
        EXPECT_EQ(mv_create(v.out(), data.data(), n, flags, nullptr, nullptr), MV_OK);
    }
};

TEST(Slice, MatchesPythonForEveryBoundAndStep) {
    const ptrdiff_t bounds[] = {MV_NONE, -12, -11, -10, -5, -1, 0, 1, 3, 9, 10, 11, 100, PTRDIFF_MAX};
    const ptrdiff_t steps[] = {1, 2, 3, 9, 10, 11, -1, -2, -3, -10, -11, PTRDIFF_MAX, -PTRDIFF_MAX};
    Bytes b(10);
    int checked = 0;
    for (ptrdiff_t start : bounds)
        for (ptrdiff_t stop : bounds)
            for (ptrdiff_t step : steps) {
                View s;
                ASSERT_MV_OK(mv_slice(s.out(), b.v, start, stop, step));
                auto want = python_slice(10, start, stop, step);
                auto got = tobytes(s);
                ASSERT_EQ(got.size(), want.size()) << start << ":" << stop << ":" << step;
                for (size_t k = 0; k < want.size(); k++) ASSERT_EQ(got[k], want[k]);
                checked++;
            }
    EXPECT_EQ(checked, 14 * 14 * 13);
}

TEST(Slice, ShapeStridesAndZeroCopy) {
    Bytes b(10);
    View s;
    ASSERT_MV_OK(mv_slice(s.out(), b.v, 8, 1, -3));
    EXPECT_EQ(mv_data(s), b.data.data() + 8);
    EXPECT_EQ(shape_of(s), std::vector<ptrdiff_t>{3});
    EXPECT_EQ(strides_of(s), std::vector<ptrdiff_t>{-3});
    EXPECT_EQ(mv_c_contiguous(s), 0);
    EXPECT_EQ(hex(s), "080502");
    b.data[5] = 0xff;  // the slice sees writes to the buffer
    EXPECT_EQ(hex(s), "08ff02");
    View all;
    ASSERT_MV_OK(mv_slice(all.out(), b.v, MV_NONE, MV_NONE, MV_NONE));
    EXPECT_EQ(mv_len(all), 10u);
}

TEST(Slice, SliceOfSliceEqualsDirectSlice) {
    Bytes b(50);
    View a, ab, direct;
    ASSERT_MV_OK(mv_slice(a.out(), b.v, 3, 45, 2));       // 3,5,...,43
    ASSERT_MV_OK(mv_slice(ab.out(), a, -2, 1, -3));       // 41,35,...
    ASSERT_MV_OK(mv_slice(direct.out(), b.v, 41, 5, -6));
    EXPECT_EQ(tobytes(ab), tobytes(direct));
    EXPECT_EQ(mv_equal(ab, direct), 1);
}

TEST(Slice, Errors) {
    Bytes b(4);
    mv_view *s;
    EXPECT_MV_ERROR(mv_slice(&s, b.v, 0, 4, 0), MV_EINVAL, "slice step cannot be zero");
    EXPECT_MV_ERROR(mv_slice(nullptr, b.v, 0, 4, 1), MV_EINVAL, "out is NULL");
    EXPECT_MV_ERROR(mv_slice(&s, nullptr, 0, 4, 1), MV_EINVAL, "src is NULL");
    View zero;
    const ptrdiff_t none[1] = {0};
    ASSERT_MV_OK(mv_cast(zero.out(), b.v, "i", none, 0));
    EXPECT_MV_ERROR(mv_slice(&s, zero, 0, 1, 1), MV_EINVAL, "0-dim");
}

TEST(SliceND, TwoDimensional) {
    Bytes b(24);
    View m;
    const ptrdiff_t shape[2] = {4, 6};
    ASSERT_MV_OK(mv_cast(m.out(), b.v, "B", shape, 2));
    const mv_range r[2] = {{1, 3, 1}, {MV_NONE, MV_NONE, -2}};
    View s;
    ASSERT_MV_OK(mv_slice_nd(s.out(), m, r, 2));
    EXPECT_EQ(shape_of(s), (std::vector<ptrdiff_t>{2, 3}));
    EXPECT_EQ(strides_of(s), (std::vector<ptrdiff_t>{6, -2}));
    EXPECT_EQ(hex(s), "0b0907110f0d");
    EXPECT_EQ(tobytes(s), (std::vector<unsigned char>{11, 9, 7, 17, 15, 13}));
    // fewer ranges than dimensions keep the rest whole
    View rows;
    const mv_range first{-1, MV_NONE, 1};
    ASSERT_MV_OK(mv_slice_nd(rows.out(), m, &first, 1));
    EXPECT_EQ(shape_of(rows), (std::vector<ptrdiff_t>{1, 6}));
    EXPECT_EQ(tobytes(rows), (std::vector<unsigned char>{18, 19, 20, 21, 22, 23}));
    // zero ranges is the whole view
    View same;
    ASSERT_MV_OK(mv_slice_nd(same.out(), m, nullptr, 0));
    EXPECT_EQ(mv_equal(same, m), 1);
}

TEST(SliceND, Errors) {
    Bytes b(24);
    View m;
    const ptrdiff_t shape[2] = {4, 6};
    ASSERT_MV_OK(mv_cast(m.out(), b.v, "B", shape, 2));
    mv_view *s;
    const mv_range r[3] = {{0, 1, 1}, {0, 1, 0}, {0, 1, 1}};
    EXPECT_MV_ERROR(mv_slice_nd(&s, m, r, 2), MV_EINVAL, "step cannot be zero");
    EXPECT_MV_ERROR(mv_slice_nd(&s, m, r, 3), MV_EINVAL, "3 slices for a view of 2 dimensions");
    EXPECT_MV_ERROR(mv_slice_nd(&s, m, r, -1), MV_EINVAL, "-1 slices");
    EXPECT_MV_ERROR(mv_slice_nd(&s, m, nullptr, 1), MV_EINVAL, "ranges is NULL");
    View zero;
    ASSERT_MV_OK(mv_cast(zero.out(), b.v, "24s", shape, 0));
    EXPECT_MV_ERROR(mv_slice(&s, zero, 0, 1, 1), MV_EINVAL, "0-dim");
}

TEST(Index, SubViewsOfNDViews) {
    Bytes b(24);
    View m;
    const ptrdiff_t shape[3] = {2, 3, 4};
    ASSERT_MV_OK(mv_cast(m.out(), b.v, "B", shape, 3));
    View plane, row, item;
    ASSERT_MV_OK(mv_index(plane.out(), m, -1));
    EXPECT_EQ(shape_of(plane), (std::vector<ptrdiff_t>{3, 4}));
    ASSERT_MV_OK(mv_index(row.out(), plane, 1));
    EXPECT_EQ(tobytes(row), (std::vector<unsigned char>{16, 17, 18, 19}));
    ASSERT_MV_OK(mv_index(item.out(), row, 2));
    EXPECT_EQ(mv_ndim(item), 0);
    EXPECT_EQ(get1(item, {}).u, 18u);
    mv_view *bad;
    EXPECT_MV_ERROR(mv_index(&bad, m, 2), MV_EINDEX, "index out of bounds on dimension 1");
    EXPECT_MV_ERROR(mv_index(&bad, m, -3), MV_EINDEX, "out of bounds");
    EXPECT_MV_ERROR(mv_index(&bad, item, 0), MV_EINVAL, "0-dim");
    EXPECT_MV_ERROR(mv_index(nullptr, m, 0), MV_EINVAL, "out is NULL");
}

TEST(Cast, BigEndianRecordBytes) {
    // struct.pack('>if', 42, 3.14)
    unsigned char packed[8] = {0, 0, 0, 42, 0x40, 0x48, 0xf5, 0xc3};
    View v, i, f, rec;
    ASSERT_MV_OK(mv_create(v.out(), packed, 8, MV_READONLY, nullptr, nullptr));
    ASSERT_MV_OK(mv_cast(i.out(), v, ">i", nullptr, 0));
    EXPECT_EQ(mv_len(i), 2u);
    EXPECT_EQ(get1(i, {0}).i, 42);
    ASSERT_MV_OK(mv_cast_offset(f.out(), v, ">f", nullptr, 0, 4));
    EXPECT_EQ(mv_len(f), 1u);
    EXPECT_FLOAT_EQ(static_cast<float>(get1(f, {0}).f), 3.14f);
    // the same through a byte slice, as the issue describes it
    View tail, f2;
    ASSERT_MV_OK(mv_slice(tail.out(), v, 4, MV_NONE, 1));
    ASSERT_MV_OK(mv_cast(f2.out(), tail, ">f", nullptr, 0));
    EXPECT_EQ(mv_equal(f, f2), 1);
    // the record format unpacks both fields
    ASSERT_MV_OK(mv_cast(rec.out(), v, ">if", nullptr, 0));
    EXPECT_EQ(mv_itemsize(rec), 8u);
    EXPECT_EQ(mv_nfields(rec), 2u);
    mv_value vals[2];
    const ptrdiff_t zero = 0;
    ASSERT_MV_OK(mv_get(rec, &zero, 1, vals, 2));
    EXPECT_EQ(vals[0].kind, MV_KIND_INT);
    EXPECT_EQ(vals[0].code, 'i');
    EXPECT_EQ(vals[0].i, 42);
    EXPECT_EQ(vals[1].kind, MV_KIND_FLOAT);
    EXPECT_FLOAT_EQ(static_cast<float>(vals[1].f), 3.14f);
    EXPECT_EQ(mv_readonly(rec), 1);
}

TEST(Cast, ShapesBetweenNonByteFormats) {
    float f[6] = {1, 2, 3, 4, 5, 6};
    View v, m, i, back;
    ASSERT_MV_OK(mv_create(v.out(), f, sizeof f, 0, nullptr, nullptr));
    const ptrdiff_t shape[2] = {2, 3};
    ASSERT_MV_OK(mv_cast(m.out(), v, "f", shape, 2));
    EXPECT_EQ(strides_of(m), (std::vector<ptrdiff_t>{12, 4}));
    EXPECT_EQ(get1(m, {1, 0}).f, 4.0);
    ASSERT_MV_OK(mv_cast(i.out(), m, "i", nullptr, 0));  // non-byte to non-byte, 2-D to 1-D
    EXPECT_EQ(mv_ndim(i), 1);
    EXPECT_EQ(get1(i, {0}).i, 0x3f800000);
    const ptrdiff_t shape3[3] = {3, 1, 1};
    ASSERT_MV_OK(mv_cast(back.out(), i, "d", shape3, 3));  // 4-byte to 8-byte items
    EXPECT_EQ(mv_nbytes(back), 24u);
}

TEST(Cast, SameItemsizeKeepsStridesOfNonContiguousView) {
    float f[8] = {1, -1, 2, -2, 3, -3, 4, -4};
    View v, s, asint, swapped;
    ASSERT_MV_OK(mv_create(v.out(), f, sizeof f, 0, nullptr, nullptr));
    View fl;
    ASSERT_MV_OK(mv_cast(fl.out(), v, "f", nullptr, 0));
    ASSERT_MV_OK(mv_slice(s.out(), fl, MV_NONE, MV_NONE, 2));
    ASSERT_MV_OK(mv_cast(asint.out(), s, "I", nullptr, 0));
    EXPECT_EQ(strides_of(asint), std::vector<ptrdiff_t>{8});
    EXPECT_EQ(get1(asint, {1}).u, 0x40000000u);
    ASSERT_MV_OK(mv_cast(swapped.out(), s, ">f", nullptr, 0));
    EXPECT_NE(get1(swapped, {0}).f, 1.0);
    mv_view *bad;
    EXPECT_MV_ERROR(mv_cast(&bad, s, "d", nullptr, 0), MV_ELAYOUT, "C-contiguous");
    EXPECT_MV_ERROR(mv_cast(&bad, s, "B", nullptr, 0), MV_ELAYOUT, "C-contiguous");
}

TEST(Cast, ZeroDimensional) {
    int32_t x = 7;
    View v, z;
    ASSERT_MV_OK(mv_create(v.out(), &x, 4, 0, nullptr, nullptr));
    const ptrdiff_t none[1] = {0};
    ASSERT_MV_OK(mv_cast(z.out(), v, "i", none, 0));
    EXPECT_EQ(mv_ndim(z), 0);
    EXPECT_EQ(get1(z, {}).i, 7);
    mv_view *bad;
    EXPECT_MV_ERROR(mv_cast(&bad, v, "h", none, 0), MV_ESIZE, "product(shape) * itemsize != buffer size");
}

TEST(Cast, Errors) {
    unsigned char b[12] = {};
    View v;
    ASSERT_MV_OK(mv_create(v.out(), b, 12, 0, nullptr, nullptr));
    mv_view *c;
    const ptrdiff_t shape[2] = {2, 2}, zero[2] = {0, 3}, neg[1] = {-3};
    EXPECT_MV_ERROR(mv_cast(&c, v, "d", nullptr, 0), MV_ESIZE, "not a multiple of itemsize");
    EXPECT_MV_ERROR(mv_cast(&c, v, "i", shape, 2), MV_ESIZE, "product(shape) * itemsize != buffer size");
    EXPECT_MV_ERROR(mv_cast(&c, v, "B", zero, 2), MV_EINVAL, "elements of shape must be integers > 0");
    EXPECT_MV_ERROR(mv_cast(&c, v, "B", neg, 1), MV_EINVAL, "> 0");
    EXPECT_MV_ERROR(mv_cast(&c, v, "B", shape, 65), MV_EINVAL, "must not exceed 64");
    EXPECT_MV_ERROR(mv_cast(&c, v, "B", shape, -1), MV_EINVAL, "must not exceed 64");
    EXPECT_MV_ERROR(mv_cast(&c, v, "B", nullptr, 2), MV_EINVAL, "shape is NULL");
    EXPECT_MV_ERROR(mv_cast(&c, v, "<n", nullptr, 0), MV_EFORMAT, "native byte order");
    EXPECT_MV_ERROR(mv_cast(&c, v, "3", nullptr, 0), MV_EFORMAT, "repeat count given without format specifier");
    EXPECT_MV_ERROR(mv_cast(&c, v, "i<", nullptr, 0), MV_EFORMAT, "bad char '<'");
    EXPECT_MV_ERROR(mv_cast(&c, v, "", nullptr, 0), MV_EFORMAT, "itemsize 0");
    EXPECT_MV_ERROR(mv_cast(&c, v, "99999999999999999999999i", nullptr, 0), MV_EOVERFLOW, "repeat count");
    EXPECT_MV_ERROR(mv_cast(&c, v, "9223372036854775807q", nullptr, 0), MV_EOVERFLOW, "too long");
    EXPECT_MV_ERROR(mv_cast(&c, v, "100000i", nullptr, 0), MV_EFORMAT, "fields");
    EXPECT_MV_ERROR(mv_cast(&c, v, nullptr, nullptr, 0), MV_EINVAL, "format is NULL");
    EXPECT_MV_ERROR(mv_cast(nullptr, v, "B", nullptr, 0), MV_EINVAL, "out is NULL");
    EXPECT_MV_ERROR(mv_cast_offset(&c, v, "B", nullptr, 0, 13), MV_EINDEX, "past the end");
    const ptrdiff_t big[2] = {PTRDIFF_MAX, 4};
    EXPECT_MV_ERROR(mv_cast(&c, v, "B", big, 2), MV_EOVERFLOW, "overflows");
    View empty;
    ASSERT_MV_OK(mv_cast_offset(empty.out(), v, "i", nullptr, 0, 12));
    EXPECT_EQ(mv_len(empty), 0u);
}

TEST(ToReadonly, RefusesWritesButSharesMemory) {
    Bytes b(4);
    View ro;
    ASSERT_MV_OK(mv_toreadonly(ro.out(), b.v));
    EXPECT_EQ(mv_readonly(ro), 1);
    EXPECT_EQ(mv_readonly(b.v), 0);
    EXPECT_EQ(mv_data(ro), mv_data(b.v));
    const ptrdiff_t i = 0;
    const mv_value one = uint_value(1);
    EXPECT_MV_ERROR(mv_set(ro, &i, 1, &one, 1), MV_EREADONLY, "read-only");
    mv_view *bad;
    EXPECT_MV_ERROR(mv_toreadonly(&bad, nullptr), MV_EINVAL, "src is NULL");
}

TEST(FieldView, ColumnOfRecords) {
    // three '<Iff' records: (t, x, y)
    unsigned char raw[36];
    for (int r = 0; r < 3; r++) {
        uint32_t t = 10u * r;
        float x = 0.5f * r, y = -1.0f * r;
        std::memcpy(raw + 12 * r, &t, 4);
        std::memcpy(raw + 12 * r + 4, &x, 4);
        std::memcpy(raw + 12 * r + 8, &y, 4);
    }
    View v, rec, xs;
    ASSERT_MV_OK(mv_create(v.out(), raw, sizeof raw, 0, nullptr, nullptr));
    ASSERT_MV_OK(mv_cast(rec.out(), v, "<Iff", nullptr, 0));
    ASSERT_MV_OK(mv_field_view(xs.out(), rec, 1));
    EXPECT_STREQ(mv_format(xs), "<f");
    EXPECT_EQ(strides_of(xs), std::vector<ptrdiff_t>{12});
    EXPECT_EQ(mv_data(xs), raw + 4);
    EXPECT_EQ(get1(xs, {2}).f, 1.0);
    mv_field_info fi;
    ASSERT_MV_OK(mv_field(rec, 2, &fi));
    EXPECT_EQ(fi.code, 'f');
    EXPECT_EQ(fi.kind, MV_KIND_FLOAT);
    EXPECT_EQ(fi.offset, 8u);
    EXPECT_EQ(fi.size, 4u);
    EXPECT_EQ(fi.big_endian, 0);
    mv_view *bad;
    EXPECT_MV_ERROR(mv_field(rec, 3, &fi), MV_EINDEX, "field 3");
    EXPECT_MV_ERROR(mv_field(nullptr, 0, &fi), MV_EINVAL, "NULL");
    EXPECT_MV_ERROR(mv_field_view(&bad, rec, 3), MV_EINDEX, "field 3");
    EXPECT_MV_ERROR(mv_field_view(nullptr, rec, 0), MV_EINVAL, "out is NULL");
}

TEST(FieldView, NativeAlignmentAndStrings) {
    // '@' aligns: 'c' at 0, 'd' at 8; '4s' keeps its count; big-endian stays big
    unsigned char raw[48] = {};
    View v, rec, d, s, be;
    ASSERT_MV_OK(mv_create(v.out(), raw, 48, 0, nullptr, nullptr));
    ASSERT_MV_OK(mv_cast(rec.out(), v, "cd4s4x", nullptr, 0));
    EXPECT_EQ(mv_itemsize(rec), 24u);  // 1 + 7 pad + 8 + 4 + 4
    ASSERT_MV_OK(mv_field_view(d.out(), rec, 1));
    EXPECT_STREQ(mv_format(d), "d");
    EXPECT_EQ(mv_data(d), raw + 8);
    ASSERT_MV_OK(mv_field_view(s.out(), rec, 2));
    EXPECT_STREQ(mv_format(s), "4s");
    View bef;
    ASSERT_MV_OK(mv_cast_offset(be.out(), v, ">hq", nullptr, 0, 8));  // 40 bytes: four 10-byte items
    ASSERT_MV_OK(mv_field_view(bef.out(), be, 1));
    EXPECT_STREQ(mv_format(bef), ">q");
    mv_field_info fi;
    ASSERT_MV_OK(mv_field(be, 1, &fi));
    EXPECT_EQ(fi.offset, 2u);
    EXPECT_EQ(fi.big_endian, 1);
}

}  // namespace

namespace {

TEST(Slice, ShortSlicesKeepCPythonStridesAndFlags) {
    double d[4] = {1, 2, 3, 4};
    View v, dv, a, b, empty;
    ASSERT_MV_OK(mv_create(v.out(), d, sizeof d, 0, nullptr, nullptr));
    ASSERT_MV_OK(mv_cast(dv.out(), v, "d", nullptr, 0));
    ASSERT_MV_OK(mv_slice(a.out(), dv, -2, 1, -1));  // memoryview(a)[-2:1:-1].strides == (-8,)
    EXPECT_EQ(strides_of(a), std::vector<ptrdiff_t>{-8});
    EXPECT_EQ(mv_c_contiguous(a), 1);  // one item: contiguous whatever the stride
    ASSERT_MV_OK(mv_slice(b.out(), dv, 3, MV_NONE, -5));  // (-40,)
    EXPECT_EQ(strides_of(b), std::vector<ptrdiff_t>{-40});
    ASSERT_MV_OK(mv_slice(empty.out(), dv, 0, 0, -1));  // (-8,), and not contiguous, as CPython
    EXPECT_EQ(strides_of(empty), std::vector<ptrdiff_t>{-8});
    EXPECT_EQ(mv_c_contiguous(empty), 0);
    View huge;
    ASSERT_MV_OK(mv_slice(huge.out(), dv, 1, MV_NONE, PTRDIFF_MAX));  // stride would overflow: kept
    EXPECT_EQ(mv_len(huge), 1u);
    EXPECT_EQ(get1(huge, {0}).f, 2.0);
}

TEST(Cast, ShapeBytesBeyondPtrdiffMaxOverflow) {
    unsigned char b[12];
    View v;
    ASSERT_MV_OK(mv_create(v.out(), b, 12, 0, nullptr, nullptr));
    mv_view *c;
    const ptrdiff_t sh[2] = {PTRDIFF_MAX / 2, 4};
    EXPECT_MV_ERROR(mv_cast(&c, v, "B", sh, 2), MV_EOVERFLOW, "overflows");
}

}  // namespace
