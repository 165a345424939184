"""What MemoryView does beyond the builtin, each checked against an
independent computation (struct, or plain Python arithmetic)."""
import array
import struct

import pytest

from memview import MemoryView


def test_byte_order_casts():
    data = struct.pack(">if", 42, 3.14)
    v = MemoryView(data)
    assert v.cast(">i")[0] == 42
    assert v.cast(">f", offset=4)[0] == pytest.approx(3.14, rel=1e-6)
    assert v.cast(">f", offset=4)[0] == struct.unpack(">f", data[4:])[0]
    assert v.cast("<i")[0] == struct.unpack("<i", data[:4])[0]
    assert v.cast("!I").tolist() == list(struct.unpack("!2I", data))


def test_record_formats_give_tuples():
    recs = b"".join(struct.pack("<Iff", i * 10, i * 0.5, -i * 0.25) for i in range(5))
    v = MemoryView(recs).cast("<Iff")
    assert v.format == "<Iff" and v.itemsize == 12 and v.shape == (5,) and v.nfields == 3
    assert v[2] == (20, 1.0, -0.5)
    assert v.tolist() == list(struct.iter_unpack("<Iff", recs))
    assert v[::-2].tolist() == list(struct.iter_unpack("<Iff", recs))[::-2]
    assert list(v) == v.tolist()


def test_record_write_is_all_or_nothing():
    ba = bytearray(struct.pack("<Bh", 1, 2))
    v = MemoryView(ba).cast("<Bh")
    v[0] = (7, -300)
    assert struct.unpack("<Bh", ba) == (7, -300)
    with pytest.raises(ValueError):
        v[0] = (9, 1 << 20)  # second field out of range: nothing written
    assert struct.unpack("<Bh", ba) == (7, -300)
    with pytest.raises(TypeError):
        v[0] = (9, "x")
    assert struct.unpack("<Bh", ba) == (7, -300)


def test_cast_offset():
    data = bytes(range(16))
    v = MemoryView(data)
    assert v.cast("<H", offset=2).tolist() == list(struct.unpack("<7H", data[2:]))
    assert v.cast("B", offset=16).tolist() == []
    assert v.cast("<I", [2], offset=8).tolist() == list(struct.unpack("<2I", data[8:]))


def test_cast_between_non_byte_formats():
    a = array.array("i", [1, 2, 3, 4])
    v = MemoryView(a)
    with pytest.raises(TypeError):
        memoryview(a).cast("h")  # the builtin refuses
    assert v.cast("h").tolist() == list(struct.unpack("8h", a.tobytes()))
    assert v.cast("q").tolist() == list(struct.unpack("2q", a.tobytes()))
    assert v.cast("d", [2]).tobytes() == a.tobytes()


def test_cast_nd_to_nd():
    v = MemoryView(bytearray(range(24))).cast("B", [2, 12])
    w = v.cast("B", [3, 8])
    assert w.shape == (3, 8)
    assert w.tolist() == [list(range(i * 8, i * 8 + 8)) for i in range(3)]


def test_multidimensional_slicing():
    data = bytearray(range(24))
    v = MemoryView(data).cast("B", [4, 6])
    rows = [list(range(r * 6, r * 6 + 6)) for r in range(4)]
    s = v[1:3, 2:5]
    assert s.shape == (2, 3)
    assert s.tolist() == [row[2:5] for row in rows[1:3]]
    assert v[::-1, ::2].tolist() == [row[::2] for row in rows[::-1]]
    assert v[::2].tolist() == rows[::2]
    s[0, 0] = 200
    assert data[8] == 200
    v[0:2, 0:2] = MemoryView(bytes([1, 2, 3, 4])).cast("B", [2, 2])  # same structure
    assert (data[0], data[1], data[6], data[7]) == (1, 2, 3, 4)
    before = bytes(data)
    with pytest.raises(NotImplementedError, match="different structures"):
        v[0:2, 0:2] = bytes([9, 9, 9, 9])  # flat rhs: the builtin's refusal
    assert bytes(data) == before


def test_subviews_on_nd():
    v = MemoryView(bytearray(range(24))).cast("B", [2, 3, 4])
    assert v[1].shape == (3, 4)
    assert v[1].tolist() == v.tolist()[1]
    assert v[1, 2].tolist() == v.tolist()[1][2]
    assert v[-1][-1][-1] == 23
    assert [s.tolist() for s in v] == v.tolist()
    v[0] = MemoryView(bytes(12)).cast("B", [3, 4])
    assert v[0].tolist() == [[0] * 4] * 3
    with pytest.raises(NotImplementedError, match="different structures"):
        v[1] = bytes(12)
    assert v[1].tolist() == [list(range(r, r + 4)) for r in range(12, 24, 4)]


def test_tolist_every_struct_format():
    for fmt, values in [("<e", [1.5, -0.25]), (">d", [1e300, -2.5]), ("<q", [-(1 << 62), 5]),
                        (">Q", [1 << 63, 7]), ("=?", [True, False]), ("<3s", [b"abc", b"x\0\0"]),
                        (">hxh", [(1, 2), (-3, 4)]), ("@bi", [(1, 2), (3, 4)]),
                        ("<2H", [(1, 2), (3, 4)]), ("c", [b"a", b"z"]), ("@P", [1, 2])]:
        st = struct.Struct(fmt)
        raw = b"".join(st.pack(*(x if isinstance(x, tuple) else (x,))) for x in values)
        v = MemoryView(raw).cast(fmt)
        want = [t if len(t) > 1 else t[0] for t in st.iter_unpack(raw)]
        assert v.tolist() == want, fmt
        assert [v[i] for i in range(len(v))] == want, fmt


def test_non_contiguous_same_size_cast_keeps_strides():
    v = MemoryView(struct.pack("<6i", *range(6))).cast("<i")[::2]
    w = v.cast("<I")
    assert w.strides == v.strides
    assert w.tolist() == [0, 2, 4]


def test_tobytes_into():
    v = MemoryView(bytes(range(10)))[::3]
    dst = bytearray(8)
    assert v.tobytes_into(dst) == 4
    assert dst[:4] == bytes([0, 3, 6, 9])
    with pytest.raises(ValueError):
        v.tobytes_into(bytearray(3))
    with pytest.raises(TypeError):
        v.tobytes_into(b"readonly")


def test_hex_with_separators():
    v = MemoryView(b"\xb9\x01\xef\x10")
    m = memoryview(b"\xb9\x01\xef\x10")
    for args in [(), (":",), (":", 2), (":", -2), (b"-", 3), ("_", -1), (":", 4), (":", 9)]:
        assert v.hex(*args) == m.hex(*args), args
    assert v[::-1].hex(" ") == m[::-1].hex(" ")


def test_field_views_are_zero_copy_columns():
    ba = bytearray(b"".join(struct.pack("<Iff", i, i * 0.5, -i * 1.0) for i in range(4)))
    recs = MemoryView(ba).cast("<Iff")
    x = recs.field(1)
    assert (x.format, x.shape, x.strides) == ("<f", (4,), (12,))
    assert x.tolist() == [0.0, 0.5, 1.0, 1.5]
    x[2] = 7.25
    assert struct.unpack_from("<f", ba, 2 * 12 + 4)[0] == 7.25
    assert recs.field(0)[::-1].tolist() == [3, 2, 1, 0]
    with pytest.raises(IndexError):
        recs.field(3)
    with pytest.raises(IndexError):
        recs.field(-1)
