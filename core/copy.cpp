#include "copy.hpp"

#include <array>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <type_traits>
#include <utility>

#include "error.hpp"
#include "iterate.hpp"
#include "simd.hpp"
#include "view.hpp"

#if defined(__x86_64__) || defined(__i386__)
#define MV_COPY_X86 1
#include <immintrin.h>
#endif

namespace mv {

namespace {

// A fixed-size item loop: the compiler turns each copy into one or two moves,
// about ten times a memcpy call per item. Items are addressed by offsets
// from the row start, never by a pointer bumped past the last item: with a
// huge stride (a one-item view keeps CPython's stride * step) that pointer
// would wrap the address space.
template <size_t N>
void copy_row(unsigned char *d, ptrdiff_t ds, const unsigned char *s, ptrdiff_t ss, ptrdiff_t n) {
    for (ptrdiff_t i = 0; i < n; i++) std::memcpy(d + i * ds, s + i * ss, N);
}

void copy_row_any(unsigned char *d, ptrdiff_t ds, const unsigned char *s, ptrdiff_t ss, ptrdiff_t n, size_t size) {
    for (ptrdiff_t i = 0; i < n; i++) std::memcpy(d + i * ds, s + i * ss, size);
}

// The same with one side contiguous, the common case (tobytes gathers into a
// packed destination; copying packed bytes into a strided view scatters):
// with the packed side's step a constant the loop is what a typed
// `d[i] = s[i * step]` compiles to (issue 14: with both steps variable a
// 1..16-byte strided tobytes was up to 4x that loop).
// Unrolled by 4 (GCC does not unroll it by itself): the loop's compare and
// branch once per 4 items instead of per item; 3-byte items at steps 2 and 3 went from ~1.0x to
// 0.80-0.82x the typed loop, other sizes stayed within the noise of 1.0x.
template <size_t N>
void gather_row(unsigned char *d, ptrdiff_t, const unsigned char *s, ptrdiff_t ss, ptrdiff_t n) {
#pragma GCC unroll 4
    for (ptrdiff_t i = 0; i < n; i++) std::memcpy(d + i * static_cast<ptrdiff_t>(N), s + i * ss, N);
}
// Items of 1, 2, 4 and 8 bytes gathered into registers and stored several
// at a time: 8 one-byte or 4 two-byte items as one 8-byte store, 4 four- or
// eight-byte items as one or two 16-byte stores. The typed loop stores
// every item by itself. The loads are each item's own, so nothing is read
// that the view does not hold.
template <size_t N>
using Word = std::conditional_t<N == 1, uint8_t,
                                std::conditional_t<N == 2, uint16_t, std::conditional_t<N == 4, uint32_t, uint64_t>>>;
using U64x2 = uint64_t __attribute__((vector_size(16)));
template <size_t N>
inline Word<N> load_item(const unsigned char *p) {
    Word<N> x;
    std::memcpy(&x, p, N);
    return x;
}
template <size_t N>
void gather_packed_row(unsigned char *d, ptrdiff_t, const unsigned char *s, ptrdiff_t ss, ptrdiff_t n) {
    constexpr ptrdiff_t kPer = N == 1 ? 8 : 4;  // items per round
    ptrdiff_t i = 0;
    for (; i + kPer <= n; i += kPer) {
        const unsigned char *p = s + i * ss;
        if constexpr (N <= 2) {
            uint64_t w = 0;
            // Unrolled at -O2 as well (the bundled builds of the bindings):
            // rolled, Python's 1-byte [::2] tobytes was 3.4x slower.
#pragma GCC unroll 8
            for (ptrdiff_t k = 0; k < kPer; k++) w |= static_cast<uint64_t>(load_item<N>(p + k * ss)) << (8 * N * k);
            std::memcpy(d + i * N, &w, 8);
        } else if constexpr (N == 4) {
            const uint64_t lo = load_item<4>(p) | static_cast<uint64_t>(load_item<4>(p + ss)) << 32;
            const uint64_t hi = load_item<4>(p + 2 * ss) | static_cast<uint64_t>(load_item<4>(p + 3 * ss)) << 32;
            const uint64_t w[2] = {lo, hi};
            std::memcpy(d + i * N, w, 16);
        } else {
            // Two 16-byte vectors, not a uint64_t[4] copied by memcpy: GCC
            // 12 kept that array on the stack, two dead 16-byte stores per
            // round beside the two real ones (1.3-1.5x the typed loop with
            // the data in L2; objdump of gather_packed_row<8>).
            const U64x2 lo = {load_item<8>(p), load_item<8>(p + ss)};
            const U64x2 hi = {load_item<8>(p + 2 * ss), load_item<8>(p + 3 * ss)};
            std::memcpy(d + i * N, &lo, 16);
            std::memcpy(d + i * N + 16, &hi, 16);
        }
    }
    for (; i < n; i++) std::memcpy(d + i * static_cast<ptrdiff_t>(N), s + i * ss, N);
}

#if defined(MV_COPY_X86) && defined(__SSE2__)
// Items of 12 to 15 bytes, which the typed loop moves in two to four pieces
// (8+4, 8+4+1, 8+4+2, 8+4+2+1): two overlapping 8-byte loads inside the
// item merged into one vector (the second shifted onto its own bytes; the
// bytes both loads hold are equal) and one 16-byte store. The 16 - N bytes
// stored past the item are the next item's, overwritten by it; the last
// item, whose store would pass the row, is copied exactly. With the data in
// L2 this measured 0.8-0.9x the typed loop; for 9-11 bytes it was slower
// (1.03-1.18x), so those keep gather_row.
template <size_t N>
void gather_wide_row(unsigned char *d, ptrdiff_t, const unsigned char *s, ptrdiff_t ss, ptrdiff_t n) {
    static_assert(N > 8 && N < 16, "two 8-byte loads cover the item, one 16-byte store holds it");
    constexpr ptrdiff_t kN = N;
    ptrdiff_t i = 0;
#pragma GCC unroll 4
    for (; i < n - 1; i++) {
        const unsigned char *p = s + i * ss;
        const __m128i a = _mm_loadl_epi64(reinterpret_cast<const __m128i *>(p));
        const __m128i b = _mm_loadl_epi64(reinterpret_cast<const __m128i *>(p + kN - 8));
        _mm_storeu_si128(reinterpret_cast<__m128i *>(d + i * kN), _mm_or_si128(a, _mm_slli_si128(b, kN - 8)));
    }
    for (; i < n; i++) std::memcpy(d + i * kN, s + i * ss, N);
}
#endif

template <size_t N>
void scatter_row(unsigned char *d, ptrdiff_t ds, const unsigned char *s, ptrdiff_t, ptrdiff_t n) {
    for (ptrdiff_t i = 0; i < n; i++) std::memcpy(d + i * ds, s + i * static_cast<ptrdiff_t>(N), N);
}

using RowFn = void (*)(unsigned char *, ptrdiff_t, const unsigned char *, ptrdiff_t, ptrdiff_t);
constexpr size_t kRowSizes = 16;  // item sizes 1..16 have kernels of their own
template <size_t N>
constexpr RowFn gather_kernel() {
    if constexpr (N == 1 || N == 2 || N == 4 || N == 8)
        return &gather_packed_row<N>;
#if defined(MV_COPY_X86) && defined(__SSE2__)
    else if constexpr (N >= 12 && N <= 15)
        return &gather_wide_row<N>;
#endif
    else
        return &gather_row<N>;
}
template <size_t... I>
constexpr std::array<RowFn, sizeof...(I)> gather_table(std::index_sequence<I...>) {
    return {gather_kernel<I + 1>()...};
}
template <size_t... I>
constexpr std::array<RowFn, sizeof...(I)> scatter_table(std::index_sequence<I...>) {
    return {&scatter_row<I + 1>...};
}
template <size_t... I>
constexpr std::array<RowFn, sizeof...(I)> strided_table(std::index_sequence<I...>) {
    return {&copy_row<I + 1>...};
}
constexpr auto kGather = gather_table(std::make_index_sequence<kRowSizes>());
constexpr auto kScatter = scatter_table(std::make_index_sequence<kRowSizes>());
constexpr auto kStrided = strided_table(std::make_index_sequence<kRowSizes>());

// The C-contiguous layout of `shape` at dst.
struct ContigLayout {
    ptrdiff_t shape[MV_MAX_NDIM];
    ptrdiff_t strides[MV_MAX_NDIM];
    Layout layout;
};

void make_contig(ContigLayout &c, unsigned char *dst, int ndim, const ptrdiff_t *shape, size_t itemsize) {
    for (int k = 0; k < ndim; k++) c.shape[k] = shape[k];
    c_strides(ndim, c.shape, itemsize, c.strides);
    c.layout = {dst, ndim, c.shape, c.strides, itemsize};
}

// The same traversal with fewer, longer rows: extent-1 dimensions dropped
// and each dimension merged into the one outside it when both layouts step
// evenly across the pair. A column v[:, k:k+1] then copies as one strided
// row instead of one call per item. Returns the new ndim.
int simplify(int ndim, const ptrdiff_t *shape, const ptrdiff_t *ds, const ptrdiff_t *ss, ptrdiff_t *oshape,
             ptrdiff_t *ods, ptrdiff_t *oss) {
    int m = 0;
    for (int k = 0; k < ndim; k++) {
        if (shape[k] == 1) continue;
        if (m > 0 && ods[m - 1] == ds[k] * shape[k] && oss[m - 1] == ss[k] * shape[k]) {
            oshape[m - 1] *= shape[k];
            ods[m - 1] = ds[k];
            oss[m - 1] = ss[k];
            continue;
        }
        oshape[m] = shape[k];
        ods[m] = ds[k];
        oss[m] = ss[k];
        m++;
    }
    return m;
}

}  // namespace

void copy_layout(const Layout &dst, const Layout &src) {
    const size_t size = src.itemsize;
    for (int k = 0; k < src.ndim; k++)
        if (src.shape[k] == 0) return;
    // Products of extents and strides here stay within the spans of the two
    // layouts, which the views have checked; nothing overflows.
    ptrdiff_t shape[MV_MAX_NDIM], dstr[MV_MAX_NDIM], sstr[MV_MAX_NDIM];
    // Indirect layouts keep their dimensions: the pointer walk is per dimension.
    const bool indirect = dst.suboffsets || src.suboffsets;
    const int ndim = indirect ? src.ndim : simplify(src.ndim, src.shape, dst.strides, src.strides, shape, dstr, sstr);
    for_each_row2(ndim, indirect ? src.shape : shape, dst.data, indirect ? dst.strides : dstr, src.data,
                  indirect ? src.strides : sstr,
                  [size](unsigned char *d, ptrdiff_t ds, unsigned char *s, ptrdiff_t ss, ptrdiff_t n) {
                      if ((ds == static_cast<ptrdiff_t>(size) && ss == ds) || n == 1) {
                          std::memmove(d, s, n * size);
                          return;
                      }
                      if (size > kRowSizes) {
                          copy_row_any(d, ds, s, ss, n, size);
                          return;
                      }
                      const auto &kernels = ds == static_cast<ptrdiff_t>(size)   ? kGather
                                            : ss == static_cast<ptrdiff_t>(size) ? kScatter
                                                                                 : kStrided;
                      kernels[size - 1](d, ds, s, ss, n);
                  },
                  dst.suboffsets, src.suboffsets);
}

int tobytes(const mv_view *v, void *dst, size_t dst_len, char order) {
    if (!v) return fail(MV_EINVAL, "mv_tobytes: view is NULL");
    if (order != 'C' && order != 'F' && order != 'A')
        return fail(MV_EINVAL, "order must be 'C', 'F' or 'A' (got 0x%02x)", static_cast<unsigned>(order & 0xff));
    if (dst_len < v->nbytes)
        return fail(MV_ESIZE, "mv_tobytes: destination has %zu bytes, the view needs %zu", dst_len, v->nbytes);
    if (v->nbytes == 0) return MV_OK;
    if (!dst) return fail(MV_EINVAL, "mv_tobytes: dst is NULL");
    unsigned char *out = static_cast<unsigned char *>(dst);
    const bool fortran = order == 'F' || (order == 'A' && v->f_contig && !v->c_contig);
    if ((!fortran && v->c_contig) || (fortran && v->f_contig)) {
        std::memcpy(out, v->data, v->nbytes);
        return MV_OK;
    }
    ContigLayout c;
    if (!fortran) {
        make_contig(c, out, v->ndim, v->shape(), v->itemsize());
        copy_layout(c.layout, v->layout());
        return MV_OK;
    }
    if (v->indirect) {
        // The pointer walk goes dimension by dimension in order: write each
        // item to its place in a Fortran-contiguous layout instead.
        ptrdiff_t fstrides[MV_MAX_NDIM];
        ptrdiff_t s = static_cast<ptrdiff_t>(v->itemsize());
        for (int k = 0; k < v->ndim; k++) {
            fstrides[k] = s;
            s *= v->shape()[k];  // fits: the product is nbytes
        }
        copy_layout(Layout{out, v->ndim, v->shape(), fstrides, v->itemsize()}, v->layout());
        return MV_OK;
    }
    // Fortran order is C order over the reversed dimensions.
    ptrdiff_t rshape[MV_MAX_NDIM], rstrides[MV_MAX_NDIM];
    for (int k = 0; k < v->ndim; k++) {
        rshape[k] = v->shape()[v->ndim - 1 - k];
        rstrides[k] = v->strides()[v->ndim - 1 - k];
    }
    make_contig(c, out, v->ndim, rshape, v->itemsize());
    copy_layout(c.layout, Layout{v->data, v->ndim, rshape, rstrides, v->itemsize()});
    return MV_OK;
}

namespace {

// After a byte copy between formats that differ only in byte order, put each
// such field of dst into dst's own order.
void swap_fields(const mv_view *dst, const Format &src_fmt) {
    const auto &df = dst->fmt->fields();
    const auto &sf = src_fmt.fields();
    for_each_row(dst->layout(), [&](unsigned char *row, ptrdiff_t stride, ptrdiff_t n) {
        for (ptrdiff_t i = 0; i < n; i++) {
            unsigned char *item = row + i * stride;
            for (size_t k = 0; k < df.size(); k++) {
                if (df[k].swap == sf[k].swap) continue;
                unsigned char *p = item + df[k].offset;
                for (uint32_t a = 0, b = df[k].size - 1; a < b; a++, b--) std::swap(p[a], p[b]);
            }
        }
    });
}

// ---- byte-order conversion in one pass (issue 14) ---------------------------
// The common conversion is a view of one 2-, 4- or 8-byte number per item
// ('>f', '<H', '!d') copied into its native-order twin: decoding big-endian
// data. Copying the bytes and then swapping each item byte by byte cost ~4 ns
// an item (19x a Rust from_be_bytes loop); loading, reversing and storing
// each item in one pass is a loop the compiler vectorises (pshufb).

inline uint16_t copy_bswap(uint16_t x) { return __builtin_bswap16(x); }
inline uint32_t copy_bswap(uint32_t x) { return __builtin_bswap32(x); }
inline uint64_t copy_bswap(uint64_t x) { return __builtin_bswap64(x); }

#ifdef MV_COPY_X86
// Packed items, 16 bytes per shuffle; returns the items done (the rest, fewer
// than 16 bytes, are the scalar loop's). Each block is loaded before it is
// stored, so an in-place conversion (d == s) is safe.
template <size_t N>
__attribute__((target("ssse3"))) ptrdiff_t swap_packed_ssse3(unsigned char *d, const unsigned char *s, ptrdiff_t n) {
    const __m128i mask = N == 2   ? _mm_setr_epi8(1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14)
                         : N == 4 ? _mm_setr_epi8(3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12)
                                  : _mm_setr_epi8(7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8);
    constexpr ptrdiff_t kPer = 16 / N;
    ptrdiff_t i = 0;
    for (; i + 2 * kPer <= n; i += 2 * kPer) {
        const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i *>(s + i * N));
        const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i *>(s + i * N + 16));
        _mm_storeu_si128(reinterpret_cast<__m128i *>(d + i * N), _mm_shuffle_epi8(a, mask));
        _mm_storeu_si128(reinterpret_cast<__m128i *>(d + i * N + 16), _mm_shuffle_epi8(b, mask));
    }
    for (; i + kPer <= n; i += kPer) {
        const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i *>(s + i * N));
        _mm_storeu_si128(reinterpret_cast<__m128i *>(d + i * N), _mm_shuffle_epi8(a, mask));
    }
    return i;
}
#endif

