"""`memview info` against CPython's memoryview layout attributes."""
import struct

import pytest


def info(memview, *args):
    out = {}
    for line in memview.out("info", *args).splitlines():
        key, _, value = line.partition(" ")
        out[key] = value.strip()
    return out


@pytest.mark.parametrize("fmt,shape,slc", [
    ("f", None, None), ("d", "4,6", None), ("i", "2,3,8", None), ("B", None, "::-3"),
    ("h", "8,12", "1:5:2"), ("f", None, "10:2:-3"), ("Q", "3,2,4", "::-1"),
])
def test_layout_matches_memoryview(memview, tmp_path, fmt, shape, slc):
    data = bytes(range(192))
    p = tmp_path / "b.bin"
    p.write_bytes(data)
    m = memoryview(data)
    dims = tuple(int(x) for x in shape.split(",")) if shape else None
    m = m.cast(fmt, dims) if dims else m.cast(fmt)
    args = [p, "--format", fmt]
    if shape:
        args += ["--shape", shape]
    if slc:
        args += ["--slice", slc]
        m = m[slice(*[int(x) if x else None for x in slc.split(":")])]
    got = info(memview, *args)
    assert got["format"] == fmt
    assert int(got["itemsize"]) == m.itemsize
    assert int(got["ndim"]) == m.ndim
    assert got["shape"] == str(m.shape)
    assert got["strides"] == str(m.strides)
    assert int(got["nbytes"]) == m.nbytes
    assert got["c_contiguous"] == str(m.c_contiguous)
    assert got["f_contiguous"] == str(m.f_contiguous)
    assert got["readonly"] == "True"


def test_records_and_offset(memview, tmp_path):
    p = tmp_path / "r.bin"
    p.write_bytes(b"HEADER" + b"\0" * struct.calcsize("<Iff") * 7)
    got = info(memview, p, "--format", "<Iff", "--offset", 6)
    assert got["file"] == f"{p} ({6 + 12 * 7} bytes)"
    assert got["offset"] == "6"
    assert (got["itemsize"], got["nfields"], got["shape"], got["strides"]) == ("12", "3", "(7,)", "(12,)")
