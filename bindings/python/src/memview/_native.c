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
    Py_buffer pb;
    MvHolder *holder;  /* borrowed; NULL once the holder is gone */
} mvpy_ctx;

struct MvHolder {
    PyObject_HEAD
    mvpy_ctx *ctx;     /* NULL once the core released the buffer */
};

static int MvHolder_traverse(MvHolder *self, visitproc visit, void *arg)
{
    if (self->ctx) Py_VISIT(self->ctx->pb.obj);
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
    Py_ssize_t exports;  /* buffers handed out and not yet released */
    PyObject *obj;       /* the exporter wrapped, or None */
    PyObject *holder;    /* MvHolder of the wrapped buffer, or NULL */
} MvBase;

static int mvpy_check(MvBase *self);

/* Set the handle of a fresh or released instance (h 0: released). */
static int mvpy_set_handle(MvBase *self, Py_ssize_t h)
{
    self->h = h;
    Py_CLEAR(self->hobj);
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
    PyGILState_STATE st = PyGILState_Ensure();
    if (ctx->holder) ctx->holder->ctx = NULL;
    PyBuffer_Release(&ctx->pb);
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
    hd = PyObject_GC_New(MvHolder, &MvHolder_Type);
    if (!hd) return NULL;
    hd->ctx = NULL;
    PyObject_GC_Track(hd);
    ctx = PyMem_RawMalloc(sizeof *ctx);
    if (!ctx) { Py_DECREF(hd); PyErr_NoMemory(); return NULL; }
    /* Strides, format and suboffsets (PIL-style indirect arrays, which the
     * core follows; issue 12). */
    if (PyObject_GetBuffer(obj, &ctx->pb, PyBUF_FULL_RO) < 0) {
        PyMem_RawFree(ctx);
        Py_DECREF(hd);
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
        mvpy_raise(rc, "memview cannot view this buffer");
        PyBuffer_Release(&ctx->pb);
        PyMem_RawFree(ctx);
        Py_DECREF(hd);
        return NULL;
    }
    ctx->holder = hd;
    hd->ctx = ctx;
    *holder = (PyObject *)hd;
    return out;
}

static PyObject *MvBase_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    PyObject *obj;
    static char *kwlist[] = {"object", NULL};
    mv_view *v;
    MvBase *self;
    PyObject *holder;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O:MemoryView", kwlist, &obj))
        return NULL;
    v = mvpy_wrap(obj, &holder);
    if (!v) return NULL;
    self = (MvBase *)type->tp_alloc(type, 0);
    if (!self) { mv_release(v); Py_XDECREF(holder); return NULL; }
    self->holder = holder;
    if (mvpy_set_handle(self, (Py_ssize_t)v) < 0) { mv_release(v); Py_DECREF(self); return NULL; }
    /* As CPython: a view of a view reports the original exporter. */
    if (PyObject_TypeCheck(obj, &MvBase_Type)) obj = ((MvBase *)obj)->obj;
    else if (PyMemoryView_Check(obj) && PyMemoryView_GET_BUFFER(obj)->obj)
        obj = PyMemoryView_GET_BUFFER(obj)->obj;
    if (!obj) obj = Py_None;  /* a source cleared by the GC */
    Py_INCREF(obj);
    self->obj = obj;
    return (PyObject *)self;
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
    PyObject *format = NULL, *shp = Py_None, *off = NULL;
    const char *fmt;
    Py_ssize_t flen, ndim = 0;
    size_t offset = 0;
    mv_view *out = NULL;
    int rc;
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
    if (!format) {
        PyErr_SetString(PyExc_TypeError, "cast() missing required argument 'format' (pos 1)");
        return NULL;
    }
    if (!PyUnicode_Check(format)) {
        PyErr_Format(PyExc_TypeError, "cast() argument 'format' must be str, not %.200s",
                     Py_TYPE(format)->tp_name);
        return NULL;
    }
    fmt = PyUnicode_AsUTF8AndSize(format, &flen);
    if (!fmt) return NULL;
    if (!PyUnicode_IS_ASCII(format) || (Py_ssize_t)strlen(fmt) != flen) {
        PyErr_Format(PyExc_ValueError, "memoryview: invalid format %R", format);
        return NULL;
    }
    if (shp != Py_None) {
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
        for (Py_ssize_t k = 0; k < ndim; k++) {
            PyObject *x = PySequence_Fast_GET_ITEM(shp, k);
            if (!PyIndex_Check(x)) {
                PyErr_SetString(PyExc_TypeError, "memoryview.cast(): elements of shape must be integers");
                return NULL;
            }
        }
        for (Py_ssize_t k = 0; k < ndim && k < PySequence_Fast_GET_SIZE(shp); k++) {
            Py_ssize_t x = PyNumber_AsSsize_t(PySequence_Fast_GET_ITEM(shp, k), PyExc_ValueError);
            if (x == -1 && PyErr_Occurred()) return NULL;
            if (x <= 0) {
                PyErr_SetString(PyExc_ValueError, "memoryview.cast(): elements of shape must be integers > 0");
                return NULL;
            }
            shape[k] = x;
        }
        if (ndim != PySequence_Fast_GET_SIZE(shp)) {  /* a list changed under __index__ */
            PyErr_SetString(PyExc_RuntimeError, "cast(): shape changed size during conversion");
            return NULL;
        }
        sp = shape;
    }
    if (off) {
        Py_ssize_t o;
        if (!PyIndex_Check(off)) {
            PyErr_Format(PyExc_TypeError, "cast(): offset must be an integer, not %.200s",
                         Py_TYPE(off)->tp_name);
            return NULL;
        }
        o = PyNumber_AsSsize_t(off, PyExc_OverflowError);
        if (o == -1 && PyErr_Occurred()) return NULL;
        if (o < 0) {
            PyErr_Format(PyExc_ValueError, "cast: offset must be >= 0, not %zd", o);
            return NULL;
        }
        offset = (size_t)o;
    }
    if (mvpy_check(self) < 0) return NULL;  /* after any __index__ code */
    rc = mv_cast_offset(&out, (const mv_view *)self->h, fmt, sp, (int)ndim, offset);
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

