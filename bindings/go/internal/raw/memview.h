/**
 * @file memview.h
 * @brief memview: Python memoryview semantics as a C ABI.
 *
 * A view (::mv_view) is an immutable, reference-counted description of a
 * typed, N-dimensional, strided window into memory that somebody else owns
 * (the "buffer"). Views never copy the buffer: only mv_tobytes(), mv_hex(),
 * mv_copy(), mv_unpack() and mv_get() read it out, and only mv_set() and
 * mv_copy() write it.
 *
 * This header is the reference manual. Conventions used throughout:
 *
 * - Every function that can fail returns `int`: ::MV_OK (0) on success, a
 *   negative ::mv_error_code on failure. On failure, output parameters are
 *   left untouched and mv_errmsg() describes the problem on this thread.
 * - Output parameters come first. A view returned through `mv_view **out`
 *   belongs to the caller, who must pass it to mv_release() exactly once.
 * - Getters (mv_data(), mv_format(), mv_shape(), ...) return values borrowed
 *   from the view: valid until that handle is released.
 * - Item formats are struct-module format strings (see ::mv_value).
 * - All functions are thread-safe: views are immutable and their reference
 *   counts are atomic, so any number of threads may create, derive, read and
 *   release views of one buffer at once. Concurrent writes to the same bytes
 *   of the buffer (mv_set(), mv_copy()) are the caller's to synchronise, as
 *   with any shared memory.
 * - No C++ exception ever leaves the library; allocation failure is
 *   ::MV_ENOMEM.
 */
