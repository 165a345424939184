// Cross-check of the copy kernels (core/copy.cpp): mv_tobytes in C, F and A
// order and mv_copy (into a separate buffer and, overlapping, into the same
// one) against a per-item walk over multi-indices. Random formats, N-d
// shapes, slices with positive and negative steps. Then mv_copy between
// formats that differ only in byte order ('>f' into '<f', issue 14's
// one-pass conversion and the generic field swap): separate, overlapping and
// in place (the same items, read in one order and written in the other).
#include <memview.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <utility>
#include <vector>

namespace {

std::mt19937_64 rng(11);
int rnd(int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); }

// The items of v, in C or Fortran order, one at a time.
void reference_bytes(const mv_view *v, bool fortran, std::vector<unsigned char> &out) {
    const int nd = mv_ndim(v);
    const ptrdiff_t *sh = mv_shape(v), *st = mv_strides(v);
    const size_t is = mv_itemsize(v);
    size_t n = 1;
    for (int k = 0; k < nd; k++) n *= static_cast<size_t>(sh[k]);
    out.assign(n * is, 0);
    std::vector<ptrdiff_t> idx(static_cast<size_t>(nd), 0);
    for (size_t i = 0; i < n; i++) {
        const unsigned char *p = static_cast<const unsigned char *>(mv_data(v));
        for (int k = 0; k < nd; k++) p += idx[k] * st[k];
        std::memcpy(&out[i * is], p, is);
        if (!fortran) {
            for (int k = nd - 1; k >= 0; k--) {
                if (++idx[k] < sh[k]) break;
                idx[k] = 0;
            }
        } else {
            for (int k = 0; k < nd; k++) {
                if (++idx[k] < sh[k]) break;
                idx[k] = 0;
            }
        }
    }
}

// A random nd-dimensional view of fmt over the first bytes of base, sliced
// with random ranges; NULL when the shape does not fit.
mv_view *random_view(mv_view *base, int nd, const char *fmt, size_t is, size_t room) {
    std::vector<ptrdiff_t> sh(static_cast<size_t>(nd) + 1);
    size_t prod = 1;
    for (int k = 0; k < nd; k++) {
        sh[k] = 1 + rnd(5);
        prod *= static_cast<size_t>(sh[k]);
    }
    if (prod * is > room) return nullptr;
    mv_view *bytes, *shaped, *sliced;
    if (mv_slice(&bytes, base, 0, static_cast<ptrdiff_t>(prod * is), 1)) return nullptr;
    const int rc = mv_cast(&shaped, bytes, fmt, sh.data(), nd);
    mv_release(bytes);
    if (rc) return nullptr;
    std::vector<mv_range> r(static_cast<size_t>(nd) + 1);
    for (int k = 0; k < nd; k++) {
        switch (rnd(4)) {
        case 0: r[k] = {MV_NONE, MV_NONE, 1}; break;
        case 1: r[k] = {MV_NONE, MV_NONE, -1}; break;
        case 2: r[k] = {rnd(3), rnd(3) + 2, 1}; break;
        default: r[k] = {MV_NONE, MV_NONE, rnd(2) ? 2 : -2}; break;
        }
    }
    const int rc2 = mv_slice_nd(&sliced, shaped, r.data(), nd);
    mv_release(shaped);
    return rc2 ? nullptr : sliced;
}

bool same_shape(const mv_view *a, const mv_view *b) {
    if (mv_ndim(a) != mv_ndim(b)) return false;
    for (int k = 0; k < mv_ndim(a); k++)
        if (mv_shape(a)[k] != mv_shape(b)[k]) return false;
    return true;
}

// mv_copy(d, v) against the per-item walk: d's items must be v's, each
// group of `swap` bytes reversed (0: none). Returns false on a mismatch.
bool copy_agrees(const mv_view *d, const mv_view *v, size_t swap) {
    std::vector<unsigned char> want, got;
    reference_bytes(v, false, want);
    for (size_t i = 0; swap && i + swap <= want.size(); i += swap)
        for (size_t a = i, b = i + swap - 1; a < b; a++, b--) std::swap(want[a], want[b]);
    if (mv_copy(d, v)) {
        std::printf("mv_copy failed: %s\n", mv_errmsg());
        return false;
    }
    reference_bytes(d, false, got);
    return got == want;
}

