package memview

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"testing"
)

func TestGetSetEveryKind(t *testing.T) {
	cases := []struct {
		format string
		set    any
		want   any
		bytes  []byte // the packed item, built independently (nil: not checked)
	}{
		{"b", int8(-5), int64(-5), []byte{0xfb}},
		{"B", 200, uint64(200), []byte{200}},
		{"<h", -2, int64(-2), []byte{0xfe, 0xff}},
		{">H", uint16(0x1234), uint64(0x1234), []byte{0x12, 0x34}},
		{"<i", int32(-70000), int64(-70000), le32(uint32(0xfffeee90))},
		{">I", uint32(0xdeadbeef), uint64(0xdeadbeef), []byte{0xde, 0xad, 0xbe, 0xef}},
		{"<q", int64(math.MinInt64), int64(math.MinInt64), []byte{0, 0, 0, 0, 0, 0, 0, 0x80}},
		{"<Q", uint64(math.MaxUint64), uint64(math.MaxUint64), bytes.Repeat([]byte{0xff}, 8)},
		{"l", 7, int64(7), nil},
		{"N", uint(9), uint64(9), nil},
		{"<f", float32(1.5), 1.5, le32(math.Float32bits(1.5))},
		{">d", -0.25, -0.25, be64(math.Float64bits(-0.25))},
		{"<e", 0.5, 0.5, []byte{0x00, 0x38}},
		{"?", true, true, []byte{1}},
		{"c", []byte("x"), []byte("x"), []byte("x")},
		{"5s", "hi", []byte("hi\x00\x00\x00"), []byte("hi\x00\x00\x00")},
		{"3s", []byte("toolong"), []byte("too"), []byte("too")},
		{"<hd", []any{int16(3), 2.5}, []any{int64(3), 2.5}, append([]byte{3, 0}, le64(math.Float64bits(2.5))...)},
	}
	for _, c := range cases {
		a := must(Alloc(16))
		v, err := a.CastOffset(16-itemsize(t, a, c.format), c.format)
		if err != nil {
			t.Fatalf("%s: %v", c.format, err)
		}
		if err := v.Set(c.set, 0); err != nil {
			t.Fatalf("%s: set %v: %v", c.format, c.set, err)
		}
		got, err := v.Get(-1)
		if err != nil || fmt.Sprintf("%T %v", got, got) != fmt.Sprintf("%T %v", c.want, c.want) {
			t.Errorf("%s: get = %T %v (%v), want %T %v", c.format, got, got, err, c.want, c.want)
		}
		if c.bytes != nil {
			if raw := must(v.ToBytes(OrderC)); !bytes.Equal(raw, c.bytes) {
				t.Errorf("%s: packed % x, want % x", c.format, raw, c.bytes)
			}
		}
		v.Release()
		a.Release()
	}
}

func itemsize(t *testing.T, a *View, format string) int {
	v, err := a.Cast("B", 16)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Release()
	// Casting 16 bytes to a format tells its itemsize without a Go table.
	for n := 16; n > 0; n-- {
		s := must(v.Slice(0, n, 1))
		c, err := s.Cast(format)
		s.Release()
		if err == nil && c.Len() == 1 {
			c.Release()
			return n
		}
		if c != nil {
			c.Release()
		}
	}
	t.Fatalf("no itemsize for %q", format)
	return 0
}

func le32(x uint32) []byte { return binary.LittleEndian.AppendUint32(nil, x) }
func le64(x uint64) []byte { return binary.LittleEndian.AppendUint64(nil, x) }
func be64(x uint64) []byte { return binary.BigEndian.AppendUint64(nil, x) }

func TestSetWritesNothingOnFailure(t *testing.T) {
	buf := []byte{1, 2, 3, 4, 5, 6, 7, 8, 9}
	v := mustNew(t, buf)
	defer v.Release()
	r := must(v.Cast("<BIf", 1))
	defer r.Release()
	if err := r.Set([]any{9, 1 << 40, 1.0}, 0); err == nil {
		t.Fatal("a field out of range must fail the whole item")
	}
	if !bytes.Equal(buf, []byte{1, 2, 3, 4, 5, 6, 7, 8, 9}) {
		t.Fatalf("partial write: % x", buf)
	}
}

func TestToListShapes(t *testing.T) {
	v := grid(t, 2, 3)
	defer v.Release()
	if got := fmt.Sprint(must(v.ToList())); got != "[[0 1 2] [3 4 5]]" {
		t.Fatalf("2-D tolist %s", got)
	}
	if got := fmt.Sprint(must(v.Values())); got != "[0 1 2 3 4 5]" {
		t.Fatalf("values %s", got)
	}
	if got := must(v.Get(1, -1)); got != int64(5) {
		t.Fatalf("v[1, -1] = %v", got)
	}
	empty := must(v.Slice(2, 2, 1))
	defer empty.Release()
	if got := must(empty.ToList()); fmt.Sprint(got) != "[]" {
		t.Fatalf("empty tolist %v", got)
	}
}
