// libFuzzer harness: the struct format parser, reached through mv_cast().
// Input: a format string (up to the first NUL, at most 48 bytes), then the
// bytes of a buffer. Properties:
// - a rejected format gives MV_EFORMAT or MV_EOVERFLOW with a message;
// - an accepted format has itemsize > 0, mv_format() returns it verbatim,
//   and the cast covers exactly nbytes / itemsize items;
// - for formats inside struct_reference.hpp's grammar, memview accepts
//   exactly what the reference accepts, with the same itemsize, field count
//   field layout (mv_field) and, item by item, the same unpacked values
//   (mv_get and mv_unpack);
// - cast back to 'B' gives the original bytes; mv_set of the values just read
//   leaves exact-round-trip items unchanged.
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "fuzz_check.hpp"
#include "struct_reference.hpp"

namespace {

bool same_value(const mv_value &got, const mvref::RefValue &want) {
    if (got.kind != want.kind) return false;
    switch (want.kind) {
        case MV_KIND_INT: case MV_KIND_BOOL: return got.i == want.i;
        case MV_KIND_UINT: return got.u == want.u;
        case MV_KIND_FLOAT:
            if (std::isnan(want.f)) return std::isnan(got.f);
            return got.f == want.f && std::signbit(got.f) == std::signbit(want.f);
        case MV_KIND_BYTES:
            return got.len == want.len && got.bytes == static_cast<const void *>(want.bytes);
    }
    return false;
}

// mv_set(get(item)) must reproduce the item's bytes for these values (NaN
// payloads, '?' bytes other than 0/1 and Pascal strings can legitimately be
// normalised, so they are left out).
bool exact_round_trip(const mvref::RefField &f, const uint8_t *item, const mv_value &v) {
    if (f.code == 'p') return false;
    if (f.code == '?') return item[f.offset] <= 1;
    if (v.kind == MV_KIND_FLOAT) return !std::isnan(v.f);
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    size_t flen = 0;
    while (flen < size && flen < 48 && data[flen] != 0) ++flen;
    const std::string fmt(reinterpret_cast<const char *>(data), flen);
    const size_t skip = flen < size ? flen + 1 : flen;
    std::vector<uint8_t> buf(data + skip, data + size);
    buf.shrink_to_fit();

    const mvref::RefFormat ref = mvref::ref_parse(fmt.c_str());

    // Acceptance and itemsize, from a cast of an empty view.
    mv_view *empty = nullptr, *e = nullptr;
    FZ_CHECK(mv_create(&empty, nullptr, 0, 0, nullptr, nullptr) == MV_OK, "empty view");
    mv_errclear();
    int rc = mv_cast(&e, empty, fmt.c_str(), nullptr, 0);
    mv_release(empty);
    if (ref.simple) FZ_CHECK((rc == MV_OK) == ref.ok, "accepts exactly what the reference accepts");
    if (rc != MV_OK) {
        FZ_CHECK_ERR(rc);
        FZ_CHECK(rc == MV_EFORMAT || rc == MV_EOVERFLOW, "bad format is MV_EFORMAT or MV_EOVERFLOW");
        return 0;
    }
    const size_t itemsize = mv_itemsize(e), nfields = mv_nfields(e);
    FZ_CHECK(itemsize > 0, "itemsize > 0");
    FZ_CHECK(std::strcmp(mv_format(e), fmt.c_str()) == 0, "format returned verbatim");
    FZ_CHECK(mv_len(e) == 0 && mv_nbytes(e) == 0, "empty cast is empty");
    if (ref.simple) {
        FZ_CHECK(itemsize == ref.itemsize, "itemsize equals the reference's");
        FZ_CHECK(nfields == ref.fields.size(), "field count equals the reference's");
        for (size_t j = 0; j < nfields; ++j) {  // mv_field: the layout the parser derived
            mv_field_info fi;
            FZ_CHECK(mv_field(e, j, &fi) == MV_OK, "mv_field of an existing field");
            const mvref::RefField &rf = ref.fields[j];
            // Byte order only means something for multi-byte numbers; memview
            // reports 0 for single bytes and for 's'/'p' strings.
            const bool ordered = rf.size > 1 && !std::strchr("csp", rf.code);
            FZ_CHECK(fi.code == rf.code && fi.offset == rf.offset && fi.size == rf.size &&
                         fi.big_endian == (ordered ? !rf.little : 0),
                     "mv_field equals the reference layout (code, offset, size, byte order)");
        }
    }
    mv_field_info none;
    FZ_CHECK(mv_field(e, nfields, &none) == MV_EINDEX, "mv_field past the last field is MV_EINDEX");
    {
        // Interned formats (issue 14): a second cast to the same text, served
        // from the core's format table when the text was interned, describes
        // the same items field for field.
        mv_view *empty2 = nullptr, *e2 = nullptr;
        FZ_CHECK(mv_create(&empty2, nullptr, 0, 0, nullptr, nullptr) == MV_OK, "empty view");
        FZ_CHECK(mv_cast(&e2, empty2, fmt.c_str(), nullptr, 0) == MV_OK, "a format accepted once is accepted again");
        mv_release(empty2);
        FZ_CHECK(mv_itemsize(e2) == itemsize && mv_nfields(e2) == nfields, "second parse: same itemsize and fields");
        FZ_CHECK(std::strcmp(mv_format(e2), fmt.c_str()) == 0, "second parse: format returned verbatim");
        for (size_t j = 0; j < nfields; ++j) {
            mv_field_info a, b;
            FZ_CHECK(mv_field(e, j, &a) == MV_OK && mv_field(e2, j, &b) == MV_OK, "mv_field");
            FZ_CHECK(a.code == b.code && a.offset == b.offset && a.size == b.size && a.big_endian == b.big_endian &&
                         a.kind == b.kind,
                     "second parse: the same field layout");
        }
        mv_release(e2);
    }
    mv_release(e);

    // A cast over as many whole items as the buffer holds (at most 32).
    size_t nitems = buf.size() / itemsize;
    if (nitems > 32) nitems = 32;
    if (nitems == 0) return 0;
    mv_view *raw = nullptr, *typed = nullptr, *back = nullptr;
    FZ_CHECK(mv_create(&raw, buf.data(), nitems * itemsize, 0, nullptr, nullptr) == MV_OK, "create");
    FZ_CHECK(mv_cast(&typed, raw, fmt.c_str(), nullptr, 0) == MV_OK, "cast of whole items");
    FZ_CHECK(mv_len(typed) == nitems && mv_nbytes(typed) == nitems * itemsize, "item count");
    FZ_CHECK(mv_cast(&back, typed, "B", nullptr, 0) == MV_OK, "cast back to B");
    std::vector<uint8_t> bytes(nitems * itemsize);
    FZ_CHECK(mv_tobytes(back, bytes.data(), bytes.size(), 'C') == MV_OK, "tobytes");
    FZ_CHECK(std::memcmp(bytes.data(), buf.data(), bytes.size()) == 0, "cast round trip keeps the bytes");

    std::vector<mv_value> all(nitems * nfields + 1);
    FZ_CHECK(mv_unpack(typed, all.data(), all.size()) == MV_OK, "unpack");
    std::vector<mv_value> one(nfields + 1);
    for (size_t k = 0; k < nitems; ++k) {
        ptrdiff_t idx = static_cast<ptrdiff_t>(k);
        const uint8_t *item = buf.data() + k * itemsize;
        FZ_CHECK(mv_get(typed, &idx, 1, one.data(), one.size()) == MV_OK, "get");
        for (size_t j = 0; j < nfields; ++j) {
            const mv_value &a = one[j], &b = all[k * nfields + j];
            FZ_CHECK(a.kind == b.kind && a.code == b.code && a.i == b.i && a.u == b.u && a.len == b.len &&
                         a.bytes == b.bytes && (a.f == b.f || (std::isnan(a.f) && std::isnan(b.f))),
                     "mv_get agrees with mv_unpack");
            if (ref.simple) {
                FZ_CHECK(a.code == ref.fields[j].code, "field code");
                FZ_CHECK(same_value(a, mvref::ref_value(ref.fields[j], item)), "value equals the reference's");
            }
        }
        if (!ref.simple) continue;
        bool exact = true;
        for (size_t j = 0; j < nfields; ++j) exact = exact && exact_round_trip(ref.fields[j], item, one[j]);
        if (!exact) continue;
        // Pack what was read into a scratch copy of the item: same bytes.
        std::vector<uint8_t> scratch(item, item + itemsize);
        std::vector<mv_value> vals(one.begin(), one.begin() + nfields);
        std::vector<uint8_t> bytes_copy(itemsize);  // mv_set must not alias its input
        for (auto &v : vals)
            if (v.kind == MV_KIND_BYTES) {
                size_t off = static_cast<const uint8_t *>(v.bytes) - item;
                v.bytes = bytes_copy.data() + off;
                std::memcpy(bytes_copy.data() + off, item + off, v.len);
            }
        mv_view *sraw = nullptr, *sv = nullptr;
        ptrdiff_t zero = 0;
        FZ_CHECK(mv_create(&sraw, scratch.data(), itemsize, 0, nullptr, nullptr) == MV_OK, "scratch");
        FZ_CHECK(mv_cast(&sv, sraw, fmt.c_str(), nullptr, 0) == MV_OK, "scratch cast");
        FZ_CHECK(mv_set(sv, &zero, 1, vals.data(), vals.size()) == MV_OK, "set what was read");
        FZ_CHECK(std::memcmp(scratch.data(), item, itemsize) == 0, "set(get(item)) keeps the bytes");
        mv_release(sv);
        mv_release(sraw);
    }
    mv_release(back);
    mv_release(typed);
    mv_release(raw);
    return 0;
}
