//go:build memview_system

package interop

// Build tag memview_system: the installed shared libmemview, as package raw.

/*
#cgo pkg-config: memview
*/
import "C"
