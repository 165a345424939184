//! The `View` handle: creation, derivation (slice, cast, index) and layout accessors.
use std::ffi::{c_char, c_int, c_void, CStr, CString};
use std::fmt;
use std::marker::PhantomData;
use std::mem::MaybeUninit;
use std::ops::RangeBounds;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr::{self, NonNull};
use std::sync::Arc;

use memview_sys as sys;

use crate::element::Element;
use crate::error::{check, Error, ErrorCode, Result};
use crate::range::Slice;

/// A zero-copy, typed, N-dimensional, strided view into a buffer: Python's `memoryview`.
///
/// A `View` owns one handle of the library's immutable, reference-counted view. Cloning makes a
/// new handle of the same view; dropping releases it; the buffer is freed (or its borrow ends)
/// when the last view of it goes. Views are `Send + Sync`: any number of threads may read,
/// slice and cast one buffer at once.
///
/// `'a` is the lifetime of borrowed memory ([`View::from_slice`], [`View::from_mut_slice`]): a
/// view, and every view derived from it, cannot outlive the borrow. Views that own their buffer
/// ([`View::from_owned`], [`View::alloc`], `From<Vec<u8>>`) are `View<'static>`.
///
/// Writes ([`View::set`], [`View::as_bytes_mut`], [`View::copy_from`]) take `&mut self` and need
/// the only live handle of the buffer (as [`Arc::get_mut`]); otherwise they fail with
/// [`ErrorCode::Shared`]. So no `&[u8]` handed out by [`View::as_bytes`] can change under its
/// reader, and no two threads write the same buffer.
///
/// ```
/// use memview::View;
/// let mut v = View::from(b"Hello, world!".to_vec());
/// assert_eq!(v.get(&[0])?, 72u8.into());
/// assert_eq!(v.slice(0..5, 1)?.to_bytes(memview::Order::C)?, b"Hello");
/// v.set(&[0], b'J')?;
/// assert_eq!(v.as_bytes(), Some(&b"Jello, world!"[..]));
/// # Ok::<(), memview::Error>(())
/// ```
pub struct View<'a> {
    raw: NonNull<sys::mv_view>,
    // One per writable buffer, shared by every Rust handle of it: uniqueness for writes. None
    // for a buffer created read-only: no view of it can ever write (the core keeps derived
    // views read-only), so there is nothing to count, and deriving costs no atomics.
    buffer: Token,
    _borrow: PhantomData<&'a [u8]>,
}

/// The write-uniqueness token of a buffer's Rust handles (see `View::buffer`).
type Token = Option<Arc<()>>;

/// A new buffer's token: none for a read-only buffer.
fn token(readonly: bool) -> Token {
    (!readonly).then(|| Arc::new(()))
}

// SAFETY: the core's views are immutable with atomic reference counts, and releasing from any
// thread is allowed (owned buffers are `Send`). Reads through `&View` never conflict; writes need
// `&mut` on the only handle of the buffer.
unsafe impl Send for View<'_> {}
unsafe impl Sync for View<'_> {}

/// Drops the boxed owner of an owned buffer; never unwinds into C.
unsafe extern "C" fn release_owned<B>(ctx: *mut c_void) {
    let owner = ctx as *mut B;
    // A panicking Drop of the owner must not cross the C frame; it is reported and swallowed.
    if catch_unwind(AssertUnwindSafe(|| drop(unsafe { Box::from_raw(owner) }))).is_err() {
        eprintln!("memview: a buffer owner panicked while being dropped");
    }
}

