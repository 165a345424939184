//! Typed bulk decoding (issue 14): `to_vec::<T>`, `copy_to_slice::<T>` and `to_list`'s fast
//! path, against plain `from_{le,be}_bytes` decoding and against `get` item by item.
use memview::{ErrorCode, Order, Slice, Value, View};

/// Bytes of `n` items of `size` bytes, each different in every byte (so a wrong swap shows).
fn bytes(n: usize, size: usize) -> Vec<u8> {
    (0..n * size).map(|i| (i * 37 + i / size) as u8).collect()
}

macro_rules! decode_all_orders {
    ($t:ty, $code:literal) => {{
        let size = std::mem::size_of::<$t>();
        let data = bytes(37, size);
        let le: Vec<$t> = data
            .chunks_exact(size)
            .map(|c| <$t>::from_le_bytes(c.try_into().unwrap()))
            .collect();
        let be: Vec<$t> = data
            .chunks_exact(size)
            .map(|c| <$t>::from_be_bytes(c.try_into().unwrap()))
            .collect();
        let v = View::from_slice(&data);
        for (prefix, want) in [("<", &le), (">", &be), ("!", &be), ("=", &le), ("", &le)] {
            let fmt = format!("{prefix}{}", $code);
            let typed = v.cast(&fmt, None).unwrap();
            let got = typed.to_vec::<$t>().unwrap();
            assert!(
                got.iter().zip(want.iter()).all(|(a, b)| a.to_bits_eq(b)) && got.len() == 37,
                "{fmt}"
            );
            // strided and reversed
            let step: Vec<$t> = want.iter().rev().step_by(3).copied().collect();
            let got = typed.slice(.., -3).unwrap().to_vec::<$t>().unwrap();
            assert!(
                got.iter().zip(step.iter()).all(|(a, b)| a.to_bits_eq(b)),
                "{fmt}[::-3]"
            );
            assert_eq!(got.len(), step.len());
            // to_list's fast path agrees with get() item by item
            let list = typed.to_list().unwrap();
            let items: Vec<Value> = (0..37).map(|i| typed.get(&[i]).unwrap()).collect();
            assert!(same_values(&list, &items), "{fmt} to_list");
        }
    }};
}

/// Value equality that treats NaN as equal to a NaN of the same bits (in records too).
fn same_values(a: &[Value], b: &[Value]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| match (x, y) {
            (Value::Float(p), Value::Float(q)) => p.to_bits() == q.to_bits(),
            (Value::Record(p), Value::Record(q)) => same_values(p, q),
            _ => x == y,
        })
}

trait BitsEq {
    fn to_bits_eq(&self, other: &Self) -> bool;
}
macro_rules! bits_eq {
    ($($t:ty),*) => {$(impl BitsEq for $t { fn to_bits_eq(&self, o: &Self) -> bool { self == o } })*};
}
bits_eq!(u8, i8, u16, i16, u32, i32, u64, i64);
impl BitsEq for f32 {
    fn to_bits_eq(&self, o: &Self) -> bool {
        self.to_bits() == o.to_bits()
    }
}
impl BitsEq for f64 {
    fn to_bits_eq(&self, o: &Self) -> bool {
        self.to_bits() == o.to_bits()
    }
}

#[test]
fn every_element_type_decodes_in_every_byte_order() {
    decode_all_orders!(u8, "B");
    decode_all_orders!(i8, "b");
    decode_all_orders!(u16, "H");
    decode_all_orders!(i16, "h");
    decode_all_orders!(u32, "I");
    decode_all_orders!(i32, "i");
    decode_all_orders!(u64, "Q");
    decode_all_orders!(i64, "q");
    decode_all_orders!(f32, "f");
    decode_all_orders!(f64, "d");
}

#[test]
fn columns_grids_and_zero_d_views_decode_in_c_order() {
    // '>hf' records: the float column, big-endian, stride 6
    let mut raw = Vec::new();
    for i in 0..50i16 {
        raw.extend(i.to_be_bytes());
        raw.extend((i as f32 * 0.5).to_be_bytes());
    }
    let recs = View::from_slice(&raw).cast(">hf", None).unwrap();
    let xs = recs.field(1).unwrap();
    let want: Vec<f32> = (0..50).map(|i| i as f32 * 0.5).collect();
    assert_eq!(xs.to_vec::<f32>().unwrap(), want);
    assert_eq!(
        recs.field(0).unwrap().to_vec::<i16>().unwrap(),
        (0..50).collect::<Vec<i16>>()
    );
    // a 2-D grid, every other row, columns reversed
    let vals: Vec<u32> = (0..600).collect();
    let be: Vec<u8> = vals.iter().flat_map(|x| x.to_be_bytes()).collect();
    let grid = View::from_slice(&be).cast(">I", Some(&[20, 30])).unwrap();
    let part = grid
        .slice_nd(&[Slice::new(.., 2), Slice::new(.., -1)])
        .unwrap();
    let mut expect = Vec::new();
    for r in (0..20).step_by(2) {
        for c in (0..30).rev() {
            expect.push(vals[r * 30 + c]);
        }
    }
    assert_eq!(part.to_vec::<u32>().unwrap(), expect);
    // 0-d: one item; empty: none
    let zero_d = View::from_slice(&be[..4]).cast(">I", Some(&[])).unwrap();
    assert_eq!(zero_d.to_vec::<u32>().unwrap(), [0]);
    assert_eq!(zero_d.to_list().unwrap(), [Value::UInt(0)]);
    let empty = grid.slice(5..5, 1).unwrap();
    assert_eq!(empty.to_vec::<u32>().unwrap(), Vec::<u32>::new());
    assert_eq!(empty.to_list().unwrap(), Vec::<Value>::new());
    let mut none: [u32; 0] = [];
    empty.copy_to_slice(&mut none).unwrap();
}

