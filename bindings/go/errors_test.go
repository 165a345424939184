package memview

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strings"
	"testing"

	"memview.dev/memview/internal/cproducer"
)

// Every library error code reachable from Go arrives as an *Error with the
// code and the library's own message (checked by a word it contains).
func TestEveryErrorPath(t *testing.T) {
	buf := []byte("0123456789ab")
	v := mustNew(t, buf)
	defer v.Release()
	ro := must(NewReadOnly([]byte("Immutable")))
	defer ro.Release()
	i32 := must(v.Cast("i"))
	defer i32.Release()
	u8 := must(v.Cast("B", 3, 4))
	defer u8.Release()
	f32 := must(v.Cast("f"))
	defer f32.Release()
	e16 := must(v.Cast("e"))
	defer e16.Release()
	odd := must(v.Slice(None, None, 2))
	defer odd.Release()
	cases := []struct {
		name string
		err  error
		code Code
		word string // in the library's message
	}{
		{"step 0", errOf(v.Slice(0, 1, 0)), ErrInvalid, "zero"},
		{"wrong number of indices", errOf(u8.Get(1)), ErrInvalid, "ind"},
		{"bad tobytes order", errOf(v.ToBytes('X')), ErrInvalid, "order"},
		{"non-ASCII hex separator", errOf(v.Hex(0xff, 1)), ErrInvalid, "sep"},
		{"unknown format", errOf(v.Cast("Z")), ErrFormat, "Z"},
		{"index out of range", errOf(v.Get(12)), ErrIndex, "bounds"},
		{"negative index out of range", errOf(v.Get(-13)), ErrIndex, "bounds"},
		{"sub-view out of range", errOf(v.Index(99)), ErrIndex, "bounds"},
		{"write to read-only", ro.Set(74, 0), ErrReadOnly, "read-only"},
		{"copy into read-only", ro.CopyFrom(ro), ErrReadOnly, "read-only"},
		{"cast of non-contiguous", errOf(odd.Cast("H")), ErrLayout, "contiguous"},
		{"copy between different formats", i32.CopyFrom(f32), ErrLayout, "format"},
		{"copy between different shapes", v.CopyFrom(odd), ErrLayout, "structure"},
		{"cast size mismatch", errOf(v.Cast("d")), ErrSize, ""},
		{"tobytes destination too small", errOf(v.ToBytesInto(make([]byte, 3), OrderC)), ErrSize, ""},
		{"shape overflow", errOf(v.Cast("B", 1<<40, 1<<40)), ErrOverflow, "overflow"},
		{"shape beyond PTRDIFF_MAX bytes", errOf(v.Cast("B", math.MaxInt/2, 4)), ErrOverflow, "overflow"},
		{"allocation too large", errOf(Alloc(math.MaxInt)), ErrNoMem, ""},
		{"float into integer", i32.Set(1.5, 0), ErrType, ""},
		{"bytes into integer", i32.Set([]byte("x"), 0), ErrType, ""},
		{"256 into B", v.Set(256, 0), ErrValue, "value"},
		{"-1 into B", v.Set(-1, 0), ErrValue, "value"},
		{"too large for half float", e16.Set(1e10, 0), ErrValue, ""},
	}
	for _, c := range cases {
		var e *Error
		if !errors.As(c.err, &e) {
			t.Errorf("%s: got %v (%T), want an *Error", c.name, c.err, c.err)
			continue
		}
		if e.Code != c.code || !errors.Is(c.err, c.code) {
			t.Errorf("%s: code %d (%v), want %d", c.name, e.Code, c.err, c.code)
		}
		if e.Message == "" || e.Message == c.code.Error() || !strings.Contains(e.Message, c.word) {
			t.Errorf("%s: message %q is not the library's (want one mentioning %q)", c.name, e.Message, c.word)
		}
		if !strings.HasPrefix(e.Error(), "memview: ") || !strings.Contains(e.Error(), e.Message) {
			t.Errorf("%s: Error() = %q", c.name, e.Error())
		}
	}
	if string(buf) != "0123456789ab" {
		t.Fatalf("a failed call wrote to the buffer: %q", buf)
	}
}

