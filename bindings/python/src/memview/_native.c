/*
 * Native half of the memview Python binding, compiled into the cffi extension
 * (memview._cffi) by memview_build.py.
 *
 * What cffi alone cannot do, or cannot do fast enough:
 *  1. A CPython type, memview._cffi._Base, that MemoryView subclasses. It owns
 *     one mv_view handle and exports it through the buffer protocol, so that
 *     bytes(v), memoryview(v), hashlib, file.write/readinto, socket.recv_into
 *     and NumPy take a MemoryView zero-copy on Python 3.11 (3.12 derives
 *     __buffer__ from the same slot). Wrapping an exporter needs
 *     PyObject_GetBuffer, hence the constructor is here too.
 *  2. The hot paths (v[i], v[i] = x, v[a:b:c], cast, ==, tobytes, hex): a
 *     cffi call (100-250 ns) or a Python frame would dominate them, so they
 *     call libmemview directly and fall back to the Python methods for any
 *     other key and for every error.
 *  3. A few cffi shims with a cheaper calling convention (handles as
 *     integers, a negative return for errors) for the remaining calls.
 *
 * The semantics are the core's: this file only converts Python values and
 * calls the public C API of memview.h.
 */
#include <Python.h>
#include <structmember.h>
#include <memview.h>
#include <string.h>
#include <stdlib.h>

/* ---- shims called through cffi (the GIL is released around them) ------ */

/* A handle as intptr_t: > 0 a view, < 0 an mv_error_code. User-space
 * addresses are below 2^63 on every platform CPython supports. */
#define MVPY_RET(rc, out) ((rc) == MV_OK ? (intptr_t)(out) : (intptr_t)(rc))

static intptr_t mvpy_slice_nd(intptr_t h, const mv_range *ranges, int n)
{
    mv_view *out = NULL;
    int rc = mv_slice_nd(&out, (const mv_view *)h, ranges, n);
    return MVPY_RET(rc, out);
}

static intptr_t mvpy_retain(intptr_t h)
{
    mv_view *out = NULL;
    int rc = mv_retain(&out, (mv_view *)h);
    return MVPY_RET(rc, out);
}

static void mvpy_release(intptr_t h) { mv_release((mv_view *)h); }

static int mvpy_copy(intptr_t dst, intptr_t src)
{
    return mv_copy((const mv_view *)dst, (const mv_view *)src);
}

static int mvpy_tobytes(intptr_t h, void *dst, size_t len, char order)
{
    return mv_tobytes((const mv_view *)h, dst, len, order);
}

/* ---- the exporter base type -------------------------------------------- */

/*
 * Garbage collection. The core holds the exporter's Py_buffer (and so a
 * reference to the exporter) in its release context, where the collector
 * cannot see it; a cycle exporter -> view -> exporter would never be freed.
 * As CPython's managed buffer does, that reference is made visible: a small
 * GC-tracked "holder" per wrapped buffer traverses the exporter, and every
 * view of that buffer holds the holder. The context itself (mvpy_ctx) owns
 * the Py_buffer, so memory safety never depends on the holder's lifetime:
 * whichever of the two goes first unlinks itself from the other. Handles
 * handed to C (new_handle) keep a strong, invisible reference to the holder,
 * so nothing C can still reach is ever collected.
 */
typedef struct MvHolder MvHolder;
typedef struct mvpy_ctx {
    Py_buffer pb;      /* the exporter's buffer (pb.obj NULL when ref is used) */
    PyObject *ref;     /* or: a private builtin memoryview sharing the managed
                          buffer of a builtin memoryview source (see mvpy_wrap) */
    MvHolder *holder;  /* borrowed; NULL once the holder is gone */
} mvpy_ctx;

struct MvHolder {
    PyObject_HEAD
    mvpy_ctx *ctx;     /* NULL once the core released the buffer */
};

static int MvHolder_traverse(MvHolder *self, visitproc visit, void *arg)
{
    if (self->ctx) {
        Py_VISIT(self->ctx->pb.obj);
        Py_VISIT(self->ctx->ref);
    }
    return 0;
}

static void MvHolder_dealloc(MvHolder *self)
{
    PyObject_GC_UnTrack(self);
    if (self->ctx) self->ctx->holder = NULL;
    PyObject_GC_Del(self);
}

static PyTypeObject MvHolder_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "memview._cffi._Holder",
    .tp_basicsize = sizeof(MvHolder),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_traverse = (traverseproc)MvHolder_traverse,
    .tp_dealloc = (destructor)MvHolder_dealloc,
};

typedef struct {
    PyObject_HEAD
    Py_ssize_t h;        /* mv_view* (0 once released) */
    PyObject *hobj;      /* h as a Python int (made on first read of _h), or NULL */
    Py_ssize_t exports;  /* buffers exported from this object (a clone, see getbuffer) or
                            copies running with the GIL released: release() is refused */
    PyObject *obj;       /* the exporter wrapped, or None */
    PyObject *holder;    /* MvHolder of the wrapped buffer, or NULL */
    /* What MemoryView keeps per instance, here rather than in Python slots or
     * a __dict__, so that making a view allocates one object (issue 14). */
    PyObject *lay;       /* the cached layout tuple (_lay()), or NULL; dropped on release */
    PyObject *hv;        /* _hv: the cached hash (an int), or NULL; kept after release */
    PyObject *keep;      /* _keep: a view kept for __array_interface__ consumers, or NULL */
    PyObject *weakreflist;
} MvBase;

static int mvpy_check(MvBase *self);

/* Set the handle of a fresh or released instance (h 0: released). */
static int mvpy_set_handle(MvBase *self, Py_ssize_t h)
{
    self->h = h;
    Py_CLEAR(self->hobj);
    if (!h) Py_CLEAR(self->lay);  /* the layout of a released view is gone */
    return 0;
}

/* _h: the handle as an int (0 once released), cached so that the Python
 * side's frequent checks do not allocate. */
static PyObject *MvBase_get_h(MvBase *self, void *closure)
{
    (void)closure;
    if (!self->hobj && !(self->hobj = PyLong_FromSsize_t(self->h))) return NULL;
    Py_INCREF(self->hobj);
    return self->hobj;
}

static PyTypeObject MvBase_Type;

/* on_release of views over a Py_buffer: give the buffer back to its
 * exporter. May run on any thread, with or without the GIL. */
static void mvpy_release_pybuffer(void *arg)
{
    mvpy_ctx *ctx = arg;
    PyGILState_STATE st;
    if (!Py_IsInitialized()) return;  /* a handle C released after Python's exit: leak */
    st = PyGILState_Ensure();
    if (ctx->holder) ctx->holder->ctx = NULL;
    if (ctx->ref) Py_DECREF(ctx->ref);
    else PyBuffer_Release(&ctx->pb);
    PyMem_RawFree(ctx);
    PyGILState_Release(st);
}

static void mvpy_raise(int rc, const char *what)
{
    PyObject *type = PyExc_ValueError;
    if (rc == MV_ENOMEM) type = PyExc_MemoryError;
    else if (rc == MV_EFORMAT) type = PyExc_NotImplementedError;
    else if (rc == MV_EOVERFLOW) type = PyExc_OverflowError;
    PyErr_Format(type, "%s: %s", what, mv_errmsg());
}

/* A new handle over obj's buffer (a MemoryView shares its view), and in
 * *holder the new reference to the holder of that buffer (or NULL). */
static mv_view *mvpy_wrap(PyObject *obj, PyObject **holder)
{
    mv_view *out = NULL;
    mvpy_ctx *ctx;
    MvHolder *hd;
    int rc;
    *holder = NULL;
    if (PyObject_TypeCheck(obj, &MvBase_Type)) {
        MvBase *src = (MvBase *)obj;
        if (!src->h) {
            PyErr_SetString(PyExc_ValueError, "operation forbidden on released memoryview object");
            return NULL;
        }
        rc = mv_retain(&out, (mv_view *)src->h);
        if (rc != MV_OK) { mvpy_raise(rc, "memview"); return NULL; }
        Py_XINCREF(src->holder);
        *holder = src->holder;
        return out;
    }
    ctx = PyMem_RawMalloc(sizeof *ctx);
    if (!ctx) { PyErr_NoMemory(); return NULL; }
    memset(ctx, 0, sizeof *ctx);
    if (PyMemoryView_Check(obj)) {
        /* A builtin memoryview source is not exported from (that would pin
         * it: its release() would fail, and a garbage collection that
         * clears it before this view leaves it without its managed buffer,
         * which its later release dereferences). As memoryview(m) does, a
         * private memoryview shares m's managed buffer and its layout is
         * read (suboffsets included: they belong to the managed buffer,
         * which ctx->ref keeps); the holder keeps that memoryview, visible
         * to the GC. */
        ctx->ref = PyMemoryView_FromObject(obj);  /* ValueError if m is released */
        if (!ctx->ref) { PyMem_RawFree(ctx); return NULL; }
        ctx->pb = *PyMemoryView_GET_BUFFER(ctx->ref);
        ctx->pb.obj = NULL;  /* owned by ctx->ref, not released through pb */
    /* Strides, format and suboffsets (PIL-style indirect arrays, which the
     * core follows; issue 12). */
    } else if (PyObject_GetBuffer(obj, &ctx->pb, PyBUF_FULL_RO) < 0) {
        PyMem_RawFree(ctx);
        return NULL;
    }
    {
        Py_buffer *pb = &ctx->pb;
        mv_buffer_info info = MV_BUFFER_INFO_INIT;
        info.data = pb->buf;
        info.format = pb->format;
        info.itemsize = (size_t)pb->itemsize;
        info.ndim = pb->ndim;
        info.shape = pb->shape;
        info.strides = pb->strides;
        info.readonly = pb->readonly;
        info.suboffsets = pb->suboffsets;
        info.on_release = mvpy_release_pybuffer;
        info.ctx = ctx;
        if (pb->ndim == 1 && !pb->shape) { /* PyBUF_ND not granted: 1-D bytes */
            info.shape = &pb->len;
        }
        rc = mv_from_buffer(&out, &info);
    }
    if (rc != MV_OK) {
        /* The builtin views every exporter: a layout the core refuses (a
         * format it cannot read, or an itemsize that disagrees with the
         * format, as ctypes' '<u' of 4 bytes) is memview's limitation. */
        mvpy_raise(rc == MV_ESIZE ? MV_EFORMAT : rc, "memview cannot view this buffer");
        if (ctx->ref) Py_DECREF(ctx->ref);
        else PyBuffer_Release(&ctx->pb);
        PyMem_RawFree(ctx);
        return NULL;
    }
    /* The holder makes the exporter visible to the collector; an exporter
     * the collector does not track (bytes, bytearray, array.array, mmap,
     * NumPy arrays) can be in no cycle it could break, so it needs none
     * (one allocation less per wrap). mvpy_new reads the Py_buffer's obj
     * through the holder, so one is kept unless that obj is the source. */
    if (ctx->ref || ctx->pb.obj != obj || PyObject_IS_GC(obj)) {
        hd = PyObject_GC_New(MvHolder, &MvHolder_Type);
        if (!hd) { mv_release(out); return NULL; }  /* gives the buffer back, frees ctx */
        ctx->holder = hd;
        hd->ctx = ctx;
        PyObject_GC_Track(hd);
        *holder = (PyObject *)hd;
    }
    return out;
}

