// PIL-style indirect buffers (suboffsets) through the C API. The expected
// values were computed by CPython 3.11 from _testbuffer.ndarray(..., flags=
// ND_PIL), which lays buffers out as here: an array of row pointers
// (strides[0] == sizeof(void *), suboffsets[0] == 0) into rows that are
// contiguous for the remaining dimensions:
//   nd = ndarray(list(range(12)), shape=[3,4], format='h', flags=ND_PIL|ND_WRITABLE)
//   m = memoryview(nd); m.suboffsets, m.strides -> (0, -1), (8, 2)
//   m.tobytes().hex(), m.tobytes('F').hex(), m.hex(), m.tolist(), m.c_contiguous
#include <cstdint>
#include <string>
#include <vector>

#include "helpers.hpp"

namespace {

const ptrdiff_t kPtr = static_cast<ptrdiff_t>(sizeof(void *));

mv_buffer_info pil_info(void *data, const char *format, int ndim, const ptrdiff_t *shape, const ptrdiff_t *strides,
                        const ptrdiff_t *suboffsets) {
    mv_buffer_info b = MV_BUFFER_INFO_INIT;
    b.data = data;
    b.format = format;
    b.ndim = ndim;
    b.shape = shape;
    b.strides = strides;
    b.suboffsets = suboffsets;
    return b;
}

// The 3x4 'h' array of the header comment: rows[i] points to row i.
struct Pil2d {
    int16_t data[12];
    unsigned char *rows[3];
    ptrdiff_t shape[2] = {3, 4};
    ptrdiff_t strides[2] = {kPtr, 2};
    ptrdiff_t suboffsets[2] = {0, -1};
    Pil2d() {
        for (int i = 0; i < 12; i++) data[i] = static_cast<int16_t>(i);
        for (int i = 0; i < 3; i++) rows[i] = reinterpret_cast<unsigned char *>(data + 4 * i);
    }
    mv_buffer_info info(int readonly = 0) {
        mv_buffer_info b = pil_info(rows, "h", 2, shape, strides, suboffsets);
        b.readonly = readonly;
        return b;
    }
};

std::vector<long long> ints(const mv_view *v) {
    std::vector<mv_value> vals(mv_nbytes(v) / mv_itemsize(v) * mv_nfields(v));
    EXPECT_EQ(mv_unpack(v, vals.data(), vals.size()), MV_OK) << mv_errmsg();
    std::vector<long long> out;
    for (auto &x : vals) out.push_back(x.kind == MV_KIND_UINT ? static_cast<long long>(x.u) : x.i);
    return out;
}

std::string hex_of(const std::vector<unsigned char> &b) {
    static const char *d = "0123456789abcdef";
    std::string s;
    for (unsigned char c : b) {
        s += d[c >> 4];
        s += d[c & 15];
    }
    return s;
}

std::string mv_hex_str(const mv_view *v) {
    std::string s(mv_hex_len(v, 0, 1) + 1, '\0');
    EXPECT_EQ(mv_hex(v, &s[0], s.size(), 0, 1), MV_OK) << mv_errmsg();
    s.pop_back();
    return s;
}

std::vector<long long> iota(int n, int from = 0) {
    std::vector<long long> v;
    for (int i = 0; i < n; i++) v.push_back(from + i);
    return v;
}

}  // namespace

TEST(Suboffsets, ViewOfAPilExporterReadsAsCPython) {
    Pil2d p;
    mv_buffer_info info = p.info();
    View v;
    ASSERT_MV_OK(mv_from_buffer(v.out(), &info));
    ASSERT_NE(mv_suboffsets(v), nullptr);
    EXPECT_EQ(mv_suboffsets(v)[0], 0);
    EXPECT_EQ(mv_suboffsets(v)[1], -1);
    EXPECT_EQ(mv_strides(v)[0], kPtr);
    EXPECT_EQ(mv_nbytes(v), 24u);
    EXPECT_EQ(mv_c_contiguous(v), 0);  // m.c_contiguous is False
    EXPECT_EQ(mv_f_contiguous(v), 0);
    EXPECT_EQ(ints(v), iota(12));  // m.tolist()
    EXPECT_EQ(hex_of(tobytes(v, 'C')), "00000100020003000400050006000700080009000a000b00");
    EXPECT_EQ(hex_of(tobytes(v, 'A')), "00000100020003000400050006000700080009000a000b00");
    EXPECT_EQ(hex_of(tobytes(v, 'F')), "000004000800010005000900020006000a00030007000b00");
    EXPECT_EQ(mv_hex_str(v), "00000100020003000400050006000700080009000a000b00");
    ptrdiff_t idx[2] = {2, -1};
    mv_value x{};
    ASSERT_MV_OK(mv_get(v, idx, 2, &x, 1));
    EXPECT_EQ(x.i, 11);
}

