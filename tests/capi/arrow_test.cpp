// mv_to_arrow / mv_to_arrow_ex / mv_from_arrow: the Arrow C Data Interface
// hand-off, its ownership rules and every refusal (issue 11).
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "helpers.hpp"

namespace {

int g_released = 0;
void count_release(void *) { g_released++; }

// A view over `n` bytes that counts its on_release.
struct Counted {
    std::vector<unsigned char> bytes;
    View base;
    explicit Counted(size_t n) : bytes(n) {
        for (size_t i = 0; i < n; i++) bytes[i] = static_cast<unsigned char>(i * 7 + 1);
        g_released = 0;
        EXPECT_EQ(mv_create(base.out(), bytes.data(), n, 0, count_release, nullptr), MV_OK);
    }
};

View cast(const mv_view *v, const char *fmt) {
    mv_view *out = nullptr;
    EXPECT_EQ(mv_cast(&out, v, fmt, nullptr, 0), MV_OK) << mv_errmsg();
    return View(out);
}

// Structs filled with a sentinel, to check that a failing call leaves them alone.
struct Pair {
    ArrowSchema s;
    ArrowArray a;
    Pair() {
        std::memset(&s, 0xAB, sizeof s);
        std::memset(&a, 0xAB, sizeof a);
    }
    bool untouched() const {
        Pair fresh;
        return std::memcmp(&s, &fresh.s, sizeof s) == 0 && std::memcmp(&a, &fresh.a, sizeof a) == 0;
    }
};

}  // namespace

TEST(ArrowExport, ContiguousIntsAreZeroCopyAndOutliveTheView) {
    Counted c(40);
    {
        View iv = cast(c.base, "i");
        Pair p;
        ASSERT_MV_OK(mv_to_arrow(iv, &p.s, &p.a));
        EXPECT_STREQ(p.s.format, "i");
        EXPECT_EQ(p.s.n_children, 0);
        EXPECT_EQ(p.s.dictionary, nullptr);
        EXPECT_EQ(p.a.length, 10);
        EXPECT_EQ(p.a.null_count, 0);
        EXPECT_EQ(p.a.offset, 0);
        EXPECT_EQ(p.a.n_buffers, 2);
        EXPECT_EQ(p.a.buffers[0], nullptr);
        EXPECT_EQ(p.a.buffers[1], mv_data(iv));
        EXPECT_EQ(p.a.buffers[1], c.bytes.data());
        iv.out();        // the view goes first
        c.base.out();    // and the base view
        EXPECT_EQ(g_released, 0) << "the exported array must keep the buffer";
        int32_t first;
        std::memcpy(&first, p.a.buffers[1], 4);
        int32_t expect;
        std::memcpy(&expect, c.bytes.data(), 4);
        EXPECT_EQ(first, expect);
        p.s.release(&p.s);
        EXPECT_EQ(p.s.release, nullptr);
        EXPECT_EQ(g_released, 0);
        p.a.release(&p.a);
        EXPECT_EQ(p.a.release, nullptr);
        EXPECT_EQ(g_released, 1);
    }
    EXPECT_EQ(g_released, 1);
}

TEST(ArrowExport, FormatTable) {
    struct Case {
        const char *fmt, *arrow;
    } cases[] = {{"b", "c"},   {"B", "C"},   {"h", "s"},   {"H", "S"},   {"i", "i"},   {"I", "I"},
                 {"q", "l"},   {"Q", "L"},   {"l", "l"},   {"L", "L"},   {"n", "l"},   {"N", "L"},
                 {"<l", "i"},  {"=L", "I"},  {"e", "e"},   {"f", "f"},   {"d", "g"},   {"<d", "g"},
                 {"8s", "w:8"}, {"c", "w:1"}, {"P", "L"},  {"=q", "l"}};
    for (const Case &k : cases) {
        Counted c(64);
        View v = cast(c.base, k.fmt);
        Pair p;
        ASSERT_MV_OK(mv_to_arrow(v, &p.s, &p.a)) << k.fmt;
        EXPECT_STREQ(p.s.format, k.arrow) << k.fmt;
        EXPECT_EQ(p.a.length, static_cast<int64_t>(64 / mv_itemsize(v))) << k.fmt;
        EXPECT_EQ(p.a.buffers[1], c.bytes.data()) << k.fmt;
        p.s.release(&p.s);
        p.a.release(&p.a);
    }
}

