package memview

import (
	"errors"
	"sync"
	"testing"
)

// Many goroutines share one view (and views of one buffer); goroutines move
// between OS threads between cgo calls, so error messages are checked too.
func TestConcurrentUse(t *testing.T) {
	buf := make([]byte, 4096)
	for i := range buf {
		buf[i] = byte(i)
	}
	v := mustNew(t, buf)
	defer v.Release()
	want := must(v.Hex(0, 0))
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for g := 0; g < 32; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 300; i++ {
				s, err := v.Slice(g, None, 1)
				if err != nil {
					errs <- err
					return
				}
				f, err := s.Cast("B", 4096-g)
				if err != nil || f.Len() != 4096-g {
					errs <- err
					return
				}
				if x := must(f.Get(0)); x != uint64(byte(g)) {
					errs <- errors.New("wrong item")
					return
				}
				if _, err := v.Slice(0, 1, 0); err == nil || err.(*Error).Message != "slice step cannot be zero" {
					errs <- errors.New("error message lost or mixed up across threads: " + err.Error())
					return
				}
				if _, err := v.Cast("Z"); !errors.Is(err, ErrFormat) {
					errs <- err
					return
				}
				if i%50 == 0 {
					if h := must(v.Hex(0, 0)); h != want {
						errs <- errors.New("hex differs")
						return
					}
				}
				f.Release()
				s.Release()
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

// Release racing with use: every call either works or reports ErrReleased.
func TestReleaseRacesWithUse(t *testing.T) {
	for round := 0; round < 50; round++ {
		v := mustNew(t, make([]byte, 256))
		var wg sync.WaitGroup
		for g := 0; g < 8; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < 50; i++ {
					s, err := v.Slice(1, 9, 2)
					if err != nil {
						if !errors.Is(err, ErrReleased) {
							t.Error(err)
						}
						return
					}
					if _, err := s.ToBytes(OrderC); err != nil {
						t.Error(err)
					}
					if _, err := v.Equal(s); err != nil && !errors.Is(err, ErrReleased) {
						t.Error(err)
					}
					s.Release()
				}
			}()
		}
		wg.Add(1)
		go func() { defer wg.Done(); v.Release() }()
		wg.Wait()
		v.Release()
	}
}
