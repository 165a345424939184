#include "format.hpp"

#include <cstring>
#include <mutex>
#include <new>

#include "error.hpp"
#include "memview.h"

namespace mv {

namespace {

constexpr size_t kMaxFields = 1u << 16;

struct CodeInfo {
    char code;
    uint8_t kind;
    bool is_signed;
    uint8_t std_size;     // size under '=', '<', '>', '!' (0: native only)
    uint8_t native_size;  // size and alignment under '@'
};

const CodeInfo kCodes[] = {
    {'x', 0, false, 1, 1},
    {'c', MV_KIND_BYTES, false, 1, 1},
    {'b', MV_KIND_INT, true, 1, 1},
    {'B', MV_KIND_UINT, false, 1, 1},
    {'?', MV_KIND_BOOL, false, 1, sizeof(bool)},
    {'h', MV_KIND_INT, true, 2, sizeof(short)},
    {'H', MV_KIND_UINT, false, 2, sizeof(short)},
    {'i', MV_KIND_INT, true, 4, sizeof(int)},
    {'I', MV_KIND_UINT, false, 4, sizeof(int)},
    {'l', MV_KIND_INT, true, 4, sizeof(long)},
    {'L', MV_KIND_UINT, false, 4, sizeof(long)},
    {'q', MV_KIND_INT, true, 8, sizeof(long long)},
    {'Q', MV_KIND_UINT, false, 8, sizeof(long long)},
    {'n', MV_KIND_INT, true, 0, sizeof(size_t)},
    {'N', MV_KIND_UINT, false, 0, sizeof(size_t)},
    {'e', MV_KIND_FLOAT, false, 2, 2},
    {'f', MV_KIND_FLOAT, false, 4, sizeof(float)},
    {'d', MV_KIND_FLOAT, false, 8, sizeof(double)},
    {'s', MV_KIND_BYTES, false, 1, 1},
    {'p', MV_KIND_BYTES, false, 1, 1},
    {'P', MV_KIND_UINT, false, 0, sizeof(void *)},
    // PEP 3118 text: a count is a length in code units, as for 's'.
    {'u', MV_KIND_TEXT, false, 2, 2},
    {'w', MV_KIND_TEXT, false, 4, 4},
};

const CodeInfo *find_code(char c) {
    for (const CodeInfo &ci : kCodes)
        if (ci.code == c) return &ci;
    return nullptr;
}

bool host_little() {
    const uint16_t one = 1;
    unsigned char b;
    std::memcpy(&b, &one, 1);
    return b == 1;
}

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

}  // namespace

// Formats of one code with an optional byte-order prefix are so common (every
// mv_create, most casts) that they are parsed once and shared forever:
// casting then costs no allocation for the format.
struct FormatTable {
    static constexpr const char *kPrefixes = "@=<>!";
    Format *single[6][128] = {};

    FormatTable() {
        char text[3];
        for (int p = 0; p < 6; p++) {
            for (const CodeInfo &ci : kCodes) {
                if (p > 1 && ci.std_size == 0) continue;  // invalid; parse it (and report) on use
                size_t n = 0;
                if (p > 0) text[n++] = kPrefixes[p - 1];
                text[n++] = ci.code;
                text[n] = '\0';
                int code = 0;
                Format *f = Format::parse_uncached(text, &code);
                if (f) f->immortal_ = true;
                single[p][static_cast<unsigned char>(ci.code)] = f;
            }
        }
    }

    // 1 + the index of c in kPrefixes, or 0 (a switch: strchr was a tenth
    // of the cost of a cast).
    static int prefix_slot(char c) {
        switch (c) {
        case '@': return 1;
        case '=': return 2;
        case '<': return 3;
        case '>': return 4;
        case '!': return 5;
        }
        return 0;
    }

