package main

import (
	"fmt"
	"os"
	"path/filepath"

	"memview.dev/memview"
)

const nRecords = 100_000

// Example 4: a file of a 12-byte header and '<Iff' records, parsed by
// casting views of the mapped file; column x summed without copying.
func parsing(dir string) string {
	path := filepath.Join(dir, "records.bin")
	size := writeRecords(path, nRecords)
	defer os.Remove(path)
	fmt.Printf("wrote        %s: 12-byte header + %d '<Iff' records (%d bytes)\n", path, nRecords, size)

	file := mapFile(path, false)
	defer file.Release()
	magic := must(file.Slice(0, 8, 1))
	defer magic.Release()
	m := must(magic.Bytes()) // zero-copy: the mapped header
	check(string(m) == "MVREC001", "bad magic %q", m)
	countView := must(must(file.Slice(8, 12, 1)).Cast("<I"))
	defer countView.Release()
	count := int(must(countView.Get(0)).(uint64))
	check(count == nRecords, "header says %d records", count)

	recs := must(file.CastOffset(12, "<Iff"))
	defer recs.Release()
	check(recs.Len() == count, "%d records in the file, header says %d", recs.Len(), count)
	xs := must(recs.Field(1)) // column x: a strided '<f' view, no copy
	defer xs.Release()
	fmt.Printf("records      %v; column x %v strides %v\n", recs, xs, xs.Strides())
	// Read x in place through the strided view (no cgo call per item);
	// accumulate in float64 in index order (examples/SPEC.md).
	var sum float64
	for _, x := range must(memview.Elems[float32](xs)).All() {
		sum += float64(x)
	}
	last := must(recs.Get(-1)).([]any)
	fmt.Printf("last record  %v\n", last)
	check(last[0] == uint64((count-1)*10), "last timestamp %v", last[0])
	fmt.Printf("sum of x     %.6f\n", sum)
	return fmt.Sprintf("records=%d sum_x=%.6f", count, sum)
}
