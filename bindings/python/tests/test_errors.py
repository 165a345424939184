"""Every error path: the builtin's exception type where it has one, a message
naming the problem, and never a crash."""
import array

import pytest

import memview
from memview import MemoryView, lib


def both(obj):
    return [memoryview(obj), MemoryView(obj)]


def raises_like_builtin(fn, obj, exc, match=None):
    """fn must raise exc for the builtin and for MemoryView alike."""
    for v in both(obj):
        with pytest.raises(exc, match=match):
            fn(v)


def test_construction_errors():
    for bad in (5, "text", None, [1, 2], 1.5):
        with pytest.raises(TypeError):
            memoryview(bad)
        with pytest.raises(TypeError):
            MemoryView(bad)
    with pytest.raises(TypeError):
        MemoryView()


def test_unsupported_exporter_format_is_named():
    np = pytest.importorskip("numpy")
    with pytest.raises(NotImplementedError, match="Zd|format"):
        MemoryView(np.zeros(2, dtype=complex))


def test_index_errors():
    raises_like_builtin(lambda v: v[13], b"Hello, world!", IndexError, "out of bounds")
    raises_like_builtin(lambda v: v[-14], b"Hello, world!", IndexError, "out of bounds")
    raises_like_builtin(lambda v: v[1 << 70], b"abc", IndexError)
    v = MemoryView(bytearray(24)).cast("B", [2, 3, 4])
    with pytest.raises(IndexError, match="dimension 2"):
        v[0, 3, 0]
    with pytest.raises(IndexError):
        v[2]
    with pytest.raises(IndexError):
        v[0, 0, 4] = 1


def test_bad_keys():
    raises_like_builtin(lambda v: v["a"], b"abc", TypeError, "invalid slice key")
    raises_like_builtin(lambda v: v[1.0], b"abc", TypeError, "invalid slice key")
    raises_like_builtin(lambda v: v[0, 0], b"abc", TypeError, "cannot index 1-dimension view")
    raises_like_builtin(lambda v: v[::0], b"abc", ValueError, "step")
    raises_like_builtin(lambda v: v[slice(0, 1), 0], b"abc", TypeError)
    raises_like_builtin(lambda v: v["a":], b"abc", TypeError, "slice indices")
    zero = [memoryview(b"abcd").cast("i", []), MemoryView(b"abcd").cast("i", [])]
    for z in zero:
        with pytest.raises(TypeError, match="0-dim"):
            z[0]
        with pytest.raises(TypeError, match="0-dim"):
            z[0:1]


def test_readonly_writes():
    raises_like_builtin(lambda v: v.__setitem__(0, 1), b"abc", TypeError, "read-only")
    raises_like_builtin(lambda v: v.__setitem__(slice(0, 1), b"x"), b"abc", TypeError, "read-only")
    with pytest.raises(TypeError, match="read-only"):
        MemoryView(b"abcd").cast("B", [2, 2])[0, 0] = 1


def test_bad_values():
    raises_like_builtin(lambda v: v.__setitem__(0, 256), bytearray(3), ValueError, "invalid value")
    raises_like_builtin(lambda v: v.__setitem__(0, -1), bytearray(3), ValueError, "invalid value")
    raises_like_builtin(lambda v: v.__setitem__(0, 1.5), bytearray(3), TypeError, "invalid type")
    raises_like_builtin(lambda v: v.__setitem__(0, "x"), bytearray(3), TypeError, "invalid type")
    raises_like_builtin(lambda v: v.__setitem__(0, None), bytearray(3), TypeError, "invalid type")
    f = [memoryview(bytearray(8)).cast("f"), MemoryView(bytearray(8)).cast("f")]
    for v in f:
        with pytest.raises(TypeError, match="invalid type"):
            v[0] = "x"
        v[1] = 1e300  # stores inf, as the builtin does
        assert v[1] == float("inf")
    c = [memoryview(bytearray(3)).cast("c"), MemoryView(bytearray(3)).cast("c")]
    for v in c:
        with pytest.raises(ValueError):
            v[0] = b"ab"
    r = MemoryView(bytearray(6)).cast("<hI")
    with pytest.raises((TypeError, ValueError)):
        r[0] = (1,)  # wrong number of fields
    with pytest.raises(ValueError, match="invalid value"):
        MemoryView(bytearray(8)).cast("<q")[0] = 1 << 64


def test_slice_assignment_errors():
    raises_like_builtin(lambda v: v.__setitem__(slice(0, 2), b"a"), bytearray(3), ValueError,
                        "different structures")
    raises_like_builtin(lambda v: v.__setitem__(slice(0, 2), 5), bytearray(3), TypeError,
                        "bytes-like")
    raises_like_builtin(lambda v: v.__delitem__(0), bytearray(3), TypeError, "cannot delete")
    with pytest.raises(ValueError, match="different structures"):
        MemoryView(bytearray(8)).cast("i")[0:2] = array.array("h", [1, 2, 3, 4])