/* ---- element access and slicing without a Python frame ----------------
 * The common keys (an int on a 1-D view, a slice) are served here; every
 * other key, and every failure, goes to the Python methods _getitem /
 * _setitem, which produce the builtin's exact exceptions. */

static PyObject *mvpy_str_getitem, *mvpy_str_setitem;

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

/* The index of an int key on a 1-D view, or of a tuple of ints with one
 * per dimension, into idx; the number of indices, or -1 for other keys. */
static int mvpy_int_index(const mv_view *v, PyObject *key, ptrdiff_t *idx)
{
    int ndim = mv_ndim(v), overflow;
    if (PyLong_CheckExact(key)) {
        if (ndim != 1) return -1;
        idx[0] = (ptrdiff_t)PyLong_AsLongLongAndOverflow(key, &overflow);
        return overflow ? -1 : 1;
    }
    if (PyTuple_CheckExact(key) && PyTuple_GET_SIZE(key) == ndim && ndim > 1 && ndim <= 8) {
        for (int k = 0; k < ndim; k++) {
            PyObject *x = PyTuple_GET_ITEM(key, k);
            if (!PyLong_CheckExact(x)) return -1;
            idx[k] = (ptrdiff_t)PyLong_AsLongLongAndOverflow(x, &overflow);
            if (overflow) return -1;
        }
        return ndim;
    }
    return -1;
}

static PyObject *MvBase_subscript(MvBase *self, PyObject *key)
{
    const mv_view *v = (const mv_view *)self->h;
    ptrdiff_t idx[8];
    int n;
    if (v && (n = mvpy_int_index(v, key, idx)) > 0) {
        mv_value vals[4];
        size_t nf = mv_nfields(v);
        if (nf >= 1 && nf <= 4 && mv_get(v, idx, n, vals, nf) == MV_OK) {
            PyObject *t;
            if (nf == 1) return mvpy_value_to_py(&vals[0]);
            t = PyTuple_New((Py_ssize_t)nf);
            if (!t) return NULL;
            for (size_t k = 0; k < nf; k++) {
                PyObject *o = mvpy_value_to_py(&vals[k]);
                if (!o) { Py_DECREF(t); return NULL; }
                PyTuple_SET_ITEM(t, (Py_ssize_t)k, o);
            }
            return t;
        }
    } else if (v && PySlice_Check(key)) {
        PySliceObject *sl = (PySliceObject *)key;
        if ((PyLong_CheckExact(sl->start) || sl->start == Py_None) &&
            (PyLong_CheckExact(sl->stop) || sl->stop == Py_None) &&
            (PyLong_CheckExact(sl->step) || sl->step == Py_None)) {
            ptrdiff_t a, b, c;
            mv_view *out = NULL;
            if (mvpy_bound(sl->start, MV_NONE, &a) == 0 && mvpy_bound(sl->stop, MV_NONE, &b) == 0 &&
                mvpy_bound(sl->step, 1, &c) == 0 && mv_slice(&out, v, a, b, c) == MV_OK)
                return mvpy_derived(self, MV_OK, out);
            PyErr_Clear();
        }
    }
    return PyObject_CallMethodOneArg((PyObject *)self, mvpy_str_getitem, key);
}

/* Fill x from value for a field of kind `kind` when value is of a plain
 * builtin type; 0 when it is not (the Python path handles the rest). Runs
 * no user code. */
