package main

import (
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"time"
)

const nSamples = 1_000_000

func stats(x []float32) (mean, maxAbs float64) {
	var sum float64
	for _, a := range x {
		sum += float64(a)
		maxAbs = math.Max(maxAbs, math.Abs(float64(a)))
	}
	return sum / float64(len(x)), maxAbs
}

// Example 3: a million float32 samples in a file, mapped and viewed without a
// copy, summarised, changed through one view and seen through another; next
// to it the naive path that reads the file into a new buffer first.
func earthquake(dir string) string {
	path := filepath.Join(dir, "earthquake.f32")
	g := newGen()
	out := make([]byte, 4*nSamples)
	for i := 0; i < nSamples; i++ {
		binary.NativeEndian.PutUint32(out[4*i:], math.Float32bits(g.sample()))
	}
	check(os.WriteFile(path, out, 0o644) == nil, "cannot write %s", path)
	defer os.Remove(path)
	fmt.Printf("wrote        %d float32 samples to %s\n", nSamples, path)

	// View path: map the file, view it as 'f', compute over the mapped memory.
	t0 := time.Now()
	bytes := mapFile(path, true)
	accel := must(bytes.Cast("f"))
	bytes.Release() // accel keeps the mapping alive
	defer accel.Release()
	viewMean, viewMax := stats(must(accel.Float32s())) // []float32 over the mapping: no copy
	viewTime := time.Since(t0)

	// Naive path: read the whole file into a new buffer, decode, same stats.
	t0 = time.Now()
	data := must(os.ReadFile(path))
	copied := make([]float32, len(data)/4)
	for i := range copied {
		copied[i] = math.Float32frombits(binary.NativeEndian.Uint32(data[4*i:]))
	}
	copyMean, copyMax := stats(copied)
	copyTime := time.Since(t0)

	fmt.Printf("view path    mean=%.6f maxabs=%.6f  copied 0 bytes        %.4f s\n", viewMean, viewMax, viewTime.Seconds())
	fmt.Printf("naive path   mean=%.6f maxabs=%.6f  copied %d bytes  %.4f s\n", copyMean, copyMax, len(data), copyTime.Seconds())
	check(viewMean == copyMean && viewMax == copyMax, "the two paths disagree")

	// accel[0] = 999.0, read back through a second, independent view.
	check(accel.Set(999.0, 0) == nil, "write through the view failed")
	head := must(accel.Slice(0, 10, 1))
	defer head.Release()
	seen := must(head.Get(0)).(float64)
	fmt.Printf("in place     accel[0] = 999.0, seen through a slice view: %.1f\n", seen)
	check(seen == 999.0, "the second view sees %v", seen)
	return fmt.Sprintf("mean=%.6f maxabs=%.6f copied=0", viewMean, viewMax)
}
