module memview.dev/examples

go 1.24

require memview.dev/memview v0.0.0

replace memview.dev/memview => ../../bindings/go
