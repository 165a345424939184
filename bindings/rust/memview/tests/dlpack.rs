// DLPack 1.x hand-off (issue 11): export, import, ownership, refusals.
mod common;

use std::sync::atomic::{AtomicUsize, Ordering};

use common::assert_err;
use memview::{sys, DLPackTensor, ErrorCode, ExportCopy, View};

fn data(v: &View) -> *const u8 {
    unsafe { sys::mv_data(v.as_raw()) as *const u8 }
}

#[test]
fn export_is_zero_copy_read_only_with_strides_in_items() {
    let v = View::from(vec![0u8; 96]).cast("d", Some(&[3, 4])).unwrap();
    let cols = v
        .slice_nd(&[memview::Slice::full(), memview::Slice::new(.., -2)])
        .unwrap();
    let t = cols.to_dlpack(ExportCopy::Never).unwrap();
    assert_eq!(t.data(), data(&cols));
    assert_eq!(t.shape(), &[3, 2]);
    assert_eq!(t.strides(), &[4, -2]);
    assert_eq!(
        t.dtype(),
        sys::DLDataType {
            code: sys::kDLFloat,
            bits: 64,
            lanes: 1
        }
    );
    assert_eq!(t.flags(), sys::DLPACK_FLAG_BITMASK_READ_ONLY);
    let back = View::from_dlpack(t, false).unwrap();
    assert_eq!(data(&back), data(&cols));
    assert_eq!(back.strides(), cols.strides());
    assert!(back.readonly());
    assert!(back == cols);
}

#[test]
fn copies_and_refusals() {
    let raw: Vec<u8> = (0..20).collect();
    let v = View::from(raw);
    let big = v.cast(">i", None).unwrap();
    assert_err(
        big.to_dlpack(ExportCopy::Never),
        ErrorCode::Format,
        "native byte order",
    );
    let t = big.to_dlpack(ExportCopy::IfNeeded).unwrap();
    assert_eq!(t.flags(), sys::DLPACK_FLAG_BITMASK_IS_COPIED);
    let back = View::from_dlpack(t, false).unwrap();
    assert!(!back.readonly());
    assert_eq!(back.get(&[0]).unwrap(), 0x00010203i32.into());
    let col = v.cast("<bi", None).unwrap().field(1).unwrap(); // stride 5, itemsize 4
    assert_err(
        col.to_dlpack(ExportCopy::Never),
        ErrorCode::Layout,
        "multiple of the itemsize",
    );
    assert_eq!(col.to_dlpack(ExportCopy::Always).unwrap().strides(), &[1]);
    let rec = v.cast("<bi", None).unwrap();
    assert_err(
        rec.to_dlpack(ExportCopy::Always),
        ErrorCode::Format,
        "single numeric field",
    );
}

static DELETES: AtomicUsize = AtomicUsize::new(0);

unsafe extern "C" fn count_delete(t: *mut sys::DLManagedTensorVersioned) {
    DELETES.fetch_add(1, Ordering::SeqCst);
    drop(unsafe { Box::from_raw(t) });
}

/// A foreign producer: an i16 tensor over static memory.
fn foreign(major: u32, shape: &'static mut [i64; 2]) -> *mut sys::DLManagedTensorVersioned {
    static DATA: [i16; 6] = [0, 10, 20, 30, 40, 50];
    Box::into_raw(Box::new(sys::DLManagedTensorVersioned {
        version: sys::DLPackVersion { major, minor: 0 },
        manager_ctx: std::ptr::null_mut(),
        deleter: Some(count_delete),
        flags: 0,
        dl_tensor: sys::DLTensor {
            data: DATA.as_ptr() as *mut _,
            device: sys::DLDevice {
                device_type: sys::kDLCPU,
                device_id: 0,
            },
            ndim: 2,
            dtype: sys::DLDataType {
                code: sys::kDLInt,
                bits: 16,
                lanes: 1,
            },
            shape: shape.as_mut_ptr(),
            strides: std::ptr::null_mut(),
            byte_offset: 0,
        },
    }))
}

#[test]
fn foreign_tensor_deleted_once_after_the_last_view_or_on_refusal() {
    let before = DELETES.load(Ordering::SeqCst);
    let t = unsafe { DLPackTensor::from_raw(foreign(1, Box::leak(Box::new([3, 2])))) }.unwrap();
    let v = View::from_dlpack(t, true).unwrap();
    assert_eq!(
        (v.format(), v.shape(), v.readonly()),
        ("h", &[3isize, 2][..], true)
    );
    let row = v.index(2).unwrap();
    drop(v);
    assert_eq!(DELETES.load(Ordering::SeqCst), before);
    assert_eq!(row.get(&[1]).unwrap(), 50i16.into());
    drop(row);
    assert_eq!(DELETES.load(Ordering::SeqCst), before + 1);
    // Refused (major version 2): memview takes nothing and the tensor is deleted on drop.
    let t = unsafe { DLPackTensor::from_raw(foreign(2, Box::leak(Box::new([3, 2])))) }.unwrap();
    assert_err(
        View::from_dlpack(t, false),
        ErrorCode::InvalidArgument,
        "version 2",
    );
    assert_eq!(DELETES.load(Ordering::SeqCst), before + 2);
}
