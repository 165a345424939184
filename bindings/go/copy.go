package memview

import (
	"math"
	"unsafe"

	"memview.dev/memview/internal/raw"
)

// Order selects the item order of ToBytes.
type Order byte

const (
	OrderC   Order = 'C' // row-major
	OrderF   Order = 'F' // column-major (Fortran)
	OrderAny Order = 'A' // Fortran if the view is Fortran- but not C-contiguous, else C
)

// ToBytes copies the items out in the given order (memoryview.tobytes).
func (v *View) ToBytes(order Order) ([]byte, error) {
	h, err := v.acquire("ToBytes")
	if err != nil {
		return nil, err
	}
	defer v.done()
	n := v.layoutOf(h).nbytes
	if err := checkAlloc("ToBytes", n, 1); err != nil {
		return nil, err
	}
	dst := make([]byte, n)
	if w := raw.Mvgo_tobytes(h, dst, byte(order)); w != 0 {
		return nil, fromRecord("ToBytes", w)
	}
	return dst, nil
}

// ToBytesInto is ToBytes into dst, which must hold NBytes() bytes; it returns
// the number of bytes written.
func (v *View) ToBytesInto(dst []byte, order Order) (int, error) {
	h, err := v.acquire("ToBytesInto")
	if err != nil {
		return 0, err
	}
	defer v.done()
	if w := raw.Mvgo_tobytes(h, dst, byte(order)); w != 0 {
		return 0, fromRecord("ToBytesInto", w)
	}
	return v.layoutOf(h).nbytes, nil
}

// Hex is memoryview.hex(sep, bytesPerSep): lowercase hex of the bytes in C
// order, with sep every |bytesPerSep| bytes counted from the right (> 0) or
// the left (< 0); sep 0 means no separator. A bytesPerSep that does not fit
// the C int of the library is refused with ErrOverflow (Python raises
// OverflowError), never narrowed.
func (v *View) Hex(sep byte, bytesPerSep int) (string, error) {
	h, err := v.acquire("Hex")
	if err != nil {
		return "", err
	}
	defer v.done()
	if bytesPerSep < math.MinInt32 || bytesPerSep > math.MaxInt32 {
		return "", newErr(ErrOverflow, "Hex", "bytesPerSep %d does not fit a C int", bytesPerSep)
	}
	n := raw.Mvgo_hex_len(h, sep, bytesPerSep)
	if n < 0 || n >= maxAlloc {
		return "", newErr(ErrNoMem, "Hex", "%d hex digits are more than Go can allocate", uint64(n))
	}
	dst := make([]byte, n+1)
	if w := raw.Mvgo_hex(h, dst, sep, bytesPerSep); w != 0 {
		return "", fromRecord("Hex", w)
	}
	if n == 0 {
		return "", nil
	}
	return unsafe.String(&dst[0], n), nil
}

// Equal is memoryview ==: the same shape and equal unpacked values item by
// item (NaN != NaN; views of different formats can be equal).
func (v *View) Equal(o *View) (bool, error) {
	a, b, unlock, err := acquire2("Equal", v, o)
	if err != nil {
		return false, err
	}
	defer unlock()
	w := raw.Mvgo_equal(a, b)
	if raw.IsErr(w) {
		return false, fromRecord("Equal", w)
	}
	return w == 2, nil
}

// CopyFrom is slice assignment v[...] = src: copies src's items into v. Both
// need the same shape and equivalent formats; overlap is safe.
func (v *View) CopyFrom(src *View) error {
	d, s, unlock, err := acquire2("CopyFrom", v, src)
	if err != nil {
		return err
	}
	defer unlock()
	if w := raw.Mvgo_copy(d, s); w != 0 {
		return fromRecord("CopyFrom", w)
	}
	return nil
}
