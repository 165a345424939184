//! View operations against plain Rust code and against the raw C API, in one process.
//!
//! `cargo bench -p memview --bench views` (from bindings/rust; `bindings/rust/bench.sh` also
//! writes the table into the crate README) prints a Markdown table: for each operation the
//! median ns per call over 51 samples, in each of two independent runs (calibration and
//! samples redone), and the ratio memview / baseline of each run. Each sample runs the
//! operation enough times to last ~1 ms of this thread's CPU time (CLOCK_THREAD_CPUTIME_ID, so
//! that time spent descheduled on a shared machine does not count); the samples of the
//! operations compared are interleaved. Destination buffers are allocated and touched first.
//!
//! Every operation's result is checked against its baseline's before timing. `-- --smoke`
//! (run by bindings/rust/test.sh) checks the results and runs each operation a few times,
//! without timing, so that the benchmark cannot rot. `-- --runs N` sets the number of runs.
use std::hint::black_box;
use std::mem::MaybeUninit;
use std::ptr;

use memview::{sys, Order, Value, View};

const SAMPLES: usize = 51;

#[repr(C)]
struct Timespec {
    sec: i64,
    nsec: i64,
}
extern "C" {
    fn clock_gettime(clock: i32, ts: *mut Timespec) -> i32;
}
const CLOCK_THREAD_CPUTIME_ID: i32 = 3;

/// This thread's CPU time in ns.
fn cpu_ns() -> u64 {
    let mut ts = Timespec { sec: 0, nsec: 0 };
    // SAFETY: plain libc call with a valid out pointer (Linux x86-64 timespec layout).
    unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    ts.sec as u64 * 1_000_000_000 + ts.nsec as u64
}

/// How to run the operations: timed (`runs` independent runs) or a smoke run.
#[derive(Clone, Copy)]
struct Mode {
    smoke: bool,
    runs: usize,
}

/// Median ns per call of each operation, one vector per run (empty in a smoke run, which calls
/// each operation three times). Within a run the samples are interleaved (round r times every
/// operation once), so that what load remains hits all of them alike.
fn measure(mode: Mode, ops: &mut [&mut dyn FnMut()]) -> Vec<Vec<f64>> {
    if mode.smoke {
        for f in ops.iter_mut() {
            for _ in 0..3 {
                f();
            }
        }
        return Vec::new();
    }
    (0..mode.runs).map(|_| measure_once(ops)).collect()
}

fn measure_once(ops: &mut [&mut dyn FnMut()]) -> Vec<f64> {
    let iters: Vec<u64> = ops
        .iter_mut()
        .map(|f| {
            let mut n = 1u64;
            loop {
                let t = cpu_ns();
                for _ in 0..n {
                    f();
                }
                if cpu_ns() - t > 1_000_000 || n > 1 << 30 {
                    return n;
                }
                n *= 2;
            }
        })
        .collect();
    let mut samples = vec![Vec::with_capacity(SAMPLES); ops.len()];
    for _ in 0..SAMPLES {
        for (k, f) in ops.iter_mut().enumerate() {
            let t = cpu_ns();
            for _ in 0..iters[k] {
                f();
            }
            samples[k].push((cpu_ns() - t) as f64 / iters[k] as f64);
        }
    }
    samples
        .into_iter()
        .map(|mut s| {
            s.sort_by(|a, b| a.total_cmp(b));
            s[SAMPLES / 2]
        })
        .collect()
}

/// (operation, baseline name, its index in a run, memview name, its index, target ratio).
type Spec = (
    &'static str,
    &'static str,
    usize,
    &'static str,
    usize,
    Option<f64>,
);

/// One row: operation `view` against `base` (indices into a measure() result).
struct Row {
    op: &'static str,
    baseline: &'static str,
    view: &'static str,
    /// (baseline ns, memview ns) per run.
    runs: Vec<(f64, f64)>,
    /// Target ratio, if the row carries one.
    limit: Option<f64>,
}

fn rows_of(m: &[Vec<f64>], specs: &[Spec]) -> Vec<Row> {
    specs
        .iter()
        .map(|&(op, baseline, b, view, v, limit)| Row {
            op,
            baseline,
            view,
            runs: m.iter().map(|r| (r[b], r[v])).collect(),
            limit,
        })
        .collect()
}

