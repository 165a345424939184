#!/usr/bin/env python3
"""The feature x language table of README.md, from what the shared vectors exercise.

Each row is a feature of the cases in tests/vectors/vectors.json (with its
count of cases, and how many of them are documented extensions); each column
is a language's runner, and a cell says whether that runner handles the
operation or case kind the feature needs (it dispatches on the name quoted
in the file), and how many of its cases fail there as a known bug
(tests/vectors/known_bugs.json). A runner fails on any case it cannot run, so
a missing cell is a failing suite, and the table shows where.

    python3 tests/vectors/table.py           # print the table
    python3 tests/vectors/table.py --write   # replace the table in README.md
    python3 tests/vectors/table.py --check   # exit 1 if README.md's table is stale
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
README = os.path.join(ROOT, "README.md")
BEGIN, END = "<!-- vectors-table:begin -->", "<!-- vectors-table:end -->"

RUNNERS = [
    ("C", "tests/vectors/vectors_test.cpp"),
    ("Python", "bindings/python/tests/test_vectors.py"),
    ("Go", "bindings/go/vectors_test.go"),
    ("Rust", "bindings/rust/memview/tests/vectors.rs"),
]

ERROR_CODES = ["MV_EINVAL", "MV_EFORMAT", "MV_EINDEX", "MV_EREADONLY", "MV_ELAYOUT", "MV_ESIZE",
               "MV_ETYPE", "MV_EVALUE"]


def ops_of(case):
    if case["kind"] == "equal":
        return case["a"]["ops"] + case["b"]["ops"]
    return case.get("ops", [])


def is_format_ext(fmt):
    return fmt[:1] in "<>=!" or len(re.findall(r"[a-zA-Z?]", fmt)) > 1 or fmt[:1].isdigit()


# (feature, predicate over a case, names the runner must dispatch on; a dict
# gives them per language)
FEATURES = [
    ("1-D slicing `v[a:b:s]`", lambda c: any(o["op"] == "slice" for o in ops_of(c)), ["slice"]),
    ("N-d slicing `v[a:b, c:d]`", lambda c: any(o["op"] == "slice_nd" for o in ops_of(c)), ["slice_nd"]),
    ("sub-views `v[i]` of N-d views", lambda c: any(o["op"] == "index" for o in ops_of(c)), ["index"]),
    ("casts, native formats", lambda c: any(o["op"] == "cast" and not is_format_ext(o["format"])
                                            for o in ops_of(c)), ["cast"]),
    ("casts, byte-order and record formats", lambda c: any(o["op"] == "cast" and is_format_ext(o["format"])
                                                           for o in ops_of(c)), ["cast"]),
    ("casts to N-d and 0-d shapes", lambda c: any(o["op"] == "cast" and o["shape"] is not None
                                                  and len(o["shape"]) != 1 for o in ops_of(c)), ["cast"]),
    ("casts at an offset", lambda c: any(o["op"] == "cast" and o["offset"] for o in ops_of(c)), ["cast", "offset"]),
    ("record field views", lambda c: any(o["op"] == "field" for o in ops_of(c)), ["field"]),
    ("`toreadonly`", lambda c: any(o["op"] == "toreadonly" for o in ops_of(c)), ["toreadonly"]),
    ("layout: shape, strides, flags", lambda c: c["kind"] == "view" and "expect" in c,
     ["strides", "c_contiguous", "f_contiguous"]),
    ("`tobytes` in C, F and A order", lambda c: c["kind"] == "view" and "expect" in c,
     ["tobytes", "tobytes_F", "tobytes_A"]),
    ("items (`tolist`)", lambda c: c["kind"] == "view" and "items" in c.get("expect", {}), ["items"]),
    ("`hex(sep, bytes_per_sep)`", lambda c: c["kind"] == "hex", ["hex", "bytes_per_sep"]),
    ("`==` within and across formats", lambda c: c["kind"] == "equal", ["equal"]),
    ("slice assignment, overlapping", lambda c: c["kind"] == "copy", ["copy", "dst", "src"]),
    ("item writes `v[i] = x`", lambda c: c["kind"] == "set", ["set"]),
    ("errors: the same code (class in Python)", lambda c: "error" in c,
     {"C": ERROR_CODES, "Go": ERROR_CODES, "Rust": ERROR_CODES, "Python": ["error", "class"]}),
    ("refused writes change nothing", lambda c: c["kind"] in ("copy", "set") and "error" in c, ["copy", "set"]),
]


def handles(text, names, lang):
    if isinstance(names, dict):
        names = names[lang]
    return all(('"%s"' % n) in text for n in names)


def table():
    with open(os.path.join(HERE, "vectors.json")) as f:
        cases = json.load(f)["cases"]
    with open(os.path.join(HERE, "known_bugs.json")) as f:
        bugs = json.load(f)
    texts = {}
    for lang, path in RUNNERS:
        with open(os.path.join(ROOT, path)) as f:
            texts[lang] = f.read()
    head = "| feature | cases (extensions) | " + " | ".join(l for l, _ in RUNNERS) + " |"
    rule = "|---|---:|" + "---|" * len(RUNNERS)
    rows = [head, rule]
    for name, pred, names in FEATURES:
        hit = [c for c in cases if pred(c)]
        ext = sum(1 for c in hit if c.get("ext"))
        cells = []
        for lang, _ in RUNNERS:
            failing = sum(1 for c in hit if c["id"] in bugs.get(lang, {}))
            cell = "yes" if hit and handles(texts[lang], names, lang) else "**no**"
            if failing:
                cell = "**%d of %d fail** (known bug)" % (failing, len(hit))
            cells.append(cell)
        rows.append("| %s | %d (%d) | %s |" % (name, len(hit), ext, " | ".join(cells)))
    total = "| all cases | %d (%d) | %s |" % (
        len(cases), sum(1 for c in cases if c.get("ext")),
        " | ".join("runs all, %d pass" % (len(cases) - len(bugs.get(l, {}))) for l, _ in RUNNERS))
    rows.append(total)
    return "\n".join(rows) + "\n"


def main(argv):
    t = table()
    if not argv:
        sys.stdout.write(t)
        return 0
    with open(README) as f:
        text = f.read()
    a, b = text.find(BEGIN), text.find(END)
    if a < 0 or b < a:
        sys.stderr.write("README.md has no %s ... %s section\n" % (BEGIN, END))
        return 1
    new = text[:a + len(BEGIN)] + "\n" + t + text[b:]
    if argv[0] == "--check":
        if new != text:
            sys.stderr.write("README.md's feature table is stale: run python3 tests/vectors/table.py --write\n")
            return 1
        print("vectors: README.md feature table is current")
        return 0
    if argv[0] == "--write":
        with open(README, "w") as f:
            f.write(new)
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
