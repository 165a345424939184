"""Shared by the Python examples: the fixed-seed generator every language
uses (examples/SPEC.md), and the one RESULT line each example prints."""
import sys
import time

MASK = (1 << 64) - 1


class Gen:
    """splitmix64 with seed 2026, bit-for-bit as in the C, Go and Rust examples."""

    def __init__(self, seed=2026):
        self.state = seed

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def sample(self):
        """24 random bits scaled to [-1, 1): exact in float32."""
        return (self.next() >> 40) / 16777216.0 * 2.0 - 1.0

    def outputs(self, n):
        """The next n outputs: vectorised with NumPy when it is installed
        (same bits: uint64 arithmetic wraps mod 2^64), else one by one."""
        try:
            import numpy as np
        except ImportError:
            return [self.next() for _ in range(n)]
        i = np.arange(1, n + 1, dtype=np.uint64)
        z = np.uint64(self.state) + i * np.uint64(0x9E3779B97F4A7C15)
        self.state = (self.state + n * 0x9E3779B97F4A7C15) & MASK
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return (z ^ (z >> np.uint64(31))).tolist()

    def samples(self, n):
        return [(z >> 40) / 16777216.0 * 2.0 - 1.0 for z in self.outputs(n)]

    def low_bytes(self, n):
        return bytes(z & 0xFF for z in self.outputs(n))


class Example:
    """Prints the header, then RESULT|python|<name>|<result>|<seconds>; any
    exception becomes a FAIL result and a non-zero exit."""

    def __init__(self, name):
        self.name = name

    def __enter__(self):
        print("== %s" % self.name)
        self.start = time.perf_counter()
        return self

    def result(self, text):
        print("RESULT|python|%s|%s|%.6f" % (self.name, text, time.perf_counter() - self.start))

    def __exit__(self, exc_type, exc, tb):
        if exc is None:
            return False
        reason = ("%s: %s" % (exc_type.__name__, exc)).replace("|", " ").replace("\n", " ")
        sys.stdout.flush()
        print("RESULT|python|%s|FAIL: %s|%.6f" % (self.name, reason, time.perf_counter() - self.start))
        sys.exit(1)


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def write_records(path, n):
    """The guide's records file (examples/SPEC.md, example 4): a 12-byte
    header (MVREC001, count as '<I') and n '<Iff' records (i*10, x, y; x
    then y per record from one generator)."""
    import struct
    rec = struct.Struct("<Iff")
    xy = Gen().samples(2 * n)
    with open(path, "wb") as f:
        f.write(b"MVREC001" + struct.pack("<I", n))
        f.write(b"".join(rec.pack(i * 10, xy[2 * i], xy[2 * i + 1]) for i in range(n)))
