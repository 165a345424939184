"""Zero-copy hand-off to Arrow and DLPack consumers and back (issue 11):
numpy.from_dlpack, pyarrow.array, pyarrow.Array._import_from_c_capsule,
polars.Series / polars.from_arrow, memview.from_dlpack / from_arrow. Every
zero-copy test checks that the consumer's buffer address is the view's."""
import ctypes
import gc
import struct

import numpy as np
import polars as pl
import pyarrow as pa
import pytest

import memview
from memview import MemoryView

_api = ctypes.pythonapi
_api.PyCapsule_IsValid.restype = ctypes.c_int
_api.PyCapsule_IsValid.argtypes = [ctypes.py_object, ctypes.c_char_p]


# NumPy 2.1 speaks DLPack 1.x (read-only flag, from_dlpack(copy=...)); NumPy
# 2.0 (the last for CPython 3.9) speaks only the legacy protocol: its imports
# are always read-only and it refuses to export read-only arrays.
NUMPY_DLPACK1 = tuple(int(p) for p in np.__version__.split(".")[:2]) >= (2, 1)


def addr(v):
    """The view's data address."""
    return v.__array_interface__["data"][0]


def exports_held(b):
    """True while some export pins the bytearray (it then cannot be resized)."""
    try:
        b.append(0)
    except BufferError:
        return True
    del b[-1]
    return False


def typed(fmt, values):
    return MemoryView(bytearray(struct.pack("<%d%s" % (len(values), fmt), *values))).cast(fmt)


# ---- DLPack: memview -> NumPy ------------------------------------------------

def test_numpy_from_dlpack_is_zero_copy_and_shares_writes():
    v = typed("i", range(10))
    a = np.from_dlpack(v)
    assert a.ctypes.data == addr(v)
    assert a.dtype == np.int32 and a.tolist() == list(range(10))
    if not NUMPY_DLPACK1:
        assert not a.flags.writeable  # legacy NumPy marks every import read-only
        a = np.frombuffer(v, dtype=np.int32)
    assert a.flags.writeable
    a[3] = -7
    assert v[3] == -7


def test_numpy_from_dlpack_strided_2d_and_readonly():
    v = typed("d", [float(i) for i in range(12)]).cast("d", (3, 4))[::2, ::-1].toreadonly()
    a = np.from_dlpack(v)
    assert a.ctypes.data == addr(v)
    assert a.strides == v.strides and a.shape == v.shape
    assert a.tolist() == v.tolist()
    assert not a.flags.writeable  # the DLPack read-only flag reached NumPy


@pytest.mark.parametrize("fmt,dtype", [("b", np.int8), ("B", np.uint8), ("h", np.int16), ("H", np.uint16),
                                       ("i", np.int32), ("I", np.uint32), ("q", np.int64),
                                       ("Q", np.uint64), ("e", np.float16), ("f", np.float32),
                                       ("d", np.float64), ("?", np.bool_)])
def test_numpy_from_dlpack_dtypes(fmt, dtype):
    v = MemoryView(bytearray(16)).cast(fmt)
    a = np.from_dlpack(v)
    assert a.dtype == dtype and a.ctypes.data == addr(v) and len(a) == len(v)


def test_dlpack_copy_rules():
    big = MemoryView(bytearray(struct.pack(">3i", 1, 256, -2))).cast(">i")
    with pytest.raises(BufferError, match="native byte order"):
        big.__dlpack__(max_version=(1, 0), copy=False)
    a = np.from_dlpack(big)  # copy=None: one decoded copy
    assert a.tolist() == [1, 256, -2] and a.ctypes.data != addr(big)
    col = MemoryView(bytearray(20)).cast("<bi").field(1)  # stride 5, itemsize 4
    with pytest.raises(BufferError, match="not a multiple of the itemsize"):
        col.__dlpack__(max_version=(1, 0), copy=False)
    v = typed("f", [1.0, 2.0])
    if NUMPY_DLPACK1:
        a = np.from_dlpack(v, copy=True)
        assert a.ctypes.data != addr(v) and a.tolist() == [1.0, 2.0]

    class CopyingProducer:  # a consumer asking for copy=True, on any NumPy
        def __dlpack__(self, **kw):
            return v.__dlpack__(copy=True, **kw)

    c = memview.from_dlpack(CopyingProducer())
    assert addr(c) != addr(v) and c.tolist() == [1.0, 2.0]
    with pytest.raises(BufferError, match="single numeric field"):
        MemoryView(bytearray(12)).cast("<Iff").__dlpack__(max_version=(1, 0))


