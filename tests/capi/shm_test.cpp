// mv_shm_create / mv_shm_open / mv_shm_unlink: views over named POSIX
// shared-memory segments, shared with other processes (fork here; Python's
// multiprocessing.shared_memory in bindings/python/tests/test_shm.py).
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>

#include "helpers.hpp"

namespace {

// A name no other test (or run) uses; unlinked at scope exit if still there.
struct Name {
    std::string s;
    Name() {
        static int counter = 0;
        s = "mv_shm_test_" + std::to_string(getpid()) + "_" + std::to_string(counter++);
    }
    ~Name() { mv_shm_unlink(s.c_str()); }
    const char *c() const { return s.c_str(); }
};

bool segment_exists(const Name &n) { return access(("/dev/shm/" + n.s).c_str(), F_OK) == 0; }

// Whether this process has the segment mapped (a line of /proc/self/maps
// names /dev/shm/<name>).
bool mapped(const Name &n) {
    std::ifstream maps("/proc/self/maps");
    std::string line, want = "/dev/shm/" + n.s;
    while (std::getline(maps, line))
        if (line.size() >= want.size() && line.find(want) != std::string::npos) return true;
    return false;
}

// Run `body` in a child process; its exit status.
template <class F>
int in_child(F &&body) {
    std::fflush(nullptr);
    pid_t pid = fork();
    if (pid == 0) _exit(body());
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

TEST(Shm, CreateWriteOpenRead) {
    Name n;
    View a, b;
    ASSERT_MV_OK(mv_shm_create(a.out(), n.c(), 4096, 0));
    EXPECT_EQ(mv_nbytes(a), 4096u);
    EXPECT_STREQ(mv_format(a), "B");
    EXPECT_EQ(mv_readonly(a), 0);
    EXPECT_EQ(tobytes(a), std::vector<unsigned char>(4096, 0));  // zeroed
    std::memcpy(mv_data(a), "shared", 6);
    ASSERT_MV_OK(mv_shm_open(b.out(), n.c(), 0));
    EXPECT_NE(mv_data(a), mv_data(b));  // a second mapping of the same pages
    EXPECT_EQ(mv_nbytes(b), 4096u);
    EXPECT_EQ(std::memcmp(mv_data(b), "shared", 6), 0);
    ptrdiff_t i = 100;
    mv_value v = uint_value(7);
    ASSERT_MV_OK(mv_set(b, &i, 1, &v, 1));
    EXPECT_EQ(static_cast<unsigned char *>(mv_data(a))[100], 7);
}

TEST(Shm, ReadOnlyOpenRefusesWrites) {
    Name n;
    View a, r;
    ASSERT_MV_OK(mv_shm_create(a.out(), n.c(), 16, 0));
    ASSERT_MV_OK(mv_shm_open(r.out(), n.c(), MV_READONLY));
    EXPECT_EQ(mv_readonly(r), 1);
    ptrdiff_t i = 0;
    mv_value v = uint_value(1);
    EXPECT_MV_ERROR(mv_set(r, &i, 1, &v, 1), MV_EREADONLY, "read-only");
    EXPECT_MV_ERROR(mv_copy(r, a), MV_EREADONLY, "read-only");
    EXPECT_EQ(tobytes(a), std::vector<unsigned char>(16, 0));
    // The read-only view sees the writer's bytes.
    static_cast<unsigned char *>(mv_data(a))[3] = 9;
    EXPECT_EQ(tobytes(r)[3], 9);
    // A read-only created view, too.
    Name n2;
    View c;
    ASSERT_MV_OK(mv_shm_create(c.out(), n2.c(), 8, MV_READONLY));
    EXPECT_EQ(mv_readonly(c), 1);
}

TEST(Shm, CreateIsExclusiveAndChangesNothingWhenRefused) {
    Name n;
    View a, b;
    ASSERT_MV_OK(mv_shm_create(a.out(), n.c(), 8, 0));
    static_cast<unsigned char *>(mv_data(a))[0] = 42;
    mv_view *out = reinterpret_cast<mv_view *>(0x1);
    errno = 0;
    EXPECT_MV_ERROR(mv_shm_create(&out, n.c(), 64, 0), MV_ESYS, "File exists");
    EXPECT_EQ(errno, EEXIST);
    EXPECT_EQ(out, reinterpret_cast<mv_view *>(0x1));  // untouched
    ASSERT_MV_OK(mv_shm_open(b.out(), n.c(), 0));
    EXPECT_EQ(mv_nbytes(b), 8u);  // not resized
    EXPECT_EQ(tobytes(b)[0], 42);
}

TEST(Shm, OpenMissingIsEnoent) {
    Name n;
    mv_view *out = nullptr;
    errno = 0;
    EXPECT_MV_ERROR(mv_shm_open(&out, n.c(), 0), MV_ESYS, n.s);
    EXPECT_EQ(errno, ENOENT);
    EXPECT_EQ(out, nullptr);
    errno = 0;
    EXPECT_MV_ERROR(mv_shm_unlink(n.c()), MV_ESYS, "No such file");
    EXPECT_EQ(errno, ENOENT);
}

TEST(Shm, HostileNames) {
    mv_view *out = nullptr;
    const std::string too_long(MV_SHM_NAME_MAX + 1, 'n');
    for (const char *bad : {"", "a/b", "/abc", "abc/", ".", "..", too_long.c_str()}) {
        EXPECT_EQ(mv_shm_create(&out, bad, 8, 0), MV_EINVAL) << bad;
        EXPECT_EQ(mv_shm_open(&out, bad, 0), MV_EINVAL) << bad;
        EXPECT_EQ(mv_shm_unlink(bad), MV_EINVAL) << bad;
    }
    EXPECT_EQ(out, nullptr);
    EXPECT_MV_ERROR(mv_shm_create(&out, "", 8, 0), MV_EINVAL, "empty");
    EXPECT_MV_ERROR(mv_shm_open(&out, "/x", 0), MV_EINVAL, "contains '/'");
    EXPECT_MV_ERROR(mv_shm_open(&out, too_long.c_str(), 0), MV_EINVAL, "more than 255");
    EXPECT_MV_ERROR(mv_shm_create(&out, nullptr, 8, 0), MV_EINVAL, "name is NULL");
    EXPECT_MV_ERROR(mv_shm_open(&out, nullptr, 0), MV_EINVAL, "name is NULL");
    EXPECT_MV_ERROR(mv_shm_unlink(nullptr), MV_EINVAL, "name is NULL");
    EXPECT_MV_ERROR(mv_shm_create(nullptr, "x", 8, 0), MV_EINVAL, "out is NULL");
    EXPECT_MV_ERROR(mv_shm_open(nullptr, "x", 0), MV_EINVAL, "out is NULL");
    // The longest name Linux (and Python) accept works.
    std::string longest(MV_SHM_NAME_MAX, 'n');
    longest.replace(0, 12, "mv_shm_test_");
    View v;
    ASSERT_MV_OK(mv_shm_create(v.out(), longest.c_str(), 8, 0));
    ASSERT_MV_OK(mv_shm_unlink(longest.c_str()));
}

TEST(Shm, BadSizesAndFlagsLeaveNoSegment) {
    Name n;
    mv_view *out = nullptr;
    EXPECT_MV_ERROR(mv_shm_create(&out, n.c(), 0, 0), MV_ESIZE, "at least 1 byte");
    EXPECT_FALSE(segment_exists(n));
    EXPECT_MV_ERROR(mv_shm_create(&out, n.c(), SIZE_MAX, 0), MV_EOVERFLOW, "PTRDIFF_MAX");
    EXPECT_FALSE(segment_exists(n));
    EXPECT_MV_ERROR(mv_shm_create(&out, n.c(), 8, 4), MV_EINVAL, "unknown flags");
    EXPECT_MV_ERROR(mv_shm_open(&out, n.c(), 2), MV_EINVAL, "unknown flags");
    EXPECT_FALSE(segment_exists(n));
    // Too large to map: the system refuses, and the half-made segment goes.
    int rc = mv_shm_create(&out, n.c(), static_cast<size_t>(PTRDIFF_MAX), 0);
    EXPECT_TRUE(rc == MV_ENOMEM || rc == MV_ESYS) << rc << " " << mv_errmsg();
    EXPECT_FALSE(segment_exists(n));
    EXPECT_EQ(out, nullptr);
}

TEST(Shm, SegmentTruncatedByAnotherProcess) {
    Name n;
    View a;
    ASSERT_MV_OK(mv_shm_create(a.out(), n.c(), 4096, 0));
    a.out();  // release our mapping before the other process shrinks it
    // Another process shrinks it to 100 bytes: opening maps what is there.
    ASSERT_EQ(in_child([&] {
                  int fd = shm_open(("/" + n.s).c_str(), O_RDWR, 0);
                  return fd >= 0 && ftruncate(fd, 100) == 0 ? 0 : 1;
              }),
              0);
    View b;
    ASSERT_MV_OK(mv_shm_open(b.out(), n.c(), 0));
    EXPECT_EQ(mv_nbytes(b), 100u);
    b.out();
    // ... and to 0: nothing to map, a clear error.
    ASSERT_EQ(in_child([&] {
                  int fd = shm_open(("/" + n.s).c_str(), O_RDWR, 0);
                  return fd >= 0 && ftruncate(fd, 0) == 0 ? 0 : 1;
              }),
              0);
    mv_view *out = nullptr;
    EXPECT_MV_ERROR(mv_shm_open(&out, n.c(), 0), MV_ESIZE, "is empty");
    EXPECT_EQ(out, nullptr);
}

TEST(Shm, UnlinkWhileViewsAreLiveKeepsTheMapping) {
    Name n;
    View a, s;
    ASSERT_MV_OK(mv_shm_create(a.out(), n.c(), 1024, 0));
    ASSERT_MV_OK(mv_slice(s.out(), a, 512, MV_NONE, 1));
    ASSERT_MV_OK(mv_shm_unlink(n.c()));
    EXPECT_FALSE(segment_exists(n));
    mv_view *out = nullptr;
    EXPECT_MV_ERROR(mv_shm_open(&out, n.c(), 0), MV_ESYS, "No such file");
    // The views still read and write the pages.
    ptrdiff_t i = 3;
    mv_value v = uint_value(200);
    ASSERT_MV_OK(mv_set(s, &i, 1, &v, 1));
    EXPECT_EQ(static_cast<unsigned char *>(mv_data(a))[515], 200);
    a.out();  // the slice alone keeps the mapping
    mv_value got{};
    ASSERT_MV_OK(mv_get(s, &i, 1, &got, 1));
    EXPECT_EQ(got.u, 200u);
}

TEST(Shm, UnmappedWhenTheLastViewGoes) {
    Name n;
    View a, c, r;
    ASSERT_MV_OK(mv_shm_create(a.out(), n.c(), 256, 0));
    EXPECT_TRUE(mapped(n));
    ASSERT_MV_OK(mv_cast(c.out(), a, "<I", nullptr, 0));
    ASSERT_MV_OK(mv_retain(r.out(), c));
    a.out();
    c.out();
    EXPECT_TRUE(mapped(n));  // r still holds it
    r.out();
    EXPECT_FALSE(mapped(n));
    // Each open is its own mapping, released with its own views.
    View o1, o2;
    ASSERT_MV_OK(mv_shm_open(o1.out(), n.c(), 0));
    ASSERT_MV_OK(mv_shm_open(o2.out(), n.c(), MV_READONLY));
    o1.out();
    EXPECT_TRUE(mapped(n));
    o2.out();
    EXPECT_FALSE(mapped(n));
}

TEST(Shm, AnotherProcessWritesWhatThisOneReads) {
    Name n;
    View a;
    ASSERT_MV_OK(mv_shm_create(a.out(), n.c(), 4 * 1000, 0));
    // The child opens by name (its own mapping) and fills 1000 '<I' items.
    ASSERT_EQ(in_child([&] {
                  mv_view *v = nullptr, *ints = nullptr;
                  if (mv_shm_open(&v, n.c(), 0) || mv_cast(&ints, v, "<I", nullptr, 0)) return 1;
                  for (ptrdiff_t i = 0; i < 1000; i++) {
                      mv_value x = uint_value(static_cast<uint64_t>(i * i));
                      if (mv_set(ints, &i, 1, &x, 1)) return 2;
                  }
                  mv_release(ints);
                  mv_release(v);
                  return 0;
              }),
              0);
    View ints;
    ASSERT_MV_OK(mv_cast(ints.out(), a, "<I", nullptr, 0));
    for (ptrdiff_t i = 0; i < 1000; i++) {
        mv_value x{};
        ASSERT_MV_OK(mv_get(ints, &i, 1, &x, 1));
        ASSERT_EQ(x.u, static_cast<uint64_t>(i * i));
    }
}
