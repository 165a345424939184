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
    MV_EINTERNAL = -11, /**< internal error (a bug); the message says where */
    MV_ESYS = -12       /**< an operating-system call failed (shm_open, mmap, ...): errno says why */
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
    /** Since version 2: NULL, or ndim PIL-style suboffsets (Py_buffer.suboffsets;
     *  see mv_suboffsets()). Copied. Read only when version >= 2. */
    const ptrdiff_t *suboffsets;
} mv_buffer_info;

/** 2 adds `suboffsets`; version 1 descriptors (without it) are still accepted. */
#define MV_BUFFER_INFO_VERSION 2u
/** Initialiser: `mv_buffer_info info = MV_BUFFER_INFO_INIT;` */
#define MV_BUFFER_INFO_INIT {MV_BUFFER_INFO_VERSION, NULL, NULL, 0, 0, NULL, NULL, 0, NULL, NULL, NULL}

/**
 * A view from a full buffer description, without copying.
 *
 * The library trusts that every item the shape and strides address lies in
 * memory the producer owns; it checks that the description is consistent.
 *
 * @param[out] out  the new view.
 * @param info      the description; read during the call only.
 * With suboffsets (version 2), the pointers the description promises are
 * followed once, here, up to the last indirect dimension: a NULL one is
 * refused (see mv_suboffsets()).
 *
 * @return MV_OK; MV_EINVAL (NULL out/info, wrong version, ndim out of range,
 *         negative extent, NULL data with items, NULL shape with ndim > 0,
 *         suboffsets with ndim 0, a NULL pointer where a suboffset says one
 *         is); MV_EFORMAT (bad format); MV_ESIZE (itemsize differs from the
 *         format's); MV_EOVERFLOW (extent products or the addressed span
 *         overflow, a pointer + suboffset wraps); MV_ENOMEM. On failure
 *         on_release is NOT called.
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
 *         <= 0); MV_EFORMAT (also for a text format, see @ref text);
 *         MV_ELAYOUT (source not C-contiguous, for a cast
 *         that changes itemsize or shape; or, as in CPython, a source with a
 *         zero in its shape unless both it and the result are 1-D, shape
 *         NULL); MV_ESIZE (bytes not a multiple of
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
    MV_KIND_BYTES = 5, /**< `bytes`/`len`: formats c (len 1), s, p */
    MV_KIND_TEXT = 6   /**< no value: formats u (UCS-2) and w (UCS-4), see @ref text */
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
 *         MV_ESIZE (nout < mv_nfields(v)); MV_EFORMAT (a text field, see
 *         @ref text; after the index is checked).
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
 *         mv_nfields(v), unknown kind); MV_EREADONLY; MV_EINDEX; MV_EFORMAT
 *         (a text field, see @ref text; after the index is checked);
 *         MV_ETYPE; MV_EVALUE.
 */
MV_EXTERN int mv_set(const mv_view *v, const ptrdiff_t *index, int nindex,
                     const mv_value *values, size_t nvalues);

/**
 * Unpack every item, in C (row-major) order, into len*nfields values
 * (memoryview.tolist() without the nesting; one call for the whole view).
 *
 * @param[out] out  array of at least nout values.
 * @return MV_OK; MV_EINVAL; MV_ESIZE (nout < product(shape) * mv_nfields(v));
 *         MV_EFORMAT (a text field and at least one item, see @ref text).
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
 * A view with a text field (@ref text) equals no view, itself included.
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

/** @defgroup extent Byte extent
 *  @{ */

/**
 * The bytes a view addresses, relative to mv_data(v): every byte of every
 * item lies in [*lo, *hi) (NumPy's byte_bounds). *lo <= 0 (negative strides
 * reach below the first item); for a view without items both are 0. A
 * binding that describes caller memory with mv_from_buffer() checks with it
 * that the view stays inside that memory.
 *
 * @param v    the view.
 * @param lo   out: offset of the lowest byte addressed.
 * @param hi   out: one past the highest byte addressed.
 * @return MV_OK; MV_EINVAL (NULL argument).
 */
MV_EXTERN int mv_extent(const mv_view *v, ptrdiff_t *lo, ptrdiff_t *hi);

/** @} */

