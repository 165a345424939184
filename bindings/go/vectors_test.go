package memview

// The shared test vectors (tests/vectors/vectors.json, generated from the
// builtin memoryview and struct by tests/vectors/gen.py) through the Go
// binding. Every case runs; an unknown kind, operation or value encoding
// fails. Errors are checked with errors.Is against the Err* sentinels.

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"
	"unicode/utf8"
)

type vcase = map[string]any

func loadVectors(t *testing.T) []vcase {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "tests", "vectors", "vectors.json"))
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var doc struct {
		Cases []vcase `json:"cases"`
	}
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Cases) < 400 {
		t.Fatalf("only %d cases", len(doc.Cases))
	}
	return doc.Cases
}

var vectorCodes = map[string]Code{
	"MV_EINVAL": ErrInvalid, "MV_EFORMAT": ErrFormat, "MV_EINDEX": ErrIndex, "MV_EREADONLY": ErrReadOnly,
	"MV_ELAYOUT": ErrLayout, "MV_ESIZE": ErrSize, "MV_EOVERFLOW": ErrOverflow, "MV_ENOMEM": ErrNoMem,
	"MV_ETYPE": ErrType, "MV_EVALUE": ErrValue, "MV_EINTERNAL": ErrInternal,
}

func jint(x any) int {
	n, err := strconv.Atoi(string(x.(json.Number)))
	if err != nil {
		panic(err)
	}
	return n
}

func jbound(x any) int {
	if x == nil {
		return None
	}
	return jint(x)
}

func jints(x any) []int {
	var out []int
	for _, e := range x.([]any) {
		out = append(out, jint(e))
	}
	return out
}

