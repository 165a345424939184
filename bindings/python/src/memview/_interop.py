"""Zero-copy hand-off to Arrow and DLPack consumers, and back (issue 11).

The C library does the work (mv_to_arrow_ex, mv_from_arrow, mv_to_dlpack,
mv_from_dlpack in memview.h); this module only wraps the structs in the
PyCapsules that the two Python protocols exchange:

- DLPack: ``MemoryView.__dlpack__`` / ``__dlpack_device__`` (what
  ``numpy.from_dlpack`` and friends call) and ``from_dlpack(obj)``.
- Arrow PyCapsule interface: ``MemoryView.__arrow_c_array__`` (what
  ``pyarrow.array``, ``polars.Series`` and friends call), ``to_arrow(view,
  copy=...)`` for views that need a copy first (strided columns, records,
  non-native byte order), and ``from_arrow(obj)``.

Capsules are made with ctypes' view of the CPython C API; their destructors
release a struct that no consumer took (a consumer that takes one marks it:
a NULL ``release`` for Arrow, the ``used_dltensor_versioned`` name for
DLPack).
"""
import ctypes

from ._cffi import ffi, lib
from ._errors import raise_error
from ._view import MemoryView

_api = ctypes.pythonapi
_Destructor = ctypes.CFUNCTYPE(None, ctypes.c_void_p)
_api.PyCapsule_New.restype = ctypes.py_object
_api.PyCapsule_New.argtypes = [ctypes.c_void_p, ctypes.c_char_p, _Destructor]
_api.PyCapsule_IsValid.restype = ctypes.c_int
_api.PyCapsule_IsValid.argtypes = [ctypes.py_object, ctypes.c_char_p]
_api.PyCapsule_GetPointer.restype = ctypes.c_void_p
_api.PyCapsule_GetPointer.argtypes = [ctypes.py_object, ctypes.c_char_p]
_api.PyCapsule_SetName.restype = ctypes.c_int
_api.PyCapsule_SetName.argtypes = [ctypes.py_object, ctypes.c_char_p]
# The destructors get the capsule while it is being deallocated: they must
# not touch its reference count, so they see it as a plain address.
_is_valid_raw = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_char_p)(
    ("PyCapsule_IsValid", _api))
_get_pointer_raw = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_char_p)(
    ("PyCapsule_GetPointer", _api))

# Capsule names are stored by pointer: these bytes objects live for ever.
_DLTENSOR_VERSIONED = b"dltensor_versioned"
_USED_DLTENSOR_VERSIONED = b"used_dltensor_versioned"
_DLTENSOR = b"dltensor"
_USED_DLTENSOR = b"used_dltensor"
_ARROW_SCHEMA = b"arrow_schema"
_ARROW_ARRAY = b"arrow_array"
_KDLCPU = 1

# cffi memory of the Arrow structs handed out in capsules, by address, until
# their capsule goes.
_arrow_structs = {}
# Legacy (pre-1.0) DLPack wrappers, by address, until their deleter runs.
_legacy = {}


def _message(operation):
    return "%s: %s" % (operation, ffi.string(lib.mv_errmsg()).decode("utf-8", "replace"))


@_Destructor
def _dlpack_capsule_gone(cap):
    # Not consumed (the name is unchanged): the tensor is still ours.
    if _is_valid_raw(cap, _DLTENSOR_VERSIONED):
        t = ffi.cast("DLManagedTensorVersioned *", _get_pointer_raw(cap, _DLTENSOR_VERSIONED))
        t.deleter(t)
    elif _is_valid_raw(cap, _DLTENSOR):
        m = ffi.cast("DLManagedTensor *", _get_pointer_raw(cap, _DLTENSOR))
        _legacy_deleter(int(ffi.cast("uintptr_t", m)))


@ctypes.CFUNCTYPE(None, ctypes.c_void_p)
def _legacy_deleter(addr):
    m = ffi.cast("DLManagedTensor *", addr)
    t = ffi.cast("DLManagedTensorVersioned *", m.manager_ctx)
    t.deleter(t)
    _legacy.pop(addr, None)


def _legacy_capsule(t):
    """A pre-1.0 DLManagedTensor over a versioned tensor (same DLTensor)."""
    m = ffi.new("DLManagedTensor *")
    m.dl_tensor = t.dl_tensor
    m.manager_ctx = t
    m.deleter = ffi.cast("void (*)(DLManagedTensor *)",
                         ctypes.cast(_legacy_deleter, ctypes.c_void_p).value)
    addr = int(ffi.cast("uintptr_t", m))
    _legacy[addr] = m
    return _api.PyCapsule_New(addr, _DLTENSOR, _dlpack_capsule_gone)


def _copy_flags(copy, operation):
    """The export flags of the protocols' ``copy`` argument."""
    if copy is None:
        return lib.MV_EXPORT_COPY
    if copy is False:
        return 0
    if copy is True:
        return lib.MV_EXPORT_FORCE_COPY
    raise TypeError("%s: copy must be None, True or False, not %r" % (operation, copy))


