// Thread-local error state behind mv_errmsg(): every failing core function
// records its message here and returns the code, so the C layer only
// forwards codes.
#pragma once
#include "memview.h"

namespace mv {

// Record a printf-style message for this thread and return `code`.
int fail(int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

const char *errmsg();
void errclear();

}  // namespace mv
