"""Exercises the native paths of memview for a memory checker (not a pytest test):

    PYTHONMALLOC=malloc valgrind --error-exitcode=9 -q python3 bindings/python/tests/valgrind_smoke.py
"""
import gc, threading

from memview import MemoryView
class E(bytearray): pass
for i in range(200):
    ba = bytearray(range(64))
    v = MemoryView(ba); w = v[1:33:2]; c = v.cast('<i', [4, 4]); r = c[1:3, ::-1]
    r.tolist(); r.tobytes('F'); r.hex(':', 2); w[3] = 7; w[0:2] = b'ab'; c[1][2]; c[1, 2] = 5
    list(v[::3]); list(reversed(w)); hash(MemoryView(bytes(ba))); v == w; c == r
    x = v.cast('>if', offset=8); x[0]; x.tolist(); x.field(1).tolist()
    m = memoryview(r); bytes(m); m.release()
    h = r.new_handle(); y = MemoryView.from_handle(h, owned=True); y.tolist(); y.release()
    b = E(b'abcdef'); b.v = MemoryView(b)[::2]; b.v[1]; b.w = b.v.cast('c')
    try: v.cast('Z')
    except ValueError: pass
    try: v[99]
    except IndexError: pass
    try: MemoryView(b'ro')[0] = 1
    except TypeError: pass
    v.release(); del b
gc.collect()
t = [threading.Thread(target=lambda: [MemoryView(bytearray(8))[1:3].tobytes() for _ in range(200)]) for _ in range(3)]
[x.start() for x in t]; [x.join() for x in t]
print("done")
