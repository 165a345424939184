"""The Python-level buffer protocol (PEP 688, Python 3.12+), side by side with
the builtin memoryview of the running interpreter (issue 10): MemoryView's
__buffer__(flags) / __release_buffer__(view), inspect.BufferFlags, views of
classes that define __buffer__ in Python, and subclasses of MemoryView
(which the builtin does not allow). Skipped only where the feature does not
exist (before 3.12).
"""
import array
import gc
import sys

import pytest

from memview import MemoryView

pytestmark = pytest.mark.skipif(sys.version_info < (3, 12), reason="PEP 688 is Python 3.12+")

if sys.version_info >= (3, 12):
    from inspect import BufferFlags
else:  # collected but skipped
    BufferFlags = None


def outcome(f):
    try:
        return ("ok", f())
    except Exception as e:  # noqa: BLE001 - the type is what is compared
        return ("raise", type(e))


def both(f, make=lambda: bytearray(b"abcdef")):
    """f(view) for the builtin and for MemoryView over equal fresh exporters."""
    a, b = make(), make()
    ra, rb = outcome(lambda: f(memoryview(a))), outcome(lambda: f(MemoryView(b)))
    assert bytes(memoryview(a).cast("B")) == bytes(memoryview(b).cast("B"))
    return ra, rb


def desc(m):
    return (type(m).__name__, m.format, m.itemsize, m.ndim, m.shape, m.strides, m.readonly, m.tobytes())


FLAGS = ["SIMPLE", "WRITABLE", "FORMAT", "ND", "STRIDES", "C_CONTIGUOUS", "F_CONTIGUOUS", "ANY_CONTIGUOUS",
         "INDIRECT", "CONTIG", "CONTIG_RO", "STRIDED", "STRIDED_RO", "RECORDS", "RECORDS_RO", "FULL", "FULL_RO",
         "READ", "WRITE"]


@pytest.mark.parametrize("flag", FLAGS)
@pytest.mark.parametrize("make", [lambda: bytearray(b"abcdefgh"), lambda: b"abcdefgh",
                                  lambda: array.array("i", range(6)), lambda: array.array("d", [1.5, -2.0])],
                         ids=["bytearray", "bytes", "array-i", "array-d"])
def test_dunder_buffer_with_every_flag(flag, make):
    for shape in (lambda v: v, lambda v: v[::-1], lambda v: v.cast("B")[::2]):
        ra, rb = both(lambda v: desc(shape(v).__buffer__(getattr(BufferFlags, flag))), make)
        assert ra == rb, (flag, ra, rb)


@pytest.mark.parametrize("arg", [0, -1, 2 ** 31, 2 ** 40, -2 ** 40, "x", 1.0, None, True])
def test_dunder_buffer_argument_errors(arg):
    ra, rb = both(lambda v: desc(v.__buffer__(arg)))
    assert ra == rb, (arg, ra, rb)
    with pytest.raises(TypeError):
        MemoryView(b"ab").__buffer__()


def test_export_pins_the_view_until_release_buffer():
    for V in (memoryview, MemoryView):
        b = bytearray(b"abcd")
        v = V(b)
        m = v.__buffer__(BufferFlags.FULL_RO)
        assert m.obj is v
        with pytest.raises(BufferError, match="1 exported buffer"):
            v.release()
        with pytest.raises(TypeError, match="expected a memoryview object"):
            v.__release_buffer__(b"x")
        with pytest.raises(ValueError, match="not this object"):
            v.__release_buffer__(memoryview(b"x"))
        with pytest.raises(ValueError, match="not this object"):
            V(b).__release_buffer__(m)
        v.__release_buffer__(m)
        with pytest.raises(ValueError, match="released"):
            m.tobytes()
        with pytest.raises(ValueError, match="already been released"):
            v.__release_buffer__(m)
        v.release()  # no export left
        with pytest.raises(ValueError, match="released"):
            v.__buffer__(0)
        b.append(1)  # nothing pins the bytearray any more
        assert b == bytearray(b"abcd\x01")


