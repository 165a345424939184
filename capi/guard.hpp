// The wall every extern "C" entry point stands behind: no C++ exception
// crosses the C boundary (allocation failure becomes MV_ENOMEM, anything
// else MV_EINTERNAL with the function's name).
#pragma once
#include <exception>
#include <new>

#include "../core/error.hpp"

namespace mv {

template <class F>
int guarded(const char *fn, F &&body) noexcept {
    try {
        return body();
    } catch (const std::bad_alloc &) {
        return mv::fail(MV_ENOMEM, "%s: out of memory", fn);
    } catch (const std::exception &e) {
        return mv::fail(MV_EINTERNAL, "%s: internal error: %s", fn, e.what());
    } catch (...) {
        return mv::fail(MV_EINTERNAL, "%s: internal error", fn);
    }
}

}  // namespace mv

#define MV_GUARD(body) return mv::guarded(__func__, [&]() -> int { return body; })