func unhex(t *testing.T, s any) []byte {
	b, err := hex.DecodeString(s.(string))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// applyOp is one derivation of the chain.
func applyOp(v *View, op map[string]any) (*View, error) {
	switch op["op"] {
	case "slice":
		return v.Slice(jbound(op["start"]), jbound(op["stop"]), jbound(op["step"]))
	case "slice_nd":
		var rs []Range
		for _, r := range op["ranges"].([]any) {
			x := r.([]any)
			rs = append(rs, Range{jbound(x[0]), jbound(x[1]), jbound(x[2])})
		}
		return v.SliceND(rs...)
	case "index":
		return v.Index(jint(op["i"]))
	case "cast":
		var shape []int
		if op["shape"] != nil {
			shape = append([]int{}, jints(op["shape"])...) // [] stays non-nil: a 0-d cast
		}
		off := jint(op["offset"])
		if off != 0 {
			return v.CastOffset(off, op["format"].(string), shape...)
		}
		return v.Cast(op["format"].(string), shape...)
	case "field":
		return v.Field(jint(op["k"]))
	case "toreadonly":
		return v.ToReadOnly()
	}
	return nil, fmt.Errorf("unknown operation %v", op["op"])
}

// chain makes the base view over buf and applies ops[:n]; the views belong
// to the scope s.
func chain(t *testing.T, s *Scope, buf []byte, readonly bool, ops []any, n int) (*View, error) {
	var v *View
	var err error
	if readonly {
		v, err = NewReadOnly(buf)
	} else {
		v, err = New(buf)
	}
	if err != nil {
		t.Fatal(err)
	}
	base := v
	defer base.Release()
	if v, err = s.Adopt(base); err != nil {
		t.Fatal(err)
	}
	for k := 0; k < n; k++ { // views derived from a scoped view join its scope
		if v, err = applyOp(v, ops[k].(map[string]any)); err != nil {
			return nil, err
		}
	}
	return v, nil
}

func wantErr(t *testing.T, c vcase, err error) {
	t.Helper()
	e := c["error"].(map[string]any)
	code, ok := vectorCodes[e["code"].(string)]
	if !ok {
		t.Fatalf("unknown code %v", e["code"])
	}
	if !errors.Is(err, code) {
		t.Errorf("want %v (%s), got %v", e["code"], e["class"], err)
	}
}

// sameValue compares a Get/Values result with its JSON encoding.
func sameValue(t *testing.T, got any, want any, where string) {
	t.Helper()
	switch w := want.(type) {
	case bool:
		if g, ok := got.(bool); !ok || g != w {
			t.Errorf("%s: got %#v, want %v", where, got, w)
		}
	case json.Number:
		switch g := got.(type) {
		case int64:
			if string(w) != strconv.FormatInt(g, 10) {
				t.Errorf("%s: got %d, want %s", where, g, w)
			}
		case uint64:
			if string(w) != strconv.FormatUint(g, 10) {
				t.Errorf("%s: got %d, want %s", where, g, w)
			}
		default:
			t.Errorf("%s: got %#v, want the integer %s", where, got, w)
		}
	case map[string]any:
		if f, ok := w["f"]; ok {
			wf, err := strconv.ParseFloat(f.(string), 64)
			if err != nil {
				t.Fatal(err)
			}
			g, ok := got.(float64)
			if !ok || !(math.IsNaN(wf) && math.IsNaN(g) || math.Float64bits(wf) == math.Float64bits(g)) {
				t.Errorf("%s: got %#v, want %v", where, got, wf)
			}
		} else if b, ok := w["b"]; ok {
			g, ok := got.([]byte)
			if !ok || hex.EncodeToString(g) != b.(string) {
				t.Errorf("%s: got %#v, want bytes %v", where, got, b)
			}
		} else if r, ok := w["r"]; ok {
			g, ok := got.([]any)
			rs := r.([]any)
			if !ok || len(g) != len(rs) {
				t.Errorf("%s: got %#v, want record %v", where, got, rs)
				return
			}
			for k := range rs {
				sameValue(t, g[k], rs[k], fmt.Sprintf("%s.%d", where, k))
			}
		} else {
			t.Fatalf("%s: unknown value encoding %v", where, w)
		}
	default:
		t.Fatalf("%s: unknown value encoding %#v", where, want)
	}
}

// goValue is the Go value Set takes for a JSON value.
func goValue(t *testing.T, x any) any {
	switch w := x.(type) {
	case bool:
		return w
	case json.Number:
		if i, err := strconv.ParseInt(string(w), 10, 64); err == nil {
			return i
		}
		u, err := strconv.ParseUint(string(w), 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		return u
	case map[string]any:
		if f, ok := w["f"]; ok {
			v, err := strconv.ParseFloat(f.(string), 64)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		if b, ok := w["b"]; ok {
			return unhex(t, b)
		}
		if r, ok := w["r"]; ok {
			var out []any
			for _, e := range r.([]any) {
				out = append(out, goValue(t, e))
			}
			return out
		}
	}
	t.Fatalf("unknown value encoding %#v", x)
	return nil
}

func runViewCase(t *testing.T, c vcase) {
	s := NewScope()
	defer s.Release()
	ops := c["ops"].([]any)
	buf := unhex(t, c["data"])
	ro := c["readonly"].(bool)
	if e, ok := c["error"].(map[string]any); ok {
		at := jint(e["at"])
		v, err := chain(t, s, buf, ro, ops, at)
		if err != nil {
			t.Fatalf("op before %d failed: %v", at, err)
		}
		nv, err := applyOp(v, ops[at].(map[string]any))
		if nv != nil {
			nv.Release()
		}
		wantErr(t, c, err)
		return
	}
	v, err := chain(t, s, buf, ro, ops, len(ops))
	if err != nil {
		t.Fatal(err)
	}
	e := c["expect"].(map[string]any)
	check := func(name string, got, want any) {
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %v, want %v", name, got, want)
		}
	}
	check("format", v.Format(), e["format"])
	check("itemsize", v.ItemSize(), jint(e["itemsize"]))
	check("ndim", v.NDim(), jint(e["ndim"]))
	check("shape", fmt.Sprint(v.Shape()), fmt.Sprint(jints(e["shape"])))
	check("strides", fmt.Sprint(v.Strides()), fmt.Sprint(jints(e["strides"])))
	check("nbytes", v.NBytes(), jint(e["nbytes"]))
	check("readonly", v.ReadOnly(), e["readonly"])
	check("c_contiguous", v.CContiguous(), e["c_contiguous"])
	check("f_contiguous", v.FContiguous(), e["f_contiguous"])
	for _, o := range []struct {
		order Order
		key   string
	}{{OrderC, "tobytes"}, {OrderF, "tobytes_F"}, {OrderAny, "tobytes_A"}} {
		b, err := v.ToBytes(o.order)
		if err != nil {
			t.Fatal(err)
		}
		check(o.key, hex.EncodeToString(b), e[o.key])
	}
	if items, ok := e["items"].([]any); ok {
		vals, err := v.Values()
		if err != nil {
			t.Fatal(err)
		}
		if len(vals) != len(items) {
			t.Fatalf("%d items, want %d", len(vals), len(items))
		}
		for i := range items {
			sameValue(t, vals[i], items[i], fmt.Sprintf("item %d", i))
		}
	}
}

func runHexCase(t *testing.T, c vcase) {
	s := NewScope()
	defer s.Release()
	v, err := chain(t, s, unhex(t, c["data"]), true, c["ops"].([]any), len(c["ops"].([]any)))
	if err != nil {
		t.Fatal(err)
	}
	var sep byte
	bps := 1
	if c["sep"] != nil {
		r, _ := utf8.DecodeRuneInString(c["sep"].(string))
		sep = byte(r) // a non-ASCII separator goes as its code point's byte: the library refuses it
		bps = jint(c["bytes_per_sep"])
	}
	got, err := v.Hex(sep, bps)
	if _, bad := c["error"]; bad {
		wantErr(t, c, err)
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	if got != c["expect"].(string) {
		t.Errorf("got %q, want %q", got, c["expect"])
	}
}

func runEqualCase(t *testing.T, c vcase) {
	s := NewScope()
	defer s.Release()
	side := func(k string) *View {
		x := c[k].(map[string]any)
		v, err := chain(t, s, unhex(t, x["data"]), true, x["ops"].([]any), len(x["ops"].([]any)))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	a, b := side("a"), side("b")
	for _, p := range [][2]*View{{a, b}, {b, a}} {
		got, err := p[0].Equal(p[1])
		if err != nil {
			t.Fatal(err)
		}
		if got != c["expect"].(bool) {
			t.Errorf("Equal: got %v, want %v", got, c["expect"])
		}
	}
}

// runWriteCase: the write, then the whole buffer (unchanged after an error).
func runWriteCase(t *testing.T, c vcase, write func(v *View) error) {
	s := NewScope()
	defer s.Release()
	buf := unhex(t, c["data"])
	before := append([]byte(nil), buf...)
	v, err := chain(t, s, buf, c["readonly"].(bool), c["ops"].([]any), len(c["ops"].([]any)))
	if err != nil {
		t.Fatal(err)
	}
	err = write(v)
	if _, bad := c["error"]; bad {
		wantErr(t, c, err)
		if !bytes.Equal(buf, before) {
			t.Errorf("a refused write changed the buffer: %x -> %x", before, buf)
		}
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	if got := hex.EncodeToString(buf); got != c["expect"].(map[string]any)["data"] {
		t.Errorf("buffer %s, want %s", got, c["expect"].(map[string]any)["data"])
	}
}

func runCopyCase(t *testing.T, c vcase) {
	runWriteCase(t, c, func(v *View) error {
		sl := func(k string) (*View, error) {
			r := c[k].([]any)
			return v.Slice(jbound(r[0]), jbound(r[1]), jbound(r[2]))
		}
		dst, err := sl("dst")
		if err != nil {
			return err
		}
		src, err := sl("src")
		if err != nil {
			return err
		}
		return dst.CopyFrom(src)
	})
}

func runSetCase(t *testing.T, c vcase) {
	runWriteCase(t, c, func(v *View) error {
		return v.Set(goValue(t, c["value"]), jints(c["index"])...)
	})
}

var vectorRunners = map[string]func(*testing.T, vcase){
	"view": runViewCase, "hex": runHexCase, "equal": runEqualCase, "copy": runCopyCase, "set": runSetCase,
}

func TestVectors(t *testing.T) {
	ran := 0
	for _, c := range loadVectors(t) {
		run, ok := vectorRunners[c["kind"].(string)]
		if !ok {
			t.Errorf("%v: unknown kind %v", c["id"], c["kind"])
			continue
		}
		if t.Run(c["id"].(string), func(t *testing.T) { run(t, c) }) {
			ran++
		}
	}
	t.Logf("%d cases passed", ran)
}
