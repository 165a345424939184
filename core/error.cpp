#include "error.hpp"

#include <cstdarg>
#include <cstdio>

namespace mv {

namespace {
// A fixed array, not std::string: no allocation when reporting ENOMEM and no
// thread-exit destructor ordering to worry about.
thread_local char t_message[512];
}  // namespace

int fail(int code, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    std::vsnprintf(t_message, sizeof t_message, fmt, ap);
    va_end(ap);
    return code;
}

const char *errmsg() { return t_message; }

void errclear() { t_message[0] = '\0'; }

}  // namespace mv
