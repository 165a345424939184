#!/usr/bin/env python3
"""Generate the amalgamation: the whole C++ core and C API as ONE source file.

    scripts/amalgamate.py            # (re)write amalgamation/ and every packaged copy
    scripts/amalgamate.py --check    # exit 1 if any of them differs from a fresh generation

Output (as SQLite's sqlite3.c + sqlite3.h, DuckDB's duckdb.cpp + duckdb.h):
  memview.cpp   every library source, project headers inlined once
  memview.h     the public header, unchanged
written once, as real files, into bindings/go/internal/raw/ (the Go package
that compiles it): a Go module zip takes only regular files from inside the
module, and the go command tracks only the files in a package's own
directory. The first line of memview.cpp, a `//go:build !memview_system`
comment, makes Go skip it when the system library is asked for. Everywhere
else the files are symbolic links (LINKS below): amalgamation/ at the top
level (what C users take), and the Rust crate's copy (cargo package stores
the files the links point to). The Python build copies amalgamation/ into its
sdist (bindings/python/setup.py).

Inputs: the library's sources as CMakeLists.txt lists them (add_library and
target_sources of memview_objects), cross-checked against core/**/*.cpp and
capi/**/*.cpp, so a source added on any branch is picked up by rerunning this.
The sources must compile as one translation unit: names in anonymous
namespaces and file-local macros must be unique across files (the build of
the amalgamation, in every binding's test, proves it).
"""
import argparse
import glob
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HEADER = "capi/include/memview.h"
TARGET = "memview_objects"
# The one directory holding the generated files (relative to ROOT).
REAL = "bindings/go/internal/raw"
# Directories whose memview.cpp and memview.h are relative symbolic links to REAL's.
LINKS = ["amalgamation", "bindings/rust/memview-sys/amalgamation"]
FILES = ("memview.cpp", "memview.h")
SOURCE_EXT = (".cpp", ".cc", ".cxx", ".c")

INCLUDE_RE = re.compile(r'^\s*#\s*include\s+"([^"]+)"\s*$')
PRAGMA_ONCE_RE = re.compile(r"^\s*#\s*pragma\s+once\s*$")


class AmalgamationError(Exception):
    pass


def _strip_cmake_comments(text):
    return re.sub(r"#[^\n]*", "", text)


def cmake_sources():
    """The sources of memview_objects, in CMakeLists.txt order."""
    text = _strip_cmake_comments(open(os.path.join(ROOT, "CMakeLists.txt")).read())
    calls = re.findall(r"\b(add_library|target_sources)\s*\(\s*%s\b([^)]*)\)" % TARGET, text)
    if not calls:
        raise AmalgamationError("CMakeLists.txt: no add_library(%s ...) found" % TARGET)
    sources = []
    for _, args in calls:
        for word in args.split():
            if "${" in word or "$<" in word:
                raise AmalgamationError(
                    "CMakeLists.txt: %s lists %r; list plain paths so that this script can read them"
                    % (TARGET, word))
            if word.endswith(SOURCE_EXT) and word not in sources:
                sources.append(word)
    return sources


def globbed_sources():
    found = set()
    for top in ("core", "capi"):
        for ext in SOURCE_EXT:
            for path in glob.glob(os.path.join(ROOT, top, "**", "*" + ext), recursive=True):
                found.add(os.path.relpath(path, ROOT).replace(os.sep, "/"))
    return found


def library_sources():
    listed = cmake_sources()
    on_disk = globbed_sources()
    unlisted = sorted(on_disk - set(listed))
    missing = sorted(s for s in listed if not os.path.exists(os.path.join(ROOT, s)))
    if unlisted or missing:
        msg = []
        if unlisted:
            msg.append("not in CMakeLists.txt's %s: %s" % (TARGET, ", ".join(unlisted)))
        if missing:
            msg.append("listed in CMakeLists.txt but missing: %s" % ", ".join(missing))
        raise AmalgamationError("library sources disagree (" + "; ".join(msg) + ")")
    return listed


