package memview

import "memview.dev/memview/internal/raw"

// Shared memory: views over named POSIX shared-memory segments (mv_shm_*).
// A name is given without the leading slash and means what it means to
// Python's multiprocessing.shared_memory.SharedMemory(name), so any process
// on the host (C, Python, Go, Rust) can create the segment and the others
// open it. Each call maps the segment once; the mapping belongs to the
// returned view and every view derived from it, and is unmapped when the last
// of them is released (Release, or the runtime cleanup of an unreachable
// view). The name lives on until UnlinkSharedMemory. Failures of the system
// calls are ErrSys, whose message names the call and errno's text ("No such
// file or directory", "File exists").

// CreateSharedMemory creates the segment name, size zeroed bytes, and returns
// a 1-D "B" view of it (read-only if readOnly). The name must be free. On
// failure no segment is left behind.
func CreateSharedMemory(name string, size int, readOnly bool) (*View, error) {
	if size < 0 {
		return nil, newErr(ErrSize, "CreateSharedMemory", "size %d is negative", size)
	}
	w := raw.Mvgo_shm_create(name, int64(size), shmFlags(readOnly))
	if raw.IsErr(w) {
		return nil, fromRecord("CreateSharedMemory", w)
	}
	return wrap(w), nil
}

// OpenSharedMemory opens the existing segment name and returns a 1-D "B"
// view of all of it, read-only (mapped PROT_READ) if readOnly.
func OpenSharedMemory(name string, readOnly bool) (*View, error) {
	w := raw.Mvgo_shm_open(name, shmFlags(readOnly))
	if raw.IsErr(w) {
		return nil, fromRecord("OpenSharedMemory", w)
	}
	return wrap(w), nil
}

// UnlinkSharedMemory removes the name; views of the segment, here or in
// other processes, stay valid until released.
func UnlinkSharedMemory(name string) error {
	if w := raw.Mvgo_shm_unlink(name); w != 0 {
		return fromRecord("UnlinkSharedMemory", w)
	}
	return nil
}

func shmFlags(readOnly bool) uint {
	if readOnly {
		return raw.FlagReadOnly
	}
	return 0
}