/* type(obj): a new instance viewing obj's buffer. */
static PyObject *mvpy_new(PyTypeObject *type, PyObject *obj)
{
    mv_view *v;
    MvBase *self;
    PyObject *holder;
    v = mvpy_wrap(obj, &holder);
    if (!v) return NULL;
    self = (MvBase *)type->tp_alloc(type, 0);
    if (!self) { mv_release(v); Py_XDECREF(holder); return NULL; }
    self->holder = holder;
    if (mvpy_set_handle(self, (Py_ssize_t)v) < 0) { mv_release(v); Py_DECREF(self); return NULL; }
    /* As CPython, obj is the Py_buffer's obj: what the exporter put there
     * (usually itself; for a class with a Python __buffer__, 3.12+, the
     * wrapper CPython makes), and a view of a view reports the original
     * exporter (a memoryview of a MemoryView reaches it through the
     * exported clone). */
    if (holder && ((MvHolder *)holder)->ctx && ((MvHolder *)holder)->ctx->pb.obj)
        obj = ((MvHolder *)holder)->ctx->pb.obj;
    if (PyMemoryView_Check(obj) && PyMemoryView_GET_BUFFER(obj)->obj)
        obj = PyMemoryView_GET_BUFFER(obj)->obj;
    if (obj && PyObject_TypeCheck(obj, &MvBase_Type)) obj = ((MvBase *)obj)->obj;
    if (!obj) obj = Py_None;  /* a source cleared by the GC */
    Py_INCREF(obj);
    self->obj = obj;
    return (PyObject *)self;
}

static PyObject *MvBase_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    PyObject *obj;
    static char *kwlist[] = {"object", NULL};
    if (!kwds && PyTuple_GET_SIZE(args) == 1)  /* the common case */
        return mvpy_new(type, PyTuple_GET_ITEM(args, 0));
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O:MemoryView", kwlist, &obj))
        return NULL;
    return mvpy_new(type, obj);
}

/* cls._adopt(handle, obj): a new instance owning handle (an int). */
static PyObject *MvBase_adopt(PyObject *cls, PyObject *const *args, Py_ssize_t nargs)
{
    MvBase *self;
    Py_ssize_t h;
    if (nargs != 2 || !PyType_Check(cls)) {
        PyErr_SetString(PyExc_TypeError, "_adopt(handle, obj)");
        return NULL;
    }
    h = PyLong_AsSsize_t(args[0]);
    if (h == -1 && PyErr_Occurred()) return NULL;
    if (h <= 0) {
        PyErr_SetString(PyExc_ValueError, "memview: not a view handle");
        return NULL;
    }
    self = (MvBase *)((PyTypeObject *)cls)->tp_alloc((PyTypeObject *)cls, 0);
    if (!self) { mv_release((mv_view *)h); return NULL; }
    if (mvpy_set_handle(self, h) < 0) { mv_release((mv_view *)h); Py_DECREF(self); return NULL; }
    Py_INCREF(args[1]);
    self->obj = args[1];
    return (PyObject *)self;
}

/* Drop the handle; refused while buffers exported from this object live. */
static PyObject *MvBase_detach(MvBase *self, PyObject *unused)
{
    (void)unused;
    if (self->exports > 0) {
        PyErr_Format(PyExc_BufferError, "memoryview has %zd exported buffer%s",
                     self->exports, self->exports == 1 ? "" : "s");
        return NULL;
    }
    if (self->h) {
        mv_view *v = (mv_view *)self->h;
        if (mvpy_set_handle(self, 0) < 0) return NULL;
        mv_release(v);
    }
    Py_RETURN_NONE;
}

/* A new instance of self's type owning out and sharing self's obj; or, when
 * rc failed, the (negative) code as an int for the Python side to raise. */
static PyObject *mvpy_derived(MvBase *self, int rc, mv_view *out)
{
    MvBase *r;
    if (rc != MV_OK) return PyLong_FromLong(rc);
    r = (MvBase *)Py_TYPE(self)->tp_alloc(Py_TYPE(self), 0);
    if (!r) { mv_release(out); return NULL; }
    if (mvpy_set_handle(r, (Py_ssize_t)out) < 0) { mv_release(out); Py_DECREF(r); return NULL; }
    Py_XINCREF(self->obj);
    r->obj = self->obj;
    Py_XINCREF(self->holder);
    r->holder = self->holder;
    return (PyObject *)r;
}

/* A slice bound: None -> dflt; ints clamp like PySlice_Unpack. May run
 * __index__ (user code). */
static int mvpy_bound(PyObject *o, ptrdiff_t dflt, ptrdiff_t *out)
{
    Py_ssize_t x;
    if (o == Py_None) { *out = dflt; return 0; }
    if (!PyIndex_Check(o)) {
        PyErr_SetString(PyExc_TypeError,
                        "slice indices must be integers or None or have an __index__ method");
        return -1;
    }
    x = PyNumber_AsSsize_t(o, NULL);  /* clamps on overflow */
    if (x == -1 && PyErr_Occurred()) return -1;
    *out = x == PY_SSIZE_T_MIN ? -PY_SSIZE_T_MAX : x;  /* PTRDIFF_MIN is MV_NONE */
    return 0;
}

/* _slice(start, stop, step): v[start:stop:step] as one C call. A reference
 * is held across the conversions, which may run __index__ code that releases
 * self (gh-92888: CPython's slice then still succeeds). */
static PyObject *MvBase_slice(MvBase *self, PyObject *const *args, Py_ssize_t nargs)
{
    ptrdiff_t a, b, c;
    mv_view *keep = NULL, *out = NULL;
    int rc;
    if (nargs != 3) { PyErr_SetString(PyExc_TypeError, "_slice(start, stop, step)"); return NULL; }
    if (mvpy_check(self) < 0) return NULL;
    if (PyLong_CheckExact(args[0]) || args[0] == Py_None) {
        if (PyLong_CheckExact(args[1]) || args[1] == Py_None) {
            if (PyLong_CheckExact(args[2]) || args[2] == Py_None) {
                if (mvpy_bound(args[0], MV_NONE, &a) < 0 || mvpy_bound(args[1], MV_NONE, &b) < 0 ||
                    mvpy_bound(args[2], 1, &c) < 0)
                    return NULL;
                rc = mv_slice(&out, (const mv_view *)self->h, a, b, c);
                return mvpy_derived(self, rc, out);
            }
        }
    }
    rc = mv_retain(&keep, (mv_view *)self->h);
    if (rc != MV_OK) return PyLong_FromLong(rc);
    if (mvpy_bound(args[0], MV_NONE, &a) < 0 || mvpy_bound(args[1], MV_NONE, &b) < 0 ||
        mvpy_bound(args[2], 1, &c) < 0) {
        mv_release(keep);
        return NULL;
    }
    rc = mv_slice(&out, keep, a, b, c);
    mv_release(keep);
    return mvpy_derived(self, rc, out);
}

/* _derive(handle): adopt a handle derived from self's (an int, e.g. from
 * mv_slice_nd through cffi) as a view sharing self's obj and holder. */
static PyObject *MvBase_derive(MvBase *self, PyObject *arg)
{
    Py_ssize_t h = PyLong_AsSsize_t(arg);
    if (h == -1 && PyErr_Occurred()) return NULL;
    if (h <= 0) {
        PyErr_SetString(PyExc_ValueError, "memview: not a view handle");
        return NULL;
    }
    return mvpy_derived(self, MV_OK, (mv_view *)h);
}

/* _index(i): the sub-view v[i] (i an int). */
static PyObject *MvBase_index(MvBase *self, PyObject *arg)
{
    mv_view *out = NULL;
    Py_ssize_t i = PyNumber_AsSsize_t(arg, PyExc_IndexError);
    if (i == -1 && PyErr_Occurred()) return NULL;
    if (mvpy_check(self) < 0) return NULL;
    int rc = mv_index(&out, (const mv_view *)self->h, i);
    return mvpy_derived(self, rc, out);
}

/* _retain(): another view of the same items (v[...]). */
static PyObject *MvBase_retain(MvBase *self, PyObject *unused)
{
    mv_view *out = NULL;
    (void)unused;
    if (mvpy_check(self) < 0) return NULL;
    int rc = mv_retain(&out, (mv_view *)self->h);
    return mvpy_derived(self, rc, out);
}

/* _toreadonly() */
static PyObject *MvBase_toreadonly(MvBase *self, PyObject *unused)
{
    mv_view *out = NULL;
    (void)unused;
    if (mvpy_check(self) < 0) return NULL;
    int rc = mv_toreadonly(&out, (const mv_view *)self->h);
    return mvpy_derived(self, rc, out);
}

static PyObject *mvpy_fail(int rc, const char *op);

/* cast(format, shape=None, *, offset=0), validating its arguments as
 * CPython's memoryview.cast does, then one mv_cast_offset call. */
