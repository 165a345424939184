"""The progress line: on stderr when it is a terminal (a pseudo-terminal here),
a few times a second during long runs, erased at the end; never elsewhere,
never with --quiet."""
import re
import struct
import subprocess
import time

import pytest
from conftest import run_on_pty

# "\rmemview: stats: 1.00 MiB, 2.1 MiB/s\x1b[K"; with a known total also
# " of 16.0 MiB (6%)" and ", 0:07 left".
LINE = re.compile(rb"\rmemview: (\w+): ([\d.]+ (?:B|KiB|MiB|GiB))( of [\d.]+ \w+ \(\d+%\))?, "
                  rb"[\d.]+ (?:B|KiB|MiB|GiB)/s(, \d+:\d\d left)?\x1b\[K")
ERASE = b"\r\x1b[K"


def slow_feed(chunks, pause=0.6):
    """A writer for run_on_pty: each chunk, then a pause; then the end."""
    def feed(pipe):
        for c in chunks:
            pipe.write(c)
            pipe.flush()
            time.sleep(pause)
        pipe.close()
    return feed


def floats(n):
    return struct.pack(f"<{n}f", *range(n))


def test_stats_of_a_slow_pipe_shows_progress_then_erases_it(memview):
    chunk = floats(1 << 18)  # 1 MiB
    rc, out, shown = run_on_pty([memview.path, "stats", "-", "--format", "<f", "--csv"],
                                feed=slow_feed([chunk, chunk]))
    assert rc == 0
    lines = LINE.findall(shown)
    assert lines, shown
    assert all(cmd == b"stats" and not total and not eta for cmd, _, total, eta in lines)  # size unknown
    assert shown.endswith(ERASE)  # gone at the end: nothing visible follows
    assert LINE.sub(b"", shown).replace(ERASE, b"") == b""
    assert out.decode().splitlines()[1].startswith("0,f,524288,0,0.0,262143.0,")


def test_dump_of_a_mapped_file_shows_percentage_and_time_left(memview, tmp_path):
    # dump's output is a pipe read slowly (stdout is not the terminal): a long run.
    p = tmp_path / "b.bin"
    p.write_bytes(bytes(range(1, 256)) * 20000)  # 5 MB

    def slow_reader(pipe):
        blocks = []
        while block := pipe.read1(1 << 16):
            blocks.append(block)
            if len(blocks) % 20 == 0:
                time.sleep(0.1)
        return b"".join(blocks)

    rc, out, shown = run_on_pty([memview.path, "dump", str(p), "--format", "B"], read_out=slow_reader)
    assert rc == 0
    lines = LINE.findall(shown)
    assert lines, shown
    assert all(cmd == b"dump" and total and eta for cmd, _, total, eta in lines)
    assert shown.endswith(ERASE)
    assert LINE.sub(b"", shown).replace(ERASE, b"") == b""
    assert out.decode().split() == [str(b) for b in range(1, 256)] * 20000


def test_no_progress_off_a_terminal(memview):
    chunk = floats(1 << 18)
    p = subprocess.Popen([memview.path, "stats", "-", "--format", "<f"], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    slow_feed([chunk, chunk])(p.stdin)
    out, err = p.stdout.read(), p.stderr.read()
    assert p.wait(timeout=60) == 0 and err == b""
    assert b"524288 items" in out


@pytest.mark.parametrize("sub", ["stats", "dump", "hex"])
def test_quiet_turns_it_off(memview, sub):
    chunk = floats(1 << 16)
    fmt = [] if sub == "hex" else ["--format", "<f"]
    rc, out, shown = run_on_pty([memview.path, sub, "-", *fmt, "--quiet"], feed=slow_feed([chunk, chunk]))
    assert rc == 0 and out
    assert shown == b""


@pytest.mark.parametrize("sub", ["dump", "hex"])
def test_none_when_the_output_is_the_same_terminal(memview, sub):
    # dump and hex print as they go: a progress line would garble their output.
    chunk = floats(1 << 12)
    fmt = [] if sub == "hex" else ["--format", "<f"]
    rc, _, shown = run_on_pty([memview.path, sub, "-", *fmt], feed=slow_feed([chunk, chunk]), stdout_on_pty=True)
    assert rc == 0 and shown
    assert b"memview:" not in shown and b"\x1b[K" not in shown
