package memview_test

import (
	"errors"
	"fmt"

	"memview.dev/memview"
)

func ExampleNew() {
	ba := []byte("Hello, world!")
	mv, _ := memview.New(ba) // zero-copy: ba is pinned, not copied
	defer mv.Release()
	head, _ := mv.Slice(0, 5, 1)
	defer head.Release()
	b, _ := head.ToBytes(memview.OrderC)
	fmt.Printf("%s\n", b)
	mv.Set('J', 0)
	fmt.Printf("%s\n", ba)
	// Output:
	// Hello
	// Jello, world!
}

func ExampleNewReadOnly() {
	mv, _ := memview.NewReadOnly([]byte("Immutable"))
	defer mv.Release()
	err := mv.Set(74, 0)
	fmt.Println(errors.Is(err, memview.ErrReadOnly))
	var e *memview.Error
	if errors.As(err, &e) {
		fmt.Println(e.Code == memview.ErrReadOnly, e.Op)
	}
	// Output:
	// true
	// true Set
}

func ExampleView_CastOffset() {
	data := []byte{0, 0, 0, 42, 0x40, 0x48, 0xf5, 0xc3} // struct.pack('>if', 42, 3.14)
	mv, _ := memview.New(data)
	defer mv.Release()
	i, _ := mv.Cast(">i")
	defer i.Release()
	f, _ := mv.CastOffset(4, ">f")
	defer f.Release()
	iv, _ := i.Get(0)
	fv, _ := f.Get(0)
	fmt.Printf("%d %.2f\n", iv, fv)
	rec, _ := mv.Cast(">if")
	defer rec.Release()
	r, _ := rec.Get(0) // a record: []any{int64(42), float64(3.14...)}
	fmt.Printf("%d %.2f\n", r.([]any)...)
	// Output:
	// 42 3.14
	// 42 3.14
}

func ExampleView_Slice() {
	mv, _ := memview.New([]byte("0123456789"))
	defer mv.Release()
	rev, _ := mv.Slice(memview.None, memview.None, -3) // mv[::-3]
	defer rev.Release()
	b, _ := rev.ToBytes(memview.OrderC)
	fmt.Printf("%s %v\n", b, rev.Strides())
	// Output: 9630 [-3]
}

func ExampleView_SliceND() {
	a, _ := memview.Alloc(12)
	defer a.Release()
	m, _ := a.Cast("B", 3, 4)
	defer m.Release()
	for i := 0; i < 12; i++ {
		m.Set(i, i/4, i%4)
	}
	col, _ := m.SliceND(memview.Range{Start: memview.None, Stop: memview.None, Step: 1}, memview.Range{Start: 1, Stop: 2, Step: 1})
	defer col.Release()
	l, _ := col.ToList()
	fmt.Println(col.Shape(), col.Strides(), l)
	// Output: [3 1] [4 1] [[1] [5] [9]]
}

func ExampleView_Hex() {
	mv, _ := memview.New([]byte{0xde, 0xad, 0xbe, 0xef, 0x01})
	defer mv.Release()
	h, _ := mv.Hex(':', 2)
	fmt.Println(h)
	// Output: de:adbe:ef01
}

func ExampleView_Float32s() {
	a, _ := memview.Alloc(16)
	defer a.Release()
	f, _ := a.Cast("f")
	defer f.Release()
	xs, _ := f.Float32s() // aliases the library's memory until its last view is released
	xs[2] = 1.5
	v, _ := f.Get(2)
	fmt.Println(v, len(xs))
	// Output: 1.5 4
}

func ExampleScope() {
	buf := []byte("0123456789")
	v, _ := memview.New(buf)
	defer v.Release()
	s := memview.NewScope()
	defer s.Release() // releases every view made below
	sv, _ := s.Adopt(v)
	sum := 0
	for i := 0; i < sv.Len(); i += 2 {
		pair, _ := sv.Slice(i, i+2, 1) // joins the scope: released with it
		h, _ := pair.Hex(0, 0)
		sum += len(h)
	}
	fmt.Println(sum)
	// Output: 20
}

func ExampleView_Field() {
	// Two '<Iff' records (timestamp, x, y).
	data := []byte{
		10, 0, 0, 0, 0, 0, 0xc0, 0x3f, 0, 0, 0, 0, // 10, 1.5, 0
		20, 0, 0, 0, 0, 0, 0x20, 0x40, 0, 0, 0, 0, // 20, 2.5, 0
	}
	v, _ := memview.NewReadOnly(data)
	defer v.Release()
	recs, _ := v.Cast("<Iff")
	defer recs.Release()
	x, _ := recs.Field(1) // column x, zero-copy, strides [12]
	defer x.Release()
	xs, _ := x.ToList()
	fmt.Println(x.Format(), x.Strides(), xs)
	// Output: <f [12] [1.5 2.5]
}
