/*
 * Native half of the memview Python binding, compiled into the cffi extension
 * (memview._cffi) by memview_build.py.
 *
 * Two things cffi cannot do live here:
 *  1. A CPython type, memview._cffi._Base, that MemoryView subclasses. It owns
 *     one mv_view handle and exports it through the buffer protocol, so that
 *     bytes(v), memoryview(v), hashlib, file.write/readinto, socket.recv_into
 *     and NumPy take a MemoryView zero-copy on Python 3.11 (3.12 derives
 *     __buffer__ from the same slot). Wrapping an exporter also needs
 *     PyObject_GetBuffer, hence the constructor is here too.
 *  2. Thin shims with a cheaper calling convention (handles as integers, a
 *     negative return for errors) so that a slice or cast from Python costs
 *     one cffi call and no cdata allocation.
 *
 * Everything else (the semantics) is the core's: these functions only call
 * the public C API of memview.h.
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

static intptr_t mvpy_slice(intptr_t h, ptrdiff_t start, ptrdiff_t stop, ptrdiff_t step)
{
    mv_view *out = NULL;
    int rc = mv_slice(&out, (const mv_view *)h, start, stop, step);
    return MVPY_RET(rc, out);
}

static intptr_t mvpy_slice_nd(intptr_t h, const mv_range *ranges, int n)
{
    mv_view *out = NULL;
    int rc = mv_slice_nd(&out, (const mv_view *)h, ranges, n);
    return MVPY_RET(rc, out);
}

static intptr_t mvpy_index(intptr_t h, ptrdiff_t i)
{
    mv_view *out = NULL;
    int rc = mv_index(&out, (const mv_view *)h, i);
    return MVPY_RET(rc, out);
}

static intptr_t mvpy_cast(intptr_t h, const char *format, const ptrdiff_t *shape,
                          int ndim, size_t offset)
{
    mv_view *out = NULL;
    int rc = mv_cast_offset(&out, (const mv_view *)h, format, shape, ndim, offset);
    return MVPY_RET(rc, out);
}

static intptr_t mvpy_toreadonly(intptr_t h)
{
    mv_view *out = NULL;
    int rc = mv_toreadonly(&out, (const mv_view *)h);
    return MVPY_RET(rc, out);
}

static intptr_t mvpy_retain(intptr_t h)
{
    mv_view *out = NULL;
    int rc = mv_retain(&out, (mv_view *)h);
    return MVPY_RET(rc, out);
}

static void mvpy_release(intptr_t h) { mv_release((mv_view *)h); }

static int mvpy_equal(intptr_t a, intptr_t b)
{
    return mv_equal((const mv_view *)a, (const mv_view *)b);
}

static int mvpy_copy(intptr_t dst, intptr_t src)
{
    return mv_copy((const mv_view *)dst, (const mv_view *)src);
}

static int mvpy_tobytes(intptr_t h, void *dst, size_t len, char order)
{
    return mv_tobytes((const mv_view *)h, dst, len, order);
}

/* The on_release of span views: drop the handle that kept the source alive. */
static void mvpy_release_ctx(void *ctx) { mv_release((mv_view *)ctx); }

/*
 * A writable-or-not 1-D "B" view over every byte the items of h touch, from
 * the lowest addressed item to the end of the highest; *lo_out is how far
 * below mv_data(h) it starts. It keeps h's buffer alive through a retained
 * handle released by its on_release (a different buffer, so that is allowed).
 * Element access in Python reads this span with struct at byte offsets
 * computed from the cached strides.
 */
static intptr_t mvpy_span(intptr_t h, size_t *lo_out)
{
    const mv_view *v = (const mv_view *)h;
    int ndim = mv_ndim(v);
    const ptrdiff_t *shape = mv_shape(v), *strides = mv_strides(v);
    ptrdiff_t lo = 0, hi = (ptrdiff_t)mv_itemsize(v);
    mv_view *keep = NULL, *out = NULL;
    int rc;
    if (!v) return MV_EINVAL;
    if (mv_nbytes(v) == 0) hi = 0;
    else for (int k = 0; k < ndim; k++) {
        ptrdiff_t far = (shape[k] - 1) * strides[k];
        if (far < 0) lo += far; else hi += far;
    }
    rc = mv_retain(&keep, (mv_view *)v);
    if (rc != MV_OK) return rc;
    rc = mv_create(&out, hi - lo ? (char *)mv_data(v) + lo : NULL, (size_t)(hi - lo),
                   mv_readonly(v) ? MV_READONLY : 0, mvpy_release_ctx, keep);
    if (rc != MV_OK) { mv_release(keep); return rc; }
    *lo_out = (size_t)(-lo);
    return (intptr_t)out;
}

