/* SWIG interface for the raw cgo layer of the Go binding.
 *
 * Generated with:  swig -go -cgo -intgosize 64 -package raw -o memview_wrap.c memview.i
 * (run by `go generate ./...`; see gen.go). The output is committed so that
 * `go build` works without SWIG; test.sh regenerates it and fails on drift.
 *
 * Design: Go never sees an mv_view** or mv_errmsg(). Every fallible call goes
 * through an mvgo_* shim that returns one word:
 *   - a view-producing shim returns the new mv_view* (an aligned pointer, so
 *     its low bit is 0), or an error record with the low bit set;
 *   - other shims return 0 on success or an error record with the low bit set.
 * The error record holds the code and a copy of mv_errmsg(), taken in the same
 * C call as the failure: goroutines migrate between OS threads between cgo
 * calls and the message is thread-local. Success costs one cgo call and no
 * allocation on either side.
 */
%module raw

%include <stdint.i>

/* No cgo directives here: link_bundled.go (default: memview.cpp, the
 * amalgamation, compiled into this package) and link_system.go (build tag
 * memview_system: pkg-config and the shared library) hold them. */

%{
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <memview.h>

/* Go's int is 64-bit here and Go []int64 is handed to C as ptrdiff_t[]. */
_Static_assert(sizeof(ptrdiff_t) == 8 && sizeof(void *) == 8, "64-bit platforms only");
/* raw.Value (value.go) mirrors mv_value field for field. */
_Static_assert(sizeof(mv_value) == 48, "mv_value layout");
_Static_assert(offsetof(mv_value, kind) == 0 && offsetof(mv_value, code) == 4 &&
               offsetof(mv_value, i) == 8 && offsetof(mv_value, u) == 16 &&
               offsetof(mv_value, f) == 24 && offsetof(mv_value, bytes) == 32 &&
               offsetof(mv_value, len) == 40, "mv_value layout");
_Static_assert(sizeof(mv_range) == 24, "mv_range is three int64");

typedef uintptr_t mvgo_word;
typedef const char *mvgo_text;

typedef struct mvgo_error {
    int code;
    char msg[];
} mvgo_error;

/* Used when even the error record cannot be allocated. */
static struct { int code; char msg[40]; } mvgo_nomem = {MV_ENOMEM, "out of memory (reporting an error)"};

static mvgo_word mvgo_record(int code, const char *msg) {
    size_t n = strlen(msg);
    mvgo_error *e = (mvgo_error *)malloc(sizeof(mvgo_error) + n + 1);
    if (!e) return (mvgo_word)&mvgo_nomem | 1u;
    e->code = code;
    memcpy(e->msg, msg, n + 1);
    return (mvgo_word)e | 1u;
}

/* Copies this thread's message: must run in the same C call as the failure. */
static mvgo_word mvgo_fail(int rc) { return mvgo_record(rc, mv_errmsg()); }

/* Call as `int rc = mv_x(&v, ...); return mvgo_view_or_fail(rc, v);`: in a
 * single expression the order of evaluation would be unspecified. */
static mvgo_word mvgo_view_or_fail(int rc, mv_view *v) {
    return rc == MV_OK ? (mvgo_word)v : mvgo_fail(rc);
}

/* Exported by callback.go. */
extern void mvgoReleaseHandle(uintptr_t h);
static void mvgo_release_trampoline(void *ctx) { mvgoReleaseHandle((uintptr_t)ctx); }

/* Go strings are not NUL-terminated: copy short ones to the stack. */
#define MVGO_FMT_STACK 256
typedef struct { const char *p; size_t n; } mvgo_str;

static int mvgo_cstr(mvgo_str s, char *stack, char **out, mvgo_word *err) {
    if (memchr(s.p, 0, s.n)) {
        *err = mvgo_record(MV_EFORMAT, "format string contains a NUL byte");
        return 0;
    }
    char *buf = s.n < MVGO_FMT_STACK ? stack : (char *)malloc(s.n + 1);
    if (!buf) {
        *err = mvgo_record(MV_ENOMEM, "out of memory copying the format string");
        return 0;
    }
    memcpy(buf, s.p, s.n);
    buf[s.n] = 0;
    *out = buf;
    return 1;
}
%}

