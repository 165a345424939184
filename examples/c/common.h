/* Shared by the C examples: the fixed-seed generator every language uses
 * (examples/SPEC.md), a clock, the one RESULT line each example prints, and
 * a view of an mmap'ed file. */
#ifndef EXAMPLES_COMMON_H
#define EXAMPLES_COMMON_H

#include <memview.h>

#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* splitmix64: tiny, and bit-for-bit reproducible in C, Python, Go and Rust,
 * so every language works on exactly the same data. */
typedef struct { uint64_t state; } gen_t;

static inline gen_t gen_new(void) { gen_t g = {2026}; return g; }

static inline uint64_t gen_next(gen_t *g) {
    uint64_t z = (g->state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* 24 random bits scaled to [-1, 1): exact in float32. */
static inline float gen_sample(gen_t *g) {
    return (float)((double)(gen_next(g) >> 40) / 16777216.0 * 2.0 - 1.0);
}

static inline double now_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static const char *example_name = "?";
static double example_start;

static inline void example_begin(const char *name) {
    example_name = name;
    example_start = now_seconds();
    printf("== %s\n", name);
}

/* The machine-readable last line: RESULT|c|<example>|<result>|<seconds>. */
static inline int example_end(const char *fmt, ...) {
    char result[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(result, sizeof result, fmt, ap);
    va_end(ap);
    printf("RESULT|c|%s|%s|%.6f\n", example_name, result, now_seconds() - example_start);
    return 0;
}

/* Any failure ends the example with a FAIL result line and a non-zero exit. */
static inline void example_fail(const char *fmt, ...) {
    char reason[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    for (char *p = reason; *p; ++p)
        if (*p == '|' || *p == '\n') *p = ' ';
    fflush(stdout);
    printf("RESULT|c|%s|FAIL: %s|%.6f\n", example_name, reason, now_seconds() - example_start);
    exit(1);
}

/* Every memview call returns MV_OK or a negative code with a message. */
#define TRY(call)                                                                  \
    do {                                                                           \
        int rc_ = (call);                                                          \
        if (rc_ != MV_OK) example_fail("%s: %s", #call, mv_errmsg());              \
    } while (0)

#define CHECK(cond, ...)                                                           \
    do {                                                                           \
        if (!(cond)) example_fail(__VA_ARGS__);                                    \
    } while (0)

typedef struct { void *base; size_t len; } mapping_t;

/* The release callback of a mapped file: runs when the last view of the
 * mapping goes, so no view can outlive the memory it describes. */
static inline void unmap_file(void *ctx) {
    mapping_t *m = ctx;
    munmap(m->base, m->len);
    free(m);
}

/* A 'B' view of the whole file, mmap'ed shared (writes through a writable
 * view go to the file): the bytes are never copied into a buffer. */
static inline mv_view *view_file(const char *path, int writable) {
    int fd = open(path, writable ? O_RDWR : O_RDONLY);
    CHECK(fd >= 0, "cannot open %s", path);
    struct stat st;
    CHECK(fstat(fd, &st) == 0 && st.st_size > 0, "cannot size %s", path);
    size_t len = (size_t)st.st_size;
    void *base = mmap(NULL, len, PROT_READ | (writable ? PROT_WRITE : 0), MAP_SHARED, fd, 0);
    close(fd); /* the mapping keeps the file open */
    CHECK(base != MAP_FAILED, "cannot map %s", path);
    mapping_t *m = malloc(sizeof *m);
    CHECK(m, "out of memory");
    *m = (mapping_t){base, len};
    mv_view *v = NULL;
    int rc = mv_create(&v, base, len, writable ? 0 : MV_READONLY, unmap_file, m);
    if (rc != MV_OK) unmap_file(m); /* not called on failure: still ours */
    TRY(rc);
    return v;
}

#endif
