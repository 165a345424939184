//! Example 6, `dask` (the shared-memory half; examples/SPEC.md): a producer creates a named
//! shared-memory segment of 2^22 float32 samples; 8 consumer processes open it by name, each
//! views its chunk without copying and reports sum/min/max; the producer combines them.
//!
//! `dask produce NAME` and `dask consume NAME I K` are the two halves on their own
//! (examples/shm_cross.sh runs them across languages).
use std::process::{Command, Stdio};

use memview::{unlink_shared_memory, View};
use memview_examples::{ensure, run, Fail, Gen};

const SAMPLES: usize = 1 << 22;
const CHUNKS: usize = 8;

fn produce(name: &str) -> Result<(), Fail> {
    // SAFETY: nobody else knows the name yet; consumers only read after we are done.
    let seg = unsafe { View::create_shared_memory(name, 4 * SAMPLES, false) }?;
    let mut f = seg.cast("f", None)?;
    drop(seg); // f alone holds the mapping, so it may write
    let x = f
        .as_mut_slice::<f32>()
        .ok_or(Fail("segment not writable as f32".into()))?;
    let mut g = Gen::default();
    for v in x.iter_mut() {
        *v = g.sample(); // the segment's memory, written in place
    }
    Ok(())
}

/// Chunk i of k: `CHUNK|i|sum|min|max`, as exact bit patterns (f64 sum in index order).
fn consume(name: &str, i: usize, k: usize) -> Result<String, Fail> {
    // SAFETY: the producer finished writing before any consumer started.
    let f = unsafe { View::open_shared_memory(name, true) }?.cast("f", None)?;
    let n = f.len();
    let (a, b) = (n / k * i, if i == k - 1 { n } else { n / k * (i + 1) });
    let chunk = f.slice(a as isize..b as isize, 1)?;
    let x = chunk
        .as_slice::<f32>()
        .ok_or(Fail("chunk not readable as f32".into()))?; // this process's mapping: no copy
    let (mut sum, mut lo, mut hi) = (0f64, x[0], x[0]);
    for &v in x {
        sum += v as f64;
        lo = lo.min(v);
        hi = hi.max(v);
    }
    Ok(format!(
        "CHUNK|{i}|{:016x}|{:08x}|{:08x}",
        sum.to_bits(),
        lo.to_bits(),
        hi.to_bits()
    ))
}

fn half(args: &[String]) -> Option<Result<(), Fail>> {
    match args {
        [mode, name] if mode == "produce" => Some(produce(name)),
        [mode, name, i, k] if mode == "consume" => Some((|| {
            let parse = |s: &str| s.parse::<usize>().map_err(|e| Fail(format!("{s}: {e}")));
            println!("{}", consume(name, parse(i)?, parse(k)?)?);
            Ok(())
        })()),
        _ => None,
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(r) = half(&args) {
        if let Err(e) = r {
            eprintln!("dask: {e}");
            std::process::exit(1);
        }
        return;
    }
    run("dask", |_| -> Result<String, Fail> {
        let name = format!("mv_dask_rust_{}", std::process::id());
        let result = produce(&name).and_then(|()| combine(&name));
        let unlinked = unlink_shared_memory(&name);
        let result = result?;
        unlinked?;
        Ok(result)
    });
}

fn combine(name: &str) -> Result<String, Fail> {
    let me = std::env::current_exe()?;
    // The consumers run at once, each in its own process.
    let children = (0..CHUNKS)
        .map(|i| {
            Command::new(&me)
                .args(["consume", name, &i.to_string(), &CHUNKS.to_string()])
                .stdout(Stdio::piped())
                .spawn()
        })
        .collect::<Result<Vec<_>, _>>()?;
    let (mut total, mut lo, mut hi) = (0f64, f32::INFINITY, f32::NEG_INFINITY);
    for (i, child) in children.into_iter().enumerate() {
        let out = child.wait_with_output()?;
        let line = String::from_utf8_lossy(&out.stdout).trim().to_string();
        let p: Vec<&str> = line.split('|').collect();
        ensure(
            out.status.success() && p.len() == 5 && p[0] == "CHUNK" && p[1] == i.to_string(),
            format!("consumer {i}: {line:?}"),
        )?;
        let hex = |s: &str| u64::from_str_radix(s, 16).map_err(|e| Fail(format!("{s}: {e}")));
        total += f64::from_bits(hex(p[2])?); // chunk sums in chunk order
        lo = lo.min(f32::from_bits(hex(p[3])? as u32));
        hi = hi.max(f32::from_bits(hex(p[4])? as u32));
    }
    let mean = total / SAMPLES as f64;
    println!("segment      /{name}: {SAMPLES} float32, {CHUNKS} consumer processes");
    println!("combined     mean={mean:.6} min={lo:.6} max={hi:.6}");
    Ok(format!(
        "chunks={CHUNKS} mean={mean:.6} min={lo:.6} max={hi:.6}"
    ))
}
