package memview

import (
	"errors"
	"fmt"
	"testing"
)

func TestElemsReadsStridedViewsInPlace(t *testing.T) {
	v := grid(t, 3, 4) // "i": 0..11
	defer v.Release()
	flat := must(v.Cast("B"))
	defer flat.Release()
	ints := must(flat.Cast("i"))
	defer ints.Release()
	cases := []struct {
		start, stop, step int
		want              string
	}{
		{None, None, 1, "[0 1 2 3 4 5 6 7 8 9 10 11]"},
		{None, None, -3, "[11 8 5 2]"},
		{1, 10, 4, "[1 5 9]"},
		{5, 5, 1, "[]"},
	}
	for _, c := range cases {
		s := must(ints.Slice(c.start, c.stop, c.step))
		e := must(Elems[int32](s))
		got := []int32{}
		for i, x := range e.All() {
			if y, ok := e.At(i); !ok || x != y {
				t.Fatalf("All and At disagree at %d", i)
			}
			got = append(got, x)
		}
		if fmt.Sprint(got) != c.want || e.Len() != len(got) {
			t.Errorf("[%s:%s:%s] = %v, want %s", b(c.start), b(c.stop), b(c.step), got, c.want)
		}
		s.Release()
	}
	// A record column: x of '<Iff', stride 12, read in place.
	rec := mustNew(t, []byte{1, 0, 0, 0, 0, 0, 0xc0, 0x3f, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0x20, 0x40, 0, 0, 0, 0})
	defer rec.Release()
	col := must(must(rec.Cast("<Iff")).Field(1))
	defer col.Release()
	var sum float32
	for _, x := range must(Elems[float32](col)).All() {
		sum += x
	}
	if sum != 4 {
		t.Fatalf("sum of column x = %v", sum)
	}
}

func TestElemsRefuses(t *testing.T) {
	v := grid(t, 2, 2)
	defer v.Release()
	if _, err := Elems[int32](v); !errors.Is(err, ErrLayout) {
		t.Errorf("2-D view: %v", err)
	}
	row := must(v.Index(0))
	defer row.Release()
	if _, err := Elems[float32](row); !errors.Is(err, ErrFormat) {
		t.Errorf("ints as float32: %v", err)
	}
	bytes := must(v.Cast("B"))
	defer bytes.Release()
	odd := must(bytes.CastOffset(1, "B", 15))
	defer odd.Release()
	mis := must(odd.Slice(0, 12, 1))
	defer mis.Release()
	if i, err := mis.Cast("i"); err == nil {
		defer i.Release()
		if _, err := Elems[int32](i); !errors.Is(err, ErrLayout) {
			t.Errorf("misaligned: %v", err)
		}
	} else {
		t.Fatal(err)
	}
	row.Release()
	if _, err := Elems[int32](row); !errors.Is(err, ErrReleased) {
		t.Errorf("released: %v", err)
	}
	e := must(Elems[int32](must(v.Index(1))))
	for _, i := range []int{-1, 2} {
		if _, ok := e.At(i); ok {
			t.Errorf("At(%d) of 2 items is ok", i)
		}
	}
	if x, ok := e.At(1); !ok || x != 3 {
		t.Errorf("At(1) = %v %v", x, ok)
	}
}
