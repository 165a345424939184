"""memview.MemoryView: Python's memoryview, backed by libmemview.

Where the time goes: a cffi call costs 100-250 ns and a Python-level
__getitem__ frame ~100 ns, so the hot paths (v[i], v[i] = x on 1-D views,
plain slices, cast, ==, tobytes, hex) are served by the native base type in
_native.c with one direct libmemview call each. This module holds the rest:
the layout cache, N-d and unusual keys, tolist, argument checks, hashing,
NumPy's __array_interface__ and handles. Every item is unpacked and packed
by the core (mv_get, mv_set, mv_unpack, mv_copy), in _native.c; this module
never reads or writes the buffer itself.
"""
import operator
import sys

from ._cffi import ffi, lib, _Base
from ._errors import raise_error, MV_EINVAL

_RELEASED = "operation forbidden on released memoryview object"
_ORDERS = {"C": 67, "F": 70, "A": 65}
_MISSING = object()
# Formats builtin memoryview can itself unpack (its tolist is then the fastest).
_BUILTIN_FORMATS = frozenset("cbBhHiIlLqQnNfdP?") | frozenset("@" + c for c in "cbBhHiIlLqQnNfdP?")


def _nest(flat, shape):
    """Nest a flat C-order list into lists of lists of the given shape."""
    if 0 in shape:
        def empty(dims):
            return [] if dims[0] == 0 else [empty(dims[1:]) for _ in range(dims[0])]
        return empty(shape)
    for dim in reversed(shape[1:]):
        flat = [flat[i:i + dim] for i in range(0, len(flat), dim)]
    return flat


def _from_value(v):
    kind = v.kind
    if kind == lib.MV_KIND_INT:
        return v.i
    if kind == lib.MV_KIND_UINT:
        return v.u
    if kind == lib.MV_KIND_FLOAT:
        return v.f
    if kind == lib.MV_KIND_BOOL:
        return bool(v.i)
    return ffi.unpack(ffi.cast("char *", v.bytes), v.len)


