//! Reading and writing items, typed zero-copy access and bulk copy-out.
use std::ffi::{c_char, c_int};

use memview_sys as sys;

use crate::element::{is_native, Element};
use crate::error::{check, Error, ErrorCode, Result};
use crate::value::{Value, ZERO};
use crate::View;

/// Item order for [`View::to_bytes`] (`memoryview.tobytes(order)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    /// Row-major.
    #[default]
    C,
    /// Column-major.
    F,
    /// Fortran if the view is Fortran- but not C-contiguous, else C.
    A,
}

/// Iterator of [`View::iter`]: reads each item in place.
pub struct Iter<'v, T> {
    ptr: *const u8,
    stride: isize,
    remaining: usize,
    _view: std::marker::PhantomData<&'v [T]>,
}

// SAFETY: it only reads, like &[T] (T: Element is Send + Sync).
unsafe impl<T: Element> Send for Iter<'_, T> {}
unsafe impl<T: Element> Sync for Iter<'_, T> {}

impl<T: Element> Iterator for Iter<'_, T> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        if self.remaining == 0 {
            return None;
        }
        // SAFETY: the view's item, inside the buffer (the core checked shape and strides); any
        // bit pattern is a valid T; no writer exists while the view is borrowed.
        let v = unsafe { self.ptr.cast::<T>().read_unaligned() };
        self.remaining -= 1;
        if self.remaining > 0 {
            self.ptr = self.ptr.wrapping_offset(self.stride);
        }
        Some(v)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl<T: Element> ExactSizeIterator for Iter<'_, T> {}

impl Order {
    fn as_c(self) -> c_char {
        (match self {
            Order::C => b'C',
            Order::F => b'F',
            Order::A => b'A',
        }) as c_char
    }
}

/// Values unpacked per core call by to_list (a 192 KiB buffer: stays in cache).
const UNPACK_RUN: usize = 4096;

/// An index slice's length as the C `nindex` (past MV_MAX_NDIM it is wrong anyway, and the
/// core says so without reading further).
fn nindex(index: &[isize]) -> c_int {
    index.len().min(sys::MV_MAX_NDIM as usize + 1) as c_int
}

fn item(fields: &[sys::mv_value]) -> Result<Value> {
    if fields.len() == 1 {
        Value::from_raw(&fields[0])
    } else {
        fields
            .iter()
            .map(Value::from_raw)
            .collect::<Result<Vec<_>>>()
            .map(Value::from)
    }
}

