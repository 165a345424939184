//! Property tests: slicing and casting agree with a pure-Rust reference (Python's slice rules,
//! `from_le_bytes`/`from_be_bytes` decoding, row-major index arithmetic).
mod common;
use common::py_indices;
use memview::{Order, Slice, Value, View};
use proptest::prelude::*;

fn bound() -> impl Strategy<Value = Option<isize>> {
    prop::option::of(-80isize..80)
}

fn step() -> impl Strategy<Value = isize> {
    prop_oneof![-9isize..=-1, 1isize..=9]
}

/// (format, itemsize, decoder of one item's bytes)
type Decode = fn(&[u8]) -> Value;
fn formats() -> Vec<(&'static str, usize, Decode)> {
    vec![
        ("B", 1, |b| Value::UInt(b[0] as u64)),
        ("b", 1, |b| Value::Int(b[0] as i8 as i64)),
        ("<h", 2, |b| {
            Value::Int(i16::from_le_bytes(b.try_into().unwrap()) as i64)
        }),
        (">H", 2, |b| {
            Value::UInt(u16::from_be_bytes(b.try_into().unwrap()) as u64)
        }),
        (">i", 4, |b| {
            Value::Int(i32::from_be_bytes(b.try_into().unwrap()) as i64)
        }),
        ("<I", 4, |b| {
            Value::UInt(u32::from_le_bytes(b.try_into().unwrap()) as u64)
        }),
        ("<q", 8, |b| {
            Value::Int(i64::from_le_bytes(b.try_into().unwrap()))
        }),
        (">Q", 8, |b| {
            Value::UInt(u64::from_be_bytes(b.try_into().unwrap()))
        }),
        ("<f", 4, |b| {
            Value::Float(f32::from_le_bytes(b.try_into().unwrap()) as f64)
        }),
        (">f", 4, |b| {
            Value::Float(f32::from_be_bytes(b.try_into().unwrap()) as f64)
        }),
        (">d", 8, |b| {
            Value::Float(f64::from_be_bytes(b.try_into().unwrap()))
        }),
    ]
}

/// Value equality where NaN payloads compare by bits.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Float(x), Value::Float(y)) => x.to_bits() == y.to_bits() || x == y,
        _ => a == b,
    }
}

proptest! {
    #[test]
    fn python_slices(data in prop::collection::vec(any::<u8>(), 0..64),
                     start in bound(), stop in bound(), step in step()) {
        let v = View::from_slice(&data);
        let want: Vec<u8> = py_indices(data.len(), start, stop, step).iter().map(|&i| data[i]).collect();
        let s = v.slice_py(start, stop, step).unwrap();
        prop_assert_eq!(s.len(), want.len());
        prop_assert_eq!(s.to_bytes(Order::C).unwrap(), want);
    }

    #[test]
    fn rust_range_slices(data in prop::collection::vec(any::<u8>(), 0..64),
                         a in -80isize..80, b in -80isize..80, step in step(), inclusive: bool) {
        let v = View::from_slice(&data);
        let (s, picked) = if inclusive {
            let stop = if b == -1 { None } else { Some(b + 1) };
            (v.slice(a..=b, step).unwrap(), py_indices(data.len(), Some(a), stop, 1))
        } else {
            (v.slice(a..b, step).unwrap(), py_indices(data.len(), Some(a), Some(b), 1))
        };
        let mut order = picked;
        if step < 0 {
            order.reverse();
        }
        let want: Vec<u8> = order.iter().step_by(step.unsigned_abs()).map(|&i| data[i]).collect();
        prop_assert_eq!(s.to_bytes(Order::C).unwrap(), want);
    }

    #[test]
    fn casts_decode_like_from_bytes(data in prop::collection::vec(any::<u8>(), 0..96),
                                    which in 0usize..11, offset in 0usize..16) {
        let (fmt, size, decode) = formats()[which];
        let offset = offset.min(data.len());
        let usable = (data.len() - offset) / size * size;
        let bytes = &data[..offset + usable];
        let v = View::from_slice(bytes);
        let c = v.cast_offset(fmt, None, offset).unwrap();
        prop_assert_eq!(c.len(), usable / size);
        prop_assert_eq!(c.itemsize(), size);
        let items = c.to_list().unwrap();
        for (i, chunk) in bytes[offset..].chunks_exact(size).enumerate() {
            let want = decode(chunk);
            prop_assert!(same(&c.get(&[i as isize]).unwrap(), &want), "item {} of {}", i, fmt);
            prop_assert!(same(&items[i], &want));
        }
        // the bytes survive a round trip through the cast
        prop_assert_eq!(c.cast("B", None).unwrap().to_bytes(Order::C).unwrap(), &bytes[offset..]);
        if usable != data.len() - offset {
            let full = View::from_slice(&data);
            prop_assert_eq!(full.cast_offset(fmt, None, offset).unwrap_err().code(),
                            memview::ErrorCode::Size);
        }
    }

    #[test]
    fn two_dimensional_slices(rows in 1isize..7, cols in 1isize..7,
                              r in (bound(), bound(), step()), c in (bound(), bound(), step())) {
        let data: Vec<u8> = (0..(rows * cols) as u8).collect();
        let m = View::from_slice(&data).cast("B", Some(&[rows, cols])).unwrap();
        let s = m.slice_nd(&[Slice::py(r.0, r.1, r.2), Slice::py(c.0, c.1, c.2)]).unwrap();
        let ri = py_indices(rows as usize, r.0, r.1, r.2);
        let ci = py_indices(cols as usize, c.0, c.1, c.2);
        prop_assert_eq!(s.shape(), &[ri.len() as isize, ci.len() as isize][..]);
        let want: Vec<u8> = ri.iter().flat_map(|&i| ci.iter().map(move |&j| (i * cols as usize + j) as u8)).collect();
        prop_assert_eq!(s.to_bytes(Order::C).unwrap(), want);
    }
}
