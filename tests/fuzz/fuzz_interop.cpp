// libFuzzer harness: the Arrow and DLPack entry points (issue 11).
// The first input byte picks a mode; the rest drives the choices.
//  0: mv_from_arrow with a hostile ArrowArray/ArrowSchema (wrong n_buffers,
//     negative or huge length/offset, NULL buffers, NULL or released release
//     callbacks, nulls, children, dictionaries, arbitrary format strings);
//  1: mv_from_dlpack with a hostile DLManagedTensorVersioned (versions,
//     devices, dtypes, ndim, shapes, strides, byte_offset, NULL pointers);
//  2: export round trips: a view of the input bytes (format, slice) through
//     mv_to_arrow_ex and mv_to_dlpack (random flags) and back.
// Properties: a refused import returns an error with a message, leaves
// *out and the struct untouched and never calls release/deleter; an
// accepted one moves the struct, views exactly the described items, and
// calls release/deleter exactly once, after the last view. Exports hand out
// the view's own memory when zero-copy, or equal values when copied, and
// free everything they allocate (ASan's leak check).
#include <cstring>
#include <string>
#include <vector>

#include "fuzz_util.hpp"

namespace {

int g_releases = 0;

void count_array(ArrowArray *a) {
    g_releases++;
    a->release = nullptr;
}
void count_schema(ArrowSchema *s) { s->release = nullptr; }
void count_tensor(DLManagedTensorVersioned *) { g_releases++; }

int64_t pick_i64(fz::Reader &in) {
    switch (in.u8() % 10) {
        case 0: return -1;
        case 1: return INT64_MAX;
        case 2: return INT64_MIN;
        case 3: return static_cast<int64_t>(in.u64());
        case 4: return INT64_MAX / 2;
        default: return in.u8() % 40;
    }
}

const char *const kArrowFormats[] = {"c", "C", "s", "S", "i", "I", "l", "L", "e", "f", "g", "w:1", "w:3",
                                     "w:16", "b", "u", "+s", "w:", "w:0", "w:-1", "w:99999999999", "n",
                                     "tdm", "ii", ""};

void arrow_import(fz::Reader &in) {
    alignas(8) static unsigned char backing[512];
    alignas(8) static unsigned char bitmap[64];  // 512 bits
    std::string fmt;
    if (in.u8() % 4 == 0) {
        for (int n = in.u8() % 8; n > 0; --n) fmt.push_back(static_cast<char>(in.u8() % 128));
    } else {
        fmt = kArrowFormats[in.u8() % (sizeof kArrowFormats / sizeof *kArrowFormats)];
    }
    const void *buffers[4] = {nullptr, backing, nullptr, nullptr};
    ArrowArray a{pick_i64(in), 0, pick_i64(in), 2, 0, buffers, nullptr, nullptr, count_array, nullptr};
    ArrowSchema s{fmt.c_str(), "x", nullptr, 0, 0, nullptr, nullptr, count_schema, nullptr};
    const uint8_t knobs = in.u8();
    if (knobs & 1) a.n_buffers = static_cast<int64_t>(in.u8() % 5) - 1;
    if (knobs & 2) a.buffers = nullptr;
    if (knobs & 4) buffers[1] = nullptr;
    if (knobs & 8) a.release = nullptr;
    if (knobs & 16) s.release = nullptr;
    if (knobs & 32) a.null_count = pick_i64(in);
    if (knobs & 64) a.n_children = in.u8() % 3;
    if (knobs & 128) s.dictionary = &s;
    // A validity bitmap only when it covers [offset, offset + length).
    if (in.u8() % 3 == 0 && a.offset >= 0 && a.length >= 0 && a.offset <= 512 && a.length <= 512 - a.offset) {
        for (auto &b : bitmap) b = in.u8() % 4 ? 0xff : in.u8();
        buffers[0] = bitmap;
        a.null_count = in.u8() % 2 ? -1 : a.null_count;
    }
    const ArrowArray before = a;
    mv_view *v = reinterpret_cast<mv_view *>(0x10);
    g_releases = 0;
    mv_errclear();
    const unsigned flags = in.u8() % 8 == 0 ? in.u8() : (in.u8() % 2 ? MV_ARROW_WRITABLE : 0);
    const int rc = mv_from_arrow(&v, &a, &s, flags);
    FZ_CHECK(g_releases == 0, "release not called by the import");
    if (rc != MV_OK) {
        FZ_CHECK_ERR(rc);
        FZ_CHECK(v == reinterpret_cast<mv_view *>(0x10), "*out untouched on failure");
        FZ_CHECK(std::memcmp(&before, &a, sizeof a) == 0, "array untouched on failure");
        return;
    }
    FZ_CHECK(a.release == nullptr, "accepted array is moved");
    FZ_CHECK(before.release != nullptr && before.n_buffers == 2 && before.n_children == 0, "only valid arrays");
    FZ_CHECK(before.length >= 0 && before.offset >= 0, "non-negative length and offset");
    FZ_CHECK(mv_ndim(v) == 1 && mv_len(v) == static_cast<size_t>(before.length), "one item per array slot");
    FZ_CHECK(mv_readonly(v) == !(flags & MV_ARROW_WRITABLE), "read-only unless asked");
    const size_t itemsize = mv_itemsize(v);
    if (before.length > 0)
        FZ_CHECK(mv_data(v) == static_cast<unsigned char *>(const_cast<void *>(buffers[1])) + before.offset * itemsize,
                 "the view starts at item offset");
    // Read the items when they lie inside the backing buffer.
    if (buffers[1] == backing && (before.offset + before.length) * static_cast<int64_t>(itemsize) <= 512) {
        std::vector<unsigned char> out(mv_nbytes(v));
        FZ_CHECK(mv_tobytes(v, out.data(), out.size(), 'C') == MV_OK, "tobytes of an imported view");
        mv_view *tail = nullptr;
        FZ_CHECK(mv_slice(&tail, v, 1, MV_NONE, 1) == MV_OK, "slice of an imported view");
        mv_release(v);
        FZ_CHECK(g_releases == 0, "a slice keeps the array");
        v = tail;
    }
    mv_release(v);
    FZ_CHECK(g_releases == 1, "release exactly once after the last view");
}

void dlpack_import(fz::Reader &in) {
    alignas(8) static unsigned char backing[512];
    int64_t shape[MV_MAX_NDIM], strides[MV_MAX_NDIM];
    DLManagedTensorVersioned t{};
    t.version = {in.u8() % 8 ? 1u : in.u8() % 3, in.u8()};
    t.deleter = in.u8() % 8 ? count_tensor : nullptr;
    t.flags = in.u8() % 4 == 0 ? in.u64() : in.u8() % 2;
    DLTensor &d = t.dl_tensor;
    d.data = in.u8() % 8 ? backing : nullptr;
    d.device = {in.u8() % 8 ? kDLCPU : static_cast<DLDeviceType>(in.u8() % 20), 0};
    d.ndim = in.u8() % 8 == 0 ? static_cast<int32_t>(in.u64()) : in.u8() % 4;
    const uint8_t codes[] = {kDLInt, kDLUInt, kDLFloat, kDLBool, kDLBfloat, kDLComplex, 3};
    const uint8_t bits[] = {8, 16, 32, 64, 1, 24, 128};
    d.dtype = {codes[in.u8() % 7], bits[in.u8() % 7], static_cast<uint16_t>(in.u8() % 8 ? 1 : in.u8())};
    // In-bounds mode: small shapes and strides that stay inside backing.
    const bool bounded = in.u8() % 2;
    for (int k = 0; k < MV_MAX_NDIM; k++) {
        shape[k] = bounded ? in.u8() % 4 : pick_i64(in);
        strides[k] = bounded ? static_cast<int64_t>(in.u8() % 5) - 2 : pick_i64(in);
    }
    d.shape = in.u8() % 8 ? shape : nullptr;
    d.strides = in.u8() % 3 ? strides : nullptr;
    d.byte_offset = bounded ? 256 : (in.u8() % 4 ? in.u8() : in.u64());
    mv_view *v = reinterpret_cast<mv_view *>(0x10);
    g_releases = 0;
    mv_errclear();
    const unsigned flags = in.u8() % 8 == 0 ? in.u8() : in.u8() % 2;
    const int rc = mv_from_dlpack(&v, &t, flags);
    FZ_CHECK(g_releases == 0, "deleter not called by the import");
    if (rc != MV_OK) {
        FZ_CHECK_ERR(rc);
        FZ_CHECK(v == reinterpret_cast<mv_view *>(0x10), "*out untouched on failure");
        return;
    }
    FZ_CHECK(t.version.major == 1 && d.device.device_type == kDLCPU && d.dtype.lanes == 1, "only CPU 1.x tensors");
    FZ_CHECK(mv_ndim(v) == d.ndim, "same ndim");
    FZ_CHECK(static_cast<size_t>(d.dtype.bits) == 8 * mv_itemsize(v), "itemsize from bits");
    FZ_CHECK(mv_readonly(v) == ((t.flags & DLPACK_FLAG_BITMASK_READ_ONLY) || (flags & MV_READONLY) ? 1 : 0),
             "read-only both ways");
    for (int k = 0; k < d.ndim; k++) {
        FZ_CHECK(mv_shape(v)[k] == d.shape[k], "same shape");
        if (d.strides)
            FZ_CHECK(mv_strides(v)[k] == d.strides[k] * static_cast<int64_t>(mv_itemsize(v)), "strides in bytes");
    }
    // In bounds: at most 3 dimensions of extent <= 3, |strides| <= 2 items of
    // <= 8 bytes, from byte 256: every addressed byte lies inside backing.
    if (bounded && d.data && d.ndim <= 3) {
        std::vector<unsigned char> out(mv_nbytes(v));
        FZ_CHECK(mv_tobytes(v, out.data(), out.size(), 'C') == MV_OK, "tobytes of an imported tensor");
    }
    mv_release(v);
    FZ_CHECK(g_releases == (t.deleter ? 1 : 0), "deleter exactly once after the last view");
}

const char *const kViewFormats[] = {"B", "b", "h", ">h", "<i", ">i", "I", "q", ">Q", "e", "f", ">f", "d",
                                    "?", "c", "3s", "4p", "<Iff", ">if", "ix", "<bi", "x", "n", "P"};

void exports(fz::Reader &in) {
    std::vector<unsigned char> bytes(in.u8());
    for (auto &b : bytes) b = in.u8();
    mv_view *base = nullptr, *typed = nullptr, *v = nullptr;
    FZ_CHECK(mv_create(&base, bytes.data(), bytes.size(), 0, nullptr, nullptr) == MV_OK, "base view");
    const char *fmt = kViewFormats[in.u8() % (sizeof kViewFormats / sizeof *kViewFormats)];
    const size_t n = bytes.size();
    mv_view *trimmed = nullptr;
    // Trim to a multiple of the itemsize, then cast and slice.
    if (mv_cast(&typed, base, fmt, nullptr, 0) != MV_OK) {
        mv_view *probe = nullptr, *empty = nullptr;
        FZ_CHECK(mv_slice(&empty, base, 0, 0, 1) == MV_OK, "empty slice");
        if (mv_cast(&probe, empty, fmt, nullptr, 0) == MV_OK) {
            const size_t isz = mv_itemsize(probe);
            FZ_CHECK(mv_slice(&trimmed, base, 0, static_cast<ptrdiff_t>(n - n % isz), 1) == MV_OK, "trim");
            FZ_CHECK(mv_cast(&typed, trimmed, fmt, nullptr, 0) == MV_OK, "cast of a trimmed view");
            mv_release(probe);
        }
        mv_release(empty);
    }
    mv_release(trimmed);
    mv_release(base);
    if (!typed) return;
    const ptrdiff_t step = static_cast<int8_t>(in.u8()) % 4;
    if (step == 0 || mv_slice(&v, typed, fz::pick_bound(in), fz::pick_bound(in), step) != MV_OK) {
        v = typed;
        typed = nullptr;
    }
    mv_release(typed);
    const unsigned fl[] = {0, MV_EXPORT_COPY, MV_EXPORT_FORCE_COPY, MV_EXPORT_COPY | MV_EXPORT_FORCE_COPY, 1};

    ArrowSchema s;
    ArrowArray a;
    const unsigned af = fl[in.u8() % 5];
    mv_errclear();
    int rc = mv_to_arrow_ex(v, &s, &a, af);
    if (rc != MV_OK) {
        FZ_CHECK_ERR(rc);
    } else {
        FZ_CHECK(s.release && a.release, "exported structs are live");
        FZ_CHECK(a.length == static_cast<int64_t>(mv_len(v)), "one slot per item");
        if (a.n_children == 0) {
            FZ_CHECK(a.n_buffers == 2 && a.null_count == 0 && a.buffers[0] == nullptr, "primitive array");
            if (!(af & (MV_EXPORT_COPY | MV_EXPORT_FORCE_COPY)))
                FZ_CHECK(a.buffers[1] == mv_data(v) || mv_len(v) == 0, "zero-copy export is the view's memory");
            // Back in: the same values (byte for byte when nothing was decoded).
            mv_view *back = nullptr;
            FZ_CHECK(mv_from_arrow(&back, &a, &s, 0) == MV_OK, "an exported array imports");
            FZ_CHECK(a.release == nullptr, "moved");
            FZ_CHECK(mv_len(back) == mv_len(v), "same length back");
            if (std::strchr("efd", mv_format(back)[0]) == nullptr)
                FZ_CHECK(mv_equal(back, v) == 1, "same values back");
            mv_release(back);
        } else {
            FZ_CHECK(a.n_buffers == 1 && a.n_children == static_cast<int64_t>(mv_nfields(v)), "struct array");
            for (int64_t k = 0; k < a.n_children; k++)
                FZ_CHECK(a.children[k]->length == a.length, "children as long as the parent");
            a.release(&a);
        }
        s.release(&s);
    }

    DLManagedTensorVersioned *t = nullptr;
    const unsigned df = fl[in.u8() % 5];
    mv_errclear();
    rc = mv_to_dlpack(&t, v, df);
    if (rc != MV_OK) {
        FZ_CHECK_ERR(rc);
        FZ_CHECK(t == nullptr, "*out untouched");
    } else {
        FZ_CHECK(t->dl_tensor.ndim == mv_ndim(v) && t->deleter, "a live tensor");
        if (!(df & (MV_EXPORT_COPY | MV_EXPORT_FORCE_COPY)))
            FZ_CHECK(t->dl_tensor.data == mv_data(v) || mv_len(v) == 0, "zero-copy tensor is the view's memory");
        mv_view *back = nullptr;
        FZ_CHECK(mv_from_dlpack(&back, t, 0) == MV_OK, "an exported tensor imports");
        if (std::strchr("efd", mv_format(back)[0]) == nullptr) FZ_CHECK(mv_equal(back, v) == 1, "same values back");
        mv_release(back);
    }
    mv_release(v);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fz::Reader in(data, size);
    switch (in.u8() % 3) {
        case 0: arrow_import(in); break;
        case 1: dlpack_import(in); break;
        default: exports(in); break;
    }
    return 0;
}