static PyObject *MvBase_cast(MvBase *self, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)
{
    ptrdiff_t shape[MV_MAX_NDIM];
    const ptrdiff_t *sp = NULL;
    PyObject *format = NULL, *shp = NULL, *off = NULL, *ascii = NULL;
    const char *fmt;
    const mv_view *v;
    Py_ssize_t ndim = 0;
    size_t offset = 0;
    mv_view *out = NULL;
    int rc, vnd;
    if (nargs > 2) {
        PyErr_Format(PyExc_TypeError, "cast() takes at most 2 positional arguments (%zd given)", nargs);
        return NULL;
    }
    if (nargs >= 1) format = args[0];
    if (nargs == 2) shp = args[1];
    for (Py_ssize_t k = 0; kwnames && k < PyTuple_GET_SIZE(kwnames); k++) {
        PyObject *name = PyTuple_GET_ITEM(kwnames, k), *val = args[nargs + k];
        if (PyUnicode_CompareWithASCIIString(name, "format") == 0 && !format) format = val;
        else if (PyUnicode_CompareWithASCIIString(name, "shape") == 0 && nargs < 2) shp = val;
        else if (PyUnicode_CompareWithASCIIString(name, "offset") == 0) off = val;
        else {
            PyErr_Format(PyExc_TypeError, "cast() got an unexpected keyword argument '%U'", name);
            return NULL;
        }
    }
#if PY_VERSION_HEX < 0x030A0000
    /* Up to 3.9 the builtin checks for a released view before its arguments. */
    if (mvpy_check(self) < 0) return NULL;
#endif
    if (!format) {
        PyErr_SetString(PyExc_TypeError, "cast() missing required argument 'format' (pos 1)");
        return NULL;
    }
    if (!PyUnicode_Check(format)) {
        PyErr_Format(PyExc_TypeError, "cast() argument 'format' must be str, not %.200s",
                     Py_TYPE(format)->tp_name);
        return NULL;
    }
    /* From here in the order of CPython's memory_cast, so that a call with
     * several mistakes raises what the builtin raises. */
    if (mvpy_check(self) < 0) return NULL;
    v = (const mv_view *)self->h;
    vnd = mv_ndim(v);
    /* A cast without a shape is 1-D, so an N-d source must be C-contiguous
     * (1-D non-contiguous sources of the same itemsize are memview's). */
    if (!shp && vnd != 1 && !mv_c_contiguous(v)) {
        PyErr_SetString(PyExc_TypeError, "memoryview: casts are restricted to C-contiguous views");
        return NULL;
    }
    for (int k = 0; (shp || vnd != 1) && k < vnd; k++) {
        if (mv_shape(v)[k] == 0) {
            PyErr_SetString(PyExc_TypeError, "memoryview: cannot cast view with zeros in shape or strides");
            return NULL;
        }
    }
    if (shp) {
        if (!PyList_Check(shp) && !PyTuple_Check(shp)) {
            PyErr_SetString(PyExc_TypeError, "shape must be a list or a tuple");
            return NULL;
        }
        ndim = PySequence_Fast_GET_SIZE(shp);
        if (ndim > MV_MAX_NDIM) {
            PyErr_Format(PyExc_ValueError, "memoryview: number of dimensions must not exceed %d",
                         MV_MAX_NDIM);
            return NULL;
        }
    }
    /* UnicodeEncodeError for non-ASCII, as the builtin; the format is read
     * as a C string (up to a NUL), as the builtin reads it. An ASCII str is
     * read in place (its data is NUL-terminated): no copy. */
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(format) < 0) return NULL;
#endif
    if (PyUnicode_IS_ASCII(format)) {
        fmt = (const char *)PyUnicode_DATA(format);
    } else {
        ascii = PyUnicode_AsASCIIString(format);
        if (!ascii) return NULL;
        fmt = PyBytes_AS_STRING(ascii);
    }
    if (shp) {
        /* As CPython's copy_shape: ints only (no __index__, so no user
         * code), OverflowError beyond Py_ssize_t, ValueError for <= 0. */
        for (Py_ssize_t k = 0; k < ndim; k++) {
            PyObject *x = PySequence_Fast_GET_ITEM(shp, k);
            Py_ssize_t e;
            if (!PyLong_Check(x)) {
                PyErr_SetString(PyExc_TypeError, "memoryview.cast(): elements of shape must be integers");
                e = -1;
            } else {
                e = PyLong_AsSsize_t(x);
            }
            if (e <= 0 && !PyErr_Occurred())
                PyErr_SetString(PyExc_ValueError, "memoryview.cast(): elements of shape must be integers > 0");
            if (PyErr_Occurred()) {
                /* The builtin checks the format and the length against the
                 * itemsize first: a 1-D cast says whether those fail. */
                rc = mv_cast_offset(&out, v, fmt, NULL, 0, 0);
                Py_XDECREF(ascii);
                if (rc != MV_OK) {
                    PyErr_Clear();
                    return mvpy_fail(rc, "cast");
                }
                mv_release(out);
                return NULL;
            }
            shape[k] = e;
        }
        sp = shape;
    }
    if (off) {  /* memview's offset=: may run __index__ */
        Py_ssize_t o;
        if (!PyIndex_Check(off)) {
            PyErr_Format(PyExc_TypeError, "cast(): offset must be an integer, not %.200s",
                         Py_TYPE(off)->tp_name);
            Py_XDECREF(ascii);
            return NULL;
        }
        o = PyNumber_AsSsize_t(off, PyExc_OverflowError);
        if ((o == -1 && PyErr_Occurred()) || mvpy_check(self) < 0) { Py_XDECREF(ascii); return NULL; }
        if (o < 0) {
            PyErr_Format(PyExc_ValueError, "cast: offset must be >= 0, not %zd", o);
            Py_XDECREF(ascii);
            return NULL;
        }
        offset = (size_t)o;
    }
    rc = mv_cast_offset(&out, (const mv_view *)self->h, fmt, sp, (int)ndim, offset);
    Py_XDECREF(ascii);
    if (rc != MV_OK) return mvpy_fail(rc, "cast");
    return mvpy_derived(self, rc, out);
}

/* _equal(other): mv_equal with the GIL released (1, 0 or a negative code). */
static PyObject *MvBase_equal(MvBase *self, PyObject *other)
{
    MvBase *o = (MvBase *)other;
    int rc;
    if (!PyObject_TypeCheck(other, &MvBase_Type)) {
        PyErr_SetString(PyExc_TypeError, "_equal needs a view");
        return NULL;
    }
    if (mvpy_check(self) < 0 || mvpy_check(o) < 0) return NULL;
    self->exports++;
    o->exports++;
    Py_BEGIN_ALLOW_THREADS
    rc = mv_equal((const mv_view *)self->h, (const mv_view *)o->h);
    Py_END_ALLOW_THREADS
    self->exports--;
    o->exports--;
    return PyLong_FromLong(rc);
}

/* ---- keys, items and assignment ----------------------------------------
 * __getitem__ and __setitem__ are implemented here, in the order CPython's
 * memory_subscript / memory_ass_sub check things, so that every key goes
 * through one normaliser (mvpy_range for slices, PyNumber_AsSsize_t with
 * IndexError for indices) and every item is unpacked and packed by the core
 * (mv_get / mv_set / mv_copy), which writes nothing when it fails. This file
 * converts Python objects to mv_values and chooses exceptions; it decides
 * nothing about formats or layouts. Where the builtin raises
 * NotImplementedError (sub-views, multi-dimensional slices, formats it
 * cannot unpack) memview does the operation instead. */

#define MVPY_RELEASED "operation forbidden on released memoryview object"
#define MVPY_STRUCTURES "memoryview assignment: lvalue and rvalue have different structures"
#define MVPY_NO_SUBVIEWS "sub-views are not implemented"
#define MVPY_NO_ND_ASSIGN "memoryview slice assignments are currently restricted to ndim = 1"

/* The format without a leading '@' (CPython's adjust_fmt), for messages. */
static const char *mvpy_fmt_name(const mv_view *v)
{
    const char *f = mv_format(v);
    return f[0] == '@' ? f + 1 : f;
}

/* 1 if format f is one the builtin memoryview packs itself: one native
 * character, optionally prefixed with '@'. */
static int mvpy_builtin_format(const char *f)
{
    if (f[0] == '@') f++;
    return f[0] && !f[1] && strchr("cbBhHiIlLqQnNfdeP?", f[0]) != NULL;
}

/* 1 if the builtin refuses every item of v before looking at the key: its
 * adjust_fmt takes one format character (optionally after '@') and raises
 * NotImplementedError ("memoryview: unsupported format ...") for any other
 * format string. memview reads those formats itself, except text fields
 * ('u', 'w': the core gives kind MV_KIND_TEXT and converts no value), so the
 * builtin's early refusal applies exactly to text in such a format (NumPy's
 * '<U1' exports '1w'). A single 'w' (array.array('u')) is refused by the core
 * after the index is checked, as the builtin's unpack_single does. */
static int mvpy_text_refused(const mv_view *v)
{
    const char *f = mv_format(v);
    size_t nf;
    if (f[0] == '@') f++;
    if (f[0] && !f[1]) return 0;  /* the common case: one character */
    nf = mv_nfields(v);
    for (size_t k = 0; k < nf; k++) {
        mv_field_info fi;
        if (mv_field(v, k, &fi) == MV_OK && fi.kind == MV_KIND_TEXT) return 1;
    }
    return 0;
}

static int mvpy_refuse_text(const mv_view *v)
{
    PyErr_Format(PyExc_NotImplementedError, "memoryview: unsupported format %s", mv_format(v));
    return -1;
}

/* _text_refused(): the rule above, for the Python side (tolist, iter). */
static PyObject *MvBase_text_refused(MvBase *self, PyObject *unused)
{
    (void)unused;
    if (mvpy_check(self) < 0) return NULL;
    return PyBool_FromLong(mvpy_text_refused((const mv_view *)self->h));
}

/* A slice object as an mv_range: step, start, stop converted as
 * PySlice_Unpack does (None, __index__, clamping), left relative for the
 * core to adjust to the length (the same rule as plain ints). */
