// mv_extent: the byte range a view addresses, relative to mv_data.
#include "helpers.hpp"

namespace {

void expect_extent(const mv_view *v, ptrdiff_t lo, ptrdiff_t hi) {
    ptrdiff_t l = 99, h = 99;
    ASSERT_MV_OK(mv_extent(v, &l, &h));
    EXPECT_EQ(l, lo);
    EXPECT_EQ(h, hi);
}

TEST(Extent, SlicesCastsAndSubViews) {
    unsigned char b[24] = {};
    View v, rev, grid, col, row, empty, rec;
    ASSERT_MV_OK(mv_create(v.out(), b, sizeof b, 0, nullptr, nullptr));
    expect_extent(v, 0, 24);
    ASSERT_MV_OK(mv_slice(rev.out(), v, MV_NONE, MV_NONE, -2));  // items 23, 21, ..., 1
    expect_extent(rev, -22, 1);
    EXPECT_EQ(static_cast<unsigned char *>(mv_data(rev)) - b, 23);
    const ptrdiff_t shape[2] = {3, 8};
    ASSERT_MV_OK(mv_cast(grid.out(), v, "B", shape, 2));
    const mv_range r[2] = {{MV_NONE, MV_NONE, -1}, {2, 3, 1}};
    ASSERT_MV_OK(mv_slice_nd(col.out(), grid, r, 2));  // column 2, rows 2, 1, 0
    expect_extent(col, -16, 1);
    ASSERT_MV_OK(mv_index(row.out(), grid, 1));
    expect_extent(row, 0, 8);
    ASSERT_MV_OK(mv_slice(empty.out(), v, 5, 5, 1));
    expect_extent(empty, 0, 0);
    ASSERT_MV_OK(mv_cast(rec.out(), v, "<Iff", nullptr, 0));  // two 12-byte items
    expect_extent(rec, 0, 24);
}

TEST(Extent, FromBufferNegativeStrides) {
    double d[6] = {};
    const ptrdiff_t shape[2] = {2, 3}, strides[2] = {-24, 8};
    mv_buffer_info info = MV_BUFFER_INFO_INIT;
    info.data = &d[3];  // row 1 first, then row 0
    info.format = "d";
    info.ndim = 2;
    info.shape = shape;
    info.strides = strides;
    View v;
    ASSERT_MV_OK(mv_from_buffer(v.out(), &info));
    expect_extent(v, -24, 24);
}

TEST(Extent, Errors) {
    unsigned char b[4] = {};
    View v;
    ASSERT_MV_OK(mv_create(v.out(), b, sizeof b, 0, nullptr, nullptr));
    ptrdiff_t lo = 7, hi = 7;
    EXPECT_MV_ERROR(mv_extent(nullptr, &lo, &hi), MV_EINVAL, "view is NULL");
    EXPECT_MV_ERROR(mv_extent(v, nullptr, &hi), MV_EINVAL, "lo is NULL");
    EXPECT_MV_ERROR(mv_extent(v, &lo, nullptr), MV_EINVAL, "hi is NULL");
    EXPECT_EQ(lo, 7);
    EXPECT_EQ(hi, 7);
}

}  // namespace
