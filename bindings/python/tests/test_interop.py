"""Zero-copy interop: the buffer protocol (files, sockets, hashlib, bytes,
memoryview, ctypes) and NumPy (buffer protocol and __array_interface__)."""
import hashlib
import mmap
import os
import socket
import struct
import sys

import pytest

from memview import MemoryView

np = pytest.importorskip("numpy")


class Iface:
    """Exposes only __array_interface__, so NumPy must use it."""

    def __init__(self, v):
        self.__array_interface__ = v.__array_interface__
        self.keep = v


def layouts():
    base = np.arange(60, dtype="<f4").reshape(3, 4, 5)
    return [base, base[::-1], base[:, ::2, ::-3], base.T, np.asfortranarray(base),
            base[1], base[..., 2], np.arange(10, dtype=">i2")[::-1],
            np.zeros((0, 3), dtype="u8"), (np.arange(6) % 2 == 0).reshape(2, 3),
            np.array(7.5)]


@pytest.mark.parametrize("arr", layouts(), ids=lambda a: "%s%s%s" % (a.dtype.str, a.shape, a.strides))
def test_numpy_any_layout(arr):
    v = MemoryView(arr)
    m = memoryview(arr)
    assert (v.shape, v.strides, v.itemsize) == (m.shape, m.strides, m.itemsize)
    assert v.tolist() == arr.tolist()
    assert v.tobytes() == arr.tobytes() == m.tobytes()
    assert v.tobytes("F") == arr.tobytes(order="F")
    via_buffer = np.asarray(v)
    via_iface = np.asarray(Iface(v))
    for out in (via_buffer, via_iface):
        assert out.shape == arr.shape
        if arr.size:  # NumPy may normalise the strides of empty arrays
            assert out.strides == arr.strides
        assert np.array_equal(out, arr)
        if arr.size:
            assert np.shares_memory(out, arr)


def test_numpy_writes_through_both_ways():
    arr = np.zeros((4, 4), dtype=np.int32)
    v = MemoryView(arr)[1:3, ::2]
    v[0, 1] = 7
    assert arr[1, 2] == 7
    out = np.asarray(v)
    out[1, 0] = -3
    assert arr[2, 0] == -3
    assert v[1, 0] == -3
    assert not np.asarray(MemoryView(arr).toreadonly()).flags.writeable
    assert not np.asarray(Iface(MemoryView(arr).toreadonly())).flags.writeable


def test_numpy_records_and_byte_orders():
    raw = b"".join(struct.pack("<Iff", i * 10, i * 0.5, -i * 1.0) for i in range(4))
    v = MemoryView(raw).cast("<Iff")
    a = np.asarray(Iface(v))
    assert a.dtype.names == ("f0", "f1", "f2")
    assert a["f0"].tolist() == [0, 10, 20, 30] and a["f2"].tolist() == [0.0, -1.0, -2.0, -3.0]
    b = np.asarray(v)  # buffer protocol: NumPy parses the struct format itself
    assert b.tobytes() == raw
    padded = MemoryView(struct.pack("@bi", 1, 2) * 2).cast("@bi")
    p = np.asarray(Iface(padded))
    assert p.dtype.itemsize == padded.itemsize and p["f1"].tolist() == [2, 2]
    big = MemoryView(struct.pack(">3h", 1, -2, 3)).cast(">h")
    assert np.asarray(Iface(big)).tolist() == [1, -2, 3]
    assert np.asarray(big).tolist() == [1, -2, 3]


def test_frombuffer_guide_pattern():
    raw = np.random.default_rng(1).standard_normal(1000).astype(np.float32).tobytes()
    v = MemoryView(raw)
    accel = np.frombuffer(v, dtype=np.float32)
    assert accel.mean() == pytest.approx(np.frombuffer(raw, dtype=np.float32).mean())
    ba = bytearray(raw)
    MemoryView(ba).cast("f")[0] = 999.0
    assert np.frombuffer(MemoryView(ba), dtype=np.float32)[0] == 999.0


