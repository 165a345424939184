package memview

import (
	"errors"
	"runtime"
	"testing"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/cdata"
	"github.com/apache/arrow-go/v18/arrow/memory/mallocator"

	"memview.dev/memview/internal/cproducer"
)

// importArrow hands an export to arrow-go's cdata, as a consumer would.
func importArrow(t *testing.T, e *ArrowArray) arrow.Array {
	t.Helper()
	_, arr, err := cdata.ImportCArray((*cdata.CArrowArray)(e.Array()), (*cdata.CArrowSchema)(e.Schema()))
	if err != nil {
		t.Fatal(err)
	}
	return arr
}

func TestExportArrowIsZeroCopyIntoArrowGo(t *testing.T) {
	v := must(Alloc(8 * 5))
	d := must(v.Cast("d"))
	v.Release()
	fs := must(d.Float64s())
	for i := range fs {
		fs[i] = float64(i) + 0.5
	}
	e := must(d.ExportArrow(ZeroCopy))
	defer e.Release()
	arr := importArrow(t, e)
	defer arr.Release()
	f, ok := arr.(*array.Float64)
	if !ok {
		t.Fatalf("imported %T, want *array.Float64", arr)
	}
	if f.Len() != 5 || f.NullN() != 0 || f.Value(4) != 4.5 {
		t.Fatalf("imported %v", f)
	}
	if &f.Float64Values()[0] != &fs[0] {
		t.Fatal("arrow-go's values are not the view's memory")
	}
	fs[2] = -1 // the same memory: arrow-go sees the write
	if f.Value(2) != -1 {
		t.Fatal("arrow-go does not see writes through the view")
	}
}

func TestArrowArrayOutlivesTheView(t *testing.T) {
	before := cproducer.Freed()
	v := must(FromC(cproducer.Produce(16)))
	i := must(v.Cast("I"))
	v.Release()
	e := must(i.ExportArrow(ZeroCopy))
	i.Release()
	arr := importArrow(t, e)
	e.Release() // the structs go; arrow-go owns the moved contents
	if cproducer.Freed() != before {
		t.Fatal("the C buffer was freed while arrow-go holds it")
	}
	u := arr.(*array.Uint32)
	if u.Len() != 4 || u.Value(0) != 0x03020100 {
		t.Fatalf("values %v", u)
	}
	arr.Release()
	// arrow-go releases the C array when its data is released.
	for k := 0; k < 10 && cproducer.Freed() == before; k++ {
		runtime.GC()
	}
	if cproducer.Freed() != before+1 {
		t.Fatal("the C buffer was not freed after the arrow-go array was released")
	}
}

func TestExportArrowRefusalsAndCopies(t *testing.T) {
	raw := make([]byte, 36)
	for i := range raw {
		raw[i] = byte(i)
	}
	base := mustNew(t, raw)
	defer base.Release()
	rec := must(base.Cast("<Iff"))
	defer rec.Release()
	x := must(rec.Field(0))
	defer x.Release()
	if _, err := x.ExportArrow(ZeroCopy); !errors.Is(err, ErrLayout) {
		t.Fatalf("strided column: %v, want ErrLayout", err)
	}
	if _, err := rec.ExportArrow(ZeroCopy); !errors.Is(err, ErrFormat) {
		t.Fatalf("record: %v, want ErrFormat", err)
	}
	e := must(x.ExportArrow(CopyIfNeeded))
	arr := importArrow(t, e).(*array.Uint32)
	e.Release()
	want := must(x.Values())
	for k := 0; k < 3; k++ {
		if uint32(want[k].(uint64)) != arr.Value(k) {
			t.Fatalf("copied column item %d: %d, want %v", k, arr.Value(k), want[k])
		}
	}
	arr.Release()
	s := must(rec.ExportArrow(CopyIfNeeded))
	st := importArrow(t, s).(*array.Struct)
	s.Release()
	if st.NumField() != 3 || st.Len() != 3 || st.Field(1).DataType().ID() != arrow.FLOAT32 {
		t.Fatalf("struct export: %v", st.DataType())
	}
	st.Release()
	b := must(base.Cast(">h"))
	defer b.Release()
	if _, err := b.ExportArrow(ZeroCopy); !errors.Is(err, ErrFormat) {
		t.Fatalf("big-endian: %v, want ErrFormat", err)
	}
	rel := must(base.Cast("B"))
	rel.Release()
	if _, err := rel.ExportArrow(ZeroCopy); !errors.Is(err, ErrReleased) {
		t.Fatalf("released: %v", err)
	}
}

