//! Example 3, the earthquake signal: a million float32 samples in a file, mapped and viewed in
//! place (no copy), summarised, changed through one view and seen through another; next to it
//! the naive path that reads the file into a fresh buffer first.
use std::fs::{self, OpenOptions};
use std::time::Instant;

use memmap2::MmapMut;
use memview::{Value, View};
use memview_examples::{ensure, run, Fail, Gen};

const N: usize = 1_000_000;

/// Mean (f64, index order) and max |x|.
fn stats(xs: impl Iterator<Item = f32>) -> (f64, f64) {
    let (mut sum, mut peak, mut n) = (0f64, 0f64, 0usize);
    for x in xs {
        sum += x as f64;
        peak = peak.max((x as f64).abs());
        n += 1;
    }
    (sum / n as f64, peak)
}

fn main() {
    run("earthquake", |work| -> Result<String, Fail> {
        let path = work.file("earthquake.f32");
        let mut g = Gen::default();
        let bytes: Vec<u8> = (0..N).flat_map(|_| g.sample().to_ne_bytes()).collect();
        fs::write(&path, &bytes)?;
        drop(bytes);
        println!("wrote        {N} float32 samples to {}", path.display());

        // View path: map the file writable and shared; the view owns the mapping.
        let t = Instant::now();
        let file = OpenOptions::new().read(true).write(true).open(&path)?;
        let map = unsafe { MmapMut::map_mut(&file)? }; // nobody else touches the file meanwhile
        let mut accel = View::from_owned_mut(map).cast("f", None)?;
        let samples = accel
            .as_slice::<f32>()
            .ok_or(Fail("mapping is not a native f32 view".into()))?;
        let (mean, maxabs) = stats(samples.iter().copied());
        let view_time = t.elapsed().as_secs_f64();

        // Naive path: read the whole file into a new buffer, then the same stats.
        let t = Instant::now();
        let copy = fs::read(&path)?;
        let (cmean, cmaxabs) = stats(
            copy.chunks_exact(4)
                .map(|c| f32::from_ne_bytes(c.try_into().unwrap())),
        );
        let copy_time = t.elapsed().as_secs_f64();
        println!("view path    mean={mean:.6} maxabs={maxabs:.6}  copied 0 bytes        {view_time:.4} s");
        println!(
            "naive path   mean={cmean:.6} maxabs={cmaxabs:.6}  copied {} bytes  {copy_time:.4} s",
            copy.len()
        );
        ensure(mean == cmean && maxabs == cmaxabs, "the two paths disagree")?;

        // accel[0] = 999.0, read back through a second view (a slice) of the same mapping.
        accel.set(&[0], 999.0)?;
        let head = accel.slice(0..10, 1)?;
        let seen = head.get(&[0])?;
        println!("in place     accel[0] = 999.0, seen through a slice view: {seen}");
        ensure(
            seen == Value::Float(999.0),
            format!("the second view sees {seen}"),
        )?;
        drop((head, accel)); // last view: the mapping is unmapped here
        fs::remove_file(&path)?;
        Ok(format!("mean={mean:.6} maxabs={maxabs:.6} copied=0"))
    });
}
