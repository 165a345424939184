"""The `dask` example (examples/SPEC.md): a large float32 file memory-mapped
once and cut into per-chunk views; a dask.array over those chunks computed on
a dask.distributed LocalCluster whose worker processes open the same file,
and then the same data in a named shared-memory segment, by name and view
their chunk without copying; mean/min/max must equal NumPy's over the whole
file.

    python3 dask_chunks.py [WORKDIR] [--scheduler tcp://host:8786]
    python3 dask_chunks.py produce NAME        create and fill segment NAME, leave it
    python3 dask_chunks.py consume NAME I K    print chunk I of K: CHUNK|I|sum|min|max

The produce/consume modes are the shared-memory half that the C, Go and Rust
examples run (examples/shm_cross.sh mixes the languages). With --scheduler, the same graph runs on an existing cluster instead of a
LocalCluster (see the README: the file path or segment name must then exist
on every worker host)."""
import os
import sys
import tempfile

from common import Example, Gen, check

N = 1 << 22      # 4,194,304 float32 samples: 16 MiB
CHUNKS = 8
PER = N // CHUNKS


def produce(name):
    import numpy as np

    import memview
    seg = memview.shared_memory(name, size=4 * N, create=True)
    f = seg.cast("f")
    np.asarray(f)[:] = np.asarray(Gen().samples(N), dtype=np.float32)  # into the segment, in place
    f.release()
    seg.release()


def consume(name, i, k):
    """Chunk i of k as exact bit patterns: float64 sum in index order, min, max."""
    import struct

    import numpy as np

    import memview
    f = memview.shared_memory(name, readonly=True).cast("f")
    n = len(f)
    a, b = n // k * i, (n if i == k - 1 else n // k * (i + 1))
    x = np.asarray(f[a:b])  # this process's mapping: no copy
    total = np.add.accumulate(x, dtype=np.float64)[-1]  # sequential, as the other languages sum
    bits = struct.unpack("<Q", struct.pack("<d", total))[0]
    lo, hi = (struct.unpack("<I", struct.pack("<f", v))[0] for v in (x.min(), x.max()))
    print("CHUNK|%d|%016x|%08x|%08x" % (i, bits, lo, hi))


def main():
    args = [a for a in sys.argv[1:]]
    if args[:1] == ["produce"] and len(args) == 2:
        return produce(args[1])
    if args[:1] == ["consume"] and len(args) == 4:
        return consume(args[1], int(args[2]), int(args[3]))
    scheduler = None
    if "--scheduler" in args:
        k = args.index("--scheduler")
        scheduler = args[k + 1]
        del args[k:k + 2]
    folder = args[0] if args else tempfile.gettempdir()
    with Example("dask") as ex:
        import dask
        import dask.array as da
        import numpy as np
        from distributed import Client, LocalCluster

        import chunks_worker
        import memview

        path = os.path.join(folder, "chunks.f32")
        np.asarray(Gen().samples(N), dtype=np.float32).tofile(path)

        # The driver maps the file once and cuts it into per-chunk views; a
        # chunk travels to the workers as (source, name, start, stop), which
        # the driver reads off the chunk view itself.
        whole = chunks_worker._whole("file", path)
        base = chunks_worker._address(whole)
        chunks = [whole[i * PER:(i + 1) * PER] for i in range(CHUNKS)]
        spans = [((chunks_worker._address(c) - base) // 4, (chunks_worker._address(c) - base) // 4 + len(c))
                 for c in chunks]
        check(spans[-1][1] == N, "the chunks cover the file")

        # The same data in a shared-memory segment: one copy in, chunk by chunk
        # through the views (a producer would write there in the first place).
        seg_name = "mv_dask_%d" % os.getpid()
        seg = memview.shared_memory(seg_name, size=4 * N, create=True)
        segf = None
        try:
            segf = seg.cast("f")
            for (a, b), c in zip(spans, chunks):
                segf[a:b] = c

            def stats(source, name):
                parts = [da.from_delayed(dask.delayed(chunks_worker.load_chunk, pure=True)(source, name, a, b),
                                         shape=(b - a,), dtype=np.float32) for a, b in spans]
                x = da.concatenate(parts)
                return dask.compute(x.mean(dtype=np.float64), x.min(), x.max())

            if scheduler:
                # Workers elsewhere get the worker module from here.
                client, cluster = Client(scheduler), None
                client.upload_file(chunks_worker.__file__)
            else:
                cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None)
                client = Client(cluster)
            try:
                pids = set(client.run(chunks_worker.worker_pid).values())
                by_file = stats("file", path)
                by_shm = stats("shm", seg_name)
            finally:
                client.close()
                if cluster is not None:
                    cluster.close()
        finally:
            if segf is not None:
                segf.release()
            seg.release()
            memview.unlink_shared_memory(seg_name)

        ref = np.fromfile(path, dtype=np.float32)
        want = (ref.mean(dtype=np.float64), ref.min(), ref.max())
        os.remove(path)
        check(os.getpid() not in pids and len(pids) == (2 if not scheduler else len(pids)),
              "the chunks were computed in worker processes")
        for got in (by_file, by_shm):
            check(got[1] == want[1] and got[2] == want[2], "min/max equal NumPy's")
            check(abs(got[0] - want[0]) <= 1e-12 * max(1.0, abs(want[0])), "mean equals NumPy's")
        print("file         %s  %d chunks of %d float32, %d worker processes" % (path, CHUNKS, PER, len(pids)))
        print("dask (file)  mean=%.6f min=%.6f max=%.6f" % by_file)
        print("dask (shm)   mean=%.6f min=%.6f max=%.6f  segment %s" % (by_shm + (seg_name,)))
        print("numpy        mean=%.6f min=%.6f max=%.6f" % want)
        ex.result("chunks=%d mean=%.6f min=%.6f max=%.6f" % ((CHUNKS,) + tuple(float(x) for x in want)))


if __name__ == "__main__":
    main()
