# Source this file: sets where the core is built and installed, and points
# pkg-config, CMake, the dynamic linker, cgo and cargo at that prefix.
# MV_BUILD and MV_PREFIX may be set beforehand to use other folders.
MV_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export MV_ROOT
export MV_BUILD="${MV_BUILD:-$MV_ROOT/build/core}"
export MV_PREFIX="${MV_PREFIX:-$MV_ROOT/build/prefix}"
export PKG_CONFIG_PATH="$MV_PREFIX/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
export CMAKE_PREFIX_PATH="$MV_PREFIX${CMAKE_PREFIX_PATH:+:$CMAKE_PREFIX_PATH}"
export LD_LIBRARY_PATH="$MV_PREFIX/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export PATH="$MV_PREFIX/bin:$PATH"
[ -d "$HOME/.cargo/bin" ] && export PATH="$HOME/.cargo/bin:$PATH"
[ -d /usr/local/go/bin ] && export PATH="/usr/local/go/bin:$PATH"
true