#ifndef MEMVIEW_H
#define MEMVIEW_H

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32) && !defined(MV_STATIC)
#  if defined(MV_BUILDING)
#    define MV_EXTERN __declspec(dllexport)
#  else
#    define MV_EXTERN __declspec(dllimport)
#  endif
#elif defined(__GNUC__) || defined(__clang__)
#  define MV_EXTERN __attribute__((visibility("default")))
#else
#  define MV_EXTERN
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** @defgroup version Version
 *  @{ */

#define MV_VERSION_MAJOR 0
#define MV_VERSION_MINOR 1
#define MV_VERSION_PATCH 0
/** MAJOR*10000 + MINOR*100 + PATCH. */
#define MV_VERSION_NUMBER \
    (MV_VERSION_MAJOR * 10000 + MV_VERSION_MINOR * 100 + MV_VERSION_PATCH)
#define MV_VERSION_STRING "0.1.0"
/** True when the header is at least version a.b.c. */
#define MV_VERSION_CHECK(a, b, c) \
    (MV_VERSION_NUMBER >= ((a) * 10000 + (b) * 100 + (c)))

/**
 * The version of the library actually linked (compare with the macros to
 * detect a header/library mismatch).
 *
 * @param[out] major, minor, patch  filled when not NULL.
 * @return the version as a static string, e.g. "0.1.0". Never NULL.
 */
MV_EXTERN const char *mv_version(int *major, int *minor, int *patch);

/** @} */

/** @defgroup errors Errors
 *  @{ */

/** Return codes. Stable: values never change once released. */
typedef enum mv_error_code {
    MV_OK = 0,          /**< success */
    MV_EINVAL = -1,     /**< invalid argument: NULL pointer, bad flag, bad order, step 0, wrong number of indices */
    MV_EFORMAT = -2,    /**< unknown, malformed or unsupported format string */
    MV_EINDEX = -3,     /**< index out of range */
    MV_EREADONLY = -4,  /**< write through a read-only view */
    MV_ELAYOUT = -5,    /**< layout not allowed here: not contiguous, or formats/structures differ */
    MV_ESIZE = -6,      /**< sizes do not match: cast does not divide, shape product differs, destination too small */
    MV_EOVERFLOW = -7,  /**< a size, count or offset computation overflows */
    MV_ENOMEM = -8,     /**< out of memory */
    MV_ETYPE = -9,      /**< value of the wrong kind for the field's format (e.g. a float into 'i') */
    MV_EVALUE = -10,    /**< value out of range for the field's format (e.g. 256 into 'B') */
    MV_EINTERNAL = -11  /**< internal error (a bug); the message says where */
} mv_error_code;

/**
 * The message of the last error on the calling thread.
 *
 * Set by every failing call; successful calls leave it as it was, so read it
 * right after the failing call, on the same thread.
 *
 * @return a NUL-terminated thread-local string owned by the library, valid
 *         until the next memview call on this thread. Never NULL ("" when no
 *         error has happened on this thread or after mv_errclear()).
 */
MV_EXTERN const char *mv_errmsg(void);

/** Clear this thread's error message (mv_errmsg() then returns ""). */
MV_EXTERN void mv_errclear(void);

/**
 * A static description of a return code ("index out of range", ...).
 * @return never NULL; unknown codes give "unknown error".
 */
MV_EXTERN const char *mv_strerror(int code);

/** @} */

/** @defgroup create Creating and releasing views
 *  @{ */

/** Opaque handle to a view. */
typedef struct mv_view mv_view;

/**
 * Called exactly once, with its context, when the last view sharing a buffer
 * is released: the producer frees or unpins its memory here. It may be called
 * from any thread (whichever releases last) and must not call back into
 * memview with a handle of the same buffer.
 */
typedef void (*mv_release_fn)(void *ctx);

/** Flags for mv_create(). */
#define MV_READONLY 1u

/** Stands for an omitted start or stop in mv_slice() (Python's `None`). */
#define MV_NONE PTRDIFF_MIN

/** Largest number of dimensions of a view (as CPython's PyBUF_MAX_NDIM). */
#define MV_MAX_NDIM 64

/**
 * A 1-D view, format "B", over `nbytes` bytes at `data`.
 *
 * @param[out] out      the new view.
 * @param data          the memory; may be NULL only when nbytes is 0.
 * @param nbytes        its length; at most PTRDIFF_MAX.
 * @param flags         0 (writable) or ::MV_READONLY.
 * @param on_release    if not NULL, called as on_release(ctx) exactly once,
 *                      when the last view sharing this buffer (this one, any
 *                      slice, cast or retained copy of it) is released.
 * @param ctx           passed to on_release.
 * @return MV_OK; MV_EINVAL (out NULL, data NULL with nbytes > 0, unknown
 *         flag); MV_EOVERFLOW (nbytes > PTRDIFF_MAX); MV_ENOMEM.
 *         On failure on_release is NOT called: the caller still owns data.
 */
MV_EXTERN int mv_create(mv_view **out, void *data, size_t nbytes,
                        unsigned flags, mv_release_fn on_release, void *ctx);

/**
 * A writable 1-D "B" view over `nbytes` zeroed bytes that the library
 * allocates and frees when the last view of them is released.
 *
 * @return MV_OK; MV_EINVAL (out NULL); MV_EOVERFLOW; MV_ENOMEM.
 */
MV_EXTERN int mv_alloc(mv_view **out, size_t nbytes);

/**
 * Full description of a strided buffer, as a buffer exporter gives it
 * (Py_buffer, NumPy's __array_interface__, DLPack). Initialise with
 * ::MV_BUFFER_INFO_INIT so that `version` is set; fields may be added at the
 * end in later versions.
 */
typedef struct mv_buffer_info {
    unsigned version;          /**< ::MV_BUFFER_INFO_VERSION */
    void *data;                /**< address of the item at index (0, ..., 0) */
    const char *format;        /**< struct format of one item; NULL means "B". Copied. */
    size_t itemsize;           /**< 0 to derive it from format; otherwise must equal it */
    int ndim;                  /**< 0 .. ::MV_MAX_NDIM */
    const ptrdiff_t *shape;    /**< ndim extents, each >= 0 (NULL allowed when ndim is 0). Copied. */
    const ptrdiff_t *strides;  /**< ndim byte strides, any sign; NULL means C-contiguous. Copied. */
    int readonly;              /**< non-zero: writes through the view are refused */
    mv_release_fn on_release;  /**< as in mv_create(); may be NULL */
    void *ctx;                 /**< passed to on_release */
} mv_buffer_info;

#define MV_BUFFER_INFO_VERSION 1u
/** Initialiser: `mv_buffer_info info = MV_BUFFER_INFO_INIT;` */
#define MV_BUFFER_INFO_INIT {MV_BUFFER_INFO_VERSION, NULL, NULL, 0, 0, NULL, NULL, 0, NULL, NULL}

/**
 * A view from a full buffer description, without copying.
 *
 * The library trusts that every item the shape and strides address lies in
 * memory the producer owns; it checks that the description is consistent.
 *
 * @param[out] out  the new view.
 * @param info      the description; read during the call only.
 * @return MV_OK; MV_EINVAL (NULL out/info, wrong version, ndim out of range,
 *         negative extent, NULL data with items, NULL shape with ndim > 0);
 *         MV_EFORMAT (bad format); MV_ESIZE (itemsize differs from the
 *         format's); MV_EOVERFLOW (extent products or the addressed span
 *         overflow); MV_ENOMEM. On failure on_release is NOT called.
 */
MV_EXTERN int mv_from_buffer(mv_view **out, const mv_buffer_info *info);

/**
 * A new handle to the same view (the view is shared and immutable, so *out
 * may equal src). Release each handle once; releasing one never invalidates
 * another.
 *
 * @return MV_OK; MV_EINVAL (NULL argument).
 */
MV_EXTERN int mv_retain(mv_view **out, mv_view *src);

/**
 * Release one handle. When the last handle of the last view of a buffer goes,
 * the buffer's on_release runs (on this thread). NULL is a no-op.
 */
MV_EXTERN void mv_release(mv_view *v);

/** @} */

/** @defgroup derive Deriving views (never copy)
 *  @{ */

/**
 * Python slicing `v[start:stop:step]` on the first dimension: negative
 * values count from the end, out-of-range values are clamped, ::MV_NONE is
 * an omitted bound (and an omitted step, meaning 1). The result has the
 * same format and ndim.
 *
 * @return MV_OK; MV_EINVAL (NULL argument, step 0, ndim 0); MV_ENOMEM.
 */
MV_EXTERN int mv_slice(mv_view **out, const mv_view *src, ptrdiff_t start,
                       ptrdiff_t stop, ptrdiff_t step);

/** One dimension's slice for mv_slice_nd(): Python's `start:stop:step`. */
typedef struct mv_range {
    ptrdiff_t start; /**< or ::MV_NONE */
    ptrdiff_t stop;  /**< or ::MV_NONE */
    ptrdiff_t step;  /**< non-zero; ::MV_NONE means 1 */
} mv_range;

/**
 * Multi-dimensional slicing `v[r0, r1, ...]`: ranges[k] slices dimension k,
 * for k < nranges; later dimensions are kept whole. (CPython refuses this.)
 *
 * @return MV_OK; MV_EINVAL (NULL argument, nranges < 0 or > ndim, a step 0);
 *         MV_ENOMEM.
 */
MV_EXTERN int mv_slice_nd(mv_view **out, const mv_view *src,
                          const mv_range *ranges, int nranges);

/**
 * Sub-view `v[i]` of an N-d view (N >= 1): the (N-1)-d view of index i of
 * the first dimension; negative i counts from the end. On a 1-D view this is
 * the 0-d view of one item. (CPython refuses sub-views.)
 *
 * @return MV_OK; MV_EINVAL (NULL argument, ndim 0); MV_EINDEX; MV_ENOMEM.
 */
MV_EXTERN int mv_index(mv_view **out, const mv_view *src, ptrdiff_t i);

/**
 * memoryview.cast(format, shape): reinterpret the bytes of a C-contiguous
 * view as items of `format`, laid out C-contiguously in `shape`.
 *
 * Beyond CPython: any struct format (byte-order prefixes, records such as
 * ">if"), casts between two non-byte formats, any ndim to any ndim, and, when
 * the new itemsize equals the old one and shape is NULL (or equal to the
 * current shape), a cast of a non-contiguous view keeping its strides.
 *
 * @param format  struct format string.
 * @param shape   ndim extents, each > 0; NULL (with ndim 0) means 1-D over
 *                all the bytes.
 * @param ndim    0 .. ::MV_MAX_NDIM; 0 with shape NULL means 1-D. A 0-d
 *                result needs a non-NULL shape pointer and ndim 0.
 * @return MV_OK; MV_EINVAL (NULL out/src/format, ndim out of range, extent
 *         <= 0); MV_EFORMAT; MV_ELAYOUT (source not C-contiguous, for a cast
 *         that changes itemsize or shape); MV_ESIZE (bytes not a multiple of
 *         the itemsize, or product(shape) * itemsize != nbytes); MV_EOVERFLOW;
 *         MV_ENOMEM.
 */
MV_EXTERN int mv_cast(mv_view **out, const mv_view *src, const char *format,
                      const ptrdiff_t *shape, int ndim);

/**
 * mv_cast() of the bytes from `offset` to the end: the same as slicing a
 * "B" cast of src at offset and casting that (the guide's
 * `mv.cast('f', offset=4)`). offset 0 is mv_cast().
 *
 * @return as mv_cast(); MV_EINDEX when offset > nbytes.
 */
MV_EXTERN int mv_cast_offset(mv_view **out, const mv_view *src,
                             const char *format, const ptrdiff_t *shape,
                             int ndim, size_t offset);

/**
 * memoryview.toreadonly(): the same view, read-only.
 * @return MV_OK; MV_EINVAL; MV_ENOMEM.
 */
MV_EXTERN int mv_toreadonly(mv_view **out, const mv_view *src);

/** @} */

/** @defgroup layout Layout (getters never fail; a NULL view gives 0/NULL)
 *  @{ */

/** Address of the item at index (0, ..., 0) (Py_buffer.buf). Borrowed; writing through it on a read-only view is the caller's fault. */
MV_EXTERN void *mv_data(const mv_view *v);
/** Bytes the view covers: product(shape) * itemsize. */
MV_EXTERN size_t mv_nbytes(const mv_view *v);
/** Extent of the first dimension; 1 for a 0-d view. */
MV_EXTERN size_t mv_len(const mv_view *v);
/** Size of one item in bytes (struct.calcsize(format)). */
MV_EXTERN size_t mv_itemsize(const mv_view *v);
/** The item format string, as given. Borrowed. */
MV_EXTERN const char *mv_format(const mv_view *v);
/** Number of values one item unpacks to (1 for "f", 2 for ">if", 0 for "x"). */
MV_EXTERN size_t mv_nfields(const mv_view *v);
/** Number of dimensions, 0 .. ::MV_MAX_NDIM. */
MV_EXTERN int mv_ndim(const mv_view *v);
/** ndim extents. Borrowed; NULL when ndim is 0. */
MV_EXTERN const ptrdiff_t *mv_shape(const mv_view *v);
/** ndim byte strides. Borrowed; NULL when ndim is 0. */
MV_EXTERN const ptrdiff_t *mv_strides(const mv_view *v);
/** 1 if writes are refused, else 0 (a NULL view gives 1). */
MV_EXTERN int mv_readonly(const mv_view *v);
/** 1 if the items are laid out C-contiguously (memoryview.c_contiguous). */
MV_EXTERN int mv_c_contiguous(const mv_view *v);
/** 1 if the items are laid out Fortran-contiguously. */
MV_EXTERN int mv_f_contiguous(const mv_view *v);
/** 1 if C- or Fortran-contiguous. */
MV_EXTERN int mv_contiguous(const mv_view *v);

/** @} */

/** @defgroup items Items and values
 *  @{ */

/** What a ::mv_value holds. */
typedef enum mv_kind {
    MV_KIND_INT = 1,   /**< `i`: formats b h i l q n */
    MV_KIND_UINT = 2,  /**< `u`: formats B H I L Q N P */
    MV_KIND_FLOAT = 3, /**< `f`: formats e f d */
    MV_KIND_BOOL = 4,  /**< `i` is 0 or 1: format ? */
    MV_KIND_BYTES = 5  /**< `bytes`/`len`: formats c (len 1), s, p */
} mv_kind;

/**
 * One unpacked field of an item (one value of struct.unpack).
 *
 * Flat rather than a union so that every FFI can read it. From mv_get() and
 * mv_unpack(), `code` is the field's format character and `bytes` points into
 * the view's buffer (borrowed, valid while the view lives). For mv_set(),
 * `code` is ignored and `bytes` is read during the call only.
 */
typedef struct mv_value {
    int kind;          /**< ::mv_kind */
    char code;         /**< struct format character of the field */
    int64_t i;         /**< MV_KIND_INT, MV_KIND_BOOL */
    uint64_t u;        /**< MV_KIND_UINT */
    double f;          /**< MV_KIND_FLOAT */
    const void *bytes; /**< MV_KIND_BYTES: the bytes */
    size_t len;        /**< MV_KIND_BYTES: their length */
} mv_value;

/**
 * Unpack the item at `index` (nindex == ndim indices; negative ones count
 * from the end; none for a 0-d view) into mv_nfields(v) values.
 *
 * @param[out] out  array of at least nout values.
 * @return MV_OK; MV_EINVAL (NULL argument, nindex != ndim); MV_EINDEX;
 *         MV_ESIZE (nout < mv_nfields(v)).
 */
MV_EXTERN int mv_get(const mv_view *v, const ptrdiff_t *index, int nindex,
                     mv_value *out, size_t nout);

/**
 * Pack `nvalues` (== mv_nfields(v)) values into the item at `index`.
 *
 * Integer fields take INT, UINT or BOOL values in range; float fields take
 * any number (a too-large value stores +-inf in 'f'/'d', and is MV_EVALUE for
 * 'e'); '?' takes any value (its truth); 'c' takes exactly one byte; 's' and
 * 'p' take any bytes, truncated or zero-padded as struct.pack does. Pad
 * bytes ('x') are left as they are. Nothing is written unless every value
 * packs.
 *
 * @return MV_OK; MV_EINVAL (NULL argument, nindex != ndim, nvalues !=
 *         mv_nfields(v), unknown kind); MV_EREADONLY; MV_EINDEX; MV_ETYPE;
 *         MV_EVALUE.
 */
MV_EXTERN int mv_set(const mv_view *v, const ptrdiff_t *index, int nindex,
                     const mv_value *values, size_t nvalues);

/**
 * Unpack every item, in C (row-major) order, into len*nfields values
 * (memoryview.tolist() without the nesting; one call for the whole view).
 *
 * @param[out] out  array of at least nout values.
 * @return MV_OK; MV_EINVAL; MV_ESIZE (nout < product(shape) * mv_nfields(v)).
 */
MV_EXTERN int mv_unpack(const mv_view *v, mv_value *out, size_t nout);

/** Where one field lies inside an item (from mv_field()). */
typedef struct mv_field_info {
    char code;       /**< struct format character */
    int kind;        /**< ::mv_kind */
    size_t offset;   /**< byte offset inside the item */
    size_t size;     /**< bytes the field occupies (the count for 's' and 'p') */
    int big_endian;  /**< 1 if stored big-endian, 0 if little-endian (native order resolved) or
                          if byte order does not apply (1-byte fields, 's', 'p') */
} mv_field_info;

/**
 * Describe field k (0 <= k < mv_nfields(v)) of the view's items, so that
 * callers can run typed loops over raw memory without parsing formats.
 *
 * @return MV_OK; MV_EINVAL (NULL argument); MV_EINDEX (k out of range).
 */
MV_EXTERN int mv_field(const mv_view *v, size_t k, mv_field_info *out);

/**
 * The view of field k of every item: same shape and strides, data moved to
 * the field, format the field alone with its byte order (e.g. "<f" for field
 * 1 of "<Iff"). Zero-copy column access to records (NumPy's structured
 * field views).
 *
 * @return MV_OK; MV_EINVAL (NULL argument); MV_EINDEX (k out of range); MV_ENOMEM.
 */
MV_EXTERN int mv_field_view(mv_view **out, const mv_view *src, size_t k);

/** @} */

/** @defgroup copy Copying out, comparing and assigning
 *  @{ */

/**
 * memoryview.tobytes(order): copy the items into dst, in C order ('C'),
 * Fortran order ('F'), or 'A' (Fortran if the view is Fortran- but not
 * C-contiguous, else C). Writes exactly mv_nbytes(v) bytes.
 *
 * @return MV_OK; MV_EINVAL (NULL argument with bytes to write, bad order);
 *         MV_ESIZE (dst_len < mv_nbytes(v)).
 */
MV_EXTERN int mv_tobytes(const mv_view *v, void *dst, size_t dst_len,
                         char order);

/**
 * Length, without the terminating NUL, of mv_hex()'s output: 2 * nbytes
 * plus one per separator.
 */
MV_EXTERN size_t mv_hex_len(const mv_view *v, char sep, int bytes_per_sep);

/**
 * memoryview.hex(sep, bytes_per_sep): lowercase hex of the bytes in C order,
 * NUL-terminated. With sep != 0, a separator goes every |bytes_per_sep|
 * bytes, counted from the right when bytes_per_sep > 0 and from the left
 * when < 0 (bytes.hex semantics). sep 0 (or bytes_per_sep 0) means none.
 *
 * @param dst      at least mv_hex_len(v, sep, bytes_per_sep) + 1 chars.
 * @return MV_OK; MV_EINVAL (NULL argument, non-ASCII sep); MV_ESIZE (dst too small).
 */
MV_EXTERN int mv_hex(const mv_view *v, char *dst, size_t dst_len, char sep,
                     int bytes_per_sep);

/**
 * memoryview `==`: the same shape and, item by item, equal unpacked values
 * (so NaN != NaN, 1 == 1.0, and views of different formats can be equal).
 *
 * @return 1 equal, 0 not equal, MV_EINVAL (NULL argument).
 */
MV_EXTERN int mv_equal(const mv_view *a, const mv_view *b);

/**
 * Slice assignment `dst[...] = src`: copy the items of src into dst. Both
 * must have the same shape and equivalent formats (the same fields with the
 * same sizes, offsets and byte order). Overlap-safe.
 *
 * Beyond CPython: formats that differ only in byte order (">f" and "<f",
 * ">if" and "=if") are accepted and the values are converted, so copying a
 * big-endian view into a native one decodes it in one call (dst == src
 * converts in place).
 *
 * @return MV_OK; MV_EINVAL (NULL argument); MV_EREADONLY; MV_ELAYOUT
 *         (formats or shapes differ); MV_ENOMEM.
 */
MV_EXTERN int mv_copy(const mv_view *dst, const mv_view *src);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* MEMVIEW_H */
