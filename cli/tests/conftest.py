"""Runs the installed `memview` binary (MEMVIEW_BIN, or $MV_PREFIX/bin/memview)."""
import os
import pty
import select
import shutil
import subprocess
import threading

import pytest


def _binary():
    path = os.environ.get("MEMVIEW_BIN")
    if not path and os.environ.get("MV_PREFIX"):
        path = os.path.join(os.environ["MV_PREFIX"], "bin", "memview")
    if not path or not os.path.exists(path):
        pytest.exit("set MEMVIEW_BIN (or MV_PREFIX) to the installed memview binary", returncode=2)
    return path


class Memview:
    def __init__(self, path):
        self.path = path

    def run(self, *args, check=True):
        """Runs memview; returns the CompletedProcess (text mode)."""
        p = subprocess.run([self.path, *map(str, args)], capture_output=True, text=True, timeout=120)
        # A signal (negative code) is a crash, whatever the test expected.
        assert p.returncode >= 0, f"memview {args} crashed: signal {-p.returncode}\n{p.stderr}"
        if check:
            assert p.returncode == 0, f"memview {args} failed: {p.stderr}"
            assert p.stderr == "", p.stderr
        return p

    def out(self, *args):
        return self.run(*args).stdout

    def fails(self, sub, *args, code=None):
        """Runs a command that must fail; returns its one-line error message."""
        p = self.run(sub, *args, check=False)
        assert p.returncode != 0, f"memview {sub} {args} succeeded:\n{p.stdout[:500]}"
        if code is not None:
            assert p.returncode == code, p.stderr
        lines = p.stderr.splitlines()
        assert len(lines) == 1, p.stderr
        assert lines[0].startswith(f"memview: {sub}: "), lines[0]
        return lines[0]


@pytest.fixture(scope="session")
def memview():
    return Memview(_binary())


@pytest.fixture(scope="session")
def xxd():
    path = shutil.which("xxd")
    if path is None:
        pytest.fail("xxd is needed to check `memview hex` (cli/test.sh installs it)")
    return path


def run_on_pty(argv, *, stdin=None, feed=None, read_out=None, stdout_on_pty=False, when_shown=None, timeout=120):
    """Runs argv with stderr on a pseudo-terminal (stdout too if stdout_on_pty).

    feed(pipe): writes the command's stdin in a thread, then closes it.
    read_out(pipe): reads the command's stdout in a thread (default: all at once).
    when_shown(proc): called once, when something first appears on the terminal.
    Returns (returncode, stdout bytes, every byte written to the terminal)."""
    master, slave = pty.openpty()
    stdin_arg = subprocess.PIPE if feed else stdin
    out_arg = slave if stdout_on_pty else subprocess.PIPE
    proc = subprocess.Popen(argv, stdin=stdin_arg, stdout=out_arg, stderr=slave)
    os.close(slave)
    threads, out = [], []
    if feed:
        threads.append(threading.Thread(target=feed, args=(proc.stdin,)))
    if not stdout_on_pty:
        reader = read_out or (lambda pipe: pipe.read())
        threads.append(threading.Thread(target=lambda: out.append(reader(proc.stdout))))
    for t in threads:
        t.start()
    shown = b""
    try:
        while True:
            ready, _, _ = select.select([master], [], [], timeout)
            assert ready, f"{argv}: nothing on the terminal for {timeout} s"
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: every slave end is closed
                break
            if not chunk:
                break
            if not shown and when_shown:
                when_shown(proc)
            shown += chunk
    finally:
        os.close(master)
    for t in threads:
        t.join(timeout)
    rc = proc.wait(timeout)
    assert rc >= 0, f"{argv} crashed: signal {-rc}"
    return rc, (out[0] if out else b""), shown
