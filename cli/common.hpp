// Shared plumbing of the memview subcommands: errors, option parsing,
// number/shape/slice parsing, and an owning handle for views.
#pragma once
#include <memview.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace cli {

// Thrown for every problem; main() prints "memview: <sub>: <what>" once and
// exits with `status` (2: the command line is wrong, 1: the file or data is).
struct Error : std::runtime_error {
    int status;
    Error(const std::string &msg, int st = 1) : std::runtime_error(msg), status(st) {}
};
[[noreturn]] void usage_error(const std::string &msg);
[[noreturn]] void fail(const std::string &msg);
// The library's own words for the last failing call (mv_errmsg, or the
// code's description when the message is empty).
std::string lib_problem(int rc);

struct ViewDeleter {
    void operator()(mv_view *v) const { mv_release(v); }
};
using View = std::unique_ptr<mv_view, ViewDeleter>;

// An option a subcommand accepts; flags take no value.
struct OptSpec {
    const char *name;  // "--offset"
    bool takes_value;
};

struct Args {
    std::string file;
    std::map<std::string, std::string> values;
    std::map<std::string, bool> flags;
    bool help = false;
    bool has(const char *name) const { return values.count(name) || flags.count(name); }
    std::optional<std::string> get(const char *name) const;
};

// Parses `--name value`, `--name=value`, flags, and exactly one FILE.
Args parse_args(int argc, char **argv, const std::vector<OptSpec> &specs);

// Non-negative integer, decimal or 0x-hex; `what` names the option.
uint64_t parse_count(const std::string &text, const char *what);
// "A,B,C": positive extents.
std::vector<ptrdiff_t> parse_shape(const std::string &text);
// Python "START:STOP[:STEP]", each part optional (MV_NONE when omitted).
struct SliceSpec {
    ptrdiff_t start = MV_NONE, stop = MV_NONE, step = MV_NONE;
};
SliceSpec parse_slice(const std::string &text);

// What --format, --offset and --shape ask for, checked before FILE is
// opened (a bad format is a usage error whatever the file). probe is an
// empty view of the format: its fields and itemsize.
struct Spec {
    std::string format;
    uint64_t offset = 0;
    std::vector<ptrdiff_t> shape;  // empty: 1-D
    size_t itemsize = 0;
    View probe;
};
Spec view_spec(const Args &a);
// A bad --slice is a usage error, whatever FILE is: checked with mv_slice
// on the probe (an empty 1-D view of the format).
void check_slice(const Args &a, const Spec &s);
// The byte count from the offset does not fit the format/shape: the two
// messages ("not a multiple of the itemsize", "shape ... does not match").
[[noreturn]] void size_mismatch(const Spec &s, uint64_t nbytes);

std::string join_dims(const ptrdiff_t *dims, int n);  // "(3, 4)" / "(3,)"

}  // namespace cli