static int mvpy_py_to_value(PyObject *value, int kind, mv_value *x)
{
    if (kind == MV_KIND_FLOAT) {
        if (PyFloat_CheckExact(value)) { x->kind = MV_KIND_FLOAT; x->f = PyFloat_AS_DOUBLE(value); return 1; }
        if (PyLong_CheckExact(value)) {
            double d = PyLong_AsDouble(value);
            if (d == -1.0 && PyErr_Occurred()) { PyErr_Clear(); return 0; }
            x->kind = MV_KIND_FLOAT; x->f = d; return 1;
        }
        return 0;
    }
    if (kind == MV_KIND_INT || kind == MV_KIND_UINT) {
        int overflow;
        long long i;
        if (!PyLong_CheckExact(value)) return 0;
        i = PyLong_AsLongLongAndOverflow(value, &overflow);
        if (!overflow) { x->kind = MV_KIND_INT; x->i = i; return 1; }
        if (overflow > 0) {
            unsigned long long u = PyLong_AsUnsignedLongLong(value);
            if (u == (unsigned long long)-1 && PyErr_Occurred()) { PyErr_Clear(); return 0; }
            x->kind = MV_KIND_UINT; x->u = u; return 1;
        }
        return 0;
    }
    if (kind == MV_KIND_BOOL && (PyBool_Check(value) || PyLong_CheckExact(value))) {
        x->kind = MV_KIND_BOOL; x->i = PyObject_IsTrue(value); return 1;  /* no user code */
    }
    if (kind == MV_KIND_BYTES && PyBytes_CheckExact(value)) {
        x->kind = MV_KIND_BYTES;
        x->bytes = PyBytes_AS_STRING(value);
        x->len = (size_t)PyBytes_GET_SIZE(value);
        return 1;
    }
    return 0;
}

static int MvBase_ass_subscript(MvBase *self, PyObject *key, PyObject *value)
{
    const mv_view *v = (const mv_view *)self->h;
    PyObject *r;
    ptrdiff_t idx[8];
    int n;
    if (v && value && mv_nfields(v) == 1 && (n = mvpy_int_index(v, key, idx)) > 0) {
        mv_field_info f;
        mv_value x;
        if (mv_field(v, 0, &f) == MV_OK && mvpy_py_to_value(value, f.kind, &x) &&
            mv_set(v, idx, n, &x, 1) == MV_OK)
            return 0;
    }
    r = value ? PyObject_CallMethodObjArgs((PyObject *)self, mvpy_str_setitem, key, value, NULL)
              : PyObject_CallMethodObjArgs((PyObject *)self, mvpy_str_setitem, key, Py_None, Py_True, NULL);
    if (!r) return -1;
    Py_DECREF(r);
    return 0;
}

static PyMappingMethods MvBase_as_mapping = {
    0, (binaryfunc)MvBase_subscript, (objobjargproc)MvBase_ass_subscript,
};

/* Context of the views made by _span() and _new_handle(): a handle of the
 * source view kept for as long as they live, and (for handles given to C)
 * a strong reference to the source's holder, which keeps the exporter
 * uncollectable while C can reach it. */
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

/* A view of v's items in a buffer of its own whose release gives back a
 * retained handle of v (and the holder reference, if any). bytes_span: a
 * 1-D "B" view over every byte the items touch (element access in Python
 * reads it with struct); otherwise the same layout as v. */
static int mvpy_keeper(mv_view **out, const mv_view *v, PyObject *holder, int bytes_span,
                       size_t *lo_out)
{
    mvpy_keep *k = malloc(sizeof *k);
    mv_buffer_info info = MV_BUFFER_INFO_INIT;
    ptrdiff_t lo = 0, hi = (ptrdiff_t)mv_itemsize(v), len;
    int rc;
    if (!k) return MV_ENOMEM;
    rc = mv_retain(&k->keep, (mv_view *)v);
    if (rc != MV_OK) { free(k); return rc; }
    k->holder = holder;
    if (bytes_span) {
        int ndim = mv_ndim(v);
        const ptrdiff_t *shape = mv_shape(v), *strides = mv_strides(v);
        if (mv_nbytes(v) == 0) hi = 0;
        else for (int d = 0; d < ndim; d++) {
            ptrdiff_t far = (shape[d] - 1) * strides[d];
            if (far < 0) lo += far; else hi += far;
        }
        len = hi - lo;
        info.data = len ? (char *)mv_data(v) + lo : NULL;
        info.ndim = 1;
        info.shape = &len;
        *lo_out = (size_t)(-lo);
    } else {
        info.data = mv_data(v);
        info.format = mv_format(v);
        info.itemsize = mv_itemsize(v);
        info.ndim = mv_ndim(v);
        info.shape = mv_shape(v);
        info.strides = mv_strides(v);
        info.suboffsets = mv_suboffsets(v); /* indirect views stay indirect (issue 12) */
    }
    info.readonly = mv_readonly(v);
    info.on_release = mvpy_release_keep;
    info.ctx = k;
    rc = mv_from_buffer(out, &info);
    if (rc != MV_OK) { mv_release(k->keep); free(k); return rc; }
    Py_XINCREF(holder);
    return MV_OK;
}

