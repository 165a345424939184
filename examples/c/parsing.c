/* Example 4, zero-copy parsing: a file of a 12-byte header and 100,000
 * '<Iff' records, parsed by casting views of the mapped file; column x is
 * summed through a view of that one field, without copying anything. */
#include "records.h"

#define N_RECORDS 100000

int main(int argc, char **argv) {
    example_begin("parsing");
    char path[4096];
    snprintf(path, sizeof path, "%s/records.bin", argc > 1 ? argv[1] : "/tmp");
    write_records_file(path, N_RECORDS);

    mv_view *file = view_file(path, 0);
    printf("file         %s, %zu bytes, mapped\n", path, mv_nbytes(file));

    /* Header: the magic is a slice, the count a '<I' cast of bytes 8..12. */
    mv_view *magic = NULL, *count_bytes = NULL, *count = NULL;
    TRY(mv_slice(&magic, file, 0, 8, 1));
    CHECK(memcmp(mv_data(magic), "MVREC001", 8) == 0, "bad magic");
    TRY(mv_slice(&count_bytes, file, 8, 12, 1));
    TRY(mv_cast(&count, count_bytes, "<I", NULL, 0));
    ptrdiff_t i0 = 0;
    mv_value n;
    TRY(mv_get(count, &i0, 1, &n, 1));
    printf("header       magic MVREC001, %llu records\n", (unsigned long long)n.u);

    /* The records: everything after the header, as '<Iff' items. */
    mv_view *records = NULL, *x = NULL;
    TRY(mv_cast_offset(&records, file, "<Iff", NULL, 0, 12));
    CHECK(mv_len(records) == n.u, "header says %llu records, file holds %zu", (unsigned long long)n.u,
          mv_len(records));
    mv_value rec[3];
    ptrdiff_t last = -1;
    TRY(mv_get(records, &last, 1, rec, 3));
    printf("last record  (%llu, %.6f, %.6f)\n", (unsigned long long)rec[0].u, rec[1].f, rec[2].f);

    /* Column x: a '<f' view of field 1 of every record (stride 12 bytes). */
    TRY(mv_field_view(&x, records, 1));
    printf("column x     format %s, %zu items, stride %td bytes\n", mv_format(x), mv_len(x), mv_strides(x)[0]);
    double sum_x = 0;
    for (ptrdiff_t i = 0; i < (ptrdiff_t)mv_len(x); ++i) {
        mv_value v;
        TRY(mv_get(x, &i, 1, &v, 1));
        sum_x += v.f;
    }
    printf("sum of x     %.6f\n", sum_x);

    mv_release(x);
    mv_release(records);
    mv_release(count);
    mv_release(count_bytes);
    mv_release(magic);
    mv_release(file);
    unlink(path);
    return example_end("records=%llu sum_x=%.6f", (unsigned long long)n.u, sum_x);
}