/* ---- the exporter base type -------------------------------------------- */

typedef struct {
    PyObject_HEAD
    Py_ssize_t h;        /* mv_view* (0 once released); read from Python as _h */
    Py_ssize_t exports;  /* buffers handed out and not yet released */
    PyObject *obj;       /* the exporter wrapped, or None */
} MvBase;

static PyTypeObject MvBase_Type;

/* on_release of views over a Py_buffer: give the buffer back to its
 * exporter. May run on any thread, with or without the GIL. */
static void mvpy_release_pybuffer(void *ctx)
{
    PyGILState_STATE st = PyGILState_Ensure();
    PyBuffer_Release((Py_buffer *)ctx);
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

/* A new handle over obj's buffer (a MemoryView shares its view). */
static mv_view *mvpy_wrap(PyObject *obj)
{
    mv_view *out = NULL;
    Py_buffer *pb;
    int rc;
    if (PyObject_TypeCheck(obj, &MvBase_Type)) {
        MvBase *src = (MvBase *)obj;
        if (!src->h) {
            PyErr_SetString(PyExc_ValueError, "operation forbidden on released memoryview object");
            return NULL;
        }
        rc = mv_retain(&out, (mv_view *)src->h);
        if (rc != MV_OK) { mvpy_raise(rc, "memview"); return NULL; }
        return out;
    }
    pb = PyMem_RawMalloc(sizeof *pb);
    if (!pb) { PyErr_NoMemory(); return NULL; }
    /* Strides and format, no suboffsets: exporters that need them (PIL-style
     * indirect arrays) refuse with their own BufferError. */
    if (PyObject_GetBuffer(obj, pb, PyBUF_RECORDS_RO) < 0) {
        PyMem_RawFree(pb);
        return NULL;
    }
    {
        mv_buffer_info info = MV_BUFFER_INFO_INIT;
        info.data = pb->buf;
        info.format = pb->format;
        info.itemsize = (size_t)pb->itemsize;
        info.ndim = pb->ndim;
        info.shape = pb->shape;
        info.strides = pb->strides;
        info.readonly = pb->readonly;
        info.on_release = mvpy_release_pybuffer;
        info.ctx = pb;
        if (pb->ndim == 1 && !pb->shape) { /* PyBUF_ND not granted: 1-D bytes */
            info.shape = &pb->len;
        }
        rc = mv_from_buffer(&out, &info);
    }
    if (rc != MV_OK) {
        mvpy_raise(rc, "memview cannot view this buffer");
        PyBuffer_Release(pb);
        PyMem_RawFree(pb);
        return NULL;
    }
    return out;
}

static PyObject *MvBase_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    PyObject *obj;
    static char *kwlist[] = {"object", NULL};
    mv_view *v;
    MvBase *self;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O:MemoryView", kwlist, &obj))
        return NULL;
    v = mvpy_wrap(obj);
    if (!v) return NULL;
    self = (MvBase *)type->tp_alloc(type, 0);
    if (!self) { mv_release(v); return NULL; }
    self->h = (Py_ssize_t)v;
    /* As CPython: a view of a view reports the original exporter. */
    if (PyObject_TypeCheck(obj, &MvBase_Type)) obj = ((MvBase *)obj)->obj;
    else if (PyMemoryView_Check(obj) && PyMemoryView_GET_BUFFER(obj)->obj)
        obj = PyMemoryView_GET_BUFFER(obj)->obj;
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
    self->h = h;
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
        self->h = 0;
        mv_release(v);
    }
    Py_RETURN_NONE;
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
    return 0;
}

static int MvBase_clear(MvBase *self)
{
    Py_CLEAR(self->obj);
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
    Py_CLEAR(self->obj);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *MvBase_get_obj(MvBase *self, void *closure)
{
    (void)closure;
    if (mvpy_check(self) < 0) return NULL;
    Py_INCREF(self->obj);
    return self->obj;
}

static PyObject *MvBase_get_exports(MvBase *self, void *closure)
{
    (void)closure;
    return PyLong_FromSsize_t(self->exports);
}

static PyMemberDef MvBase_members[] = {
    {"_h", T_PYSSIZET, offsetof(MvBase, h), READONLY, "the mv_view* as an int; 0 once released"},
    {"_o", T_OBJECT, offsetof(MvBase, obj), READONLY, "obj, readable after release"},
    {NULL}
};

static PyGetSetDef MvBase_getset[] = {
    {"obj", (getter)MvBase_get_obj, NULL, "The underlying object of the view.", NULL},
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
    if (PyType_Ready(&MvBase_Type) < 0) goto done;
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
