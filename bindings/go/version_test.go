package memview

import (
	"strings"
	"testing"
)

// majorMinor is "X.Y" of "X.Y.Z".
func majorMinor(v string) string {
	parts := strings.SplitN(v, ".", 3)
	if len(parts) < 3 {
		return ""
	}
	return parts[0] + "." + parts[1]
}

// The bundled library is the module's own version; a system library
// (memview_system) may be any release of the same major.minor (one ABI).
func TestModuleVersion(t *testing.T) {
	if Bundled && Version() != ModuleVersion {
		t.Fatalf("bundled libmemview %s, module %s", Version(), ModuleVersion)
	}
	if mm := majorMinor(ModuleVersion); mm == "" || majorMinor(Version()) != mm {
		t.Fatalf("libmemview %s is not ABI-compatible with module %s", Version(), ModuleVersion)
	}
}
