"""Views of one buffer used from many threads at once, including a view that
one thread releases while others use it: results or clean exceptions, never
a crash, and the exporter's buffer given back exactly once at the end."""
import sys
import threading

from memview import MemoryView


def test_many_threads_share_and_release():
    ba = bytearray(range(256)) * 64
    shared = MemoryView(ba)
    expected_hex = bytes(ba[::3]).hex()
    errors = []
    switch = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)  # switch threads often

    def worker(seed):
        try:
            for i in range(2000):
                v = MemoryView(ba)
                w = v[seed::3] if seed == 0 else v[::3]
                assert w.hex() == expected_hex
                assert v.cast("<H")[i % 100] == ba[2 * (i % 100)] | (ba[2 * (i % 100) + 1] << 8)
                assert v[i % len(ba)] == ba[i % len(ba)]
                assert w == MemoryView(bytes(ba[::3]))
                v.release()
                try:  # the shared view: another thread may release it at any time
                    shared[5]
                    shared[1:9].tobytes()
                    shared.cast("B").tolist()[:3]
                except ValueError as e:
                    assert "released" in str(e)
        except BaseException as e:  # reported in the main thread
            errors.append(e)

    def releaser():
        for _ in range(200):
            try:
                shared.release()
                return
            except BufferError:  # a copy-out is running in another thread
                pass

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(4)]
    threads.append(threading.Thread(target=releaser))
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(switch)
    assert errors == []
    shared.release()
    ba.append(1)  # every view gone: the bytearray is no longer exported
