package main

import (
	"encoding/binary"
	"fmt"
	"math"

	"memview.dev/memview"
)

// Example 2: float32 values viewed as bytes and back; the packed record
// '>if' (42, 3.14) read with explicit byte order.
func casting(string) string {
	floats := []float32{1.5, 2.718, 3.14159}
	buf := make([]byte, 4*len(floats)) // array.array('f', ...): native order
	for i, f := range floats {
		binary.NativeEndian.PutUint32(buf[4*i:], math.Float32bits(f))
	}
	mvFloats := must(must(memview.New(buf)).Cast("f"))
	defer mvFloats.Release()
	mvBytes := must(mvFloats.Cast("B"))
	defer mvBytes.Release()
	check(mvBytes.Len() == 12, "cast('B') has %d bytes", mvBytes.Len())
	fmt.Printf("as bytes     %d bytes, first 8: %v\n", mvBytes.Len(), must(mvBytes.Values())[:8])
	mvCast := must(mvBytes.Cast("f"))
	defer mvCast.Release()
	back := must(mvCast.Float32s()) // zero-copy []float32 over buf
	fmt.Printf("back to f    %v\n", back)
	for i := range floats {
		check(back[i] == floats[i], "roundtrip item %d: %v != %v", i, back[i], floats[i])
	}

	data := make([]byte, 8) // struct.pack('>if', 42, 3.14)
	binary.BigEndian.PutUint32(data, 42)
	binary.BigEndian.PutUint32(data[4:], math.Float32bits(3.14))
	mv := must(memview.NewReadOnly(data))
	defer mv.Release()
	asInt := must(mv.Cast(">i"))
	defer asInt.Release()
	asFloat := must(mv.CastOffset(4, ">f"))
	defer asFloat.Release()
	intVal := must(asInt.Get(0)).(int64)
	floatVal := must(asFloat.Get(0)).(float64)
	fmt.Printf("'>if' bytes  % x -> cast('>i')[0] = %d, cast('>f', offset=4)[0] = %.6f\n", data, intVal, floatVal)
	check(intVal == 42 && floatVal == float64(float32(3.14)), "record read as %d %v", intVal, floatVal)
	return fmt.Sprintf("%d %.6f roundtrip ok", intVal, floatVal)
}
