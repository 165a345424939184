// The memoryview guide (shared/memoryview-guide.txt), example by example,
// through the C API.
#include <cmath>

#include "helpers.hpp"

namespace {

TEST(Guide, BytearrayBasics) {
    unsigned char ba[13];
    std::memcpy(ba, "Hello, world!", 13);
    View mv;
    ASSERT_MV_OK(mv_create(mv.out(), ba, 13, 0, nullptr, nullptr));
    auto all = tobytes(mv);
    EXPECT_EQ(std::string(all.begin(), all.end()), "Hello, world!");
    EXPECT_EQ(get1(mv, {0}).u, 72u);  // ord('H')
    View head;
    ASSERT_MV_OK(mv_slice(head.out(), mv, 0, 5, 1));
    auto h = tobytes(head);
    EXPECT_EQ(std::string(h.begin(), h.end()), "Hello");
    const ptrdiff_t zero = 0;
    const mv_value j = uint_value('J');
    ASSERT_MV_OK(mv_set(mv, &zero, 1, &j, 1));
    EXPECT_EQ(std::string(ba, ba + 13), "Jello, world!");
}

TEST(Guide, BytesAreImmutable) {
    const char *b = "Immutable";
    View mv;
    ASSERT_MV_OK(mv_create(mv.out(), const_cast<char *>(b), 9, MV_READONLY, nullptr, nullptr));
    EXPECT_EQ(get1(mv, {0}).u, 73u);
    const ptrdiff_t zero = 0;
    const mv_value v = uint_value(74);
    EXPECT_MV_ERROR(mv_set(mv, &zero, 1, &v, 1), MV_EREADONLY, "cannot modify read-only memoryview");
}

TEST(Guide, FloatsAsBytesAndBack) {
    float floats[3] = {1.5f, 2.718f, 3.14159f};
    View raw, fv, bytes, back;
    ASSERT_MV_OK(mv_create(raw.out(), floats, sizeof floats, 0, nullptr, nullptr));
    ASSERT_MV_OK(mv_cast(fv.out(), raw, "f", nullptr, 0));
    ASSERT_MV_OK(mv_cast(bytes.out(), fv, "B", nullptr, 0));
    EXPECT_EQ(mv_len(bytes), 12u);
    EXPECT_EQ(get1(bytes, {3}).u, 0x3fu);  // 1.5f = 0x3fc00000, little-endian
    ASSERT_MV_OK(mv_cast(back.out(), bytes, "f", nullptr, 0));
    std::vector<mv_value> vals(3);
    ASSERT_MV_OK(mv_unpack(back, vals.data(), 3));
    for (int k = 0; k < 3; k++) EXPECT_EQ(vals[k].f, static_cast<double>(floats[k]));
}

TEST(Guide, PackedStructWithExplicitByteOrder) {
    // data = struct.pack('>if', 42, 3.14)
    const unsigned char data[8] = {0x00, 0x00, 0x00, 0x2a, 0x40, 0x48, 0xf5, 0xc3};
    View mv, iv, fv;
    ASSERT_MV_OK(mv_create(mv.out(), const_cast<unsigned char *>(data), 8, MV_READONLY, nullptr, nullptr));
    ASSERT_MV_OK(mv_cast(iv.out(), mv, ">i", nullptr, 0));
    ASSERT_MV_OK(mv_cast_offset(fv.out(), mv, ">f", nullptr, 0, 4));
    EXPECT_EQ(get1(iv, {0}).i, 42);
    EXPECT_NEAR(get1(fv, {0}).f, 3.14, 1e-6);
}

TEST(Guide, SignalInPlaceUpdateSeenByEveryView) {
    std::vector<float> samples(100000);
    for (size_t k = 0; k < samples.size(); k++) samples[k] = std::sin(0.001f * static_cast<float>(k));
    View raw, accel, other;
    ASSERT_MV_OK(mv_create(raw.out(), samples.data(), samples.size() * 4, 0, nullptr, nullptr));
    ASSERT_MV_OK(mv_cast(accel.out(), raw, "f", nullptr, 0));
    ASSERT_EQ(mv_data(accel), samples.data());  // zero-copy
    double sum = 0, maxabs = 0;
    const float *p = static_cast<const float *>(mv_data(accel));
    for (size_t k = 0; k < mv_len(accel); k++) {
        sum += p[k];
        maxabs = std::max(maxabs, std::fabs(static_cast<double>(p[k])));
    }
    EXPECT_NEAR(maxabs, 1.0, 1e-6);
    EXPECT_GT(sum, 0.0);
    ASSERT_MV_OK(mv_cast(other.out(), raw, "f", nullptr, 0));
    const ptrdiff_t zero = 0;
    const mv_value v = float_value(999.0);
    ASSERT_MV_OK(mv_set(accel, &zero, 1, &v, 1));
    EXPECT_EQ(get1(other, {0}).f, 999.0);
    EXPECT_EQ(samples[0], 999.0f);
}

TEST(Guide, ArrayOfIntsAndShapes) {
    int32_t a[6] = {1, 2, 3, 4, 5, 6};
    View raw, iv, m;
    ASSERT_MV_OK(mv_create(raw.out(), a, sizeof a, 0, nullptr, nullptr));
    ASSERT_MV_OK(mv_cast(iv.out(), raw, "i", nullptr, 0));
    const ptrdiff_t shape[2] = {2, 3};
    ASSERT_MV_OK(mv_cast(m.out(), iv, "i", shape, 2));
    EXPECT_EQ(mv_ndim(m), 2);
    EXPECT_EQ(shape_of(m), (std::vector<ptrdiff_t>{2, 3}));
    EXPECT_EQ(strides_of(m), (std::vector<ptrdiff_t>{12, 4}));
    EXPECT_EQ(get1(m, {1, 2}).i, 6);
    EXPECT_EQ(mv_nbytes(m), 24u);
    EXPECT_EQ(hex(iv, 0, 0).substr(0, 8), "01000000");
}

}  // namespace
