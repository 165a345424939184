package memview

import (
	"runtime"
	"sync"
	"sync/atomic"

	"memview.dev/memview/internal/raw"
)

// Ownership of library handles (issue 14: deriving and releasing a view
// used to cost a runtime.AddCleanup, its Stop, an RWMutex, a heap object
// and two cgo calls; now it costs one cgo call, a share of a slab and a few
// atomic operations).
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
//     The handles and states live in a separate object (slabSlots) that the
//     cleanup gets and that does not point back to the slab.
//   - Batched release. Release pushes the view's slot on a lock-free stack
//     of pending releases; one cgo call (mvgo_release_many) releases up to
//     batchSize of them. The promise that the owner gets its memory back
//     when the last Go view of it is released still holds: a release is
//     left pending only while the view's parent (the view it was derived
//     from) is unreleased, because the parent's handle holds the same
//     buffer; every other release (of a root view, of a view whose parent
//     is released, by a slab cleanup) flushes the stack at once. By
//     induction up the chain of parents, a pending handle is released no
//     later than the last release among its ancestors. The slot is pushed
//     before the parent is checked, and the parent's release bit is set
//     before it flushes, so one of the two always sees the other.
//   - State. A slot's state word holds a released bit (1), a given-up bit
//     (2) and the holds on its handle (4 each): calls in flight and views
//     derived from it whose handles are not yet released. A derive's acquire
//     is one atomic add on the parent, and the hold it takes is not dropped
//     when the call returns but handed to the new view: the flush drops it
//     after releasing the new view's handle, one atomic add for a run of
//     siblings in a batch. So Slice + Release costs three atomic
//     read-modify-writes (the parent's add, the slab counter, Release's
//     compare-and-swap 0 -> 3) plus the push, instead of four. A released
//     view's handle may thus outlive its Release while views derived from it
//     live (they hold the same buffer anyway); Release of a view with holds
//     flushes, so that pending derived views drop theirs at once. The handle
//     is given up exactly once, by whoever moves the state to "released,
//     given up" with no holds left: Release itself, the last call in flight,
//     or the flush that releases the last derived view.

const (
	slabSize  = 32 // views per slab (one runtime cleanup each)
	batchSize = 64 // handles released per cgo call

	stReleased = 1
	stGivenUp  = 2
	stCall     = 4
)

type viewSlot struct {
	state atomic.Int64
	// h is the mv_view*. Written when the view is made (before anyone else
	// can see it), read by calls in flight, by the release that gives it up
	// and by the flush; the state word and the pending stack order these.
	h      uintptr
	parent *viewSlot // the view this one was derived from; nil for a root
	next   *viewSlot // the pending stack
	depth  int       // this slot's depth in the pending stack
}

type slabSlots [slabSize]viewSlot

type viewSlab struct {
	views [slabSize]View
	next  atomic.Int32 // views handed out (may overshoot slabSize)
	slots *slabSlots
}

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

// newView wraps the handle h, taking ownership of it. parent is the slot of
// the view it was derived from (nil: a root, the first Go view of a buffer).
func newView(h uintptr, parent *viewSlot, scope *scopeState) *View {
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
	if countLive {
		liveViews.Add(1)
	}
	sl := &s.slots[i]
	sl.h, sl.parent = h, parent
	v := &s.views[i]
	v.slot, v.scope = sl, scope
	return v
}

// wrap takes ownership of the library handle h, a root view.
func wrap(h uintptr) *View { return newView(h, nil, nil) }

// releaseSlots is a slab's cleanup: no view of the slab is reachable, so no
// call can be in flight on any of them; views derived from them may still
// hold their handles, and drop them concurrently. The state is read first:
// h is read only while unreleased, as a flush may be clearing a released
// slot's h on another goroutine (h == 0 then means never handed out).
func releaseSlots(ss *slabSlots) {
	any := false
	for i := range ss {
		if sl := &ss[i]; sl.state.Load()&stReleased == 0 && sl.h != 0 {
			markReleased(sl, false)
			any = true
		}
	}
	if any {
		flushReleases()
	}
}

// markReleased sets the released bit of a slot; false if it was set before.
// With nothing holding the handle it gives it up (giveUp's mayDefer).
func markReleased(sl *viewSlot, mayDefer bool) bool {
	for {
		old := sl.state.Load()
		if old&stReleased != 0 {
			return false
		}
		if sl.state.CompareAndSwap(old, old|stReleased) {
			countReleased()
			if old == 0 && sl.state.CompareAndSwap(stReleased, stReleased|stGivenUp) {
				giveUp(sl, mayDefer)
			}
			return true
		}
	}
}

func countReleased() {
	if countLive {
		liveViews.Add(-1)
	}
}

// unref drops n holds on a slot's handle (calls in flight or derived views);
// the last hold on a released slot gives the handle up.
func unref(sl *viewSlot, n int64, mayDefer bool) {
	if sl.state.Add(-n*stCall) == stReleased && sl.state.CompareAndSwap(stReleased, stReleased|stGivenUp) {
		giveUp(sl, mayDefer)
	}
}

// giveUp queues the handle of a slot whose state this caller moved to
// "given up", and flushes unless the parent holds the buffer (see above);
// mayDefer false: the caller flushes.
func giveUp(sl *viewSlot, mayDefer bool) {
	p := sl.parent // read before the push: a flush may clear it
	var depth int
	for {
		top := pendingTop.Load()
		sl.next, sl.depth = top, 1
		if top != nil {
			sl.depth = top.depth + 1
		}
		if pendingTop.CompareAndSwap(top, sl) {
			depth = sl.depth
			break
		}
	}
	if !mayDefer {
		return
	}
	if p == nil || p.state.Load()&stReleased != 0 || depth >= batchSize {
		flushReleases()
	}
}

// pendingTop is the stack of slots whose handles wait for a flush.
var pendingTop atomic.Pointer[viewSlot]

var batches = sync.Pool{New: func() any { return &batch{h: new([batchSize]int64)} }}

// batch is a flush's scratch; h is an object of its own because cgo refuses
// memory that holds Go pointers (parent).
type batch struct {
	h      *[batchSize]int64
	parent [batchSize]*viewSlot
}

// flushReleases releases every pending handle, batchSize per cgo call, then
// drops the holds those views had on their parents' handles (one atomic add
// per run of siblings), which may give parents up: it loops until nothing
// is pending. The last release of a buffer runs its owner's callback, which
// may release other views (and flush again): nothing is locked here.
func flushReleases() {
	for {
		sl := pendingTop.Swap(nil)
		if sl == nil {
			return
		}
		b := batches.Get().(*batch)
		n := 0
		for sl != nil {
			b.h[n], b.parent[n] = int64(sl.h), sl.parent
			n++
			next := sl.next
			sl.h, sl.next, sl.parent = 0, nil, nil // retain nothing
			sl = next
			if n == batchSize || sl == nil {
				raw.Mvgo_release_many(b.h[:n])
				for i := 0; i < n; {
					p, k := b.parent[i], 1
					for i+k < n && b.parent[i+k] == p {
						k++
					}
					if p != nil {
						unref(p, int64(k), false)
					}
					i += k
				}
				clear(b.parent[:n])
				n = 0
			}
		}
		batches.Put(b)
	}
}
