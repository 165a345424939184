package memview

import (
	"bytes"
	"errors"
	"fmt"
	"testing"
)

// pySlice is CPython's slice.indices(n) followed by range(): an independent
// reference for the library's slicing.
func pySlice(n, start, stop, step int) []int {
	if step == None {
		step = 1
	}
	adjust := func(x, def int) int {
		if x == None {
			return def
		}
		if x < 0 {
			x += n
			if x < 0 {
				if step < 0 {
					return -1
				}
				return 0
			}
		} else if x >= n {
			if step < 0 {
				return n - 1
			}
			return n
		}
		return x
	}
	var lo, hi int
	if step > 0 {
		lo, hi = adjust(start, 0), adjust(stop, n)
	} else {
		lo, hi = adjust(start, n-1), adjust(stop, -1)
	}
	var out []int
	for i := lo; (step > 0 && i < hi) || (step < 0 && i > hi); i += step {
		out = append(out, i)
	}
	return out
}

func TestSliceMatchesPython(t *testing.T) {
	bounds := []int{None, -12, -5, -1, 0, 1, 3, 9, 10, 12}
	steps := []int{None, 1, 2, 3, -1, -2, -3, 9, -9}
	for _, n := range []int{0, 1, 5, 10} {
		data := make([]byte, n)
		for i := range data {
			data[i] = byte('a' + i)
		}
		v := mustNew(t, data)
		for _, start := range bounds {
			for _, stop := range bounds {
				for _, step := range steps {
					s, err := v.Slice(start, stop, step)
					if err != nil {
						t.Fatalf("n=%d [%s:%s:%s]: %v", n, b(start), b(stop), b(step), err)
					}
					got, err := s.ToBytes(OrderC)
					if err != nil {
						t.Fatal(err)
					}
					var want []byte
					for _, i := range pySlice(n, start, stop, step) {
						want = append(want, data[i])
					}
					if !bytes.Equal(got, want) || s.Len() != len(want) {
						t.Fatalf("n=%d [%s:%s:%s] = %q (len %d), want %q", n, b(start), b(stop), b(step), got, s.Len(), want)
					}
					s.Release()
				}
			}
		}
		v.Release()
	}
}

func b(x int) string {
	if x == None {
		return ""
	}
	return fmt.Sprint(x)
}

func TestSliceIsAViewNotACopy(t *testing.T) {
	data := []byte("0123456789")
	v := mustNew(t, data)
	defer v.Release()
	s := must(v.Slice(1, None, 3)) // 1 4 7
	defer s.Release()
	if got := s.Strides(); len(got) != 1 || got[0] != 3 {
		t.Fatalf("strides %v, want [3]", got)
	}
	if err := s.Set(byte('X'), 1); err != nil {
		t.Fatal(err)
	}
	if string(data) != "0123X56789" {
		t.Fatalf("write through slice not seen: %q", data)
	}
	r := must(s.Slice(None, None, -1)) // 7 X 1
	defer r.Release()
	if got := string(must(r.ToBytes(OrderC))); got != "7X1" {
		t.Fatalf("slice of slice reversed = %q", got)
	}
}

func TestSliceErrors(t *testing.T) {
	v := mustNew(t, []byte("abc"))
	defer v.Release()
	if _, err := v.Slice(0, 3, 0); !errors.Is(err, ErrInvalid) {
		t.Fatalf("step 0: err %v, want ErrInvalid", err)
	}
	one := must(v.Slice(0, 1, 1))
	defer one.Release()
	zero := must(one.Cast("B", []int{}...))
	defer zero.Release()
	if _, err := zero.Slice(0, 1, 1); !errors.Is(err, ErrInvalid) {
		t.Fatalf("slicing a 0-d view: %v, want ErrInvalid", err)
	}
}

func TestSliceND(t *testing.T) {
	v := grid(t, 3, 4) // "i" items 0..11, shape [3 4]
	defer v.Release()
	cases := []struct {
		ranges  []Range
		shape   []int
		strides []int
		list    any
	}{
		{nil, []int{3, 4}, []int{16, 4}, []any{row(0, 1, 2, 3), row(4, 5, 6, 7), row(8, 9, 10, 11)}},
		{[]Range{{1, None, 1}}, []int{2, 4}, []int{16, 4}, []any{row(4, 5, 6, 7), row(8, 9, 10, 11)}},
		{[]Range{{None, None, None}, {None, None, -2}}, []int{3, 2}, []int{16, -8}, []any{row(3, 1), row(7, 5), row(11, 9)}},
		{[]Range{{None, None, -1}, {1, 3, 1}}, []int{3, 2}, []int{-16, 4}, []any{row(9, 10), row(5, 6), row(1, 2)}},
		{[]Range{{5, 9, 1}, {None, None, 1}}, []int{0, 4}, []int{16, 4}, []any{}},
	}
	for _, c := range cases {
		s, err := v.SliceND(c.ranges...)
		if err != nil {
			t.Fatalf("%v: %v", c.ranges, err)
		}
		if fmt.Sprint(s.Shape(), s.Strides()) != fmt.Sprint(c.shape, c.strides) {
			t.Errorf("%v: shape %v strides %v, want %v %v", c.ranges, s.Shape(), s.Strides(), c.shape, c.strides)
		}
		if got := must(s.ToList()); fmt.Sprint(got) != fmt.Sprint(c.list) {
			t.Errorf("%v: tolist %v, want %v", c.ranges, got, c.list)
		}
		s.Release()
	}
	if _, err := v.SliceND(Range{0, 1, 1}, Range{0, 1, 0}); !errors.Is(err, ErrInvalid) {
		t.Errorf("step 0 in a range: %v", err)
	}
	if _, err := v.SliceND(Range{0, 1, 1}, Range{0, 1, 1}, Range{0, 1, 1}); !errors.Is(err, ErrInvalid) {
		t.Errorf("more ranges than dimensions: %v", err)
	}
}

func TestIndexSubViews(t *testing.T) {
	v := grid(t, 3, 4)
	defer v.Release()
	r := must(v.Index(-1))
	defer r.Release()
	if r.NDim() != 1 || fmt.Sprint(must(r.ToList())) != fmt.Sprint(row(8, 9, 10, 11)) {
		t.Fatalf("v[-1] = %v ndim %d", must(r.ToList()), r.NDim())
	}
	x := must(r.Index(2))
	defer x.Release()
	if x.NDim() != 0 || x.Len() != 1 || must(x.Get()) != int64(10) {
		t.Fatalf("v[-1][2]: ndim %d len %d value %v", x.NDim(), x.Len(), must(x.Get()))
	}
	if must(x.ToList()) != int64(10) {
		t.Fatalf("0-d tolist is the item")
	}
	for _, i := range []int{3, -4} {
		if _, err := v.Index(i); !errors.Is(err, ErrIndex) {
			t.Errorf("Index(%d): %v, want ErrIndex", i, err)
		}
	}
	if _, err := x.Index(0); !errors.Is(err, ErrInvalid) {
		t.Errorf("Index of a 0-d view: %v, want ErrInvalid", err)
	}
}

func row(xs ...int64) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}
