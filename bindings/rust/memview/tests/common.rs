// Shared by the integration tests (each test file includes it with `mod common;`).
#![allow(dead_code)]
use memview::{ErrorCode, Result};

/// Asserts `r` failed with `code` and a message containing `needle`.
#[track_caller]
pub fn assert_err<T: std::fmt::Debug>(r: Result<T>, code: ErrorCode, needle: &str) {
    let e = r.expect_err("expected an error");
    assert_eq!(e.code(), code, "{e}");
    assert!(
        e.message().contains(needle),
        "message {:?} lacks {needle:?}",
        e.message()
    );
    assert_eq!(e.to_string(), e.message());
}

/// Python's slice semantics (PySlice_AdjustIndices), the reference the core must match.
pub fn py_indices(
    len: usize,
    start: Option<isize>,
    stop: Option<isize>,
    step: isize,
) -> Vec<usize> {
    let len = len as isize;
    let adjust = |v: isize, lo: isize, hi: isize| {
        let v = if v < 0 { v + len } else { v };
        v.clamp(lo, hi)
    };
    let (lo, hi) = if step > 0 { (0, len) } else { (-1, len - 1) };
    let start = start.map_or(if step > 0 { 0 } else { len - 1 }, |s| adjust(s, lo, hi));
    let stop = stop.map_or(if step > 0 { len } else { -1 }, |s| adjust(s, lo, hi));
    let mut out = Vec::new();
    let mut i = start;
    while (step > 0 && i < stop) || (step < 0 && i > stop) {
        out.push(i as usize);
        i += step;
    }
    out
}

/// A buffer owner that counts its drops (to see release callbacks run exactly once).
pub struct Counted(
    pub Vec<u8>,
    pub std::sync::Arc<std::sync::atomic::AtomicUsize>,
);
impl AsRef<[u8]> for Counted {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}
impl AsMut<[u8]> for Counted {
    fn as_mut(&mut self) -> &mut [u8] {
        &mut self.0
    }
}
impl Drop for Counted {
    fn drop(&mut self) {
        self.1.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }
}
