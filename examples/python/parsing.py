"""Example 4, zero-copy parsing: a header plus 100,000 '<Iff' records, parsed
by casting views of the mapped file; column x summed through a view of that
one field, without copying anything."""
import mmap
import os
import sys
import tempfile

from common import Example, check, write_records

N = 100_000

with Example("parsing") as ex:
    from memview import MemoryView  # inside: an import failure is a FAIL result too

    folder = sys.argv[1] if len(sys.argv) > 1 else tempfile.gettempdir()
    path = os.path.join(folder, "records-py.bin")
    write_records(path, N)
    print("wrote        %s: 12-byte header + %d '<Iff' records" % (path, N))

    with open(path, "rb") as f:
        mapping = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    file = MemoryView(mapping)
    check(file[0:8] == b"MVREC001", "bad magic")
    count = file[8:12].cast("<I")[0]
    print("header       magic MVREC001, %d records" % count)
    records = file.cast("<Iff", offset=12)
    check(len(records) == count, "header says %d records, file holds %d" % (count, len(records)))
    print("last record  (%d, %.6f, %.6f)" % records[-1])
    x = records.field(1)  # a '<f' view of field 1 of every record, stride 12
    print("column x     %r" % x)
    sum_x = 0.0
    for value in x:  # in index order, float64
        sum_x += value
    print("sum of x     %.6f" % sum_x)
    for v in (x, records, file):
        v.release()
    mapping.close()
    os.unlink(path)
    ex.result("records=%d sum_x=%.6f" % (count, sum_x))
