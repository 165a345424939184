#include "hex.hpp"

#include <array>
#include <cstdlib>
#include <cstring>
#include <utility>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define MV_HEX_X86 1
#endif

#include "copy.hpp"
#include "error.hpp"
#include "simd.hpp"
#include "view.hpp"

namespace mv {

namespace {

constexpr size_t kSepMaxGroup = 8;  // separated hex has SIMD for groups of 1..8 bytes

struct PairTable {
    char pairs[512];
    PairTable() {
        const char *digits = "0123456789abcdef";
        for (int i = 0; i < 256; i++) {
            pairs[2 * i] = digits[i >> 4];
            pairs[2 * i + 1] = digits[i & 15];
        }
    }
};
const PairTable kPairs;

void hex_table(const unsigned char *s, size_t n, char *d) {
    for (size_t i = 0; i < n; i++) std::memcpy(d + 2 * i, kPairs.pairs + 2 * s[i], 2);
}

// Short groups (first group `first` bytes, then k each) in one pass: a call
// of the vector encoder per group of one byte was 5x slower than this.
void hex_grouped_table(const unsigned char *s, size_t n, size_t first, size_t k, char sep, char *d) {
    size_t left = first;
    for (size_t i = 0; i < n; i++) {
        if (left == 0) {
            *d++ = sep;
            left = k;
        }
        std::memcpy(d, kPairs.pairs + 2 * s[i], 2);
        d += 2;
        left--;
    }
}

#ifdef MV_HEX_X86
// 16 bytes at p as 32 hex chars: chars 0-15 in *a, 16-31 in *b. The one
// vector encoder of every SSSE3 kernel below (constants hoisted by inlining).
__attribute__((target("ssse3"), always_inline)) inline void hex16_pairs(const unsigned char *p, __m128i *a,
                                                                       __m128i *b) {
    const __m128i lut = _mm_setr_epi8('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f');
    const __m128i mask = _mm_set1_epi8(0x0f);
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
    const __m128i hi = _mm_shuffle_epi8(lut, _mm_and_si128(_mm_srli_epi16(x, 4), mask));
    const __m128i lo = _mm_shuffle_epi8(lut, _mm_and_si128(x, mask));
    *a = _mm_unpacklo_epi8(hi, lo);
    *b = _mm_unpackhi_epi8(hi, lo);
}

// 16 bytes at p as 32 chars at o.
__attribute__((target("ssse3"), always_inline)) inline void hex16_ssse3(const unsigned char *p, char *o) {
    __m128i a, b;
    hex16_pairs(p, &a, &b);
    _mm_storeu_si128(reinterpret_cast<__m128i *>(o), a);
    _mm_storeu_si128(reinterpret_cast<__m128i *>(o + 16), b);
}

__attribute__((target("ssse3"))) void hex_ssse3(const unsigned char *s, size_t n, char *d) {
    for (; n >= 16; n -= 16, s += 16, d += 32) hex16_ssse3(s, d);
    hex_table(s, n, d);
}

__attribute__((target("avx2"))) void hex_avx2(const unsigned char *s, size_t n, char *d) {
    const __m256i lut = _mm256_setr_epi8('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e',
                                         'f', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd',
                                         'e', 'f');
    const __m256i mask = _mm256_set1_epi8(0x0f);
    for (; n >= 32; n -= 32, s += 32, d += 64) {
        const __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(s));
        const __m256i hi = _mm256_shuffle_epi8(lut, _mm256_and_si256(_mm256_srli_epi16(x, 4), mask));
        const __m256i lo = _mm256_shuffle_epi8(lut, _mm256_and_si256(x, mask));
        // unpack works within 128-bit lanes: a = bytes 0-7 | 16-23, b = 8-15 | 24-31
        const __m256i a = _mm256_unpacklo_epi8(hi, lo);
        const __m256i b = _mm256_unpackhi_epi8(hi, lo);
        _mm256_storeu_si256(reinterpret_cast<__m256i *>(d), _mm256_permute2x128_si256(a, b, 0x20));
        _mm256_storeu_si256(reinterpret_cast<__m256i *>(d + 32), _mm256_permute2x128_si256(a, b, 0x31));
    }
    hex_ssse3(s, n, d);
}

// Separated hex for groups of k = 1..8 bytes (issue 14), SSSE3: blocks of
// 16k input bytes are encoded to 2k vectors of digit pairs, and each of the
// block's 2k+1 output vectors (every group is a separator then 2k digits)
// is gathered from two adjacent pair vectors by pshufb, with the separators
// or-ed in at their places. The tables are built once per k.

struct SepChunk {
    int v;  // first pair vector this output vector draws from
    alignas(16) unsigned char idx0[16], idx1[16], is_sep[16];
};
struct SepTables {
    SepChunk chunks[kSepMaxGroup + 1][2 * kSepMaxGroup + 1];
    SepTables() {
        for (size_t k = 1; k <= kSepMaxGroup; k++) {
            const size_t out = 16 * (2 * k + 1);
            int q[16 * (2 * kSepMaxGroup + 1)];  // pair-stream index per output position, -1: separator
            for (size_t pos = 0; pos < out; pos++) {
                const size_t g = pos / (2 * k + 1), j = pos % (2 * k + 1);
                q[pos] = j == 0 ? -1 : static_cast<int>(g * 2 * k + j - 1);
            }
            for (size_t c = 0; c < 2 * k + 1; c++) {
                SepChunk &ch = chunks[k][c];
                int lo = 1 << 30;
                for (int i = 0; i < 16; i++)
                    if (q[16 * c + i] >= 0 && q[16 * c + i] < lo) lo = q[16 * c + i];
                ch.v = lo / 16;
                for (int i = 0; i < 16; i++) {
                    const int x = q[16 * c + i];
                    ch.is_sep[i] = x < 0 ? 0xff : 0;
                    ch.idx0[i] = x >= 0 && x / 16 == ch.v ? static_cast<unsigned char>(x % 16) : 0x80;
                    ch.idx1[i] = x >= 0 && x / 16 == ch.v + 1 ? static_cast<unsigned char>(x % 16) : 0x80;
                }
            }
        }
    }
};
const SepTables kSepTables;

// The same plan at compile time for a group of K bytes: which pair vector
// output vector C starts in, whether it also draws on the next one, and
// whether it holds a separator (the masks stay in kSepTables).
constexpr int sep_q(size_t K, size_t pos) {
    return pos % (2 * K + 1) == 0 ? -1 : static_cast<int>(pos / (2 * K + 1) * 2 * K + pos % (2 * K + 1) - 1);
}
constexpr int chunk_v(size_t K, size_t C) {
    for (size_t i = 0; i < 16; i++)
        if (sep_q(K, 16 * C + i) >= 0) return sep_q(K, 16 * C + i) / 16;
    return 0;
}
constexpr bool chunk_two(size_t K, size_t C) {
    for (size_t i = 0; i < 16; i++)
        if (sep_q(K, 16 * C + i) >= 0 && sep_q(K, 16 * C + i) / 16 == chunk_v(K, C) + 1) return true;
    return false;
}
constexpr bool chunk_sep(size_t K, size_t C) {
    for (size_t i = 0; i < 16; i++)
        if (sep_q(K, 16 * C + i) < 0) return true;
    return false;
}

// Groups of K bytes (1..8, a compile-time constant), each preceded by sep,
// in whole blocks of 16K bytes: the block's 2K pair vectors stay in
// registers and each output vector is one or two pshufb (and an or of the
// separators where it has one). Returns the bytes done; the caller encodes
// the rest. (The same code compiled for AVX2, VEX-encoded, measured no
// faster: 2.2-3.8 ms against 1.9-3.7 ms for groups of 1..8 over 16 MiB in
// two alternating runs, so there is no AVX2 variant.)
template <size_t K, size_t C>
__attribute__((target("ssse3"), always_inline)) inline void hex_sep_ssse3_chunk(const __m128i *pairs,
                                                                               __m128i sepv, char *d) {
    const SepChunk &ch = kSepTables.chunks[K][C];
    constexpr int v = chunk_v(K, C);
    __m128i r = _mm_shuffle_epi8(pairs[v], _mm_load_si128(reinterpret_cast<const __m128i *>(ch.idx0)));
    if constexpr (chunk_two(K, C))
        r = _mm_or_si128(r, _mm_shuffle_epi8(pairs[v + 1],
                                             _mm_load_si128(reinterpret_cast<const __m128i *>(ch.idx1))));
    if constexpr (chunk_sep(K, C))
        r = _mm_or_si128(r, _mm_and_si128(sepv, _mm_load_si128(reinterpret_cast<const __m128i *>(ch.is_sep))));
    _mm_storeu_si128(reinterpret_cast<__m128i *>(d + 16 * C), r);
}
template <size_t K, size_t... C>
__attribute__((target("ssse3"), always_inline)) inline void hex_sep_ssse3_chunks(const __m128i *pairs,
                                                                                __m128i sepv, char *d,
                                                                                std::index_sequence<C...>) {
    (hex_sep_ssse3_chunk<K, C>(pairs, sepv, d), ...);
}
template <size_t K>
__attribute__((target("ssse3"))) size_t hex_sep_ssse3(const unsigned char *s, size_t n, char sep, char *d) {
    const __m128i sepv = _mm_set1_epi8(sep);
    size_t done = 0;
    for (; n - done >= 16 * K; done += 16 * K, d += 16 * (2 * K + 1)) {
        __m128i pairs[2 * K];
        for (size_t b = 0; b < K; b++) hex16_pairs(s + done + 16 * b, &pairs[2 * b], &pairs[2 * b + 1]);
        hex_sep_ssse3_chunks<K>(pairs, sepv, d, std::make_index_sequence<2 * K + 1>());
    }
    return done;
}

using SepFn = size_t (*)(const unsigned char *, size_t, char, char *);
template <size_t... K>
constexpr std::array<SepFn, sizeof...(K)> sep_ssse3_table(std::index_sequence<K...>) {
    return {&hex_sep_ssse3<K + 1>...};
}

// Groups of k > kSepMaxGroup bytes, each preceded by sep: every group is
// encoded by 16-byte vector steps written in place, at offsets 0, 16, ...
// and a last one ending at the group's end (overlapping the one before it).
// A group of fewer than 16 bytes is encoded as the 16 bytes from its start:
// the 2(16-k) chars too many are overwritten by what follows (the next
// group, or the caller's table loop for the rest). Stops while 16 bytes and
// a whole group remain, so nothing is read or written past the ends.
// Returns the bytes done (whole groups).
__attribute__((target("ssse3"))) size_t hex_sep_long_ssse3(const unsigned char *s, size_t n, size_t k, char sep,
                                                           char *d) {
    const size_t need = k < 16 ? 16 : k;
    const size_t last = k < 16 ? 0 : k - 16;
    size_t done = 0;
    for (; n - done >= need; done += k) {
        *d++ = sep;
        const unsigned char *g = s + done;
        for (size_t c = 0; c < last; c += 16) hex16_ssse3(g + c, d + 2 * c);
        hex16_ssse3(g + last, d + 2 * last);
        d += 2 * k;
    }
    return done;
}
#endif

const bool kSepSimd = simd_ssse3();

#ifdef MV_HEX_X86
constexpr auto kSepKernels = sep_ssse3_table(std::make_index_sequence<kSepMaxGroup>());
#endif

using HexFn = void (*)(const unsigned char *, size_t, char *);

HexFn pick_hex() {
#ifdef MV_HEX_X86
    __builtin_cpu_init();
    if (std::getenv("MEMVIEW_NO_SIMD")) return hex_table;
    // MEMVIEW_NO_AVX2: the SSSE3 kernel on an AVX2 machine, so that bench/check.sh
    // exercises what a CPU with SSSE3 but without AVX2 runs.
    if (!std::getenv("MEMVIEW_NO_AVX2") && __builtin_cpu_supports("avx2")) return hex_avx2;
    if (__builtin_cpu_supports("ssse3")) return hex_ssse3;
#endif
    return hex_table;
}

const HexFn kHex = pick_hex();

size_t group_size(int bytes_per_sep) {
    return bytes_per_sep < 0 ? static_cast<size_t>(-static_cast<long long>(bytes_per_sep))
                             : static_cast<size_t>(bytes_per_sep);
}

}  // namespace

