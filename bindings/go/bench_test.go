package memview

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"math"
	"testing"

	"memview.dev/memview/internal/raw"
)

// View operations against their plain-Go equivalents and against a bare cgo
// call through the same raw layer, in one run. bench.sh runs these with
// -count and prints medians and ratios.

var (
	sinkInt   int
	sinkBytes []byte
	sinkStr   string
	sinkBool  bool
	sinkU32   uint32
)

const bigN = 64 << 10

func benchBuf() []byte {
	b := make([]byte, bigN)
	for i := range b {
		b[i] = byte(i * 13)
	}
	return b
}

// BenchmarkCgoCall is the baseline: one cgo call that does nothing
// (mvgo_nop through the SWIG layer).
func BenchmarkCgoCall(b *testing.B) { benchCgo(b) }

// benchCgo is the baseline, also run inside the Slice and Cast groups so
// that it is measured next to what it is compared with.
func benchCgo(b *testing.B) {
	v := must(Alloc(8))
	defer v.Release()
	h := v.slot.h
	for i := 0; i < b.N; i++ {
		sinkInt = raw.Mvgo_nop(h)
	}
}

// Slice: v.Slice(1, 5, 1) then Release (a view is useless unreleased), vs b[1:5].
func BenchmarkSlice(b *testing.B) {
	defer programMode()()
	buf := benchBuf()
	func() { // the result check (once, untimed)
		v := mustNew(b, buf)
		defer v.Release()
		s := must(v.Slice(1, 5, 1))
		defer s.Release()
		if got := must(s.ToBytes(OrderC)); !bytes.Equal(got, buf[1:5]) {
			b.Fatalf("Slice(1, 5, 1) reads %v", got)
		}
	}()
	b.Run("cgo_call", benchCgo)
	b.Run("view", func(b *testing.B) {
		v := mustNew(b, buf)
		defer v.Release()
		for i := 0; i < b.N; i++ {
			s, err := v.Slice(1, 5, 1)
			if err != nil {
				b.Fatal(err)
			}
			s.Release()
		}
	})
	// The raw layer alone (mvgo_slice + mvgo_release: two cgo calls and the
	// library's work), to separate the binding's overhead from the library's.
	b.Run("raw", func(b *testing.B) {
		v := mustNew(b, buf)
		defer v.Release()
		for i := 0; i < b.N; i++ {
			raw.Mvgo_release(raw.Mvgo_slice(v.slot.h, 1, 5, 1))
		}
	})
	// Creation alone: views are released in untimed batches.
	b.Run("view_create", func(b *testing.B) {
		v := mustNew(b, buf)
		defer v.Release()
		benchCreate(b, func() (*View, error) { return v.Slice(1, 5, 1) })
	})
	// In a Scope: no per-view runtime cleanup.
	b.Run("view_scoped", func(b *testing.B) {
		v := mustNew(b, buf)
		defer v.Release()
		s := NewScope()
		defer s.Release()
		sv := must(s.Adopt(v))
		for i := 0; i < b.N; i++ {
			x, err := sv.Slice(1, 5, 1)
			if err != nil {
				b.Fatal(err)
			}
			x.Release()
			if i&1023 == 1023 { // a scope remembers its views: renew it
				s.Release()
				s = NewScope()
				sv = must(s.Adopt(v))
			}
		}
	})
	b.Run("view_scoped_create", func(b *testing.B) {
		v := mustNew(b, buf)
		defer v.Release()
		benchScoped(b, v, func(sv *View) (*View, error) { return sv.Slice(1, 5, 1) })
	})
	b.Run("go", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			sinkBytes = buf[1 : 5+i&1]
		}
	})
}

// programMode times what programs pay: no liveViews counting (which the
// tests turn on); the returned function turns it back on.
func programMode() func() {
	countLive = false
	return func() { countLive = true }
}