fn fmt_ns(ns: f64) -> String {
    if ns >= 1_000.0 {
        format!("{:.1} us", ns / 1000.0)
    } else {
        format!("{ns:.1} ns")
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let smoke = args.iter().any(|a| a == "--smoke");
    let runs = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1))
        .map_or(2, |n| n.parse().expect("--runs N"));
    let mode = Mode { smoke, runs };
    let mut rows = Vec::new();
    let bytes: Vec<u8> = (0..1 << 22).map(|i| (i * 31 % 251) as u8).collect(); // 4 MiB
    let view = View::from_slice(&bytes);

    // --- slice + drop, cast + drop: Rust views vs the raw C calls vs plain slices ---
    let raw = view.as_raw();
    let small = View::from_slice(&bytes[..64]);
    let sraw = small.as_raw();
    // A writable buffer's views share a write-uniqueness count (two atomics per derive+drop);
    // a buffer created read-only (`small`) has none.
    let wsmall = View::from(bytes[..64].to_vec());
    assert_eq!(view.slice(1..5, 1).unwrap().as_bytes(), Some(&bytes[1..5]));
    let c = small.cast("<f", None).unwrap();
    assert_eq!((c.format(), c.len()), ("<f", 16));
    let m = measure(
        mode,
        &mut [
            &mut || {
                black_box(&black_box(&bytes)[1..5]);
            },
            &mut || unsafe {
                let mut out = ptr::null_mut();
                assert_eq!(sys::mv_slice(&mut out, black_box(raw), 1, 5, 1), 0);
                sys::mv_release(black_box(out));
            },
            &mut || {
                black_box(black_box(&view).slice(1..5, 1).unwrap());
            },
            &mut || unsafe {
                let mut out = ptr::null_mut();
                let rc = sys::mv_cast(&mut out, black_box(sraw), c"<f".as_ptr(), ptr::null(), 0);
                assert_eq!(rc, 0);
                sys::mv_release(black_box(out));
            },
            &mut || {
                black_box(black_box(&small).cast("<f", None).unwrap());
            },
            &mut || {
                black_box(black_box(&wsmall).cast("<f", None).unwrap());
            },
        ],
    );
    rows.extend(rows_of(
        &m,
        &[
            ("slice [1:5] + drop", "&b[1..5]", 0, "View::slice", 2, None),
            (
                "slice [1:5] + drop",
                "C mv_slice+mv_release",
                1,
                "View::slice",
                2,
                Some(2.0),
            ),
            (
                "cast '<f' + drop",
                "C mv_cast+mv_release",
                3,
                "View::cast",
                4,
                Some(1.5),
            ),
            (
                "cast '<f' + drop",
                "C mv_cast+mv_release",
                3,
                "View::cast, writable buffer",
                5,
                None,
            ),
        ],
    ));

    // --- typed access: sum 256K f32 (1 MiB); the view and the slice read the same memory ---
    let floats: Vec<f32> = (0..1 << 18).map(|i| (i % 1000) as f32 * 0.5).collect();
    // SAFETY: the bytes of a live Vec<f32>, read-only while `floats` lives.
    let fbytes: &[u8] =
        unsafe { std::slice::from_raw_parts(floats.as_ptr().cast(), floats.len() * 4) };
    let fview = View::from_slice(fbytes).cast("f", None).unwrap();
    assert_eq!(fview.as_slice::<f32>(), Some(&floats[..]));
    let m = measure(
        mode,
        &mut [
            &mut || {
                black_box(black_box(&floats).iter().sum::<f32>());
            },
            &mut || {
                black_box(
                    black_box(&fview)
                        .as_slice::<f32>()
                        .unwrap()
                        .iter()
                        .sum::<f32>(),
                );
            },
        ],
    );
    rows.extend(rows_of(
        &m,
        &[(
            "sum 256K f32",
            "&[f32] iter",
            0,
            "as_slice::<f32>()",
            1,
            Some(1.1),
        )],
    ));

    // --- big-endian decode of 64K f32 into a preallocated Vec ---
    let be: Vec<u8> = floats[..1 << 16]
        .iter()
        .flat_map(|f| f.to_be_bytes())
        .collect();
    let bev = View::from_slice(&be).cast(">f", None).unwrap();
    let mut dec = vec![0f32; 1 << 16];
    let mut dec_view = vec![0f32; 1 << 16];
    bev.copy_to_slice(&mut dec_view).unwrap();
    assert_eq!(dec_view, floats[..1 << 16]);
    assert_eq!(bev.to_vec::<f32>().unwrap(), floats[..1 << 16]);
    // the same Values built by plain Rust: the cost of a Vec<Value> itself (16 bytes an item,
    // written, then read again by its drop), whoever decodes
    let plain_list = |be: &[u8]| -> Vec<Value> {
        be.chunks_exact(4)
            .map(|c| Value::Float(f32::from_be_bytes(c.try_into().unwrap()) as f64))
            .collect()
    };
    let list = bev.to_list().unwrap();
    assert!(list
        .iter()
        .zip(&floats)
        .all(|(v, &f)| *v == Value::Float(f as f64)));
    assert_eq!(plain_list(&be), list);
    // to_list's widening pass alone: decoded f32s written as Values into spare capacity (no
    // decode, no allocation, no drop of old Values), the stores a Vec<Value> of 64K costs at least
    let mut widened: Vec<Value> = Vec::with_capacity(1 << 16);
    let widen = |src: &[f32], dst: &mut [MaybeUninit<Value>]| {
        for (d, &f) in dst.iter_mut().zip(src) {
            d.write(Value::Float(f as f64));
        }
    };
    widen(&floats[..1 << 16], widened.spare_capacity_mut());
    // SAFETY: all 64K Values were written just above.
    unsafe { widened.set_len(1 << 16) };
    assert_eq!(widened, list);
    widened.clear();
    let m = measure(
        mode,
        &mut [
            &mut || {
                for (d, c) in dec.iter_mut().zip(black_box(&be).chunks_exact(4)) {
                    *d = f32::from_be_bytes(c.try_into().unwrap());
                }
                black_box(&dec);
            },
            &mut || {
                black_box(&bev).copy_to_slice(&mut dec_view).unwrap();
                black_box(&dec_view);
            },
            &mut || {
                black_box(black_box(&bev).to_vec::<f32>().unwrap());
            },
            &mut || {
                black_box(black_box(&bev).to_list().unwrap());
            },
            &mut || {
                black_box(plain_list(black_box(&be)));
            },
            &mut || {
                let dst = widened.spare_capacity_mut();
                widen(black_box(&floats[..1 << 16]), dst);
                black_box(dst.as_ptr());
            },
        ],
    );
    assert_eq!(dec, dec_view);
    rows.extend(rows_of(
        &m,
        &[
            (
                "decode 64K '>f'",
                "from_be_bytes loop",
                0,
                "copy_to_slice::<f32>",
                1,
                Some(2.0),
            ),
            (
                "decode 64K '>f'",
                "from_be_bytes loop",
                0,
                "to_vec::<f32>",
                2,
                None,
            ),
            (
                "decode 64K '>f'",
                "from_be_bytes loop",
                0,
                "to_list (Vec<Value>)",
                3,
                Some(2.0),
            ),
            (
                "decode 64K '>f' into Vec<Value>",
                "from_be_bytes → Value collect",
                4,
                "to_list (Vec<Value>)",
                3,
                None,
            ),
            (
                "widen 64K f32 into a reused Vec<Value> (plain Rust)",
                "from_be_bytes loop",
                0,
                "Value::Float stores only",
                5,
                None,
            ),
        ],
    ));

    // --- strided copy: every 3rd byte of 4 MiB into a touched buffer ---
    let n3 = bytes.len().div_ceil(3);
    let mut dst_plain = vec![1u8; n3];
    let mut dst_view = vec![1u8; n3];
    let strided = view.slice(.., 3).unwrap();
    let m = measure(
        mode,
        &mut [
            &mut || {
                for (d, s) in dst_plain
                    .iter_mut()
                    .zip(black_box(&bytes).iter().step_by(3))
                {
                    *d = *s;
                }
                black_box(&dst_plain);
            },
            &mut || {
                black_box(&strided)
                    .to_bytes_into(&mut dst_view, Order::C)
                    .unwrap();
                black_box(&dst_view);
            },
        ],
    );
    assert!(dst_view.iter().eq(bytes.iter().step_by(3)));
    assert_eq!(dst_plain, dst_view);
    rows.extend(rows_of(
        &m,
        &[(
            "strided copy 4 MiB step 3",
            "iter().step_by(3)",
            0,
            "slice(..,3).to_bytes_into",
            1,
            Some(1.0),
        )],
    ));

    if smoke {
        println!("rust bench smoke: {} rows ran, results checked", rows.len());
        return;
    }
    print_table(&rows, runs);
}

