#!/usr/bin/env bash
# Runs the examples of every language that has them (examples/<lang>/run.sh),
# then prints one table: example x language, with the result and the time.
# Exits non-zero if a language's run.sh fails, an example fails or is
# missing, or two languages give different results for the same example
# (examples/SPEC.md specifies identical results).
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../scripts/env.sh"

examples=(basics casting earthquake parsing io dask columns)
langs=()
failed_runs=()
results="$(mktemp)"
log="$(mktemp)"
trap 'rm -f "$results" "$log"' EXIT

for lang in c python go rust; do
  [ -f "$here/$lang/run.sh" ] || continue
  langs+=("$lang")
  echo "################ $lang"
  if ! bash "$here/$lang/run.sh" 2>&1 | tee "$log"; then
    failed_runs+=("$lang")
  fi
  grep '^RESULT|' "$log" >>"$results" || true
  echo
done

if [ ${#langs[@]} -eq 0 ]; then
  echo "run_all: no examples/<lang>/run.sh found" >&2
  exit 1
fi

# One row per example: the result (once, when every language agrees) and
# each language's time; a disagreement lists each language's result.
awk -F'|' -v examples="${examples[*]}" -v langs="${langs[*]}" -v failed_runs="${failed_runs[*]}" '
  $1 == "RESULT" && NF >= 5 {
    res = $4; for (k = 5; k < NF; k++) res = res "|" $k   # tolerate a stray |
    result[$3, $2] = res; secs[$3, $2] = $NF
  }
  END {
    ne = split(examples, ex, " "); nl = split(langs, la, " ")
    bad = 0
    width = 10
    for (i = 1; i <= ne; i++) for (j = 1; j <= nl; j++)
      if ((ex[i], la[j]) in result && length(result[ex[i], la[j]]) > width) width = length(result[ex[i], la[j]])
    line = sprintf("%-11s  %-" width "s", "example", "result")
    for (j = 1; j <= nl; j++) line = line sprintf("  %10s", la[j])
    print line
    rule = line; gsub(/./, "-", rule); print rule
    for (i = 1; i <= ne; i++) {
      e = ex[i]; first = ""; differ = 0; problem = 0
      for (j = 1; j <= nl; j++) {
        l = la[j]
        if (!((e, l) in result)) { result[e, l] = "MISSING (no RESULT line)"; secs[e, l] = "" ; problem = 1 }
        if (result[e, l] ~ /^FAIL/) problem = 1
        if (first == "") first = result[e, l]
        else if (result[e, l] != first) differ = 1
      }
      times = ""
      for (j = 1; j <= nl; j++) {
        l = la[j]
        cell = secs[e, l] == "" ? "-" : sprintf("%.1f ms", secs[e, l] * 1000)
        if (result[e, l] ~ /^(FAIL|MISSING)/) cell = "FAIL"
        times = times sprintf("  %10s", cell)
      }
      if (!differ) {
        printf "%-11s  %-" width "s%s\n", e, first, times
      } else {
        printf "%-11s  %-" width "s%s\n", e, "RESULTS DIFFER:", times
        for (j = 1; j <= nl; j++) printf "%-11s    %-8s %s\n", "", la[j], result[e, la[j]]
      }
      if (differ || problem) bad = 1
    }
    print rule
    if (failed_runs != "") { print "run.sh failed for: " failed_runs; bad = 1 }
    if (bad) print "FAILED: see the rows marked FAIL / RESULTS DIFFER above"
    else printf "OK: %d examples, identical results in %d language(s): %s\n", ne, nl, langs
    exit bad
  }' "$results"
status=$?
# The shared-memory half of `dask` across languages: a segment produced by
# each language is read identically by all of them (examples/shm_cross.sh).
echo
bash "$here/shm_cross.sh" || status=1
exit $status