const bool kSwapSimd = simd_ssse3();

template <class U>
void swap_copy_row(unsigned char *d, ptrdiff_t ds, const unsigned char *s, ptrdiff_t ss, ptrdiff_t n) {
    constexpr ptrdiff_t N = sizeof(U);
    U x;
    if (ds == N && ss == N) {  // both packed
        ptrdiff_t i = 0;
#ifdef MV_COPY_X86
        if (kSwapSimd) i = swap_packed_ssse3<N>(d, s, n);
#endif
        for (; i < n; i++) {
            std::memcpy(&x, s + i * N, N);
            x = copy_bswap(x);
            std::memcpy(d + i * N, &x, N);
        }
        return;
    }
    if (ds == N) {  // gathering a strided source (a column of records, a step)
        for (ptrdiff_t i = 0; i < n; i++) {
            std::memcpy(&x, s + i * ss, N);
            x = copy_bswap(x);
            std::memcpy(d + i * N, &x, N);
        }
        return;
    }
    for (ptrdiff_t i = 0; i < n; i++) {
        std::memcpy(&x, s + i * ss, N);
        x = copy_bswap(x);
        std::memcpy(d + i * ds, &x, N);
    }
}

// The size of the number when each item of both formats is exactly one
// 2-, 4- or 8-byte number, stored in opposite byte orders; else 0.
uint32_t whole_item_swap(const Format &d, const Format &s) {
    const auto &df = d.fields();
    const auto &sf = s.fields();
    if (df.size() != 1 || sf.size() != 1 || df[0].swap == sf[0].swap || df[0].offset != 0 ||
        df[0].size != d.itemsize())
        return 0;
    const uint32_t n = df[0].size;
    return n == 2 || n == 4 || n == 8 ? n : 0;
}

