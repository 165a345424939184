#!/usr/bin/env bash
# Tests of the memview command-line tool: builds the library and the tool if
# they are not installed yet, then checks every subcommand and error against
# independently computed values (Python's struct/statistics, CPython's
# memoryview, xxd).
set -euo pipefail
source "$(dirname "$0")/../scripts/env.sh"
have() { command -v "$1" >/dev/null 2>&1; }
if ! have xxd; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq xxd >/dev/null
fi
for mod in pytest numpy; do
  python3 -c "import $mod" 2>/dev/null || python3 -m pip install -q "$mod"
done
[ -x "$MV_PREFIX/bin/memview" ] || "$MV_ROOT/scripts/build.sh"
MEMVIEW_BIN="$MV_PREFIX/bin/memview" python3 -m pytest -q -p no:cacheprovider "$MV_ROOT/cli/tests" "$@"
