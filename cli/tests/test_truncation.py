"""A mapped file that shrinks during a run: "'FILE' changed size while being
read", exit status 1, never SIGBUS, and nothing read from the vanished pages
is shown (no partial table; the lines printed before are all correct)."""
import os
import signal
import subprocess
import time

import pytest
from conftest import run_on_pty

PAYLOAD = bytes(range(1, 256)) * (8 * 4112)  # ~8 MiB, no zero byte: zeros would be wrong


@pytest.fixture
def big(tmp_path):
    p = tmp_path / "big.bin"
    p.write_bytes(PAYLOAD)
    return p


def truncate_mid_output(path, argv, new_size):
    """Starts argv (output to a pipe), lets it fill the pipe (it then blocks
    in write()), truncates the file, and reads the rest."""
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = proc.stdout.read(4096)
    assert first
    os.truncate(path, new_size)
    rest = proc.stdout.read()
    err = proc.stderr.read()
    rc = proc.wait(timeout=120)
    assert rc >= 0, f"{argv} died of signal {-rc}"
    return rc, (first + rest).decode(), err.decode()


# 1 MiB: a page boundary (the next read faults: SIGBUS). 1 MiB + 100: the
# rest of that page reads as zeros without a fault (the size check sees it).
@pytest.mark.parametrize("new_size", [1 << 20, (1 << 20) + 100, 0])
def test_dump(memview, big, new_size):
    rc, out, err = truncate_mid_output(big, [memview.path, "dump", str(big), "--format", "B"], new_size)
    assert rc == 1
    assert err == f"memview: dump: '{big}' changed size while being read\n"
    values = out.split()
    assert len(values) < len(PAYLOAD)
    assert values == [str(b) for b in PAYLOAD[:len(values)]]  # a correct prefix, no zeros


@pytest.mark.parametrize("new_size", [1 << 20, (1 << 20) + 100, 0])
def test_hex(memview, xxd, big, new_size):
    rc, out, err = truncate_mid_output(big, [memview.path, "hex", str(big)], new_size)
    assert rc == 1
    assert err == f"memview: hex: '{big}' changed size while being read\n"
    want = subprocess.run([xxd], input=PAYLOAD, capture_output=True, check=True).stdout.decode()
    lines = out.splitlines()
    assert 0 < len(lines) < len(PAYLOAD) // 16
    assert lines == want.splitlines()[:len(lines)]


@pytest.mark.parametrize("threads", [1, 2])
def test_stats(memview, tmp_path, threads):
    # Half floats go through mv_get, item by item: 256 MiB of them (sparse)
    # take seconds. When the first progress line shows, the run is under way:
    # stop it, truncate the file, let it go on.
    p = tmp_path / "sparse.f16"
    with open(p, "wb") as f:
        f.truncate(256 << 20)

    def truncate_now(proc):
        proc.send_signal(signal.SIGSTOP)
        os.truncate(p, 1 << 20)
        time.sleep(0.05)
        proc.send_signal(signal.SIGCONT)

    rc, out, shown = run_on_pty([memview.path, "stats", str(p), "--format", "<e", "--threads", str(threads)],
                                when_shown=truncate_now)
    assert rc == 1
    assert out == b""  # no partial table
    assert shown.endswith(f"\r\x1b[Kmemview: stats: '{p}' changed size while being read\r\n".encode()), shown[-300:]


def test_a_file_that_grows_is_read_as_it_was(memview, tmp_path):
    # Appending (a log being written) is not a change of the mapped bytes.
    p = tmp_path / "log.bin"
    p.write_bytes(PAYLOAD)
    proc = subprocess.Popen([memview.path, "dump", str(p), "--format", "B"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    first = proc.stdout.read(4096)
    with open(p, "ab") as f:
        f.write(b"\0" * 4096)
    out = (first + proc.stdout.read()).decode()
    assert proc.wait(timeout=120) == 0, proc.stderr.read()
    assert out.split() == [str(b) for b in PAYLOAD]