def version():
    return open(os.path.join(ROOT, "VERSION")).read().strip()


def _resolve(name, including_dir):
    for base in (including_dir, os.path.join(ROOT, "capi", "include")):
        path = os.path.normpath(os.path.join(base, name))
        if os.path.isfile(path):
            return path
    raise AmalgamationError('#include "%s" (from %s): not found'
                            % (name, os.path.relpath(including_dir, ROOT)))


def generate():
    """The text of amalgamation/memview.cpp."""
    sources = library_sources()
    header = os.path.normpath(os.path.join(ROOT, HEADER))
    seen = {header}
    out = []

    def emit(path, is_header):
        rel = os.path.relpath(path, ROOT).replace(os.sep, "/")
        out.append("/* ---- begin %s ---- */\n" % rel)
        with open(path) as f:
            for line in f:
                if is_header and PRAGMA_ONCE_RE.match(line):
                    continue
                m = INCLUDE_RE.match(line)
                if not m:
                    out.append(line if line.endswith("\n") else line + "\n")
                    continue
                target = _resolve(m.group(1), os.path.dirname(path))
                if target == header:
                    out.append("/* #include \"memview.h\": at the top */\n")
                elif target in seen:
                    out.append("/* #include \"%s\": inlined above */\n" % m.group(1))
                else:
                    seen.add(target)
                    emit(target, True)
        out.append("/* ---- end %s ---- */\n" % rel)

    for src in sources:
        path = os.path.normpath(os.path.join(ROOT, src))
        seen.add(path)
        emit(path, False)

    preamble = (
        "//go:build !memview_system\n"
        "/* memview %s amalgamation: the C++ core and the C API in one translation unit.\n"
        " *\n"
        " * GENERATED by scripts/amalgamate.py from %s; do not edit.\n"
        " * Compile as C++17 next to memview.h, e.g.\n"
        " *   c++ -std=c++17 -O2 -fPIC -c memview.cpp\n"
        " * (the Python, Rust and Go packages compile exactly this file; the line\n"
        " * above makes the Go toolchain skip it under the memview_system build tag).\n"
        " */\n"
        "#ifndef MV_BUILDING\n#define MV_BUILDING 1\n#endif\n"
        "#include \"memview.h\"\n\n" % (version(), " ".join(sources)))
    return preamble + "".join(out)


def outputs():
    """{relative path: expected text} of the generated files."""
    return {REAL + "/memview.cpp": generate(),
            REAL + "/memview.h": open(os.path.join(ROOT, HEADER)).read()}


def links():
    """{relative link path: the relative target it must hold}."""
    out = {}
    for d in LINKS:
        for name in FILES:
            target = os.path.relpath(os.path.join(ROOT, REAL, name), os.path.join(ROOT, d))
            out[d + "/" + name] = target
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="fail if a checked-in file or link differs from a fresh generation")
    args = ap.parse_args()
    try:
        files = outputs()
    except (AmalgamationError, OSError) as e:
        sys.exit("amalgamate: %s" % e)
    stale = []
    for rel, text in files.items():
        path = os.path.join(ROOT, rel)
        try:
            with open(path) as f:
                current = f.read()
        except OSError:
            current = None
        if current == text and not os.path.islink(path):
            continue
        stale.append(rel)
        if not args.check:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            if os.path.islink(path):
                os.unlink(path)
            with open(path, "w") as f:
                f.write(text)
            print("amalgamate: wrote %s" % rel)
    for rel, target in links().items():
        path = os.path.join(ROOT, rel)
        if os.path.islink(path) and os.readlink(path) == target:
            continue
        stale.append(rel)
        if not args.check:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            if os.path.lexists(path):
                os.unlink(path)
            os.symlink(target, path)
            print("amalgamate: linked %s -> %s" % (rel, target))
    if args.check:
        if stale:
            sys.exit("amalgamate: stale (run scripts/amalgamate.py): %s" % ", ".join(stale))
        print("amalgamate: %d files and %d links up to date" % (len(files), len(links())))


if __name__ == "__main__":
    main()
