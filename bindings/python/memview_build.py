"""cffi builder for memview._cffi (API, out-of-line mode).

Two ways to get the C library (setup.py reads ``bundled()`` to know which):

- bundled (the default): the amalgamation (csrc/memview.cpp + memview.h, the
  whole core and C API in one file, copied there by setup.py from the
  repository's amalgamation/ and shipped in the sdist) is compiled by
  setup.py into a static library linked into the extension, so the wheel
  needs no libmemview on the machine.
- system (opt-in: ``MEMVIEW_SYSTEM_LIB=1``): link the libmemview that
  pkg-config (package ``memview``) finds, or the one under the prefix in the
  ``MEMVIEW_PREFIX`` environment variable, with an rpath to its libdir baked
  into the extension so that it loads without LD_LIBRARY_PATH.

The cdef is generated from the installed ``memview.h`` itself (preprocessed,
with its integer macros re-declared), so it cannot drift from the header;
tests/test_cdef.py checks that every function the header declares is in lib.
"""
import os
import re
import shlex
import subprocess
import sys

from cffi import FFI

HERE = os.path.dirname(os.path.abspath(__file__))
NATIVE = os.path.join(HERE, "src", "memview", "_native.c")
INIT = os.path.join(HERE, "src", "memview", "__init__.py")

# Shims defined in _native.c (see there for why they exist).
SHIM_CDEF = """
intptr_t mvpy_slice_nd(intptr_t h, const mv_range *ranges, int n);
intptr_t mvpy_retain(intptr_t h);
void mvpy_release(intptr_t h);
int mvpy_copy(intptr_t dst, intptr_t src);
int mvpy_tobytes(intptr_t h, void *dst, size_t len, char order);
int mvpy_install(void);
"""

# Where setup.py puts the amalgamation (and where an sdist carries it).
CSRC = os.path.join(HERE, "csrc")
SYSTEM_ENV = "MEMVIEW_SYSTEM_LIB"
BUNDLED_LIB = "memview_bundled"

MISSING = (
    "memview: libmemview was not found (" + SYSTEM_ENV + "=1 asks for the system library; "
    "without it the bundled amalgamation is built). Build and install it (scripts/build.sh), then make "
    "`pkg-config --exists memview` succeed (PKG_CONFIG_PATH=<prefix>/lib/pkgconfig, as "
    "scripts/env.sh does), or set MEMVIEW_PREFIX=<install prefix>."
)


def _pkgconfig(*args):
    out = subprocess.run(["pkg-config", *args, "memview"], capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip())
    return out.stdout.strip()


def bundled():
    """True unless MEMVIEW_SYSTEM_LIB asks for the system library."""
    value = os.environ.get(SYSTEM_ENV, "").strip().lower()
    if value in ("", "0", "no", "false", "off"):
        return True
    if value in ("1", "yes", "true", "on"):
        return False
    sys.exit("memview: %s=%r: use 1 (link the system libmemview) or 0 (bundled)"
             % (SYSTEM_ENV, os.environ[SYSTEM_ENV]))


def locate():
    """(include_dirs, library_dirs, libraries, extra_compile_args) of libmemview."""
    prefix = os.environ.get("MEMVIEW_PREFIX")
    if not prefix:
        try:
            incs = [a[2:] for a in shlex.split(_pkgconfig("--cflags-only-I"))]
            libs = shlex.split(_pkgconfig("--libs"))
            libdirs = [a[2:] for a in libs if a.startswith("-L")]
            names = [a[2:] for a in libs if a.startswith("-l")]
            if not incs:
                incs = [_pkgconfig("--variable=includedir")]
            return incs, libdirs, names or ["memview"]
        except (OSError, RuntimeError):
            pass
    if prefix:
        libdir = next((os.path.join(prefix, d) for d in ("lib", "lib64")
                       if os.path.isdir(os.path.join(prefix, d))), os.path.join(prefix, "lib"))
        inc = os.path.join(prefix, "include")
        if os.path.exists(os.path.join(inc, "memview.h")):
            return [inc], [libdir], ["memview"]
    sys.exit(MISSING)


def _semver(text):
    m = re.match(r"^(\d+)\.(\d+)\.(\d+)$", text.strip())
    return tuple(int(x) for x in m.groups()) if m else None


