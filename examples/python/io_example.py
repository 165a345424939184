"""Example 5, efficient I/O: a file read straight into a preallocated view,
64 KiB at a time (readinto), then the same bytes sent over a local socket
pair and received straight into a second view (recv_into). Every chunk is a
sub-view of the destination: no intermediate buffers."""
import os
import socket
import sys
import tempfile
import threading

from common import Example, Gen, check

SIZE = 1 << 20
CHUNK = 64 << 10


def fill_in_chunks(dst, into):
    total = 0
    for off in range(0, SIZE, CHUNK):
        chunk = dst[off:off + CHUNK]  # a view, not a buffer
        got = 0
        while got < CHUNK:
            n = into(chunk[got:])
            if not n:
                return total + got
            got += n
        total += got
    return total


with Example("io") as ex:
    from memview import MemoryView  # inside: an import failure is a FAIL result too

    folder = sys.argv[1] if len(sys.argv) > 1 else tempfile.gettempdir()
    path = os.path.join(folder, "io-py.bin")
    with open(path, "wb") as f:
        f.write(Gen().low_bytes(SIZE))

    from_file = MemoryView(bytearray(SIZE))  # allocated once, up front
    with open(path, "rb", buffering=0) as f:
        file_bytes = fill_in_chunks(from_file, f.readinto)
    print("file         %d bytes read into a preallocated view, %d KiB at a time" % (file_bytes, CHUNK >> 10))

    a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    from_socket = MemoryView(bytearray(SIZE))

    def send_all():
        for off in range(0, SIZE, CHUNK):
            a.sendall(from_file[off:off + CHUNK])
        a.shutdown(socket.SHUT_WR)

    sender = threading.Thread(target=send_all)
    sender.start()
    socket_bytes = fill_in_chunks(from_socket, b.recv_into)
    sender.join()
    a.close()
    b.close()
    print("socket       %d bytes received into a preallocated view over an AF_UNIX pair" % socket_bytes)
    check(from_file == from_socket, "the two views differ")
    with open(path, "rb") as f:
        check(from_file == f.read(), "the file view differs from the file")
    os.unlink(path)
    ex.result("file=%d socket=%d equal" % (file_bytes, socket_bytes))
