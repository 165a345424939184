//! Ownership: release callbacks run once, on the last release, on any thread; views are shared
//! across threads. (The million-views test is alone in million.rs: RSS needs a quiet process.)
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

mod common;
use common::Counted;
use memview::{Value, View};

#[test]
fn owned_buffer_dropped_once_when_the_last_view_goes() {
    let drops = Arc::new(AtomicUsize::new(0));
    let v = View::from_owned_mut(Counted(vec![1, 2, 3, 4], drops.clone()));
    let s = v.slice(1.., 1).unwrap();
    let c = s.cast("B", Some(&[3])).unwrap().clone();
    drop(v);
    drop(s);
    assert_eq!(drops.load(Ordering::SeqCst), 0);
    assert_eq!(c.as_bytes(), Some(&[2u8, 3, 4][..]));
    drop(c);
    assert_eq!(drops.load(Ordering::SeqCst), 1);
}

struct PanicsOnDrop(Vec<u8>);
impl AsRef<[u8]> for PanicsOnDrop {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}
impl Drop for PanicsOnDrop {
    fn drop(&mut self) {
        panic!("owner drop panics");
    }
}

#[test]
fn a_panicking_owner_never_unwinds_into_c() {
    let v = View::from_owned(PanicsOnDrop(vec![1]));
    drop(v); // reported on stderr and swallowed; we are still here
    assert_eq!(View::from_slice(&[5]).get(&[0]).unwrap(), Value::UInt(5));
}

#[test]
fn views_are_shared_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<View<'static>>();
    assert_send_sync::<View<'_>>();

    let data: Vec<u8> = (0..=255).cycle().take(1 << 16).collect();
    let want: u64 = data.iter().map(|&b| b as u64).sum();
    // borrowed memory, scoped threads: each reads, slices and casts the shared view
    let v = View::from_slice(&data);
    let sums: Vec<u64> = std::thread::scope(|s| {
        let hs: Vec<_> = (0..4)
            .map(|t| {
                let v = &v;
                s.spawn(move || {
                    let mut total = 0;
                    for _ in 0..50 {
                        let part = v.slice(t * 16384..(t + 1) * 16384, 1).unwrap();
                        let c = part.cast("B", Some(&[128, 128])).unwrap();
                        total = c
                            .as_slice::<u8>()
                            .unwrap()
                            .iter()
                            .map(|&b| b as u64)
                            .sum::<u64>();
                    }
                    total
                })
            })
            .collect();
        hs.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(sums.iter().sum::<u64>(), want);

    // owned buffer, clones moved to threads; the last thread to finish frees it
    let drops = Arc::new(AtomicUsize::new(0));
    let owned = View::from_owned(Counted(data.clone(), drops.clone()));
    let hs: Vec<_> = (0..4)
        .map(|i| {
            let mine = owned.slice(i.., 4).unwrap();
            std::thread::spawn(move || {
                let l = mine.to_list().unwrap();
                l.iter().map(|v| v.as_u64().unwrap()).sum::<u64>()
            })
        })
        .collect();
    drop(owned);
    let total: u64 = hs.into_iter().map(|h| h.join().unwrap()).sum();
    assert_eq!(total, want);
    assert_eq!(drops.load(Ordering::SeqCst), 1);

    // a writer thread owns the only handle, then hands a read-only copy back
    let w = View::from(vec![0u8; 8]);
    let w = std::thread::spawn(move || {
        let mut w = w;
        w.set(&[3], 9).unwrap();
        w
    })
    .join()
    .unwrap();
    assert_eq!(w.get(&[3]).unwrap(), Value::UInt(9));
}

static C_RELEASES: AtomicUsize = AtomicUsize::new(0);

unsafe extern "C" fn count_release(ctx: *mut std::ffi::c_void) {
    // ctx is the Box<[u8]> leaked below; free it as its C-side producer would.
    drop(unsafe { Box::from_raw(ctx as *mut [u8; 6]) });
    C_RELEASES.fetch_add(1, Ordering::SeqCst);
}

#[test]
fn a_handle_made_in_c_is_owned_by_the_view_that_wraps_it() {
    use memview::sys;
    let buf: *mut [u8; 6] = Box::into_raw(Box::new(*b"from C"));
    let mut raw = std::ptr::null_mut();
    let rc = unsafe {
        sys::mv_create(
            &mut raw,
            buf.cast(),
            6,
            sys::MV_READONLY,
            Some(count_release),
            buf.cast(),
        )
    };
    assert_eq!(rc, sys::MV_OK);
    let v = unsafe { View::from_raw(raw) }.unwrap();
    let tail = v.slice(5.., 1).unwrap();
    drop(v);
    assert_eq!(C_RELEASES.load(Ordering::SeqCst), 0);
    assert_eq!(tail.as_bytes(), Some(&b"C"[..]));
    let back = tail.into_raw(); // handed back to C
    assert_eq!(C_RELEASES.load(Ordering::SeqCst), 0);
    unsafe { sys::mv_release(back) };
    assert_eq!(C_RELEASES.load(Ordering::SeqCst), 1);
}
