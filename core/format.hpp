// Struct-module format strings: the one parser every view, cast and binding
// goes through. A Format is immutable and shared (intrusively refcounted)
// by all views that use it.
#pragma once
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace mv {

// One unpacked value of an item (struct.unpack gives one per field).
struct Field {
    char code;        // struct format character
    uint8_t kind;     // mv_kind
    bool is_signed;   // for MV_KIND_INT
    bool swap;        // stored in the non-native byte order
    uint32_t size;    // bytes the field occupies (count for 's'/'p'; count * unit for 'u'/'w')
    size_t offset;    // from the start of the item
};

class Format {
public:
    // Longest text that is interned (see format.cpp).
    static constexpr size_t kMaxInternText = 64;

    // Parse `text`; on failure returns nullptr with the error recorded
    // (MV_EFORMAT, MV_EOVERFLOW or MV_ENOMEM in *code).
    static Format *parse(const char *text, int *code);

    void retain() const {
        if (!immortal_) refs_.fetch_add(1, std::memory_order_relaxed);
    }
    void release() const {
        if (!immortal_) release_counted();
    }

    // Shared for the life of the process (the single-code table and the
    // interned formats): retain and release do nothing.
    bool immortal() const { return immortal_; }
    const std::string &text() const { return text_; }
    size_t itemsize() const { return itemsize_; }
    const std::vector<Field> &fields() const { return fields_; }
    // Items are plain bytes compared by value exactly when their bytes are
    // equal: integer and char fields only, no padding, no pascal strings.
    bool memcmp_equal() const { return memcmp_equal_; }
    // 'B', 'b' or 'c' in native layout (CPython's "byte formats").
    bool byte_format() const { return byte_format_; }
    // Native sizes and alignment ('@' or no prefix).
    bool native() const { return native_; }
    // Some field is text ('u' UCS-2, 'w' UCS-4: PEP 3118 buffer codes, not
    // struct codes): the layout is known, but no value is converted (item
    // access is MV_EFORMAT, no two views are equal) and casts refuse it, as
    // CPython's memoryview does with array.array('u').
    bool has_text() const { return has_text_; }
    // The format of field k alone, with its byte order and size kept
    // (e.g. "<f" for field 1 of "<Iff", "10s" for a string field).
    std::string field_format(size_t k) const;
    // Two formats describe the same bytes with the same meaning (mv_copy).
    bool equivalent(const Format &other) const;
    // The same fields at the same offsets, differing at most in byte order
    // ('>if' and '<if'): a copy between them converts values by swapping.
    bool byte_order_variant(const Format &other) const;

private:
    Format() = default;
    ~Format() = default;
    static Format *parse_uncached(const char *text, int *code);
    void release_counted() const;

    mutable std::atomic<size_t> refs_{1};
    bool immortal_ = false;
    bool memcmp_equal_ = false;
    bool byte_format_ = false;
    bool native_ = true;
    bool has_text_ = false;
    std::string text_;
    size_t itemsize_ = 0;
    std::vector<Field> fields_;
    uint64_t intern_hash_ = 0;  // an interned format's text hash, set before it is published
    // An interned format's text, NUL-terminated, inside the object (no
    // pointer to chase on a lookup); set before it is published.
    char intern_key_[kMaxInternText + 1] = {};

    friend struct FormatTable;
    friend struct Interner;
};

// The format "B" of mv_create()/mv_alloc(); immortal.
const Format *format_bytes();

}  // namespace mv
