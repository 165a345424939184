// memview dump: one item per line (records as tuples) or CSV, in C order.
// Items are read one at a time with mv_get(). Of a regular file only the
// items printed are touched (the file is mapped, not read); a pipe or stdin
// is read in chunks of whole rows, each viewed and printed by the same code.
#include "commands.hpp"
#include "printer.hpp"
#include "values.hpp"

#include <cstdio>
#include <cstring>
#include <vector>

namespace cli {

static const char DUMP_HELP[] =
    "usage: memview dump FILE --format FMT [--offset N] [--shape A,B,...]\n"
    "                    [--slice START:STOP:STEP] [--limit N] [--csv] [--quiet]\n"
    "\n"
    "Prints the items of FILE viewed through the struct format FMT, one per line\n"
    "in C (row-major) order: a single value, or a tuple for multi-field records.\n"
    "\n"
    "FILE may be '-' (standard input), a pipe, /dev/stdin or <(command): those are\n"
    "read in chunks and printed as they come (a slice with a negative part is\n"
    "read whole first; the size checks happen at the end of the input, and are\n"
    "skipped when --limit or the slice's stop ends the run early). If FILE\n"
    "shrinks while it is read, the command stops with \"'FILE' changed size while\n"
    "being read\" (items already printed are correct).\n"
    "\n"
    "  --format FMT   struct-module format of one item: '<f', '>d', '<Iff', '4s', ...\n"
    "  --offset N     the items start at byte N (default 0)\n"
    "  --shape A,B    view the items as an A x B x ... array (must cover exactly\n"
    "                 the bytes from the offset to the end of the file)\n"
    "  --slice S:E:K  Python slice of the first dimension (e.g. 10:20, ::-1, -5:)\n"
    "  --limit N      print at most N items\n"
    "  --csv          comma-separated fields, no parentheses\n"
    "  --quiet        no progress line (shown on stderr when it is a terminal and\n"
    "                 the output is not)\n"
    "  -h, --help     this help\n";

namespace {

struct DumpStyle {
    bool csv;
    size_t nfields;
};

// Prints the items of v in C order, at most `left` of them (decremented).
// done0: input bytes before v's first item (for progress).
void print_items(const mv_view *v, const DumpStyle &st, Printer &out, uint64_t &left, uint64_t done0) {
    int ndim = mv_ndim(v);
    const ptrdiff_t *shape = mv_shape(v);
    std::vector<mv_value> vals(st.nfields ? st.nfields : 1);
    std::vector<ptrdiff_t> idx(static_cast<size_t>(ndim), 0);
    for (int d = 0; d < ndim; ++d)
        if (shape[d] == 0) return;
    size_t itemsize = mv_itemsize(v);
    for (uint64_t printed = 1; left > 0; ++printed) {
        int rc = mv_get(v, idx.data(), ndim, vals.data(), vals.size());
        if (rc != MV_OK) fail("cannot read item " + join_dims(idx.data(), ndim) + ": " + lib_problem(rc));
        --left;
        std::string &line = out.text;
        if (st.csv) {
            for (size_t k = 0; k < st.nfields; ++k) {
                if (k) line += ',';
                append_csv_value(line, vals[k]);
            }
        } else if (st.nfields == 1) {
            append_value(line, vals[0]);
        } else {
            line += '(';
            for (size_t k = 0; k < st.nfields; ++k) {
                if (k) line += ", ";
                append_value(line, vals[k]);
            }
            line += ')';
        }
        line += '\n';
        out.line_done(done0 + printed * itemsize);
        // Next index in C order; done when the first dimension wraps.
        int d = ndim - 1;
        while (d >= 0 && ++idx[static_cast<size_t>(d)] == shape[d]) idx[static_cast<size_t>(d--)] = 0;
        if (d < 0) break;
    }
}

// A stream, row by row of the first dimension (a row is one item without
// --shape). Rows arrive in chunks; the slice picks rows by their index in
// the whole input. Returns normally at the end of the input or of the work.
void dump_stream(const Args &a, const Spec &s, Input &in, const DumpStyle &st, Printer &out, uint64_t left) {
    uint64_t row_items = 1;
    for (size_t d = 1; d < s.shape.size(); ++d) row_items *= static_cast<uint64_t>(s.shape[d]);
    if (row_items > (SIZE_MAX >> 1) / s.itemsize) fail("rows of shape " + join_dims(s.shape.data(), static_cast<int>(s.shape.size())) + " are too large to read");
    size_t row = static_cast<size_t>(row_items) * s.itemsize;
    ptrdiff_t start = 0, stop = PTRDIFF_MAX, step = 1;
    if (auto sl = a.get("--slice")) {
        SliceSpec sp = parse_slice(*sl);
        if (sp.start != MV_NONE) start = sp.start;
        if (sp.stop != MV_NONE) stop = sp.stop;
        if (sp.step != MV_NONE) step = sp.step;
    }
    if (!s.shape.empty() && stop > s.shape[0]) stop = s.shape[0];
    std::vector<ptrdiff_t> dims(s.shape.begin(), s.shape.end());
    if (dims.empty()) dims.push_back(0);

    std::vector<unsigned char> buf(row * ((64u << 10) / row + 1));
    size_t have = 0;
    uint64_t rows = 0, nbytes = 0;
    while (left > 0 && (!s.shape.empty() || static_cast<uint64_t>(stop) > rows)) {
        size_t got = read_some(in, buf.data() + have, buf.size() - have);
        nbytes += got;
        have += got;
        if (got == 0) {  // the end: only whole rows, as many as --shape says
            if (have != 0) size_mismatch(s, nbytes);
            if (!s.shape.empty() && rows != static_cast<uint64_t>(s.shape[0])) size_mismatch(s, nbytes);
            return;
        }
        size_t n = have / row;
        if (n == 0) continue;
        // Rows [rows, rows + n) of the input: view them, pick the slice's.
        dims[0] = static_cast<ptrdiff_t>(n);
        View bytes = view_of(buf.data(), n * row);
        mv_view *cast = nullptr;
        int rc = mv_cast(&cast, bytes.get(), s.format.c_str(), dims.data(), static_cast<int>(dims.size()));
        if (rc != MV_OK) fail("cannot view the input as '" + s.format + "': " + lib_problem(rc));
        View chunk(cast);
        ptrdiff_t g0 = static_cast<ptrdiff_t>(rows);
        ptrdiff_t first = start > g0 ? start : g0 + (step - (g0 - start) % step) % step;
        ptrdiff_t last = stop < g0 + static_cast<ptrdiff_t>(n) ? stop : g0 + static_cast<ptrdiff_t>(n);
        if (first < last) {
            mv_view *picked = nullptr;
            rc = mv_slice(&picked, chunk.get(), first - g0, last - g0, step);
            if (rc != MV_OK) fail("cannot slice the input: " + lib_problem(rc));
            View hold(picked);
            print_items(picked, st, out, left, in.consumed);
        }
        out.flush(in.consumed);
        rows += n;
        std::memmove(buf.data(), buf.data() + n * row, have - n * row);
        have -= n * row;
    }
}

}  // namespace

int cmd_dump(int argc, char **argv) {
    Args a = parse_args(argc, argv, {{"--format", true}, {"--offset", true}, {"--shape", true},
                                     {"--slice", true}, {"--limit", true}, {"--csv", false},
                                     {"--quiet", false}});
    if (a.help) {
        std::fputs(DUMP_HELP, stdout);
        return 0;
    }
    uint64_t limit = a.has("--limit") ? parse_count(*a.get("--limit"), "--limit") : UINT64_MAX;
    Spec s = view_spec(a);
    DumpStyle st{a.has("--csv"), mv_nfields(s.probe.get())};
    check_slice(a, s);
    auto in = open_input(a.file);
    bool show = progress_wanted(a, true);

    if (in->mapped) {
        Target t = open_target(a, s, in, false);
        Progress progress("dump", mv_nbytes(t.view.get()), show);
        Printer out(&t.map, progress);
        print_items(t.view.get(), st, out, limit, 0);
        out.flush(mv_nbytes(t.view.get()));
        return 0;
    }
    if (skip(*in, s.offset) < s.offset) offset_past_end(*in, s.offset, in->consumed);
    Progress progress("dump", 0, show);
    Printer out(nullptr, progress);
    if (auto sl = a.get("--slice")) {
        SliceSpec sp = parse_slice(*sl);
        bool from_end = (sp.start != MV_NONE && sp.start < 0) || (sp.stop != MV_NONE && sp.stop < 0) ||
                        (sp.step != MV_NONE && sp.step < 0);
        if (from_end) {  // needs the length: read it all, then view it as a file
            std::vector<unsigned char> all(1u << 20);
            size_t have = 0;
            while (size_t got = read_some(*in, all.data() + have, all.size() - have)) {
                have += got;
                if (have == all.size()) all.resize(2 * all.size());
                progress.update(in->consumed);
            }
            all.resize(have);
            View bytes = view_of(all.data(), all.size());
            View v = shape_view(a, s, bytes.get());
            print_items(v.get(), st, out, limit, 0);
            out.flush(in->consumed);
            return 0;
        }
    }
    dump_stream(a, s, *in, st, out, limit);
    out.flush(in->consumed);
    return 0;
}

}  // namespace cli
