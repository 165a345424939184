//! Raw FFI declarations of libmemview's C ABI, `memview.h` 0.1.
//!
//! Hand-written (like `libgit2-sys`) rather than generated at build time, so that building needs
//! no libclang; `tests/header.rs` compiles C against the real header to prove that every
//! function, struct and constant here matches it (and that nothing of the header is missing).
//! The header is the reference manual: every function's contract is documented there.
//!
//! Use the safe `memview` crate unless you need the raw calls.
#![no_std]
#![allow(non_camel_case_types, non_snake_case)]

use core::ffi::{c_char, c_int, c_uint, c_void};

// --- version ---
pub const MV_VERSION_MAJOR: c_int = 0;
pub const MV_VERSION_MINOR: c_int = 1;
pub const MV_VERSION_PATCH: c_int = 0;
pub const MV_VERSION_NUMBER: c_int =
    MV_VERSION_MAJOR * 10000 + MV_VERSION_MINOR * 100 + MV_VERSION_PATCH;
/// The header's version string, NUL-terminated as in C.
pub const MV_VERSION_STRING: &core::ffi::CStr = c"0.1.0";
/// `MV_VERSION_CHECK(a, b, c)`: true when these declarations are at least version a.b.c.
pub const fn MV_VERSION_CHECK(a: c_int, b: c_int, c: c_int) -> bool {
    MV_VERSION_NUMBER >= a * 10000 + b * 100 + c
}

// --- errors (enum mv_error_code; C enums are passed as int) ---
pub type mv_error_code = c_int;
pub const MV_OK: mv_error_code = 0;
pub const MV_EINVAL: mv_error_code = -1;
pub const MV_EFORMAT: mv_error_code = -2;
pub const MV_EINDEX: mv_error_code = -3;
pub const MV_EREADONLY: mv_error_code = -4;
pub const MV_ELAYOUT: mv_error_code = -5;
pub const MV_ESIZE: mv_error_code = -6;
pub const MV_EOVERFLOW: mv_error_code = -7;
pub const MV_ENOMEM: mv_error_code = -8;
pub const MV_ETYPE: mv_error_code = -9;
pub const MV_EVALUE: mv_error_code = -10;
pub const MV_EINTERNAL: mv_error_code = -11;
pub const MV_ESYS: mv_error_code = -12;

// --- creation ---
/// Opaque view handle.
#[repr(C)]
pub struct mv_view {
    _opaque: [u8; 0],
    // Opaque and owned by C: neither Send, Sync nor Unpin by default.
    _marker: core::marker::PhantomData<(*mut u8, core::marker::PhantomPinned)>,
}

pub type mv_release_fn = Option<unsafe extern "C" fn(ctx: *mut c_void)>;

pub const MV_READONLY: c_uint = 1;
/// An omitted slice bound (`PTRDIFF_MIN`).
pub const MV_NONE: isize = isize::MIN;
pub const MV_MAX_NDIM: c_int = 64;

#[repr(C)]
#[derive(Debug, Copy, Clone)]
pub struct mv_buffer_info {
    pub version: c_uint,
    pub data: *mut c_void,
    pub format: *const c_char,
    pub itemsize: usize,
    pub ndim: c_int,
    pub shape: *const isize,
    pub strides: *const isize,
    pub readonly: c_int,
    pub on_release: mv_release_fn,
    pub ctx: *mut c_void,
    /// Since version 2: NULL or `ndim` PIL-style suboffsets.
    pub suboffsets: *const isize,
}

pub const MV_BUFFER_INFO_VERSION: c_uint = 2;
/// `MV_BUFFER_INFO_INIT`.
pub const MV_BUFFER_INFO_INIT: mv_buffer_info = mv_buffer_info {
    version: MV_BUFFER_INFO_VERSION,
    data: core::ptr::null_mut(),
    format: core::ptr::null(),
    itemsize: 0,
    ndim: 0,
    shape: core::ptr::null(),
    strides: core::ptr::null(),
    readonly: 0,
    on_release: None,
    ctx: core::ptr::null_mut(),
    suboffsets: core::ptr::null(),
};

