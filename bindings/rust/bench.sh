#!/usr/bin/env bash
# The Rust binding's benchmark (memview/benches/views.rs), two independent runs, as a Markdown
# table of medians and ratios against baselines timed in the same process.
#   bindings/rust/bench.sh           # print the table
#   bindings/rust/bench.sh --write   # also put it into memview/README.md (between the
#                                    # rust-bench markers), stamped with the commit measured
# The stamp names HEAD and says so when the library or binding code differs from it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../../scripts/env.sh" >/dev/null
cd "$here"
commit="$(git rev-parse --short HEAD)"
if [ -n "$(git status --porcelain -- ../../core ../../capi memview/src memview/benches memview-sys/src)" ]; then
  commit="$commit plus uncommitted changes"
fi
load="$(cut -d' ' -f1 /proc/loadavg)"
cargo bench --quiet -p memview --bench views --no-run
table="$(cargo bench --quiet -p memview --bench views -- --runs 2)"
stamp="Commit \`$commit\`, $(nproc) CPUs (load average $load at the start), release build, $(date -u +%Y-%m-%d):"
printf '%s\n\n%s\n' "$stamp" "$table"
if [ "${1:-}" = "--write" ]; then
  python3 - "$here/memview/README.md" "$stamp" "$table" <<'PY'
import sys
path, stamp, table = sys.argv[1:]
text = open(path).read()
begin, end = "<!-- rust-bench:begin -->", "<!-- rust-bench:end -->"
if begin not in text or end not in text:
    sys.exit(f"bench.sh: {path} has no {begin} ... {end} markers")
head, rest = text.split(begin, 1)
_, tail = rest.split(end, 1)
open(path, "w").write(f"{head}{begin}\n{stamp}\n\n{table}\n{end}{tail}")
print(f"bench.sh: table written into {path}")
PY
fi
