"""memview.MemoryView against builtin memoryview (and NumPy), in one run.

    python3 bindings/python/bench/bench.py [--quick] [--sizes 1,64]
    python3 bindings/python/bench/bench.py --readme [--sizes 1]   # rewrites README.md's tables
    python3 bindings/python/bench/bench.py --smoke                 # checks, never times

Prints a Markdown table: per operation and buffer size (MiB), the median
time per call over rounds in which the builtin, MemoryView and NumPy run
interleaved (so that load from other jobs hits all three alike), and the
median over the rounds of the per-round ratio MemoryView / builtin (below 1
means MemoryView is faster).
Destination buffers are allocated and touched before timing.

--readme runs the whole measurement twice, each in a fresh interpreter, and
replaces the tables between the "bench:begin" and "bench:end" markers of
bindings/python/README.md with the median of the two runs per cell and the
spread (lowest-highest) of the ratio, headed by the commit, the machine, the
interpreter and the command, so that no figure is ever typed by hand.
"""
import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time

from memview import MemoryView

try:
    import numpy as np
except ImportError:  # NumPy columns are left empty
    np = None

HERE = os.path.dirname(os.path.abspath(__file__))
README = os.path.join(HERE, "..", "README.md")


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
    m, v = memoryview(ba), MemoryView(ba)
    mf, vf = m.cast("f"), v.cast("f")
    mf[7] = 2.5  # the value the v[i] = x ('f') rows write
    ba2 = bytearray(ba)
    mi, vi = m.cast("i"), v.cast("i")
    mI, vI = memoryview(ba2).cast("I"), MemoryView(ba2).cast("I")
    ms, vs = m[::2], v[::2]
    mfs, vfs = mf[::2], vf[::2]
    m2d, v2d = m.cast("B", [n >> 10, 1024]), v.cast("B", [n >> 10, 1024])
    a = np.frombuffer(ba, dtype=np.uint8) if np is not None else None
    a2d = a.reshape(n >> 10, 1024) if a is not None else None
    af = a.view(np.float32) if a is not None else None
    a2 = np.frombuffer(ba2, dtype=np.uint8) if a is not None else None
    dst = bytearray(n)  # for tobytes_into
    dst[:] = ba
    big = n >= (16 << 20)
    npy = a is not None
    # name, builtin, MemoryView, NumPy (or None), calls per timing round
    rows = [
        ("construction", lambda: memoryview(ba), lambda: MemoryView(ba),
         (lambda: np.frombuffer(ba, dtype=np.uint8)) if npy else None, 2000),
        ("len(v)", lambda: len(m), lambda: len(v), (lambda: len(a)) if npy else None, 5000),
        ("v[1:5]", lambda: m[1:5], lambda: v[1:5], (lambda: a[1:5]) if npy else None, 2000),
        ("v.cast('f')", lambda: m.cast("f"), lambda: v.cast("f"),
         (lambda: a.view(np.float32)) if npy else None, 2000),
        ("v[i] ('B')", lambda: m[12345], lambda: v[12345], (lambda: a[12345]) if npy else None, 5000),
        ("v[i] ('f')", lambda: mf[1234], lambda: vf[1234], (lambda: af[1234]) if npy else None, 5000),
        ("v[i, j] ('B', 2-D)", lambda: m2d[3, 7], lambda: v2d[3, 7],
         (lambda: a2d[3, 7]) if npy else None, 5000),
        ("v[i] = x ('B')", lambda: m.__setitem__(7, 5), lambda: v.__setitem__(7, 5),
         (lambda: a.__setitem__(7, 5)) if npy else None, 5000),
        ("v[i] = x ('f')", lambda: mf.__setitem__(7, 2.5), lambda: vf.__setitem__(7, 2.5),
         (lambda: af.__setitem__(7, 2.5)) if npy else None, 5000),
        ("tobytes contiguous", lambda: m.tobytes(), lambda: v.tobytes(),
         (lambda: a.tobytes()) if npy else None, 1 if big else 20),
        ("tobytes_into contiguous (no alloc)", None, lambda: v.tobytes_into(dst), None, 1 if big else 20),
        ("tobytes strided 'B'[::2]", lambda: ms.tobytes(), lambda: vs.tobytes(),
         (lambda: a[::2].tobytes()) if npy else None, 1 if big else 10),
        ("tobytes strided 'f'[::2]", lambda: mfs.tobytes(), lambda: vfs.tobytes(),
         (lambda: af[::2].tobytes()) if npy else None, 1 if big else 10),
        ("tolist float32", lambda: mf.tolist(), lambda: vf.tolist(),
         (lambda: af.tolist()) if npy else None, 1),
        ("hex()", lambda: m.hex(), lambda: v.hex(), None, 1 if big else 5),
        ("hex(':', 2)", lambda: m.hex(":", 2), lambda: v.hex(":", 2), None, 1 if big else 5),
        ("== same format ('B')", lambda: m == memoryview(ba2), lambda: v == MemoryView(ba2),
         (lambda: np.array_equal(a, a2)) if npy else None, 1 if big else 10),
        ("== different formats ('i' vs 'I')", lambda: mi == mI, lambda: vi == vI,
         None, 1),
    ]
    return rows


