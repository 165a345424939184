// Package interop is the cgo layer of the Arrow C Data Interface and DLPack
// hand-off (memview.h's last group). It is plain cgo rather than SWIG: the
// structs are the specifications', and Go code passes them around as
// unsafe.Pointer to C memory. Each call reads mv_errmsg() in the same C
// call as the failure (goroutines migrate between threads between cgo
// calls, and the message is thread-local).
package interop

/*
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <memview.h>

typedef struct { int code; char msg[512]; } mvgo_status;

static int mvgo_status_of(mvgo_status *st, int rc) {
	st->code = rc;
	if (rc != MV_OK) {
		strncpy(st->msg, mv_errmsg(), sizeof st->msg - 1);
		st->msg[sizeof st->msg - 1] = 0;
	}
	return rc;
}

// The structs live in C memory (calloc), so that consumers may keep
// pointers to them; mvgo_arrow_free releases what was not moved out.
static void mvgo_arrow_free(struct ArrowSchema *s, struct ArrowArray *a) {
	if (s && s->release) s->release(s);
	if (a && a->release) a->release(a);
	free(s);
	free(a);
}

static int mvgo_to_arrow(uintptr_t v, unsigned flags, struct ArrowSchema **s, struct ArrowArray **a,
                         mvgo_status *st) {
	*s = calloc(1, sizeof **s);
	*a = calloc(1, sizeof **a);
	if (!*s || !*a) {
		free(*s);
		free(*a);
		*s = NULL;
		*a = NULL;
		st->code = MV_ENOMEM;
		strcpy(st->msg, "out of memory for the Arrow structs");
		return MV_ENOMEM;
	}
	int rc = mvgo_status_of(st, mv_to_arrow_ex((const mv_view *)v, *s, *a, flags));
	if (rc != MV_OK) {
		free(*s);
		free(*a);
		*s = NULL;
		*a = NULL;
	}
	return rc;
}

static uintptr_t mvgo_from_arrow(struct ArrowArray *a, struct ArrowSchema *s, unsigned flags, mvgo_status *st) {
	mv_view *v = NULL;
	mvgo_status_of(st, mv_from_arrow(&v, a, s, flags));
	return (uintptr_t)v;
}

static DLManagedTensorVersioned *mvgo_to_dlpack(uintptr_t v, unsigned flags, mvgo_status *st) {
	DLManagedTensorVersioned *t = NULL;
	mvgo_status_of(st, mv_to_dlpack(&t, (const mv_view *)v, flags));
	return t;
}

static uintptr_t mvgo_from_dlpack(DLManagedTensorVersioned *t, unsigned flags, mvgo_status *st) {
	mv_view *v = NULL;
	mvgo_status_of(st, mv_from_dlpack(&v, t, flags));
	return (uintptr_t)v;
}

static void mvgo_dlpack_delete(DLManagedTensorVersioned *t) {
	if (t && t->deleter) t->deleter(t);
}
*/
import "C"

import (
	"unsafe"

	// The C library itself: compiled into the raw package (bundled) or
	// linked by it (memview_system); see link_bundled.go and link_system.go.
	_ "memview.dev/memview/internal/raw"
)

// Flags of the C API.
const (
	ExportCopy      = uint(C.MV_EXPORT_COPY)
	ExportForceCopy = uint(C.MV_EXPORT_FORCE_COPY)
	ArrowWritable   = uint(C.MV_ARROW_WRITABLE)
	ReadOnly        = uint(C.MV_READONLY)
)

// Status is a call's return code and, on failure, the library's message.
type Status struct {
	Code    int
	Message string
}

func status(st *C.mvgo_status) Status {
	if st.code == 0 {
		return Status{}
	}
	return Status{Code: int(st.code), Message: C.GoString(&st.msg[0])}
}

// ToArrow exports the view handle h; the two pointers are C memory.
func ToArrow(h uintptr, flags uint) (schema, array unsafe.Pointer, s Status) {
	var st C.mvgo_status
	var cs *C.struct_ArrowSchema
	var ca *C.struct_ArrowArray
	C.mvgo_to_arrow(C.uintptr_t(h), C.uint(flags), &cs, &ca, &st)
	return unsafe.Pointer(cs), unsafe.Pointer(ca), status(&st)
}

// FreeArrow releases the structs that no consumer moved out, and frees them.
func FreeArrow(schema, array unsafe.Pointer) {
	C.mvgo_arrow_free((*C.struct_ArrowSchema)(schema), (*C.struct_ArrowArray)(array))
}

// ArrowReleased reports whether the struct has been released or moved.
func ArrowReleased(array unsafe.Pointer) bool {
	return (*C.struct_ArrowArray)(array).release == nil
}

// FromArrow imports (and on success takes) the array; returns the handle.
func FromArrow(array, schema unsafe.Pointer, flags uint) (uintptr, Status) {
	var st C.mvgo_status
	h := C.mvgo_from_arrow((*C.struct_ArrowArray)(array), (*C.struct_ArrowSchema)(schema), C.uint(flags), &st)
	return uintptr(h), status(&st)
}

// ToDLPack exports the view handle h as a DLManagedTensorVersioned (C memory).
func ToDLPack(h uintptr, flags uint) (unsafe.Pointer, Status) {
	var st C.mvgo_status
	t := C.mvgo_to_dlpack(C.uintptr_t(h), C.uint(flags), &st)
	return unsafe.Pointer(t), status(&st)
}

// FromDLPack imports (and on success takes) the tensor; returns the handle.
func FromDLPack(t unsafe.Pointer, flags uint) (uintptr, Status) {
	var st C.mvgo_status
	h := C.mvgo_from_dlpack((*C.DLManagedTensorVersioned)(t), C.uint(flags), &st)
	return uintptr(h), status(&st)
}

// DeleteDLPack calls the tensor's deleter (if any).
func DeleteDLPack(t unsafe.Pointer) { C.mvgo_dlpack_delete((*C.DLManagedTensorVersioned)(t)) }
