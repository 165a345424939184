//! Python's `memoryview` for Rust, over the libmemview C library: zero-copy, typed,
//! N-dimensional, strided views of a buffer somebody else owns, with struct-module formats
//! (`"<f"`, `">if"`), slicing with negative steps, casting, in-place writes and fast copy-out.
//!
//! ```
//! use memview::{Order, View};
//!
//! // struct.pack('>if', 42, 3.14): an int and a float, big-endian.
//! let data = [0, 0, 0, 42, 0x40, 0x48, 0xf5, 0xc3];
//! let v = View::from_slice(&data);
//! let rec = v.cast(">if", None)?.get(&[0])?;
//! assert_eq!(rec.to_string(), "(42, 3.140000104904175)");
//!
//! // Writes go through the view into the caller's buffer.
//! let mut buf = *b"Hello, world!";
//! let mut mv = View::from_mut_slice(&mut buf);
//! mv.set(&[0], b'J')?;
//! assert_eq!(mv.slice(..5, 1)?.to_bytes(Order::C)?, b"Jello");
//! drop(mv);
//! assert_eq!(&buf, b"Jello, world!");
//! # Ok::<(), memview::Error>(())
//! ```
//!
//! Errors carry the library's code and message; nothing panics on bad input:
//!
//! ```
//! let v = memview::View::from_slice(b"abc");
//! let e = v.cast("i", None).unwrap_err();
//! assert_eq!(e.code(), memview::ErrorCode::Size);
//! println!("{e}");
//! ```
//!
//! # Lifetimes and aliasing, checked by the compiler
//!
//! A view of borrowed memory, and every view derived from it, cannot outlive the borrow:
//!
//! ```compile_fail,E0597
//! let s;
//! {
//!     let data = vec![1u8, 2, 3];
//!     let v = memview::View::from_slice(&data);
//!     s = v.slice(1.., 1).unwrap(); // a slice of a view of `data`...
//! }
//! s.len(); // ...used after `data` is gone: rejected
//! ```
//!
//! The buffer behind a writable view cannot be touched while the view lives:
//!
//! ```compile_fail,E0506
//! let mut data = [0u8; 4];
//! let v = memview::View::from_mut_slice(&mut data);
//! data[0] = 1; // rejected: `data` is mutably borrowed by the view
//! drop(v);
//! ```
//!
//! Bytes handed out by [`View::as_bytes`] cannot change under the reader:
//!
//! ```compile_fail,E0502
//! let mut v = memview::View::from(vec![1u8, 2]);
//! let bytes = v.as_bytes().unwrap();
//! v.set(&[0], 9u8).unwrap(); // rejected: `v` is borrowed by `bytes`
//! assert_eq!(bytes[0], 1);
//! ```
//!
//! A writer made by [`View::slice_mut`] borrows its parent, which is unusable meanwhile:
//!
//! ```compile_fail,E0502
//! let mut v = memview::View::alloc(4).unwrap();
//! let chunk = v.slice_mut(..2, 1).unwrap();
//! v.len(); // rejected: `v` is mutably borrowed by `chunk`
//! drop(chunk);
//! ```
//!
//! and other handles of the buffer stop writes at run time ([`ErrorCode::Shared`]), because
//! they may be reading on another thread. Views are `Send + Sync`:
//!
//! ```
//! let v = memview::View::from(vec![7u8; 1024]);
//! let sum = std::thread::scope(|s| {
//!     let h = s.spawn(|| v.slice(..512, 1).unwrap().as_bytes().unwrap().iter().map(|&b| b as u32).sum::<u32>());
//!     let mine: u32 = v.slice(512.., 1)?.as_bytes().unwrap().iter().map(|&b| b as u32).sum();
//!     Ok::<u32, memview::Error>(mine + h.join().unwrap())
//! })?;
//! assert_eq!(sum, 7 * 1024);
//! # Ok::<(), memview::Error>(())
//! ```
//!
//! # Linking: the system libmemview or the bundled copy
//!
//! `cargo add memview` is the whole installation. The `memview-sys` build script links the
//! installed libmemview (shared) when pkg-config finds a compatible one (`memview` 0.1.x) or
//! `MEMVIEW_PREFIX` / `MEMVIEW_LIB_DIR` points at one; otherwise it compiles the amalgamation it
//! ships (the whole C library in one C++17 file) with the `cc` crate and links it statically,
//! which needs only a C++ compiler. To choose:
//!
//! - `memview-sys = { version = "0.1", features = ["bundled"] }`: always the bundled copy;
//! - `MEMVIEW_SYSTEM_LIB=1`: always the system library (the build fails, saying why, when none
//!   is found);
//! - both at once is an error.
//!
//! Which one a build used: dependents' build scripts see `DEP_MEMVIEW_BUNDLED=1` for the
//! bundled copy and `DEP_MEMVIEW_LIBDIR` for the system library; `cargo build -vv` prints the
//! same lines (`cargo:bundled=1`, `cargo:libdir=...`) from memview-sys.
#![warn(missing_docs)]

mod access;
#[cfg(feature = "arrow")]
mod arrow;
mod decode;
mod dlpack;
mod element;
mod error;
mod range;
mod shm;
mod value;
mod view;
mod within;

pub use access::{Iter, Order};
pub use dlpack::{DLPackTensor, ExportCopy};
pub use element::Element;
pub use error::{Error, ErrorCode, Result};
pub use memview_sys as sys;
pub use range::Slice;
pub use shm::unlink_shared_memory;
pub use value::Value;
pub use view::View;

/// The linked library's version string, e.g. `"0.1.0"`.
pub fn library_version() -> &'static str {
    // SAFETY: a static NUL-terminated string, never NULL.
    unsafe {
        std::ffi::CStr::from_ptr(sys::mv_version(
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
        ))
    }
    .to_str()
    .unwrap_or("")
}
