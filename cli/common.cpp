#include "common.hpp"

#include "mapfile.hpp"

#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>

namespace cli {

void usage_error(const std::string &msg) { throw Error(msg, 2); }
void fail(const std::string &msg) { throw Error(msg, 1); }

std::string lib_problem(int rc) {
    const char *m = mv_errmsg();
    return (m && *m) ? std::string(m) : std::string(mv_strerror(rc));
}

std::optional<std::string> Args::get(const char *name) const {
    auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    return it->second;
}

Args parse_args(int argc, char **argv, const std::vector<OptSpec> &specs) {
    Args a;
    bool have_file = false, only_files = false;
    for (int i = 0; i < argc; ++i) {
        std::string arg = argv[i];
        if (!only_files && arg == "--") {
            only_files = true;
            continue;
        }
        if (!only_files && (arg == "-h" || arg == "--help")) {
            a.help = true;
            continue;
        }
        if (!only_files && arg.size() > 1 && arg[0] == '-') {
            std::string name = arg, value;
            bool inline_value = false;
            if (auto eq = arg.find('='); eq != std::string::npos) {
                name = arg.substr(0, eq);
                value = arg.substr(eq + 1);
                inline_value = true;
            }
            const OptSpec *spec = nullptr;
            for (const auto &s : specs)
                if (name == s.name) spec = &s;
            if (!spec) usage_error("unknown option '" + name + "' (see --help)");
            if (!spec->takes_value) {
                if (inline_value) usage_error("option '" + name + "' takes no value");
                a.flags[name] = true;
                continue;
            }
            if (!inline_value) {
                if (i + 1 >= argc) usage_error("option '" + name + "' needs a value");
                value = argv[++i];
            }
            if (a.values.count(name)) usage_error("option '" + name + "' given twice");
            a.values[name] = value;
            continue;
        }
        if (have_file) usage_error("one FILE expected, got '" + a.file + "' and '" + arg + "'");
        a.file = arg;
        have_file = true;
    }
    if (!have_file && !a.help) usage_error("missing FILE (see --help)");
    return a;
}

namespace {

// Parses an optionally signed integer (decimal or 0x-hex) filling all of
// `text`; false when it is not one or does not fit in long long.
bool parse_integer(const std::string &text, long long *out) {
    if (text.empty() || std::isspace(static_cast<unsigned char>(text[0]))) return false;
    size_t sign = (text[0] == '-' || text[0] == '+') ? 1 : 0;
    int base = 10;
    if (text.size() > sign + 2 && text[sign] == '0' && (text[sign + 1] == 'x' || text[sign + 1] == 'X'))
        base = 16;
    // strtoll accepts "0x" with base 16 and leading blanks after a sign; refuse those.
    if (text.size() <= sign || !std::isxdigit(static_cast<unsigned char>(text[sign]))) return false;
    errno = 0;
    char *end = nullptr;
    long long v = std::strtoll(text.c_str(), &end, base);
    if (errno == ERANGE || end != text.c_str() + text.size()) return false;
    *out = v;
    return true;
}

}  // namespace

uint64_t parse_count(const std::string &text, const char *what) {
    long long v = 0;
    if (!parse_integer(text, &v))
        usage_error(std::string("bad number '") + text + "' for " + what);
    if (v < 0) usage_error(std::string("bad number '") + text + "' for " + what + " (must be >= 0)");
    return static_cast<uint64_t>(v);
}

std::vector<ptrdiff_t> parse_shape(const std::string &text) {
    std::vector<ptrdiff_t> dims;
    size_t pos = 0;
    while (true) {
        size_t comma = text.find(',', pos);
        std::string part = text.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
        long long v = 0;
        if (!parse_integer(part, &v) || v <= 0)
            usage_error("bad shape '" + text + "' (expected positive extents like 100,3)");
        dims.push_back(static_cast<ptrdiff_t>(v));
        if (comma == std::string::npos) break;
        pos = comma + 1;
    }
    if (dims.size() > MV_MAX_NDIM)
        usage_error("bad shape '" + text + "' (more than " + std::to_string(MV_MAX_NDIM) + " dimensions)");
    return dims;
}

SliceSpec parse_slice(const std::string &text) {
    std::vector<std::string> parts;
    size_t pos = 0;
    while (true) {
        size_t colon = text.find(':', pos);
        parts.push_back(text.substr(pos, colon == std::string::npos ? std::string::npos : colon - pos));
        if (colon == std::string::npos) break;
        pos = colon + 1;
    }
    const std::string bad = "bad slice '" + text + "' (expected START:STOP[:STEP], e.g. 10:20 or ::-1)";
    if (parts.size() < 2 || parts.size() > 3) usage_error(bad);
    ptrdiff_t *fields[3];
    SliceSpec s;
    fields[0] = &s.start;
    fields[1] = &s.stop;
    fields[2] = &s.step;
    for (size_t k = 0; k < parts.size(); ++k) {
        if (parts[k].empty()) continue;  // omitted, as in Python
        long long v = 0;
        if (!parse_integer(parts[k], &v) || v == LLONG_MIN) usage_error(bad);
        *fields[k] = static_cast<ptrdiff_t>(v);
    }
    return s;
}

std::string join_dims(const ptrdiff_t *dims, int n) {
    std::string s = "(";
    for (int k = 0; k < n; ++k) {
        if (k) s += ", ";
        s += std::to_string(dims[k]);
    }
    if (n == 1) s += ",";
    return s + ")";
}

Spec view_spec(const Args &a) {
    auto fmt = a.get("--format");
    if (!fmt) usage_error("--format is required (a struct format such as '<f' or '<Iff')");
    Spec s;
    s.format = *fmt;
    s.offset = a.has("--offset") ? parse_count(*a.get("--offset"), "--offset") : 0;
    if (auto sh = a.get("--shape")) s.shape = parse_shape(*sh);

    // Check the format on an empty view, so that a bad format is told apart
    // from a file whose size does not fit it, and to learn the itemsize.
    mv_view *empty = nullptr, *probe = nullptr;
    int rc = mv_create(&empty, nullptr, 0, MV_READONLY, nullptr, nullptr);
    if (rc != MV_OK) fail("cannot create a view: " + lib_problem(rc));
    rc = mv_cast(&probe, empty, fmt->c_str(), nullptr, 0);
    mv_release(empty);
    if (rc != MV_OK) {
        std::string why = lib_problem(rc);  // usually names the format already
        std::string msg = why.find(*fmt) != std::string::npos ? "bad format: " + why
                                                               : "bad format '" + *fmt + "': " + why;
        if (rc == MV_EFORMAT || rc == MV_EINVAL) usage_error(msg);
        fail(msg);
    }
    s.probe.reset(probe);
    s.itemsize = mv_itemsize(probe);
    return s;
}

void check_slice(const Args &a, const Spec &s) {
    auto sl = a.get("--slice");
    if (!sl) return;
    SliceSpec sp = parse_slice(*sl);
    mv_view *sliced = nullptr;
    int rc = mv_slice(&sliced, s.probe.get(), sp.start, sp.stop, sp.step);
    if (rc != MV_OK) usage_error("bad slice '" + *sl + "': " + lib_problem(rc));
    mv_release(sliced);
}

void size_mismatch(const Spec &s, uint64_t nbytes) {
    std::string where = std::to_string(nbytes) + " bytes from offset " + std::to_string(s.offset);
    if (s.shape.empty())
        fail(where + " are not a multiple of the itemsize " + std::to_string(s.itemsize) + " of '" + s.format + "'");
    fail("shape " + join_dims(s.shape.data(), static_cast<int>(s.shape.size())) + " of '" + s.format +
         "' (itemsize " + std::to_string(s.itemsize) + ") does not match the " + where);
}

View shape_view(const Args &a, const Spec &s, const mv_view *bytes) {
    mv_view *out = nullptr;
    int rc = mv_cast(&out, bytes, s.format.c_str(), s.shape.empty() ? nullptr : s.shape.data(),
                     static_cast<int>(s.shape.size()));
    if (rc == MV_ESIZE) size_mismatch(s, mv_nbytes(bytes));
    if (rc != MV_OK) fail("cannot view the file as '" + s.format + "': " + lib_problem(rc));
    View v(out);
    if (auto sl = a.get("--slice")) {
        SliceSpec sp = parse_slice(*sl);
        mv_view *sliced = nullptr;
        rc = mv_slice(&sliced, v.get(), sp.start, sp.stop, sp.step);
        if (rc != MV_OK) usage_error("bad slice '" + *sl + "': " + lib_problem(rc));
        v.reset(sliced);
    }
    return v;
}

Target open_target(const Args &a, const Spec &s, const std::shared_ptr<Input> &in, bool sequential) {
    Target t;
    t.map = map_input(in, s.offset, TO_END, sequential);
    t.view = shape_view(a, s, t.map.view.get());
    return t;
}

}  // namespace cli
