//go:build memview_system

package raw

// Build tag memview_system: link the installed shared libmemview that
// pkg-config finds (PKG_CONFIG_PATH=<prefix>/lib/pkgconfig) instead of the
// bundled amalgamation (link_bundled.go); the program then needs
// libmemview.so.0 at run time (an rpath or LD_LIBRARY_PATH).

/*
#cgo pkg-config: memview
*/
import "C"

// Bundled reports whether the C library was compiled into the program (true)
// or is the system's shared libmemview (false, tag memview_system).
const Bundled = false