class MemoryView(_Base):
    """A zero-copy, typed, N-dimensional view of a buffer, like ``memoryview``.

    ``MemoryView(obj)`` views any object exporting the buffer protocol (bytes,
    bytearray, array.array, mmap, NumPy arrays of any layout, memoryview) or
    another MemoryView, and keeps ``obj`` alive. It behaves as Python 3.11's
    builtin memoryview and goes beyond it: casts with byte-order prefixes and
    record formats (items are tuples), ``cast(..., offset=n)``, casts between
    non-byte formats, ``v[a:b, c:d]`` and sub-views ``v[i]`` on N-d views.
    A MemoryView itself exports the buffer protocol (bytes(v), memoryview(v),
    hashlib, file.write/readinto, socket.recv_into, NumPy), zero-copy.
    """

    # What an instance keeps (the layout cache _lay(), the hash _hv, _keep
    # for __array_interface__, weak references) lives in the native base's
    # struct: no __dict__, and one allocation per view.
    __slots__ = ()

    # ---- layout ---------------------------------------------------------
    def _pin(self):
        """A private view of the same items, for a cffi call: cffi releases
        the GIL, and a handle only this frame holds cannot be released by
        another thread meanwhile. Raises ValueError once released."""
        r = self._retain()
        if r.__class__ is int:
            self._fail(r, "view")
        return r

    # _lay(): the layout tuple (format, itemsize, ndim, shape, strides,
    # readonly, nbytes, data address, c_contiguous, f_contiguous, nfields),
    # made once and kept until release; ValueError once released. Native.

    def _fail(self, rc, op):
        if not self._h:
            raise ValueError(_RELEASED)
        if rc == MV_EINVAL and self._lay()[2] == 0:
            raise TypeError("invalid indexing of 0-dim memory")
        raise_error(rc, op)

    # len(v) is the native base's slot (sq_length/mp_length): the first
    # dimension; a 0-dim view has length 1 up to 3.11, none since 3.12.

    def __iter__(self):
        lay = self._lay()
        # 3.10+: memory_iter checks 0-dim, then (1-D) the format. Up to 3.9
        # iteration is the sequence protocol: memory_item checks the format
        # first, whatever the number of dimensions.
        text = self._text_refused()
        if text and (lay[2] == 1 or _ITER_BY_ITEM):
            raise NotImplementedError("memoryview: unsupported format %s" % lay[0])
        if lay[2] == 0:
            raise TypeError("invalid indexing of 0-dim memory")
        # Lazy, as the builtin's: each item is read when reached (sub-views
        # of N-d views, where the builtin raises NotImplementedError).
        return _iter(self, lay[3][0])

    def __reversed__(self):
        n = len(self)
        if self._lay()[2] == 0:
            raise TypeError("invalid indexing of 0-dim memory")
        return (self[i] for i in range(n - 1, -1, -1))

    # ---- attributes -----------------------------------------------------
    @property
    def format(self) -> str:
        return self._lay()[0]

    @property
    def itemsize(self) -> int:
        return self._lay()[1]

    @property
    def ndim(self) -> int:
        return self._lay()[2]

    @property
    def shape(self):
        return self._lay()[3]

    @property
    def strides(self):
        return self._lay()[4]

    @property
    def suboffsets(self):
        ndim = self._lay()[2]
        pin = self._pin()
        p = lib.mv_suboffsets(ffi.cast("mv_view *", pin._h))
        return () if p == ffi.NULL else tuple(p[k] for k in range(ndim))

    @property
    def readonly(self) -> bool:
        return bool(self._lay()[5])

    @property
    def nbytes(self) -> int:
        return self._lay()[6]

    @property
    def c_contiguous(self) -> bool:
        return bool(self._lay()[8])

    @property
    def f_contiguous(self) -> bool:
        return bool(self._lay()[9])

    @property
    def contiguous(self) -> bool:
        lay = self._lay()
        return bool(lay[8] or lay[9])

    @property
    def nfields(self) -> int:
        """Values one item unpacks to (1 for 'f', 2 for '>if')."""
        return self._lay()[10]

    # ---- copying out ----------------------------------------------------
    def tobytes(self, order=None) -> bytes:
        if _RELEASED_FIRST and not self._h:
            raise ValueError(_RELEASED)
        return self._tobytes(_order(order, "tobytes"))

    def tobytes_into(self, buffer, order="C") -> int:
        """Copy the items (as tobytes(order) would give them) into the start of
        a writable buffer, without allocating; returns the number of bytes."""
        o = _order(order, "tobytes_into")
        try:
            dst = ffi.from_buffer(buffer, require_writable=True)
        except (TypeError, BufferError, ValueError) as e:
            raise TypeError("tobytes_into() argument must be a writable, contiguous bytes-like "
                            "object, not %s (%s)" % (type(buffer).__name__, e)) from None
        pin = self._pin()  # kept in a local for the whole call
        rc = lib.mvpy_tobytes(pin._h, dst, len(dst), bytes((o,)))
        if rc < 0:
            raise_error(rc, "tobytes_into")
        return self._lay()[6]

    def hex(self, sep=_MISSING, bytes_per_sep=1) -> str:
        # As bytes.hex: bytes_per_sep is converted first (a C int), then sep,
        # whose len() is taken whatever its type (hex(None) is a TypeError).
        per = operator.index(bytes_per_sep)
        if not -(1 << 31) <= per < (1 << 31):
            raise OverflowError("Python int too large to convert to C int")
        if not self._h:
            raise ValueError(_RELEASED)
        if sep is _MISSING:
            return self._hex(0, 1)
        if len(sep) != 1:
            raise ValueError("sep must be length 1.")
        if isinstance(sep, str):
            c = ord(sep)
        elif isinstance(sep, bytes):
            c = sep[0]
        else:
            raise TypeError("sep must be str or bytes.")
        if c > 127:
            raise ValueError("sep must be ASCII.")
        return self._hex(c, per)

    def tolist(self):
        fmt, isz, ndim, shape, strides, ro, nbytes, _, _, _, nf = self._lay()
        if fmt in _BUILTIN_FORMATS:  # the builtin reads our buffer directly
            with memoryview(self) as m:
                return m.tolist()
        if self._text_refused():  # as the builtin's adjust_fmt, even without items
            raise NotImplementedError("memoryview: unsupported format %s" % fmt)
        if ndim == 0:
            return self[()]
        count = 1
        for d in shape:
            count *= d
        if nf == 0:  # pad bytes only: struct.unpack gives () per item
            return _nest([()] * count, shape)
        return _nest(self._c_unpack(count * nf, nf), shape)

    def _c_unpack(self, total, nf):
        out = ffi.new("mv_value[]", max(total, 1))
        pin = self._pin()
        rc = lib.mv_unpack(ffi.cast("mv_view *", pin._h), out, max(total, 1))
        if rc < 0:
            raise_error(rc, "tolist")
        vals = [_from_value(out[k]) for k in range(total)]
        if nf == 1:
            return vals

        return [tuple(vals[i:i + nf]) for i in range(0, total, nf)]

    # ---- deriving -------------------------------------------------------
    # cast(format, shape=None, *, offset=0) is the native base's method.

    def field(self, k: int):
        """The view of field k of every item: same shape and strides, format
        the field alone with its byte order (zero-copy column of records)."""
        k = operator.index(k)
        if k < 0:
            raise IndexError("field index must be >= 0, not %d" % k)
        out = ffi.new("mv_view **")
        pin = self._pin()
        rc = lib.mv_field_view(out, ffi.cast("mv_view *", pin._h), k)
        if rc < 0:
            raise_error(rc, "field")
        return self._derive(int(ffi.cast("intptr_t", out[0])))

    def toreadonly(self):
        r = self._toreadonly()
        if r.__class__ is int:
            self._fail(r, "toreadonly")
        return r

    # ---- comparing and hashing -----------------------------------------
    def __eq__(self, other):
        if isinstance(other, MemoryView):
            if not self._h or not other._h:
                return self is other
            return self._equal(other) == 1
        if not self._h:
            return self is other
        try:
            tmp = MemoryView(other)
        except (TypeError, ValueError, BufferError, NotImplementedError):
            return NotImplemented
        try:
            return self._equal(tmp) == 1
        finally:
            tmp.release()

    def __hash__(self):
        try:
            return self._hv
        except AttributeError:
            pass
        fmt, _, _, _, _, ro = self._lay()[:6]
        if not ro:
            raise ValueError("cannot hash writable memoryview object")
        if fmt not in ("B", "b", "c", "@B", "@b", "@c"):
            raise ValueError("memoryview: hashing is restricted to formats 'B', 'b' or 'c'")
        if self._o is not None:
            hash(self._o)  # as the builtin: an unhashable exporter raises its TypeError
        self._hv = h = hash(self._tobytes(67))
        return h

    # ---- lifetime -------------------------------------------------------
    def release(self) -> None:
        """Drop this view's handle (idempotent). Every later operation raises
        ValueError. Refused (BufferError) while buffers exported from this
        object (memoryview(v), NumPy arrays of it) are alive."""
        self._detach()  # drops the layout cache too

    def __enter__(self):
        if not self._h:
            raise ValueError(_RELEASED)
        return self

    def __exit__(self, *exc):
        self.release()
        return False

    def __repr__(self):
        if not self._h:
            return "<memview.MemoryView: released memory at %#x>" % id(self)
        lay = self._lay()
        return "<memview.MemoryView: memory at %#x, format %r, shape %r%s>" % (
            id(self), lay[0], lay[3], ", readonly" if lay[5] else "")

    def __reduce_ex__(self, protocol):
        raise TypeError("cannot pickle 'memview.MemoryView' object")

    # ---- crossing to C and NumPy ---------------------------------------
    @classmethod
    def from_handle(cls, handle, *, owned: bool):
        """Wrap an ``mv_view *`` made by C code (a cffi pointer or an int).

        owned=True: the MemoryView takes over that reference (the caller must
        not release it). owned=False: the MemoryView takes its own reference
        (mv_retain); the caller still releases theirs.
        """
        h = int(ffi.cast("intptr_t", handle)) if isinstance(handle, ffi.CData) else int(handle)
        if h <= 0:
            raise ValueError("from_handle: not a view handle: %r" % (handle,))
        if not owned:
            h = lib.mvpy_retain(h)
            if h < 0:
                raise_error(h, "from_handle")
        return _adopt(h, None)

    @property
    def handle(self):
        """This view's ``mv_view *`` (cffi pointer), borrowed: valid until
        this MemoryView is released or collected. Use new_handle() to keep one."""
        if not self._h:
            raise ValueError(_RELEASED)
        return ffi.cast("mv_view *", self._h)

    def new_handle(self):
        """A new ``mv_view *`` reference the caller owns and must pass to
        ``lib.mv_release`` exactly once (or to from_handle(owned=True))."""
        return ffi.cast("mv_view *", self._new_handle())

    @property
    def __array_interface__(self):
        fmt, isz, ndim, shape, strides, ro, _, data, _, _, nf = self._lay()
        if self.suboffsets:
            raise BufferError("memoryview: underlying buffer requires suboffsets")
        pin = self._pin()  # kept in a local for the whole call
        typestr, descr = _typestr(pin._h, isz, nf)
        # The array may outlive a release() of this view: keep the buffer.
        try:
            self._keep
        except AttributeError:
            self._keep = MemoryView(self)
        d = {"version": 3, "shape": shape, "strides": strides, "typestr": typestr,
             "data": (data, bool(ro))}
        if descr is not None:
            d["descr"] = descr
        return d