impl<'a> View<'a> {
    #[inline]
    fn wrap(raw: *mut sys::mv_view, buffer: Token) -> View<'a> {
        View {
            raw: NonNull::new(raw).expect("memview returned MV_OK with a NULL view"),
            buffer,
            _borrow: PhantomData,
        }
    }

    /// Creates a new buffer's first view; panics only when the library is out of memory.
    fn create(data: *mut u8, len: usize, flags: u32) -> View<'a> {
        let mut out = ptr::null_mut();
        let rc =
            unsafe { sys::mv_create(&mut out, data.cast(), len, flags, None, ptr::null_mut()) };
        // A Rust slice is never longer than isize::MAX, so only ENOMEM can fail here.
        if let Err(e) = check(rc) {
            panic!("memview: cannot create a view: {e}");
        }
        View::wrap(out, token(flags & sys::MV_READONLY != 0))
    }

    /// A read-only 1-D `"B"` view of borrowed bytes (`memoryview(bytes)`).
    ///
    /// ```
    /// let data = *b"Immutable";
    /// let v = memview::View::from_slice(&data);
    /// assert!(v.readonly());
    /// assert_eq!(v.len(), 9);
    /// ```
    pub fn from_slice(data: &'a [u8]) -> View<'a> {
        View::create(data.as_ptr().cast_mut(), data.len(), sys::MV_READONLY)
    }

    /// A writable 1-D `"B"` view of mutably borrowed bytes (`memoryview(bytearray)`).
    ///
    /// ```
    /// let mut data = *b"Hello";
    /// let mut v = memview::View::from_mut_slice(&mut data);
    /// v.set(&[0], b'J')?;
    /// drop(v);
    /// assert_eq!(&data, b"Jello");
    /// # Ok::<(), memview::Error>(())
    /// ```
    pub fn from_mut_slice(data: &'a mut [u8]) -> View<'a> {
        View::create(data.as_mut_ptr(), data.len(), 0)
    }

    /// A read-only 1-D view of typed elements in their native format (`memoryview` of an
    /// `array.array`): `"f"` for `&[f32]`, `"q"` for `&[i64]`, ...
    ///
    /// ```
    /// let data = [1.5f32, 2.718, 3.14159];
    /// let v = memview::View::from_elements(&data);
    /// assert_eq!((v.format(), v.len(), v.nbytes()), ("f", 3, 12));
    /// assert_eq!(v.cast("B", None)?.cast("f", None)?.as_slice::<f32>(), Some(&data[..]));
    /// # Ok::<(), memview::Error>(())
    /// ```
    pub fn from_elements<T: Element>(data: &'a [T]) -> View<'a> {
        View::create_typed(data.as_ptr().cast_mut(), data.len(), true)
    }

    /// A writable 1-D view of typed elements in their native format.
    pub fn from_elements_mut<T: Element>(data: &'a mut [T]) -> View<'a> {
        View::create_typed(data.as_mut_ptr(), data.len(), false)
    }

    /// A read-only view of borrowed bytes with an explicit layout (`mv_from_buffer`): the item
    /// at index `(0, ..., 0)` starts at `data[offset]`, and `strides` (in bytes, any sign;
    /// `None` for C-contiguous) place the others. This is how Fortran-ordered or reversed
    /// layouts are described without copying.
    ///
    /// ```
    /// use memview::{Order, View};
    /// // A 2x3 'B' matrix stored column by column (Fortran order).
    /// let data = [1u8, 4, 2, 5, 3, 6];
    /// let v = View::from_strided(&data, 0, "B", &[2, 3], Some(&[1, 2]))?;
    /// assert!(v.is_f_contiguous() && !v.is_c_contiguous());
    /// assert_eq!(v.to_bytes(Order::C)?, [1, 2, 3, 4, 5, 6]);
    /// assert_eq!(v.to_bytes(Order::A)?, data);
    /// // Items must lie inside `data`: one more column does not fit.
    /// let e = View::from_strided(&data, 0, "B", &[2, 4], Some(&[1, 2])).unwrap_err();
    /// assert_eq!(e.code(), memview::ErrorCode::Size);
    /// # Ok::<(), memview::Error>(())
    /// ```
    ///
    /// Errors: `Index` when `offset > data.len()`; `InvalidArgument` when `strides` and
    /// `shape` differ in length (and the core's checks: extents >= 0, ndim, format);
    /// `Size` when an item would lie outside `data`.
    pub fn from_strided(
        data: &'a [u8],
        offset: usize,
        format: &str,
        shape: &[isize],
        strides: Option<&[isize]>,
    ) -> Result<View<'a>> {
        let p = data.as_ptr().cast_mut();
        View::describe(p, data.len(), offset, format, shape, strides, true)
    }

    /// [`View::from_strided`] for a writable view of mutably borrowed bytes.
    pub fn from_strided_mut(
        data: &'a mut [u8],
        offset: usize,
        format: &str,
        shape: &[isize],
        strides: Option<&[isize]>,
    ) -> Result<View<'a>> {
        View::describe(
            data.as_mut_ptr(),
            data.len(),
            offset,
            format,
            shape,
            strides,
            false,
        )
    }

    fn describe(
        data: *mut u8,
        len: usize,
        offset: usize,
        format: &str,
        shape: &[isize],
        strides: Option<&[isize]>,
        readonly: bool,
    ) -> Result<View<'a>> {
        if offset > len {
            return Err(Error::new(
                ErrorCode::Index,
                format!("offset {offset} is past the end of {len} bytes"),
            ));
        }
        if strides.is_some_and(|s| s.len() != shape.len()) {
            return Err(Error::new(
                ErrorCode::InvalidArgument,
                "strides and shape differ in length",
            ));
        }
        let mut out = ptr::null_mut();
        with_c_format(format, |format| {
            let info = sys::mv_buffer_info {
                // SAFETY (of the add): offset <= len, so at most one past the end.
                data: unsafe { data.add(offset) }.cast(),
                format,
                ndim: shape.len().min(sys::MV_MAX_NDIM as usize + 1) as c_int,
                shape: shape.as_ptr(),
                strides: strides.map_or(ptr::null(), <[isize]>::as_ptr),
                readonly: readonly as c_int,
                ..sys::MV_BUFFER_INFO_INIT
            };
            check(unsafe { sys::mv_from_buffer(&mut out, &info) })
        })?;
        let v = View::wrap(out, token(readonly));
        // The core trusts the description; the slice's bounds are checked here, before any
        // item can be read (the view is dropped on failure).
        let (mut lo, mut hi) = (0isize, 0isize);
        check(unsafe { sys::mv_extent(v.as_raw(), &mut lo, &mut hi) })?;
        let off = offset as isize; // a slice is never longer than isize::MAX
        if off.checked_add(lo).map_or(true, |a| a < 0)
            || off.checked_add(hi).map_or(true, |b| b as usize > len)
        {
            return Err(Error::new(
                ErrorCode::Size,
                format!(
                    "the items span bytes {lo}..{hi} around offset {offset}, outside the {len} bytes given"
                ),
            ));
        }
        Ok(v)
    }

    fn create_typed<T: Element>(data: *mut T, len: usize, readonly: bool) -> View<'a> {
        let shape = [len as isize]; // a slice of T never has more than isize::MAX elements
        let info = sys::mv_buffer_info {
            data: data.cast(),
            format: T::FORMAT.as_ptr(),
            ndim: 1,
            shape: shape.as_ptr(),
            readonly: readonly as c_int,
            ..sys::MV_BUFFER_INFO_INIT
        };
        let mut out = ptr::null_mut();
        if let Err(e) = check(unsafe { sys::mv_from_buffer(&mut out, &info) }) {
            panic!("memview: cannot create a view: {e}");
        }
        View::wrap(out, token(readonly))
    }

    /// Wraps a handle made by C code, taking over one reference (released on drop).
    ///
    /// Returns `None` for a NULL pointer.
    ///
    /// # Safety
    /// `raw` must be a live handle from the memview library that the caller owns and does not
    /// release. The memory it views must stay valid for `'a`, and while this view or any view
    /// derived from it lives, no other code may write that memory (nor read it while this view
    /// writes): Rust code gets `&[u8]` into it.
    pub unsafe fn from_raw(raw: *mut sys::mv_view) -> Option<View<'a>> {
        NonNull::new(raw).map(|_| View::wrap(raw, token(false)))
    }

    /// Gives up the handle without releasing it (for C code, or [`View::from_raw`]). The raw
    /// handle no longer counts as a Rust handle for the write rule: C code holding it must not
    /// touch the buffer while Rust code writes it.
    pub fn into_raw(self) -> *mut sys::mv_view {
        let this = std::mem::ManuallyDrop::new(self);
        // SAFETY: `this` is never dropped, so its Arc is moved out exactly once.
        drop(unsafe { ptr::read(&this.buffer) });
        this.raw.as_ptr()
    }

    /// The handle, borrowed (valid while `self` lives), for calls into `memview-sys`.
    #[inline]
    pub fn as_raw(&self) -> *const sys::mv_view {
        self.raw.as_ptr()
    }

    #[inline]
    fn derived(&self, rc: c_int, out: *mut sys::mv_view) -> Result<View<'a>> {
        check(rc)?;
        Ok(View::wrap(out, self.buffer.clone()))
    }

    /// The items of `range` along the first dimension, every `step`-th (a negative step walks
    /// the range backwards, as ndarray's `s![a..b; -1]`). Bounds count from the end when
    /// negative and are clamped, as in Python; a step of 0 is an error.
    ///
    /// ```
    /// let v = memview::View::from_slice(b"abcdef");
    /// assert_eq!(v.slice(1..4, 1)?.as_bytes(), Some(&b"bcd"[..]));
    /// assert_eq!(v.slice(.., -2)?.to_bytes(memview::Order::C)?, b"fdb");
    /// assert_eq!(v.slice(1..4, -1)?.to_bytes(memview::Order::C)?, b"dcb");
    /// assert_eq!(v.slice(-2.., 1)?.as_bytes(), Some(&b"ef"[..]));
    /// assert_eq!(v.slice(1..=100, 1)?.len(), 5);
    /// assert!(v.slice(.., 0).is_err());
    /// # Ok::<(), memview::Error>(())
    /// ```
    #[inline]
    pub fn slice<R: RangeBounds<isize>>(&self, range: R, step: isize) -> Result<View<'a>> {
        self.slice_1d(Slice::new(range, step))
    }

    /// [`View::slice`] for writing: the returned view mutably borrows `self` (which cannot be
    /// used until it is dropped), so it may write even though `self` is alive, like
    /// `&mut v[a..b]`. The readinto pattern:
    ///
    /// ```
    /// use std::io::Read;
    /// let mut dst = memview::View::alloc(8)?;
    /// let mut src: &[u8] = b"abcdefgh";
    /// for start in (0..8).step_by(4) {
    ///     let mut chunk = dst.slice_mut(start..start + 4, 1)?;
    ///     src.read_exact(chunk.as_bytes_mut().unwrap()).unwrap();
    /// }
    /// assert_eq!(dst.as_bytes(), Some(&b"abcdefgh"[..]));
    /// # Ok::<(), memview::Error>(())
    /// ```
    ///
    /// Fails with [`ErrorCode::Shared`] when `self` is writable but not the only handle of its
    /// buffer (those other handles could be reading).
    pub fn slice_mut<R: RangeBounds<isize>>(&mut self, range: R, step: isize) -> Result<View<'_>> {
        self.check_exclusive()?;
        Ok(self.slice(range, step)?.detach())
    }

    /// [`View::slice_py`] for writing, as [`View::slice_mut`]: Python's `v[start:stop:step]`
    /// as a view that may write (`v[::2]` of a writable buffer, to set items through it).
    ///
    /// ```
    /// let mut v = memview::View::from(b"abcdef".to_vec());
    /// let mut odd = v.slice_py_mut(Some(1), None, 2)?;
    /// odd.set(&[0], b'B')?;
    /// drop(odd);
    /// assert_eq!(v.as_bytes(), Some(&b"aBcdef"[..]));
    /// # Ok::<(), memview::Error>(())
    /// ```
    pub fn slice_py_mut(
        &mut self,
        start: Option<isize>,
        stop: Option<isize>,
        step: isize,
    ) -> Result<View<'_>> {
        self.check_exclusive()?;
        Ok(self.slice_py(start, stop, step)?.detach())
    }

    /// [`View::cast_offset`] for writing, as [`View::slice_mut`].
    pub fn cast_mut(
        &mut self,
        format: &str,
        shape: Option<&[isize]>,
        offset: usize,
    ) -> Result<View<'_>> {
        self.check_exclusive()?;
        Ok(self.cast_offset(format, shape, offset)?.detach())
    }

    /// A view that is its own writer: a fresh uniqueness token. Only for views whose lifetime is
    /// bound to a `&mut` borrow of the buffer's only other handle.
    fn detach(mut self) -> View<'a> {
        self.buffer = token(false);
        self
    }

    /// Python's `v[start:stop:step]` exactly: `None` is an omitted bound, and a negative step
    /// starts at `start` (`slice_py(Some(4), Some(1), -1)` is items 4, 3, 2).
    pub fn slice_py(
        &self,
        start: Option<isize>,
        stop: Option<isize>,
        step: isize,
    ) -> Result<View<'a>> {
        self.slice_1d(Slice::py(start, stop, step))
    }

    // Derivations are split in two (issue 14): the core calls, out of line, return the new
    // handle, and the inlined wrapper makes the View in the caller's registers. A View returned
    // through memory by a function the compiler did not inline was stored as two words and
    // loaded as one 16-byte move: a store-forwarding stall of ~8 ns per derive.
    #[inline]
    fn slice_1d(&self, s: Slice) -> Result<View<'a>> {
        let out = self.slice_handle(s)?;
        Ok(View::wrap(out, self.buffer.clone()))
    }

    /// The core's slice (two for a negative step on a range), returning the new handle.
    fn slice_handle(&self, s: Slice) -> Result<*mut sys::mv_view> {
        let r = s.first();
        let mut out = ptr::null_mut();
        check(unsafe { sys::mv_slice(&mut out, self.as_raw(), r.start, r.stop, r.step) })?;
        let Some(r) = s.then() else {
            return Ok(out);
        };
        let first = out;
        let result = check(unsafe { sys::mv_slice(&mut out, first, r.start, r.stop, r.step) });
        unsafe { sys::mv_release(first) };
        result.map(|()| out)
    }

    /// Multi-dimensional slicing `v[r0, r1, ...]`; dimensions after the given ones stay whole.
    ///
    /// ```
    /// use memview::{Slice, View};
    /// let grid = View::from_slice(b"abcdefghijkl").cast("B", Some(&[3, 4]))?;
    /// let corner = grid.slice_nd(&[Slice::from(1..), Slice::new(.., -3)])?;
    /// assert_eq!(corner.shape(), &[2, 2]);
    /// assert_eq!(corner.to_bytes(memview::Order::C)?, b"heli");
    /// # Ok::<(), memview::Error>(())
    /// ```
    pub fn slice_nd(&self, ranges: &[Slice]) -> Result<View<'a>> {
        let first: Vec<sys::mv_range> = ranges.iter().map(Slice::first).collect();
        let v = self.slice_ranges(&first)?;
        if ranges.iter().all(|s| s.then().is_none()) {
            return Ok(v);
        }
        let full = sys::mv_range {
            start: sys::MV_NONE,
            stop: sys::MV_NONE,
            step: 1,
        };
        let then: Vec<sys::mv_range> = ranges.iter().map(|s| s.then().unwrap_or(full)).collect();
        v.slice_ranges(&then)
    }

    fn slice_ranges(&self, ranges: &[sys::mv_range]) -> Result<View<'a>> {
        let mut out = ptr::null_mut();
        let n = ranges.len().min(sys::MV_MAX_NDIM as usize + 1) as c_int;
        let rc = unsafe { sys::mv_slice_nd(&mut out, self.as_raw(), ranges.as_ptr(), n) };
        self.derived(rc, out)
    }

    /// The sub-view `v[i]`: index `i` of the first dimension, one dimension less (negative `i`
    /// counts from the end). On a 1-D view, the 0-d view of one item.
    #[inline]
    pub fn index(&self, i: isize) -> Result<View<'a>> {
        let mut out = ptr::null_mut();
        let rc = unsafe { sys::mv_index(&mut out, self.as_raw(), i) };
        self.derived(rc, out)
    }

    /// `memoryview.cast(format, shape)`: the bytes of a C-contiguous view as items of `format`
    /// (any struct format: byte-order prefixes, records such as `">if"`), C-contiguous in
    /// `shape`. `None` means 1-D over all the bytes; `Some(&[])` a 0-d view.
    ///
    /// ```
    /// let data = [0u8, 0, 0, 42, 0x40, 0x48, 0xf5, 0xc3]; // struct.pack('>if', 42, 3.14)
    /// let v = memview::View::from_slice(&data);
    /// assert_eq!(v.cast(">i", None)?.get(&[0])?, 42i64.into());
    /// let f = v.cast_offset(">f", None, 4)?.get(&[0])?.as_f64().unwrap();
    /// assert!((f - 3.14).abs() < 1e-6);
    /// # Ok::<(), memview::Error>(())
    /// ```
    #[inline]
    pub fn cast(&self, format: &str, shape: Option<&[isize]>) -> Result<View<'a>> {
        self.cast_offset(format, shape, 0)
    }

    /// [`View::cast`] of the bytes from `offset` to the end (Python's `cast('f', offset=4)`).
    #[inline]
    pub fn cast_offset(
        &self,
        format: &str,
        shape: Option<&[isize]>,
        offset: usize,
    ) -> Result<View<'a>> {
        let out = self.cast_handle(format, shape, offset)?;
        Ok(View::wrap(out, self.buffer.clone()))
    }

    /// The core's cast, returning the new handle (see `slice_1d`).
    fn cast_handle(
        &self,
        format: &str,
        shape: Option<&[isize]>,
        offset: usize,
    ) -> Result<*mut sys::mv_view> {
        let (sp, nd) = match shape {
            None => (ptr::null(), 0),
            Some(s) => (
                s.as_ptr(),
                s.len().min(sys::MV_MAX_NDIM as usize + 1) as c_int,
            ),
        };
        let mut out = ptr::null_mut();
        // offset 0 is plain mv_cast, which skips the offset path's intermediate work.
        with_c_format(format, |format| {
            check(unsafe {
                if offset == 0 {
                    sys::mv_cast(&mut out, self.as_raw(), format, sp, nd)
                } else {
                    sys::mv_cast_offset(&mut out, self.as_raw(), format, sp, nd, offset)
                }
            })
        })?;
        Ok(out)
    }

    /// The view of field `k` of every item (same shape and strides, format the field alone
    /// with its byte order): zero-copy column access to records.
    ///
    /// ```
    /// // two '<Hb' records: (1, -1), (2, -2)
    /// let v = memview::View::from_slice(&[1, 0, 0xff, 2, 0, 0xfe]).cast("<Hb", None)?;
    /// let col = v.field(1)?;
    /// assert_eq!(col.to_list()?, vec![(-1i8).into(), (-2i8).into()]);
    /// # Ok::<(), memview::Error>(())
    /// ```
    #[inline]
    pub fn field(&self, k: usize) -> Result<View<'a>> {
        let mut out = ptr::null_mut();
        let rc = unsafe { sys::mv_field_view(&mut out, self.as_raw(), k) };
        self.derived(rc, out)
    }

    /// `memoryview.toreadonly()`: the same view, refusing writes.
    pub fn to_readonly(&self) -> Result<View<'a>> {
        let mut out = ptr::null_mut();
        let rc = unsafe { sys::mv_toreadonly(&mut out, self.as_raw()) };
        self.derived(rc, out)
    }

    /// True when this is the only live Rust handle of its buffer, so writes are allowed.
    pub(crate) fn unique(&mut self) -> bool {
        // A read-only buffer has no writer to exclude (callers check readonly() first anyway).
        match &mut self.buffer {
            None => true,
            Some(b) => Arc::get_mut(b).is_some(),
        }
    }

    /// Ok when writes through this handle (or through views detached from it) cannot race
    /// readers: it is read-only (the core refuses writes) or the only handle of its buffer.
    pub(crate) fn check_exclusive(&mut self) -> Result<()> {
        if !self.readonly() && !self.unique() {
            return Err(Error::new(
                ErrorCode::Shared,
                "cannot write: other views of this buffer are alive (drop them first)",
            ));
        }
        Ok(())
    }

    /// Items of the first dimension (`len(v)`); 1 for a 0-d view.
    pub fn len(&self) -> usize {
        unsafe { sys::mv_len(self.as_raw()) }
    }

    /// True when the view has no items.
    pub fn is_empty(&self) -> bool {
        self.nbytes() == 0
    }

    /// Bytes the view covers: product(shape) * itemsize.
    pub fn nbytes(&self) -> usize {
        unsafe { sys::mv_nbytes(self.as_raw()) }
    }

    /// Size of one item in bytes.
    pub fn itemsize(&self) -> usize {
        unsafe { sys::mv_itemsize(self.as_raw()) }
    }

    /// The struct format of one item, as given (e.g. `"B"`, `"<f"`, `">if"`).
    pub fn format(&self) -> &str {
        // SAFETY: borrowed from the handle, valid while self lives. The core accepts only
        // ASCII formats; anything else would have been refused.
        let c = unsafe { CStr::from_ptr(sys::mv_format(self.as_raw())) };
        c.to_str().unwrap_or("")
    }

    /// Values one item unpacks to (1 for `"f"`, 2 for `">if"`, 0 for `"x"`).
    pub fn nfields(&self) -> usize {
        unsafe { sys::mv_nfields(self.as_raw()) }
    }

    /// Number of dimensions.
    pub fn ndim(&self) -> usize {
        unsafe { sys::mv_ndim(self.as_raw()) as usize }
    }

    /// Extent of each dimension.
    pub fn shape(&self) -> &[isize] {
        self.dims(unsafe { sys::mv_shape(self.as_raw()) })
    }

    /// Byte stride of each dimension (any sign).
    pub fn strides(&self) -> &[isize] {
        self.dims(unsafe { sys::mv_strides(self.as_raw()) })
    }

    fn dims(&self, p: *const isize) -> &[isize] {
        let n = self.ndim();
        if n == 0 || p.is_null() {
            &[]
        } else {
            // SAFETY: ndim extents, borrowed from the handle.
            unsafe { std::slice::from_raw_parts(p, n) }
        }
    }

    /// True when writes through this view are refused.
    pub fn readonly(&self) -> bool {
        unsafe { sys::mv_readonly(self.as_raw()) != 0 }
    }

    /// True when the items are laid out C-contiguously.
    pub fn is_c_contiguous(&self) -> bool {
        unsafe { sys::mv_c_contiguous(self.as_raw()) != 0 }
    }

    /// True when the items are laid out Fortran-contiguously.
    pub fn is_f_contiguous(&self) -> bool {
        unsafe { sys::mv_f_contiguous(self.as_raw()) != 0 }
    }

    /// True when C- or Fortran-contiguous.
    pub fn is_contiguous(&self) -> bool {
        unsafe { sys::mv_contiguous(self.as_raw()) != 0 }
    }
}

