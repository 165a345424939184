"""Inputs that cannot be mapped: '-', /dev/stdin, pipes, process substitution.

They are read in chunks through the same view code; every result must be the
one the mapped file gives (stats bit for bit), and xxd's for hex."""
import random
import shutil
import struct
import subprocess

import numpy as np
import pytest

DATA = bytes(random.Random(16).randrange(256) for _ in range(5000))


def run(memview, args, data, **kw):
    """memview with `data` on a pipe as standard input."""
    p = subprocess.run([memview.path, *map(str, args)], input=data, capture_output=True, timeout=120, **kw)
    assert p.returncode >= 0, f"memview {args} crashed: signal {-p.returncode}"
    return p


def ok(memview, args, data):
    p = run(memview, args, data)
    assert p.returncode == 0 and p.stderr == b"", p.stderr
    return p.stdout.decode()


def via_bash(memview, script, path):
    """Runs a bash command line with $M = memview and $F = path."""
    bash = shutil.which("bash")
    p = subprocess.run([bash, "-c", script], capture_output=True, text=True, timeout=120,
                       env={"M": memview.path, "F": str(path), "PATH": "/usr/bin:/bin"})
    assert p.returncode == 0 and p.stderr == "", p.stderr
    return p.stdout


@pytest.fixture(scope="module")
def blob(tmp_path_factory):
    path = tmp_path_factory.mktemp("streams") / "blob.bin"
    path.write_bytes(DATA)
    return path


def xxd_of(xxd, data, *opts):
    return subprocess.run([xxd, *map(str, opts)], input=data, capture_output=True, check=True).stdout.decode()


def test_the_issue_example(memview, xxd):
    assert ok(memview, ["hex", "-"], b"abcdefgh") == xxd_of(xxd, b"abcdefgh")


@pytest.mark.parametrize("opts", [[], ["--width", 7, "--group", 3], ["--offset", 100, "--length", 333],
                                  ["--offset", 4999], ["--offset", 5000], ["--length", 0], ["--width", 256]])
def test_hex_of_a_pipe_is_xxds(memview, xxd, opts):
    names = {"--width": "-c", "--group": "-g", "--offset": "-s", "--length": "-l"}
    xopts = [x for k, v in zip(opts[::2], opts[1::2]) for x in (names[k], v)]
    assert ok(memview, ["hex", "-", *opts], DATA) == xxd_of(xxd, DATA, *xopts)


def test_hex_of_a_pipe_in_wide_lines_is_the_files(memview, blob):
    assert ok(memview, ["hex", "-", "--width", 4096, "--group", 5], DATA) == \
        memview.out("hex", blob, "--width", 4096, "--group", 5)


def test_hex_through_dev_stdin_and_process_substitution(memview, xxd, blob):
    want = xxd_of(xxd, DATA)
    assert via_bash(memview, 'cat "$F" | "$M" hex /dev/stdin', blob) == want
    assert via_bash(memview, '"$M" hex <(cat "$F")', blob) == want


def test_regular_stdin_is_mapped_from_where_it_stands(memview, xxd, blob):
    # `memview hex - < FILE` maps FILE; a stdin already partly read starts there.
    with open(blob, "rb") as f:
        p = subprocess.run([memview.path, "hex", "-"], stdin=f, capture_output=True, check=True)
        assert p.stdout.decode() == xxd_of(xxd, DATA)
    with open(blob, "rb") as f:
        f.seek(1000)
        p = subprocess.run([memview.path, "hex", "-"], stdin=f, capture_output=True, check=True)
        assert p.stdout.decode() == xxd_of(xxd, DATA[1000:])


@pytest.mark.parametrize("args", [
    ["--format", "<f"], ["--format", "<Ih", "--offset", 2], ["--format", "B", "--limit", 17],
    ["--format", "<H", "--shape", "100,25", "--slice", "3:40:4"], ["--format", "<i", "--slice", "::-7"],
    ["--format", "<d", "--slice", "-9:"], ["--format", "4s", "--slice", "5:2"], ["--format", "<h", "--csv"],
    ["--format", "<I", "--shape", "25,10,5", "--slice", "20:", "--limit", 77], ["--format", "B", "--slice", "4990:"],
])
def test_dump_of_a_pipe_is_the_files(memview, blob, args):
    assert ok(memview, ["dump", "-", *args], DATA) == memview.out("dump", blob, *args)


def test_dump_through_process_substitution(memview, blob):
    want = memview.out("dump", blob, "--format", "<Ih", "--offset", 2)
    assert via_bash(memview, '"$M" dump <(cat "$F") --format "<Ih" --offset 2', blob) == want


