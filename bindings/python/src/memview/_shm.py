"""memview.shared_memory: a MemoryView over a named POSIX shared-memory
segment (mv_shm_create / mv_shm_open / mv_shm_unlink in the C library).

Names mean what they mean to ``multiprocessing.shared_memory.SharedMemory``
(both open ``"/" + name``), so either side can create the segment and the
other open it, in this process or another one. The mapping belongs to the
views: it is unmapped when the last view of it (slices and casts included)
is released or collected. The segment's name lives until
``unlink_shared_memory(name)`` (or ``SharedMemory.unlink()``).

Unlike SharedMemory, memview registers nothing with multiprocessing's
resource_tracker: a segment created here outlives this process until it is
unlinked.
"""
import operator
import os

from ._cffi import ffi, lib
from ._errors import raise_error
from ._view import MemoryView


def _encode(name):
    if not isinstance(name, str):
        raise TypeError("shared memory name must be str, not %s" % type(name).__name__)
    if "\0" in name:
        raise ValueError("shared memory name contains a NUL character")
    return name.encode("utf-8")


def _check(rc, name, operation):
    if rc == 0:
        return
    if rc == lib.MV_ESYS:
        err = ffi.errno  # the errno of the failing call, saved by cffi
        raise OSError(err, os.strerror(err), "/" + name)
    raise_error(rc, operation)


def shared_memory(name, size=None, create=False, readonly=False):
    """A 1-D 'B' MemoryView of the shared-memory segment ``name``.

    create=True makes a new segment of ``size`` zeroed bytes (as
    ``SharedMemory(name, create=True, size=size)``: the name must be free,
    else FileExistsError). Otherwise the existing segment is opened (no such
    segment: FileNotFoundError) and viewed whole, or its first ``size``
    bytes when size is given (ValueError if it is smaller). readonly=True
    maps it read-only: writes raise TypeError, as for bytes.

    Names are given without the leading slash; '/' inside a name, an empty
    name or one longer than 255 bytes is a ValueError.
    """
    raw = _encode(name)
    if size is not None:
        size = operator.index(size)
        if size < 0:
            raise ValueError("'size' must be a positive integer")
    flags = lib.MV_READONLY if readonly else 0
    out = ffi.new("mv_view **")
    if create:
        if size is None:
            raise ValueError("create=True needs a size")
        _check(lib.mv_shm_create(out, raw, size, flags), name, "shared_memory")
        return MemoryView.from_handle(out[0], owned=True)
    _check(lib.mv_shm_open(out, raw, flags), name, "shared_memory")
    view = MemoryView.from_handle(out[0], owned=True)
    if size is None or size == view.nbytes:
        return view
    nbytes = view.nbytes
    sub = view[:size] if size < nbytes else None
    view.release()
    if sub is None:
        raise ValueError("shared_memory: segment '%s' has %d bytes, fewer than the size %d asked for"
                         % (name, nbytes, size))
    return sub


def unlink_shared_memory(name):
    """Remove the segment's name (SharedMemory.unlink()): views of it, here
    or in other processes, stay valid until released. FileNotFoundError if
    there is no such segment."""
    _check(lib.mv_shm_unlink(_encode(name)), name, "unlink_shared_memory")
