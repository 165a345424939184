"""The shared test vectors (tests/vectors/vectors.json, generated from the
builtin memoryview and struct by tests/vectors/gen.py) through MemoryView.

Every case runs; an unknown case kind, operation or value encoding fails.
Errors are checked by exception class (the builtin's), not by message.
"""
import importlib.util
import json
import os

import pytest

from memview import MemoryView

HERE = os.path.dirname(os.path.abspath(__file__))
VECTORS = os.path.join(HERE, "..", "..", "..", "tests", "vectors", "vectors.json")

# The generator's value comparison (bit-exact floats, any NaN) and flattening.
_spec = importlib.util.spec_from_file_location("mv_vectors_gen", os.path.join(os.path.dirname(VECTORS), "gen.py"))
gen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gen)
same, flat = gen.same_value, gen.flat

with open(VECTORS) as f:
    DOC = json.load(f)
CASES = DOC["cases"]


def dec(v):
    if isinstance(v, bool) or isinstance(v, int):
        return v
    if isinstance(v, dict) and len(v) == 1:
        (k, x), = v.items()
        if k == "f":
            return float(x)
        if k == "b":
            return bytes.fromhex(x)
        if k == "r":
            return tuple(dec(e) for e in x)
    raise AssertionError("unknown value encoding %r" % (v,))


def apply(v, op):
    kind = op["op"]
    if kind == "slice":
        return v[op["start"]:op["stop"]:op["step"]]
    if kind == "slice_nd":
        return v[tuple(slice(*r) for r in op["ranges"])]
    if kind == "index":
        return v[op["i"]]
    if kind == "cast":
        # As the builtin: shape omitted, not None (cast('B', None) is a TypeError).
        if op["shape"] is None:
            return v.cast(op["format"], offset=op["offset"])
        return v.cast(op["format"], op["shape"], offset=op["offset"])
    if kind == "field":
        return v.field(op["k"])
    if kind == "toreadonly":
        return v.toreadonly()
    raise AssertionError("unknown operation %r" % (kind,))


def base(data_hex, readonly):
    buf = bytes.fromhex(data_hex)
    if not readonly:
        buf = bytearray(buf)
    return buf, MemoryView(buf)


def chain(data_hex, readonly, ops):
    buf, v = base(data_hex, readonly)
    for op in ops:
        v = apply(v, op)
    return buf, v


def error_class(case):
    cls = getattr(__builtins__, case["error"]["class"], None) if not isinstance(__builtins__, dict) \
        else __builtins__.get(case["error"]["class"])
    assert isinstance(cls, type) and issubclass(cls, Exception), case["error"]
    return cls


def check_view(case):
    buf, v = base(case["data"], case["readonly"])
    ops = case["ops"]
    if "error" in case:
        at = case["error"]["at"]
        for op in ops[:at]:
            v = apply(v, op)
        with pytest.raises(error_class(case)) as info:
            apply(v, ops[at])
        assert type(info.value) is error_class(case), info.value
        return
    for op in ops:
        v = apply(v, op)
    e = case["expect"]
    assert v.format == e["format"]
    assert v.itemsize == e["itemsize"]
    assert v.ndim == e["ndim"]
    assert list(v.shape) == e["shape"]
    assert list(v.strides) == e["strides"]
    assert v.nbytes == e["nbytes"]
    assert v.readonly == e["readonly"]
    assert v.c_contiguous == e["c_contiguous"]
    assert v.f_contiguous == e["f_contiguous"]
    assert v.tobytes().hex() == e["tobytes"]
    assert v.tobytes("F").hex() == e["tobytes_F"]
    assert v.tobytes("A").hex() == e["tobytes_A"]
    if "items" in e:
        got = flat(v.tolist(), v.ndim)
        want = [dec(x) for x in e["items"]]
        assert len(got) == len(want)
        for g, w in zip(got, want):
            assert same(g, w), (g, w)


def check_hex(case):
    _, v = chain(case["data"], True, case["ops"])
    sep, bps = case["sep"], case["bytes_per_sep"]
    call = (lambda: v.hex()) if sep is None else (lambda: v.hex(sep, bps))
    if "error" in case:
        with pytest.raises(error_class(case)):
            call()
    else:
        assert call() == case["expect"]


def check_equal(case):
    _, a = chain(case["a"]["data"], True, case["a"]["ops"])
    _, b = chain(case["b"]["data"], True, case["b"]["ops"])
    assert (a == b) is case["expect"]
    assert (b == a) is case["expect"]
    assert (a != b) is (not case["expect"])


def check_write(case, do):
    buf, v = chain(case["data"], case["readonly"], case["ops"])
    before = bytes(buf)
    if "error" in case:
        with pytest.raises(error_class(case)):
            do(v)
        assert bytes(buf) == before  # a refused write changes nothing
    else:
        do(v)
        assert bytes(buf).hex() == case["expect"]["data"]


def check_copy(case):
    def do(v):
        v[slice(*case["dst"])] = v[slice(*case["src"])]
    check_write(case, do)


def check_set(case):
    idx = case["index"]

    def do(v):
        v[tuple(idx) if len(idx) != 1 else idx[0]] = dec(case["value"])
    check_write(case, do)


# Known failures of this binding (tests/vectors/known_bugs.json), each a real
# bug still open: strict xfail, so a fix makes the case pass and then the
# entry must go. They run; none is skipped.
with open(os.path.join(os.path.dirname(VECTORS), "known_bugs.json")) as f:
    KNOWN_BUGS = json.load(f).get("Python", {})

CHECKS = {"view": check_view, "hex": check_hex, "equal": check_equal, "copy": check_copy, "set": check_set}


def params():
    for c in CASES:
        bug = KNOWN_BUGS.get(c["id"])
        marks = [pytest.mark.xfail(reason=bug, strict=True, raises=AssertionError)] if bug else []
        yield pytest.param(c, id=c["id"], marks=marks)


@pytest.mark.parametrize("case", list(params()))
def test_vector(case):
    assert case["kind"] in CHECKS, "unknown case kind %r" % case["kind"]
    CHECKS[case["kind"]](case)


def test_every_case_is_collected():
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids)) and len(ids) > 400
    assert set(KNOWN_BUGS) <= set(ids)
