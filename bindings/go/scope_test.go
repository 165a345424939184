package memview

import (
	"errors"
	"sync"
	"testing"
)

func TestScopeReleasesEverythingDerived(t *testing.T) {
	settle()
	basePinned, baseLive := pinnedBuffers.Load(), liveViews.Load()
	v := mustNew(t, []byte("0123456789abcdef"))
	s := NewScope()
	sv := must(s.Adopt(v))
	v.Release() // the scope's handle keeps the buffer
	a := must(sv.Slice(8, None, 1))
	b := must(a.Cast("<I", 2, 1))
	c := must(b.Index(1))
	kept := must(c.Clone())
	if got := must(c.Hex(0, 0)); got != "63646566" {
		t.Fatalf("scoped view reads %s", got)
	}
	a.Release() // individually released: the scope skips it
	s.Release()
	s.Release()
	for _, x := range []*View{sv, a, b, c} {
		if _, err := x.ToBytes(OrderC); !errors.Is(err, ErrReleased) {
			t.Fatalf("view used after its scope: %v", err)
		}
	}
	if got := must(kept.Hex(0, 0)); got != "63646566" || pinnedBuffers.Load() != basePinned+1 {
		t.Fatalf("clone did not survive the scope: %s", got)
	}
	kept.Release()
	if pinnedBuffers.Load() != basePinned || liveViews.Load() != baseLive {
		t.Fatalf("leaked: pinned %d live %d", pinnedBuffers.Load()-basePinned, liveViews.Load()-baseLive)
	}
	if _, err := s.Adopt(sv); !errors.Is(err, ErrReleased) {
		t.Fatalf("adopting a released view: %v", err)
	}
}

func TestForgottenScopeIsReleased(t *testing.T) {
	settle()
	basePinned := pinnedBuffers.Load()
	func() {
		v := mustNew(t, make([]byte, 64))
		defer v.Release()
		s := NewScope()
		sv := must(s.Adopt(v))
		for i := 0; i < 10; i++ {
			must(sv.Slice(i, None, 1))
		}
	}()
	waitFor(t, func() bool { return pinnedBuffers.Load() == basePinned })
}

func TestScopeReleaseRacesWithDerivation(t *testing.T) {
	for round := 0; round < 30; round++ {
		v := mustNew(t, make([]byte, 128))
		s := NewScope()
		sv := must(s.Adopt(v))
		v.Release()
		var wg sync.WaitGroup
		for g := 0; g < 6; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < 100; i++ {
					x, err := sv.Slice(1, 9, 1)
					if err != nil {
						if !errors.Is(err, ErrReleased) {
							t.Error(err)
						}
						return
					}
					if _, err := x.Cast("d"); err != nil && !errors.Is(err, ErrReleased) {
						t.Error(err)
					}
				}
			}()
		}
		wg.Add(1)
		go func() { defer wg.Done(); s.Release() }()
		wg.Wait()
		s.Release()
	}
}
