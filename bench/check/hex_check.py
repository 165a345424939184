"""Cross-check of mv_hex (core/hex.cpp) against Python's bytes.hex for many
lengths, separators and group sizes (both signs, around the 32-byte switch
between the one-pass table loop and the vector encoder).

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
for n in list(range(0, 70)) + [127, 128, 129, 143, 144, 145, 255, 256, 257, 1000, 2049, 4099]:
    data = bytes(rnd.randrange(256) for _ in range(n))
    buf = ctypes.create_string_buffer(data, max(n, 1))
    view = ctypes.c_void_p()
    assert lib.mv_create(ctypes.byref(view), ctypes.cast(buf, ctypes.c_void_p), n, 0, None, None) == 0
    # 1..8 and -1..-8 take the SIMD separated path (core/hex.cpp) from 16k bytes on
    for bps in [1, 2, 3, 4, 5, 6, 7, 8, 9, 16, 31, 32, 33, 64, 100, -1, -2, -3, -4, -5, -8, -31, -32, -33, -100, 0]:
        for sep in [b":", b" "]:
            out = ctypes.create_string_buffer(3 * n + 2)
            assert lib.mv_hex(view, out, len(out), sep, bps) == 0
            want = data.hex(sep.decode(), bps) if bps else data.hex()
            if out.value.decode() != want:
                sys.exit(f"hex MISMATCH: {n} bytes, sep {sep!r}, bytes_per_sep {bps}")
            checked += 1
    lib.mv_release(view)
print(f"hex_check: {checked} results equal bytes.hex")
