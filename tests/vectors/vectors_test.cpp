// The shared test vectors (tests/vectors/vectors.json, generated from the
// builtin memoryview and struct by tests/vectors/gen.py) through the C API.
// Every case runs; an unknown kind, operation or value encoding fails.
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "../capi/helpers.hpp"

using nlohmann::json;

namespace {

const json &doc() {
    static const json d = [] {
        std::ifstream f(MV_VECTORS_JSON);
        if (!f) throw std::runtime_error("cannot open " MV_VECTORS_JSON);
        return json::parse(f);
    }();
    return d;
}

int code_of(const std::string &name) {
    static const std::map<std::string, int> codes = {
        {"MV_EINVAL", MV_EINVAL},       {"MV_EFORMAT", MV_EFORMAT},     {"MV_EINDEX", MV_EINDEX},
        {"MV_EREADONLY", MV_EREADONLY}, {"MV_ELAYOUT", MV_ELAYOUT},     {"MV_ESIZE", MV_ESIZE},
        {"MV_EOVERFLOW", MV_EOVERFLOW}, {"MV_ENOMEM", MV_ENOMEM},       {"MV_ETYPE", MV_ETYPE},
        {"MV_EVALUE", MV_EVALUE},       {"MV_EINTERNAL", MV_EINTERNAL},
    };
    auto it = codes.find(name);
    if (it == codes.end()) ADD_FAILURE() << "unknown error code " << name;
    return it == codes.end() ? 1 : it->second;
}

std::vector<unsigned char> unhex(const std::string &s) {
    std::vector<unsigned char> out(s.size() / 2);
    for (size_t i = 0; i < out.size(); i++) out[i] = static_cast<unsigned char>(std::stoul(s.substr(2 * i, 2), nullptr, 16));
    return out;
}

std::string tohex(const unsigned char *p, size_t n) {
    static const char *digits = "0123456789abcdef";
    std::string s;
    for (size_t i = 0; i < n; i++) {
        s += digits[p[i] >> 4];
        s += digits[p[i] & 15];
    }
    return s;
}

ptrdiff_t bound(const json &j) { return j.is_null() ? MV_NONE : j.get<ptrdiff_t>(); }

// One derivation; returns the return code (the new view in *out on success).
int apply(mv_view **out, const mv_view *v, const json &op) {
    const std::string kind = op.at("op");
    if (kind == "slice") return mv_slice(out, v, bound(op["start"]), bound(op["stop"]), bound(op["step"]));
    if (kind == "slice_nd") {
        std::vector<mv_range> r;
        for (const json &x : op["ranges"]) r.push_back({bound(x[0]), bound(x[1]), bound(x[2])});
        return mv_slice_nd(out, v, r.data(), static_cast<int>(r.size()));
    }
    if (kind == "index") return mv_index(out, v, op["i"].get<ptrdiff_t>());
    if (kind == "cast") {
        const std::string fmt = op["format"];
        if (op["shape"].is_null()) return mv_cast_offset(out, v, fmt.c_str(), nullptr, 0, op["offset"].get<size_t>());
        std::vector<ptrdiff_t> shape = op["shape"].get<std::vector<ptrdiff_t>>();
        ptrdiff_t none = 0;  // a 0-d cast: a non-NULL shape with ndim 0
        return mv_cast_offset(out, v, fmt.c_str(), shape.empty() ? &none : shape.data(),
                              static_cast<int>(shape.size()), op["offset"].get<size_t>());
    }
    if (kind == "field") return mv_field_view(out, v, op["k"].get<size_t>());
    if (kind == "toreadonly") return mv_toreadonly(out, v);
    ADD_FAILURE() << "unknown operation " << kind;
    return 1;
}

// The buffer of a case and the chain of views over it.
struct Chain {
    std::vector<unsigned char> buf;
    std::vector<View *> views;
    ~Chain() {
        for (View *v : views) delete v;
    }
    const mv_view *last() const { return views.back()->v; }
    // Builds the base view and applies ops[0..n); returns the first failing
    // op's code (MV_OK when all succeed).
    int build(const std::string &data, bool readonly, const json &ops, size_t n) {
        buf = unhex(data);
        views.push_back(new View());
        int rc = mv_create(views.back()->out(), buf.empty() ? nullptr : buf.data(), buf.size(),
                           readonly ? MV_READONLY : 0, nullptr, nullptr);
        if (rc) return rc;
        for (size_t k = 0; k < n; k++) {
            views.push_back(new View());
            if ((rc = apply(views.back()->out(), last_ok(), ops[k]))) return rc;
        }
        return MV_OK;
    }
    const mv_view *last_ok() const { return views[views.size() - 2]->v; }
};

// Compare one unpacked value with its JSON encoding.
void expect_value(const mv_value &got, const json &want, const std::string &where) {
    if (want.is_boolean()) {
        EXPECT_EQ(got.kind, MV_KIND_BOOL) << where;
        EXPECT_EQ(got.i, want.get<bool>() ? 1 : 0) << where;
    } else if (want.is_number_integer() || want.is_number_unsigned()) {
        if (got.kind == MV_KIND_INT) {
            EXPECT_TRUE(want.is_number_integer()) << where;
            EXPECT_EQ(got.i, want.get<int64_t>()) << where;
        } else {
            EXPECT_EQ(got.kind, MV_KIND_UINT) << where;
            EXPECT_EQ(got.u, want.get<uint64_t>()) << where;
        }
    } else if (want.is_object() && want.contains("f")) {
        EXPECT_EQ(got.kind, MV_KIND_FLOAT) << where;
        const double w = std::strtod(want["f"].get<std::string>().c_str(), nullptr);
        if (std::isnan(w))
            EXPECT_TRUE(std::isnan(got.f)) << where;
        else
            EXPECT_EQ(std::memcmp(&got.f, &w, sizeof w), 0) << where << ": " << got.f << " != " << w;
    } else if (want.is_object() && want.contains("b")) {
        EXPECT_EQ(got.kind, MV_KIND_BYTES) << where;
        EXPECT_EQ(tohex(static_cast<const unsigned char *>(got.bytes), got.len), want["b"].get<std::string>()) << where;
    } else {
        ADD_FAILURE() << "unknown value encoding " << want.dump() << " at " << where;
    }
}

// JSON value -> mv_values (one per field); `keep` owns the bytes.
std::vector<mv_value> to_values(const json &j, std::vector<std::vector<unsigned char>> &keep) {
    std::vector<mv_value> out;
    if (j.is_object() && j.contains("r")) {
        for (const json &x : j["r"]) {
            auto one = to_values(x, keep);
            out.insert(out.end(), one.begin(), one.end());
        }
        return out;
    }
    mv_value v{};
    if (j.is_boolean()) {
        v.kind = MV_KIND_BOOL;
        v.i = j.get<bool>();
    } else if (j.is_number_unsigned() && j.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
        v.kind = MV_KIND_UINT;
        v.u = j.get<uint64_t>();
    } else if (j.is_number_integer()) {
        v.kind = MV_KIND_INT;
        v.i = j.get<int64_t>();
    } else if (j.is_object() && j.contains("f")) {
        v.kind = MV_KIND_FLOAT;
        v.f = std::strtod(j["f"].get<std::string>().c_str(), nullptr);
    } else if (j.is_object() && j.contains("b")) {
        keep.push_back(unhex(j["b"]));
        v.kind = MV_KIND_BYTES;
        v.bytes = keep.back().data();
        v.len = keep.back().size();
    } else {
        ADD_FAILURE() << "unknown value encoding " << j.dump();
    }
    out.push_back(v);
    return out;
}

void run_view(const json &c) {
    Chain ch;
    const json &ops = c["ops"];
    if (c.contains("error")) {
        const size_t at = c["error"]["at"];
        ASSERT_EQ(ch.build(c["data"], c["readonly"], ops, at), MV_OK) << mv_errmsg();
        mv_view *out = nullptr;
        EXPECT_EQ(apply(&out, ch.last(), ops[at]), code_of(c["error"]["code"])) << mv_errmsg();
        EXPECT_EQ(out, nullptr);
        mv_release(out);
        return;
    }
    ASSERT_EQ(ch.build(c["data"], c["readonly"], ops, ops.size()), MV_OK) << mv_errmsg();
    const mv_view *v = ch.last();
    const json &e = c["expect"];
    EXPECT_EQ(std::string(mv_format(v)), e["format"].get<std::string>());
    EXPECT_EQ(mv_itemsize(v), e["itemsize"].get<size_t>());
    EXPECT_EQ(mv_ndim(v), e["ndim"].get<int>());
    EXPECT_EQ(shape_of(v), e["shape"].get<std::vector<ptrdiff_t>>());
    EXPECT_EQ(strides_of(v), e["strides"].get<std::vector<ptrdiff_t>>());
    EXPECT_EQ(mv_nbytes(v), e["nbytes"].get<size_t>());
    EXPECT_EQ(mv_readonly(v) != 0, e["readonly"].get<bool>());
    EXPECT_EQ(mv_c_contiguous(v) != 0, e["c_contiguous"].get<bool>());
    EXPECT_EQ(mv_f_contiguous(v) != 0, e["f_contiguous"].get<bool>());
    const char *orders = "CFA";
    const char *keys[] = {"tobytes", "tobytes_F", "tobytes_A"};
    for (int k = 0; k < 3; k++) {
        auto b = tobytes(v, orders[k]);
        EXPECT_EQ(tohex(b.data(), b.size()), e[keys[k]].get<std::string>()) << orders[k];
    }
    if (e.contains("items")) {
        const json &items = e["items"];
        const size_t nf = mv_nfields(v);
        std::vector<mv_value> vals(items.size() * nf + 1);
        ASSERT_EQ(mv_unpack(v, vals.data(), vals.size()), MV_OK) << mv_errmsg();
        for (size_t i = 0; i < items.size(); i++) {
            const json &it = items[i];
            if (it.is_object() && it.contains("r")) {
                ASSERT_EQ(it["r"].size(), nf);
                for (size_t f = 0; f < nf; f++)
                    expect_value(vals[i * nf + f], it["r"][f], "item " + std::to_string(i) + "." + std::to_string(f));
            } else {
                ASSERT_EQ(nf, 1u);
                expect_value(vals[i], it, "item " + std::to_string(i));
            }
        }
    }
}

void run_hex(const json &c) {
    Chain ch;
    ASSERT_EQ(ch.build(c["data"], true, c["ops"], c["ops"].size()), MV_OK) << mv_errmsg();
    const mv_view *v = ch.last();
    char sep = 0;
    int bps = 1;
    if (!c["sep"].is_null()) {
        const std::string s = c["sep"];  // UTF-8; a non-ASCII character goes as its code point's byte
        sep = static_cast<char>(s.size() == 1 ? s[0] : (((s[0] & 0x1f) << 6) | (s[1] & 0x3f)));
        bps = c["bytes_per_sep"];
    }
    std::string out(mv_hex_len(v, sep, bps) + 1, '?');
    const int rc = mv_hex(v, &out[0], out.size(), sep, bps);
    if (c.contains("error")) {
        EXPECT_EQ(rc, code_of(c["error"]["code"]));
        return;
    }
    ASSERT_EQ(rc, MV_OK) << mv_errmsg();
    out.resize(out.size() - 1);
    EXPECT_EQ(out, c["expect"].get<std::string>());
}

void run_equal(const json &c) {
    Chain a, b;
    ASSERT_EQ(a.build(c["a"]["data"], true, c["a"]["ops"], c["a"]["ops"].size()), MV_OK) << mv_errmsg();
    ASSERT_EQ(b.build(c["b"]["data"], true, c["b"]["ops"], c["b"]["ops"].size()), MV_OK) << mv_errmsg();
    const int want = c["expect"].get<bool>() ? 1 : 0;
    EXPECT_EQ(mv_equal(a.last(), b.last()), want);
    EXPECT_EQ(mv_equal(b.last(), a.last()), want);
}

// copy and set: the write, then the whole buffer (unchanged after an error).
void run_write(const json &c, const std::function<int(const mv_view *)> &write) {
    Chain ch;
    ASSERT_EQ(ch.build(c["data"], c["readonly"], c["ops"], c["ops"].size()), MV_OK) << mv_errmsg();
    const std::string before = tohex(ch.buf.data(), ch.buf.size());
    const int rc = write(ch.last());
    if (c.contains("error")) {
        EXPECT_EQ(rc, code_of(c["error"]["code"])) << mv_errmsg();
        EXPECT_EQ(tohex(ch.buf.data(), ch.buf.size()), before) << "a refused write changed the buffer";
    } else {
        EXPECT_EQ(rc, MV_OK) << mv_errmsg();
        EXPECT_EQ(tohex(ch.buf.data(), ch.buf.size()), c["expect"]["data"].get<std::string>());
    }
}

void run_copy(const json &c) {
    run_write(c, [&](const mv_view *v) {
        View dst, src;
        const json &d = c["dst"], &s = c["src"];
        int rc = mv_slice(dst.out(), v, bound(d[0]), bound(d[1]), bound(d[2]));
        if (!rc) rc = mv_slice(src.out(), v, bound(s[0]), bound(s[1]), bound(s[2]));
        return rc ? rc : mv_copy(dst, src);
    });
}

void run_set(const json &c) {
    run_write(c, [&](const mv_view *v) {
        std::vector<ptrdiff_t> idx = c["index"].get<std::vector<ptrdiff_t>>();
        std::vector<std::vector<unsigned char>> keep;
        std::vector<mv_value> vals = to_values(c["value"], keep);
        return mv_set(v, idx.data(), static_cast<int>(idx.size()), vals.data(), vals.size());
    });
}

const std::map<std::string, void (*)(const json &)> &runners() {
    static const std::map<std::string, void (*)(const json &)> r = {
        {"view", run_view}, {"hex", run_hex}, {"equal", run_equal}, {"copy", run_copy}, {"set", run_set}};
    return r;
}

void run_kind(const std::string &kind) {
    size_t n = 0;
    for (const json &c : doc()["cases"]) {
        if (c["kind"] != kind) continue;
        SCOPED_TRACE(c["id"].get<std::string>() + " " + c.dump().substr(0, 400));
        runners().at(kind)(c);
        n++;
    }
    EXPECT_GT(n, 0u) << "no " << kind << " cases";
}

TEST(Vectors, View) { run_kind("view"); }
TEST(Vectors, Hex) { run_kind("hex"); }
TEST(Vectors, Equal) { run_kind("equal"); }
TEST(Vectors, Copy) { run_kind("copy"); }
TEST(Vectors, Set) { run_kind("set"); }

// Each kind's test runs every case of that kind: no case may be of a kind
// this runner does not know, and ids are unique.
TEST(Vectors, EveryCaseHasAKnownKind) {
    std::set<std::string> ids;
    for (const json &c : doc()["cases"]) {
        EXPECT_TRUE(runners().count(c["kind"].get<std::string>())) << c["id"] << ": unknown kind " << c["kind"];
        EXPECT_TRUE(ids.insert(c["id"].get<std::string>()).second) << "duplicate id " << c["id"];
    }
    EXPECT_GT(ids.size(), 400u);
}

}  // namespace
