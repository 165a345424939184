// Interned formats (issue 14): the core keeps parsed record formats in a
// bounded, lock-free table so that a cast to "<If" does not parse every time.
// These tests pin what that must not change: the same text gives the same
// shared Format, a format that does not fit the table still parses and
// works, the table never grows past its bound (thousands of distinct texts
// keep working), errors are not cached, and threads racing to intern the same
// texts all end up with one Format per text (run under TSan by
// scripts/sanitize.sh, label `stress`).
#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "error.hpp"
#include "format.hpp"
#include "memview.h"
#include "mv_test_util.hpp"

namespace {

const mv::Format *parse(const std::string &text) {
    int code = 0;
    const mv::Format *f = mv::Format::parse(text.c_str(), &code);
    EXPECT_NE(f, nullptr) << text << ": " << mv::errmsg();
    return f;
}

TEST(Intern, SameRecordTextGivesTheSameFormat) {
    const mv::Format *a = parse("<If"), *b = parse("<If");
    EXPECT_EQ(a, b);
    EXPECT_EQ(a->itemsize(), 8u);
    ASSERT_EQ(a->fields().size(), 2u);
    EXPECT_EQ(a->fields()[1].offset, 4u);
    // Different text, same layout: a different (but equivalent) Format.
    const mv::Format *c = parse("<I f");
    EXPECT_NE(a, c);
    EXPECT_TRUE(a->equivalent(*c));
    a->release();
    b->release();
    c->release();
    // Releasing the caller's references never frees an interned Format.
    EXPECT_EQ(parse("<If")->itemsize(), 8u);
}

TEST(Intern, LongTextIsParsedEveryTimeAndStillCorrect) {
    std::string text = "<";
    for (int i = 0; i < 40; i++) text += "h";  // 41 chars: within the text bound
    std::string longer = "<";
    for (int i = 0; i < 100; i++) longer += "B";  // past the text bound
    const mv::Format *a = parse(longer), *b = parse(longer);
    EXPECT_NE(a, b);  // not interned: each parse is the caller's own
    EXPECT_EQ(a->itemsize(), 100u);
    EXPECT_EQ(b->fields().size(), 100u);
    a->release();
    b->release();
    const mv::Format *c = parse(text), *d = parse(text);
    EXPECT_EQ(c, d);
    EXPECT_EQ(c->itemsize(), 80u);
}

TEST(Intern, ManyFieldsAreNotInterned) {
    const mv::Format *a = parse("100i"), *b = parse("100i");  // 100 fields: past the field bound
    EXPECT_NE(a, b);
    EXPECT_EQ(a->itemsize(), 400u);
    a->release();
    b->release();
}

TEST(Intern, ErrorsAreNotCached) {
    for (int round = 0; round < 2; round++) {
        int code = 0;
        mv::errclear();
        EXPECT_EQ(mv::Format::parse("<Iz", &code), nullptr);
        EXPECT_EQ(code, MV_EFORMAT);
        EXPECT_NE(std::string(mv::errmsg()).find("bad char 'z'"), std::string::npos) << mv::errmsg();
    }
}

// Far more distinct texts than the table holds: every one parses to the right
// item size, whether it was interned or not, and a second pass agrees.
TEST(Intern, MoreTextsThanSlotsAllParse) {
    std::vector<const mv::Format *> first;
    for (int n = 1; n <= 3000; n++) {
        const std::string text = "<" + std::to_string(n) + "sH";
        const mv::Format *f = parse(text);
        ASSERT_NE(f, nullptr);
        EXPECT_EQ(f->itemsize(), static_cast<size_t>(n) + 2) << text;
        EXPECT_EQ(f->text(), text);
        first.push_back(f);
    }
    for (int n = 1; n <= 3000; n++) {
        const std::string text = "<" + std::to_string(n) + "sH";
        const mv::Format *f = parse(text);
        EXPECT_EQ(f->itemsize(), static_cast<size_t>(n) + 2) << text;
        f->release();
    }
    for (const mv::Format *f : first) f->release();
}

// Through the C API: a cast to a record format, released many times, keeps
// its meaning (the interned Format outlives every view of it).
TEST(Intern, CastToRecordRepeatedly) {
    unsigned char bytes[64];
    for (int i = 0; i < 64; i++) bytes[i] = static_cast<unsigned char>(i);
    mvt::View base;
    ASSERT_EQ(mv_create(base.out(), bytes, sizeof bytes, 0, nullptr, nullptr), MV_OK);
    for (int i = 0; i < 1000; i++) {
        mvt::View c;
        ASSERT_EQ(mv_cast(c.out(), base, "<Ihh", nullptr, 0), MV_OK);
        ASSERT_STREQ(mv_format(c), "<Ihh");
        ASSERT_EQ(mv_itemsize(c), 8u);
        ASSERT_EQ(mv_len(c), 8);
    }
}

// The recent-format cache in front of the table keys its slots by the first
// two characters: texts that share them, or are prefixes of each other, take
// turns in one slot and must never be mistaken for each other.
TEST(Intern, TextsSharingAStartAreToldApart) {
    const struct {
        const char *text;
        size_t itemsize;
    } cases[] = {{"<If", 8}, {"<Iff", 12}, {"<Id", 12}, {"<IfB", 9}, {"<I2f", 12}, {"<Iq", 12}, {"<If ", 8}};
    // Each parse is released: once the table is full (after the test that
    // parses thousands of texts) these are the caller's own formats.
    auto check = [](const char *text, size_t itemsize) {
        const mv::Format *f = parse(text);
        ASSERT_NE(f, nullptr);
        EXPECT_EQ(f->text(), text);
        EXPECT_EQ(f->itemsize(), itemsize) << text;
        f->release();
    };
    for (int round = 0; round < 3; round++)
        for (const auto &c : cases) {
            check(c.text, c.itemsize);
            check(c.text, c.itemsize);
            // Straight after a longer or shorter text with the same start.
            check("<Iff", 12);
            check(c.text, c.itemsize);
            check("<I", 4);
            check(c.text, c.itemsize);
        }
}

// Casts through the fast path that cannot stay on it: a format too long to
// intern (refcounted, released by the cast), and the errors it reports.
TEST(Intern, CastFastPathFallbacks) {
    unsigned char bytes[240] = {};
    mvt::View base;
    ASSERT_EQ(mv_create(base.out(), bytes, sizeof bytes, 0, nullptr, nullptr), MV_OK);
    std::string longer = "<";
    for (int i = 0; i < 80; i++) longer += "B";  // 81 chars: never interned
    for (int i = 0; i < 3; i++) {
        mvt::View c;
        ASSERT_EQ(mv_cast(c.out(), base, longer.c_str(), nullptr, 0), MV_OK) << mv_errmsg();
        EXPECT_EQ(mv_itemsize(c), 80u);
        EXPECT_EQ(mv_len(c), 3);
        EXPECT_STREQ(mv_format(c), longer.c_str());
    }
    for (int i = 0; i < 2; i++) {  // once to intern, once from the table
        mvt::View d;
        EXPECT_EQ(mv_cast(d.out(), base, "<7s", nullptr, 0), MV_ESIZE);
        EXPECT_NE(std::string(mv_errmsg()).find("not a multiple of itemsize 7"), std::string::npos) << mv_errmsg();
        mvt::View e;
        EXPECT_EQ(mv_cast(e.out(), base, "<2u", nullptr, 0), MV_EFORMAT);
        mvt::View z;
        EXPECT_EQ(mv_cast(z.out(), base, "<0s", nullptr, 0), MV_EFORMAT);
        mvt::View bad;
        EXPECT_EQ(mv_cast(bad.out(), base, "<Iz", nullptr, 0), MV_EFORMAT);
    }
}

// Threads casting in turn to texts that share a recent-cache slot: every
// view gets its own format (run under TSan by scripts/sanitize.sh).
TEST(StressConcurrency, RecentSlotRace) {
    constexpr int kThreads = 4, kRounds = 2000;
    static unsigned char bytes[144];  // a multiple of 8, 12 and 9
    const char *texts[] = {"<If", "<Iff", "<Id", "<IfB"};
    const size_t sizes[] = {8, 12, 12, 9};
    mvt::View base;
    ASSERT_EQ(mv_create(base.out(), bytes, sizeof bytes, 0, nullptr, nullptr), MV_OK);
    std::atomic<int> wrong{0};
    std::vector<std::thread> ts;
    for (int t = 0; t < kThreads; t++)
        ts.emplace_back([&, t] {
            for (int i = 0; i < kRounds; i++) {
                const int k = (i + t) % 4;
                mv_view *c = nullptr;
                if (mv_cast(&c, base, texts[k], nullptr, 0) != MV_OK || mv_itemsize(c) != sizes[k] ||
                    std::strcmp(mv_format(c), texts[k]) != 0)
                    wrong++;
                mv_release(c);
            }
        });
    for (auto &th : ts) th.join();
    EXPECT_EQ(wrong.load(), 0);
}

// Threads intern the same texts at once: each text ends as one Format that
// every thread sees, with the right size.
TEST(StressConcurrency, InternRace) {
    constexpr int kThreads = 6, kTexts = 200;
    std::vector<std::vector<const mv::Format *>> seen(kThreads, std::vector<const mv::Format *>(kTexts));
    std::atomic<int> ready{0};
    std::vector<std::thread> ts;
    for (int t = 0; t < kThreads; t++)
        ts.emplace_back([&, t] {
            ready++;
            while (ready.load() < kThreads) std::this_thread::yield();
            for (int i = 0; i < kTexts; i++) {
                const int k = (i * 7 + t * 13) % kTexts;  // different orders per thread
                const std::string text = ">" + std::to_string(k + 1) + "xIq";
                int code = 0;
                seen[t][k] = mv::Format::parse(text.c_str(), &code);
            }
        });
    for (auto &th : ts) th.join();
    for (int k = 0; k < kTexts; k++) {
        ASSERT_NE(seen[0][k], nullptr);
        EXPECT_EQ(seen[0][k]->itemsize(), static_cast<size_t>(k + 1) + 12);
        for (int t = 1; t < kThreads; t++) {
            ASSERT_NE(seen[t][k], nullptr);
            EXPECT_EQ(seen[t][k]->text(), seen[0][k]->text());
            EXPECT_EQ(seen[t][k]->itemsize(), seen[0][k]->itemsize());
        }
    }
    for (auto &row : seen)
        for (const mv::Format *f : row) f->release();
}

}  // namespace
