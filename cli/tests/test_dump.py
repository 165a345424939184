"""`memview dump` against Python's struct module (and numpy's float32 text)."""
import ast
import csv
import io
import math
import random
import struct

import numpy as np
import pytest


def items_of(fmt, values):
    return b"".join(struct.pack(fmt, *v) for v in values)


def write(tmp_path, name, data):
    p = tmp_path / name
    p.write_bytes(data)
    return p


def parse_lines(text):
    return [ast.literal_eval(line) for line in text.splitlines()]


rng = random.Random(2026)
F32 = [struct.unpack("<f", struct.pack("<f", rng.uniform(-1e6, 1e6)))[0] for _ in range(200)]
F32 += [0.0, -0.0, 1.0, 3.14, 1e-7, 1e20, -2.5e-30, 123456.79, 16777216.0]


def test_float32_values_read_back_exactly_and_print_shortest(memview, tmp_path):
    p = write(tmp_path, "f.bin", struct.pack(f"<{len(F32)}f", *F32))
    lines = memview.out("dump", p, "--format", "<f").splitlines()
    assert len(lines) == len(F32)
    for text, value in zip(lines, F32):
        assert struct.pack("<f", float(text)) == struct.pack("<f", value), text
        # The same shortest decimal numpy finds (numpy's notation differs).
        assert float(text) == float(str(np.float32(value))), (text, value)


def test_float64_prints_python_repr(memview, tmp_path):
    vals = [rng.uniform(-1e300, 1e300) for _ in range(50)] + [0.1, 1e16, 1e15, 123.0, 5e-324, -1e-5, 1e-4]
    p = write(tmp_path, "d.bin", struct.pack(f">{len(vals)}d", *vals))
    assert memview.out("dump", p, "--format", ">d").splitlines() == [repr(v) for v in vals]


def test_nan_and_inf(memview, tmp_path):
    p = write(tmp_path, "n.bin", struct.pack("<3d", math.nan, math.inf, -math.inf))
    assert memview.out("dump", p, "--format", "<d").splitlines() == ["nan", "inf", "-inf"]


@pytest.mark.parametrize("fmt,values", [
    ("<b", [(-128,), (0,), (127,)]),
    ("<H", [(0,), (65535,), (4660,)]),
    (">i", [(-2**31,), (2**31 - 1,), (42,)]),
    ("<Q", [(0,), (2**64 - 1,), (2**63,)]),
    ("<q", [(-2**63,), (2**63 - 1,), (-1,)]),
    ("?", [(True,), (False,)]),
    ("<Iff", [(i * 10, F32[i], F32[i + 1]) for i in range(20)]),
    (">hxxq?d", [(-3, 2**40, True, 0.5), (7, -1, False, -1e-300)]),
    ("4sc", [(b"ab'c", b"\n"), (b'\x00\xff"\\', b"'"), (b"\t\r\x7fz", b"\x80")]),
])
def test_records_repack_to_the_same_bytes(memview, tmp_path, fmt, values):
    data = items_of(fmt, values)
    p = write(tmp_path, "r.bin", data)
    got = parse_lines(memview.out("dump", p, "--format", fmt))
    got = [g if isinstance(g, tuple) else (g,) for g in got]
    assert items_of(fmt, got) == data
    ints = [[x for x in v if not isinstance(x, float)] for v in values]
    assert [[x for x in g if not isinstance(x, float)] for g in got] == ints


SLICES = ["::-1", "2:10:3", "-5:", ":0", "100:200", "::7", "10:2:-2", ":"]


@pytest.mark.parametrize("spec", SLICES)
def test_slice_is_python_slicing(memview, tmp_path, spec):
    ints = list(range(-50, 50))
    p = write(tmp_path, "i.bin", struct.pack("<100i", *ints))
    parts = [int(x) if x else None for x in spec.split(":")]
    expect = ints[slice(*parts)]
    assert parse_lines(memview.out("dump", p, "--format", "<i", "--slice", spec)) == expect


def test_limit_offset_and_shape(memview, tmp_path):
    vals = list(range(24))
    p = write(tmp_path, "h.bin", b"HDR!" + struct.pack("<24h", *vals))
    assert parse_lines(memview.out("dump", p, "--format", "<h", "--offset", 4, "--limit", 5)) == vals[:5]
    assert memview.out("dump", p, "--format", "<h", "--offset", 4, "--limit", 0) == ""
    # A 4x6 shape prints in C order; --slice then picks rows.
    assert parse_lines(memview.out("dump", p, "--format", "<h", "--offset", 4, "--shape", "4,6")) == vals
    assert parse_lines(memview.out("dump", p, "--format", "<h", "--offset", 4, "--shape", "4,6",
                                   "--slice", "1::2")) == vals[6:12] + vals[18:24]
    assert parse_lines(memview.out("dump", p, "--format", "<h", "--offset", 4, "--shape", "2,3,4",
                                   "--slice", "::-1", "--limit", 3)) == vals[12:15]


def test_csv(memview, tmp_path):
    values = [(i, F32[i], b"a,b" if i % 2 else b'q"t') for i in range(10)]
    p = write(tmp_path, "c.bin", items_of("<if3s", values))
    rows = list(csv.reader(io.StringIO(memview.out("dump", p, "--format", "<if3s", "--csv"))))
    assert len(rows) == 10
    for row, (i, f, s) in zip(rows, values):
        assert int(row[0]) == i
        assert struct.pack("<f", float(row[1])) == struct.pack("<f", f)
        assert ast.literal_eval(row[2]) == s


def test_empty_file_dumps_nothing(memview, tmp_path):
    p = write(tmp_path, "e.bin", b"")
    assert memview.out("dump", p, "--format", "<d") == ""
