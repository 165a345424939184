// memview stats: count, min, max, mean and (population) standard deviation
// of every numeric field, in one pass. A regular file is mapped and read in
// rounds, each split between the threads (FieldStats); a pipe or stdin is
// read in chunks into a buffer, each chunk viewed and summarised the same way.
#include "commands.hpp"
#include "fieldstats.hpp"
#include "mapfile.hpp"
#include "progress.hpp"
#include "values.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <thread>
#include <vector>

namespace cli {

static const char STATS_HELP[] =
    "usage: memview stats FILE --format FMT [--offset N] [--shape A,B,...] [--csv]\n"
    "                     [--threads N] [--quiet]\n"
    "\n"
    "For each numeric field of the items of FILE viewed through the struct format\n"
    "FMT: count, min, max, mean and standard deviation (population, ddof=0), in\n"
    "one pass. NaNs are left out of every figure and counted separately.\n"
    "\n"
    "FILE may be '-' (standard input), a pipe, /dev/stdin or <(command): those are\n"
    "read in chunks, with the same results as the mapped file would give. A large\n"
    "regular file is shared between the CPU's cores when that is faster. If FILE\n"
    "shrinks while it is read, the command fails with \"'FILE' changed size while\n"
    "being read\" and prints no table. When stderr is a terminal, a progress line\n"
    "(bytes, rate, time left) shows there during long runs.\n"
    "\n"
    "  --format FMT   struct-module format of one item: '<f', '>d', '<Iff', ...\n"
    "  --offset N     the items start at byte N (default 0)\n"
    "  --shape A,B    check that the items form an A x B x ... array\n"
    "  --csv          print field,code,count,nan,min,max,mean,stddev as CSV\n"
    "  --threads N    use N threads. Default: a regular file is read in rounds of\n"
    "                 16 MiB (1 MiB for half floats and bools); from two rounds on,\n"
    "                 they are timed, alternately on one thread and on all cores (at\n"
    "                 most 8) at first, and the faster is kept (tried again every 8\n"
    "                 rounds). The figures do not depend on it.\n"
    "  --quiet        no progress line\n"
    "  -h, --help     this help\n";

namespace {

constexpr uint64_t ROUND_BYTES = 16ull << 20;  // mapped: split between threads, then checked
constexpr uint64_t SLOW_ROUND_BYTES = 1ull << 20;  // the same when a field goes through mv_get()
constexpr uint64_t CHUNK_BYTES = 4ull << 20;   // streamed: read, then summarised

// Items per round or chunk: a multiple of BLOCK of about `bytes`.
size_t items_per(uint64_t bytes, size_t itemsize) {
    size_t n = static_cast<size_t>(bytes / itemsize) / BLOCK * BLOCK;
    return n ? n : BLOCK;
}

View flat_view(const mv_view *v, const std::string &format) {
    mv_view *out = nullptr;
    int rc = mv_cast(&out, v, format.c_str(), nullptr, 0);
    if (rc != MV_OK) fail("cannot flatten the view: " + lib_problem(rc));
    return View(out);
}

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

// How many threads summarise each round. Given (--threads N): N. Otherwise,
// for a file of two rounds or more on a machine with several cores, the
// rounds are timed: the first four alternate one thread and all cores (at
// most 8), then the faster choice is kept (all cores only when 10% faster)
// and the other tried again every PROBE_EVERY rounds. Each choice is judged by the best of its last
// SAMPLES rounds (time per byte): other work on the machine only ever adds
// time, so the minimum is the least noisy figure. When the cores are busy
// with other work, more threads can be slower. The figures do not depend on it.
class ThreadChoice {
public:
    ThreadChoice(unsigned given, uint64_t nbytes, uint64_t round_bytes) {
        unsigned hw = std::thread::hardware_concurrency();
        if (given) {
            many_ = given;
            fixed_ = true;
        } else if (nbytes < 2 * round_bytes || hw < 2) {
            fixed_ = true;
        } else {
            many_ = std::min(hw, 8u);
        }
    }
    unsigned next() {
        size_t r = round_++;
        if (fixed_) return many_;
        if (r < 4) return r % 2 ? many_ : 1;
        bool many_faster = best(1) < 0.9 * best(0);  // threads cost CPU: only when clearly faster
        bool probe = r % PROBE_EVERY == 0;  // try the other choice again
        return many_faster != probe ? many_ : 1;
    }
    // The round just run with n threads took secs for nbytes.
    void took(unsigned n, double secs, size_t nbytes) {
        if (fixed_ || nbytes == 0) return;
        int c = n > 1;
        per_byte_[c][seen_[c]++ % SAMPLES] = secs / static_cast<double>(nbytes);
    }

private:
    static constexpr size_t PROBE_EVERY = 8, SAMPLES = 3;
    double best(int c) const {
        double b = per_byte_[c][0];
        for (size_t k = 1; k < std::min(seen_[c], SAMPLES); ++k) b = std::min(b, per_byte_[c][k]);
        return b;
    }
    unsigned many_ = 1;
    bool fixed_ = false;
    size_t round_ = 0;
    double per_byte_[2][SAMPLES] = {};
    size_t seen_[2] = {0, 0};
};

// The mapped file, in rounds: each round's items split between the threads;
// after each, the file must still hold what was read.
std::string stats_mapped(const Args &a, const Spec &s, const std::shared_ptr<Input> &in, unsigned threads,
                         FieldStats &fs) {
    Target t = open_target(a, s, in, true);
    // The shape only checks the layout; the statistics run over a 1-D view.
    View flat = flat_view(t.view.get(), s.format);
    size_t nbytes = mv_nbytes(flat.get());
    size_t count = s.itemsize ? nbytes / s.itemsize : 0;
    // Rounds of a fraction of a second: progress and the size checks follow.
    size_t round = items_per(fs.has_slow_fields() ? SLOW_ROUND_BYTES : ROUND_BYTES, s.itemsize);
    ThreadChoice choice(threads, nbytes, round * s.itemsize);
    Progress progress("stats", nbytes, progress_wanted(a, false));
    for (size_t start = 0; start < count; start += round) {
        size_t end = count - start < round ? count : start + round;
        mv_view *part = nullptr;
        int rc = mv_slice(&part, flat.get(), static_cast<ptrdiff_t>(start), static_cast<ptrdiff_t>(end), 1);
        if (rc != MV_OK) fail("cannot slice the items: " + lib_problem(rc));
        View hold(part);
        unsigned n = choice.next();
        auto t0 = std::chrono::steady_clock::now();
        fs.add(part, n);
        choice.took(n, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(),
                    (end - start) * s.itemsize);
        t.map.check();
        progress.update(end * s.itemsize);
    }
    t.map.check();
    return join_dims(mv_shape(t.view.get()), mv_ndim(t.view.get()));
}

// A stream: chunks of whole blocks read into one buffer, each viewed through
// the format and summarised like a round of the mapped file.
std::string stats_streamed(const Args &a, const Spec &s, Input &in, FieldStats &fs) {
    if (skip(in, s.offset) < s.offset) offset_past_end(in, s.offset, in.consumed);
    Progress progress("stats", 0, progress_wanted(a, false));
    std::vector<unsigned char> buf(items_per(CHUNK_BYTES, s.itemsize) * s.itemsize);
    uint64_t nbytes = 0;
    while (true) {
        size_t got = 0, more = 1;  // fill the chunk (a slow pipe: show progress meanwhile)
        while (got < buf.size() && more) {
            more = read_some(in, buf.data() + got, buf.size() - got);
            got += more;
            progress.update(nbytes + got);
        }
        nbytes += got;
        size_t whole = got / s.itemsize * s.itemsize;
        if (whole) {
            View bytes = view_of(buf.data(), whole);
            View flat = flat_view(bytes.get(), s.format);
            fs.add(flat.get(), 1);
        }
        progress.update(nbytes);
        if (got < buf.size()) {
            if (whole != got) size_mismatch(s, nbytes);
            break;
        }
    }
    if (s.shape.empty()) {
        ptrdiff_t n = static_cast<ptrdiff_t>(fs.items());
        return join_dims(&n, 1);
    }
    uint64_t want = 1;
    bool overflow = false;
    for (ptrdiff_t d : s.shape) overflow = overflow || __builtin_mul_overflow(want, static_cast<uint64_t>(d), &want);
    if (overflow || want != fs.items()) size_mismatch(s, nbytes);
    return join_dims(s.shape.data(), static_cast<int>(s.shape.size()));
}

}  // namespace

int cmd_stats(int argc, char **argv) {
    Args a = parse_args(argc, argv, {{"--format", true}, {"--offset", true}, {"--shape", true},
                                     {"--csv", false}, {"--threads", true}, {"--quiet", false}});
    if (a.help) {
        std::fputs(STATS_HELP, stdout);
        return 0;
    }
    unsigned threads = 0;  // automatic
    if (auto t = a.get("--threads")) {
        uint64_t n = parse_count(*t, "--threads");
        if (n < 1 || n > 256) usage_error("--threads must be between 1 and 256");
        threads = static_cast<unsigned>(n);
    }
    Spec s = view_spec(a);
    FieldStats fs(s.probe.get());
    auto in = open_input(a.file);
    std::string shape = in->mapped ? stats_mapped(a, s, in, threads, fs) : stats_streamed(a, s, *in, fs);
    const auto &fields = fs.fields();
    const auto &sums = fs.sums();
    const char *format = s.format.c_str();
    uint64_t count = fs.items();

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
    std::printf("%s: %llu items of '%s', shape %s\n", a.file.c_str(), static_cast<unsigned long long>(count),
                format, shape.c_str());
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
