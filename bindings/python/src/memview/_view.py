"""memview.MemoryView: Python's memoryview, backed by libmemview.

Where the time goes: a cffi call costs 100-250 ns and a Python-level
__getitem__ frame ~100 ns, so the hot paths (v[i], v[i] = x on 1-D views,
plain slices, cast, ==, tobytes, hex) are served by the native base type in
_native.c with one direct libmemview call each. This module holds the rest:
the layout cache, N-d and unusual keys, tolist, argument checks, hashing,
NumPy's __array_interface__ and handles. Slow-path element access reads a
builtin memoryview of the bytes the view spans with a cached struct.Struct,
falling back to the core's mv_get/mv_set for anything struct cannot do.
"""
import operator
import re
import struct

from ._cffi import ffi, lib, _Base
from ._errors import raise_error, MV_EINVAL, MV_EINDEX

_NONE = lib.MV_NONE
_RELEASED = "operation forbidden on released memoryview object"
_READONLY = "cannot modify read-only memory"
_ORDERS = {None: 67, "C": 67, "F": 70, "A": 65}
# Formats builtin memoryview can itself unpack (its tolist is then the fastest).
_BUILTIN_FORMATS = frozenset("cbBhHiIlLqQnNfdP?") | frozenset("@" + c for c in "cbBhHiIlLqQnNfdP?")
_SINGLE_CODE = re.compile(r"([@=<>!]?)([bBhHiIlLqQnNfdeP?c])")
_structs = {}


def _struct_for(fmt, itemsize, nfields):
    """A struct.Struct that reads items exactly as the core does, or None."""
    key = (fmt, itemsize, nfields)
    st = _structs.get(key, False)
    if st is False:
        try:
            st = struct.Struct(fmt)
            if st.size != itemsize or len(st.unpack(bytes(itemsize))) != nfields:
                st = None
        except Exception:  # struct.error, or SystemError for '0p' (a CPython bug)
            st = None
        if len(_structs) < 4096:
            _structs[key] = st
    return st


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


