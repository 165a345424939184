//! Items: get/set of every kind, to_list, to_bytes, hex, ==, copy_from, typed access, errors.
mod common;
use common::assert_err;
use memview::{ErrorCode, Slice, Value, View};

fn owned(bytes: &[u8]) -> View<'static> {
    View::from(bytes.to_vec())
}

#[test]
fn get_and_set_every_kind() {
    let mut v = View::alloc(47)
        .unwrap()
        .cast("<bBhHiIqQfd?c3s", None)
        .unwrap();
    assert_eq!(v.nfields(), 13);
    let rec = Value::Record(Box::new(vec![
        Value::Int(-128),
        Value::UInt(255),
        Value::Int(-32768),
        Value::UInt(65535),
        Value::Int(i32::MIN as i64),
        Value::UInt(u32::MAX as u64),
        Value::Int(i64::MIN),
        Value::UInt(u64::MAX),
        Value::Float(0.1f32 as f64),
        Value::Float(-2.5e300),
        Value::Bool(true),
        Value::Bytes(b"c".to_vec().into()),
        Value::Bytes(b"xyz".to_vec().into()),
    ]));
    v.set(&[0], rec.clone()).unwrap();
    assert_eq!(v.get(&[0]).unwrap(), rec);
    assert_eq!(
        rec.to_string(),
        "(-128, 255, -32768, 65535, -2147483648, 4294967295, -9223372036854775808, \
         18446744073709551615, 0.10000000149011612, -2.5e300, True, b'c', b'xyz')"
    );
    // 's' pads and truncates as struct.pack does
    let mut s = View::alloc(4).unwrap().cast("4s", None).unwrap();
    s.set(&[0], b"ab").unwrap();
    assert_eq!(
        s.get(&[0]).unwrap(),
        Value::Bytes(b"ab\0\0".to_vec().into())
    );
    s.set(&[0], b"abcdefg").unwrap();
    assert_eq!(s.get(&[0]).unwrap().as_bytes(), Some(&b"abcd"[..]));
    // '?' takes any value's truth; float fields take integers
    let mut b = View::alloc(9).unwrap().cast("<?d", None).unwrap();
    b.set(&[0], vec![Value::Int(7), Value::Int(3)]).unwrap();
    assert_eq!(
        b.get(&[-1]).unwrap(),
        Value::Record(vec![true.into(), 3.0.into()].into())
    );
}

#[test]
fn set_errors_write_nothing() {
    let mut v = owned(&[1, 2, 3, 4]);
    assert_err(v.set(&[0], 256), ErrorCode::Value, "");
    assert_err(v.set(&[0], -1), ErrorCode::Value, "");
    assert_err(v.set(&[0], 1.5), ErrorCode::Type, "");
    assert_err(v.set(&[0], b"x"), ErrorCode::Type, "");
    assert_err(v.set(&[4], 1), ErrorCode::Index, "");
    assert_err(v.set(&[0, 0], 1), ErrorCode::InvalidArgument, "");
    assert_err(
        v.set(&[0], vec![Value::Int(1), Value::Int(2)]),
        ErrorCode::InvalidArgument,
        "",
    );
    assert_err(
        v.set(&[0], vec![Value::Record(Box::default())]),
        ErrorCode::Type,
        "cannot itself be a record",
    );
    let mut r = v.cast("<hh", None).unwrap();
    drop(v);
    assert_err(
        r.set(&[0], vec![Value::Int(5), Value::Int(1 << 20)]),
        ErrorCode::Value,
        "",
    );
    assert_eq!(
        r.as_bytes(),
        Some(&[1u8, 2, 3, 4][..]),
        "partial record written"
    );
    let mut c = View::alloc(1).unwrap().cast("c", None).unwrap();
    assert_err(c.set(&[0], b"ab"), ErrorCode::Value, "");
    let mut e = View::alloc(2).unwrap().cast("e", None).unwrap();
    assert_err(e.set(&[0], 1e300), ErrorCode::Value, "");
}

