package memview

import (
	"errors"
	"testing"
)

// The ownership layer of lifetime.go: slabs, batched release (pending while
// the parent lives), release while calls are in flight.

// Derived views released while their root lives stay pending (the buffer
// stays pinned: the root holds it); the root's release flushes at once, so
// the owner gets the memory back then.
func TestRootReleaseFlushesPendingReleases(t *testing.T) {
	basePinned, baseLive := pinnedBuffers.Load(), liveViews.Load()
	calls := 0
	root := must(NewWithRelease(make([]byte, 64), false, func() { calls++ }))
	for i := 0; i < 10; i++ { // fewer than batchSize: nothing forces a flush
		must(root.Slice(i, None, 1)).Release()
	}
	if calls != 0 || pinnedBuffers.Load() != basePinned+1 || liveViews.Load() != baseLive+1 {
		t.Fatalf("calls %d pinned %d live %d", calls, pinnedBuffers.Load()-basePinned, liveViews.Load()-baseLive)
	}
	root.Release()
	if calls != 1 || pinnedBuffers.Load() != basePinned || liveViews.Load() != baseLive {
		t.Fatalf("after the last release: calls %d pinned %d live %d", calls,
			pinnedBuffers.Load()-basePinned, liveViews.Load()-baseLive)
	}
}

// More releases than a batch holds, and views of many buffers interleaved.
func TestBatchesAcrossBuffers(t *testing.T) {
	basePinned, baseLive := pinnedBuffers.Load(), liveViews.Load()
	roots := make([]*View, 7)
	for i := range roots {
		roots[i] = mustNew(t, make([]byte, 32))
	}
	for k := 0; k < 3*batchSize; k++ {
		s := must(roots[k%len(roots)].Slice(1, None, 2))
		c := must(roots[k%len(roots)].Cast("B", 2, 16))
		s.Release()
		c.Release()
	}
	if pinnedBuffers.Load() != basePinned+int64(len(roots)) || liveViews.Load() != baseLive+int64(len(roots)) {
		t.Fatal("a root lost its buffer or a view leaked")
	}
	for _, r := range roots {
		r.Release()
	}
	if pinnedBuffers.Load() != basePinned || liveViews.Load() != baseLive {
		t.Fatalf("leaked: pinned %d live %d", pinnedBuffers.Load()-basePinned, liveViews.Load()-baseLive)
	}
}

// An owner's release callback runs inside a flush; it may release other
// views (which may flush again) without deadlocking.
func TestReleaseCallbackReleasesOtherViews(t *testing.T) {
	basePinned := pinnedBuffers.Load()
	other := mustNew(t, make([]byte, 8))
	otherChild := must(other.Slice(1, 3, 1))
	other.Release() // otherChild keeps that buffer
	v := must(NewWithRelease(make([]byte, 8), false, func() { otherChild.Release() }))
	v.Release()
	if !otherChild.Released() || pinnedBuffers.Load() != basePinned {
		t.Fatalf("callback did not release the other view (pinned %d)", pinnedBuffers.Load()-basePinned)
	}
}

// Release while a call is in flight: the handle stays until the call ends,
// new calls get ErrReleased, and the last call gives the handle up.
func TestReleaseWithCallInFlight(t *testing.T) {
	basePinned := pinnedBuffers.Load()
	v := mustNew(t, []byte("in flight"))
	h, err := v.acquire("test")
	if err != nil || h == 0 {
		t.Fatal(err)
	}
	v.Release()
	v.Release()
	if !v.Released() || v.slot.h != h || pinnedBuffers.Load() != basePinned+1 {
		t.Fatal("handle given up while a call was in flight")
	}
	if _, err := v.ToBytes(OrderC); !errors.Is(err, ErrReleased) {
		t.Fatalf("call after Release: %v", err)
	}
	if v.slot.h != h {
		t.Fatal("a refused call gave the handle up early")
	}
	v.done()
	if v.slot.h != 0 || pinnedBuffers.Load() != basePinned {
		t.Fatal("the last call in flight did not give the handle up")
	}
}

// Views fill slabs; a forgotten view in a full slab whose other views were
// released is freed by the slab's cleanup, and one kept view keeps the
// handles of its slab's forgotten views only.
func TestSlabCleanupFreesForgottenViews(t *testing.T) {
	settle()
	basePinned, baseLive := pinnedBuffers.Load(), liveViews.Load()
	func() {
		for i := 0; i < 3*slabSize; i++ {
			v := mustNew(t, make([]byte, 16))
			s := must(v.Slice(1, None, 1))
			v.Release()
			if i%5 == 0 {
				continue // s forgotten
			}
			s.Release()
		}
	}()
	waitFor(t, func() bool { return liveViews.Load() == baseLive && pinnedBuffers.Load() == basePinned })
}

// Chains: root released first, then a grandchild pending under its live
// parent; the parent's release (its own parent being released) flushes, and
// the buffer goes back exactly at the last release.
func TestParentChainFlushes(t *testing.T) {
	basePinned := pinnedBuffers.Load()
	calls := 0
	root := must(NewWithRelease(make([]byte, 64), false, func() { calls++ }))
	child := must(root.Slice(8, None, 1))
	grand := must(child.Slice(0, 8, 2))
	root.Release() // flushes: root has no parent
	grand.Release()
	if calls != 0 || pinnedBuffers.Load() != basePinned+1 {
		t.Fatal("buffer given back while a view of it lives")
	}
	child.Release() // its parent is released: flushes
	if calls != 1 || pinnedBuffers.Load() != basePinned {
		t.Fatalf("after the last release: calls %d pinned %d", calls, pinnedBuffers.Load()-basePinned)
	}
}
