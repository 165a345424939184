#include "hex.hpp"

#include <cstdlib>
#include <cstring>

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
__attribute__((target("ssse3"))) void hex_ssse3(const unsigned char *s, size_t n, char *d) {
    const __m128i lut = _mm_setr_epi8('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f');
    const __m128i mask = _mm_set1_epi8(0x0f);
    for (; n >= 16; n -= 16, s += 16, d += 32) {
        const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i *>(s));
        const __m128i hi = _mm_shuffle_epi8(lut, _mm_and_si128(_mm_srli_epi16(x, 4), mask));
        const __m128i lo = _mm_shuffle_epi8(lut, _mm_and_si128(x, mask));
        _mm_storeu_si128(reinterpret_cast<__m128i *>(d), _mm_unpacklo_epi8(hi, lo));
        _mm_storeu_si128(reinterpret_cast<__m128i *>(d + 16), _mm_unpackhi_epi8(hi, lo));
    }
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

// Groups of k bytes, each preceded by sep, in whole blocks of 16k bytes.
// Returns the bytes done; the caller encodes the rest.
__attribute__((target("ssse3"))) size_t hex_sep_ssse3(const unsigned char *s, size_t n, size_t k, char sep,
                                                      char *d) {
    const __m128i lut = _mm_setr_epi8('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f');
    const __m128i mask = _mm_set1_epi8(0x0f);
    const __m128i sepv = _mm_set1_epi8(sep);
    const size_t block = 16 * k;
    const SepChunk *chunks = kSepTables.chunks[k];
    size_t done = 0;
    __m128i pairs[2 * kSepMaxGroup + 1];
    for (; n - done >= block; done += block, d += 16 * (2 * k + 1)) {
        for (size_t b = 0; b < k; b++) {
            const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i *>(s + done + 16 * b));
            const __m128i hi = _mm_shuffle_epi8(lut, _mm_and_si128(_mm_srli_epi16(x, 4), mask));
            const __m128i lo = _mm_shuffle_epi8(lut, _mm_and_si128(x, mask));
            pairs[2 * b] = _mm_unpacklo_epi8(hi, lo);
            pairs[2 * b + 1] = _mm_unpackhi_epi8(hi, lo);
        }
        pairs[2 * k] = _mm_setzero_si128();
        for (size_t c = 0; c < 2 * k + 1; c++) {
            const SepChunk &ch = chunks[c];
            const __m128i a = _mm_shuffle_epi8(pairs[ch.v], _mm_load_si128(reinterpret_cast<const __m128i *>(ch.idx0)));
            const __m128i b =
                _mm_shuffle_epi8(pairs[ch.v + 1], _mm_load_si128(reinterpret_cast<const __m128i *>(ch.idx1)));
            const __m128i sp = _mm_and_si128(sepv, _mm_load_si128(reinterpret_cast<const __m128i *>(ch.is_sep)));
            _mm_storeu_si128(reinterpret_cast<__m128i *>(d + 16 * c), _mm_or_si128(_mm_or_si128(a, b), sp));
        }
    }
    return done;
}
#endif

const bool kSepSimd = simd_ssse3();

using HexFn = void (*)(const unsigned char *, size_t, char *);

HexFn pick_hex() {
#ifdef MV_HEX_X86
    __builtin_cpu_init();
    if (std::getenv("MEMVIEW_NO_SIMD")) return hex_table;
    if (__builtin_cpu_supports("avx2")) return hex_avx2;
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
        if (k <= kSepMaxGroup && kSepSimd && n - first >= 16 * k) {
#ifdef MV_HEX_X86
            // The first group as is, then whole SIMD blocks of groups (each
            // with its separator before it), then the rest by the table.
            hex_table(src, first, dst);
            char *d = dst + 2 * first;
            const size_t done = hex_sep_ssse3(src + first, n - first, k, sep, d);
            d += done / k * (2 * k + 1);
            hex_grouped_table(src + first + done, n - first - done, 0, k, sep, d);
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
