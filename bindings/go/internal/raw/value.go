package raw

// Value mirrors C's mv_value (memview.h); memview.i asserts the C layout and
// layout_test.go the Go one. Bytes is an address, kept as an integer so that
// C never writes a Go pointer into Go memory: from mv_get/mv_unpack it points
// into the view's buffer; for mv_set it points into memory the caller has
// pinned for the duration of the call.
type Value struct {
	Kind  int32
	Code  byte
	_     [3]byte
	I     int64
	U     uint64
	F     float64
	Bytes uintptr
	Len   uintptr
}

// Kinds of Value (mv_kind).
const (
	KindInt   = 1
	KindUint  = 2
	KindFloat = 3
	KindBool  = 4
	KindBytes = 5
	KindText  = 6 // no value: formats u, w (memview.h, group "text")
)

// FlagReadOnly is MV_READONLY, a flag of mv_create.
const FlagReadOnly = 1

// None is MV_NONE (PTRDIFF_MIN): an omitted slice bound.
const None = -1 << 63

// MaxNDim is MV_MAX_NDIM.
const MaxNDim = 64

// IsErr reports whether a shim's result is an error record.
func IsErr(w uintptr) bool { return w&1 != 0 }
