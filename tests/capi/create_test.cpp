// Creating and releasing views: ownership, release callbacks, and errors.
#include <atomic>
#include <cstdint>
#include <thread>

#include "helpers.hpp"

namespace {

void count_release(void *ctx) { static_cast<std::atomic<int> *>(ctx)->fetch_add(1); }

TEST(Version, MacrosMatchLibrary) {
    int major = -1, minor = -1, patch = -1;
    EXPECT_STREQ(mv_version(&major, &minor, &patch), MV_VERSION_STRING);
    EXPECT_EQ(major, MV_VERSION_MAJOR);
    EXPECT_EQ(minor, MV_VERSION_MINOR);
    EXPECT_EQ(patch, MV_VERSION_PATCH);
    EXPECT_STREQ(mv_version(nullptr, nullptr, nullptr), MV_VERSION_STRING);
    EXPECT_TRUE(MV_VERSION_CHECK(0, 1, 0));
    EXPECT_FALSE(MV_VERSION_CHECK(99, 0, 0));
}

TEST(Errors, CodesAreStableAndDescribed) {
    EXPECT_EQ(MV_OK, 0);
    const int codes[] = {MV_EINVAL, MV_EFORMAT, MV_EINDEX, MV_EREADONLY, MV_ELAYOUT, MV_ESIZE,
                         MV_EOVERFLOW, MV_ENOMEM, MV_ETYPE, MV_EVALUE, MV_EINTERNAL, MV_ESYS};
    for (int c : codes) {
        EXPECT_LT(c, 0);
        EXPECT_STRNE(mv_strerror(c), "unknown error") << c;
    }
    EXPECT_STREQ(mv_strerror(MV_OK), "success");
    EXPECT_STREQ(mv_strerror(12345), "unknown error");
    EXPECT_STREQ(mv_strerror(MV_EINDEX), "index out of range");
}

TEST(Errors, MessageIsThreadLocalAndClearable) {
    mv_view *v = nullptr;
    EXPECT_MV_ERROR(mv_create(nullptr, nullptr, 0, 0, nullptr, nullptr), MV_EINVAL, "out is NULL");
    std::string other;
    std::thread([&] { other = mv_errmsg(); }).join();
    EXPECT_EQ(other, "");  // another thread has its own message
    EXPECT_NE(std::string(mv_errmsg()), "");
    mv_errclear();
    EXPECT_STREQ(mv_errmsg(), "");
    // success leaves the message as it was
    EXPECT_MV_ERROR(mv_create(&v, nullptr, 1, 0, nullptr, nullptr), MV_EINVAL, "data is NULL");
    unsigned char b[1];
    ASSERT_MV_OK(mv_create(&v, b, 1, 0, nullptr, nullptr));
    EXPECT_NE(std::string(mv_errmsg()).find("data is NULL"), std::string::npos);
    mv_release(v);
}

TEST(Create, OneDimensionalBytes) {
    unsigned char data[13];
    std::memcpy(data, "Hello, world!", 13);
    View v;
    ASSERT_MV_OK(mv_create(v.out(), data, 13, 0, nullptr, nullptr));
    EXPECT_EQ(mv_data(v), data);
    EXPECT_EQ(mv_nbytes(v), 13u);
    EXPECT_EQ(mv_len(v), 13u);
    EXPECT_EQ(mv_itemsize(v), 1u);
    EXPECT_STREQ(mv_format(v), "B");
    EXPECT_EQ(mv_nfields(v), 1u);
    EXPECT_EQ(mv_ndim(v), 1);
    EXPECT_EQ(shape_of(v), std::vector<ptrdiff_t>{13});
    EXPECT_EQ(strides_of(v), std::vector<ptrdiff_t>{1});
    EXPECT_EQ(mv_readonly(v), 0);
    EXPECT_EQ(mv_c_contiguous(v), 1);
    EXPECT_EQ(mv_f_contiguous(v), 1);
    EXPECT_EQ(mv_contiguous(v), 1);
}

TEST(Create, ReadonlyFlagAndEmptyBuffer) {
    View v;
    ASSERT_MV_OK(mv_create(v.out(), nullptr, 0, MV_READONLY, nullptr, nullptr));
    EXPECT_EQ(mv_readonly(v), 1);
    EXPECT_EQ(mv_len(v), 0u);
    EXPECT_EQ(hex(v), "");
}

TEST(Create, Errors) {
    mv_view *v = reinterpret_cast<mv_view *>(0x1);
    unsigned char b[4];
    EXPECT_MV_ERROR(mv_create(nullptr, b, 4, 0, nullptr, nullptr), MV_EINVAL, "out is NULL");
    EXPECT_MV_ERROR(mv_create(&v, nullptr, 4, 0, nullptr, nullptr), MV_EINVAL, "data is NULL");
    EXPECT_MV_ERROR(mv_create(&v, b, 4, 0x80, nullptr, nullptr), MV_EINVAL, "unknown flags");
    EXPECT_MV_ERROR(mv_create(&v, b, SIZE_MAX, 0, nullptr, nullptr), MV_EOVERFLOW, "PTRDIFF_MAX");
    EXPECT_EQ(v, reinterpret_cast<mv_view *>(0x1));  // out untouched on failure
}

TEST(Create, FailureDoesNotCallRelease) {
    std::atomic<int> calls{0};
    mv_view *v;
    EXPECT_EQ(mv_create(&v, nullptr, 4, 0, count_release, &calls), MV_EINVAL);
    EXPECT_EQ(calls.load(), 0);
}

TEST(Release, CallbackRunsOnceAfterLastDerivedView) {
    std::atomic<int> calls{0};
    unsigned char data[16] = {};
    mv_view *root, *s, *c, *r, *ro, *ix;
    ASSERT_MV_OK(mv_create(&root, data, 16, 0, count_release, &calls));
    ASSERT_MV_OK(mv_slice(&s, root, 2, 10, 2));
    ASSERT_MV_OK(mv_cast(&c, root, "i", nullptr, 0));
    ASSERT_MV_OK(mv_retain(&r, c));
    ASSERT_MV_OK(mv_toreadonly(&ro, s));
    ASSERT_MV_OK(mv_index(&ix, c, 1));
    mv_release(root);
    mv_release(c);
    mv_release(s);
    EXPECT_EQ(calls.load(), 0);
    EXPECT_EQ(mv_len(r), 4u);  // a retained handle outlives the one it copied
    mv_release(r);
    mv_release(ro);
    EXPECT_EQ(calls.load(), 0);
    mv_release(ix);
    EXPECT_EQ(calls.load(), 1);
}

TEST(Release, NullIsNoop) { mv_release(nullptr); }

TEST(Retain, Errors) {
    mv_view *v;
    EXPECT_MV_ERROR(mv_retain(nullptr, nullptr), MV_EINVAL, "NULL");
    EXPECT_MV_ERROR(mv_retain(&v, nullptr), MV_EINVAL, "src is NULL");
}

TEST(Alloc, ZeroedWritableAndFreed) {
    View v;
    ASSERT_MV_OK(mv_alloc(v.out(), 1000));
    EXPECT_EQ(mv_nbytes(v), 1000u);
    EXPECT_EQ(mv_readonly(v), 0);
    auto bytes = tobytes(v);
    for (unsigned char b : bytes) ASSERT_EQ(b, 0);
    static_cast<unsigned char *>(mv_data(v))[999] = 7;
    EXPECT_EQ(get1(v, {-1}).u, 7u);
    View empty;
    ASSERT_MV_OK(mv_alloc(empty.out(), 0));
    EXPECT_EQ(mv_len(empty), 0u);
}

TEST(Alloc, Errors) {
    mv_view *v;
    EXPECT_MV_ERROR(mv_alloc(nullptr, 1), MV_EINVAL, "out is NULL");
    EXPECT_MV_ERROR(mv_alloc(&v, SIZE_MAX), MV_EOVERFLOW, "PTRDIFF_MAX");
    EXPECT_MV_ERROR(mv_alloc(&v, static_cast<size_t>(PTRDIFF_MAX)), MV_ENOMEM, "out of memory");
}

TEST(FromBuffer, StridedTwoDimensionalFloat) {
    float grid[3][4];
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 4; j++) grid[i][j] = static_cast<float>(10 * i + j);
    // The transpose: a Fortran-ordered 4x3 view
    const ptrdiff_t shape[2] = {4, 3}, strides[2] = {4, 16};
    mv_buffer_info info = MV_BUFFER_INFO_INIT;
    info.data = grid;
    info.format = "f";
    info.ndim = 2;
    info.shape = shape;
    info.strides = strides;
    info.readonly = 1;
    View v;
    ASSERT_MV_OK(mv_from_buffer(v.out(), &info));
    EXPECT_EQ(mv_itemsize(v), 4u);
    EXPECT_EQ(mv_nbytes(v), 48u);
    EXPECT_EQ(mv_c_contiguous(v), 0);
    EXPECT_EQ(mv_f_contiguous(v), 1);
    EXPECT_EQ(mv_readonly(v), 1);
    EXPECT_EQ(get1(v, {3, 2}).f, 23.0);
    EXPECT_EQ(get1(v, {-1, 0}).f, 3.0);
    auto c = tobytes(v, 'C');
    float first[3];
    std::memcpy(first, c.data(), 12);
    EXPECT_EQ(first[0], 0.0f);
    EXPECT_EQ(first[1], 10.0f);
    EXPECT_EQ(first[2], 20.0f);
    // 'F' order of the transpose is the original memory
    EXPECT_EQ(std::memcmp(tobytes(v, 'F').data(), grid, 48), 0);
    EXPECT_EQ(std::memcmp(tobytes(v, 'A').data(), grid, 48), 0);
}