TEST(Suboffsets, PlainViewsHaveNone) {
    unsigned char b[4] = {};
    View v;
    ASSERT_MV_OK(mv_create(v.out(), b, 4, 0, nullptr, nullptr));
    EXPECT_EQ(mv_suboffsets(v), nullptr);
    EXPECT_EQ(mv_suboffsets(nullptr), nullptr);
}

TEST(Suboffsets, SetWritesThroughThePointerAndRefusalsChangeNothing) {
    Pil2d p;
    mv_buffer_info info = p.info();
    View v;
    ASSERT_MV_OK(mv_from_buffer(v.out(), &info));
    ptrdiff_t idx[2] = {1, 2};
    mv_value x = int_value(-7);
    ASSERT_MV_OK(mv_set(v, idx, 2, &x, 1));
    EXPECT_EQ(p.data[6], -7);
    x = int_value(1 << 20);  // out of range for 'h'
    EXPECT_MV_ERROR(mv_set(v, idx, 2, &x, 1), MV_EVALUE, "");
    EXPECT_EQ(p.data[6], -7);
    ptrdiff_t bad[2] = {3, 0};
    EXPECT_MV_ERROR(mv_set(v, bad, 2, &x, 1), MV_EINDEX, "dimension 1");
    View ro;
    mv_buffer_info rinfo = p.info(1);
    ASSERT_MV_OK(mv_from_buffer(ro.out(), &rinfo));
    x = int_value(1);
    EXPECT_MV_ERROR(mv_set(ro, idx, 2, &x, 1), MV_EREADONLY, "read-only");
    EXPECT_EQ(p.data[6], -7);
}

TEST(Suboffsets, EqualFollowsThePointers) {
    Pil2d p;
    mv_buffer_info info = p.info();
    View v, flat, c;
    ASSERT_MV_OK(mv_from_buffer(v.out(), &info));
    int16_t plain[12];
    for (int i = 0; i < 12; i++) plain[i] = static_cast<int16_t>(i);
    ASSERT_MV_OK(mv_create(flat.out(), plain, sizeof plain, 0, nullptr, nullptr));
    ptrdiff_t shape[2] = {3, 4};
    ASSERT_MV_OK(mv_cast(c.out(), flat, "h", shape, 2));
    EXPECT_EQ(mv_equal(v, c), 1);  // m == memoryview(ndarray(..., format='h')) is True
    EXPECT_EQ(mv_equal(c, v), 1);
    EXPECT_EQ(mv_equal(v, v), 1);
    plain[11] = 0;
    EXPECT_EQ(mv_equal(v, c), 0);
    // Across formats: values, not bytes.
    View ci;
    ASSERT_MV_OK(mv_cast(ci.out(), v, "<h", nullptr, 0));  // same itemsize: keeps the suboffsets
    ASSERT_NE(mv_suboffsets(ci), nullptr);
    EXPECT_EQ(mv_equal(v, ci), 1);
}

TEST(Suboffsets, SlicingAsCPython) {
    // 1-D: nd = ndarray(list(range(6)), shape=[6], format='i', flags=ND_PIL)
    //   m[::-2].tolist() == [5, 3, 1], m[::-2].suboffsets == (0,),
    //   m[1:4].tobytes().hex() == '010000000200000003000000'
    int32_t data[6] = {0, 1, 2, 3, 4, 5};
    // _testbuffer's 1-D layout: suboffsets (0,), strides (8,): one pointer per item.
    ptrdiff_t shape = 6, stride = kPtr, sub = 0;
    unsigned char *items[6];
    for (int i = 0; i < 6; i++) items[i] = reinterpret_cast<unsigned char *>(data + i);
    mv_buffer_info info = pil_info(items, "i", 1, &shape, &stride, &sub);
    View v, r, s;
    ASSERT_MV_OK(mv_from_buffer(v.out(), &info));
    ASSERT_MV_OK(mv_slice(r.out(), v, MV_NONE, MV_NONE, -2));
    EXPECT_EQ(ints(r), (std::vector<long long>{5, 3, 1}));
    EXPECT_EQ(mv_suboffsets(r)[0], 0);
    ASSERT_MV_OK(mv_slice(s.out(), v, 1, 4, 1));
    EXPECT_EQ(hex_of(tobytes(s)), "010000000200000003000000");
}

TEST(Suboffsets, NdSlicingMovesTheSuboffset) {
    // Beyond CPython (which refuses multi-dimensional slicing): v[::2, 1:3]
    // of the 3x4 array: the column offset applies after the row pointer.
    Pil2d p;
    mv_buffer_info info = p.info();
    View v, s;
    ASSERT_MV_OK(mv_from_buffer(v.out(), &info));
    mv_range r[2] = {{MV_NONE, MV_NONE, 2}, {1, 3, 1}};
    ASSERT_MV_OK(mv_slice_nd(s.out(), v, r, 2));
    EXPECT_EQ(ints(s), (std::vector<long long>{1, 2, 9, 10}));
    EXPECT_EQ(mv_suboffsets(s)[0], 2);
    EXPECT_EQ(mv_suboffsets(s)[1], -1);
    EXPECT_EQ(mv_suboffsets(v)[0], 0);  // the source is unchanged
    EXPECT_EQ(hex_of(tobytes(s, 'F')), "010009000200" "0a00");
}

