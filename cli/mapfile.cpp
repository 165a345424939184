#include "mapfile.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace cli {
namespace {

struct Mapping {
    void *base;
    size_t len;
};

void unmap(void *ctx) {
    auto *m = static_cast<Mapping *>(ctx);
    munmap(m->base, m->len);
    delete m;
}

// Closes the descriptor on every path out of map_file(); the mapping keeps
// its own reference to the file.
struct Fd {
    int fd;
    ~Fd() {
        if (fd >= 0) close(fd);
    }
};

}  // namespace

View map_file(const std::string &path, uint64_t offset, uint64_t length,
              bool populate, uint64_t *file_size) {
    Fd f{open(path.c_str(), O_RDONLY | O_CLOEXEC)};
    if (f.fd < 0) fail("cannot open '" + path + "': " + std::strerror(errno));
    struct stat st;
    if (fstat(f.fd, &st) != 0) fail("cannot stat '" + path + "': " + std::strerror(errno));
    if (S_ISDIR(st.st_mode)) fail("'" + path + "' is a directory");
    if (!S_ISREG(st.st_mode)) fail("'" + path + "' is not a regular file (cannot be mapped)");
    uint64_t size = static_cast<uint64_t>(st.st_size);
    *file_size = size;
    if (offset > size)
        fail("offset " + std::to_string(offset) + " is past the end of '" + path + "' (" +
             std::to_string(size) + " bytes)");
    uint64_t len = size - offset;
    if (length < len) len = length;

    mv_view *v = nullptr;
    if (len == 0) {  // mmap refuses empty ranges; an empty view needs no memory
        int rc = mv_create(&v, nullptr, 0, MV_READONLY, nullptr, nullptr);
        if (rc != MV_OK) fail("cannot create a view: " + lib_problem(rc));
        return View(v);
    }
    // mmap offsets must be page-aligned: map from the page holding `offset`.
    uint64_t page = static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
    uint64_t start = offset - offset % page;
    uint64_t delta = offset - start;
    if (len + delta > SIZE_MAX) fail("'" + path + "' is too large to map");
    int flags = MAP_SHARED | (populate ? MAP_POPULATE : 0);
    void *base = mmap(nullptr, len + delta, PROT_READ, flags, f.fd, static_cast<off_t>(start));
    if (base == MAP_FAILED) fail("cannot map '" + path + "': " + std::strerror(errno));
    if (populate) madvise(base, len + delta, MADV_SEQUENTIAL);
    auto *m = new Mapping{base, static_cast<size_t>(len + delta)};
    int rc = mv_create(&v, static_cast<char *>(base) + delta, static_cast<size_t>(len),
                       MV_READONLY, unmap, m);
    if (rc != MV_OK) {
        unmap(m);  // on failure the release callback is not called: we still own it
        fail("cannot create a view: " + lib_problem(rc));
    }
    return View(v);
}

}  // namespace cli