TEST(ArrowExport, RefusalsLeaveStructsAndBufferAlone) {
    Counted c(120);
    struct Case {
        const char *fmt;
        int code;
        const char *needle;
    } cases[] = {{"?", MV_EFORMAT, "bit-packed"},
                 {"4p", MV_EFORMAT, "Pascal"},
                 {">i", MV_EFORMAT, "native byte order"},
                 {"<Iff", MV_EFORMAT, "record"},
                 {"ix", MV_EFORMAT, "record"},
                 {"x", MV_EFORMAT, "no fields"}};
    for (const Case &k : cases) {
        View v = cast(c.base, k.fmt);
        Pair p;
        EXPECT_MV_ERROR(mv_to_arrow(v, &p.s, &p.a), k.code, k.needle);
        EXPECT_TRUE(p.untouched()) << k.fmt;
    }
    View iv = cast(c.base, "i");
    View strided;
    ASSERT_MV_OK(mv_slice(strided.out(), iv, 0, MV_NONE, 2));
    Pair p;
    EXPECT_MV_ERROR(mv_to_arrow(strided, &p.s, &p.a), MV_ELAYOUT, "strided");
    View reversed;
    ASSERT_MV_OK(mv_slice(reversed.out(), iv, MV_NONE, MV_NONE, -1));
    EXPECT_MV_ERROR(mv_to_arrow(reversed, &p.s, &p.a), MV_ELAYOUT, "strided");
    const ptrdiff_t shape[2] = {5, 6};
    View two;
    ASSERT_MV_OK(mv_cast(two.out(), iv, "i", shape, 2));
    EXPECT_MV_ERROR(mv_to_arrow_ex(two, &p.s, &p.a, MV_EXPORT_COPY), MV_EINVAL, "2 dimensions");
    View zero;
    ASSERT_MV_OK(mv_index(zero.out(), iv, 0));
    EXPECT_MV_ERROR(mv_to_arrow(zero, &p.s, &p.a), MV_EINVAL, "0 dimensions");
    EXPECT_MV_ERROR(mv_to_arrow(nullptr, &p.s, &p.a), MV_EINVAL, "view is NULL");
    EXPECT_MV_ERROR(mv_to_arrow(iv, nullptr, &p.a), MV_EINVAL, "schema is NULL");
    EXPECT_MV_ERROR(mv_to_arrow(iv, &p.s, nullptr), MV_EINVAL, "array is NULL");
    EXPECT_MV_ERROR(mv_to_arrow_ex(iv, &p.s, &p.a, 1), MV_EINVAL, "unknown flags");
    // A copy does not make '?' or 'p' exportable.
    View bv = cast(c.base, "?");
    EXPECT_MV_ERROR(mv_to_arrow_ex(bv, &p.s, &p.a, MV_EXPORT_COPY), MV_EFORMAT, "bit-packed");
    EXPECT_TRUE(p.untouched());
    iv.out();
    strided.out();
    reversed.out();
    two.out();
    zero.out();
    bv.out();
    c.base.out();
    EXPECT_EQ(g_released, 1) << "a refused export must not hold the buffer";
}

TEST(ArrowExport, CopyDecodesByteSwappedAndStrided) {
    unsigned char be[12] = {0, 0, 0, 1, 0, 0, 1, 0, 0xff, 0xff, 0xff, 0xfe};
    View v;
    ASSERT_MV_OK(mv_create(v.out(), be, sizeof be, MV_READONLY, nullptr, nullptr));
    View bi = cast(v, ">i");
    Pair p;
    ASSERT_MV_OK(mv_to_arrow_ex(bi, &p.s, &p.a, MV_EXPORT_COPY));
    EXPECT_STREQ(p.s.format, "i");
    EXPECT_NE(p.a.buffers[1], static_cast<const void *>(be));
    const int32_t *vals = static_cast<const int32_t *>(p.a.buffers[1]);
    EXPECT_EQ(vals[0], 1);
    EXPECT_EQ(vals[1], 256);
    EXPECT_EQ(vals[2], -2);
    bi.out();
    p.s.release(&p.s);
    p.a.release(&p.a);

    int32_t nums[6] = {10, 11, 12, 13, 14, 15};
    View n;
    ASSERT_MV_OK(mv_create(n.out(), nums, sizeof nums, 0, nullptr, nullptr));
    View ni = cast(n, "i");
    View rev;
    ASSERT_MV_OK(mv_slice(rev.out(), ni, MV_NONE, MV_NONE, -2));
    Pair q;
    ASSERT_MV_OK(mv_to_arrow_ex(rev, &q.s, &q.a, MV_EXPORT_COPY));
    EXPECT_EQ(q.a.length, 3);
    const int32_t *r = static_cast<const int32_t *>(q.a.buffers[1]);
    EXPECT_EQ(r[0], 15);
    EXPECT_EQ(r[1], 13);
    EXPECT_EQ(r[2], 11);
    q.s.release(&q.s);
    q.a.release(&q.a);
}

