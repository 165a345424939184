// Shared state and checks of the chain harness (fuzz_chain.cpp): the arena,
// the stack of live views, and the per-view properties every derived view
// must satisfy.
#pragma once
#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "fuzz_util.hpp"

namespace chain {

using fz::Layout;
using fz::PMAX;
using fz::PMIN;
using fz::Reader;

constexpr size_t kArena = 16384;
constexpr size_t kMaxViews = 8;

inline const char *const kFormats[] = {"B",  "b",   "c",      "?",      "H",    "<h", ">i", "I",   "q",   ">Q",
                                "e",  "<f",  "d",      ">d",     "2B",   "3s", "4p", ">iB3x", "<Iff", "xxH",
                                "hB", "@ci", "=q",     "!H",     "N",    "P",  "2i", "<?",  ">e",  "5s"};
constexpr size_t kNumFormats = sizeof kFormats / sizeof kFormats[0];

inline bool has_float(const std::string &f) { return f.find_first_of("efd") != std::string::npos; }
// Text codes ('u', 'w'): laid out, never converted (memview.h, group "text").
inline bool has_text(const std::string &f) { return f.find_first_of("uw") != std::string::npos; }

struct Ctx {
    uint8_t *arena = nullptr;
    std::vector<mv_view *> views;
    Reader in;
    explicit Ctx(Reader r) : in(r) {}
    ~Ctx() {
        for (mv_view *v : views) mv_release(v);
        delete[] arena;
    }
    void push(mv_view *v) {
        if (views.size() == kMaxViews) {
            mv_release(views.front());
            views.erase(views.begin());
        }
        views.push_back(v);
    }
    mv_view *pick() { return views[in.u8() % views.size()]; }
};

// Every item of v lies inside the arena.
inline void check_in_arena(const Ctx &c, const mv_view *v) {
    Layout l = Layout::of(v);
    __int128 lo, hi;
    if (!l.span(&lo, &hi)) return;
    const __int128 base = static_cast<__int128>(l.data - c.arena);
    FZ_CHECK(base + lo >= 0 && base + hi <= static_cast<__int128>(kArena), "view stays inside the arena");
}

// mv_tobytes in every order agrees with gathering items from the layout.
inline void check_bytes(const Ctx &c, const mv_view *v) {
    check_in_arena(c, v);
    Layout l = Layout::of(v);
    FZ_CHECK(mv_nbytes(v) == l.count() * l.itemsize, "nbytes = product(shape) * itemsize");
    if (mv_c_contiguous(v) != l.c_contiguous() || mv_f_contiguous(v) != l.f_contiguous()) {
        std::fprintf(stderr, "layout: itemsize %zu shape/strides:", l.itemsize);
        for (int d = 0; d < l.ndim; ++d) std::fprintf(stderr, " %td/%td", l.shape[d], l.strides[d]);
        std::fprintf(stderr, " -> memview c=%d f=%d, reference c=%d f=%d\n", mv_c_contiguous(v),
                     mv_f_contiguous(v), l.c_contiguous(), l.f_contiguous());
    }
    FZ_CHECK(mv_c_contiguous(v) == l.c_contiguous(), "c_contiguous flag");
    FZ_CHECK(mv_f_contiguous(v) == l.f_contiguous(), "f_contiguous flag");
    std::vector<uint8_t> cb = l.gather_c();
    FZ_CHECK(fz::tobytes(v, 'C') == cb, "tobytes('C') equals the element-by-element reference");
    FZ_CHECK(fz::tobytes(v, 'F') == l.gather_f(), "tobytes('F') equals the reference");
    bool a_is_f = l.f_contiguous() && !l.c_contiguous();
    FZ_CHECK(fz::tobytes(v, 'A') == (a_is_f ? l.gather_f() : cb), "tobytes('A')");
    if (!cb.empty()) {
        std::vector<uint8_t> small(cb.size() - 1);
        mv_errclear();
        int rc = mv_tobytes(v, small.data(), small.size(), 'C');
        FZ_CHECK(rc == MV_ESIZE, "tobytes into a too-small buffer is MV_ESIZE");
        FZ_CHECK_ERR(rc);
    }
}

// Python slice bounds that select exactly the composed slice s.
inline void direct_bounds(const mvref::Slice &s, ptrdiff_t *start, ptrdiff_t *stop, ptrdiff_t *step) {
    if (s.len == 0) {
        *start = 0, *stop = 0, *step = 1;
        return;
    }
    *start = s.start;
    *step = s.step;
    ptrdiff_t last = s.start + (s.len - 1) * s.step;
    *stop = last + (s.step > 0 ? 1 : -1);
    if (*stop < 0) *stop = MV_NONE;  // a negative step that reaches index 0
}

}  // namespace chain
