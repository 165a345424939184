// memview hex: an xxd-style dump whose hex column is mv_hex() of each line,
// grouped like bytes.hex(' ', -N) (groups counted from the line's start, as
// xxd does). Only the requested range of the file is mapped.
#include "commands.hpp"
#include "mapfile.hpp"

#include <cstdio>
#include <vector>

namespace cli {

static const char HEX_HELP[] =
    "usage: memview hex FILE [--offset N] [--length N] [--group N] [--width N]\n"
    "\n"
    "Hex dump of FILE, like xxd: the file offset, the bytes in hex, and the\n"
    "printable ASCII characters ('.' for the others). Only the bytes shown are\n"
    "mapped and read.\n"
    "\n"
    "  --offset N   start at byte N of the file (default 0; N may be 0x-hex)\n"
    "  --length N   show at most N bytes (default: to the end of the file)\n"
    "  --group N    bytes per space-separated group, from the start of each line,\n"
    "               as bytes.hex(' ', -N); 0 = no spaces (default 2)\n"
    "  --width N    bytes per line, 1..4096 (default 16)\n"
    "  -h, --help   this help\n";

int cmd_hex(int argc, char **argv) {
    Args a = parse_args(argc, argv, {{"--offset", true}, {"--length", true}, {"--group", true},
                                     {"--width", true}});
    if (a.help) {
        std::fputs(HEX_HELP, stdout);
        return 0;
    }
    uint64_t offset = a.has("--offset") ? parse_count(*a.get("--offset"), "--offset") : 0;
    uint64_t length = a.has("--length") ? parse_count(*a.get("--length"), "--length") : TO_END;
    uint64_t group = a.has("--group") ? parse_count(*a.get("--group"), "--group") : 2;
    uint64_t width = a.has("--width") ? parse_count(*a.get("--width"), "--width") : 16;
    if (width < 1 || width > 4096) usage_error("--width must be between 1 and 4096");
    if (group > width) group = width;  // one group per line, as xxd
    int per_sep = -static_cast<int>(group);
    char sep = group ? ' ' : 0;

    uint64_t file_size = 0;
    View bytes = map_file(a.file, offset, length, false, &file_size);
    size_t n = mv_nbytes(bytes.get());
    const unsigned char *data = static_cast<const unsigned char *>(mv_data(bytes.get()));

    // Every line's hex column is padded to the width of a full line.
    std::vector<char> hex(2 * width + width + 2);
    size_t full = 2 * width + (group ? (width - 1) / group : 0);
    std::string line;
    for (size_t pos = 0; pos < n; pos += width) {
        size_t end = pos + width < n ? pos + width : n;
        mv_view *row = nullptr;
        int rc = mv_slice(&row, bytes.get(), static_cast<ptrdiff_t>(pos),
                          static_cast<ptrdiff_t>(end), 1);
        if (rc != MV_OK) fail("cannot slice line at " + std::to_string(pos) + ": " + lib_problem(rc));
        rc = mv_hex(row, hex.data(), hex.size(), sep, per_sep);
        mv_release(row);
        if (rc != MV_OK) fail("cannot format line at " + std::to_string(pos) + ": " + lib_problem(rc));

        char addr[24];
        std::snprintf(addr, sizeof addr, "%08llx: ", static_cast<unsigned long long>(offset + pos));
        line = addr;
        line += hex.data();
        line.append(full - (line.size() - std::string(addr).size()), ' ');
        line += "  ";
        for (size_t k = pos; k < end; ++k)
            line += (data[k] >= 0x20 && data[k] < 0x7f) ? static_cast<char>(data[k]) : '.';
        line += '\n';
        std::fwrite(line.data(), 1, line.size(), stdout);
    }
    return 0;
}

}  // namespace cli
