package memview

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"testing"
)

// The memoryview guide's examples (../shared/memoryview-guide.txt), in Go.

func TestGuideBasics(t *testing.T) {
	ba := []byte("Hello, world!")
	mv := mustNew(t, ba)
	defer mv.Release()
	if got := must(mv.ToBytes(OrderC)); string(got) != "Hello, world!" {
		t.Fatalf("tobytes %q", got)
	}
	if got := must(mv.Get(0)); got != uint64(72) {
		t.Fatalf("mv[0] = %v", got)
	}
	head := must(mv.Slice(0, 5, 1))
	defer head.Release()
	if got := must(head.ToBytes(OrderC)); string(got) != "Hello" {
		t.Fatalf("bytes(mv[0:5]) = %q", got)
	}
	if err := mv.Set('J', 0); err != nil {
		t.Fatal(err)
	}
	if string(ba) != "Jello, world!" {
		t.Fatalf("ba = %q", ba)
	}
	mvBytes := must(NewReadOnly([]byte("Immutable")))
	defer mvBytes.Release()
	if got := must(mvBytes.Get(0)); got != uint64(73) {
		t.Fatalf("mv_bytes[0] = %v", got)
	}
	err := mvBytes.Set(74, 0)
	var e *Error
	if !errors.Is(err, ErrReadOnly) || !errors.As(err, &e) || e.Message == "" {
		t.Fatalf("write to read-only view: %v", err)
	}
}

func TestGuideCasting(t *testing.T) {
	floats := []float32{1.5, 2.718, 3.14159}
	raw := make([]byte, 12)
	for i, f := range floats {
		binary.NativeEndian.PutUint32(raw[4*i:], math.Float32bits(f))
	}
	mvFloats := must(must(New(raw)).Cast("f"))
	defer mvFloats.Release()
	mvBytes := must(mvFloats.Cast("B"))
	defer mvBytes.Release()
	first8 := must(mvBytes.Values())[:8]
	for i, x := range first8 {
		if x != uint64(raw[i]) {
			t.Fatalf("tolist()[:8] = %v, want % x", first8, raw[:8])
		}
	}
	mvCast := must(mvBytes.Cast("f"))
	defer mvCast.Release()
	want := fmt.Sprint([]any{float64(floats[0]), float64(floats[1]), float64(floats[2])})
	if got := fmt.Sprint(must(mvCast.ToList())); got != want {
		t.Fatalf("cast back: %s, want %s", got, want)
	}
	data := packIF()
	mv := mustNew(t, data)
	defer mv.Release()
	intVal := must(must(mv.Cast(">i")).Get(0))
	floatVal := must(must(mv.CastOffset(4, ">f")).Get(0))
	if intVal != int64(42) || fmt.Sprintf("%.2f", floatVal) != "3.14" {
		t.Fatalf("%v %v", intVal, floatVal)
	}
}

func TestGuideEarthquake(t *testing.T) {
	const n = 1_000_000
	samples := make([]float32, n)
	raw := make([]byte, 4*n)
	for i := range samples {
		samples[i] = float32(math.Sin(float64(i)*0.001) * 3)
		binary.NativeEndian.PutUint32(raw[4*i:], math.Float32bits(samples[i]))
	}
	mv := mustNew(t, raw)
	defer mv.Release()
	accel := must(must(mv.Cast("f")).Float32s()) // zero-copy
	var sum, maxAbs float64
	for _, a := range accel {
		sum += float64(a)
		maxAbs = math.Max(maxAbs, math.Abs(float64(a)))
	}
	var wsum, wmax float64
	for _, a := range samples {
		wsum += float64(a)
		wmax = math.Max(wmax, math.Abs(float64(a)))
	}
	if sum != wsum || maxAbs != wmax {
		t.Fatalf("stats over the view %v %v, want %v %v", sum, maxAbs, wsum, wmax)
	}
	if err := must(mv.Cast("f")).Set(999.0, 0); err != nil {
		t.Fatal(err)
	}
	other := must(must(mv.Slice(0, 8, 1)).Cast("f")) // a second, independent view
	if got := must(other.Get(0)); got != 999.0 || accel[0] != 999 {
		t.Fatalf("in-place write not seen: %v %v", got, accel[0])
	}
}
