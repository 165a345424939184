"""`memview stats` against Python's statistics module on the same values."""
import csv
import io
import math
import random
import statistics
import struct

import numpy as np
import pytest


@pytest.fixture(autouse=True, params=["auto", "base"])
def kernels(request, monkeypatch):
    """Every stats test runs with the CPU's best loops and the portable ones."""
    if request.param == "base":
        monkeypatch.setenv("MEMVIEW_KERNELS", "base")
    else:
        monkeypatch.delenv("MEMVIEW_KERNELS", raising=False)


def stats_csv(memview, *args):
    rows = list(csv.DictReader(io.StringIO(memview.out("stats", *args, "--csv"))))
    return {int(r["field"]): r for r in rows}


def check_field(row, values, single=False, rel=1e-9):
    """row: memview's CSV row; values: the field's values as Python numbers."""
    nums = [v for v in values if not (isinstance(v, float) and math.isnan(v))]
    assert int(row["count"]) == len(nums)
    assert int(row["nan"]) == len(values) - len(nums)
    if not nums:
        assert row["min"] == row["max"] == row["mean"] == row["stddev"] == "-"
        return
    if isinstance(nums[0], float):
        if single:  # float32 min/max print as the shortest float32 text
            assert struct.pack("<f", float(row["min"])) == struct.pack("<f", min(nums))
            assert struct.pack("<f", float(row["max"])) == struct.pack("<f", max(nums))
        else:
            assert float(row["min"]) == min(nums) and float(row["max"]) == max(nums)
    else:  # integers exactly, even beyond 2**53
        assert int(row["min"]) == min(nums) and int(row["max"]) == max(nums)
    fl = [float(v) for v in nums]
    assert float(row["mean"]) == pytest.approx(statistics.fmean(fl), rel=1e-9, abs=1e-12)
    assert float(row["stddev"]) == pytest.approx(statistics.pstdev(fl), rel=rel, abs=1e-12)


rng = random.Random(7)


# Sizes around the tool's 4096-item blocks and 65536-item chunks.
@pytest.mark.parametrize("n", [1, 2, 4095, 4096, 4097, 70001])
def test_float32_sizes(memview, tmp_path, n):
    vals = np.random.default_rng(n).standard_normal(n).astype("<f4")
    p = tmp_path / "f.bin"
    p.write_bytes(vals.tobytes())
    check_field(stats_csv(memview, p, "--format", "<f")[0], [float(v) for v in vals], single=True)


@pytest.mark.parametrize("fmt", ["b", "B", "<h", ">H", "<i", ">I", "<q", ">Q", "<d", ">d", ">f", "<e", "?"])
def test_each_numeric_type(memview, tmp_path, fmt):
    code = fmt[-1]
    gen = {
        "b": lambda: rng.randrange(-128, 128), "B": lambda: rng.randrange(256),
        "h": lambda: rng.randrange(-2**15, 2**15), "H": lambda: rng.randrange(2**16),
        "i": lambda: rng.randrange(-2**31, 2**31), "I": lambda: rng.randrange(2**32),
        "q": lambda: rng.randrange(-2**63, 2**63), "Q": lambda: rng.randrange(2**64),
        "d": lambda: rng.uniform(-1e6, 1e6), "f": lambda: rng.uniform(-1e3, 1e3),
        "e": lambda: rng.uniform(-100, 100), "?": lambda: rng.random() < 0.3,
    }[code]
    data = b"".join(struct.pack(fmt, gen()) for _ in range(9000))
    p = tmp_path / "v.bin"
    p.write_bytes(data)
    values = [v[0] for v in struct.iter_unpack(fmt, data)]
    if code == "?":
        values = [int(v) for v in values]
    row = stats_csv(memview, p, "--format", fmt)[0]
    assert row["code"] == code
    check_field(row, values, single=code in "fe")


