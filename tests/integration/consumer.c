/* A downstream C program: the guide's packed-struct example. */
#include <memview.h>
#include <stdio.h>

int main(void) {
    static unsigned char data[8] = {0x00, 0x00, 0x00, 0x2a, 0x40, 0x48, 0xf5, 0xc3};
    mv_view *mv, *iv, *fv;
    mv_value i, f, one;
    ptrdiff_t zero = 0;
    if (mv_create(&mv, data, sizeof data, MV_READONLY, NULL, NULL) != MV_OK) return 1;
    if (mv_cast(&iv, mv, ">i", NULL, 0) != MV_OK || mv_cast_offset(&fv, mv, ">f", NULL, 0, 4) != MV_OK) return 2;
    if (mv_get(iv, &zero, 1, &i, 1) != MV_OK || mv_get(fv, &zero, 1, &f, 1) != MV_OK) return 3;
    one.kind = MV_KIND_INT;
    one.i = 1;
    int rc = mv_set(iv, &zero, 1, &one, 1);
    printf("%lld %.2f readonly: %s\n", (long long)i.i, f.f, rc == MV_EREADONLY ? mv_strerror(rc) : "writable?!");
    mv_release(fv);
    mv_release(iv);
    mv_release(mv);
    return 0;
}
