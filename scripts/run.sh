#!/usr/bin/env bash
# The README's first command: install what the machine lacks, build
# libmemview and every binding, and run the examples in C, Python, Go and
# Rust, ending with one table (example x language).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
scripts/build.sh
source scripts/env.sh
exec examples/run_all.sh
