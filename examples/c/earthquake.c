/* Example 3, the earthquake signal: a million float32 samples in a file,
 * mapped and viewed in place (no copy), summarised, changed through one view
 * and seen through another; next to it, the naive path that reads the file
 * into a fresh buffer first. */
#include "common.h"

#include <math.h>

#define N_SAMPLES 1000000

static void stats(const float *x, size_t n, double *mean, double *maxabs) {
    double sum = 0, peak = 0;
    for (size_t i = 0; i < n; ++i) {
        sum += x[i];
        if (fabs(x[i]) > peak) peak = fabs(x[i]);
    }
    *mean = sum / (double)n;
    *maxabs = peak;
}

int main(int argc, char **argv) {
    example_begin("earthquake");
    char path[4096];
    snprintf(path, sizeof path, "%s/earthquake.f32", argc > 1 ? argv[1] : "/tmp");

    gen_t g = gen_new();
    float *samples = malloc(N_SAMPLES * sizeof(float));
    CHECK(samples, "out of memory");
    for (size_t i = 0; i < N_SAMPLES; ++i) samples[i] = gen_sample(&g);
    FILE *f = fopen(path, "wb");
    CHECK(f && fwrite(samples, sizeof(float), N_SAMPLES, f) == N_SAMPLES && fclose(f) == 0,
          "cannot write %s", path);
    free(samples);
    printf("wrote        %d float32 samples to %s\n", N_SAMPLES, path);

    /* View path: map the file writable and shared, view it as 'f'. */
    double t0 = now_seconds();
    mv_view *bytes = view_file(path, 1), *accel = NULL;
    TRY(mv_cast(&accel, bytes, "f", NULL, 0));
    mv_release(bytes); /* accel keeps the mapping alive */
    double view_mean, view_maxabs;
    stats(mv_data(accel), mv_len(accel), &view_mean, &view_maxabs);
    double view_time = now_seconds() - t0;

    /* Naive path: read the whole file into a new buffer, then the same stats. */
    size_t nbytes = N_SAMPLES * sizeof(float);
    t0 = now_seconds();
    float *copy = malloc(nbytes);
    FILE *in = fopen(path, "rb");
    CHECK(copy && in && fread(copy, 1, nbytes, in) == nbytes, "cannot read %s", path);
    fclose(in);
    double copy_mean, copy_maxabs;
    stats(copy, N_SAMPLES, &copy_mean, &copy_maxabs);
    double copy_time = now_seconds() - t0;
    free(copy);

    printf("view path    mean=%.6f maxabs=%.6f  copied 0 bytes        %.4f s\n", view_mean, view_maxabs, view_time);
    printf("naive path   mean=%.6f maxabs=%.6f  copied %zu bytes  %.4f s\n", copy_mean, copy_maxabs, nbytes, copy_time);
    CHECK(view_mean == copy_mean && view_maxabs == copy_maxabs, "the two paths disagree");

    /* accel[0] = 999.0, then read it through a second, independent view
     * (the first ten samples as a slice): both see the one mapping. */
    ptrdiff_t i0 = 0;
    mv_value v = {.kind = MV_KIND_FLOAT, .f = 999.0};
    TRY(mv_set(accel, &i0, 1, &v, 1));
    mv_view *head = NULL;
    TRY(mv_slice(&head, accel, 0, 10, 1));
    mv_value seen;
    TRY(mv_get(head, &i0, 1, &seen, 1));
    printf("in place     accel[0] = 999.0, seen through a slice view: %.1f\n", seen.f);
    CHECK(seen.f == 999.0, "the second view sees %f", seen.f);

    mv_release(head);
    mv_release(accel); /* last view: the mapping is unmapped here */
    unlink(path);
    return example_end("mean=%.6f maxabs=%.6f copied=0", view_mean, view_maxabs);
}
