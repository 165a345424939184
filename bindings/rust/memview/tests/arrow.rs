// Arrow C Data Interface conversions to and from arrow-rs (feature `arrow`, issue 11).
#![cfg(feature = "arrow")]
mod common;

use arrow_array::{Array, Float32Array, Int32Array, Int64Array, StructArray, UInt32Array};
use common::assert_err;
use memview::{sys, ErrorCode, ExportCopy, View};

fn data(v: &View) -> *const u8 {
    unsafe { sys::mv_data(v.as_raw()) as *const u8 }
}

#[test]
fn export_is_zero_copy_and_outlives_the_view() {
    let v = View::from(vec![0u8; 40]).cast("i", None).unwrap();
    let mut w = v.clone();
    drop(v);
    for i in 0..10 {
        w.set(&[i], (i * i) as i32).unwrap();
    }
    let addr = data(&w);
    let arr = w.to_arrow(ExportCopy::Never).unwrap();
    drop(w); // the array keeps the buffer
    let a = arr.as_any().downcast_ref::<Int32Array>().unwrap();
    assert_eq!(a.values().as_ptr() as *const u8, addr);
    assert_eq!(a.value(9), 81);
    assert_eq!(a.null_count(), 0);
}

#[test]
fn strided_records_and_byte_swapped_need_a_copy() {
    let mut raw = Vec::new();
    for i in 0..4u32 {
        raw.extend_from_slice(&i.to_le_bytes());
        raw.extend_from_slice(&(i as f32 + 0.5).to_le_bytes());
        raw.extend_from_slice(&(-(i as f32)).to_le_bytes());
    }
    let rec = View::from(raw).cast("<Iff", None).unwrap();
    let x = rec.field(1).unwrap();
    assert_err(x.to_arrow(ExportCopy::Never), ErrorCode::Layout, "strided");
    let xs = x.to_arrow(ExportCopy::IfNeeded).unwrap();
    let xs = xs.as_any().downcast_ref::<Float32Array>().unwrap();
    assert_eq!(xs.values().as_ref(), &[0.5, 1.5, 2.5, 3.5]);
    assert_err(rec.to_arrow(ExportCopy::Never), ErrorCode::Format, "record");
    let st = rec.to_arrow(ExportCopy::IfNeeded).unwrap();
    let st = st.as_any().downcast_ref::<StructArray>().unwrap();
    assert_eq!(st.num_columns(), 3);
    let ids = st.column(0).as_any().downcast_ref::<UInt32Array>().unwrap();
    assert_eq!(ids.values().as_ref(), &[0, 1, 2, 3]);
    let big = View::from(vec![0u8, 0, 1, 0]).cast(">h", None).unwrap();
    assert_err(
        big.to_arrow(ExportCopy::Never),
        ErrorCode::Format,
        "native byte order",
    );
    let fixed = big.to_arrow(ExportCopy::IfNeeded).unwrap();
    let fixed = fixed
        .as_any()
        .downcast_ref::<arrow_array::Int16Array>()
        .unwrap();
    assert_eq!(fixed.values().as_ref(), &[0, 256]);
}

#[test]
fn import_is_zero_copy_honours_offset_and_refuses_nulls() {
    let full = Int64Array::from((0..10).collect::<Vec<i64>>());
    let part = full.slice(3, 4);
    let v = View::from_arrow(&part).unwrap();
    assert_eq!((v.format(), v.len(), v.readonly()), ("q", 4, true));
    assert_eq!(data(&v), part.values().as_ptr() as *const u8);
    drop(full);
    drop(part);
    assert_eq!(v.get(&[3]).unwrap(), 6i64.into()); // the view keeps arrow-rs's buffer
    let nulls = Int32Array::from(vec![Some(1), None]);
    assert_err(View::from_arrow(&nulls), ErrorCode::InvalidArgument, "null");
    let strings = arrow_array::StringArray::from(vec!["a"]);
    assert_err(View::from_arrow(&strings), ErrorCode::Format, "'u'");
    let back = View::from_arrow(&*v.to_arrow(ExportCopy::Never).unwrap()).unwrap();
    assert_eq!(data(&back), data(&v));
}
