package raw

import (
	"testing"
	"unsafe"
)

// The C side asserts the same numbers for mv_value (memview.i).
func TestValueMirrorsMvValue(t *testing.T) {
	var v Value
	got := []uintptr{unsafe.Sizeof(v), unsafe.Offsetof(v.Kind), unsafe.Offsetof(v.Code), unsafe.Offsetof(v.I),
		unsafe.Offsetof(v.U), unsafe.Offsetof(v.F), unsafe.Offsetof(v.Bytes), unsafe.Offsetof(v.Len)}
	want := []uintptr{48, 0, 4, 8, 16, 24, 32, 40}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("Value layout %v, want %v", got, want)
		}
	}
}

func TestErrorRecordCarriesTheMessage(t *testing.T) {
	w := Mvgo_alloc(4)
	defer Mvgo_release(w)
	e := Mvgo_slice(w, 0, 1, 0)
	if !IsErr(e) || Mvgo_err_code(e) != -1 || Mvgo_err_msg(e) != "slice step cannot be zero" {
		t.Fatalf("record %x code %d msg %q", e, Mvgo_err_code(e), Mvgo_err_msg(e))
	}
	Mvgo_err_free(e)
}
