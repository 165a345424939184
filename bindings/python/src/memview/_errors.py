"""The one place where memview return codes become Python exceptions.

The exception type follows what CPython's memoryview raises for the same
mistake in the same operation; the message is the core's (mv_errmsg).
"""
from ._cffi import ffi, lib

MV_EINVAL = lib.MV_EINVAL
MV_EFORMAT = lib.MV_EFORMAT
MV_EINDEX = lib.MV_EINDEX
MV_EREADONLY = lib.MV_EREADONLY
MV_ELAYOUT = lib.MV_ELAYOUT
MV_ESIZE = lib.MV_ESIZE
MV_EOVERFLOW = lib.MV_EOVERFLOW
MV_ENOMEM = lib.MV_ENOMEM
MV_ETYPE = lib.MV_ETYPE
MV_EVALUE = lib.MV_EVALUE
MV_EINTERNAL = lib.MV_EINTERNAL
MV_ESYS = lib.MV_ESYS

_DEFAULT = {
    MV_EINVAL: ValueError,
    MV_EFORMAT: ValueError,
    MV_EINDEX: IndexError,
    MV_EREADONLY: TypeError,
    MV_ELAYOUT: ValueError,
    MV_ESIZE: ValueError,
    MV_EOVERFLOW: OverflowError,
    MV_ENOMEM: MemoryError,
    MV_ETYPE: TypeError,
    MV_EVALUE: ValueError,
    MV_EINTERNAL: SystemError,
    MV_ESYS: OSError,
}

# (operation, code) pairs where CPython raises something else than _DEFAULT.
_BY_OPERATION = {
    # memoryview.cast: non-contiguous source and size mismatches are TypeError.
    ("cast", MV_ELAYOUT): TypeError,
    ("cast", MV_ESIZE): TypeError,
    ("cast", MV_EOVERFLOW): ValueError,
    # Indexing with too many indices / slicing a 0-d view.
    ("index", MV_EINVAL): TypeError,
    ("slice", MV_EOVERFLOW): ValueError,
    # A format memview cannot read in an exporter's buffer.
    ("view", MV_EFORMAT): NotImplementedError,
    # Items of text formats ('u', 'w': array.array('u')) are laid out but not
    # converted: "memoryview: format w not supported", as the builtin.
    ("index", MV_EFORMAT): NotImplementedError,
    ("setitem", MV_EFORMAT): NotImplementedError,
    ("tolist", MV_EFORMAT): NotImplementedError,
}


def error_type(code: int, operation: str) -> type:
    return _BY_OPERATION.get((operation, code)) or _DEFAULT.get(code, SystemError)


def raise_error(code: int, operation: str) -> None:
    """Raise the exception for a failed memview call (code < 0)."""
    msg = ffi.string(lib.mv_errmsg()).decode("utf-8", "replace")
    if not msg:
        msg = ffi.string(lib.mv_strerror(code)).decode("utf-8", "replace")
    raise error_type(code, operation)("%s: %s" % (operation, msg))
