package memview

import "memview.dev/memview/internal/raw"

// Bundled reports how the C library is linked: true for the default build,
// which compiles the bundled amalgamation into the program (so `go build`
// needs only a C/C++ compiler and the program needs no libmemview), false
// under the memview_system build tag, which links the installed shared
// libmemview found by pkg-config.
const Bundled = raw.Bundled
