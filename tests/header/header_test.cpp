// The public header compiles as C++ with -Wall -Wextra -pedantic -Werror.
#include "memview.h"

int header_test_cxx();
int header_test_cxx() {
    mv_buffer_info info = MV_BUFFER_INFO_INIT;
    mv_view *v = nullptr;
    static_assert(MV_OK == 0, "MV_OK is zero");
    static_assert(MV_EINVAL < 0, "errors are negative");
    return static_cast<int>(info.version) + (v == nullptr ? 0 : 1);
}
