//! Views over named POSIX shared-memory segments (`mv_shm_*` in `memview.h`).
//!
//! A name is given without the leading slash and means what it means to Python's
//! `multiprocessing.shared_memory.SharedMemory(name)`, so a segment created by any process on
//! the host (C, Python, Go, Rust) can be opened by the others. Each call maps the segment once;
//! the mapping belongs to the returned view and every view derived from it, and is unmapped when
//! the last of them is dropped. The name lives on until [`unlink_shared_memory`].
use std::ffi::CString;
use std::ptr;

use memview_sys as sys;

use crate::error::{check, Error, ErrorCode, Result};
use crate::View;

fn c_name(name: &str) -> Result<CString> {
    CString::new(name).map_err(|_| {
        Error::new(
            ErrorCode::InvalidArgument,
            "shared memory name contains a NUL byte",
        )
    })
}

fn flags(readonly: bool) -> std::ffi::c_uint {
    if readonly {
        sys::MV_READONLY
    } else {
        0
    }
}

impl View<'static> {
    /// Creates the segment `name` of `nbytes` zeroed bytes and views it (a 1-D `"B"` view,
    /// read-only if `readonly`). The name must be free ([`ErrorCode::System`], "File exists");
    /// on failure no segment is left behind.
    ///
    /// # Safety
    /// Other processes may map the segment and write it at any time. The caller must make sure
    /// that nobody writes bytes this process reads through slices the view hands out
    /// ([`View::as_bytes`], typed slices) while they are borrowed, as with any shared memory.
    pub unsafe fn create_shared_memory(
        name: &str,
        nbytes: usize,
        readonly: bool,
    ) -> Result<View<'static>> {
        let name = c_name(name)?;
        let mut out = ptr::null_mut();
        check(unsafe { sys::mv_shm_create(&mut out, name.as_ptr(), nbytes, flags(readonly)) })?;
        // SAFETY: a new handle we own; the mapping lives as long as the views (the caller
        // upholds the cross-process rule above).
        Ok(unsafe { View::from_raw(out) }.expect("mv_shm_create returned a view"))
    }

    /// Opens the existing segment `name` and views all of it, read-only (mapped `PROT_READ`) if
    /// `readonly`. No such segment: [`ErrorCode::System`] ("No such file or directory").
    ///
    /// # Safety
    /// As for [`View::create_shared_memory`].
    pub unsafe fn open_shared_memory(name: &str, readonly: bool) -> Result<View<'static>> {
        let name = c_name(name)?;
        let mut out = ptr::null_mut();
        check(unsafe { sys::mv_shm_open(&mut out, name.as_ptr(), flags(readonly)) })?;
        // SAFETY: as in create_shared_memory.
        Ok(unsafe { View::from_raw(out) }.expect("mv_shm_open returned a view"))
    }
}

/// Removes the segment's name; views of it, here or in other processes, stay valid until
/// dropped.
pub fn unlink_shared_memory(name: &str) -> Result<()> {
    let name = c_name(name)?;
    check(unsafe { sys::mv_shm_unlink(name.as_ptr()) })
}