def test_dlpack_argument_errors():
    v = typed("i", [1])
    assert v.__dlpack_device__() == (1, 0)
    with pytest.raises(BufferError, match="stream"):
        v.__dlpack__(stream=1)
    with pytest.raises(BufferError, match="CPU"):
        v.__dlpack__(dl_device=(2, 0))
    with pytest.raises(TypeError, match="copy"):
        v.__dlpack__(copy="yes")
    v.release()
    with pytest.raises(ValueError, match="released"):
        v.__dlpack__()


def test_dlpack_capsule_owns_the_buffer_until_consumed_or_dropped():
    b = bytearray(16)
    v = MemoryView(b).cast("i")
    cap = v.__dlpack__(max_version=(1, 0))
    assert _api.PyCapsule_IsValid(cap, b"dltensor_versioned")
    v.release()
    assert exports_held(b)  # the unconsumed capsule holds the buffer
    del cap
    gc.collect()
    assert not exports_held(b)


def test_legacy_capsule_for_old_consumers():
    b = bytearray(16)
    v = MemoryView(b).cast("i")
    cap = v.__dlpack__()  # no max_version: a pre-1.0 consumer
    assert _api.PyCapsule_IsValid(cap, b"dltensor")
    v.release()
    assert exports_held(b)
    del cap
    gc.collect()
    assert not exports_held(b)


# ---- DLPack: NumPy -> memview ------------------------------------------------

def test_from_dlpack_numpy_zero_copy_keeps_the_array():
    arr = np.arange(24, dtype="<i2").reshape(4, 6)[1:, ::2]
    v = memview.from_dlpack(arr)
    assert addr(v) == arr.ctypes.data
    assert (v.format, v.shape, v.strides) == ("h", arr.shape, arr.strides)
    assert v.tolist() == arr.tolist()
    expect = arr.tolist()
    del arr
    gc.collect()
    assert v.tolist() == expect  # the view keeps NumPy's memory
    v[0, 0] = 99
    assert v[0, 0] == 99


def test_from_dlpack_readonly_both_ways():
    arr = np.arange(4.0)
    arr.flags.writeable = False
    if NUMPY_DLPACK1:
        v = memview.from_dlpack(arr)
        assert v.readonly and addr(v) == arr.ctypes.data
    else:  # the legacy producer refuses; nothing of it is left held
        with pytest.raises(BufferError, match="readonly"):
            memview.from_dlpack(arr)
    w = memview.from_dlpack(np.arange(4.0), readonly=True)
    assert w.readonly
    with pytest.raises(TypeError):
        w[0] = 1.0


def test_from_dlpack_round_trip_and_refusals():
    v = typed("q", [5, 6, 7])
    back = memview.from_dlpack(v)
    assert addr(back) == addr(v) and back == v
    with pytest.raises(BufferError, match="dtype"):
        memview.from_dlpack(np.zeros(3, dtype=np.complex128))
    with pytest.raises(AttributeError):
        memview.from_dlpack(b"bytes have no __dlpack__")


