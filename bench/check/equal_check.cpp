// Cross-check of mv_equal's typed kernels (core/items.cpp) against the plain
// rule they replace: unpack every item of both views and compare the values
// with the core's values_equal. Random formats (byte-order prefixes,
// records, pads, strings), strided and reversed views, mostly-equal data;
// then edge cases whose answers come from CPython 3.11 (struct.unpack of
// both sides, compared with ==).
#include <memview.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace mv {
bool values_equal(const mv_value &a, const mv_value &b);  // core/scalar.hpp (static library)
}

namespace {

int reference_equal(const mv_view *a, const mv_view *b) {
    if (mv_ndim(a) != mv_ndim(b)) return 0;
    size_t n = 1;
    for (int k = 0; k < mv_ndim(a); k++) {
        if (mv_shape(a)[k] != mv_shape(b)[k]) return 0;
        n *= static_cast<size_t>(mv_shape(a)[k]);
    }
    if (n == 0) return 1;
    if (mv_nfields(a) != mv_nfields(b)) return 0;
    const size_t nf = mv_nfields(a);
    std::vector<mv_value> va(n * nf), vb(n * nf);
    if (mv_unpack(a, va.data(), va.size()) || mv_unpack(b, vb.data(), vb.size())) return -1;
    for (size_t i = 0; i < n * nf; i++)
        if (!mv::values_equal(va[i], vb[i])) return 0;
    return 1;
}

size_t itemsize_of(const char *fmt) {
    unsigned char dummy[1];
    mv_buffer_info info = MV_BUFFER_INFO_INIT;
    info.format = fmt;
    info.data = dummy;
    mv_view *v;
    if (mv_from_buffer(&v, &info)) return 0;
    const size_t n = mv_itemsize(v);
    mv_release(v);
    return n;
}

struct Edge {
    const char *fa, *ha, *fb, *hb;
    int want;
};
// Bytes in hex as struct.pack gives them on a little-endian machine.
const Edge kEdges[] = {
    {"q", "ffffffffffffffff", "Q", "ffffffffffffffff", 0},  // -1 vs 2**64-1
    {"Q", "0000000000000080", "d", "000000000000e043", 1},  // 2**63 vs 2.0**63
    {"q", "ffffffffffffff7f", "d", "000000000000e043", 0},  // 2**63-1 vs 2.0**63
    {"q", "0100000000002000", "d", "0000000000004043", 0},  // 2**53+1 vs 2.0**53
    {"Q", "0100000000002000", "d", "0000000000004043", 0},
    {"q", "0000000000000080", "d", "000000000000e0c3", 1},  // -2**63 vs -2.0**63
    {"e", "003e", "f", "0000c03f", 1},
    {">e", "3e00", "<e", "003e", 1},
    {"?", "01", "d", "000000000000f03f", 1},
    {"<if", "0700000000002040", ">if", "0000000740200000", 1},
    {"<if", "0700000000002040", ">ff", "40e0000040200000", 1},
    {"b", "ff", "B", "ff", 0},
    {"i", "fbffffff", "q", "fbffffffffffffff", 1},
    {"I", "ffffffff", "i", "ffffffff", 0},
    {"d", "000000000000f87f", "d", "000000000000f87f", 0},  // NaN
    {"f", "00000000", "d", "0000000000000080", 1},          // 0.0 vs -0.0
    {"f", "0000c07f", "<f", "0000c07f", 0},                 // float32 NaN, different formats
    {">f", "3fc00000", "<f", "0000c03f", 1},                // 1.5 both byte orders
    {"<f", "00000080", ">f", "00000000", 1},                // -0.0 vs 0.0
    {"c", "61", "B", "61", 0},
    {"2s", "6162", "2s", "6162", 1},
};

int edge_cases() {
    int bad = 0;
    for (const Edge &e : kEdges) {
        unsigned char ba[16], bb[16];
        const size_t na = std::strlen(e.ha) / 2, nb = std::strlen(e.hb) / 2;
        for (size_t i = 0; i < na; i++) ba[i] = static_cast<unsigned char>(std::stoi(std::string(e.ha + 2 * i, 2), nullptr, 16));
        for (size_t i = 0; i < nb; i++) bb[i] = static_cast<unsigned char>(std::stoi(std::string(e.hb + 2 * i, 2), nullptr, 16));
        mv_view *ra, *rb, *a, *b;
        mv_create(&ra, ba, na, 0, nullptr, nullptr);
        mv_create(&rb, bb, nb, 0, nullptr, nullptr);
        if (mv_cast(&a, ra, e.fa, nullptr, 0) || mv_cast(&b, rb, e.fb, nullptr, 0)) {
            std::printf("edge: cast failed: %s\n", mv_errmsg());
            return 1;
        }
        const int got = mv_equal(a, b);
        if (got != e.want) {
            std::printf("edge: '%s' %s vs '%s' %s: mv_equal %d, CPython %d\n", e.fa, e.ha, e.fb, e.hb, got, e.want);
            bad++;
        }
        mv_release(a);
        mv_release(b);
        mv_release(ra);
        mv_release(rb);
    }
    return bad;
}

}  // namespace

