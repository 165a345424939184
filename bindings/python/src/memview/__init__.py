"""memview: Python's memoryview semantics over libmemview (a C library).

``memview.MemoryView(obj)`` is a drop-in for the builtin ``memoryview`` that
also reads byte-order-prefixed and record formats, casts with an offset and
between any formats, and slices N-d views. ``ffi`` and ``lib`` are the cffi
objects of libmemview, for handing views to and from C (see
MemoryView.from_handle / MemoryView.handle).
"""
from ._cffi import ffi, lib

if lib.mvpy_install() != 0:  # publishes memview._cffi._Base
    raise ImportError("memview: could not initialise the native exporter type")


def _check_version():
    major = ffi.new("int *")
    lib.mv_version(major, ffi.NULL, ffi.NULL)
    if major[0] != lib.MV_VERSION_MAJOR:
        raise ImportError("memview: libmemview %s is loaded but this binding was built for "
                          "major version %d; rebuild the binding"
                          % (ffi.string(lib.mv_version(ffi.NULL, ffi.NULL, ffi.NULL)).decode(),
                             lib.MV_VERSION_MAJOR))


_check_version()

from ._view import MemoryView  # noqa: E402
from ._errors import error_type  # noqa: E402
from ._shm import shared_memory, unlink_shared_memory  # noqa: E402
from ._interop import ArrowExport, from_arrow, from_dlpack, to_arrow  # noqa: E402  (issue 11)

__version__ = "0.1.0"
library_version = ffi.string(lib.mv_version(ffi.NULL, ffi.NULL, ffi.NULL)).decode()

__all__ = ["MemoryView", "ffi", "lib", "error_type", "library_version",
           "shared_memory", "unlink_shared_memory",
           "from_dlpack", "from_arrow", "to_arrow", "ArrowExport"]
