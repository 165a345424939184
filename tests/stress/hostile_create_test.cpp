// Hostile input to the entry points that make, retain and describe views:
// every case expects its documented error code, a message, untouched outputs
// and, for constructors, an on_release that is NOT called on failure.
#include "mv_test_util.hpp"

#include <climits>
#include <cstdint>

namespace {

constexpr ptrdiff_t PMAX = PTRDIFF_MAX;
constexpr ptrdiff_t PMIN = PTRDIFF_MIN;

int g_released = 0;
void count_release(void *) { ++g_released; }

uint8_t arena[256];

TEST(HostileErrors, StrerrorOfEveryCodeAndUnknownCodes) {
    for (int c = MV_ESYS; c <= MV_OK; ++c) {
        ASSERT_NE(mv_strerror(c), nullptr);
        EXPECT_STRNE(mv_strerror(c), "") << c;
        EXPECT_STRNE(mv_strerror(c), "unknown error") << c;
    }
    for (int c : {1, MV_ESYS - 1, INT_MIN, INT_MAX}) EXPECT_STREQ(mv_strerror(c), "unknown error") << c;
}

TEST(HostileErrors, ErrmsgNeverNullAndClearable) {
    mv_errclear();
    ASSERT_NE(mv_errmsg(), nullptr);
    EXPECT_STREQ(mv_errmsg(), "");
    EXPECT_MV_ERR(mv_alloc(nullptr, 1), MV_EINVAL);
    mv_errclear();
    EXPECT_STREQ(mv_errmsg(), "");
}

TEST(HostileErrors, VersionWithNullOutputs) {
    ASSERT_NE(mv_version(nullptr, nullptr, nullptr), nullptr);
    int ma = -1;
    EXPECT_STREQ(mv_version(&ma, nullptr, nullptr), MV_VERSION_STRING);
    EXPECT_EQ(ma, MV_VERSION_MAJOR);
}

// --- mv_create -------------------------------------------------------------

TEST(HostileCreate, NullOut) {
    g_released = 0;
    EXPECT_MV_ERR(mv_create(nullptr, arena, 4, 0, count_release, nullptr), MV_EINVAL);
    EXPECT_EQ(g_released, 0);
}

TEST(HostileCreate, NullDataWithBytes) {
    mv_view *out = mvt::sentinel();
    g_released = 0;
    EXPECT_MV_ERR(mv_create(&out, nullptr, 1, 0, count_release, nullptr), MV_EINVAL);
    EXPECT_EQ(out, mvt::sentinel());
    EXPECT_EQ(g_released, 0);
}

TEST(HostileCreate, UnknownFlags) {
    mv_view *out = mvt::sentinel();
    for (unsigned f : {2u, 4u, 0x80000000u, ~0u}) {
        EXPECT_MV_ERR(mv_create(&out, arena, 4, f, count_release, nullptr), MV_EINVAL);
        EXPECT_EQ(out, mvt::sentinel());
    }
}

TEST(HostileCreate, NbytesAbovePtrdiffMax) {
    mv_view *out = mvt::sentinel();
    g_released = 0;
    EXPECT_MV_ERR(mv_create(&out, arena, size_t(PMAX) + 1, 0, count_release, nullptr), MV_EOVERFLOW);
    EXPECT_MV_ERR(mv_create(&out, arena, SIZE_MAX, 0, count_release, nullptr), MV_EOVERFLOW);
    EXPECT_EQ(out, mvt::sentinel());
    EXPECT_EQ(g_released, 0);
}

TEST(HostileCreate, NullDataZeroBytesIsAnEmptyView) {
    mvt::View v;
    g_released = 0;
    ASSERT_MV_OK(mv_create(v.out(), nullptr, 0, 0, count_release, nullptr));
    EXPECT_EQ(mv_nbytes(v), 0u);
    EXPECT_EQ(mv_len(v), 0u);
    v = mvt::View();
    EXPECT_EQ(g_released, 1);
}

// --- mv_alloc --------------------------------------------------------------

TEST(HostileAlloc, NullOut) { EXPECT_MV_ERR(mv_alloc(nullptr, 8), MV_EINVAL); }

TEST(HostileAlloc, SizeMaxOverflows) {
    mv_view *out = mvt::sentinel();
    EXPECT_MV_ERR(mv_alloc(&out, SIZE_MAX), MV_EOVERFLOW);
    EXPECT_MV_ERR(mv_alloc(&out, size_t(PMAX) + 1), MV_EOVERFLOW);
    EXPECT_EQ(out, mvt::sentinel());
}

TEST(HostileAlloc, PtrdiffMaxBytesIsOutOfMemory) {
    // Representable but unallocatable: the library reports, never aborts.
    mv_view *out = mvt::sentinel();
    EXPECT_MV_ERR(mv_alloc(&out, size_t(PMAX)), MV_ENOMEM);
    EXPECT_EQ(out, mvt::sentinel());
}

TEST(HostileAlloc, ZeroBytes) {
    mvt::View v;
    ASSERT_MV_OK(mv_alloc(v.out(), 0));
    EXPECT_EQ(mv_nbytes(v), 0u);
}

// --- mv_from_buffer ----------------------------------------------------------

struct HostileFromBuffer : ::testing::Test {
    mv_buffer_info info = MV_BUFFER_INFO_INIT;
    ptrdiff_t shape[MV_MAX_NDIM + 1];
    ptrdiff_t strides[MV_MAX_NDIM + 1];
    mv_view *out = mvt::sentinel();
    void SetUp() override {
        g_released = 0;
        for (auto &s : shape) s = 1;
        for (auto &s : strides) s = 1;
        info.data = arena;
        info.format = "B";
        info.ndim = 1;
        shape[0] = 16;
        info.shape = shape;
        info.on_release = count_release;
    }
    void expect(int code) {
        EXPECT_MV_ERR(mv_from_buffer(&out, &info), code);
        EXPECT_EQ(out, mvt::sentinel());
        EXPECT_EQ(g_released, 0) << "on_release called on failure";
    }
};

TEST_F(HostileFromBuffer, BaselineIsAccepted) {
    ASSERT_MV_OK(mv_from_buffer(&out, &info));
    EXPECT_EQ(mv_nbytes(out), 16u);
    mv_release(out);
    EXPECT_EQ(g_released, 1);
}
TEST_F(HostileFromBuffer, NullOut) {
    EXPECT_MV_ERR(mv_from_buffer(nullptr, &info), MV_EINVAL);
    EXPECT_EQ(g_released, 0);
}
TEST_F(HostileFromBuffer, NullInfo) { EXPECT_MV_ERR(mv_from_buffer(&out, nullptr), MV_EINVAL); }
TEST_F(HostileFromBuffer, VersionZero) { info.version = 0; expect(MV_EINVAL); }
TEST_F(HostileFromBuffer, VersionFromTheFuture) { info.version = 9999; expect(MV_EINVAL); }
TEST_F(HostileFromBuffer, NdimNegative) { info.ndim = -1; expect(MV_EINVAL); }
TEST_F(HostileFromBuffer, NdimIntMin) { info.ndim = INT_MIN; expect(MV_EINVAL); }
TEST_F(HostileFromBuffer, Ndim65) { info.ndim = MV_MAX_NDIM + 1; expect(MV_EINVAL); }
TEST_F(HostileFromBuffer, NdimIntMax) { info.ndim = INT_MAX; expect(MV_EINVAL); }
TEST_F(HostileFromBuffer, Ndim64IsAccepted) {
    info.ndim = MV_MAX_NDIM;
    shape[0] = 1;
    ASSERT_MV_OK(mv_from_buffer(&out, &info));
    EXPECT_EQ(mv_ndim(out), MV_MAX_NDIM);
    mv_release(out);
}
TEST_F(HostileFromBuffer, NegativeExtent) { shape[0] = -1; expect(MV_EINVAL); }
TEST_F(HostileFromBuffer, ExtentPtrdiffMin) { shape[0] = PMIN; expect(MV_EINVAL); }
TEST_F(HostileFromBuffer, NullDataWithItems) { info.data = nullptr; expect(MV_EINVAL); }
TEST_F(HostileFromBuffer, NullShapeWithNdim) { info.shape = nullptr; expect(MV_EINVAL); }
TEST_F(HostileFromBuffer, UnknownFormat) { info.format = "Z"; expect(MV_EFORMAT); }
TEST_F(HostileFromBuffer, EmptyFormat) { info.format = ""; expect(MV_EFORMAT); }
TEST_F(HostileFromBuffer, RepeatCountOverflowsSizeT) { info.format = "99999999999999999999i"; expect(MV_EOVERFLOW); }
TEST_F(HostileFromBuffer, ItemsizeDisagreesWithFormat) { info.format = "i"; info.itemsize = 2; expect(MV_ESIZE); }
TEST_F(HostileFromBuffer, ItemsizeHuge) { info.itemsize = SIZE_MAX; expect(MV_ESIZE); }
TEST_F(HostileFromBuffer, ShapeProductOverflows) {
    info.ndim = 2;
    shape[0] = shape[1] = ptrdiff_t{1} << 40;
    expect(MV_EOVERFLOW);
}
TEST_F(HostileFromBuffer, ShapeProductOverflowsOverManyDims) {
    info.ndim = MV_MAX_NDIM;
    for (int d = 0; d < MV_MAX_NDIM; ++d) shape[d] = 3;  // 3^64
    expect(MV_EOVERFLOW);
}
TEST_F(HostileFromBuffer, ShapeTimesItemsizeOverflows) {
    info.format = "q";
    shape[0] = ptrdiff_t{1} << 61;  // 2^61 * 8 = 2^64
    expect(MV_EOVERFLOW);
}
TEST_F(HostileFromBuffer, ExtentPtrdiffMaxWithWideItems) {
    info.format = "d";
    shape[0] = PMAX;
    expect(MV_EOVERFLOW);
}
TEST_F(HostileFromBuffer, StrideTimesExtentOverflows) {
    shape[0] = ptrdiff_t{1} << 62;
    strides[0] = 4;
    info.strides = strides;
    expect(MV_EOVERFLOW);
}
TEST_F(HostileFromBuffer, NegativeStrideTimesExtentOverflows) {
    shape[0] = ptrdiff_t{1} << 62;
    strides[0] = -4;
    info.strides = strides;
    expect(MV_EOVERFLOW);
}
TEST_F(HostileFromBuffer, StridePtrdiffMinSpanOverflows) {
    shape[0] = 2;
    strides[0] = PMIN;
    info.strides = strides;
    expect(MV_EOVERFLOW);
}
TEST_F(HostileFromBuffer, MixedSignStridesSpanOverflows) {
    // Negative extent in one dimension, positive in the other: each fits,
    // the distance between the lowest and highest byte does not.
    info.ndim = 2;
    shape[0] = shape[1] = 2;
    strides[0] = PMIN / 2;
    strides[1] = PMAX / 2 + 1;
    info.strides = strides;
    expect(MV_EOVERFLOW);
}
TEST_F(HostileFromBuffer, StridesSumOverflowAcrossDims) {
    // Each dimension alone fits; their spans together do not.
    info.ndim = 2;
    shape[0] = shape[1] = 2;
    strides[0] = strides[1] = PMAX / 2 + 1;
    info.strides = strides;
    expect(MV_EOVERFLOW);
}
TEST_F(HostileFromBuffer, ZeroExtentWithHugeOtherExtentIsEmpty) {
    info.ndim = 2;
    shape[0] = 0;
    shape[1] = ptrdiff_t{1} << 40;
    info.data = nullptr;  // no items: NULL data is allowed
    ASSERT_MV_OK(mv_from_buffer(&out, &info));
    EXPECT_EQ(mv_nbytes(out), 0u);
    EXPECT_MV_OK(mv_tobytes(out, nullptr, 0, 'C'));
    mv_release(out);
}
TEST_F(HostileFromBuffer, NegativeStridesInsideArenaAreAccepted) {
    shape[0] = 16;
    strides[0] = -1;
    info.strides = strides;
    info.data = arena + 15;
    for (int i = 0; i < 16; ++i) arena[i] = static_cast<uint8_t>(i);
    ASSERT_MV_OK(mv_from_buffer(&out, &info));
    uint8_t got[16];
    ASSERT_MV_OK(mv_tobytes(out, got, sizeof got, 'C'));
    for (int i = 0; i < 16; ++i) EXPECT_EQ(got[i], 15 - i);
    mv_release(out);
}

// --- mv_retain / mv_release / getters ------------------------------------------

TEST(HostileRetain, NullOut) {
    mvt::View v;
    ASSERT_MV_OK(mv_alloc(v.out(), 4));
    EXPECT_MV_ERR(mv_retain(nullptr, v), MV_EINVAL);
}
TEST(HostileRetain, NullSrc) {
    mv_view *out = mvt::sentinel();
    EXPECT_MV_ERR(mv_retain(&out, nullptr), MV_EINVAL);
    EXPECT_EQ(out, mvt::sentinel());
}
TEST(HostileRelease, NullIsNoOp) { mv_release(nullptr); }

TEST(HostileGetters, NullViewGivesZeros) {
    EXPECT_EQ(mv_data(nullptr), nullptr);
    EXPECT_EQ(mv_nbytes(nullptr), 0u);
    EXPECT_EQ(mv_len(nullptr), 0u);
    EXPECT_EQ(mv_itemsize(nullptr), 0u);
    EXPECT_EQ(mv_format(nullptr), nullptr);
    EXPECT_EQ(mv_nfields(nullptr), 0u);
    EXPECT_EQ(mv_ndim(nullptr), 0);
    EXPECT_EQ(mv_shape(nullptr), nullptr);
    EXPECT_EQ(mv_strides(nullptr), nullptr);
    EXPECT_EQ(mv_readonly(nullptr), 1);
    EXPECT_EQ(mv_c_contiguous(nullptr), 0);
    EXPECT_EQ(mv_f_contiguous(nullptr), 0);
    EXPECT_EQ(mv_contiguous(nullptr), 0);
    EXPECT_EQ(mv_hex_len(nullptr, 0, 0), 0u);
}

}  // namespace
