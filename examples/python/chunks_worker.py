"""What a Dask worker process runs for the `dask` example (examples/SPEC.md):
open the data by name once per process, and hand out zero-copy chunk views
of it as NumPy arrays. A module of its own (not the example script), so that
the per-process cache survives from task to task: functions of __main__ are
shipped to workers by value, with a fresh copy of their globals each time."""
import mmap
import os

import numpy as np

import memview

_OPEN = {}  # (source, name) -> 'f' MemoryView of the whole file or segment


def _whole(source, name):
    v = _OPEN.get((source, name))
    if v is None:
        if source == "shm":
            v = memview.shared_memory(name, readonly=True).cast("f")
        else:
            fd = os.open(name, os.O_RDONLY)
            try:
                mm = mmap.mmap(fd, 0, access=mmap.ACCESS_READ)
            finally:
                os.close(fd)
            v = memview.MemoryView(mm).cast("f")
        _OPEN[(source, name)] = v
    return v


def _address(view):
    return int(memview.ffi.cast("uintptr_t", memview.lib.mv_data(view.handle)))


def load_chunk(source, name, start, stop):
    """Items [start, stop) of the file or segment `name`, as a read-only
    NumPy array over this process's mapping: no byte is copied."""
    whole = _whole(source, name)
    chunk = whole[start:stop]
    a = np.asarray(chunk)
    if a.ctypes.data != _address(whole) + 4 * start or a.flags.writeable:
        raise AssertionError("chunk %d:%d of %s is not a zero-copy read-only view" % (start, stop, name))
    return a


def worker_pid():
    return os.getpid()