static int mvpy_range(PyObject *key, mv_range *r)
{
    PySliceObject *sl = (PySliceObject *)key;
    if (mvpy_bound(sl->step, 1, &r->step) < 0) return -1;
    if (r->step == 0) {
        PyErr_SetString(PyExc_ValueError, "slice step cannot be zero");
        return -1;
    }
    if (mvpy_bound(sl->start, MV_NONE, &r->start) < 0 || mvpy_bound(sl->stop, MV_NONE, &r->stop) < 0)
        return -1;
    return 0;
}

static int mvpy_is_multiindex(PyObject *key)
{
    Py_ssize_t n = PyTuple_GET_SIZE(key);
    for (Py_ssize_t k = 0; k < n; k++)
        if (!PyIndex_Check(PyTuple_GET_ITEM(key, k))) return 0;
    return 1;
}

static int mvpy_is_multislice(PyObject *key)
{
    Py_ssize_t n = PyTuple_GET_SIZE(key);
    if (n == 0) return 0;
    for (Py_ssize_t k = 0; k < n; k++)
        if (!PySlice_Check(PyTuple_GET_ITEM(key, k))) return 0;
    return 1;
}

/* The indices of a multi-index key (at most ndim of them) into idx. May
 * run __index__ code. */
static int mvpy_indices(PyObject *key, int ndim, ptrdiff_t *idx)
{
    Py_ssize_t n = PyTuple_GET_SIZE(key);
    if (n > ndim) {
        PyErr_Format(PyExc_TypeError, "cannot index %d-dimension view with %zd-element tuple", ndim, n);
        return -1;
    }
    for (Py_ssize_t k = 0; k < n; k++) {
        Py_ssize_t i = PyNumber_AsSsize_t(PyTuple_GET_ITEM(key, k), PyExc_IndexError);
        if (i == -1 && PyErr_Occurred()) return -1;
        idx[k] = i;
    }
    return (int)n;
}

/* The sub-view after n leading indices (n may be 0: the same items). */
static int mvpy_subview(mv_view **out, const mv_view *v, const ptrdiff_t *idx, int n)
{
    mv_view *cur = NULL;
    int rc = mv_retain(&cur, (mv_view *)v);
    for (int k = 0; rc == MV_OK && k < n; k++) {
        mv_view *next = NULL;
        rc = mv_index(&next, cur, idx[k]);
        mv_release(cur);
        cur = next;
    }
    *out = rc == MV_OK ? cur : NULL;
    return rc;
}

static PyObject *mvpy_value_to_py(const mv_value *x)
{
    switch (x->kind) {
    case MV_KIND_INT: return PyLong_FromLongLong(x->i);
    case MV_KIND_UINT: return PyLong_FromUnsignedLongLong(x->u);
    case MV_KIND_FLOAT: return PyFloat_FromDouble(x->f);
    case MV_KIND_BOOL: return PyBool_FromLong((long)x->i);
    case MV_KIND_BYTES: return PyBytes_FromStringAndSize((const char *)x->bytes, (Py_ssize_t)x->len);
    }
    PyErr_Format(PyExc_SystemError, "memview: unknown value kind %d", x->kind);
    return NULL;
}

/* v[s0, s1, ...] (a non-empty tuple of slices) into *out; -1 with an
 * exception set. */
static int mvpy_multislice(MvBase *self, PyObject *key, int ndim, mv_view **out)
{
    mv_range ranges[MV_MAX_NDIM];
    Py_ssize_t nr = PyTuple_GET_SIZE(key);
    int rc;
    if (nr > ndim) {
        PyErr_Format(PyExc_NotImplementedError,
                     "memoryview: cannot slice %zd dimensions of a %d-dimension view", nr, ndim);
        return -1;
    }
    for (Py_ssize_t k = 0; k < nr; k++)
        if (mvpy_range(PyTuple_GET_ITEM(key, k), &ranges[k]) < 0) return -1;
    if (mvpy_check(self) < 0) return -1;
    rc = mv_slice_nd(out, (const mv_view *)self->h, ranges, (int)nr);
    if (rc != MV_OK) { mvpy_fail(rc, "slice"); return -1; }
    return 0;
}

/* The item at idx as a Python object: one value, or a tuple for records. */
static PyObject *mvpy_get_item(MvBase *self, const ptrdiff_t *idx, int n)
{
    const mv_view *v = (const mv_view *)self->h;
    mv_value stack[8], *vals = stack;
    size_t nf = mv_nfields(v), cap = nf ? nf : 1;
    PyObject *r = NULL;
    int rc;
    if (cap > 8 && !(vals = PyMem_Malloc(cap * sizeof *vals))) return PyErr_NoMemory();
    rc = mv_get(v, idx, n, vals, cap);
    if (rc != MV_OK) {
        if (mvpy_text_refused(v)) mvpy_refuse_text(v);  /* before the index, as the builtin */
        else mvpy_fail(rc, "index");
    } else if (nf == 1) {
        r = mvpy_value_to_py(&vals[0]);
    } else if ((r = PyTuple_New((Py_ssize_t)nf))) {
        for (size_t k = 0; k < nf; k++) {
            PyObject *o = mvpy_value_to_py(&vals[k]);
            if (!o) { Py_CLEAR(r); break; }
            PyTuple_SET_ITEM(r, (Py_ssize_t)k, o);
        }
    }
    if (vals != stack) PyMem_Free(vals);
    return r;
}

static PyObject *MvBase_subscript(MvBase *self, PyObject *key)
{
    ptrdiff_t idx[MV_MAX_NDIM];
    mv_view *out = NULL;
    int ndim, n, rc;
    if (mvpy_check(self) < 0) return NULL;
    ndim = mv_ndim((const mv_view *)self->h);
    if (PyLong_CheckExact(key) && ndim == 1) {  /* the common case: no user code */
        int overflow;
        long long i = PyLong_AsLongLongAndOverflow(key, &overflow);
        if (!overflow) { idx[0] = (ptrdiff_t)i; return mvpy_get_item(self, idx, 1); }
    }
    if (PyTuple_CheckExact(key) && PyTuple_GET_SIZE(key) == ndim && ndim > 1) {  /* v[i, j]: plain ints */
        int overflow = 0, k;
        for (k = 0; k < ndim && !overflow; k++) {
            PyObject *x = PyTuple_GET_ITEM(key, k);
            if (!PyLong_CheckExact(x)) break;
            idx[k] = (ptrdiff_t)PyLong_AsLongLongAndOverflow(x, &overflow);
        }
        if (k == ndim && !overflow) return mvpy_get_item(self, idx, ndim);
    }
    if (ndim == 0) {
        if (PyTuple_Check(key) && PyTuple_GET_SIZE(key) == 0) return mvpy_get_item(self, idx, 0);
        if (key == Py_Ellipsis) { Py_INCREF(self); return (PyObject *)self; }
        PyErr_SetString(PyExc_TypeError, "invalid indexing of 0-dim memory");
        return NULL;
    }
    if (PyIndex_Check(key)) {
        Py_ssize_t i = PyNumber_AsSsize_t(key, PyExc_IndexError);
        if (i == -1 && PyErr_Occurred()) return NULL;
        if (mvpy_check(self) < 0) return NULL;  /* __index__ may have released self */
        idx[0] = i;
        if (ndim == 1) return mvpy_get_item(self, idx, 1);
        /* memory_item checks the format before the sub-view refusal */
        if (mvpy_text_refused((const mv_view *)self->h)) return mvpy_refuse_text((const mv_view *)self->h), NULL;
        rc = mv_index(&out, (const mv_view *)self->h, i);  /* sub-view (CPython: NotImplementedError) */
        return rc == MV_OK ? mvpy_derived(self, rc, out) : mvpy_fail(rc, "index");
    }
    if (PySlice_Check(key)) {
        /* A handle is kept across the conversion of the bounds, whose
         * __index__ may release self: the slice still succeeds, as the
         * builtin's does (gh-92888). Plain ints and None run no code. */
        PySliceObject *sl = (PySliceObject *)key;
        mv_view *keep = NULL;
        mv_range r;
        int plain = (PyLong_CheckExact(sl->start) || sl->start == Py_None) &&
                    (PyLong_CheckExact(sl->stop) || sl->stop == Py_None) &&
                    (PyLong_CheckExact(sl->step) || sl->step == Py_None);
        if (!plain && (rc = mv_retain(&keep, (mv_view *)self->h)) != MV_OK) return mvpy_fail(rc, "slice");
        if (mvpy_range(key, &r) < 0) { mv_release(keep); return NULL; }
        rc = mv_slice(&out, keep ? keep : (const mv_view *)self->h, r.start, r.stop, r.step);
        mv_release(keep);
        return rc == MV_OK ? mvpy_derived(self, rc, out) : mvpy_fail(rc, "slice");
    }
    if (PyTuple_Check(key) && mvpy_is_multiindex(key)) {
        /* The builtin's memory_item_multi checks the format before the key. */
        if (mvpy_text_refused((const mv_view *)self->h)) return mvpy_refuse_text((const mv_view *)self->h), NULL;
        if ((n = mvpy_indices(key, ndim, idx)) < 0 || mvpy_check(self) < 0) return NULL;
        if (n == ndim) return mvpy_get_item(self, idx, n);
        rc = mvpy_subview(&out, (const mv_view *)self->h, idx, n);  /* CPython: NotImplementedError */
        return rc == MV_OK ? mvpy_derived(self, rc, out) : mvpy_fail(rc, "index");
    }
    if (PyTuple_Check(key) && mvpy_is_multislice(key))  /* CPython: NotImplementedError */
        return mvpy_multislice(self, key, ndim, &out) < 0 ? NULL : mvpy_derived(self, MV_OK, out);
    PyErr_SetString(PyExc_TypeError, "memoryview: invalid slice key");
    return NULL;
}

/* CPython's fix_error_int: a failed conversion of a value for a field. */
static int mvpy_value_error(const mv_view *v)
{
    PyErr_Format(PyExc_ValueError, "memoryview: invalid value for format '%s'", mvpy_fmt_name(v));
    return -1;
}

static int mvpy_type_error(const mv_view *v)
{
    PyErr_Format(PyExc_TypeError, "memoryview: invalid type for format '%s'", mvpy_fmt_name(v));
    return -1;
}

