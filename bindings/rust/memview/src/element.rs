//! Element types for typed zero-copy access ([`View::as_slice`](crate::View::as_slice)).
use std::ffi::c_int;

use memview_sys as sys;

mod sealed {
    pub trait Sealed {}
}

/// A plain numeric type whose every bit pattern is valid, so that memory can be read as `&[T]`.
/// Sealed: implemented for `u8 i8 u16 i16 u32 i32 u64 i64 usize isize f32 f64`.
pub trait Element: sealed::Sealed + Copy + Send + Sync + 'static {
    /// The `mv_kind` of fields that hold a `T` (the size must also match).
    #[doc(hidden)]
    const KIND: c_int;
    /// The native struct format of `T` (`"f"` for `f32`), for views of `&[T]`.
    #[doc(hidden)]
    const FORMAT: &'static std::ffi::CStr;
}

macro_rules! element {
    ($kind:ident: $($t:ty => $f:literal),*) => {$(
        impl sealed::Sealed for $t {}
        impl Element for $t {
            const KIND: c_int = sys::$kind;
            const FORMAT: &'static std::ffi::CStr = $f;
        }
    )*};
}
element!(MV_KIND_UINT: u8 => c"B", u16 => c"H", u32 => c"I", u64 => c"Q", usize => c"N");
element!(MV_KIND_INT: i8 => c"b", i16 => c"h", i32 => c"i", i64 => c"q", isize => c"n");
element!(MV_KIND_FLOAT: f32 => c"f", f64 => c"d");

/// True when the core describes `field` as exactly a native `T`: same kind and size, native
/// byte order, at the start of an item of that size. ('c' is bytes, '?' bool, 'e' a half float
/// of size 2: none of them match any T, so no invalid bit patterns are ever exposed.)
pub(crate) fn is_native<T: Element>(field: &sys::mv_field_info, itemsize: usize) -> bool {
    let size = std::mem::size_of::<T>();
    field.kind == T::KIND
        && field.size == size
        && field.offset == 0
        && itemsize == size
        && (field.big_endian != 0) == cfg!(target_endian = "big")
}
