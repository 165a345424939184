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

void Summary::add_range(int64_t mn, int64_t mx) {
    if (n == 0 || mn < imin) imin = mn;
    if (n == 0 || mx > imax) imax = mx;
}

void Summary::add_range(uint64_t mn, uint64_t mx) {
    if (n == 0 || mn < umin) umin = mn;
    if (n == 0 || mx > umax) umax = mx;
}

void Summary::add_range(double mn, double mx) {
    if (n == 0 || mn < fmin) fmin = mn;
    if (n == 0 || mx > fmax) fmax = mx;
}

// Chan, Golub & LeVeque's pairwise update.
void Summary::merge(uint64_t nb, double mb, double m2b) {
    if (nb == 0) return;
    uint64_t total = n + nb;
    double delta = mb - mean;
    mean += delta * (static_cast<double>(nb) / static_cast<double>(total));
    m2 += m2b + delta * delta * (static_cast<double>(n) * static_cast<double>(nb) / static_cast<double>(total));
    n = total;
}

void Summary::absorb(const Summary &b) {
    nans += b.nans;
    if (b.n == 0) return;
    // Only the field kind's own pair is meaningful; the others stay zero.
    add_range(b.imin, b.imax);
    add_range(b.umin, b.umax);
    add_range(b.fmin, b.fmax);
    merge(b.n, b.mean, b.m2);
}

void add_value(Summary &s, const mv_value &v) {
    double x;
    switch (v.kind) {
    case MV_KIND_INT:
    case MV_KIND_BOOL:
        s.add_range(v.i, v.i);
        x = static_cast<double>(v.i);
        break;
    case MV_KIND_UINT:
        s.add_range(v.u, v.u);
        x = static_cast<double>(v.u);
        break;
    case MV_KIND_FLOAT:
        if (std::isnan(v.f)) {
            ++s.nans;
            return;
        }
        s.add_range(v.f, v.f);
        x = v.f;
        break;
    default:
        return;
    }
    s.merge(1, x, 0.0);
}

}  // namespace cli
