// A progress line on stderr for long runs: bytes done, rate and (when the
// total is known) percentage and time left, redrawn at most four times a
// second from a quarter of a second in (short runs show nothing), and erased
// when the object goes away (at the end, or when an error unwinds).
#pragma once
#include "common.hpp"

#include <chrono>
#include <string>

namespace cli {

// Whether a command shows progress: only when stderr is a terminal, never
// with --quiet, and for commands that print as they go (hex, dump) only when
// their output is not the same terminal.
bool progress_wanted(const Args &a, bool prints_as_it_goes);

class Progress {
public:
    // total: bytes the run will read, 0 when unknown (a pipe).
    Progress(const char *command, uint64_t total, bool show);
    ~Progress();
    Progress(const Progress &) = delete;
    Progress &operator=(const Progress &) = delete;
    void update(uint64_t done);

private:
    using Clock = std::chrono::steady_clock;
    std::string command_;
    uint64_t total_;
    bool show_;
    bool drawn_ = false;
    Clock::time_point start_, next_;
};

// "1.50 GiB", "512 B".
std::string human_bytes(double n);

}  // namespace cli