TEST(ArrowExport, ForceCopyCopiesEvenContiguous) {
    int32_t nums[3] = {1, 2, 3};
    View n;
    ASSERT_MV_OK(mv_create(n.out(), nums, sizeof nums, 0, nullptr, nullptr));
    View ni = cast(n, "i");
    Pair p;
    ASSERT_MV_OK(mv_to_arrow_ex(ni, &p.s, &p.a, MV_EXPORT_FORCE_COPY));
    EXPECT_NE(p.a.buffers[1], static_cast<const void *>(nums));
    EXPECT_EQ(std::memcmp(p.a.buffers[1], nums, sizeof nums), 0);
    nums[0] = 99;  // the copy does not see later writes
    EXPECT_EQ(static_cast<const int32_t *>(p.a.buffers[1])[0], 1);
    p.s.release(&p.s);
    p.a.release(&p.a);
}

TEST(ArrowExport, RecordsBecomeStructArrays) {
    // Three '<Iff' records: (id, x, y).
    unsigned char rec[36];
    for (uint32_t i = 0; i < 3; i++) {
        float x = 0.5f + static_cast<float>(i), y = -1.0f * static_cast<float>(i);
        std::memcpy(rec + 12 * i, &i, 4);
        std::memcpy(rec + 12 * i + 4, &x, 4);
        std::memcpy(rec + 12 * i + 8, &y, 4);
    }
    g_released = 0;
    View v;
    ASSERT_MV_OK(mv_create(v.out(), rec, sizeof rec, MV_READONLY, count_release, nullptr));
    View r = cast(v, "<Iff");
    Pair p;
    ASSERT_MV_OK(mv_to_arrow_ex(r, &p.s, &p.a, MV_EXPORT_COPY));
    EXPECT_STREQ(p.s.format, "+s");
    ASSERT_EQ(p.s.n_children, 3);
    ASSERT_EQ(p.a.n_children, 3);
    EXPECT_EQ(p.a.n_buffers, 1);
    EXPECT_EQ(p.a.buffers[0], nullptr);
    EXPECT_EQ(p.a.length, 3);
    const char *formats[3] = {"I", "f", "f"}, *names[3] = {"f0", "f1", "f2"};
    for (int k = 0; k < 3; k++) {
        EXPECT_STREQ(p.s.children[k]->format, formats[k]);
        EXPECT_STREQ(p.s.children[k]->name, names[k]);
        EXPECT_EQ(p.a.children[k]->length, 3);
        EXPECT_EQ(p.a.children[k]->n_buffers, 2);
    }
    const uint32_t *ids = static_cast<const uint32_t *>(p.a.children[0]->buffers[1]);
    const float *xs = static_cast<const float *>(p.a.children[1]->buffers[1]);
    const float *ys = static_cast<const float *>(p.a.children[2]->buffers[1]);
    EXPECT_EQ(ids[2], 2u);
    EXPECT_EQ(xs[1], 1.5f);
    EXPECT_EQ(ys[2], -2.0f);
    // The columns are copies: the records' buffer is free to go.
    r.out();
    v.out();
    EXPECT_EQ(g_released, 1);
    // A consumer may move a child out before releasing the parent.
    ArrowArray moved = *p.a.children[1];
    p.a.children[1]->release = nullptr;
    p.a.release(&p.a);
    EXPECT_EQ(static_cast<const float *>(moved.buffers[1])[2], 2.5f);
    moved.release(&moved);
    p.s.release(&p.s);
}

