/* Example 6, `dask` (the shared-memory half; examples/SPEC.md): a producer
 * creates a named shared-memory segment of 2^22 float32 samples; 8 consumer
 * processes open it by name, each views its chunk without copying and
 * reports sum/min/max; the producer combines them into mean/min/max.
 *
 *   dask [WORKDIR]              the example: producer + 8 consumer processes
 *   dask produce NAME           create and fill the segment NAME, leave it
 *   dask consume NAME I K       print chunk I of K: CHUNK|I|sum|min|max (bits, hex)
 *
 * The produce/consume modes are what examples/shm_cross.sh runs across
 * languages (a producer in one, consumers in the others). */
#include "common.h"

#include <inttypes.h>
#include <string.h>

#define N_SAMPLES (1 << 22)
#define N_CHUNKS 8

static void produce(const char *name) {
    mv_view *seg = NULL, *f = NULL;
    TRY(mv_shm_create(&seg, name, (size_t)N_SAMPLES * sizeof(float), 0));
    TRY(mv_cast(&f, seg, "f", NULL, 0));
    float *x = mv_data(f); /* the segment's memory: written in place */
    gen_t g = gen_new();
    for (size_t i = 0; i < N_SAMPLES; ++i) x[i] = gen_sample(&g);
    mv_release(f);
    mv_release(seg); /* unmapped; the segment stays until unlinked */
}

/* Chunk i of k: float64 sum in index order, min, max, as exact bit patterns. */
static void consume(const char *name, int i, int k, FILE *out) {
    mv_view *seg = NULL, *f = NULL, *chunk = NULL;
    TRY(mv_shm_open(&seg, name, MV_READONLY));
    TRY(mv_cast(&f, seg, "f", NULL, 0));
    const ptrdiff_t n = (ptrdiff_t)mv_len(f), a = n / k * i, b = i == k - 1 ? n : n / k * (i + 1);
    TRY(mv_slice(&chunk, f, a, b, 1));
    const float *x = mv_data(chunk); /* this process's mapping: no copy */
    double sum = 0;
    float lo = x[0], hi = x[0];
    for (ptrdiff_t j = 0; j < b - a; ++j) {
        sum += x[j];
        if (x[j] < lo) lo = x[j];
        if (x[j] > hi) hi = x[j];
    }
    uint64_t sbits;
    uint32_t lbits, hbits;
    memcpy(&sbits, &sum, 8);
    memcpy(&lbits, &lo, 4);
    memcpy(&hbits, &hi, 4);
    fprintf(out, "CHUNK|%d|%016" PRIx64 "|%08" PRIx32 "|%08" PRIx32 "\n", i, sbits, lbits, hbits);
    mv_release(chunk);
    mv_release(f);
    mv_release(seg);
}

int main(int argc, char **argv) {
    if (argc >= 3 && !strcmp(argv[1], "produce")) {
        example_name = "dask-produce";
        produce(argv[2]);
        return 0;
    }
    if (argc >= 5 && !strcmp(argv[1], "consume")) {
        example_name = "dask-consume";
        consume(argv[2], atoi(argv[3]), atoi(argv[4]), stdout);
        return 0;
    }
    example_begin("dask");
    char name[64], self[4096];
    snprintf(name, sizeof name, "mv_dask_c_%d", (int)getpid());
    ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
    CHECK(len > 0, "cannot find this program");
    self[len] = 0;
    produce(name);
    /* The consumers run at once, each in its own process. */
    FILE *pipes[N_CHUNKS];
    for (int i = 0; i < N_CHUNKS; ++i) {
        char cmd[4300];
        snprintf(cmd, sizeof cmd, "'%s' consume %s %d %d", self, name, i, N_CHUNKS);
        pipes[i] = popen(cmd, "r");
        CHECK(pipes[i], "cannot start consumer %d", i);
    }
    double total = 0;
    float lo = 0, hi = 0;
    int ok = 1;
    for (int i = 0; i < N_CHUNKS; ++i) {
        int idx = -1;
        uint64_t sbits = 0;
        uint32_t lbits = 0, hbits = 0;
        ok &= fscanf(pipes[i], "CHUNK|%d|%" SCNx64 "|%" SCNx32 "|%" SCNx32, &idx, &sbits, &lbits, &hbits) == 4 &&
              idx == i;
        ok &= pclose(pipes[i]) == 0;
        double s;
        float l, h;
        memcpy(&s, &sbits, 8);
        memcpy(&l, &lbits, 4);
        memcpy(&h, &hbits, 4);
        total += s; /* chunk sums in chunk order */
        if (i == 0 || l < lo) lo = l;
        if (i == 0 || h > hi) hi = h;
    }
    TRY(mv_shm_unlink(name));
    CHECK(ok, "a consumer failed");
    printf("segment      /%s: %d float32, %d consumer processes\n", name, N_SAMPLES, N_CHUNKS);
    printf("combined     mean=%.6f min=%.6f max=%.6f\n", total / N_SAMPLES, lo, hi);
    return example_end("chunks=%d mean=%.6f min=%.6f max=%.6f", N_CHUNKS, total / N_SAMPLES, (double)lo, (double)hi);
}
