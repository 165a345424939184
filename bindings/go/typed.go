package memview

import (
	"strings"
	"unsafe"
)

// The typed accessors below return Go slices that alias the viewed memory
// (no copy). Such a slice is valid only until the last view of that memory
// is released (for a New view: until then the Go slice is pinned, afterwards
// it is ordinary Go memory again; for Alloc or FromC memory, using the slice
// afterwards is a use-after-free). Do not write through it when the view is
// read-only. They need a C-contiguous view whose format is the Go type's
// (native byte order, "@", "=" or the host's '<'/'>' prefix) and whose data
// is aligned for it; otherwise they return an error, and ToBytes or Values
// give a copy instead.

// Bytes returns the memory of a C-contiguous view of any format, NBytes()
// bytes long.
func (v *View) Bytes() ([]byte, error) {
	l, err := v.layout("Bytes")
	if err != nil {
		return nil, err
	}
	if !l.cContig {
		return nil, newErr(ErrLayout, "Bytes", "view is not C-contiguous (strides %v); use ToBytes", l.strides)
	}
	return unsafe.Slice((*byte)(l.data), l.nbytes), nil
}

// Int8s returns the items of a "b" view.
func (v *View) Int8s() ([]int8, error) { return typed[int8](v, "Int8s", "b") }

// Int16s returns the items of an "h" view.
func (v *View) Int16s() ([]int16, error) { return typed[int16](v, "Int16s", "h") }

// Uint16s returns the items of an "H" view.
func (v *View) Uint16s() ([]uint16, error) { return typed[uint16](v, "Uint16s", "H") }

// Int32s returns the items of an "i" view (or "=l", 4 bytes).
func (v *View) Int32s() ([]int32, error) { return typed[int32](v, "Int32s", "il") }

// Uint32s returns the items of an "I" view (or "=L", 4 bytes).
func (v *View) Uint32s() ([]uint32, error) { return typed[uint32](v, "Uint32s", "IL") }

// Int64s returns the items of a "q" view (or "l", "n" where 8 bytes).
func (v *View) Int64s() ([]int64, error) { return typed[int64](v, "Int64s", "qln") }

// Uint64s returns the items of a "Q" view (or "L", "N" where 8 bytes).
func (v *View) Uint64s() ([]uint64, error) { return typed[uint64](v, "Uint64s", "QLN") }

// Float32s returns the items of an "f" view.
func (v *View) Float32s() ([]float32, error) { return typed[float32](v, "Float32s", "f") }

// Float64s returns the items of a "d" view.
func (v *View) Float64s() ([]float64, error) { return typed[float64](v, "Float64s", "d") }

var hostOrder = func() string {
	x := uint16(1)
	if *(*byte)(unsafe.Pointer(&x)) == 1 {
		return "<"
	}
	return ">!"
}()

// nativeCode reports whether format is one of codes, alone or after a prefix
// that keeps the host's byte order. Sizes are checked by the caller against
// the library's itemsize, so no struct-module size rule is repeated here.
func nativeCode(format, codes string) bool {
	if len(format) == 2 && strings.IndexByte("@="+hostOrder, format[0]) >= 0 {
		format = format[1:]
	}
	return len(format) == 1 && strings.IndexByte(codes, format[0]) >= 0
}

func typed[T int8 | int16 | uint16 | int32 | uint32 | int64 | uint64 | float32 | float64](v *View, op, codes string) ([]T, error) {
	l, err := v.layout(op)
	if err != nil {
		return nil, err
	}
	var zero T
	size := int(unsafe.Sizeof(zero))
	if !nativeCode(l.format, codes) || l.itemsize != size {
		return nil, newErr(ErrFormat, op, "format %q (itemsize %d) is not a native %d-byte %q item; Cast first",
			l.format, l.itemsize, size, codes)
	}
	if !l.cContig {
		return nil, newErr(ErrLayout, op, "view is not C-contiguous (strides %v); use Values or ToBytes", l.strides)
	}
	if uintptr(l.data)%unsafe.Alignof(zero) != 0 {
		return nil, newErr(ErrLayout, op, "data at %p is not aligned for %T", l.data, zero)
	}
	return unsafe.Slice((*T)(l.data), l.nbytes/size), nil
}
