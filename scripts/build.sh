#!/usr/bin/env bash
# Configure, build and install libmemview (and the memview CLI) into
# $MV_PREFIX (default build/prefix). Extra arguments go to cmake's configure.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cmake -S "$MV_ROOT" -B "$MV_BUILD" -G Ninja -DCMAKE_BUILD_TYPE="${MV_BUILD_TYPE:-RelWithDebInfo}" \
  -DCMAKE_INSTALL_PREFIX="$MV_PREFIX" "$@" >/dev/null
cmake --build "$MV_BUILD"
cmake --install "$MV_BUILD" >/dev/null
echo "build: libmemview installed in $MV_PREFIX"
