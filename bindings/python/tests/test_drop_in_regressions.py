"""Regression cases of issue 10 (a drop-in that never crashes and never
writes on a rejected operation), each checked against the builtin memoryview
of the running interpreter. Every bug found by the randomized differential
(test_drop_in_differential.py) gets its reproducer here.
"""
import array
import ctypes
import gc
import subprocess
import sys
import textwrap

import pytest

from memview import MemoryView


def outcome(f):
    """(result, None) or (None, exception type) of f()."""
    try:
        return f(), None
    except Exception as e:  # noqa: BLE001 - the type is what is compared
        return None, type(e)


def same(f, exporter_factory=lambda: bytearray(b"ababcf")):
    """Run f(view) on the builtin and on MemoryView over equal fresh
    exporters; the exception types and the exporters' bytes must agree."""
    a, b = exporter_factory(), exporter_factory()
    ra, ea = outcome(lambda: f(memoryview(a)))
    rb, eb = outcome(lambda: f(MemoryView(b)))
    assert eb is ea, (ea, eb)
    assert bytes(memoryview(b).cast("B")) == bytes(memoryview(a).cast("B"))
    return ra, rb


# ---- 1. garbage collection and interpreter exit -------------------------

GC_CYCLE = """
import gc, sys
from memview import MemoryView
for i in range(300):
    b = bytearray(b'abcdefgh')
    m = memoryview(b)[::2]
    v = MemoryView(m)
    e = memoryview(v)            # an export of v held alive
    w = v[1:]
    cyc = [m, v, e, w]
    cyc.append(cyc)
    try:
        raise ValueError
    except ValueError as ex:     # a traceback frame in the cycle
        cyc.append(ex)
    del b, m, v, e, w, cyc
    gc.collect()
# interpreter exit with live views in a cycle
b = bytearray(16)
m = memoryview(b)
keep = [MemoryView(m), memoryview(MemoryView(m[2:]))]
keep.append(keep)
print("ok")
"""