fn print_table(rows: &[Row], runs: usize) {
    let per_run = |f: &dyn Fn(&(f64, f64)) -> String, r: &Row| {
        r.runs.iter().map(f).collect::<Vec<_>>().join(" / ")
    };
    println!(
        "| operation | baseline | memview | baseline time | memview time | ratio, {} | target | met? |",
        if runs == 1 { "1 run".to_string() } else { format!("runs 1–{runs}") }
    );
    println!("|---|---|---|---:|---:|---:|---|---|");
    let mut missed = 0;
    for r in rows {
        let ratios: Vec<f64> = r.runs.iter().map(|&(b, v)| v / b).collect();
        let worst = ratios.iter().copied().fold(f64::MIN, f64::max);
        let (target, met) = match r.limit {
            None => ("info".to_string(), "-"),
            Some(l) if worst <= l => (format!("≤ {l}x"), "yes"),
            Some(l) => {
                missed += 1;
                (format!("≤ {l}x"), "NO")
            }
        };
        println!(
            "| {} | {} | {} | {} | {} | {} | {target} | {met} |",
            r.op,
            r.baseline,
            r.view,
            per_run(&|&(b, _)| fmt_ns(b), r),
            per_run(&|&(_, v)| fmt_ns(v), r),
            ratios
                .iter()
                .map(|x| format!("{x:.2}x"))
                .collect::<Vec<_>>()
                .join(" / "),
        );
    }
    println!();
    println!(
        "Medians of {SAMPLES} interleaved samples of thread CPU time per run; ratio = memview / baseline; targets missed: {missed}"
    );
}
