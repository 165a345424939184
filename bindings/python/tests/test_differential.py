"""Differential tests (issue 7): random formats, shapes, slices and casts,
MemoryView against the builtin memoryview and the struct module."""
import math
import os
import re
import struct

from hypothesis import HealthCheck, given, settings, strategies as st

from memview import MemoryView

# 300 random cases per test in the normal run; MEMVIEW_HYPOTHESIS_EXAMPLES=N for a long run.
SETTINGS = settings(max_examples=int(os.environ.get("MEMVIEW_HYPOTHESIS_EXAMPLES", 300)), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
NATIVE = "bBhHiIlLqQnNfd?cP"
CODES = "bBhHiIlLqQfd?ex"  # what struct takes with any byte-order prefix


def same_values(a, b):
    """Equality of tolist() results where NaN equals NaN (same bytes read)."""
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(map(same_values, a, b))
    if isinstance(a, tuple):
        return isinstance(b, tuple) and len(a) == len(b) and all(map(same_values, a, b))
    if isinstance(a, float) and math.isnan(a):
        return isinstance(b, float) and math.isnan(b)
    return type(a) is type(b) and a == b


@st.composite
def native_views(draw):
    fmt = draw(st.sampled_from(NATIVE))
    size = struct.calcsize(fmt)
    shape = draw(st.lists(st.integers(1, 5), min_size=1, max_size=3))
    n = math.prod(shape)
    if fmt == "?":
        data = bytes(draw(st.lists(st.integers(0, 1), min_size=n, max_size=n)))
    else:
        data = draw(st.binary(min_size=n * size, max_size=n * size))
    return fmt, shape, bytearray(data)


slices = st.builds(slice, st.none() | st.integers(-7, 7), st.none() | st.integers(-7, 7),
                   st.none() | st.integers(-3, 3).filter(bool))


@SETTINGS
@given(native_views(), slices, st.sampled_from(NATIVE))
def test_against_builtin(view, sl, other_fmt):
    fmt, shape, data = view
    m = memoryview(data).cast("B").cast(fmt, shape)
    v = MemoryView(bytearray(data)).cast(fmt, shape)
    for a, b in ((m, v), (m[sl], v[sl])):
        assert (b.format, b.itemsize, b.ndim, b.shape, b.nbytes, b.readonly) == \
            (a.format, a.itemsize, a.ndim, a.shape, a.nbytes, a.readonly)
        assert same_values(b.tolist(), a.tolist())
        assert b.tobytes() == a.tobytes()
        for order in "CFA":
            assert b.tobytes(order) == a.tobytes(order)
        assert b.hex() == a.hex() and b.hex(":", 3) == a.hex(":", 3) and b.hex("-", -2) == a.hex("-", -2)
        assert (b == b) == (a == a)
        assert (b == a) == (a == a)
        if a.ndim == 1 and len(a):
            assert same_values(b[-1], a[-1])
    # == across formats: the same bytes viewed through another native format.
    osize = struct.calcsize(other_fmt)
    if len(data) % osize == 0 and other_fmt != "?":
        mo = memoryview(data).cast("B").cast(other_fmt)
        vo = MemoryView(data).cast(other_fmt)
        flat_m, flat_v = m.cast("B").cast(fmt), v.cast(fmt)
        assert (vo == flat_v) == (mo == flat_m)
        assert (vo == flat_m) == (mo == flat_m)


@st.composite
def struct_formats(draw):
    order = draw(st.sampled_from("<>!="))
    fields = draw(st.lists(st.tuples(st.sampled_from(CODES), st.integers(1, 3)), min_size=1, max_size=3))
    body = "".join(("%d%s" % (k, c)) if k > 1 else c for c, k in fields)
    if all(c == "x" for c, _ in fields):
        body += "h"
    return order + body


@SETTINGS
@given(struct_formats(), st.integers(0, 6), st.data())
def test_against_struct(fmt, count, data):
    s = struct.Struct(fmt)
    raw = bytearray(data.draw(st.binary(min_size=s.size * count, max_size=s.size * count)))
    v = MemoryView(raw).cast(fmt)
    assert v.itemsize == s.size and len(v) == count
    want = [t if len(t) != 1 else t[0] for t in s.iter_unpack(bytes(raw))] if s.size else []
    assert same_values(v.tolist(), want)
    assert same_values([v[i] for i in range(count)], want)
    sl = data.draw(slices)
    assert same_values(v[sl].tolist(), want[sl])
    step_bytes = b"".join(bytes(raw[i * s.size:(i + 1) * s.size]) for i in range(count)[sl])
    assert v[sl].tobytes() == step_bytes
    assert v[sl].hex() == step_bytes.hex()
    if count:  # writes round-trip through struct
        i = data.draw(st.integers(0, count - 1))
        item = s.unpack_from(raw, i * s.size)
        if not any(isinstance(x, float) and math.isnan(x) for x in item):
            v[i] = item if len(item) != 1 else item[0]
            assert s.unpack_from(raw, i * s.size) == item


@SETTINGS
@given(st.text(alphabet="@=<>!xcbB?hHiIlLqQnNefdspP0123456789 ", min_size=1, max_size=8))
def test_format_parsing_against_struct(fmt):
    try:
        size = struct.calcsize(fmt)
        ok = size > 0
    except struct.error:
        ok = False
    buf = bytes(max(struct.calcsize(fmt) if ok else 1, 1) * 2) if ok else bytes(64)
    try:
        v = MemoryView(buf).cast(fmt)
    except (ValueError, TypeError) as e:
        # The one refusal of a format struct takes: a documented limit of the
        # core on the number of fields per item.
        assert not ok or "fields in one item" in str(e), (fmt, str(e))
        return
    assert ok, "memview accepted %r, which struct refuses" % fmt
    assert v.itemsize == struct.calcsize(fmt)
    try:
        want = [t if len(t) != 1 else t[0] for t in struct.iter_unpack(fmt, buf)]
    except SystemError:  # CPython's struct fails on '0p' ("Negative size"): it is b'', as '0s'
        same = re.sub(r"(?<!\d)0p", "0s", fmt)
        want = [t if len(t) != 1 else t[0] for t in struct.iter_unpack(same, buf)]
    assert same_values(v.tolist(), want)


@st.composite
def nd_cases(draw):
    shape = tuple(draw(st.lists(st.integers(1, 5), min_size=2, max_size=4)))
    dtype = draw(st.sampled_from(["<i2", ">i4", "<f8", "u1", ">u8"]))
    ranges = tuple(draw(slices) for _ in range(draw(st.integers(1, len(shape)))))
    return shape, dtype, ranges


@SETTINGS
@given(nd_cases(), st.data())
def test_nd_slicing_against_numpy(case, data):
    import pytest
    np = pytest.importorskip("numpy")
    shape, dtype, ranges = case
    a = np.arange(math.prod(shape), dtype=dtype).reshape(shape)
    if data.draw(st.booleans()):  # a non-contiguous, negatively strided source
        a = a[::-1]
    v = MemoryView(a)
    s, want = v[ranges], a[ranges]
    assert s.shape == want.shape
    # Strides that are never followed (extent <= 1) are conventions: NumPy
    # normalises them in its buffer export; memview follows CPython.
    assert [st_ for st_, n in zip(s.strides, s.shape) if n > 1] == \
        [st_ for st_, n in zip(want.strides, want.shape) if n > 1]
    assert s.tolist() == want.tolist()
    assert s.tobytes() == want.tobytes() and s.tobytes("F") == want.tobytes(order="F")
    assert np.shares_memory(np.asarray(s), a) or want.size == 0
    if want.ndim and want.shape[0]:
        i = data.draw(st.integers(-want.shape[0], want.shape[0] - 1))
        assert v[ranges][i].tolist() == want[i].tolist()  # sub-view
    # a cast of the C-contiguous copy to another shape, as NumPy's reshape
    c = np.ascontiguousarray(want)
    if c.size:
        new_shape = (c.size,) if c.ndim > 1 else (1, c.size)
        cv = MemoryView(c).cast(v.format, new_shape)
        assert cv.tolist() == c.reshape(new_shape).tolist()
