// Property checks for the fuzz harnesses: a failed property aborts, which
// libFuzzer records as a crash (and saves the input), and which fails the
// regression replay.
#pragma once
#include <cstdio>
#include <cstdlib>

#include <memview.h>

#define FZ_CHECK(cond, what)                                                       \
    do {                                                                           \
        if (!(cond)) {                                                             \
            std::fprintf(stderr, "fuzz property failed at %s:%d: %s (%s) [mv_errmsg: %s]\n", \
                         __FILE__, __LINE__, what, #cond, mv_errmsg());           \
            std::abort();                                                          \
        }                                                                          \
    } while (0)

// A failing call must leave a message naming the problem.
#define FZ_CHECK_ERR(rc)                                                           \
    FZ_CHECK((rc) < 0 && mv_errmsg()[0] != '\0', "error code with a message")
