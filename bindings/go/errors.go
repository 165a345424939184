package memview

import (
	"fmt"

	"memview.dev/memview/internal/raw"
)

// Code is a library return code (mv_error_code). Codes are errors, so they
// serve as sentinels: errors.Is(err, memview.ErrReadOnly).
type Code int

// The library's codes, plus ErrReleased, which is the binding's own.
const (
	ErrInvalid  Code = -1  // invalid argument (step 0, bad order, wrong number of indices, ...)
	ErrFormat   Code = -2  // unknown, malformed or unsupported format string
	ErrIndex    Code = -3  // index out of range
	ErrReadOnly Code = -4  // write through a read-only view
	ErrLayout   Code = -5  // layout not allowed here (not contiguous, formats differ)
	ErrSize     Code = -6  // sizes do not match
	ErrOverflow Code = -7  // a size, count or offset computation overflows
	ErrNoMem    Code = -8  // out of memory
	ErrType     Code = -9  // value of the wrong kind for the field's format
	ErrValue    Code = -10 // value out of range for the field's format
	ErrInternal Code = -11 // a bug in the library
	ErrSys      Code = -12 // an operating-system call failed (shm_open, mmap, ...)

	// ErrReleased: the view was released (not a library code).
	ErrReleased Code = -1000
)

// Error returns the library's description of the code (mv_strerror).
func (c Code) Error() string {
	if c == ErrReleased {
		return "operation on a released view"
	}
	return raw.Mvgo_strerror(int(c))
}

// Error is a failure reported by the library (or by the binding, for Go-only
// conditions such as a Go value of an unsupported type).
type Error struct {
	Code    Code   // what kind of failure
	Op      string // the method that failed, e.g. "Cast"
	Message string // the library's message (mv_errmsg), read in the failing call
}

func (e *Error) Error() string { return "memview: " + e.Op + ": " + e.Message }

// Unwrap returns the Code, so errors.Is(err, memview.ErrIndex) works.
func (e *Error) Unwrap() error { return e.Code }

// fromRecord turns a shim's error record into an *Error and frees it.
func fromRecord(op string, w uintptr) error {
	e := &Error{Code: Code(raw.Mvgo_err_code(w)), Op: op, Message: raw.Mvgo_err_msg(w)}
	raw.Mvgo_err_free(w)
	if e.Message == "" {
		e.Message = e.Code.Error()
	}
	return e
}

// newErr is an error detected on the Go side, before any C call.
func newErr(code Code, op, format string, args ...any) error {
	return &Error{Code: code, Op: op, Message: fmt.Sprintf(format, args...)}
}

// maxAlloc bounds what the binding asks Go to allocate for copy-outs: the Go
// runtime cannot allocate more than 2^48 bytes on 64-bit platforms, and
// make() panics beyond that. A view can describe far more logical bytes than
// exist (a stride-0 view from C), so such a copy-out is an error, not a panic.
const maxAlloc = 1 << 47

// checkAlloc reports ErrNoMem when n elements of size bytes exceed maxAlloc.
func checkAlloc(op string, n, size int) error {
	if size > 0 && n > maxAlloc/size {
		return newErr(ErrNoMem, op, "%d × %d bytes is more than Go can allocate", n, size)
	}
	return nil
}