def test_gc_cycle_through_builtin_memoryview_source_does_not_crash():
    # Crashed (SIGSEGV) in memory_dealloc of the cleared builtin memoryview:
    # the view exported from it, and the collector cleared it first.
    r = subprocess.run([sys.executable, "-c", GC_CYCLE], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "ok"
    assert "Exception ignored" not in r.stderr, r.stderr


def test_builtin_memoryview_source_is_not_pinned():
    # As memoryview(m): the source memoryview can be released while views of
    # it live (they share its managed buffer, the bytearray stays exported).
    b = bytearray(b"abcd")
    m = memoryview(b)
    v = MemoryView(m)
    m.release()
    assert v.tolist() == [97, 98, 99, 100]
    with pytest.raises(BufferError):
        b.append(1)
    v.release()
    b.append(1)
    released = memoryview(b)
    released.release()
    with pytest.raises(ValueError):
        MemoryView(released)


def test_cycle_with_source_memoryview_is_collected():
    class Box:
        pass
    box = Box()
    box.m = memoryview(bytearray(64))
    box.v = MemoryView(box.m)
    box.e = memoryview(box.v)
    box.self = box
    import weakref
    r = weakref.ref(box)
    del box
    gc.collect()
    assert r() is None


# ---- 2. a rejected assignment writes nothing ----------------------------

@pytest.mark.parametrize("key,value", [
    ((0,), bytearray(b"a")),       # TypeError: 'B' takes ints
    (1, 2 ** 64),                  # ValueError, was writing 0
    (0, -1),
    (0, 256),
    (0, 1.5),
    (6, 1),                        # IndexError before the value is converted
    (slice(0, 2), b"abc"),         # different structures
])
def test_rejected_item_assignment_writes_nothing(key, value):
    def f(v):
        v[key] = value
    same(f)


class Boom:
    def __index__(self):
        raise RuntimeError("boom")

    __float__ = __bool__ = __index__


INT_BAD = (2 ** 70, -2 ** 70, "x", b"ab", None, 1.5, Boom())
FLOAT_BAD = ("x", b"ab", None, 2 ** 2000, Boom())


@pytest.mark.parametrize("fmt,bad", [
    ("<i", INT_BAD), (">b", INT_BAD), ("!Q", INT_BAD + (-1,)), ("<h", INT_BAD), (">q", INT_BAD),
    (">f", FLOAT_BAD), ("=d", FLOAT_BAD), (">e", FLOAT_BAD + (1e300, 65520.0)), ("<?", (Boom(),)),
    ("<c", (b"ab", b"", "a", 97, bytearray(b"a"))),
])
def test_byte_order_casts_write_nothing_on_error(fmt, bad):
    data = bytearray(b"\x11" * 16)
    v = MemoryView(data).cast(fmt)
    for x in bad:
        with pytest.raises((ValueError, TypeError, RuntimeError)):
            v[0] = x
        with pytest.raises((ValueError, TypeError, RuntimeError)):
            v[-1] = x
        assert data == bytearray(b"\x11" * 16), (fmt, x)


def test_record_assignment_is_all_or_nothing():
    data = bytearray(8)
    v = MemoryView(data).cast("<ii")
    with pytest.raises(ValueError):
        v[0] = (1, 2 ** 40)
    assert data == bytearray(8)
    v[0] = (1, 2)
    assert data == bytearray(b"\x01\0\0\0\x02\0\0\0")


def test_release_during_value_conversion_writes_nothing():
    data = bytearray(b"\xff" * 8)
    v = MemoryView(data)

    class Rel:
        def __index__(self):
            v.release()
            return 1
    with pytest.raises(ValueError, match="released"):
        v[0] = Rel()
    assert data == bytearray(b"\xff" * 8)


# ---- 3. exception types of the builtin ---------------------------------

@pytest.mark.parametrize("f", [
    lambda v: v.tobytes(order=1),
    lambda v: v.tobytes(b"C"),
    lambda v: v.tobytes("X"),
    lambda v: v.hex(None, 2),
    lambda v: v.hex(None),
    lambda v: v.hex(":", 2 ** 40),
    lambda v: v.hex(":", 1.0),
    lambda v: v.hex("ab"),
    lambda v: v.hex([1]),
    lambda v: v.hex("\xe9"),
    lambda v: v.cast("B", [2 ** 70]),
    lambda v: v.cast("B", [2.0, 3]),
    lambda v: v[2 ** 70],
    lambda v: v[-2 ** 70],
    lambda v: v[...],
    lambda v: v.__setitem__(Ellipsis, b"ababcf"),
    lambda v: v[0:0].cast("B", [1]),
    lambda v: v.cast("B", [2, 3])[0:0].cast("B"),
    lambda v: hash(v.toreadonly()),
])
def test_exception_types(f):
    same(f)


def test_del_on_released_view_is_released_error():
    for cls in (memoryview, MemoryView):
        v = cls(bytearray(2))
        v.release()
        with pytest.raises(ValueError, match="released"):
            del v[0]


def test_len_of_0dim_follows_the_interpreter():
    same(lambda v: len(v), lambda: ctypes.c_int(5))


# ---- 4. wrong results ---------------------------------------------------

class Idx:
    def __init__(self, i):
        self.i = i

    def __index__(self):
        return self.i


@pytest.mark.parametrize("sl", [slice(Idx(-2), None, -1), slice(-2, None, -1), slice(None, Idx(-5), -1),
                                slice(Idx(2 ** 80), None, Idx(-1)), slice(Idx(-2 ** 80), Idx(3), None)])
def test_one_slice_normaliser(sl):
    data = bytes(range(5))
    expect = list(data[sl])  # bytes slicing takes __index__ objects too
    assert MemoryView(data)[sl].tolist() == expect
    assert MemoryView(data)[sl, ].tolist() == expect
    assert MemoryView(bytes(1))[Idx(-2)::-1, ].shape == (0,)


def test_cast_without_shape_is_1d():
    v = MemoryView(bytearray(24)).cast("B", [2, 3, 4])
    assert v.cast("B").shape == (24,)
    with pytest.raises(TypeError, match="C-contiguous"):
        v[:, ::2].cast("B")


# ---- 5. assignment between different structures ------------------------

def test_different_structures_refused():
    # N-d regions: the builtin's NotImplementedError (memview assigns only
    # regions of the same structure there).
    same(lambda v: v.cast("B", (2, 3)).__setitem__(slice(None), bytearray(6)))
    same(lambda v: v.cast("B", (2, 3)).__setitem__(0, bytearray(4)))
    same(lambda v: v.cast("B", (2, 3)).__setitem__((slice(None), slice(None)), bytearray(6)))
    same(lambda v: v.__setitem__(slice(0, 2), array.array("b", [1, 2])))   # 'B' <- 'b'
    same(lambda v: v.__setitem__(slice(0, 2), memoryview(bytearray(2)).cast("c")))
    data = bytearray(20 * 2 * 23)
    v = MemoryView(data).cast("B", (20, 2, 23))
    with pytest.raises(NotImplementedError, match="different structures"):
        v[:] = bytearray(920)
    assert data == bytearray(920)


# ---- 6. array.array('u') (and 'w' from 3.13): text items -------------------
# The builtin views them (format 'w', itemsize 4) and refuses every item
# conversion with NotImplementedError, after the index (single 'w') or before
# the key (NumPy's '1w', '<2w': its adjust_fmt). memview: the core's text kind.

TEXT_TYPECODES = ["u"] + (["w"] if sys.version_info >= (3, 13) else [])


def _text_ops():
    return [
        lambda v: (v.format, v.itemsize, len(v), v.shape, v.strides, v.nbytes, v.readonly),
        lambda v: (v.tobytes(), v.tobytes("F"), v.hex(), v.hex(":", 2), bytes(v)),
        lambda v: v.tolist(), lambda v: v[0], lambda v: v[-1], lambda v: v[3], lambda v: v[-4],
        lambda v: v[0, ], lambda v: v[0, 0], lambda v: v[2 ** 70], lambda v: v["a"],
        lambda v: v[::-1].tobytes(), lambda v: v[1:].format, lambda v: list(v), lambda v: "a" in v,
        lambda v: list(reversed(v)), lambda v: v == v, lambda v: v != v, lambda v: v == v.obj,
        lambda v: v == memoryview(b"a\0\0\0b\0\0\0c\0\0\0").cast("I"), lambda v: hash(v),
        lambda v: hash(v.toreadonly()), lambda v: v.toreadonly()[0],
        lambda v: v.toreadonly().__setitem__(0, "x"), lambda v: v.cast("B").tolist(),
        lambda v: v.cast("c").tobytes(), lambda v: v.cast("B", [3, 4]).shape, lambda v: v.cast("w"),
        lambda v: v.cast("u"), lambda v: v.cast("B").cast("w"),
        lambda v: v.cast("B").cast("w", [3]), lambda v: memoryview(v).format,
        lambda v: v.__setitem__(0, "x"), lambda v: v.__setitem__(0, 1), lambda v: v.__setitem__(0, None),
        lambda v: v.__setitem__(3, "x"), lambda v: v.__setitem__((0,), "x"),
        lambda v: v.__setitem__(slice(0, 1), v[1:2]), lambda v: v.__setitem__(slice(0, 1), b"abcd"),
        lambda v: v.__setitem__(slice(0, 1), array.array("I", [65])),
        lambda v: v.__setitem__(slice(None), v[::-1]), lambda v: v.__delitem__(0),
    ]


@pytest.mark.parametrize("tc", TEXT_TYPECODES)
@pytest.mark.parametrize("k", range(len(_text_ops())))
def test_array_u_is_viewed_as_the_builtin_views_it(tc, k):
    f = _text_ops()[k]
    ra, rb = same(f, lambda: array.array(tc, "abc"))
    if isinstance(ra, memoryview):
        ra = ra.tobytes()
    if isinstance(rb, MemoryView):
        rb = rb.tobytes()
    assert ra == rb


@pytest.mark.parametrize("tc", TEXT_TYPECODES)
def test_array_u_items_are_refused_with_the_builtins_type(tc):
    v = MemoryView(array.array(tc, "abc"))
    with pytest.raises(NotImplementedError, match="format w not supported"):
        v[0]
    with pytest.raises(IndexError):  # the index first, as the builtin
        v[3]
    assert MemoryView(array.array(tc)).tolist() == [] == memoryview(array.array(tc)).tolist()
    assert v != v and not (v == v)  # the builtin cannot unpack 'w': never equal


def test_array_u_rejected_writes_change_nothing():
    a = array.array("u", "abc")
    v = MemoryView(a)
    for key, value in [(0, "x"), (1, 120), (2, b"x\0\0\0"), ((0,), "x"), (slice(0, 1), b"x\0\0\0"),
                       (slice(0, 1), array.array("I", [120])), (5, "x")]:
        with pytest.raises((NotImplementedError, ValueError, IndexError, TypeError)):
            v[key] = value
        assert a.tounicode() == "abc"
    v[0:1] = MemoryView(array.array("u", "z"))  # same format and shape: bytes copied
    assert a.tounicode() == "zbc"


try:
    import numpy as _np
except ImportError:  # NumPy is optional
    _np = None


@pytest.mark.skipif(_np is None, reason="needs NumPy")
@pytest.mark.parametrize("dt", ["<U1", "<U3", ">U2"])
def test_numpy_text_is_refused_before_the_key(dt):
    # NumPy exports '1w', '3w', '>2w': the builtin's adjust_fmt refuses
    # every item before looking at the key, and tolist() even without items.
    def make():
        return _np.array(["ab", "c", "d", "e"], dtype=dt).reshape(2, 2)
    for f in [lambda v: v[0], lambda v: v[9], lambda v: v[0, 0], lambda v: v[0, 0, 0], lambda v: v[()],
              lambda v: v.tolist(), lambda v: v[0:0].tolist(), lambda v: list(v[0]), lambda v: list(v[0:0, 0]),
              lambda v: v.__setitem__((0, 0), "x"), lambda v: v.toreadonly().__setitem__(9, "x"),
              lambda v: v.__setitem__(slice(0, 1), v[1:2]), lambda v: v == v, lambda v: v.tobytes(),
              lambda v: v[::-1].shape, lambda v: v.cast("B").shape, lambda v: hash(v.toreadonly())]:
        ra, rb = same(f, make)
        if not isinstance(ra, memoryview):
            assert ra == rb
    v = MemoryView(make())
    assert _np.asarray(v).tolist() == make().tolist()  # the export keeps the format
    assert v.__array_interface__["typestr"] == _np.dtype(dt).str


def test_bool_items_compare_by_value():
    # CPython reads '?' items as C _Bool (undefined for other bytes than 0
    # and 1; GCC's build compares the bytes, so two views that both list as
    # [True, True] compare unequal). memview follows the documentation:
    # equal when the values struct unpacks are equal (differential seed 398026).
    a, b = bytearray(b"\x42\x48"), bytearray(b"\x48\x42")
    v, w = MemoryView(a).cast("?"), MemoryView(b).cast("?")
    assert v.tolist() == w.tolist() == [True, True]
    assert v == w and not (v != w)
    assert v[::-1] == v
    assert v == memoryview(b"\x01\x01").cast("?")
    assert v != MemoryView(bytearray(b"\x42\x00")).cast("?")
    assert (v == w) == (memoryview(a).cast("?").tolist() == memoryview(b).cast("?").tolist())
    assert bytes(a) == b"\x42\x48" and bytes(b) == b"\x48\x42"
