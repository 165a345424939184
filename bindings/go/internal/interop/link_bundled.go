//go:build !memview_system

package interop

// The default build: the mv_* functions this package's C code calls are the
// ones package raw compiles in (internal/raw/memview.cpp, the amalgamation);
// importing raw links them into every program that uses this package.

/*
#cgo CFLAGS: -I${SRCDIR}/../raw
*/
import "C"

import _ "memview.dev/memview/internal/raw"
