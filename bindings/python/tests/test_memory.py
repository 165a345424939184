"""A million views created and dropped with flat memory (no leaked handle,
Py_buffer, cache or exporter reference)."""
import ctypes
import gc
import os
import sys

import pytest

from memview import MemoryView


def rss_kib():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="needs /proc (Linux)")
def test_million_views_flat_memory():
    ba = bytearray(range(256)) * 16
    refs = sys.getrefcount(ba)

    def churn(n):
        for i in range(n):
            v = MemoryView(ba)
            if i % 4 == 0:
                w = v[1:9].cast("<i")
                w[0] = w[1]  # element caches, span views
            elif i % 4 == 1:
                v.release()
            elif i % 4 == 2:
                m = memoryview(v[::2])  # buffer export
                m.release()
            else:
                v.tobytes()
    churn(100_000)  # warm up allocator pools and caches
    gc.collect()
    before = rss_kib()
    churn(1_000_000)
    gc.collect()
    grown = rss_kib() - before
    assert grown < 4096, "RSS grew by %d KiB over a million views" % grown
    assert sys.getrefcount(ba) == refs
    ba.append(0)  # no buffer export left behind


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="needs /proc (Linux)")
def test_error_paths_do_not_leak():
    import array
    ba = bytearray(64)
    # ctypes' c_wchar exports '<u' (UCS-2) with itemsize 4: memview refuses it at construction
    bad_exporter = (ctypes.c_wchar * 2)()
    refs = sys.getrefcount(ba), sys.getrefcount(bad_exporter)

    def churn(n):
        v = MemoryView(ba)
        for _ in range(n):
            for op in (lambda: v.cast("i", [3]), lambda: v[64], lambda: v.cast("Z"),
                       lambda: MemoryView(bad_exporter), lambda: v.__setitem__(0, 256),
                       lambda: v[0:2].__setitem__(slice(None), b"abc"), lambda: v.cast("B", offset=65)):
                try:
                    op()
                except (TypeError, ValueError, IndexError, NotImplementedError):
                    pass
                else:
                    raise AssertionError("no error")
        v.release()
    churn(20_000)
    gc.collect()
    before = rss_kib()
    churn(100_000)
    gc.collect()
    grown = rss_kib() - before
    assert grown < 2048, "RSS grew by %d KiB over 700,000 failing operations" % grown
    assert (sys.getrefcount(ba), sys.getrefcount(bad_exporter)) == refs
    ba.append(0)
