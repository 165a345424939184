// Small RAII and assertion helpers for the C API suites (test code only).
#pragma once
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "memview.h"

// Owns one handle; released at scope exit.
struct View {
    mv_view *v = nullptr;
    View() = default;
    explicit View(mv_view *p) : v(p) {}
    View(const View &) = delete;
    View &operator=(const View &) = delete;
    ~View() { mv_release(v); }
    mv_view **out() {
        mv_release(v);
        v = nullptr;
        return &v;
    }
    operator mv_view *() const { return v; }
};

// Expect `call` to fail with `code` and a message containing `needle`.
#define EXPECT_MV_ERROR(call, code, needle)                                                  \
    do {                                                                                     \
        mv_errclear();                                                                       \
        int rc_ = (call);                                                                    \
        EXPECT_EQ(rc_, (code)) << mv_errmsg();                                              \
        EXPECT_NE(std::string(mv_errmsg()).find(needle), std::string::npos) << mv_errmsg(); \
    } while (0)

#define ASSERT_MV_OK(call) ASSERT_EQ((call), MV_OK) << mv_errmsg()

inline std::vector<unsigned char> tobytes(const mv_view *v, char order = 'C') {
    std::vector<unsigned char> out(mv_nbytes(v));
    int rc = mv_tobytes(v, out.data(), out.size(), order);
    EXPECT_EQ(rc, MV_OK) << mv_errmsg();
    return out;
}

inline std::string hex(const mv_view *v, char sep = 0, int bps = 1) {
    std::string s(mv_hex_len(v, sep, bps) + 1, '?');
    int rc = mv_hex(v, &s[0], s.size(), sep, bps);
    EXPECT_EQ(rc, MV_OK) << mv_errmsg();
    s.resize(s.size() - 1);
    return s;
}

inline mv_value get1(const mv_view *v, std::vector<ptrdiff_t> idx) {
    mv_value out{};
    int rc = mv_get(v, idx.data(), static_cast<int>(idx.size()), &out, 1);
    EXPECT_EQ(rc, MV_OK) << mv_errmsg();
    return out;
}

inline mv_value int_value(int64_t i) {
    mv_value v{};
    v.kind = MV_KIND_INT;
    v.i = i;
    return v;
}
inline mv_value uint_value(uint64_t u) {
    mv_value v{};
    v.kind = MV_KIND_UINT;
    v.u = u;
    return v;
}
inline mv_value float_value(double f) {
    mv_value v{};
    v.kind = MV_KIND_FLOAT;
    v.f = f;
    return v;
}
inline mv_value bytes_value(const char *s, size_t n) {
    mv_value v{};
    v.kind = MV_KIND_BYTES;
    v.bytes = s;
    v.len = n;
    return v;
}

inline std::vector<ptrdiff_t> shape_of(const mv_view *v) {
    return std::vector<ptrdiff_t>(mv_shape(v), mv_shape(v) + mv_ndim(v));
}
inline std::vector<ptrdiff_t> strides_of(const mv_view *v) {
    return std::vector<ptrdiff_t>(mv_strides(v), mv_strides(v) + mv_ndim(v));
}
