/* The other order: memview.h first, then Arrow's arrow/c/abi.h, which its
   guard then skips (issue 11). */
#include "memview.h"

#include <arrow/c/abi.h>

int arrow_abi_second(struct ArrowArray *a, const struct ArrowSchema *s);
int arrow_abi_second(struct ArrowArray *a, const struct ArrowSchema *s) {
    mv_view *v = 0;
    return mv_from_arrow(&v, a, s, MV_ARROW_WRITABLE) + ARROW_FLAG_NULLABLE;
}
