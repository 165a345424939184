//go:build linux

package raw

import (
	"bytes"
	"os"
	"testing"
)

// The build tag decides how the library is linked, and nothing else does: the
// bundled build must not load libmemview.so, the memview_system build must.
func TestLinkMode(t *testing.T) {
	maps, err := os.ReadFile("/proc/self/maps")
	if err != nil {
		t.Fatalf("reading /proc/self/maps: %v", err)
	}
	loaded := bytes.Contains(maps, []byte("/libmemview.so"))
	if loaded == Bundled {
		t.Fatalf("Bundled = %v, but libmemview.so loaded = %v", Bundled, loaded)
	}
	if v := Mvgo_version(); v == "" {
		t.Fatal("mv_version returned nothing")
	}
}
