//! Views of caller memory with an explicit layout (`from_strided`), and copies within one
//! buffer (`copy_within`): the API reach issue 15 asked for, with every error path.
mod common;
use common::assert_err;
use memview::{ErrorCode, Order, Slice, Value, View};

#[test]
fn from_strided_layouts() {
    let data: Vec<u8> = (0..12).collect();
    // Reversed: the first item is the last byte.
    let rev = View::from_strided(&data, 11, "B", &[12], Some(&[-1])).unwrap();
    assert_eq!(
        rev.to_bytes(Order::C).unwrap(),
        (0..12).rev().collect::<Vec<u8>>()
    );
    assert_eq!(rev.strides(), &[-1]);
    // Fortran-ordered 3x2 '<H' matrix: to_bytes('A') gives the memory back.
    let f = View::from_strided(&data, 0, "<H", &[3, 2], Some(&[2, 6])).unwrap();
    assert!(f.is_f_contiguous() && !f.is_c_contiguous());
    assert_eq!(f.to_bytes(Order::A).unwrap(), data);
    assert_eq!(
        f.get(&[1, 1]).unwrap(),
        Value::UInt(u64::from(u16::from_le_bytes([8, 9])))
    );
    // C-contiguous by default, at an offset; 0-d; empty at the very end.
    let c = View::from_strided(&data, 4, "i", &[2], None).unwrap();
    assert_eq!(c.strides(), &[4]);
    let z = View::from_strided(&data, 8, "<I", &[], None).unwrap();
    assert_eq!(z.ndim(), 0);
    assert_eq!(z.get(&[]).unwrap(), Value::UInt(0x0b0a0908));
    let e = View::from_strided(&data, 12, "d", &[0], None).unwrap();
    assert!(e.is_empty());
}

#[test]
fn from_strided_errors() {
    let data = [0u8; 8];
    assert_err(
        View::from_strided(&data, 9, "B", &[0], None),
        ErrorCode::Index,
        "past the end",
    );
    assert_err(
        View::from_strided(&data, 0, "B", &[2], Some(&[1, 1])),
        ErrorCode::InvalidArgument,
        "differ in length",
    );
    assert_err(
        View::from_strided(&data, 0, "B", &[9], None),
        ErrorCode::Size,
        "outside",
    );
    assert_err(
        View::from_strided(&data, 4, "d", &[1], None),
        ErrorCode::Size,
        "outside",
    );
    assert_err(
        View::from_strided(&data, 0, "B", &[2], Some(&[-1])),
        ErrorCode::Size,
        "outside",
    );
    assert_err(
        View::from_strided(&data, 0, "B", &[-1], None),
        ErrorCode::InvalidArgument,
        "negative",
    );
    assert_err(
        View::from_strided(&data, 0, "y", &[1], None),
        ErrorCode::Format,
        "",
    );
    assert_err(
        View::from_strided(&data, 0, "B", &[1; 65], None),
        ErrorCode::InvalidArgument,
        "ndim",
    );
}

#[test]
fn from_strided_mut_writes_and_read_only_refuses() {
    let mut data = [0u8; 6];
    {
        let mut v = View::from_strided_mut(&mut data, 5, "B", &[3], Some(&[-2])).unwrap();
        for i in 0..3 {
            v.set(&[i], 10 + i as u8).unwrap();
        }
    }
    assert_eq!(data, [0, 12, 0, 11, 0, 10]);
    let mut ro = View::from_strided(&data, 0, "B", &[3], Some(&[2])).unwrap();
    assert_err(ro.set(&[0], 1u8), ErrorCode::ReadOnly, "read-only");
    assert_eq!(data, [0, 12, 0, 11, 0, 10]);
}

#[test]
fn copy_within_overlapping_and_errors() {
    let mut v = View::from(b"0123456789ab".to_vec());
    v.copy_within(&[Slice::from(0..8)], &[Slice::from(2..10)])
        .unwrap();
    assert_eq!(v.as_bytes(), Some(&b"2345678989ab"[..])); // v[0:8] = v[2:10]
                                                          // N-d: swap-free row copy in a 3x4 grid.
    let mut g = View::from((0u8..12).collect::<Vec<u8>>())
        .cast("B", Some(&[3, 4]))
        .unwrap();
    g.copy_within(&[Slice::from(1..3)], &[Slice::from(0..2)])
        .unwrap();
    assert_eq!(
        g.to_bytes(Order::C).unwrap(),
        [0, 1, 2, 3, 0, 1, 2, 3, 4, 5, 6, 7]
    );
    // Errors write nothing.
    let before = g.to_bytes(Order::C).unwrap();
    assert_err(
        g.copy_within(&[Slice::from(0..1)], &[Slice::from(0..2)]),
        ErrorCode::Layout,
        "",
    );
    assert_err(
        g.copy_within(&[Slice::new(.., 0)], &[Slice::full()]),
        ErrorCode::InvalidArgument,
        "step",
    );
    assert_eq!(g.to_bytes(Order::C).unwrap(), before);
    let other = g.clone();
    assert_err(
        g.copy_within(&[Slice::from(0..1)], &[Slice::from(1..2)]),
        ErrorCode::Shared,
        "other views",
    );
    drop(other);
    let mut ro = View::from_slice(b"abcd");
    assert_err(
        ro.copy_within(&[Slice::from(0..2)], &[Slice::from(2..4)]),
        ErrorCode::ReadOnly,
        "read-only",
    );
}
