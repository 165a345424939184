"""Randomized differential of memview.MemoryView against the builtin memoryview.

A chain starts from two equal exporters (one for each side) of a random kind
(bytes, bytearray, array.array of every typecode, ctypes arrays and scalars,
mmap, builtin memoryview slices and casts, NumPy arrays of any layout) and
applies seeded random operations to pairs (builtin view, MemoryView):
slicing and indexing with odd keys, casts, item and slice assignment with odd
values and huge integers, tobytes/hex/tolist/len/iter/hash/==, held
memoryview(v) exports, release() mid-chain, re-wrapping views, reference
cycles broken by gc.collect(). After every step it compares the results, the
exception types and the bytes of both exporters.

Where the builtin refuses with NotImplementedError (sub-views, N-d slicing
and assignment, formats it cannot unpack) or refuses a cast memview lifts
(byte-order/record formats, non-byte to non-byte, N-d to N-d, same-itemsize
casts of non-contiguous views), memview may do the operation; a view it
makes there is checked for consistency but has no counterpart, and a write
it makes there is copied to the builtin's exporter so the chain continues.
Whatever memview raises, the bytes must not change.

    python3 drop_in_diff.py --chains 100000 --workers 2 --seed 1   # long run
    python3 drop_in_diff.py --exit 1                               # one chain, exit with live views

Exit status 0 when no chain differed; each difference is printed with the
seed that replays it (--replay SEED prints every step).
"""
import argparse
import array
import ctypes
import gc
import math
import mmap
import os
import random
import re
import subprocess
import sys
import warnings

from memview import MemoryView

try:
    import numpy as np
except ImportError:  # NumPy is optional
    np = None

NATIVE = "bBhHiIlLqQnNfdP?ce"
# 'u' (format 'w', UCS-4 here) and, from 3.13, 'w': views whose items
# neither side converts (issue 10, item 6).
ARRAY_TYPECODES = "bBhHiIlLqQfduu" + ("ww" if sys.version_info >= (3, 13) else "")
CAST_EXTENSIONS = (
    "destination format must be a native single character",
    "cannot cast between two non-byte formats",
    "cast must be 1D -> ND or ND -> 1D",
    "casts are restricted to C-contiguous views",
)


class Difference(Exception):
    pass


class Idx:
    """An object with __index__ (optionally with side effects)."""

    def __init__(self, i, hook=None):
        self.i, self.hook = i, hook

    def __index__(self):
        if self.hook:
            self.hook()
        return self.i

    def __repr__(self):
        return "Idx(%r)" % self.i


class Flt:
    def __init__(self, f):
        self.f = f

    def __float__(self):
        return self.f

    def __repr__(self):
        return "Flt(%r)" % self.f


class Truth:
    def __init__(self, t):
        self.t = t

    def __bool__(self):
        if self.t is None:
            raise RuntimeError("no truth")
        return self.t

    def __repr__(self):
        return "Truth(%r)" % self.t


# ---- exporters -----------------------------------------------------------

class Source:
    """One exporter and how to read and overwrite all of its bytes."""

    def __init__(self, obj, read, write, desc):
        self.obj, self.read, self.write, self.desc = obj, read, write, desc


def _flat_writer(flat):
    def write(data):
        if flat.readonly:
            raise Difference("write to a read-only exporter (%s)" % flat)
        flat[:] = data
    return write


