#!/usr/bin/env bash
# Bounded libFuzzer runs of every harness in tests/fuzz (issue 7), built with
# the `fuzz` preset (clang, ASan + UBSan, libFuzzer), then the regression
# replays. Exits non-zero on any crash, sanitizer report or failed property.
#
#   scripts/fuzz.sh                 CI: -runs=200000 per harness
#   scripts/fuzz.sh -runs=N         N executions per harness
#   scripts/fuzz.sh SECONDS         time-bounded, e.g. the long run:
#   scripts/fuzz.sh 3600            one hour per harness
# Optional further arguments name harnesses (format, chain, suboffsets, interop); default: all.
#
# Each harness fuzzes into build/fuzz/corpus/<h>/ (seeded from the checked-in
# tests/fuzz/corpus/<h>/, kept between runs). A crashing input is written to
# build/fuzz/artifacts/<h>/; once understood and fixed, copy it into
# tests/fuzz/regressions/<h>/ so every build replays it.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
"$ROOT/scripts/deps.sh"

limit="-runs=200000"
if [ $# -gt 0 ]; then
  case "$1" in
    -runs=*) limit="$1"; shift ;;
    [0-9]*) limit="-max_total_time=$1"; shift ;;
  esac
fi
harnesses=("$@")
[ ${#harnesses[@]} -eq 0 ] && harnesses=(format chain suboffsets interop)

export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:allocator_may_return_null=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"

cmake --preset fuzz >/dev/null
targets=()
for h in "${harnesses[@]}"; do targets+=("fuzz_$h" "fuzz_${h}_replay"); done
cmake --build --preset fuzz -j "${MV_JOBS:-2}" --target "${targets[@]}" >/dev/null

declare -A max_len=([format]=512 [chain]=2048 [suboffsets]=1024)
status=0
summary=()
for h in "${harnesses[@]}"; do
  work="$ROOT/build/fuzz/corpus/$h"
  art="$ROOT/build/fuzz/artifacts/$h"
  log="$ROOT/build/fuzz/fuzz-$h.log"
  mkdir -p "$work" "$art"
  dict=()
  [ -f "tests/fuzz/$h.dict" ] && dict=("-dict=tests/fuzz/$h.dict")
  echo "== fuzz: $h ($limit)"
  t0=$SECONDS
  if "build/fuzz/tests/fuzz/fuzz_$h" "$limit" -max_len="${max_len[$h]:-1024}" -timeout=20 \
      -print_final_stats=1 -artifact_prefix="$art/" "${dict[@]}" "$work" "tests/fuzz/corpus/$h" >"$log" 2>&1; then
    result=ok
  else
    result="CRASH (see $log; input in $art/)"
    status=1
    grep -E "fuzz property failed|ERROR:|runtime error|SUMMARY" "$log" | head -n 5 || true
  fi
  execs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' || echo "?")
  summary+=("$(printf '%-8s %12s executions %6s s  %s' "$h" "$execs" "$((SECONDS - t0))" "$result")")
done

echo "== fuzz: regression and seed-corpus replays"
# Only the named harnesses' replays: the others were not built.
ctest --preset fuzz --no-tests=error -R "^fuzz_($(IFS='|'; echo "${harnesses[*]}"))_" || status=1

echo "== fuzz summary"
printf '%s\n' "${summary[@]}"
exit $status
