//! Shared-memory views: create/open/unlink, errors, lifetime of the mapping, another process.
use std::process::Command;

use memview::{unlink_shared_memory, ErrorCode, Order, View};

fn name(tag: &str) -> String {
    format!("mv_rstest_{}_{tag}", std::process::id())
}

#[test]
fn create_open_read_write() {
    let n = name("rw");
    let mut a = unsafe { View::create_shared_memory(&n, 64, false) }.unwrap();
    assert_eq!(
        (a.len(), a.format().to_string(), a.readonly()),
        (64, "B".to_string(), false)
    );
    a.set(&[0], b's').unwrap();
    let b = unsafe { View::open_shared_memory(&n, true) }.unwrap();
    assert_eq!(b.to_bytes(Order::C).unwrap()[0], b's');
    let mut r = unsafe { View::open_shared_memory(&n, true) }.unwrap();
    assert_eq!(r.set(&[0], 1u8).unwrap_err().code(), ErrorCode::ReadOnly);
    assert_eq!(b.to_bytes(Order::C).unwrap()[0], b's');
    unlink_shared_memory(&n).unwrap();
}

#[test]
fn errors() {
    let n = name("err");
    let e = unsafe { View::open_shared_memory(&n, false) }.unwrap_err();
    assert_eq!(e.code(), ErrorCode::System);
    assert!(e.message().contains("No such file"), "{e}");
    assert_eq!(
        unlink_shared_memory(&n).unwrap_err().code(),
        ErrorCode::System
    );
    let _a = unsafe { View::create_shared_memory(&n, 8, false) }.unwrap();
    let e = unsafe { View::create_shared_memory(&n, 8, false) }.unwrap_err();
    assert!(e.message().contains("File exists"), "{e}");
    let long = "n".repeat(256);
    for bad in ["", "a/b", "/x", "nul\0name", long.as_str()] {
        let e = unsafe { View::create_shared_memory(bad, 8, false) }.unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidArgument, "{bad:?}");
        let e = unsafe { View::open_shared_memory(bad, false) }.unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidArgument, "{bad:?}");
    }
    let e = unsafe { View::create_shared_memory(&name("zero"), 0, false) }.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Size);
    unlink_shared_memory(&n).unwrap();
}

#[test]
fn the_mapping_outlives_unlink_until_the_last_view() {
    let n = name("life");
    let a = unsafe { View::create_shared_memory(&n, 16, false) }.unwrap();
    let mut tail = a.slice(8.., 1).unwrap();
    unlink_shared_memory(&n).unwrap();
    drop(a);
    tail.set(&[0], 7u8).unwrap();
    assert_eq!(tail.get(&[0]).unwrap(), 7u8.into());
    assert!(unsafe { View::open_shared_memory(&n, false) }.is_err());
}

/// Runs twice: in the test process, which creates the segment and starts this test binary
/// again with MV_SHM_CHILD set, and in that child, which writes f32 items i*i.
#[test]
fn another_process_writes() {
    if let Ok(child) = std::env::var("MV_SHM_CHILD") {
        let v = unsafe { View::open_shared_memory(&child, false) }.unwrap();
        let mut f = v.cast("<f", None).unwrap();
        drop(v);
        for i in 0..f.len() {
            f.set(&[i as isize], (i * i) as f32).unwrap();
        }
        return;
    }
    let n = name("proc");
    let a = unsafe { View::create_shared_memory(&n, 4 * 100, false) }.unwrap();
    let status = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "another_process_writes", "--test-threads=1"])
        .env("MV_SHM_CHILD", &n)
        .status()
        .unwrap();
    assert!(status.success());
    let f = a.cast("<f", None).unwrap();
    let bytes = f.to_bytes(Order::C).unwrap();
    for i in 0..100 {
        let x = f32::from_le_bytes(bytes[4 * i..4 * i + 4].try_into().unwrap());
        assert_eq!(x, (i * i) as f32);
    }
    unlink_shared_memory(&n).unwrap();
}