TEST(FromBuffer, DefaultsAndNegativeStrides) {
    int32_t data[5] = {0, 1, 2, 3, 4};
    const ptrdiff_t shape[1] = {5}, strides[1] = {-4};
    mv_buffer_info info = MV_BUFFER_INFO_INIT;
    info.data = &data[4];
    info.format = "<i";
    info.itemsize = 4;
    info.ndim = 1;
    info.shape = shape;
    info.strides = strides;
    View v;
    ASSERT_MV_OK(mv_from_buffer(v.out(), &info));
    EXPECT_EQ(get1(v, {0}).i, 4);
    EXPECT_EQ(get1(v, {4}).i, 0);
    EXPECT_EQ(mv_c_contiguous(v), 0);
    EXPECT_EQ(hex(v), "0400000003000000020000000100000000000000");
    // NULL format means "B", NULL strides means C-contiguous
    mv_buffer_info info2 = MV_BUFFER_INFO_INIT;
    const ptrdiff_t shape2[2] = {2, 3};
    unsigned char bytes[6] = {1, 2, 3, 4, 5, 6};
    info2.data = bytes;
    info2.ndim = 2;
    info2.shape = shape2;
    View w;
    ASSERT_MV_OK(mv_from_buffer(w.out(), &info2));
    EXPECT_STREQ(mv_format(w), "B");
    EXPECT_EQ(strides_of(w), (std::vector<ptrdiff_t>{3, 1}));
    EXPECT_EQ(get1(w, {1, 2}).u, 6u);
}

