// mv_to_dlpack / mv_from_dlpack: the DLPack 1.x hand-off, ownership and
// every refusal (issue 11).
#include <cstdint>
#include <cstring>
#include <vector>

#include "helpers.hpp"

namespace {

int g_released = 0;
void count_release(void *) { g_released++; }

View cast(const mv_view *v, const char *fmt, std::vector<ptrdiff_t> shape = {}) {
    mv_view *out = nullptr;
    EXPECT_EQ(mv_cast(&out, v, fmt, shape.empty() ? nullptr : shape.data(), static_cast<int>(shape.size())),
              MV_OK)
        << mv_errmsg();
    return View(out);
}

std::vector<int64_t> dims(const int64_t *p, int n) { return std::vector<int64_t>(p, p + n); }

}  // namespace

TEST(DLPackExport, TwoDimensionalDoublesZeroCopy) {
    double d[12];
    for (int i = 0; i < 12; i++) d[i] = i * 0.5;
    g_released = 0;
    View base;
    ASSERT_MV_OK(mv_create(base.out(), d, sizeof d, 0, count_release, nullptr));
    View m = cast(base, "d", {3, 4});
    DLManagedTensorVersioned *t = nullptr;
    ASSERT_MV_OK(mv_to_dlpack(&t, m, 0));
    EXPECT_EQ(t->version.major, 1u);
    EXPECT_EQ(t->flags, 0u);
    EXPECT_EQ(t->dl_tensor.data, static_cast<void *>(d));
    EXPECT_EQ(t->dl_tensor.byte_offset, 0u);
    EXPECT_EQ(t->dl_tensor.device.device_type, kDLCPU);
    EXPECT_EQ(t->dl_tensor.device.device_id, 0);
    EXPECT_EQ(t->dl_tensor.ndim, 2);
    EXPECT_EQ(t->dl_tensor.dtype.code, kDLFloat);
    EXPECT_EQ(t->dl_tensor.dtype.bits, 64);
    EXPECT_EQ(t->dl_tensor.dtype.lanes, 1);
    EXPECT_EQ(dims(t->dl_tensor.shape, 2), (std::vector<int64_t>{3, 4}));
    EXPECT_EQ(dims(t->dl_tensor.strides, 2), (std::vector<int64_t>{4, 1}));
    m.out();
    base.out();
    EXPECT_EQ(g_released, 0) << "the tensor keeps the buffer";
    EXPECT_EQ(static_cast<double *>(t->dl_tensor.data)[11], 5.5);
    t->deleter(t);
    EXPECT_EQ(g_released, 1);
}

TEST(DLPackExport, StridesInElementsReadOnlyFlagAndDtypes) {
    int16_t s[12] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
    View base;
    ASSERT_MV_OK(mv_create(base.out(), s, sizeof s, MV_READONLY, nullptr, nullptr));
    View h = cast(base, "h");
    View rev;
    ASSERT_MV_OK(mv_slice(rev.out(), h, MV_NONE, MV_NONE, -3));
    DLManagedTensorVersioned *t = nullptr;
    ASSERT_MV_OK(mv_to_dlpack(&t, rev, 0));
    EXPECT_EQ(t->flags, static_cast<uint64_t>(DLPACK_FLAG_BITMASK_READ_ONLY));
    EXPECT_EQ(t->dl_tensor.shape[0], 4);
    EXPECT_EQ(t->dl_tensor.strides[0], -3);
    EXPECT_EQ(*static_cast<int16_t *>(t->dl_tensor.data), 11);
    EXPECT_EQ(t->dl_tensor.dtype.code, kDLInt);
    EXPECT_EQ(t->dl_tensor.dtype.bits, 16);
    t->deleter(t);

    struct Case {
        const char *fmt;
        uint8_t code, bits;
    } cases[] = {{"b", kDLInt, 8},  {"B", kDLUInt, 8},  {"?", kDLBool, 8},  {"e", kDLFloat, 16},
                 {"H", kDLUInt, 16}, {"<i", kDLInt, 32}, {"I", kDLUInt, 32}, {"f", kDLFloat, 32},
                 {"q", kDLInt, 64}, {"Q", kDLUInt, 64}, {"n", kDLInt, 64},  {"P", kDLUInt, 64}};
    for (const Case &k : cases) {
        View v = cast(base, k.fmt);
        ASSERT_MV_OK(mv_to_dlpack(&t, v, 0)) << k.fmt;
        EXPECT_EQ(t->dl_tensor.dtype.code, k.code) << k.fmt;
        EXPECT_EQ(t->dl_tensor.dtype.bits, k.bits) << k.fmt;
        t->deleter(t);
    }
    // A 0-d view is a 0-d tensor.
    View item;
    ASSERT_MV_OK(mv_index(item.out(), h, 4));
    ASSERT_MV_OK(mv_to_dlpack(&t, item, 0));
    EXPECT_EQ(t->dl_tensor.ndim, 0);
    EXPECT_EQ(*static_cast<int16_t *>(t->dl_tensor.data), 4);
    t->deleter(t);
}