/** @defgroup shm Shared memory (named POSIX segments)
 *
 * Views over named POSIX shared-memory segments, for handing data to other
 * processes on the same host without copying. A name is given without the
 * leading slash and means exactly what it means to Python's
 * `multiprocessing.shared_memory.SharedMemory(name)` (both call
 * `shm_open("/" + name)`), so a segment created by either side can be opened
 * by the other, and by any language using memview.
 *
 * The segment is mapped once per call; the mapping belongs to the views:
 * every view derived from the returned one (slices, casts, retained handles)
 * shares it, and it is unmapped when the last of them is released. The
 * segment itself (the name) outlives the views until mv_shm_unlink() (or
 * Python's SharedMemory.unlink()) removes it; unlinking while views are
 * live leaves their mapping valid.
 *
 * Another process that shrinks the segment (ftruncate) while it is mapped
 * makes reads and writes past the new end fault (SIGBUS), as with any
 * mapped file: memview maps the size the segment has when it is opened and
 * cannot detect a later truncation. Agree on sizes between processes.
 *
 * On ::MV_ESYS (and ::MV_ENOMEM from the system), errno is left as the
 * failing system call set it (ENOENT: no such segment; EEXIST: the name is
 * taken; EACCES: permission denied), and mv_errmsg() names the call.
 *  @{ */

/** Longest segment name, in bytes, without the leading slash (Linux's NAME_MAX). */
#define MV_SHM_NAME_MAX 255

/**
 * Create the segment `name` of `nbytes` zeroed bytes and view it: a 1-D "B"
 * view of nbytes bytes, writable unless flags has ::MV_READONLY. As
 * `SharedMemory(name, create=True, size=nbytes)`: the name must be free
 * (O_EXCL), and the segment is readable and writable by its owner only
 * (mode 0600). On failure no segment is left behind.
 *
 * @param[out] out  the new view; release it with mv_release().
 * @param name      1 to ::MV_SHM_NAME_MAX bytes, without '/'; read during
 *                  the call only.
 * @param nbytes    at least 1, at most PTRDIFF_MAX.
 * @param flags     0 or ::MV_READONLY.
 * @return MV_OK; MV_EINVAL (NULL out or name, empty name, name with '/',
 *         too long, "." or "..", unknown flag); MV_ESIZE (nbytes 0);
 *         MV_EOVERFLOW (nbytes > PTRDIFF_MAX); MV_ESYS (errno EEXIST when
 *         the name is taken, or another shm_open/ftruncate/mmap error);
 *         MV_ENOMEM.
 */
MV_EXTERN int mv_shm_create(mv_view **out, const char *name, size_t nbytes,
                            unsigned flags);

/**
 * Open the existing segment `name` and view all of it: a 1-D "B" view of
 * the segment's current size, read-only when flags has ::MV_READONLY
 * (the segment is then opened O_RDONLY and mapped PROT_READ), else writable.
 * As `SharedMemory(name)`.
 *
 * @param[out] out  the new view; release it with mv_release().
 * @param name      as for mv_shm_create().
 * @param flags     0 or ::MV_READONLY.
 * @return MV_OK; MV_EINVAL (as for mv_shm_create()); MV_ESIZE (the segment
 *         is empty: size 0, e.g. truncated by another process);
 *         MV_ESYS (errno ENOENT when there is no such segment, EACCES, or
 *         another shm_open/fstat/mmap error); MV_ENOMEM.
 */
MV_EXTERN int mv_shm_open(mv_view **out, const char *name, unsigned flags);

/**
 * Remove the name `name` (SharedMemory.unlink()): later opens fail with
 * ENOENT; existing views and mappings, here or in other processes, stay
 * valid until released.
 *
 * @return MV_OK; MV_EINVAL (as for mv_shm_create()); MV_ESYS (errno ENOENT
 *         when there is no such segment, EACCES).
 */
MV_EXTERN int mv_shm_unlink(const char *name);

/** @} */