def make_sources(rng):
    """Two equal, independent exporters (builtin side, memview side)."""
    kind = rng.choice(["bytes", "bytearray", "array", "array", "ctypes", "ctypes0", "mmap",
                       "mvslice", "mvcast", "numpy", "numpy", "numpy"])
    if kind == "numpy" and np is None:
        kind = "bytearray"
    n = rng.choice([0, 1, 2, 3, 4, 6, 8, 12, 16, 24, 48])
    data = bytes(rng.getrandbits(8) for _ in range(n))
    out = []
    for _ in range(2):
        if kind == "bytes":
            obj = bytes(data)
            out.append(Source(obj, lambda o=obj: bytes(o), None, "bytes(%d)" % n))
        elif kind == "bytearray":
            obj = bytearray(data)
            out.append(Source(obj, lambda o=obj: bytes(o), _flat_writer(memoryview(obj)), "bytearray(%d)" % n))
        elif kind == "array":
            tc = rng.choice(ARRAY_TYPECODES) if len(out) == 0 else out[0].tc
            obj = array.array(tc)
            isz = obj.itemsize
            obj.frombytes(data[:len(data) // isz * isz])
            s = Source(obj, lambda o=obj: o.tobytes(), _flat_writer(memoryview(obj).cast("B")),
                       "array(%r, %d bytes)" % (tc, len(data) // isz * isz))
            s.tc = tc
            out.append(s)
        elif kind == "ctypes":
            ct = rng.choice([ctypes.c_uint8, ctypes.c_int16, ctypes.c_int32, ctypes.c_double,
                             ctypes.c_uint64]) if len(out) == 0 else out[0].ct
            count = max(1, n // ctypes.sizeof(ct))
            obj = (ct * count)()
            raw = (data + bytes(ctypes.sizeof(obj)))[:ctypes.sizeof(obj)]
            ctypes.memmove(obj, raw, len(raw))
            s = Source(obj, lambda o=obj: ctypes.string_at(ctypes.addressof(o), ctypes.sizeof(o)),
                       _flat_writer(memoryview(obj).cast("B")), "ctypes %s*%d" % (ct.__name__, count))
            s.ct = ct
            out.append(s)
        elif kind == "ctypes0":
            obj = ctypes.c_int32(int.from_bytes((data + bytes(4))[:4], "little", signed=True))
            out.append(Source(obj, lambda o=obj: ctypes.string_at(ctypes.addressof(o), 4),
                              _flat_writer(memoryview(obj).cast("B")), "ctypes c_int32 (0-d)"))
        elif kind == "mmap":
            size = max(n, 1)
            obj = mmap.mmap(-1, size)
            obj[:] = (data + bytes(size))[:size]
            out.append(Source(obj, lambda o=obj: o[:], _flat_writer(memoryview(obj)), "mmap(%d)" % size))
        elif kind in ("mvslice", "mvcast"):
            root = bytearray(data)
            if len(out) == 0:
                params = (rng.randrange(-3, 3), rng.choice([None, n, n - 1]), rng.choice([1, 1, 2, -1, 3]),
                          rng.choice("BbhiIqdf"))
            else:
                params = out[0].params
            a, b, c, f = params
            m = memoryview(root)
            if kind == "mvcast" and n % struct_size(f) == 0:
                m = m.cast(f)
            m = m[a:b:c]
            s = Source(m, lambda o=root: bytes(o), _flat_writer(memoryview(root)),
                       "%s over bytearray(%d) %r" % (kind, n, params))
            s.params, s.root = params, root
            out.append(s)
        elif kind == "numpy":
            if len(out) == 0:
                dt = rng.choice(["u1", "i1", "<i2", ">i2", "<u4", "<i8", "<f4", "<f8", "?", ">f8",
                                 "<U1", "<U2", ">U1"])  # U: formats '<w', '<2w', '>w'
                shape_kind = rng.choice(["1d", "2d", "T", "step", "rev", "0d"])
            else:
                dt, shape_kind = out[0].np_params
            isz = np.dtype(dt).itemsize
            cnt = max(len(data) // isz, 1)
            raw = (data + bytes(cnt * isz))[:cnt * isz]
            if dt == "?":
                raw = bytes(b & 1 for b in raw)
            base = np.frombuffer(bytearray(raw), dtype=dt).copy()
            arr = base
            if shape_kind == "2d" and cnt % 2 == 0:
                arr = base.reshape(2, cnt // 2)
            elif shape_kind == "T" and cnt % 2 == 0:
                arr = base.reshape(2, cnt // 2).T
            elif shape_kind == "step":
                arr = base[::2]
            elif shape_kind == "rev":
                arr = base[::-1]
            elif shape_kind == "0d":
                arr = base[0, ...] if False else base.reshape(-1)[:1].reshape(())
            flat = base.reshape(-1).view("u1")

            def write(d, flat=flat):
                flat[:] = np.frombuffer(d, dtype="u1")
            s = Source(arr, lambda b=base: b.tobytes(), write, "numpy %s %s %d" % (dt, shape_kind, cnt))
            s.np_params = (dt, shape_kind)
            s.base = base
            out.append(s)
    return out


def struct_size(f):
    import struct
    return struct.calcsize(f)


# ---- comparing -------------------------------------------------------------

class Raised:
    """An exception seen as a result: compared by type only."""

    def __init__(self, e):
        self.type, self.msg = type(e), str(e)

    def __repr__(self):
        return "%s(%s)" % (self.type.__name__, self.msg[:80])


def norm(x):
    """A comparable form of a result: views become their description."""
    if isinstance(x, (memoryview, MemoryView)):
        return ("view",) + describe(x)
    if isinstance(x, float) and math.isnan(x):
        return "nan"
    if isinstance(x, (list, tuple)):
        return type(x).__name__, [norm(y) for y in x]
    return x


def describe(v):
    attrs = []
    for name in ("format", "itemsize", "ndim", "shape", "strides", "readonly", "nbytes",
                 "c_contiguous", "f_contiguous", "contiguous", "suboffsets"):
        attrs.append(catch(lambda: getattr(v, name)))
    attrs.append(catch(lambda: norm(v.tolist())))
    return tuple(attrs)


def catch(f):
    try:
        return f()
    except Difference:
        raise
    except Exception as e:  # noqa: BLE001 - the type is what is compared
        return Raised(e)


def outcome(f):
    r = catch(f)
    return ("raise", r) if isinstance(r, Raised) else ("ok", r)


LOOSE = [False]  # comparing views derived from a slice with a huge step

_REFUSED_FORMAT = re.compile(r"format (\S+) not supported|unsupported format (\S+)")


def strict_refusal(r):
    """The builtin's NotImplementedError for the items of a text format
    ('u'/'w'), which memview refuses too: not extension territory."""
    m = r.type is NotImplementedError and _REFUSED_FORMAT.search(r.msg)
    return bool(m) and any(c in (m.group(1) or m.group(2)) for c in "uw")


def match(a, b):
    """a (builtin) and b (memview) agree: raises of the same type, equal
    values; where the builtin raised NotImplementedError anything goes
    (except for the items of text formats, which memview refuses as well)."""
    if isinstance(a, Raised):
        if a.type is NotImplementedError and not strict_refusal(a):
            return True
        return isinstance(b, Raised) and a.type is b.type
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)):
        if type(a) is not type(b) or len(a) != len(b):
            return False
        if a and a[0] == "view" and b[0] == "view" and LOOSE[0]:
            a, b = excuse_overflowed_strides(a, b)
        return all(match(x, y) for x, y in zip(a, b))
    return a == b and type(a) is type(b)


def excuse_overflowed_strides(a, b):
    """The builtin multiplies strides by steps clamped to Py_ssize_t
    without an overflow check (the product wraps); memview's core checks.
    In a dimension of at most one item the stride addresses nothing: for
    views derived from such a slice, strides there and the contiguity flags
    they decide are not compared."""
    shape = a[4]
    if isinstance(shape, tuple) and any(n <= 1 for n in shape):
        a, b = list(a), list(b)
        for i in (5, 8, 9, 10):
            a[i] = b[i] = None
        a, b = tuple(a), tuple(b)
    return a, b


def bool_items_by_value(a, b):
    """The documented answer of a == b where the builtin's is undefined.

    Between two views of format '?', CPython reads each item as a C _Bool;
    for a byte other than 0 and 1 that is undefined behaviour, and GCC's build
    compares the bytes: memoryview(b'\x02').cast('?') != memoryview(b'\x01').cast('?')
    although both list as [True]. memview compares the values struct gives,
    as the documentation of memoryview.__eq__ says. Returns that answer
    (shapes equal and tolist() equal), or None where the quirk cannot arise
    (no '?', only 0/1 bytes, a released view, anything tolist refuses)."""
    try:
        if "?" not in a.format or "?" not in b.format:
            return None
        if all(c < 2 for c in a.tobytes() + b.tobytes()):
            return None
        return a.shape == b.shape and a.tolist() == b.tolist()
    except Exception:  # noqa: BLE001
        return None


def same_outcome(oa, ob):
    return match(oa[1], ob[1]) if oa[0] == "raise" else ob[0] == "ok" and match(norm(oa[1]), norm(ob[1]))


# ---- values and keys ---------------------------------------------------------

def rand_int(rng, n):
    return rng.choice([0, 1, -1, 2, n - 1, n, -n, -n - 1, n + 1, 2 ** 31, -2 ** 63, 2 ** 63 - 1,
                       2 ** 64, 2 ** 70, -2 ** 70, rng.randrange(-n - 2, n + 3) if n >= 0 else 0])


def rand_index(rng, n):
    r = rng.random()
    if r < 0.75:
        return rand_int(rng, n)
    return rng.choice([Idx(rand_int(rng, n)), True, False, 1.0, "0", None, b"\x00", Idx(2 ** 80)])


def rand_bound(rng, n):
    r = rng.random()
    if r < 0.25:
        return None
    if r < 0.85:
        return rng.randrange(-n - 3, n + 4)
    return rng.choice([Idx(rng.randrange(-n - 3, n + 4)), 2 ** 80, -2 ** 80, Idx(-2 ** 80), True, 1.5])


def rand_slice(rng, n):
    step = rng.choice([None, None, 1, 2, -1, -2, 3, rng.randrange(-5, 6), Idx(-1), 2 ** 70, -2 ** 70])
    return slice(rand_bound(rng, n), rand_bound(rng, n), step)


def huge_step(key):
    """A slice in key whose step is beyond what a stride can be multiplied by."""
    for sl in key if isinstance(key, tuple) else (key,):
        if isinstance(sl, slice):
            st = sl.step.i if isinstance(sl.step, Idx) else sl.step
            if isinstance(st, int) and abs(st) >= 2 ** 31:
                return True
    return False


def rand_value(rng):
    return rng.choice([0, 1, -1, 127, 128, 255, 256, -128, -129, 32767, 65535, 65536, 2 ** 31 - 1, 2 ** 31,
                       2 ** 32, -2 ** 31 - 1, 2 ** 63 - 1, 2 ** 63, 2 ** 64 - 1, 2 ** 64, -2 ** 63, -2 ** 63 - 1,
                       2 ** 70, -2 ** 70, 2 ** 2000, 1.5, -0.0, float("inf"), float("nan"), 1e300, 65504.0,
                       65520.0, 3.4e38, 3.5e38, True, False, None, b"a", b"", b"ab", bytearray(b"a"), "a",
                       Idx(3), Idx(300), Flt(2.5), Flt(1e300), Truth(True), Truth(None), (1,), [1], object()])


# ---- the chain -----------------------------------------------------------

class Chain:
    def __init__(self, seed, verbose=False):
        self.seed = seed
        self.rng = random.Random(seed)
        self.verbose = verbose
        self.srcs = make_sources(self.rng)
        self.pairs = []
        self.holds = []
        self.log = []
        self.extensions = 0
        a, b = self.srcs
        self.step("wrap", lambda x: memoryview(a.obj) if x == 0 else MemoryView(b.obj), add=True)

    def say(self, msg):
        self.log.append(msg)
        if self.verbose:
            print(msg)

    def check_bytes(self, what):
        ba, bb = self.srcs[0].read(), self.srcs[1].read()
        if ba != bb:
            raise Difference("%s: exporter bytes differ:\n  builtin %s\n  memview %s" % (what, ba.hex(), bb.hex()))

    def step(self, name, f, add=False, mutates=False, cast=(), taint=False):
        """Run f(0) (builtin side) and f(1) (memview side) and compare.
        cast: the builtin's cast refusals that memview lifts (extension territory).
        taint: the result may carry a stride overflowed by a huge step."""
        LOOSE[0] = taint
        before = self.srcs[1].read()
        oa = outcome(lambda: f(0))
        ob = outcome(lambda: f(1))
        self.say("%s -> builtin %s / memview %s" % (name, short(oa), short(ob)))
        if oa[0] == "raise" and ((oa[1].type is NotImplementedError and not strict_refusal(oa[1])) or
                                 (cast and any(m in oa[1].msg for m in cast))):
            # memview's extension territory: anything goes but a write on a raise
            self.extensions += 1
            if ob[0] == "raise":
                if self.srcs[1].read() != before:
                    raise Difference("%s: memview raised %r and changed the bytes" % (name, ob[1]))
            elif isinstance(ob[1], MemoryView):
                describe(ob[1])  # must not crash
            if self.srcs[1].read() != self.srcs[0].read():
                self.srcs[0].write(self.srcs[1].read())
            return None
        if not same_outcome(oa, ob) and not (taint and any(o[0] == "raise" and "contiguous" in o[1].msg
                                                         for o in (oa, ob))):
            # (a stride overflowed by the builtin decides its contiguity checks)
            raise Difference("%s: builtin %s, memview %s" % (name, short(oa, 1), short(ob, 1)))
        if ob[0] == "raise" and self.srcs[1].read() != before:
            raise Difference("%s: memview raised %r and changed the bytes" % (name, ob[1]))
        self.check_bytes(name)
        if add and oa[0] == "ok" and ob[0] == "ok":
            self.pairs.append((oa[1], ob[1], taint))
        return oa, ob

    def pick(self):
        return self.rng.choice(self.pairs) if self.pairs else None

    def run(self, steps):
        rng = self.rng
        ops = [self.op_slice, self.op_slice, self.op_item, self.op_item, self.op_key, self.op_cast,
               self.op_cast, self.op_setitem, self.op_setitem, self.op_setslice, self.op_read,
               self.op_read, self.op_export, self.op_release, self.op_rewrap, self.op_eq, self.op_gc,
               self.op_readonly]
        for i in range(steps):
            if not self.pairs:
                break
            rng.choice(ops)()
        self.check_bytes("end")

    # -- operations --
    def length(self, p):
        try:
            return len(p[0])
        except Exception:  # noqa: BLE001
            return 1

    def op_slice(self):
        p = self.pick()
        key = rand_slice(self.rng, self.length(p))
        self.step("v[%r]" % (key,), lambda s: p[s][key], add=True, taint=p[2] or huge_step(key))

    def op_item(self):
        p = self.pick()
        i = rand_index(self.rng, self.length(p))
        self.step("v[%r]" % (i,), lambda s: p[s][i])

    def op_key(self):
        p = self.pick()
        n = self.length(p)
        rng = self.rng
        key = rng.choice([(), Ellipsis, (rand_index(rng, n),), (rand_index(rng, n), rand_index(rng, 2)),
                          (rand_slice(rng, n),), (rand_slice(rng, n), rand_slice(rng, 2)),
                          (rand_slice(rng, n), 0), (0, Ellipsis), [0], "a", 1.0, None])
        self.step("v[%r]" % (key,), lambda s: p[s][key], add=True, taint=p[2] or huge_step(key))

    def rand_shape(self, p):
        rng = self.rng
        r = rng.random()
        if r < 0.4:
            return None
        try:
            nbytes = p[0].nbytes
        except Exception:  # noqa: BLE001
            nbytes = 4
        if r < 0.85:
            total = max(nbytes // rng.choice([1, 1, 2, 4, 8]), 1)
            dims = []
            for d in (2, 3, 2):
                if total % d == 0 and rng.random() < 0.5:
                    dims.append(d)
                    total //= d
            dims.append(total)
            rng.shuffle(dims)
            return rng.choice([dims, tuple(dims)])
        return rng.choice([[0], [-1], [2 ** 70], [2.0], [Idx(2)], "ab", [1] * 65, [True], (nbytes,)])

    def op_cast(self):
        rng = self.rng
        p = self.pick()
        fmt = rng.choice(list(NATIVE) + ["@B", "@i", "<i", ">h", "=q", "B", "B", "B", "x", "", "Bx",
                                         "2B", 1, "\u00e9", "b\0", "w", "u", "@w"])
        # Casts to text formats are refused by both (ValueError): not an
        # extension, unless a check the builtin makes first refused it.
        ext = CAST_EXTENSIONS[1:] if isinstance(fmt, str) and fmt.strip("@") in ("w", "u") else CAST_EXTENSIONS
        shape = self.rand_shape(p)
        if shape is None:
            self.step("cast(%r)" % (fmt,), lambda s: p[s].cast(fmt), add=True, cast=ext, taint=p[2])
        else:
            self.step("cast(%r, %r)" % (fmt, shape), lambda s: p[s].cast(fmt, shape), add=True, cast=ext,
                      taint=p[2])

    def op_setitem(self):
        p = self.pick()
        n = self.length(p)
        rng = self.rng
        key = rng.choice([rand_index(rng, n), rand_index(rng, n), (rand_index(rng, n),), (),
                          Ellipsis, (0, 0)])
        value = rand_value(rng)
        self.step("v[%r] = %r" % (key, value), lambda s: p[s].__setitem__(key, value), mutates=True)

    def op_setslice(self):
        rng = self.rng
        p = self.pick()
        n = self.length(p)
        key = rng.choice([rand_slice(rng, n), slice(None), (slice(None),), (slice(None), slice(None))])
        r = rng.random()
        if r < 0.5:
            # a source of the right structure (or nearly): the target's own items
            try:
                tgt = p[0][key]
                vals = bytes(tgt.tobytes())
                fmt = tgt.format
                shape = tgt.shape
            except Exception:  # noqa: BLE001
                vals, fmt, shape = bytes(4), "B", (4,)
            vals = bytes(rng.getrandbits(8) for _ in vals) if rng.random() < 0.7 else vals
            if fmt == "?":
                vals = bytes(b & 1 for b in vals)
            kind = rng.choice(["same", "flat", "other", "short"])

            def value(s, vals=vals, fmt=fmt, shape=shape, kind=kind):
                m = memoryview(bytearray(vals))
                if kind == "flat" or not shape:
                    return m
                if kind == "short":
                    return m[1:]
                try:
                    c = m.cast(fmt if kind == "same" else ("b" if fmt != "b" else "B"))
                    return c.cast("B").cast(fmt, shape) if (kind == "same" and len(shape) > 1) else c
                except (TypeError, ValueError):
                    return m
        elif r < 0.8:
            q = self.pick()
            value = lambda s: q[s]  # noqa: E731 - another view of the chain (overlap)
        else:
            other = rng.choice([b"", b"ab", 5, None, "ab", array.array("b", [1, 2]), array.array("d", [1.0])])
            value = lambda s: other  # noqa: E731
        self.step("v[%r] = <value>" % (key,), lambda s: p[s].__setitem__(key, value(s)), mutates=True)

    def op_read(self):
        rng = self.rng
        p = self.pick()
        op = rng.choice(["tobytes", "hex", "tolist", "len", "iter", "hash", "attrs", "reversed", "bytes"])
        if op == "tobytes":
            order = rng.choice([None, "C", "F", "A", "X", 1, b"C", "c"])
            self.step("tobytes(%r)" % (order,), lambda s: p[s].tobytes(order))
        elif op == "hex":
            args = rng.choice([(), (":",), ("::",), (b"-", 2), (":", -3), (None,), (None, 2), ("", 1),
                               (":", 2 ** 40), (":", 1.5), ([1],), ("\u00e9",), (b"\xff",), (":", Idx(2))])
            self.step("hex%r" % (args,), lambda s: p[s].hex(*args))
        elif op == "tolist":
            self.step("tolist", lambda s: p[s].tolist())
        elif op == "len":
            self.step("len", lambda s: len(p[s]))
        elif op == "iter":
            self.step("list(iter)", lambda s: list(p[s]) if p[s].ndim <= 1 else len(list(p[s])))
        elif op == "hash":
            self.step("hash", lambda s: hash(p[s]))
        elif op == "reversed":
            self.step("reversed", lambda s: list(reversed(p[s])) if p[s].ndim == 1 else None)
        elif op == "bytes":
            # An item picked up by a key like (0,) may be a large int, and
            # bytes(n) would allocate n zero bytes on each side (10 GB RSS for
            # seed 323233): compare the items instead.
            self.step("bytes()", lambda s: p[s] if isinstance(p[s], int) else bytes(p[s]))
        else:
            self.step("attrs", lambda s: (p[s], p[s].obj is self.srcs[s].obj), taint=p[2])

    def op_eq(self):
        rng = self.rng
        p, q = self.pick(), self.pick()
        other = rng.choice(["pair", "bytes", "int"])
        if other == "pair":
            documented = bool_items_by_value(p[0], q[0])
            if documented is not None:
                self.step("v == w ('?' items other than 0/1)",
                          lambda s: (p[s] == q[s], p[s] != q[s]) if s else (documented, not documented),
                          taint=p[2] or q[2])
                return
            self.step("v == w", lambda s: (p[s] == q[s], p[s] != q[s]), taint=p[2] or q[2])
        elif other == "bytes":
            b = rng.choice([b"", b"\0", bytes(4), self.srcs[0].read()])
            self.step("v == %r" % (b,), lambda s: (p[s] == b, p[s] != b))
        else:
            self.step("v == 1", lambda s: (p[s] == 1, p[s] != 1))

    def op_export(self):
        p = self.pick()
        if self.rng.random() < 0.3 and self.holds:
            self.holds.pop(self.rng.randrange(len(self.holds)))
            return
        r = self.step("memoryview(v)", lambda s: memoryview(p[s]), taint=p[2])
        if r and r[0][0] == "ok":
            self.holds.append((r[0][1], r[1][1]))

    def op_release(self):
        p = self.pick()
        self.step("release", lambda s: p[s].release())
        if self.rng.random() < 0.5:
            self.step("released attrs", lambda s: p[s], taint=p[2])

    def op_rewrap(self):
        p = self.pick()
        how = self.rng.choice(["direct", "via-builtin"])
        if how == "direct":
            self.step("wrap(v)", lambda s: memoryview(p[s]) if s == 0 else MemoryView(p[s]), add=True, taint=p[2])
        else:
            self.step("wrap(memoryview(v))",
                      lambda s: memoryview(memoryview(p[s])) if s == 0 else MemoryView(memoryview(p[s])), add=True,
                      taint=p[2])

    def op_readonly(self):
        p = self.pick()
        self.step("toreadonly", lambda s: p[s].toreadonly(), add=True, taint=p[2])

    def op_gc(self):
        """Move some pairs and held exports into a reference cycle (with a
        traceback frame) and let the collector break it."""
        rng = self.rng
        cyc = []
        for lst in (self.pairs, self.holds):
            for i in range(len(lst) - 1, -1, -1):
                if rng.random() < 0.5:
                    cyc.append(lst.pop(i))
        if rng.random() < 0.5:
            try:
                raise KeyError("cycle")
            except KeyError as e:
                cyc.append(e)
        cyc.append(cyc)
        del cyc
        gc.collect()
        self.say("gc.collect()")
        self.check_bytes("gc")


def short(o, full=0):
    r = repr(o[1]) if o[0] == "raise" else repr(norm(o[1]))
    return r if full or len(r) < 70 else r[:67] + "..."


def run_chain(seed, steps=40, verbose=False):
    """None if the chain agreed, else the difference as a string."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        c = Chain(seed, verbose)
        try:
            c.run(steps)
        except Difference as e:
            return "seed %d (%s): %s\n    %s" % (seed, c.srcs[0].desc, e, "\n    ".join(c.log[-8:]))
        finally:
            c.pairs.clear()
            c.holds.clear()
    return None


def run_many(first, count, steps=40):
    diffs = []
    for seed in range(first, first + count):
        d = run_chain(seed, steps)
        if d:
            diffs.append(d)
    return diffs


EXIT_SCRIPT = """
import sys
sys.path.insert(0, %r)
import drop_in_diff as d
c = d.Chain(%d)
c.run(%d)
c.srcs = None  # exit with the chain's views, exports and cycles alive
keep = [c]
keep.append(keep)
print("ok")
"""


def run_exit(seed, steps=40):
    """A chain in a fresh interpreter that exits with its views alive."""
    here = os.path.dirname(os.path.abspath(__file__))
    r = subprocess.run([sys.executable, "-W", "ignore", "-c", EXIT_SCRIPT % (here, seed, steps)],
                       capture_output=True, text=True, timeout=120)
    if r.returncode != 0 or r.stdout.strip() != "ok" or "Exception ignored" in r.stderr:
        return "seed %d (exit): rc %d, stdout %r, stderr %s" % (seed, r.returncode, r.stdout[-200:], r.stderr[-2000:])
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--chains", type=int, default=2000)
    ap.add_argument("--steps", type=int, default=40)
    ap.add_argument("--seed", type=int, default=0, help="first seed")
    ap.add_argument("--workers", type=int, default=1, help="worker processes (each runs its share)")
    ap.add_argument("--replay", type=int, help="print every step of one seed's chain")
    ap.add_argument("--exit", type=int, default=0, help="also run this many chains that exit with live views")
    args = ap.parse_args()
    if args.replay is not None:
        d = run_chain(args.replay, args.steps, verbose=True)
        print(d or "no difference")
        return 1 if d else 0
    if args.workers > 1:
        per = (args.chains + args.workers - 1) // args.workers
        procs = []
        for w in range(args.workers):
            first = args.seed + w * per
            cnt = min(per, args.seed + args.chains - first)
            procs.append(subprocess.Popen([sys.executable, os.path.abspath(__file__), "--chains", str(cnt),
                                           "--seed", str(first), "--steps", str(args.steps),
                                           "--exit", str(args.exit // args.workers)]))
        return max(p.wait() for p in procs)
    diffs = run_many(args.seed, args.chains, args.steps)
    for s in range(args.seed, args.seed + args.exit):
        d = run_exit(s, args.steps)
        if d:
            diffs.append(d)
    for d in diffs:
        print(d)
    print("%d chains (seeds %d..%d, %d steps each), %d exit chains: %d differences"
          % (args.chains, args.seed, args.seed + args.chains - 1, args.steps, args.exit, len(diffs)))
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
