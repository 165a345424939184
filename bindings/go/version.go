package memview

// ModuleVersion is the version of this Go module (released under the tag
// bindings/go/vX.Y.Z) and of the C library it bundles; the repository's
// VERSION file is its source (scripts/version.py checks the copy here).
const ModuleVersion = "0.1.0"
