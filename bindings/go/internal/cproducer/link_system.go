//go:build memview_system

package cproducer

// Build tag memview_system: the installed shared libmemview, as package raw.

/*
#cgo pkg-config: memview
*/
import "C"