#[repr(C)]
#[derive(Debug, Copy, Clone, PartialEq, Eq)]
pub struct mv_range {
    pub start: isize,
    pub stop: isize,
    pub step: isize,
}

// --- items (enum mv_kind) ---
pub type mv_kind = c_int;
pub const MV_KIND_INT: mv_kind = 1;
pub const MV_KIND_UINT: mv_kind = 2;
pub const MV_KIND_FLOAT: mv_kind = 3;
pub const MV_KIND_BOOL: mv_kind = 4;
pub const MV_KIND_BYTES: mv_kind = 5;
/// No value: text formats 'u' (UCS-2) and 'w' (UCS-4); item access is MV_EFORMAT (memview.h, group "text").
pub const MV_KIND_TEXT: mv_kind = 6;

#[repr(C)]
#[derive(Debug, Copy, Clone)]
pub struct mv_value {
    pub kind: c_int,
    pub code: c_char,
    pub i: i64,
    pub u: u64,
    pub f: f64,
    pub bytes: *const c_void,
    pub len: usize,
}

/// Where one field lies inside an item (from `mv_field`).
#[repr(C)]
#[derive(Debug, Copy, Clone, PartialEq, Eq)]
pub struct mv_field_info {
    pub code: c_char,
    pub kind: c_int,
    pub offset: usize,
    pub size: usize,
    pub big_endian: c_int,
}

extern "C" {
    pub fn mv_version(major: *mut c_int, minor: *mut c_int, patch: *mut c_int) -> *const c_char;

    pub fn mv_errmsg() -> *const c_char;
    pub fn mv_errclear();
    pub fn mv_strerror(code: c_int) -> *const c_char;

    pub fn mv_create(
        out: *mut *mut mv_view,
        data: *mut c_void,
        nbytes: usize,
        flags: c_uint,
        on_release: mv_release_fn,
        ctx: *mut c_void,
    ) -> c_int;
    pub fn mv_alloc(out: *mut *mut mv_view, nbytes: usize) -> c_int;
    pub fn mv_from_buffer(out: *mut *mut mv_view, info: *const mv_buffer_info) -> c_int;
    pub fn mv_retain(out: *mut *mut mv_view, src: *mut mv_view) -> c_int;
    pub fn mv_release(v: *mut mv_view);

    pub fn mv_slice(
        out: *mut *mut mv_view,
        src: *const mv_view,
        start: isize,
        stop: isize,
        step: isize,
    ) -> c_int;
    pub fn mv_slice_nd(
        out: *mut *mut mv_view,
        src: *const mv_view,
        ranges: *const mv_range,
        nranges: c_int,
    ) -> c_int;
    pub fn mv_index(out: *mut *mut mv_view, src: *const mv_view, i: isize) -> c_int;
    pub fn mv_cast(
        out: *mut *mut mv_view,
        src: *const mv_view,
        format: *const c_char,
        shape: *const isize,
        ndim: c_int,
    ) -> c_int;
    pub fn mv_cast_offset(
        out: *mut *mut mv_view,
        src: *const mv_view,
        format: *const c_char,
        shape: *const isize,
        ndim: c_int,
        offset: usize,
    ) -> c_int;
    pub fn mv_toreadonly(out: *mut *mut mv_view, src: *const mv_view) -> c_int;

    pub fn mv_data(v: *const mv_view) -> *mut c_void;
    pub fn mv_nbytes(v: *const mv_view) -> usize;
    pub fn mv_len(v: *const mv_view) -> usize;
    pub fn mv_itemsize(v: *const mv_view) -> usize;
    pub fn mv_format(v: *const mv_view) -> *const c_char;
    pub fn mv_nfields(v: *const mv_view) -> usize;
    pub fn mv_ndim(v: *const mv_view) -> c_int;
    pub fn mv_shape(v: *const mv_view) -> *const isize;
    pub fn mv_strides(v: *const mv_view) -> *const isize;
    pub fn mv_readonly(v: *const mv_view) -> c_int;
    pub fn mv_c_contiguous(v: *const mv_view) -> c_int;
    pub fn mv_f_contiguous(v: *const mv_view) -> c_int;
    pub fn mv_contiguous(v: *const mv_view) -> c_int;

    pub fn mv_get(
        v: *const mv_view,
        index: *const isize,
        nindex: c_int,
        out: *mut mv_value,
        nout: usize,
    ) -> c_int;
    pub fn mv_set(
        v: *const mv_view,
        index: *const isize,
        nindex: c_int,
        values: *const mv_value,
        nvalues: usize,
    ) -> c_int;
    pub fn mv_unpack(v: *const mv_view, out: *mut mv_value, nout: usize) -> c_int;
    pub fn mv_field(v: *const mv_view, k: usize, out: *mut mv_field_info) -> c_int;
    pub fn mv_field_view(out: *mut *mut mv_view, src: *const mv_view, k: usize) -> c_int;

    pub fn mv_tobytes(v: *const mv_view, dst: *mut c_void, dst_len: usize, order: c_char) -> c_int;
    pub fn mv_hex_len(v: *const mv_view, sep: c_char, bytes_per_sep: c_int) -> usize;
    pub fn mv_hex(
        v: *const mv_view,
        dst: *mut c_char,
        dst_len: usize,
        sep: c_char,
        bytes_per_sep: c_int,
    ) -> c_int;
    pub fn mv_equal(a: *const mv_view, b: *const mv_view) -> c_int;
    pub fn mv_copy(dst: *const mv_view, src: *const mv_view) -> c_int;

    // Byte extent
    pub fn mv_extent(v: *const mv_view, lo: *mut isize, hi: *mut isize) -> c_int;
}