impl View<'static> {
    /// A read-only view that owns `buf` (a `Vec<u8>`, `Box<[u8]>`, `Arc<[u8]>`, `String`, ...)
    /// and drops it when the last view of it is released, on whichever thread that happens.
    pub fn from_owned<B: AsRef<[u8]> + Send + 'static>(buf: B) -> View<'static> {
        let owner = Box::into_raw(Box::new(buf));
        // SAFETY: the box is never touched again until release_owned drops it; its bytes stay
        // put (a Box's contents never move).
        let bytes = unsafe { (*owner).as_ref() };
        View::create_owned(
            bytes.as_ptr().cast_mut(),
            bytes.len(),
            sys::MV_READONLY,
            owner,
        )
    }

    /// A writable view that owns `buf` (a `Vec<u8>`, `Box<[u8]>`, `[u8; N]`, ...), like
    /// `memoryview(bytearray)`.
    pub fn from_owned_mut<B: AsMut<[u8]> + Send + 'static>(buf: B) -> View<'static> {
        let owner = Box::into_raw(Box::new(buf));
        // SAFETY: as in from_owned.
        let bytes = unsafe { (*owner).as_mut() };
        View::create_owned(bytes.as_mut_ptr(), bytes.len(), 0, owner)
    }

    fn create_owned<B>(data: *mut u8, len: usize, flags: u32, owner: *mut B) -> View<'static> {
        let mut out = ptr::null_mut();
        let rc = unsafe {
            sys::mv_create(
                &mut out,
                data.cast(),
                len,
                flags,
                Some(release_owned::<B>),
                owner.cast(),
            )
        };
        if let Err(e) = check(rc) {
            // On failure the callback is not called: we still own the buffer.
            drop(unsafe { Box::from_raw(owner) });
            panic!("memview: cannot create a view: {e}");
        }
        View::wrap(out, token(flags & sys::MV_READONLY != 0))
    }

    /// A writable view of `nbytes` zeroed bytes that the library allocates.
    ///
    /// ```
    /// let v = memview::View::alloc(16)?;
    /// assert_eq!(v.as_bytes(), Some(&[0u8; 16][..]));
    /// assert!(memview::View::alloc(usize::MAX).is_err());
    /// # Ok::<(), memview::Error>(())
    /// ```
    pub fn alloc(nbytes: usize) -> Result<View<'static>> {
        let mut out = ptr::null_mut();
        check(unsafe { sys::mv_alloc(&mut out, nbytes) })?;
        Ok(View::wrap(out, token(false)))
    }
}