// Copy src into dst converting the byte order in one pass, when the formats
// are one whole-item number each (whole_item_swap) and the two views do not
// overlap, or are the same items (an in-place conversion reads each item
// before writing it). Returns false, having written nothing, otherwise.
bool swap_copy(const mv_view *dst, const mv_view *src) {
    const uint32_t size = whole_item_swap(*dst->fmt, *src->fmt);
    if (size == 0 || dst->nitems == 0) return size != 0;
    bool same_items = !dst->indirect && !src->indirect && dst->data == src->data;
    for (int k = 0; same_items && k < dst->ndim; k++) same_items = dst->strides()[k] == src->strides()[k];
    if (!same_items) {
        if (dst->indirect || src->indirect) return false;
        ptrdiff_t dlo, dhi, slo, shi;
        byte_span(dst->ndim, dst->shape(), dst->strides(), dst->itemsize(), &dlo, &dhi);
        byte_span(src->ndim, src->shape(), src->strides(), src->itemsize(), &slo, &shi);
        const uintptr_t d0 = reinterpret_cast<uintptr_t>(dst->data), s0 = reinterpret_cast<uintptr_t>(src->data);
        if (d0 + dlo < s0 + shi && s0 + slo < d0 + dhi) return false;
    }
    const Layout dl = dst->layout(), sl = src->layout();
    auto row = size == 2 ? swap_copy_row<uint16_t> : size == 4 ? swap_copy_row<uint32_t> : swap_copy_row<uint64_t>;
    for_each_row2(dl.ndim, dl.shape, dl.data, dl.strides, sl.data, sl.strides,
                  [&](unsigned char *d, ptrdiff_t ds, unsigned char *s, ptrdiff_t ss, ptrdiff_t n) {
                      row(d, ds, s, ss, n);
                  },
                  dl.suboffsets, sl.suboffsets);
    return true;
}

