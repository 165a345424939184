"""Every bad input gives one line `memview: <sub>: <problem>` and a non-zero exit."""
import os
import shutil
import struct
import subprocess

import pytest


@pytest.fixture
def f12(tmp_path):
    p = tmp_path / "twelve.bin"
    p.write_bytes(struct.pack("<3f", 1, 2, 3))
    return p


VIEW_SUBS = ["dump", "stats", "info"]


@pytest.mark.parametrize("sub", VIEW_SUBS)
@pytest.mark.parametrize("fmt,words", [("<Z", "bad format"), ("3", "bad format"), ("<<f", "bad format"),
                                       ("", "bad format")])
def test_bad_format(memview, f12, sub, fmt, words):
    assert words in memview.fails(sub, f12, "--format", fmt, code=2)


@pytest.mark.parametrize("sub", VIEW_SUBS)
def test_size_not_a_multiple(memview, f12, sub):
    msg = memview.fails(sub, f12, "--format", "<d", code=1)
    assert "not a multiple of the itemsize 8" in msg


@pytest.mark.parametrize("sub", VIEW_SUBS)
def test_shape_does_not_match(memview, f12, sub):
    assert "does not match" in memview.fails(sub, f12, "--format", "<f", "--shape", "2,2")


@pytest.mark.parametrize("sub", VIEW_SUBS + ["hex"])
def test_offset_past_end(memview, f12, sub):
    msg = memview.fails(sub, f12, "--format", "B", "--offset", 13) if sub != "hex" else \
        memview.fails(sub, f12, "--offset", 13)
    assert "offset 13 is past the end" in msg and "(12 bytes)" in msg


@pytest.mark.parametrize("sub", VIEW_SUBS + ["hex"])
def test_missing_unreadable_directory_special(memview, tmp_path, sub):
    fmt = [] if sub == "hex" else ["--format", "B"]
    assert "No such file" in memview.fails(sub, tmp_path / "nope", *fmt)
    assert "is a directory" in memview.fails(sub, tmp_path, *fmt)


@pytest.mark.parametrize("sub", VIEW_SUBS + ["hex"])
def test_a_device_is_read_not_mapped(memview, sub):
    # /dev/null cannot be mapped: it is read like a pipe, and is empty.
    fmt = [] if sub == "hex" else ["--format", "B"]
    out = memview.out(sub, "/dev/null", *fmt)
    expected = {"hex": "", "dump": "", "stats": "/dev/null: 0 items of 'B', shape (0,)",
                "info": "file          /dev/null (a character device)"}[sub]
    assert out.splitlines()[0] == expected if expected else out == ""


@pytest.mark.parametrize("sub", VIEW_SUBS + ["hex"])
def test_unreadable_file(memview, tmp_path, sub):
    locked = tmp_path / "locked"
    locked.write_bytes(b"x")
    locked.chmod(0)
    cmd = [memview.path, sub, str(locked)] + ([] if sub == "hex" else ["--format", "B"])
    if os.geteuid() == 0:
        # root reads anything through CAP_DAC_OVERRIDE/CAP_DAC_READ_SEARCH:
        # run without them (still root, so the binary's path stays reachable).
        setpriv = shutil.which("setpriv")
        assert setpriv, "setpriv (util-linux) is needed to test an unreadable file as root"
        cmd = [setpriv, "--bounding-set=-dac_override,-dac_read_search"] + cmd
    p = subprocess.run(cmd, capture_output=True, text=True)
    assert p.returncode == 1, p.stderr
    assert p.stderr == f"memview: {sub}: cannot open '{locked}': Permission denied\n"


@pytest.mark.parametrize("spec", ["abc", "1", "1:2:3:4", "x:2", "1:2:0", "::0", "1.5:2"])
@pytest.mark.parametrize("sub", ["dump", "info"])
def test_bad_slice(memview, f12, sub, spec):
    assert "bad slice" in memview.fails(sub, f12, "--format", "<f", "--slice", spec, code=2)


@pytest.mark.parametrize("opt,value", [("--offset", "-1"), ("--offset", "12x"), ("--offset", "0x"),
                                       ("--offset", ""), ("--offset", "99999999999999999999999"),
                                       ("--limit", "-3"), ("--limit", "many"), ("--offset", " 1")])
def test_bad_numbers(memview, f12, opt, value):
    assert "bad number" in memview.fails("dump", f12, "--format", "<f", opt, value, code=2)


@pytest.mark.parametrize("shape", ["0,3", "3,", "a", "-1", "3,,1", ",".join(["1"] * 65)])
def test_bad_shape(memview, f12, shape):
    assert "bad shape" in memview.fails("info", f12, "--format", "<f", "--shape", shape, code=2)


@pytest.mark.parametrize("args,words", [
    (["hex", "F", "--width", "0"], "--width must be"),
    (["hex", "F", "--width", "5000"], "--width must be"),
    (["hex", "F", "--group", "-1"], "bad number"),
    (["hex", "F", "--length", "x"], "bad number"),
    (["hex", "F", "--bogus"], "unknown option '--bogus'"),
    (["hex", "F", "--csv"], "unknown option '--csv'"),
    (["dump", "F"], "--format is required"),
    (["dump", "F", "--format"], "needs a value"),
    (["dump", "F", "--csv=1", "--format", "f"], "takes no value"),
    (["dump", "F", "F", "--format", "f"], "one FILE expected"),
    (["dump", "F", "--format", "f", "--format", "d"], "given twice"),
    (["stats"], "missing FILE"),
    (["stats", "F", "--format", "4s"], "no numeric field"),
    (["stats", "F", "--format", "f", "--slice", "1:2"], "unknown option '--slice'"),
])
def test_usage_errors(memview, f12, args, words):
    args = [str(f12) if a == "F" else a for a in args]
    assert words in memview.fails(args[0], *args[1:])


def test_sizes_that_overflow(memview, f12):
    assert "overflow" in memview.fails("info", f12, "--format", "f", "--shape", "9223372036854775807,2")
    assert "bad format" in memview.fails("dump", f12, "--format", "1000000000000000000s")
    assert "bad number" in memview.fails("hex", f12, "--offset", "0xffffffffffffffff")


def test_unknown_command(memview):
    p = memview.run("frobnicate", check=False)
    assert p.returncode == 2
    assert p.stderr.startswith("memview: unknown command 'frobnicate'")
    assert memview.run(check=False).returncode == 2  # no command at all


def test_file_truncated_to_empty_is_not_a_crash(memview, tmp_path):
    p = tmp_path / "z.bin"
    p.write_bytes(b"")
    assert "past the end" in memview.fails("dump", p, "--format", "B", "--offset", 1)
    assert "shape         (0,)" in memview.out("info", p, "--format", "<d").splitlines()