/// Bytes of the stack buffer [`with_c_format`] uses: every real format is shorter.
const FORMAT_STACK: usize = 32;

/// Runs `f` with `format` as a NUL-terminated C string. A short format (every real one) is
/// copied byte by byte into a buffer in the caller's frame: no allocation, and nothing is
/// moved after the copy, so the core's byte reads are served by store forwarding (the former
/// `Result<enum>` return copied the buffer twice with wide loads over narrow stores, ~15 ns
/// of stalls per cast). A NUL inside the format is refused, as the core would truncate it.
#[inline]
fn with_c_format<R>(format: &str, f: impl FnOnce(*const c_char) -> Result<R>) -> Result<R> {
    let bytes = format.as_bytes();
    if bytes.len() < FORMAT_STACK {
        let mut buf = [MaybeUninit::<u8>::uninit(); FORMAT_STACK];
        for (d, &b) in buf.iter_mut().zip(bytes) {
            if b == 0 {
                return Err(nul_in_format(format));
            }
            d.write(b);
        }
        buf[bytes.len()].write(0);
        return f(buf.as_ptr().cast());
    }
    let c = CString::new(format).map_err(|_| nul_in_format(format))?;
    f(c.as_ptr())
}

#[cold]
fn nul_in_format(format: &str) -> Error {
    Error::new(
        ErrorCode::Format,
        format!("format {format:?} contains a NUL byte"),
    )
}