int copy_bytes(const mv_view *dst, const mv_view *src);

}  // namespace

int copy(const mv_view *dst, const mv_view *src) {
    if (!dst || !src) return fail(MV_EINVAL, "mv_copy: %s is NULL", dst ? "src" : "dst");
    if (dst->readonly) return fail(MV_EREADONLY, "cannot modify read-only memoryview");
    const bool equivalent = dst->fmt->equivalent(*src->fmt);
    bool same = dst->ndim == src->ndim && (equivalent || dst->fmt->byte_order_variant(*src->fmt));
    for (int k = 0; same && k < dst->ndim; k++) same = dst->shape()[k] == src->shape()[k];
    if (!same)
        return fail(MV_ELAYOUT, "memoryview assignment: lvalue and rvalue have different structures "
                                "(format '%s' vs '%s')",
                    dst->fmt->text().c_str(), src->fmt->text().c_str());
    if (!equivalent && swap_copy(dst, src)) return MV_OK;
    const int rc = copy_bytes(dst, src);
    if (rc == MV_OK && !equivalent) swap_fields(dst, *src->fmt);
    return rc;
}

namespace {

int copy_bytes(const mv_view *dst, const mv_view *src) {
    if (dst->nitems == 0) return MV_OK;
    // Where indirect views' items lie is only known by walking them: copy
    // through a temporary, whatever the overlap.
    const bool indirect = dst->indirect || src->indirect;
    bool identical = !indirect && dst->data == src->data;
    for (int k = 0; identical && k < dst->ndim; k++) identical = dst->strides()[k] == src->strides()[k];
    if (identical) return MV_OK;
    ptrdiff_t dlo, dhi, slo, shi;
    byte_span(dst->ndim, dst->shape(), dst->strides(), dst->itemsize(), &dlo, &dhi);
    byte_span(src->ndim, src->shape(), src->strides(), src->itemsize(), &slo, &shi);
    const uintptr_t d0 = reinterpret_cast<uintptr_t>(dst->data), s0 = reinterpret_cast<uintptr_t>(src->data);
    const bool overlap = d0 + dlo < s0 + shi && s0 + slo < d0 + dhi;
    if (dst->c_contig && src->c_contig) {
        std::memmove(dst->data, src->data, src->nbytes);
        return MV_OK;
    }
    if (!overlap && !indirect) {
        copy_layout(dst->layout(), src->layout());
        return MV_OK;
    }
    // Overlapping strided views: go through a temporary, as CPython does.
    void *tmp = std::malloc(src->nbytes);
    if (!tmp) return fail(MV_ENOMEM, "mv_copy: out of memory for a %zu-byte temporary", src->nbytes);
    ContigLayout c;
    make_contig(c, static_cast<unsigned char *>(tmp), src->ndim, src->shape(), src->itemsize());
    copy_layout(c.layout, src->layout());
    copy_layout(dst->layout(), c.layout);
    std::free(tmp);
    return MV_OK;
}

}  // namespace

}  // namespace mv
