package memview

import (
	"runtime"
	"unsafe"

	"memview.dev/memview/internal/raw"
)

// Get unpacks the item at idx (one index per dimension, negative ones count
// from the end; none for a 0-d view). A single-field item gives int64
// (formats b h i l q n), uint64 (B H I L Q N P), float64 (e f d), bool (?)
// or []byte (c s p, copied); a record such as ">if" gives []any of those.
func (v *View) Get(idx ...int) (any, error) {
	h, err := v.acquire("Get")
	if err != nil {
		return nil, err
	}
	defer v.done()
	l := v.layoutOf(h)
	vals := make([]raw.Value, l.nfields+1)[:l.nfields] // never a nil array
	if w := raw.Mvgo_get(h, ints64(idx), vals); w != 0 {
		return nil, fromRecord("Get", w)
	}
	return item(l, vals), nil
}

// Set packs value into the item at idx: Go integers, floats, bool, []byte or
// string for a single-field item, a []any of those for a record. The library
// checks kinds and ranges (ErrType, ErrValue) and writes nothing unless every
// field packs.
func (v *View) Set(value any, idx ...int) error {
	h, err := v.acquire("Set")
	if err != nil {
		return err
	}
	defer v.done()
	l := v.layoutOf(h)
	fields := []any{value}
	if l.nfields != 1 {
		rec, ok := value.([]any)
		if !ok {
			return newErr(ErrType, "Set", "format %q has %d fields: need a []any, got %T", l.format, l.nfields, value)
		}
		fields = rec
	}
	var pin runtime.Pinner // byte values are read by C during the call
	defer pin.Unpin()
	vals := make([]raw.Value, len(fields)+1)[:len(fields)]
	for k, f := range fields {
		if err := toValue(&vals[k], f, &pin); err != nil {
			return err
		}
	}
	if w := raw.Mvgo_set(h, ints64(idx), vals); w != 0 {
		return fromRecord("Set", w)
	}
	return nil
}

// Values unpacks every item, in C (row-major) order, into one flat slice:
// one element per item (a []any per record), in a single C call.
func (v *View) Values() ([]any, error) {
	h, err := v.acquire("Values")
	if err != nil {
		return nil, err
	}
	defer v.done()
	l := v.layoutOf(h)
	n := 1
	for _, e := range l.shape {
		n *= e // cannot overflow: the library bounds product(shape) * itemsize
	}
	if l.nfields > 0 {
		if err := checkAlloc("Values", n, l.nfields*int(unsafe.Sizeof(raw.Value{}))); err != nil {
			return nil, err
		}
	}
	vals := make([]raw.Value, n*l.nfields+1)[:n*l.nfields]
	if w := raw.Mvgo_unpack(h, vals); w != 0 {
		return nil, fromRecord("Values", w)
	}
	out := make([]any, n)
	for i := range out {
		out[i] = item(l, vals[i*l.nfields:(i+1)*l.nfields])
	}
	return out, nil
}

// ToList is memoryview.tolist(): the items nested by shape ([]any of []any
// for 2-D), or the single item of a 0-d view.
func (v *View) ToList() (any, error) {
	flat, err := v.Values()
	if err != nil {
		return nil, err
	}
	l := v.get()
	if l.ndim == 0 {
		return flat[0], nil
	}
	return nest(flat, l.shape), nil
}

func nest(flat []any, shape []int) []any {
	if len(shape) == 1 {
		return flat
	}
	out := make([]any, shape[0])
	step := 0
	if shape[0] > 0 {
		step = len(flat) / shape[0]
	}
	for i := range out {
		out[i] = nest(flat[i*step:(i+1)*step], shape[1:])
	}
	return out
}

func ints64(idx []int) []int64 {
	out := make([]int64, len(idx)+1)[:len(idx)]
	for k, i := range idx {
		out[k] = int64(i)
	}
	return out
}

// item converts one item's unpacked fields.
func item(l *layout, vals []raw.Value) any {
	if len(vals) == 1 {
		return field(l, &vals[0])
	}
	rec := make([]any, len(vals))
	for k := range vals {
		rec[k] = field(l, &vals[k])
	}
	return rec
}

func field(l *layout, val *raw.Value) any {
	switch val.Kind {
	case raw.KindInt:
		return val.I
	case raw.KindUint:
		return val.U
	case raw.KindFloat:
		return val.F
	case raw.KindBool:
		return val.I != 0
	case raw.KindBytes:
		out := make([]byte, val.Len)
		if val.Len > 0 {
			// val.Bytes points into the view's memory, which l.data also
			// points into: derive the pointer from l.data by offset.
			p := unsafe.Add(l.data, int(val.Bytes-uintptr(l.data)))
			copy(out, unsafe.Slice((*byte)(p), val.Len))
		}
		return out
	}
	return nil
}

// toValue converts a Go value for mv_set; byte contents are pinned.
func toValue(out *raw.Value, x any, pin *runtime.Pinner) error {
	switch t := x.(type) {
	case int:
		out.Kind, out.I = raw.KindInt, int64(t)
	case int8:
		out.Kind, out.I = raw.KindInt, int64(t)
	case int16:
		out.Kind, out.I = raw.KindInt, int64(t)
	case int32:
		out.Kind, out.I = raw.KindInt, int64(t)
	case int64:
		out.Kind, out.I = raw.KindInt, t
	case uint:
		out.Kind, out.U = raw.KindUint, uint64(t)
	case uint8:
		out.Kind, out.U = raw.KindUint, uint64(t)
	case uint16:
		out.Kind, out.U = raw.KindUint, uint64(t)
	case uint32:
		out.Kind, out.U = raw.KindUint, uint64(t)
	case uint64:
		out.Kind, out.U = raw.KindUint, t
	case uintptr:
		out.Kind, out.U = raw.KindUint, uint64(t)
	case float32:
		out.Kind, out.F = raw.KindFloat, float64(t)
	case float64:
		out.Kind, out.F = raw.KindFloat, t
	case bool:
		out.Kind = raw.KindBool
		if t {
			out.I = 1
		}
	case []byte:
		out.Kind, out.Len = raw.KindBytes, uintptr(len(t))
		if len(t) > 0 {
			pin.Pin(&t[0])
			out.Bytes = uintptr(unsafe.Pointer(&t[0]))
		}
	case string:
		out.Kind, out.Len = raw.KindBytes, uintptr(len(t))
		if len(t) > 0 {
			p := unsafe.StringData(t)
			pin.Pin(p)
			out.Bytes = uintptr(unsafe.Pointer(p))
		}
	default:
		return newErr(ErrType, "Set", "cannot store a Go %T (use an integer, float, bool, []byte or string)", x)
	}
	return nil
}
