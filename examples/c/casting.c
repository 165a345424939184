/* Example 2, casting: float32 values seen as raw bytes and back, and a packed
 * big-endian record read field by field with an explicit byte order. */
#include "common.h"

#include <string.h>

int main(void) {
    example_begin("casting");

    /* Like array.array('f', [1.5, 2.718, 3.14159]). */
    float floats[3] = {1.5f, 2.718f, 3.14159f};
    mv_view *raw = NULL, *as_f = NULL, *as_bytes = NULL, *back = NULL;
    TRY(mv_create(&raw, floats, sizeof floats, 0, NULL, NULL));
    TRY(mv_cast(&as_f, raw, "f", NULL, 0));

    /* cast('B'): the same 12 bytes, one unsigned byte per item. */
    TRY(mv_cast(&as_bytes, as_f, "B", NULL, 0));
    printf("as bytes     %zu items:", mv_len(as_bytes));
    for (ptrdiff_t i = 0; i < 8; ++i) {
        mv_value b;
        TRY(mv_get(as_bytes, &i, 1, &b, 1));
        printf(" %llu", (unsigned long long)b.u);
    }
    printf(" ...\n");
    CHECK(mv_len(as_bytes) == 12, "cast('B') has %zu items", mv_len(as_bytes));

    /* cast('f') back: no copy was made, so the values are the originals. */
    TRY(mv_cast(&back, as_bytes, "f", NULL, 0));
    printf("back to f    ");
    for (ptrdiff_t i = 0; i < 3; ++i) {
        mv_value f;
        TRY(mv_get(back, &i, 1, &f, 1));
        printf("%g ", f.f);
        CHECK(f.f == floats[i], "value %td changed", i);
    }
    printf("\n");
    int roundtrip = mv_equal(back, as_f) == 1 && mv_data(back) == (void *)floats;
    CHECK(roundtrip, "round trip is not the same view of the same memory");

    /* struct.pack('>if', 42, 3.14): big-endian int 42, then float 3.14. */
    static const unsigned char packed[8] = {0x00, 0x00, 0x00, 0x2a, 0x40, 0x48, 0xf5, 0xc3};
    mv_view *rec = NULL, *ints = NULL, *flts = NULL;
    TRY(mv_create(&rec, (void *)packed, sizeof packed, MV_READONLY, NULL, NULL));
    /* '>' makes the byte order explicit, so this reads right on any host. */
    TRY(mv_cast(&ints, rec, ">i", NULL, 0));
    TRY(mv_cast_offset(&flts, rec, ">f", NULL, 0, 4));
    ptrdiff_t i0 = 0;
    mv_value iv, fv;
    TRY(mv_get(ints, &i0, 1, &iv, 1));
    TRY(mv_get(flts, &i0, 1, &fv, 1));
    printf("'>if' record int=%lld float=%.6f\n", (long long)iv.i, fv.f);
    CHECK(iv.i == 42 && (float)fv.f == 3.14f, "record read as %lld %f", (long long)iv.i, fv.f);

    mv_release(flts);
    mv_release(ints);
    mv_release(rec);
    mv_release(back);
    mv_release(as_bytes);
    mv_release(as_f);
    mv_release(raw);
    return example_end("%lld %.6f roundtrip ok", (long long)iv.i, fv.f);
}
