// Package memview gives Go programs Python memoryview semantics over memory
// they own or that C code hands them: zero-copy, typed, N-dimensional,
// strided views described by struct-module format strings ("<f", ">if"),
// with slicing, casting, in-place writes and fast bulk copy-out.
//
// It binds libmemview (found with pkg-config) through a SWIG-generated cgo
// layer; all view logic (slicing, formats, strides) lives in the C library.
//
// # Lifetime
//
// A *View holds one reference to a library view. Release it when done
// (Release is idempotent and safe to call concurrently with other methods);
// a forgotten view is released by a runtime cleanup after it becomes
// unreachable (views are allocated in slabs of 32 with one cleanup per
// slab, so a forgotten view is freed once no view of its slab is reachable). Every method of a released view returns an error wrapping
// ErrReleased (getters return zero values).
//
// A view made by New over a Go []byte pins that slice's memory until the
// library has released the last view derived from it; the slice may be used
// from Go meanwhile. Slices returned by Bytes, Float32s and the other typed
// accessors alias the viewed memory: they are valid only until the last view
// of that memory is released, and must not be written when the view is
// read-only.
//
// # Errors
//
// Failures are *Error values carrying the library's Code and message;
// errors.Is(err, memview.ErrIndex) tests the code, errors.As extracts the
// *Error. No method panics on bad input.
//
// # Concurrency
//
// Views are immutable; any number of goroutines may use one view (or views of
// one buffer) at once. Concurrent writes to the same bytes are the caller's to
// synchronise, as with any shared memory.
package memview
