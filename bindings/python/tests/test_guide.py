"""The memoryview guide (../shared/memoryview-guide.txt) with memoryview
replaced by memview.MemoryView, statement by statement; the packed-struct
example uses explicit byte order, as the issue asks."""
import array
import struct

import pytest

from memview import MemoryView


def test_basics():
    ba = bytearray(b"Hello, world!")
    mv = MemoryView(ba)
    assert mv.tobytes() == b"Hello, world!"
    assert mv[0] == 72
    assert bytes(mv[0:5]) == b"Hello"
    mv[0] = ord("J")
    assert ba == bytearray(b"Jello, world!")
    b = b"Immutable"
    mv_bytes = MemoryView(b)
    assert mv_bytes[0] == 73
    with pytest.raises(TypeError, match="cannot modify read-only memory"):
        mv_bytes[0] = 74


def test_casting_and_formats():
    floats = array.array("f", [1.5, 2.718, 3.14159])
    mv_floats = MemoryView(floats)
    mv_bytes = mv_floats.cast("B")
    assert mv_bytes.tolist()[:8] == list(floats.tobytes()[:8])
    mv_cast = mv_bytes.cast("f")
    assert mv_cast.tolist() == floats.tolist()
    assert mv_cast.tolist() == pytest.approx([1.5, 2.718, 3.14159], rel=1e-6)


def test_packed_struct_explicit_byte_order():
    data = struct.pack(">if", 42, 3.14)
    mv = MemoryView(data)
    int_val = mv.cast(">i")[0]
    float_val = mv.cast(">f", offset=4)[0]
    assert int_val == 42
    assert float_val == pytest.approx(3.14, rel=1e-6)
    assert mv.cast(">if")[0] == (42, pytest.approx(3.14, rel=1e-6))


def test_packed_struct_as_written_in_the_guide():
    # The guide's own lines use native order, which on a little-endian machine
    # reads the big-endian bytes swapped; MemoryView agrees with struct.
    data = struct.pack(">if", 42, 3.14)
    mv = MemoryView(data)
    assert mv.cast("i")[0] == struct.unpack("=i", data[:4])[0]
    assert mv.cast("f", offset=4)[0] == struct.unpack("=f", data[4:])[0]


def test_earthquake_pattern():
    np = pytest.importorskip("numpy")
    raw_data = np.random.default_rng(2026).standard_normal(1_000_000).astype(np.float32).tobytes()
    mv = MemoryView(raw_data)
    accel = np.frombuffer(mv, dtype=np.float32)
    assert np.shares_memory(accel, np.frombuffer(raw_data, dtype=np.float32))
    assert accel.mean() == pytest.approx(np.frombuffer(raw_data, np.float32).mean())
    assert np.abs(accel).max() == np.abs(np.frombuffer(raw_data, np.float32)).max()
    ba = bytearray(raw_data)
    mv_ba = MemoryView(ba)
    mv_ba.cast("f")[0] = 999.0
    assert np.frombuffer(mv_ba, dtype=np.float32)[0] == 999.0


def test_best_practices_list():
    np = pytest.importorskip("numpy")
    mv = MemoryView(bytes(range(250)))
    assert mv[100:200].tobytes() == bytes(range(100, 200))
    assert len(mv) == 250 and mv.readonly and mv.format == "B" and mv.itemsize == 1
    assert mv.nbytes == 250 and mv.ndim == 1 and mv.shape == (250,) and mv.strides == (1,)
    assert mv.suboffsets == ()
    assert MemoryView(b"abc").tolist() == [97, 98, 99]
    assert not MemoryView(bytearray(b"abc")).readonly
    assert MemoryView(array.array("i", [1, 2, 3])).tolist() == [1, 2, 3]
    assert MemoryView(np.array([1.0, 2.0])).tolist() == [1.0, 2.0]
    assert mv[:4].cast("B").tolist() == [0, 1, 2, 3]
    assert MemoryView(bytes(8)).cast("f", shape=(2,)).tolist() == [0.0, 0.0]
    assert MemoryView(b"\x01\xff").hex() == "01ff"
    mv.release()


def test_readme_example_runs():
    import pathlib
    import re
    readme = pathlib.Path(__file__).resolve().parents[1] / "README.md"
    blocks = re.findall(r"```python\n(.*?)```", readme.read_text(), re.S)
    assert blocks
    for code in blocks:
        exec(compile(code, str(readme), "exec"), {})