def test_record_fields_and_offset(memview, tmp_path):
    recs = [(i * 10, rng.gauss(0, 1), rng.gauss(5, 2), b"ab") for i in range(12345)]
    p = tmp_path / "r.bin"
    p.write_bytes(b"MVREC001" + b"".join(struct.pack(">Iff2s", *r) for r in recs))
    got = stats_csv(memview, p, "--format", ">Iff2s", "--offset", 8)
    assert sorted(got) == [0, 1, 2]  # the bytes field is not numeric
    back = list(struct.iter_unpack(">Iff2s", p.read_bytes()[8:]))
    for k in range(3):
        check_field(got[k], [r[k] for r in back], single=k > 0)


def test_nans_are_left_out_and_counted(memview, tmp_path):
    vals = [1.0, math.nan, 2.0, 4.0, math.nan] * 1000
    p = tmp_path / "n.bin"
    p.write_bytes(struct.pack(f"<{len(vals)}d", *vals))
    check_field(stats_csv(memview, p, "--format", "<d")[0], vals)
    text = memview.out("stats", p, "--format", "<d")
    assert "2000 NaN values left out" in text


def test_all_nan_and_empty(memview, tmp_path):
    p = tmp_path / "n.bin"
    p.write_bytes(struct.pack("<3f", math.nan, math.nan, math.nan))
    check_field(stats_csv(memview, p, "--format", "<f")[0], [math.nan] * 3)
    e = tmp_path / "e.bin"
    e.write_bytes(b"")
    check_field(stats_csv(memview, e, "--format", "<f")[0], [])


def test_large_mean_keeps_precision(memview, tmp_path):
    # sum/sumsq would cancel here (E[x^2] - E[x]^2 loses every digit);
    # the blockwise two-pass merge keeps about as many as numpy's two-pass std.
    vals = [1e9 + (i % 7) * 0.001 for i in range(100000)]
    p = tmp_path / "m.bin"
    p.write_bytes(struct.pack(f"<{len(vals)}d", *vals))
    check_field(stats_csv(memview, p, "--format", "<d")[0], vals, rel=1e-8)


def test_shape_is_checked_and_table_printed(memview, tmp_path):
    p = tmp_path / "s.bin"
    p.write_bytes(struct.pack("<12i", *range(12)))
    text = memview.out("stats", p, "--format", "<i", "--shape", "3,4")
    lines = text.splitlines()
    assert lines[0].endswith("12 items of '<i', shape (3, 4)")
    assert lines[1].split() == ["field", "code", "count", "min", "max", "mean", "stddev"]
    assert lines[2].split()[:6] == ["0", "i", "12", "0", "11", "5.5"]
    assert float(lines[2].split()[6]) == pytest.approx(statistics.pstdev(range(12)))


@pytest.mark.parametrize("fmt,mib", [("<f", 40), ("<Iff", 20), ("<e", 2), (">q", 17)])
def test_threads_give_the_same_figures_bit_for_bit(memview, tmp_path, fmt, mib):
    # 40 MiB spans three 16 MiB rounds; each round is split between the threads.
    n = (mib << 20) // struct.calcsize(fmt) * struct.calcsize(fmt)
    rng = np.random.default_rng(mib)
    if fmt == "<e":
        data = rng.standard_normal(n // 2).astype("<f2").tobytes()
    else:  # the low halves of doubles make random float32s, NaNs included
        data = rng.standard_normal(n // 8 + 1).tobytes()[:n]
    p = tmp_path / "t.bin"
    p.write_bytes(data)
    outs = {t: memview.out("stats", p, "--format", fmt, "--csv", "--threads", t) for t in (1, 2, 3, 8)}
    outs["auto"] = memview.out("stats", p, "--format", fmt, "--csv")
    assert len(set(outs.values())) == 1, outs
    rows = {int(r["field"]): r for r in csv.DictReader(io.StringIO(outs[1]))}
    cols = list(zip(*struct.iter_unpack(fmt, data)))
    for k, row in rows.items():
        vals = np.array(cols[k], dtype=np.float64)
        vals = vals[~np.isnan(vals)]
        assert int(row["count"]) == len(vals)
        assert float(row["mean"]) == pytest.approx(vals.mean(), rel=1e-9, abs=1e-12)
        assert float(row["stddev"]) == pytest.approx(vals.std(), rel=1e-9, abs=1e-12)
