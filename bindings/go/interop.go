package memview

import (
	"runtime"
	"sync"
	"unsafe"

	"memview.dev/memview/internal/interop"
)

// ExportFlags choose what ExportArrow and ExportDLPack do with a view that
// cannot leave zero-copy.
type ExportFlags uint

const (
	// ZeroCopy (the zero value): hand over the view's own memory, or fail
	// (ErrLayout for a strided view, ErrFormat for a byte-swapped or, for
	// Arrow, a record format).
	ZeroCopy ExportFlags = 0
	// CopyIfNeeded: copy the items once into native, contiguous memory owned
	// by the export when zero-copy is impossible (a record becomes an Arrow
	// struct array, one child per field).
	CopyIfNeeded ExportFlags = ExportFlags(interop.ExportCopy)
	// ForceCopy: always copy.
	ForceCopy ExportFlags = ExportFlags(interop.ExportForceCopy)
)

// ArrowArray is a 1-D view exported through the Arrow C Data Interface: an
// ArrowSchema and an ArrowArray in C memory. Hand them to an Arrow library,
// e.g. arrow-go's cdata:
//
//	a, _ := v.ExportArrow(memview.ZeroCopy)
//	defer a.Release()
//	_, arr, err := cdata.ImportCArray((*cdata.CArrowArray)(a.Array()), (*cdata.CArrowSchema)(a.Schema()))
//
// The consumer moves the structs' contents out (cdata does), which keeps the
// memory alive as long as its arrays live; Release frees what was not moved
// out. The export holds the view's buffer, so the View may be released first.
type ArrowArray struct {
	once          sync.Once
	schema, array unsafe.Pointer
	cleanup       runtime.Cleanup
}

// ExportArrow exports a 1-D view (see memview.h, mv_to_arrow_ex).
func (v *View) ExportArrow(flags ExportFlags) (*ArrowArray, error) {
	h, err := v.acquire("ExportArrow")
	if err != nil {
		return nil, err
	}
	defer v.done()
	s, a, st := interop.ToArrow(h, uint(flags))
	if st.Code != 0 {
		return nil, &Error{Code: Code(st.Code), Op: "ExportArrow", Message: st.Message}
	}
	e := &ArrowArray{schema: s, array: a}
	e.cleanup = runtime.AddCleanup(e, func(p [2]unsafe.Pointer) { interop.FreeArrow(p[0], p[1]) },
		[2]unsafe.Pointer{s, a})
	return e, nil
}

// Schema is the `struct ArrowSchema *` (C memory), valid until Release.
func (a *ArrowArray) Schema() unsafe.Pointer { return a.schema }

// Array is the `struct ArrowArray *` (C memory), valid until Release.
func (a *ArrowArray) Array() unsafe.Pointer { return a.array }

// Release releases whatever a consumer did not move out and frees the
// structs. Safe to call more than once.
func (a *ArrowArray) Release() {
	a.once.Do(func() {
		a.cleanup.Stop()
		interop.FreeArrow(a.schema, a.array)
	})
}

// FromArrow views an Arrow array without copying. array and schema point to
// a C Data Interface `struct ArrowArray` and `struct ArrowSchema` (e.g.
// from arrow-go's cdata.ExportArrowArray). Primitive numeric and
// fixed-size-binary arrays without nulls are accepted; on success the array
// is moved (its release is called once the last view of it is released),
// the schema stays the caller's. On failure nothing is taken. The view is
// read-only unless writable is true (Arrow arrays are immutable by contract).
func FromArrow(array, schema unsafe.Pointer, writable bool) (*View, error) {
	if array == nil || schema == nil {
		return nil, newErr(ErrInvalid, "FromArrow", "nil ArrowArray or ArrowSchema")
	}
	var flags uint
	if writable {
		flags = interop.ArrowWritable
	}
	h, st := interop.FromArrow(array, schema, flags)
	if st.Code != 0 {
		return nil, &Error{Code: Code(st.Code), Op: "FromArrow", Message: st.Message}
	}
	return wrap(h), nil
}

// ExportDLPack exports the view as a DLPack 1.x tensor (`DLManagedTensorVersioned *`,
// C memory) that the caller owns: hand it to a consumer, or pass it to
// DeleteDLPack exactly once. The tensor holds the view's buffer.
func (v *View) ExportDLPack(flags ExportFlags) (unsafe.Pointer, error) {
	h, err := v.acquire("ExportDLPack")
	if err != nil {
		return nil, err
	}
	defer v.done()
	t, st := interop.ToDLPack(h, uint(flags))
	if st.Code != 0 {
		return nil, &Error{Code: Code(st.Code), Op: "ExportDLPack", Message: st.Message}
	}
	return t, nil
}

// DeleteDLPack calls a tensor's deleter: for an ExportDLPack result that no
// consumer took.
func DeleteDLPack(t unsafe.Pointer) {
	if t != nil {
		interop.DeleteDLPack(t)
	}
}

// FromDLPack views a DLPack 1.x tensor (`DLManagedTensorVersioned *`, CPU)
// without copying, taking ownership of it on success (its deleter runs
// once, after the last view). Read-only when the tensor is flagged so or
// readOnly is true. On failure nothing is taken.
func FromDLPack(t unsafe.Pointer, readOnly bool) (*View, error) {
	if t == nil {
		return nil, newErr(ErrInvalid, "FromDLPack", "nil tensor")
	}
	var flags uint
	if readOnly {
		flags = interop.ReadOnly
	}
	h, st := interop.FromDLPack(t, flags)
	if st.Code != 0 {
		return nil, &Error{Code: Code(st.Code), Op: "FromDLPack", Message: st.Message}
	}
	return wrap(h), nil
}