/** @defgroup suboffsets Suboffsets (PIL-style indirect arrays)
 *
 * The buffer protocol's suboffsets, as CPython's memoryview follows them:
 * when suboffsets[k] >= 0, the address reached after adding index * stride
 * of dimension k holds a pointer, and the walk to the item continues at
 * that pointer + suboffsets[k] (CPython's ADJUST_PTR); a negative entry
 * means no indirection at that dimension. mv_from_buffer() accepts them
 * (::mv_buffer_info version 2), every derived view keeps them (slices,
 * mv_index(), mv_field_view(), same-itemsize casts, mv_toreadonly()),
 * mv_get(), mv_set(), mv_unpack(), mv_tobytes(), mv_hex(), mv_equal() and
 * mv_copy() follow them. A view with suboffsets is never contiguous (as in
 * CPython), so casts that need C-contiguity refuse it (::MV_ELAYOUT), and
 * mv_data() is the address of the first pointer level, not of an item.
 *  @{ */

/**
 * The view's ndim suboffsets (Py_buffer.suboffsets), or NULL when it has
 * none (and for 0-d views). Borrowed, valid until the handle is released.
 */
MV_EXTERN const ptrdiff_t *mv_suboffsets(const mv_view *v);

/** @} */

/** @defgroup interop Zero-copy hand-off: Arrow C Data Interface and DLPack
 *
 * Views leave memview, and arrays enter it, through the two standard C ABIs
 * that dataframe and tensor engines share: the Arrow C Data Interface
 * (Polars, pyarrow, DataFusion, DuckDB, arrow-go, arrow-rs, nanoarrow) and
 * DLPack 1.x (NumPy, PyTorch, JAX, CuPy). Export and import never copy the
 * items (O(1), whatever the size) unless the caller asks for a copy with
 * ::MV_EXPORT_COPY or ::MV_EXPORT_FORCE_COPY.
 *
 * The structs below are the published ones, declared under the guard macros
 * of the specifications (`ARROW_C_DATA_INTERFACE`, `DLPACK_DLPACK_H_`), so
 * this header coexists with nanoarrow's, Arrow's and dlpack.h (1.x) in
 * either include order.
 *
 * Ownership, in both directions, follows the specifications:
 * - an exported ArrowSchema/ArrowArray belongs to the caller, who calls each
 *   struct's `release` exactly once (or moves the struct to a consumer that
 *   does). The exported array keeps the view's buffer alive: the view may be
 *   released first, and the buffer's on_release runs after the last of the
 *   views and exported arrays is gone;
 * - an exported DLManagedTensorVersioned belongs to the caller, who calls its
 *   `deleter` exactly once; it, too, keeps the buffer alive;
 * - an imported ArrowArray or DLManagedTensorVersioned belongs to memview on
 *   success: its `release`/`deleter` runs exactly once, after the last view
 *   of it is released. On failure nothing is taken: the caller still owns it
 *   and must release it.
 *  @{ */

#ifndef ARROW_C_DATA_INTERFACE
#define ARROW_C_DATA_INTERFACE

#define ARROW_FLAG_DICTIONARY_ORDERED 1
#define ARROW_FLAG_NULLABLE 2
#define ARROW_FLAG_MAP_KEYS_SORTED 4

/** Arrow C Data Interface: the type of an array (format string, children). */
struct ArrowSchema {
    const char *format;
    const char *name;
    const char *metadata;
    int64_t flags;
    int64_t n_children;
    struct ArrowSchema **children;
    struct ArrowSchema *dictionary;
    void (*release)(struct ArrowSchema *);
    void *private_data;
};

/** Arrow C Data Interface: the data of an array (buffers, children). */
struct ArrowArray {
    int64_t length;
    int64_t null_count;
    int64_t offset;
    int64_t n_buffers;
    int64_t n_children;
    const void **buffers;
    struct ArrowArray **children;
    struct ArrowArray *dictionary;
    void (*release)(struct ArrowArray *);
    void *private_data;
};

#endif /* ARROW_C_DATA_INTERFACE */

#ifndef DLPACK_DLPACK_H_
#define DLPACK_DLPACK_H_

#ifdef __cplusplus
#define DLPACK_EXTERN_C extern "C"
#else
#define DLPACK_EXTERN_C
#endif
#define DLPACK_DLL
#define DLPACK_MAJOR_VERSION 1
#define DLPACK_MINOR_VERSION 1

/** DLPack: the version of the ABI a managed tensor follows. */
typedef struct {
    uint32_t major;
    uint32_t minor;
} DLPackVersion;

