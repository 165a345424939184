#include "shm.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "derive.hpp"
#include "error.hpp"

namespace mv {

namespace {

// strerror_r comes in two flavours (XSI returns int, GNU returns char *).
[[maybe_unused]] const char *strerror_text(int rc, const char *buf) { return rc == 0 ? buf : "unknown error"; }
[[maybe_unused]] const char *strerror_text(const char *text, const char *) { return text; }

// Record "fn: call(\"/name\"): <errno text>" as MV_ESYS (MV_ENOMEM for
// ENOMEM) and leave errno as the failing call set it.
int fail_errno(int err, const char *fn, const char *call, const char *path) {
    char buf[128] = "";
    const char *text = strerror_text(strerror_r(err, buf, sizeof buf), buf);
    int rc = fail(err == ENOMEM ? MV_ENOMEM : MV_ESYS, "%s: %s(\"%s\"): %s", fn, call, path, text);
    errno = err;
    return rc;
}

// "/" + name, checked as Python's SharedMemory(name) and Linux accept it:
// 1 to MV_SHM_NAME_MAX bytes, no '/', not "." or "..".
int shm_path(const char *fn, const char *name, char (&path)[MV_SHM_NAME_MAX + 2]) {
    if (!name) return fail(MV_EINVAL, "%s: name is NULL", fn);
    size_t n = std::strlen(name);
    if (n == 0) return fail(MV_EINVAL, "%s: the segment name is empty", fn);
    if (n > MV_SHM_NAME_MAX)
        return fail(MV_EINVAL, "%s: the segment name is %zu bytes long, more than %d", fn, n, MV_SHM_NAME_MAX);
    if (std::memchr(name, '/', n))
        return fail(MV_EINVAL, "%s: the segment name \"%s\" contains '/' (give the name without the leading slash)",
                    fn, name);
    if (!std::strcmp(name, ".") || !std::strcmp(name, ".."))
        return fail(MV_EINVAL, "%s: \"%s\" is not a segment name", fn, name);
    path[0] = '/';
    std::memcpy(path + 1, name, n + 1);
    return MV_OK;
}

struct Mapping {
    void *addr;
    size_t len;
};

void unmap(void *ctx) {
    Mapping *m = static_cast<Mapping *>(ctx);
    ::munmap(m->addr, m->len);
    std::free(m);
}

// Map `len` bytes of fd and make the first view of the mapping; the fd is
// the caller's to close. On failure nothing stays mapped.
int map_view(mv_view **out, const char *fn, const char *path, int fd, size_t len, bool readonly) {
    Mapping *m = static_cast<Mapping *>(std::malloc(sizeof(Mapping)));
    if (!m) return fail(MV_ENOMEM, "%s: out of memory", fn);
    void *addr = ::mmap(nullptr, len, readonly ? PROT_READ : PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (addr == MAP_FAILED) {
        int err = errno;
        std::free(m);
        return fail_errno(err, fn, "mmap", path);
    }
    m->addr = addr;
    m->len = len;
    int rc = create(out, addr, len, readonly ? MV_READONLY : 0u, unmap, m);
    if (rc) {
        ::munmap(addr, len);
        std::free(m);
    }
    return rc;
}

}  // namespace

int shm_create(mv_view **out, const char *name, size_t nbytes, unsigned flags) {
    const char *fn = "mv_shm_create";
    if (!out) return fail(MV_EINVAL, "%s: out is NULL", fn);
    char path[MV_SHM_NAME_MAX + 2];
    if (int rc = shm_path(fn, name, path)) return rc;
    if (flags & ~MV_READONLY) return fail(MV_EINVAL, "%s: unknown flags 0x%x", fn, flags & ~MV_READONLY);
    if (nbytes == 0) return fail(MV_ESIZE, "%s: a segment needs a size of at least 1 byte", fn);
    if (nbytes > static_cast<size_t>(PTRDIFF_MAX))
        return fail(MV_EOVERFLOW, "%s: nbytes %zu exceeds PTRDIFF_MAX", fn, nbytes);
    // As SharedMemory(create=True): exclusive, owner-only, read-write.
    int fd = ::shm_open(path, O_CREAT | O_EXCL | O_RDWR, 0600);
    if (fd < 0) return fail_errno(errno, fn, "shm_open", path);
    int rc;
    if (::ftruncate(fd, static_cast<off_t>(nbytes)) != 0)
        rc = fail_errno(errno, fn, "ftruncate", path);
    else
        rc = map_view(out, fn, path, fd, nbytes, flags & MV_READONLY);
    int err = errno;
    ::close(fd);
    if (rc) ::shm_unlink(path);  // a failed create leaves no segment behind
    errno = err;
    return rc;
}

int shm_open(mv_view **out, const char *name, unsigned flags) {
    const char *fn = "mv_shm_open";
    if (!out) return fail(MV_EINVAL, "%s: out is NULL", fn);
    char path[MV_SHM_NAME_MAX + 2];
    if (int rc = shm_path(fn, name, path)) return rc;
    if (flags & ~MV_READONLY) return fail(MV_EINVAL, "%s: unknown flags 0x%x", fn, flags & ~MV_READONLY);
    const bool readonly = flags & MV_READONLY;
    int fd = ::shm_open(path, readonly ? O_RDONLY : O_RDWR, 0);
    if (fd < 0) return fail_errno(errno, fn, "shm_open", path);
    // Map the size the segment has now (another process may have truncated
    // it since it was created).
    struct stat st;
    int rc;
    if (::fstat(fd, &st) != 0)
        rc = fail_errno(errno, fn, "fstat", path);
    else if (st.st_size <= 0)
        rc = fail(MV_ESIZE, "%s: segment \"%s\" is empty (size 0): nothing to map", fn, path);
    else if (static_cast<uintmax_t>(st.st_size) > static_cast<uintmax_t>(PTRDIFF_MAX))
        rc = fail(MV_EOVERFLOW, "%s: segment \"%s\" is larger than PTRDIFF_MAX", fn, path);
    else
        rc = map_view(out, fn, path, fd, static_cast<size_t>(st.st_size), readonly);
    int err = errno;
    ::close(fd);
    errno = err;
    return rc;
}

int shm_unlink(const char *name) {
    const char *fn = "mv_shm_unlink";
    char path[MV_SHM_NAME_MAX + 2];
    if (int rc = shm_path(fn, name, path)) return rc;
    if (::shm_unlink(path) != 0) return fail_errno(errno, fn, "shm_unlink", path);
    return MV_OK;
}

}  // namespace mv
