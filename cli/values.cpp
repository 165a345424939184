#include "values.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace cli {
namespace {

// The shortest digits that read back to the same value (std::to_chars:
// Ryu, exact), split into the digit string and the decimal exponent.
void shortest_digits(double x, bool single, std::string &digits, int &exp10) {
    char buf[64];
    auto r = single ? std::to_chars(buf, buf + sizeof buf, static_cast<float>(x), std::chars_format::scientific)
                    : std::to_chars(buf, buf + sizeof buf, x, std::chars_format::scientific);
    *r.ptr = '\0';
    char *e = std::strchr(buf, 'e');
    exp10 = std::atoi(e + 1);
    digits.clear();
    for (char *p = buf; p < e; ++p)
        if (*p >= '0' && *p <= '9') digits += *p;
    while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
}

}  // namespace

void append_float(std::string &out, double x, bool single) {
    if (std::isnan(x)) {
        out += "nan";
        return;
    }
    if (std::isinf(x)) {
        out += x < 0 ? "-inf" : "inf";
        return;
    }
    if (std::signbit(x)) out += '-';
    x = std::fabs(x);
    if (x == 0) {
        out += "0.0";
        return;
    }
    std::string d;
    int e = 0;
    shortest_digits(x, single, d, e);
    // Python's repr: positional for 1e-4 <= |x| < 1e16, else scientific.
    if (e < -4 || e >= 16) {
        out += d[0];
        if (d.size() > 1) {
            out += '.';
            out.append(d, 1, std::string::npos);
        }
        char ebuf[16];
        std::snprintf(ebuf, sizeof ebuf, "e%c%02d", e < 0 ? '-' : '+', std::abs(e));
        out += ebuf;
    } else if (e < 0) {
        out += "0.";
        out.append(static_cast<size_t>(-e - 1), '0');
        out += d;
    } else if (static_cast<size_t>(e) + 1 >= d.size()) {
        out += d;
        out.append(static_cast<size_t>(e) + 1 - d.size(), '0');
        out += ".0";
    } else {
        out.append(d, 0, static_cast<size_t>(e) + 1);
        out += '.';
        out.append(d, static_cast<size_t>(e) + 1, std::string::npos);
    }
}

namespace {

void append_bytes(std::string &out, const unsigned char *p, size_t n) {
    // Python picks double quotes only when the bytes hold ' and no ".
    bool has_single = std::memchr(p, '\'', n) != nullptr;
    bool has_double = std::memchr(p, '"', n) != nullptr;
    char q = (has_single && !has_double) ? '"' : '\'';
    out += 'b';
    out += q;
    for (size_t k = 0; k < n; ++k) {
        unsigned char c = p[k];
        if (c == '\\' || c == static_cast<unsigned char>(q)) {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c == '\t') {
            out += "\\t";
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c < 0x20 || c >= 0x7f) {
            char buf[5];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        } else {
            out += static_cast<char>(c);
        }
    }
    out += q;
}

}  // namespace

void append_value(std::string &out, const mv_value &v) {
    char buf[32];
    switch (v.kind) {
    case MV_KIND_INT:
        std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(v.i));
        out += buf;
        break;
    case MV_KIND_UINT:
        std::snprintf(buf, sizeof buf, "%llu", static_cast<unsigned long long>(v.u));
        out += buf;
        break;
    case MV_KIND_FLOAT:
        append_float(out, v.f, v.code == 'f' || v.code == 'e');
        break;
    case MV_KIND_BOOL:
        out += v.i ? "True" : "False";
        break;
    case MV_KIND_BYTES:
        append_bytes(out, static_cast<const unsigned char *>(v.bytes), v.len);
        break;
    default:
        out += "?";
    }
}

void append_csv_value(std::string &out, const mv_value &v) {
    std::string cell;
    append_value(cell, v);
    if (cell.find_first_of(",\"\n\r") == std::string::npos) {
        out += cell;
        return;
    }
    out += '"';
    for (char c : cell) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

}  // namespace cli
