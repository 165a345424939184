// Opening a shared-memory view (mv_shm_open + mv_release: shm_open, fstat,
// mmap, close, view, munmap) beside the same system calls made by hand; and a
// slice of a shared-memory view beside a slice of an ordinary buffer's view.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>

#include "bench_util.hpp"

namespace {

constexpr size_t kSegment = 1 << 20;

// One segment for the whole run, unlinked at exit.
struct Segment {
    std::string name = "mv_bench_" + std::to_string(getpid());
    mv_view *view = nullptr;
    Segment() { bench::check(mv_shm_create(&view, name.c_str(), kSegment, 0), "mv_shm_create"); }
    ~Segment() {
        mv_release(view);
        mv_shm_unlink(name.c_str());
    }
};

Segment &segment() {
    static Segment s;
    return s;
}

void BM_shm_open_memview(benchmark::State &state) {
    const char *name = segment().name.c_str();
    for (auto _ : state) {
        mv_view *v = nullptr;
        bench::check(mv_shm_open(&v, name, 0), "mv_shm_open");
        benchmark::DoNotOptimize(v);
        mv_release(v);
    }
}

void BM_shm_open_baseline(benchmark::State &state) {
    const std::string path = "/" + segment().name;
    for (auto _ : state) {
        int fd = shm_open(path.c_str(), O_RDWR, 0);
        struct stat st;
        if (fd < 0 || fstat(fd, &st) != 0) state.SkipWithError("shm_open/fstat failed");
        void *p = mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        close(fd);
        if (p == MAP_FAILED) state.SkipWithError("mmap failed");
        benchmark::DoNotOptimize(p);
        munmap(p, static_cast<size_t>(st.st_size));
    }
}

void slice_loop(benchmark::State &state, mv_view *base) {
    for (auto _ : state) {
        mv_view *s = nullptr;
        bench::check(mv_slice(&s, base, 10, 1000, 2), "mv_slice");
        benchmark::DoNotOptimize(s);
        mv_release(s);
    }
}

void BM_shm_slice_release_memview(benchmark::State &state) { slice_loop(state, segment().view); }

unsigned char g_heap[kSegment];

void BM_heap_slice_release_baseline(benchmark::State &state) {
    mv_view *base = bench::view_of(g_heap, sizeof g_heap, nullptr);
    slice_loop(state, base);
    mv_release(base);
}

}  // namespace

BENCHMARK(BM_shm_open_memview);
BENCHMARK(BM_shm_open_baseline);
BENCHMARK(BM_shm_slice_release_memview);
BENCHMARK(BM_heap_slice_release_baseline);
