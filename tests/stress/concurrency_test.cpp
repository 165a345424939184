// Many threads create, derive, read and release views of one buffer at once.
// The buffer's release callback must run exactly once, and only after every
// user has stopped: users announce themselves in an atomic counter, and the
// callback records whether it ever ran while the counter was non-zero. The
// callback also frees the buffer, so ASan/valgrind turn an early release into
// a use-after-free report.
#include "mv_test_util.hpp"
#include "mv_reference.hpp"

#include <atomic>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr int kThreads = 8;
constexpr ptrdiff_t kBytes = 4096;

uint8_t pattern(ptrdiff_t i) { return static_cast<uint8_t>(i * 131 + 7); }

struct Shared {
    uint8_t *data = nullptr;
    std::atomic<int> users{0};
    std::atomic<int> released{0};
    std::atomic<int> released_while_in_use{0};
    std::atomic<mv_view *> slot{nullptr};  // views handed from thread to thread
    std::atomic<int> failures{0};
    std::atomic<int> ready{0};  // start barrier: all workers begin together
};

void on_release(void *ctx) {
    auto *s = static_cast<Shared *>(ctx);
    if (s->users.load() != 0) s->released_while_in_use++;
    s->released++;
    std::memset(s->data, 0xDD, kBytes);
    delete[] s->data;
}

// Expected C-order bytes of slice `sl` of the 1-D "B" root.
std::vector<uint8_t> expect_bytes(const mvref::Slice &sl) {
    std::vector<uint8_t> v;
    for (ptrdiff_t k = 0; k < sl.len; ++k) v.push_back(pattern(sl.start + k * sl.step));
    return v;
}

ptrdiff_t pick_bound(std::mt19937_64 &rng) {
    switch (rng() % 6) {
        case 0: return MV_NONE;
        case 1: return -static_cast<ptrdiff_t>(rng() % (kBytes + 10));
        default: return static_cast<ptrdiff_t>(rng() % (kBytes + 10));
    }
}

// One thread's work; records failures instead of asserting, because gtest
// assertions are not meant for worker threads.
void worker(Shared *s, mv_view *root, int tid, int iters) {
    std::mt19937_64 rng(0x9E3779B97F4A7C15ull * (tid + 1));
    s->ready++;
    while (s->ready.load() < kThreads) std::this_thread::yield();
    auto fail = [&](const char *what) {
        s->failures++;
        ADD_FAILURE() << "thread " << tid << ": " << what << " (" << mv_errmsg() << ")";
    };
    for (int it = 0; it < iters; ++it) {
        ptrdiff_t step = static_cast<ptrdiff_t>(rng() % 7) + 1;
        if (rng() & 1) step = -step;
        ptrdiff_t start = pick_bound(rng), stop = pick_bound(rng);
        mvref::Slice ref = mvref::py_slice(kBytes, start, stop, step);

        mvt::View sl;
        if (mv_slice(sl.out(), root, start, stop, step) != MV_OK) { fail("slice"); continue; }
        if (mv_len(sl) != static_cast<size_t>(ref.len)) { fail("slice len"); continue; }
        std::vector<uint8_t> want = expect_bytes(ref), got(want.size() + 1, 0);
        if (mv_tobytes(sl, got.data(), got.size(), 'C') != MV_OK) fail("tobytes");
        got.pop_back();
        if (got != want) fail("tobytes content");
        if (ref.len > 0) {
            ptrdiff_t i = static_cast<ptrdiff_t>(rng() % ref.len);
            mv_value val;
            if (mv_get(sl, &i, 1, &val, 1) != MV_OK || val.u != want[i]) fail("get");
        }
        if (mv_equal(sl, sl) != 1) fail("equal self");
        if (ref.len <= 64) {
            std::string h(mv_hex_len(sl, 0, 0) + 1, '?');
            if (mv_hex(sl, &h[0], h.size(), 0, 0) != MV_OK) fail("hex");
            h.pop_back();
            if (h != mvref::hex(want.data(), want.size())) fail("hex content");
        }

        // A retained handle outlives the handle it came from.
        mvt::View kept;
        if (mv_retain(kept.out(), sl) != MV_OK) fail("retain");
        sl = mvt::View();
        if (mv_nbytes(kept) != want.size()) fail("retained nbytes");

        // Contiguous window -> 2-D "H" -> row -> item, and a cast round trip.
        ptrdiff_t off = static_cast<ptrdiff_t>(rng() % (kBytes / 2)) & ~ptrdiff_t{1};
        ptrdiff_t rows = static_cast<ptrdiff_t>(rng() % 8) + 1, cols = 4;
        mvt::View win, h2, row, back, ro;
        if (mv_slice(win.out(), root, off, off + rows * cols * 2, 1) != MV_OK) { fail("window"); continue; }
        ptrdiff_t shape[2] = {rows, cols};
        if (mv_cast(h2.out(), win, "H", shape, 2) != MV_OK) { fail("cast H"); continue; }
        ptrdiff_t r = static_cast<ptrdiff_t>(rng() % rows), c = static_cast<ptrdiff_t>(rng() % cols);
        if (mv_index(row.out(), h2, r) != MV_OK) { fail("index"); continue; }
        mv_value val;
        uint16_t expect16;
        uint8_t two[2] = {pattern(off + (r * cols + c) * 2), pattern(off + (r * cols + c) * 2 + 1)};
        std::memcpy(&expect16, two, 2);
        if (mv_get(row, &c, 1, &val, 1) != MV_OK || val.u != expect16) fail("get H");
        if (mv_cast(back.out(), h2, "B", nullptr, 0) != MV_OK) fail("cast back");
        if (mv_equal(back, win) != 1) fail("round trip equal");
        if (mv_toreadonly(ro.out(), h2) != MV_OK || mv_readonly(ro) != 1) fail("toreadonly");

        // Hand a view to whichever thread comes next; release the one received.
        mv_view *mine = nullptr;
        if (mv_retain(&mine, (rng() & 1) ? kept.p : row.p) != MV_OK) { fail("retain for slot"); continue; }
        mv_view *theirs = s->slot.exchange(mine);
        if (theirs) {
            std::vector<uint8_t> tmp(mv_nbytes(theirs) + 1);
            if (mv_tobytes(theirs, tmp.data(), tmp.size(), 'C') != MV_OK) fail("tobytes of handed view");
            mv_release(theirs);
        }
    }
    // Drain the slot after this thread's last put: the last drain empties it.
    mv_release(s->slot.exchange(nullptr));
    s->users--;
    mv_release(root);
}