/** DLPack: where a tensor's memory lives (memview handles kDLCPU only). */
typedef enum {
    kDLCPU = 1,
    kDLCUDA = 2,
    kDLCUDAHost = 3,
    kDLOpenCL = 4,
    kDLVulkan = 7,
    kDLMetal = 8,
    kDLVPI = 9,
    kDLROCM = 10,
    kDLROCMHost = 11,
    kDLExtDev = 12,
    kDLCUDAManaged = 13,
    kDLOneAPI = 14,
    kDLWebGPU = 15,
    kDLHexagon = 16,
    kDLMAIA = 17,
    kDLTrn = 18
} DLDeviceType;

typedef struct {
    DLDeviceType device_type;
    int32_t device_id;
} DLDevice;

/** DLPack: type codes (memview handles kDLInt, kDLUInt, kDLFloat, kDLBool). */
typedef enum {
    kDLInt = 0,
    kDLUInt = 1,
    kDLFloat = 2,
    kDLOpaqueHandle = 3,
    kDLBfloat = 4,
    kDLComplex = 5,
    kDLBool = 6,
    kDLFloat8_e3m4 = 7,
    kDLFloat8_e4m3 = 8,
    kDLFloat8_e4m3b11fnuz = 9,
    kDLFloat8_e4m3fn = 10,
    kDLFloat8_e4m3fnuz = 11,
    kDLFloat8_e5m2 = 12,
    kDLFloat8_e5m2fnuz = 13,
    kDLFloat8_e8m0fnu = 14,
    kDLFloat6_e2m3fn = 15,
    kDLFloat6_e3m2fn = 16,
    kDLFloat4_e2m1fn = 17
} DLDataTypeCode;

typedef struct {
    uint8_t code;
    uint8_t bits;
    uint16_t lanes;
} DLDataType;

/** DLPack: a strided tensor; `strides` count elements, not bytes. */
typedef struct {
    void *data;
    DLDevice device;
    int32_t ndim;
    DLDataType dtype;
    int64_t *shape;
    int64_t *strides;
    uint64_t byte_offset;
} DLTensor;

/** DLPack before 1.0 (no version, no flags); memview does not produce it. */
typedef struct DLManagedTensor {
    DLTensor dl_tensor;
    void *manager_ctx;
    void (*deleter)(struct DLManagedTensor *self);
} DLManagedTensor;

#define DLPACK_FLAG_BITMASK_READ_ONLY (1UL << 0UL)
#define DLPACK_FLAG_BITMASK_IS_COPIED (1UL << 1UL)
#define DLPACK_FLAG_BITMASK_IS_SUBBYTE_TYPE_PADDED (1UL << 2UL)

/** DLPack 1.x: a tensor with its owner's deleter, version and flags. */
typedef struct DLManagedTensorVersioned {
    DLPackVersion version;
    void *manager_ctx;
    void (*deleter)(struct DLManagedTensorVersioned *self);
    uint64_t flags;
    DLTensor dl_tensor;
} DLManagedTensorVersioned;

#elif !defined(DLPACK_MAJOR_VERSION) || DLPACK_MAJOR_VERSION < 1
#error "memview.h needs dlpack.h 1.x (DLManagedTensorVersioned); an older dlpack.h was included first"
#endif /* DLPACK_DLPACK_H_ */

/**
 * Export flag (mv_to_arrow_ex(), mv_to_dlpack()): when the view cannot be
 * handed over zero-copy (strided, non-native byte order, a record format
 * for Arrow), copy its items into new native, contiguous memory that the
 * exported struct owns, instead of failing. Zero-copy views are not copied.
 */
#define MV_EXPORT_COPY 0x100u
/** Export flag: always copy (DLPack's `copy=True`), even when zero-copy is possible. */
#define MV_EXPORT_FORCE_COPY 0x200u
/** Import flag (mv_from_arrow()): make the view writable. Arrow arrays are
 *  immutable by contract, so imported views are read-only unless the caller
 *  knows it is the only user of the memory and passes this flag. */
#define MV_ARROW_WRITABLE 0x400u

/**
 * Export a 1-D view as an Arrow array, zero-copy: mv_to_arrow_ex(v, schema,
 * array, 0).
 */
MV_EXTERN int mv_to_arrow(const mv_view *v, struct ArrowSchema *schema, struct ArrowArray *array);