def test_from_dlpack_reads_a_legacy_producer():
    b = bytearray(struct.pack("<4i", 1, 2, 3, 4))
    src = MemoryView(b).cast("i")

    class Legacy:  # a producer from before DLPack 1.0: no max_version
        def __dlpack__(self, stream=None):
            return src.__dlpack__()

    v = memview.from_dlpack(Legacy())
    assert addr(v) == addr(src) and v.tolist() == [1, 2, 3, 4] and not v.readonly
    v[0] = 9
    assert b[:4] == struct.pack("<i", 9)
    assert memview.from_dlpack(Legacy(), readonly=True).readonly
    src.release()
    gc.collect()
    assert exports_held(b)  # the imported view holds the legacy tensor
    v.release()
    del v, src  # and the sub-views their __array_interface__ keeps for NumPy
    gc.collect()
    assert not exports_held(b)  # its deleter ran when the last view went


def test_from_dlpack_refuses_a_legacy_dtype_without_taking_it():
    b = bytearray(16)
    src = MemoryView(b).cast("i")

    class Legacy:
        def __init__(self):
            self.cap = None

        def __dlpack__(self, stream=None):
            self.cap = src.__dlpack__(copy=False)
            return self.cap

    class Bad:
        def __dlpack__(self, stream=None):
            return b"not a capsule"

    with pytest.raises(BufferError, match="not a DLPack capsule"):
        memview.from_dlpack(Bad())
    p = Legacy()
    cplx = np.zeros(2, dtype=np.complex128)
    with pytest.raises(BufferError, match="dtype"):
        memview.from_dlpack(cplx)
    v = memview.from_dlpack(p)  # a good one after the refusals
    assert _api.PyCapsule_IsValid(p.cap, b"used_dltensor")
    v.release()
    src.release()
    del p
    gc.collect()
    assert not exports_held(b)


# ---- Arrow: memview -> pyarrow / polars --------------------------------------

def test_pyarrow_array_is_zero_copy():
    v = typed("d", [0.5, 1.5, 2.5])
    arr = pa.array(v)
    assert arr.type == pa.float64()
    assert arr.buffers()[1].address == addr(v)
    assert arr.to_pylist() == [0.5, 1.5, 2.5]


def test_pyarrow_import_from_c_capsule_is_zero_copy():
    v = typed("H", [1, 2, 3, 4])
    arr = pa.Array._import_from_c_capsule(*v.__arrow_c_array__())
    assert arr.type == pa.uint16() and arr.buffers()[1].address == addr(v)
    v.release()
    del v
    gc.collect()
    assert arr.to_pylist() == [1, 2, 3, 4]  # the array keeps the buffer


@pytest.mark.parametrize("fmt,typ", [("b", pa.int8()), ("B", pa.uint8()), ("h", pa.int16()),
                                     ("i", pa.int32()), ("q", pa.int64()), ("Q", pa.uint64()),
                                     ("e", pa.float16()), ("f", pa.float32()), ("8s", pa.binary(8))])
def test_pyarrow_types(fmt, typ):
    v = MemoryView(bytearray(range(32))).cast(fmt)
    arr = pa.array(v)
    assert arr.type == typ and len(arr) == len(v) and arr.buffers()[1].address == addr(v)


def test_polars_series_and_from_arrow_are_zero_copy():
    v = typed("d", [3.0, 1.0, 2.0])
    s = pl.Series("x", v)
    assert s.dtype == pl.Float64 and s.to_list() == [3.0, 1.0, 2.0]
    assert s.to_numpy().ctypes.data == addr(v)
    s2 = pl.from_arrow(pa.array(v))
    assert s2.to_numpy().ctypes.data == addr(v)