impl View<'_> {
    /// The item at `index` (one index per dimension, negative from the end; `&[]` for a 0-d
    /// view): a scalar, or a [`Value::Record`] for multi-field formats.
    ///
    /// ```
    /// let v = memview::View::from_slice(b"Hi");
    /// assert_eq!(v.get(&[-1])?, memview::Value::UInt(b'i' as u64));
    /// assert_eq!(v.get(&[2]).unwrap_err().code(), memview::ErrorCode::Index);
    /// # Ok::<(), memview::Error>(())
    /// ```
    pub fn get(&self, index: &[isize]) -> Result<Value> {
        let n = self.nfields();
        let mut fields = vec![ZERO; n];
        let rc = unsafe {
            sys::mv_get(
                self.as_raw(),
                index.as_ptr(),
                nindex(index),
                fields.as_mut_ptr(),
                n,
            )
        };
        check(rc)?;
        item(&fields)
    }

    /// Packs `value` into the item at `index` (a [`Value::Record`] for multi-field formats).
    /// Integers are range-checked, floats may go into integer fields only as the core allows;
    /// nothing is written unless every field packs.
    ///
    /// Fails with [`ErrorCode::ReadOnly`] on a read-only view and [`ErrorCode::Shared`] while
    /// other handles of a writable buffer are alive.
    pub fn set(&mut self, index: &[isize], value: impl Into<Value>) -> Result<()> {
        self.check_writable()?;
        let value = value.into();
        let mut fields = Vec::with_capacity(self.nfields().max(1));
        value.to_raw(&mut fields, false)?;
        let rc = unsafe {
            sys::mv_set(
                self.as_raw(),
                index.as_ptr(),
                nindex(index),
                fields.as_ptr(),
                fields.len(),
            )
        };
        check(rc)
    }

    /// Every item, in C (row-major) order (`tolist()` without the nesting: `shape` tells how
    /// to fold it). Bulk unpacking by the core, in runs of first-dimension rows, so that a
    /// large view costs no large temporary: formats of one number per item (any byte order,
    /// `'?'` and `'e'` included) are decoded as by [`View::to_vec`] straight into the result's
    /// own memory and widened there in one pass; others (records, bytes) go through
    /// `mv_unpack` and a reused buffer. For numbers, [`View::to_vec`] /
    /// [`View::copy_to_slice`] skip the `Value`s (16 bytes each) altogether.
    pub fn to_list(&self) -> Result<Vec<Value>> {
        let nf = self.nfields();
        let items = self.item_count()?;
        // One number per item (any byte order): decoded in bulk by the core's mv_copy.
        if let Some(values) = self.list_numbers() {
            return values;
        }
        if nf == 0 {
            return Ok(vec![Value::from(Vec::<Value>::new()); items]);
        }
        let mut out = Vec::with_capacity(items);
        let rows = if self.ndim() == 0 {
            1
        } else {
            self.shape()[0] as usize
        };
        if items == 0 {
            return Ok(out);
        }
        let per_row = items / rows;
        let rows_per_run = (UNPACK_RUN / (per_row * nf)).max(1);
        let mut buf = vec![ZERO; rows_per_run.min(rows) * per_row * nf];
        let mut unpack = |part: &View<'_>, n: usize| -> Result<()> {
            check(unsafe { sys::mv_unpack(part.as_raw(), buf.as_mut_ptr(), n) })?;
            for fields in buf[..n].chunks_exact(nf) {
                out.push(item(fields)?);
            }
            Ok(())
        };
        if rows <= rows_per_run {
            unpack(self, items * nf)?;
        } else {
            for start in (0..rows).step_by(rows_per_run) {
                let stop = (start + rows_per_run).min(rows);
                let part = self.slice_py(Some(start as isize), Some(stop as isize), 1)?;
                unpack(&part, (stop - start) * per_row * nf)?;
            }
        }
        Ok(out)
    }

    /// `memoryview.tobytes(order)`: a copy of the items' bytes.
    pub fn to_bytes(&self, order: Order) -> Result<Vec<u8>> {
        let n = self.nbytes();
        let mut out: Vec<u8> = Vec::with_capacity(n);
        check(unsafe { sys::mv_tobytes(self.as_raw(), out.as_mut_ptr().cast(), n, order.as_c()) })?;
        // SAFETY: on success mv_tobytes wrote exactly nbytes bytes.
        unsafe { out.set_len(n) };
        Ok(out)
    }

    /// [`View::to_bytes`] into a caller's buffer (no allocation): writes exactly
    /// [`View::nbytes`] bytes at the start of `dst`, which must be at least that long.
    ///
    /// ```
    /// let v = memview::View::from_slice(b"abcdef");
    /// let mut dst = [0u8; 4];
    /// v.slice(.., 2)?.to_bytes_into(&mut dst, memview::Order::C)?;
    /// assert_eq!(&dst[..3], b"ace");
    /// assert_eq!(v.to_bytes_into(&mut dst, memview::Order::C).unwrap_err().code(), memview::ErrorCode::Size);
    /// # Ok::<(), memview::Error>(())
    /// ```
    pub fn to_bytes_into(&self, dst: &mut [u8], order: Order) -> Result<()> {
        check(unsafe {
            sys::mv_tobytes(
                self.as_raw(),
                dst.as_mut_ptr().cast(),
                dst.len(),
                order.as_c(),
            )
        })
    }

    /// `memoryview.hex(sep, bytes_per_sep)`: lowercase hex of the bytes in C order, with an
    /// ASCII `sep` every `|bytes_per_sep|` bytes (counted from the right when positive).
    ///
    /// ```
    /// let v = memview::View::from_slice(&[0xb9, 0x01, 0xef]);
    /// assert_eq!(v.hex(None, 0)?, "b901ef");
    /// assert_eq!(v.hex(Some(':'), 2)?, "b9:01ef");
    /// assert_eq!(v.hex(Some(':'), -2)?, "b901:ef");
    /// assert!(v.hex(Some('é'), 1).is_err());
    /// # Ok::<(), memview::Error>(())
    /// ```
    pub fn hex(&self, sep: Option<char>, bytes_per_sep: i32) -> Result<String> {
        // A non-ASCII char is passed as a non-ASCII byte so that the core refuses it.
        let sep = sep.map_or(0, |c| u8::try_from(c).unwrap_or(0xff)) as c_char;
        let n = unsafe { sys::mv_hex_len(self.as_raw(), sep, bytes_per_sep) };
        let mut buf = vec![0u8; n + 1];
        check(unsafe {
            sys::mv_hex(
                self.as_raw(),
                buf.as_mut_ptr().cast(),
                buf.len(),
                sep,
                bytes_per_sep,
            )
        })?;
        buf.truncate(n);
        String::from_utf8(buf)
            .map_err(|_| Error::new(ErrorCode::Internal, "mv_hex produced non-ASCII output"))
    }

    /// The view's bytes without copying, when it is C-contiguous (any format).
    pub fn as_bytes(&self) -> Option<&[u8]> {
        let n = self.nbytes();
        if !self.is_c_contiguous() {
            return None;
        }
        if n == 0 {
            return Some(&[]);
        }
        // SAFETY: C-contiguous, so nbytes bytes from data are the items. No writer can exist
        // while `self` is borrowed: writes need `&mut` on the buffer's only handle.
        Some(unsafe { std::slice::from_raw_parts(sys::mv_data(self.as_raw()).cast(), n) })
    }

    /// The items as `&[T]` without copying: `Some` when the format is a single native-order
    /// field of `T`'s kind and size, and the view is C-contiguous and aligned for `T`.
    ///
    /// ```
    /// let v = memview::View::from_owned(vec![1.5f32, -2.0].iter().flat_map(|f| f.to_ne_bytes()).collect::<Vec<u8>>());
    /// let f = v.cast("f", None)?;
    /// assert_eq!(f.as_slice::<f32>(), Some(&[1.5f32, -2.0][..]));
    /// assert_eq!(f.as_slice::<i32>(), None); // wrong kind
    /// assert_eq!(v.cast(">f", None)?.as_slice::<f32>(), None); // not native order (little-endian host)
    /// # Ok::<(), memview::Error>(())
    /// ```
    pub fn as_slice<T: Element>(&self) -> Option<&[T]> {
        let (p, n) = self.typed::<T>()?;
        // SAFETY: checked by typed(); every bit pattern is a valid T; see as_bytes for aliasing.
        Some(unsafe { std::slice::from_raw_parts(p, n) })
    }

    fn typed<T: Element>(&self) -> Option<(*mut T, usize)> {
        let size = std::mem::size_of::<T>();
        let field = self.field_info(0).ok()?;
        if self.nfields() != 1
            || !is_native::<T>(&field, self.itemsize())
            || !self.is_c_contiguous()
        {
            return None;
        }
        let p = unsafe { sys::mv_data(self.as_raw()) }.cast::<T>();
        let n = self.nbytes() / size;
        if n == 0 {
            return Some((std::ptr::NonNull::dangling().as_ptr(), 0));
        }
        p.is_aligned().then_some((p, n))
    }

    /// Where field `k` lies in an item: its format character, kind, offset, size, byte order.
    pub fn field_info(&self, k: usize) -> Result<sys::mv_field_info> {
        let mut out = sys::mv_field_info {
            code: 0,
            kind: 0,
            offset: 0,
            size: 0,
            big_endian: 0,
        };
        check(unsafe { sys::mv_field(self.as_raw(), k, &mut out) })?;
        Ok(out)
    }

    fn check_writable(&mut self) -> Result<()> {
        self.check_exclusive()
    }

    fn can_write(&mut self) -> bool {
        !self.readonly() && self.unique()
    }

    /// The items of a 1-D view as `T` values, read in place through any stride (a column of
    /// records, a reversed or stepped slice): `Some` when the format is a single native-order
    /// field of `T`'s kind and size (see [`View::as_slice`]); no alignment needed.
    ///
    /// ```
    /// // '<Iff' records: the x column, summed without copying
    /// let mut raw = Vec::new();
    /// for (t, x, y) in [(0u32, 0.5f32, 1.0f32), (10, 1.5, 2.0)] {
    ///     raw.extend(t.to_le_bytes()); raw.extend(x.to_le_bytes()); raw.extend(y.to_le_bytes());
    /// }
    /// let recs = memview::View::from_slice(&raw).cast("<Iff", None)?;
    /// let xs = recs.field(1)?;
    /// assert_eq!(xs.iter::<f32>().unwrap().sum::<f32>(), 2.0);
    /// # Ok::<(), memview::Error>(())
    /// ```
    pub fn iter<T: Element>(&self) -> Option<Iter<'_, T>> {
        let field = self.field_info(0).ok()?;
        if self.ndim() != 1 || self.nfields() != 1 || !is_native::<T>(&field, self.itemsize()) {
            return None;
        }
        Some(Iter {
            ptr: unsafe { sys::mv_data(self.as_raw()) }
                .cast::<u8>()
                .cast_const(),
            stride: self.strides()[0],
            remaining: self.len(),
            _view: std::marker::PhantomData,
        })
    }

    /// [`View::as_bytes`], mutable: also needs a writable view that is the only handle of its
    /// buffer.
    pub fn as_bytes_mut(&mut self) -> Option<&mut [u8]> {
        if !self.can_write() || !self.is_c_contiguous() {
            return None;
        }
        let n = self.nbytes();
        if n == 0 {
            return Some(&mut []);
        }
        // SAFETY: as as_bytes, and this is the only handle of the buffer, borrowed mutably.
        Some(unsafe { std::slice::from_raw_parts_mut(sys::mv_data(self.as_raw()).cast(), n) })
    }

    /// [`View::as_slice`], mutable (writable, only handle of its buffer).
    pub fn as_mut_slice<T: Element>(&mut self) -> Option<&mut [T]> {
        if !self.can_write() {
            return None;
        }
        let (p, n) = self.typed::<T>()?;
        // SAFETY: as as_slice and as_bytes_mut.
        Some(unsafe { std::slice::from_raw_parts_mut(p, n) })
    }

    /// Slice assignment `self[...] = src`: copies the items of `src` (same shape, equivalent
    /// format) into this view. `src` must be a view of another buffer (a view of this one
    /// would be a second handle: [`ErrorCode::Shared`]).
    pub fn copy_from(&mut self, src: &View<'_>) -> Result<()> {
        self.check_writable()?;
        check(unsafe { sys::mv_copy(self.as_raw(), src.as_raw()) })
    }
}
