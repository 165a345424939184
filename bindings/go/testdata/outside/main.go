// The guide's first example, built by bindings/go/package_test.sh in a module
// outside the repository (memview.dev/memview replaced by the checkout), with
// no libmemview installed and no LD_LIBRARY_PATH.
package main

import (
	"errors"
	"fmt"
	"os"

	"memview.dev/memview"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "FAIL:", err)
		os.Exit(1)
	}
}

func run() error {
	ba := []byte("Hello, world!") // memoryview(bytearray(b"Hello, world!"))
	mv, err := memview.New(ba)
	if err != nil {
		return err
	}
	defer mv.Release()
	if first, err := mv.Get(0); err != nil || first != uint64(72) { // mv[0] == 72
		return fmt.Errorf("mv[0] = %v, %v", first, err)
	}
	head, err := mv.Slice(0, 5, 1) // mv[0:5], no copy
	if err != nil {
		return err
	}
	defer head.Release()
	if err := mv.Set('J', 0); err != nil { // mv[0] = ord('J')
		return err
	}
	hb, err := head.ToBytes(memview.OrderC)
	if err != nil || string(hb) != "Jello" {
		return fmt.Errorf("mv[0:5] = %q, %v", hb, err)
	}
	fmt.Println(string(ba)) // Jello, world!

	ro, err := memview.NewReadOnly([]byte{0, 0, 0, 42, 0x40, 0x48, 0xf5, 0xc3}) // struct.pack('>if', 42, 3.14)
	if err != nil {
		return err
	}
	defer ro.Release()
	iv, err := ro.Cast(">i")
	if err != nil {
		return err
	}
	defer iv.Release()
	i, err := iv.Get(0)
	if err != nil || i != int64(42) {
		return fmt.Errorf("cast('>i')[0] = %v, %v", i, err)
	}
	if err := iv.Set(int64(7), 0); !errors.Is(err, memview.ErrReadOnly) { // read-only refuses writes
		return fmt.Errorf("read-only view accepted a write (%v)", err)
	}
	fmt.Printf("%v; bundled=%v libmemview %s\n", i, memview.Bundled, memview.Version())
	return nil
}
