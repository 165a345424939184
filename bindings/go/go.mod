module memview.dev/memview

go 1.24
