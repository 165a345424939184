#!/usr/bin/env bash
# The Go module as users get it, on a machine without libmemview: in a module
# outside the repository, `go get memview.dev/memview` (replaced by this
# checkout: it is not published), then `go build` and run the guide's first example
# (testdata/outside/main.go) with only a C/C++ compiler: no PKG_CONFIG_PATH
# (pkg-config cannot see any libmemview), no LD_LIBRARY_PATH. The binary must
# not need libmemview.so. The module's files are first checked for what a
# module zip would drop (symbolic links, irregular files): the build must not
# depend on them.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
[ -d /usr/local/go/bin ] && export PATH="/usr/local/go/bin:$PATH"
command -v go >/dev/null || { echo "go: go not found" >&2; exit 1; }
work="$(mktemp -d)"
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
unset PKG_CONFIG_PATH LD_LIBRARY_PATH CGO_CFLAGS CGO_CXXFLAGS CGO_LDFLAGS
mkdir "$work/no-pc"
export PKG_CONFIG_LIBDIR="$work/no-pc"
if pkg-config --exists memview 2>/dev/null; then
  echo "go: pkg-config still finds memview" >&2; exit 1
fi
irregular="$(cd "$here" && find . ! -type f ! -type d)"
if [ -n "$irregular" ]; then
  echo "go: not regular files (a module zip leaves them out): $irregular" >&2; exit 1
fi

mkdir "$work/app"
cp "$here/testdata/outside/main.go" "$work/app/"
echo "== go get memview.dev/memview (replaced by this checkout) in an outside module"
(cd "$work/app" && go mod init example.com/outside >/dev/null 2>&1 &&
   go mod edit -replace "memview.dev/memview=$here" &&
   GOPROXY=off go get memview.dev/memview)
echo "== go build (outside module, bundled default)"
(cd "$work/app" && go build -o "$work/outside" .)
if readelf -d "$work/outside" | grep -q 'NEEDED.*libmemview'; then
  echo "go: the program needs libmemview.so" >&2; exit 1
fi
"$work/outside" | tee "$work/out.txt"
grep -qx "Jello, world!" "$work/out.txt" && grep -q "bundled=true" "$work/out.txt" ||
  { echo "go: the example printed something else" >&2; exit 1; }
echo "go: outside module OK (needs: $(readelf -d "$work/outside" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' '))"
