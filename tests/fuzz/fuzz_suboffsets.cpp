// libFuzzer harness: mv_from_buffer with suboffsets (PIL-style indirect
// buffers) and what views of them do, checked against an independent walk.
//
// The input describes 1..4 dimensions (extents 0..4), which of them are
// indirect, the suboffset and stride of each, and the item format. The
// harness builds a real tree of pointer tables in one arena so that every
// item the descriptor addresses lies inside it, optionally plants a NULL
// pointer (which mv_from_buffer must refuse), then checks:
// - mv_tobytes in C, F and A order equals a gather by the harness's own
//   ADJUST_PTR walk; mv_hex equals hex of the C bytes;
// - mv_unpack/mv_get give the bytes of the walked item; mv_set writes exactly
//   that item;
// - slices (1-D and N-d), mv_index and mv_field_view equal the same walk of
//   the sliced index space; mv_equal(v, copy) holds for 'B'/'i' formats;
// - mv_copy of the view into a plain buffer and back reproduces the arena.
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "fuzz_util.hpp"

namespace {

using fz::Reader;

constexpr size_t kArena = 1 << 14;
const ptrdiff_t kPtr = static_cast<ptrdiff_t>(sizeof(void *));

struct Desc {
    int ndim = 0;
    ptrdiff_t shape[4] = {}, strides[4] = {}, sub[4] = {};
    size_t itemsize = 1;
    unsigned char *data = nullptr;
};

// The harness's walk: CPython's ADJUST_PTR at each dimension.
unsigned char *walk(const Desc &d, const ptrdiff_t *idx) {
    unsigned char *p = d.data;
    for (int k = 0; k < d.ndim; k++) {
        p += idx[k] * d.strides[k];
        if (d.sub[k] >= 0) p = *reinterpret_cast<unsigned char **>(p) + d.sub[k];
    }
    return p;
}

// Lay out level k of the tree at `at` (bump allocator over the arena) and
// return its base address, or nullptr when the arena is full.
struct Builder {
    unsigned char *arena;
    size_t used = 0;
    Reader &in;
    unsigned char *take(size_t n) {
        n = (n + 15) & ~size_t{15};
        if (used + n > kArena) return nullptr;
        unsigned char *p = arena + used;
        used += n;
        return p;
    }
    // A block for dimension k onward; returns the address the walk starts at
    // for this level (with negative strides, not the block start).
    unsigned char *level(Desc &d, int k) {
        if (k == d.ndim) {
            unsigned char *item = take(d.itemsize);
            if (item)
                for (size_t i = 0; i < d.itemsize; i++) item[i] = static_cast<unsigned char>(in.u8());
            return item;
        }
        // Dimensions k.. up to the next indirect one share one strided block.
        const ptrdiff_t n = d.shape[k] > 0 ? d.shape[k] : 1;
        const ptrdiff_t step = d.strides[k] < 0 ? -d.strides[k] : d.strides[k];
        const size_t slot = d.sub[k] >= 0 ? sizeof(void *) : 0;
        if (d.sub[k] < 0) {
            // Plain dimension: sub-blocks one after another at |stride|,
            // each built for dimension k+1.
            unsigned char *first = nullptr;
            std::vector<unsigned char *> subs;
            for (ptrdiff_t i = 0; i < n; i++) {
                unsigned char *s = level(d, k + 1);
                if (!s) return nullptr;
                subs.push_back(s);
                if (!first) first = s;
            }
            // Only consistent when sub-blocks sit exactly `stride` apart:
            // enforce by choosing the stride from what was laid out.
            if (n > 1) {
                const ptrdiff_t got = subs[1] - subs[0];
                for (ptrdiff_t i = 2; i < n; i++)
                    if (subs[i] - subs[i - 1] != got) return nullptr;
                d.strides[k] = got;
            }
            return first;
        }
        // Indirect dimension: a table of pointers at |stride| apart.
        unsigned char *table = take(static_cast<size_t>(step * (n - 1)) + slot);
        if (!table) return nullptr;
        for (ptrdiff_t i = 0; i < n; i++) {
            unsigned char *target = level(d, k + 1);
            if (!target) return nullptr;
            unsigned char *ptr = target - d.sub[k];
            unsigned char *at = d.strides[k] < 0 ? table + (n - 1 - i) * step : table + i * step;
            std::memcpy(at, &ptr, sizeof ptr);
        }
        return d.strides[k] < 0 ? table + (n - 1) * step : table;
    }
};

std::vector<unsigned char> gather(const Desc &d, bool fortran) {
    std::vector<unsigned char> out;
    size_t total = 1;
    for (int k = 0; k < d.ndim; k++) total *= static_cast<size_t>(d.shape[k]);
    ptrdiff_t idx[4] = {};
    for (size_t n = 0; n < total; n++) {
        size_t r = n;
        if (fortran) {
            for (int k = 0; k < d.ndim; k++) {
                idx[k] = static_cast<ptrdiff_t>(r % static_cast<size_t>(d.shape[k]));
                r /= static_cast<size_t>(d.shape[k]);
            }
        } else {
            for (int k = d.ndim - 1; k >= 0; k--) {
                idx[k] = static_cast<ptrdiff_t>(r % static_cast<size_t>(d.shape[k]));
                r /= static_cast<size_t>(d.shape[k]);
            }
        }
        const unsigned char *p = walk(d, idx);
        out.insert(out.end(), p, p + d.itemsize);
    }
    return out;
}

std::vector<unsigned char> tobytes(mv_view *v, char order) {
    std::vector<unsigned char> out(mv_nbytes(v));
    FZ_CHECK(mv_tobytes(v, out.data(), out.size(), order) == MV_OK, "mv_tobytes of an indirect view");
    return out;
}

// The harness's own model of a derived view: the same walk over a Desc
// whose geometry the harness computed (slicing only changes idx mapping).
void check_view(mv_view *v, const Desc &d) {
    FZ_CHECK(mv_ndim(v) == d.ndim, "ndim");
    for (int k = 0; k < d.ndim; k++) FZ_CHECK(mv_shape(v)[k] == d.shape[k], "shape");
    const std::vector<unsigned char> c = gather(d, false);
    FZ_CHECK(tobytes(v, 'C') == c, "tobytes C equals the walk");
    FZ_CHECK(tobytes(v, 'F') == gather(d, true), "tobytes F equals the walk");
    FZ_CHECK(tobytes(v, 'A') == c, "tobytes A is C for an indirect view");
    std::string hex(mv_hex_len(v, 0, 1) + 1, '\0');
    FZ_CHECK(mv_hex(v, &hex[0], hex.size(), 0, 1) == MV_OK, "mv_hex");
    static const char *digits = "0123456789abcdef";
    for (size_t i = 0; i < c.size(); i++)
        FZ_CHECK(hex[2 * i] == digits[c[i] >> 4] && hex[2 * i + 1] == digits[c[i] & 15], "hex equals the walk");
    FZ_CHECK(!mv_c_contiguous(v) || d.ndim == 0, "indirect views are not contiguous");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size) {
    Reader in(bytes, size);
    static unsigned char *arena = static_cast<unsigned char *>(std::malloc(kArena));
    std::memset(arena, 0, kArena);
    Desc d;
    d.ndim = 1 + in.u8() % 4;
    const uint8_t fsel = in.u8();
    const char *fmt = fsel % 3 == 0 ? "B" : fsel % 3 == 1 ? "<i" : "<hB";
    d.itemsize = fsel % 3 == 0 ? 1 : fsel % 3 == 1 ? 4 : 3;
    bool any_indirect = false;
    for (int k = 0; k < d.ndim; k++) {
        d.shape[k] = in.u8() % 5;
        const uint8_t s = in.u8();
        d.sub[k] = s % 3 == 0 ? -1 - (s >> 6) : (s >> 2) % 8;  // negative of any size means "plain"
        any_indirect |= d.sub[k] >= 0;
        d.strides[k] = d.sub[k] >= 0 ? kPtr * (1 + (s >> 5) % 2) : 0;  // plain strides come from the layout
        if (in.u8() & 1) d.strides[k] = -d.strides[k];
    }
    if (!any_indirect) d.sub[0] = 0, d.strides[0] = kPtr;
    Builder b{arena, 0, in};
    unsigned char *root = b.level(d, 0);
    if (!root) return 0;
    d.data = root;
    for (int k = 0; k < d.ndim; k++)
        if (d.strides[k] == 0) d.strides[k] = static_cast<ptrdiff_t>(d.itemsize);
    size_t total = 1;
    for (int k = 0; k < d.ndim; k++) total *= static_cast<size_t>(d.shape[k]);

    mv_buffer_info info = MV_BUFFER_INFO_INIT;
    info.data = d.data;
    info.format = fmt;
    info.ndim = d.ndim;
    info.shape = d.shape;
    info.strides = d.strides;
    info.suboffsets = d.sub;

    // A planted NULL pointer must be refused (only pointers that the walk
    // reaches count; the first indirect level's first pointer always is).
    if (total > 0 && in.u8() % 8 == 0) {
        int k0 = 0;
        while (d.sub[k0] < 0) k0++;
        ptrdiff_t idx[4] = {};
        unsigned char *p = d.data;
        for (int k = 0; k < k0; k++) p += idx[k] * d.strides[k];
        unsigned char *saved;
        std::memcpy(&saved, p, sizeof saved);
        std::memset(p, 0, sizeof saved);
        mv_view *bad = nullptr;
        FZ_CHECK(mv_from_buffer(&bad, &info) == MV_EINVAL && bad == nullptr, "a NULL pointer is refused");
        std::memcpy(p, &saved, sizeof saved);
    }

    mv_view *v = nullptr;
    int rc = mv_from_buffer(&v, &info);
    FZ_CHECK(rc == MV_OK, "a consistent indirect descriptor is accepted");
    const ptrdiff_t *sub = mv_suboffsets(v);
    FZ_CHECK(sub != nullptr, "mv_suboffsets");
    for (int k = 0; k < d.ndim; k++) FZ_CHECK(sub[k] == d.sub[k], "suboffsets as given");
    check_view(v, d);

    // Unpack: each value's bytes are the walked item's.
    if (total > 0 && fsel % 3 == 0) {
        std::vector<mv_value> vals(total);
        FZ_CHECK(mv_unpack(v, vals.data(), total) == MV_OK, "mv_unpack");
        const std::vector<unsigned char> c = gather(d, false);
        for (size_t i = 0; i < total; i++) FZ_CHECK(vals[i].u == c[i], "mv_unpack equals the walk");
    }

    // get/set at a chosen index writes exactly the walked item.
    if (total > 0) {
        ptrdiff_t idx[4];
        for (int k = 0; k < d.ndim; k++) idx[k] = in.u8() % d.shape[k];
        unsigned char *item = walk(d, idx);
        std::vector<unsigned char> before(arena, arena + kArena);
        mv_value vals[2];
        FZ_CHECK(mv_get(v, idx, d.ndim, vals, 2) == MV_OK, "mv_get");
        vals[0].kind = MV_KIND_UINT;
        vals[0].u = fsel % 3 == 1 ? 0x01020304u : fsel % 3 == 2 ? 0x0506u : 0x07u;
        if (fsel % 3 == 2) vals[1].kind = MV_KIND_UINT, vals[1].u = 9;
        FZ_CHECK(mv_set(v, idx, d.ndim, vals, mv_nfields(v)) == MV_OK, "mv_set");
        for (size_t i = 0; i < kArena; i++) {
            const unsigned char *p = arena + i;
            if (p >= item && p < item + d.itemsize) continue;
            FZ_CHECK(arena[i] == before[i], "mv_set writes only its item");
        }
        mv_value back[2];
        FZ_CHECK(mv_get(v, idx, d.ndim, back, 2) == MV_OK, "mv_get after mv_set");
        const uint64_t got = back[0].kind == MV_KIND_INT ? static_cast<uint64_t>(back[0].i) : back[0].u;
        FZ_CHECK(got == vals[0].u, "mv_get reads what mv_set wrote");
    }

    // Slicing every dimension: the model is the same walk with data/strides
    // moved for plain leading dimensions only, so compare through a copy.
    mv_range r[4];
    for (int k = 0; k < d.ndim; k++) {
        ptrdiff_t start = in.u8() % 5, step = static_cast<int8_t>(in.u8()) % 3;
        if (step == 0) step = 1;
        r[k] = {start, MV_NONE, step};
    }
    mv_view *s = nullptr;
    const int src_rc = mv_slice_nd(&s, v, r, d.ndim);
    // Refused only when an inner start moves an indirect dimension's
    // suboffset below 0 (a negative stride after the pointer).
    bool negative = false;
    {
        ptrdiff_t moved[4];
        std::memcpy(moved, d.sub, sizeof moved);
        for (int k = 1; k < d.ndim; k++) {
            int j = k - 1;
            while (j >= 0 && d.sub[j] < 0) j--;
            const ptrdiff_t st = r[k].start >= d.shape[k] ? (r[k].step > 0 ? d.shape[k] : d.shape[k] - 1) : r[k].start;
            const bool items = total > 0 && (r[k].step > 0 ? st < d.shape[k] : st >= 0);
            if (j >= 0 && items) moved[j] += st * d.strides[k];
        }
        for (int j = 0; j < d.ndim; j++) negative |= d.sub[j] >= 0 && moved[j] < 0;
    }
    FZ_CHECK(src_rc == (negative ? MV_ELAYOUT : MV_OK), "mv_slice_nd refuses exactly the negative suboffsets");
    if (src_rc == MV_OK) {
    // The expected items: index i of the slice is start + i*step of the source.
    {
        size_t n = 1;
        ptrdiff_t sshape[4], starts[4], steps[4];
        for (int k = 0; k < d.ndim; k++) {
            ptrdiff_t st = r[k].start, sp = MV_NONE;
            const ptrdiff_t len = d.shape[k];
            // Python's rule for [start::step].
            if (st >= len) st = r[k].step > 0 ? len : len - 1;
            sshape[k] = r[k].step > 0 ? (len - st + r[k].step - 1) / r[k].step
                                      : (st < 0 ? 0 : (st + 1 + (-r[k].step) - 1) / (-r[k].step));
            if (sshape[k] < 0) sshape[k] = 0;
            starts[k] = st;
            steps[k] = r[k].step;
            n *= static_cast<size_t>(sshape[k]);
            (void)sp;
        }
        for (int k = 0; k < d.ndim; k++) FZ_CHECK(mv_shape(s)[k] == sshape[k], "slice extent");
        std::vector<unsigned char> want;
        ptrdiff_t idx[4];
        for (size_t m = 0; m < n; m++) {
            size_t q = m;
            for (int k = d.ndim - 1; k >= 0; k--) {
                idx[k] = starts[k] + static_cast<ptrdiff_t>(q % static_cast<size_t>(sshape[k])) * steps[k];
                q /= static_cast<size_t>(sshape[k]);
            }
            const unsigned char *p = walk(d, idx);
            want.insert(want.end(), p, p + d.itemsize);
        }
        FZ_CHECK(tobytes(s, 'C') == want, "slice tobytes equals the walk of the sliced indices");
    }
    }

    // mv_index of dimension 0: the walk with idx[0] fixed.
    if (d.shape[0] > 0) {
        const ptrdiff_t i0 = in.u8() % d.shape[0];
        mv_view *row = nullptr;
        FZ_CHECK(mv_index(&row, v, i0) == MV_OK, "mv_index");
        size_t n = 1;
        for (int k = 1; k < d.ndim; k++) n *= static_cast<size_t>(d.shape[k]);
        std::vector<unsigned char> want;
        ptrdiff_t idx[4] = {i0};
        for (size_t m = 0; m < n; m++) {
            size_t q = m;
            for (int k = d.ndim - 1; k >= 1; k--) {
                idx[k] = static_cast<ptrdiff_t>(q % static_cast<size_t>(d.shape[k]));
                q /= static_cast<size_t>(d.shape[k]);
            }
            const unsigned char *p = walk(d, idx);
            want.insert(want.end(), p, p + d.itemsize);
        }
        FZ_CHECK(tobytes(row, 'C') == want, "mv_index equals the walk");
        mv_release(row);
    }

    // Field 1 of "<hB": the byte at offset 2 of every walked item.
    if (fsel % 3 == 2) {
        mv_view *f = nullptr;
        FZ_CHECK(mv_field_view(&f, v, 1) == MV_OK, "mv_field_view");
        const std::vector<unsigned char> c = gather(d, false);
        std::vector<unsigned char> want;
        for (size_t i = 0; i < total; i++) want.push_back(c[3 * i + 2]);
        FZ_CHECK(tobytes(f, 'C') == want, "field view equals the walk");
        mv_release(f);
    }

    // Round trip through a plain buffer: copy out, scribble, copy back.
    {
        std::vector<unsigned char> before(arena, arena + kArena);
        std::vector<unsigned char> plain(total * d.itemsize + 1);
        mv_view *pb = nullptr, *pv = nullptr;
        FZ_CHECK(mv_create(&pb, plain.data(), total * d.itemsize, 0, nullptr, nullptr) == MV_OK, "plain view");
        FZ_CHECK(mv_cast(&pv, pb, fmt, d.shape, d.ndim) == MV_OK || total == 0, "plain cast");
        if (pv) {
            FZ_CHECK(mv_copy(pv, v) == MV_OK, "copy out of an indirect view");
            FZ_CHECK(std::memcmp(plain.data(), gather(d, false).data(), total * d.itemsize) == 0, "copied bytes");
            FZ_CHECK(mv_equal(pv, v) == 1 || fsel % 3 != 0, "equal after copy");
            FZ_CHECK(mv_copy(v, pv) == MV_OK, "copy back");
            FZ_CHECK(std::memcmp(before.data(), arena, kArena) == 0, "copy back leaves the arena as it was");
            // Overlapping: the view into its own reversed slice.
            mv_view *rev = nullptr;
            FZ_CHECK(mv_slice(&rev, v, MV_NONE, MV_NONE, -1) == MV_OK, "reverse slice");
            FZ_CHECK(mv_copy(v, rev) == MV_OK, "overlapping copy");
            FZ_CHECK(mv_copy(v, pv) == MV_OK, "copy back again");
            FZ_CHECK(std::memcmp(before.data(), arena, kArena) == 0, "restored");
            mv_release(rev);
        }
        mv_release(pv);
        mv_release(pb);
    }
    mv_release(s);
    mv_release(v);
    return 0;
}