def test_cast_errors():
    raises_like_builtin(lambda v: v.cast(1), b"abcd", TypeError)
    raises_like_builtin(lambda v: v.cast("B", 5), b"abcd", TypeError, "list or a tuple")
    raises_like_builtin(lambda v: v.cast("B", ["a"]), b"abcd", TypeError, "integers")
    raises_like_builtin(lambda v: v.cast("B", [0, 4]), b"abcd", ValueError, "> 0")
    raises_like_builtin(lambda v: v.cast("i", [3]), b"abcd", TypeError, "product")
    raises_like_builtin(lambda v: v.cast("i"), b"abcde", TypeError, "multiple of itemsize")
    raises_like_builtin(lambda v: v[::2].cast("h"), b"abcd", TypeError, "C-contiguous")
    raises_like_builtin(lambda v: v.cast("B", [1] * 65), b"a", ValueError, "64")
    v = MemoryView(b"abcd")
    for bad in ("w", "Z", "ii!", "3", "", "<", "T{i}", "é"):
        with pytest.raises(ValueError):
            v.cast(bad)
    # The builtin reads the format as a C string, up to a NUL.
    assert v.cast("B\0").format == memoryview(b"abcd").cast("B\0").format == "B"
    with pytest.raises(IndexError, match="past the end"):
        v.cast("B", offset=5)
    with pytest.raises(ValueError, match="offset"):
        v.cast("B", offset=-1)
    with pytest.raises(TypeError):
        v.cast("B", offset="1")


def test_method_argument_errors():
    raises_like_builtin(lambda v: v.tobytes("X"), b"ab", ValueError, "order")
    raises_like_builtin(lambda v: v.hex("ab"), b"ab", ValueError, "length 1")
    raises_like_builtin(lambda v: v.hex("é"), b"ab", ValueError, "ASCII")
    raises_like_builtin(lambda v: v.hex(1), b"ab", TypeError)
    with pytest.raises(TypeError):
        MemoryView(b"ab").hex(":", "x")


def test_hash_errors():
    raises_like_builtin(hash, bytearray(b"ab"), ValueError, "writable")
    raises_like_builtin(lambda v: hash(v.cast("h")), b"ab", ValueError, "restricted")


def test_exports_do_not_block_release():
    # As memoryview(m) of a builtin m: the export keeps the memory, the view
    # can be released (the builtin's behaviour, checked side by side).
    for cls in (memoryview, MemoryView):
        ba = bytearray(4)
        v = cls(ba)
        m = memoryview(v)
        v.release()
        m[0] = 7
        assert ba[0] == 7
        with pytest.raises(BufferError):
            ba.append(1)  # still exported through m
        m.release()
        ba.append(1)


def test_buffer_requests_refused_like_builtin():
    import ctypes
    import io
    raises_like_builtin(lambda v: io.BytesIO(b"xx").readinto(v), b"abcd", TypeError,
                        "read-write")
    for v in (memoryview(bytearray(8))[::2], MemoryView(bytearray(8))[::2]):
        with pytest.raises(TypeError, match="C contiguous|C-contiguous|contiguous"):
            (ctypes.c_char * 4).from_buffer(v)


def test_handle_errors():
    with pytest.raises(ValueError, match="handle"):
        MemoryView.from_handle(0, owned=True)
    with pytest.raises(ValueError, match="handle"):
        MemoryView.from_handle(memview.ffi.NULL, owned=False)
    v = MemoryView(b"ab")
    v.release()
    with pytest.raises(ValueError, match="released"):
        v.handle
    with pytest.raises(ValueError, match="released"):
        v.new_handle()


def test_error_type_table():
    assert memview.error_type(lib.MV_EINDEX, "index") is IndexError
    assert memview.error_type(lib.MV_EREADONLY, "setitem") is TypeError
    assert memview.error_type(lib.MV_ELAYOUT, "cast") is TypeError
    assert memview.error_type(lib.MV_ELAYOUT, "assignment") is ValueError
    assert memview.error_type(lib.MV_ENOMEM, "slice") is MemoryError
    assert memview.error_type(-99, "x") is SystemError


def test_hostile_sizes_and_values():
    v = MemoryView(bytearray(16))
    for shape in ([1 << 62, 1 << 62], [1 << 40] * 3, [(1 << 63) - 1]):
        with pytest.raises((ValueError, TypeError)):
            v.cast("B", shape)
    with pytest.raises((ValueError, OverflowError)):
        v.cast("B", [1 << 70])
    with pytest.raises((OverflowError, IndexError)):
        v.cast("B", offset=1 << 70)
    assert v[-(1 << 70):1 << 70:1 << 70].tolist() == [0]  # clamped, as the builtin
    assert memoryview(bytearray(16))[-(1 << 70):1 << 70:1 << 70].tolist() == [0]
    with pytest.raises(OverflowError):
        v.hex(":", 1 << 40)
    with pytest.raises(OverflowError):
        memoryview(bytearray(16)).hex(":", 1 << 40)
    w = v.cast("<q")
    for bad in (1 << 64, -(1 << 64), 1 << 200):
        with pytest.raises(ValueError):
            w[0] = bad
    with pytest.raises(TypeError):
        w[0] = object()
    with pytest.raises(TypeError):
        v[0] = b"\x01"  # bytes into an integer field
    big = MemoryView(bytearray(8)).cast("d")
    big[0] = 1e308
    with pytest.raises((OverflowError, ValueError, TypeError)):
        big[0] = 1 << 2000  # an int too large for a double
    with pytest.raises(TypeError):
        v.tobytes_into(object())
    np = pytest.importorskip("numpy")
    with pytest.raises(TypeError):
        v.tobytes_into(np.zeros(32, dtype=np.uint8)[::2])  # not contiguous
