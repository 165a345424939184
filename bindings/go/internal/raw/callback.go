package raw

/*
#include <stdint.h>
*/
import "C"

import "runtime/cgo"

// Releaser is what a cgo.Handle passed to Mvgo_create must hold: its
// Release runs once, when the library has released the last view of the
// memory.
type Releaser interface{ Release() }

// mvgoReleaseHandle is the on_release callback (through
// mvgo_release_trampoline in memview.i). The library calls it exactly once,
// from whichever thread releases the last view: a Go goroutine, a Go cleanup,
// or a C thread.
//
//export mvgoReleaseHandle
func mvgoReleaseHandle(h C.uintptr_t) {
	hd := cgo.Handle(h)
	r := hd.Value().(Releaser)
	hd.Delete()
	r.Release()
}
