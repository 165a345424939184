#!/usr/bin/env python3
"""Generate tests/vectors/vectors.json: memview's shared test vectors.

Every expected value comes from CPython's builtin memoryview and the struct
module, with a fixed seed. A small model of memview's view arithmetic runs
beside the builtin: where the builtin accepts an operation, the model must
agree with it exactly (the generator stops otherwise); where the builtin
refuses with one of the refusals memview documents as an extension (byte-order
and record formats, casts between two non-byte formats, N-d slicing,
sub-views, cast offsets, ...), the case is marked "ext" with the reason and
the model (values from struct.unpack_from) gives the expected result. Error
cases carry the builtin's exception class and the MV_E* code memview gives.

    python3 tests/vectors/gen.py            # rewrite vectors.json
    python3 tests/vectors/gen.py --check    # fail if vectors.json differs

The file format is described in tests/vectors/README.md.
"""
import json
import math
import os
import random
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "vectors.json")
SEED = 20261205
MAX_NDIM = 64

# The builtin's refusals that memview lifts (message prefix -> extension name).
EXT_MESSAGES = {
    "memoryview: destination format must be a native single character format": "format",
    "memoryview: cannot cast between two non-byte formats": "non-byte cast",
    "memoryview: cast must be 1D -> ND or ND -> 1D": "ndim cast",
    "memoryview: casts are restricted to C-contiguous views": "non-contiguous same-itemsize cast",
    "multi-dimensional slicing is not implemented": "nd slice",
    "multi-dimensional sub-views are not implemented": "sub-view",
    "memoryview: unsupported format": "format",
    "memoryview: format": "format",
}

# The Python exception each MV_E* code raises for an operation (mirrors what
# CPython raises; bindings/python/src/memview/_errors.py is the binding's copy).
PY_CLASS = {
    "MV_EINVAL": "ValueError", "MV_EFORMAT": "ValueError", "MV_EINDEX": "IndexError",
    "MV_EREADONLY": "TypeError", "MV_ELAYOUT": "ValueError", "MV_ESIZE": "ValueError",
    "MV_EOVERFLOW": "OverflowError", "MV_ETYPE": "TypeError", "MV_EVALUE": "ValueError",
}
PY_CLASS_BY_OP = {
    ("cast", "MV_ELAYOUT"): "TypeError", ("cast", "MV_ESIZE"): "TypeError",
    ("cast", "MV_EOVERFLOW"): "ValueError", ("index", "MV_EINVAL"): "TypeError",
}


# The classes the builtin raises for the failures each code stands for.
ALLOWED = {
    "MV_EINVAL": {"ValueError", "TypeError"}, "MV_EFORMAT": {"ValueError"}, "MV_EINDEX": {"IndexError"},
    "MV_EREADONLY": {"TypeError"}, "MV_ELAYOUT": {"TypeError", "ValueError"},
    "MV_ESIZE": {"TypeError", "ValueError"}, "MV_EOVERFLOW": {"OverflowError", "ValueError"},
    "MV_ETYPE": {"TypeError"}, "MV_EVALUE": {"ValueError"},
}


def py_class(op, code, why="", fixed=None):
    if fixed:
        return fixed
    if why == "invalid indexing of 0-dim memory":
        return "TypeError"  # CPython's class for slicing or indexing a 0-d view
    return PY_CLASS_BY_OP.get((op, code)) or PY_CLASS[code]


class MVError(Exception):
    def __init__(self, code, why, pyclass=None):
        super().__init__(why)
        self.code = code
        self.fixed_class = pyclass


def itemsize_of(fmt):
    try:
        n = struct.calcsize(fmt)
    except struct.error as e:
        raise MVError("MV_EFORMAT", str(e))
    if n == 0:
        raise MVError("MV_EFORMAT", "itemsize 0")
    return n


def nfields_of(fmt):
    return len(struct.unpack(fmt, bytes(struct.calcsize(fmt))))


def prod(xs):
    n = 1
    for x in xs:
        n *= x
    return n


def c_strides(shape, itemsize):
    s, out = itemsize, []
    for n in reversed(shape):
        out.append(s)
        s *= n
    return tuple(reversed(out))