int main(int argc, char **argv) {
    const long cases = argc > 1 ? std::atol(argv[1]) : 200000;
    std::mt19937_64 rng(argc > 2 ? std::atol(argv[2]) : 1);
    auto rnd = [&](size_t n) { return static_cast<size_t>(rng() % n); };
    const char *codes = "bBhHiIlLqQnN?efdcP";
    const char *prefixes[] = {"", "@", "<", ">", "=", "!"};
    auto make_fmt = [&]() {
        std::string f = prefixes[rnd(6)];
        const bool native = f.empty() || f[0] == '@';
        const int nf = rnd(4) == 0 ? 2 : 1;
        for (int k = 0; k < nf; k++) {
            if (rnd(8) == 0) f += "x";
            if (rnd(10) == 0) {
                f += "3s";
                continue;
            }
            char c = codes[rnd(std::strlen(codes))];
            if (!native && (c == 'n' || c == 'N' || c == 'P')) c = 'q';  // native-only codes
            f += c;
        }
        return f;
    };
    long checked = 0, equal = 0;
    for (long it = 0; it < cases; it++) {
        const std::string fa = make_fmt(), fb = rnd(3) == 0 ? fa : make_fmt();
        const size_t sa = itemsize_of(fa.c_str()), sb = itemsize_of(fb.c_str());
        if (!sa || !sb) {
            std::printf("bad format %s / %s\n", fa.c_str(), fb.c_str());
            return 2;
        }
        const int step = static_cast<int>(rnd(3)) + 1;
        const size_t n = rnd(700) * step;
        mv_view *ba, *bb, *ca, *cb, *a, *b;
        mv_alloc(&ba, n * sa);
        mv_alloc(&bb, n * sb);
        // Mostly zero bytes, so that values repeat and equalities happen.
        unsigned char *da = static_cast<unsigned char *>(mv_data(ba)), *db = static_cast<unsigned char *>(mv_data(bb));
        for (size_t i = 0; i < n * sa; i++) da[i] = rnd(4) ? 0 : static_cast<unsigned char>(rng());
        for (size_t i = 0; i < n * sb; i++) db[i] = rnd(4) ? 0 : static_cast<unsigned char>(rng());
        if (mv_cast(&ca, ba, fa.c_str(), nullptr, 0) || mv_cast(&cb, bb, fb.c_str(), nullptr, 0)) {
            std::printf("cast failed %s %s: %s\n", fa.c_str(), fb.c_str(), mv_errmsg());
            return 2;
        }
        mv_slice(&a, ca, MV_NONE, MV_NONE, step);
        mv_slice(&b, cb, MV_NONE, MV_NONE, step);
        // Copy a's values into b wherever they pack, leaving a few out.
        if (mv_nfields(a) == mv_nfields(b) && mv_nfields(a) <= 4 && rnd(4)) {
            for (ptrdiff_t i = 0; i < static_cast<ptrdiff_t>(mv_len(a)); i++) {
                mv_value v[4];
                mv_get(a, &i, 1, v, 4);
                if (rnd(50)) mv_set(b, &i, 1, v, mv_nfields(b));
            }
        }
        if (rnd(5) == 0) {  // reversed views: negative strides
            mv_view *r1, *r2;
            mv_slice(&r1, a, MV_NONE, MV_NONE, -1);
            mv_slice(&r2, b, MV_NONE, MV_NONE, -1);
            mv_release(a);
            mv_release(b);
            a = r1;
            b = r2;
        }
        const int got = mv_equal(a, b), want = reference_equal(a, b);
        checked++;
        equal += want == 1;
        if (got != want) {
            std::printf("MISMATCH '%s' vs '%s', %zu items, step %d: mv_equal %d, reference %d\n", fa.c_str(),
                        fb.c_str(), mv_len(a), step, got, want);
            return 1;
        }
        for (mv_view *v : {a, b, ca, cb, ba, bb}) mv_release(v);
    }
    const int bad = edge_cases();
    std::printf("equal_check: %ld random pairs agree (%ld equal); %zu edge cases, %d wrong\n", checked, equal,
                sizeof kEdges / sizeof kEdges[0], bad);
    return bad ? 1 : 0;
}
