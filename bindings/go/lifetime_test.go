package memview

import (
	"bytes"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"memview.dev/memview/internal/cproducer"
)

func TestDerivedViewsKeepTheBufferPinned(t *testing.T) {
	base := pinnedBuffers.Load()
	buf := []byte("abcdefgh")
	v := mustNew(t, buf)
	s := must(v.Slice(2, 5, 1))
	c := must(s.Cast("B", 3))
	v.Release()
	s.Release()
	if pinnedBuffers.Load() != base+1 {
		t.Fatal("buffer unpinned while a derived view lives")
	}
	if got := must(c.ToBytes(OrderC)); string(got) != "cde" {
		t.Fatalf("derived view after parent release: %q", got)
	}
	c.Release()
	if pinnedBuffers.Load() != base {
		t.Fatal("release callback did not unpin the buffer")
	}
}

func TestCleanupReleasesForgottenViews(t *testing.T) {
	settle() // let views other tests forgot be cleaned up first
	baseLive, basePinned := liveViews.Load(), pinnedBuffers.Load()
	func() {
		for i := 0; i < 100; i++ {
			v := mustNew(t, make([]byte, 64))
			_ = must(v.Slice(1, 3, 1))
		}
	}()
	if liveViews.Load() != baseLive+200 || pinnedBuffers.Load() != basePinned+100 {
		t.Fatalf("live %d pinned %d", liveViews.Load()-baseLive, pinnedBuffers.Load()-basePinned)
	}
	waitFor(t, func() bool { return liveViews.Load() == baseLive && pinnedBuffers.Load() == basePinned })
}

func settle() {
	for last := int64(-1); liveViews.Load() != last; {
		last = liveViews.Load()
		for i := 0; i < 3; i++ {
			runtime.GC()
			time.Sleep(5 * time.Millisecond)
		}
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); {
		if time.Now().After(deadline) {
			t.Fatalf("cleanups did not run: live %d pinned %d", liveViews.Load(), pinnedBuffers.Load())
		}
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
}

func TestFromCAndRetainC(t *testing.T) {
	freed := cproducer.Freed()
	v := must(FromC(cproducer.Produce(10)))
	if got := must(v.Hex(0, 0)); got != "00010203040506070809" {
		t.Fatalf("C memory through Go: %s", got)
	}
	p := must(v.RetainC())
	v.Release() // Go's reference goes; C still holds p
	if cproducer.Freed() != freed || cproducer.Len(p) != 10 {
		t.Fatal("C buffer freed while C holds a reference")
	}
	cproducer.Release(p)
	if cproducer.Freed() != freed+1 {
		t.Fatal("C buffer not freed after the last release")
	}
}

// The last release of a Go buffer may happen on a thread Go never saw: the
// callback must still unpin it.
func TestReleaseOnForeignThread(t *testing.T) {
	base := pinnedBuffers.Load()
	v := mustNew(t, []byte("pinned until C lets go"))
	p := must(v.RetainC())
	v.Release()
	if pinnedBuffers.Load() != base+1 {
		t.Fatal("unpinned too early")
	}
	if !cproducer.ReleaseOnCThread(p) {
		t.Fatal("pthread")
	}
	if pinnedBuffers.Load() != base {
		t.Fatal("release callback on a C thread did not unpin")
	}
}

func TestEmptyAndNilSlices(t *testing.T) {
	for _, b := range [][]byte{nil, {}, make([]byte, 0, 8)} {
		v, err := New(b)
		if err != nil {
			t.Fatal(err)
		}
		if v.Len() != 0 || v.NBytes() != 0 || must(v.Hex(':', 1)) != "" || len(must(v.ToBytes(OrderC))) != 0 {
			t.Fatalf("empty view: %v", v)
		}
		v.Release()
	}
}

// A million views created and released: Go heap, RSS and the library's
// release callbacks all come back to where they started.
func TestMillionViewsFlatMemory(t *testing.T) {
	n := 1_000_000
	if testing.Short() || raceEnabled {
		n = 100_000
	}
	buf := bytes.Repeat([]byte("x"), 4096)
	round := func(k int) {
		for i := 0; i < k; i++ {
			v, err := New(buf)
			if err != nil {
				t.Fatal(err)
			}
			s, err := v.Slice(1, None, 2)
			if err != nil {
				t.Fatal(err)
			}
			s.Release()
			v.Release()
		}
	}
	round(n / 10) // warm up allocators
	runtime.GC()
	rss0, live0, pinned0 := rss(t), liveViews.Load(), pinnedBuffers.Load()
	round(n)
	runtime.GC()
	rss1 := rss(t)
	if liveViews.Load() != live0 || pinnedBuffers.Load() != pinned0 {
		t.Fatalf("leaked: %d views, %d pinned buffers", liveViews.Load()-live0, pinnedBuffers.Load()-pinned0)
	}
	// The race detector keeps shadow memory for every allocation and sync
	// object, so RSS is only meaningful without it; the counts above are.
	if grow := rss1 - rss0; grow > 8<<20 && !raceEnabled {
		t.Fatalf("RSS grew by %d KiB over %d views", grow>>10, n)
	}
	t.Logf("%d views: RSS %d KiB -> %d KiB", n, rss0>>10, rss1>>10)
}

func rss(t *testing.T) int64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		t.Skip("no /proc/self/statm")
	}
	pages, _ := strconv.ParseInt(strings.Fields(string(b))[1], 10, 64)
	return pages * int64(os.Getpagesize())
}

func TestNewWithReleaseRunsOnceAfterTheLastView(t *testing.T) {
	calls := 0
	v := must(NewWithRelease([]byte("mapped"), true, func() { calls++ }))
	s := must(v.Slice(1, 3, 1))
	v.Release()
	if calls != 0 || !s.ReadOnly() {
		t.Fatalf("released early (%d) or writable", calls)
	}
	s.Release()
	s.Release()
	if calls != 1 {
		t.Fatalf("release ran %d times", calls)
	}
	empty := must(NewWithRelease(nil, false, func() { calls++ }))
	empty.Release()
	if calls != 2 {
		t.Fatal("release of an empty buffer not called")
	}
}
