#include "mapfile.hpp"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <mutex>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace cli {
namespace {

// --- SIGBUS: a read of a mapped page the file no longer has -------------

// The mappings the handler may repair (a command has one; a few slots
// leave room). base == 0: free.
struct Slot {
    std::atomic<uintptr_t> base{0};
    std::atomic<size_t> len{0};
};
Slot g_slots[8];
std::atomic<bool> g_faulted{false};
uintptr_t g_page = 4096;
std::once_flag g_installed;

// Only async-signal-safe calls here (mmap, sigaction and raise are system
// calls). For a fault inside one of our mappings: map anonymous zero pages
// over the rest of it, so the faulting read completes (with zeros) and the
// commands' check() reports the change; the zeros are never shown.
void on_sigbus(int, siginfo_t *si, void *) {
    uintptr_t a = reinterpret_cast<uintptr_t>(si->si_addr);
    for (auto &s : g_slots) {
        uintptr_t b = s.base.load();
        size_t l = s.len.load();
        if (b == 0 || a < b || a >= b + l) continue;
        uintptr_t page = a & ~(g_page - 1);
        void *r = mmap(reinterpret_cast<void *>(page), b + l - page, PROT_READ,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
        if (r != MAP_FAILED) {
            g_faulted.store(true);
            return;
        }
        break;
    }
    // Not ours (or not repairable): what SIGBUS would have done.
    struct sigaction dfl;
    std::memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigaction(SIGBUS, &dfl, nullptr);
    raise(SIGBUS);  // delivered when the handler returns
}

void install_handler() {
    std::call_once(g_installed, [] {
        g_page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
        struct sigaction sa;
        std::memset(&sa, 0, sizeof sa);
        sa.sa_sigaction = on_sigbus;
        sa.sa_flags = SA_SIGINFO;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGBUS, &sa, nullptr);
    });
}

struct Mapping {
    void *base;
    size_t len;
    Slot *slot;
};

void unmap(void *ctx) {
    auto *m = static_cast<Mapping *>(ctx);
    if (m->slot) m->slot->base.store(0);
    munmap(m->base, m->len);
    delete m;
}

// Mappings are made by the main thread only; len is set before base, so
// the handler never sees a slot half filled.
Slot *claim_slot(void *base, size_t len) {
    for (auto &s : g_slots) {
        if (s.base.load() != 0) continue;
        s.len.store(len);
        s.base.store(reinterpret_cast<uintptr_t>(base));
        return &s;
    }
    return nullptr;  // more mappings than slots: SIGBUS there is not caught
}

std::string kind_of(mode_t mode) {
    if (S_ISFIFO(mode)) return "a pipe";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISSOCK(mode)) return "a socket";
    if (S_ISBLK(mode)) return "a block device";
    return "not a regular file";
}

}  // namespace

Input::~Input() {
    if (owned && fd >= 0) close(fd);
}

std::shared_ptr<Input> open_input(const std::string &path) {
    auto in = std::make_shared<Input>();
    in->path = path;
    if (path == "-") {
        in->fd = STDIN_FILENO;
    } else {
        in->fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (in->fd < 0) fail("cannot open '" + path + "': " + std::strerror(errno));
        in->owned = true;
    }
    struct stat st;
    if (fstat(in->fd, &st) != 0) fail("cannot stat '" + path + "': " + std::strerror(errno));
    if (S_ISDIR(st.st_mode)) fail("'" + path + "' is a directory");
    if (S_ISREG(st.st_mode)) {
        in->mapped = true;
        in->kind = "a regular file";
        uint64_t size = static_cast<uint64_t>(st.st_size);
        if (path == "-") {  // `memview hex - < FILE` starts where stdin stands
            off_t pos = lseek(in->fd, 0, SEEK_CUR);
            if (pos > 0) in->origin = static_cast<uint64_t>(pos) < size ? static_cast<uint64_t>(pos) : size;
        }
        in->size = size - in->origin;
    } else {
        in->kind = kind_of(st.st_mode);
    }
    return in;
}

void offset_past_end(const Input &in, uint64_t offset, uint64_t size) {
    fail("offset " + std::to_string(offset) + " is past the end of '" + in.path + "' (" + std::to_string(size) +
         " bytes)");
}

View view_of(const unsigned char *buf, size_t n) {
    mv_view *v = nullptr;
    int rc = mv_create(&v, const_cast<unsigned char *>(buf), n, MV_READONLY, nullptr, nullptr);
    if (rc != MV_OK) fail("cannot create a view: " + lib_problem(rc));
    return View(v);
}

Mapped map_input(const std::shared_ptr<Input> &in, uint64_t offset, uint64_t length, bool sequential) {
    Mapped out;
    out.input = in;
    uint64_t size = in->size;
    if (offset > size) offset_past_end(*in, offset, size);
    uint64_t len = size - offset;
    if (length < len) len = length;
    out.end = in->origin + offset + len;
    if (len == 0) {  // mmap refuses empty ranges; an empty view needs no memory
        out.view = view_of(nullptr, 0);
        return out;
    }
    install_handler();
    // mmap offsets must be page-aligned: map from the page holding the start.
    uint64_t first = in->origin + offset;
    uint64_t page = static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
    uint64_t start = first - first % page;
    uint64_t delta = first - start;
    if (len + delta > SIZE_MAX) fail("'" + in->path + "' is too large to map");
    void *base = mmap(nullptr, len + delta, PROT_READ, MAP_SHARED, in->fd, static_cast<off_t>(start));
    if (base == MAP_FAILED) fail("cannot map '" + in->path + "': " + std::strerror(errno));
    if (sequential) madvise(base, len + delta, MADV_SEQUENTIAL);
    auto *m = new Mapping{base, static_cast<size_t>(len + delta), nullptr};
    m->slot = claim_slot(base, m->len);
    mv_view *v = nullptr;
    int rc = mv_create(&v, static_cast<char *>(base) + delta, static_cast<size_t>(len), MV_READONLY, unmap, m);
    if (rc != MV_OK) {
        unmap(m);  // on failure the release callback is not called: we still own it
        fail("cannot create a view: " + lib_problem(rc));
    }
    out.view.reset(v);
    return out;
}

void Mapped::check() const {
    bool changed = g_faulted.load(std::memory_order_relaxed);
    struct stat st;
    if (!changed && input && fstat(input->fd, &st) == 0) changed = static_cast<uint64_t>(st.st_size) < end;
    if (changed) fail("'" + input->path + "' changed size while being read");
}

size_t read_some(Input &in, unsigned char *buf, size_t cap) {
    while (true) {
        ssize_t got = read(in.fd, buf, cap);
        if (got >= 0) {
            in.consumed += static_cast<uint64_t>(got);
            return static_cast<size_t>(got);
        }
        if (errno != EINTR) fail("cannot read '" + in.path + "': " + std::strerror(errno));
    }
}

uint64_t skip(Input &in, uint64_t n) {
    std::vector<unsigned char> scratch(n < (1u << 16) ? static_cast<size_t>(n) : (1u << 16));
    uint64_t done = 0;
    while (done < n) {
        uint64_t want = n - done < scratch.size() ? n - done : scratch.size();
        size_t got = read_some(in, scratch.data(), static_cast<size_t>(want));
        if (got == 0) break;
        done += got;
    }
    return done;
}

}  // namespace cli