/* ---- typemaps ---------------------------------------------------------- */

/* Handles and results: one machine word, Go uintptr. */
typedef uintptr_t mvgo_word;
%typemap(gotype) mvgo_word "uintptr"
%typemap(in) mvgo_word %{ $1 = (mvgo_word)$input; %}
%typemap(out) mvgo_word %{ $result = $1; %}
%typemap(goout) mvgo_word ""

/* Go []byte (no copy; valid during the call). Debian's SWIG 4.1 has no
 * []byte typemap (cdata.i's BYTES/LENGTH arrived in 4.3). */
%typemap(gotype) (void *BUF, size_t BUFLEN), (char *BUF, size_t BUFLEN) "[]byte"
%typemap(in) (void *BUF, size_t BUFLEN), (char *BUF, size_t BUFLEN)
%{ $1 = ($1_ltype)$input.array; $2 = (size_t)$input.len; %}

/* Go []int64 as ptrdiff_t[] (shapes, indices, ranges). */
%typemap(gotype) (const ptrdiff_t *INTS, size_t NINTS) "[]int64"
%typemap(in) (const ptrdiff_t *INTS, size_t NINTS)
%{ $1 = ($1_ltype)$input.array; $2 = (size_t)$input.len; %}

/* Go []int64 written by C (layout). */
%typemap(gotype) (int64_t *OUTS, size_t NOUTS) "[]int64"
%typemap(in) (int64_t *OUTS, size_t NOUTS)
%{ $1 = (int64_t *)$input.array; $2 = (size_t)$input.len; %}

/* Go []Value as mv_value[] (Value mirrors mv_value; see value.go). */
%typemap(gotype) (mv_value *VALS, size_t NVALS) "[]Value"
%typemap(in) (mv_value *VALS, size_t NVALS)
%{ $1 = (mv_value *)$input.array; $2 = (size_t)$input.len; %}

/* Go string without SWIG's malloc'd copy (formats are short). */
%typemap(gotype) mvgo_str "string"
%typemap(in) mvgo_str %{ $1.p = $input.p; $1.n = (size_t)$input.n; %}

/* C strings owned by the library, returned as a Go string copy (SWIG's own
 * char* typemap mallocs a second copy and trips go vet's unsafeptr check). */
typedef const char *mvgo_text;
%go_import("strings")
%typemap(gotype) mvgo_text "string"
%typemap(out) mvgo_text %{ $result.p = (char *)$1; $result.n = $1 ? (intgo)strlen($1) : 0; %}
%typemap(goout) mvgo_text %{ $result = strings.Clone($1) %}

/* Addresses that may point into Go memory or that Go turns into slices:
 * unsafe.Pointer, never uintptr. */
%typemap(gotype) void *PTR "unsafe.Pointer"
%typemap(in) void *PTR %{ $1 = $input; %}
%typemap(gotype) void * "unsafe.Pointer"
%typemap(out) void * %{ $result = $1; %}
%typemap(goout) void * ""

/* ---- shims -------------------------------------------------------------- */

