"""Example 1, basics: a view over a writable buffer, slicing, writing through
the view; a read-only buffer refusing a write."""
from common import Example, check

with Example("basics") as ex:
    from memview import MemoryView  # inside: an import failure is a FAIL result too

    ba = bytearray(b"Hello, world!")
    mv = MemoryView(ba)
    print("view         %r" % mv)
    check(mv.tobytes() == b"Hello, world!", "tobytes")
    check(mv[0] == 72, "mv[0] == 72")
    check(bytes(mv[0:5]) == b"Hello", "slice [0:5]")
    print("mv[0]        %d, mv[0:5] = %r" % (mv[0], bytes(mv[0:5])))
    mv[0] = ord("J")
    print("after write  %r" % ba)
    check(ba == bytearray(b"Jello, world!"), "write seen in the buffer")
    ro = MemoryView(b"Immutable")
    try:
        ro[0] = 74
        refused = False
    except TypeError as e:
        print("read-only    refused: %s" % e)
        refused = True
    check(refused, "the read-only view accepted a write")
    ex.result("%s / readonly refused" % ba.decode())