#[test]
fn read_only_views_refuse_writes_with_the_library_error() {
    let mut ro = View::from_slice(b"Immutable");
    assert_eq!(ro.get(&[0]).unwrap(), Value::UInt(73));
    assert_err(ro.set(&[0], 74), ErrorCode::ReadOnly, "read-only");
    assert!(ro.as_bytes_mut().is_none());
    assert!(ro.as_mut_slice::<u8>().is_none());
    let mut frozen = owned(b"abc").to_readonly().unwrap();
    assert!(frozen.readonly());
    assert_err(frozen.set(&[0], 1), ErrorCode::ReadOnly, "read-only");
    let src = owned(b"xyz");
    assert_err(frozen.copy_from(&src), ErrorCode::ReadOnly, "read-only");
    let mut owned_ro = View::from_owned(b"abc".to_vec());
    assert_err(owned_ro.set(&[0], 1), ErrorCode::ReadOnly, "read-only");
}

#[test]
fn writes_need_the_only_handle_of_the_buffer() {
    let mut v = owned(b"abcd");
    let other = v.slice(.., 1).unwrap();
    assert_err(v.set(&[0], 1), ErrorCode::Shared, "other views");
    assert!(v.as_bytes_mut().is_none());
    assert_err(
        v.copy_from(&owned(b"wxyz")),
        ErrorCode::Shared,
        "other views",
    );
    drop(other);
    v.set(&[0], b'A').unwrap();
    v.as_bytes_mut().unwrap()[1] = b'B';
    let clone = v.clone();
    assert_eq!(clone.as_bytes(), Some(&b"ABcd"[..]));
    assert_err(v.set(&[0], 1), ErrorCode::Shared, "");
    drop(clone);
    // a copy from a view of the same buffer is a second handle too
    let same = v.slice(.., -1).unwrap();
    assert_err(v.copy_from(&same), ErrorCode::Shared, "");
}

#[test]
fn read_only_views_of_a_writable_buffer_count_as_handles() {
    // Only buffers created read-only skip the handle count (issue 14: their derived views cost
    // no atomics); a read-only view of a writable buffer still reads it.
    let mut v = owned(b"abcd");
    let frozen = v.to_readonly().unwrap();
    let frozen_slice = frozen.slice(1.., 1).unwrap().cast("B", None).unwrap();
    drop(frozen);
    assert_err(v.set(&[0], 1), ErrorCode::Shared, "other views");
    assert!(v.as_bytes_mut().is_none());
    drop(frozen_slice);
    v.set(&[0], b'A').unwrap();
    // a buffer created read-only: any number of handles, every write refused as read-only
    let data = *b"wxyz";
    let mut ro = View::from_slice(&data);
    let kept = [
        ro.clone(),
        ro.slice(1.., 1).unwrap(),
        ro.cast("<H", None).unwrap(),
    ];
    assert_err(ro.set(&[0], 1), ErrorCode::ReadOnly, "read-only");
    let mut part = ro.slice_mut(..2, 1).unwrap();
    assert_err(part.set(&[0], 1), ErrorCode::ReadOnly, "read-only");
    assert!(part.as_bytes_mut().is_none());
    drop(part);
    assert_eq!(kept[2].get(&[1]).unwrap(), Value::UInt(0x7a79));
    assert_eq!(data, *b"wxyz");
}

#[test]
fn to_list_unpacks_every_item_in_c_order() {
    let data: Vec<u8> = (1..=6).collect();
    let v = View::from_slice(&data);
    let m = v.cast("B", Some(&[2, 3])).unwrap();
    let want: Vec<Value> = (1..=6u8).map(Value::from).collect();
    assert_eq!(m.to_list().unwrap(), want);
    let rev = v.slice(.., -2).unwrap().to_list().unwrap();
    assert_eq!(rev, vec![6u8.into(), 4u8.into(), 2u8.into()]);
    let recs = v.cast("<bH", None).unwrap().to_list().unwrap();
    assert_eq!(
        recs[1],
        Value::Record(vec![Value::Int(4), Value::UInt(0x0605)].into())
    );
    let pads = v.cast("3x", None).unwrap().to_list().unwrap();
    assert_eq!(pads, vec![Value::Record(Box::default()); 2]);
    assert_eq!(View::from_slice(&[]).to_list().unwrap(), vec![]);
}