void run_round(bool main_keeps_root, int iters) {
    auto *s = new Shared;
    s->data = new uint8_t[kBytes];
    for (ptrdiff_t i = 0; i < kBytes; ++i) s->data[i] = pattern(i);

    mv_view *root = nullptr;
    ASSERT_MV_OK(mv_create(&root, s->data, kBytes, 0, on_release, s));
    s->users = kThreads + 1;
    std::vector<mv_view *> handles(kThreads);
    for (auto &h : handles) ASSERT_MV_OK(mv_retain(&h, root));
    std::vector<std::thread> ts;
    for (int t = 0; t < kThreads; ++t) ts.emplace_back(worker, s, handles[t], t, iters);
    if (!main_keeps_root) {
        s->users--;
        mv_release(root);  // the last worker to finish now triggers the callback
    }
    for (auto &t : ts) t.join();
    if (main_keeps_root) {
        EXPECT_EQ(s->released.load(), 0) << "released while the main thread still holds a view";
        s->users--;
        mv_release(root);
    }
    EXPECT_EQ(s->released.load(), 1) << "release callback must run exactly once";
    EXPECT_EQ(s->released_while_in_use.load(), 0) << "release callback ran while a user was active";
    EXPECT_EQ(s->failures.load(), 0);
    delete s;
}

TEST(StressConcurrency, EightThreadsDeriveReadRelease_LastReleaseOnMainThread) {
    for (int round = 0; round < 12; ++round) run_round(true, 200);
}

TEST(StressConcurrency, EightThreadsDeriveReadRelease_LastReleaseOnAWorker) {
    for (int round = 0; round < 12; ++round) run_round(false, 200);
}

// Each thread creates and drops its own buffers (mv_create with a callback,
// mv_alloc) while handing views to other threads: every callback runs once.
TEST(StressConcurrency, ManyBuffersCreatedAndReleasedOnOtherThreads) {
    std::atomic<int> created{0}, released{0};
    std::atomic<mv_view *> slot{nullptr};
    auto cb = [](void *ctx) {
        auto *p = static_cast<std::pair<std::atomic<int> *, uint8_t *> *>(ctx);
        (*p->first)++;
        delete[] p->second;
        delete p;
    };
    auto body = [&](int tid) {
        std::mt19937_64 rng(tid + 17);
        for (int i = 0; i < 2000; ++i) {
            size_t n = rng() % 256 + 1;
            auto *ctx = new std::pair<std::atomic<int> *, uint8_t *>(&released, new uint8_t[n]());
            mvt::View v, a, s;
            if (mv_create(v.out(), ctx->second, n, 0, cb, ctx) != MV_OK) {
                ADD_FAILURE() << mv_errmsg();
                delete[] ctx->second;
                delete ctx;
                continue;
            }
            created++;
            EXPECT_EQ(mv_alloc(a.out(), n), MV_OK);
            EXPECT_EQ(mv_copy(a, v), MV_OK);
            EXPECT_EQ(mv_slice(s.out(), v, 1, MV_NONE, 2), MV_OK);
            mv_view *give = nullptr;
            EXPECT_EQ(mv_retain(&give, (i & 1) ? s.p : a.p), MV_OK);
            mv_release(slot.exchange(give));
        }
        mv_release(slot.exchange(nullptr));
    };
    std::vector<std::thread> ts;
    for (int t = 0; t < kThreads; ++t) ts.emplace_back(body, t);
    for (auto &t : ts) t.join();
    EXPECT_EQ(slot.load(), nullptr);
    EXPECT_EQ(released.load(), created.load());
}

