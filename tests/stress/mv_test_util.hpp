// Shared helpers for the stress and hostile-input suites: an owning handle
// and error-checking macros that insist on a code AND a message.
#pragma once
#include <gtest/gtest.h>
#include <memview.h>

#include <cstring>
#include <initializer_list>

namespace mvt {

// Owns one mv_view handle; releases it once.
struct View {
    mv_view *p = nullptr;
    View() = default;
    explicit View(mv_view *v) : p(v) {}
    View(const View &) = delete;
    View &operator=(const View &) = delete;
    View(View &&o) noexcept : p(o.p) { o.p = nullptr; }
    View &operator=(View &&o) noexcept {
        if (this != &o) { mv_release(p); p = o.p; o.p = nullptr; }
        return *this;
    }
    ~View() { mv_release(p); }
    mv_view **out() { mv_release(p); p = nullptr; return &p; }
    operator mv_view *() const { return p; }
};

// A value no successful call would ever write to an out parameter: used to
// check that failing calls leave outputs untouched.
inline mv_view *sentinel() { return reinterpret_cast<mv_view *>(uintptr_t{0x5a5a5a50}); }

inline bool in(int rc, std::initializer_list<int> codes) {
    for (int c : codes) if (rc == c) return true;
    return false;
}

}  // namespace mvt

// The call fails with `code` and leaves a non-empty message on this thread.
// mv_errclear() first, so a stale message from an earlier call cannot pass.
#define EXPECT_MV_ERR(expr, code)                                          \
    do {                                                                   \
        mv_errclear();                                                     \
        int rc_ = (expr);                                                  \
        EXPECT_EQ(rc_, (code)) << #expr << " -> " << mv_strerror(rc_)      \
                               << ": " << mv_errmsg();                    \
        EXPECT_STRNE(mv_errmsg(), "") << #expr << " set no message";       \
    } while (0)

// The call fails with one of several codes the header allows for this case.
#define EXPECT_MV_ERR_ANY(expr, ...)                                       \
    do {                                                                   \
        mv_errclear();                                                     \
        int rc_ = (expr);                                                  \
        EXPECT_TRUE(mvt::in(rc_, {__VA_ARGS__}))                           \
            << #expr << " -> " << rc_ << " " << mv_strerror(rc_) << ": "  \
            << mv_errmsg();                                                \
        EXPECT_STRNE(mv_errmsg(), "") << #expr << " set no message";       \
    } while (0)

#define ASSERT_MV_OK(expr)                                                 \
    do {                                                                   \
        int rc_ = (expr);                                                  \
        ASSERT_EQ(rc_, MV_OK) << #expr << ": " << mv_errmsg();             \
    } while (0)

#define EXPECT_MV_OK(expr)                                                 \
    do {                                                                   \
        int rc_ = (expr);                                                  \
        EXPECT_EQ(rc_, MV_OK) << #expr << ": " << mv_errmsg();             \
    } while (0)
