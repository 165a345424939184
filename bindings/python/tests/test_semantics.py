"""MemoryView against the builtin memoryview, side by side, on the same data."""
import array
import gc
import struct
import sys
import weakref

import pytest

from memview import MemoryView

NATIVE = "bBhHiIlLqQnNfdP?c"  # what the builtin's cast accepts ('e' is tested against struct)


def pair(obj):
    return memoryview(obj), MemoryView(obj)


def same_layout(m, v):
    assert (v.format, v.itemsize, v.ndim, v.shape, v.strides, v.suboffsets, v.readonly,
            v.nbytes, v.c_contiguous, v.f_contiguous, v.contiguous) == \
        (m.format, m.itemsize, m.ndim, m.shape, m.strides, m.suboffsets, m.readonly,
         m.nbytes, m.c_contiguous, m.f_contiguous, m.contiguous)
    if m.ndim or sys.version_info < (3, 12):  # len() of a 0-d view raises from 3.12
        assert len(v) == len(m)


def test_short_slice_strides_match_builtin():
    a = array.array("d", [1, 2, 3, 4])
    for sl in (slice(-2, 1, -1), slice(3, None, -5), slice(0, 1, 3), slice(0, 0, -1)):
        same_layout(memoryview(a)[sl], MemoryView(a)[sl])


SOURCES = [
    lambda: b"Hello, world!",
    lambda: bytearray(b"Hello, world!"),
    lambda: array.array("i", range(-5, 7)),
    lambda: array.array("d", [0.5, -1.25, 3.0, float("inf")]),
    lambda: array.array("f", [1.5, 2.718, 3.14159]),
    lambda: array.array("H", [1, 65535, 3]),
    lambda: array.array("b", []),
]


@pytest.mark.parametrize("make", SOURCES)
def test_layout_and_readout(make):
    obj = make()
    m, v = pair(obj)
    same_layout(m, v)
    assert v.tobytes() == m.tobytes()
    assert v.tolist() == m.tolist()
    assert v.hex() == m.hex()
    assert list(v) == list(m)
    assert list(reversed(v)) == list(reversed(m))
    assert v == m and m == v and not (v != m)
    assert v.obj is obj
    for i in range(-len(m), len(m)):
        assert v[i] == m[i]
    for sl in [slice(None), slice(1, None), slice(None, -1), slice(None, None, 2),
               slice(None, None, -1), slice(-2, 1, -1), slice(5, 2), slice(-100, 100, 3)]:
        ms, vs = m[sl], v[sl]
        same_layout(ms, vs)
        assert vs.tolist() == ms.tolist()
        assert vs.tobytes() == ms.tobytes()
        assert vs == ms


def test_contains_and_iter():
    m, v = pair(array.array("i", [3, 1, 4, 1, 5]))
    assert (4 in v) and (9 not in v)
    assert list(iter(v)) == list(m)


@pytest.mark.parametrize("fmt", list(NATIVE))
def test_native_formats_cast_roundtrip(fmt):
    size = struct.calcsize(fmt)
    raw = bytes((b * 7 + 3) % 256 for b in range(24 * size))
    if fmt == "?":
        raw = bytes(b % 2 for b in raw)
    m, v = pair(raw)
    mc, vc = m.cast(fmt), v.cast(fmt)
    same_layout(mc, vc)
    ml, vl = mc.tolist(), vc.tolist()
    if fmt in "fd":
        assert struct.pack("%d%s" % (len(ml), fmt), *ml) == struct.pack("%d%s" % (len(vl), fmt), *vl)
    else:
        assert vl == ml
    assert vc.cast("B").tobytes() == raw
    for i in (0, 5, -1):
        a, b = mc[i], vc[i]
        assert a == b or (a != a and b != b)


def test_multidim_cast_and_index():
    data = bytearray(range(24))
    m, v = pair(data)
    mc, vc = m.cast("B", (2, 3, 4)), v.cast("B", (2, 3, 4))
    same_layout(mc, vc)
    assert vc.tolist() == mc.tolist()
    assert vc[1, 2, 3] == mc[1, 2, 3] == 23
    assert vc[-1, -1, -1] == mc[-1, -1, -1]
    vc[0, 1, 2] = 99
    assert data[6] == 99
    back_m, back_v = mc.cast("B"), vc.cast("B")
    same_layout(back_m, back_v)
    assert vc.tobytes(order="F") == mc.tobytes(order="F")
    assert vc.tobytes(order="A") == mc.tobytes(order="A")


