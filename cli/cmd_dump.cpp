// memview dump: one item per line (records as tuples) or CSV, in C order.
// Items are read one at a time with mv_get(), so only the items printed are
// touched (the file is mapped, not read).
#include "commands.hpp"
#include "values.hpp"

#include <cstdio>
#include <vector>

namespace cli {

static const char DUMP_HELP[] =
    "usage: memview dump FILE --format FMT [--offset N] [--shape A,B,...]\n"
    "                    [--slice START:STOP:STEP] [--limit N] [--csv]\n"
    "\n"
    "Prints the items of FILE viewed through the struct format FMT, one per line\n"
    "in C (row-major) order: a single value, or a tuple for multi-field records.\n"
    "\n"
    "  --format FMT   struct-module format of one item: '<f', '>d', '<Iff', '4s', ...\n"
    "  --offset N     the items start at byte N (default 0)\n"
    "  --shape A,B    view the items as an A x B x ... array (must cover exactly\n"
    "                 the bytes from the offset to the end of the file)\n"
    "  --slice S:E:K  Python slice of the first dimension (e.g. 10:20, ::-1, -5:)\n"
    "  --limit N      print at most N items\n"
    "  --csv          comma-separated fields, no parentheses\n"
    "  -h, --help     this help\n";

int cmd_dump(int argc, char **argv) {
    Args a = parse_args(argc, argv, {{"--format", true}, {"--offset", true}, {"--shape", true},
                                     {"--slice", true}, {"--limit", true}, {"--csv", false}});
    if (a.help) {
        std::fputs(DUMP_HELP, stdout);
        return 0;
    }
    uint64_t limit = a.has("--limit") ? parse_count(*a.get("--limit"), "--limit") : UINT64_MAX;
    bool csv = a.has("--csv");
    Target t = open_target(a, false);
    const mv_view *v = t.view.get();

    int ndim = mv_ndim(v);
    const ptrdiff_t *shape = mv_shape(v);
    size_t nfields = mv_nfields(v);
    std::vector<mv_value> vals(nfields ? nfields : 1);
    std::vector<ptrdiff_t> idx(static_cast<size_t>(ndim), 0);
    bool empty = false;
    for (int d = 0; d < ndim; ++d) empty = empty || shape[d] == 0;

    std::string line;
    for (uint64_t printed = 0; !empty && printed < limit; ++printed) {
        int rc = mv_get(v, idx.data(), ndim, vals.data(), vals.size());
        if (rc != MV_OK) fail("cannot read item " + join_dims(idx.data(), ndim) + ": " + lib_problem(rc));
        line.clear();
        if (csv) {
            for (size_t k = 0; k < nfields; ++k) {
                if (k) line += ',';
                append_csv_value(line, vals[k]);
            }
        } else if (nfields == 1) {
            append_value(line, vals[0]);
        } else {
            line += '(';
            for (size_t k = 0; k < nfields; ++k) {
                if (k) line += ", ";
                append_value(line, vals[k]);
            }
            line += ')';
        }
        line += '\n';
        std::fwrite(line.data(), 1, line.size(), stdout);
        // Next index in C order; done when the first dimension wraps.
        int d = ndim - 1;
        while (d >= 0 && ++idx[static_cast<size_t>(d)] == shape[d]) idx[static_cast<size_t>(d--)] = 0;
        if (d < 0) break;
    }
    return 0;
}

}  // namespace cli
