package main

import (
	"encoding/binary"
	"math"
	"os"
)

// writeRecords writes the guide's records file (examples/SPEC.md, example
// 4): a 12-byte header (MVREC001, count as little-endian uint32) and n
// '<Iff' records (i*10, x, y; x then y per record from one generator).
// It returns the file's size.
func writeRecords(path string, n int) int {
	g := newGen()
	out := append([]byte("MVREC001"), binary.LittleEndian.AppendUint32(nil, uint32(n))...)
	for i := 0; i < n; i++ {
		out = binary.LittleEndian.AppendUint32(out, uint32(i*10))
		out = binary.LittleEndian.AppendUint32(out, math.Float32bits(g.sample()))
		out = binary.LittleEndian.AppendUint32(out, math.Float32bits(g.sample()))
	}
	check(os.WriteFile(path, out, 0o644) == nil, "cannot write %s", path)
	return len(out)
}