// Errors found by the binding itself (Go values the C API cannot express,
// released views) are *Error values too.
func TestBindingErrors(t *testing.T) {
	v := mustNew(t, []byte("abcd"))
	cases := []struct {
		name string
		err  error
		code Code
	}{
		{"unsupported Go type", v.Set(struct{}{}, 0), ErrType},
		{"negative Alloc", errOf(Alloc(-1)), ErrInvalid},
		{"nil FromC", errOf(FromC(nil)), ErrInvalid},
		{"typed accessor of the wrong format", errOf(v.Float32s()), ErrFormat},
	}
	v.Release()
	var nilView *View
	released := []struct {
		name string
		err  error
	}{
		{"Slice", errOf(v.Slice(0, 1, 1))}, {"SliceND", errOf(v.SliceND())}, {"Index", errOf(v.Index(0))},
		{"Cast", errOf(v.Cast("B"))}, {"CastOffset", errOf(v.CastOffset(1, "B"))}, {"Field", errOf(v.Field(0))},
		{"ToReadOnly", errOf(v.ToReadOnly())}, {"Get", errOf(v.Get(0))}, {"Set", v.Set(1, 0)},
		{"Values", errOf(v.Values())}, {"ToList", errOf(v.ToList())}, {"ToBytes", errOf(v.ToBytes(OrderC))},
		{"ToBytesInto", errOf(v.ToBytesInto(nil, OrderC))}, {"Hex", errOf(v.Hex(0, 0))},
		{"Equal", errOf(v.Equal(v))}, {"Equal other", errOf(nilView.Equal(v))}, {"CopyFrom", v.CopyFrom(v)},
		{"Bytes", errOf(v.Bytes())}, {"Float32s", errOf(v.Float32s())}, {"RetainC", errOf(v.RetainC())},
		{"nil view", errOf(nilView.Slice(0, 1, 1))},
	}
	for _, c := range released {
		cases = append(cases, struct {
			name string
			err  error
			code Code
		}{"released " + c.name, c.err, ErrReleased})
	}
	for _, c := range cases {
		var e *Error
		if !errors.As(c.err, &e) || e.Code != c.code || !errors.Is(c.err, c.code) || e.Message == "" {
			t.Errorf("%s: %v, want code %d", c.name, c.err, c.code)
		}
	}
	if v.Len() != 0 || v.Format() != "" || v.Shape() != nil || !v.ReadOnly() || !v.Released() {
		t.Errorf("getters of a released view: len %d format %q shape %v", v.Len(), v.Format(), v.Shape())
	}
	v.Release() // idempotent
	nilView.Release()
}

func TestCodes(t *testing.T) {
	if ErrIndex.Error() == "" || ErrReleased.Error() == "" || errors.Is(ErrIndex, ErrValue) {
		t.Fatal("codes")
	}
	if got := Code(-99).Error(); got != "unknown error" {
		t.Fatalf("unknown code: %q", got)
	}
	if v := Version(); !regexp.MustCompile(`^\d+\.\d+\.\d+$`).MatchString(v) {
		t.Fatalf("Version() = %q", v)
	}
}

// A stride-0 view from C can describe far more bytes than exist: copying it
// out is an error, never a panic, and small ones work.
func TestHugeLogicalViews(t *testing.T) {
	small := must(FromC(cproducer.Broadcast(5)))
	defer small.Release()
	if got := must(small.Hex(0, 0)); got != "0707070707" || fmt.Sprint(small.Strides()) != "[0]" {
		t.Fatalf("broadcast view: %s strides %v", got, small.Strides())
	}
	huge := must(FromC(cproducer.Broadcast(1 << 60)))
	defer huge.Release()
	for name, err := range map[string]error{
		"ToBytes": errOf(huge.ToBytes(OrderC)), "Hex": errOf(huge.Hex(0, 0)),
		"Values": errOf(huge.Values()), "ToList": errOf(huge.ToList()),
	} {
		if !errors.Is(err, ErrNoMem) {
			t.Errorf("%s of 2^60 logical bytes: %v, want ErrNoMem", name, err)
		}
	}
	if x := must(huge.Get(1<<60 - 1)); x != uint64(7) {
		t.Fatalf("last item %v", x)
	}
}
