"""Example 2, casting: float32 values viewed as bytes and back; the packed
record '>if' read with explicit byte order."""
import array
import struct

from common import Example, check

with Example("casting") as ex:
    from memview import MemoryView  # inside: an import failure is a FAIL result too

    floats = array.array("f", [1.5, 2.718, 3.14159])
    as_bytes = MemoryView(floats).cast("B")
    check(as_bytes.nbytes == 12 and len(as_bytes) == 12, "12 bytes")
    print("as bytes     %s" % as_bytes.hex(" "))
    back = as_bytes.cast("f")
    check(back.tolist() == floats.tolist(), "round trip")
    print("back as 'f'  %s" % ", ".join("%.6f" % x for x in back.tolist()))
    data = struct.pack(">if", 42, 3.14)
    mv = MemoryView(data)
    i = mv.cast(">i")[0]
    f = mv.cast(">f", offset=4)[0]
    print("'>if' record int=%d float=%.6f (whole record: %r)" % (i, f, mv.cast(">if")[0]))
    check(i == 42 and abs(f - 3.14) < 1e-6, "record values")
    ex.result("%d %.6f roundtrip ok" % (i, f))
