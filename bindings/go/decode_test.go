package memview

import (
	"encoding/binary"
	"math"
	"math/rand/v2"
	"testing"
)

// Values of random bytes cast to each numeric format, forwards and through a
// reversed strided slice, against encoding/binary decoding of the same bytes.
func TestValuesMatchEncodingBinary(t *testing.T) {
	rng := rand.New(rand.NewPCG(2026, 1))
	buf := make([]byte, 48)
	for i := range buf {
		buf[i] = byte(rng.Uint32())
	}
	// Keep floats finite so that == comparisons are meaningful.
	for i := 0; i < len(buf); i += 4 {
		buf[i+3] &= 0x3f
		buf[i] &= 0x3f
	}
	v := mustNew(t, buf)
	defer v.Release()
	decoders := []struct {
		format string
		size   int
		decode func([]byte) any
	}{
		{"<h", 2, func(b []byte) any { return int64(int16(binary.LittleEndian.Uint16(b))) }},
		{">H", 2, func(b []byte) any { return uint64(binary.BigEndian.Uint16(b)) }},
		{"<i", 4, func(b []byte) any { return int64(int32(binary.LittleEndian.Uint32(b))) }},
		{">I", 4, func(b []byte) any { return uint64(binary.BigEndian.Uint32(b)) }},
		{"<q", 8, func(b []byte) any { return int64(binary.LittleEndian.Uint64(b)) }},
		{">Q", 8, func(b []byte) any { return binary.BigEndian.Uint64(b) }},
		{"<f", 4, func(b []byte) any { return float64(math.Float32frombits(binary.LittleEndian.Uint32(b))) }},
		{">f", 4, func(b []byte) any { return float64(math.Float32frombits(binary.BigEndian.Uint32(b))) }},
		{"<d", 8, func(b []byte) any { return math.Float64frombits(binary.LittleEndian.Uint64(b)) }},
		{"?", 1, func(b []byte) any { return b[0] != 0 }},
		{"b", 1, func(b []byte) any { return int64(int8(b[0])) }},
	}
	for _, d := range decoders {
		c := must(v.Cast(d.format))
		r := must(c.Slice(None, None, -2))
		n := len(buf) / d.size
		fwd, rev := must(c.Values()), must(r.Values())
		if len(fwd) != n || len(rev) != (n+1)/2 {
			t.Fatalf("%s: %d and %d values", d.format, len(fwd), len(rev))
		}
		for i := 0; i < n; i++ {
			want := d.decode(buf[i*d.size:])
			if fwd[i] != want {
				t.Fatalf("%s[%d] = %v, want %v", d.format, i, fwd[i], want)
			}
			if (n-1-i)%2 == 0 && rev[(n-1-i)/2] != want {
				t.Fatalf("%s[::-2] item %d = %v, want %v", d.format, (n-1-i)/2, rev[(n-1-i)/2], want)
			}
			if got := must(c.Get(i)); got != want {
				t.Fatalf("%s Get(%d) = %v, want %v", d.format, i, got, want)
			}
		}
		r.Release()
		c.Release()
	}
}
