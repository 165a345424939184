//! Arrow C Data Interface conversions to and from arrow-rs (feature `arrow`): `mv_to_arrow_ex`
//! and `mv_from_arrow` under arrow-rs's `FFI_ArrowArray` / `FFI_ArrowSchema`.

use std::ptr;

use arrow_array::ffi::{from_ffi, to_ffi, FFI_ArrowArray, FFI_ArrowSchema};
use arrow_array::{make_array, Array, ArrayRef};

use crate::error::check;
use crate::{sys, Error, ErrorCode, ExportCopy, Result, View};

impl View<'static> {
    /// Exports a 1-D view as an arrow-rs array, zero-copy when the view is contiguous items of a
    /// native-byte-order primitive format (`b B h H i I l L q Q n N e f d`, and `Ns` as
    /// fixed-size binary): the array's values buffer is the view's memory, kept alive by the
    /// array. With [`ExportCopy::IfNeeded`], strided and byte-swapped views are copied once and
    /// records become struct arrays (one child per field).
    ///
    /// Only views of memory that lives for `'static` (owned, allocated, imported) can be
    /// exported: an `ArrayRef` has no lifetime. arrow-rs needs buffers aligned to the item size;
    /// a view at an unaligned address is copied into aligned memory by arrow-rs.
    ///
    /// ```
    /// use arrow_array::{Array, Float32Array};
    /// let v = memview::View::from(vec![0u8; 16]).cast("f", None)?;
    /// let arr = v.to_arrow(memview::ExportCopy::Never)?;
    /// let f = arr.as_any().downcast_ref::<Float32Array>().unwrap();
    /// assert_eq!(f.len(), 4);
    /// let data = unsafe { memview::sys::mv_data(v.as_raw()) };
    /// assert_eq!(f.values().as_ptr() as *const u8, data as *const u8); // no copy
    /// # Ok::<(), memview::Error>(())
    /// ```
    pub fn to_arrow(&self, copy: ExportCopy) -> Result<ArrayRef> {
        let mut array = FFI_ArrowArray::empty();
        let mut schema = FFI_ArrowSchema::empty();
        // SAFETY: arrow-rs's FFI structs are the C Data Interface's, #[repr(C)].
        check(unsafe {
            sys::mv_to_arrow_ex(
                self.as_raw(),
                ptr::addr_of_mut!(schema).cast(),
                ptr::addr_of_mut!(array).cast(),
                copy.flags(),
            )
        })?;
        // SAFETY: a well-formed export that arrow-rs now owns (it calls release once).
        let mut data = unsafe { from_ffi(array, &schema) }
            .map_err(|e| Error::new(ErrorCode::Internal, format!("arrow-rs import: {e}")))?;
        data.align_buffers();
        Ok(make_array(data))
    }

    /// Views an arrow-rs array without copying: primitive numeric and fixed-size binary arrays
    /// without nulls. The view is read-only and keeps the array's buffers alive.
    ///
    /// ```
    /// use arrow_array::{Array, Int64Array};
    /// let arr = Int64Array::from(vec![1, 2, 3, 4]).slice(1, 2);
    /// let v = memview::View::from_arrow(&arr)?;
    /// assert_eq!((v.format(), v.len(), v.readonly()), ("q", 2, true));
    /// assert_eq!(v.get(&[0])?, 2i64.into());
    /// # Ok::<(), memview::Error>(())
    /// ```
    pub fn from_arrow(array: &dyn Array) -> Result<View<'static>> {
        let (mut ffi_array, ffi_schema) = to_ffi(&array.to_data())
            .map_err(|e| Error::new(ErrorCode::Format, format!("arrow-rs export: {e}")))?;
        let mut out = ptr::null_mut();
        // SAFETY: live structs; on success the array is moved (its release set to NULL, so
        // dropping `ffi_array` does nothing), on failure it is untouched and dropped here.
        check(unsafe {
            sys::mv_from_arrow(
                &mut out,
                ptr::addr_of_mut!(ffi_array).cast(),
                ptr::addr_of!(ffi_schema).cast(),
                0,
            )
        })?;
        // SAFETY: a fresh read-only handle over buffers the moved array keeps alive.
        Ok(unsafe { View::from_raw(out) }.expect("mv_from_arrow returned MV_OK with NULL"))
    }
}
