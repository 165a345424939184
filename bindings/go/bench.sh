#!/usr/bin/env bash
# Runs the Go binding's benchmarks with -count N (default 5) and prints the
# median ns/op of each, with the ratios the README's table reports.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../../scripts/env.sh"
cd "$here"
count="${1:-5}"
go test -run '^$' -bench . -count "$count" -benchtime "${BENCHTIME:-300ms}" . | tee "${TMPDIR:-/tmp}/memview-go-bench.txt" |
python3 -c '
import re, statistics, sys
runs = {}
for line in sys.stdin:
    m = re.match(r"Benchmark(\S+?)(-\d+)?\s+\d+\s+([\d.]+) ns/op", line)
    if m:
        runs.setdefault(m.group(1), []).append(float(m.group(3)))
med = {k: statistics.median(v) for k, v in runs.items()}
base = med.get("CgoCall")
print("| benchmark | median ns/op | vs cgo call | vs plain Go |")
print("|---|---:|---:|---:|")
pairs = {"Slice/view": "Slice/go", "Slice/view_create": "Slice/go",
         "Slice/raw": "Slice/go", "Slice/view_scoped": "Slice/go", "Slice/view_scoped_create": "Slice/go",
         "Cast/view_scoped_create": "Cast/go", "Cast/view": "Cast/go",
         "Cast/view_create": "Cast/go", "Cast/view_get": "Cast/go", "Hex/view": "Hex/go",
         "Equal/view": "Equal/go", "StridedToBytes/view_step2": "StridedToBytes/go_step2",
         "StridedToBytes/view_item4_step3": "StridedToBytes/go_item4_step3"}
for k, v in med.items():
    vs_cgo = "%.1fx" % (v / base) if base else ""
    vs_go = "%.2fx" % (v / med[pairs[k]]) if k in pairs and pairs[k] in med else ""
    print("| %s | %.1f | %s | %s |" % (k, v, vs_cgo, vs_go))
print("(%d runs each; ratios < 1 mean faster than the reference)" % min(len(v) for v in runs.values()))
'
