//! Slicing, sub-views, casts and field views, mirroring the core's derive tests.
// The guide's literal data (3.14, 2.718), not approximations of constants.
#![allow(clippy::approx_constant)]
mod common;
use common::{assert_err, py_indices};
use memview::{ErrorCode, Order, Slice, Value, View};

fn bytes(v: &View) -> Vec<u8> {
    v.to_bytes(Order::C).unwrap()
}

#[test]
fn slicing_matches_python_for_every_bound_and_step() {
    let data: Vec<u8> = (0..7).collect();
    let v = View::from_slice(&data);
    let bounds = [
        None,
        Some(-9),
        Some(-7),
        Some(-3),
        Some(-1),
        Some(0),
        Some(2),
        Some(6),
        Some(7),
        Some(20),
    ];
    for start in bounds {
        for stop in bounds {
            for step in [-3, -2, -1, 1, 2, 5] {
                let want: Vec<u8> = py_indices(7, start, stop, step)
                    .iter()
                    .map(|&i| data[i])
                    .collect();
                let got = v.slice_py(start, stop, step).unwrap();
                assert_eq!(bytes(&got), want, "[{start:?}:{stop:?}:{step}]");
                assert_eq!(got.len(), want.len());
            }
        }
    }
}

#[test]
fn rust_ranges_pick_items_and_negative_steps_walk_them_backwards() {
    let v = View::from_slice(b"0123456789");
    let s = |r: View| String::from_utf8(bytes(&r)).unwrap();
    assert_eq!(s(v.slice(2..5, 1).unwrap()), "234");
    assert_eq!(s(v.slice(2..=5, 1).unwrap()), "2345");
    assert_eq!(s(v.slice(..3, 1).unwrap()), "012");
    assert_eq!(s(v.slice(..=-1, 1).unwrap()), "0123456789");
    assert_eq!(s(v.slice(..=-2, 1).unwrap()), "012345678");
    assert_eq!(s(v.slice(-3.., 1).unwrap()), "789");
    assert_eq!(s(v.slice(.., 3).unwrap()), "0369");
    assert_eq!(s(v.slice(.., -1).unwrap()), "9876543210");
    assert_eq!(s(v.slice(2..5, -1).unwrap()), "432");
    assert_eq!(s(v.slice(0..10, -4).unwrap()), "951");
    assert_eq!(s(v.slice(-100..100, 1).unwrap()), "0123456789"); // clamped
    let (hi, lo) = (7, 3);
    assert_eq!(s(v.slice(hi..lo, 1).unwrap()), ""); // empty, not an error
    assert_eq!(s(v.slice(isize::MIN.., -1).unwrap()), "9876543210");
    assert_eq!(s(v.slice(..=isize::MAX, 1).unwrap()), "0123456789");
    assert_eq!(s(v.slice_py(Some(8), Some(2), -2).unwrap()), "864");
    assert_err(v.slice(.., 0), ErrorCode::InvalidArgument, "step");
    assert_err(
        v.slice_py(None, None, 0),
        ErrorCode::InvalidArgument,
        "step",
    );
}

#[test]
fn slices_share_memory_and_carry_strides() {
    let mut data = *b"abcdefgh";
    let base = data.as_ptr() as usize;
    let v = View::from_mut_slice(&mut data);
    let s = v.slice(1.., 3).unwrap();
    assert_eq!(
        (s.len(), s.strides(), s.shape()),
        (3, &[3isize][..], &[3isize][..])
    );
    assert_eq!(s.as_raw_data_addr(), base + 1);
    assert!(!s.is_c_contiguous() && !s.readonly());
    assert_eq!(s.as_bytes(), None); // not contiguous: no zero-copy slice
    assert_eq!(bytes(&s), b"beh");
    let r = v.slice(.., -1).unwrap();
    assert_eq!(r.strides(), &[-1]);
    assert_eq!(r.as_raw_data_addr(), base + 7);
    // slice of a slice == the direct slice
    assert_eq!(
        v.slice(1..7, 1).unwrap().slice(1.., 2).unwrap(),
        v.slice(2..7, 2).unwrap()
    );
}

trait Addr {
    fn as_raw_data_addr(&self) -> usize;
}
impl Addr for View<'_> {
    fn as_raw_data_addr(&self) -> usize {
        unsafe { memview::sys::mv_data(self.as_raw()) as usize }
    }
}