static int mvpy_fix_error(const mv_view *v)
{
    if (PyErr_ExceptionMatches(PyExc_TypeError)) { PyErr_Clear(); return mvpy_type_error(v); }
    if (PyErr_ExceptionMatches(PyExc_OverflowError) || PyErr_ExceptionMatches(PyExc_ValueError)) {
        PyErr_Clear();
        return mvpy_value_error(v);
    }
    return -1;  /* anything else raised by user code propagates */
}

/* Convert one Python value for a field of kind `kind` (as CPython's
 * pack_single converts: __index__ for integers, __float__/__index__ for
 * floats, truth for '?', bytes for 'c'). Bytes-like fields are only
 * checked here; their pointers are taken after all user code has run. */
static int mvpy_convert(PyObject *o, const mv_field_info *f, mv_value *x, const mv_view *v)
{
    switch (f->kind) {
    case MV_KIND_INT:
    case MV_KIND_UINT: {
        int overflow;
        long long i;
        PyObject *n = PyNumber_Index(o);
        if (!n) return mvpy_fix_error(v);
        i = PyLong_AsLongLongAndOverflow(n, &overflow);
        if (overflow > 0) {
            unsigned long long u = PyLong_AsUnsignedLongLong(n);
            Py_DECREF(n);
            if (u == (unsigned long long)-1 && PyErr_Occurred()) return mvpy_fix_error(v);
            x->kind = MV_KIND_UINT;
            x->u = u;
            return 0;
        }
        Py_DECREF(n);
        if (overflow < 0) return mvpy_value_error(v);
        if (i == -1 && PyErr_Occurred()) return mvpy_fix_error(v);
        if (f->code == 'P' && i < 0) {  /* PyLong_AsVoidPtr: a negative int is its two's complement */
            x->kind = MV_KIND_UINT;
            x->u = (unsigned long long)i;
            return 0;
        }
        x->kind = MV_KIND_INT;
        x->i = i;
        return 0;
    }
    case MV_KIND_FLOAT:
        x->kind = MV_KIND_FLOAT;
        x->f = PyFloat_AsDouble(o);
        return x->f == -1.0 && PyErr_Occurred() ? mvpy_fix_error(v) : 0;
    case MV_KIND_BOOL:  /* errors of __bool__ propagate, as the builtin's */
        x->kind = MV_KIND_BOOL;
        x->i = PyObject_IsTrue(o);
        return x->i < 0 ? -1 : 0;
    case MV_KIND_BYTES:
        if (!PyBytes_Check(o) && (f->code == 'c' || !PyByteArray_Check(o))) return mvpy_type_error(v);
        x->kind = MV_KIND_BYTES;
        return 0;
    }
    PyErr_Format(PyExc_SystemError, "memview: unknown field kind %d", f->kind);
    return -1;
}

/* v[idx] = value: convert every field (user code may run), check that self
 * is still alive, then one mv_set, which writes nothing unless every value
 * packs. */
static int mvpy_set_item(MvBase *self, const ptrdiff_t *idx, int n, PyObject *value)
{
    const mv_view *v = (const mv_view *)self->h;
    size_t nf = mv_nfields(v);
    mv_value stack[8], *vals = stack;
    PyObject *seq = NULL, **items = &value;
    mv_field_info f;
    int in_range, rc = -1;
    if (nf != 1) {
        seq = PySequence_Fast(value, "memoryview: a record item takes a tuple of values");
        if (!seq) return -1;
        if ((size_t)PySequence_Fast_GET_SIZE(seq) != nf) {
            PyErr_Format(PyExc_ValueError, "memoryview: item of format '%s' has %zu fields, got %zd values",
                         mvpy_fmt_name(v), nf, PySequence_Fast_GET_SIZE(seq));
            Py_DECREF(seq);
            return -1;
        }
        items = PySequence_Fast_ITEMS(seq);
    }
    if (nf > 8 && !(vals = PyMem_Malloc(nf * sizeof *vals))) { Py_XDECREF(seq); PyErr_NoMemory(); return -1; }
    /* The index is checked (by the core) before any value is converted:
     * the builtin raises IndexError first. The common case, one plain
     * numeric field of a 1-D view and an index in range, needs no check
     * (a text field must still be refused by mv_get, before the value). */
    in_range = nf == 1 && n == 1 && mv_ndim(v) == 1 && idx[0] >= -mv_shape(v)[0] && idx[0] < mv_shape(v)[0] &&
               !mv_suboffsets(v) && mv_field(v, 0, &f) == MV_OK && f.kind != MV_KIND_TEXT;
    if (nf && !in_range && (rc = mv_get(v, idx, n, vals, nf)) != MV_OK) {
        mvpy_fail(rc, "index");
        rc = -1;
        goto done;
    }
    for (size_t k = 0; k < nf; k++) {
        /* (in range: the one field is in f already) */
        if (!in_range && (rc = mv_field(v, k, &f)) != MV_OK) { mvpy_fail(rc, "setitem"); rc = -1; goto done; }
        memset(&vals[k], 0, sizeof vals[k]);
        if (mvpy_convert(items[k], &f, &vals[k], v) < 0) { rc = -1; goto done; }
    }
    /* No user code from here on: bytes pointers stay valid for mv_set. */
    for (size_t k = 0; k < nf; k++) {
        if (vals[k].kind != MV_KIND_BYTES) continue;
        if (PyBytes_Check(items[k])) {
            vals[k].bytes = PyBytes_AS_STRING(items[k]);
            vals[k].len = (size_t)PyBytes_GET_SIZE(items[k]);
        } else {
            vals[k].bytes = PyByteArray_AS_STRING(items[k]);
            vals[k].len = (size_t)PyByteArray_GET_SIZE(items[k]);
        }
    }
    if (mvpy_check(self) < 0) { rc = -1; goto done; }  /* released by __index__ & co (gh-92888) */
    rc = mv_set((const mv_view *)self->h, idx, n, vals, nf);
    if (rc != MV_OK) { mvpy_fail(rc, "setitem"); rc = -1; }
done:
    if (vals != stack) PyMem_Free(vals);
    Py_XDECREF(seq);
    return rc;
}

/* dst[...] = value, where dst is a private view derived from self: the
 * builtin's equiv_structure (same shape; for the formats it packs itself,
 * the same format string), then one mv_copy (overlap-safe). For keys the
 * builtin refuses with NotImplementedError (N-d slices, sub-views),
 * memview assigns regions of the same structure and raises the builtin's
 * NotImplementedError (builtin_refusal) for any other. */
static int mvpy_assign_src(MvBase *self, mv_view *dst, mv_view *src, PyObject *holder,
                           const char *builtin_refusal)
{
    int rc, ndim = mv_ndim(dst);
    rc = ndim == mv_ndim(src) ? 0 : -1;
    for (int k = 0; rc == 0 && k < ndim; k++) {
        if (mv_shape(dst)[k] != mv_shape(src)[k]) rc = -1;
        else if (mv_shape(dst)[k] == 0) break;
    }
    if (rc == 0 && mvpy_builtin_format(mv_format(dst)) &&
        (strcmp(mvpy_fmt_name(dst), mvpy_fmt_name(src)) != 0 || mv_itemsize(dst) != mv_itemsize(src)))
        rc = -1;
    if (rc < 0 && builtin_refusal) {
        PyErr_Format(PyExc_NotImplementedError, "%s (memview assigns only a region of the same "
                     "structure: lvalue and rvalue have different structures)", builtin_refusal);
    } else if (rc < 0) {
        PyErr_SetString(PyExc_ValueError, MVPY_STRUCTURES);
    } else if (mvpy_check(self) < 0) {  /* __buffer__ code may have released self */
        rc = -1;
    } else {
        Py_BEGIN_ALLOW_THREADS  /* both views are private to this call */
        rc = mv_copy(dst, src);
        Py_END_ALLOW_THREADS
        if (rc == MV_ELAYOUT) { PyErr_Format(PyExc_ValueError, "%s: %s", MVPY_STRUCTURES, mv_errmsg()); rc = -1; }
        else if (rc != MV_OK) { mvpy_fail(rc, "assignment"); rc = -1; }
    }
    mv_release(src);
    mv_release(dst);
    Py_XDECREF(holder);
    return rc;
}

/* The same with the rvalue still a Python object (any buffer exporter). */
static int mvpy_assign(MvBase *self, mv_view *dst, PyObject *value, const char *builtin_refusal)
{
    PyObject *holder = NULL;
    mv_view *src = mvpy_wrap(value, &holder);
    if (!src) { mv_release(dst); return -1; }
    return mvpy_assign_src(self, dst, src, holder, builtin_refusal);
}

