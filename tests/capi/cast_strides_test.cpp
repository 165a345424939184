// A cast result is C-contiguous, with strides derived from its shape and
// itemsize, whatever stride the source carried (issue 15: a one-item view
// with a non-itemsize stride kept that stride through cast('B', [1])). The
// expected values are CPython 3.11's memoryview, shown in each comment.
#include "helpers.hpp"

namespace {

const unsigned char kBytes[] = {'a', 'b', 'c', 'd', 'e', 'f'};

// memoryview(b'abcdef')[0:1:5]: one item, stride 5, C-contiguous.
void one_item_stride5(View &base, View &one) {
    ASSERT_MV_OK(mv_create(base.out(), const_cast<unsigned char *>(kBytes), 6, MV_READONLY, nullptr, nullptr));
    ASSERT_MV_OK(mv_slice(one.out(), base, 0, 1, 5));
    ASSERT_EQ(strides_of(one), std::vector<ptrdiff_t>{5});
    ASSERT_EQ(mv_c_contiguous(one), 1);
}

TEST(CastStrides, ExplicitSameShapeGetsItemsizeStride) {
    View base, one, c, rev, empty;
    one_item_stride5(base, one);
    const ptrdiff_t shape[1] = {1};
    ASSERT_MV_OK(mv_cast(c.out(), one, "B", shape, 1));  // .cast('B', [1]).strides == (1,)
    EXPECT_EQ(shape_of(c), std::vector<ptrdiff_t>{1});
    EXPECT_EQ(strides_of(c), std::vector<ptrdiff_t>{1});
    EXPECT_EQ(mv_c_contiguous(c), 1);
    EXPECT_EQ(tobytes(c), std::vector<unsigned char>{'a'});
    // Later slices follow: [::-1].strides == (-1,), [1:1] is C-contiguous.
    ASSERT_MV_OK(mv_slice(rev.out(), c, MV_NONE, MV_NONE, -1));
    EXPECT_EQ(strides_of(rev), std::vector<ptrdiff_t>{-1});
    ASSERT_MV_OK(mv_slice(empty.out(), c, 1, 1, 1));
    EXPECT_EQ(strides_of(empty), std::vector<ptrdiff_t>{1});
    EXPECT_EQ(mv_c_contiguous(empty), 1);
    unsigned char sink = 0xAA;
    EXPECT_EQ(mv_tobytes(empty, &sink, 0, 'C'), MV_OK) << mv_errmsg();
    EXPECT_EQ(sink, 0xAA);
}

TEST(CastStrides, EveryCastOfAOneItemViewIsContiguous) {
    View base, one;
    one_item_stride5(base, one);
    const ptrdiff_t one1[1] = {1}, one11[2] = {1, 1};
    struct Case {
        const char *fmt;
        const ptrdiff_t *shape;
        int ndim;
        std::vector<ptrdiff_t> strides;
    } cases[] = {
        {"B", nullptr, 0, {1}},     // .cast('B')
        {"c", nullptr, 0, {1}},     // .cast('c')
        {"c", one1, 1, {1}},        // .cast('c', [1])
        {"b", one1, 1, {1}},        // .cast('b', [1])
        {"B", one11, 2, {1, 1}},    // .cast('B', [1, 1])
        {">B", one1, 1, {1}},       // extension: byte-order prefix
        {"B", one1, 0, {}},         // 0-d: shape pointer, ndim 0
    };
    for (const Case &k : cases) {
        View c, rev;
        ASSERT_MV_OK(mv_cast(c.out(), one, k.fmt, k.shape, k.ndim)) << k.fmt << " ndim " << k.ndim;
        EXPECT_EQ(strides_of(c), k.strides) << k.fmt << " ndim " << k.ndim;
        EXPECT_EQ(mv_c_contiguous(c), 1) << k.fmt;
        EXPECT_EQ(tobytes(c), std::vector<unsigned char>{'a'}) << k.fmt;
        if (k.ndim == 1) {
            ASSERT_MV_OK(mv_slice(rev.out(), c, MV_NONE, MV_NONE, -1));
            EXPECT_EQ(strides_of(rev), std::vector<ptrdiff_t>{-1}) << k.fmt;
        }
    }
}

TEST(CastStrides, NonByteOneItemView) {
    // memoryview(bytes(8)).cast('i')[0:1:3]: strides (12,); .cast('B') gives
    // shape (4,), strides (1,); .cast('i', [1]) is an extension (CPython
    // refuses casts between two non-byte formats) and gives strides (4,).
    unsigned char buf[8] = {1, 0, 0, 0, 2, 0, 0, 0};
    View base, iv, one, b, i1, f1;
    ASSERT_MV_OK(mv_create(base.out(), buf, 8, 0, nullptr, nullptr));
    ASSERT_MV_OK(mv_cast(iv.out(), base, "i", nullptr, 0));
    ASSERT_MV_OK(mv_slice(one.out(), iv, 0, 1, 3));
    ASSERT_EQ(strides_of(one), std::vector<ptrdiff_t>{12});
    ASSERT_MV_OK(mv_cast(b.out(), one, "B", nullptr, 0));
    EXPECT_EQ(shape_of(b), std::vector<ptrdiff_t>{4});
    EXPECT_EQ(strides_of(b), std::vector<ptrdiff_t>{1});
    const ptrdiff_t shape[1] = {1};
    ASSERT_MV_OK(mv_cast(i1.out(), one, "i", shape, 1));
    EXPECT_EQ(strides_of(i1), std::vector<ptrdiff_t>{4});
    ASSERT_MV_OK(mv_cast(f1.out(), one, "<f", nullptr, 0));
    EXPECT_EQ(strides_of(f1), std::vector<ptrdiff_t>{4});
}

TEST(CastStrides, TwoDimensionalStaleOuterStride) {
    // A (1, 3) view whose outer stride is 15 (rows 0:1:5 of a (6, 3) view)
    // is C-contiguous; its cast to the same shape gets strides (3, 1).
    unsigned char buf[18];
    for (int i = 0; i < 18; i++) buf[i] = static_cast<unsigned char>(i);
    View base, m, row, c;
    ASSERT_MV_OK(mv_create(base.out(), buf, 18, 0, nullptr, nullptr));
    const ptrdiff_t shape63[2] = {6, 3}, shape13[2] = {1, 3};
    ASSERT_MV_OK(mv_cast(m.out(), base, "B", shape63, 2));
    const mv_range r[1] = {{0, 1, 5}};
    ASSERT_MV_OK(mv_slice_nd(row.out(), m, r, 1));
    ASSERT_EQ(strides_of(row), (std::vector<ptrdiff_t>{15, 1}));
    ASSERT_EQ(mv_c_contiguous(row), 1);
    ASSERT_MV_OK(mv_cast(c.out(), row, "B", shape13, 2));
    EXPECT_EQ(strides_of(c), (std::vector<ptrdiff_t>{3, 1}));
    EXPECT_EQ(tobytes(c), (std::vector<unsigned char>{0, 1, 2}));
}

TEST(CastStrides, FromBufferOneItemWithLargeStride) {
    // mv_from_buffer describing one 'i' item with a stride of 100 bytes.
    int32_t x = 7;
    const ptrdiff_t shape[1] = {1}, strides[1] = {100};
    mv_buffer_info info = MV_BUFFER_INFO_INIT;
    info.data = &x;
    info.format = "i";
    info.ndim = 1;
    info.shape = shape;
    info.strides = strides;
    View v, c;
    ASSERT_MV_OK(mv_from_buffer(v.out(), &info));
    ASSERT_MV_OK(mv_cast(c.out(), v, "i", shape, 1));
    EXPECT_EQ(strides_of(c), std::vector<ptrdiff_t>{4});
    EXPECT_EQ(get1(c, {0}).i, 7);
}

TEST(CastStrides, EmptyViews) {
    View base;
    ASSERT_MV_OK(mv_create(base.out(), const_cast<unsigned char *>(kBytes), 6, MV_READONLY, nullptr, nullptr));
    // memoryview(b'abcdef')[3:3]: strides (1,), contiguous; .cast('i') gives
    // shape (0,), strides (4,).
    View e1, ci, cb;
    ASSERT_MV_OK(mv_slice(e1.out(), base, 3, 3, 1));
    ASSERT_MV_OK(mv_cast(ci.out(), e1, "i", nullptr, 0));
    EXPECT_EQ(shape_of(ci), std::vector<ptrdiff_t>{0});
    EXPECT_EQ(strides_of(ci), std::vector<ptrdiff_t>{4});
    ASSERT_MV_OK(mv_cast(cb.out(), e1, "c", nullptr, 0));
    EXPECT_EQ(strides_of(cb), std::vector<ptrdiff_t>{1});
    // memoryview(b'abcdef')[3:3:2]: strides (2,), NOT contiguous (CPython's
    // 1-D rule); CPython refuses every cast. memview's documented extension
    // keeps the strides for a same-itemsize cast and refuses the rest.
    View e2, same;
    ASSERT_MV_OK(mv_slice(e2.out(), base, 3, 3, 2));
    ASSERT_EQ(mv_c_contiguous(e2), 0);
    ASSERT_MV_OK(mv_cast(same.out(), e2, "c", nullptr, 0));
    EXPECT_EQ(strides_of(same), std::vector<ptrdiff_t>{2});
    mv_view *bad = nullptr;
    EXPECT_MV_ERROR(mv_cast(&bad, e2, "i", nullptr, 0), MV_ELAYOUT, "C-contiguous");
    EXPECT_EQ(bad, nullptr);
}

}  // namespace