def version_problem(found, wanted):
    """Why a libmemview of version `found` cannot serve a binding of version
    `wanted` (None when it can): semver, where 0.x minors are breaking, as in
    the Rust crate's pkg-config range."""
    f, w = _semver(found), _semver(wanted)
    if f is None:
        return "its memview.h states no version this builder understands (%r)" % found
    compatible = f[0] == w[0] and (f[0] != 0 or f[1] == w[1]) and f[1:] >= w[1:]
    if compatible:
        return None
    upper = "%d.%d.0" % (w[0], w[1] + 1) if w[0] == 0 else "%d.0.0" % (w[0] + 1)
    return ("it is version %s; this memview package (%s) needs libmemview >= %s, < %s"
            % (found, wanted, wanted, upper))


def check_header_version(path, text):
    """Exit naming both versions when the header is not one this package can use: an
    older libmemview would otherwise fail later, in the C compiler, on a missing name."""
    with open(INIT) as f:
        wanted = re.search(r'__version__ = "([^"]*)"', f.read()).group(1)
    m = re.search(r'#define MV_VERSION_STRING "([^"]*)"', text)
    problem = version_problem(m.group(1) if m else "", wanted)
    if problem:
        sys.exit("memview: the libmemview found (%s) cannot be used: %s. Install a matching "
                 "libmemview, point PKG_CONFIG_PATH or MEMVIEW_PREFIX at it, or unset %s to "
                 "build the bundled library." % (path, problem, SYSTEM_ENV))


def header_cdef(include_dirs):
    """The cdef: memview.h preprocessed (declarations only) + its integer macros."""
    path = next((os.path.join(d, "memview.h") for d in include_dirs
                 if os.path.exists(os.path.join(d, "memview.h"))), None)
    if path is None:
        sys.exit(MISSING + " (memview.h is not in %s)" % include_dirs)
    with open(path) as f:
        text = f.read()
    check_header_version(path, text)
    # Drop #include lines: cffi knows size_t/ptrdiff_t/intN_t. Undefining the
    # compiler macros makes MV_EXTERN expand to nothing.
    body = re.sub(r"^\s*#\s*include.*$", "", text, flags=re.M)
    cc = shlex.split(os.environ.get("CC", "cc"))
    pre = subprocess.run(cc + ["-E", "-P", "-U__GNUC__", "-U__clang__", "-U_WIN32", "-"],
                         input=body, capture_output=True, text=True)
    if pre.returncode != 0:
        sys.exit("memview: preprocessing %s failed: %s" % (path, pre.stderr))
    decls = pre.stdout
    macros = []
    for name, value in re.findall(r"^#define\s+(MV_\w+)[ \t]+(.*?)$", text, flags=re.M):
        if "(" in name or value.startswith('"') or value.startswith("{"):
            continue
        if name in ("MV_EXTERN",) or not value.strip():
            continue
        macros.append("#define %s ..." % name)
    return decls + "\n" + "\n".join(macros) + "\n", path


def make_ffibuilder():
    """The FFI of memview._cffi (setup.py: cffi_modules=["memview_build.py:make_ffibuilder"])."""
    if bundled():
        # setup.py builds BUNDLED_LIB (static, from csrc/memview.cpp) before the extension.
        include_dirs, library_dirs, libraries = [CSRC], [], [BUNDLED_LIB, "stdc++"]
        link_args = []
    else:
        include_dirs, library_dirs, libraries = locate()
        link_args = ["-Wl,-rpath," + d for d in library_dirs]
    cdef, _ = header_cdef(include_dirs)
    ffibuilder = FFI()
    ffibuilder.cdef(cdef)
    ffibuilder.cdef(SHIM_CDEF)
    with open(NATIVE) as f:
        native_source = f.read()
    ffibuilder.set_source(
        "memview._cffi",
        native_source,
        include_dirs=include_dirs,
        library_dirs=library_dirs,
        libraries=libraries,
        extra_link_args=link_args,
        extra_compile_args=["-std=c99", "-Wall", "-Wno-unused-function"],
        # _native.c uses the full CPython API (buffer protocol, type objects).
        define_macros=[("_CFFI_NO_LIMITED_API", None)],
        py_limited_api=False,
    )
    return ffibuilder


def __getattr__(name):
    # HEADER_PATH: the memview.h the cdef is made from, in the mode the environment selects.
    if name == "HEADER_PATH":
        return header_cdef([CSRC] if bundled() else locate()[0])[1]
    raise AttributeError(name)


if __name__ == "__main__":
    make_ffibuilder().compile(tmpdir=os.path.join(HERE, "build"), verbose=True)
