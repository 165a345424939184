// memview info: the layout of the view dump/stats would see, as memoryview
// attributes (format, itemsize, ndim, shape, strides, nbytes, contiguity).
#include "commands.hpp"
#include "mapfile.hpp"

#include <cstdio>
#include <vector>

namespace cli {

static const char INFO_HELP[] =
    "usage: memview info FILE --format FMT [--offset N] [--shape A,B,...]\n"
    "                    [--slice START:STOP:STEP]\n"
    "\n"
    "Prints the layout of FILE viewed through the struct format FMT: the item\n"
    "format, itemsize, number of fields, ndim, shape, strides (bytes), nbytes,\n"
    "and C/Fortran contiguity. Reads no data. On '-', a pipe or another input\n"
    "that cannot be mapped, whose size is known only once it is read, prints what\n"
    "the format alone tells (itemsize, fields) and 'unknown' for the rest.\n"
    "\n"
    "  --format FMT   struct-module format of one item: '<f', '>d', '<Iff', ...\n"
    "  --offset N     the items start at byte N (default 0)\n"
    "  --shape A,B    view the items as an A x B x ... array\n"
    "  --slice S:E:K  Python slice of the first dimension (shows its strides)\n"
    "  -h, --help     this help\n";

int cmd_info(int argc, char **argv) {
    Args a = parse_args(argc, argv, {{"--format", true}, {"--offset", true}, {"--shape", true},
                                     {"--slice", true}});
    if (a.help) {
        std::fputs(INFO_HELP, stdout);
        return 0;
    }
    Spec s = view_spec(a);
    check_slice(a, s);
    auto in = open_input(a.file);
    if (!in->mapped) {
        const char *unknown = "unknown (read, not mapped: its size is known only once read)";
        std::printf("file          %s (%s)\n", a.file.c_str(), in->kind.c_str());
        std::printf("offset        %llu\n", static_cast<unsigned long long>(s.offset));
        std::printf("format        %s\n", mv_format(s.probe.get()));
        std::printf("itemsize      %zu\n", s.itemsize);
        std::printf("nfields       %zu\n", mv_nfields(s.probe.get()));
        std::printf("ndim          %zu\n", s.shape.empty() ? size_t{1} : s.shape.size());
        std::printf("shape         %s\n", unknown);
        std::printf("strides       unknown\n");
        std::printf("nbytes        unknown\n");
        std::printf("c_contiguous  unknown\n");
        std::printf("f_contiguous  unknown\n");
        std::printf("readonly      True\n");
        return 0;
    }
    Target t = open_target(a, s, in, false);
    const mv_view *v = t.view.get();
    int ndim = mv_ndim(v);
    std::printf("file          %s (%llu bytes)\n", a.file.c_str(), static_cast<unsigned long long>(in->size));
    std::printf("offset        %llu\n", static_cast<unsigned long long>(s.offset));
    std::printf("format        %s\n", mv_format(v));
    std::printf("itemsize      %zu\n", mv_itemsize(v));
    std::printf("nfields       %zu\n", mv_nfields(v));
    std::printf("ndim          %d\n", ndim);
    std::printf("shape         %s\n", join_dims(mv_shape(v), ndim).c_str());
    std::printf("strides       %s\n", join_dims(mv_strides(v), ndim).c_str());
    std::printf("nbytes        %zu\n", mv_nbytes(v));
    std::printf("c_contiguous  %s\n", mv_c_contiguous(v) ? "True" : "False");
    std::printf("f_contiguous  %s\n", mv_f_contiguous(v) ? "True" : "False");
    std::printf("readonly      %s\n", mv_readonly(v) ? "True" : "False");
    return 0;
}

}  // namespace cli