/// `to_list` of numbers writes one `Value` per item: a 32-byte `Value` (a `Vec` payload) made it
/// cost twice the memory traffic (issue 14).
#[test]
fn value_is_16_bytes_and_its_boxed_payloads_read_as_slices() {
    assert_eq!(std::mem::size_of::<Value>(), 16);
    let rec = View::from_slice(&[1, 2, 3, 4, 5])
        .cast("<c4s", None)
        .unwrap()
        .get(&[0])
        .unwrap();
    let fields = rec.as_record().unwrap();
    assert_eq!(fields[0].as_bytes(), Some(&[1u8][..]));
    assert_eq!(fields[1].as_bytes(), Some(&[2u8, 3, 4, 5][..]));
    assert_eq!((fields[1].as_record(), rec.as_bytes()), (None, None));
    assert_eq!(Value::Int(1).as_record(), None);
}

#[test]
fn hex_matches_bytes_hex() {
    let v = View::from_slice(&[0xde, 0xad, 0xbe, 0xef, 0x01]);
    assert_eq!(v.hex(None, 0).unwrap(), "deadbeef01");
    assert_eq!(v.hex(Some('-'), 2).unwrap(), "de-adbe-ef01");
    assert_eq!(v.hex(Some('-'), -2).unwrap(), "dead-beef-01");
    assert_eq!(v.hex(Some(' '), 1).unwrap(), "de ad be ef 01");
    assert_eq!(
        v.slice(.., -2).unwrap().hex(Some(':'), 1).unwrap(),
        "01:be:de"
    );
    assert_err(v.hex(Some('é'), 1), ErrorCode::InvalidArgument, "");
    assert_eq!(View::from_slice(&[]).hex(Some(':'), 1).unwrap(), "");
}

#[test]
fn equality_compares_unpacked_values() {
    let a = View::from_slice(&[1, 2, 3]);
    let b = owned(&[1, 2, 3]);
    assert_eq!(a, b);
    assert_ne!(a, owned(&[1, 2, 4]));
    assert_ne!(a, owned(&[1, 2]));
    let nan = f32::NAN.to_ne_bytes();
    let n = View::from_slice(&nan).cast("f", None).unwrap();
    assert_ne!(n, n.clone(), "NaN != NaN");
    let one_f = 1f32.to_ne_bytes();
    let one_b = [1u8];
    let f = View::from_slice(&one_f).cast("f", None).unwrap();
    assert_eq!(f, View::from_slice(&one_b), "1.0 == 1 across formats");
    assert!(format!("{a:?}").contains("format: \"B\""));
}

#[test]
fn copy_from_assigns_slices() {
    let dst = owned(&[0; 6]);
    let src_data = [1u8, 2, 3];
    let src = View::from_slice(&src_data);
    let mut part = dst.slice(..3, 1).unwrap();
    drop(dst);
    part.copy_from(&src).unwrap();
    assert_eq!(part.as_bytes(), Some(&[1u8, 2, 3][..]));
    assert_err(
        part.copy_from(&View::from_slice(&[1, 2])),
        ErrorCode::Layout,
        "",
    );
    let f = View::from_slice(&[0u8; 4]);
    assert_err(
        part.cast("B", None)
            .unwrap()
            .copy_from(&f.cast("i", None).unwrap()),
        ErrorCode::Shared,
        "",
    );
}

#[test]
fn typed_zero_copy_access_checks_format_size_and_alignment() {
    let values = [1.5f32, -2.0, 3.25, 8.0];
    let bytes: Vec<u8> = values.iter().flat_map(|f| f.to_ne_bytes()).collect();
    let v = View::from(bytes);
    let f = v.cast("f", None).unwrap();
    assert_eq!(f.as_slice::<f32>(), Some(&values[..]));
    assert_eq!(f.as_slice::<i32>(), None, "kind differs");
    assert_eq!(f.as_slice::<u32>(), None, "kind differs");
    assert_eq!(f.as_slice::<f64>(), None, "size differs");
    assert_eq!(
        v.cast("=f", None).unwrap().as_slice::<f32>(),
        Some(&values[..])
    );
    let foreign = if cfg!(target_endian = "little") {
        ">f"
    } else {
        "<f"
    };
    assert_eq!(
        v.cast(foreign, None).unwrap().as_slice::<f32>(),
        None,
        "byte order"
    );
    assert_eq!(f.slice(.., 2).unwrap().as_slice::<f32>(), None, "strided");
    assert_eq!(
        f.slice(1..3, 1).unwrap().as_slice::<f32>(),
        Some(&values[1..3])
    );
    assert_eq!(
        v.cast("d", None)
            .unwrap()
            .as_slice::<f64>()
            .map(<[f64]>::len),
        Some(2)
    );
    assert_eq!(
        v.cast("ff", None).unwrap().as_slice::<f32>(),
        None,
        "record"
    );
    assert_eq!(v.as_slice::<u8>().map(<[u8]>::len), Some(16));
    assert_eq!(
        v.cast("c", None).unwrap().as_slice::<u8>(),
        None,
        "bytes kind"
    );
    assert_eq!(
        v.cast("?", None).unwrap().as_slice::<u8>(),
        None,
        "bool kind"
    );
    let odd = v.slice(1..13, 1).unwrap().cast("i", None).unwrap();
    assert_eq!(odd.as_slice::<i32>(), None, "misaligned");
    assert_eq!(odd.as_bytes().map(<[u8]>::len), Some(12));
    assert_eq!(
        odd.get(&[0]).unwrap(),
        odd.get(&[0]).unwrap(),
        "still readable item by item"
    );
    drop((f, odd));
    v.cast("i", None).unwrap(); // temporary, dropped at once
    let mut ints = v.cast("i", None).unwrap();
    drop(v);
    ints.as_mut_slice::<i32>().unwrap()[0] = 7;
    assert_eq!(ints.get(&[0]).unwrap(), Value::Int(7));
    assert_eq!(ints.as_mut_slice::<u32>(), None);
    let empty = View::from_slice(&[]).cast("d", None).unwrap();
    assert_eq!(empty.as_slice::<f64>(), Some(&[][..]));
}