TEST(DLPackExport, RefusalsAndCopies) {
    unsigned char raw[20];
    for (int i = 0; i < 20; i++) raw[i] = static_cast<unsigned char>(i);
    g_released = 0;
    View base;
    ASSERT_MV_OK(mv_create(base.out(), raw, sizeof raw, 0, count_release, nullptr));
    DLManagedTensorVersioned *t = reinterpret_cast<DLManagedTensorVersioned *>(0x1);
    View rec = cast(base, "<bi");
    EXPECT_MV_ERROR(mv_to_dlpack(&t, rec, MV_EXPORT_COPY), MV_EFORMAT, "single numeric field");
    View str = cast(base, "4s");
    EXPECT_MV_ERROR(mv_to_dlpack(&t, str, 0), MV_EFORMAT, "'4s'");
    View big = cast(base, ">i");
    EXPECT_MV_ERROR(mv_to_dlpack(&t, big, 0), MV_EFORMAT, "native byte order");
    View col;
    ASSERT_MV_OK(mv_field_view(col.out(), rec, 1));  // '<i' every 5 bytes
    EXPECT_MV_ERROR(mv_to_dlpack(&t, col, 0), MV_ELAYOUT, "not a multiple of the itemsize");
    View bv = cast(base, "B");
    EXPECT_MV_ERROR(mv_to_dlpack(&t, bv, 4), MV_EINVAL, "unknown flags");
    EXPECT_MV_ERROR(mv_to_dlpack(nullptr, bv, 0), MV_EINVAL, "out is NULL");
    EXPECT_MV_ERROR(mv_to_dlpack(&t, nullptr, 0), MV_EINVAL, "view is NULL");
    EXPECT_EQ(t, reinterpret_cast<DLManagedTensorVersioned *>(0x1));

    ASSERT_MV_OK(mv_to_dlpack(&t, col, MV_EXPORT_COPY));
    EXPECT_EQ(t->flags, static_cast<uint64_t>(DLPACK_FLAG_BITMASK_IS_COPIED));
    EXPECT_EQ(t->dl_tensor.strides[0], 1);
    int32_t second;
    std::memcpy(&second, raw + 6, 4);
    EXPECT_EQ(static_cast<int32_t *>(t->dl_tensor.data)[1], second);
    t->deleter(t);

    DLManagedTensorVersioned *b = nullptr;
    ASSERT_MV_OK(mv_to_dlpack(&b, big, MV_EXPORT_COPY));
    EXPECT_EQ(static_cast<int32_t *>(b->dl_tensor.data)[0], 0x00010203);
    View bi = cast(base, "i");
    DLManagedTensorVersioned *f = nullptr;
    ASSERT_MV_OK(mv_to_dlpack(&f, bi, MV_EXPORT_FORCE_COPY));
    EXPECT_NE(f->dl_tensor.data, static_cast<void *>(raw));
    EXPECT_EQ(std::memcmp(f->dl_tensor.data, raw, 20), 0);
    rec.out(); str.out(); big.out(); col.out(); bv.out(); bi.out(); base.out();
    EXPECT_EQ(g_released, 1) << "copies do not hold the source buffer";
    b->deleter(b);
    f->deleter(f);
}

// ---- import ---------------------------------------------------------------

