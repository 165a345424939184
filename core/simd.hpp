// Run-time choice of the SSSE3 kernels (hex, byte-order copy).
#pragma once

#include <cstdlib>

namespace mv {

// True when SSSE3 kernels may run: an x86 CPU with SSSE3, and MEMVIEW_NO_SIMD
// unset (the switch with which bench/check.sh runs the scalar loops). Decided
// once per process.
inline bool simd_ssse3() {
#if defined(__x86_64__) || defined(__i386__)
    static const bool ok = [] {
        __builtin_cpu_init();
        return !std::getenv("MEMVIEW_NO_SIMD") && __builtin_cpu_supports("ssse3");
    }();
    return ok;
#else
    return false;
#endif
}

}  // namespace mv