def test_zero_dim():
    m, v = pair(struct.pack("i", -7))
    m0, v0 = m.cast("i", []), v.cast("i", [])
    same_layout(m0, v0)
    assert v0[()] == m0[()] == -7
    assert v0.tolist() == m0.tolist() == -7
    assert v0[...] == m0[...]
    assert v0.tobytes() == m0.tobytes()


def test_setitem_and_slice_assignment():
    a, b = bytearray(b"abcdefgh"), bytearray(b"abcdefgh")
    m, v = memoryview(a), MemoryView(b)
    m[0] = v[0] = ord("X")
    m[2:4] = v[2:4] = b"YZ"
    m[::3] = v[::3] = b"123"
    m[1:4] = m[0:3]
    v[1:4] = v[0:3]  # overlapping, as memmove
    assert a == b
    m[-1] = v[-1] = 0
    assert a == b


def test_writes_show_in_source_and_source_in_view():
    ba = bytearray(b"Hello, world!")
    v = MemoryView(ba)
    v[0] = ord("J")
    assert ba == bytearray(b"Jello, world!")
    ba[1] = ord("E")
    assert v[1] == ord("E")
    f = array.array("f", [0.0, 0.0])
    MemoryView(f)[1] = 2.5
    assert f[1] == 2.5


def test_compare_across_formats_and_exporters():
    ints = array.array("i", [1, 2, 3])
    doubles = array.array("d", [1.0, 2.0, 3.0])
    assert MemoryView(ints) == MemoryView(doubles) == memoryview(doubles)
    assert MemoryView(ints) == doubles
    assert MemoryView(ints) != array.array("i", [1, 2, 4])
    assert MemoryView(ints) != MemoryView(ints)[:2]
    nan = array.array("d", [float("nan")])
    assert MemoryView(nan) != MemoryView(nan)
    assert memoryview(nan) != memoryview(nan)
    assert (MemoryView(b"a") == "a") is False
    assert (MemoryView(b"a") == 1) is False


def test_hash():
    assert hash(MemoryView(b"abc")) == hash(b"abc") == hash(memoryview(b"abc"))
    assert hash(MemoryView(b"abcdef")[::2]) == hash(b"ace")
    with pytest.raises(ValueError, match="writable"):
        hash(MemoryView(bytearray(b"abc")))
    with pytest.raises(ValueError, match="restricted"):
        hash(MemoryView(b"abcd").cast("i"))
    # As the builtin, the exporter is hashed first: a bytearray is not hashable.
    with pytest.raises(TypeError, match="unhashable"):
        hash(memoryview(bytearray(b"abc")).toreadonly())
    with pytest.raises(TypeError, match="unhashable"):
        hash(MemoryView(bytearray(b"abc")).toreadonly())


def test_toreadonly():
    ba = bytearray(b"abc")
    r = MemoryView(ba).toreadonly()
    assert r.readonly and r.obj is ba
    with pytest.raises(TypeError, match="read-only"):
        r[0] = 1
    with pytest.raises(TypeError, match="read-only"):
        r[0:1] = b"x"


def test_release_and_context_manager():
    ba = bytearray(b"abc")
    with MemoryView(ba) as v:
        assert v[0] == 97
    for op in (lambda: v[0], lambda: v.tobytes(), lambda: v.tolist(), lambda: v.hex(),
               lambda: v.format, lambda: v.shape, lambda: len(v), lambda: v.obj,
               lambda: v.cast("B"), lambda: v[0:1], lambda: bytes(v), lambda: v.nbytes,
               lambda: v.toreadonly(), lambda: v.tobytes_into(bytearray(3))):
        with pytest.raises(ValueError, match="released"):
            op()
    v.release()  # idempotent
    assert "released" in repr(v)
    ba.append(1)  # the exporter is unlocked again


def test_release_with_a_memoryview_of_it_alive():
    for cls in (memoryview, MemoryView):
        v = cls(bytearray(b"abc"))
        m = memoryview(v)
        v.release()
        assert m.tobytes() == b"abc"
        with pytest.raises(ValueError, match="released"):
            memoryview(v)


