//go:build memview_system

package interop

// Build tag memview_system: the installed libmemview that pkg-config finds,
// as package raw links it.

/*
#cgo pkg-config: memview
*/
import "C"