static int MvBase_ass_subscript(MvBase *self, PyObject *key, PyObject *value)
{
    ptrdiff_t idx[MV_MAX_NDIM];
    const mv_view *v;
    mv_view *dst = NULL;
    int ndim, n, rc;
    if (mvpy_check(self) < 0) return -1;
    v = (const mv_view *)self->h;
    ndim = mv_ndim(v);
    if (mvpy_text_refused(v)) return mvpy_refuse_text(v);  /* memory_ass_sub: the format first */
    if (mv_readonly(v)) {
        PyErr_SetString(PyExc_TypeError, "cannot modify read-only memory");
        return -1;
    }
    if (!value) {
        PyErr_SetString(PyExc_TypeError, "cannot delete memory");
        return -1;
    }
    if (PyLong_CheckExact(key) && ndim == 1 && mv_nfields(v) == 1) {  /* the common case */
        int overflow;
        long long i = PyLong_AsLongLongAndOverflow(key, &overflow);
        if (!overflow) { idx[0] = (ptrdiff_t)i; return mvpy_set_item(self, idx, 1, value); }
    }
    if (ndim == 0) {
        if (key == Py_Ellipsis || (PyTuple_Check(key) && PyTuple_GET_SIZE(key) == 0))
            return mvpy_set_item(self, idx, 0, value);
        PyErr_SetString(PyExc_TypeError, "invalid indexing of 0-dim memory");
        return -1;
    }
    if (PyIndex_Check(key)) {
        Py_ssize_t i = PyNumber_AsSsize_t(key, PyExc_IndexError);
        if (i == -1 && PyErr_Occurred()) return -1;
        if (mvpy_check(self) < 0) return -1;
        idx[0] = i;
        if (ndim == 1) return mvpy_set_item(self, idx, 1, value);
        rc = mv_index(&dst, (const mv_view *)self->h, i);  /* sub-view (CPython: NotImplementedError) */
        if (rc != MV_OK) { mvpy_fail(rc, "index"); return -1; }
        return mvpy_assign(self, dst, value, MVPY_NO_SUBVIEWS);
    }
    if (PySlice_Check(key)) {  /* as the builtin: the rvalue's buffer first, then the slice */
        PyObject *holder = NULL;
        mv_view *src = mvpy_wrap(value, &holder);
        mv_range r;
        if (!src) return -1;
        if (mvpy_range(key, &r) < 0 || mvpy_check(self) < 0 ||
            (rc = mv_slice(&dst, (const mv_view *)self->h, r.start, r.stop, r.step)) != MV_OK) {
            if (!PyErr_Occurred()) mvpy_fail(rc, "slice");
            mv_release(src);
            Py_XDECREF(holder);
            return -1;
        }
        return mvpy_assign_src(self, dst, src, holder, ndim == 1 ? NULL : MVPY_NO_ND_ASSIGN);
    }
    if (PyTuple_Check(key) && mvpy_is_multiindex(key)) {
        if ((n = mvpy_indices(key, ndim, idx)) < 0 || mvpy_check(self) < 0) return -1;
        if (n == ndim) return mvpy_set_item(self, idx, n, value);
        rc = mvpy_subview(&dst, (const mv_view *)self->h, idx, n);  /* CPython: NotImplementedError */
        if (rc != MV_OK) { mvpy_fail(rc, "index"); return -1; }
        return mvpy_assign(self, dst, value, MVPY_NO_SUBVIEWS);
    }
    if (PyTuple_Check(key) && mvpy_is_multislice(key))  /* CPython: NotImplementedError */
        return mvpy_multislice(self, key, ndim, &dst) < 0 ? -1 : mvpy_assign(self, dst, value, MVPY_NO_ND_ASSIGN);
    PyErr_SetString(PyExc_TypeError, "memoryview: invalid slice key");
    return -1;
}

/* len(v), from the view itself (no layout tuple, no Python frame): the
 * first dimension; a 0-dim view has length 1 up to 3.11 and none since. */
static Py_ssize_t MvBase_length(MvBase *self)
{
    const mv_view *v = (const mv_view *)self->h;
    if (mvpy_check(self) < 0) return -1;
    if (mv_ndim(v) > 0) return (Py_ssize_t)mv_shape(v)[0];
#if PY_VERSION_HEX >= 0x030C0000
    PyErr_SetString(PyExc_TypeError, "0-dim memory has no length");
    return -1;
#else
    return 1;
#endif
}

static PyMappingMethods MvBase_as_mapping = {
    (lenfunc)MvBase_length, (binaryfunc)MvBase_subscript, (objobjargproc)MvBase_ass_subscript,
};

static PySequenceMethods MvBase_as_sequence = {
    .sq_length = (lenfunc)MvBase_length,
};

/* Context of the views made by _new_handle(): a handle of the source view
 * kept for as long as they live, and a strong reference to the source's
 * holder, which keeps the exporter uncollectable while C can reach it. */
typedef struct { mv_view *keep; PyObject *holder; } mvpy_keep;

static void mvpy_release_keep(void *arg)
{
    mvpy_keep *k = arg;
    mv_release(k->keep);  /* a different buffer from the one being released */
    if (k->holder) {
        PyGILState_STATE st = PyGILState_Ensure();
        Py_DECREF(k->holder);
        PyGILState_Release(st);
    }
    free(k);
}

/* A view of v's items (same layout) in a buffer of its own whose release
 * gives back a retained handle of v (and the holder reference, if any). */
static int mvpy_keeper(mv_view **out, const mv_view *v, PyObject *holder)
{
    mvpy_keep *k = malloc(sizeof *k);
    mv_buffer_info info = MV_BUFFER_INFO_INIT;
    int rc;
    if (!k) return MV_ENOMEM;
    rc = mv_retain(&k->keep, (mv_view *)v);
    if (rc != MV_OK) { free(k); return rc; }
    k->holder = holder;
    info.data = mv_data(v);
    info.format = mv_format(v);
    info.itemsize = mv_itemsize(v);
    info.ndim = mv_ndim(v);
    info.shape = mv_shape(v);
    info.strides = mv_strides(v);
    info.suboffsets = mv_suboffsets(v); /* indirect views stay indirect (issue 12) */
    info.readonly = mv_readonly(v);
    info.on_release = mvpy_release_keep;
    info.ctx = k;
    rc = mv_from_buffer(out, &info);
    if (rc != MV_OK) { mv_release(k->keep); free(k); return rc; }
    Py_XINCREF(holder);
    return MV_OK;
}

/* _new_handle(): a handle for C (an int), in a buffer of its own that keeps
 * self's items and the exporter alive until C releases it. */
static PyObject *MvBase_new_handle(MvBase *self, PyObject *unused)
{
    mv_view *out = NULL;
    int rc;
    (void)unused;
    if (mvpy_check(self) < 0) return NULL;
    rc = mvpy_keeper(&out, (const mv_view *)self->h, self->holder);
    if (rc != MV_OK) return mvpy_fail(rc, "new_handle");
    return PyLong_FromVoidPtr(out);
}

static PyObject *mvpy_ssize_tuple(const ptrdiff_t *a, int n)
{
    PyObject *t = PyTuple_New(n);
    if (!t) return NULL;
    for (int k = 0; k < n; k++) {
        PyObject *x = PyLong_FromSsize_t(a[k]);
        if (!x) { Py_DECREF(t); return NULL; }
        PyTuple_SET_ITEM(t, k, x);
    }
    return t;
}

static int mvpy_check(MvBase *self)
{
    if (!self->h) {
        PyErr_SetString(PyExc_ValueError, "operation forbidden on released memoryview object");
        return -1;
    }
    return 0;
}

/* The whole layout in one call, for the Python side to cache:
 * (format, itemsize, ndim, shape, strides, readonly, nbytes, data address,
 *  c_contiguous, f_contiguous, nfields). */
static PyObject *MvBase_layout(MvBase *self, PyObject *unused)
{
    const mv_view *v = (const mv_view *)self->h;
    int ndim;
    (void)unused;
    if (mvpy_check(self) < 0) return NULL;
    ndim = mv_ndim(v);
    return Py_BuildValue("(sniNNinNiin)", mv_format(v), (Py_ssize_t)mv_itemsize(v), ndim,
                         mvpy_ssize_tuple(mv_shape(v), ndim),
                         mvpy_ssize_tuple(mv_strides(v), ndim), mv_readonly(v),
                         (Py_ssize_t)mv_nbytes(v), PyLong_FromVoidPtr(mv_data(v)),
                         mv_c_contiguous(v), mv_f_contiguous(v),
                         (Py_ssize_t)mv_nfields(v));
}

/* _lay(): the layout tuple, made once per view and kept until release. */
static PyObject *MvBase_lay(MvBase *self, PyObject *unused)
{
    (void)unused;
    if (!self->lay && !(self->lay = MvBase_layout(self, NULL))) return NULL;
    Py_INCREF(self->lay);
    return self->lay;
}

/* Errors raised here, by the bytes-producing methods, take their type from
 * the Python side's table through this hook (set once at import). */
static PyObject *mvpy_error_hook = NULL;

static PyObject *mvpy_fail(int rc, const char *op)
{
    if (mvpy_error_hook) {
        PyObject *r = PyObject_CallFunction(mvpy_error_hook, "is", rc, op);
        Py_XDECREF(r);
        if (PyErr_Occurred()) return NULL;
    }
    mvpy_raise(rc, op);
    return NULL;
}

/* tobytes(order) into a new bytes object: one copy, GIL released. */
static PyObject *MvBase_tobytes(MvBase *self, PyObject *arg)
{
    const mv_view *v = (const mv_view *)self->h;
    PyObject *out;
    int order, rc;
    size_t n;
    if (mvpy_check(self) < 0) return NULL;
    order = (int)PyLong_AsLong(arg);
    if (order == -1 && PyErr_Occurred()) return NULL;
    n = mv_nbytes(v);
    out = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)n);
    if (!out) return NULL;
    self->exports++; /* keep the view through the unlocked copy */
    Py_BEGIN_ALLOW_THREADS
    rc = mv_tobytes(v, PyBytes_AS_STRING(out), n, (char)order);
    Py_END_ALLOW_THREADS
    self->exports--;
    if (rc != MV_OK) { Py_DECREF(out); return mvpy_fail(rc, "tobytes"); }
    return out;
}

/* hex(sep_char, bytes_per_sep) into a new str: one pass, GIL released. */
static PyObject *MvBase_hex(MvBase *self, PyObject *const *args, Py_ssize_t nargs)
{
    const mv_view *v = (const mv_view *)self->h;
    PyObject *out;
    long sep, per;
    size_t n;
    int rc;
    if (mvpy_check(self) < 0) return NULL;
    if (nargs != 2) { PyErr_SetString(PyExc_TypeError, "_hex(sep, bytes_per_sep)"); return NULL; }
    sep = PyLong_AsLong(args[0]);
    if (sep == -1 && PyErr_Occurred()) return NULL;
    per = PyLong_AsLong(args[1]);
    if (per == -1 && PyErr_Occurred()) return NULL;
    if (per > INT_MAX || per < INT_MIN) {
        PyErr_SetString(PyExc_OverflowError, "bytes_per_sep is too large");
        return NULL;
    }
    n = mv_hex_len(v, (char)sep, (int)per);
    out = PyUnicode_New((Py_ssize_t)n, 127);  /* compact ASCII: n + 1 bytes */
    if (!out) return NULL;
    self->exports++;
    Py_BEGIN_ALLOW_THREADS
    rc = mv_hex(v, (char *)PyUnicode_1BYTE_DATA(out), n + 1, (char)sep, (int)per);
    Py_END_ALLOW_THREADS
    self->exports--;
    if (rc != MV_OK) { Py_DECREF(out); return mvpy_fail(rc, "hex"); }
    return out;
}