TEST(FromBuffer, ZeroDimensionalAndZeroExtent) {
    double d = 2.5;
    mv_buffer_info info = MV_BUFFER_INFO_INIT;
    info.data = &d;
    info.format = "d";
    View v;
    ASSERT_MV_OK(mv_from_buffer(v.out(), &info));
    EXPECT_EQ(mv_ndim(v), 0);
    EXPECT_EQ(mv_shape(v), nullptr);
    EXPECT_EQ(mv_strides(v), nullptr);
    EXPECT_EQ(mv_len(v), 1u);
    EXPECT_EQ(mv_nbytes(v), 8u);
    EXPECT_EQ(get1(v, {}).f, 2.5);
    const ptrdiff_t shape[2] = {0, 5};
    mv_buffer_info empty = MV_BUFFER_INFO_INIT;
    empty.format = "i";
    empty.ndim = 2;
    empty.shape = shape;
    View e;
    ASSERT_MV_OK(mv_from_buffer(e.out(), &empty));  // data NULL is fine without items
    EXPECT_EQ(mv_nbytes(e), 0u);
    EXPECT_EQ(mv_c_contiguous(e), 1);
    EXPECT_EQ(mv_f_contiguous(e), 1);
}

TEST(FromBuffer, Errors) {
    unsigned char b[64];
    mv_view *v;
    const ptrdiff_t shape[2] = {2, 4};
    mv_buffer_info info = MV_BUFFER_INFO_INIT;
    info.data = b;
    info.ndim = 2;
    info.shape = shape;
    info.format = "i";
    EXPECT_MV_ERROR(mv_from_buffer(nullptr, &info), MV_EINVAL, "out is NULL");
    EXPECT_MV_ERROR(mv_from_buffer(&v, nullptr), MV_EINVAL, "info is NULL");
    mv_buffer_info bad = info;
    bad.version = 99;
    EXPECT_MV_ERROR(mv_from_buffer(&v, &bad), MV_EINVAL, "version");
    bad = info;
    bad.ndim = 65;
    EXPECT_MV_ERROR(mv_from_buffer(&v, &bad), MV_EINVAL, "ndim 65");
    bad.ndim = -1;
    EXPECT_MV_ERROR(mv_from_buffer(&v, &bad), MV_EINVAL, "ndim -1");
    bad = info;
    bad.shape = nullptr;
    EXPECT_MV_ERROR(mv_from_buffer(&v, &bad), MV_EINVAL, "shape is NULL");
    const ptrdiff_t negative[2] = {2, -1};
    bad = info;
    bad.shape = negative;
    EXPECT_MV_ERROR(mv_from_buffer(&v, &bad), MV_EINVAL, "negative");
    bad = info;
    bad.format = "i?z";
    EXPECT_MV_ERROR(mv_from_buffer(&v, &bad), MV_EFORMAT, "bad char 'z'");
    bad = info;
    bad.itemsize = 8;
    EXPECT_MV_ERROR(mv_from_buffer(&v, &bad), MV_ESIZE, "itemsize 8");
    bad = info;
    bad.format = "0i";
    EXPECT_MV_ERROR(mv_from_buffer(&v, &bad), MV_EFORMAT, "itemsize 0");
    bad = info;
    bad.data = nullptr;
    EXPECT_MV_ERROR(mv_from_buffer(&v, &bad), MV_EINVAL, "data is NULL");
    const ptrdiff_t huge[2] = {PTRDIFF_MAX, 4};
    bad = info;
    bad.shape = huge;
    EXPECT_MV_ERROR(mv_from_buffer(&v, &bad), MV_EOVERFLOW, "overflows");
    const ptrdiff_t wide[2] = {3, 3}, far[2] = {PTRDIFF_MAX / 2, 1};
    bad = info;
    bad.format = "B";
    bad.shape = wide;
    bad.strides = far;
    EXPECT_MV_ERROR(mv_from_buffer(&v, &bad), MV_EOVERFLOW, "overflows");
}

}  // namespace