// Byte-order twins: every field of the pair swaps, and all fields have
// `size` bytes. Whole-item numbers take the one-pass kernel, records and
// 1-byte fields the generic path.
struct Twin {
    const char *src, *dst;
    size_t size;
};
const Twin kTwins[] = {{">h", "<h", 2}, {">H", "=H", 2}, {">f", "<f", 4}, {"!i", "i", 4},
                       {"<I", ">I", 4}, {">d", "d", 8}, {"<q", "!q", 8}, {">Q", "<Q", 8},
                       {">if", "<if", 4}, {">hH", "<hH", 2}, {">B", "<B", 1}, {">3d", "<3d", 8}};

// A view of the same items as v in another format (same itemsize).
mv_view *same_items(const mv_view *v, const char *fmt) {
    mv_buffer_info info = MV_BUFFER_INFO_INIT;
    info.data = mv_data(v);
    info.format = fmt;
    info.ndim = mv_ndim(v);
    info.shape = mv_shape(v);
    info.strides = mv_strides(v);
    mv_view *out;
    return mv_from_buffer(&out, &info) ? nullptr : out;
}

// A packed 1-D view of fmt of up to room bytes at a random (unaligned)
// offset of base: long rows, for the vector kernels (random_view's rows have
// at most 5 items).
mv_view *long_view(mv_view *base, const char *fmt, size_t is, size_t room, ptrdiff_t n) {
    const ptrdiff_t off = rnd(16);
    if (static_cast<size_t>(off) + static_cast<size_t>(n) * is > room) return nullptr;
    mv_view *bytes, *out;
    if (mv_slice(&bytes, base, off, off + n * static_cast<ptrdiff_t>(is), 1)) return nullptr;
    const int rc = mv_cast(&out, bytes, fmt, nullptr, 0);
    mv_release(bytes);
    return rc ? nullptr : out;
}

long check_byte_order(long rounds) {
    long checks = 0;
    std::vector<unsigned char> mem(4096), mem2(4096);
    for (long it = 0; it < rounds; it++) {
        for (auto &c : mem) c = static_cast<unsigned char>(rng());
        const Twin &t = kTwins[rnd(sizeof kTwins / sizeof kTwins[0])];
        mv_buffer_info info = MV_BUFFER_INFO_INIT;
        info.format = t.src;
        info.data = mem.data();
        mv_view *probe;
        if (mv_from_buffer(&probe, &info)) return -1;
        const size_t is = mv_itemsize(probe);
        mv_release(probe);
        mv_view *base, *base2;
        mv_create(&base, mem.data(), mem.size(), 0, nullptr, nullptr);
        mv_create(&base2, mem2.data(), mem2.size(), 0, nullptr, nullptr);
        const bool packed = rnd(2);  // half the rounds: one long packed row
        const int nd = packed ? 1 : rnd(5);
        const ptrdiff_t n = rnd(static_cast<int>(2000 / is));
        mv_view *v = packed ? long_view(base, t.src, is, 2048, n) : random_view(base, nd, t.src, is, 2048);
        if (v) {
            for (mv_view *pool : {base2, base}) {  // separate buffer, then the same one (overlap)
                mv_view *d = packed ? long_view(pool, t.dst, is, 4096, n) : random_view(pool, nd, t.dst, is, 4096);
                if (!d) continue;
                if (same_shape(d, v)) {
                    if (!copy_agrees(d, v, t.size)) {
                        std::printf("byte-order copy MISMATCH %s -> %s, ndim %d\n", t.src, t.dst, nd);
                        return -1;
                    }
                    checks++;
                }
                mv_release(d);
            }
            mv_view *twin = same_items(v, t.dst);  // in place
            if (!twin || !copy_agrees(twin, v, t.size)) {
                std::printf("in-place byte-order copy MISMATCH %s -> %s, ndim %d\n", t.src, t.dst, nd);
                return -1;
            }
            checks++;
            mv_release(twin);
            mv_release(v);
        }
        mv_release(base2);
        mv_release(base);
    }
    return checks;
}

}  // namespace