func TestFromArrowTakesArrowGoArrayZeroCopy(t *testing.T) {
	mem := mallocator.NewMallocator() // C memory: no Go pointers cross to C
	bld := array.NewInt64Builder(mem)
	for i := int64(0); i < 10; i++ {
		bld.Append(i * i)
	}
	full := bld.NewInt64Array()
	bld.Release()
	sl := array.NewSlice(full, 3, 8).(*array.Int64) // offset 3
	full.Release()
	var ca cdata.CArrowArray
	var cs cdata.CArrowSchema
	cdata.ExportArrowArray(sl, &ca, &cs)
	v, err := FromArrow(unsafe.Pointer(&ca), unsafe.Pointer(&cs), false)
	if err != nil {
		t.Fatal(err)
	}
	cdata.ReleaseCArrowSchema(&cs)
	if v.Format() != "q" || v.Len() != 5 || !v.ReadOnly() {
		t.Fatalf("view %v", v)
	}
	vals := must(v.Int64s())
	if &vals[0] != &sl.Int64Values()[0] || vals[0] != 9 || vals[4] != 49 {
		t.Fatalf("not zero-copy or wrong values: %v", vals)
	}
	sl.Release()
	if vals[1] != 16 { // the view keeps arrow-go's memory
		t.Fatal("values changed")
	}
	if err := v.Set(int64(1), 0); !errors.Is(err, ErrReadOnly) {
		t.Fatalf("write into an imported array: %v", err)
	}
	v.Release()
	if mem.AllocatedBytes() != 0 {
		t.Fatalf("arrow-go memory not released after the last view: %d bytes", mem.AllocatedBytes())
	}
}

func TestFromArrowRefusesNullsWithoutTakingOwnership(t *testing.T) {
	mem := mallocator.NewMallocator()
	bld := array.NewFloat32Builder(mem)
	bld.AppendValues([]float32{1, 2, 3}, []bool{true, false, true})
	arr := bld.NewFloat32Array()
	bld.Release()
	var ca cdata.CArrowArray
	var cs cdata.CArrowSchema
	cdata.ExportArrowArray(arr, &ca, &cs)
	arr.Release()
	if _, err := FromArrow(unsafe.Pointer(&ca), unsafe.Pointer(&cs), false); !errors.Is(err, ErrInvalid) {
		t.Fatalf("nulls: %v, want ErrInvalid", err)
	}
	// Not taken: the caller still releases it.
	cdata.ReleaseCArrowArray(&ca)
	cdata.ReleaseCArrowSchema(&cs)
	if mem.AllocatedBytes() != 0 {
		t.Fatalf("leaked %d bytes", mem.AllocatedBytes())
	}
	if _, err := FromArrow(nil, nil, false); !errors.Is(err, ErrInvalid) {
		t.Fatalf("nil: %v", err)
	}
}

func TestArrowRoundTripThroughMemview(t *testing.T) {
	v := grid(t, 1, 6) // "i" view 0..5, shape [1 6]
	defer v.Release()
	row := must(v.Index(0))
	defer row.Release()
	e := must(row.ExportArrow(ZeroCopy))
	back, err := FromArrow(e.Array(), e.Schema(), false)
	if err != nil {
		t.Fatal(err)
	}
	e.Release()
	if eq := must(back.Equal(row)); !eq {
		t.Fatal("round trip changed the values")
	}
	if &must(back.Int32s())[0] != &must(row.Int32s())[0] {
		t.Fatal("round trip copied")
	}
	back.Release()
}

func TestDLPackRoundTripAndRefusals(t *testing.T) {
	v := grid(t, 3, 4)
	defer v.Release()
	cols := must(v.SliceND(Range{Start: None, Stop: None, Step: 1}, Range{Start: None, Stop: None, Step: 2}))
	defer cols.Release()
	p := must(cols.ExportDLPack(ZeroCopy))
	back, err := FromDLPack(p, true)
	if err != nil {
		t.Fatal(err)
	}
	if !back.ReadOnly() || !equalInts(back.Shape(), cols.Shape()) || !equalInts(back.Strides(), cols.Strides()) {
		t.Fatalf("round trip: %v vs %v", back, cols)
	}
	if eq := must(back.Equal(cols)); !eq {
		t.Fatal("round trip changed the values")
	}
	back.Release()
	q := must(cols.ExportDLPack(ForceCopy))
	DeleteDLPack(q) // an export nobody took
	rec := mustNew(t, make([]byte, 24))
	defer rec.Release()
	r := must(rec.Cast("<Iff"))
	defer r.Release()
	if _, err := r.ExportDLPack(CopyIfNeeded); !errors.Is(err, ErrFormat) {
		t.Fatalf("record: %v, want ErrFormat", err)
	}
	if _, err := FromDLPack(nil, false); !errors.Is(err, ErrInvalid) {
		t.Fatalf("nil: %v", err)
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