_adopt = MemoryView._adopt


# Up to 3.9 the builtin's tobytes/cast check for a released view before their arguments.
_RELEASED_FIRST = sys.version_info < (3, 10)
# Up to 3.9 the builtin has no iterator type: iter() goes through sq_item.
_ITER_BY_ITEM = sys.version_info < (3, 10)


def _iter(v, n):
    for i in range(n):
        yield v[i]


def _order(order, name):
    """The order argument of tobytes as the core's order byte, checked as
    the builtin's argument parser checks it."""
    if order is None:
        return 67
    if not isinstance(order, str):
        raise TypeError("%s() argument 'order' must be str or None, not %s"
                        % (name, type(order).__name__))
    o = _ORDERS.get(order)
    if o is None:
        raise ValueError("order must be 'C', 'F' or 'A'")
    return o


_KIND_LETTER = {lib.MV_KIND_INT: "i", lib.MV_KIND_UINT: "u", lib.MV_KIND_FLOAT: "f",
                lib.MV_KIND_BOOL: "b", lib.MV_KIND_BYTES: "S"}


def _typestr(handle, itemsize, nfields):
    """NumPy (typestr, descr) of an item, from the core's field layout
    (mv_field): one field filling the item is a plain typestr; records are a
    void item with a descr of fields f0, f1, ... and pad bytes."""
    fields = []
    info = ffi.new("mv_field_info *")
    for k in range(nfields):
        rc = lib.mv_field(ffi.cast("mv_view *", handle), k, info)
        if rc < 0:
            raise_error(rc, "__array_interface__")
        if info.kind == lib.MV_KIND_TEXT:  # 'w': UCS-4 code points, NumPy's U<n>
            if info.code != b"w":
                raise BufferError("__array_interface__: NumPy has no type for UCS-2 text ('u')")
            ts = "%sU%d" % (">" if info.big_endian else "<", info.size // 4)
            fields.append((info.offset, ts, info.size))
            continue
        letter = _KIND_LETTER[info.kind]
        order = "|" if info.size == 1 or letter == "S" else (">" if info.big_endian else "<")
        fields.append((info.offset, "%s%s%d" % (order, letter, info.size), info.size))
    if len(fields) == 1 and fields[0][0] == 0 and fields[0][2] == itemsize:
        return fields[0][1], None
    # Pad bytes get names of their own: NumPy renames "" to f<i>, which
    # would clash with the fields' names.
    descr, pos = [], 0
    for k, (offset, ts, size) in enumerate(sorted(fields)):
        if offset > pos:
            descr.append(("_pad%d" % len(descr), "|V%d" % (offset - pos)))
        descr.append(("f%d" % k, ts))
        pos = offset + size
    if pos < itemsize:
        descr.append(("_pad%d" % len(descr), "|V%d" % (itemsize - pos)))
    return "|V%d" % itemsize, descr


def _on_error(code, operation):
    raise_error(code, operation)


_Base._set_error_hook(_on_error)