#[test]
fn owned_buffers_of_several_types() {
    let v = View::from_owned(String::from("text"));
    assert_eq!(v.as_bytes(), Some(&b"text"[..]));
    assert!(v.readonly());
    let a = View::from_owned(std::sync::Arc::<[u8]>::from(&b"arc"[..]));
    assert_eq!(a.len(), 3);
    let mut arr = View::from_owned_mut([7u8; 5]);
    arr.set(&[4], 1).unwrap();
    assert_eq!(arr.as_bytes(), Some(&[7u8, 7, 7, 7, 1][..]));
    let boxed = View::from(vec![1u8, 2].into_boxed_slice());
    assert!(!boxed.readonly());
    let empty = View::from(Vec::new());
    assert!(empty.is_empty() && empty.as_bytes() == Some(&[][..]));
    assert_err(View::alloc(usize::MAX), ErrorCode::Overflow, "PTRDIFF_MAX");
    assert_err(
        View::alloc(isize::MAX as usize),
        ErrorCode::NoMemory,
        "out of memory",
    );
}

#[test]
fn raw_handles_round_trip() {
    let v = owned(b"raw");
    let raw = v.clone().into_raw();
    let back = unsafe { View::from_raw(raw) }.unwrap();
    assert_eq!(back, v);
    assert!(unsafe { View::from_raw(std::ptr::null_mut()) }.is_none());
    let version = memview::library_version();
    assert_eq!(version, "0.1.0");
}

#[test]
fn mutable_sub_views_borrow_their_parent() {
    let mut v = View::alloc(8).unwrap();
    {
        let mut head = v.slice_mut(..4, 1).unwrap();
        head.as_bytes_mut().unwrap().copy_from_slice(b"abcd");
        let mut ints = head.cast_mut("<H", None, 2).unwrap(); // nested, from the child
        ints.set(&[0], 0x4443u16).unwrap(); // "CD" little-endian
    }
    let mut tail = v.cast_mut("<I", None, 4).unwrap();
    tail.set(&[0], u32::from_le_bytes(*b"wxyz")).unwrap();
    drop(tail);
    assert_eq!(v.as_bytes(), Some(&b"abCDwxyz"[..]));
    // a writable parent with other handles cannot hand out a writer
    let other = v.clone();
    assert_err(v.slice_mut(.., 1), ErrorCode::Shared, "other views");
    assert_err(v.cast_mut("B", None, 0), ErrorCode::Shared, "other views");
    drop(other);
    // a read-only parent gives read-only children: the core refuses their writes
    let mut ro = View::from_slice(b"abcd");
    let mut child = ro.slice_mut(1.., 1).unwrap();
    assert!(child.as_bytes_mut().is_none());
    assert_err(child.set(&[0], 1), ErrorCode::ReadOnly, "read-only");
    drop(child);
    assert_err(ro.cast_mut("i", None, 1), ErrorCode::Size, "");
}