class Model:
    """memview's view arithmetic, in Python: a byte buffer and a layout."""

    def __init__(self, buf, off, fmt, shape, strides, readonly):
        self.buf, self.off, self.fmt = buf, off, fmt
        self.shape, self.strides, self.readonly = tuple(shape), tuple(strides), readonly
        self.itemsize = itemsize_of(fmt)

    @property
    def ndim(self):
        return len(self.shape)

    @property
    def nitems(self):
        return prod(self.shape)

    @property
    def nbytes(self):
        return self.nitems * self.itemsize

    def _contig(self, order):
        if self.ndim == 1:  # CPython's 1-D rule: decided by the stride, even when empty
            return self.shape[0] == 1 or self.strides[0] == self.itemsize
        if 0 in self.shape:
            return True
        dims = range(self.ndim - 1, -1, -1) if order == "C" else range(self.ndim)
        sd = self.itemsize
        for k in dims:
            if self.shape[k] > 1 and self.strides[k] != sd:
                return False
            sd *= self.shape[k]
        return True

    @property
    def c_contiguous(self):
        return self._contig("C")

    @property
    def f_contiguous(self):
        return self._contig("F")

    def indices(self, order="C"):
        if self.nitems == 0:
            return []
        dims = list(range(self.ndim))
        if order == "F":
            dims.reverse()
        out = [[]]
        for k in dims:
            out = [i + [j] if order == "C" else [j] + i for i in out for j in range(self.shape[k])]
        return out

    def addr(self, idx):
        return self.off + sum(i * s for i, s in zip(idx, self.strides))

    def item_bytes(self, idx):
        a = self.addr(idx)
        return bytes(self.buf[a:a + self.itemsize])

    def values(self):
        one = nfields_of(self.fmt) == 1
        out = []
        for idx in self.indices():
            t = struct.unpack_from(self.fmt, self.buf, self.addr(idx))
            out.append(t[0] if one else t)
        return out

    def tobytes(self, order="C"):
        if order == "A":
            order = "F" if self.f_contiguous and not self.c_contiguous else "C"
        return b"".join(self.item_bytes(i) for i in self.indices(order))

    # Derivations, each as memview does them (core/derive.cpp).
    def slice_nd(self, ranges):
        if self.ndim == 0:
            raise MVError("MV_EINVAL", "invalid indexing of 0-dim memory")
        if len(ranges) > self.ndim:
            # CPython raises NotImplementedError for any multi-dimensional slice
            raise MVError("MV_EINVAL", "too many slices", "NotImplementedError")
        shape, strides, off = list(self.shape), list(self.strides), self.off
        for k, (a, b, c) in enumerate(ranges):
            if c == 0:
                raise MVError("MV_EINVAL", "slice step cannot be zero")
            start, stop, step = slice(a, b, c).indices(shape[k])
            n = len(range(start, stop, step))
            if n > 0 and self.nitems > 0:
                off += start * strides[k]
            shape[k], strides[k] = n, strides[k] * step
        return Model(self.buf, off, self.fmt, shape, strides, self.readonly)

    def index(self, i):
        if self.ndim == 0:
            raise MVError("MV_EINVAL", "invalid indexing of 0-dim memory")
        n = self.shape[0]
        j = i + n if i < 0 else i
        if not 0 <= j < n:
            raise MVError("MV_EINDEX", "index out of bounds")
        off = self.off + j * self.strides[0] if self.nitems > 0 else self.off
        return Model(self.buf, off, self.fmt, self.shape[1:], self.strides[1:], self.readonly)

    def cast(self, fmt, shape, offset):
        if (shape is not None or self.ndim != 1) and 0 in self.shape:
            raise MVError("MV_ELAYOUT", "cannot cast view with zeros in shape or strides")
        if shape is not None:
            if len(shape) > MAX_NDIM:
                raise MVError("MV_EINVAL", "too many dimensions")
            if any(n <= 0 for n in shape):
                raise MVError("MV_EINVAL", "elements of shape must be integers > 0")
        size = itemsize_of(fmt)
        keep = size == self.itemsize and offset == 0 and (shape is None or tuple(shape) == self.shape)
        if keep and not self.c_contiguous:
            return Model(self.buf, self.off, fmt, self.shape, self.strides, self.readonly)
        if not self.c_contiguous:
            raise MVError("MV_ELAYOUT", "casts are restricted to C-contiguous views")
        if offset > self.nbytes:
            raise MVError("MV_EINDEX", "offset past the end")
        nbytes = self.nbytes - offset
        if shape is None:
            if nbytes % size:
                raise MVError("MV_ESIZE", "length is not a multiple of itemsize")
            shape = [nbytes // size]
        elif prod(shape) * size != nbytes:
            raise MVError("MV_ESIZE", "product(shape) * itemsize != buffer size")
        return Model(self.buf, self.off + offset, fmt, shape, c_strides(shape, size), self.readonly)

    def field(self, k):
        fields = field_formats(self.fmt)
        if k >= len(fields):
            raise MVError("MV_EINDEX", "no such field")
        off, ffmt = fields[k]
        return Model(self.buf, self.off + off, ffmt, self.shape, self.strides, self.readonly)


def field_formats(fmt):
    """(offset, format) of each field of a record format, as mv_field_view
    names them: '<' or '>' for a non-native byte order, nothing for native."""
    order = fmt[0] if fmt[:1] in ("<", ">", "=", "!", "@") else ""
    prefix = {"<": "<", "=": "<", ">": ">", "!": ">"}.get(order, "")  # little-endian host
    body, tokens, count = fmt[len(order):], [], ""
    for ch in body:
        if ch.isdigit():
            count += ch
            continue
        n = int(count) if count else 1
        count = ""
        if ch in "sp":
            tokens.append("%d%s" % (n, ch))
        else:
            tokens.extend([ch] * n)
    out, done = [], ""
    for tok in tokens:
        start = struct.calcsize(order + done + tok) - struct.calcsize(order + tok)
        done += tok
        if not tok.endswith("x"):
            out.append((start, prefix + tok))
    return out


# ---------------------------------------------------------------------------
# JSON encoding of values: ints as JSON integers, bools as JSON booleans,
# floats as {"f": repr} (so nan/inf/-0.0 survive), bytes as {"b": hex},
# records as {"r": [field, ...]}.

def enc(v):
    if isinstance(v, bool):
        return v
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        return {"f": repr(v)}
    if isinstance(v, bytes):
        return {"b": v.hex()}
    if isinstance(v, tuple):
        return {"r": [enc(x) for x in v]}
    raise TypeError(type(v))


def flat(x, ndim):
    if ndim == 0:
        return [x]
    out = []
    for e in x:
        out.extend(flat(e, ndim - 1))
    return out


def same_value(a, b):
    if isinstance(a, float) and isinstance(b, float):
        return (math.isnan(a) and math.isnan(b)) or struct.pack("<d", a) == struct.pack("<d", b)
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


def ext_reason(exc):
    msg = str(exc)
    for prefix, name in EXT_MESSAGES.items():
        if msg.startswith(prefix):
            return name
    return None


def check_agree(m, b):
    """The model must describe exactly what the builtin gives."""
    assert b.format == m.fmt and b.itemsize == m.itemsize, (b.format, m.fmt)
    assert b.shape == m.shape and b.strides == m.strides, (b.shape, m.shape, b.strides, m.strides)
    assert b.c_contiguous == m.c_contiguous and b.f_contiguous == m.f_contiguous
    assert b.nbytes == m.nbytes and b.readonly == m.readonly
    assert b.tobytes() == m.tobytes(), (b.tobytes(), m.tobytes())
    for o in "CFA":
        assert b.tobytes(o) == m.tobytes(o), o
    if nfields_of(m.fmt) == 1 and m.fmt not in ("P",):
        vals = flat(b.tolist(), b.ndim)
        mv = m.values()
        assert len(vals) == len(mv) and all(same_value(x, y) for x, y in zip(vals, mv)), (vals, mv)


def apply_op(m, b, op):
    """One derivation on the model m and the builtin b (None once the chain
    left what the builtin can do). Returns (model, builtin, ext-or-None);
    raises MVError with the code and the builtin's class."""
    kind = op["op"]
    try:
        if kind == "slice":
            nm = m.slice_nd([(op["start"], op["stop"], op["step"])])
        elif kind == "slice_nd":
            nm = m.slice_nd([tuple(r) for r in op["ranges"]])
        elif kind == "index":
            nm = m.index(op["i"])
        elif kind == "cast":
            nm = m.cast(op["format"], op["shape"], op["offset"])
        elif kind == "field":
            nm = m.field(op["k"])
        elif kind == "toreadonly":
            nm = Model(m.buf, m.off, m.fmt, m.shape, m.strides, True)
        else:
            raise AssertionError(kind)
        model_err = None
    except MVError as e:
        nm, model_err = None, e
    if b is None:
        if model_err:
            model_err.pyclass = py_class(kind, model_err.code, str(model_err), model_err.fixed_class)
            raise model_err
        return nm, None, "chain"
    # The builtin's answer.
    try:
        if kind == "slice":
            nb = b[op["start"]:op["stop"]:op["step"]]
        elif kind == "slice_nd":
            nb = b[tuple(slice(*r) for r in op["ranges"])]
        elif kind == "index":
            nb = b[op["i"]]
            if not isinstance(nb, memoryview):
                raise AssertionError("index op on a 1-D view")
        elif kind == "cast":
            if op["offset"]:
                raise NotImplementedError("cast offset")
            nb = b.cast(op["format"], op["shape"]) if op["shape"] is not None else b.cast(op["format"])
        elif kind == "field":
            raise NotImplementedError("field view")
        else:
            nb = b.toreadonly()
        builtin_err = None
    except (TypeError, ValueError, IndexError, NotImplementedError, OverflowError) as e:
        nb, builtin_err = None, e
    if builtin_err is None:
        if model_err:
            raise AssertionError("builtin accepts, model refuses: %r %s" % (op, model_err))
        check_agree(nm, nb)
        return nm, nb, None
    reason = ext_reason(builtin_err) or (str(builtin_err) if isinstance(builtin_err, NotImplementedError) else None)
    if model_err:
        cls = type(builtin_err).__name__
        if reason:  # the builtin refused for the extension's sake; memview for another reason
            cls = py_class(kind, model_err.code, str(model_err), model_err.fixed_class)
        elif cls not in ALLOWED[model_err.code]:
            raise AssertionError("class mismatch %r: builtin %s %s, model %s" % (op, cls, builtin_err, model_err.code))
        model_err.pyclass = cls
        raise model_err
    if not reason:
        raise AssertionError("builtin refuses, model accepts: %r: %s" % (op, builtin_err))
    return nm, None, reason


def expect_of(m):
    e = {
        "format": m.fmt, "itemsize": m.itemsize, "ndim": m.ndim, "shape": list(m.shape),
        "strides": list(m.strides), "nbytes": m.nbytes, "readonly": m.readonly,
        "c_contiguous": m.c_contiguous, "f_contiguous": m.f_contiguous,
        "tobytes": m.tobytes().hex(), "tobytes_F": m.tobytes("F").hex(), "tobytes_A": m.tobytes("A").hex(),
    }
    if nfields_of(m.fmt) >= 1:
        e["items"] = [enc(v) for v in m.values()]
    return e


def run_chain(data, readonly, ops):
    """(expect-or-error, ext reasons, final model, final builtin)."""
    buf = bytes(data) if readonly else bytearray(data)
    m = Model(buf, 0, "B", [len(data)], [1], readonly)
    b = memoryview(buf)
    exts = []
    for k, op in enumerate(ops):
        try:
            m, b, reason = apply_op(m, b, op)
        except MVError as e:
            return {"error": {"class": e.pyclass, "code": e.code, "at": k}}, exts, None, None
        if reason and reason != "chain":
            exts.append(reason)
    return {"expect": expect_of(m)}, exts, m, b


# ---------------------------------------------------------------------------
# Case generators.

NATIVE = list("bBchHiIlLqQnNfde?P")
BYTE_ORDER = ["<h", ">h", "!H", "=i", ">I", "<q", ">Q", "<f", ">f", ">d", "<e", ">e", ">?", "<b", ">B", ">c"]
RECORDS = ["<if", ">hq", "=HdB", ">3sh", "<Iff", "hi", "cd4s4x", "2h", ">4s", "3s", "<5p", "?xh", ">Lq"]


def op_slice(start, stop, step):
    return {"op": "slice", "start": start, "stop": stop, "step": step}


def op_cast(fmt, shape=None, offset=0):
    return {"op": "cast", "format": fmt, "shape": shape, "offset": offset}


def rand_bound(rng, n):
    return rng.choice([None, rng.randint(-n - 2, n + 2)])


def rand_slice(rng, n):
    step = rng.choice([None, 1, 1, 2, 3, -1, -2, 5])
    return op_slice(rand_bound(rng, n), rand_bound(rng, n), step)


def rand_shape(rng, n):
    """A shape whose product is n (n > 0), of 1 to 3 dims."""
    dims = []
    rest = n
    for _ in range(rng.randint(0, 2)):
        divs = [d for d in range(1, rest + 1) if rest % d == 0]
        d = rng.choice(divs)
        dims.append(d)
        rest //= d
    dims.append(rest)
    rng.shuffle(dims)
    return dims


def chain_cases(rng, count):
    cases = []
    for _ in range(count):
        n = rng.choice([0, 1, 6, 8, 12, 16, 24, 48])
        data = bytes(rng.getrandbits(8) for _ in range(n))
        readonly = rng.random() < 0.5
        ops = []
        m = Model(data, 0, "B", [n], [1], readonly)
        if n >= 6 and rng.random() < 0.3:  # start N-d, so that N-d slices and sub-views follow
            fmt = rng.choice(["B", "b", "h", "H", "c"])
            size = struct.calcsize(fmt)
            if n % size == 0:
                ops.append(op_cast(fmt, rand_shape(rng, n // size)))
                m, _, _ = apply_op(m, None, ops[-1])
        for _ in range(rng.randint(1, 4)):
            r = rng.random()
            if r < 0.3 and m.ndim >= 1:
                op = rand_slice(rng, m.shape[0])
            elif r < 0.5 and m.ndim >= 2:
                op = {"op": "slice_nd", "ranges": [[rand_bound(rng, s), rand_bound(rng, s), rng.choice([None, 1, 2, -1])]
                                                   for s in m.shape[:2]]}
            elif r < 0.6 and m.ndim >= 2:
                op = {"op": "index", "i": rng.randint(-m.shape[0], m.shape[0] - 1) if m.shape[0] else 0}
            elif r < 0.65:
                op = {"op": "toreadonly"}
            elif r < 0.8 and nfields_of(m.fmt) > 1:
                op = {"op": "field", "k": rng.randint(0, nfields_of(m.fmt))}  # one past the end too
            else:
                pool = rng.choice([NATIVE, NATIVE, BYTE_ORDER, RECORDS])
                fmt = rng.choice(pool)
                size = struct.calcsize(fmt)
                shape = None
                if m.nbytes and m.nbytes % size == 0 and rng.random() < 0.5:
                    shape = rand_shape(rng, m.nbytes // size)
                offset = 0
                if rng.random() < 0.1 and m.nbytes:
                    offset = rng.randint(0, m.nbytes)
                op = op_cast(fmt, shape, offset)
            ops.append(op)
            try:
                m, _, _ = apply_op(m, None, op)
            except MVError:
                break
        cases.append(("chain", data, readonly, ops))
    return cases


def fixed_cases():
    """Hand-picked cases: regressions and every error class."""
    abc = b"abcdef"
    c = []
    # Issue 15: a cast of a one-item view with a stale stride.
    c.append(("stale stride", abc, True, [op_slice(0, 1, 5), op_cast("B", [1])]))
    c.append(("stale stride reversed", abc, True, [op_slice(0, 1, 5), op_cast("B", [1]), op_slice(None, None, -1)]))
    c.append(("stale stride empty", abc, True, [op_slice(0, 1, 5), op_cast("B", [1]), op_slice(1, 1, None)]))
    c.append(("stale stride no shape", abc, True, [op_slice(0, 1, 5), op_cast("c")]))
    c.append(("stale stride 2-D", bytes(range(18)), False, [op_cast("B", [6, 3]), op_slice(0, 1, 5), op_cast("B", [1, 3])]))
    c.append(("empty strided", abc, True, [op_slice(3, 3, 2), op_cast("c")]))
    c.append(("empty strided non-byte", abc, True, [op_slice(3, 3, 2), op_cast("h")]))
    c.append(("empty", abc, True, [op_slice(3, 3, None), op_cast("i")]))
    # Errors.
    d = bytes(range(12))
    c.append(("step zero", d, True, [op_slice(None, None, 0)]))
    c.append(("cast size", d, True, [op_cast("d")]))
    c.append(("cast shape product", d, True, [op_cast("i", [2, 2])]))
    c.append(("cast shape zero", d, True, [op_cast("B", [0, 12])]))
    c.append(("cast shape negative", d, True, [op_cast("B", [-12])]))
    c.append(("cast bad format", d, True, [op_cast("i<")]))
    c.append(("cast unknown format", d, True, [op_cast("y")]))
    c.append(("cast native n with order", d, True, [op_cast("<n")]))
    c.append(("cast non-contiguous", d, True, [op_slice(None, None, 2), op_cast("h")]))
    c.append(("cast non-contiguous shape", d, True, [op_slice(None, None, 2), op_cast("B", [2, 3])]))
    c.append(("cast offset past end", d, True, [op_cast("B", None, 13)]))
    c.append(("cast offset", d, True, [op_cast(">f", None, 4)]))
    c.append(("cast too many dims", d, True, [op_cast("B", [12] + [1] * 64)]))
    c.append(("slice 0-d", d[:8], True, [op_cast("d", []), op_slice(None, None, None)]))
    c.append(("slice 0-d ext", d, True, [op_cast("12s", []), op_slice(None, None, None)]))
    c.append(("index 0-d", d, True, [op_cast("12s", []), {"op": "index", "i": 0}]))
    c.append(("sub-view out of range", d, True, [op_cast("B", [3, 4]), {"op": "index", "i": 3}]))
    c.append(("sub-view negative", d, True, [op_cast("B", [3, 4]), {"op": "index", "i": -3}]))
    c.append(("sub-view", d, True, [op_cast("B", [3, 4]), {"op": "index", "i": 1}]))
    c.append(("nd slice", d, True, [op_cast("B", [3, 4]), {"op": "slice_nd", "ranges": [[1, None, None], [None, None, -2]]}]))
    c.append(("nd slice too many", d, True, [op_cast("B", [3, 4]), {"op": "slice_nd", "ranges": [[None, None, 1]] * 3}]))
    c.append(("field", struct.pack("<Iff", 1, 0.5, 2.0) * 2, True, [op_cast("<Iff"), {"op": "field", "k": 1}]))
    c.append(("field native", bytes(range(48)), True, [op_cast("cd4s4x"), {"op": "field", "k": 2}]))
    c.append(("field out of range", struct.pack("<Iff", 1, 0.5, 2.0), True, [op_cast("<Iff"), {"op": "field", "k": 3}]))
    c.append(("0-d cast", d, True, [op_cast("<3i", [])]))
    c.append(("non-byte to non-byte", d, True, [op_cast("i"), op_cast("h", [2, 3])]))
    c.append(("fortran", bytes(range(24)), True, [op_cast("B", [2, 3, 4]), {"op": "slice_nd", "ranges": [[None, None, None], [None, None, -1]]}]))
    return c


def hex_cases(rng):
    out = []
    seps = [None, ":", "-", " ", "_", "\u00e9"]
    for k in range(40):
        n = rng.choice([0, 1, 5, 8, 13])
        data = bytes(rng.getrandbits(8) for _ in range(n))
        ops = [] if k % 3 else [op_slice(None, None, rng.choice([2, -1, -3]))]
        sep = rng.choice(seps)
        bps = rng.choice([1, 2, 3, -1, -2, -4, 0, 100])
        out.append((data, ops, sep, bps))
    # (A separator of two characters is a Python-only argument error: the C,
    # Go and Rust signatures take one character, so it is not a shared case.)
    return out


def expected_hex(data, ops, sep, bps):
    res, _, m, b = run_chain(data, True, ops)
    assert "expect" in res
    try:
        s = b.hex() if sep is None else b.hex(sep, bps)
        return {"expect": s}
    except ValueError as e:
        return {"error": {"class": "ValueError", "code": "MV_EINVAL", "why": str(e)}}


def equal_cases(rng):
    out = []
    pairs = [
        ("i", "I"), ("b", "B"), ("f", "d"), ("B", "c"), ("h", "h"), ("e", "f"), ("q", "d"), ("?", "B"),
        ("B", "B"), ("d", "d"),
    ]
    for fa, fb in pairs:
        for k in range(3):
            n = 8 * rng.randint(0, 3)
            if k == 0:
                vals = [rng.randint(0, 3) for _ in range(24)]
                da = bytes(v for v in vals)
            else:
                da = bytes(rng.getrandbits(8) & 0x3f for _ in range(24))
            out.append((da, [op_cast(fa)] if 24 % struct.calcsize(fa) == 0 else [],
                        da, [op_cast(fb)] if 24 % struct.calcsize(fb) == 0 else []))
    # values equal across formats: 1 == 1.0
    ints = struct.pack("4i", 1, -2, 3, 0)
    floats = struct.pack("4d", 1.0, -2.0, 3.0, 0.0)
    out.append((ints, [op_cast("i")], floats, [op_cast("d")]))
    out.append((ints, [op_cast("i")], floats, [op_cast("d"), op_slice(None, None, -1)]))
    nan = struct.pack("2d", float("nan"), 1.0)
    out.append((nan, [op_cast("d")], nan, [op_cast("d")]))  # NaN != NaN
    out.append((ints, [op_cast("i", [2, 2])], ints, [op_cast("i")]))  # shapes differ
    out.append((ints, [op_cast("i", [2, 2])], ints, [op_cast("i", [2, 2])]))
    out.append((ints, [op_cast("<i")], ints, [op_cast("i")]))  # extension format
    out.append((ints, [op_cast(">i")], ints, [op_cast("i")]))
    out.append((ints, [op_cast("<2i")], ints, [op_cast("<2i")]))  # records
    return out


def expected_equal(a, b):
    ra, ea, ma, ba = run_chain(a[0], True, a[1])
    rb, eb, mb, bb = run_chain(b[0], True, b[1])
    assert "expect" in ra and "expect" in rb
    va, vb = ma.values(), mb.values()  # memoryview ==: same shape, items equal (NaN != NaN)
    model = ma.shape == mb.shape and len(va) == len(vb) and all(x == y for x, y in zip(va, vb))
    if ba is not None and bb is not None:
        got = ba == bb
        assert got == model, (a, b, got, model)
        return got, ea + eb
    return model, ea + eb + ["format"]


def copy_cases(rng):
    out = []
    for _ in range(30):
        fmt = rng.choice(["B", "h", "i", "d", "<h", ">i", "<if"])
        size = struct.calcsize(fmt)
        n = rng.randint(2, 10)
        data = bytes(rng.getrandbits(8) for _ in range(n * size))
        length = rng.randint(0, n)
        a = rng.randint(0, n - length)
        bstart = rng.randint(0, n - length)
        step = rng.choice([1, 1, -1])
        dst = [a, a + length, 1]
        src = [bstart, bstart + length, 1] if step == 1 else [bstart + length - 1, bstart - 1 if bstart else None, -1]
        if rng.random() < 0.15:
            src = [bstart, min(n, bstart + length + 1), 1]  # lengths differ: error
        readonly = rng.random() < 0.1
        out.append((data, readonly, [op_cast(fmt)], dst, src))
    d = bytes(range(16))
    out.append((d, False, [op_cast("B", [4, 4])], [0, 2, 1], [2, 4, 1]))  # 2-D rows, overlapping buffer
    out.append((d, False, [op_cast("B")], [2, 10, 1], [0, 8, 1]))         # m[2:10] = m[0:8]
    out.append((d, False, [op_cast("B")], [0, 8, 1], [2, 10, 1]))
    out.append((d, False, [op_cast("B")], [None, None, -1], [None, None, 1]))
    return out


def expected_copy(data, readonly, ops, dst, src):
    res, ext, m, b = run_chain(data, readonly, ops)
    assert "expect" in res
    ext = list(ext)
    buf = b.obj if b is not None else None
    try:
        if b is None:
            raise NotImplementedError
        b[slice(*dst)] = b[slice(*src)]
        return {"expect": {"data": bytes(buf).hex()}}, ext
    except NotImplementedError:
        pass
    except TypeError as e:
        assert "read-only" in str(e) or "cannot modify" in str(e), e
        return {"error": {"class": "TypeError", "code": "MV_EREADONLY"}}, ext
    except ValueError as e:
        assert "different structures" in str(e), e
        return {"error": {"class": "ValueError", "code": "MV_ELAYOUT"}}, ext
    # The builtin cannot read the format: the model copies.
    ext.append("format")
    d = m.slice_nd([tuple(dst)])
    s = m.slice_nd([tuple(src)])
    if readonly:
        return {"error": {"class": "TypeError", "code": "MV_EREADONLY"}}, ext
    if d.shape != s.shape:
        return {"error": {"class": "ValueError", "code": "MV_ELAYOUT"}}, ext
    items = [s.item_bytes(i) for i in s.indices()]
    out = bytearray(m.buf)
    for i, ib in zip(d.indices(), items):
        a = d.addr(i)
        out[a:a + len(ib)] = ib
    return {"expect": {"data": bytes(out).hex()}}, ext


def set_cases(rng):
    out = []
    d = bytes(range(0x11, 0x21))  # no zero byte: a zero-filled item shows
    for fmt, val in [("B", 7), ("B", 255), ("B", 256), ("B", -1), ("b", -128), ("b", 128), ("h", -300),
                     ("H", 70000), ("i", 1.5), ("d", 2.5), ("d", 3), ("f", 1e300), ("c", b"z"), ("c", b"zz"),
                     ("c", 5), ("?", True), ("q", 2**63 - 1), ("Q", 2**64 - 1), ("Q", -5), ("e", 65504.0),
                     ("<h", -2), (">i", 123456), (">d", -0.5), ("<if", (3, 1.5)), ("<if", (1.5, 2.0)),
                     ("<if", (2**40, 1.0)), ("4s", b"ab")]:
        size = struct.calcsize(fmt)
        for readonly in ([False, True] if fmt == "B" and val == 7 else [False]):
            idx = [rng.randint(-(16 // size), 16 // size - 1)]
            out.append((d, readonly, [op_cast(fmt)], idx, val))
    out.append((d, False, [op_cast("B")], [16], 1))      # index out of range
    out.append((d, False, [op_cast("h", [2, 4])], [1, -1], 1000))
    out.append((d, False, [op_cast("h", [2, 4])], [1], 1000))  # too few indices
    return out


def expected_set(data, readonly, ops, idx, val):
    res, ext, m, b = run_chain(data, readonly, ops)
    assert "expect" in res
    ext = list(ext)
    if b is not None:
        key = tuple(idx) if len(idx) > 1 else idx[0]
        try:
            if b.ndim != len(idx):
                raise NotImplementedError
            b[key] = val
            return {"expect": {"data": bytes(b.obj).hex()}}, ext
        except NotImplementedError:
            pass
        except IndexError:
            return {"error": {"class": "IndexError", "code": "MV_EINDEX"}}, ext
        except TypeError as e:
            msg = str(e)
            code = "MV_EREADONLY" if "read-only" in msg else "MV_ETYPE"
            return {"error": {"class": "TypeError", "code": code}}, ext
        except ValueError:
            return {"error": {"class": "ValueError", "code": "MV_EVALUE"}}, ext
    # The model: struct.pack_into decides (the builtin cannot read the format).
    if b is not None and b.ndim != len(idx):
        ext.append("index count")
        return {"error": {"class": "TypeError", "code": "MV_EINVAL"}}, ext
    ext.append("format")
    if readonly:
        return {"error": {"class": "TypeError", "code": "MV_EREADONLY"}}, ext
    out = bytearray(m.buf)
    try:
        pos = [i + n if i < 0 else i for i, n in zip(idx, m.shape)]
        struct.pack_into(m.fmt, out, m.addr(pos), *(val if isinstance(val, tuple) else (val,)))
    except struct.error as e:
        code = "MV_ETYPE" if "required argument is not" in str(e) or "expects a bytes" in str(e) else "MV_EVALUE"
        return {"error": {"class": PY_CLASS[code], "code": code}}, ext
    return {"expect": {"data": bytes(out).hex()}}, ext


def build():
    rng = random.Random(SEED)
    cases = []

    def add(case, ext):
        ext = sorted(set(e for e in ext if e))
        if ext:
            case["ext"] = ext
        case["id"] = "%s-%03d" % (case["kind"], sum(1 for c in cases if c["kind"] == case["kind"]))
        cases.append(dict(sorted(case.items(), key=lambda kv: (kv[0] != "id", kv[0] != "kind", kv[0]))))

    for name, data, ro, ops in fixed_cases() + chain_cases(rng, 400):
        res, ext, _, _ = run_chain(data, ro, ops)
        case = {"kind": "view", "data": data.hex(), "readonly": ro, "ops": ops}
        if name != "chain":
            case["name"] = name
        case.update(res)
        add(case, ext)
    for data, ops, sep, bps in hex_cases(rng):
        case = {"kind": "hex", "data": data.hex(), "readonly": True, "ops": ops, "sep": sep, "bytes_per_sep": bps}
        case.update(expected_hex(data, ops, sep, bps))
        add(case, [])
    for da, oa, db, ob in equal_cases(rng):
        got, ext = expected_equal((da, oa), (db, ob))
        add({"kind": "equal", "a": {"data": da.hex(), "ops": oa}, "b": {"data": db.hex(), "ops": ob},
             "expect": got}, ext)
    for data, ro, ops, dst, src in copy_cases(rng):
        res, ext = expected_copy(data, ro, ops, dst, src)
        case = {"kind": "copy", "data": data.hex(), "readonly": ro, "ops": ops, "dst": dst, "src": src}
        case.update(res)
        add(case, ext)
    for data, ro, ops, idx, val in set_cases(rng):
        res, ext = expected_set(data, ro, ops, idx, val)
        case = {"kind": "set", "data": data.hex(), "readonly": ro, "ops": ops, "index": idx, "value": enc(val)}
        case.update(res)
        add(case, ext)
    return {
        "generator": "tests/vectors/gen.py",
        "seed": SEED,
        "python": "%d.%d" % sys.version_info[:2],
        "cases": cases,
    }


def dump(doc):
    return json.dumps(doc, indent=1, sort_keys=False, ensure_ascii=True) + "\n"


def main(argv):
    text = dump(build())
    if "--check" in argv:
        with open(OUT) as f:
            old = f.read()
        if old != text:
            sys.stderr.write("tests/vectors/vectors.json is not what gen.py produces: "
                             "run python3 tests/vectors/gen.py and commit the result\n")
            return 1
        print("vectors: vectors.json matches gen.py (%d cases)" % len(json.loads(text)["cases"]))
        return 0
    with open(OUT, "w") as f:
        f.write(text)
    print("vectors: wrote %s (%d cases)" % (os.path.relpath(OUT), len(json.loads(text)["cases"])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