def _dlpack(self, *, stream=None, max_version=None, dl_device=None, copy=None):
    """DLPack export (array API standard): a capsule of this view's memory.

    CPU only (``stream`` must be None, ``dl_device`` None or ``(1, 0)``).
    ``copy=None`` hands the memory over when DLPack can describe it (native
    byte order, one numeric field, strides that are multiples of the
    itemsize) and otherwise a native, contiguous copy; ``copy=False``
    refuses instead of copying; ``copy=True`` always copies. Read-only views
    are flagged read-only. Consumers asking for ``max_version >= (1, 0)``
    get a ``dltensor_versioned`` capsule, others the legacy ``dltensor``.
    """
    h = self.handle  # ValueError once released
    if stream is not None:
        raise BufferError("__dlpack__: stream must be None for a CPU view (got %r)" % (stream,))
    if dl_device is not None and tuple(dl_device) != (_KDLCPU, 0):
        raise BufferError("__dlpack__: memview views live on the CPU (1, 0), not %r" % (dl_device,))
    flags = _copy_flags(copy, "__dlpack__")
    out = ffi.new("DLManagedTensorVersioned **")
    rc = lib.mv_to_dlpack(out, h, flags)
    if rc != 0:
        if rc == lib.MV_ENOMEM:
            raise_error(rc, "__dlpack__")
        raise BufferError(_message("__dlpack__"))
    t = out[0]
    if max_version is None or tuple(max_version)[0] < 1:
        return _legacy_capsule(t)
    return _api.PyCapsule_New(int(ffi.cast("uintptr_t", t)), _DLTENSOR_VERSIONED,
                              _dlpack_capsule_gone)


def _dlpack_device(self):
    """``(1, 0)``: kDLCPU, device 0."""
    return (_KDLCPU, 0)


@ctypes.CFUNCTYPE(None, ctypes.c_void_p)
def _imported_legacy_deleter(addr):
    # The last view of a legacy import went: hand the producer's tensor back.
    w = ffi.cast("DLManagedTensorVersioned *", addr)
    m = ffi.cast("DLManagedTensor *", w.manager_ctx)
    _imported_legacy.pop(addr, None)
    if m.deleter != ffi.NULL:
        m.deleter(m)


# Versioned wrappers of imported legacy tensors, by address, until memview
# releases them.
_imported_legacy = {}


def _versioned_wrapper(m):
    """A DLManagedTensorVersioned over a legacy producer's DLManagedTensor.

    Legacy DLPack has no read-only flag; producers that have read-only
    memory refuse to export it (NumPy before 2.1 does), so the wrapper is
    writable unless the caller asks for read-only."""
    w = ffi.new("DLManagedTensorVersioned *")
    w.version.major, w.version.minor = 1, 0
    w.manager_ctx = m
    w.deleter = ffi.cast("void (*)(DLManagedTensorVersioned *)",
                         ctypes.cast(_imported_legacy_deleter, ctypes.c_void_p).value)
    w.flags = 0
    w.dl_tensor = m.dl_tensor
    return w


def from_dlpack(obj, *, readonly=False):
    """A MemoryView of ``obj``'s memory through DLPack, without copying.

    ``obj`` has ``__dlpack__`` (NumPy arrays, PyTorch CPU tensors, memview
    views...). DLPack 1.x is asked for first; producers from before 1.0
    (NumPy < 2.1) give a legacy ``dltensor`` capsule, which is read as well
    (it has no read-only flag: such producers refuse to export read-only
    memory). The view keeps the producer's tensor until its last view is
    released. Read-only when the producer flags the tensor so, or when
    ``readonly`` is true. Raises BufferError for what memview cannot view
    (other devices, dtypes without a struct format).
    """
    try:
        cap = obj.__dlpack__(max_version=(1, 0))
    except TypeError:  # a producer from before max_version
        cap = obj.__dlpack__()
    out = ffi.new("mv_view **")
    flags = lib.MV_READONLY if readonly else 0
    if _api.PyCapsule_IsValid(cap, _DLTENSOR_VERSIONED):
        t = ffi.cast("DLManagedTensorVersioned *", _api.PyCapsule_GetPointer(cap, _DLTENSOR_VERSIONED))
        wrapper, used = None, _USED_DLTENSOR_VERSIONED
    elif _api.PyCapsule_IsValid(cap, _DLTENSOR):
        m = ffi.cast("DLManagedTensor *", _api.PyCapsule_GetPointer(cap, _DLTENSOR))
        wrapper, used = _versioned_wrapper(m), _USED_DLTENSOR
        t = wrapper
    else:
        raise BufferError("from_dlpack: __dlpack__ returned %r, not a DLPack capsule" % (cap,))
    rc = lib.mv_from_dlpack(out, t, flags)
    if rc != 0:  # nothing was taken: the capsule still owns the tensor
        if rc == lib.MV_ENOMEM:
            raise_error(rc, "from_dlpack")
        raise BufferError(_message("from_dlpack"))
    if wrapper is not None:
        _imported_legacy[int(ffi.cast("uintptr_t", wrapper))] = wrapper
    # memview owns the tensor now: the capsule must not delete it.
    _api.PyCapsule_SetName(cap, used)
    return MemoryView.from_handle(out[0], owned=True)