TEST(ArrowExport, EmptyViewHasAValuesBuffer) {
    View v;
    ASSERT_MV_OK(mv_create(v.out(), nullptr, 0, 0, nullptr, nullptr));
    View f = cast(v, "d");
    Pair p;
    ASSERT_MV_OK(mv_to_arrow(f, &p.s, &p.a));
    EXPECT_EQ(p.a.length, 0);
    EXPECT_NE(p.a.buffers[1], nullptr);
    p.s.release(&p.s);
    p.a.release(&p.a);
}

// ---- import ---------------------------------------------------------------

namespace {

// A hand-made producer: int32 values, counting its releases.
struct Producer {
    int releases = 0;
    std::vector<int32_t> values;
    std::vector<uint8_t> validity;
    const void *buffers[2];
    ArrowArray array;
    ArrowSchema schema;
    std::string format = "i";
    int schema_releases = 0;

    explicit Producer(int n) : values(n) {
        for (int i = 0; i < n; i++) values[i] = 100 + i;
        buffers[0] = nullptr;
        buffers[1] = values.data();
        array = ArrowArray{n, 0, 0, 2, 0, buffers, nullptr, nullptr, release_array, this};
        schema = ArrowSchema{format.c_str(), "col", nullptr, ARROW_FLAG_NULLABLE, 0, nullptr, nullptr,
                             release_schema, this};
    }
    static void release_array(ArrowArray *a) {
        static_cast<Producer *>(a->private_data)->releases++;
        a->release = nullptr;
    }
    static void release_schema(ArrowSchema *s) {
        static_cast<Producer *>(s->private_data)->schema_releases++;
        s->release = nullptr;
    }
};

}  // namespace

TEST(ArrowImport, TakesOwnershipHonoursOffsetReleasesOnceAfterLastView) {
    Producer p(8);
    p.array.offset = 2;
    p.array.length = 5;
    View v;
    ASSERT_MV_OK(mv_from_arrow(v.out(), &p.array, &p.schema, 0));
    EXPECT_EQ(p.array.release, nullptr) << "the array must be moved";
    EXPECT_NE(p.schema.release, nullptr) << "the schema stays the caller's";
    EXPECT_STREQ(mv_format(v), "i");
    EXPECT_EQ(mv_len(v), 5u);
    EXPECT_EQ(mv_data(v), static_cast<void *>(p.values.data() + 2));
    EXPECT_EQ(mv_readonly(v), 1);
    EXPECT_EQ(get1(v, {0}).i, 102);
    EXPECT_EQ(get1(v, {-1}).i, 106);
    View tail;
    ASSERT_MV_OK(mv_slice(tail.out(), v, 3, MV_NONE, 1));
    v.out();
    EXPECT_EQ(p.releases, 0);
    EXPECT_EQ(get1(tail, {0}).i, 105);
    tail.out();
    EXPECT_EQ(p.releases, 1);
    p.schema.release(&p.schema);
    EXPECT_EQ(p.schema_releases, 1);
}

TEST(ArrowImport, WritableFlagAndFixedSizeBinary) {
    Producer p(4);
    View v;
    ASSERT_MV_OK(mv_from_arrow(v.out(), &p.array, &p.schema, MV_ARROW_WRITABLE));
    EXPECT_EQ(mv_readonly(v), 0);
    ptrdiff_t i = 1;
    mv_value val = int_value(-7);
    ASSERT_MV_OK(mv_set(v, &i, 1, &val, 1));
    EXPECT_EQ(p.values[1], -7);
    v.out();
    EXPECT_EQ(p.releases, 1);

    Producer b(4);  // 16 bytes as 2 items of w:8
    b.format = "w:8";
    b.schema.format = b.format.c_str();
    b.array.length = 2;
    ASSERT_MV_OK(mv_from_arrow(v.out(), &b.array, &b.schema, 0));
    EXPECT_STREQ(mv_format(v), "8s");
    EXPECT_EQ(mv_len(v), 2u);
    EXPECT_EQ(mv_nbytes(v), 16u);
    v.out();
    EXPECT_EQ(b.releases, 1);
}

