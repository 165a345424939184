package memview

import (
	"fmt"
	"runtime"
	"sync/atomic"
	"unsafe"

	"memview.dev/memview/internal/raw"
)

// View is a typed, N-dimensional, strided window into memory owned by
// somebody else: a Go []byte (New), the library (Alloc) or C code (FromC).
// A View is immutable; deriving (Slice, Cast, Index, ...) makes new views of
// the same memory and never copies it. Views live in slabs; see lifetime.go
// for how their handles are owned and released.
type View struct {
	slot  *viewSlot              // handle, state, parent (in the slab's slabSlots)
	scope *scopeState            // nil unless made in a Scope
	lay   atomic.Pointer[layout] // views are immutable: computed once
}

// acquire returns the handle and counts a call in flight; call v.done()
// after the C call. A nil or released view gives ErrReleased.
func (v *View) acquire(op string) (uintptr, error) {
	if v == nil {
		return 0, &Error{Code: ErrReleased, Op: op, Message: "nil view"}
	}
	if v.slot.state.Add(stCall)&stReleased != 0 {
		v.done()
		return 0, &Error{Code: ErrReleased, Op: op, Message: "operation on a released view"}
	}
	return v.slot.h, nil
}

// done ends a call begun by acquire; the last call in flight on a released
// view gives its handle up. KeepAlive: the slab's cleanup must not release
// the handle while C still uses it.
func (v *View) done() {
	unref(v.slot, 1, true)
	runtime.KeepAlive(v)
}

// acquire2 acquires two views (the same view twice is one call in flight).
func acquire2(op string, a, b *View) (ha, hb uintptr, unlock func(), err error) {
	if a == b {
		h, err := a.acquire(op)
		if err != nil {
			return 0, 0, nil, err
		}
		return h, h, a.done, nil
	}
	ha, err = a.acquire(op)
	if err != nil {
		return 0, 0, nil, err
	}
	hb, err = b.acquire(op)
	if err != nil {
		a.done()
		return 0, 0, nil, err
	}
	return ha, hb, func() { b.done(); a.done() }, nil
}

// derived finishes a shim call that yields a view derived from v (in v's
// scope, if any). It ends the call that v.acquire began (see derivedIn).
func (v *View) derived(op string, w uintptr) (*View, error) {
	return derivedIn(op, w, v, v.scope)
}

// derivedIn finishes a shim call that yields a new view derived from parent
// (nil: a root) in scope st (nil: none). The call in flight on parent that
// acquire began is not ended but handed to the new view, which holds it
// until its handle is released (lifetime.go); on failure it is ended here.
func derivedIn(op string, w uintptr, parent *View, st *scopeState) (*View, error) {
	var err error
	switch {
	case raw.IsErr(w):
		err = fromRecord(op, w)
	case w == 0:
		err = newErr(ErrInternal, op, "the library reported success but returned no view")
	}
	if err != nil {
		if parent != nil {
			parent.done()
		}
		return nil, err
	}
	var ps *viewSlot
	if parent != nil {
		ps = parent.slot
	}
	n := newView(w, ps, st)
	runtime.KeepAlive(parent)
	if st != nil && !st.add(n) {
		n.Release()
		return nil, &Error{Code: ErrReleased, Op: op, Message: "the view's scope was released"}
	}
	return n, nil
}

func retainWord(h uintptr) uintptr { return raw.Mvgo_retain(h) }

// Release drops this view's reference. When the last view of the memory is
// released, the owner gets it back (a Go slice is unpinned, library memory
// freed, a C producer's callback called). Release is idempotent and safe to
// call from any goroutine, also while other calls on the view are in
// flight: those finish normally, the last of them gives the reference up,
// and every call that starts after Release returns ErrReleased.
func (v *View) Release() {
	if v == nil {
		return
	}
	if v.slot.state.CompareAndSwap(0, stReleased|stGivenUp) { // the common case: idle, live
		countReleased()
		giveUp(v.slot, true)
		return
	}
	if markReleased(v.slot, true) {
		// Calls in flight or views derived from this one hold the handle;
		// flush those derived views' pending releases, so that the last of
		// them gives it up now if nothing else holds it.
		flushReleases()
	}
}

// Close releases the view (io.Closer); it always returns nil.
func (v *View) Close() error {
	v.Release()
	return nil
}

// Released reports whether Release has been called.
func (v *View) Released() bool {
	return v == nil || v.slot.state.Load()&stReleased != 0
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