static PyObject *MvBase_set_error_hook(PyObject *cls, PyObject *fn)
{
    (void)cls;
    Py_XINCREF(fn);
    Py_XSETREF(mvpy_error_hook, fn);
    Py_RETURN_NONE;
}

/* The buffer protocol, following CPython's memory_getbuf. pin: the export
 * belongs to self (its release() is refused until the consumer lets go), as
 * the builtin's own exports; otherwise to a clone (see below). */
static int mvpy_getbuffer(MvBase *self, Py_buffer *view, int flags, int pin)
{
    const mv_view *v = (const mv_view *)self->h;
    if (mvpy_check(self) < 0) return -1;
    if ((flags & PyBUF_WRITABLE) && mv_readonly(v)) {
        PyErr_SetString(PyExc_BufferError, "memoryview: underlying buffer is not writable");
        return -1;
    }
    if ((flags & PyBUF_C_CONTIGUOUS) == PyBUF_C_CONTIGUOUS && !mv_c_contiguous(v)) {
        PyErr_SetString(PyExc_BufferError, "memoryview: underlying buffer is not C-contiguous");
        return -1;
    }
    if ((flags & PyBUF_F_CONTIGUOUS) == PyBUF_F_CONTIGUOUS && !mv_f_contiguous(v)) {
        PyErr_SetString(PyExc_BufferError, "memoryview: underlying buffer is not Fortran contiguous");
        return -1;
    }
    if ((flags & PyBUF_ANY_CONTIGUOUS) == PyBUF_ANY_CONTIGUOUS && !mv_contiguous(v)) {
        PyErr_SetString(PyExc_BufferError, "memoryview: underlying buffer is not contiguous");
        return -1;
    }
    view->buf = mv_data(v);
    view->len = (Py_ssize_t)mv_nbytes(v);
    view->readonly = mv_readonly(v);
    view->itemsize = (Py_ssize_t)mv_itemsize(v);
    view->format = (flags & PyBUF_FORMAT) ? (char *)mv_format(v) : NULL;
    view->ndim = mv_ndim(v);
    view->shape = (Py_ssize_t *)mv_shape(v);
    view->strides = (Py_ssize_t *)mv_strides(v);
    view->suboffsets = NULL;
    view->internal = NULL;
    /* Indirect views (issue 12): only to consumers that follow suboffsets. */
    if (mv_suboffsets(v)) {
        if ((flags & PyBUF_INDIRECT) != PyBUF_INDIRECT) {
            PyErr_SetString(PyExc_BufferError, "memoryview: underlying buffer requires suboffsets");
            return -1;
        }
        view->suboffsets = (Py_ssize_t *)mv_suboffsets(v);
    }
    if ((flags & PyBUF_STRIDES) != PyBUF_STRIDES) {
        if (!mv_c_contiguous(v)) {
            PyErr_SetString(PyExc_BufferError, "memoryview: underlying buffer is not C-contiguous");
            return -1;
        }
        view->strides = NULL;
    }
    if ((flags & PyBUF_ND) != PyBUF_ND) {
        if (view->format) {
            PyErr_SetString(PyExc_BufferError,
                            "memoryview: cannot cast to unsigned bytes if the format flag is present");
            return -1;
        }
        view->ndim = 1;
        view->shape = NULL;
    }
    /* The buffer belongs to a clone of this view (same items, its own
     * handle; the pointers above are the shared view's, valid while any
     * handle lives): as with memoryview(m) of a builtin m, this MemoryView
     * can be released while consumers still use the memory. The clone is
     * pinned (its release() is refused) until the consumer lets go. */
    if (pin) {
        Py_INCREF(self);
        self->exports++;
        view->obj = (PyObject *)self;
    } else {
        mv_view *h = NULL;
        MvBase *clone;
        if (mv_retain(&h, (mv_view *)v) != MV_OK) {
            PyErr_SetString(PyExc_SystemError, "memview: mv_retain failed");
            return -1;
        }
        clone = (MvBase *)mvpy_derived(self, MV_OK, h);
        if (!clone) return -1;
        clone->exports = 1;
        view->obj = (PyObject *)clone;
    }
    return 0;
}

static int MvBase_getbuffer(MvBase *self, Py_buffer *view, int flags)
{
    return mvpy_getbuffer(self, view, flags, 0);
}

#if PY_VERSION_HEX >= 0x030C0000
/* The Python-level buffer protocol (PEP 688, 3.12+). The slot wrapper that
 * CPython derives from bf_getbuffer would hand out the clone's export, which
 * the derived __release_buffer__ then rejects ("memoryview's buffer is not
 * this object"). MemoryView.__buffer__(flags) instead exports self, as the
 * builtin's does: a memoryview made with exactly these flags, whose buffer
 * is self's until __release_buffer__(m) (the derived wrapper, which checks
 * that m's buffer is self's and releases m) or m.release(); meanwhile
 * self.release() raises BufferError. The memoryview is made through a
 * one-shot exporter that asks self for a pinned export with the flags. */
typedef struct {
    PyObject_HEAD
    MvBase *target;
    int flags;
} MvFlagsProxy;

static int MvFlagsProxy_getbuffer(MvFlagsProxy *self, Py_buffer *view, int flags)
{
    (void)flags;  /* PyMemoryView_FromObject asks for PyBUF_FULL_RO; the caller's flags rule */
    return mvpy_getbuffer(self->target, view, self->flags, 1);
}

static PyBufferProcs MvFlagsProxy_as_buffer = {(getbufferproc)MvFlagsProxy_getbuffer, NULL};

static PyTypeObject MvFlagsProxy_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "memview._cffi._FlagsProxy",
    .tp_basicsize = sizeof(MvFlagsProxy),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_as_buffer = &MvFlagsProxy_as_buffer,
};

static PyObject *MvBase_dunder_buffer(MvBase *self, PyObject *arg)
{
    MvFlagsProxy *proxy;
    PyObject *m;
    Py_ssize_t flags = PyNumber_AsSsize_t(arg, PyExc_OverflowError);  /* as CPython's wrap_buffer */
    if (flags == -1 && PyErr_Occurred()) return NULL;
    if (flags > INT_MAX) {  /* only above: CPython truncates large negative flags to int */
        PyErr_SetString(PyExc_OverflowError, "buffer flags too large");
        return NULL;
    }
    /* PyMemoryView_FromObject only calls the proxy's getbuffer (the
     * buffer's obj is self) and keeps no reference to the proxy. */
    proxy = PyObject_New(MvFlagsProxy, &MvFlagsProxy_Type);
    if (!proxy) return NULL;
    proxy->target = self;  /* borrowed: the proxy dies in this call */
    proxy->flags = (int)(unsigned)(size_t)flags;  /* CPython's Py_SAFE_DOWNCAST: the low bits */
    m = PyMemoryView_FromObject((PyObject *)proxy);
    Py_DECREF(proxy);
    return m;
}
#endif

static void MvBase_releasebuffer(MvBase *self, Py_buffer *view)
{
    (void)view;
    self->exports--;
}

/* __init_subclass__: every Python subclass (MemoryView, users' subclasses)
 * keeps the C buffer slots. On 3.12+ CPython recomputes a heap type's
 * bf_getbuffer from the __buffer__ it finds (the method above, not a slot
 * wrapper), so memoryview(v), bytes(v) and MemoryView(v) would go through
 * __buffer__ and pin v (release() refused while they live), where
 * memoryview(m) of a builtin m does not. Only an explicit v.__buffer__()
 * pins, as the builtin's does. A subclass whose own __buffer__ is Python
 * code keeps the generic slot: consumers call its code. */
static void MvView_dealloc(MvBase *self);
static PyObject *MvView_vectorcall(PyObject *type, PyObject *const *args, size_t nargsf, PyObject *kwnames);

static PyObject *MvBase_init_subclass(PyObject *cls, PyObject *args, PyObject *kwds)
{
    if (PyTuple_GET_SIZE(args) || (kwds && PyDict_GET_SIZE(kwds))) {
        PyErr_SetString(PyExc_TypeError, "__init_subclass__() takes no arguments");
        return NULL;
    }
#if PY_VERSION_HEX >= 0x030C0000
    {
        PyTypeObject *t = (PyTypeObject *)cls;
        PyObject *mine = PyObject_GetAttrString((PyObject *)&MvBase_Type, "__buffer__");
        PyObject *found = mine ? PyObject_GetAttrString(cls, "__buffer__") : NULL;
        int same = found == mine;
        Py_XDECREF(mine);
        Py_XDECREF(found);
        if (!found) return NULL;
        if (same && (t->tp_flags & Py_TPFLAGS_HEAPTYPE) && t->tp_as_buffer) {
            t->tp_as_buffer->bf_getbuffer = (getbufferproc)MvBase_getbuffer;
            t->tp_as_buffer->bf_releasebuffer = (releasebufferproc)MvBase_releasebuffer;
            PyType_Modified(t);
        }
    }
#endif
    {
        /* Instances that hold nothing beyond MvBase's fields: the direct
         * tp_dealloc and constructor above. */
        PyTypeObject *t = (PyTypeObject *)cls;
        unsigned long managed = 0;
#ifdef Py_TPFLAGS_MANAGED_DICT
        managed |= Py_TPFLAGS_MANAGED_DICT;
#endif
#ifdef Py_TPFLAGS_MANAGED_WEAKREF
        managed |= Py_TPFLAGS_MANAGED_WEAKREF;
#endif
        if ((t->tp_flags & Py_TPFLAGS_HEAPTYPE) && !(t->tp_flags & managed) &&
            t->tp_basicsize == MvBase_Type.tp_basicsize && t->tp_itemsize == 0 &&
            t->tp_dictoffset == 0 && t->tp_weaklistoffset == MvBase_Type.tp_weaklistoffset &&
            !t->tp_finalize && !t->tp_del)
            t->tp_dealloc = (destructor)MvView_dealloc;
        if (t->tp_flags & Py_TPFLAGS_HEAPTYPE) t->tp_vectorcall = MvView_vectorcall;
    }
    Py_RETURN_NONE;
}

