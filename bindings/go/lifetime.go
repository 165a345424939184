package memview

import (
	"runtime"
	"sync"
	"sync/atomic"

	"memview.dev/memview/internal/raw"
)

// Ownership of library handles (issue 14: deriving and releasing a view
// used to cost a runtime.AddCleanup, its Stop, an RWMutex, a heap object
// and two cgo calls; now it costs one cgo call and a few atomics).
//
//   - Slabs. Views are handed out from slabs of slabSize: the current slab
//     (curSlab) hands out its views by an atomic counter, and every garbage
//     collection forgets it (gcNotify), so that a slab left partly used
//     becomes collectable. The slab, not the view, carries the runtime
//     cleanup, registered once per slab: when no view of a slab is reachable
//     any more, the cleanup releases every handle of it that was never
//     released. A forgotten view is therefore still freed, but only once
//     all the views of its slab are unreachable: a live view can keep at
//     most slabSize-1 forgotten neighbours (and the memory they view) alive.
//     The handles live in a separate object (slabSlots) that the cleanup
//     gets and that does not point back to the slab.
//   - Batched release. Release gives the handle to a pending batch; one cgo
//     call (mvgo_release_many) releases a whole batch. To keep the promise
//     that the owner gets its memory back when the last view is released,
//     every view knows its family (all the Go views of one buffer, made
//     from one New, Alloc, FromC, ... and everything derived from it), and
//     the release that ends a family flushes the batch at once: while a
//     family has a live view, the library holds the buffer anyway, so
//     delaying the other handles of that family changes nothing.
//   - A view's state word counts calls in flight (in units of 2) and has a
//     released bit (1): acquire and done are one atomic add each; the
//     handle is given up by whoever sees "released, nothing in flight"
//     first (Release itself, or the last call in flight), exactly once.

const (
	slabSize  = 32 // views per slab (one runtime cleanup each)
	batchSize = 64 // handles released per cgo call
)

type viewSlot struct {
	// h is the mv_view*, 0 once given up. It is written plainly when the
	// view is made (before anyone else can see it) and read plainly by
	// calls in flight; giving it up is an atomic swap, which the view's
	// state word orders after every call that read it.
	h   uintptr
	fam *family
}

type slabSlots [slabSize]viewSlot

type viewSlab struct {
	views [slabSize]View
	next  atomic.Int32 // views handed out (may overshoot slabSize)
	slots *slabSlots
}

// family counts the live (unreleased) Go views of one library buffer.
type family struct{ n atomic.Int64 }

// liveViews counts Views not yet released (explicitly or by a slab
// cleanup) when countLive is set: the tests set it (an init in a _test.go
// file) and use the count to check that nothing leaks; programs do not pay
// for the two atomic operations per view.
var (
	liveViews atomic.Int64
	countLive bool
)

// curSlab is the slab views are taken from; nil after each GC.
var curSlab atomic.Pointer[viewSlab]

// gcNotify forgets curSlab at every garbage collection: the cleanup of an
// unreachable object, which re-arms itself with a new one.
func gcNotify(struct{}) {
	curSlab.Store(nil)
	runtime.AddCleanup(new(gcSentinel), gcNotify, struct{}{})
}

type gcSentinel struct{ _ [16]byte } // not tiny-allocated: its cleanup runs

func init() { runtime.AddCleanup(new(gcSentinel), gcNotify, struct{}{}) }

// newView wraps the handle h, taking ownership of it; fam nil starts a new
// family (a view of a buffer no other Go view holds).
func newView(h uintptr, fam *family, scope *scopeState) *View {
	if fam == nil {
		fam = new(family)
	}
	var s *viewSlab
	var i int32
	for {
		if s = curSlab.Load(); s != nil {
			if i = s.next.Add(1) - 1; i < slabSize {
				break
			}
		}
		n := &viewSlab{slots: new(slabSlots)}
		runtime.AddCleanup(n, releaseSlots, n.slots)
		n.next.Store(1)
		if curSlab.CompareAndSwap(s, n) {
			s, i = n, 0
			break
		}
	}
	sl := &s.slots[i]
	fam.n.Add(1)
	if countLive {
		liveViews.Add(1)
	}
	sl.fam, sl.h = fam, h
	v := &s.views[i]
	v.slot, v.scope = sl, scope
	return v
}

// wrap takes ownership of the library handle h, a view of a buffer no other
// Go view holds.
func wrap(h uintptr) *View { return newView(h, nil, nil) }

// releaseSlots is a slab's cleanup: no view of the slab is reachable, so no
// call can be in flight on any of them.
func releaseSlots(ss *slabSlots) {
	for i := range ss {
		giveUp(&ss[i])
	}
}

// giveUp releases the slot's handle if nobody did yet.
func giveUp(sl *viewSlot) {
	h := atomic.SwapUintptr(&sl.h, 0)
	if h == 0 {
		return
	}
	if countLive {
		liveViews.Add(-1)
	}
	f := sl.fam
	pending.mu.Lock()
	pending.hs = append(pending.hs, int64(h))
	full := len(pending.hs) >= batchSize
	pending.mu.Unlock()
	// Queued before the family count drops: the release that ends the
	// family sees every handle of it in the batch.
	if f.n.Add(-1) == 0 || full {
		flushReleases()
	}
}

var pending struct {
	mu sync.Mutex
	hs []int64 // handles (mv_view* as integers) waiting for mvgo_release_many
}

var batches = sync.Pool{New: func() any { return new([batchSize]int64) }}

// flushReleases releases every pending handle, in one cgo call per
// batchSize. No lock is held during the C call: the last release of a
// buffer runs its owner's callback, which may release other views.
func flushReleases() {
	for {
		b := batches.Get().(*[batchSize]int64)
		pending.mu.Lock()
		n := copy(b[:], pending.hs)
		rest := copy(pending.hs, pending.hs[n:])
		pending.hs = pending.hs[:rest]
		pending.mu.Unlock()
		if n > 0 {
			raw.Mvgo_release_many(b[:n])
		}
		batches.Put(b)
		if rest == 0 {
			return
		}
	}
}

func releaseHandle(h uintptr) { raw.Mvgo_release(h) }
