#!/usr/bin/env bash
# Tests the Go binding: SWIG drift check, then go vet, go test, go test -race,
# and go test under GOEXPERIMENT=cgocheck2, in both link modes:
#  - bundled (the default: the amalgamation compiled in by cgo), with no
#    libmemview visible (no PKG_CONFIG_PATH or LD_LIBRARY_PATH);
#  - -tags memview_system (pkg-config, the shared library; built if needed).
# MV_BUILD / MV_PREFIX select where the core is built and installed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../../scripts/env.sh"

if ! command -v swig >/dev/null; then
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq && $sudo apt-get install -y -qq swig >/dev/null
fi
command -v go >/dev/null || { echo "test.sh: go not found" >&2; exit 1; }

cd "$here"
# The generated raw layer is committed (so that `go build` needs no SWIG);
# regenerate it and fail if the committed copy drifted from memview.i.
gen="$(mktemp -d)"
trap 'rm -rf "$gen"' EXIT
cp internal/raw/memview.i "$gen/"
(cd "$gen" && swig -go -cgo -intgosize 64 -package raw -o memview_wrap.c memview.i)
for f in raw.go memview_wrap.c; do
  if ! diff -u "internal/raw/$f" "$gen/$f" >"$gen/$f.diff"; then
    head -40 "$gen/$f.diff" >&2
    echo "test.sh: internal/raw/$f is stale: run 'go generate ./...' in bindings/go" >&2
    exit 1
  fi
done
echo "== swig: generated layer up to date ($(swig -version | awk '/Version/{print $3}'))"

suite() {  # $1: mode name; the rest: extra go flags
  local mode=$1
  shift
  echo "== [$mode] go vet";               go vet "$@" ./...
  echo "== [$mode] go test";              go test -count=1 "$@" ./...
  echo "== [$mode] go test -race";        go test -count=1 -race "$@" ./...
  echo "== [$mode] go test (cgocheck2)";  GOEXPERIMENT=cgocheck2 go test -count=1 "$@" ./...
  # Benchmark smoke (issue 14): every benchmark for 3 iterations, so that
  # they cannot rot; each checks its result (no timing is looked at).
  echo "== [$mode] go test -bench (smoke)"
  go test -count=1 -run '^$' -bench . -benchtime 3x "$@" . >"$gen/bench.txt" || { cat "$gen/bench.txt"; exit 1; }
  local n
  n=$(grep -c '^Benchmark.* ns/op' "$gen/bench.txt" || true)
  [ "$n" -ge 20 ] || { cat "$gen/bench.txt"; echo "test.sh: only $n benchmark results" >&2; exit 1; }
  echo "   $n benchmarks ran"
}
nopc="$(mktemp -d)"
(
  unset PKG_CONFIG_PATH LD_LIBRARY_PATH
  export PKG_CONFIG_LIBDIR="$nopc"
  suite bundled
)
rmdir "$nopc"
pkg-config --exists memview || "$MV_ROOT/scripts/build.sh"
suite system -tags memview_system
echo "test.sh: Go binding OK (bundled and memview_system)"