static PyBufferProcs MvBase_as_buffer = {
    (getbufferproc)MvBase_getbuffer,
    (releasebufferproc)MvBase_releasebuffer,
};

static int MvBase_traverse(MvBase *self, visitproc visit, void *arg)
{
    Py_VISIT(self->obj);
    Py_VISIT(self->holder);
    Py_VISIT(self->lay);
    Py_VISIT(self->hv);
    Py_VISIT(self->keep);
    return 0;
}

/* Breaking a garbage cycle: release the view (as CPython's memory_clear),
 * unless buffers exported from it are still in use. */
static int MvBase_clear(MvBase *self)
{
    if (self->h && self->exports == 0) {
        mv_view *v = (mv_view *)self->h;
        mvpy_set_handle(self, 0);
        mv_release(v);
    }
    Py_CLEAR(self->obj);
    Py_CLEAR(self->holder);
    Py_CLEAR(self->lay);
    Py_CLEAR(self->hv);
    Py_CLEAR(self->keep);
    return 0;
}

/* Everything an instance owns, given back (the memory itself is not freed). */
static void mvpy_finish(MvBase *self)
{
    PyObject_GC_UnTrack(self);
    if (self->weakreflist) PyObject_ClearWeakRefs((PyObject *)self);
    if (self->h) {
        mv_view *v = (mv_view *)self->h;
        self->h = 0;
        mv_release(v);
    }
    Py_CLEAR(self->hobj);
    Py_CLEAR(self->obj);
    Py_CLEAR(self->holder);  /* after the release above, which may need it */
    Py_CLEAR(self->lay);
    Py_CLEAR(self->hv);
    Py_CLEAR(self->keep);
}

static void MvBase_dealloc(MvBase *self)
{
    mvpy_finish(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* The tp_dealloc of the Python subclasses that add nothing to an instance
 * (no __dict__, no __slots__, no __del__ when defined; MemoryView itself):
 * one direct release instead of CPython's generic subtype_dealloc. It is
 * also the base dealloc that subtype_dealloc calls for their own
 * subclasses (which then gave the finalizer its turn already); as the
 * nearest base dealloc of a heap type, it drops the type's reference. */
static void MvView_dealloc(MvBase *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    /* A __del__ assigned to the class later: run it, as subtype_dealloc would. */
    if (tp->tp_finalize && tp->tp_dealloc == (destructor)MvView_dealloc &&
        PyObject_CallFinalizerFromDealloc((PyObject *)self) < 0)
        return;  /* resurrected */
    mvpy_finish(self);
    tp->tp_free((PyObject *)self);
    Py_DECREF(tp);  /* instances of heap types own a reference to their type */
}

/* MemoryView(obj) without the generic type call (argument tuple, keyword
 * parsing, __init__ lookup) for subclasses whose __new__ and __init__ are
 * the inherited ones; anything else takes the generic path. */
static PyObject *MvView_vectorcall(PyObject *type, PyObject *const *args, size_t nargsf, PyObject *kwnames)
{
    PyTypeObject *tp = (PyTypeObject *)type;
    Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
    PyObject *tuple, *kw = NULL, *r;
    if (nargs == 1 && !kwnames && tp->tp_new == MvBase_Type.tp_new &&
        tp->tp_init == PyBaseObject_Type.tp_init)
        return mvpy_new(tp, args[0]);
    if (!(tuple = PyTuple_New(nargs))) return NULL;
    for (Py_ssize_t k = 0; k < nargs; k++) {
        Py_INCREF(args[k]);
        PyTuple_SET_ITEM(tuple, k, args[k]);
    }
    if (kwnames && PyTuple_GET_SIZE(kwnames)) {
        if (!(kw = PyDict_New())) { Py_DECREF(tuple); return NULL; }
        for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(kwnames); k++) {
            if (PyDict_SetItem(kw, PyTuple_GET_ITEM(kwnames, k), args[nargs + k]) < 0) {
                Py_DECREF(kw);
                Py_DECREF(tuple);
                return NULL;
            }
        }
    }
    r = Py_TYPE(type)->tp_call(type, tuple, kw);
    Py_DECREF(tuple);
    Py_XDECREF(kw);
    return r;
}

static PyObject *MvBase_get_obj(MvBase *self, void *closure)
{
    (void)closure;
    if (mvpy_check(self) < 0) return NULL;
    if (!self->obj) Py_RETURN_NONE;
    Py_INCREF(self->obj);
    return self->obj;
}

static PyObject *MvBase_get_exports(MvBase *self, void *closure)
{
    (void)closure;
    return PyLong_FromSsize_t(self->exports);
}

static PyMemberDef MvBase_members[] = {
    {"_o", T_OBJECT, offsetof(MvBase, obj), READONLY, "obj, readable after release"},
    {"_hv", T_OBJECT_EX, offsetof(MvBase, hv), 0, "the cached hash"},
    {"_keep", T_OBJECT_EX, offsetof(MvBase, keep), 0, "a view kept for NumPy arrays made through __array_interface__"},
    {NULL}
};

static PyGetSetDef MvBase_getset[] = {
    {"obj", (getter)MvBase_get_obj, NULL, "The underlying object of the view.", NULL},
    {"_h", (getter)MvBase_get_h, NULL, "the mv_view* as an int; 0 once released", NULL},
    {"_exports", (getter)MvBase_get_exports, NULL, "buffers exported and not yet released", NULL},
    {NULL}
};

static PyMethodDef MvBase_methods[] = {
    {"_adopt", (PyCFunction)(void (*)(void))MvBase_adopt, METH_FASTCALL | METH_CLASS,
     "_adopt(handle, obj): a new instance owning the handle"},
    {"_detach", (PyCFunction)MvBase_detach, METH_NOARGS, "release the handle"},
    {"_layout", (PyCFunction)MvBase_layout, METH_NOARGS, "the layout tuple"},
    {"_lay", (PyCFunction)MvBase_lay, METH_NOARGS, "the layout tuple, cached until release"},
    {"_tobytes", (PyCFunction)MvBase_tobytes, METH_O, "_tobytes(ord(order))"},
    {"_hex", (PyCFunction)(void (*)(void))MvBase_hex, METH_FASTCALL, "_hex(sep, bytes_per_sep)"},
    {"_slice", (PyCFunction)(void (*)(void))MvBase_slice, METH_FASTCALL, "_slice(start, stop, step)"},
    {"_index", (PyCFunction)MvBase_index, METH_O, "_index(i): sub-view"},
    {"_derive", (PyCFunction)MvBase_derive, METH_O, "_derive(handle): adopt a handle derived from this view"},
    {"_retain", (PyCFunction)MvBase_retain, METH_NOARGS, "a new view of the same items"},
    {"_toreadonly", (PyCFunction)MvBase_toreadonly, METH_NOARGS, NULL},
#if PY_VERSION_HEX >= 0x030C0000
    {"__buffer__", (PyCFunction)MvBase_dunder_buffer, METH_O | METH_COEXIST,
     "__buffer__($self, flags, /)\n--\n\nReturn a buffer object that exposes the underlying memory of the object."},
#endif
    {"__init_subclass__", (PyCFunction)(void (*)(void))MvBase_init_subclass,
     METH_VARARGS | METH_KEYWORDS | METH_CLASS, "keeps the C buffer slots in subclasses (3.12+)"},
    {"_text_refused", (PyCFunction)MvBase_text_refused, METH_NOARGS,
     "True when the builtin refuses every item before the key (text in a multi-character format)"},
    {"cast", (PyCFunction)(void (*)(void))MvBase_cast, METH_FASTCALL | METH_KEYWORDS,
     "cast(format, shape=None, *, offset=0)\n--\n\n"
     "Reinterpret the bytes from offset on as items of format (any struct format:\n"
     "byte-order prefixes, records) laid out C-contiguously in shape (1-D by default)."},
    {"_equal", (PyCFunction)MvBase_equal, METH_O, "mv_equal"},
    {"_new_handle", (PyCFunction)MvBase_new_handle, METH_NOARGS, "a handle for C, as an int"},
    {"_set_error_hook", (PyCFunction)MvBase_set_error_hook, METH_O | METH_CLASS, NULL},
    {NULL}
};

static PyTypeObject MvBase_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "memview._cffi._Base",
    .tp_basicsize = sizeof(MvBase),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "memview view handle with the buffer protocol (base of MemoryView)",
    .tp_new = MvBase_new,
    .tp_dealloc = (destructor)MvBase_dealloc,
    .tp_traverse = (traverseproc)MvBase_traverse,
    .tp_clear = (inquiry)MvBase_clear,
    .tp_as_buffer = &MvBase_as_buffer,
    .tp_as_mapping = &MvBase_as_mapping,
    .tp_as_sequence = &MvBase_as_sequence,
    .tp_weaklistoffset = offsetof(MvBase, weakreflist),
    .tp_members = MvBase_members,
    .tp_getset = MvBase_getset,
    .tp_methods = MvBase_methods,
};

/* Called once through cffi at import: readies the type and publishes it as
 * memview._cffi._Base. Returns 0, or -1 with the Python error printed. */
static int mvpy_install(void)
{
    PyGILState_STATE st = PyGILState_Ensure();
    int rc = -1;
    PyObject *mod = NULL;
    if (PyType_Ready(&MvHolder_Type) < 0 || PyType_Ready(&MvBase_Type) < 0) goto done;
#if PY_VERSION_HEX >= 0x030C0000
    if (PyType_Ready(&MvFlagsProxy_Type) < 0) goto done;
#endif
    mod = PyImport_ImportModule("memview._cffi");
    if (!mod) goto done;
    Py_INCREF(&MvBase_Type);
    if (PyModule_AddObject(mod, "_Base", (PyObject *)&MvBase_Type) < 0) {
        Py_DECREF(&MvBase_Type);
        goto done;
    }
    rc = 0;
done:
    if (rc < 0) PyErr_Print();
    Py_XDECREF(mod);
    PyGILState_Release(st);
    return rc;
}
