#!/usr/bin/env bash
# Memory- and thread-safety checks (issue 7), each stage halting on its first
# report:
#   1. the whole ctest suite built with AddressSanitizer + UBSan (preset asan),
#      then the command-line tool's tests (cli/tests) run against that build's
#      instrumented `memview` binary,
#   2. the stress suites (concurrency + hostile input) built with
#      ThreadSanitizer (preset tsan),
#   3. the core C/C++ gtest binaries of the normal build under valgrind.
# Every stage runs; the script exits non-zero if any failed.
# Usage: scripts/sanitize.sh [asan] [tsan] [valgrind]   (default: all three)
# MV_JOBS sets build/test parallelism (default 2).
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
"$ROOT/scripts/deps.sh" || exit 1
# Only build-tree libraries: an inherited LD_LIBRARY_PATH (scripts/env.sh sets
# one) outranks the tests' RUNPATH, and the sanitizer builds' C API suites
# would then load the installed, uninstrumented libmemview.
unset LD_LIBRARY_PATH LD_PRELOAD
MV_BUILD="$(source "$ROOT/scripts/env.sh" && echo "$MV_BUILD")"
JOBS="${MV_JOBS:-2}"
stages=("$@")
[ ${#stages[@]} -eq 0 ] && stages=(asan tsan valgrind)
failed=()

run_stage() {
  local name=$1 t0=$SECONDS
  echo "== sanitize: $name"
  if "stage_$name"; then
    echo "== sanitize: $name ok ($((SECONDS - t0)) s)"
  else
    echo "== sanitize: $name FAILED ($((SECONDS - t0)) s)"
    failed+=("$name")
  fi
}

# The presets carry the sanitizer flags and the *SAN_OPTIONS (halt_on_error,
# detect_leaks; allocator_may_return_null so that the hostile tests' absurd
# allocations return MV_ENOMEM instead of aborting the sanitizer runtime).
# The C API suites must load the instrumented library of that build.
loads_own_lib() {
  local dir=$1 bin lib
  bin=$(find "$dir/tests" -maxdepth 1 -type f -perm -u+x -name 'capi_*_test' | head -n1)
  [ -n "$bin" ] || return 0
  lib=$(ldd "$bin" | awk '/libmemview/ {print $3}')
  case "$lib" in
    "$dir"/*) return 0 ;;
    *) echo "sanitize: $bin loads $lib, not $dir's instrumented libmemview"; return 1 ;;
  esac
}

stage_asan() {
  cmake --preset asan >/dev/null &&
    cmake --build --preset asan -j "$JOBS" >/dev/null &&
    loads_own_lib "$ROOT/build/asan" &&
    ctest --preset asan -j "$JOBS" --no-tests=error &&
    cli_under_asan
}

# The CLI's tests expect particular exit codes and stderr texts, so a report
# must not be judged by them: every report goes to a file under $logs (one
# per process), and any file there fails the stage, whatever the tests said.
cli_under_asan() {
  local logs="$ROOT/build/asan/cli-reports" bin="$ROOT/build/asan/cli/memview"
  [ -x "$bin" ] || { echo "sanitize: $bin was not built"; return 1; }
  rm -rf "$logs" && mkdir -p "$logs"
  echo "-- cli/tests against $bin"
  MEMVIEW_BIN="$bin" \
    ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=1:log_path=$logs/asan" \
    UBSAN_OPTIONS="print_stacktrace=1:log_path=$logs/ubsan" \
    python3 -m pytest -q -p no:cacheprovider "$ROOT/cli/tests" || return 1
  if [ -n "$(ls -A "$logs")" ]; then
    echo "sanitize: the CLI under ASan/UBSan reported:"
    head -n 40 "$logs"/*
    return 1
  fi
  echo "cli: no ASan/UBSan report"
}

stage_tsan() {
  cmake --preset tsan >/dev/null &&
    cmake --build --preset tsan -j "$JOBS" --target concurrency_test hostile_create_test hostile_derive_test \
      hostile_items_test intern_test >/dev/null &&
    ctest --preset tsan -j 1 --no-tests=error
}

# valgrind over the normal (uninstrumented) build's gtest binaries: every
# *_test executable under tests/ (C API, core, hostile input, concurrency).
stage_valgrind() {
  "$ROOT/scripts/build.sh" >/dev/null || return 1
  local rc=0 bin name n=0
  while IFS= read -r bin; do
    name=$(basename "$bin")
    n=$((n + 1))
    if valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect \
        "$bin" --gtest_brief=1 >"$MV_BUILD/valgrind-$name.log" 2>&1; then
      echo "valgrind: $name clean ($(grep -Eo '[0-9]+ tests? from [0-9]+ test suites? ran' "$MV_BUILD/valgrind-$name.log"))"
    else
      echo "valgrind: $name FAILED (log: $MV_BUILD/valgrind-$name.log)"
      grep -E '^==[0-9]+== [A-Z]|FAILED' "$MV_BUILD/valgrind-$name.log" | head -n 20
      rc=1
    fi
  done < <(find "$MV_BUILD/tests" -maxdepth 2 -type f -perm -u+x -name '*_test' | sort)
  if [ "$n" -eq 0 ]; then
    echo "valgrind: no gtest binaries found under $MV_BUILD/tests"
    return 1
  fi
  return $rc
}

for s in "${stages[@]}"; do
  case "$s" in
    asan | tsan | valgrind) run_stage "$s" ;;
    *) echo "sanitize: unknown stage '$s' (asan, tsan, valgrind)"; exit 2 ;;
  esac
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "sanitize: FAILED: ${failed[*]}"
  exit 1
fi
echo "sanitize: all stages passed (${stages[*]})"
