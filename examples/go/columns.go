package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/cdata"

	"memview.dev/memview"
)

// Example 6, columns to Polars (the Go side): the records file viewed as
// '<Iff', one zero-copy view per column, each exported through the Arrow C
// Data Interface and imported into arrow-go (cdata), which checks the type,
// length and nulls; the group-by (ts / 100000: count, sum of x, mean of y)
// then runs over the arrow-go arrays.
//
// A record column is strided (12 bytes between items of 4) and Arrow needs
// contiguous items: the zero-copy export is refused, and CopyIfNeeded makes
// the one documented copy per column. arrow-go imports that copy without
// copying again.
func columns(dir string) string {
	const bucket, nGroups = 100_000, 10
	path := filepath.Join(dir, "records-columns.bin")
	writeRecords(path, nRecords)
	defer os.Remove(path)
	file := mapFile(path, false)
	recs := must(file.CastOffset(12, "<Iff"))
	check(recs.Len() == nRecords, "%d records", recs.Len())

	names := []string{"ts", "x", "y"}
	types := []arrow.Type{arrow.UINT32, arrow.FLOAT32, arrow.FLOAT32}
	cols := make([]arrow.Array, 3)
	copied := 0
	for k := range cols {
		col := must(recs.Field(k))
		_, err := col.ExportArrow(memview.ZeroCopy)
		check(errors.Is(err, memview.ErrLayout), "a strided column must not leave zero-copy: %v", err)
		e := must(col.ExportArrow(memview.CopyIfNeeded))
		_, arr, err := cdata.ImportCArray((*cdata.CArrowArray)(e.Array()), (*cdata.CArrowSchema)(e.Schema()))
		e.Release() // the structs; arrow-go owns the moved contents
		check(err == nil, "arrow-go import of %s: %v", names[k], err)
		check(arr.DataType().ID() == types[k] && arr.Len() == nRecords && arr.NullN() == 0,
			"column %s: arrow-go sees %v, %d items, %d nulls", names[k], arr.DataType(), arr.Len(), arr.NullN())
		fmt.Printf("column %-2s    view %s stride %d -> arrow-go %v, one copy of %d bytes\n", names[k], col.Format(),
			col.Strides()[0], arr.DataType(), arr.Len()*col.ItemSize())
		copied += arr.Len() * col.ItemSize()
		cols[k] = arr
		col.Release()
	}
	recs.Release()
	file.Release() // unmaps the file: the arrays own their columns
	defer func() {
		for _, c := range cols {
			c.Release()
		}
	}()

	ts := cols[0].(*array.Uint32).Uint32Values()
	xs := cols[1].(*array.Float32).Float32Values()
	ys := cols[2].(*array.Float32).Float32Values()
	var n [nGroups]int
	var sx, sy [nGroups]float64
	for i, t := range ts {
		g := int(t / bucket)
		check(g < nGroups, "timestamp %d out of range", t)
		n[g]++
		sx[g] += float64(xs[i])
		sy[g] += float64(ys[i])
	}
	groups, top, total := 0, 0, 0.0
	for g := 0; g < nGroups; g++ {
		if n[g] > 0 {
			groups++
		}
		total += sx[g]
		if sx[g] > sx[top] {
			top = g
		}
		fmt.Printf("bucket %d     n=%d sum_x=%.6f mean_y=%.6f\n", g, n[g], sx[g], sy[g]/float64(n[g]))
	}
	return fmt.Sprintf("groups=%d sum_x=%.6f top=%d top_mean_y=%.6f copied=%d", groups, total, top,
		sy[top]/float64(n[top]), copied)
}