TEST(ArrowImport, FormatsMapBack) {
    struct Case {
        const char *arrow, *fmt;
    } cases[] = {{"c", "b"}, {"C", "B"}, {"s", "h"}, {"S", "H"}, {"i", "i"}, {"I", "I"},
                 {"l", "q"}, {"L", "Q"}, {"e", "e"}, {"f", "f"}, {"g", "d"}, {"w:3", "3s"}};
    for (const Case &k : cases) {
        Producer p(4);
        p.schema.format = k.arrow;
        p.array.length = 1;
        View v;
        ASSERT_MV_OK(mv_from_arrow(v.out(), &p.array, &p.schema, 0)) << k.arrow;
        EXPECT_STREQ(mv_format(v), k.fmt) << k.arrow;
    }
}

TEST(ArrowImport, RoundTripIsZeroCopy) {
    Counted c(32);
    View d = cast(c.base, "d");
    Pair p;
    ASSERT_MV_OK(mv_to_arrow(d, &p.s, &p.a));
    View back;
    ASSERT_MV_OK(mv_from_arrow(back.out(), &p.a, &p.s, 0));
    EXPECT_EQ(p.a.release, nullptr);
    p.s.release(&p.s);
    EXPECT_EQ(mv_data(back), mv_data(d));
    EXPECT_EQ(mv_equal(back, d), 1);
    d.out();
    c.base.out();
    EXPECT_EQ(g_released, 0);
    back.out();
    EXPECT_EQ(g_released, 1);
}

TEST(ArrowImport, NullsAreRefusedUnlessTheBitmapIsFull) {
    Producer p(10);
    uint8_t bits[2] = {0xff, 0xfd};  // item 9 is null
    p.buffers[0] = bits;
    p.array.null_count = -1;
    View v;
    EXPECT_MV_ERROR(mv_from_arrow(v.out(), &p.array, &p.schema, 0), MV_EINVAL, "nulls");
    EXPECT_NE(p.array.release, nullptr);
    p.array.length = 9;  // the null is past the end: no nulls in range
    ASSERT_MV_OK(mv_from_arrow(v.out(), &p.array, &p.schema, 0));
    v.out();
    EXPECT_EQ(p.releases, 1);

    Producer q(10);
    q.buffers[0] = bits;
    q.array.null_count = 1;
    EXPECT_MV_ERROR(mv_from_arrow(v.out(), &q.array, &q.schema, 0), MV_EINVAL, "null_count 1");
    q.array.offset = 2;  // an offset into the bitmap: item 9 is in range
    q.array.length = 8;
    q.array.null_count = -1;
    EXPECT_MV_ERROR(mv_from_arrow(v.out(), &q.array, &q.schema, 0), MV_EINVAL, "nulls");
    q.array.null_count = -2;
    EXPECT_MV_ERROR(mv_from_arrow(v.out(), &q.array, &q.schema, 0), MV_EINVAL, "null_count -2");
    EXPECT_EQ(q.releases, 0);
    q.array.release(&q.array);
}