%inline %{
/* Error records. */
int mvgo_err_code(mvgo_word e) { return ((mvgo_error *)(e & ~(mvgo_word)1))->code; }
mvgo_text mvgo_err_msg(mvgo_word e) { return ((mvgo_error *)(e & ~(mvgo_word)1))->msg; }
void mvgo_err_free(mvgo_word e) {
    void *p = (void *)(e & ~(mvgo_word)1);
    if (p != (void *)&mvgo_nomem) free(p);
}

/* The cheapest possible call through this layer: the benchmarks' baseline. */
int mvgo_nop(mvgo_word v) { (void)v; return 0; }

mvgo_text mvgo_version(void) { return mv_version(NULL, NULL, NULL); }
mvgo_text mvgo_strerror(int code) { return mv_strerror(code); }

/* Creating and releasing. handle != 0: a cgo.Handle released by
 * mvgoReleaseHandle when the library is done with the memory. */
mvgo_word mvgo_create(void *BUF, size_t BUFLEN, unsigned flags, mvgo_word handle) {
    mv_view *v = NULL;
    int rc = mv_create(&v, BUF, BUFLEN, flags, handle ? mvgo_release_trampoline : NULL,
                       (void *)handle);
    return mvgo_view_or_fail(rc, v);
}

mvgo_word mvgo_alloc(size_t n) {
    mv_view *v = NULL;
    int rc = mv_alloc(&v, n);
    return mvgo_view_or_fail(rc, v);
}

mvgo_word mvgo_retain(mvgo_word src) {
    mv_view *v = NULL;
    int rc = mv_retain(&v, (mv_view *)src);
    return mvgo_view_or_fail(rc, v);
}

void mvgo_release(mvgo_word v) { mv_release((mv_view *)v); }

/* Conversions at the C boundary (FromC / CPtr), kept in C so that Go never
 * turns an integer into a pointer. */
void *mvgo_ptr(mvgo_word v) { return (void *)v; }
mvgo_word mvgo_word_of(void *PTR) { return (mvgo_word)PTR; }

/* Deriving. */
mvgo_word mvgo_slice(mvgo_word src, int64_t start, int64_t stop, int64_t step) {
    mv_view *v = NULL;
    int rc = mv_slice(&v, (const mv_view *)src, start, stop, step);
    return mvgo_view_or_fail(rc, v);
}

/* INTS holds (start, stop, step) triples. */
mvgo_word mvgo_slice_nd(mvgo_word src, const ptrdiff_t *INTS, size_t NINTS) {
    mv_view *v = NULL;
    if (NINTS % 3 != 0 || NINTS / 3 > MV_MAX_NDIM)
        return mvgo_record(MV_EINVAL, "slice_nd: ranges must be whole triples, at most MV_MAX_NDIM");
    int rc = mv_slice_nd(&v, (const mv_view *)src, (const mv_range *)INTS, (int)(NINTS / 3));
    return mvgo_view_or_fail(rc, v);
}

mvgo_word mvgo_index(mvgo_word src, int64_t i) {
    mv_view *v = NULL;
    int rc = mv_index(&v, (const mv_view *)src, i);
    return mvgo_view_or_fail(rc, v);
}

/* has_shape 0: shape NULL (1-D over all bytes); 1: INTS is the shape (empty
 * for 0-d). */
mvgo_word mvgo_cast(mvgo_word src, mvgo_str format, const ptrdiff_t *INTS, size_t NINTS,
                    int has_shape, size_t offset) {
    char stack[MVGO_FMT_STACK];
    char *fmt = NULL;
    mvgo_word err = 0;
    mv_view *v = NULL;
    static const ptrdiff_t none[1] = {0};
    if (NINTS > MV_MAX_NDIM)
        return mvgo_record(MV_EINVAL, "cast: more than MV_MAX_NDIM dimensions");
    if (!mvgo_cstr(format, stack, &fmt, &err)) return err;
    const ptrdiff_t *shape = has_shape ? (NINTS ? INTS : none) : NULL;
    int rc = offset ? mv_cast_offset(&v, (const mv_view *)src, fmt, shape, (int)NINTS, offset)
                    : mv_cast(&v, (const mv_view *)src, fmt, shape, (int)NINTS);
    mvgo_word r = mvgo_view_or_fail(rc, v);
    if (fmt != stack) free(fmt);
    return r;
}

mvgo_word mvgo_field_view(mvgo_word src, size_t k) {
    mv_view *v = NULL;
    int rc = mv_field_view(&v, (const mv_view *)src, k);
    return mvgo_view_or_fail(rc, v);
}

mvgo_word mvgo_toreadonly(mvgo_word src) {
    mv_view *v = NULL;
    int rc = mv_toreadonly(&v, (const mv_view *)src);
    return mvgo_view_or_fail(rc, v);
}

/* Layout. OUTS receives: nbytes, len, itemsize, nfields, readonly,
 * c_contiguous, f_contiguous, ndim, then field 0's code, kind, offset, size
 * and big_endian (mv_field; zeros when there is no field), then ndim extents
 * and ndim strides. Returns ndim; fills nothing when OUTS is too small. */
int mvgo_layout(mvgo_word src, int64_t *OUTS, size_t NOUTS) {
    const mv_view *v = (const mv_view *)src;
    int nd = mv_ndim(v);
    if (NOUTS < (size_t)(13 + 2 * nd)) return nd;
    int64_t *o = OUTS;
    o[0] = (int64_t)mv_nbytes(v);
    o[1] = (int64_t)mv_len(v);
    o[2] = (int64_t)mv_itemsize(v);
    o[3] = (int64_t)mv_nfields(v);
    o[4] = mv_readonly(v);
    o[5] = mv_c_contiguous(v);
    o[6] = mv_f_contiguous(v);
    o[7] = nd;
    mv_field_info f;
    memset(&f, 0, sizeof f);
    if (o[3] > 0 && mv_field(v, 0, &f) != MV_OK) memset(&f, 0, sizeof f);
    o[8] = f.code;
    o[9] = f.kind;
    o[10] = (int64_t)f.offset;
    o[11] = (int64_t)f.size;
    o[12] = f.big_endian;
    const ptrdiff_t *sh = mv_shape(v), *st = mv_strides(v);
    for (int k = 0; k < nd; k++) {
        o[13 + k] = sh[k];
        o[13 + nd + k] = st[k];
    }
    return nd;
}

mvgo_text mvgo_format(mvgo_word v) { return mv_format((const mv_view *)v); }
void *mvgo_data(mvgo_word v) { return mv_data((const mv_view *)v); }
size_t mvgo_len(mvgo_word v) { return mv_len((const mv_view *)v); }

/* Items. */
mvgo_word mvgo_get(mvgo_word v, const ptrdiff_t *INTS, size_t NINTS, mv_value *VALS, size_t NVALS) {
    int rc = mv_get((const mv_view *)v, INTS, (int)NINTS, VALS, NVALS);
    return rc == MV_OK ? 0 : mvgo_fail(rc);
}

mvgo_word mvgo_set(mvgo_word v, const ptrdiff_t *INTS, size_t NINTS, mv_value *VALS, size_t NVALS) {
    int rc = mv_set((const mv_view *)v, INTS, (int)NINTS, VALS, NVALS);
    return rc == MV_OK ? 0 : mvgo_fail(rc);
}

mvgo_word mvgo_unpack(mvgo_word v, mv_value *VALS, size_t NVALS) {
    int rc = mv_unpack((const mv_view *)v, VALS, NVALS);
    return rc == MV_OK ? 0 : mvgo_fail(rc);
}

/* Copying out, comparing, assigning. */
mvgo_word mvgo_tobytes(mvgo_word v, void *BUF, size_t BUFLEN, char order) {
    int rc = mv_tobytes((const mv_view *)v, BUF, BUFLEN, order);
    return rc == MV_OK ? 0 : mvgo_fail(rc);
}

size_t mvgo_hex_len(mvgo_word v, char sep, int bytes_per_sep) {
    return mv_hex_len((const mv_view *)v, sep, bytes_per_sep);
}

mvgo_word mvgo_hex(mvgo_word v, char *BUF, size_t BUFLEN, char sep, int bytes_per_sep) {
    int rc = mv_hex((const mv_view *)v, BUF, BUFLEN, sep, bytes_per_sep);
    return rc == MV_OK ? 0 : mvgo_fail(rc);
}

/* 2 equal, 0 not equal, or an error record (low bit set). */
mvgo_word mvgo_equal(mvgo_word a, mvgo_word b) {
    int rc = mv_equal((const mv_view *)a, (const mv_view *)b);
    return rc < 0 ? mvgo_fail(rc) : (mvgo_word)(rc ? 2 : 0);
}

mvgo_word mvgo_copy(mvgo_word dst, mvgo_word src) {
    int rc = mv_copy((const mv_view *)dst, (const mv_view *)src);
    return rc == MV_OK ? 0 : mvgo_fail(rc);
}

/* Views of caller memory with an explicit layout (NewStrided). The first
 * item is at BUF + offset; INTS holds the shape, then the strides when
 * has_strides (else C-contiguous). handle as in mvgo_create. */
mvgo_word mvgo_from_buffer(void *BUF, size_t BUFLEN, size_t offset, mvgo_str format,
                           const ptrdiff_t *INTS, size_t NINTS, int has_strides, int readonly,
                           mvgo_word handle) {
    char stack[MVGO_FMT_STACK];
    char *fmt = NULL;
    mvgo_word err = 0;
    mv_view *v = NULL;
    const size_t ndim = has_strides ? NINTS / 2 : NINTS;
    if (offset > BUFLEN) return mvgo_record(MV_EINDEX, "from_buffer: offset is past the end of the buffer");
    if (has_strides && NINTS % 2 != 0)
        return mvgo_record(MV_EINVAL, "from_buffer: strides and shape differ in length");
    if (ndim > MV_MAX_NDIM) return mvgo_record(MV_EINVAL, "from_buffer: more than MV_MAX_NDIM dimensions");
    if (!mvgo_cstr(format, stack, &fmt, &err)) return err;
    mv_buffer_info info = MV_BUFFER_INFO_INIT;
    info.data = BUF ? (char *)BUF + offset : NULL;
    info.format = fmt;
    info.ndim = (int)ndim;
    info.shape = ndim ? INTS : NULL;
    info.strides = has_strides && ndim ? INTS + ndim : NULL;
    info.readonly = readonly;
    info.on_release = handle ? mvgo_release_trampoline : NULL;
    info.ctx = (void *)handle;
    int rc = mv_from_buffer(&v, &info);
    mvgo_word r = mvgo_view_or_fail(rc, v);
    if (fmt != stack) free(fmt);
    return r;
}

/* mv_extent into OUTS[0] (lo) and OUTS[1] (hi); 0 or an error record. */
mvgo_word mvgo_extent(mvgo_word v, int64_t *OUTS, size_t NOUTS) {
    ptrdiff_t lo = 0, hi = 0;
    if (NOUTS < 2) return mvgo_record(MV_EINVAL, "extent: OUTS holds fewer than 2 values");
    int rc = mv_extent((const mv_view *)v, &lo, &hi);
    if (rc != MV_OK) return mvgo_fail(rc);
    OUTS[0] = lo;
    OUTS[1] = hi;
    return 0;
}
%}