/**
 * Export a 1-D view as an Arrow array (ArrowSchema + ArrowArray).
 *
 * Zero-copy when the items are contiguous (stride == itemsize) and the
 * format is one native-byte-order field without padding:
 * b B h H i I l L q Q n N P (Arrow `c C s S i I l L` by size and
 * signedness), e f d (`e f g`), and `Ns`/`c` (fixed-size binary `w:N`).
 * The array's single values buffer is mv_data(v) itself; `buffers[0]`
 * (validity) is NULL and `null_count` 0. The exported structs hold a
 * reference to the view's buffer until `array->release` runs; releasing
 * the schema frees only the schema.
 *
 * With ::MV_EXPORT_COPY, strided views and non-native byte order are copied
 * (decoded to native order) into a new contiguous buffer, and record
 * formats (several fields, or one field with padding) become a struct array
 * (`+s`) with one child per field (named "f0", "f1", ...; pad bytes
 * dropped), each child a copied primitive or fixed-size-binary column.
 * With ::MV_EXPORT_FORCE_COPY the items are copied even when they need not be.
 *
 * Never exported: '?' (Arrow booleans are bit-packed), 'p' (Pascal strings),
 * fields of 'x' only, and views that are not 1-D.
 *
 * @param v       the view (1-D).
 * @param[out] schema  filled on success; the caller calls schema->release once.
 * @param[out] array   filled on success; the caller calls array->release once.
 * @param flags   0, ::MV_EXPORT_COPY or ::MV_EXPORT_FORCE_COPY.
 * @return MV_OK; MV_EINVAL (NULL argument, unknown flag, ndim != 1);
 *         MV_EFORMAT (a format Arrow cannot hold, or, without a copy flag, a
 *         record format or non-native byte order: the message says which);
 *         MV_ELAYOUT (strided, without a copy flag); MV_ENOMEM.
 *         On failure *schema and *array are untouched and nothing is retained.
 */
MV_EXTERN int mv_to_arrow_ex(const mv_view *v, struct ArrowSchema *schema, struct ArrowArray *array,
                             unsigned flags);

/**
 * A 1-D view of an Arrow array, taking ownership of the array, zero-copy.
 *
 * Accepted: primitive arrays of format `c C s S i I l L e f g` (views of
 * format b B h H i I q Q e f d) and fixed-size binary `w:N` (format `Ns`),
 * with no nulls: `null_count` 0, or -1 (unknown) with no validity bitmap or
 * a bitmap with every item of [offset, offset + length) set. The view starts
 * at item `array->offset` of `buffers[1]` and has `array->length` items; it
 * is read-only unless flags has ::MV_ARROW_WRITABLE.
 *
 * On success the array is moved: memview copies the struct and sets
 * `array->release` to NULL, and calls the original `release` exactly once,
 * after the last view of it (slices, casts, exports included) is released.
 * The schema is only read: the caller still owns and releases it.
 *
 * @param[out] out  the new view.
 * @param array     the array; must not be released (release != NULL).
 * @param schema    its type; must not be released.
 * @param flags     0 or ::MV_ARROW_WRITABLE.
 * @return MV_OK; MV_EINVAL (NULL argument, unknown flag, released struct,
 *         n_buffers != 2, children, dictionary, NULL buffers, negative
 *         length/offset, nulls); MV_EFORMAT (a type memview cannot view:
 *         boolean, nested, variable-size, dictionary-encoded...);
 *         MV_EOVERFLOW ((offset + length) * itemsize overflows); MV_ENOMEM.
 *         On failure nothing is taken: array->release is untouched and
 *         still the caller's to call.
 */
MV_EXTERN int mv_from_arrow(mv_view **out, struct ArrowArray *array, const struct ArrowSchema *schema,
                            unsigned flags);

