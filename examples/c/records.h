/* The guide's records file (examples/SPEC.md, example 4), shared by the
 * parsing and columns examples: a 12-byte header (magic MVREC001, count as
 * little-endian uint32) then '<Iff' records (timestamp i*10, x, y; x then y
 * drawn per record from one generator). */
#ifndef EXAMPLES_RECORDS_H
#define EXAMPLES_RECORDS_H

#include "common.h"

#include <string.h>

/* Little-endian on every host, as the format '<Iff' says. */
static void put_u32le(unsigned char *p, uint32_t v) {
    for (int k = 0; k < 4; ++k) p[k] = (unsigned char)(v >> (8 * k));
}
static void put_f32le(unsigned char *p, float f) {
    uint32_t bits;
    memcpy(&bits, &f, 4);
    put_u32le(p, bits);
}

static void write_records_file(const char *path, uint32_t n) {
    size_t size = 12 + (size_t)n * 12;
    unsigned char *buf = malloc(size);
    CHECK(buf, "out of memory");
    memcpy(buf, "MVREC001", 8);
    put_u32le(buf + 8, n);
    gen_t g = gen_new();
    for (uint32_t i = 0; i < n; ++i) {
        unsigned char *r = buf + 12 + (size_t)i * 12;
        put_u32le(r, i * 10);
        put_f32le(r + 4, gen_sample(&g)); /* x, then y, from one generator */
        put_f32le(r + 8, gen_sample(&g));
    }
    FILE *f = fopen(path, "wb");
    CHECK(f && fwrite(buf, 1, size, f) == size && fclose(f) == 0, "cannot write %s", path);
    free(buf);
}

#endif