namespace {

struct Tensor {
    std::vector<int16_t> data;
    int64_t shape[3] = {3, 2, 0};
    int64_t strides[3] = {2, 1, 0};
    DLManagedTensorVersioned t{};
    int deletes = 0;

    Tensor() : data(6) {
        for (int i = 0; i < 6; i++) data[i] = static_cast<int16_t>(10 * i);
        t.version = {1, 0};
        t.manager_ctx = this;
        t.deleter = [](DLManagedTensorVersioned *self) { static_cast<Tensor *>(self->manager_ctx)->deletes++; };
        t.dl_tensor.data = data.data();
        t.dl_tensor.device = {kDLCPU, 0};
        t.dl_tensor.ndim = 2;
        t.dl_tensor.dtype = {kDLInt, 16, 1};
        t.dl_tensor.shape = shape;
        t.dl_tensor.strides = nullptr;
    }
};

}  // namespace

TEST(DLPackImport, OwnsTheTensorUntilTheLastView) {
    Tensor x;
    View v;
    ASSERT_MV_OK(mv_from_dlpack(v.out(), &x.t, 0));
    EXPECT_STREQ(mv_format(v), "h");
    EXPECT_EQ(shape_of(v), (std::vector<ptrdiff_t>{3, 2}));
    EXPECT_EQ(strides_of(v), (std::vector<ptrdiff_t>{4, 2}));
    EXPECT_EQ(mv_readonly(v), 0);
    EXPECT_EQ(get1(v, {2, 1}).i, 50);
    View row;
    ASSERT_MV_OK(mv_index(row.out(), v, 1));
    v.out();
    EXPECT_EQ(x.deletes, 0);
    EXPECT_EQ(get1(row, {0}).i, 20);
    row.out();
    EXPECT_EQ(x.deletes, 1);
}

TEST(DLPackImport, StridesByteOffsetAndReadOnly) {
    Tensor x;
    x.t.dl_tensor.strides = x.strides;
    x.strides[0] = 1;  // transposed: Fortran order
    x.strides[1] = 3;
    x.t.dl_tensor.byte_offset = 0;
    x.t.flags = DLPACK_FLAG_BITMASK_READ_ONLY;
    View v;
    ASSERT_MV_OK(mv_from_dlpack(v.out(), &x.t, 0));
    EXPECT_EQ(strides_of(v), (std::vector<ptrdiff_t>{2, 6}));
    EXPECT_EQ(mv_f_contiguous(v), 1);
    EXPECT_EQ(mv_readonly(v), 1);
    EXPECT_EQ(get1(v, {1, 1}).i, 40);
    v.out();
    EXPECT_EQ(x.deletes, 1);

    Tensor y;
    y.shape[0] = 2;
    y.t.dl_tensor.byte_offset = 4;  // start at item 2
    ASSERT_MV_OK(mv_from_dlpack(v.out(), &y.t, MV_READONLY));
    EXPECT_EQ(mv_readonly(v), 1);
    EXPECT_EQ(get1(v, {0, 0}).i, 20);
    v.out();
    EXPECT_EQ(y.deletes, 1);

    Tensor z;  // a NULL deleter is allowed: nothing to call
    z.t.deleter = nullptr;
    ASSERT_MV_OK(mv_from_dlpack(v.out(), &z.t, 0));
    v.out();
}

TEST(DLPackImport, RoundTripIsZeroCopy) {
    float f[6] = {1, 2, 3, 4, 5, 6};
    g_released = 0;
    View base;
    ASSERT_MV_OK(mv_create(base.out(), f, sizeof f, 0, count_release, nullptr));
    View m = cast(base, "f", {2, 3});
    View cols;
    const mv_range r[2] = {{MV_NONE, MV_NONE, 1}, {MV_NONE, MV_NONE, 2}};
    ASSERT_MV_OK(mv_slice_nd(cols.out(), m, r, 2));
    DLManagedTensorVersioned *t = nullptr;
    ASSERT_MV_OK(mv_to_dlpack(&t, cols, 0));
    View back;
    ASSERT_MV_OK(mv_from_dlpack(back.out(), t, 0));
    EXPECT_EQ(mv_data(back), mv_data(cols));
    EXPECT_EQ(strides_of(back), strides_of(cols));
    EXPECT_EQ(mv_equal(back, cols), 1);
    m.out(); cols.out(); base.out();
    EXPECT_EQ(g_released, 0);
    back.out();
    EXPECT_EQ(g_released, 1);
}

