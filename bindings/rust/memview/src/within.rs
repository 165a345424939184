//! Copies between two parts of one buffer (Python's `m[2:10] = m[0:8]`).
use memview_sys as sys;

use crate::error::{check, Result};
use crate::range::Slice;
use crate::view::View;

impl View<'_> {
    /// Slice assignment within one buffer, Python's `v[dst] = v[src]`: copies the items that
    /// `src` selects into the items that `dst` selects (each a [`View::slice_nd`] of `self`:
    /// same shape, equivalent formats). The two may overlap; the result is as if `src` were
    /// copied out first.
    ///
    /// [`View::copy_from`] cannot do this: a second view of the same buffer is a second handle,
    /// so the write would fail with [`ErrorCode::Shared`](crate::ErrorCode::Shared). Here both
    /// sides are derived inside the call from `&mut self`, the only handle of the buffer, and
    /// dropped before it returns, so no reader can see the buffer change.
    ///
    /// ```
    /// use memview::{Slice, View};
    /// let mut v = View::from(b"0123456789ab".to_vec());
    /// v.copy_within(&[Slice::from(2..10)], &[Slice::from(0..8)])?;
    /// assert_eq!(v.as_bytes(), Some(&b"0101234567ab"[..]));
    /// let mut w = View::from(b"abcdef".to_vec());
    /// w.copy_within(&[Slice::full()], &[Slice::new(.., -1)])?; // reverse in place
    /// assert_eq!(w.as_bytes(), Some(&b"fedcba"[..]));
    /// # Ok::<(), memview::Error>(())
    /// ```
    ///
    /// Errors: [`ErrorCode::Shared`](crate::ErrorCode::Shared) when other handles of the
    /// buffer are alive; `ReadOnly`; the slicing errors; `Layout` when the shapes or formats
    /// differ. On error nothing is written.
    pub fn copy_within(&mut self, dst: &[Slice], src: &[Slice]) -> Result<()> {
        self.check_exclusive()?;
        let d = self.slice_nd(dst)?;
        let s = self.slice_nd(src)?;
        check(unsafe { sys::mv_copy(d.as_raw(), s.as_raw()) })
    }
}
