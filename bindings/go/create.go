package memview

import (
	"runtime"
	"runtime/cgo"
	"sync/atomic"

	"memview.dev/memview/internal/raw"
)

// goBuffer keeps a Go slice pinned while the library may touch it. The
// library calls Release (through the cgo.Handle passed as mv_create's ctx)
// exactly once, when the last view of the slice is released, on whatever
// thread that happens.
type goBuffer struct {
	pin  runtime.Pinner
	then func() // the owner's release, if any
}

// pinnedBuffers counts Go buffers pinned for the library and not yet given
// back; the tests use it to check the release callback.
var pinnedBuffers atomic.Int64

func (g *goBuffer) Release() {
	g.pin.Unpin()
	pinnedBuffers.Add(-1)
	if g.then != nil {
		g.then()
	}
}

// New returns a writable 1-D view of format "B" over b, without copying:
// writes through the view are seen in b and vice versa. b's memory is pinned
// until the last view derived from this one is released.
func New(b []byte) (*View, error) { return over("New", b, 0, nil) }

// NewReadOnly is New for a view that refuses writes (like memoryview(bytes)).
func NewReadOnly(b []byte) (*View, error) { return over("NewReadOnly", b, raw.FlagReadOnly, nil) }

// NewWithRelease is New (or NewReadOnly) for memory whose owner must learn
// when the library is done with it, such as a file mapping: release runs
// exactly once, after the last view derived from this one is released, on
// whichever goroutine or thread releases it (possibly a runtime cleanup).
// release must not use views of this memory, must not panic (it may run
// inside a C callback) and should return quickly (it may run on the runtime's
// cleanup goroutine). If NewWithRelease fails, release is not called and the
// caller still owns b.
func NewWithRelease(b []byte, readOnly bool, release func()) (*View, error) {
	var flags uint
	if readOnly {
		flags = raw.FlagReadOnly
	}
	return over("NewWithRelease", b, flags, release)
}

func over(op string, b []byte, flags uint, release func()) (*View, error) {
	h := pinFor(b, release)
	w := raw.Mvgo_create(b, flags, uintptr(h))
	runtime.KeepAlive(b)
	if raw.IsErr(w) {
		unpinFailed(h)
		return nil, fromRecord(op, w)
	}
	return wrap(w), nil
}

// pinFor pins b (and keeps release) for the library: the handle is the
// release-callback context of the new buffer; 0 when there is nothing to do.
func pinFor(b []byte, release func()) cgo.Handle {
	if len(b) == 0 && release == nil {
		return 0
	}
	g := &goBuffer{then: release}
	if len(b) > 0 {
		g.pin.Pin(&b[0]) // pins the whole backing array (no-op for non-Go memory)
	}
	pinnedBuffers.Add(1)
	return cgo.NewHandle(g)
}

// unpinFailed undoes pinFor when the library refused to make the view: on
// failure it does not call on_release, and the owner's release must not run.
func unpinFailed(h cgo.Handle) {
	if h != 0 {
		g := h.Value().(*goBuffer)
		g.then = nil
		g.Release()
		h.Delete()
	}
}

// Alloc returns a writable 1-D "B" view over n zeroed bytes that the library
// allocates and frees when the last view of them is released.
func Alloc(n int) (*View, error) {
	if n < 0 {
		return nil, newErr(ErrInvalid, "Alloc", "negative size %d", n)
	}
	return derivedIn("Alloc", raw.Mvgo_alloc(int64(n)), nil, nil)
}
