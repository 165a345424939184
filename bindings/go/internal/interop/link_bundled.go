//go:build !memview_system

package interop

// The default build: the C library is the amalgamation that package raw
// compiles into the program; this package only needs its header, which
// scripts/amalgamate.py keeps beside it.

/*
#cgo CFLAGS: -I${SRCDIR}/../raw
*/
import "C"
