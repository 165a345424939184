package memview

import (
	"bytes"
	"encoding/hex"
	"math"
	"testing"
)

func TestHex(t *testing.T) {
	v := mustNew(t, []byte{1, 2, 3, 4, 5})
	defer v.Release()
	// Expected strings are CPython's bytes.hex(sep, bytes_per_sep).
	cases := []struct {
		sep  byte
		per  int
		want string
	}{
		{0, 0, "0102030405"},
		{':', 1, "01:02:03:04:05"},
		{':', 2, "01:0203:0405"},
		{':', -2, "0102:0304:05"},
		{'-', 5, "0102030405"},
		{' ', -1, "01 02 03 04 05"},
	}
	for _, c := range cases {
		if got := must(v.Hex(c.sep, c.per)); got != c.want {
			t.Errorf("hex(%q, %d) = %q, want %q", c.sep, c.per, got, c.want)
		}
	}
	r := must(v.Slice(None, None, -2))
	defer r.Release()
	if got := must(r.Hex(0, 0)); got != "050301" {
		t.Errorf("strided hex %q", got)
	}
	empty := must(v.Slice(0, 0, 1))
	defer empty.Release()
	if got := must(empty.Hex(':', 1)); got != "" {
		t.Errorf("empty hex %q", got)
	}
	big := make([]byte, 1000)
	for i := range big {
		big[i] = byte(i * 7)
	}
	w := mustNew(t, big)
	defer w.Release()
	if got := must(w.Hex(0, 0)); got != hex.EncodeToString(big) {
		t.Error("hex differs from encoding/hex")
	}
}

func TestToBytesOrders(t *testing.T) {
	v := grid(t, 2, 3)
	defer v.Release()
	u := must(v.Cast("B")) // ok: v is C-contiguous
	defer u.Release()
	b := must(v.Cast("b", 2, 12))
	defer b.Release()
	sub := must(b.SliceND(Range{None, None, 1}, Range{None, None, 4})) // first byte of each int: 0..5
	defer sub.Release()
	if got := must(sub.ToBytes(OrderC)); !bytes.Equal(got, []byte{0, 1, 2, 3, 4, 5}) {
		t.Errorf("C order % x", got)
	}
	if got := must(sub.ToBytes(OrderF)); !bytes.Equal(got, []byte{0, 3, 1, 4, 2, 5}) {
		t.Errorf("F order % x", got)
	}
	if got := must(sub.ToBytes(OrderAny)); !bytes.Equal(got, []byte{0, 1, 2, 3, 4, 5}) {
		t.Errorf("A order % x", got)
	}
	dst := make([]byte, 10)
	if n := must(sub.ToBytesInto(dst, OrderC)); n != 6 || !bytes.Equal(dst[:6], []byte{0, 1, 2, 3, 4, 5}) {
		t.Errorf("ToBytesInto %d % x", n, dst)
	}
}

func TestEqual(t *testing.T) {
	f := mustNew(t, le32(math.Float32bits(float32(math.NaN()))))
	defer f.Release()
	nan := must(f.Cast("f"))
	defer nan.Release()
	if eq := must(nan.Equal(nan)); eq {
		t.Error("NaN view equal to itself")
	}
	a := mustNew(t, []byte{1, 2, 3})
	defer a.Release()
	d := mustNew(t, append(le64(math.Float64bits(1)), append(le64(math.Float64bits(2)), le64(math.Float64bits(3))...)...))
	defer d.Release()
	dd := must(d.Cast("<d"))
	defer dd.Release()
	if !must(a.Equal(dd)) || !must(dd.Equal(a)) {
		t.Error("[1 2 3] as B and as d should be equal")
	}
	s := must(a.Slice(0, 2, 1))
	defer s.Release()
	if must(a.Equal(s)) {
		t.Error("different shapes equal")
	}
	if !must(a.Equal(a)) {
		t.Error("a view not equal to itself")
	}
}

func TestCopyFromOverlapping(t *testing.T) {
	buf := []byte("abcdefgh")
	v := mustNew(t, buf)
	defer v.Release()
	dst := must(v.Slice(2, 8, 1))
	defer dst.Release()
	src := must(v.Slice(0, 6, 1))
	defer src.Release()
	if err := dst.CopyFrom(src); err != nil {
		t.Fatal(err)
	}
	if string(buf) != "ababcdef" {
		t.Fatalf("overlapping copy: %q", buf)
	}
}
