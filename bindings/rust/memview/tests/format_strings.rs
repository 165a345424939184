//! Format strings cross into C through a stack buffer when shorter than 32 bytes and through a
//! `CString` otherwise (issue 14): both paths, the boundary between them, and a NUL anywhere.
use memview::{ErrorCode, View};

/// A format of `n` bytes: `'<'` then `n - 1` `'B'`s (itemsize `n - 1`).
fn format_of_len(n: usize) -> String {
    format!("<{}", "B".repeat(n - 1))
}

#[test]
fn formats_on_both_sides_of_the_stack_buffer_cast_alike() {
    let data: Vec<u8> = (0..=255).collect();
    for n in [2, 30, 31, 32, 33, 40, 61] {
        let fmt = format_of_len(n);
        let itemsize = n - 1;
        let v = View::from_slice(&data[..4 * itemsize]);
        let c = v.cast(&fmt, None).unwrap();
        assert_eq!(c.format(), fmt, "len {n}");
        assert_eq!((c.itemsize(), c.len()), (itemsize, 4), "len {n}");
        assert_eq!(
            v.cast_offset(&fmt, None, itemsize).unwrap().len(),
            3,
            "len {n}"
        );
        let s = View::from_strided(&data, 3, &fmt, &[2], Some(&[itemsize as isize])).unwrap();
        assert_eq!(s.format(), fmt, "len {n}");
        assert_eq!(
            s.to_bytes(memview::Order::C).unwrap(),
            &data[3..3 + 2 * itemsize]
        );
    }
}

#[test]
fn a_nul_anywhere_in_a_format_is_refused_on_both_paths() {
    let data = [0u8; 240];
    let v = View::from_slice(&data);
    for n in [2, 31, 32, 33, 50] {
        for at in [0, 1, n / 2, n - 1] {
            let mut fmt = format_of_len(n).into_bytes();
            fmt[at] = 0;
            let fmt = String::from_utf8(fmt).unwrap();
            for e in [
                v.cast(&fmt, None).unwrap_err(),
                v.cast_offset(&fmt, None, 4).unwrap_err(),
                View::from_strided(&data, 0, &fmt, &[1], None).unwrap_err(),
            ] {
                assert_eq!(e.code(), ErrorCode::Format, "len {n}, NUL at {at}");
                assert!(e.message().contains("NUL"), "{}", e.message());
            }
        }
    }
    // Nothing was derived: the source is still the buffer's only handle.
    let mut owned = View::from(vec![0u8; 8]);
    assert!(owned.cast("<B\0", None).is_err());
    owned.set(&[0], 1u8).unwrap();
}