    Format *lookup(const char *text) const {
        const char *s = text;
        const int p = prefix_slot(s[0]);
        if (p) s++;
        unsigned char c = static_cast<unsigned char>(s[0]);
        if (c == 0 || c >= 128 || s[1] != '\0') return nullptr;
        return single[p][c];
    }
};

namespace {

// The table, once built: one acquire load (a plain load on x86) per lookup
// instead of a call through a function-local static's guard.
std::atomic<const FormatTable *> g_table{nullptr};

__attribute__((noinline)) const FormatTable &table_init() {
    static const FormatTable *t = new FormatTable();  // immortal: views may outlive static destruction
    g_table.store(t, std::memory_order_release);
    return *t;
}

inline const FormatTable &table() {
    const FormatTable *t = g_table.load(std::memory_order_acquire);
    return __builtin_expect(t != nullptr, 1) ? *t : table_init();
}

}  // namespace

const Format *format_bytes() { return table().lookup("B"); }

void Format::release_counted() const {
    if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
}

// Interned formats. Every other format text that parses (records such as
// "<If", counts such as "3f") goes into a bounded, lock-free open-addressing
// table the first time it is seen; later parses of the same text return that
// Format without parsing or allocating. Interned formats are immortal (their
// retain and release are no-ops), so a hit costs a hash, a few loads and one
// comparison of the text; a repeat of the last text seen with the same first
// two characters (Interner::recent) skips the hash and the probe. Bounded: at most kInternSlots formats, each with
// short text and few fields; once a text's probe window is full, that text is
// parsed per call as before (correct, just slower). Slots only ever go from
// empty to full, so readers need no lock: a slot is published with a
// release CAS after the Format is complete.
namespace {

constexpr size_t kInternSlots = 512;  // a power of two
constexpr size_t kInternProbes = 8;
constexpr size_t kInternMaxText = Format::kMaxInternText;
constexpr size_t kInternMaxFields = 64;

std::atomic<Format *> g_interned[kInternSlots];

}  // namespace

// The interning code (a friend of Format).
struct Interner {
    // A hash of at most kInternMaxText + 1 bytes; *len gets the length seen
    // (kInternMaxText + 1 means "too long to intern"). Bytes are gathered
    // into 64-bit words and mixed a word at a time (a byte-at-a-time FNV-1a
    // chains a multiply per byte), then finished with MurmurHash3's fmix64
    // so that every byte reaches the low bits that pick a slot.
    static uint64_t hash(const char *text, size_t *len) {
        uint64_t h = 0x9e3779b97f4a7c15ull, w = 0;
        size_t n = 0;
        for (; n <= kInternMaxText; n++) {
            const unsigned char c = static_cast<unsigned char>(text[n]);
            if (!c) break;
            w |= static_cast<uint64_t>(c) << (8 * (n & 7));
            if ((n & 7) == 7) {
                h = (h ^ w) * 0xff51afd7ed558ccdull;
                h ^= h >> 32;
                w = 0;
            }
        }
        *len = n;
        h ^= w ^ n;
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdull;
        h ^= h >> 33;
        h *= 0xc4ceb9fe1a85ec53ull;
        return h ^ (h >> 33);
    }

    // The full hash first (set before the format is published, never
    // changed), then the text in an inline byte loop: interned texts are
    // short, and a memcmp call was a fifth of a record cast's profile.
    static bool same_text(const Format *f, const char *text, size_t len, uint64_t h) {
        if (f->intern_hash_ != h) return false;
        const char *t = f->intern_key_;
        for (size_t i = 0; i <= len; i++)  // the NUL too: t may be longer
            if (t[i] != text[i]) return false;
        return true;
    }

    // In front of the table: the interned format most recently looked up,
    // per pair of first characters ("<I" of "<If"), shared by all threads.
    // A hit costs one load and a comparison of the text; no hash, no probe.
    // Each slot holds nullptr or an interned (immortal, published) format,
    // and only a miss writes, so a thread casting to one format over and
    // over writes nothing. Bounded: kRecentSlots pointers.
    static constexpr size_t kRecentSlots = 64;
    static std::atomic<Format *> recent_[kRecentSlots];

    static size_t recent_slot(const char *text) {
        const unsigned c0 = static_cast<unsigned char>(text[0]);
        const unsigned c1 = c0 ? static_cast<unsigned char>(text[1]) : 0;
        return (c0 * 33 + c1) & (kRecentSlots - 1);
    }

    static Format *recent(const char *text) {
        Format *f = recent_[recent_slot(text)].load(std::memory_order_acquire);
        if (!f) return nullptr;
        const char *k = f->intern_key_;
        for (size_t i = 0;; i++) {
            const char c = text[i];
            if (c != k[i]) return nullptr;
            if (!c) return f;
        }
    }