def _to_value(x, code, out, keep):
    """Fill the mv_value out from x for a field of format character code."""
    if code == "?":
        out.kind = lib.MV_KIND_BOOL
        out.i = 1 if x else 0
    elif isinstance(x, float) or (code in "efd" and hasattr(x, "__float__")
                                  and not isinstance(x, (bytes, bytearray))):
        out.kind = lib.MV_KIND_FLOAT
        out.f = float(x)
    elif isinstance(x, (bytes, bytearray)):
        b = ffi.from_buffer(x)
        keep.append(b)
        out.kind = lib.MV_KIND_BYTES
        out.bytes = b
        out.len = len(x)
    elif hasattr(x, "__index__") and code not in "csp":
        i = operator.index(x)
        if -(1 << 63) <= i < (1 << 63):
            out.kind = lib.MV_KIND_INT
            out.i = i
        elif 0 <= i < (1 << 64):
            out.kind = lib.MV_KIND_UINT
            out.u = i
        else:
            raise ValueError("memoryview: invalid value for format %r" % code)
    else:
        raise TypeError("memoryview: invalid type for format %r" % code)


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

    __slots__ = ("_l", "_g", "_s", "_hv", "_keep", "__weakref__")

    # ---- layout ---------------------------------------------------------
    def _pin(self):
        """A private view of the same items, for a cffi call: cffi releases
        the GIL, and a handle only this frame holds cannot be released by
        another thread meanwhile. Raises ValueError once released."""
        r = self._retain()
        if r.__class__ is int:
            self._fail(r, "view")
        return r

    def _lay(self):
        try:
            return self._l
        except AttributeError:
            lay = self._l = self._layout()  # ValueError once released
            return lay

    def _elements(self):
        """Build the element-access caches _g (read) and _s (write)."""
        fmt, isz, ndim, shape, strides, ro, _, _, _, _, nf = self._lay()
        if self.suboffsets:  # indirect items are not in one byte span: the core reads them
            self._s = (-1, 0, 0, None, None, nf == 1)
            self._g = g = (-1, 0, 0, None, None, nf == 1)
            return g
        span, lo = self._span()
        raw = memoryview(span)
        st = _struct_for(fmt, isz, nf)
        one = ndim == 1 and st is not None
        n = shape[0] if one else -1
        s = strides[0] if ndim == 1 else 0
        single = nf == 1
        self._g = g = (n, s, lo, raw, st.unpack_from if st else None, single)
        self._s = (n if not ro else -1, s, lo, raw,
                   (st.pack_into if single else st) if st else None, single)
        return g

    def _offset(self, key):
        """Byte offset in the span of the item at the index tuple key."""
        fmt, isz, ndim, shape, strides = self._lay()[:5]
        if len(key) != ndim:
            raise TypeError("cannot index %d-dimension view with %d-element tuple"
                            % (ndim, len(key)))
        off = self._g[2] if hasattr(self, "_g") else self._elements()[2]
        for k, i in enumerate(key):
            i = _as_index(i)
            n = shape[k]
            if i < 0:
                i += n
            if not 0 <= i < n:
                raise IndexError("index out of bounds on dimension %d" % (k + 1))
            off += i * strides[k]
        return off

    def _c_index(self, key):
        arr = ffi.new("ptrdiff_t[]", [_as_index(i) for i in key])
        return arr, len(key)

    def _get_item(self, key):
        """The item at the full index tuple key (struct, or the core for
        formats struct does not know)."""
        g = self._g if hasattr(self, "_g") else self._elements()
        off = self._offset(key)
        if g[4] is not None:
            r = g[4](g[3], off)
            return r[0] if g[5] else r
        nf = self._lay()[10]
        idx, n = self._c_index(key)
        out = ffi.new("mv_value[]", max(nf, 1))
        pin = self._pin()
        rc = lib.mv_get(ffi.cast("mv_view *", pin._h), idx, n, out, max(nf, 1))
        if rc < 0:
            raise_error(rc, "index")
        vals = tuple(_from_value(out[k]) for k in range(nf))
        return vals[0] if nf == 1 else vals

    def _set_item(self, key, value):
        if self._lay()[5]:
            raise TypeError(_READONLY)
        s = self._s if hasattr(self, "_s") else (self._elements(), self._s)[1]
        off = self._offset(key)
        pack = s[4]
        if pack is not None:
            try:
                if s[5]:
                    pack(s[3], off, value)
                else:  # pack whole then copy: nothing written if a field fails
                    b = pack.pack(*value)
                    if not self._h:
                        raise ValueError(_RELEASED)
                    s[3][off:off + len(b)] = b
                    return
                if not self._h:
                    raise ValueError(_RELEASED)
                return
            except Exception:
                pass  # the core decides the exact error (or accepts, e.g. inf)
        self._c_set(key, value)

    def _c_set(self, key, value):
        nf = self._lay()[10]
        idx, n = self._c_index(key)
        probe = ffi.new("mv_value[]", max(nf, 1))
        pin = self._pin()  # kept in a local for the whole call
        rc = lib.mv_get(ffi.cast("mv_view *", pin._h), idx, n, probe, max(nf, 1))
        if rc < 0:
            raise_error(rc, "index")
        values = (value,) if nf == 1 else tuple(value)
        if len(values) != nf:
            raise ValueError("memoryview: item of format %r has %d fields, got %d values"
                             % (self._lay()[0], nf, len(values)))
        vals = ffi.new("mv_value[]", max(nf, 1))
        keep = []
        for k in range(nf):
            _to_value(values[k], probe[k].code.decode("latin-1"), vals[k], keep)
        pin = self._pin()  # ValueError if a value's __index__/__float__/__bool__ released us
        rc = lib.mv_set(ffi.cast("mv_view *", pin._h), idx, n, vals, nf)
        if rc < 0:
            raise_error(rc, "setitem")

    # ---- indexing -------------------------------------------------------
    # v[key] and v[key] = value: the native base serves an int on a 1-D view
    # and plain slices without a Python frame, through the core's mv_get /
    # mv_set / mv_slice; everything else (and every error) lands here.
    def _getitem(self, key):
        try:
            n, s, base, raw, unpack, single = self._g
        except AttributeError:
            n, s, base, raw, unpack, single = self._elements()
        if key.__class__ is int and n >= 0:
            if key < 0:
                key += n
            if 0 <= key < n:
                r = unpack(raw, base + key * s)
                return r[0] if single else r
            raise IndexError("index out of bounds on dimension 1")
        if key.__class__ is slice:
            r = self._slice(key.start, key.stop, key.step)
            if r.__class__ is int:
                self._fail(r, "slice")
            return r
        return self._getitem_other(key)

    def _fail(self, rc, op):
        if not self._h:
            raise ValueError(_RELEASED)
        if rc == MV_EINVAL and self._lay()[2] == 0:
            raise TypeError("invalid indexing of 0-dim memory")
        raise_error(rc, op)

    def _getitem_other(self, key):
        lay = self._lay()
        ndim = lay[2]
        if key is Ellipsis:
            return self._retain()
        if key.__class__ is tuple:
            if not key:
                if ndim == 0:
                    return self._get_item(())
                return self[...]  # no index applied: the whole view
            if all(k.__class__ is slice for k in key):
                return self._slice_nd(key)
            if any(k.__class__ is slice for k in key):
                raise TypeError("memoryview: invalid slice key")
            key = tuple(_as_index(i) for i in key)
            if not self._h:
                raise ValueError(_RELEASED)
            if len(key) == ndim:
                return self._get_item(key)
            if len(key) > ndim:
                raise TypeError("cannot index %d-dimension view with %d-element tuple"
                                % (ndim, len(key)))
            v = self  # fewer indices: sub-view (CPython refuses)
            for i in key:
                v = v._subview(_as_index(i))
            return v
        if hasattr(key, "__index__") and not isinstance(key, (slice, tuple)):
            i = _as_index(key)
            if not self._h:
                raise ValueError(_RELEASED)
            if ndim == 0:
                raise TypeError("invalid indexing of 0-dim memory")
            if ndim == 1:
                return self._get_item((i,))
            return self._subview(i)
        raise TypeError("memoryview: invalid slice key")

    def _subview(self, i):
        r = self._index(i)
        if r.__class__ is int:
            if r == MV_EINDEX:
                raise IndexError("index out of bounds on dimension 1")
            self._fail(r, "index")
        return r

    def _ranges(self, key):
        ndim = self._lay()[2]
        if len(key) > ndim:  # CPython raises this for any multi-dimensional slice
            raise NotImplementedError("memoryview: cannot slice %d dimensions of a "
                                      "%d-dimension view" % (len(key), ndim))
        ranges = ffi.new("mv_range[]", len(key))
        for k, sl in enumerate(key):
            n = self._lay()[3][k]
            start, stop, step = sl.start, sl.stop, sl.step
            if any(x is not None and not isinstance(x, int) for x in (start, stop, step)) or \
                    any(x is not None and not -(1 << 62) < x < (1 << 62) for x in (start, stop, step)):
                start, stop, step = sl.indices(n)
                if stop < 0:
                    stop = None
            ranges[k].start = _NONE if start is None else start
            ranges[k].stop = _NONE if stop is None else stop
            ranges[k].step = 1 if step is None else step
        return ranges

    def _slice_nd(self, key):
        ranges = self._ranges(key)  # runs any __index__ before the handle is read
        pin = self._pin()  # kept in a local for the whole call
        r = lib.mvpy_slice_nd(pin._h, ranges, len(key))
        if r < 0:
            self._fail(r, "slice")
        return self._derive(r)

    def _setitem(self, key, value, delete=False):
        if delete:
            raise TypeError("cannot delete memory")
        try:
            n, s, base, raw, pack, single = self._s
        except AttributeError:
            self._elements()
            n, s, base, raw, pack, single = self._s
        if key.__class__ is int and n >= 0 and single:
            if key < 0:
                key += n
            if 0 <= key < n:
                try:
                    pack(raw, base + key * s, value)
                except Exception:
                    return self._c_set((key,), value)
                if value.__class__ is not int and value.__class__ is not float and not self._h:
                    # value's __index__/__float__/__bool__ released the view;
                    # the write went to memory the span still holds.
                    raise ValueError(_RELEASED)
                return
            raise IndexError("index out of bounds on dimension 1")
        lay = self._lay()
        ndim = lay[2]
        if lay[5]:
            raise TypeError(_READONLY)
        if key.__class__ is slice or key is Ellipsis or (
                key.__class__ is tuple and key and all(k.__class__ is slice for k in key)):
            dst = self[key]
            if not self._h:
                raise ValueError(_RELEASED)
            return self._assign(dst, value)
        if key.__class__ is tuple:
            if any(k.__class__ is slice for k in key):
                raise TypeError("memoryview: invalid slice key")
            key = tuple(_as_index(i) for i in key)
            if not self._h:
                raise ValueError(_RELEASED)
            if len(key) == ndim:
                return self._set_item(key, value)
            if len(key) < ndim and not any(k.__class__ is slice for k in key):
                return self._assign(self[key], value)
            if len(key) > ndim:
                raise TypeError("cannot index %d-dimension view with %d-element tuple"
                                % (ndim, len(key)))
            raise TypeError("memoryview: invalid slice key")
        if hasattr(key, "__index__"):
            i = _as_index(key)
            if not self._h:
                raise ValueError(_RELEASED)
            if ndim == 0:
                raise TypeError("invalid indexing of 0-dim memory")
            if ndim == 1:
                return self._set_item((i,), value)
            return self._assign(self._subview(i), value)
        raise TypeError("memoryview: invalid slice key")

    @staticmethod
    def _assign(dst, value):
        """dst[...] = value: copy a buffer of the same structure (overlap-safe).
        A flat buffer of the same bytes fills an N-d destination in C order."""
        # Both are private views (dst is derived, src pinned or made here):
        # no other thread can release them while the copy runs unlocked.
        src = value._pin() if isinstance(value, MemoryView) else MemoryView(value)
        rc = lib.mvpy_copy(dst._h, src._h)
        if rc == lib.MV_ELAYOUT and src.ndim == 1 and dst.ndim != 1 and src.nbytes == dst.nbytes \
                and src.c_contiguous:
            rc = lib.mvpy_copy(dst._h, src.cast(dst.format, dst.shape)._h)
        if rc < 0:
            if rc == lib.MV_ELAYOUT:
                msg = ffi.string(lib.mv_errmsg()).decode("utf-8", "replace")
                if "different structures" not in msg:
                    msg = "memoryview assignment: lvalue and rvalue have different structures: " + msg
                raise ValueError(msg)
            raise_error(rc, "assignment")

    def __len__(self):
        lay = self._lay()
        return lay[3][0] if lay[2] else 1

    def __iter__(self):
        lay = self._lay()
        fmt, isz, ndim = lay[0], lay[1], lay[2]
        if ndim == 0:
            raise TypeError("invalid indexing of 0-dim memory")
        if ndim > 1:
            return (self._subview(i) for i in range(lay[3][0]))
        n, s, base, raw, unpack, single = self._g if hasattr(self, "_g") else self._elements()
        if unpack is None:
            return (self._get_item((i,)) for i in range(lay[3][0]))
        if s == isz:  # contiguous: C-level iteration over the span
            items = raw[base:base + n * isz]
            if fmt in _BUILTIN_FORMATS:
                return iter(items.cast(fmt))
            st = _struct_for(fmt, isz, lay[10])
            return map(_first, st.iter_unpack(items)) if single else st.iter_unpack(items)
        return _iter1(n, s, base, raw, unpack, single)

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
        o = _ORDERS.get(order)
        if o is None:
            raise ValueError("order must be 'C', 'F' or 'A'")
        return self._tobytes(o)

    def tobytes_into(self, buffer, order="C") -> int:
        """Copy the items (as tobytes(order) would give them) into the start of
        a writable buffer, without allocating; returns the number of bytes."""
        o = _ORDERS.get(order)
        if o is None:
            raise ValueError("order must be 'C', 'F' or 'A'")
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

    def hex(self, sep=None, bytes_per_sep=1) -> str:
        if sep is None:
            return self._hex(0, 1)
        if isinstance(sep, str):
            if len(sep) != 1:
                raise ValueError("sep must be length 1.")
            c = ord(sep)
        elif isinstance(sep, (bytes, bytearray)):
            if len(sep) != 1:
                raise ValueError("sep must be length 1.")
            c = sep[0]
        else:
            raise TypeError("object of type '%s' has no len()" % type(sep).__name__)
        if c > 127:
            raise ValueError("sep must be ASCII.")
        return self._hex(c, operator.index(bytes_per_sep))

    def tolist(self):
        fmt, isz, ndim, shape, strides, ro, nbytes, _, _, _, nf = self._lay()
        if ndim == 0:
            return self._get_item(())
        if fmt in _BUILTIN_FORMATS:  # the builtin reads our buffer directly
            with memoryview(self) as m:
                return m.tolist()
        count = 1
        for d in shape:
            count *= d
        st = _struct_for(fmt, isz, nf)
        if st is None:
            return _nest(self._c_unpack(count * nf, nf), shape)
        data = self._tobytes(67)
        m = _SINGLE_CODE.fullmatch(fmt)
        if m:
            flat = list(struct.unpack("%s%d%s" % (m.group(1), count, m.group(2)), data))
        elif nf == 1:
            flat = [t[0] for t in st.iter_unpack(data)] if isz else [st.unpack(b"")[0]] * count
        else:
            flat = list(st.iter_unpack(data)) if isz else [st.unpack(b"")] * count
        return _nest(flat, shape)

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
        self._hv = h = hash(self._tobytes(67))
        return h

    # ---- lifetime -------------------------------------------------------
    def release(self) -> None:
        """Drop this view's handle (idempotent). Every later operation raises
        ValueError. Refused (BufferError) while buffers exported from this
        object (memoryview(v), NumPy arrays of it) are alive."""
        self._detach()
        for name in ("_l", "_g", "_s"):
            try:
                delattr(self, name)
            except AttributeError:
                pass

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
_MISSING = object()


def _as_index(i):
    if i.__class__ is int:
        return i
    try:
        return operator.index(i)
    except TypeError:
        raise TypeError("memoryview: invalid slice key") from None


_first = operator.itemgetter(0)


def _iter1(n, s, base, raw, unpack, single):
    for i in range(n):
        r = unpack(raw, base + i * s)
        yield r[0] if single else r


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
