// memview hex: an xxd-style dump whose hex column is mv_hex() of each line,
// grouped like bytes.hex(' ', -N) (groups counted from the line's start, as
// xxd does). Of a regular file only the requested range is mapped; a pipe
// or stdin is read in chunks, each viewed and printed by the same code.
#include "commands.hpp"
#include "printer.hpp"

#include <cstdio>
#include <cstring>
#include <vector>

namespace cli {

static const char HEX_HELP[] =
    "usage: memview hex FILE [--offset N] [--length N] [--group N] [--width N] [--quiet]\n"
    "\n"
    "Hex dump of FILE, like xxd: the file offset, the bytes in hex, and the\n"
    "printable ASCII characters ('.' for the others). Of a regular file only the\n"
    "bytes shown are mapped and read. FILE may be '-' (standard input), a pipe,\n"
    "/dev/stdin or <(command): those are read in chunks as they come. If FILE\n"
    "shrinks while it is read, the command stops with \"'FILE' changed size while\n"
    "being read\" (lines already printed are correct).\n"
    "\n"
    "  --offset N   start at byte N of the file (default 0; N may be 0x-hex)\n"
    "  --length N   show at most N bytes (default: to the end of the file)\n"
    "  --group N    bytes per space-separated group, from the start of each line,\n"
    "               as bytes.hex(' ', -N); 0 = no spaces (default 2)\n"
    "  --width N    bytes per line, 1..4096 (default 16)\n"
    "  --quiet      no progress line (shown on stderr when it is a terminal and\n"
    "               the output is not)\n"
    "  -h, --help   this help\n";

namespace {

struct HexLayout {
    uint64_t width, group;
};

// The lines of `bytes` (all full but maybe the last), addresses from addr.
void hex_lines(const mv_view *bytes, uint64_t addr, const HexLayout &h, Printer &out, uint64_t done) {
    size_t n = mv_nbytes(bytes);
    const unsigned char *data = static_cast<const unsigned char *>(mv_data(bytes));
    // Every line's hex column is padded to the width of a full line.
    std::vector<char> hex(2 * h.width + h.width + 2);
    size_t full = 2 * h.width + (h.group ? (h.width - 1) / h.group : 0);
    char sep = h.group ? ' ' : 0;
    for (size_t pos = 0; pos < n; pos += h.width) {
        size_t end = pos + h.width < n ? pos + h.width : n;
        mv_view *row = nullptr;
        int rc = mv_slice(&row, bytes, static_cast<ptrdiff_t>(pos), static_cast<ptrdiff_t>(end), 1);
        if (rc != MV_OK) fail("cannot slice line at " + std::to_string(pos) + ": " + lib_problem(rc));
        rc = mv_hex(row, hex.data(), hex.size(), sep, -static_cast<int>(h.group));
        mv_release(row);
        if (rc != MV_OK) fail("cannot format line at " + std::to_string(pos) + ": " + lib_problem(rc));

        char head[24];
        int len = std::snprintf(head, sizeof head, "%08llx: ", static_cast<unsigned long long>(addr + pos));
        std::string &line = out.text;
        size_t at = line.size();
        line.append(head, static_cast<size_t>(len));
        line += hex.data();
        line.append(full - (line.size() - at - static_cast<size_t>(len)), ' ');
        line += "  ";
        for (size_t k = pos; k < end; ++k)
            line += (data[k] >= 0x20 && data[k] < 0x7f) ? static_cast<char>(data[k]) : '.';
        line += '\n';
        out.line_done(done + end);
    }
}

}  // namespace

int cmd_hex(int argc, char **argv) {
    Args a = parse_args(argc, argv, {{"--offset", true}, {"--length", true}, {"--group", true},
                                     {"--width", true}, {"--quiet", false}});
    if (a.help) {
        std::fputs(HEX_HELP, stdout);
        return 0;
    }
    uint64_t offset = a.has("--offset") ? parse_count(*a.get("--offset"), "--offset") : 0;
    uint64_t length = a.has("--length") ? parse_count(*a.get("--length"), "--length") : TO_END;
    HexLayout h;
    h.group = a.has("--group") ? parse_count(*a.get("--group"), "--group") : 2;
    h.width = a.has("--width") ? parse_count(*a.get("--width"), "--width") : 16;
    if (h.width < 1 || h.width > 4096) usage_error("--width must be between 1 and 4096");
    if (h.group > h.width) h.group = h.width;  // one group per line, as xxd

    auto in = open_input(a.file);
    bool show = progress_wanted(a, true);
    if (in->mapped) {
        Mapped m = map_input(in, offset, length, false);
        Progress progress("hex", mv_nbytes(m.view.get()), show);
        Printer out(&m, progress);
        hex_lines(m.view.get(), offset, h, out, 0);
        out.flush(mv_nbytes(m.view.get()));
        return 0;
    }
    if (skip(*in, offset) < offset) offset_past_end(*in, offset, in->consumed);
    Progress progress("hex", 0, show);
    Printer out(nullptr, progress);
    // Whole lines are printed as they arrive; a partial one waits for more.
    std::vector<unsigned char> buf(h.width * ((64u << 10) / h.width + 1));
    size_t have = 0;
    uint64_t shown = 0;  // bytes printed so far
    bool end = false;
    while (!end) {
        uint64_t room = buf.size() - have;
        if (length - shown - have < room) room = length - shown - have;
        size_t got = room ? read_some(*in, buf.data() + have, static_cast<size_t>(room)) : 0;
        end = got == 0;
        have += got;
        size_t lines = end ? have : have / h.width * h.width;
        if (lines == 0) continue;
        View bytes = view_of(buf.data(), lines);
        hex_lines(bytes.get(), offset + shown, h, out, shown);
        out.flush(in->consumed);
        shown += lines;
        std::memmove(buf.data(), buf.data() + lines, have - lines);
        have -= lines;
    }
    return 0;
}

}  // namespace cli