// mv_errmsg() is per thread: errors raised concurrently on other threads
// never replace this thread's message.
TEST(StressConcurrency, ErrorMessagesStayOnTheirThread) {
    mvt::View v;
    ASSERT_MV_OK(mv_alloc(v.out(), 16));
    auto provoke = [&](int tid) -> int {
        switch (tid % 4) {
            case 0: { mv_view *o; ptrdiff_t i = 100 + tid; return mv_index(&o, v, i); }
            case 1: { mv_view *o; return mv_cast(&o, v, "Zq", nullptr, 0); }
            case 2: { mv_view *o; return mv_slice(&o, v, 0, 1, 0); }
            default: { uint8_t b[4]; return mv_tobytes(v, b, sizeof b, 'C'); }
        }
    };
    std::vector<std::string> expected(kThreads);
    for (int t = 0; t < kThreads; ++t) {
        mv_errclear();
        ASSERT_NE(provoke(t), MV_OK);
        expected[t] = mv_errmsg();
        ASSERT_FALSE(expected[t].empty());
    }
    std::atomic<int> mismatches{0};
    auto body = [&](int tid) {
        for (int i = 0; i < 10000; ++i) {
            if (provoke(tid) == MV_OK) mismatches++;
            mvt::View ok;
            mv_slice(ok.out(), v, 0, 8, 1);  // success leaves the message alone
            if (expected[tid] != mv_errmsg()) mismatches++;
        }
    };
    std::vector<std::thread> ts;
    for (int t = 0; t < kThreads; ++t) ts.emplace_back(body, t);
    for (auto &t : ts) t.join();
    EXPECT_EQ(mismatches.load(), 0);
}

// Threads write disjoint interleaved stripes of one buffer through their
// own strided views (mv_set, and mv_copy from a private buffer).
TEST(StressConcurrency, DisjointStripedWritesThroughStridedViews) {
    constexpr ptrdiff_t n = kThreads * 512;
    std::vector<uint32_t> buf(n, 0);
    mvt::View root, words;
    ASSERT_MV_OK(mv_create(root.out(), buf.data(), buf.size() * 4, 0, nullptr, nullptr));
    ASSERT_MV_OK(mv_cast(words.out(), root, "I", nullptr, 0));
    auto body = [&](int tid) {
        mvt::View stripe;
        ASSERT_EQ(mv_slice(stripe.out(), words, tid, MV_NONE, kThreads), MV_OK);
        const ptrdiff_t len = static_cast<ptrdiff_t>(mv_len(stripe));
        for (ptrdiff_t i = 0; i < len / 2; ++i) {
            mv_value val{};
            val.kind = MV_KIND_UINT;
            val.u = static_cast<uint64_t>(tid) << 16 | static_cast<uint64_t>(i);
            EXPECT_EQ(mv_set(stripe, &i, 1, &val, 1), MV_OK);
        }
        // Second half: one bulk copy from a private buffer.
        std::vector<uint32_t> mine(len - len / 2);
        for (size_t k = 0; k < mine.size(); ++k) mine[k] = (uint32_t(tid) << 16) | uint32_t(len / 2 + k);
        mvt::View src, srcw, half;
        ASSERT_EQ(mv_create(src.out(), mine.data(), mine.size() * 4, MV_READONLY, nullptr, nullptr), MV_OK);
        ASSERT_EQ(mv_cast(srcw.out(), src, "I", nullptr, 0), MV_OK);
        ASSERT_EQ(mv_slice(half.out(), stripe, len / 2, MV_NONE, 1), MV_OK);
        EXPECT_EQ(mv_copy(half, srcw), MV_OK) << mv_errmsg();
    };
    std::vector<std::thread> ts;
    for (int t = 0; t < kThreads; ++t) ts.emplace_back(body, t);
    for (auto &t : ts) t.join();
    for (ptrdiff_t j = 0; j < n; ++j) {
        uint32_t tid = static_cast<uint32_t>(j % kThreads), i = static_cast<uint32_t>(j / kThreads);
        ASSERT_EQ(buf[j], (tid << 16) | i) << "word " << j;
    }
}

}  // namespace