// --- shared memory (named POSIX segments; memview.h group "shm") ---
/// Longest segment name in bytes, without the leading slash.
pub const MV_SHM_NAME_MAX: c_int = 255;

extern "C" {
    pub fn mv_shm_create(
        out: *mut *mut mv_view,
        name: *const c_char,
        nbytes: usize,
        flags: c_uint,
    ) -> c_int;
    pub fn mv_shm_open(out: *mut *mut mv_view, name: *const c_char, flags: c_uint) -> c_int;
    pub fn mv_shm_unlink(name: *const c_char) -> c_int;
}

// --- suboffsets (PIL-style indirect arrays; memview.h group "suboffsets") ---
extern "C" {
    pub fn mv_suboffsets(v: *const mv_view) -> *const isize;
}

// --- interop: Arrow C Data Interface and DLPack 1.x (memview.h's last group) ---
// The structs are the published ones (memview.h declares them under the specifications' own
// guards); only the constants memview's functions use are mirrored here.

/// Export flag: copy a view that cannot leave zero-copy (strided, byte-swapped, a record).
pub const MV_EXPORT_COPY: c_uint = 0x100;
/// Export flag: always copy.
pub const MV_EXPORT_FORCE_COPY: c_uint = 0x200;
/// Import flag of `mv_from_arrow`: a writable view (Arrow arrays are read-only by default).
pub const MV_ARROW_WRITABLE: c_uint = 0x400;

pub const ARROW_FLAG_NULLABLE: i64 = 2;

/// Arrow C Data Interface: the type of an array.
#[repr(C)]
#[derive(Debug, Copy, Clone)]
pub struct ArrowSchema {
    pub format: *const c_char,
    pub name: *const c_char,
    pub metadata: *const c_char,
    pub flags: i64,
    pub n_children: i64,
    pub children: *mut *mut ArrowSchema,
    pub dictionary: *mut ArrowSchema,
    pub release: Option<unsafe extern "C" fn(schema: *mut ArrowSchema)>,
    pub private_data: *mut c_void,
}

