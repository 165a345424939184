"""`memview hex` against xxd, byte for byte."""
import random
import subprocess

import pytest

DATA = bytes(random.Random(6).randrange(256) for _ in range(1000)) + b"Hello, world!\n\x00\x7f"


@pytest.fixture(scope="module")
def blob(tmp_path_factory):
    path = tmp_path_factory.mktemp("hex") / "blob.bin"
    path.write_bytes(DATA)
    return path


def xxd_out(xxd, path, width=16, group=2, offset=None, length=None):
    cmd = [xxd, "-c", str(width), "-g", str(group)]
    if offset is not None:
        cmd += ["-s", str(offset)]
    if length is not None:
        cmd += ["-l", str(length)]
    return subprocess.run(cmd + [str(path)], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("width,group", [(16, 2), (16, 1), (16, 4), (16, 0), (10, 4), (8, 3),
                                         (1, 1), (7, 7), (32, 8), (256, 16), (8, 20)])
def test_grouping_and_width_match_xxd(memview, xxd, blob, width, group):
    assert memview.out("hex", blob, "--width", width, "--group", group) == xxd_out(xxd, blob, width, group)


@pytest.mark.parametrize("offset,length", [(0, 0), (5, 7), (1010, 30), (1000, None), (0, 100000),
                                           (len(DATA), None), (len(DATA) - 1, None), (17, 16)])
def test_offset_and_length_match_xxd(memview, xxd, blob, offset, length):
    args = ["hex", blob, "--offset", offset] + (["--length", length] if length is not None else [])
    assert memview.out(*args) == xxd_out(xxd, blob, offset=offset, length=length)


def test_default_is_xxd_default(memview, xxd, blob):
    assert memview.out("hex", blob) == xxd_out(xxd, blob)


def test_hex_offset_and_options_accept_hex_and_equals(memview, xxd, blob):
    assert memview.out("hex", blob, "--offset=0x10", "--length=0x20") == xxd_out(xxd, blob, offset=16, length=32)


def test_empty_file(memview, tmp_path):
    p = tmp_path / "empty"
    p.write_bytes(b"")
    assert memview.out("hex", p) == ""


def test_large_offset_in_a_sparse_file(memview, xxd, tmp_path):
    # The mapping starts at the page holding the offset, not at byte 0.
    p = tmp_path / "sparse.bin"
    with open(p, "wb") as f:
        f.seek(64 << 20)
        f.write(b"tail bytes here!")
    off = (64 << 20) - 3
    assert memview.out("hex", p, "--offset", off) == xxd_out(xxd, p, offset=off)