#[test]
fn n_dimensional_slicing_and_sub_views() {
    let data: Vec<u8> = (0..24).collect();
    let v = View::from_slice(&data);
    let m = v.cast("B", Some(&[4, 6])).unwrap();
    assert_eq!(
        (m.ndim(), m.shape(), m.strides()),
        (2, &[4isize, 6][..], &[6isize, 1][..])
    );
    assert!(m.is_c_contiguous() && !m.is_f_contiguous() && m.is_contiguous());
    let s = m
        .slice_nd(&[Slice::new(1..3, 1), Slice::new(.., -2)])
        .unwrap();
    assert_eq!(s.shape(), &[2, 3]);
    assert_eq!(bytes(&s), [11, 9, 7, 17, 15, 13]);
    let py = m
        .slice_nd(&[Slice::py(None, None, -1), Slice::py(Some(1), Some(2), 1)])
        .unwrap();
    assert_eq!(bytes(&py), [19, 13, 7, 1]);
    let rows = m.slice_nd(&[Slice::from(2..)]).unwrap(); // later dims kept whole
    assert_eq!(rows.shape(), &[2, 6]);
    assert_eq!(m.get(&[2, 3]).unwrap(), Value::UInt(15));
    assert_eq!(m.get(&[-1, -1]).unwrap(), Value::UInt(23));
    let row = m.index(1).unwrap();
    assert_eq!((row.ndim(), bytes(&row)), (1, vec![6, 7, 8, 9, 10, 11]));
    let item = row.index(-1).unwrap();
    assert_eq!((item.ndim(), item.len(), item.shape()), (0, 1, &[][..]));
    assert_eq!(item.get(&[]).unwrap(), Value::UInt(11));
    // column view: Fortran-style transposed access through negative and large strides
    let col = m.slice_nd(&[Slice::full(), Slice::new(4..5, 1)]).unwrap();
    assert_eq!(bytes(&col), [4, 10, 16, 22]);
    assert_eq!(col.to_bytes(Order::F).unwrap(), [4, 10, 16, 22]);
    assert_err(m.index(4), ErrorCode::Index, "out of bounds");
    assert_err(item.index(0), ErrorCode::InvalidArgument, "0-dim");
    assert_err(
        m.slice_nd(&[Slice::full(); 3]),
        ErrorCode::InvalidArgument,
        "",
    );
    assert_err(
        m.slice_nd(&[Slice::new(.., 0)]),
        ErrorCode::InvalidArgument,
        "step",
    );
    assert_err(
        m.slice_nd(&vec![Slice::full(); 200]),
        ErrorCode::InvalidArgument,
        "",
    );
    assert_err(m.get(&[1]), ErrorCode::InvalidArgument, "");
    assert_err(m.get(&[4, 0]), ErrorCode::Index, "");
    assert_err(m.get(&[0; 100]), ErrorCode::InvalidArgument, "");
    assert_err(item.slice(.., 1), ErrorCode::InvalidArgument, "");
}

#[test]
fn fortran_order_bytes() {
    let data: Vec<u8> = (0..6).collect();
    let m = View::from_slice(&data).cast("B", Some(&[2, 3])).unwrap();
    assert_eq!(m.to_bytes(Order::C).unwrap(), [0, 1, 2, 3, 4, 5]);
    assert_eq!(m.to_bytes(Order::F).unwrap(), [0, 3, 1, 4, 2, 5]);
    assert_eq!(m.to_bytes(Order::A).unwrap(), [0, 1, 2, 3, 4, 5]);
}

#[test]
fn big_endian_record_cast_at_offset() {
    // struct.pack('>if', 42, 3.14)
    let packed = [0u8, 0, 0, 42, 0x40, 0x48, 0xf5, 0xc3];
    let v = View::from_slice(&packed);
    let i = v.cast(">i", None).unwrap();
    assert_eq!((i.len(), i.get(&[0]).unwrap()), (2, Value::Int(42)));
    let f = v.cast_offset(">f", None, 4).unwrap();
    assert_eq!(f.len(), 1);
    assert_eq!(f.get(&[0]).unwrap(), Value::Float(3.14f32 as f64));
    assert_eq!(f, v.slice(4.., 1).unwrap().cast(">f", None).unwrap());
    let rec = v.cast(">if", None).unwrap();
    assert_eq!((rec.itemsize(), rec.nfields(), rec.format()), (8, 2, ">if"));
    assert_eq!(
        rec.get(&[0]).unwrap(),
        Value::Record(vec![Value::Int(42), Value::Float(3.14f32 as f64)].into())
    );
    assert!(rec.readonly());
    let fi = rec.field_info(1).unwrap();
    assert_eq!(
        (fi.code as u8, fi.offset, fi.size, fi.big_endian),
        (b'f', 4, 4, 1)
    );
    assert_eq!(rec.field(0).unwrap().format(), ">i");
    assert_err(rec.field(2), ErrorCode::Index, "field 2");
    assert_err(rec.field_info(2), ErrorCode::Index, "field 2");
}