/* ---- shared memory (issue 12): named POSIX segments -------------------- */
%{
/* Names are Go strings: refused here if they hold a NUL (which C would
 * silently cut), else copied NUL-terminated for the library. */
static int mvgo_shm_name(mvgo_str name, char *stack, char **out, mvgo_word *err) {
    if (memchr(name.p, 0, name.n)) {
        *err = mvgo_record(MV_EINVAL, "shared memory name contains a NUL byte");
        return 0;
    }
    return mvgo_cstr(name, stack, out, err);
}
%}

%inline %{
mvgo_word mvgo_shm_create(mvgo_str name, size_t nbytes, unsigned flags) {
    char stack[MVGO_FMT_STACK];
    char *c = NULL;
    mvgo_word err = 0;
    mv_view *v = NULL;
    if (!mvgo_shm_name(name, stack, &c, &err)) return err;
    int rc = mv_shm_create(&v, c, nbytes, flags);
    mvgo_word r = mvgo_view_or_fail(rc, v);
    if (c != stack) free(c);
    return r;
}

mvgo_word mvgo_shm_open(mvgo_str name, unsigned flags) {
    char stack[MVGO_FMT_STACK];
    char *c = NULL;
    mvgo_word err = 0;
    mv_view *v = NULL;
    if (!mvgo_shm_name(name, stack, &c, &err)) return err;
    int rc = mv_shm_open(&v, c, flags);
    mvgo_word r = mvgo_view_or_fail(rc, v);
    if (c != stack) free(c);
    return r;
}

mvgo_word mvgo_shm_unlink(mvgo_str name) {
    char stack[MVGO_FMT_STACK];
    char *c = NULL;
    mvgo_word err = 0;
    if (!mvgo_shm_name(name, stack, &c, &err)) return err;
    int rc = mv_shm_unlink(c);
    if (c != stack) free(c);
    return rc == MV_OK ? 0 : mvgo_fail(rc);
}
%}

/* ---- batched release (issue 14: the Go binding's ownership) ------------ */
%inline %{
/* Releases NINTS handles (mv_view* as integers) in one call: the Go binding
 * queues released views and hands them over in batches. */
void mvgo_release_many(const ptrdiff_t *INTS, size_t NINTS) {
    for (size_t i = 0; i < NINTS; i++) mv_release((mv_view *)(uintptr_t)INTS[i]);
}
%}