/* _span() -> (view, lo): see mvpy_keeper. The span shares self's holder
 * (as a view, visible to the GC) but its context does not hold it. */
static PyObject *MvBase_span(MvBase *self, PyObject *unused)
{
    mv_view *out = NULL;
    size_t lo = 0;
    PyObject *view;
    int rc;
    (void)unused;
    if (mvpy_check(self) < 0) return NULL;
    rc = mvpy_keeper(&out, (const mv_view *)self->h, NULL, 1, &lo);
    if (rc != MV_OK) return mvpy_fail(rc, "view");
    view = mvpy_derived(self, rc, out);
    if (!view) return NULL;
    Py_CLEAR(((MvBase *)view)->obj);  /* the span is an implementation detail */
    return Py_BuildValue("(Nn)", view, (Py_ssize_t)lo);
}

/* _new_handle(): a handle for C (an int), in a buffer of its own that keeps
 * self's items and the exporter alive until C releases it. */
static PyObject *MvBase_new_handle(MvBase *self, PyObject *unused)
{
    mv_view *out = NULL;
    int rc;
    (void)unused;
    if (mvpy_check(self) < 0) return NULL;
    rc = mvpy_keeper(&out, (const mv_view *)self->h, self->holder, 0, NULL);
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

/* The buffer protocol, following CPython's memory_getbuf. */
static int MvBase_getbuffer(MvBase *self, Py_buffer *view, int flags)
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
    view->obj = (PyObject *)self;
    Py_INCREF(self);
    self->exports++;
    return 0;
}

static void MvBase_releasebuffer(MvBase *self, Py_buffer *view)
{
    (void)view;
    self->exports--;
}

static PyBufferProcs MvBase_as_buffer = {
    (getbufferproc)MvBase_getbuffer,
    (releasebufferproc)MvBase_releasebuffer,
};

static int MvBase_traverse(MvBase *self, visitproc visit, void *arg)
{
    Py_VISIT(self->obj);
    Py_VISIT(self->holder);
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
    return 0;
}

static void MvBase_dealloc(MvBase *self)
{
    PyObject_GC_UnTrack(self);
    if (self->h) {
        mv_view *v = (mv_view *)self->h;
        self->h = 0;
        mv_release(v);
    }
    Py_CLEAR(self->hobj);
    Py_CLEAR(self->obj);
    Py_CLEAR(self->holder);  /* after the release above, which may need it */
    Py_TYPE(self)->tp_free((PyObject *)self);
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
    {"_tobytes", (PyCFunction)MvBase_tobytes, METH_O, "_tobytes(ord(order))"},
    {"_hex", (PyCFunction)(void (*)(void))MvBase_hex, METH_FASTCALL, "_hex(sep, bytes_per_sep)"},
    {"_slice", (PyCFunction)(void (*)(void))MvBase_slice, METH_FASTCALL, "_slice(start, stop, step)"},
    {"_index", (PyCFunction)MvBase_index, METH_O, "_index(i): sub-view"},
    {"_derive", (PyCFunction)MvBase_derive, METH_O, "_derive(handle): adopt a handle derived from this view"},
    {"_retain", (PyCFunction)MvBase_retain, METH_NOARGS, "a new view of the same items"},
    {"_toreadonly", (PyCFunction)MvBase_toreadonly, METH_NOARGS, NULL},
    {"cast", (PyCFunction)(void (*)(void))MvBase_cast, METH_FASTCALL | METH_KEYWORDS,
     "cast(format, shape=None, *, offset=0)\n--\n\n"
     "Reinterpret the bytes from offset on as items of format (any struct format:\n"
     "byte-order prefixes, records) laid out C-contiguously in shape (1-D by default)."},
    {"_equal", (PyCFunction)MvBase_equal, METH_O, "mv_equal"},
    {"_span", (PyCFunction)MvBase_span, METH_NOARGS, "(1-D 'B' view of the bytes spanned, offset of item 0)"},
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
    mvpy_str_getitem = PyUnicode_InternFromString("_getitem");
    mvpy_str_setitem = PyUnicode_InternFromString("_setitem");
    if (!mvpy_str_getitem || !mvpy_str_setitem) goto done;
    if (PyType_Ready(&MvHolder_Type) < 0 || PyType_Ready(&MvBase_Type) < 0) goto done;
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
