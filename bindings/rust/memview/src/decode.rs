//! Typed bulk decoding (issue 14): the items of any single-number format, in any byte order and
//! layout, into native `T`s, by one core call (`mv_copy` into a native-format view of the
//! destination, which converts the byte order). The core owns the rule of which formats are
//! byte-order variants of `T`'s; this module only describes the destination.
use std::ffi::{c_char, c_int};
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

    /// The `Value`s of a view whose items are one number (`'?'` and `'e'` included), decoded in
    /// bulk (`to_list`'s fast path): `None` when the format is anything else (records, bytes,
    /// padding), which `to_list` unpacks item by item through `mv_unpack`.
    pub(crate) fn list_numbers(&self) -> Option<Result<Vec<Value>>> {
        if self.nfields() != 1 {
            return None;
        }
        let f = self.field_info(0).ok()?;
        if f.offset != 0 || f.size != self.itemsize() {
            return None;
        }
        Some(match (f.kind, f.size) {
            (sys::MV_KIND_FLOAT, 4) => {
                self.list_as::<f32>(|v, d, n| v.decode_raw(d, n), Value::from)
            }
            (sys::MV_KIND_FLOAT, 8) => {
                self.list_as::<f64>(|v, d, n| v.decode_raw(d, n), Value::from)
            }
            (sys::MV_KIND_INT, 1) => self.list_as::<i8>(|v, d, n| v.decode_raw(d, n), Value::from),
            (sys::MV_KIND_INT, 2) => self.list_as::<i16>(|v, d, n| v.decode_raw(d, n), Value::from),
            (sys::MV_KIND_INT, 4) => self.list_as::<i32>(|v, d, n| v.decode_raw(d, n), Value::from),
            (sys::MV_KIND_INT, 8) => self.list_as::<i64>(|v, d, n| v.decode_raw(d, n), Value::from),
            (sys::MV_KIND_UINT, 1) => self.list_as::<u8>(|v, d, n| v.decode_raw(d, n), Value::from),
            (sys::MV_KIND_UINT, 2) => {
                self.list_as::<u16>(|v, d, n| v.decode_raw(d, n), Value::from)
            }
            (sys::MV_KIND_UINT, 4) => {
                self.list_as::<u32>(|v, d, n| v.decode_raw(d, n), Value::from)
            }
            (sys::MV_KIND_UINT, 8) => {
                self.list_as::<u64>(|v, d, n| v.decode_raw(d, n), Value::from)
            }
            // '?': any non-zero byte is True, as mv_unpack reads it
            (sys::MV_KIND_BOOL, 1) => {
                self.list_as::<u8>(|v, d, n| v.raw_items(d, n), |b| Value::Bool(b != 0))
            }
            // 'e': the raw halves in C order, swapped here when foreign, widened as the core does
            (sys::MV_KIND_FLOAT, 2) if (f.big_endian != 0) == cfg!(target_endian = "big") => self
                .list_as::<u16>(
                |v, d, n| v.raw_items(d, n),
                |h| Value::Float(half_to_f64(h)),
            ),
            (sys::MV_KIND_FLOAT, 2) => self.list_as::<u16>(
                |v, d, n| v.raw_items(d, n),
                |h| Value::Float(half_to_f64(h.swap_bytes())),
            ),
            _ => return None,
        })
    }

    /// The items' bytes in C order (`mv_tobytes`) into `dst`, valid for `n` writes of `T` (`T`
    /// the item size): for `'?'` and `'e'`, which no [`Element`] decodes.
    fn raw_items<T>(&self, dst: *mut T, n: usize) -> Result<()> {
        let len = n * std::mem::size_of::<T>();
        check(unsafe { sys::mv_tobytes(self.as_raw(), dst.cast(), len, b'C' as c_char) })
    }

    /// `to_list`'s fast path: runs of first-dimension rows are decoded in bulk by `bulk` (at most
    /// [`DECODE_RUN`] items a call, so they are still in cache when read), each run straight
    /// into the end of the result's own allocation, then widened into `Value`s by `map` in one
    /// forward pass. No temporary buffer; the result is allocated once, at its final size.
    ///
    /// In place: with `V` = size of `Value`, `S` = size of `T` and `n` items, the `T`s sit at
    /// `(V-S)*n + S*j`. `Value` `i` is written to `[V*i, V*(i+1))` only after `T` `i` was read, and
    /// `V*(i+1) <= (V-S)*n + S*(i+1)` for every `i < n`: no `T` still to be read is overwritten.
    fn list_as<T: Copy>(
        &self,
        bulk: impl Fn(&View<'_>, *mut T, usize) -> Result<()>,
        map: impl Fn(T) -> Value,
    ) -> Result<Vec<Value>> {
        const {
            assert!(std::mem::size_of::<T>() <= std::mem::size_of::<Value>());
            assert!(std::mem::size_of::<Value>() % std::mem::size_of::<T>() == 0);
            assert!(std::mem::align_of::<T>() <= std::mem::align_of::<Value>());
        }
        let items = self.item_count()?;
        let mut out = Vec::<Value>::with_capacity(items);
        if items == 0 {
            return Ok(out);
        }
        let base = out.as_mut_ptr();
        let gap = (std::mem::size_of::<Value>() - std::mem::size_of::<T>()) * items;
        // SAFETY: inside the allocation of `items` Values (gap + S*items == V*items), aligned for
        // T because gap is a multiple of S (V % S == 0) and base is aligned for Value.
        let tail = unsafe { base.cast::<u8>().add(gap) }.cast::<T>();
        let widen = |part: &View<'_>, from: usize, n: usize| -> Result<()> {
            // SAFETY: items from..from+n of the tail, inside the allocation (see above).
            bulk(part, unsafe { tail.add(from) }, n)?;
            for i in from..from + n {
                // SAFETY: T i was written by `bulk`; it is read before Value i overwrites it,
                // and Value i overlaps no later T (see above).
                unsafe { base.add(i).write(map(tail.add(i).read())) };
            }
            Ok(())
        };
        let rows = if self.ndim() == 0 {
            1
        } else {
            self.shape()[0] as usize
        };
        let per_row = items / rows;
        let rows_per_run = (DECODE_RUN / per_row).max(1);
        if rows <= rows_per_run {
            widen(self, 0, items)?;
        } else {
            for start in (0..rows).step_by(rows_per_run) {
                let stop = (start + rows_per_run).min(rows);
                let part = self.slice_py(Some(start as isize), Some(stop as isize), 1)?;
                widen(&part, start * per_row, (stop - start) * per_row)?;
            }
        }
        // SAFETY: every Value 0..items was written (an error returned before this leaves the
        // length 0: the Values written so far are plain numbers, nothing to drop).
        unsafe { out.set_len(items) };
        Ok(out)
    }
}

/// IEEE half-precision bits as `f64`, exactly as the core's `half_to_double` (`mv_unpack`) gives
/// them: NaNs come out as the default quiet NaN with the half's sign.
fn half_to_f64(h: u16) -> f64 {
    let exp = (h >> 10) & 0x1f;
    let mant = (h & 0x3ff) as f64;
    let v = match exp {
        0 => mant * (1.0 / (1u32 << 24) as f64),
        31 if mant == 0.0 => f64::INFINITY,
        31 => f64::NAN,
        // 2^(exp-25), exact: exp - 25 is in -24..=5
        _ => (mant + 1024.0) * f64::from_bits(((exp as u64) + 1023 - 25) << 52),
    };
    if h >> 15 != 0 {
        -v
    } else {
        v
    }
}

/// Items decoded per core call by `to_list`'s fast path (at most 128 KiB of `T`: stays in cache).
const DECODE_RUN: usize = 16384;
