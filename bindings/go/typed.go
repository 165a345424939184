package memview

import (
	"unsafe"

	"memview.dev/memview/internal/raw"
)

// The typed accessors below return Go slices that alias the viewed memory
// (no copy). Such a slice is valid only until the last view of that memory
// is released (for a New view the Go slice is then ordinary Go memory again;
// for Alloc or FromC memory, using it afterwards is a use-after-free). Do not
// write through it when the view is read-only. They need a C-contiguous view
// whose items are exactly one field of the Go type's kind and size in the
// host's byte order ("f", "<f" on little-endian hosts, "=i", "q", ...), with
// data aligned for it; otherwise they return an error, and ToBytes or Values
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
func (v *View) Int8s() ([]int8, error) { return typed[int8](v, "Int8s") }

// Int16s returns the items of an "h" view.
func (v *View) Int16s() ([]int16, error) { return typed[int16](v, "Int16s") }

// Uint16s returns the items of an "H" view.
func (v *View) Uint16s() ([]uint16, error) { return typed[uint16](v, "Uint16s") }

// Int32s returns the items of an "i" view (or "=l": any 4-byte signed field).
func (v *View) Int32s() ([]int32, error) { return typed[int32](v, "Int32s") }

// Uint32s returns the items of an "I" view (any 4-byte unsigned field).
func (v *View) Uint32s() ([]uint32, error) { return typed[uint32](v, "Uint32s") }

// Int64s returns the items of a "q" view (or "l", "n": any 8-byte signed field).
func (v *View) Int64s() ([]int64, error) { return typed[int64](v, "Int64s") }

// Uint64s returns the items of a "Q" view (any 8-byte unsigned field).
func (v *View) Uint64s() ([]uint64, error) { return typed[uint64](v, "Uint64s") }

// Float32s returns the items of an "f" view.
func (v *View) Float32s() ([]float32, error) { return typed[float32](v, "Float32s") }

// Float64s returns the items of a "d" view.
func (v *View) Float64s() ([]float64, error) { return typed[float64](v, "Float64s") }

var hostBigEndian = func() bool {
	x := uint16(1)
	return *(*byte)(unsafe.Pointer(&x)) == 0
}()

var kindNames = map[int]string{raw.KindInt: "signed integer", raw.KindUint: "unsigned integer", raw.KindFloat: "float"}

// Number is the item types of the typed accessors and of Elems.
type Number interface {
	int8 | int16 | uint16 | int32 | uint32 | int64 | uint64 | float32 | float64
}

// kindOf is the library's mv_kind for T.
func kindOf[T Number]() int {
	var zero T
	switch any(zero).(type) {
	case float32, float64:
		return raw.KindFloat
	case uint16, uint32, uint64:
		return raw.KindUint
	}
	return raw.KindInt
}

// checkItems checks that the view's items are exactly one host-order field
// of T's kind and size. The field description comes from the library
// (mv_field): no format parsing here.
func checkItems[T Number](l *layout, op string) error {
	var zero T
	size, kind := int(unsafe.Sizeof(zero)), kindOf[T]()
	if l.nfields != 1 || l.kind != kind || l.fieldSize != size || l.itemsize != size ||
		(size > 1 && l.bigEndian != hostBigEndian) {
		return newErr(ErrFormat, op, "format %q is not one host-order %d-byte %s field; Cast first",
			l.format, size, kindNames[kind])
	}
	return nil
}

func typed[T Number](v *View, op string) ([]T, error) {
	l, err := v.layout(op)
	if err != nil {
		return nil, err
	}
	var zero T
	size := int(unsafe.Sizeof(zero))
	if err := checkItems[T](l, op); err != nil {
		return nil, err
	}
	if !l.cContig {
		return nil, newErr(ErrLayout, op, "view is not C-contiguous (strides %v); use Values or ToBytes", l.strides)
	}
	if uintptr(l.data)%unsafe.Alignof(zero) != 0 {
		return nil, newErr(ErrLayout, op, "data at %p is not aligned for %T", l.data, zero)
	}
	return unsafe.Slice((*T)(l.data), l.nbytes/size), nil
}
