"""Build of the memview package.

The cffi extension needs setup(cffi_modules=...), which pyproject.toml cannot
express. By default (see memview_build.py) the whole C library is compiled in:
the amalgamation is copied from the repository's amalgamation/ into csrc/
(when building from a checkout; an sdist already carries csrc/) and built as
a static library linked into the extension. MEMVIEW_SYSTEM_LIB=1 links the
system libmemview instead.
"""
import os
import shutil
import sys

from setuptools import setup

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import memview_build  # noqa: E402  (after the path is set)

AMALGAMATION = os.path.join(HERE, "..", "..", "amalgamation")
FILES = ("memview.cpp", "memview.h")


def bundled_library():
    """setuptools' build_clib entry for the amalgamation (built before the extension)."""
    if os.path.isdir(AMALGAMATION):  # a checkout: always take the current amalgamation
        os.makedirs(memview_build.CSRC, exist_ok=True)
        for name in FILES:
            shutil.copyfile(os.path.join(AMALGAMATION, name), os.path.join(memview_build.CSRC, name))
    missing = [n for n in FILES if not os.path.exists(os.path.join(memview_build.CSRC, n))]
    if missing:
        sys.exit("memview: csrc/%s missing: build from the repository (bindings/python) or from "
                 "an sdist, or set MEMVIEW_SYSTEM_LIB=1 to link an installed libmemview"
                 % " and csrc/".join(missing))
    return (memview_build.BUNDLED_LIB, {
        "sources": [os.path.relpath(os.path.join(memview_build.CSRC, "memview.cpp"), HERE)],
        "include_dirs": [os.path.relpath(memview_build.CSRC, HERE)],
        # Only the mv_* functions (MV_EXTERN) keep default visibility. -O3 as
        # the benchmarked Release build: at -O2 the separated-hex and strided
        # kernels ran 2.5-4.6x slower here (hex(':', 2) of 1 MiB 261 vs 103 us).
        "cflags": ["-std=c++17", "-fvisibility=hidden", "-fvisibility-inlines-hidden", "-O3", "-falign-loops=32"],
    })


setup(
    cffi_modules=["memview_build.py:make_ffibuilder"],
    libraries=[bundled_library()] if memview_build.bundled() else [],
)