// benchScoped times creation in a scope; the scope is released (untimed)
// every 512 views.
func benchScoped(b *testing.B, v *View, f func(*View) (*View, error)) {
	s := NewScope()
	sv := must(s.Adopt(v))
	for i := 0; i < b.N; i++ {
		if _, err := f(sv); err != nil {
			b.Fatal(err)
		}
		if i&511 == 511 {
			b.StopTimer()
			s.Release()
			s = NewScope()
			sv = must(s.Adopt(v))
			b.StartTimer()
		}
	}
	s.Release()
}

func benchCreate(b *testing.B, f func() (*View, error)) {
	batch := make([]*View, 0, 512)
	flush := func() {
		b.StopTimer()
		for _, s := range batch {
			s.Release()
		}
		batch = batch[:0]
		b.StartTimer()
	}
	for i := 0; i < b.N; i++ {
		s, err := f()
		if err != nil {
			b.Fatal(err)
		}
		if batch = append(batch, s); len(batch) == cap(batch) {
			flush()
		}
	}
	flush()
}

// Cast: v.Cast("<I") then Release; and reading one uint32 through the cast
// view, vs binary.LittleEndian.Uint32.
func BenchmarkCast(b *testing.B) {
	defer programMode()()
	buf := benchBuf()
	v := mustNew(b, buf[:64])
	defer v.Release()
	b.Run("cgo_call", benchCgo)
	b.Run("view", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			c, err := v.Cast("<I")
			if err != nil {
				b.Fatal(err)
			}
			c.Release()
		}
	})
	b.Run("view_create", func(b *testing.B) {
		benchCreate(b, func() (*View, error) { return v.Cast("<I") })
	})
	b.Run("view_scoped_create", func(b *testing.B) {
		benchScoped(b, v, func(sv *View) (*View, error) { return sv.Cast("<I") })
	})
	b.Run("view_get", func(b *testing.B) {
		c := must(v.Cast("<I"))
		defer c.Release()
		for i := 0; i < b.N; i++ {
			x, err := c.Get(i & 15)
			if err != nil {
				b.Fatal(err)
			}
			sinkU32 = uint32(x.(uint64))
			if i < 16 && sinkU32 != binary.LittleEndian.Uint32(buf[4*i:]) {
				b.Fatalf("Get(%d) = %d", i, sinkU32)
			}
		}
	})
	b.Run("go", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			sinkU32 = binary.LittleEndian.Uint32(buf[4*(i&15):])
		}
	})
}

// Hex of 64 KiB vs hex.EncodeToString.
func BenchmarkHex(b *testing.B) {
	buf := benchBuf()
	v := mustNew(b, buf)
	defer v.Release()
	b.Run("view", func(b *testing.B) {
		b.SetBytes(bigN)
		for i := 0; i < b.N; i++ {
			sinkStr = must(v.Hex(0, 0))
		}
		if sinkStr != hex.EncodeToString(buf) {
			b.Fatal("Hex differs from hex.EncodeToString")
		}
	})
	b.Run("go", func(b *testing.B) {
		b.SetBytes(bigN)
		for i := 0; i < b.N; i++ {
			sinkStr = hex.EncodeToString(buf)
		}
	})
}

// Equal of two 64 KiB "B" views vs bytes.Equal.
func BenchmarkEqual(b *testing.B) {
	x, y := benchBuf(), benchBuf()
	vx, vy := mustNew(b, x), mustNew(b, y)
	defer vx.Release()
	defer vy.Release()
	b.Run("view", func(b *testing.B) {
		b.SetBytes(bigN)
		for i := 0; i < b.N; i++ {
			sinkBool = must(vx.Equal(vy))
		}
		if !sinkBool {
			b.Fatal("equal views compare unequal")
		}
	})
	b.Run("go", func(b *testing.B) {
		b.SetBytes(bigN)
		for i := 0; i < b.N; i++ {
			sinkBool = bytes.Equal(x, y)
		}
	})
}