def test_view_keeps_exporter_alive_and_locked():
    ba = bytearray(b"abc")
    v = MemoryView(ba)
    with pytest.raises(BufferError):
        ba.append(1)  # resizing an exported bytearray is refused, as with memoryview
    r = weakref.ref(v)
    del ba
    gc.collect()
    assert v.tobytes() == b"abc"
    del v
    assert r() is None


def test_view_of_view_reports_original_obj():
    ba = bytearray(b"abc")
    assert MemoryView(MemoryView(ba)).obj is ba
    assert MemoryView(memoryview(ba)).obj is ba
    assert MemoryView(ba)[1:].obj is ba


def test_weakref_and_pickle():
    v = MemoryView(b"abc")
    assert weakref.ref(v)() is v
    import pickle
    with pytest.raises(TypeError):
        pickle.dumps(v)


def test_instances_keep_their_state_natively():
    # issue 14: no __dict__ per view; the layout cache, hash and weak
    # references live in the native struct and the layout cache goes on release.
    v = MemoryView(b"abcd")
    assert not hasattr(v, "__dict__")
    with pytest.raises(AttributeError):
        v.anything = 1
    assert v._lay() is v._lay()
    h = hash(v.toreadonly())
    assert h == hash(b"abcd")
    w = MemoryView(b"ab")
    hw = hash(w)
    w.release()
    assert hash(w) == hw  # as the builtin: a hash computed before release is kept
    with pytest.raises(ValueError):
        w._lay()
    with pytest.raises(ValueError):
        len(w)


def test_subclasses_with_state_and_finalizers():
    log = []

    class WithDict(MemoryView):
        pass

    class WithSlots(MemoryView):
        __slots__ = ("tag",)

    class WithDel(MemoryView):
        __slots__ = ()

        def __del__(self):
            log.append("del")

    class Init(MemoryView):
        def __new__(cls, obj, tag=None):
            return super().__new__(cls, obj)

        def __init__(self, obj, tag=None):
            self.tag = tag

    a = WithDict(b"xy")
    a.tag = [a]  # a cycle through the instance dict
    r = weakref.ref(a)
    del a
    gc.collect()
    assert r() is None
    s = WithSlots(b"xy")
    s.tag = s
    r = weakref.ref(s)
    del s
    gc.collect()
    assert r() is None
    d = WithDel(b"z")
    t = d[:]
    assert len(d) == 1 and isinstance(t, WithDel)
    del t
    assert log == ["del"]
    del d
    assert log == ["del", "del"]
    i = Init(b"abc", tag=5)
    assert i.tag == 5 and len(i) == 3 and isinstance(i.cast("B"), Init)
    assert MemoryView(object=b"ab").tolist() == [97, 98]
    with pytest.raises(TypeError):
        MemoryView()
    with pytest.raises(TypeError):
        MemoryView(b"a", b"b")


def test_cast_format_is_read_as_a_c_string():
    v = MemoryView(b"abcd")
    assert v.cast("B\x00x").format == "B"
    with pytest.raises(UnicodeEncodeError):
        v.cast("\xe9")
    assert v.cast("f")[0] == memoryview(b"abcd").cast("f")[0]


def test_repr_is_useful():
    r = repr(MemoryView(b"abcd").cast("<i"))
    assert "'<i'" in r and "(1,)" in r and "readonly" in r


def test_len_of_zero_dim_is_one_like_builtin():
    # 1 up to 3.11; TypeError from 3.12: memview follows the running interpreter.
    if sys.version_info < (3, 12):
        assert len(MemoryView(b"abcd").cast("i", [])) == len(memoryview(b"abcd").cast("i", [])) == 1
    else:
        for cls in (memoryview, MemoryView):
            with pytest.raises(TypeError, match="0-dim"):
                len(cls(b"abcd").cast("i", []))


def test_refcount_of_exporter_restored():
    ba = bytearray(b"abc")
    before = sys.getrefcount(ba)
    v = MemoryView(ba)
    w = v[1:].cast("c")
    assert sys.getrefcount(ba) > before
    del v, w
    assert sys.getrefcount(ba) == before


def test_half_float_against_struct():
    raw = struct.pack("<5e", 1.5, -2.0, 65504.0, 0.0, 1e-3)
    v = MemoryView(raw).cast("<e")
    assert v.tolist() == list(struct.unpack("<5e", raw))
    assert v[2] == 65504.0
