//! Typed bulk decoding (issue 14): the items of any single-number format, in any byte order and
//! layout, into native `T`s, by one core call (`mv_copy` into a native-format view of the
//! destination, which converts the byte order). The core owns the rule of which formats are
//! byte-order variants of `T`'s; this module only describes the destination.
use std::ffi::c_int;
use std::ptr;

use memview_sys as sys;

use crate::element::Element;
use crate::error::{check, Error, ErrorCode, Result};
use crate::value::Value;
use crate::View;

impl View<'_> {
    /// Items in the view: the product of its shape (1 for a 0-d view).
    pub(crate) fn item_count(&self) -> Result<usize> {
        self.shape()
            .iter()
            .try_fold(1usize, |acc, &d| acc.checked_mul(d as usize))
            .ok_or_else(|| Error::new(ErrorCode::Overflow, "item count overflows"))
    }

    /// Every item as a native `T`, in C (row-major) order: `'>f'` big-endian floats, a `'<i'`
    /// column of records, a reversed `'H'` slice, ... decoded by the core in one pass (SIMD
    /// byte swaps for whole packed rows).
    ///
    /// The format must be one field of `T`'s kind and size filling the item, in any byte order
    /// (`'>f'`, `'<f'`, `'!f'`, `'f'` for `f32`); otherwise [`ErrorCode::Layout`], naming both
    /// formats.
    ///
    /// ```
    /// // struct.pack('>3f', 1.5, -2.0, 3.25)
    /// let be: Vec<u8> = [1.5f32, -2.0, 3.25].iter().flat_map(|f| f.to_be_bytes()).collect();
    /// let v = memview::View::from_slice(&be).cast(">f", None)?;
    /// assert_eq!(v.to_vec::<f32>()?, [1.5, -2.0, 3.25]);
    /// assert_eq!(v.slice(.., -2)?.to_vec::<f32>()?, [3.25, 1.5]);
    /// assert_eq!(v.to_vec::<i32>().unwrap_err().code(), memview::ErrorCode::Layout);
    /// # Ok::<(), memview::Error>(())
    /// ```
    pub fn to_vec<T: Element>(&self) -> Result<Vec<T>> {
        let n = self.item_count()?;
        let mut out = Vec::<T>::with_capacity(n);
        self.decode_raw(out.as_mut_ptr(), n)?;
        // SAFETY: on success the core wrote all n items.
        unsafe { out.set_len(n) };
        Ok(out)
    }

    /// [`View::to_vec`] into a caller's buffer (no allocation): writes the items at the start
    /// of `dst`, which must hold at least as many ([`ErrorCode::Size`] otherwise). On any error
    /// nothing is written.
    ///
    /// ```
    /// let be = [0u8, 1, 0, 2, 0, 3]; // struct.pack('>3H', 1, 2, 3)
    /// let v = memview::View::from_slice(&be).cast(">H", None)?;
    /// let mut dst = [0u16; 4];
    /// v.copy_to_slice(&mut dst)?;
    /// assert_eq!(dst, [1, 2, 3, 0]);
    /// assert_eq!(v.copy_to_slice(&mut dst[..2]).unwrap_err().code(), memview::ErrorCode::Size);
    /// # Ok::<(), memview::Error>(())
    /// ```
    pub fn copy_to_slice<T: Element>(&self, dst: &mut [T]) -> Result<()> {
        let n = self.item_count()?;
        if dst.len() < n {
            return Err(Error::new(
                ErrorCode::Size,
                format!("destination holds {} items, the view has {n}", dst.len()),
            ));
        }
        self.decode_raw(dst.as_mut_ptr(), n)
    }

    /// Decodes the `n` items (n == item_count) into `dst`, valid for n writes of `T`.
    fn decode_raw<T: Element>(&self, dst: *mut T, n: usize) -> Result<()> {
        let shape = self.shape();
        let info = sys::mv_buffer_info {
            data: if n == 0 {
                ptr::NonNull::<T>::dangling().as_ptr().cast()
            } else {
                dst.cast()
            },
            format: T::FORMAT.as_ptr(),
            ndim: shape.len() as c_int,
            shape: shape.as_ptr(),
            readonly: 0,
            ..sys::MV_BUFFER_INFO_INIT
        };
        let mut out = ptr::null_mut();
        check(unsafe { sys::mv_from_buffer(&mut out, &info) })?;
        // SAFETY: a fresh handle of the destination, released right after the copy; the core
        // checks the formats and shapes before writing anything.
        let rc = unsafe { sys::mv_copy(out, self.as_raw()) };
        let result = check(rc);
        unsafe { sys::mv_release(out) };
        result
    }

    /// The `Value`s of a view whose items are one number of a size `T` has, decoded in bulk
    /// (`to_list`'s fast path): `None` when the format is anything else.
    pub(crate) fn list_numbers(&self) -> Option<Result<Vec<Value>>> {
        if self.nfields() != 1 {
            return None;
        }
        let f = self.field_info(0).ok()?;
        if f.offset != 0 || f.size != self.itemsize() {
            return None;
        }
        Some(match (f.kind, f.size) {
            (sys::MV_KIND_FLOAT, 4) => self.list_as::<f32>(),
            (sys::MV_KIND_FLOAT, 8) => self.list_as::<f64>(),
            (sys::MV_KIND_INT, 1) => self.list_as::<i8>(),
            (sys::MV_KIND_INT, 2) => self.list_as::<i16>(),
            (sys::MV_KIND_INT, 4) => self.list_as::<i32>(),
            (sys::MV_KIND_INT, 8) => self.list_as::<i64>(),
            (sys::MV_KIND_UINT, 1) => self.list_as::<u8>(),
            (sys::MV_KIND_UINT, 2) => self.list_as::<u16>(),
            (sys::MV_KIND_UINT, 4) => self.list_as::<u32>(),
            (sys::MV_KIND_UINT, 8) => self.list_as::<u64>(),
            _ => return None,
        })
    }

    /// Decodes in runs of first-dimension rows through one reused buffer (no temporary the size
    /// of the view), each value widened as `mv_unpack` widens it.
    fn list_as<T: Element + Into<Value>>(&self) -> Result<Vec<Value>> {
        let items = self.item_count()?;
        let mut out = Vec::with_capacity(items);
        if items == 0 {
            return Ok(out);
        }
        let rows = if self.ndim() == 0 {
            1
        } else {
            self.shape()[0] as usize
        };
        let per_row = items / rows;
        let rows_per_run = (DECODE_RUN / per_row).max(1);
        let mut buf: Vec<T> = Vec::with_capacity(rows_per_run.min(rows) * per_row);
        let mut run = |part: &View<'_>, n: usize| -> Result<()> {
            buf.clear();
            part.decode_raw(buf.as_mut_ptr(), n)?;
            // SAFETY: the core wrote n items.
            unsafe { buf.set_len(n) };
            out.extend(buf.iter().map(|&x| x.into()));
            Ok(())
        };
        if rows <= rows_per_run {
            run(self, items)?;
        } else {
            for start in (0..rows).step_by(rows_per_run) {
                let stop = (start + rows_per_run).min(rows);
                let part = self.slice_py(Some(start as isize), Some(stop as isize), 1)?;
                run(&part, (stop - start) * per_row)?;
            }
        }
        Ok(out)
    }
}

/// Items decoded per core call by `to_list`'s fast path (at most 128 KiB of `T`: stays in cache).
const DECODE_RUN: usize = 16384;
