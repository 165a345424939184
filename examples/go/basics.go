package main

import (
	"errors"
	"fmt"

	"memview.dev/memview"
)

// Example 1: a view over a writable buffer, slicing, writing through the
// view; a read-only buffer refusing writes with the library's error.
func basics(string) string {
	ba := []byte("Hello, world!")
	mv := must(memview.New(ba)) // zero-copy: ba is pinned, not copied
	defer mv.Release()
	fmt.Printf("view         %v\n", mv)
	fmt.Printf("tobytes      %q\n", must(mv.ToBytes(memview.OrderC)))
	first := must(mv.Get(0))
	fmt.Printf("mv[0]        %v\n", first)
	check(first == uint64(72), "mv[0] = %v, want 72", first)
	head := must(mv.Slice(0, 5, 1))
	defer head.Release()
	hb := must(head.ToBytes(memview.OrderC))
	fmt.Printf("mv[0:5]      %q (a view: strides %v)\n", hb, head.Strides())
	check(string(hb) == "Hello", "mv[0:5] = %q", hb)

	check(mv.Set('J', 0) == nil, "write through the view failed")
	fmt.Printf("after mv[0] = 'J', the buffer is %q\n", ba)
	check(string(ba) == "Jello, world!", "buffer %q", ba)

	ro := must(memview.NewReadOnly([]byte("Immutable")))
	defer ro.Release()
	fmt.Printf("read-only    mv_bytes[0] = %v\n", must(ro.Get(0)))
	err := ro.Set(74, 0)
	check(errors.Is(err, memview.ErrReadOnly), "read-only view accepted a write (%v)", err)
	fmt.Printf("write        refused: %v\n", err)
	return fmt.Sprintf("%s / readonly refused", ba)
}
