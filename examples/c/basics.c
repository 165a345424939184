/* Example 1, basics: a view over a buffer we own, a slice of it, a write
 * through the view that shows up in the buffer, and a read-only buffer that
 * refuses writes. */
#include "common.h"

#include <string.h>

int main(void) {
    example_begin("basics");

    /* Like bytearray(b"Hello, world!"): memory the program owns and may change. */
    char buffer[] = "Hello, world!";
    size_t len = strlen(buffer);
    mv_view *mv = NULL;
    TRY(mv_create(&mv, buffer, len, 0, NULL, NULL));

    char copy[32] = {0};
    TRY(mv_tobytes(mv, copy, sizeof copy, 'C'));
    printf("tobytes      %s\n", copy);
    CHECK(strcmp(copy, "Hello, world!") == 0, "tobytes gave '%s'", copy);

    /* mv[0]: one item, unpacked as Python would ('B' gives an unsigned int). */
    ptrdiff_t i0 = 0;
    mv_value first;
    TRY(mv_get(mv, &i0, 1, &first, 1));
    printf("mv[0]        %llu\n", (unsigned long long)first.u);
    CHECK(first.kind == MV_KIND_UINT && first.u == 72, "mv[0] is not 72");

    /* mv[0:5] is another view of the same bytes, not a copy. */
    mv_view *hello = NULL;
    TRY(mv_slice(&hello, mv, 0, 5, 1));
    char head[8] = {0};
    TRY(mv_tobytes(hello, head, sizeof head, 'C'));
    printf("mv[0:5]      %s (shares memory: %s)\n", head, mv_data(hello) == (void *)buffer ? "yes" : "no");
    CHECK(strcmp(head, "Hello") == 0 && mv_data(hello) == (void *)buffer, "slice is wrong");

    /* mv[0] = ord('J'): the write lands in `buffer` itself. */
    mv_value j = {.kind = MV_KIND_UINT, .u = 'J'};
    TRY(mv_set(mv, &i0, 1, &j, 1));
    printf("buffer       %s\n", buffer);
    CHECK(strcmp(buffer, "Jello, world!") == 0, "buffer is '%s'", buffer);

    /* Like memoryview(b"Immutable"): the producer says the bytes are read-only,
     * and the library refuses the write instead of corrupting them. */
    static const char immutable[] = "Immutable";
    mv_view *ro = NULL;
    TRY(mv_create(&ro, (void *)immutable, strlen(immutable), MV_READONLY, NULL, NULL));
    int rc = mv_set(ro, &i0, 1, &j, 1);
    printf("read-only    write refused: %s (%s)\n", rc == MV_EREADONLY ? "yes" : "no", mv_errmsg());
    CHECK(rc == MV_EREADONLY && immutable[0] == 'I', "read-only write was not refused (rc %d)", rc);

    mv_release(ro);
    mv_release(hello);
    mv_release(mv);
    return example_end("%s / readonly refused", buffer);
}
