package main

import (
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"syscall"

	"memview.dev/memview"
)

const (
	ioSize  = 1 << 20
	ioChunk = 64 << 10
)

// readInto fills dst chunk by chunk through sub-views, readinto-style: each
// chunk's bytes are the destination's own memory, no intermediate buffer.
func readInto(r io.Reader, dst *memview.View) int {
	n := 0
	for off := 0; off < dst.Len(); off += ioChunk {
		sub := must(dst.Slice(off, off+ioChunk, 1))
		chunk := must(sub.Bytes())
		k, err := io.ReadFull(r, chunk)
		sub.Release()
		n += k
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			break
		}
		check(err == nil, "read: %v", err)
	}
	return n
}

// socketPair is a connected AF_UNIX stream pair.
func socketPair() (net.Conn, net.Conn) {
	fds := must(syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_STREAM, 0))
	conn := func(fd int, name string) net.Conn {
		f := os.NewFile(uintptr(fd), name)
		defer f.Close() // FileConn dups the descriptor
		return must(net.FileConn(f))
	}
	return conn(fds[0], "a"), conn(fds[1], "b")
}

// Example 5: a file read into a preallocated view, then the same bytes sent
// over a socket pair and received into a second preallocated view, both in
// 64 KiB chunks with no intermediate buffers; compared with ==.
func ioExample(dir string) string {
	path := filepath.Join(dir, "io.bin")
	g := newGen()
	out := make([]byte, ioSize)
	for i := range out {
		out[i] = byte(g.next())
	}
	check(os.WriteFile(path, out, 0o644) == nil, "cannot write %s", path)
	defer os.Remove(path)

	fileView := must(memview.Alloc(ioSize)) // preallocated by the library
	defer fileView.Release()
	f := must(os.Open(path))
	nFile := readInto(f, fileView)
	f.Close()
	fmt.Printf("readinto     %d bytes from %s in %d KiB chunks\n", nFile, path, ioChunk>>10)

	a, b := socketPair()
	defer a.Close()
	defer b.Close()
	sent := make(chan error, 1)
	go func() { // the sender writes straight from the file view's memory
		var err error
		for off := 0; off < nFile && err == nil; off += ioChunk {
			sub := must(fileView.Slice(off, off+ioChunk, 1))
			_, err = a.Write(must(sub.Bytes()))
			sub.Release()
		}
		a.Close()
		sent <- err
	}()
	sockView := must(memview.Alloc(ioSize))
	defer sockView.Release()
	nSock := readInto(b, sockView)
	check(<-sent == nil, "send failed")
	fmt.Printf("recv_into    %d bytes over an AF_UNIX socket pair\n", nSock)

	equal := must(fileView.Equal(sockView))
	check(equal && nFile == ioSize && nSock == ioSize, "file %d socket %d equal %v", nFile, nSock, equal)
	original := must(memview.NewReadOnly(out))
	defer original.Release()
	check(must(original.Equal(fileView)), "the file view differs from the bytes written")
	return fmt.Sprintf("file=%d socket=%d equal", nFile, nSock)
}
