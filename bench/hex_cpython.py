"""mv_hex(v, ..., ':', g) beside CPython's bytes.hex(':', g), 16 MiB, in one
process (issue 14: ">= 10x faster than CPython for any sep/group").

Rounds are interleaved (every group, CPython then memview, per round) and
the table gives medians of thread CPU time. CPython's time includes
allocating its result string, as every bytes.hex call does; mv_hex writes
into a buffer allocated once, as a C caller does.

usage: python3 bench/hex_cpython.py path/to/libmemview.so [rounds]
(bench/run.sh builds build/bench-release/libmemview.so)
"""
import ctypes
import statistics
import sys
import time

lib = ctypes.CDLL(sys.argv[1])
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 7
lib.mv_create.argtypes = [ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p, ctypes.c_size_t,
                          ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p]
lib.mv_hex.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char, ctypes.c_int]

N = 16 << 20
data = bytes((i * 131 + 4) & 255 for i in range(N))
buf = ctypes.create_string_buffer(data, N)
view = ctypes.c_void_p()
assert lib.mv_create(ctypes.byref(view), ctypes.cast(buf, ctypes.c_void_p), N, 0, None, None) == 0
out = ctypes.create_string_buffer(3 * N + 1)
clock = time.thread_time

GROUPS = [0, 1, 2, 3, 4, 5, 8, 9, 16, 20, 32, -2, -5]
times = {g: ([], []) for g in GROUPS}
for _ in range(rounds):
    for g in GROUPS:
        t0 = clock()
        want = data.hex(":", g) if g else data.hex()
        t1 = clock()
        assert lib.mv_hex(view, out, len(out), b":", g) == 0
        t2 = clock()
        times[g][0].append(t1 - t0)
        times[g][1].append(t2 - t1)
    assert out.value.decode() == want  # the last group's output, checked once a round

print(f"{'group':>6}  {'CPython':>10}  {'memview':>10}  {'speed-up':>8}  target     met?")
missed = 0
for g in GROUPS:
    cp, mv = statistics.median(times[g][0]), statistics.median(times[g][1])
    met = cp / mv >= 10
    missed += not met
    print(f"{g if g else 'none':>6}  {cp * 1e3:8.2f} ms  {mv * 1e3:8.2f} ms  {cp / mv:7.1f}x  >= 10x     {'yes' if met else 'NO'}")
print(f"\n16 MiB, medians of {rounds} interleaved rounds of thread CPU time, Python {sys.version.split()[0]}; "
      f"speed-up = CPython time / memview time; targets missed: {missed}")
