// The FILE argument of every command. A regular file is mapped (mmap) and
// handed to memview as a read-only "B" view that unmaps itself when its last
// view is released: never read into a buffer, and only the pages actually
// shown are touched. Anything else ('-' for standard input, /dev/stdin, a
// pipe, a process substitution <(...), a character device) cannot be mapped:
// it is read in chunks (read_some) into a buffer the commands view
// with the same code.
//
// A mapped file that shrinks while it is read would kill the process with
// SIGBUS. map_input() installs a SIGBUS handler that, for a fault inside one
// of our mappings, replaces the rest of that mapping by zero pages and
// records the fault; Mapped::check() then reports "'FILE' changed size while
// being read". Commands call check() after reading a window and before
// printing anything computed from it, so no value read from a vanished page
// is ever shown.
#pragma once
#include "common.hpp"

#include <memory>

namespace cli {

constexpr uint64_t TO_END = UINT64_MAX;

struct Input {
    std::string path;     // as given on the command line ('-' for stdin)
    int fd = -1;
    bool owned = false;   // close fd when done (not stdin)
    bool mapped = false;  // a regular file (mapped); otherwise a stream
    uint64_t origin = 0;  // where reading starts (stdin's current position)
    uint64_t size = 0;    // mapped: bytes from origin to the end of the file
    std::string kind;     // "a pipe", "a character device", ... for messages
    uint64_t consumed = 0;  // stream: bytes read so far

    Input() = default;
    Input(const Input &) = delete;
    Input &operator=(const Input &) = delete;
    ~Input();
};

// Opens FILE ('-' = standard input). Fails naming the problem: missing,
// unreadable, a directory.
std::shared_ptr<Input> open_input(const std::string &path);

// A mapped byte range and the check that the file still holds it.
struct Mapped {
    View view;
    std::shared_ptr<const Input> input;
    uint64_t end = 0;  // the file must keep at least this many bytes
    // Fails with "'FILE' changed size while being read" when a read of the
    // mapping hit a page the file no longer has, or the file is now shorter
    // than the mapped range.
    void check() const;
};

// Bytes [offset, offset + length) of a mapped input (length clamped to the
// end of the file; TO_END for all of it). Fails when the offset is past the
// end. sequential: advise the kernel that the whole range is read in order.
Mapped map_input(const std::shared_ptr<Input> &in, uint64_t offset, uint64_t length, bool sequential);

// Stream reads. read_some: one read() (0 at the end of the input); skip:
// reads and drops n bytes, returning how many there were. Read errors fail
// with the path and errno.
size_t read_some(Input &in, unsigned char *buf, size_t cap);
uint64_t skip(Input &in, uint64_t n);

// A read-only "B" view over buf[0:n) (not owned: the buffer outlives it).
View view_of(const unsigned char *buf, size_t n);

// "offset N is past the end of 'FILE' (M bytes)"
[[noreturn]] void offset_past_end(const Input &in, uint64_t offset, uint64_t size);

// The view a dump/stats/info command looks at over a mapped FILE: from
// --offset, cast to --format with --shape (if any), then --slice (if any).
struct Target {
    View view;
    Mapped map;
};
Target open_target(const Args &a, const Spec &s, const std::shared_ptr<Input> &in, bool sequential);
// The same over any bytes (a stream read into memory).
View shape_view(const Args &a, const Spec &s, const mv_view *bytes);

}  // namespace cli