def test_arrow_refusals_and_to_arrow_copies():
    rec = MemoryView(bytearray(struct.pack("<IffIff", 1, 0.5, -1.0, 2, 1.5, -2.0))).cast("<Iff")
    with pytest.raises(BufferError, match="record"):
        rec.__arrow_c_array__()
    x = rec.field(1)
    with pytest.raises(BufferError, match="strided"):
        pa.array(x)
    with pytest.raises(BufferError, match="strided"):
        memview.to_arrow(x, copy=False).__arrow_c_array__()
    xs = pa.array(memview.to_arrow(x))
    assert xs.to_pylist() == [0.5, 1.5] and xs.buffers()[1].address != addr(x)
    table = pa.array(memview.to_arrow(rec))
    assert table.type == pa.struct([pa.field("f0", pa.uint32(), False), pa.field("f1", pa.float32(), False),
                                    pa.field("f2", pa.float32(), False)])
    assert table.to_pylist() == [{"f0": 1, "f1": 0.5, "f2": -1.0}, {"f0": 2, "f1": 1.5, "f2": -2.0}]
    big = MemoryView(bytearray(struct.pack(">2h", 1, -2))).cast(">h")
    with pytest.raises(BufferError, match="native byte order"):
        pa.array(big)
    assert pa.array(memview.to_arrow(big)).to_pylist() == [1, -2]
    v = typed("i", [1, 2])
    forced = pa.array(memview.to_arrow(v, copy=True))
    assert forced.buffers()[1].address != addr(v) and forced.to_pylist() == [1, 2]
    with pytest.raises(BufferError, match="bit-packed"):
        pa.array(MemoryView(bytearray(2)).cast("?"))
    with pytest.raises(BufferError, match="dimensions"):
        MemoryView(bytearray(8)).cast("B", (2, 4)).__arrow_c_array__()
    with pytest.raises(TypeError, match="copy"):
        memview.to_arrow(v, copy=1)


def test_arrow_capsules_release_when_dropped_unconsumed():
    b = bytearray(16)
    v = MemoryView(b).cast("i")
    caps = v.__arrow_c_array__()
    v.release()
    assert exports_held(b)
    del caps
    gc.collect()
    assert not exports_held(b)


# ---- Arrow: pyarrow / polars -> memview --------------------------------------

def test_from_arrow_zero_copy_honours_offset_and_keeps_the_array():
    arr = pa.array(np.arange(10, dtype=np.int64))[3:8]
    v = memview.from_arrow(arr)
    assert (v.format, len(v), v.readonly) == ("q", 5, True)
    assert addr(v) == arr.buffers()[1].address + 3 * 8
    assert v.tolist() == [3, 4, 5, 6, 7]
    del arr
    gc.collect()
    assert v.tolist() == [3, 4, 5, 6, 7]
    with pytest.raises(TypeError):
        v[0] = 1


def test_from_arrow_writable_fixed_size_binary_and_polars():
    w = memview.from_arrow(pa.array(np.zeros(3, dtype=np.float32)), writable=True)
    w[1] = 2.5
    assert w.tolist() == [0.0, 2.5, 0.0]
    fsb = memview.from_arrow(pa.array([b"ab", b"cd"], type=pa.binary(2)))
    assert fsb.format == "2s" and fsb.tolist() == [b"ab", b"cd"]
    s = pl.Series("y", [1.5, 2.5, 3.5])
    arr = s.to_arrow()
    v = memview.from_arrow(arr)
    assert addr(v) == arr.buffers()[1].address == s.to_numpy().ctypes.data
    assert v.tolist() == [1.5, 2.5, 3.5]


def test_from_arrow_refusals_take_nothing():
    with pytest.raises(BufferError, match="null"):
        memview.from_arrow(pa.array([1, None, 3]))
    with pytest.raises(BufferError, match="'u'"):
        memview.from_arrow(pa.array(["a", "b"]))
    with pytest.raises(BufferError, match="bit-packed"):
        memview.from_arrow(pa.array([True, False]))
    with pytest.raises(TypeError, match="__arrow_c_array__"):
        memview.from_arrow([1, 2, 3])
    arr = pa.array([1, None, 3])
    with pytest.raises(BufferError):
        memview.from_arrow(arr)
    assert arr.to_pylist() == [1, None, 3]  # the array is untouched and usable


def test_round_trip_through_arrow_is_zero_copy():
    v = typed("f", [1.0, 2.0, 3.0])
    back = memview.from_arrow(v)
    assert addr(back) == addr(v) and back == v and back.readonly
