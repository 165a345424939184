//go:build linux

package raw

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

// An installed libmemview older than this module must stop a memview_system
// build with one message naming the versions (link_system.go), not with a C
// compiler error about a missing declaration (issue 13's leftover).
func TestSystemBuildNamesTheVersionItNeeds(t *testing.T) {
	if Bundled {
		t.Skip("the check belongs to -tags memview_system builds; test.sh's memview_system suite runs this test")
	}
	for _, tc := range []struct{ version, major, minor, patch string }{
		{"0.0.9", "0", "0", "9"}, // older
		{"0.2.0", "0", "2", "0"}, // the next 0.x minor: another ABI
	} {
		prefix := t.TempDir()
		header, err := os.ReadFile("memview.h")
		if err != nil {
			t.Fatal(err)
		}
		text := string(header)
		for name, value := range map[string]string{"MAJOR": tc.major, "MINOR": tc.minor, "PATCH": tc.patch} {
			text = regexp.MustCompile(`#define MV_VERSION_`+name+` \d+`).ReplaceAllString(text, "#define MV_VERSION_"+name+" "+value)
		}
		write(t, filepath.Join(prefix, "include", "memview.h"), text)
		write(t, filepath.Join(prefix, "memview.pc"), "prefix="+prefix+"\nName: memview\nDescription: an older memview\n"+
			"Version: "+tc.version+"\nLibs: -L${prefix}/lib -lmemview\nCflags: -I${prefix}/include\n")
		cmd := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "build", "-tags", "memview_system", ".")
		// The go build cache keys cgo on flags and files, not on what pkg-config
		// returns or the headers it points at: without a flag naming this prefix a
		// cached build made with the real header would be reused and succeed.
		cflags := os.Getenv("CGO_CFLAGS")
		if cflags == "" {
			cflags = "-O2 -g"
		}
		cmd.Env = append(os.Environ(), "PKG_CONFIG_PATH="+prefix, "PKG_CONFIG_LIBDIR="+prefix, "CGO_ENABLED=1",
			"CGO_CFLAGS="+cflags+" -DMV_FAKE_PREFIX="+prefix)
		out, err := cmd.CombinedOutput()
		if err == nil {
			t.Fatalf("libmemview %s: the memview_system build succeeded", tc.version)
		}
		if !strings.Contains(string(out), "needs libmemview >= ") {
			t.Fatalf("libmemview %s: the build failed without naming the version it needs:\n%s", tc.version, out)
		}
	}
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