def test_array_interface_survives_release():
    arr = np.arange(5, dtype=np.int64)
    v = MemoryView(arr)
    out = np.asarray(Iface(v))
    v.release()
    assert out.tolist() == [0, 1, 2, 3, 4]


def test_buffer_protocol_consumers():
    data = bytes(range(256)) * 4
    v = MemoryView(data)
    assert bytes(v) == data
    assert bytes(v[::-3]) == data[::-3]
    assert hashlib.sha256(v).hexdigest() == hashlib.sha256(data).hexdigest()
    m = memoryview(v[10:20])
    assert m.tobytes() == data[10:20] and m.obj is not None
    m.release()
    shaped = MemoryView(bytearray(24)).cast("<i", [2, 3])
    mm = memoryview(shaped)
    assert (mm.format, mm.shape, mm.strides) == ("<i", (2, 3), (12, 4))
    mm.release()
    assert bytearray(v[:3]) == bytearray(data[:3])
    assert data.startswith(v[:8])


def test_files_write_and_readinto(tmp_path):
    data = os.urandom(1 << 16)
    path = tmp_path / "blob"
    with open(path, "wb") as f:
        assert f.write(MemoryView(data)) == len(data)
    dst = bytearray(len(data))
    v = MemoryView(dst)
    with open(path, "rb", buffering=0) as f:
        for off in range(0, len(data), 4096):
            assert f.readinto(v[off:off + 4096]) == 4096
    assert dst == data
    with open(path, "rb") as f:
        assert f.readinto(MemoryView(bytearray(10))) == 10


def test_mmap_view_is_zero_copy(tmp_path):
    path = tmp_path / "m"
    path.write_bytes(struct.pack("<4f", 1, 2, 3, 4))
    with open(path, "r+b") as f, mmap.mmap(f.fileno(), 0) as mm:
        v = MemoryView(mm).cast("<f")
        v[0] = 999.0
        assert struct.unpack_from("<f", mm, 0)[0] == 999.0
        assert MemoryView(mm).cast("<f", offset=4).tolist() == [2.0, 3.0, 4.0]
        v.release()
    assert struct.unpack("<4f", path.read_bytes())[0] == 999.0


def test_socketpair_recv_into():
    a, b = socket.socketpair()
    try:
        payload = os.urandom(1 << 15)
        a.sendall(MemoryView(payload))
        dst = bytearray(len(payload))
        v = MemoryView(dst)
        got = 0
        while got < len(payload):
            got += b.recv_into(v[got:], 8192)
        assert dst == payload
        assert v == payload
    finally:
        a.close()
        b.close()


def test_ctypes_sees_the_same_memory():
    import ctypes
    ba = bytearray(8)
    v = MemoryView(ba)
    c = (ctypes.c_uint8 * 8).from_buffer(v)
    c[3] = 77
    assert ba[3] == 77 and v[3] == 77
    del c


@pytest.mark.skipif(sys.version_info < (3, 12), reason="__buffer__ exists from Python 3.12")
def test_dunder_buffer_312():
    v = MemoryView(b"abc")
    assert bytes(v.__buffer__(0)) == b"abc"


@pytest.mark.parametrize("fmt,dtype", [("<H", "<u2"), (">d", ">f8"), ("<e", "<f2"), ("?", "?"),
                                       ("c", "S1"), ("<3s", "S3"), ("b", "i1"), (">q", ">i8"),
                                       ("=I", "=u4"), ("!h", ">i2"), ("@f", "=f4")])
def test_array_interface_typestr(fmt, dtype):
    raw = bytes(range(48))
    v = MemoryView(raw).cast(fmt)
    a = np.asarray(Iface(v))
    assert a.dtype == np.dtype(dtype)
    assert a.tobytes() == raw[:len(v) * v.itemsize]
    if fmt not in ("c", "<3s"):
        assert a.tolist() == v.tolist()
