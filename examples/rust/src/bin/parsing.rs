//! Example 4, zero-copy parsing: a file of a 12-byte header ("MVREC001", record count as
//! little-endian u32) and 100,000 '<Iff' records (timestamp, x, y), parsed by casting views of
//! the mapped file; column x summed in place.
use std::fs::{self, File};

use memmap2::Mmap;
use memview::View;
use memview_examples::{ensure, records_file, run, Fail};

const RECORDS: u32 = 100_000;

fn main() {
    run("parsing", |work| -> Result<String, Fail> {
        let path = work.file("records.bin");
        let out = records_file(RECORDS);
        fs::write(&path, &out)?;
        println!(
            "wrote        {} bytes: header + {RECORDS} '<Iff' records",
            out.len()
        );

        let map = unsafe { Mmap::map(&File::open(&path)?)? }; // read-only, nobody writes it
        let file = View::from_owned(map);
        let magic = file.slice(0..8, 1)?;
        ensure(magic.as_bytes() == Some(b"MVREC001"), "bad magic")?;
        let count = file.slice(8..12, 1)?.cast("<I", None)?.get(&[0])?;
        let count = count.as_u64().unwrap_or(0);
        let records = file.cast_offset("<Iff", None, 12)?;
        println!(
            "header       magic MVREC001, count {count}; records view: format {}, {} items of {} bytes",
            records.format(),
            records.len(),
            records.itemsize()
        );
        ensure(
            records.len() as u64 == count,
            "count does not match the records",
        )?;
        println!("record 1     {}", records.get(&[1])?);
        let xs = records.field(1)?; // the x column: '<f', stride 12, no copy
        println!(
            "column x     format {}, strides {:?}",
            xs.format(),
            xs.strides()
        );
        let sum_x: f64 = xs
            .iter::<f32>()
            .ok_or(Fail("x is not a native f32 column".into()))?
            .map(f64::from)
            .sum();
        println!("sum of x     {sum_x:.6}");
        drop((xs, records, magic, file));
        fs::remove_file(&path)?;
        Ok(format!("records={count} sum_x={sum_x:.6}"))
    });
}
