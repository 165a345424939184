package memview

import (
	"bytes"
	"errors"
	"testing"
)

func TestNewStridedLayouts(t *testing.T) {
	data := []byte{1, 4, 2, 5, 3, 6} // a 2x3 matrix stored column by column
	f := must(NewStrided(data, 0, "B", []int{2, 3}, []int{1, 2}, true))
	defer f.Release()
	if !f.FContiguous() || f.CContiguous() {
		t.Fatalf("flags C %v F %v", f.CContiguous(), f.FContiguous())
	}
	if got := must(f.ToBytes(OrderC)); !bytes.Equal(got, []byte{1, 2, 3, 4, 5, 6}) {
		t.Errorf("ToBytes(C) = %v", got)
	}
	if got := must(f.ToBytes(OrderAny)); !bytes.Equal(got, data) {
		t.Errorf("ToBytes(A) = %v", got)
	}
	rev := must(NewStrided(data, 5, "B", []int{6}, []int{-1}, false))
	defer rev.Release()
	if got := must(rev.ToBytes(OrderC)); !bytes.Equal(got, []byte{6, 3, 5, 2, 4, 1}) {
		t.Errorf("reversed = %v", got)
	}
	if err := rev.Set(9, 0); err != nil || data[5] != 9 {
		t.Errorf("write through: %v, %v", err, data)
	}
	c := must(NewStrided(data, 2, "<h", []int{2}, nil, true)) // C-contiguous at an offset
	defer c.Release()
	if c.Strides()[0] != 2 || must(c.Get(1)).(int64) != int64(3)|int64(9)<<8 {
		t.Errorf("offset view: strides %v, item %v", c.Strides(), must(c.Get(1)))
	}
	empty := must(NewStrided(data, 6, "d", []int{0}, nil, true))
	defer empty.Release()
	if empty.Len() != 0 {
		t.Errorf("empty Len %d", empty.Len())
	}
}

func TestNewStridedErrors(t *testing.T) {
	base := pinnedBuffers.Load()
	data := make([]byte, 8)
	cases := []struct {
		offset  int
		format  string
		shape   []int
		strides []int
		want    Code
	}{
		{-1, "B", []int{1}, nil, ErrIndex},
		{9, "B", []int{0}, nil, ErrIndex},
		{0, "B", []int{2}, []int{1, 1}, ErrInvalid},
		{0, "B", []int{9}, nil, ErrSize},
		{4, "d", []int{1}, nil, ErrSize},
		{0, "B", []int{2}, []int{-1}, ErrSize},
		{0, "B", []int{-1}, nil, ErrInvalid},
		{0, "y", []int{1}, nil, ErrFormat},
		{0, "B", make([]int, 65), nil, ErrInvalid},
	}
	for _, c := range cases {
		v, err := NewStrided(data, c.offset, c.format, c.shape, c.strides, false)
		if v != nil || !errors.Is(err, c.want) {
			t.Errorf("NewStrided(%d, %q, %v, %v) = %v, %v; want %v", c.offset, c.format, c.shape, c.strides, v, err, c.want)
		}
	}
	settle()
	if n := pinnedBuffers.Load(); n != base {
		t.Errorf("%d buffers still pinned after refused views", n-base)
	}
}

func TestNewOfTypedSlices(t *testing.T) {
	fs := []float32{1.5, 2.718, 3.14159}
	v := must(NewOf(fs))
	defer v.Release()
	if v.Format() != "f" || v.Len() != 3 || v.NBytes() != 12 || v.ReadOnly() {
		t.Fatalf("format %q len %d nbytes %d ro %v", v.Format(), v.Len(), v.NBytes(), v.ReadOnly())
	}
	if err := v.Set(float32(-1), 1); err != nil || fs[1] != -1 {
		t.Errorf("write through: %v, %v", err, fs)
	}
	if got := must(v.Float32s()); &got[0] != &fs[0] {
		t.Errorf("Float32s is not the same memory")
	}
	ro := must(NewReadOnlyOf([]int64{-7, 1 << 40}))
	defer ro.Release()
	if ro.Format() != "q" || must(ro.Get(1)).(int64) != 1<<40 {
		t.Errorf("int64 view: %q %v", ro.Format(), must(ro.Get(1)))
	}
	if err := ro.Set(1, 0); !errors.Is(err, ErrReadOnly) {
		t.Errorf("Set on read-only: %v", err)
	}
	for _, c := range []struct {
		v    *View
		want string
	}{
		{must(NewOf([]int8{1})), "b"}, {must(NewOf([]int16{1})), "h"}, {must(NewOf([]uint16{1})), "H"},
		{must(NewOf([]int32{1})), "i"}, {must(NewOf([]uint32{1})), "I"}, {must(NewOf([]uint64{1})), "Q"},
		{must(NewOf([]float64{1})), "d"},
	} {
		if c.v.Format() != c.want || c.v.ItemSize() != c.v.NBytes() {
			t.Errorf("format %q (itemsize %d), want %q", c.v.Format(), c.v.ItemSize(), c.want)
		}
		c.v.Release()
	}
	e := must(NewOf([]float64(nil)))
	defer e.Release()
	if e.Len() != 0 || e.Format() != "d" {
		t.Errorf("empty: len %d format %q", e.Len(), e.Format())
	}
}
