/* The public header compiles as C99 with -Wall -Wextra -pedantic -Werror and
   its declarations are usable from C. */
#include "memview.h"

static mv_buffer_info make_info(void) {
    mv_buffer_info info = MV_BUFFER_INFO_INIT;
    return info;
}

int header_test_c(void);
int header_test_c(void) {
    mv_buffer_info info = make_info();
    mv_range r = {0, MV_NONE, 1};
    mv_value v;
    mv_field_info f;
    v.kind = MV_KIND_INT;
    f.code = 'i';
    (void)r;
    (void)v;
    (void)f;
    return (int)info.version + MV_OK + (MV_VERSION_CHECK(0, 0, 1) ? 0 : 1) + (int)sizeof(mv_release_fn);
}