TEST(Suboffsets, IndexFollowsThePointer) {
    Pil2d p;
    mv_buffer_info info = p.info();
    View v, row, item;
    ASSERT_MV_OK(mv_from_buffer(v.out(), &info));
    ASSERT_MV_OK(mv_index(row.out(), v, -2));
    EXPECT_EQ(mv_data(row), static_cast<void *>(p.data + 4));
    EXPECT_EQ(ints(row), iota(4, 4));
    ASSERT_NE(mv_suboffsets(row), nullptr);  // still a PIL view, as CPython keeps them
    EXPECT_EQ(mv_suboffsets(row)[0], -1);
    EXPECT_EQ(mv_contiguous(row), 0);
    ASSERT_MV_OK(mv_index(item.out(), row, 3));
    EXPECT_EQ(mv_suboffsets(item), nullptr);  // 0-d
    EXPECT_EQ(ints(item), (std::vector<long long>{7}));
}

TEST(Suboffsets, LastDimensionIndirect) {
    // A 2x3 table of pointers to scattered items: suboffsets (-1, 0).
    double items[6] = {0.5, 1.5, 2.5, 3.5, 4.5, 5.5};
    unsigned char *table[6];
    const int order[6] = {5, 3, 1, 0, 2, 4};  // where element (i, j) lives
    for (int k = 0; k < 6; k++) table[k] = reinterpret_cast<unsigned char *>(&items[order[k]]);
    ptrdiff_t shape[2] = {2, 3}, strides[2] = {3 * kPtr, kPtr}, sub[2] = {-1, 0};
    mv_buffer_info info = pil_info(table, "d", 2, shape, strides, sub);
    View v, col, f;
    ASSERT_MV_OK(mv_from_buffer(v.out(), &info));
    std::vector<mv_value> vals(6);
    ASSERT_MV_OK(mv_unpack(v, vals.data(), 6));
    for (int k = 0; k < 6; k++) EXPECT_EQ(vals[k].f, items[order[k]]) << k;
    mv_range r[2] = {{MV_NONE, MV_NONE, 1}, {2, 3, 1}};
    ASSERT_MV_OK(mv_slice_nd(col.out(), v, r, 2));  // column 2: items 1 and 4
    ASSERT_MV_OK(mv_unpack(col, vals.data(), 2));
    EXPECT_EQ(vals[0].f, 1.5);
    EXPECT_EQ(vals[1].f, 4.5);
    // Copy a plain 2x3 into it: each item lands behind its pointer.
    double src[6] = {10, 11, 12, 13, 14, 15};
    View plain, p2;
    ASSERT_MV_OK(mv_create(plain.out(), src, sizeof src, 0, nullptr, nullptr));
    ASSERT_MV_OK(mv_cast(p2.out(), plain, "d", shape, 2));
    ASSERT_MV_OK(mv_copy(v, p2));
    for (int k = 0; k < 6; k++) EXPECT_EQ(items[order[k]], src[k]) << k;
    EXPECT_EQ(mv_equal(v, p2), 1);
    // A field view of a record through pointers: the offset goes after them.
    ASSERT_MV_OK(mv_cast(f.out(), v, "<ii", nullptr, 0));
    View hi;
    ASSERT_MV_OK(mv_field_view(hi.out(), f, 1));
    EXPECT_EQ(mv_suboffsets(hi)[1], 4);
    int32_t want;
    std::memcpy(&want, reinterpret_cast<unsigned char *>(&items[order[0]]) + 4, 4);
    ptrdiff_t i00[2] = {0, 0};
    mv_value x{};
    ASSERT_MV_OK(mv_get(hi, i00, 2, &x, 1));
    EXPECT_EQ(x.i, want);
}