/// Arrow C Data Interface: the data of an array.
#[repr(C)]
#[derive(Debug, Copy, Clone)]
pub struct ArrowArray {
    pub length: i64,
    pub null_count: i64,
    pub offset: i64,
    pub n_buffers: i64,
    pub n_children: i64,
    pub buffers: *mut *const c_void,
    pub children: *mut *mut ArrowArray,
    pub dictionary: *mut ArrowArray,
    pub release: Option<unsafe extern "C" fn(array: *mut ArrowArray)>,
    pub private_data: *mut c_void,
}

pub const DLPACK_MAJOR_VERSION: u32 = 1;
pub const DLPACK_FLAG_BITMASK_READ_ONLY: u64 = 1;
pub const DLPACK_FLAG_BITMASK_IS_COPIED: u64 = 2;

/// `DLDeviceType` (a C enum).
pub type DLDeviceType = c_uint;
#[allow(non_upper_case_globals)]
pub const kDLCPU: DLDeviceType = 1;
/// `DLDataTypeCode` values, as stored in `DLDataType::code`.
#[allow(non_upper_case_globals)]
pub const kDLInt: u8 = 0;
#[allow(non_upper_case_globals)]
pub const kDLUInt: u8 = 1;
#[allow(non_upper_case_globals)]
pub const kDLFloat: u8 = 2;
#[allow(non_upper_case_globals)]
pub const kDLBool: u8 = 6;

#[repr(C)]
#[derive(Debug, Copy, Clone)]
pub struct DLPackVersion {
    pub major: u32,
    pub minor: u32,
}

#[repr(C)]
#[derive(Debug, Copy, Clone)]
pub struct DLDevice {
    pub device_type: DLDeviceType,
    pub device_id: i32,
}

#[repr(C)]
#[derive(Debug, Copy, Clone, PartialEq, Eq)]
pub struct DLDataType {
    pub code: u8,
    pub bits: u8,
    pub lanes: u16,
}

/// A strided tensor; `strides` count elements.
#[repr(C)]
#[derive(Debug, Copy, Clone)]
pub struct DLTensor {
    pub data: *mut c_void,
    pub device: DLDevice,
    pub ndim: i32,
    pub dtype: DLDataType,
    pub shape: *mut i64,
    pub strides: *mut i64,
    pub byte_offset: u64,
}

/// DLPack before 1.0 (memview neither produces nor reads it).
#[repr(C)]
#[derive(Debug)]
pub struct DLManagedTensor {
    pub dl_tensor: DLTensor,
    pub manager_ctx: *mut c_void,
    pub deleter: Option<unsafe extern "C" fn(self_: *mut DLManagedTensor)>,
}

/// DLPack 1.x managed tensor.
#[repr(C)]
#[derive(Debug)]
pub struct DLManagedTensorVersioned {
    pub version: DLPackVersion,
    pub manager_ctx: *mut c_void,
    pub deleter: Option<unsafe extern "C" fn(self_: *mut DLManagedTensorVersioned)>,
    pub flags: u64,
    pub dl_tensor: DLTensor,
}

extern "C" {
    pub fn mv_to_arrow(
        v: *const mv_view,
        schema: *mut ArrowSchema,
        array: *mut ArrowArray,
    ) -> c_int;
    pub fn mv_to_arrow_ex(
        v: *const mv_view,
        schema: *mut ArrowSchema,
        array: *mut ArrowArray,
        flags: c_uint,
    ) -> c_int;
    pub fn mv_from_arrow(
        out: *mut *mut mv_view,
        array: *mut ArrowArray,
        schema: *const ArrowSchema,
        flags: c_uint,
    ) -> c_int;
    pub fn mv_to_dlpack(
        out: *mut *mut DLManagedTensorVersioned,
        v: *const mv_view,
        flags: c_uint,
    ) -> c_int;
    pub fn mv_from_dlpack(
        out: *mut *mut mv_view,
        t: *mut DLManagedTensorVersioned,
        flags: c_uint,
    ) -> c_int;
}
