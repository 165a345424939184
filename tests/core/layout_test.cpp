// Stride arithmetic units: slice clamping, contiguity, spans, overflow.
#include <gtest/gtest.h>

#include "layout.hpp"
#include "memview.h"

namespace {

ptrdiff_t adjust(ptrdiff_t len, ptrdiff_t start, ptrdiff_t stop, ptrdiff_t step, ptrdiff_t *s = nullptr) {
    ptrdiff_t n = mv::slice_adjust(len, &start, &stop, step);
    if (s) *s = start;
    return n;
}

TEST(SliceAdjust, PythonExamples) {
    ptrdiff_t start;
    EXPECT_EQ(adjust(10, MV_NONE, MV_NONE, 1, &start), 10);
    EXPECT_EQ(start, 0);
    EXPECT_EQ(adjust(10, MV_NONE, MV_NONE, -1, &start), 10);
    EXPECT_EQ(start, 9);
    EXPECT_EQ(adjust(10, -3, MV_NONE, 1, &start), 3);
    EXPECT_EQ(start, 7);
    EXPECT_EQ(adjust(10, 100, -100, -1, &start), 10);
    EXPECT_EQ(start, 9);
    EXPECT_EQ(adjust(10, 2, 2, 1), 0);
    EXPECT_EQ(adjust(10, 8, 2, 1), 0);
    EXPECT_EQ(adjust(10, 0, 10, 3), 4);
    EXPECT_EQ(adjust(10, 0, 10, PTRDIFF_MAX), 1);
    EXPECT_EQ(adjust(10, MV_NONE, MV_NONE, -PTRDIFF_MAX), 1);
    EXPECT_EQ(adjust(0, MV_NONE, MV_NONE, -1), 0);
    EXPECT_EQ(adjust(10, PTRDIFF_MIN + 1, PTRDIFF_MAX, 1), 10);
}

TEST(NormalizeIndex, Bounds) {
    ptrdiff_t i = -1;
    EXPECT_TRUE(mv::normalize_index(5, &i));
    EXPECT_EQ(i, 4);
    i = -5;
    EXPECT_TRUE(mv::normalize_index(5, &i));
    EXPECT_EQ(i, 0);
    i = -6;
    EXPECT_FALSE(mv::normalize_index(5, &i));
    i = 5;
    EXPECT_FALSE(mv::normalize_index(5, &i));
    i = PTRDIFF_MIN;
    EXPECT_FALSE(mv::normalize_index(5, &i));
    i = 0;
    EXPECT_FALSE(mv::normalize_index(0, &i));
}

TEST(Contiguity, CPythonRules) {
    const ptrdiff_t shape[2] = {3, 4}, c[2] = {16, 4}, f[2] = {4, 12}, neither[2] = {32, 4};
    EXPECT_TRUE(mv::is_c_contiguous({nullptr, 2, shape, c, 4}));
    EXPECT_FALSE(mv::is_f_contiguous({nullptr, 2, shape, c, 4}));
    EXPECT_TRUE(mv::is_f_contiguous({nullptr, 2, shape, f, 4}));
    EXPECT_FALSE(mv::is_c_contiguous({nullptr, 2, shape, neither, 4}));
    // dimensions of extent 1 may have any stride
    const ptrdiff_t one[2] = {1, 4}, odd[2] = {999, 4};
    EXPECT_TRUE(mv::is_c_contiguous({nullptr, 2, one, odd, 4}));
    EXPECT_TRUE(mv::is_f_contiguous({nullptr, 2, one, odd, 4}));
    // empty arrays are both
    const ptrdiff_t empty[2] = {0, 4};
    EXPECT_TRUE(mv::is_c_contiguous({nullptr, 2, empty, neither, 4}));
    EXPECT_TRUE(mv::is_f_contiguous({nullptr, 2, empty, neither, 4}));
    // 0-d is both
    EXPECT_TRUE(mv::is_c_contiguous({nullptr, 0, nullptr, nullptr, 8}));
}

TEST(Counting, OverflowDetected) {
    size_t n;
    const ptrdiff_t ok[3] = {2, 3, 4}, big[2] = {PTRDIFF_MAX, 3}, zero[3] = {PTRDIFF_MAX, 0, PTRDIFF_MAX};
    EXPECT_TRUE(mv::count_items(3, ok, &n));
    EXPECT_EQ(n, 24u);
    EXPECT_FALSE(mv::count_items(2, big, &n));
    EXPECT_TRUE(mv::count_items(3, zero, &n));
    EXPECT_EQ(n, 0u);
    ptrdiff_t strides[3];
    EXPECT_TRUE(mv::c_strides(3, ok, 8, strides));
    EXPECT_EQ(strides[0], 96);
    EXPECT_EQ(strides[2], 8);
    EXPECT_FALSE(mv::c_strides(2, big, 8, strides));
}

TEST(ByteSpan, NegativeStridesAndOverflow) {
    ptrdiff_t lo, hi;
    const ptrdiff_t shape[2] = {3, 4}, strides[2] = {-16, 4};
    ASSERT_TRUE(mv::byte_span(2, shape, strides, 4, &lo, &hi));
    EXPECT_EQ(lo, -32);
    EXPECT_EQ(hi, 16);
    const ptrdiff_t huge[2] = {PTRDIFF_MAX / 2, PTRDIFF_MAX / 2};
    EXPECT_FALSE(mv::byte_span(2, shape, huge, 4, &lo, &hi));
    // an empty view covers no memory, but its other dimensions are still
    // checked: slicing multiplies their strides
    const ptrdiff_t empty[2] = {0, 4};
    ASSERT_TRUE(mv::byte_span(2, empty, strides, 4, &lo, &hi));
    EXPECT_EQ(lo, 0);
    EXPECT_EQ(hi, 0);
    EXPECT_FALSE(mv::byte_span(2, empty, huge, 4, &lo, &hi));
}

}  // namespace
