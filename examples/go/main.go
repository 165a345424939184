// The five examples of examples/SPEC.md (the memoryview guide's patterns),
// done with the Go binding. Usage: examples [WORKDIR] (default: a temp dir).
// Each example prints a short report and one RESULT line; the exit status is
// non-zero if any example fails.
package main

import (
	"fmt"
	"os"
	"strings"
	"time"
)

// gen is splitmix64 with seed 2026, identical in every language.
type gen struct{ state uint64 }

func newGen() *gen { return &gen{2026} }

func (g *gen) next() uint64 {
	g.state += 0x9E3779B97F4A7C15
	z := g.state
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

// sample is 24 random bits scaled to [-1, 1): exact in float32.
func (g *gen) sample() float32 {
	return float32(float64(g.next()>>40)/16777216*2 - 1)
}

// fail ends an example: run prints it as a FAIL result.
type fail string

func check(ok bool, format string, args ...any) {
	if !ok {
		panic(fail(fmt.Sprintf(format, args...)))
	}
}

func must[T any](x T, err error) T {
	if err != nil {
		panic(fail(err.Error()))
	}
	return x
}

func run(name string, f func(dir string) string, dir string) (ok bool) {
	fmt.Printf("== %s\n", name)
	start := time.Now()
	defer func() {
		secs := time.Since(start).Seconds()
		if r := recover(); r != nil {
			reason := strings.NewReplacer("|", " ", "\n", " ").Replace(fmt.Sprint(r))
			fmt.Printf("RESULT|go|%s|FAIL: %s|%.6f\n", name, reason, secs)
			ok = false
		}
	}()
	result := f(dir)
	fmt.Printf("RESULT|go|%s|%s|%.6f\n", name, result, time.Since(start).Seconds())
	return true
}

func main() {
	if daskHalf(os.Args[1:]) { // a producer or consumer process of the dask example
		return
	}
	dir := ""
	if len(os.Args) > 1 {
		dir = os.Args[1]
	} else {
		d, err := os.MkdirTemp("", "memview-go-examples")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		defer os.RemoveAll(d)
		dir = d
	}
	ok := true
	for _, ex := range []struct {
		name string
		f    func(string) string
	}{
		{"basics", basics}, {"casting", casting}, {"earthquake", earthquake}, {"parsing", parsing}, {"io", ioExample},
		{"dask", daskExample},
		{"columns", columns},
	} {
		ok = run(ex.name, ex.f, dir) && ok
	}
	if !ok {
		os.Exit(1)
	}
}