    // Not inlined into Format::parse, so that parse's fast path (the
    // single-code table) pays none of this function's register saves.
    __attribute__((noinline)) static Format *lookup(const char *text, int *code) {
        size_t len;
        const uint64_t h = hash(text, &len);
        if (len > kInternMaxText) return Format::parse_uncached(text, code);
        for (size_t i = 0; i < kInternProbes; i++) {
            Format *f = g_interned[(h + i) & (kInternSlots - 1)].load(std::memory_order_acquire);
            if (!f) break;
            if (same_text(f, text, len, h)) return remember(text, f);
        }
        Format *f = insert(text, code, h, len);
        return f && f->immortal_ ? remember(text, f) : f;
    }

    static Format *remember(const char *text, Format *f) {
        recent_[recent_slot(text)].store(f, std::memory_order_release);
        return f;
    }

    __attribute__((noinline)) static Format *insert(const char *text, int *code, uint64_t h, size_t len) {
        Format *f = Format::parse_uncached(text, code);
        if (!f || f->fields_.size() > kInternMaxFields) return f;
        f->immortal_ = true;  // before publication: a reader never sees it change
        f->intern_hash_ = h;
        std::memcpy(f->intern_key_, text, len + 1);
        for (size_t i = 0; i < kInternProbes; i++) {
            std::atomic<Format *> &slot = g_interned[(h + i) & (kInternSlots - 1)];
            Format *seen = nullptr;
            if (slot.compare_exchange_strong(seen, f, std::memory_order_acq_rel, std::memory_order_acquire))
                return f;
            if (same_text(seen, text, len, h)) {  // another thread interned it first
                delete f;
                return seen;
            }
        }
        f->immortal_ = false;  // no room: an ordinary refcounted format
        return f;
    }
};

std::atomic<Format *> Interner::recent_[Interner::kRecentSlots];

Format *Format::parse(const char *text, int *code) {
    if (Format *f = table().lookup(text)) return f;
    if (Format *f = Interner::recent(text)) return f;
    return Interner::lookup(text, code);
}

Format *Format::parse_uncached(const char *text, int *code) {
    const bool little = host_little();
    const char *s = text;
    char order = '@';
    if (*s && std::strchr("@=<>!", *s)) order = *s++;
    const bool native = order == '@';
    const bool swap = (order == '<' && !little) || ((order == '>' || order == '!') && little);

    Format *f = new (std::nothrow) Format();
    if (!f) {
        *code = fail(MV_ENOMEM, "out of memory parsing format '%s'", text);
        return nullptr;
    }
    size_t offset = 0;
    size_t nonpad_bytes = 0;
    bool memcmp_ok = true;
    auto bail = [&](int c) {
        delete f;
        *code = c;
        return nullptr;
    };
    while (*s) {
        if (is_space(*s)) {
            s++;
            continue;
        }
        size_t count = 1;
        if (*s >= '0' && *s <= '9') {
            count = 0;
            while (*s >= '0' && *s <= '9') {
                size_t digit = static_cast<size_t>(*s - '0');
                if (count > (SIZE_MAX - digit) / 10)
                    return bail(fail(MV_EOVERFLOW, "format '%s': repeat count too large", text));
                count = count * 10 + digit;
                s++;
            }
            if (!*s)
                return bail(fail(MV_EFORMAT, "format '%s': repeat count given without format specifier", text));
        }
        const char c = *s++;
        const CodeInfo *ci = find_code(c);
        if (!ci) {
            if (static_cast<unsigned char>(c) >= 32 && static_cast<unsigned char>(c) < 127)
                return bail(fail(MV_EFORMAT, "format '%s': bad char '%c' in struct format", text, c));
            return bail(fail(MV_EFORMAT, "format '%s': bad char 0x%02x in struct format", text,
                             static_cast<unsigned>(static_cast<unsigned char>(c))));
        }
        size_t size = native ? ci->native_size : ci->std_size;
        if (size == 0)
            return bail(fail(MV_EFORMAT, "format '%s': '%c' is only allowed with native byte order ('@')", text, c));
        if (native && size > 1) {
            size_t aligned = (offset + size - 1) / size * size;
            if (aligned < offset) return bail(fail(MV_EOVERFLOW, "format '%s': total struct size too long", text));
            offset = aligned;
        }
        const bool string_like = c == 's' || c == 'p';
        const bool unicode = ci->kind == MV_KIND_TEXT;  // one field of `count` code units
        size_t total;
        if (__builtin_mul_overflow(string_like ? 1 : count, string_like ? count : size, &total) ||
            __builtin_add_overflow(offset, total, &total) || total > static_cast<size_t>(PTRDIFF_MAX))
            return bail(fail(MV_EOVERFLOW, "format '%s': total struct size too long", text));
        if (c == 'x') {
            offset = total;
            memcmp_ok = false;  // pad bytes are not part of the value
            continue;
        }
        const size_t nfields = string_like || unicode ? 1 : count;
        if (f->fields_.size() + nfields > kMaxFields)
            return bail(fail(MV_EFORMAT, "format '%s': more than %zu fields in one item", text, kMaxFields));
        if ((string_like || unicode) && total - offset > UINT32_MAX)
            return bail(fail(MV_EOVERFLOW, "format '%s': string field too long", text));
        try {
            for (size_t k = 0; k < nfields; k++) {
                Field fd;
                fd.code = c;
                fd.kind = ci->kind;
                fd.is_signed = ci->is_signed;
                fd.size = static_cast<uint32_t>(string_like ? count : unicode ? total - offset : size);
                fd.swap = swap && (fd.size > 1 || unicode) && !string_like && c != '?';
                fd.offset = offset + (string_like || unicode ? 0 : k * size);
                f->fields_.push_back(fd);
            }
        } catch (const std::bad_alloc &) {
            return bail(fail(MV_ENOMEM, "out of memory parsing format '%s'", text));
        }
        if (c == 'e' || c == 'f' || c == 'd' || c == '?' || c == 'p' || unicode) memcmp_ok = false;
        if (unicode) f->has_text_ = true;
        nonpad_bytes += total - offset;
        offset = total;
    }
    f->itemsize_ = offset;
    f->native_ = native;
    f->memcmp_equal_ = memcmp_ok && nonpad_bytes == offset;
    try {
        f->text_ = text;
    } catch (const std::bad_alloc &) {
        return bail(fail(MV_ENOMEM, "out of memory parsing format"));
    }
    f->byte_format_ = f->fields_.size() == 1 && f->itemsize_ == 1 && native &&
                      (f->fields_[0].code == 'B' || f->fields_[0].code == 'b' || f->fields_[0].code == 'c');
    return f;
}

std::string Format::field_format(size_t k) const {
    const Field &fd = fields_[k];
    std::string out;
    if (!native_) {
        const bool big = host_little() == fd.swap;
        out += big ? '>' : '<';
    }
    if (fd.code == 's' || fd.code == 'p') out += std::to_string(fd.size);
    if (fd.kind == MV_KIND_TEXT) {
        const size_t units = fd.size / (fd.code == 'u' ? 2 : 4);
        if (units != 1) out += std::to_string(units);
    }
    out += fd.code;
    return out;
}

bool Format::byte_order_variant(const Format &o) const {
    if (itemsize_ != o.itemsize_ || fields_.size() != o.fields_.size()) return false;
    for (size_t k = 0; k < fields_.size(); k++) {
        const Field &a = fields_[k], &b = o.fields_[k];
        if (a.kind != b.kind || a.size != b.size || a.offset != b.offset || a.is_signed != b.is_signed) return false;
        if (a.kind == MV_KIND_BYTES && a.code != b.code) return false;
        // Text units are swapped one by one, which a byte-order copy does not do.
        if (a.kind == MV_KIND_TEXT && (a.code != b.code || a.swap != b.swap)) return false;
    }
    return true;
}

bool Format::equivalent(const Format &o) const {
    if (this == &o) return true;
    if (itemsize_ != o.itemsize_ || fields_.size() != o.fields_.size()) return false;
    for (size_t k = 0; k < fields_.size(); k++) {
        const Field &a = fields_[k], &b = o.fields_[k];
        if (a.kind != b.kind || a.size != b.size || a.offset != b.offset || a.swap != b.swap ||
            a.is_signed != b.is_signed)
            return false;
        // same size and kind is the same meaning for numbers; not for c/s/p/u/w
        if ((a.kind == MV_KIND_BYTES || a.kind == MV_KIND_TEXT) && a.code != b.code) return false;
    }
    return true;
}

}  // namespace mv
