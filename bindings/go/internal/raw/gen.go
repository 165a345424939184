// Package raw is the SWIG-generated cgo layer of the Go binding, plus the
// hand-written pieces SWIG cannot express (the mv_value mirror and the
// release callback exported to C). It is internal: package memview is the
// public API.
package raw

//go:generate swig -go -cgo -intgosize 64 -package raw -o memview_wrap.c memview.i
