"""Example 3, the earthquake signal: a million float32 samples in a file,
mapped and viewed in place (no copy), summarised, changed through one view
and seen through another; beside it, the naive path that reads the file into
a new buffer first."""
import array
import mmap
import os
import sys
import tempfile
import time

from common import Example, Gen, check

N = 1_000_000


def stats(values):
    total = peak = 0.0
    for x in values:  # float64, in index order (examples/SPEC.md)
        total += x
        a = abs(x)
        if a > peak:
            peak = a
    return total / N, peak


with Example("earthquake") as ex:
    from memview import MemoryView  # inside: an import failure is a FAIL result too

    folder = sys.argv[1] if len(sys.argv) > 1 else tempfile.gettempdir()
    path = os.path.join(folder, "earthquake-py.f32")
    with open(path, "wb") as f:
        f.write(array.array("f", Gen().samples(N)).tobytes())
    print("wrote        %d float32 samples to %s" % (N, path))

    t0 = time.perf_counter()
    with open(path, "r+b") as f:
        mapping = mmap.mmap(f.fileno(), 0)  # writable, MAP_SHARED
    accel = MemoryView(mapping).cast("f")
    view_mean, view_max = stats(accel)
    view_time = time.perf_counter() - t0

    t0 = time.perf_counter()
    with open(path, "rb") as f:
        copy = f.read()  # the naive path copies every byte
    copied = len(copy)
    copy_mean, copy_max = stats(array.array("f", copy))
    copy_time = time.perf_counter() - t0

    print("view path    mean=%.6f maxabs=%.6f  copied 0 bytes        %.4f s" % (view_mean, view_max, view_time))
    print("naive path   mean=%.6f maxabs=%.6f  copied %d bytes  %.4f s" % (copy_mean, copy_max, copied, copy_time))
    check((view_mean, view_max) == (copy_mean, copy_max), "the two paths disagree")

    accel[0] = 999.0
    second = MemoryView(mapping)[0:40].cast("f")  # an independent view of the mapping
    print("in place     accel[0] = 999.0, seen through a second view: %.1f" % second[0])
    check(second[0] == 999.0, "the second view sees %r" % second[0])
    accel.release()
    second.release()
    mapping.close()
    os.unlink(path)
    ex.result("mean=%.6f maxabs=%.6f copied=0" % (view_mean, view_max))
