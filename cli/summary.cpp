#include "summary.hpp"

#include <cmath>
#include <cstdlib>
#include <cstring>

namespace cli {

Kernel pick_kernel(const mv_field_info &f, size_t itemsize) {
#if defined(MV_HAVE_AVX2_KERNELS)
    // MEMVIEW_KERNELS=base forces the portable loops (the tests check both).
    const char *choice = std::getenv("MEMVIEW_KERNELS");
    bool force_base = choice && std::strcmp(choice, "base") == 0;
    if (!force_base && __builtin_cpu_supports("avx2")) return pick_kernel_avx2(f, itemsize);
#endif
    return pick_kernel_base(f, itemsize);
}

void add_value(Summary &s, const mv_value &v) {
    double x;
    switch (v.kind) {
    case MV_KIND_INT:
    case MV_KIND_BOOL:
        s.add_range<int64_t>(v.i, v.i);
        x = static_cast<double>(v.i);
        break;
    case MV_KIND_UINT:
        s.add_range<uint64_t>(v.u, v.u);
        x = static_cast<double>(v.u);
        break;
    case MV_KIND_FLOAT:
        if (std::isnan(v.f)) {
            ++s.nans;
            return;
        }
        s.add_range<double>(v.f, v.f);
        x = v.f;
        break;
    default:
        return;
    }
    s.merge(1, x, 0.0);
}

}  // namespace cli
