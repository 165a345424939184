// Package cproducer plays "C code" for the tests: it makes mv_view handles
// in C over malloc'd memory, and releases handles in C, on the calling
// thread or on a thread Go does not know.
package cproducer

/*
#cgo LDFLAGS: -lpthread
#include <memview.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

static atomic_int freed;

static void on_release(void *ctx) { free(ctx); atomic_fetch_add(&freed, 1); }

// A writable "B" view over n malloc'd bytes 0, 1, 2, ...; the memory is
// freed by on_release.
static mv_view *produce(size_t n) {
	unsigned char *p = malloc(n ? n : 1);
	if (!p) return NULL;
	for (size_t i = 0; i < n; i++) p[i] = (unsigned char)i;
	mv_view *v = NULL;
	if (mv_create(&v, p, n, 0, on_release, p) != MV_OK) { free(p); return NULL; }
	return v;
}

// n items of one byte, all at the same address (stride 0): a view far larger
// than the memory behind it.
static unsigned char one_byte = 7;
static mv_view *broadcast(ptrdiff_t n) {
	mv_buffer_info info = MV_BUFFER_INFO_INIT;
	ptrdiff_t shape[1] = {n}, strides[1] = {0};
	info.data = &one_byte;
	info.ndim = 1;
	info.shape = shape;
	info.strides = strides;
	info.readonly = 1;
	mv_view *v = NULL;
	return mv_from_buffer(&v, &info) == MV_OK ? v : NULL;
}

static int freed_count(void) { return atomic_load(&freed); }

static size_t c_len(mv_view *v) { return mv_len(v); }

static void *release_thread(void *v) { mv_release((mv_view *)v); return NULL; }

// mv_release on a new pthread, joined before returning.
static int release_on_c_thread(mv_view *v) {
	pthread_t t;
	if (pthread_create(&t, NULL, release_thread, v) != 0) return -1;
	return pthread_join(t, NULL);
}
*/
import "C"

import "unsafe"

// Produce returns an mv_view* over n C bytes 0, 1, 2, ..., owned by the caller.
func Produce(n int) unsafe.Pointer { return unsafe.Pointer(C.produce(C.size_t(n))) }

// Broadcast returns an mv_view* of n read-only "B" items that all alias one
// static byte (stride 0), or nil if the library refuses it.
func Broadcast(n int) unsafe.Pointer { return unsafe.Pointer(C.broadcast(C.ptrdiff_t(n))) }

// Freed counts the C buffers whose release callback has run.
func Freed() int { return int(C.freed_count()) }

// Len is mv_len called from C.
func Len(p unsafe.Pointer) int { return int(C.c_len((*C.mv_view)(p))) }

// Release is mv_release called from C, on this thread.
func Release(p unsafe.Pointer) { C.mv_release((*C.mv_view)(p)) }

// ReleaseOnCThread is mv_release called on a pthread that Go did not create.
func ReleaseOnCThread(p unsafe.Pointer) bool { return C.release_on_c_thread((*C.mv_view)(p)) == 0 }
