"""The cffi declarations cannot drift from memview.h: the build generates them
from the installed header; these tests check that the result matches the
header of this checkout, function by function and constant by constant."""
import re

import memview
from memview import ffi, lib


def _header_functions(text):
    return re.findall(r"^MV_EXTERN\s+[^;(]*?\b(mv_\w+)\s*\(", text, flags=re.M)


def test_every_header_function_is_bound(header_path):
    names = _header_functions(header_path.read_text())
    assert len(names) >= 30  # the parser found the API, not nothing
    missing = [n for n in names if not hasattr(lib, n)]
    assert missing == []


def test_signatures_match_header(header_path):
    text = re.sub(r"/\*.*?\*/", "", header_path.read_text(), flags=re.S)
    decls = re.findall(r"^MV_EXTERN\s+([^;]*?)\b(mv_\w+)\s*\(([^)]*)\)\s*;", text, flags=re.M)
    assert len(decls) == len(_header_functions(header_path.read_text()))
    for ret, name, params in decls:
        ftype = ffi.typeof(getattr(lib, name))
        assert ftype.result == ffi.typeof(ret.strip()), name
        params = [] if params.strip() == "void" else params.split(",")
        want = [ffi.typeof(re.sub(r"\b\w+\s*$", "", p).strip()) for p in params]
        assert list(ftype.args) == want, name


def test_constants_match_header(header_path):
    text = header_path.read_text()
    enum_values = dict((k, int(v)) for k, v in re.findall(r"\b(MV_E\w+|MV_OK|MV_KIND_\w+)\s*=\s*(-?\d+)", text))
    assert len(enum_values) >= 17
    for name, value in enum_values.items():
        assert getattr(lib, name) == value, name
    assert lib.MV_MAX_NDIM == int(re.search(r"#define MV_MAX_NDIM (\d+)", text).group(1))
    major = int(re.search(r"#define MV_VERSION_MAJOR (\d+)", text).group(1))
    assert lib.MV_VERSION_MAJOR == major


def test_structs_match_header(header_path):
    text = header_path.read_text()
    for struct in ("mv_buffer_info", "mv_value", "mv_range"):
        body = re.search(r"typedef struct %s \{(.*?)\} %s;" % (struct, struct), text, re.S).group(1)
        body = re.sub(r"/\*.*?\*/", "", body, flags=re.S)
        fields = re.findall(r"(\w+)\s*;", body)
        assert [f[0] for f in ffi.typeof(struct).fields] == fields, struct


def test_library_version_matches_header():
    major, minor, patch = ffi.new("int *"), ffi.new("int *"), ffi.new("int *")
    lib.mv_version(major, minor, patch)
    assert (major[0], minor[0], patch[0]) == (lib.MV_VERSION_MAJOR, lib.MV_VERSION_MINOR,
                                              lib.MV_VERSION_PATCH)
    assert memview.library_version == "%d.%d.%d" % (major[0], minor[0], patch[0])


def _run_builder(env_changes):
    import os
    import pathlib
    import subprocess
    import sys
    env = dict(os.environ)
    env.pop("MEMVIEW_PREFIX", None)
    env["MEMVIEW_SYSTEM_LIB"] = "1"  # these tests are about finding the system library
    env.update(env_changes)
    here = pathlib.Path(__file__).resolve().parents[1]
    return subprocess.run([sys.executable, "-c", "import memview_build as b; print(b.HEADER_PATH)"],
                          cwd=here, env=env, capture_output=True, text=True)


def test_builder_says_clearly_when_the_library_is_missing(tmp_path):
    r = _run_builder({"PKG_CONFIG_PATH": str(tmp_path), "PKG_CONFIG_LIBDIR": str(tmp_path)})
    assert r.returncode != 0
    assert "libmemview was not found" in r.stderr and "MEMVIEW_PREFIX" in r.stderr


def test_builder_finds_the_library_by_prefix(tmp_path):
    import os
    prefix = os.environ.get("MV_PREFIX")
    if not prefix:  # test.sh sources scripts/env.sh, which sets it
        import pytest
        pytest.skip("MV_PREFIX is not set (run through bindings/python/test.sh)")
    r = _run_builder({"PKG_CONFIG_PATH": str(tmp_path), "PKG_CONFIG_LIBDIR": str(tmp_path),
                      "MEMVIEW_PREFIX": prefix})
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().endswith("memview.h")


def _build_with_header_version(tmp_path, header_path, version):
    """The builder run against an install prefix whose memview.h states `version` (the rest is
    this checkout's header)."""
    inc = tmp_path / "include"
    inc.mkdir()
    (tmp_path / "lib").mkdir()
    major, minor, patch = version.split(".")
    text = header_path.read_text()
    for name, value in (("MAJOR", major), ("MINOR", minor), ("PATCH", patch)):
        text = re.sub(r"#define MV_VERSION_%s \d+" % name, "#define MV_VERSION_%s %s" % (name, value), text)
    text = re.sub(r'#define MV_VERSION_STRING "[^"]*"', '#define MV_VERSION_STRING "%s"' % version, text)
    (inc / "memview.h").write_text(text)
    # No pkg-config package visible: MEMVIEW_PREFIX alone points at the fake install.
    return _run_builder({"PKG_CONFIG_PATH": str(tmp_path), "PKG_CONFIG_LIBDIR": str(tmp_path),
                         "MEMVIEW_PREFIX": str(tmp_path)})


def test_builder_names_both_versions_when_the_library_is_older(tmp_path, header_path):
    # issue 13's leftover: an older installed libmemview used to fail in the C compiler
    # on a missing declaration instead of saying which version is needed.
    r = _build_with_header_version(tmp_path, header_path, "0.0.9")
    assert r.returncode != 0
    assert "it is version 0.0.9" in r.stderr
    assert "needs libmemview >= %s" % memview.__version__ in r.stderr
    assert "MEMVIEW_SYSTEM_LIB" in r.stderr


def test_builder_refuses_the_next_breaking_version(tmp_path, header_path):
    major, minor, _ = (int(x) for x in memview.__version__.split("."))
    newer = "0.%d.0" % (minor + 1) if major == 0 else "%d.0.0" % (major + 1)
    r = _build_with_header_version(tmp_path, header_path, newer)
    assert r.returncode != 0
    assert "it is version %s" % newer in r.stderr


def test_builder_accepts_a_newer_compatible_patch(tmp_path, header_path):
    major, minor, patch = (int(x) for x in memview.__version__.split("."))
    r = _build_with_header_version(tmp_path, header_path, "%d.%d.%d" % (major, minor, patch + 1))
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == str(tmp_path / "include" / "memview.h")


def test_version_rule():
    import pathlib
    import sys
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
    try:
        from memview_build import version_problem
    finally:
        sys.path.pop(0)
    assert version_problem("0.1.0", "0.1.0") is None
    assert version_problem("0.1.7", "0.1.2") is None
    assert "needs libmemview >= 0.1.2, < 0.2.0" in version_problem("0.1.1", "0.1.2")
    assert version_problem("0.2.0", "0.1.0") is not None  # 0.x minors break
    assert version_problem("1.4.0", "1.2.3") is None
    assert "< 2.0.0" in version_problem("1.2.2", "1.2.3")
    assert version_problem("2.0.0", "1.2.3") is not None
    assert "no version" in version_problem("", "0.1.0")
