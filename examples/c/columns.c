/* Example 6, columns to Polars (the C side): the records file viewed as
 * '<Iff', one zero-copy view per column, each exported through the Arrow C
 * Data Interface, checked through the ArrowSchema/ArrowArray contents, then
 * grouped by timestamp bucket (ts / 100000) from the Arrow buffers alone.
 *
 * A record column is strided (12 bytes between items of 4): Arrow needs
 * contiguous items, so mv_to_arrow() refuses it, and MV_EXPORT_COPY makes
 * the one documented copy (4 bytes per item and column). A contiguous view
 * would leave zero-copy; the exported arrays own their copies, so the
 * records' views and the file mapping are released before the group-by. */
#include "records.h"

#define N_RECORDS 100000
#define BUCKET 100000 /* timestamp units per group */
#define NGROUPS 10

int main(int argc, char **argv) {
    example_begin("columns");
    char path[4096];
    snprintf(path, sizeof path, "%s/records-columns.bin", argc > 1 ? argv[1] : "/tmp");
    write_records_file(path, N_RECORDS);

    mv_view *file = view_file(path, 0), *records = NULL;
    TRY(mv_cast_offset(&records, file, "<Iff", NULL, 0, 12));
    CHECK(memcmp(mv_data(file), "MVREC001", 8) == 0 && mv_len(records) == N_RECORDS, "bad records file");

    static const char *const names[3] = {"ts", "x", "y"}, *const formats[3] = {"I", "f", "f"};
    struct ArrowSchema schema[3];
    struct ArrowArray array[3];
    size_t copied = 0;
    for (size_t k = 0; k < 3; ++k) {
        mv_view *col = NULL;
        TRY(mv_field_view(&col, records, k));
        struct ArrowSchema s;
        struct ArrowArray a;
        int rc = mv_to_arrow(col, &s, &a); /* zero-copy only: refused, strided */
        CHECK(rc == MV_ELAYOUT, "a strided column must not leave zero-copy (rc %d)", rc);
        TRY(mv_to_arrow_ex(col, &schema[k], &array[k], MV_EXPORT_COPY));
        const struct ArrowArray *ar = &array[k];
        CHECK(strcmp(schema[k].format, formats[k]) == 0 && schema[k].n_children == 0, "column %s: format '%s'",
              names[k], schema[k].format);
        CHECK(ar->length == N_RECORDS && ar->offset == 0 && ar->null_count == 0 && ar->n_buffers == 2 &&
                  ar->n_children == 0 && ar->buffers[0] == NULL && ar->buffers[1] != NULL,
              "column %s: not a primitive array of %d items without nulls", names[k], N_RECORDS);
        CHECK(ar->buffers[1] != mv_data(col), "column %s: a strided column cannot be zero-copy", names[k]);
        printf("column %-2s    view %s stride %td -> Arrow '%s', %lld items, one copy of %zu bytes\n", names[k],
               mv_format(col), mv_strides(col)[0], schema[k].format, (long long)ar->length,
               (size_t)ar->length * mv_itemsize(col));
        copied += (size_t)ar->length * mv_itemsize(col);
        mv_release(col);
    }
    mv_release(records);
    mv_release(file); /* unmaps the file: the arrays own their columns */
    unlink(path);

    /* group by ts / BUCKET: count, sum of x, mean of y (float64, index order). */
    const uint32_t *ts = array[0].buffers[1];
    const float *x = array[1].buffers[1], *y = array[2].buffers[1];
    long long n[NGROUPS] = {0};
    double sx[NGROUPS] = {0}, sy[NGROUPS] = {0};
    for (int64_t i = 0; i < array[0].length; ++i) {
        uint32_t g = ts[i] / BUCKET;
        CHECK(g < NGROUPS, "timestamp %u out of range", ts[i]);
        n[g]++;
        sx[g] += x[i];
        sy[g] += y[i];
    }
    int groups = 0, top = 0;
    double total = 0;
    for (int g = 0; g < NGROUPS; ++g) {
        groups += n[g] > 0;
        total += sx[g];
        if (sx[g] > sx[top]) top = g;
        printf("bucket %d     n=%lld sum_x=%.6f mean_y=%.6f\n", g, n[g], sx[g], sy[g] / (double)n[g]);
    }
    double top_mean_y = sy[top] / (double)n[top];
    for (int k = 0; k < 3; ++k) {
        schema[k].release(&schema[k]);
        array[k].release(&array[k]);
    }
    return example_end("groups=%d sum_x=%.6f top=%d top_mean_y=%.6f copied=%zu", groups, total, top, top_mean_y,
                       copied);
}