def check(mib=1):
    """Smoke run: every case once, and MemoryView's result equals the builtin's."""
    for name, fb, fm, fn, _ in cases(mib):
        got = fm()
        if fb is not None:
            want = fb()
            if isinstance(want, memoryview):
                ok = got.tobytes() == want.tobytes() and got.format == want.format
            else:
                ok = got == want
            if not ok:
                raise SystemExit("bench: %s: MemoryView %r != builtin %r" % (name, got, want))
        if fn is not None:
            fn()
    print("bench: smoke run ok (%d cases)" % len(cases(mib)))


def timed(fn, number):
    t0 = time.perf_counter()
    for _ in range(number):
        fn()
    return (time.perf_counter() - t0) / number


def run(sizes, repeat):
    """[{op, mib, b, mv, np: [per-round times] or None}] with the three
    implementations timed in interleaved rounds."""
    out = []
    for mib in sizes:
        for name, fb, fm, fn, number in cases(mib):
            # Short rounds (well under a scheduler time slice), many of them: on
            # a loaded machine most rounds then run unpreempted, and the median
            # of the per-round ratios ignores the rest. The builtin == across
            # formats costs ~100 ns per item: 5 rounds at most above 1 MiB.
            r = repeat if not (name.startswith("== different") and mib > 1) else min(repeat, 5)
            fns = [f for f in (fb, fm, fn) if f is not None]
            for f in fns:  # warm up
                f()
            times = {id(f): [] for f in fns}
            for k in range(r):
                for f in (fns if k % 2 == 0 else fns[::-1]):  # alternate the order
                    times[id(f)].append(timed(f, number))
            out.append({"op": name, "mib": mib,
                        "b": times[id(fb)] if fb else None, "mv": times[id(fm)],
                        "np": times[id(fn)] if fn else None})
            sys.stderr.write(".")
            sys.stderr.flush()
    sys.stderr.write("\n")
    return out


def ratio(row, other="b", inverse=False):
    """The median over rounds of the ratio of MemoryView's time to the other
    side's in the same round (paired: load that changes between rounds hits
    both sides of a ratio alike)."""
    rs = [(o / m if inverse else m / o) for m, o in zip(row["mv"], row[other])]
    return statistics.median(rs)


def table(runs):
    """Markdown table from one or more runs of the same rows: per cell the
    median over runs of each run's median; the ratio (the median of the
    per-round ratios) with its spread over the runs."""
    lines = ["| operation | MiB | builtin memoryview | memview.MemoryView | ratio MV/builtin%s | NumPy |"
             % (" (spread)" if len(runs) > 1 else ""),
             "|---|---:|---:|---:|---:|---:|"]
    for k, row in enumerate(runs[0]):
        med = {}
        for key in ("b", "mv", "np"):
            if row[key] is None:
                med[key] = None
                continue
            per_run = [statistics.median(r[k][key]) for r in runs]
            med[key] = statistics.median(per_run)
        rtxt = "–"
        if med["b"]:
            ratios = [ratio(r[k]) for r in runs]
            rtxt = "%.2f" % statistics.median(ratios)
            if len(runs) > 1:
                rtxt += " (%.2f–%.2f)" % (min(ratios), max(ratios))
        lines.append("| %s | %d | %s | %s | %s | %s |" % (
            row["op"], row["mib"], fmt_time(med["b"]), fmt_time(med["mv"]), rtxt, fmt_time(med["np"])))
    return "\n".join(lines)


# Issue 14's goals for the Python binding (1 MiB rows): (goal, operation, test).
GOALS = [
    ("`len(v)` ≤ 1.5x the builtin", "len(v)", ("ratio", 1.5)),
    ("`v[1:5]` ≤ 1.5x", "v[1:5]", ("ratio", 1.5)),
    ("`v.cast('f')` ≤ 1.5x", "v.cast('f')", ("ratio", 1.5)),
    ("`v[i]` read ≤ 1.5x ('B')", "v[i] ('B')", ("ratio", 1.5)),
    ("`v[i]` read ≤ 1.5x ('f')", "v[i] ('f')", ("ratio", 1.5)),
    ("`v[i] = x` ≤ 1.5x ('B')", "v[i] = x ('B')", ("ratio", 1.5)),
    ("`v[i] = x` ≤ 1.5x ('f')", "v[i] = x ('f')", ("ratio", 1.5)),
    ("`MemoryView(bytearray)` ≤ 1.5x `memoryview(bytearray)`", "construction", ("ratio", 1.5)),
    ("strided `tobytes` of `'f'[::2]` at least NumPy's speed", "tobytes strided 'f'[::2]", ("numpy", 1.0)),
    ("`hex(':', 2)` ≥ 10x faster than the builtin", "hex(':', 2)", ("faster", 10.0)),
]


