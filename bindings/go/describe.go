package memview

import (
	"runtime"
	"unsafe"

	"memview.dev/memview/internal/raw"
)

// NewStrided returns a view of b with an explicit layout, as a C producer
// describes its memory with mv_from_buffer (a Py_buffer): the item at index
// (0, ..., 0) starts at b[offset]; format is any struct format; shape gives
// the extents and strides the byte step of each dimension (any sign; nil
// means C-contiguous). Fortran-ordered, reversed or padded layouts are
// described this way without copying. Every item must lie inside b: a layout
// that reaches outside it is refused with ErrSize. b is pinned as with New,
// until the last view derived from this one is released.
func NewStrided(b []byte, offset int, format string, shape, strides []int, readOnly bool) (*View, error) {
	return describe("NewStrided", b, offset, format, shape, strides, readOnly)
}

// NewOf returns a writable 1-D view over the elements of s, without copying,
// in their host-order struct format: "b" []int8, "h" []int16, "H" []uint16,
// "i" []int32, "I" []uint32, "q" []int64, "Q" []uint64, "f" []float32,
// "d" []float64 (Python's memoryview(array.array('f', ...))). Writes through
// the view are seen in s. For []byte use New.
func NewOf[T Number](s []T) (*View, error) { return newOf("NewOf", s, false) }

// NewReadOnlyOf is NewOf for a view that refuses writes.
func NewReadOnlyOf[T Number](s []T) (*View, error) { return newOf("NewReadOnlyOf", s, true) }

func newOf[T Number](op string, s []T, readOnly bool) (*View, error) {
	var zero T
	size := int(unsafe.Sizeof(zero))
	var b []byte
	if len(s) > 0 {
		b = unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(s))), len(s)*size)
	}
	return describe(op, b, 0, formatOf[T](), []int{len(s)}, nil, readOnly)
}

// formatOf is the native struct format character of T.
func formatOf[T Number]() string {
	var zero T
	switch any(zero).(type) {
	case int8:
		return "b"
	case int16:
		return "h"
	case uint16:
		return "H"
	case int32:
		return "i"
	case uint32:
		return "I"
	case int64:
		return "q"
	case uint64:
		return "Q"
	case float32:
		return "f"
	}
	return "d"
}

func describe(op string, b []byte, offset int, format string, shape, strides []int, readOnly bool) (*View, error) {
	if offset < 0 {
		return nil, newErr(ErrIndex, op, "negative offset %d", offset)
	}
	if strides != nil && len(strides) != len(shape) {
		return nil, newErr(ErrInvalid, op, "%d strides for %d dimensions", len(strides), len(shape))
	}
	if len(shape) > raw.MaxNDim {
		return nil, newErr(ErrInvalid, op, "%d dimensions, more than %d", len(shape), raw.MaxNDim)
	}
	ints := make([]int64, 0, 2*len(shape)+1)
	for _, n := range shape {
		ints = append(ints, int64(n))
	}
	hasStrides := 0
	if strides != nil {
		hasStrides = 1
		for _, s := range strides {
			ints = append(ints, int64(s))
		}
	}
	ro := 0
	if readOnly {
		ro = 1
	}
	h := pinFor(b, nil)
	w := raw.Mvgo_from_buffer(b, int64(offset), format, ints, hasStrides, ro, uintptr(h))
	runtime.KeepAlive(b)
	if raw.IsErr(w) {
		unpinFailed(h)
		return nil, fromRecord(op, w)
	}
	v := wrap(w)
	// The library trusts the description; the bounds of b are checked here,
	// before the view is handed out (its release unpins b).
	var ext [2]int64
	if e := raw.Mvgo_extent(w, ext[:]); e != 0 {
		v.Release()
		return nil, fromRecord(op, e)
	}
	if lo, hi := int64(offset)+ext[0], int64(offset)+ext[1]; lo < 0 || hi > int64(len(b)) {
		v.Release()
		return nil, newErr(ErrSize, op, "the items span bytes %d..%d of a %d-byte buffer", lo, hi, len(b))
	}
	return v, nil
}
