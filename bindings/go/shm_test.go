package memview

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
)

var shmCounter int

func shmName(t *testing.T) string {
	shmCounter++
	name := fmt.Sprintf("mv_gotest_%d_%d", os.Getpid(), shmCounter)
	t.Cleanup(func() { _ = UnlinkSharedMemory(name) })
	return name
}

func TestSharedMemoryCreateOpenReadWrite(t *testing.T) {
	name := shmName(t)
	a, err := CreateSharedMemory(name, 64, false)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Release()
	if a.NBytes() != 64 || a.Format() != "B" || a.ReadOnly() {
		t.Fatalf("layout: %d %q %v", a.NBytes(), a.Format(), a.ReadOnly())
	}
	ab, err := a.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	copy(ab, "shared")
	b, err := OpenSharedMemory(name, true)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Release()
	got, err := b.ToBytes(OrderC)
	if err != nil || string(got[:6]) != "shared" {
		t.Fatalf("read back %q %v", got[:6], err)
	}
	if err := b.Set(uint64(1), 0); !errors.Is(err, ErrReadOnly) {
		t.Fatalf("write through a read-only view: %v", err)
	}
	if ab[0] != 's' {
		t.Fatal("a refused write changed the segment")
	}
}

func TestSharedMemoryErrors(t *testing.T) {
	name := shmName(t)
	if _, err := OpenSharedMemory(name, false); !errors.Is(err, ErrSys) || !strings.Contains(err.Error(), "No such file") {
		t.Fatalf("open missing: %v", err)
	}
	if err := UnlinkSharedMemory(name); !errors.Is(err, ErrSys) {
		t.Fatalf("unlink missing: %v", err)
	}
	a, err := CreateSharedMemory(name, 8, false)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Release()
	if _, err := CreateSharedMemory(name, 8, false); !errors.Is(err, ErrSys) || !strings.Contains(err.Error(), "File exists") {
		t.Fatalf("create existing: %v", err)
	}
	for _, bad := range []string{"", "a/b", "/x", "nul\x00name", strings.Repeat("n", 256)} {
		if _, err := CreateSharedMemory(bad, 8, false); !errors.Is(err, ErrInvalid) {
			t.Errorf("create %q: %v", bad, err)
		}
		if _, err := OpenSharedMemory(bad, false); !errors.Is(err, ErrInvalid) {
			t.Errorf("open %q: %v", bad, err)
		}
	}
	if _, err := CreateSharedMemory(shmName(t), 0, false); !errors.Is(err, ErrSize) {
		t.Fatalf("size 0: %v", err)
	}
	if _, err := CreateSharedMemory(shmName(t), -1, false); !errors.Is(err, ErrSize) {
		t.Fatalf("size -1: %v", err)
	}
}

func TestSharedMemoryOutlivesUnlinkUntilTheLastView(t *testing.T) {
	name := shmName(t)
	a, err := CreateSharedMemory(name, 16, false)
	if err != nil {
		t.Fatal(err)
	}
	tail, err := a.Slice(8, 16, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer tail.Release()
	if err := UnlinkSharedMemory(name); err != nil {
		t.Fatal(err)
	}
	a.Release()
	if err := tail.Set(uint64(7), 0); err != nil {
		t.Fatal(err)
	}
	if v, err := tail.Get(0); err != nil || v != uint64(7) {
		t.Fatalf("after unlink and release of the first view: %v %v", v, err)
	}
	if _, err := OpenSharedMemory(name, false); !errors.Is(err, ErrSys) {
		t.Fatalf("open after unlink: %v", err)
	}
}

// writeSquares is the other process's part: open the segment by name and
// write its float32 items i*i.
func writeSquares(name string) error {
	v, err := OpenSharedMemory(name, false)
	if err != nil {
		return err
	}
	defer v.Release()
	f, err := v.Cast("<f")
	if err != nil {
		return err
	}
	defer f.Release()
	for i := 0; i < f.Len(); i++ {
		if err := f.Set(float64(i*i), i); err != nil {
			return err
		}
	}
	return nil
}

// Runs twice: in the test process, which creates the segment and starts this
// test binary again with MV_SHM_CHILD set; in that child, which writes.
func TestSharedMemoryAnotherProcessWrites(t *testing.T) {
	if child := os.Getenv("MV_SHM_CHILD"); child != "" {
		if err := writeSquares(child); err != nil {
			t.Fatal(err)
		}
		return
	}
	name := shmName(t)
	a, err := CreateSharedMemory(name, 4*100, false)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Release()
	cmd := exec.Command(os.Args[0], "-test.run=^TestSharedMemoryAnotherProcessWrites$", "-test.count=1")
	cmd.Env = append(os.Environ(), "MV_SHM_CHILD="+name)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("helper: %v\n%s", err, out)
	}
	f, err := a.Cast("<f")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Release()
	fs, err := f.Float32s()
	if err != nil {
		t.Fatal(err)
	}
	for i, x := range fs {
		if x != float32(i*i) {
			t.Fatalf("item %d = %v", i, x)
		}
	}
}
