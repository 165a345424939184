package memview

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"testing"
)

// packIF is struct.pack('>if', 42, 3.14), built with encoding/binary.
func packIF() []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint32(b, 42)
	binary.BigEndian.PutUint32(b[4:], math.Float32bits(3.14))
	return b
}

func TestCastByteOrderAtOffset(t *testing.T) {
	v := mustNew(t, packIF())
	defer v.Release()
	i := must(v.Cast(">i"))
	defer i.Release()
	f := must(v.CastOffset(4, ">f"))
	defer f.Release()
	if got := must(i.Get(0)); got != int64(42) {
		t.Fatalf("cast('>i')[0] = %v, want 42", got)
	}
	if got := must(f.Get(0)); got != float64(float32(3.14)) {
		t.Fatalf("cast('>f', offset=4)[0] = %v, want float32(3.14)", got)
	}
	if f.Len() != 1 || f.NBytes() != 4 {
		t.Fatalf("offset cast: len %d nbytes %d", f.Len(), f.NBytes())
	}
	// The little-endian reading of the same bytes differs: the prefix matters.
	le := must(v.Cast("<i"))
	defer le.Release()
	if got := must(le.Get(0)); got != int64(0x2a000000) {
		t.Fatalf("cast('<i')[0] = %#x", got)
	}
}

func TestCastRecords(t *testing.T) {
	v := mustNew(t, append(packIF(), packIF()...))
	defer v.Release()
	r := must(v.Cast(">if"))
	defer r.Release()
	if r.Len() != 2 || r.ItemSize() != 8 || r.NFields() != 2 || r.Format() != ">if" {
		t.Fatalf("record view: %v len %d itemsize %d nfields %d", r, r.Len(), r.ItemSize(), r.NFields())
	}
	want := fmt.Sprint([]any{int64(42), float64(float32(3.14))})
	if got := must(r.Get(1)); fmt.Sprint(got) != want {
		t.Fatalf("record = %v, want %v", got, want)
	}
	if err := r.Set([]any{-7, 0.5}, 0); err != nil {
		t.Fatal(err)
	}
	if got := must(r.Values()); fmt.Sprint(got) != fmt.Sprint([]any{[]any{int64(-7), 0.5}, []any{int64(42), float64(float32(3.14))}}) {
		t.Fatalf("values %v", got)
	}
	col := must(r.Field(1))
	defer col.Release()
	if col.Format() != ">f" || fmt.Sprint(col.Strides()) != "[8]" || fmt.Sprint(must(col.ToList())) != fmt.Sprint([]any{0.5, float64(float32(3.14))}) {
		t.Fatalf("field view %v strides %v list %v", col, col.Strides(), must(col.ToList()))
	}
	if _, err := r.Field(2); !errors.Is(err, ErrIndex) {
		t.Fatalf("Field(2): %v", err)
	}
	if err := r.Set(5, 0); !errors.Is(err, ErrType) {
		t.Fatalf("scalar into a record: %v", err)
	}
	if err := r.Set([]any{1}, 0); !errors.Is(err, ErrInvalid) {
		t.Fatalf("too few fields: %v", err)
	}
}

func TestCastShapes(t *testing.T) {
	a := must(Alloc(24))
	defer a.Release()
	cases := []struct {
		format  string
		shape   []int
		ndim    int
		wshape  []int
		strides []int
	}{
		{"i", nil, 1, []int{6}, []int{4}},
		{"i", []int{2, 3}, 2, []int{2, 3}, []int{12, 4}},
		{"d", []int{3}, 1, []int{3}, []int{8}},
		{"h", []int{2, 2, 3}, 3, []int{2, 2, 3}, []int{12, 6, 2}},
		{"<Q", []int{3, 1}, 2, []int{3, 1}, []int{8, 8}},
		{"24s", []int{}, 0, []int{}, []int{}},
	}
	for _, c := range cases {
		v, err := a.Cast(c.format, c.shape...)
		if err != nil {
			t.Fatalf("cast(%q, %v): %v", c.format, c.shape, err)
		}
		if v.NDim() != c.ndim || fmt.Sprint(v.Shape()) != fmt.Sprint(c.wshape) || fmt.Sprint(v.Strides()) != fmt.Sprint(c.strides) ||
			!v.CContiguous() || v.NBytes() != 24 {
			t.Errorf("cast(%q, %v): ndim %d shape %v strides %v c %v nbytes %d", c.format, c.shape, v.NDim(), v.Shape(), v.Strides(), v.CContiguous(), v.NBytes())
		}
		back := must(v.Cast("B"))
		if back.Len() != 24 {
			t.Errorf("cast back to B: len %d", back.Len())
		}
		back.Release()
		v.Release()
	}
}

func TestCastErrors(t *testing.T) {
	a := must(Alloc(12))
	defer a.Release()
	nc := must(a.Slice(None, None, 2))
	defer nc.Release()
	cases := []struct {
		name string
		err  error
		code Code
	}{
		{"unknown format", errOf(a.Cast("Z")), ErrFormat},
		{"empty format", errOf(a.Cast("")), ErrFormat},
		{"NUL in format", errOf(a.Cast("f\x00")), ErrFormat},
		{"does not divide", errOf(a.Cast("d")), ErrSize},
		{"shape product differs", errOf(a.Cast("i", 2, 2)), ErrSize},
		{"zero extent", errOf(a.Cast("i", 0, 3)), ErrInvalid},
		{"negative extent", errOf(a.Cast("i", -3)), ErrInvalid},
		{"too many dimensions", errOf(a.Cast("B", make([]int, 65)...)), ErrInvalid},
		{"not contiguous", errOf(nc.Cast("H")), ErrLayout},
		{"offset past end", errOf(a.CastOffset(13, "B")), ErrIndex},
		{"negative offset", errOf(a.CastOffset(-1, "B")), ErrIndex},
		{"overflowing shape", errOf(a.Cast("B", 1<<40, 1<<40)), ErrOverflow},
	}
	for _, c := range cases {
		var e *Error
		if !errors.Is(c.err, c.code) || !errors.As(c.err, &e) || e.Message == "" {
			t.Errorf("%s: %v, want %v", c.name, c.err, c.code)
		}
	}
}

func errOf[T any](_ T, err error) error { return err }
