#!/usr/bin/env python3
"""The one version of memview, in VERSION, and every place that states it.

    scripts/version.py              # check: exit 1 naming each place that disagrees with VERSION
    scripts/version.py --set 0.2.0  # write 0.2.0 to VERSION and every place below
                                    # (then rerun scripts/amalgamate.py: the header changed)

CMakeLists.txt reads VERSION itself (project(memview VERSION ...), hence the
shared library's soname, memview.pc and memviewConfigVersion.cmake). The
places that cannot read a file at build time hold a copy, checked here: the
C header's macros, the Python package, the Rust crates (their version, the
dependency between them, the declarations' constants and the accepted
pkg-config range) and the Go module (whose release tag is bindings/go/vX.Y.Z),
and the CHANGELOG's newest entry.
"""
import argparse
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEMVER = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")


def number(v):
    """MV_VERSION_NUMBER of version string v (memview.h: major*10000 + minor*100 + patch)."""
    major, minor, patch = (int(x) for x in SEMVER.match(v).groups())
    return str(major * 10000 + minor * 100 + patch)


def places(v):
    """(file, regex, expected text of group 1) for version string v."""
    major, minor, patch = SEMVER.match(v).groups()
    nxt = "%s.%d.0" % (major, int(minor) + 1) if major == "0" else "%d.0.0" % (int(major) + 1)
    compatible = "%s.%s.0" % (major, minor) if major == "0" else "%s.0.0" % major
    return [
        ("capi/include/memview.h", r"#define MV_VERSION_MAJOR (\d+)", major),
        ("capi/include/memview.h", r"#define MV_VERSION_MINOR (\d+)", minor),
        ("capi/include/memview.h", r"#define MV_VERSION_PATCH (\d+)", patch),
        ("capi/include/memview.h", r'#define MV_VERSION_STRING "([^"]*)"', v),
        ("bindings/python/pyproject.toml", r'(?m)^version = "([^"]*)"', v),
        ("bindings/python/src/memview/__init__.py", r'__version__ = "([^"]*)"', v),
        ("bindings/rust/Cargo.toml", r'(?m)^version = "([^"]*)"', v),
        ("bindings/rust/memview/Cargo.toml", r'memview-sys = \{[^}]*version = "([^"]*)"', v),
        ("bindings/rust/memview-sys/src/lib.rs", r"MV_VERSION_MAJOR: c_int = (\d+);", major),
        ("bindings/rust/memview-sys/src/lib.rs", r"MV_VERSION_MINOR: c_int = (\d+);", minor),
        ("bindings/rust/memview-sys/src/lib.rs", r"MV_VERSION_PATCH: c_int = (\d+);", patch),
        ("bindings/rust/memview-sys/src/lib.rs", r'MV_VERSION_STRING: &core::ffi::CStr = c"([^"]*)"', v),
        ("bindings/rust/memview-sys/build.rs", r'RANGE: std::ops::Range<&str> = "([^"]*)"', compatible),
        ("bindings/rust/memview-sys/build.rs", r'RANGE: std::ops::Range<&str> = "[^"]*"\.\."([^"]*)"', nxt),
        ("bindings/go/version.go", r'const ModuleVersion = "([^"]*)"', v),
        ("bindings/go/internal/raw/link_system.go", r"MV_VERSION_NUMBER < (\d+)", number(v)),
        ("bindings/go/internal/raw/link_system.go", r"MV_VERSION_NUMBER >= (\d+)", number(nxt)),
        ("bindings/go/internal/raw/link_system.go", r"needs libmemview >= ([\d.]+),", v),
        ("bindings/go/internal/raw/link_system.go", r"needs libmemview >= [\d.]+, < ([\d.]+);", nxt),
        ("CHANGELOG.md", r"(?m)^## \[([^\]]*)\]", v),
    ]


def read_version():
    v = open(os.path.join(ROOT, "VERSION")).read().strip()
    if not SEMVER.match(v):
        sys.exit("version: VERSION holds %r, not MAJOR.MINOR.PATCH" % v)
    return v


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--set", metavar="X.Y.Z", help="write this version everywhere")
    args = ap.parse_args()
    if args.set is not None:
        if not SEMVER.match(args.set):
            sys.exit("version: %r is not MAJOR.MINOR.PATCH" % args.set)
        with open(os.path.join(ROOT, "VERSION"), "w") as f:
            f.write(args.set + "\n")
    v = read_version()
    bad = []
    for rel, pattern, want in places(v):
        path = os.path.join(ROOT, rel)
        try:
            text = open(path).read()
        except OSError as e:
            bad.append("%s: %s" % (rel, e.strerror))
            continue
        m = re.search(pattern, text)
        if m is None:
            bad.append("%s: no match for %s" % (rel, pattern))
        elif m.group(1) != want:
            if args.set is None:
                bad.append("%s: %r where VERSION %s wants %r" % (rel, m.group(1), v, want))
                continue
            if rel == "CHANGELOG.md":
                bad.append("CHANGELOG.md: add a '## [%s]' entry" % v)
                continue
            text = text[:m.start(1)] + want + text[m.end(1):]
            with open(path, "w") as f:
                f.write(text)
            print("version: %s: %s -> %s" % (rel, m.group(1), want))
    if bad:
        sys.exit("version: disagreements with VERSION (%s):\n  %s" % (v, "\n  ".join(bad)))
    print("version: %s everywhere (%d places)" % (v, len(places(v))))


if __name__ == "__main__":
    main()
