package memview

import (
	"math"

	"memview.dev/memview/internal/raw"
)

// None stands for an omitted slice bound or step (Python's None):
// v.Slice(None, None, -1) is v[::-1]; as a step it means 1.
const None = math.MinInt

// Range is one dimension's slice for SliceND: Python's start:stop:step, with
// None for omitted bounds. Step must not be 0.
type Range struct {
	Start, Stop, Step int
}

// Slice is Python's v[start:stop:step] on the first dimension: negative
// values count from the end, out-of-range bounds are clamped, None omits a
// bound. The result shares v's memory, format and ndim.
func (v *View) Slice(start, stop, step int) (*View, error) {
	h, err := v.acquire("Slice")
	if err != nil {
		return nil, err
	}
	return v.derived("Slice", raw.Mvgo_slice(h, int64(start), int64(stop), int64(step)))
}

// SliceND slices several dimensions at once, v[r0, r1, ...]: ranges[k]
// slices dimension k; later dimensions are kept whole.
func (v *View) SliceND(ranges ...Range) (*View, error) {
	h, err := v.acquire("SliceND")
	if err != nil {
		return nil, err
	}
	flat := make([]int64, 0, 3*len(ranges)+1)
	for _, r := range ranges {
		flat = append(flat, int64(r.Start), int64(r.Stop), int64(r.Step))
	}
	return v.derived("SliceND", raw.Mvgo_slice_nd(h, flat))
}

// Index is the sub-view v[i] of the first dimension (an (N-1)-d view; the
// 0-d view of one item for a 1-D view). Negative i counts from the end.
func (v *View) Index(i int) (*View, error) {
	h, err := v.acquire("Index")
	if err != nil {
		return nil, err
	}
	return v.derived("Index", raw.Mvgo_index(h, int64(i)))
}

// Cast reinterprets the bytes of a C-contiguous view as items of format (any
// struct format: "f", "<I", ">if", "3s"), laid out C-contiguously in shape.
// With no shape the result is 1-D over all the bytes; an empty non-nil shape
// (Cast(f, []int{}...)) gives a 0-d view of a single item.
func (v *View) Cast(format string, shape ...int) (*View, error) {
	return v.cast("Cast", 0, format, shape)
}

// CastOffset is Cast of the bytes from offset to the end (Python's
// mv.cast('f', offset=4) in the guide).
func (v *View) CastOffset(offset int, format string, shape ...int) (*View, error) {
	if offset < 0 {
		return nil, newErr(ErrIndex, "CastOffset", "negative offset %d", offset)
	}
	return v.cast("CastOffset", offset, format, shape)
}

func (v *View) cast(op string, offset int, format string, shape []int) (*View, error) {
	h, err := v.acquire(op)
	if err != nil {
		return nil, err
	}
	if len(shape) > raw.MaxNDim {
		v.done()
		return nil, newErr(ErrInvalid, op, "%d dimensions, more than %d", len(shape), raw.MaxNDim)
	}
	var s []int64 // nil when there is no shape: no allocation on the common path
	hasShape := 0
	if shape != nil {
		hasShape = 1
		s = make([]int64, len(shape))
		for k, n := range shape {
			s[k] = int64(n)
		}
	}
	return v.derived(op, raw.Mvgo_cast(h, format, s, hasShape, int64(offset)))
}

// ToReadOnly returns the same view, read-only (memoryview.toreadonly()).
func (v *View) ToReadOnly() (*View, error) {
	h, err := v.acquire("ToReadOnly")
	if err != nil {
		return nil, err
	}
	return v.derived("ToReadOnly", raw.Mvgo_toreadonly(h))
}

// Field is the zero-copy view of field k of every item of a record view
// (NumPy's structured field view): same shape and strides, format the field
// alone with its byte order ("<f" for field 1 of "<Iff").
func (v *View) Field(k int) (*View, error) {
	h, err := v.acquire("Field")
	if err != nil {
		return nil, err
	}
	if k < 0 {
		v.done()
		return nil, newErr(ErrIndex, "Field", "negative field index %d", k)
	}
	return v.derived("Field", raw.Mvgo_field_view(h, int64(k)))
}