#[test]
fn casts_between_shapes_and_formats() {
    let floats: Vec<u8> = [1f32, 2., 3., 4., 5., 6.]
        .iter()
        .flat_map(|f| f.to_ne_bytes())
        .collect();
    let v = View::from_slice(&floats);
    let m = v.cast("f", Some(&[2, 3])).unwrap();
    assert_eq!(m.strides(), &[12, 4]);
    assert_eq!(m.get(&[1, 0]).unwrap(), Value::Float(4.0));
    let i = m.cast("i", None).unwrap();
    assert_eq!(
        (i.ndim(), i.get(&[0]).unwrap()),
        (1, Value::Int(0x3f80_0000))
    );
    let d = i.cast("d", Some(&[3, 1, 1])).unwrap();
    assert_eq!((d.nbytes(), d.ndim()), (24, 3));
    let z = v.slice(..4, 1).unwrap().cast("f", Some(&[])).unwrap();
    assert_eq!((z.ndim(), z.get(&[]).unwrap()), (0, Value::Float(1.0)));
    // same itemsize keeps strides of a non-contiguous view
    let every_other = v.cast("f", None).unwrap().slice(.., 2).unwrap();
    let as_u = every_other.cast("I", None).unwrap();
    assert_eq!(as_u.strides(), &[8]);
    assert_eq!(as_u.get(&[1]).unwrap(), Value::UInt(3f32.to_bits() as u64));
    assert_err(
        every_other.cast("d", None),
        ErrorCode::Layout,
        "C-contiguous",
    );
}

#[test]
fn cast_errors_name_the_problem() {
    let v = View::from_slice(&[0u8; 12]);
    assert_err(
        v.cast("d", None),
        ErrorCode::Size,
        "not a multiple of itemsize",
    );
    assert_err(
        v.cast("i", Some(&[2, 2])),
        ErrorCode::Size,
        "product(shape) * itemsize != buffer size",
    );
    assert_err(
        v.cast("B", Some(&[0, 3])),
        ErrorCode::InvalidArgument,
        "> 0",
    );
    assert_err(v.cast("B", Some(&[-3])), ErrorCode::InvalidArgument, "> 0");
    assert_err(
        v.cast("B", Some(&[1; 65])),
        ErrorCode::InvalidArgument,
        "must not exceed 64",
    );
    assert_err(
        v.cast("B", Some(&vec![1; 10_000])),
        ErrorCode::InvalidArgument,
        "must not exceed 64",
    );
    assert_err(v.cast("<n", None), ErrorCode::Format, "native byte order");
    assert_err(v.cast("i<", None), ErrorCode::Format, "bad char '<'");
    assert_err(v.cast("Z", None), ErrorCode::Format, "");
    assert_err(v.cast("", None), ErrorCode::Format, "itemsize 0");
    assert_err(v.cast("i\0", None), ErrorCode::Format, "NUL");
    assert_err(
        v.cast("99999999999999999999999i", None),
        ErrorCode::Overflow,
        "repeat count",
    );
    assert_err(
        v.cast("B", Some(&[isize::MAX, 4])),
        ErrorCode::Overflow,
        "overflows",
    );
    assert_err(
        v.cast_offset("B", None, 13),
        ErrorCode::Index,
        "past the end",
    );
    assert_eq!(v.cast_offset("i", None, 12).unwrap().len(), 0);
}

#[test]
fn views_of_a_buffer_outlive_the_view_they_came_from() {
    let v = View::from(b"abcdef".to_vec());
    let tail = v.slice(3.., 1).unwrap();
    drop(v);
    assert_eq!(tail.as_bytes(), Some(&b"def"[..]));
}
