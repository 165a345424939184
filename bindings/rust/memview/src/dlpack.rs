//! DLPack 1.x hand-off (`mv_to_dlpack` / `mv_from_dlpack`): tensors for NumPy, PyTorch, JAX and
//! friends, and views of theirs, without copying.

use std::marker::PhantomData;
use std::ptr::{self, NonNull};

use crate::error::check;
use crate::{sys, Result, View};

/// What an export does with a view that cannot leave as it is (for DLPack: a stride that is not
/// a multiple of the itemsize, or non-native byte order; for Arrow also a strided view or a
/// record format).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportCopy {
    /// Hand over the view's own memory, or fail.
    Never,
    /// Copy the items once, into native contiguous memory owned by the export, when needed.
    IfNeeded,
    /// Always copy.
    Always,
}

impl ExportCopy {
    pub(crate) fn flags(self) -> u32 {
        match self {
            ExportCopy::Never => 0,
            ExportCopy::IfNeeded => sys::MV_EXPORT_COPY,
            ExportCopy::Always => sys::MV_EXPORT_FORCE_COPY,
        }
    }
}

/// An owned DLPack 1.x tensor (`DLManagedTensorVersioned`): its deleter runs when this is
/// dropped, unless a consumer takes it with [`DLPackTensor::into_raw`]. It may view memory
/// borrowed for `'a`.
///
/// ```
/// let v = memview::View::from(vec![0u8; 48]).cast("d", Some(&[2, 3]))?;
/// let t = v.to_dlpack(memview::ExportCopy::Never)?;
/// assert_eq!(t.shape(), &[2, 3]);
/// assert_eq!(t.strides(), &[3, 1]); // in items
/// let back = memview::View::from_dlpack(t, false)?;
/// assert_eq!(back.shape(), v.shape());
/// # Ok::<(), memview::Error>(())
/// ```
pub struct DLPackTensor<'a> {
    raw: NonNull<sys::DLManagedTensorVersioned>,
    _borrow: PhantomData<&'a [u8]>,
}

// SAFETY: the tensor is plain data plus a deleter; memview's deleter may run on any thread.
unsafe impl Send for DLPackTensor<'_> {}

impl<'a> DLPackTensor<'a> {
    /// Takes ownership of a tensor made by another library.
    ///
    /// # Safety
    /// `raw` must be a valid `DLManagedTensorVersioned` that nobody else will delete or write
    /// while this value (or a view made from it) lives.
    pub unsafe fn from_raw(
        raw: *mut sys::DLManagedTensorVersioned,
    ) -> Option<DLPackTensor<'static>> {
        NonNull::new(raw).map(|raw| DLPackTensor {
            raw,
            _borrow: PhantomData,
        })
    }

    /// Hands the tensor to a consumer, which must call its deleter exactly once.
    pub fn into_raw(self) -> *mut sys::DLManagedTensorVersioned {
        std::mem::ManuallyDrop::new(self).raw.as_ptr()
    }

    fn tensor(&self) -> &sys::DLTensor {
        // SAFETY: owned and valid until dropped.
        unsafe { &self.raw.as_ref().dl_tensor }
    }

    /// The tensor's flags (`DLPACK_FLAG_BITMASK_READ_ONLY`, `DLPACK_FLAG_BITMASK_IS_COPIED`).
    pub fn flags(&self) -> u64 {
        unsafe { self.raw.as_ref().flags }
    }

    /// The data type (code, bits, lanes).
    pub fn dtype(&self) -> sys::DLDataType {
        self.tensor().dtype
    }

    /// The address of the first item (`data + byte_offset`).
    pub fn data(&self) -> *const u8 {
        let t = self.tensor();
        (t.data as *const u8).wrapping_add(t.byte_offset as usize)
    }

    fn dims(&self, p: *const i64) -> &[i64] {
        let n = self.tensor().ndim as usize;
        if n == 0 || p.is_null() {
            &[]
        } else {
            // SAFETY: DLPack gives ndim entries, valid while the tensor lives.
            unsafe { std::slice::from_raw_parts(p, n) }
        }
    }

    /// The extents.
    pub fn shape(&self) -> &[i64] {
        self.dims(self.tensor().shape)
    }

    /// The strides, in items (empty when the producer gave NULL: C-contiguous).
    pub fn strides(&self) -> &[i64] {
        self.dims(self.tensor().strides)
    }
}

impl std::fmt::Debug for DLPackTensor<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DLPackTensor")
            .field("dtype", &self.dtype())
            .field("shape", &self.shape())
            .field("strides", &self.strides())
            .field("flags", &self.flags())
            .finish()
    }
}

impl Drop for DLPackTensor<'_> {
    fn drop(&mut self) {
        // SAFETY: owned; the deleter runs exactly once, here.
        unsafe {
            if let Some(deleter) = self.raw.as_ref().deleter {
                deleter(self.raw.as_ptr());
            }
        }
    }
}

impl<'a> View<'a> {
    /// Exports the view as a DLPack 1.x tensor (CPU). The zero-copy tensor shares the view's
    /// memory and is flagged read-only (Rust's handles of the buffer may still read it); a copy
    /// ([`ExportCopy::IfNeeded`] when needed, [`ExportCopy::Always`]) is native, contiguous,
    /// writable and flagged `IS_COPIED`. Record formats, and formats DLPack has no type for,
    /// are refused ([`crate::ErrorCode::Format`]).
    pub fn to_dlpack(&self, copy: ExportCopy) -> Result<DLPackTensor<'a>> {
        let ro = self.to_readonly()?;
        let mut out = ptr::null_mut();
        check(unsafe { sys::mv_to_dlpack(&mut out, ro.as_raw(), copy.flags()) })?;
        Ok(DLPackTensor {
            raw: NonNull::new(out).expect("mv_to_dlpack returned MV_OK with NULL"),
            _borrow: PhantomData,
        })
    }

    /// Views a DLPack tensor without copying; the view owns it (its deleter runs after the last
    /// view of it is released). Read-only when the tensor is flagged so or `readonly` is true.
    /// On failure the tensor is dropped (deleted).
    pub fn from_dlpack(tensor: DLPackTensor<'a>, readonly: bool) -> Result<View<'a>> {
        let mut out = ptr::null_mut();
        let flags = if readonly { sys::MV_READONLY } else { 0 };
        check(unsafe { sys::mv_from_dlpack(&mut out, tensor.raw.as_ptr(), flags) })?;
        let _ = tensor.into_raw(); // taken by the view
                                   // SAFETY: a fresh handle we own over memory valid for 'a; the tensor's owner gave up
                                   // its writes when handing it over.
        Ok(unsafe { View::from_raw(out) }.expect("mv_from_dlpack returned MV_OK with NULL"))
    }
}
