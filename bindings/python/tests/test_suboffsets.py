"""PIL-style indirect exporters (suboffsets), against CPython's memoryview of
the same _testbuffer.ndarray(..., flags=ND_PIL) object."""
import itertools

import pytest

from memview import MemoryView

_testbuffer = pytest.importorskip("_testbuffer")
ndarray, ND_PIL, ND_WRITABLE = _testbuffer.ndarray, _testbuffer.ND_PIL, _testbuffer.ND_WRITABLE

CASES = [
    (list(range(12)), [3, 4], "h"),
    (list(range(6)), [6], "i"),
    (list(range(24)), [2, 3, 4], "B"),
    ([x / 4 for x in range(10)], [2, 5], "d"),
    ([x % 2 == 0 for x in range(6)], [3, 2], "?"),
    (list(range(-4, 4)), [2, 2, 2], "q"),
]


def pil(items, shape, fmt, writable=False):
    return ndarray(items, shape=shape, format=fmt, flags=ND_PIL | (ND_WRITABLE if writable else 0))


@pytest.mark.parametrize("items,shape,fmt", CASES)
def test_attributes_and_reads_match_cpython(items, shape, fmt):
    nd = pil(items, shape, fmt)
    m, v = memoryview(nd), MemoryView(nd)
    assert v.suboffsets == m.suboffsets and v.suboffsets[0] == 0
    for attr in ("format", "itemsize", "ndim", "shape", "strides", "nbytes", "readonly",
                 "c_contiguous", "f_contiguous", "contiguous"):
        assert getattr(v, attr) == getattr(m, attr), attr
    assert v.tolist() == m.tolist()
    for order in ("C", "F", "A"):
        assert v.tobytes(order) == m.tobytes(order), order
    assert v.hex() == m.hex() and v.hex(":", 2) == m.hex(":", 2)
    assert v == m and m == v and v == nd
    assert len(v) == len(m)
    for idx in itertools.product(*(range(n) for n in shape)):
        assert v[idx] == m[idx]
    assert v[::-1].tolist() == m[::-1].tolist()
    assert v[::-1].suboffsets == m[::-1].suboffsets
    if len(shape) > 1:  # sub-views (beyond CPython) follow the row pointer
        assert v[1].tolist() == m.tolist()[1]
    if len(shape) == 1:
        assert list(v) == list(m)
        assert v[::-2].tolist() == m[::-2].tolist()
        assert v[::-2].suboffsets == m[::-2].suboffsets
        assert v[1:4].tobytes() == m[1:4].tobytes()
        assert v[-1] == m[-1]


def test_writes_follow_the_pointers():
    nd = pil(list(range(12)), [3, 4], "h", writable=True)
    v = MemoryView(nd)
    v[1, 2] = -7
    assert memoryview(nd)[1, 2] == -7
    assert nd.tolist()[1][2] == -7
    with pytest.raises(ValueError):  # out of range for 'h': nothing written
        v[1, 2] = 1 << 20
    assert memoryview(nd)[1, 2] == -7
    one = pil(list(range(6)), [6], "i", writable=True)
    w = MemoryView(one)
    w[::2] = MemoryView(bytearray(b"\x09\0\0\0" * 3)).cast("i")
    assert memoryview(one).tolist() == [9, 1, 9, 3, 9, 5]
    ro = MemoryView(pil(list(range(6)), [6], "i"))
    with pytest.raises(TypeError):
        ro[0] = 1


def test_export_keeps_the_suboffsets():
    nd = pil(list(range(12)), [3, 4], "h")
    v = MemoryView(nd)
    # A handle for C is the same indirect view.
    h = MemoryView.from_handle(v.new_handle(), owned=True)
    assert h.suboffsets == (0, -1) and h.tolist() == memoryview(nd).tolist()
    h.release()
    m = memoryview(v)  # requests PyBUF_FULL_RO: gets the suboffsets
    assert m.suboffsets == (0, -1)
    assert m.tolist() == memoryview(nd).tolist()
    assert bytes(v) == memoryview(nd).tobytes()
    m.release()


def test_consumers_without_suboffsets_are_refused_as_by_cpython():
    nd = pil(list(range(12)), [3, 4], "h")
    v = MemoryView(nd)
    with pytest.raises(TypeError, match="C-contiguous"):
        v.cast("B")
    with pytest.raises(TypeError):
        memoryview(nd).cast("B")
    np = pytest.importorskip("numpy")
    with pytest.raises((BufferError, ValueError, TypeError)):
        np.frombuffer(v, dtype=np.int16)