impl Clone for View<'_> {
    fn clone(&self) -> Self {
        let mut out = ptr::null_mut();
        // Cannot fail for a live handle (only NULL arguments are refused).
        let rc = unsafe { sys::mv_retain(&mut out, self.raw.as_ptr()) };
        assert_eq!(rc, sys::MV_OK, "mv_retain failed on a live view");
        View::wrap(out, self.buffer.clone())
    }
}

impl Drop for View<'_> {
    #[inline]
    fn drop(&mut self) {
        unsafe { sys::mv_release(self.raw.as_ptr()) }
    }
}

/// memoryview `==`: same shape and equal unpacked values item by item (NaN != NaN,
/// `1 == 1.0` across formats).
impl PartialEq for View<'_> {
    fn eq(&self, other: &Self) -> bool {
        unsafe { sys::mv_equal(self.as_raw(), other.as_raw()) == 1 }
    }
}

impl fmt::Debug for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("View")
            .field("format", &self.format())
            .field("shape", &self.shape())
            .field("strides", &self.strides())
            .field("readonly", &self.readonly())
            .field("c_contiguous", &self.is_c_contiguous())
            .finish()
    }
}

impl<'a> From<&'a [u8]> for View<'a> {
    fn from(data: &'a [u8]) -> View<'a> {
        View::from_slice(data)
    }
}

impl<'a> From<&'a mut [u8]> for View<'a> {
    fn from(data: &'a mut [u8]) -> View<'a> {
        View::from_mut_slice(data)
    }
}

/// A writable view owning the vector (like `memoryview(bytearray(...))`).
impl From<Vec<u8>> for View<'static> {
    fn from(data: Vec<u8>) -> View<'static> {
        View::from_owned_mut(data)
    }
}

/// A writable view owning the boxed bytes.
impl From<Box<[u8]>> for View<'static> {
    fn from(data: Box<[u8]>) -> View<'static> {
        View::from_owned_mut(data)
    }
}