#[test]
fn to_list_decodes_large_views_in_runs() {
    // more items than one run (16384), 1-D, reversed, and 2-D with rows split across runs
    let vals: Vec<f64> = (0..50_000).map(|i| i as f64 * 0.25 - 7.0).collect();
    let be: Vec<u8> = vals.iter().flat_map(|x| x.to_be_bytes()).collect();
    let v = View::from_slice(&be).cast(">d", None).unwrap();
    let want: Vec<Value> = vals.iter().map(|&x| Value::Float(x)).collect();
    assert_eq!(v.to_list().unwrap(), want);
    let rev: Vec<Value> = want.iter().rev().cloned().collect();
    assert_eq!(v.slice(.., -1).unwrap().to_list().unwrap(), rev);
    let bytes = v.cast("B", None).unwrap();
    // many short rows per run; rows longer than a run
    for shape in [[250, 200], [2, 25_000]] {
        let grid = bytes.cast(">d", Some(&shape)).unwrap();
        assert_eq!(grid.to_list().unwrap(), want, "{shape:?}");
    }
    assert_eq!(v.to_vec::<f64>().unwrap(), vals);
}

#[test]
fn formats_that_are_not_one_t_are_refused_and_nothing_is_written() {
    let data = bytes(24, 1);
    let v = View::from_slice(&data);
    let mut dst = [0x5a5a_5a5au32; 24];
    let cases: [(&str, ErrorCode); 7] = [
        (">i", ErrorCode::Layout),  // signed into unsigned
        (">f", ErrorCode::Layout),  // float into integer
        (">H", ErrorCode::Layout),  // size differs
        (">HH", ErrorCode::Layout), // a record
        ("?", ErrorCode::Layout),   // bool
        ("4c", ErrorCode::Layout),  // bytes
        ("xxxI", ErrorCode::Layout),
    ];
    for (fmt, code) in cases {
        let c = v.cast(fmt, None).unwrap();
        let e = c.to_vec::<u32>().unwrap_err();
        assert_eq!(e.code(), code, "{fmt}: {e}");
        assert!(e.message().contains('I'), "names the formats: {e}");
        let n = c.len();
        let e = c.copy_to_slice(&mut dst[..n]).unwrap_err();
        assert_eq!(e.code(), code, "{fmt}");
        assert_eq!(dst, [0x5a5a_5a5a; 24], "{fmt}: a refused decode wrote");
    }
    // 'e' (half float) has no T (to_list widens it on its own fast path)
    let half = v.cast("<e", None).unwrap();
    assert_eq!(half.to_vec::<u16>().unwrap_err().code(), ErrorCode::Layout);
    assert_eq!(half.to_list().unwrap().len(), 12);
    // too small a destination: Size, nothing written
    let be = v.cast(">I", None).unwrap();
    let e = be.copy_to_slice(&mut dst[..5]).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Size);
    assert!(
        e.message().contains("5") && e.message().contains("6"),
        "{e}"
    );
    assert_eq!(dst, [0x5a5a_5a5a; 24]);
    // a longer one: the first items are written, the rest untouched
    be.copy_to_slice(&mut dst).unwrap();
    assert_eq!(&dst[..6], &be.to_vec::<u32>().unwrap()[..]);
    assert_eq!(dst[6..], [0x5a5a_5a5a; 18]);
    assert_eq!(be.to_bytes(Order::C).unwrap(), data);
}

/// Every item by `get`, in C order: what `to_list` must return.
fn by_get(v: &View<'_>) -> Vec<Value> {
    let shape = v.shape().to_vec();
    let count: isize = shape.iter().product();
    let mut out = Vec::new();
    let mut index = vec![0isize; shape.len()];
    for _ in 0..count {
        out.push(v.get(&index).unwrap());
        for d in (0..shape.len()).rev() {
            index[d] += 1;
            if index[d] < shape[d] {
                break;
            }
            index[d] = 0;
        }
    }
    out
}