@_Destructor
def _arrow_capsule_gone(cap):
    for name, ctype in ((_ARROW_SCHEMA, "struct ArrowSchema *"), (_ARROW_ARRAY, "struct ArrowArray *")):
        if _is_valid_raw(cap, name):
            addr = _get_pointer_raw(cap, name)
            s = ffi.cast(ctype, addr)
            if s.release != ffi.NULL:  # not moved out by a consumer
                s.release(s)
            _arrow_structs.pop(addr, None)
            return


def _arrow_capsules(h, flags, operation):
    schema = ffi.new("struct ArrowSchema *")
    array = ffi.new("struct ArrowArray *")
    rc = lib.mv_to_arrow_ex(h, schema, array, flags)
    if rc != 0:
        if rc == lib.MV_ENOMEM:
            raise_error(rc, operation)
        hint = " (memview.to_arrow(view) copies it once)" if not flags else ""
        raise BufferError(_message(operation) + hint)
    caps = []
    for struct, name in ((schema, _ARROW_SCHEMA), (array, _ARROW_ARRAY)):
        addr = int(ffi.cast("uintptr_t", struct))
        _arrow_structs[addr] = struct
        caps.append(_api.PyCapsule_New(addr, name, _arrow_capsule_gone))
    return tuple(caps)


def _arrow_c_array(self, requested_schema=None):
    """Arrow PyCapsule interface: ``(schema_capsule, array_capsule)`` of this
    1-D view's memory, zero-copy. Views Arrow cannot hold as they are
    (strided, non-native byte order, records) raise BufferError: use
    ``memview.to_arrow(view)``, which copies them once. ``requested_schema``
    is ignored (the consumer casts if it wants another type)."""
    return _arrow_capsules(self.handle, 0, "__arrow_c_array__")


class ArrowExport:
    """What ``to_arrow`` returns: an object with ``__arrow_c_array__``."""

    __slots__ = ("_view", "_flags")

    def __init__(self, view, flags):
        self._view = view
        self._flags = flags

    def __arrow_c_array__(self, requested_schema=None):
        return _arrow_capsules(self._view.handle, self._flags, "to_arrow")

    def __repr__(self):
        return "<memview.ArrowExport of %r>" % (self._view,)


def to_arrow(view, *, copy=None):
    """An Arrow-exportable wrapper of a 1-D view, for consumers of the Arrow
    PyCapsule interface (``pyarrow.array(...)``, ``polars.Series(...)``).

    ``copy=None``: zero-copy when Arrow can hold the view as it is,
    otherwise one copy into native, contiguous memory (a strided record
    column, a byte-swapped format; a record format becomes a struct array,
    one child per field). ``copy=False``: never copy (BufferError instead).
    ``copy=True``: always copy.
    """
    if not isinstance(view, MemoryView):
        view = MemoryView(view)
    flags = _copy_flags(copy, "to_arrow")
    view.handle  # ValueError now if released
    return ArrowExport(view, flags)


def from_arrow(obj, *, writable=False):
    """A 1-D MemoryView of an Arrow array, without copying.

    ``obj`` has ``__arrow_c_array__`` (pyarrow arrays, polars Series of one
    chunk, memview exports...). Primitive numeric and fixed-size binary
    arrays without nulls are accepted; the view keeps the array until its
    last view is released. Read-only (Arrow arrays are immutable) unless
    ``writable`` is true.
    """
    try:
        export = obj.__arrow_c_array__
    except AttributeError:
        raise TypeError("from_arrow: %s has no __arrow_c_array__ (the Arrow PyCapsule interface)"
                        % type(obj).__name__) from None
    schema_cap, array_cap = export()
    schema = _api.PyCapsule_GetPointer(schema_cap, _ARROW_SCHEMA)
    array = _api.PyCapsule_GetPointer(array_cap, _ARROW_ARRAY)
    out = ffi.new("mv_view **")
    rc = lib.mv_from_arrow(out, ffi.cast("struct ArrowArray *", array),
                           ffi.cast("struct ArrowSchema *", schema),
                           lib.MV_ARROW_WRITABLE if writable else 0)
    if rc != 0:
        if rc == lib.MV_ENOMEM:
            raise_error(rc, "from_arrow")
        raise BufferError(_message("from_arrow"))
    # The array struct was moved (its release is NULL): the capsule's
    # destructor leaves it alone; the schema capsule releases the schema.
    return MemoryView.from_handle(out[0], owned=True)


MemoryView.__dlpack__ = _dlpack
MemoryView.__dlpack_device__ = _dlpack_device
MemoryView.__arrow_c_array__ = _arrow_c_array
