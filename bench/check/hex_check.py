"""Cross-check of mv_hex (core/hex.cpp) against Python's bytes.hex for many
lengths, separators and group sizes: every length 0..300 with every group
+-1..+-20 (and 0), then longer inputs and larger groups. Groups 1..8 take
the SIMD block kernels from 16k bytes on, groups over 8 the per-group vector
encoder from 16 bytes on (whole groups; the rest by the table loop), so
these lengths cross every switch and block boundary. bench/check.sh runs it
with the SIMD kernels, with MEMVIEW_NO_AVX2=1 (the SSSE3 plain-hex kernel
an AVX2 machine would not pick) and with MEMVIEW_NO_SIMD=1.

usage: python3 hex_check.py path/to/libmemview.so
"""
import ctypes
import random
import sys

lib = ctypes.CDLL(sys.argv[1])
lib.mv_create.argtypes = [ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p, ctypes.c_size_t,
                          ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p]
lib.mv_hex.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char, ctypes.c_int]
lib.mv_release.argtypes = [ctypes.c_void_p]

rnd = random.Random(7)
checked = 0
groups = [0] + [g for k in range(1, 21) for g in (k, -k)]
cases = [(n, groups) for n in range(0, 301)]
big = groups + [31, 32, 33, 47, 64, 100, 1000, -31, -32, -33, -100, -1000]
cases += [(n, big) for n in (383, 384, 385, 511, 1000, 2049, 4099, 16411)]
for n, bpss in cases:
    data = bytes(rnd.randrange(256) for _ in range(n))
    buf = ctypes.create_string_buffer(data, max(n, 1))
    view = ctypes.c_void_p()
    assert lib.mv_create(ctypes.byref(view), ctypes.cast(buf, ctypes.c_void_p), n, 0, None, None) == 0
    for bps in bpss:
        for sep in [b":", b" "] if n < 40 or bps in (1, -3) else [b":"]:
            out = ctypes.create_string_buffer(3 * n + 2)
            # poison the buffer past the text: mv_hex must NUL-terminate
            ctypes.memset(out, ord("#"), len(out))
            assert lib.mv_hex(view, out, len(out), sep, bps) == 0
            want = data.hex(sep.decode(), bps) if bps else data.hex()
            if out.value.decode() != want:
                sys.exit(f"hex MISMATCH: {n} bytes, sep {sep!r}, bytes_per_sep {bps}")
            checked += 1
    lib.mv_release(view)
print(f"hex_check: {checked} results equal bytes.hex")
