"""memview.shared_memory against multiprocessing.shared_memory, in this
process and in a second one (a fresh interpreter, both ways)."""
import errno
import os
import subprocess
import sys
import textwrap
from multiprocessing import shared_memory as mpshm

import pytest

import memview
from memview import MemoryView, shared_memory, unlink_shared_memory

_counter = [0]


@pytest.fixture
def name():
    _counter[0] += 1
    n = "mv_pytest_%d_%d" % (os.getpid(), _counter[0])
    yield n
    try:
        unlink_shared_memory(n)
    except FileNotFoundError:
        pass


def exists(n):
    return os.path.exists("/dev/shm/" + n)


def run_child(code, *args, stdin=None):
    """Run `code` in a fresh interpreter (that has memview importable)."""
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(code), *args], input=stdin,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return out.stdout


# SharedMemory(name) registers even segments it only opened with the
# resource tracker (before 3.13), which would unlink them when the child
# exits: the child unregisters what it did not create.
OPEN_IN_CHILD = """
    import sys
    from multiprocessing import shared_memory, resource_tracker
    shm = shared_memory.SharedMemory(sys.argv[1])
    resource_tracker.unregister(shm._name, "shared_memory")
"""


def test_created_here_read_and_written_by_sharedmemory_in_another_process(name):
    mv = shared_memory(name, size=4096, create=True)
    assert (mv.format, mv.nbytes, mv.readonly) == ("B", 4096, False)
    mv[:5] = b"hello"
    out = run_child(OPEN_IN_CHILD + """
    print(shm.size, bytes(shm.buf[:5]).decode())
    shm.buf[5:11] = b", shm!"
    shm.close()
    """, name)
    assert out.split() == ["4096", "hello"]
    assert mv[:11].tobytes() == b"hello, shm!"
    assert exists(name)  # the child did not unlink it


def test_created_by_sharedmemory_in_another_process_opened_here(name):
    # The child creates the segment, fills it, waits for us, then checks what
    # we wrote and unlinks it (SharedMemory's owner).
    child = subprocess.Popen([sys.executable, "-c", textwrap.dedent("""
        import sys
        from multiprocessing import shared_memory
        shm = shared_memory.SharedMemory(sys.argv[1], create=True, size=64)
        shm.buf[:8] = bytes(range(1, 9))
        print("ready", flush=True)
        sys.stdin.readline()
        print(bytes(shm.buf[8:12]).hex(), flush=True)
        shm.close()
        shm.unlink()
        """), name], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "ready"
        mv = shared_memory(name)
        assert mv.nbytes == 64
        assert mv[:8].tolist() == list(range(1, 9))
        mv.cast("<I")[2] = 0xDEADBEEF
        child.stdin.write("go\n")
        child.stdin.flush()
        assert child.stdout.readline().strip() == "efbeadde"
        assert child.wait(timeout=60) == 0
    finally:
        if child.poll() is None:
            child.kill()
    assert not exists(name)  # unlinked by its creator...
    assert mv[:8].tolist() == list(range(1, 9))  # ...while our mapping stays valid


def test_same_process_with_multiprocessing(name):
    shm = mpshm.SharedMemory(name, create=True, size=100)
    try:
        shm.buf[0] = 7
        mv = shared_memory(name)
        assert mv[0] == 7
        mv[1] = 8
        assert shm.buf[1] == 8
        mv.release()
    finally:
        shm.close()
        shm.unlink()


def test_readonly_view_refuses_writes_and_changes_nothing(name):
    w = shared_memory(name, size=16, create=True)
    r = shared_memory(name, readonly=True)
    assert r.readonly
    with pytest.raises(TypeError):
        r[0] = 1
    with pytest.raises(TypeError):
        r[0:4] = b"abcd"
    assert w.tobytes() == bytes(16)
    w[3] = 9
    assert r[3] == 9


def test_size_on_open_views_a_prefix(name):
    w = shared_memory(name, size=100, create=True)
    assert shared_memory(name, size=10).nbytes == 10
    assert shared_memory(name, size=100).nbytes == 100
    with pytest.raises(ValueError, match="has 100 bytes"):
        shared_memory(name, size=101)
    w.release()


def test_errors_are_the_python_exceptions(name):
    with pytest.raises(FileNotFoundError) as e:
        shared_memory(name)
    assert e.value.errno == errno.ENOENT and e.value.filename == "/" + name
    with pytest.raises(FileNotFoundError):
        unlink_shared_memory(name)
    shared_memory(name, size=8, create=True)
    with pytest.raises(FileExistsError):
        shared_memory(name, size=8, create=True)
    with pytest.raises(FileExistsError):
        mpshm.SharedMemory(name, create=True, size=8)  # the same rule on both sides
    for bad in ("", "a/b", "/abc", "x" * 256, ".."):
        with pytest.raises(ValueError):
            shared_memory(bad, size=8, create=True)
        with pytest.raises(ValueError):
            shared_memory(bad)
    with pytest.raises(ValueError):
        shared_memory("nul\0name")
    with pytest.raises(TypeError):
        shared_memory(b"bytes-name")
    with pytest.raises(TypeError):
        shared_memory(name, size=1.5)


def test_bad_sizes_leave_no_segment(name):
    with pytest.raises(ValueError):
        shared_memory(name, size=0, create=True)
    with pytest.raises(ValueError):
        shared_memory(name, size=-1, create=True)
    with pytest.raises(ValueError):
        shared_memory(name, create=True)
    with pytest.raises(OverflowError):
        shared_memory(name, size=2**63, create=True)
    assert not exists(name)


def test_unlink_while_views_live(name):
    mv = shared_memory(name, size=32, create=True)
    tail = mv[16:]
    unlink_shared_memory(name)
    assert not exists(name)
    mv.release()
    tail[0] = 5  # the mapping outlives the name and the first view
    assert tail[0] == 5
    with pytest.raises(FileNotFoundError):
        shared_memory(name)


def test_unmapped_with_the_last_view(name):
    def mapped():
        with open("/proc/self/maps") as f:
            return ("/dev/shm/" + name) in f.read()

    mv = shared_memory(name, size=4096, create=True)
    floats = mv.cast("f")
    mv.release()
    assert mapped()
    floats.release()
    assert not mapped()


def test_numpy_and_the_view_share_pages(name):
    np = pytest.importorskip("numpy")
    mv = shared_memory(name, size=4 * 10, create=True)
    a = np.asarray(mv.cast("f"))
    a[:] = np.arange(10, dtype=np.float32)
    out = run_child(OPEN_IN_CHILD + """
    import numpy as np
    print(float(np.ndarray((10,), np.float32, shm.buf).sum()))
    shm.close()
    """, name)
    assert float(out) == 45.0
    assert isinstance(memview.shared_memory(name), MemoryView)
