package memview

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"unsafe"

	"memview.dev/memview/internal/raw"
)

// View is a typed, N-dimensional, strided window into memory owned by
// somebody else: a Go []byte (New), the library (Alloc) or C code (FromC).
// A View is immutable; deriving (Slice, Cast, Index, ...) makes new views of
// the same memory and never copies it.
type View struct {
	// mu makes Release wait for calls in flight: methods hold it for reading
	// across their C call, Release holds it for writing while it clears h.
	mu      sync.RWMutex
	h       uintptr                // the mv_view*; 0 once released
	cleanup runtime.Cleanup        // zero for scoped views
	scope   *scopeState            // nil unless made in a Scope
	lay     atomic.Pointer[layout] // views are immutable: computed once
}

// liveViews counts Views not yet released (explicitly or by cleanup); the
// tests use it to check that nothing leaks.
var liveViews atomic.Int64

// wrap takes ownership of the library handle h.
func wrap(h uintptr) *View {
	v := &View{h: h}
	liveViews.Add(1)
	// The cleanup must not reference v; it gets the handle only.
	v.cleanup = runtime.AddCleanup(v, releaseHandle, h)
	return v
}

func releaseHandle(h uintptr) {
	raw.Mvgo_release(h)
	liveViews.Add(-1)
}

// acquire returns the handle with the read lock held; call v.done() after
// the C call. A nil or released view gives ErrReleased.
func (v *View) acquire(op string) (uintptr, error) {
	if v == nil {
		return 0, &Error{Code: ErrReleased, Op: op, Message: "nil view"}
	}
	v.mu.RLock()
	if v.h == 0 {
		v.mu.RUnlock()
		return 0, &Error{Code: ErrReleased, Op: op, Message: "operation on a released view"}
	}
	return v.h, nil
}

// done ends a call begun by acquire. KeepAlive: the cleanup must not release
// the handle while C still uses it.
func (v *View) done() {
	v.mu.RUnlock()
	runtime.KeepAlive(v)
}

// acquire2 locks two views in address order, so that two goroutines locking
// the same pair can never deadlock behind a waiting Release.
func acquire2(op string, a, b *View) (ha, hb uintptr, unlock func(), err error) {
	if a == b {
		h, err := a.acquire(op)
		if err != nil {
			return 0, 0, nil, err
		}
		return h, h, a.done, nil
	}
	first, second := a, b
	if b != nil && (a == nil || uintptr(unsafe.Pointer(b)) < uintptr(unsafe.Pointer(a))) {
		first, second = b, a
	}
	h1, err := first.acquire(op)
	if err != nil {
		return 0, 0, nil, err
	}
	h2, err := second.acquire(op)
	if err != nil {
		first.done()
		return 0, 0, nil, err
	}
	unlock = func() { second.done(); first.done() }
	if first == a {
		return h1, h2, unlock, nil
	}
	return h2, h1, unlock, nil
}

// derived finishes a shim call that yields a view derived from v: it joins
// v's scope, if any.
func (v *View) derived(op string, w uintptr) (*View, error) { return derivedIn(op, w, v.scope) }

// derivedIn finishes a shim call that yields a new view, in scope st (nil:
// an ordinary view with its own cleanup).
func derivedIn(op string, w uintptr, st *scopeState) (*View, error) {
	if raw.IsErr(w) {
		return nil, fromRecord(op, w)
	}
	if w == 0 {
		return nil, newErr(ErrInternal, op, "the library reported success but returned no view")
	}
	if st == nil {
		return wrap(w), nil
	}
	n := &View{h: w, scope: st}
	liveViews.Add(1)
	if !st.add(n) {
		n.Release()
		return nil, &Error{Code: ErrReleased, Op: op, Message: "the view's scope was released"}
	}
	return n, nil
}

func retainWord(h uintptr) uintptr { return raw.Mvgo_retain(h) }

// Release drops this view's reference. When the last view of the memory is
// released, the owner gets it back (a Go slice is unpinned, library memory
// freed, a C producer's callback called). Release is idempotent, waits for
// calls in flight on this view, and is safe to call from any goroutine.
func (v *View) Release() {
	if v == nil {
		return
	}
	v.mu.Lock()
	h := v.h
	v.h = 0
	v.mu.Unlock()
	if h != 0 {
		v.cleanup.Stop()
		releaseHandle(h)
	}
}

// Close releases the view (io.Closer); it always returns nil.
func (v *View) Close() error {
	v.Release()
	return nil
}

// Released reports whether Release has been called.
func (v *View) Released() bool {
	if v == nil {
		return true
	}
	v.mu.RLock()
	defer v.mu.RUnlock()
	return v.h == 0
}

// FromC wraps an mv_view* that C code produced, taking ownership of that one
// reference: the View releases it, so C must not call mv_release on it
// afterwards (C code that keeps using the view calls mv_retain first and
// releases its own reference).
func FromC(p unsafe.Pointer) (*View, error) {
	if p == nil {
		return nil, newErr(ErrInvalid, "FromC", "nil mv_view pointer")
	}
	return wrap(raw.Mvgo_word_of(p)), nil
}

// RetainC returns a new mv_view* reference to the same view for C code,
// which owns it and must pass it to mv_release exactly once. It stays valid
// after v is released.
func (v *View) RetainC() (unsafe.Pointer, error) {
	h, err := v.acquire("RetainC")
	if err != nil {
		return nil, err
	}
	defer v.done()
	w := raw.Mvgo_retain(h)
	if raw.IsErr(w) {
		return nil, fromRecord("RetainC", w)
	}
	return raw.Mvgo_ptr(w), nil
}

// String describes the view, e.g. `memview.View(format="<f", shape=[4], readonly)`.
func (v *View) String() string {
	l, err := v.layout("String")
	if err != nil {
		return "memview.View(released)"
	}
	s := fmt.Sprintf("memview.View(format=%q, shape=%v", l.format, l.shape)
	if l.readonly {
		s += ", readonly"
	}
	return s + ")"
}

// Version is the version of the linked libmemview, e.g. "0.1.0".
func Version() string { return raw.Mvgo_version() }
