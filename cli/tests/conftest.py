"""Runs the installed `memview` binary (MEMVIEW_BIN, or $MV_PREFIX/bin/memview)."""
import os
import shutil
import subprocess

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
