//! Example 6, columns to Polars (the Rust side): the records file viewed as '<Iff', one
//! zero-copy view per column, each exported to arrow-rs through the Arrow C Data Interface
//! (memview's `arrow` feature), checked as arrow-rs arrays (type, length, no nulls); the group-by
//! (ts / 100000: count, sum of x, mean of y) then runs over the arrow-rs arrays.
//!
//! A record column is strided (12 bytes between items of 4) and Arrow needs contiguous items:
//! the zero-copy export is refused, and `ExportCopy::IfNeeded` makes the one documented copy per
//! column; arrow-rs takes that copy without copying again.
use std::fs::{self, File};

use arrow_array::{Array, ArrayRef, Float32Array, UInt32Array};
use memmap2::Mmap;
use memview::{ErrorCode, ExportCopy, View};
use memview_examples::{ensure, records_file, run, Fail};

const RECORDS: u32 = 100_000;
const BUCKET: u32 = 100_000; // timestamp units per group
const GROUPS: usize = 10;

fn main() {
    run("columns", |work| -> Result<String, Fail> {
        let path = work.file("records-columns.bin");
        fs::write(&path, records_file(RECORDS))?;
        let map = unsafe { Mmap::map(&File::open(&path)?)? }; // read-only, nobody writes it
        let file = View::from_owned(map);
        let records = file.cast_offset("<Iff", None, 12)?;
        ensure(
            file.slice(0..8, 1)?.as_bytes() == Some(b"MVREC001")
                && records.len() == RECORDS as usize,
            "bad records file",
        )?;

        let mut cols: Vec<ArrayRef> = Vec::new();
        let mut copied = 0;
        for (k, name) in ["ts", "x", "y"].into_iter().enumerate() {
            let col = records.field(k)?; // zero-copy: '<I' or '<f', stride 12
            let refused = col.to_arrow(ExportCopy::Never).map(|_| ()).unwrap_err();
            ensure(
                refused.code() == ErrorCode::Layout,
                "a strided column left zero-copy",
            )?;
            let arr = col.to_arrow(ExportCopy::IfNeeded)?; // the one copy
            ensure(
                arr.len() == RECORDS as usize && arr.null_count() == 0,
                format!(
                    "column {name}: {} items, {} nulls",
                    arr.len(),
                    arr.null_count()
                ),
            )?;
            println!(
                "column {name:<2}    view {} stride {} -> arrow-rs {}, one copy of {} bytes",
                col.format(),
                col.strides()[0],
                arr.data_type(),
                arr.len() * col.itemsize()
            );
            copied += arr.len() * col.itemsize();
            cols.push(arr);
        }
        drop((records, file)); // unmaps the file: the arrays own their columns
        fs::remove_file(&path)?;

        let typed = |k: usize| cols[k].as_any();
        let ts = typed(0)
            .downcast_ref::<UInt32Array>()
            .ok_or(Fail("ts is not UInt32".into()))?;
        let xs = typed(1)
            .downcast_ref::<Float32Array>()
            .ok_or(Fail("x is not Float32".into()))?;
        let ys = typed(2)
            .downcast_ref::<Float32Array>()
            .ok_or(Fail("y is not Float32".into()))?;
        let (mut n, mut sx, mut sy) = ([0usize; GROUPS], [0f64; GROUPS], [0f64; GROUPS]);
        for ((&t, &x), &y) in ts
            .values()
            .iter()
            .zip(xs.values().iter())
            .zip(ys.values().iter())
        {
            let g = (t / BUCKET) as usize;
            ensure(g < GROUPS, format!("timestamp {t} out of range"))?;
            n[g] += 1;
            sx[g] += f64::from(x);
            sy[g] += f64::from(y);
        }
        let (mut groups, mut top, mut total) = (0, 0, 0f64);
        for g in 0..GROUPS {
            groups += (n[g] > 0) as usize;
            total += sx[g];
            if sx[g] > sx[top] {
                top = g;
            }
            println!(
                "bucket {g}     n={} sum_x={:.6} mean_y={:.6}",
                n[g],
                sx[g],
                sy[g] / n[g] as f64
            );
        }
        Ok(format!(
            "groups={groups} sum_x={total:.6} top={top} top_mean_y={:.6} copied={copied}",
            sy[top] / n[top] as f64
        ))
    });
}
