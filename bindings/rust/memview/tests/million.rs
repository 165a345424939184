//! A million views (and buffers) created and dropped leave memory flat. Alone in its own test
//! binary so that no concurrent test disturbs the process's RSS.
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

mod common;
use common::Counted;
use memview::View;

fn rss_pages() -> usize {
    let s = std::fs::read_to_string("/proc/self/statm").unwrap();
    s.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[test]
fn a_million_views_dropped_leave_memory_flat() {
    let drops = Arc::new(AtomicUsize::new(0));
    let round = |n: usize| {
        for i in 0..n {
            let v = View::from_owned(Counted(vec![i as u8; 16], drops.clone()));
            let s = v.slice(1..9, 2).unwrap();
            let c = v.cast("<I", None).unwrap();
            assert_eq!(s.len() + c.len(), 8);
        }
    };
    round(100_000); // warm up allocator pools
    let before = rss_pages();
    round(1_000_000);
    let after = rss_pages();
    assert_eq!(
        drops.load(Ordering::SeqCst),
        1_100_000,
        "every buffer released once"
    );
    // 3M views and 1M buffers went through; a leak of even 16 bytes each would be > 15 MiB.
    let grown_kib = after.saturating_sub(before) * 4;
    assert!(grown_kib < 2048, "RSS grew by {grown_kib} KiB");
}
