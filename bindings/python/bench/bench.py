"""memview.MemoryView against builtin memoryview (and NumPy), in one run.

    python3 bindings/python/bench/bench.py [--quick] [--sizes 1,64]

Prints a Markdown table: per operation and buffer size (MiB), the median and
minimum time per call over timeit.repeat runs, and the ratio of medians
(MemoryView / builtin; below 1 means MemoryView is faster). Destination
buffers are allocated and touched before timing.
"""
import argparse
import statistics
import sys
import timeit

from memview import MemoryView

try:
    import numpy as np
except ImportError:  # NumPy columns are left empty
    np = None


def measure(fn, number, repeat):
    times = [t / number for t in timeit.repeat(fn, number=number, repeat=repeat)]
    return statistics.median(times), min(times)


def fmt_time(s):
    if s is None:
        return "–"
    for unit, scale in (("s", 1), ("ms", 1e-3), ("µs", 1e-6), ("ns", 1e-9)):
        if s >= scale:
            return "%.3g %s" % (s / scale, unit)
    return "%.3g ns" % (s / 1e-9)


def cases(mib):
    n = mib << 20
    ba = bytearray(n)
    for i in range(0, n, 4096):  # touch every page, and make items vary
        ba[i] = i // 4096 % 251
    ba[7] = 5  # the value the v[i] = x rows write: == below compares equal buffers
    ba2 = bytearray(ba)
    m, v = memoryview(ba), MemoryView(ba)
    mf, vf = m.cast("f"), v.cast("f")
    mi, vi = m.cast("i"), v.cast("i")
    mI, vI = memoryview(ba2).cast("I"), MemoryView(ba2).cast("I")
    ms, vs = m[::2], v[::2]
    m2d, v2d = m.cast("B", [n >> 10, 1024]), v.cast("B", [n >> 10, 1024])
    a = np.frombuffer(ba, dtype=np.uint8) if np is not None else None
    a2d = a.reshape(n >> 10, 1024) if a is not None else None
    af = a.view(np.float32) if a is not None else None
    a2 = np.frombuffer(ba2, dtype=np.uint8) if a is not None else None
    dst = bytearray(n)  # for tobytes_into
    dst[:] = ba
    big = n >= (16 << 20)
    # name, builtin, MemoryView, NumPy (or None), calls per timing run
    rows = [
        ("construction", lambda: memoryview(ba), lambda: MemoryView(ba),
         (lambda: np.frombuffer(ba, dtype=np.uint8)) if a is not None else None, 20000),
        ("v[1:5]", lambda: m[1:5], lambda: v[1:5], (lambda: a[1:5]) if a is not None else None, 20000),
        ("v.cast('f')", lambda: m.cast("f"), lambda: v.cast("f"),
         (lambda: a.view(np.float32)) if a is not None else None, 20000),
        ("v[i] ('B')", lambda: m[12345], lambda: v[12345], (lambda: a[12345]) if a is not None else None, 50000),
        ("v[i] ('f')", lambda: mf[1234], lambda: vf[1234], (lambda: af[1234]) if af is not None else None, 50000),
        ("v[i, j] ('B', 2-D)", lambda: m2d[3, 7], lambda: v2d[3, 7],
         (lambda: a2d[3, 7]) if a is not None else None, 50000),
        ("v[i] = x ('B')", lambda: m.__setitem__(7, 5), lambda: v.__setitem__(7, 5),
         (lambda: a.__setitem__(7, 5)) if a is not None else None, 50000),
        ("tobytes contiguous", lambda: m.tobytes(), lambda: v.tobytes(),
         (lambda: a.tobytes()) if a is not None else None, 1 if big else 20),
        ("tobytes_into contiguous (no alloc)", None, lambda: v.tobytes_into(dst), None, 1 if big else 20),
        ("tobytes strided [::2]", lambda: ms.tobytes(), lambda: vs.tobytes(),
         (lambda: a[::2].tobytes()) if a is not None else None, 1 if big else 10),
        ("tolist float32", lambda: mf.tolist(), lambda: vf.tolist(),
         (lambda: af.tolist()) if af is not None else None, 1),
        ("hex", lambda: m.hex(), lambda: v.hex(), None, 1 if big else 5),
        ("== same format ('B')", lambda: m == memoryview(ba2), lambda: v == MemoryView(ba2),
         (lambda: np.array_equal(a, a2)) if a is not None else None, 1 if big else 10),
        ("== different formats ('i' vs 'I')", lambda: mi == mI, lambda: vi == vI,
         None, 1),
    ]
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1,64", help="buffer sizes in MiB, comma-separated")
    ap.add_argument("--quick", action="store_true", help="fewer repeats")
    args = ap.parse_args()
    repeat = 3 if args.quick else 7
    print("Python %s; medians (min) per call, %d runs each\n" % (sys.version.split()[0], repeat))
    print("| operation | MiB | builtin memoryview | memview.MemoryView | ratio MV/builtin | NumPy |")
    print("|---|---:|---:|---:|---:|---:|")
    for mib in (int(s) for s in args.sizes.split(",")):
        for name, fb, fm, fn, number in cases(mib):
            # The builtin == across formats costs ~100 ns per item: cap it at 64 MiB.
            r = repeat if not (name.startswith("== different") and mib > 8) else 1
            b = measure(fb, number, r) if fb else None
            mv = measure(fm, number, r)
            nv = measure(fn, number, r) if fn else None
            ratio = "%.2f" % (mv[0] / b[0]) if b else "–"
            print("| %s | %d | %s (%s) | %s (%s) | %s | %s |" % (
                name, mib, fmt_time(b[0]) if b else "–", fmt_time(b[1]) if b else "–",
                fmt_time(mv[0]), fmt_time(mv[1]), ratio, fmt_time(nv[0]) if nv else "–"))
            sys.stdout.flush()


if __name__ == "__main__":
    main()