void hex_encode(const unsigned char *src, size_t n, char *dst) { kHex(src, n, dst); }

size_t hex_len(const mv_view *v, char sep, int bytes_per_sep) {
    if (!v) return 0;
    const size_t n = v->nbytes;
    if (!sep || bytes_per_sep == 0 || n == 0) return 2 * n;
    const size_t k = group_size(bytes_per_sep);
    return 2 * n + (n - 1) / k;
}

int hex(const mv_view *v, char *dst, size_t dst_len, char sep, int bytes_per_sep) {
    if (!v || !dst) return fail(MV_EINVAL, "mv_hex: %s is NULL", v ? "dst" : "view");
    if (static_cast<unsigned char>(sep) >= 128) return fail(MV_EINVAL, "sep must be ASCII.");
    const size_t need = hex_len(v, sep, bytes_per_sep);
    if (dst_len < need + 1)
        return fail(MV_ESIZE, "mv_hex: destination has %zu chars, %zu needed (with the NUL)", dst_len, need + 1);
    const size_t n = v->nbytes;
    const unsigned char *src = v->data;
    unsigned char *tmp = nullptr;
    if (!v->c_contig && n) {
        tmp = static_cast<unsigned char *>(std::malloc(n));
        if (!tmp) return fail(MV_ENOMEM, "mv_hex: out of memory for a %zu-byte temporary", n);
        tobytes(v, tmp, n, 'C');
        src = tmp;
    }
    if (!sep || bytes_per_sep == 0 || n == 0) {
        hex_encode(src, n, dst);
    } else {
        const size_t k = group_size(bytes_per_sep);
        // Groups count from the right for positive bytes_per_sep: the short
        // group, if any, comes first.
        size_t first = bytes_per_sep > 0 ? (n % k ? n % k : k) : (k < n ? k : n);
        const size_t rest = n - first;
        if (kSepSimd && (k <= kSepMaxGroup ? rest >= 16 * k : rest >= (k < 16 ? 16 : k))) {
#ifdef MV_HEX_X86
            // The first group as is, then whole SIMD blocks of groups (each
            // with its separator before it), then the rest by the table.
            hex_encode(src, first, dst);
            char *d = dst + 2 * first;
            const size_t done = k <= kSepMaxGroup ? kSepKernels[k - 1](src + first, rest, sep, d)
                                                  : hex_sep_long_ssse3(src + first, rest, k, sep, d);
            d += done / k * (2 * k + 1);
            hex_grouped_table(src + first + done, rest - done, 0, k, sep, d);
#endif
        } else if (k < 32) {
            hex_grouped_table(src, n, first, k, sep, dst);
        } else {
            char *d = dst;
            size_t done = 0;
            for (size_t g = first; done < n; g = (n - done < k ? n - done : k)) {
                if (done) *d++ = sep;
                hex_encode(src + done, g, d);
                d += 2 * g;
                done += g;
            }
        }
    }
    dst[need] = '\0';
    std::free(tmp);
    return MV_OK;
}

}  // namespace mv
