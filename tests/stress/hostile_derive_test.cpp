// Hostile input to the entry points that derive views: slice, slice_nd,
// index, cast, cast_offset, toreadonly. Also extreme-but-valid bounds whose
// arithmetic overflows in a naive implementation (UBSan watches those).
#include "mv_test_util.hpp"
#include "mv_reference.hpp"

#include <climits>
#include <cstdint>

namespace {

constexpr ptrdiff_t PMAX = PTRDIFF_MAX;
constexpr ptrdiff_t PMIN = PTRDIFF_MIN;

struct HostileDerive : ::testing::Test {
    uint8_t buf[64];
    mvt::View v;     // 1-D "B", 64 bytes, 0..63
    mvt::View zero;  // 0-d view of v[3]
    mvt::View nc;    // non-contiguous: v[::2]
    mv_view *out = mvt::sentinel();
    void SetUp() override {
        for (int i = 0; i < 64; ++i) buf[i] = static_cast<uint8_t>(i);
        ASSERT_MV_OK(mv_create(v.out(), buf, sizeof buf, 0, nullptr, nullptr));
        ASSERT_MV_OK(mv_index(zero.out(), v, 3));
        ASSERT_MV_OK(mv_slice(nc.out(), v, MV_NONE, MV_NONE, 2));
    }
    void untouched() { EXPECT_EQ(out, mvt::sentinel()); }
    // A "B" view over buf with explicit shape and strides.
    int strided(mvt::View &v2, int ndim, const ptrdiff_t *shape, const ptrdiff_t *strides) {
        mv_buffer_info info = MV_BUFFER_INFO_INIT;
        info.data = buf;
        info.ndim = ndim;
        info.shape = shape;
        info.strides = strides;
        mv_errclear();
        return mv_from_buffer(v2.out(), &info);
    }
    // Slice v[start:stop:step] and compare with the reference arithmetic.
    void check_slice(ptrdiff_t start, ptrdiff_t stop, ptrdiff_t step) {
        mvt::View s;
        ASSERT_MV_OK(mv_slice(s.out(), v, start, stop, step));
        mvref::Slice r = mvref::py_slice(64, start, stop, step);
        ASSERT_EQ(mv_len(s), static_cast<size_t>(r.len)) << start << ":" << stop << ":" << step;
        std::vector<uint8_t> got(mv_nbytes(s));
        ASSERT_MV_OK(mv_tobytes(s, got.data(), got.size(), 'C'));
        for (ptrdiff_t k = 0; k < r.len; ++k) EXPECT_EQ(got[k], buf[r.start + k * r.step]);
    }
};

// --- mv_slice ----------------------------------------------------------------
TEST_F(HostileDerive, SliceNullOut) { EXPECT_MV_ERR(mv_slice(nullptr, v, 0, 1, 1), MV_EINVAL); }
TEST_F(HostileDerive, SliceNullSrc) { EXPECT_MV_ERR(mv_slice(&out, nullptr, 0, 1, 1), MV_EINVAL); untouched(); }
TEST_F(HostileDerive, SliceStepZero) { EXPECT_MV_ERR(mv_slice(&out, v, 0, 1, 0), MV_EINVAL); untouched(); }
TEST_F(HostileDerive, SliceStepNoneMeansOne) { check_slice(3, 9, MV_NONE); }
TEST_F(HostileDerive, SliceZeroDim) { EXPECT_MV_ERR(mv_slice(&out, zero, 0, 1, 1), MV_EINVAL); untouched(); }
TEST_F(HostileDerive, SliceExtremeBoundsClamp) {
    check_slice(PMIN + 1, PMAX, 1);
    check_slice(PMAX, PMIN + 1, -1);
    check_slice(PMAX, PMAX, 1);
    check_slice(PMIN + 1, PMIN + 1, -1);
    check_slice(-PMAX, -PMAX, 3);
}
TEST_F(HostileDerive, SliceExtremeSteps) {
    check_slice(MV_NONE, MV_NONE, PMAX);
    check_slice(MV_NONE, MV_NONE, -PMAX);
    check_slice(5, MV_NONE, PMAX);
    check_slice(-1, MV_NONE, PMIN + 1);
    check_slice(PMAX, PMIN + 1, PMIN + 1);
}
TEST_F(HostileDerive, SliceHugeStepOnHugeStrideDoesNotOverflow) {
    // stride 2^40 with 3 items; step 2^62 keeps one item, whose stride
    // would be 2^102 if multiplied naively.
    ptrdiff_t shape[1] = {3}, strides[1] = {ptrdiff_t{1} << 40};
    mvt::View wide, s;
    ASSERT_MV_OK(strided(wide, 1, shape, strides));
    ASSERT_MV_OK(mv_slice(s.out(), wide, MV_NONE, MV_NONE, ptrdiff_t{1} << 62));
    ASSERT_EQ(mv_len(s), 1u);
    ptrdiff_t i = 0;
    mv_value val;
    ASSERT_MV_OK(mv_get(s, &i, 1, &val, 1));
    EXPECT_EQ(val.u, buf[0]);
}

// --- mv_slice_nd -------------------------------------------------------------
TEST_F(HostileDerive, SliceNdNullOut) {
    mv_range r{0, 1, 1};
    EXPECT_MV_ERR(mv_slice_nd(nullptr, v, &r, 1), MV_EINVAL);
}
TEST_F(HostileDerive, SliceNdNullSrc) {
    mv_range r{0, 1, 1};
    EXPECT_MV_ERR(mv_slice_nd(&out, nullptr, &r, 1), MV_EINVAL);
    untouched();
}
TEST_F(HostileDerive, SliceNdNullRangesWithCount) { EXPECT_MV_ERR(mv_slice_nd(&out, v, nullptr, 1), MV_EINVAL); untouched(); }
TEST_F(HostileDerive, SliceNdNegativeCount) {
    mv_range r{0, 1, 1};
    EXPECT_MV_ERR(mv_slice_nd(&out, v, &r, -1), MV_EINVAL);
    EXPECT_MV_ERR(mv_slice_nd(&out, v, &r, INT_MIN), MV_EINVAL);
    untouched();
}
TEST_F(HostileDerive, SliceNdMoreRangesThanDims) {
    mv_range r[2] = {{0, 1, 1}, {0, 1, 1}};
    EXPECT_MV_ERR(mv_slice_nd(&out, v, r, 2), MV_EINVAL);
    EXPECT_MV_ERR(mv_slice_nd(&out, v, r, 65), MV_EINVAL);
    EXPECT_MV_ERR(mv_slice_nd(&out, v, r, INT_MAX), MV_EINVAL);
    untouched();
}
TEST_F(HostileDerive, SliceNdStepZeroInSecondDim) {
    ptrdiff_t shape[2] = {8, 8};
    mvt::View m;
    ASSERT_MV_OK(mv_cast(m.out(), v, "B", shape, 2));
    mv_range r[2] = {{0, 4, 1}, {0, 4, 0}};
    EXPECT_MV_ERR(mv_slice_nd(&out, m, r, 2), MV_EINVAL);
    untouched();
}
TEST_F(HostileDerive, SliceNdStepNoneMeansOne) {
    mv_range r{2, 6, MV_NONE};
    mvt::View s;
    ASSERT_MV_OK(mv_slice_nd(s.out(), v, &r, 1));
    EXPECT_EQ(mv_len(s), 4u);
}
TEST_F(HostileDerive, SliceNdExtremeBoundsIn2D) {
    ptrdiff_t shape[2] = {8, 8};
    mvt::View m, s;
    ASSERT_MV_OK(mv_cast(m.out(), v, "B", shape, 2));
    mv_range r[2] = {{PMAX, PMIN + 1, -PMAX}, {PMIN + 1, PMAX, PMAX}};
    ASSERT_MV_OK(mv_slice_nd(s.out(), m, r, 2));
    ASSERT_EQ(mv_ndim(s), 2);
    EXPECT_EQ(mv_shape(s)[0], 1);
    EXPECT_EQ(mv_shape(s)[1], 1);
    ptrdiff_t idx[2] = {0, 0};
    mv_value val;
    ASSERT_MV_OK(mv_get(s, idx, 2, &val, 1));
    EXPECT_EQ(val.u, 56u);  // row 7, column 0
}
TEST_F(HostileDerive, SliceNdZeroRangesOnZeroDimKeepsView) {
    mvt::View s;
    ASSERT_MV_OK(mv_slice_nd(s.out(), zero, nullptr, 0));
    EXPECT_EQ(mv_ndim(s), 0);
}

// --- mv_index ----------------------------------------------------------------
TEST_F(HostileDerive, IndexNullOut) { EXPECT_MV_ERR(mv_index(nullptr, v, 0), MV_EINVAL); }
TEST_F(HostileDerive, IndexNullSrc) { EXPECT_MV_ERR(mv_index(&out, nullptr, 0), MV_EINVAL); untouched(); }
TEST_F(HostileDerive, IndexZeroDim) { EXPECT_MV_ERR(mv_index(&out, zero, 0), MV_EINVAL); untouched(); }
TEST_F(HostileDerive, IndexPastEnd) { EXPECT_MV_ERR(mv_index(&out, v, 64), MV_EINDEX); untouched(); }
TEST_F(HostileDerive, IndexBeforeStart) { EXPECT_MV_ERR(mv_index(&out, v, -65), MV_EINDEX); untouched(); }
TEST_F(HostileDerive, IndexPtrdiffMax) { EXPECT_MV_ERR(mv_index(&out, v, PMAX), MV_EINDEX); untouched(); }
TEST_F(HostileDerive, IndexPtrdiffMin) { EXPECT_MV_ERR(mv_index(&out, v, PMIN), MV_EINDEX); untouched(); }
TEST_F(HostileDerive, IndexOfEmptyViewWithHugeStride) {
    // No items (extent 0 in dimension 1), but index 3 of dimension 0 is in
    // range: its offset 3 * PTRDIFF_MIN must not be computed (UBSan) or the
    // view refused up front. Found by fuzz_chain (regressions/chain/core-index-*).
    ptrdiff_t shape[2] = {4, 0}, strides[2] = {PMIN, 1};
    mvt::View e, s;
    if (int rc = strided(e, 2, shape, strides)) {  // refusing it up front is fine too
        EXPECT_EQ(rc, MV_EOVERFLOW) << mv_errmsg();
        return;
    }
    ASSERT_MV_OK(mv_index(s.out(), e, 3));
    EXPECT_EQ(mv_nbytes(s), 0u);
}
TEST_F(HostileDerive, SliceOfEmptyViewWithHugeStride) {
    // As above through mv_slice: start 9 of dimension 0 gives 9 * PTRDIFF_MIN.
    ptrdiff_t shape[2] = {10, 0}, strides[2] = {PMIN, 1};
    mvt::View e, s;
    if (int rc = strided(e, 2, shape, strides)) {  // refusing it up front is fine too
        EXPECT_EQ(rc, MV_EOVERFLOW) << mv_errmsg();
        return;
    }
    ASSERT_MV_OK(mv_slice(s.out(), e, 9, 10, 1));
    EXPECT_EQ(mv_nbytes(s), 0u);
}
TEST_F(HostileDerive, IndexOfEmptyViewFarFromData) {
    // Width 2^62 fits in ptrdiff_t, but the view has no items, so no memory
    // backs it: data - (2^62 - 1) must not be computed (UBSan pointer-overflow).
    ptrdiff_t shape[2] = {ptrdiff_t{1} << 62, 0}, strides[2] = {-1, 1};
    mvt::View e, s;
    if (int rc = strided(e, 2, shape, strides)) {  // refusing it up front is fine too
        EXPECT_EQ(rc, MV_EOVERFLOW) << mv_errmsg();
        return;
    }
    ASSERT_MV_OK(mv_index(s.out(), e, -1));  // offset -(2^62 - 1): below any user-space address
    EXPECT_EQ(mv_nbytes(s), 0u);
}
TEST_F(HostileDerive, SliceStepOfEmptyViewWithHugeStride) {
    // Dimension 0 has 3 entries 2^62 apart but the view has no items; [0:3:2]
    // keeps 2 of them, stride 2^63: a valid slice must not fail with
    // MV_EINTERNAL ("stride overflow"). Found by fuzz_chain.
    ptrdiff_t shape[2] = {3, 0}, strides[2] = {ptrdiff_t{1} << 62, 1};
    mvt::View e, s;
    if (int rc = strided(e, 2, shape, strides)) {  // refusing it up front is fine too
        EXPECT_EQ(rc, MV_EOVERFLOW) << mv_errmsg();
        return;
    }
    EXPECT_MV_OK(mv_slice(s.out(), e, 0, 3, 2));
}
TEST_F(HostileDerive, IndexOfEmptyView) {
    mvt::View e;
    ASSERT_MV_OK(mv_slice(e.out(), v, 5, 5, 1));
    EXPECT_MV_ERR(mv_index(&out, e, 0), MV_EINDEX);
    EXPECT_MV_ERR(mv_index(&out, e, -1), MV_EINDEX);
    untouched();
}

// --- mv_cast -----------------------------------------------------------------
TEST_F(HostileDerive, CastNullOut) { EXPECT_MV_ERR(mv_cast(nullptr, v, "B", nullptr, 0), MV_EINVAL); }
TEST_F(HostileDerive, CastNullSrc) { EXPECT_MV_ERR(mv_cast(&out, nullptr, "B", nullptr, 0), MV_EINVAL); untouched(); }
TEST_F(HostileDerive, CastNullFormat) { EXPECT_MV_ERR(mv_cast(&out, v, nullptr, nullptr, 0), MV_EINVAL); untouched(); }
TEST_F(HostileDerive, CastNdimNegative) {
    ptrdiff_t shape[1] = {64};
    EXPECT_MV_ERR(mv_cast(&out, v, "B", shape, -1), MV_EINVAL);
    EXPECT_MV_ERR(mv_cast(&out, v, "B", nullptr, -1), MV_EINVAL);
    EXPECT_MV_ERR(mv_cast(&out, v, "B", shape, INT_MIN), MV_EINVAL);
    untouched();
}
TEST_F(HostileDerive, CastNdim65) {
    ptrdiff_t shape[MV_MAX_NDIM + 1];
    for (auto &s : shape) s = 1;
    shape[0] = 64;
    EXPECT_MV_ERR(mv_cast(&out, v, "B", shape, MV_MAX_NDIM + 1), MV_EINVAL);
    EXPECT_MV_ERR(mv_cast(&out, v, "B", shape, INT_MAX), MV_EINVAL);
    untouched();
}
TEST_F(HostileDerive, CastNdim64IsAccepted) {
    ptrdiff_t shape[MV_MAX_NDIM];
    for (auto &s : shape) s = 1;
    shape[0] = 64;
    mvt::View c;
    ASSERT_MV_OK(mv_cast(c.out(), v, "B", shape, MV_MAX_NDIM));
    EXPECT_EQ(mv_ndim(c), MV_MAX_NDIM);
}
TEST_F(HostileDerive, CastNullShapeWithNdim) { EXPECT_MV_ERR(mv_cast(&out, v, "B", nullptr, 2), MV_EINVAL); untouched(); }
TEST_F(HostileDerive, CastZeroExtent) {
    ptrdiff_t shape[2] = {0, 64};
    EXPECT_MV_ERR(mv_cast(&out, v, "B", shape, 2), MV_EINVAL);
    untouched();
}
TEST_F(HostileDerive, CastNegativeExtent) {
    ptrdiff_t shape[2] = {-1, -64};  // product 64 if signs were ignored
    EXPECT_MV_ERR(mv_cast(&out, v, "B", shape, 2), MV_EINVAL);
    ptrdiff_t shape1[1] = {PMIN};
    EXPECT_MV_ERR(mv_cast(&out, v, "B", shape1, 1), MV_EINVAL);
    untouched();
}
TEST_F(HostileDerive, CastShapeProductOverflows) {
    ptrdiff_t shape[2] = {ptrdiff_t{1} << 32, ptrdiff_t{1} << 32};
    EXPECT_MV_ERR(mv_cast(&out, v, "B", shape, 2), MV_EOVERFLOW);
    untouched();
}
TEST_F(HostileDerive, CastShapeProductWrapsToNbytes) {
    // (2^62 + 16) * 4 == 2^64 + 64 == 64 (mod 2^64): a wrapping product
    // would match the 64-byte buffer.
    ptrdiff_t shape[2] = {(ptrdiff_t{1} << 62) + 16, 4};
    EXPECT_MV_ERR(mv_cast(&out, v, "B", shape, 2), MV_EOVERFLOW);
    untouched();
}
TEST_F(HostileDerive, CastShapeTimesItemsizeWrapsToNbytes) {
    // 'i' * (2^62 + 16) == 2^64 + 64 == 64 (mod 2^64).
    ptrdiff_t shape[1] = {(ptrdiff_t{1} << 62) + 16};
    EXPECT_MV_ERR(mv_cast(&out, v, "i", shape, 1), MV_EOVERFLOW);
    untouched();
}
TEST_F(HostileDerive, CastSixtyFourDimsProductWraps) {
    // 2^64 over 64 dims of 2, times 64 bytes: wraps to 0 mod 2^64.
    ptrdiff_t shape[MV_MAX_NDIM];
    for (auto &s : shape) s = 2;
    EXPECT_MV_ERR(mv_cast(&out, v, "B", shape, MV_MAX_NDIM), MV_EOVERFLOW);
    untouched();
}
TEST_F(HostileDerive, CastShapeProductMismatch) {
    ptrdiff_t shape[2] = {3, 3};
    EXPECT_MV_ERR(mv_cast(&out, v, "B", shape, 2), MV_ESIZE);
    untouched();
}
TEST_F(HostileDerive, CastNotAMultipleOfItemsize) {
    mvt::View odd;
    ASSERT_MV_OK(mv_slice(odd.out(), v, 0, 7, 1));
    EXPECT_MV_ERR(mv_cast(&out, odd, "i", nullptr, 0), MV_ESIZE);
    untouched();
}
TEST_F(HostileDerive, CastNonContiguousChangingItemsize) {
    EXPECT_MV_ERR(mv_cast(&out, nc, "H", nullptr, 0), MV_ELAYOUT);
    untouched();
}
TEST_F(HostileDerive, CastZeroDimNeedsExactlyOneItem) {
    ptrdiff_t dummy = 0;
    EXPECT_MV_ERR(mv_cast(&out, v, "i", &dummy, 0), MV_ESIZE);  // 64 bytes != 4
    untouched();
}

// Bad format strings, each rejected by mv_cast: syntax errors are
// MV_EFORMAT; well-formed strings whose size does not fit are MV_EOVERFLOW.
struct BadFormat {
    const char *name;
    const char *fmt;
    int code;
};
// gtest would otherwise print the struct's raw bytes, padding included
// (uninitialised memory to valgrind).
void PrintTo(const BadFormat &b, std::ostream *os) { *os << b.name; }
class HostileCastBadFormat : public HostileDerive, public ::testing::WithParamInterface<BadFormat> {};
TEST_P(HostileCastBadFormat, IsRejected) {
    EXPECT_MV_ERR(mv_cast(&out, v, GetParam().fmt, nullptr, 0), GetParam().code);
    untouched();
}
INSTANTIATE_TEST_SUITE_P(
    Params, HostileCastBadFormat,
    ::testing::Values(BadFormat{"Empty", "", MV_EFORMAT}, BadFormat{"UnknownCode", "Z", MV_EFORMAT},
                      BadFormat{"OrderCharAfterItem", "i<", MV_EFORMAT},
                      BadFormat{"OrderCharOnly", "<", MV_EFORMAT},
                      BadFormat{"TwoOrderChars", "<>i", MV_EFORMAT},
                      BadFormat{"RepeatNoCode", "12", MV_EFORMAT},
                      BadFormat{"NegativeRepeat", "-1i", MV_EFORMAT},
                      BadFormat{"HighBitByte", "\xff", MV_EFORMAT},
                      BadFormat{"ControlChar", "i\x01", MV_EFORMAT},
                      BadFormat{"Ampersand", "&i", MV_EFORMAT},
                      BadFormat{"TrailingGarbage", "ii?!", MV_EFORMAT},
                      BadFormat{"RepeatOverflowsSizeT", "99999999999999999999i", MV_EOVERFLOW},
                      BadFormat{"RepeatTimesItemsizeOverflows", "4611686018427387904q", MV_EOVERFLOW},
                      BadFormat{"RepeatTimesItemsizeIs2Pow64", "2305843009213693952q", MV_EOVERFLOW},
                      BadFormat{"RepeatAbovePtrdiffMax", "9223372036854775808B", MV_EOVERFLOW},
                      BadFormat{"SumOfFieldsOverflows", "9223372036854775807s9223372036854775807s",
                                MV_EOVERFLOW},
                      BadFormat{"StringFieldTooLong", "99999999999999999999s", MV_EOVERFLOW}),
    [](const ::testing::TestParamInfo<BadFormat> &p) { return std::string(p.param.name); });

// --- mv_cast_offset ------------------------------------------------------------
TEST_F(HostileDerive, CastOffsetPastEnd) { EXPECT_MV_ERR(mv_cast_offset(&out, v, "B", nullptr, 0, 65), MV_EINDEX); untouched(); }
TEST_F(HostileDerive, CastOffsetSizeMax) { EXPECT_MV_ERR(mv_cast_offset(&out, v, "B", nullptr, 0, SIZE_MAX), MV_EINDEX); untouched(); }
TEST_F(HostileDerive, CastOffsetAbovePtrdiffMax) {
    EXPECT_MV_ERR(mv_cast_offset(&out, v, "B", nullptr, 0, size_t(PMAX) + 1), MV_EINDEX);
    untouched();
}
TEST_F(HostileDerive, CastOffsetNullFormat) { EXPECT_MV_ERR(mv_cast_offset(&out, v, nullptr, nullptr, 0, 4), MV_EINVAL); untouched(); }
TEST_F(HostileDerive, CastOffsetAtEndIsEmpty) {
    mvt::View c;
    ASSERT_MV_OK(mv_cast_offset(c.out(), v, "B", nullptr, 0, 64));
    EXPECT_EQ(mv_nbytes(c), 0u);
}
TEST_F(HostileDerive, CastOffsetRemainderNotMultiple) {
    EXPECT_MV_ERR(mv_cast_offset(&out, v, "i", nullptr, 0, 2), MV_ESIZE);
    untouched();
}
TEST_F(HostileDerive, CastOffsetReadsFromOffset) {
    mvt::View c;
    ASSERT_MV_OK(mv_cast_offset(c.out(), v, "B", nullptr, 0, 60));
    ASSERT_EQ(mv_len(c), 4u);
    ptrdiff_t i = 0;
    mv_value val;
    ASSERT_MV_OK(mv_get(c, &i, 1, &val, 1));
    EXPECT_EQ(val.u, 60u);
}

// --- mv_toreadonly ------------------------------------------------------------
TEST_F(HostileDerive, ToreadonlyNullOut) { EXPECT_MV_ERR(mv_toreadonly(nullptr, v), MV_EINVAL); }
TEST_F(HostileDerive, ToreadonlyNullSrc) { EXPECT_MV_ERR(mv_toreadonly(&out, nullptr), MV_EINVAL); untouched(); }
TEST_F(HostileDerive, ToreadonlyPropagatesToDerivedViews) {
    mvt::View ro, s, c;
    ASSERT_MV_OK(mv_toreadonly(ro.out(), v));
    ASSERT_MV_OK(mv_slice(s.out(), ro, 1, 9, 1));
    ASSERT_MV_OK(mv_cast(c.out(), s, "q", nullptr, 0));
    EXPECT_EQ(mv_readonly(c), 1);
    ptrdiff_t i = 0;
    mv_value val{};
    val.kind = MV_KIND_INT;
    EXPECT_MV_ERR(mv_set(c, &i, 1, &val, 1), MV_EREADONLY);
}

}  // namespace