def goals(runs):
    """The goals table: per goal the figure of each run and whether the
    median over the runs meets it."""
    lines = ["| goal (issue 14, 1 MiB) | runs | median | |", "|---|---|---:|---|"]
    for goal, op, (kind, limit) in GOALS:
        k = next((k for k, row in enumerate(runs[0]) if row["op"] == op and row["mib"] == 1), None)
        if k is None:
            continue
        figs = []
        for r in runs:
            other = "np" if kind == "numpy" else "b"
            if r[k][other] is None:
                break
            figs.append(ratio(r[k], other, inverse=kind == "faster"))
        if len(figs) != len(runs):
            continue
        med = statistics.median(figs)
        unit = "x faster" if kind == "faster" else ("x NumPy's time" if kind == "numpy" else "x")
        met = med >= limit if kind == "faster" else med <= limit
        lines.append("| %s | %s | %.2f%s | %s |" % (
            goal, ", ".join("%.2f" % f for f in figs), med, unit, "met" if met else "**not met**"))
    return "\n".join(lines)


def machine():
    cpu = platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return "%s, %d cores, %s" % (cpu, os.cpu_count() or 0, platform.system())


def commit():
    try:
        head = subprocess.check_output(["git", "rev-parse", "--short=12", "HEAD"], cwd=HERE, text=True).strip()
        # The README this run rewrites does not count as a change to the code measured.
        dirty = subprocess.call(["git", "diff", "--quiet", "HEAD", "--", ".", ":!README.md"],
                                cwd=os.path.join(HERE, "..")) != 0
    except (OSError, subprocess.CalledProcessError):
        return "unknown commit"
    return head + (" (with uncommitted changes in bindings/python)" if dirty else "")


def readme(args):
    runs = []
    for k in range(2):
        cmd = [sys.executable, os.path.abspath(__file__), "--json", "--sizes", args.sizes]
        if args.quick:
            cmd.append("--quick")
        sys.stderr.write("bench: run %d of 2: %s\n" % (k + 1, " ".join(cmd)))
        runs.append(json.loads(subprocess.check_output(cmd, text=True)))
    repeat = 11 if args.quick else 41
    head = ("Generated by `python3 bindings/python/bench/bench.py --readme --sizes %s%s` on commit %s; "
            "%s, CPython %s (%s). Two runs, each in a fresh interpreter, each timing the builtin, "
            "MemoryView and NumPy in %d interleaved rounds; a cell is the median over the two runs of "
            "each run's median time per call; the ratio is the median over the rounds of MemoryView's "
            "time over the builtin's in the same round (below 1: MemoryView is faster), with its "
            "lowest and highest over the two runs; the goals' figures are such ratios, one per run."
            % (args.sizes, " --quick" if args.quick else "", commit(), machine(),
               platform.python_version(), time.strftime("%Y-%m-%d", time.gmtime()), repeat))
    block = "<!-- bench:begin -->\n%s\n\n%s\n\n%s\n<!-- bench:end -->" % (head, table(runs), goals(runs))
    with open(README, encoding="utf-8") as f:
        text = f.read()
    new, n = re.subn(r"<!-- bench:begin -->.*?<!-- bench:end -->", lambda _: block, text, flags=re.S)
    if n != 1:
        raise SystemExit("bench: README.md has no <!-- bench:begin --> ... <!-- bench:end --> block")
    with open(README, "w", encoding="utf-8") as f:
        f.write(new)
    print(block)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1,64", help="buffer sizes in MiB, comma-separated")
    ap.add_argument("--quick", action="store_true", help="fewer rounds")
    ap.add_argument("--json", action="store_true", help="print the raw per-round times as JSON")
    ap.add_argument("--readme", action="store_true",
                    help="two runs; rewrite the tables of bindings/python/README.md")
    ap.add_argument("--smoke", action="store_true", help="run every case once and check it; no timing")
    args = ap.parse_args()
    if args.smoke:
        check()
        return
    if args.readme:
        readme(args)
        return
    repeat = 11 if args.quick else 41
    res = run([int(s) for s in args.sizes.split(",")], repeat)
    if args.json:
        json.dump(res, sys.stdout)
        return
    print("Python %s; medians per call over %d interleaved rounds\n" % (sys.version.split()[0], repeat))
    print(table([res]))


if __name__ == "__main__":
    main()
