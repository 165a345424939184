// memview stats: count, min, max, mean and (population) standard deviation
// of every numeric field, in one pass over the mapped file. Each field is
// summarised by a typed loop straight over the view's memory (mv_data),
// block by block so that all fields of a block are read while it is cached.
#include "commands.hpp"
#include "summary.hpp"
#include "values.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unistd.h>
#include <vector>

namespace cli {

static const char STATS_HELP[] =
    "usage: memview stats FILE --format FMT [--offset N] [--shape A,B,...] [--csv]\n"
    "\n"
    "For each numeric field of the items of FILE viewed through the struct format\n"
    "FMT: count, min, max, mean and standard deviation (population, ddof=0), in\n"
    "one pass over the mapped file. NaNs are left out of every figure and counted\n"
    "separately. Shows progress on a terminal for files over 64 MiB.\n"
    "\n"
    "  --format FMT   struct-module format of one item: '<f', '>d', '<Iff', ...\n"
    "  --offset N     the items start at byte N (default 0)\n"
    "  --shape A,B    check that the items form an A x B x ... array\n"
    "  --csv          print field,code,count,nan,min,max,mean,stddev as CSV\n"
    "  -h, --help     this help\n";

namespace {

constexpr size_t CHUNK_ITEMS = 1 << 16;  // progress granularity
constexpr uint64_t PROGRESS_BYTES = 64ull << 20;

std::string min_text(const mv_field_info &f, const Summary &s, bool max) {
    if (s.n == 0) return "-";
    std::string out;
    if (f.kind == MV_KIND_FLOAT) append_float(out, max ? s.fmax : s.fmin, f.code != 'd');
    else if (f.kind == MV_KIND_UINT) out = std::to_string(max ? s.umax : s.umin);
    else out = std::to_string(max ? s.imax : s.imin);
    return out;
}

std::string float_text(double x, bool defined) {
    if (!defined) return "-";
    std::string out;
    append_float(out, x, false);
    return out;
}

}  // namespace

int cmd_stats(int argc, char **argv) {
    Args a = parse_args(argc, argv, {{"--format", true}, {"--offset", true}, {"--shape", true},
                                     {"--csv", false}});
    if (a.help) {
        std::fputs(STATS_HELP, stdout);
        return 0;
    }
    Target t = open_target(a, true);
    const char *format = mv_format(t.view.get());
    // Each field's place in the item, from the library (no format parsing here).
    std::vector<mv_field_info> fields(mv_nfields(t.view.get()));
    for (size_t k = 0; k < fields.size(); ++k) {
        int frc = mv_field(t.view.get(), k, &fields[k]);
        if (frc != MV_OK) fail("cannot locate field " + std::to_string(k) + ": " + lib_problem(frc));
    }
    size_t itemsize = mv_itemsize(t.view.get());
    size_t count = itemsize ? mv_nbytes(t.view.get()) / itemsize : 0;
    const auto *items = static_cast<const unsigned char *>(mv_data(t.view.get()));

    // The shape only checks the layout; the statistics run over a 1-D view
    // of the same items (mv_get below wants one index).
    mv_view *flat_raw = nullptr;
    int rc = mv_cast(&flat_raw, t.view.get(), format, nullptr, 0);
    if (rc != MV_OK) fail("cannot flatten the view: " + lib_problem(rc));
    View flat(flat_raw);

    std::vector<Kernel> kernels(fields.size(), nullptr);
    std::vector<size_t> slow;  // fields read with mv_get()
    bool any_numeric = false;
    for (size_t k = 0; k < fields.size(); ++k) {
        if (fields[k].kind == MV_KIND_BYTES) continue;
        any_numeric = true;
        kernels[k] = pick_kernel(fields[k], itemsize);
        if (!kernels[k]) slow.push_back(k);
    }
    if (!any_numeric) fail("format '" + std::string(format) + "' has no numeric field");

    std::vector<Summary> sums(fields.size());
    std::vector<mv_value> vals(fields.size());
    bool progress = isatty(STDERR_FILENO) && mv_nbytes(t.view.get()) >= PROGRESS_BYTES;
    int shown = -1;
    for (size_t start = 0; start < count; start += CHUNK_ITEMS) {
        size_t n = count - start < CHUNK_ITEMS ? count - start : CHUNK_ITEMS;
        for (size_t k = 0; k < fields.size(); ++k)
            if (kernels[k]) kernels[k](items + start * itemsize + fields[k].offset, itemsize, n, sums[k]);
        if (!slow.empty())
            for (size_t i = start; i < start + n; ++i) {
                ptrdiff_t idx = static_cast<ptrdiff_t>(i);
                rc = mv_get(flat.get(), &idx, 1, vals.data(), vals.size());
                if (rc != MV_OK) fail("cannot read item " + std::to_string(i) + ": " + lib_problem(rc));
                for (size_t k : slow) add_value(sums[k], vals[k]);
            }
        if (progress) {
            int pct = static_cast<int>(100.0 * static_cast<double>(start + n) / static_cast<double>(count));
            if (pct != shown) {
                std::fprintf(stderr, "\rmemview: stats: %3d%%", pct);
                shown = pct;
            }
        }
    }
    if (progress) std::fputs("\r                    \r", stderr);

    bool csv = a.has("--csv");
    std::vector<std::vector<std::string>> rows;
    if (csv) rows.push_back({"field", "code", "count", "nan", "min", "max", "mean", "stddev"});
    else rows.push_back({"field", "code", "count", "min", "max", "mean", "stddev"});
    for (size_t k = 0; k < fields.size(); ++k) {
        if (fields[k].kind == MV_KIND_BYTES) continue;
        const Summary &s = sums[k];
        std::vector<std::string> row = {std::to_string(k), std::string(1, fields[k].code), std::to_string(s.n)};
        if (csv) row.push_back(std::to_string(s.nans));
        row.push_back(min_text(fields[k], s, false));
        row.push_back(min_text(fields[k], s, true));
        row.push_back(float_text(s.mean, s.n > 0));
        row.push_back(float_text(std::sqrt(s.m2 / static_cast<double>(s.n)), s.n > 0));
        rows.push_back(row);
    }
    if (csv) {
        for (const auto &row : rows)
            for (size_t c = 0; c < row.size(); ++c)
                std::printf("%s%s", row[c].c_str(), c + 1 < row.size() ? "," : "\n");
        return 0;
    }
    std::printf("%s: %zu items of '%s', shape %s\n", a.file.c_str(), count, format,
                join_dims(mv_shape(t.view.get()), mv_ndim(t.view.get())).c_str());
    std::vector<size_t> width(rows[0].size(), 0);
    for (const auto &row : rows)
        for (size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
    for (const auto &row : rows) {
        std::string line;
        for (size_t c = 0; c < row.size(); ++c) {
            line += row[c];
            if (c + 1 < row.size()) line.append(width[c] - row[c].size() + 2, ' ');
        }
        std::printf("%s\n", line.c_str());
    }
    for (size_t k = 0; k < fields.size(); ++k)
        if (sums[k].nans)
            std::printf("field %zu: %llu NaN values left out\n", k, static_cast<unsigned long long>(sums[k].nans));
    return 0;
}

}  // namespace cli
