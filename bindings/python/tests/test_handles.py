"""Views crossing the language boundary: C-made handles into MemoryView and
MemoryView handles into C, with the documented ownership rules."""
import gc

from memview import MemoryView, ffi, lib


def test_wrap_a_c_made_view_owned():
    out = ffi.new("mv_view **")
    assert lib.mv_alloc(out, 16) == 0
    v = MemoryView.from_handle(out[0], owned=True)  # v now owns that reference
    v[3] = 9
    assert v.tobytes() == bytes(3) + b"\x09" + bytes(12)
    assert v.obj is None
    v.release()


def test_wrap_borrowed_handle_and_pass_back_to_c():
    out = ffi.new("mv_view **")
    assert lib.mv_alloc(out, 8) == 0
    v = MemoryView.from_handle(out[0], owned=False)  # takes its own reference
    lib.mv_release(out[0])  # ours goes; v keeps the buffer alive
    v[0] = 5
    h = v.handle  # borrowed
    assert lib.mv_nbytes(h) == 8 and lib.mv_data(h) != ffi.NULL
    owned = v.new_handle()  # ours to release
    del v
    gc.collect()
    assert ffi.cast("unsigned char *", lib.mv_data(owned))[0] == 5
    w = MemoryView.from_handle(int(ffi.cast("intptr_t", owned)), owned=True)
    assert w[0] == 5


def test_handle_of_python_exporter_keeps_it_alive():
    ba = bytearray(b"abcdef")
    h = MemoryView(ba)[2:].new_handle()
    del ba
    gc.collect()
    assert ffi.unpack(ffi.cast("char *", lib.mv_data(h)), lib.mv_nbytes(h)) == b"cdef"
    lib.mv_release(h)  # releases the bytearray's buffer (GIL taken in the callback)


def test_release_from_another_thread_without_gil():
    import threading
    ba = bytearray(b"xyz")
    h = MemoryView(ba).new_handle()
    t = threading.Thread(target=lambda: lib.mvpy_release(int(ffi.cast("intptr_t", h))))
    t.start()
    t.join()
    ba.append(1)  # buffer given back: resizing works again


class _Exporter(bytearray):
    """A bytearray that can hold a reference to its own view (a cycle)."""


def test_cycle_through_the_exporter_is_collected():
    import weakref
    b = _Exporter(b"abc")
    b.view = MemoryView(b)[1:]
    b.sub = b.view.cast("c")
    b.sub[0]  # element caches (span views) are part of the cycle too
    r = weakref.ref(b)
    del b
    gc.collect()
    assert r() is None


def test_cycle_through_views_derived_in_python_and_c_is_collected():
    import weakref
    for make in (lambda b: MemoryView(b).cast("B", [2, 3])[0:1, ::2],  # mv_slice_nd
                 lambda b: MemoryView(b).cast("c").field(0),            # mv_field_view
                 lambda b: MemoryView(b)[::2].toreadonly()[1:]):
        b = _Exporter(b"abcdef")
        b.view = make(b)  # the intermediate views are gone: only this one holds the buffer
        r = weakref.ref(b)
        del b
        gc.collect()
        assert r() is None


def test_cycle_is_kept_while_c_holds_a_handle():
    import weakref
    b = _Exporter(b"abc")
    b.view = MemoryView(b)
    h = b.view.new_handle()
    r = weakref.ref(b)
    del b
    gc.collect()
    assert r() is not None and r().view.tobytes() == b"abc"  # C may still read it
    assert ffi.unpack(ffi.cast("char *", lib.mv_data(h)), 3) == b"abc"
    lib.mv_release(h)
    gc.collect()
    assert r() is None
