package memview

import (
	"slices"
	"testing"
	"time"

	"memview.dev/memview/internal/raw"
)

// Paired benchmarks (issue 14): the operation and its baseline run in
// alternating blocks inside one benchmark, and the figure is the median over
// the blocks of (operation time / baseline time) of each adjacent pair. On
// these shared 2-core machines the load changes within a second; a block
// pair takes about a millisecond, so both sides of a ratio see the same load.
// Reported as custom metrics: "ratio" and "op-ns" (the operation's median ns
// per iteration; ns/op counts both sides and means nothing here).

func paired(b *testing.B, block int, base, op func(n int)) {
	var ratios, ns []float64
	base(block) // warm both
	op(block)
	for done := 0; done < b.N; done += block {
		t0 := time.Now()
		base(block)
		t1 := time.Now()
		op(block)
		t2 := time.Now()
		ratios = append(ratios, float64(t2.Sub(t1))/float64(t1.Sub(t0)))
		ns = append(ns, float64(t2.Sub(t1))/float64(block))
	}
	b.ReportMetric(median(ratios), "ratio")
	b.ReportMetric(median(ns), "op-ns")
}

func median(x []float64) float64 {
	slices.Sort(x)
	return x[len(x)/2]
}

func BenchmarkPaired(b *testing.B) {
	defer programMode()()
	buf := benchBuf()
	v := mustNew(b, buf)
	defer v.Release()
	h := v.slot.h
	cgo := func(n int) {
		for i := 0; i < n; i++ {
			sinkInt = raw.Mvgo_nop(h)
		}
	}
	derive := func(f func() (*View, error)) func(int) {
		return func(n int) {
			for i := 0; i < n; i++ {
				x, err := f()
				if err != nil {
					b.Fatal(err)
				}
				x.Release()
			}
		}
	}
	// Slice(1,5,1)+Release and Cast("<I")+Release vs one bare cgo call.
	b.Run("slice_release_vs_cgo", func(b *testing.B) {
		paired(b, 2000, cgo, derive(func() (*View, error) { return v.Slice(1, 5, 1) }))
	})
	b.Run("cast_release_vs_cgo", func(b *testing.B) {
		paired(b, 2000, cgo, derive(func() (*View, error) { return v.Cast("<I") }))
	})
	// The raw layer's mvgo_slice + mvgo_release: two crossings, no Go work.
	b.Run("raw_slice_release_vs_cgo", func(b *testing.B) {
		paired(b, 2000, cgo, func(n int) {
			for i := 0; i < n; i++ {
				raw.Mvgo_release(raw.Mvgo_slice(h, 1, 5, 1))
			}
		})
	})
	b.Run("raw_cast_release_vs_cgo", func(b *testing.B) {
		paired(b, 2000, cgo, func(n int) {
			for i := 0; i < n; i++ {
				raw.Mvgo_release(raw.Mvgo_cast(h, "<I", nil, 0, 0))
			}
		})
	})
	// The floor under the Go binding's design: mvgo_slice, its release
	// batched 64 per mvgo_release_many, and no Go-side bookkeeping (no View,
	// slab, state word or pending stack); what slice_release_vs_cgo costs
	// above this is the ownership layer's.
	b.Run("raw_slice_batched_release_vs_cgo", func(b *testing.B) {
		var batch [batchSize]int64
		k := 0
		paired(b, 2000, cgo, func(n int) {
			for i := 0; i < n; i++ {
				w := raw.Mvgo_slice(h, 1, 5, 1)
				if raw.IsErr(w) {
					b.Fatal("mvgo_slice failed")
				}
				batch[k] = int64(w)
				if k++; k == batchSize {
					raw.Mvgo_release_many(batch[:])
					k = 0
				}
			}
		})
		raw.Mvgo_release_many(batch[:k])
	})
	// ToBytesInto of 'B'[::2] (32 KiB out) vs the plain Go loop.
	s2 := must(v.Slice(None, None, 2))
	defer s2.Release()
	n2 := s2.NBytes()
	dst := make([]byte, n2)
	want := make([]byte, n2)
	gatherStep2(want, buf)
	checkStrided(b, s2, want)
	view := func(n int) {
		for i := 0; i < n; i++ {
			if _, err := s2.ToBytesInto(dst, OrderC); err != nil {
				b.Fatal(err)
			}
		}
	}
	loop := func(gather func(d, s []byte)) func(int) {
		return func(n int) {
			for i := 0; i < n; i++ {
				gather(dst, buf)
			}
		}
	}
	b.Run("tobytes_step2_vs_go_loop", func(b *testing.B) { paired(b, 20, loop(gatherStep2), view) })
	b.Run("tobytes_step2_vs_go_unrolled", func(b *testing.B) { paired(b, 20, loop(gatherStep2Unrolled), view) })
	gatherStep2Unrolled(dst, buf)
	if string(dst) != string(want) {
		b.Fatal("gatherStep2Unrolled is wrong")
	}
}

// gatherStep2Unrolled is gatherStep2 four bytes per iteration, with the
// bounds checks hoisted: the loop a Go programmer tuning this would write.
func gatherStep2Unrolled(d, s []byte) {
	for len(d) >= 4 && len(s) >= 8 {
		d[0], d[1], d[2], d[3] = s[0], s[2], s[4], s[6]
		d, s = d[4:], s[8:]
	}
	for j := range d {
		d[j] = s[2*j]
	}
}
