package memview

import (
	"iter"
	"unsafe"
)

// Strided reads the items of a 1-D view of any stride (a slice with a step,
// a reversed view, a record field) in place, without a cgo call per item:
// the Go counterpart of iterating a NumPy column. It aliases the view's
// memory with the same validity rule as the typed accessors: valid until
// the last view of that memory is released.
type Strided[T Number] struct {
	base   unsafe.Pointer // item 0
	n      int
	stride int // bytes, any sign
}

// Elems returns a Strided reader over a 1-D view whose items are one
// host-order field of T's kind and size ("f" for float32, "<f" on
// little-endian hosts, a Field of a "<Iff" record, ...), aligned for T.
func Elems[T Number](v *View) (Strided[T], error) {
	l, err := v.layout("Elems")
	if err != nil {
		return Strided[T]{}, err
	}
	if err := checkItems[T](l, "Elems"); err != nil {
		return Strided[T]{}, err
	}
	if l.ndim != 1 {
		return Strided[T]{}, newErr(ErrLayout, "Elems", "view has %d dimensions, Elems reads 1-D views (Cast or Index first)", l.ndim)
	}
	var zero T
	align := uintptr(unsafe.Alignof(zero))
	if uintptr(l.data)%align != 0 || uintptr(l.strides[0])%align != 0 {
		return Strided[T]{}, newErr(ErrLayout, "Elems", "data %p or stride %d is not aligned for %T", l.data, l.strides[0], zero)
	}
	return Strided[T]{base: l.data, n: l.shape[0], stride: l.strides[0]}, nil
}

// Len is the number of items.
func (s Strided[T]) Len() int { return s.n }

// At returns item i (negative i does not count from the end); ok is false
// when i is out of range.
func (s Strided[T]) At(i int) (x T, ok bool) {
	if uint(i) >= uint(s.n) {
		return x, false
	}
	return *(*T)(unsafe.Add(s.base, i*s.stride)), true
}

// All yields (index, item) pairs in order: for i, x := range s.All() { ... }.
func (s Strided[T]) All() iter.Seq2[int, T] {
	return func(yield func(int, T) bool) {
		// Only addresses of real items are formed (never one past the end).
		for i := 0; i < s.n; i++ {
			if !yield(i, *(*T)(unsafe.Add(s.base, i*s.stride))) {
				return
			}
		}
	}
}