def test_dump_limit_stops_reading_an_endless_pipe(memview):
    # `yes | memview dump - --limit 3`: the rest of the input is never needed.
    p = subprocess.Popen([memview.path, "dump", "-", "--format", "4s", "--limit", "3"], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        p.stdin.write(b"y\ny\n" * 100)
        p.stdin.flush()
        out, err = p.stdout.read(), p.stderr.read()
        assert p.wait(timeout=30) == 0, err
    finally:
        p.kill()
        p.wait()
    assert out == b"b'y\\ny\\n'\n" * 3


@pytest.mark.parametrize("fmt,size", [("<f", 5 << 20), ("<d", 3 << 20), ("<Iff", 4 << 20), ("<e", 600000),
                                      ("b?xQ", 1 << 20), (">q", 4096 * 8 * 3 + 8)])
def test_stats_of_a_pipe_are_the_files_bit_for_bit(memview, tmp_path, fmt, size):
    # Sizes across the 4 MiB read chunks and the 4096-item blocks.
    rng = np.random.default_rng(size)
    n = size // struct.calcsize(fmt) * struct.calcsize(fmt)
    data = rng.standard_normal(n // 8 + 1).astype("<f8").tobytes()[:n]
    if fmt == "<f":  # a NaN and infinities too
        data = struct.pack("<3f", float("nan"), float("inf"), 1.5) + data[12:]
    p = tmp_path / "v.bin"
    p.write_bytes(data)
    for extra in ([], ["--csv"]):
        mapped = memview.out("stats", p, "--format", fmt, *extra)
        streamed = ok(memview, ["stats", "-", "--format", fmt, *extra], data)
        if not extra:  # the first line names the file
            mapped, streamed = mapped.split("\n", 1)[1], streamed.split("\n", 1)[1]
        assert streamed == mapped
    assert via_bash(memview, f'"$M" stats <(cat "$F") --format "{fmt}" --csv', p) == \
        memview.out("stats", p, "--format", fmt, "--csv")


def test_stats_of_a_pipe_with_offset_and_shape(memview, tmp_path):
    data = struct.pack("<6s", b"HEADER") + struct.pack("<12i", *range(12))
    text = ok(memview, ["stats", "-", "--format", "<i", "--offset", 6, "--shape", "3,4"], data)
    assert text.splitlines()[0] == "-: 12 items of '<i', shape (3, 4)"
    assert text.splitlines()[2].split()[:6] == ["0", "i", "12", "0", "11", "5.5"]


@pytest.mark.parametrize("sub,args,words", [
    ("stats", ["--format", "<d"], "12 bytes from offset 0 are not a multiple of the itemsize 8 of '<d'"),
    ("stats", ["--format", "<f", "--shape", "2,2"], "shape (2, 2) of '<f' (itemsize 4) does not match the 12 bytes"),
    ("dump", ["--format", "<d"], "12 bytes from offset 0 are not a multiple of the itemsize 8 of '<d'"),
    ("dump", ["--format", "<f", "--shape", "2,2"], "shape (2, 2) of '<f' (itemsize 4) does not match the 12 bytes"),
    ("dump", ["--format", "<f", "--shape", "2", "--slice", "::-1"], "shape (2,) of '<f' (itemsize 4) does not"),
    ("stats", ["--format", "<f", "--offset", 13], "offset 13 is past the end of '-' (12 bytes)"),
    ("dump", ["--format", "<f", "--offset", 13], "offset 13 is past the end of '-' (12 bytes)"),
    ("hex", ["--offset", 13], "offset 13 is past the end of '-' (12 bytes)"),
    ("dump", ["--format", "<f", "--slice", "::0"], "bad slice '::0'"),
    ("info", ["--format", "<f", "--slice", "::0"], "bad slice '::0'"),
    ("stats", ["--format", "<f", "--threads", 0], "--threads must be between 1 and 256"),
])
def test_errors_on_a_pipe(memview, sub, args, words):
    p = run(memview, [sub, "-", *args], struct.pack("<3f", 1, 2, 3), text=False)
    assert p.returncode != 0
    err = p.stderr.decode()
    assert err.startswith(f"memview: {sub}: ") and err.count("\n") == 1, err
    assert words in err, err
    if sub == "stats":
        assert p.stdout == b""  # no partial table


def test_dump_of_a_pipe_names_a_bad_size_after_the_whole_items(memview):
    p = run(memview, ["dump", "-", "--format", "<h"], b"\x01\x00\x02\x00\x03")
    assert p.returncode == 1
    assert p.stdout == b"1\n2\n"
    assert p.stderr == b"memview: dump: 5 bytes from offset 0 are not a multiple of the itemsize 2 of '<h'\n"


def test_info_on_a_pipe_says_what_it_can(memview):
    text = ok(memview, ["info", "-", "--format", "<Iff", "--offset", 12, "--shape", "10,3"], b"")
    got = dict(line.split(None, 1) for line in text.splitlines())
    assert got["file"] == "- (a pipe)"
    assert (got["offset"], got["format"], got["itemsize"], got["nfields"], got["ndim"]) == \
        ("12", "<Iff", "12", "3", "2")
    assert got["shape"].startswith("unknown")
    assert got["strides"] == got["nbytes"] == got["c_contiguous"] == "unknown"
    assert got["readonly"] == "True"
