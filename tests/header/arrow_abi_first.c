/* memview.h coexists with Arrow's own C Data Interface header (issue 11):
   arrow/c/abi.h first, then memview.h, whose structs are skipped by the
   spec's ARROW_C_DATA_INTERFACE guard; the types are the same, so Arrow's
   structs go straight into mv_to_arrow/mv_from_arrow. */
#include <arrow/c/abi.h>

#include "memview.h"

int arrow_abi_first(const mv_view *v);
int arrow_abi_first(const mv_view *v) {
    struct ArrowSchema s;
    struct ArrowArray a;
    mv_view *back = 0;
    int rc = mv_to_arrow(v, &s, &a);
    if (rc == MV_OK) rc = mv_from_arrow(&back, &a, &s, 0);
    return rc + (int)sizeof(DLManagedTensorVersioned);
}
