// Hostile input to the entry points that read and write items: get, set,
// unpack, tobytes, hex_len/hex, equal, copy.
#include "mv_test_util.hpp"
#include "mv_reference.hpp"

#include <climits>
#include <cmath>
#include <cstdint>
#include <string>

namespace {

constexpr ptrdiff_t PMAX = PTRDIFF_MAX;
constexpr ptrdiff_t PMIN = PTRDIFF_MIN;

struct HostileItems : ::testing::Test {
    uint8_t buf[64];
    mvt::View v;    // 1-D "B" over buf
    mvt::View m;    // 2-D "B" 8x8
    mvt::View rec;  // 1-D ">iB3x" (8-byte records), 8 of them
    mvt::View ro;   // read-only v
    mv_value val[4];
    void SetUp() override {
        for (int i = 0; i < 64; ++i) buf[i] = static_cast<uint8_t>(i);
        ASSERT_MV_OK(mv_create(v.out(), buf, sizeof buf, 0, nullptr, nullptr));
        ptrdiff_t shape[2] = {8, 8};
        ASSERT_MV_OK(mv_cast(m.out(), v, "B", shape, 2));
        ASSERT_MV_OK(mv_cast(rec.out(), v, ">iB3x", nullptr, 0));
        ASSERT_MV_OK(mv_toreadonly(ro.out(), v));
        for (auto &x : val) x = mv_value{};
    }
    std::vector<uint8_t> snapshot() const { return std::vector<uint8_t>(buf, buf + 64); }
};

mv_value uint_value(uint64_t u) { mv_value x{}; x.kind = MV_KIND_UINT; x.u = u; return x; }
mv_value int_value(int64_t i) { mv_value x{}; x.kind = MV_KIND_INT; x.i = i; return x; }
mv_value float_value(double f) { mv_value x{}; x.kind = MV_KIND_FLOAT; x.f = f; return x; }

// --- mv_get ------------------------------------------------------------------
TEST_F(HostileItems, GetNullView) { ptrdiff_t i = 0; EXPECT_MV_ERR(mv_get(nullptr, &i, 1, val, 1), MV_EINVAL); }
TEST_F(HostileItems, GetNullOut) { ptrdiff_t i = 0; EXPECT_MV_ERR(mv_get(v, &i, 1, nullptr, 1), MV_EINVAL); }
TEST_F(HostileItems, GetNullIndexWithCount) { EXPECT_MV_ERR(mv_get(v, nullptr, 1, val, 1), MV_EINVAL); }
TEST_F(HostileItems, GetTooFewIndices) { ptrdiff_t i = 0; EXPECT_MV_ERR(mv_get(m, &i, 1, val, 1), MV_EINVAL); }
TEST_F(HostileItems, GetTooManyIndices) { ptrdiff_t i[3] = {0, 0, 0}; EXPECT_MV_ERR(mv_get(m, i, 3, val, 1), MV_EINVAL); }
TEST_F(HostileItems, GetNegativeIndexCount) { ptrdiff_t i = 0; EXPECT_MV_ERR(mv_get(v, &i, -1, val, 1), MV_EINVAL); }
TEST_F(HostileItems, GetIntMaxIndexCount) { ptrdiff_t i = 0; EXPECT_MV_ERR(mv_get(v, &i, INT_MAX, val, 1), MV_EINVAL); }
TEST_F(HostileItems, GetIndexPastEnd) { ptrdiff_t i = 64; EXPECT_MV_ERR(mv_get(v, &i, 1, val, 1), MV_EINDEX); }
TEST_F(HostileItems, GetIndexBeforeStart) { ptrdiff_t i = -65; EXPECT_MV_ERR(mv_get(v, &i, 1, val, 1), MV_EINDEX); }
TEST_F(HostileItems, GetIndexPtrdiffMin) { ptrdiff_t i = PMIN; EXPECT_MV_ERR(mv_get(v, &i, 1, val, 1), MV_EINDEX); }
TEST_F(HostileItems, GetIndexPtrdiffMax) { ptrdiff_t i = PMAX; EXPECT_MV_ERR(mv_get(v, &i, 1, val, 1), MV_EINDEX); }
TEST_F(HostileItems, GetSecondIndexOutOfRange) {
    ptrdiff_t i[2] = {0, 8};
    EXPECT_MV_ERR(mv_get(m, i, 2, val, 1), MV_EINDEX);
    ptrdiff_t j[2] = {PMIN, 0};
    EXPECT_MV_ERR(mv_get(m, j, 2, val, 1), MV_EINDEX);
}
// An empty view (extent 0 in dimension 2) whose dimension 1 has a
// PTRDIFF_MIN stride: index (3, 0) is out of range in dimension 2, and
// 3 * PTRDIFF_MIN must not be computed on the way (UBSan). Found by fuzz_chain.
TEST_F(HostileItems, GetAndSetOnEmptyViewWithHugeStride) {
    ptrdiff_t shape[2] = {4, 0}, strides[2] = {PMIN, 1};
    mv_buffer_info info = MV_BUFFER_INFO_INIT;
    info.data = buf;
    info.ndim = 2;
    info.shape = shape;
    info.strides = strides;
    mvt::View e;
    mv_errclear();
    if (int rc = mv_from_buffer(e.out(), &info)) {  // refusing it up front is fine too
        EXPECT_EQ(rc, MV_EOVERFLOW) << mv_errmsg();
        return;
    }
    ptrdiff_t i[2] = {3, 0};
    EXPECT_MV_ERR(mv_get(e, i, 2, val, 1), MV_EINDEX);
    val[0] = uint_value(1);
    EXPECT_MV_ERR(mv_set(e, i, 2, val, 1), MV_EINDEX);
}
TEST_F(HostileItems, GetOutTooSmallForRecord) {
    ptrdiff_t i = 0;
    EXPECT_MV_ERR(mv_get(rec, &i, 1, val, 1), MV_ESIZE);  // 2 fields
    EXPECT_MV_ERR(mv_get(rec, &i, 1, val, 0), MV_ESIZE);
}
TEST_F(HostileItems, GetNegativeIndicesCountFromEnd) {
    ptrdiff_t i[2] = {-1, -8};
    ASSERT_MV_OK(mv_get(m, i, 2, val, 1));
    EXPECT_EQ(val[0].u, 56u);
}

// --- mv_set ------------------------------------------------------------------
TEST_F(HostileItems, SetNullView) { ptrdiff_t i = 0; val[0] = uint_value(1); EXPECT_MV_ERR(mv_set(nullptr, &i, 1, val, 1), MV_EINVAL); }
TEST_F(HostileItems, SetNullValues) { ptrdiff_t i = 0; EXPECT_MV_ERR(mv_set(v, &i, 1, nullptr, 1), MV_EINVAL); }
TEST_F(HostileItems, SetNullIndexWithCount) { val[0] = uint_value(1); EXPECT_MV_ERR(mv_set(v, nullptr, 1, val, 1), MV_EINVAL); }
TEST_F(HostileItems, SetWrongIndexCount) { ptrdiff_t i = 0; val[0] = uint_value(1); EXPECT_MV_ERR(mv_set(m, &i, 1, val, 1), MV_EINVAL); }
TEST_F(HostileItems, SetWrongValueCount) {
    ptrdiff_t i = 0;
    val[0] = int_value(1);
    EXPECT_MV_ERR(mv_set(rec, &i, 1, val, 1), MV_EINVAL);
    EXPECT_MV_ERR(mv_set(rec, &i, 1, val, 3), MV_EINVAL);
    EXPECT_MV_ERR(mv_set(v, &i, 1, val, SIZE_MAX), MV_EINVAL);
}
TEST_F(HostileItems, SetUnknownKind) {
    ptrdiff_t i = 0;
    for (int k : {0, 6, -1, INT_MAX}) {
        val[0] = uint_value(1);
        val[0].kind = k;
        EXPECT_MV_ERR(mv_set(v, &i, 1, val, 1), MV_EINVAL);
    }
}
TEST_F(HostileItems, SetReadonly) { ptrdiff_t i = 0; val[0] = uint_value(1); EXPECT_MV_ERR(mv_set(ro, &i, 1, val, 1), MV_EREADONLY); }
TEST_F(HostileItems, SetIndexOutOfRange) {
    val[0] = uint_value(1);
    for (ptrdiff_t i : {ptrdiff_t{64}, ptrdiff_t{-65}, PMIN, PMAX}) EXPECT_MV_ERR(mv_set(v, &i, 1, val, 1), MV_EINDEX);
}
TEST_F(HostileItems, SetUintOutOfRange) { ptrdiff_t i = 0; val[0] = uint_value(256); EXPECT_MV_ERR(mv_set(v, &i, 1, val, 1), MV_EVALUE); }
TEST_F(HostileItems, SetUintMaxIntoB) { ptrdiff_t i = 0; val[0] = uint_value(UINT64_MAX); EXPECT_MV_ERR(mv_set(v, &i, 1, val, 1), MV_EVALUE); }
TEST_F(HostileItems, SetNegativeIntoUnsigned) { ptrdiff_t i = 0; val[0] = int_value(-1); EXPECT_MV_ERR(mv_set(v, &i, 1, val, 1), MV_EVALUE); }
TEST_F(HostileItems, SetInt64MinIntoUnsigned) { ptrdiff_t i = 0; val[0] = int_value(INT64_MIN); EXPECT_MV_ERR(mv_set(v, &i, 1, val, 1), MV_EVALUE); }
TEST_F(HostileItems, SetUintAboveInt64IntoSigned) {
    mvt::View q;
    ASSERT_MV_OK(mv_cast(q.out(), v, "q", nullptr, 0));
    ptrdiff_t i = 0;
    val[0] = uint_value(uint64_t{1} << 63);
    EXPECT_MV_ERR(mv_set(q, &i, 1, val, 1), MV_EVALUE);
}
TEST_F(HostileItems, SetFloatIntoInteger) { ptrdiff_t i = 0; val[0] = float_value(1.0); EXPECT_MV_ERR(mv_set(v, &i, 1, val, 1), MV_ETYPE); }
TEST_F(HostileItems, SetBytesIntoInteger) {
    ptrdiff_t i = 0;
    val[0].kind = MV_KIND_BYTES;
    val[0].bytes = "x";
    val[0].len = 1;
    EXPECT_MV_ERR(mv_set(v, &i, 1, val, 1), MV_ETYPE);
}
TEST_F(HostileItems, SetHugeFloatIntoHalf) {
    mvt::View e;
    ASSERT_MV_OK(mv_cast(e.out(), v, "e", nullptr, 0));
    ptrdiff_t i = 0;
    val[0] = float_value(1e300);
    EXPECT_MV_ERR(mv_set(e, &i, 1, val, 1), MV_EVALUE);
}
TEST_F(HostileItems, SetNullBytesWithLength) {
    mvt::View s;
    ASSERT_MV_OK(mv_cast(s.out(), v, "4s", nullptr, 0));
    ptrdiff_t i = 0;
    val[0].kind = MV_KIND_BYTES;
    val[0].bytes = nullptr;
    val[0].len = 3;
    EXPECT_MV_ERR(mv_set(s, &i, 1, val, 1), MV_EINVAL);
}
TEST_F(HostileItems, SetCharNeedsExactlyOneByte) {
    mvt::View c;
    ASSERT_MV_OK(mv_cast(c.out(), v, "c", nullptr, 0));
    ptrdiff_t i = 0;
    val[0].kind = MV_KIND_BYTES;
    val[0].bytes = "ab";
    val[0].len = 2;
    EXPECT_MV_ERR_ANY(mv_set(c, &i, 1, val, 1), MV_EVALUE, MV_ETYPE);
    val[0].len = 0;
    EXPECT_MV_ERR_ANY(mv_set(c, &i, 1, val, 1), MV_EVALUE, MV_ETYPE);
}
TEST_F(HostileItems, SetRecordIsAllOrNothing) {
    auto before = snapshot();
    ptrdiff_t i = 1;
    val[0] = int_value(7);
    val[1] = uint_value(256);  // second field does not pack
    EXPECT_MV_ERR(mv_set(rec, &i, 1, val, 2), MV_EVALUE);
    EXPECT_EQ(snapshot(), before) << "a failed mv_set wrote part of the item";
}

// --- mv_unpack -----------------------------------------------------------------
TEST_F(HostileItems, UnpackNullView) { EXPECT_MV_ERR(mv_unpack(nullptr, val, 4), MV_EINVAL); }
TEST_F(HostileItems, UnpackNullOut) { EXPECT_MV_ERR(mv_unpack(v, nullptr, 64), MV_EINVAL); }
TEST_F(HostileItems, UnpackOutTooSmall) {
    std::vector<mv_value> many(63);
    EXPECT_MV_ERR(mv_unpack(v, many.data(), many.size()), MV_ESIZE);
    std::vector<mv_value> r(15);
    EXPECT_MV_ERR(mv_unpack(rec, r.data(), r.size()), MV_ESIZE);  // 8 records * 2 fields
}

// --- mv_field / mv_field_view ----------------------------------------------------
TEST_F(HostileItems, FieldNullView) { mv_field_info fi; EXPECT_MV_ERR(mv_field(nullptr, 0, &fi), MV_EINVAL); }
TEST_F(HostileItems, FieldNullOut) { EXPECT_MV_ERR(mv_field(rec, 0, nullptr), MV_EINVAL); }
TEST_F(HostileItems, FieldIndexPastEnd) {
    mv_field_info fi;
    EXPECT_MV_ERR(mv_field(rec, 2, &fi), MV_EINDEX);  // ">iB3x" has 2 fields
    EXPECT_MV_ERR(mv_field(rec, SIZE_MAX, &fi), MV_EINDEX);
}
TEST_F(HostileItems, FieldOfPadOnlyFormat) {
    mvt::View pad;
    ASSERT_MV_OK(mv_cast(pad.out(), v, "4x", nullptr, 0));
    mv_field_info fi;
    EXPECT_MV_ERR(mv_field(pad, 0, &fi), MV_EINDEX);
}
TEST_F(HostileItems, FieldDescribesRecord) {
    mv_field_info fi;
    ASSERT_MV_OK(mv_field(rec, 1, &fi));
    EXPECT_EQ(fi.code, 'B');
    EXPECT_EQ(fi.kind, MV_KIND_UINT);
    EXPECT_EQ(fi.offset, 4u);
    EXPECT_EQ(fi.size, 1u);
}
TEST_F(HostileItems, FieldViewNullOut) { EXPECT_MV_ERR(mv_field_view(nullptr, rec, 0), MV_EINVAL); }
TEST_F(HostileItems, FieldViewNullSrc) {
    mv_view *out = mvt::sentinel();
    EXPECT_MV_ERR(mv_field_view(&out, nullptr, 0), MV_EINVAL);
    EXPECT_EQ(out, mvt::sentinel());
}
TEST_F(HostileItems, FieldViewIndexOutOfRange) {
    mv_view *out = mvt::sentinel();
    EXPECT_MV_ERR(mv_field_view(&out, rec, 2), MV_EINDEX);
    EXPECT_MV_ERR(mv_field_view(&out, rec, SIZE_MAX), MV_EINDEX);
    EXPECT_EQ(out, mvt::sentinel());
}
TEST_F(HostileItems, FieldViewOfReversedRecordsIsAColumn) {
    mvt::View rev, col;
    ASSERT_MV_OK(mv_slice(rev.out(), rec, MV_NONE, MV_NONE, -1));
    ASSERT_MV_OK(mv_field_view(col.out(), rev, 1));
    ASSERT_EQ(mv_len(col), 8u);
    uint8_t got[8];
    ASSERT_MV_OK(mv_tobytes(col, got, sizeof got, 'C'));
    for (int k = 0; k < 8; ++k) EXPECT_EQ(got[k], buf[(7 - k) * 8 + 4]) << k;
}

// A one-item slice keeps CPython's stride * step, here -2^62: readers and
// writers must not step the pointer past their last item (data - 2^62 wraps
// the address space: UBSan pointer-overflow). Found by fuzz_chain in mv_equal.
struct HostileOneItemHugeStride : HostileItems {
    mvt::View one, onec, other;
    void SetUp() override {
        HostileItems::SetUp();
        ASSERT_MV_OK(mv_slice(one.out(), v, 63, MV_NONE, -(ptrdiff_t{1} << 62)));
        ASSERT_EQ(mv_len(one), 1u);
        ASSERT_MV_OK(mv_cast(onec.out(), one, "c", nullptr, 0));  // same itemsize: keeps the stride
        ASSERT_MV_OK(mv_slice(other.out(), v, 0, 1, 1));
    }
};
TEST_F(HostileOneItemHugeStride, Tobytes) {
    uint8_t b[1];
    for (char order : {'C', 'F', 'A'}) {
        ASSERT_MV_OK(mv_tobytes(one, b, 1, order));
        EXPECT_EQ(b[0], 63);
    }
}
TEST_F(HostileOneItemHugeStride, Hex) {
    char hex[8];
    ASSERT_MV_OK(mv_hex(one, hex, sizeof hex, ':', 1));
    EXPECT_STREQ(hex, "3f");
}
TEST_F(HostileOneItemHugeStride, EqualSameFormat) {
    EXPECT_EQ(mv_equal(one, one), 1);
    EXPECT_EQ(mv_equal(one, other), 0);
}
TEST_F(HostileOneItemHugeStride, EqualMixedFormats) {
    EXPECT_EQ(mv_equal(onec, one), 0);  // b'?' != 63, as in CPython
    EXPECT_EQ(mv_equal(onec, onec), 1);
}
TEST_F(HostileOneItemHugeStride, Unpack) {
    mv_value all[2];
    ASSERT_MV_OK(mv_unpack(one, all, 2));
    EXPECT_EQ(all[0].u, 63u);
}
TEST_F(HostileOneItemHugeStride, Get) {
    ptrdiff_t i = -1;
    ASSERT_MV_OK(mv_get(one, &i, 1, val, 1));
    EXPECT_EQ(val[0].u, 63u);
}
TEST_F(HostileOneItemHugeStride, CopyFrom) {
    ASSERT_MV_OK(mv_copy(other, one));
    EXPECT_EQ(buf[0], 63);
}
TEST_F(HostileOneItemHugeStride, CopyInto) {
    ASSERT_MV_OK(mv_copy(one, other));
    EXPECT_EQ(buf[63], 0);
}

// --- mv_tobytes ----------------------------------------------------------------
TEST_F(HostileItems, TobytesNullView) { uint8_t d[64]; EXPECT_MV_ERR(mv_tobytes(nullptr, d, 64, 'C'), MV_EINVAL); }
TEST_F(HostileItems, TobytesNullDst) { EXPECT_MV_ERR(mv_tobytes(v, nullptr, 64, 'C'), MV_EINVAL); }
TEST_F(HostileItems, TobytesDstTooSmall) {
    uint8_t d[64] = {0};
    EXPECT_MV_ERR(mv_tobytes(v, d, 63, 'C'), MV_ESIZE);
    EXPECT_MV_ERR(mv_tobytes(v, d, 0, 'C'), MV_ESIZE);
    for (uint8_t b : d) ASSERT_EQ(b, 0) << "wrote into a too-small destination";
}
TEST_F(HostileItems, TobytesBadOrder) {
    uint8_t d[64];
    for (char o : {'\0', 'X', 'c', 'f', 'a', '\xff'}) EXPECT_MV_ERR(mv_tobytes(v, d, 64, o), MV_EINVAL);
}
TEST_F(HostileItems, TobytesFortranOrderOf2D) {
    uint8_t d[64];
    ASSERT_MV_OK(mv_tobytes(m, d, 64, 'F'));
    for (int r = 0; r < 8; ++r)
        for (int c = 0; c < 8; ++c) EXPECT_EQ(d[c * 8 + r], r * 8 + c);
}

// --- mv_hex ------------------------------------------------------------------
TEST_F(HostileItems, HexNullView) { char d[200]; EXPECT_MV_ERR(mv_hex(nullptr, d, sizeof d, 0, 0), MV_EINVAL); }
TEST_F(HostileItems, HexNullDst) { EXPECT_MV_ERR(mv_hex(v, nullptr, 200, 0, 0), MV_EINVAL); }
TEST_F(HostileItems, HexNoRoomForNul) {
    std::string d(mv_hex_len(v, 0, 0), 'Z');
    EXPECT_MV_ERR(mv_hex(v, &d[0], d.size(), 0, 0), MV_ESIZE);
    EXPECT_EQ(d, std::string(d.size(), 'Z'));
}
TEST_F(HostileItems, HexNonAsciiSeparator) {
    char d[400];
    EXPECT_MV_ERR(mv_hex(v, d, sizeof d, '\x80', 1), MV_EINVAL);
    EXPECT_MV_ERR(mv_hex(v, d, sizeof d, '\xff', 1), MV_EINVAL);
}
TEST_F(HostileItems, HexExtremeBytesPerSep) {
    for (int bps : {INT_MIN, INT_MIN + 1, INT_MAX, -64, 64, -63, 63, -1, 1, 7, -7}) {
        size_t n = mv_hex_len(v, ':', bps);
        std::string d(n + 1, 'Z');
        ASSERT_MV_OK(mv_hex(v, &d[0], d.size(), ':', bps));
        d.pop_back();
        EXPECT_EQ(d, mvref::hex(buf, 64, ':', bps)) << "bytes_per_sep " << bps;
    }
}

// --- mv_equal / mv_copy --------------------------------------------------------
TEST_F(HostileItems, EqualNullArguments) {
    EXPECT_MV_ERR(mv_equal(nullptr, v), MV_EINVAL);
    EXPECT_MV_ERR(mv_equal(v, nullptr), MV_EINVAL);
    EXPECT_MV_ERR(mv_equal(nullptr, nullptr), MV_EINVAL);
}
TEST_F(HostileItems, EqualDifferentShapesIsFalse) {
    mvt::View flat;
    ASSERT_MV_OK(mv_cast(flat.out(), m, "B", nullptr, 0));
    EXPECT_EQ(mv_equal(m, v), 0);
    EXPECT_EQ(mv_equal(flat, v), 1);
}
TEST_F(HostileItems, EqualNaNIsNotEqualToItself) {
    double d[2] = {NAN, 1.0};
    mvt::View raw, f;
    ASSERT_MV_OK(mv_create(raw.out(), d, sizeof d, MV_READONLY, nullptr, nullptr));
    ASSERT_MV_OK(mv_cast(f.out(), raw, "d", nullptr, 0));
    EXPECT_EQ(mv_equal(f, f), 0);
}
TEST_F(HostileItems, CopyNullArguments) {
    EXPECT_MV_ERR(mv_copy(nullptr, v), MV_EINVAL);
    EXPECT_MV_ERR(mv_copy(v, nullptr), MV_EINVAL);
}
TEST_F(HostileItems, CopyIntoReadonly) { EXPECT_MV_ERR(mv_copy(ro, v), MV_EREADONLY); }
TEST_F(HostileItems, CopyShapeMismatch) {
    mvt::View half;
    ASSERT_MV_OK(mv_slice(half.out(), v, 0, 32, 1));
    auto before = snapshot();
    EXPECT_MV_ERR(mv_copy(v, half), MV_ELAYOUT);
    EXPECT_MV_ERR(mv_copy(m, v), MV_ELAYOUT);
    EXPECT_EQ(snapshot(), before);
}
TEST_F(HostileItems, CopyFormatMismatch) {
    mvt::View words, halves;
    ASSERT_MV_OK(mv_cast(words.out(), v, "<I", nullptr, 0));    // 16 items of one field
    ASSERT_MV_OK(mv_cast(halves.out(), v, "<2H", nullptr, 0));  // 16 items of two fields
    auto before = snapshot();
    EXPECT_MV_ERR(mv_copy(words, halves), MV_ELAYOUT);
    EXPECT_EQ(snapshot(), before);
}
TEST_F(HostileItems, CopyConvertsByteOrder) {
    // Formats differing only in byte order are converted (header, mv_copy).
    mvt::View raw, dst, src;
    ASSERT_MV_OK(mv_alloc(raw.out(), 64));
    ASSERT_MV_OK(mv_cast(dst.out(), raw, "<H", nullptr, 0));
    ASSERT_MV_OK(mv_cast(src.out(), v, ">H", nullptr, 0));
    ASSERT_MV_OK(mv_copy(dst, src));
    EXPECT_EQ(mv_equal(dst, src), 1);
    const uint8_t *out = static_cast<const uint8_t *>(mv_data(raw));
    for (int k = 0; k < 64; k += 2) EXPECT_EQ(out[k], buf[k + 1]) << k;
}
TEST_F(HostileItems, CopyOverlappingIsMemmove) {
    mvt::View a, b;
    ASSERT_MV_OK(mv_slice(a.out(), v, 1, MV_NONE, 1));  // buf[1:]
    ASSERT_MV_OK(mv_slice(b.out(), v, 0, -1, 1));        // buf[:-1]
    ASSERT_MV_OK(mv_copy(a, b));
    EXPECT_EQ(buf[0], 0);
    for (int k = 1; k < 64; ++k) ASSERT_EQ(buf[k], k - 1) << k;
}
TEST_F(HostileItems, CopyOverlappingReversedStrided) {
    mvt::View a, b;
    ASSERT_MV_OK(mv_slice(a.out(), v, MV_NONE, MV_NONE, -1));  // buf[::-1]
    ASSERT_MV_OK(mv_copy(a, v));                               // reverse in place
    for (int k = 0; k < 64; ++k) ASSERT_EQ(buf[k], 63 - k) << k;
}

}  // namespace