/**
 * Export a view as a DLPack 1.x tensor (CPU), zero-copy.
 *
 * The format must be one native-byte-order numeric field without padding:
 * integers b B h H i I l L q Q n N P (kDLInt/kDLUInt), floats e f d
 * (kDLFloat) or '?' (kDLBool, 8 bits). Any ndim (0..64) and any strides
 * that are multiples of the itemsize (DLPack counts strides in elements);
 * `strides` is always filled. A read-only view sets
 * DLPACK_FLAG_BITMASK_READ_ONLY. The tensor holds a reference to the
 * view's buffer until its deleter runs.
 *
 * With ::MV_EXPORT_COPY, a view that cannot be exported as is (a stride
 * not a multiple of the itemsize, non-native byte order) is copied into new
 * C-contiguous native memory owned by the tensor, flagged
 * DLPACK_FLAG_BITMASK_IS_COPIED (and writable); ::MV_EXPORT_FORCE_COPY
 * always copies. Record formats are refused either way.
 *
 * @param[out] out  the new tensor; the caller calls (*out)->deleter(*out)
 *                  exactly once (or hands it to a consumer that does).
 * @param v         the view.
 * @param flags     0, ::MV_EXPORT_COPY or ::MV_EXPORT_FORCE_COPY.
 * @return MV_OK; MV_EINVAL (NULL argument, unknown flag); MV_EFORMAT
 *         (record, non-numeric format; non-native byte order without a copy
 *         flag); MV_ELAYOUT (a stride not a multiple of the itemsize,
 *         without a copy flag); MV_ENOMEM. On failure *out is untouched.
 */
MV_EXTERN int mv_to_dlpack(DLManagedTensorVersioned **out, const mv_view *v, unsigned flags);

/**
 * A view of a DLPack 1.x tensor, taking ownership of it, zero-copy.
 *
 * Accepted: version.major 1, device kDLCPU, lanes 1, dtype kDLInt/kDLUInt
 * of 8/16/32/64 bits (formats b h i q / B H I Q), kDLFloat of 16/32/64
 * bits (e f d), kDLBool of 8 bits ('?'); ndim 0..64, non-negative shape,
 * strides in elements (NULL: C-contiguous). The view starts at
 * data + byte_offset, and is read-only when the tensor's flags have
 * DLPACK_FLAG_BITMASK_READ_ONLY or flags has ::MV_READONLY.
 *
 * On success memview owns the tensor: its deleter (if not NULL) runs exactly
 * once, after the last view of it is released.
 *
 * @param[out] out  the new view.
 * @param t         the tensor.
 * @param flags     0 or ::MV_READONLY.
 * @return MV_OK; MV_EINVAL (NULL argument, unknown flag, another major
 *         version, non-CPU device, ndim out of range, NULL shape, negative
 *         extent, NULL data with items); MV_EFORMAT (a dtype memview cannot
 *         view: lanes != 1, bfloat16, complex, other sizes); MV_EOVERFLOW
 *         (strides or sizes overflow); MV_ENOMEM. On failure nothing is
 *         taken: the caller still owns the tensor and calls its deleter.
 */
MV_EXTERN int mv_from_dlpack(mv_view **out, DLManagedTensorVersioned *t, unsigned flags);

/** @} */

/** @defgroup text Text formats ('u', 'w')
 *
 * PEP 3118's text codes, which exporters use and the struct module does not
 * know: 'u' is a UCS-2 code unit (2 bytes), 'w' a UCS-4 code point (4
 * bytes); a count is a length, as for 's' ("3w" is one field of 12 bytes,
 * NumPy's '<U3'). `array.array('u')` (and 'w' from Python 3.13) exports
 * format "w". memview lays such items out and does, as CPython's
 * memoryview does with them, everything that needs no value:
 * mv_from_buffer() accepts them (with any byte-order prefix); slicing,
 * indexing to sub-views, mv_field()/mv_field_view() (kind ::MV_KIND_TEXT,
 * size in bytes), mv_tobytes(), mv_hex(), casts *from* them, and mv_copy()
 * between views of the same format work. Converting a value does not:
 * mv_get() and mv_set() return ::MV_EFORMAT once the index is checked,
 * mv_unpack() of a view with items returns ::MV_EFORMAT, and mv_equal()
 * returns 0 for any view with a text field (CPython's `==` cannot unpack
 * them and answers False, even for a view compared with itself). mv_cast()
 * refuses a text format as its target (::MV_EFORMAT: casts take struct
 * formats). Arrow and DLPack exports refuse them (::MV_EFORMAT).
 *  @{ */
/** @} */

#ifdef __cplusplus
}
#endif

#endif /* MEMVIEW_H */
