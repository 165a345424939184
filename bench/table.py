"""Print bench/run.sh's table from Google Benchmark JSON (medians only).

Benchmarks come in pairs BM_<op>_memview / BM_<op>_baseline (the per-op
ones share BM_malloc_free_baseline). ratio = memview time / baseline time,
so below 1 memview is faster. Times are CPU time of the benchmark thread:
on a shared machine wall time also counts the time a neighbour held the
core, which says nothing about the code.
"""
import json
import sys

# op: (baseline op, target on the time ratio or None, what the target means)
OPS = {
    "create_release": ("malloc_free", None, "info (no target)"),
    "slice_release": ("malloc_free", 2.0, "<= 2x malloc+free"),
    "cast_release": ("malloc_free", 2.0, "<= 2x malloc+free"),
    "cast_record_release": ("malloc_free", 2.0, "<= 2x malloc+free (interned)"),
    "tobytes_contig": ("tobytes_contig", 1 / 0.8, ">= 80% of memcpy"),
    "tobytes_strided": ("tobytes_strided", 1 / 0.7, ">= 70% of typed loop"),
    "tobytes_column": ("tobytes_column", None, "info (2-D column)"),
    "hex": ("hex", 1.0, ">= table loop"),
    "hex_sep": ("hex_sep", 0.5, "<= 0.5x table loop (sep ':')"),
    "equal_B_B": ("equal_B_B", None, "info (memcmp)"),
    "equal_f_f": ("equal_f_f", None, "info (typed loop)"),
    "equal_f_lef": ("equal_f_lef", None, "info (typed loop)"),
    "equal_i_f": ("equal_i_f", None, "info (typed loop)"),
    "shm_open": ("shm_open", 1.1, "<= shm_open+fstat+mmap+munmap (10% noise)"),
    "shm_slice_release": ("heap_slice_release", 1.1, "<= slice of a heap view"),
    # issue 11: export + import + release, zero-copy; target < 1 us absolute,
    # and the 1 GiB row equal to the 1 KiB one (O(1))
    "arrow_roundtrip_1KiB": ("malloc_free", None, "< 1 us (absolute)"),
    "arrow_roundtrip_1GiB": ("malloc_free", None, "< 1 us, = 1 KiB row"),
    "dlpack_roundtrip_1KiB": ("malloc_free", None, "< 1 us (absolute)"),
    "dlpack_roundtrip_1GiB": ("malloc_free", None, "< 1 us, = 1 KiB row"),
}

# Parameterised ops: (target on the time ratio or None, what it means).
PARAM_OPS = {
    "tobytes_step": (1.0, "<= typed loop (itemsize/step)"),
    "tobytes_step_l2": (None, "info (64 KiB out, in L2)"),
    "tobytes_step_roof": (None, "info (vs read span + write out)"),
    "hex_group": (0.5, "<= 0.5x table loop (group)"),
}
# Targets on the memview time itself (ns), for ops whose bound is absolute.
ABSOLUTE_NS = {op: 1000.0 for op in OPS if "_roundtrip_" in op}


def fmt_time(ns):
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.2f} us"
    return f"{ns:.1f} ns"


def main(path):
    with open(path) as f:
        data = json.load(f)
    med = {}
    for b in data["benchmarks"]:
        if b.get("aggregate_name") != "median":
            continue
        name = b["run_name"]
        scale = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}[b["time_unit"]]
        med[name] = (b["cpu_time"] * scale, b.get("items_per_second"))
    rows = [("op", "memview", "baseline", "ratio", "target", "met?", "memview ns/item")]
    missed = 0
    for op, (base, target, what) in OPS.items():
        m = med.get(f"BM_{op}_memview")
        bl = med.get(f"BM_{base}_baseline")
        if m is None or bl is None:
            continue
        ratio = m[0] / bl[0]
        met = "-" if target is None else ("yes" if ratio <= target else "NO")
        if op in ABSOLUTE_NS:
            met = "yes" if m[0] <= ABSOLUTE_NS[op] else "NO"
        missed += met == "NO"
        per_item = f"{1e9 / m[1]:.2f}" if m[1] else ""
        rows.append((op, fmt_time(m[0]), fmt_time(bl[0]), f"{ratio:.2f}x", what, met, per_item))
    # Parameterised pairs: BM_<op>_memview/<args> beside BM_<op>_baseline/<args>
    # (tobytes_step: itemsize/step, target <= the typed loop).
    for name in sorted(med, key=lambda n: [(0, abs(int(a)), int(a) < 0) if a.lstrip("-").isdigit() else (1, a) for a in n.split("/")]):
        if "/" not in name or "_memview/" not in name:
            continue
        op, args = name[3:].split("_memview/", 1)
        bl = med.get(f"BM_{op}_baseline/{args}")
        if bl is None:
            continue
        args = args.split("/min_time")[0]
        target, what = PARAM_OPS.get(op, (None, "info"))
        ratio = med[name][0] / bl[0]
        met = "-" if target is None else ("yes" if ratio <= target else "NO")
        missed += met == "NO"
        rows.append((f"{op} {args}", fmt_time(med[name][0]), fmt_time(bl[0]), f"{ratio:.2f}x", what, met, ""))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
    ctx = data.get("context", {})
    print(f"\n{ctx.get('num_cpus', '?')} CPUs at {ctx.get('mhz_per_cpu', '?')} MHz; "
          f"medians of 5 interleaved repetitions of CPU time; ratio = memview / baseline; "
          f"targets missed: {missed}")


if __name__ == "__main__":
    main(sys.argv[1])
