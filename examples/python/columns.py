"""Example 6, columns to Polars: the guide's records file viewed as '<Iff',
one zero-copy view per column, a Polars DataFrame built through Arrow, then a
group-by (ts // 100000: count, sum of x, mean of y).

A record column is strided (12 bytes between items of 4) and Arrow needs
contiguous items: handing it over as is is refused (BufferError), and
memview.to_arrow makes the one documented copy per column. From there on
nothing is copied: the Polars columns are the exported Arrow buffers (checked
by address)."""
import mmap
import os
import sys
import tempfile

from common import Example, check, write_records

N = 100_000
BUCKET = 100_000  # timestamp units per group

with Example("columns") as ex:
    import polars as pl
    import pyarrow as pa

    import memview
    from memview import MemoryView

    folder = sys.argv[1] if len(sys.argv) > 1 else tempfile.gettempdir()
    path = os.path.join(folder, "records-columns-py.bin")
    write_records(path, N)
    with open(path, "rb") as f:
        mapping = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    file = MemoryView(mapping)
    records = file.cast("<Iff", offset=12)
    check(file[0:8] == b"MVREC001" and len(records) == N, "bad records file")

    arrays, copied = {}, 0
    for k, name in enumerate(("ts", "x", "y")):
        col = records.field(k)  # zero-copy: a '<I' or '<f' view, stride 12
        try:
            pa.array(col)
            raise AssertionError("a strided column left zero-copy")
        except BufferError:
            pass  # Arrow needs contiguous items: the documented copy follows
        arr = pa.array(memview.to_arrow(col))  # one copy, into native contiguous memory
        check(arr.null_count == 0 and len(arr) == N, "column %s: bad Arrow array" % name)
        arrays[name] = arr
        copied += len(arr) * col.itemsize
        print("column %-2s    view %s stride %d -> Arrow %s, one copy of %d bytes"
              % (name, col.format, col.strides[0], arr.type, len(arr) * col.itemsize))
        col.release()
    records.release()
    file.release()
    mapping.close()
    os.unlink(path)

    df = pl.from_arrow(pa.table(arrays))
    for name, arr in arrays.items():  # Polars holds the Arrow buffers themselves
        check(df[name].to_numpy().ctypes.data == arr.buffers()[1].address,
              "column %s was copied again on its way into Polars" % name)
    print("DataFrame    %s, columns are the Arrow buffers (no second copy)" % (df.shape,))

    out = (df.group_by((pl.col("ts") // BUCKET).alias("bucket"))
             .agg(n=pl.len(), sum_x=pl.col("x").cast(pl.Float64).sum(),
                  mean_y=pl.col("y").cast(pl.Float64).mean())
             .sort("bucket"))
    for bucket, n, sx, my in out.iter_rows():
        print("bucket %d     n=%d sum_x=%.6f mean_y=%.6f" % (bucket, n, sx, my))
    total = 0.0
    for sx in out["sum_x"]:  # in bucket order, as the other languages
        total += sx
    top = out.row(out["sum_x"].arg_max(), named=True)
    check(out["n"].sum() == N, "rows lost in the group-by")
    ex.result("groups=%d sum_x=%.6f top=%d top_mean_y=%.6f copied=%d"
              % (out.height, total, top["bucket"], top["mean_y"], copied))