// Strided copy-out: every 2nd byte, and every 3rd 4-byte item, of 64 KiB
// into a preallocated, already touched destination; vs the plain Go loops.
func BenchmarkStridedToBytes(b *testing.B) {
	buf := benchBuf()
	v := mustNew(b, buf)
	defer v.Release()
	s2 := must(v.Slice(None, None, 2))
	defer s2.Release()
	i4 := must(v.Cast("I"))
	defer i4.Release()
	s3 := must(i4.Slice(None, None, 3))
	defer s3.Release()
	dst := make([]byte, bigN)
	for i := range dst {
		dst[i] = 1
	}
	n2, n3 := s2.NBytes(), s3.NBytes()
	want2, want3 := make([]byte, n2), make([]byte, n3)
	gatherStep2(want2, buf)
	for j := 0; j < n3; j += 4 {
		copy(want3[j:j+4], buf[3*j:3*j+4])
	}
	checkStrided(b, s2, want2)
	checkStrided(b, s3, want3)
	b.Run("view_step2", func(b *testing.B) {
		b.SetBytes(int64(n2))
		for i := 0; i < b.N; i++ {
			if _, err := s2.ToBytesInto(dst, OrderC); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("go_step2", func(b *testing.B) {
		b.SetBytes(int64(n2))
		for i := 0; i < b.N; i++ {
			gatherStep2(dst[:n2], buf)
		}
	})
	b.Run("view_item4_step3", func(b *testing.B) {
		b.SetBytes(int64(n3))
		for i := 0; i < b.N; i++ {
			if _, err := s3.ToBytesInto(dst, OrderC); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("go_item4_step3", func(b *testing.B) {
		b.SetBytes(int64(n3))
		for i := 0; i < b.N; i++ {
			d := dst[:n3]
			for j := 0; j < len(d); j += 4 {
				copy(d[j:j+4], buf[3*j:3*j+4])
			}
		}
	})
}

// gatherStep2 is the plain Go loop for every 2nd byte. A function of its
// own: the same loop written inside the benchmark's closure reads buf and
// the bounds through the closure on every item and runs about 2x slower,
// which once made the view look twice as fast as Go.
func gatherStep2(d, s []byte) {
	for j := range d {
		d[j] = s[2*j]
	}
}

// checkStrided is the benchmarks' result check (the smoke run in test.sh
// runs every benchmark for a few iterations): v's bytes in C order must
// equal the items picked by the plain Go loop.
func checkStrided(b *testing.B, v *View, want []byte) {
	got, err := v.ToBytes(OrderC)
	if err != nil || !bytes.Equal(got, want) {
		b.Fatalf("%v: ToBytes differs from the Go loop (%v)", v, err)
	}
}

var sinkF32 float32

// Summing a record column in place (x of '<Iff', stride 12) with Elems, vs
// decoding the same bytes with encoding/binary.
func BenchmarkColumnSum(b *testing.B) {
	const n = 1 << 14
	buf := make([]byte, 12*n)
	for i := 0; i < n; i++ {
		binary.LittleEndian.PutUint32(buf[12*i+4:], math.Float32bits(float32(i)))
	}
	v := mustNew(b, buf)
	defer v.Release()
	col := must(must(v.Cast("<Iff")).Field(1))
	defer col.Release()
	var want float32
	for j := 0; j < n; j++ {
		want += float32(j)
	}
	b.Run("view_elems", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			e, err := Elems[float32](col)
			if err != nil {
				b.Fatal(err)
			}
			var s float32
			for _, x := range e.All() {
				s += x
			}
			sinkF32 = s
		}
		if sinkF32 != want {
			b.Fatalf("column sum %v, want %v", sinkF32, want)
		}
	})
	b.Run("go", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			var s float32
			for j := 0; j < n; j++ {
				s += math.Float32frombits(binary.LittleEndian.Uint32(buf[12*j+4:]))
			}
			sinkF32 = s
		}
	})
}
