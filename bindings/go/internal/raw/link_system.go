//go:build memview_system

package raw

// Build tag memview_system: link the installed shared libmemview that
// pkg-config finds (PKG_CONFIG_PATH=<prefix>/lib/pkgconfig) instead of the
// bundled amalgamation (link_bundled.go); the program then needs
// libmemview.so.0 at run time (an rpath or LD_LIBRARY_PATH).
//
// The version check below turns an installed libmemview this module cannot
// use (older, or of another ABI: 0.x minors break) into one error naming the
// versions, instead of a C compiler error about some missing declaration.
// scripts/version.py keeps its numbers equal to VERSION.

/*
#cgo pkg-config: memview
#include <memview.h>
#if !defined(MV_VERSION_NUMBER) || MV_VERSION_NUMBER < 100 || MV_VERSION_NUMBER >= 200
#error "memview: -tags memview_system needs libmemview >= 0.1.0, < 0.2.0; the memview.h pkg-config found is another version (pkg-config --modversion memview says which). Install a matching libmemview, or build without the tag to use the bundled library."
#endif
*/
import "C"

// Bundled reports whether the C library was compiled into the program (true)
// or is the system's shared libmemview (false, tag memview_system).
const Bundled = false
