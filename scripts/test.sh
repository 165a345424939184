#!/usr/bin/env bash
# The README's test command: install what the machine lacks, build
# everything, run every test suite. Every step runs even when an earlier one
# fails; the summary lists each with its time, and the exit status is
# non-zero if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

steps=()
results=()
failed=0
step() {
  local name=$1
  shift
  echo
  echo "=== $name: $*"
  local t0=$SECONDS
  if "$@"; then results+=("ok    $(printf '%5ds' $((SECONDS - t0)))  $name")
  else results+=("FAIL  $(printf '%5ds' $((SECONDS - t0)))  $name"); failed=1; fi
}

# A suite whose script is not in this checkout is reported, not skipped silently.
suite() {
  local name=$1 script=$2
  if [ -x "$script" ] || [ -f "$script" ]; then step "$name" bash "$script"
  else results+=("MISSING       $name ($script)"); failed=1; fi
}

step "install missing tools" scripts/deps.sh
step "build + install libmemview" scripts/build.sh
if [ $failed -ne 0 ]; then
  printf '%s\n' "${results[@]}"
  echo "test: the build failed; nothing else can run" >&2
  exit 1
fi
step "C/C++ suites (ctest)" ctest --test-dir "$MV_BUILD" --output-on-failure -j2
suite "kernel cross-checks (equal, tobytes/copy, hex)" bench/check.sh
suite "benchmark smoke run (no timing)" bench/smoke.sh
suite "memview CLI" cli/test.sh
suite "Python binding" bindings/python/test.sh
suite "Go binding" bindings/go/test.sh
suite "Rust binding" bindings/rust/test.sh
suite "examples, every language" examples/run_all.sh
# Packaging: every binding installs with its own tool alone, without libmemview.
step "amalgamation up to date" python3 scripts/amalgamate.py --check
step "one version everywhere (VERSION)" python3 scripts/version.py
suite "Python packages (sdist, manylinux wheel; CPython 3.9, 3.13)" bindings/python/package_test.sh
suite "Rust crates (cargo package, built from the .crate files)" bindings/rust/package_test.sh
suite "Go module (outside module, no libmemview)" bindings/go/package_test.sh
suite "sanitizers + valgrind" scripts/sanitize.sh
suite "fuzzing (bounded)" scripts/fuzz.sh

echo
echo "=== summary"
printf '%s\n' "${results[@]}"
exit $failed
