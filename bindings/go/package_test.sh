#!/usr/bin/env bash
# The Go module as users get it, on a machine without libmemview: in a module
# outside the repository, `go get memview.dev/memview` (replaced by this
# checkout: it is not published), then `go build` and run the guide's first example
# (testdata/outside/main.go) with only a C/C++ compiler: no PKG_CONFIG_PATH
# (pkg-config cannot see any libmemview), no LD_LIBRARY_PATH. The binary must
# not need libmemview.so. The module's files are first checked for what a
# module zip would drop (symbolic links, irregular files): the build must not
# depend on them. Then the same from a module zip served by a file:// proxy.
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

# The same from a module proxy, as `go get` from the internet would: the
# module zip holds only the regular files under bindings/go (as the go
# command's zips do: no symbolic links, no files of the repository outside
# the module), served by a file:// GOPROXY at version v$(cat VERSION).
version="v$(cat "$here/../../VERSION")"
proxy="$work/proxy/memview.dev/memview/@v"
mkdir -p "$proxy"
(cd "$here" && git ls-files -co --exclude-standard . 2>/dev/null || find . -type f) |
  python3 -c '
import os, sys, zipfile
here, version, out = sys.argv[1:4]
prefix = "memview.dev/memview@%s/" % version
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for rel in sorted(line.strip() for line in sys.stdin if line.strip()):
        rel = os.path.normpath(rel)
        path = os.path.join(here, rel)
        if os.path.islink(path) or not os.path.isfile(path):
            continue
        z.write(path, prefix + rel.replace(os.sep, "/"))
' "$here" "$version" "$proxy/$version.zip"
cp "$here/go.mod" "$proxy/$version.mod"
echo "$version" >"$proxy/list"
printf '{"Version":"%s","Time":"2026-01-01T00:00:00Z"}\n' "$version" >"$proxy/$version.info"
mkdir "$work/app2"
cp "$here/testdata/outside/main.go" "$work/app2/"
echo "== go get memview.dev/memview@$version from a module proxy (file://), then go build"
(cd "$work/app2" && go mod init example.com/outside >/dev/null 2>&1 &&
   GOPROXY="file://$work/proxy" GOSUMDB=off GOMODCACHE="$work/modcache" GOFLAGS=-modcacherw \
     go get "memview.dev/memview@$version" &&
   GOPROXY=off GOMODCACHE="$work/modcache" GOFLAGS=-modcacherw go build -o "$work/outside2" .)
"$work/outside2" | tee "$work/out2.txt"
grep -qx "Jello, world!" "$work/out2.txt" || { echo "go: the example printed something else" >&2; exit 1; }
if readelf -d "$work/outside2" | grep -q 'NEEDED.*libmemview'; then
  echo "go: the program needs libmemview.so" >&2; exit 1
fi
echo "go: module zip OK ($(python3 -c 'import sys, zipfile; print(len(zipfile.ZipFile(sys.argv[1]).namelist()))' "$proxy/$version.zip") files)"