TEST(ArrowImport, HostileStructsAreRefusedWithoutTakingOwnership) {
    struct Case {
        const char *what;
        void (*mutate)(Producer &);
        int code;
        const char *needle;
    } cases[] = {
        {"released array", [](Producer &p) { p.array.release = nullptr; }, MV_EINVAL, "array is released"},
        {"released schema", [](Producer &p) { p.schema.release = nullptr; }, MV_EINVAL, "schema is released"},
        {"n_buffers 1", [](Producer &p) { p.array.n_buffers = 1; }, MV_EINVAL, "n_buffers is 1"},
        {"n_buffers 3", [](Producer &p) { p.array.n_buffers = 3; }, MV_EINVAL, "n_buffers is 3"},
        {"n_buffers -1", [](Producer &p) { p.array.n_buffers = -1; }, MV_EINVAL, "n_buffers is -1"},
        {"buffers NULL", [](Producer &p) { p.array.buffers = nullptr; }, MV_EINVAL, "buffers is NULL"},
        {"values NULL", [](Producer &p) { p.buffers[1] = nullptr; }, MV_EINVAL, "buffers[1]"},
        {"negative length", [](Producer &p) { p.array.length = -1; }, MV_EINVAL, "negative length"},
        {"negative offset", [](Producer &p) { p.array.offset = -3; }, MV_EINVAL, "negative offset"},
        {"offset overflow", [](Producer &p) { p.array.offset = INT64_MAX; }, MV_EOVERFLOW, "overflows"},
        {"bytes overflow", [](Producer &p) { p.array.offset = INT64_MAX / 2; }, MV_EOVERFLOW, "itemsize overflows"},
        {"children", [](Producer &p) { p.array.n_children = 1; }, MV_EINVAL, "no children"},
        {"dictionary", [](Producer &p) { p.array.dictionary = &p.array; }, MV_EINVAL, "no children"},
        {"schema children", [](Producer &p) { p.schema.n_children = 2; }, MV_EFORMAT, "children"},
        {"schema dictionary", [](Producer &p) { p.schema.dictionary = &p.schema; }, MV_EFORMAT, "dictionary"},
        {"boolean", [](Producer &p) { p.schema.format = "b"; }, MV_EFORMAT, "bit-packed"},
        {"utf8", [](Producer &p) { p.schema.format = "u"; }, MV_EFORMAT, "'u'"},
        {"struct", [](Producer &p) { p.schema.format = "+s"; }, MV_EFORMAT, "'+s'"},
        {"w:0", [](Producer &p) { p.schema.format = "w:0"; }, MV_EFORMAT, "'w:0'"},
        {"w:", [](Producer &p) { p.schema.format = "w:"; }, MV_EFORMAT, "'w:'"},
        {"w:8x", [](Producer &p) { p.schema.format = "w:8x"; }, MV_EFORMAT, "'w:8x'"},
        {"w:huge", [](Producer &p) { p.schema.format = "w:99999999999999999999"; }, MV_EFORMAT, "w:"},
        {"empty format", [](Producer &p) { p.schema.format = ""; }, MV_EFORMAT, "''"},
        {"ii", [](Producer &p) { p.schema.format = "ii"; }, MV_EFORMAT, "'ii'"},
        {"NULL format", [](Producer &p) { p.schema.format = nullptr; }, MV_EINVAL, "format is NULL"},
    };
    for (const Case &k : cases) {
        Producer p(4);
        k.mutate(p);
        const ArrowArray before = p.array;
        View v;
        mv_errclear();
        EXPECT_EQ(mv_from_arrow(v.out(), &p.array, &p.schema, 0), k.code) << k.what << ": " << mv_errmsg();
        EXPECT_NE(std::string(mv_errmsg()).find(k.needle), std::string::npos) << k.what << ": " << mv_errmsg();
        EXPECT_EQ(v.v, nullptr) << k.what;
        EXPECT_EQ(std::memcmp(&before, &p.array, sizeof before), 0) << k.what << ": array changed";
        EXPECT_EQ(p.releases, 0) << k.what;
    }
    Producer p(4);
    View v;
    EXPECT_MV_ERROR(mv_from_arrow(nullptr, &p.array, &p.schema, 0), MV_EINVAL, "out is NULL");
    EXPECT_MV_ERROR(mv_from_arrow(v.out(), nullptr, &p.schema, 0), MV_EINVAL, "array is NULL");
    EXPECT_MV_ERROR(mv_from_arrow(v.out(), &p.array, nullptr, 0), MV_EINVAL, "schema is NULL");
    EXPECT_MV_ERROR(mv_from_arrow(v.out(), &p.array, &p.schema, MV_READONLY), MV_EINVAL, "unknown flags");
    EXPECT_EQ(p.releases, 0);
}

TEST(ArrowImport, EmptyArrayWithNullValues) {
    Producer p(0);
    p.buffers[1] = nullptr;
    View v;
    ASSERT_MV_OK(mv_from_arrow(v.out(), &p.array, &p.schema, 0));
    EXPECT_EQ(mv_len(v), 0u);
    v.out();
    EXPECT_EQ(p.releases, 1);
}

TEST(ArrowExport, EmptyRecordViewWithoutDataIsAnEmptyStruct) {
    View v;
    ASSERT_MV_OK(mv_create(v.out(), nullptr, 0, 0, nullptr, nullptr));
    View r = cast(v, "<Iff");
    Pair p;
    ASSERT_MV_OK(mv_to_arrow_ex(r, &p.s, &p.a, MV_EXPORT_COPY));
    EXPECT_EQ(p.a.length, 0);
    ASSERT_EQ(p.a.n_children, 3);
    EXPECT_EQ(p.a.children[2]->length, 0);
    EXPECT_NE(p.a.children[2]->buffers[1], nullptr);
    p.s.release(&p.s);
    p.a.release(&p.a);
}