// Long 1-D rows (issue 14's gather kernels store 4 or 8 items at a time,
// then finish item by item): every item size 1..17, lengths 0..300, steps
// +-1..+-5, at random offsets into the buffer, mv_tobytes against the walk
// with a guard byte after the output. Returns the results checked, -1 on a
// mismatch.
long check_long_rows(long rounds) {
    std::vector<unsigned char> mem(300 * 17 * 5 + 64);
    long checks = 0;
    for (long it = 0; it < rounds; it++) {
        for (auto &c : mem) c = static_cast<unsigned char>(rng());
        const size_t is = 1 + static_cast<size_t>(rnd(17));
        const ptrdiff_t n = rnd(301), step = (1 + rnd(5)) * (rnd(2) ? 1 : -1), off = rnd(16);
        char fmt[8];
        std::snprintf(fmt, sizeof fmt, "%zus", is);
        const ptrdiff_t count = n * (step < 0 ? -step : step);  // items under the slice
        mv_view *raw, *typed, *v;
        if (mv_create(&raw, mem.data() + off, static_cast<size_t>(count) * is, 0, nullptr, nullptr)) return -1;
        if (mv_cast(&typed, raw, fmt, nullptr, 0)) return -1;
        if (mv_slice(&v, typed, MV_NONE, MV_NONE, step)) return -1;
        std::vector<unsigned char> want, got(mv_nbytes(v) + 1, 0xee);
        reference_bytes(v, false, want);
        if (mv_tobytes(v, got.data(), got.size(), 'C') ||
            (!want.empty() && std::memcmp(got.data(), want.data(), want.size())) || got[want.size()] != 0xee) {
            std::printf("long row MISMATCH itemsize %zu, %td items, step %td\n", is, mv_len(v), step);
            return -1;
        }
        checks++;
        mv_release(v);
        mv_release(typed);
        mv_release(raw);
    }
    return checks;
}

int main(int argc, char **argv) {
    const long rounds = argc > 1 ? std::atol(argv[1]) : 100000;
    // Every item size 1..16 has kernels of its own in core/copy.cpp (and 17
    // takes the generic loop).
    const char *fmts[] = {"B", "h", "f", "d", "3B", "<if", "16s", "5s", "6s", "7s", "9s",
                          "10s", "11s", "12s", "13s", "14s", "15s", "17s"};
    constexpr int kFmts = sizeof fmts / sizeof fmts[0];
    long checks = 0;
    std::vector<unsigned char> mem(4096), mem2(4096);
    for (long it = 0; it < rounds; it++) {
        for (auto &c : mem) c = static_cast<unsigned char>(rng());
        const char *fmt = fmts[rnd(kFmts)];
        mv_buffer_info info = MV_BUFFER_INFO_INIT;
        info.format = fmt;
        info.data = mem.data();
        mv_view *probe;
        if (mv_from_buffer(&probe, &info)) return 2;
        const size_t is = mv_itemsize(probe);
        mv_release(probe);
        mv_view *base, *base2;
        mv_create(&base, mem.data(), mem.size(), 0, nullptr, nullptr);
        mv_create(&base2, mem2.data(), mem2.size(), 0, nullptr, nullptr);
        const int nd = rnd(5);
        mv_view *v = random_view(base, nd, fmt, is, 2048);
        if (v) {
            const char order = "CFA"[rnd(3)];
            const bool fortran = order == 'F' || (order == 'A' && mv_f_contiguous(v) && !mv_c_contiguous(v));
            std::vector<unsigned char> want, got(mv_nbytes(v) + 1, 0xee);
            reference_bytes(v, fortran, want);
            if (mv_tobytes(v, got.data(), got.size(), order) ||
                (!want.empty() && std::memcmp(got.data(), want.data(), want.size())) || got[want.size()] != 0xee) {
                std::printf("tobytes MISMATCH format %s, ndim %d, order %c\n", fmt, nd, order);
                return 1;
            }
            checks++;
            for (mv_view *pool : {base2, base}) {  // separate buffer, then the same one (overlap)
                mv_view *d = random_view(pool, nd, fmt, is, 4096);
                if (!d) continue;
                if (same_shape(d, v)) {
                    if (!copy_agrees(d, v, 0)) {
                        std::printf("copy MISMATCH format %s, ndim %d\n", fmt, nd);
                        return 1;
                    }
                    checks++;
                }
                mv_release(d);
            }
            mv_release(v);
        }
        mv_release(base2);
        mv_release(base);
    }
    std::printf("copy_check: %ld tobytes/copy results agree\n", checks);
    const long rows = check_long_rows(rounds / 5);
    if (rows < 0) return 1;
    std::printf("copy_check: %ld long strided rows agree\n", rows);
    const long swapped = check_byte_order(rounds / 2);
    if (swapped < 0) return 1;
    std::printf("copy_check: %ld byte-order copies agree\n", swapped);
    return 0;
}