#[test]
fn strided_typed_iteration() {
    let mut raw = Vec::new();
    for i in 0..5u32 {
        raw.extend((i * 10).to_le_bytes());
        raw.extend((i as f32 * 0.5).to_le_bytes());
        raw.extend((-(i as f32)).to_le_bytes());
    }
    let recs = View::from_slice(&raw).cast("<Iff", None).unwrap();
    let xs = recs.field(1).unwrap();
    assert_eq!(
        xs.iter::<f32>().unwrap().collect::<Vec<_>>(),
        [0.0, 0.5, 1.0, 1.5, 2.0]
    );
    assert_eq!(xs.iter::<f32>().unwrap().len(), 5);
    let ts = recs.field(0).unwrap();
    let back: Vec<u32> = ts.slice(.., -2).unwrap().iter::<u32>().unwrap().collect();
    assert_eq!(back, [40, 20, 0]);
    assert!(ts.iter::<i32>().is_none(), "kind differs");
    assert!(recs.iter::<u32>().is_none(), "record");
    assert!(View::from_slice(&raw)
        .cast(">f", None)
        .unwrap()
        .iter::<f32>()
        .is_none());
    assert!(
        recs.cast("B", None)
            .unwrap()
            .cast("B", Some(&[5, 12]))
            .unwrap()
            .iter::<u8>()
            .is_none(),
        "2-D"
    );
    let empty = xs.slice(3..3, 1).unwrap();
    assert_eq!(empty.iter::<f32>().unwrap().next(), None);
}

#[test]
fn views_of_typed_elements() {
    let data = [1.5f64, -2.0, 7.25];
    let v = View::from_elements(&data);
    assert_eq!(
        (v.format(), v.itemsize(), v.len(), v.readonly()),
        ("d", 8, 3, true)
    );
    assert_eq!(v.as_slice::<f64>(), Some(&data[..]));
    assert_eq!(v.get(&[-1]).unwrap(), Value::Float(7.25));
    let mut ints = [1i32, 2, 3];
    let mut w = View::from_elements_mut(&mut ints);
    w.set(&[1], -20).unwrap();
    w.as_mut_slice::<i32>().unwrap()[2] = 30;
    drop(w);
    assert_eq!(ints, [1, -20, 30]);
    let u = [1u16, 2];
    assert_eq!(View::from_elements(&u).format(), "H");
    let e: [u64; 0] = [];
    assert_eq!(View::from_elements(&e).len(), 0);
}

#[test]
fn to_list_of_large_views_runs_in_chunks_in_c_order() {
    // > 4096 values: unpacked in runs of rows through one reused buffer
    let vals: Vec<u16> = (0..12_000u32).map(|i| (i * 7 % 65_521) as u16).collect();
    let v = View::from_elements(&vals);
    let want: Vec<Value> = vals.iter().map(|&x| Value::from(x)).collect();
    assert_eq!(v.to_list().unwrap(), want);
    let rev: Vec<Value> = vals
        .iter()
        .rev()
        .step_by(3)
        .map(|&x| Value::from(x))
        .collect();
    assert_eq!(v.slice(.., -3).unwrap().to_list().unwrap(), rev);
    let cube = v.cast("H", Some(&[30, 20, 20])).unwrap();
    assert_eq!(cube.to_list().unwrap(), want);
    // a transposed-looking 2-D view: every other row, columns reversed
    let grid = v.cast("H", Some(&[120, 100])).unwrap();
    let part = grid
        .slice_nd(&[Slice::new(.., 2), Slice::new(.., -1)])
        .unwrap();
    let mut expect = Vec::new();
    for r in (0..120).step_by(2) {
        for c in (0..100).rev() {
            expect.push(Value::from(vals[r * 100 + c]));
        }
    }
    assert_eq!(part.to_list().unwrap(), expect);
    // rows wider than a run, and records (several values per item)
    let wide = v.cast("H", Some(&[2, 6000])).unwrap();
    assert_eq!(wide.to_list().unwrap(), want);
    let recs = v.cast("<HH", None).unwrap().to_list().unwrap();
    assert_eq!(recs.len(), 6000);
    assert_eq!(
        recs[5999],
        Value::Record(vec![vals[11_998].into(), vals[11_999].into()].into())
    );
    // 0-d
    let one = v.slice(..1, 1).unwrap().cast("H", Some(&[])).unwrap();
    assert_eq!(one.to_list().unwrap(), vec![Value::from(vals[0])]);
}
