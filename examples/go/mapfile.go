package main

import (
	"os"
	"syscall"

	"memview.dev/memview"
)

// mapFile maps a whole file (shared: writes reach the file) and returns a
// view that owns the mapping: it is unmapped when the last view of it is
// released, so no view can outlive the memory it describes.
func mapFile(path string, writable bool) *memview.View {
	flag, prot := os.O_RDONLY, syscall.PROT_READ
	if writable {
		flag, prot = os.O_RDWR, syscall.PROT_READ|syscall.PROT_WRITE
	}
	f := must(os.OpenFile(path, flag, 0))
	defer f.Close() // the mapping keeps the file open
	size := int(must(f.Stat()).Size())
	mem := must(syscall.Mmap(int(f.Fd()), 0, size, prot, syscall.MAP_SHARED))
	v, err := memview.NewWithRelease(mem, !writable, func() { syscall.Munmap(mem) })
	if err != nil {
		syscall.Munmap(mem) // not called on failure: still ours
		panic(fail(err.Error()))
	}
	return v
}