TEST(DLPackImport, HostileTensorsAreRefusedWithoutTakingOwnership) {
    struct Case {
        const char *what;
        void (*mutate)(Tensor &);
        int code;
        const char *needle;
    } cases[] = {
        {"version 0", [](Tensor &x) { x.t.version.major = 0; }, MV_EINVAL, "version 0"},
        {"version 2", [](Tensor &x) { x.t.version.major = 2; }, MV_EINVAL, "version 2"},
        {"CUDA", [](Tensor &x) { x.t.dl_tensor.device.device_type = kDLCUDA; }, MV_EINVAL, "kDLCPU"},
        {"ndim -1", [](Tensor &x) { x.t.dl_tensor.ndim = -1; }, MV_EINVAL, "ndim -1"},
        {"ndim 65", [](Tensor &x) { x.t.dl_tensor.ndim = 65; }, MV_EINVAL, "ndim 65"},
        {"shape NULL", [](Tensor &x) { x.t.dl_tensor.shape = nullptr; }, MV_EINVAL, "shape is NULL"},
        {"negative extent", [](Tensor &x) { x.shape[1] = -2; }, MV_EINVAL, "shape[1] is negative"},
        {"lanes 4", [](Tensor &x) { x.t.dl_tensor.dtype.lanes = 4; }, MV_EFORMAT, "lanes 4"},
        {"bfloat16", [](Tensor &x) { x.t.dl_tensor.dtype.code = kDLBfloat; }, MV_EFORMAT, "code 4"},
        {"complex", [](Tensor &x) { x.t.dl_tensor.dtype = {kDLComplex, 64, 1}; }, MV_EFORMAT, "code 5"},
        {"int24", [](Tensor &x) { x.t.dl_tensor.dtype.bits = 24; }, MV_EFORMAT, "bits 24"},
        {"bool16", [](Tensor &x) { x.t.dl_tensor.dtype = {kDLBool, 16, 1}; }, MV_EFORMAT, "bits 16"},
        {"float8", [](Tensor &x) { x.t.dl_tensor.dtype = {kDLFloat, 8, 1}; }, MV_EFORMAT, "bits 8"},
        {"stride overflow",
         [](Tensor &x) {
             x.t.dl_tensor.strides = x.strides;
             x.strides[0] = INT64_MAX / 2;
         },
         MV_EOVERFLOW, "overflows"},
        {"span overflow",
         [](Tensor &x) {
             x.shape[0] = INT64_MAX / 4;
             x.shape[1] = 8;
         },
         MV_EOVERFLOW, "overflow"},
        {"NULL data", [](Tensor &x) { x.t.dl_tensor.data = nullptr; }, MV_EINVAL, "NULL"},
        {"byte_offset past the address space", [](Tensor &x) { x.t.dl_tensor.byte_offset = UINT64_MAX - 8; },
         MV_EOVERFLOW, "byte_offset"},
    };
    for (const Case &k : cases) {
        Tensor x;
        k.mutate(x);
        View v;
        mv_errclear();
        EXPECT_EQ(mv_from_dlpack(v.out(), &x.t, 0), k.code) << k.what << ": " << mv_errmsg();
        EXPECT_NE(std::string(mv_errmsg()).find(k.needle), std::string::npos) << k.what << ": " << mv_errmsg();
        EXPECT_EQ(v.v, nullptr) << k.what;
        EXPECT_EQ(x.deletes, 0) << k.what;
    }
    Tensor x;
    View v;
    EXPECT_MV_ERROR(mv_from_dlpack(nullptr, &x.t, 0), MV_EINVAL, "out is NULL");
    EXPECT_MV_ERROR(mv_from_dlpack(v.out(), nullptr, 0), MV_EINVAL, "tensor is NULL");
    EXPECT_MV_ERROR(mv_from_dlpack(v.out(), &x.t, 8), MV_EINVAL, "unknown flags");
    EXPECT_EQ(x.deletes, 0);
}
