package memview

import (
	"errors"
	"math"
	"testing"
)

// Go integers wider than the C parameter they feed are refused, never
// narrowed (issue 15: Hex(':', 1<<32+2) used to act as Hex(':', 2)).
func TestHexCountOutsideCIntIsRefused(t *testing.T) {
	v := mustNew(t, []byte{1, 2, 3, 4, 5})
	defer v.Release()
	for _, n := range []int{1<<32 + 2, math.MaxInt32 + 1, math.MinInt32 - 1, math.MaxInt64, math.MinInt64} {
		got, err := v.Hex(':', n)
		if !errors.Is(err, ErrOverflow) || got != "" {
			t.Errorf("Hex(':', %d) = %q, %v; want ErrOverflow", n, got, err)
		}
	}
	// The extremes of a C int still work: one group wider than the data.
	for _, n := range []int{math.MaxInt32, math.MinInt32} {
		if got, err := v.Hex(':', n); err != nil || got != "0102030405" {
			t.Errorf("Hex(':', %d) = %q, %v", n, got, err)
		}
	}
	if got, err := v.Hex(':', 2); err != nil || got != "01:0203:0405" {
		t.Errorf("Hex(':', 2) = %q, %v", got, err)
	}
}
