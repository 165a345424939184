// The output of hex and dump: text is built in a buffer and written out in
// pieces of about 64 KiB. Over a mapped file, each piece is written only
// after Mapped::check() has confirmed that the file still held every byte it
// was made from, so a file shrinking under the map never shows as zeros.
#pragma once
#include "mapfile.hpp"
#include "progress.hpp"

#include <cstdio>
#include <string>

namespace cli {

class Printer {
public:
    Printer(const Mapped *map, Progress &progress) : map_(map), progress_(progress) {}
    std::string text;
    // After each line: writes the buffer out once it is large enough.
    // `done`: bytes of input behind what is in the buffer (for progress).
    void line_done(uint64_t done) {
        if (text.size() >= (1u << 16)) flush(done);
    }
    void flush(uint64_t done) {
        if (map_) map_->check();
        std::fwrite(text.data(), 1, text.size(), stdout);
        text.clear();
        progress_.update(done);
    }

private:
    const Mapped *map_;
    Progress &progress_;
};

}  // namespace cli
