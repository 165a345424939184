package memview

import (
	"encoding/binary"
	"errors"
	"math"
	"testing"
)

func TestTypedAccessorsAlias(t *testing.T) {
	buf := make([]byte, 16)
	v := mustNew(t, buf)
	defer v.Release()
	f := must(v.Cast("f"))
	defer f.Release()
	fs := must(f.Float32s())
	if len(fs) != 4 {
		t.Fatalf("len %d", len(fs))
	}
	fs[1] = 2.5 // writes the buffer: no copy
	if got := math.Float32frombits(binary.NativeEndian.Uint32(buf[4:])); got != 2.5 {
		t.Fatalf("write through Float32s not in the buffer: %v", got)
	}
	for _, format := range []string{"@f", "=f", "<f"} {
		c := must(v.Cast(format))
		if _, err := c.Float32s(); err != nil {
			t.Errorf("Float32s of %q: %v", format, err)
		}
		c.Release()
	}
	checks := []struct {
		format string
		fn     func(*View) (int, error)
	}{
		{"b", func(v *View) (int, error) { x, err := v.Int8s(); return len(x), err }},
		{"h", func(v *View) (int, error) { x, err := v.Int16s(); return len(x), err }},
		{"H", func(v *View) (int, error) { x, err := v.Uint16s(); return len(x), err }},
		{"i", func(v *View) (int, error) { x, err := v.Int32s(); return len(x), err }},
		{"=l", func(v *View) (int, error) { x, err := v.Int32s(); return len(x), err }},
		{"I", func(v *View) (int, error) { x, err := v.Uint32s(); return len(x), err }},
		{"q", func(v *View) (int, error) { x, err := v.Int64s(); return len(x), err }},
		{"Q", func(v *View) (int, error) { x, err := v.Uint64s(); return len(x), err }},
		{"d", func(v *View) (int, error) { x, err := v.Float64s(); return len(x), err }},
		{"B", func(v *View) (int, error) { x, err := v.Bytes(); return len(x), err }},
		{"3i", func(v *View) (int, error) { x, err := v.Bytes(); return len(x), err }},
	}
	for _, c := range checks {
		a := must(Alloc(24))
		w := must(a.Cast(c.format))
		if n, err := c.fn(w); err != nil || n*w.ItemSize() != 24 && c.format != "3i" && c.format != "B" {
			t.Errorf("%s: n=%d err=%v", c.format, n, err)
		}
		w.Release()
		a.Release()
	}
}

func TestTypedAccessorsRefuse(t *testing.T) {
	buf := make([]byte, 17)
	v := mustNew(t, buf)
	defer v.Release()
	be := must(v.CastOffset(1, ">f"))
	defer be.Release()
	if _, err := be.Float32s(); !errors.Is(err, ErrFormat) {
		t.Errorf("big-endian floats: %v", err)
	}
	i := must(v.CastOffset(1, "i"))
	defer i.Release()
	if _, err := i.Float32s(); !errors.Is(err, ErrFormat) {
		t.Errorf("ints as floats: %v", err)
	}
	if _, err := i.Int32s(); !errors.Is(err, ErrLayout) {
		t.Errorf("misaligned int32s (offset 1): %v", err)
	}
	rec := must(v.CastOffset(1, "<if"))
	defer rec.Release()
	if _, err := rec.Int32s(); !errors.Is(err, ErrFormat) {
		t.Errorf("record as int32s: %v", err)
	}
	odd := must(v.Slice(None, None, 2))
	defer odd.Release()
	if _, err := odd.Bytes(); !errors.Is(err, ErrLayout) {
		t.Errorf("strided Bytes: %v", err)
	}
	q := must(v.CastOffset(1, "q"))
	defer q.Release()
	sq := must(q.Slice(None, None, -1))
	defer sq.Release()
	if _, err := sq.Int64s(); err == nil {
		t.Errorf("reversed int64s must fail")
	}
}
