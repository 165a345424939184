package main

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"os/exec"
	"strconv"
	"strings"

	"memview.dev/memview"
)

// Example 6, `dask` (the shared-memory half; examples/SPEC.md): a producer
// creates a named shared-memory segment of 2^22 float32 samples; 8 consumer
// processes open it by name, each views its chunk without copying and
// reports sum/min/max; the producer combines them. `examples dask-produce
// NAME` and `examples dask-consume NAME I K` are the two halves on their own
// (examples/shm_cross.sh runs them across languages).

const (
	daskSamples = 1 << 22
	daskChunks  = 8
)

func daskProduce(name string) {
	seg := must(memview.CreateSharedMemory(name, 4*daskSamples, false))
	defer seg.Release()
	f := must(seg.Cast("f"))
	defer f.Release()
	x := must(f.Float32s()) // the segment's memory: written in place
	g := newGen()
	for i := range x {
		x[i] = g.sample()
	}
}

// daskConsume prints chunk i of k: CHUNK|i|sum|min|max, as exact bit
// patterns (float64 sum in index order, float32 min and max).
func daskConsume(name string, i, k int) {
	seg := must(memview.OpenSharedMemory(name, true))
	defer seg.Release()
	f := must(seg.Cast("f"))
	defer f.Release()
	n := f.Len()
	a, b := n/k*i, n/k*(i+1)
	if i == k-1 {
		b = n
	}
	chunk := must(f.Slice(a, b, 1))
	defer chunk.Release()
	x := must(chunk.Float32s()) // this process's mapping: no copy
	var sum float64
	lo, hi := x[0], x[0]
	for _, v := range x {
		sum += float64(v)
		lo = min(lo, v)
		hi = max(hi, v)
	}
	fmt.Printf("CHUNK|%d|%016x|%08x|%08x\n", i, math.Float64bits(sum), math.Float32bits(lo), math.Float32bits(hi))
}

// daskHalf runs `examples dask-produce|dask-consume ...`; false if args are
// not one of those.
func daskHalf(args []string) bool {
	switch {
	case len(args) >= 2 && args[0] == "dask-produce":
		daskProduce(args[1])
	case len(args) >= 4 && args[0] == "dask-consume":
		i, err1 := strconv.Atoi(args[2])
		k, err2 := strconv.Atoi(args[3])
		check(err1 == nil && err2 == nil, "chunk numbers: %v %v", args[2], args[3])
		daskConsume(args[1], i, k)
	default:
		return false
	}
	return true
}

func daskExample(dir string) string {
	name := fmt.Sprintf("mv_dask_go_%d", os.Getpid())
	daskProduce(name)
	defer memview.UnlinkSharedMemory(name)
	self := must(os.Executable())
	cmds := make([]*exec.Cmd, daskChunks)
	outs := make([]*bufio.Scanner, daskChunks)
	for i := range cmds { // the consumers run at once, each in its own process
		cmds[i] = exec.Command(self, "dask-consume", name, strconv.Itoa(i), strconv.Itoa(daskChunks))
		pipe := must(cmds[i].StdoutPipe())
		outs[i] = bufio.NewScanner(pipe)
		check(cmds[i].Start() == nil, "cannot start consumer %d", i)
	}
	var total float64
	var lo, hi float32
	for i, cmd := range cmds {
		ok := outs[i].Scan()
		line := outs[i].Text()
		check(cmd.Wait() == nil && ok, "consumer %d failed: %s", i, line)
		p := strings.Split(line, "|")
		check(len(p) == 5 && p[0] == "CHUNK" && p[1] == strconv.Itoa(i), "consumer %d: %q", i, line)
		s := must(strconv.ParseUint(p[2], 16, 64))
		l := must(strconv.ParseUint(p[3], 16, 32))
		h := must(strconv.ParseUint(p[4], 16, 32))
		total += math.Float64frombits(s) // chunk sums in chunk order
		if i == 0 || math.Float32frombits(uint32(l)) < lo {
			lo = math.Float32frombits(uint32(l))
		}
		if i == 0 || math.Float32frombits(uint32(h)) > hi {
			hi = math.Float32frombits(uint32(h))
		}
	}
	mean := total / daskSamples
	fmt.Printf("segment      /%s: %d float32, %d consumer processes\n", name, daskSamples, daskChunks)
	fmt.Printf("combined     mean=%.6f min=%.6f max=%.6f\n", mean, lo, hi)
	return fmt.Sprintf("chunks=%d mean=%.6f min=%.6f max=%.6f", daskChunks, mean, lo, hi)
}