TEST(Suboffsets, CopyInAndOutAndOverlapping) {
    Pil2d p;
    mv_buffer_info info = p.info();
    View v, rev;
    ASSERT_MV_OK(mv_from_buffer(v.out(), &info));
    // v[::-1] = v: rows swap through the row pointers (a temporary makes it safe).
    ASSERT_MV_OK(mv_slice(rev.out(), v, MV_NONE, MV_NONE, -1));
    ASSERT_MV_OK(mv_copy(v, rev));
    EXPECT_EQ(ints(v), (std::vector<long long>{8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3}));
    // Out into a plain buffer.
    int16_t out[12] = {};
    View o, o2;
    ASSERT_MV_OK(mv_create(o.out(), out, sizeof out, 0, nullptr, nullptr));
    ptrdiff_t shape[2] = {3, 4};
    ASSERT_MV_OK(mv_cast(o2.out(), o, "h", shape, 2));
    ASSERT_MV_OK(mv_copy(o2, v));
    EXPECT_EQ(out[0], 8);
    EXPECT_EQ(out[11], 3);
    // A refused copy (different shape) writes nothing.
    View row;
    ASSERT_MV_OK(mv_index(row.out(), o2, 0));
    EXPECT_MV_ERROR(mv_copy(v, row), MV_ELAYOUT, "different structures");
    EXPECT_EQ(ints(v)[0], 8);
}

TEST(Suboffsets, CastsNeedingContiguityAreRefused) {
    Pil2d p;
    mv_buffer_info info = p.info();
    View v;
    mv_view *out = nullptr;
    ASSERT_MV_OK(mv_from_buffer(v.out(), &info));
    // m.cast('B') -> TypeError: memoryview: casts are restricted to C-contiguous views
    EXPECT_MV_ERROR(mv_cast(&out, v, "B", nullptr, 0), MV_ELAYOUT, "C-contiguous");
    EXPECT_MV_ERROR(mv_cast_offset(&out, v, "h", nullptr, 0, 2), MV_ELAYOUT, "C-contiguous");
    EXPECT_EQ(out, nullptr);
}

TEST(Suboffsets, ThreeDimensions) {
    // ndarray(list(range(24)), shape=[2,3,4], format='B', flags=ND_PIL):
    // suboffsets (0, -1, -1), strides (8, 4, 1).
    unsigned char data[24];
    for (int i = 0; i < 24; i++) data[i] = static_cast<unsigned char>(i);
    unsigned char *ptrs[2] = {data, data + 12};
    ptrdiff_t shape[3] = {2, 3, 4}, strides[3] = {kPtr, 4, 1}, sub[3] = {0, -1, -1};
    mv_buffer_info info = pil_info(ptrs, nullptr, 3, shape, strides, sub);
    View v, s;
    ASSERT_MV_OK(mv_from_buffer(v.out(), &info));
    EXPECT_EQ(ints(v), iota(24));
    // v[:, ::-1, 1:2]: an offset for dimensions 1 and 2, both after pointer 0.
    mv_range r[3] = {{MV_NONE, MV_NONE, 1}, {MV_NONE, MV_NONE, -1}, {1, 2, 1}};
    ASSERT_MV_OK(mv_slice_nd(s.out(), v, r, 3));
    EXPECT_EQ(ints(s), (std::vector<long long>{9, 5, 1, 21, 17, 13}));
    EXPECT_EQ(mv_suboffsets(s)[0], 9);
}

TEST(Suboffsets, HostileDescriptorsAreRefused) {
    Pil2d p;
    View v;
    mv_view *out = nullptr;
    // A NULL row pointer.
    p.rows[1] = nullptr;
    mv_buffer_info info = p.info();
    EXPECT_MV_ERROR(mv_from_buffer(&out, &info), MV_EINVAL, "index 1 of dimension 1 is NULL");
    // A pointer + suboffset that wraps the address space.
    p.rows[1] = reinterpret_cast<unsigned char *>(UINTPTR_MAX - 1);
    p.suboffsets[0] = 16;
    EXPECT_MV_ERROR(mv_from_buffer(&out, &info), MV_EOVERFLOW, "wraps");
    p.rows[1] = reinterpret_cast<unsigned char *>(p.data + 4);
    p.suboffsets[0] = 0;
    // Suboffsets on a 0-d buffer.
    mv_buffer_info zero = MV_BUFFER_INFO_INIT;
    zero.data = p.data;
    zero.format = "h";
    zero.suboffsets = p.suboffsets;
    EXPECT_MV_ERROR(mv_from_buffer(&out, &zero), MV_EINVAL, "0-dimensional");
    EXPECT_EQ(out, nullptr);
    // Version 1 descriptors end before the field: it is never read.
    mv_buffer_info v1 = p.info();
    v1.version = 1;
    v1.suboffsets = reinterpret_cast<const ptrdiff_t *>(uintptr_t{8});  // would fault if read
    v1.data = p.data;
    v1.strides = nullptr;
    ASSERT_MV_OK(mv_from_buffer(v.out(), &v1));
    EXPECT_EQ(mv_suboffsets(v), nullptr);
    EXPECT_EQ(ints(v), iota(12));
    // An empty indirect buffer follows no pointer.
    mv_buffer_info empty = p.info();
    p.shape[0] = 0;
    empty.data = nullptr;
    ASSERT_MV_OK(mv_from_buffer(v.out(), &empty));
    EXPECT_EQ(mv_nbytes(v), 0u);
}
