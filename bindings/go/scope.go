package memview

import (
	"runtime"
	"sync"
)

// Scope releases a group of views together, like Python's
// `with memoryview(x) as m:`. (Since issue 14 no view carries a runtime
// cleanup of its own, so a scope no longer makes views cheaper; it is for
// releasing a group at once.)
//
// A view enters a scope through Adopt; every view derived from a scoped view
// (Slice, Cast, Index, Field, ...) joins the same scope. Release releases all
// of them; using one afterwards returns ErrReleased, never undefined
// behaviour. A scoped view may also be released on its own. Keep the Scope
// reachable while its views are in use (defer s.Release() does that): a
// forgotten Scope is released by a cleanup once it is unreachable. A Scope
// remembers every view made in it until it is released, so use one per
// bounded piece of work. Clone makes an unscoped copy of a view that must
// outlive its scope.
type Scope struct {
	st *scopeState
}

// scopeState is separate from Scope so that the views (which point to it)
// do not keep the Scope itself reachable.
type scopeState struct {
	mu     sync.Mutex
	views  []*View
	closed bool
}

// NewScope returns an empty scope.
func NewScope() *Scope {
	s := &Scope{st: &scopeState{}}
	runtime.AddCleanup(s, (*scopeState).release, s.st)
	return s
}

// Adopt returns a new handle to v's view that belongs to the scope (v itself
// is unchanged and still needs its own Release).
func (s *Scope) Adopt(v *View) (*View, error) {
	h, err := v.acquire("Adopt")
	if err != nil {
		return nil, err
	}
	return derivedIn("Adopt", retainWord(h), v, s.st)
}

// Release releases every view of the scope still alive. Idempotent.
func (s *Scope) Release() { s.st.release() }

func (st *scopeState) release() {
	st.mu.Lock()
	views := st.views
	st.views, st.closed = nil, true
	st.mu.Unlock()
	for _, v := range views {
		v.Release()
	}
}

// add registers a new scoped view; false if the scope is already released.
func (st *scopeState) add(v *View) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.closed {
		return false
	}
	st.views = append(st.views, v)
	return true
}

// Clone returns a new handle to the same view, outside any scope (released
// by its own Release or cleanup).
func (v *View) Clone() (*View, error) {
	h, err := v.acquire("Clone")
	if err != nil {
		return nil, err
	}
	return derivedIn("Clone", retainWord(h), v, nil)
}
