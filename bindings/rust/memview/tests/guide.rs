//! The memoryview guide's examples (../shared/memoryview-guide.txt), in Rust.
// The guide's literal data (3.14, 2.718), not approximations of constants.
#![allow(clippy::approx_constant)]
use memview::{Order, Value, View};

#[test]
fn basic_creation_and_slicing() {
    // ba = bytearray(b"Hello, world!"); mv = memoryview(ba)
    let mut ba = *b"Hello, world!";
    let mut mv = View::from_mut_slice(&mut ba);
    assert_eq!(mv.to_bytes(Order::C).unwrap(), b"Hello, world!");
    assert_eq!(mv.get(&[0]).unwrap(), Value::UInt(72));
    assert_eq!(
        mv.slice(0..5, 1).unwrap().to_bytes(Order::C).unwrap(),
        b"Hello"
    );
    // mv[0] = ord('J') changes the bytearray
    mv.set(&[0], b'J').unwrap();
    drop(mv);
    assert_eq!(&ba, b"Jello, world!");
    // memoryview(b"Immutable"): reads work, writes are refused
    let mut mv_bytes = View::from_slice(b"Immutable");
    assert_eq!(mv_bytes.get(&[0]).unwrap(), Value::UInt(73));
    let e = mv_bytes.set(&[0], 74).unwrap_err();
    assert_eq!(e.code(), memview::ErrorCode::ReadOnly);
}

#[test]
fn casting_and_formats() {
    // floats = array.array('f', [1.5, 2.718, 3.14159]); mv_floats = memoryview(floats)
    let floats = [1.5f32, 2.718, 3.14159];
    let raw: Vec<u8> = floats.iter().flat_map(|f| f.to_ne_bytes()).collect();
    let mv_floats = View::from_slice(&raw).cast("f", None).unwrap();
    let mv_bytes = mv_floats.cast("B", None).unwrap();
    assert_eq!(mv_bytes.len(), 12);
    let first8: Vec<Value> = mv_bytes.to_list().unwrap().into_iter().take(8).collect();
    let want: Vec<Value> = raw[..8].iter().map(|&b| Value::from(b)).collect();
    assert_eq!(first8, want);
    let mv_cast = mv_bytes.cast("f", None).unwrap();
    let back: Vec<f32> = mv_cast
        .to_list()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap() as f32)
        .collect();
    assert_eq!(back, floats);
    assert_eq!(mv_cast.as_slice::<f32>(), Some(&floats[..]));
    // data = struct.pack('>if', 42, 3.14)
    let mut data = 42i32.to_be_bytes().to_vec();
    data.extend(3.14f32.to_be_bytes());
    let mv = View::from_slice(&data);
    let int_val = mv.cast(">i", None).unwrap().get(&[0]).unwrap();
    let float_val = mv.cast_offset(">f", None, 4).unwrap().get(&[0]).unwrap();
    assert_eq!(int_val, Value::Int(42));
    assert_eq!(format!("{:.2}", float_val.as_f64().unwrap()), "3.14");
}

#[test]
fn earthquake_signal_zero_copy() {
    // a float32 series viewed without a copy, stats over the view, one value changed in place
    let n = 100_000;
    let samples: Vec<f32> = (0..n)
        .map(|i| ((i * 7919) % 2001) as f32 / 1000.0 - 1.0)
        .collect();
    let raw: Vec<u8> = samples.iter().flat_map(|f| f.to_ne_bytes()).collect();
    let mv_ba = View::from(raw);
    let accel = mv_ba.cast("f", None).unwrap();
    let view = accel.as_slice::<f32>().unwrap();
    let mean = view.iter().map(|&x| x as f64).sum::<f64>() / n as f64;
    let max_abs = view.iter().fold(0f32, |m, &x| m.max(x.abs()));
    let want_mean = samples.iter().map(|&x| x as f64).sum::<f64>() / n as f64;
    assert_eq!(mean, want_mean);
    assert_eq!(max_abs, 1.0);
    drop(accel);
    // mv_ba.cast('f')[0] = 999.0 — through a cast of the only handle
    let mut as_f = mv_ba.cast("f", None).unwrap();
    drop(mv_ba);
    as_f.set(&[0], 999.0).unwrap();
    let again = as_f.cast("B", None).unwrap().cast("f", None).unwrap();
    assert_eq!(again.as_slice::<f32>().unwrap()[0], 999.0);
}

#[test]
fn best_practices_accessors() {
    let mut backing = *b"abcdefgh";
    let mv = View::from_mut_slice(&mut backing);
    assert_eq!(
        (
            mv.len(),
            mv.readonly(),
            mv.format(),
            mv.itemsize(),
            mv.nbytes()
        ),
        (8, false, "B", 1, 8)
    );
    let m = mv.cast("h", Some(&[2, 2])).unwrap();
    assert_eq!(
        (m.ndim(), m.shape(), m.strides()),
        (2, &[2isize, 2][..], &[4isize, 2][..])
    );
    assert_eq!(mv.slice(1..3, 1).unwrap().hex(None, 0).unwrap(), "6263");
    assert_eq!(View::from_slice(b"abc").to_list().unwrap().len(), 3);
}
