package memview

import (
	"unsafe"

	"memview.dev/memview/internal/raw"
)

// layout is a view's description, read from the library once (views are
// immutable) so that getters and typed accessors cost no cgo call.
type layout struct {
	nbytes, len, itemsize, nfields, ndim int
	readonly, cContig, fContig           bool
	shape, strides                       []int
	format                               string
	data                                 unsafe.Pointer
	// field 0 (mv_field), for the typed accessors
	kind, fieldOffset, fieldSize int
	bigEndian                    bool
}

// layout returns the cached layout, filling it on first use.
func (v *View) layout(op string) (*layout, error) {
	h, err := v.acquire(op)
	if err != nil {
		return nil, err
	}
	defer v.done()
	return v.layoutOf(h), nil
}

// layoutOf needs the read lock held.
func (v *View) layoutOf(h uintptr) *layout {
	if l := v.lay.Load(); l != nil {
		return l
	}
	const fixed = 13 // see mvgo_layout in memview.i
	out := make([]int64, fixed+2*4)
	if nd := raw.Mvgo_layout(h, out); fixed+2*nd > len(out) {
		out = make([]int64, fixed+2*nd)
		raw.Mvgo_layout(h, out)
	}
	nd := int(out[7])
	l := &layout{
		nbytes: int(out[0]), len: int(out[1]), itemsize: int(out[2]), nfields: int(out[3]),
		readonly: out[4] != 0, cContig: out[5] != 0, fContig: out[6] != 0, ndim: nd,
		shape: make([]int, nd), strides: make([]int, nd),
		format: raw.Mvgo_format(h),
		data:   raw.Mvgo_data(h),
		kind:   int(out[9]), fieldOffset: int(out[10]), fieldSize: int(out[11]), bigEndian: out[12] != 0,
	}
	for k := 0; k < nd; k++ {
		l.shape[k] = int(out[fixed+k])
		l.strides[k] = int(out[fixed+nd+k])
	}
	v.lay.Store(l)
	return l
}

// zero layout for released views: getters return zero values.
var released = &layout{readonly: true}

func (v *View) get() *layout {
	l, err := v.layout("")
	if err != nil {
		return released
	}
	return l
}

// Len is the extent of the first dimension (1 for a 0-d view), like len(mv).
func (v *View) Len() int { return v.get().len }

// NBytes is the number of bytes the view covers: product(shape) * itemsize.
func (v *View) NBytes() int { return v.get().nbytes }

// ItemSize is the size of one item in bytes (struct.calcsize(format)).
func (v *View) ItemSize() int { return v.get().itemsize }

// NFields is the number of values one item unpacks to (2 for ">if").
func (v *View) NFields() int { return v.get().nfields }

// Format is the item format string, as given.
func (v *View) Format() string { return v.get().format }

// NDim is the number of dimensions.
func (v *View) NDim() int { return v.get().ndim }

// Shape returns the extents (a copy).
func (v *View) Shape() []int { return append([]int(nil), v.get().shape...) }

// Strides returns the byte strides (a copy; any sign).
func (v *View) Strides() []int { return append([]int(nil), v.get().strides...) }

// ReadOnly reports whether writes through the view are refused (true for a
// released view).
func (v *View) ReadOnly() bool { return v.get().readonly }

// CContiguous reports whether the items are laid out C-contiguously.
func (v *View) CContiguous() bool { return v.get().cContig }

// FContiguous reports whether the items are laid out Fortran-contiguously.
func (v *View) FContiguous() bool { return v.get().fContig }

// Contiguous reports whether the view is C- or Fortran-contiguous.
func (v *View) Contiguous() bool { l := v.get(); return l.cContig || l.fContig }