#[track_caller]
fn list_matches_get(v: &View<'_>, what: &str) {
    let list = v.to_list().unwrap();
    assert!(
        same_values(&list, &by_get(v)),
        "{what}: to_list differs from get"
    );
}

#[test]
fn to_list_fast_path_edges_match_get_for_every_number_format() {
    // the fast path runs 16384 items a core call: lengths around it, and odd ones
    let lengths = [0usize, 1, 2, 37, 16383, 16384, 16385, 40_003];
    let data = bytes(40_003 * 8, 1);
    let v = View::from_slice(&data);
    let formats = [
        "b", "B", "h", "H", "i", "I", "l", "L", "q", "Q", "f", "d", "e", "?",
    ];
    for code in formats {
        let prefixes: &[&str] = if code == "?" || code.eq_ignore_ascii_case("b") {
            &["", "<", ">"]
        } else {
            &["", "@", "<", ">", "!", "="]
        };
        for prefix in prefixes {
            let fmt = format!("{prefix}{code}");
            let all = v.cast(&fmt, None).unwrap();
            for &n in &lengths {
                let n = n.min(all.len());
                let part = all.slice(..n as isize, 1).unwrap();
                list_matches_get(&part, &format!("{fmt} [:{n}]"));
            }
            // strided both ways, and a step that is no divisor of the run
            for step in [2, -1, -3, 7] {
                let s = all.slice(.., step).unwrap();
                list_matches_get(&s, &format!("{fmt} [::{step}]"));
            }
            // N-d in C order: rows split across runs, a row longer than a run, 3-D, reversed
            let items = all.len() as isize;
            for shape in [&[3, 7][..], &[1000, 13], &[2, 16390], &[4, 5, 6], &[items]] {
                let cells: isize = shape.iter().product();
                let raw = all.slice(..cells, 1).unwrap().cast("B", None).unwrap();
                let grid = raw.cast(&fmt, Some(shape)).unwrap();
                list_matches_get(&grid, &format!("{fmt} {shape:?}"));
                let flipped = grid.slice(.., -1).unwrap();
                list_matches_get(&flipped, &format!("{fmt} {shape:?}[::-1]"));
            }
            // 0-d
            let one = all.slice(..1, 1).unwrap().cast("B", None).unwrap();
            list_matches_get(&one.cast(&fmt, Some(&[])).unwrap(), &format!("{fmt} 0-d"));
        }
    }
    // native-only size_t codes
    for fmt in ["n", "N", "@n", "@N"] {
        let all = v.cast(fmt, None).unwrap();
        list_matches_get(&all, fmt);
        list_matches_get(&all.slice(.., -5).unwrap(), &format!("{fmt}[::-5]"));
    }
}

#[test]
fn to_list_widens_every_half_and_every_bool_byte_as_get_does() {
    // all 65536 half bit patterns (subnormals, infinities, NaNs of both signs), both orders
    let halves: Vec<u8> = (0..=u16::MAX).flat_map(|h| h.to_le_bytes()).collect();
    let v = View::from_slice(&halves);
    for fmt in ["<e", ">e", "e"] {
        let h = v.cast(fmt, None).unwrap();
        list_matches_get(&h, fmt);
        list_matches_get(&h.slice(.., -3).unwrap(), &format!("{fmt}[::-3]"));
    }
    let nan = View::from_slice(&[0x01u8, 0xfe]).cast("<e", None).unwrap();
    match nan.to_list().unwrap()[..] {
        [Value::Float(x)] => assert!(x.is_nan() && x.is_sign_negative()),
        ref other => panic!("{other:?}"),
    }
    // '?': every byte value, non-zero is True
    let all: Vec<u8> = (0..=255).collect();
    let b = View::from_slice(&all).cast("?", None).unwrap();
    let list = b.to_list().unwrap();
    assert_eq!(list[0], Value::Bool(false));
    assert!(list[1..].iter().all(|x| *x == Value::Bool(true)));
    list_matches_get(&b, "?");
    list_matches_get(&b.slice(.., -2).unwrap(), "?[::-2]");
}

#[test]
fn to_list_of_records_bytes_and_padding_falls_back_to_unpacking() {
    let data = bytes(16_500 * 8, 1);
    let v = View::from_slice(&data);
    for fmt in ["<If", ">hd", "c", "2s", "3x", "xH", "Hx", "?x", "<ex", "2e"] {
        let c = v.cast(fmt, None).unwrap();
        list_matches_get(&c, fmt);
        list_matches_get(&c.slice(.., -3).unwrap(), &format!("{fmt}[::-3]"));
    }
    // a column of records is one number at an offset: the fast path, as a strided view
    let recs = v.cast(">hf", None).unwrap();
    list_matches_get(&recs.field(1).unwrap(), ">hf field 1");
    list_matches_get(&recs.field(0).unwrap(), ">hf field 0");
}