def test_export_released_by_the_consumer_or_the_collector():
    v = MemoryView(bytearray(4))
    m = v.__buffer__(0)
    m.release()  # the consumer's own release gives the export back
    v.release()
    v = MemoryView(bytearray(4))
    m = v.__buffer__(0)
    del m
    gc.collect()
    v.release()


def test_writes_through_the_exported_buffer():
    b = bytearray(b"abcd")
    v = MemoryView(b)
    m = v.__buffer__(BufferFlags.WRITABLE)
    m[0] = ord("z")
    assert b == bytearray(b"zbcd")
    v.__release_buffer__(m)
    with pytest.raises(BufferError, match="not writable"):
        MemoryView(b"ab").__buffer__(BufferFlags.WRITABLE)


def test_consumers_do_not_pin_the_view():
    # memoryview(v), bytes(v) and MemoryView(v) use the C slot, not
    # __buffer__: like memoryview(m) of a builtin m, v can still be released
    # (3.12+ recomputed the slot from __buffer__ before the fix).
    class Sub(MemoryView):
        pass
    for V in (memoryview, MemoryView, Sub):
        b = bytearray(b"abcd")
        v = V(b)
        m = memoryview(v)
        w = MemoryView(v)
        assert bytes(v) == b"abcd"
        v.release()
        assert m.tobytes() == w.tobytes() == b"abcd"
        m.release()
        w.release()
        b.append(1)


class PyExporter:
    """A class that exports through __buffer__ written in Python."""

    def __init__(self, data):
        self.data = bytearray(data)
        self.seen, self.released = [], []

    def __buffer__(self, flags):
        self.seen.append(flags)
        return memoryview(self.data)

    def __release_buffer__(self, view):
        self.released.append(view)
        view.release()


def test_view_of_a_python_exporter():
    for V in (memoryview, MemoryView):
        e = PyExporter(b"abcdef")
        v = V(e)
        assert e.seen == [BufferFlags.FULL_RO]
        assert (v.tobytes(), v.format, v.shape, v.readonly) == (b"abcdef", "B", (6,), False)
        assert type(v.obj).__name__ == type(memoryview(PyExporter(b"")).obj).__name__  # CPython's wrapper
        v[0] = ord("A")
        v[1:3] = b"BC"
        assert bytes(e.data) == b"ABCdef"
        assert e.released == []
        v.release()
        assert len(e.released) == 1


@pytest.mark.parametrize("bad", [lambda self, flags: b"bytes", lambda self, flags: 1,
                                 lambda self, flags: (_ for _ in ()).throw(RuntimeError("no"))])
def test_python_exporter_errors(bad):
    cls = type("Bad", (), {"__buffer__": bad})
    ra, rb = outcome(lambda: memoryview(cls())), outcome(lambda: MemoryView(cls()))
    assert ra[0] == rb[0] == "raise" and ra[1] is rb[1]


def test_subclass_of_memoryview():
    with pytest.raises(TypeError):  # the builtin's type is final
        type("Sub", (memoryview,), {})

    class Sub(MemoryView):
        pass
    s = Sub(bytearray(b"abcd"))
    assert type(s[1:]) is Sub and type(s.cast("B")) is Sub and type(s.toreadonly()) is Sub
    assert s[0] == 97 and memoryview(s).tobytes() == b"abcd"
    m = s.__buffer__(0)
    assert m.obj is s
    s.__release_buffer__(m)

    class Logged(MemoryView):
        """A subclass whose __buffer__ is Python code: consumers call it."""

        def __buffer__(self, flags):
            self.flags = flags
            return super().__buffer__(flags)
    lv = Logged(bytearray(b"xyz"))
    assert bytes(lv) == b"xyz" and lv.flags == BufferFlags.FULL_RO
    assert lv.__buffer__(BufferFlags.SIMPLE).tobytes() == b"xyz" and lv.flags == BufferFlags.SIMPLE
    assert memoryview(lv).tobytes() == b"xyz" and lv.flags == BufferFlags.FULL_RO
    w = MemoryView(lv)
    assert w.tobytes() == b"xyz" and lv.flags == BufferFlags.FULL_RO
    w.release()
    lv.release()
