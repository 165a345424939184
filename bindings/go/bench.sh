#!/usr/bin/env bash
# Runs the Go binding's benchmarks in N interleaved passes (default 5; each
# pass runs every benchmark once, so load changes on a shared machine hit
# both sides of a comparison alike) and prints, per benchmark, the median
# ns/op and the median of the per-pass ratios against the bare cgo call and
# against the plain-Go equivalent, with their spread (min–max over the
# passes). The Slice and Cast groups are compared with the cgo-call baseline
# measured inside the same group. bindings/go/README.md's table is this
# script's output, pasted verbatim.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../../scripts/env.sh"
cd "$here"
passes="${1:-5}"
log="${TMPDIR:-/tmp}/memview-go-bench.txt"
: >"$log"
go test -c -o "${TMPDIR:-/tmp}/memview-go-bench.test" .
for i in $(seq "$passes"); do
  echo "PASS $i" >>"$log"
  "${TMPDIR:-/tmp}/memview-go-bench.test" -test.run '^$' -test.bench . \
    -test.benchtime "${BENCHTIME:-300ms}" >>"$log"
done
python3 - "$log" <<'PY'
import re, statistics, sys
passes, metrics = [], []
for line in open(sys.argv[1]):
    if line.startswith("PASS "):
        passes.append({})
        metrics.append({})
    pm = re.match(r"BenchmarkPaired/(\S+?)(-\d+)?\s+\d+\s+[\d.]+ ns/op\s+([\d.]+) op-ns\s+([\d.]+) ratio", line)
    if pm:
        metrics[-1][pm.group(1)] = (float(pm.group(3)), float(pm.group(4)))
        continue
    m = re.match(r"Benchmark(\S+?)(-\d+)?\s+\d+\s+([\d.]+) ns/op", line)
    if m:
        passes[-1][m.group(1)] = float(m.group(3))
pairs = {"Slice/view": "Slice/go", "Slice/raw": "Slice/go", "Slice/view_create": "Slice/go",
         "Slice/view_scoped": "Slice/go", "Slice/view_scoped_create": "Slice/go",
         "Cast/view": "Cast/go", "Cast/view_create": "Cast/go", "Cast/view_scoped_create": "Cast/go",
         "Cast/view_get": "Cast/go", "Hex/view": "Hex/go", "Equal/view": "Equal/go",
         "StridedToBytes/view_step2": "StridedToBytes/go_step2",
         "StridedToBytes/view_item4_step3": "StridedToBytes/go_item4_step3",
         "ColumnSum/view_elems": "ColumnSum/go"}
def ratio(a, b, f):
    r = [p[a] / p[b] for p in passes if a in p and b in p]
    if not r:
        return ""
    return (f + " (" + f + "–" + f + ")") % (statistics.median(r), min(r), max(r))
print("| benchmark | median ns/op | vs cgo call | vs plain Go |")
print("|---|---:|---:|---:|")
for k in passes[0]:
    ns = statistics.median(p[k] for p in passes if k in p)
    grp = k.split("/")[0] + "/cgo_call"
    c = ratio(k, grp, "%.1fx") if grp in passes[0] and "/go" not in k else ""
    g = ratio(k, pairs[k], "%.2fx") if k in pairs else ""
    print("| %s | %.1f | %s | %s |" % (k, ns, c, g))
print("(%d passes; ratios: median (min–max) of the per-pass ratios; < 1 means faster)" % len(passes))
print()
print("| paired benchmark (BenchmarkPaired) | median ns/op | time ratio to its baseline |")
print("|---|---:|---:|")
for k in sorted({k for p in metrics for k in p}):
    r = [p[k][1] for p in metrics if k in p]
    ns = statistics.median(p[k][0] for p in metrics if k in p)
    print("| %s | %.1f | %.2fx (%.2f–%.2f) |" % (k, ns, statistics.median(r), min(r), max(r)))
print("(median (min–max) over the passes of each pass's median block ratio; see paired_bench_test.go)")
PY
