// mmap a byte range of a file and hand it to memview as a read-only "B"
// view that unmaps itself when its last view is released: the file is
// never read into a buffer, and only the pages actually shown are touched.
#pragma once
#include "common.hpp"

namespace cli {

constexpr uint64_t TO_END = UINT64_MAX;

// Bytes [offset, offset + length) of `path` (length clamped to the end of
// the file; TO_END for all of it). Fails with a message naming the problem
// (missing/unreadable file, not a regular file, offset past the end).
// populate: pre-fault the whole range (for commands that read all of it).
View map_file(const std::string &path, uint64_t offset, uint64_t length,
              bool populate, uint64_t *file_size);

}  // namespace cli
