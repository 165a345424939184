#include "progress.hpp"

#include <cstdio>
#include <unistd.h>

namespace cli {

namespace {
constexpr auto PERIOD = std::chrono::milliseconds(250);
}

bool progress_wanted(const Args &a, bool prints_as_it_goes) {
    if (a.has("--quiet") || !isatty(STDERR_FILENO)) return false;
    return !prints_as_it_goes || !isatty(STDOUT_FILENO);
}

std::string human_bytes(double n) {
    static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    int u = 0;
    while (n >= 1024 && u < 5) {
        n /= 1024;
        ++u;
    }
    char buf[32];
    if (u == 0) std::snprintf(buf, sizeof buf, "%.0f B", n);
    else std::snprintf(buf, sizeof buf, "%.*f %s", n < 10 ? 2 : n < 100 ? 1 : 0, n, units[u]);
    return buf;
}

Progress::Progress(const char *command, uint64_t total, bool show)
    : command_(command), total_(total), show_(show), start_(Clock::now()), next_(start_ + PERIOD) {}

Progress::~Progress() {
    if (drawn_) {
        std::fputs("\r\033[K", stderr);  // back to the line's start, erase it
        std::fflush(stderr);
    }
}

void Progress::update(uint64_t done) {
    if (!show_) return;
    auto now = Clock::now();
    if (now < next_) return;
    next_ = now + PERIOD;
    double secs = std::chrono::duration<double>(now - start_).count();
    double rate = secs > 0 ? static_cast<double>(done) / secs : 0;
    std::string line = "memview: " + command_ + ": " + human_bytes(static_cast<double>(done));
    if (total_ > 0) {
        char pct[64];
        std::snprintf(pct, sizeof pct, " of %s (%d%%)", human_bytes(static_cast<double>(total_)).c_str(),
                      static_cast<int>(100.0 * static_cast<double>(done) / static_cast<double>(total_)));
        line += pct;
    }
    line += ", " + human_bytes(rate) + "/s";
    if (total_ > 0 && rate > 0 && done <= total_) {
        long left = static_cast<long>(static_cast<double>(total_ - done) / rate + 0.5);
        char eta[48];
        if (left >= 3600) std::snprintf(eta, sizeof eta, ", %ld:%02ld:%02ld left", left / 3600, left / 60 % 60, left % 60);
        else std::snprintf(eta, sizeof eta, ", %ld:%02ld left", left / 60, left % 60);
        line += eta;
    }
    std::fprintf(stderr, "\r%s\033[K", line.c_str());
    std::fflush(stderr);
    drawn_ = true;
}

}  // namespace cli
