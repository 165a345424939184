package memview

import "testing"

func must[T any](x T, err error) T {
	if err != nil {
		panic(err)
	}
	return x
}

func mustNew(t testing.TB, b []byte) *View {
	t.Helper()
	v, err := New(b)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// grid is a library-allocated "i" view of shape [r c] holding 0, 1, 2, ...
func grid(t testing.TB, r, c int) *View {
	t.Helper()
	a := must(Alloc(4 * r * c))
	defer a.Release()
	v := must(a.Cast("i", r, c))
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			if err := v.Set(i*c+j, i, j); err != nil {
				t.Fatal(err)
			}
		}
	}
	return v
}
