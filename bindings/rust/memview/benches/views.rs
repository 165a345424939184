//! View operations against plain Rust slices and against the raw C API, in one run.
//! `cargo bench` (from bindings/rust). Prints a Markdown table of medians (ns per operation)
//! over 51 samples; each sample runs the operation enough times to last ~1 ms of this thread's
//! CPU time (CLOCK_THREAD_CPUTIME_ID, so that time spent descheduled on a shared machine does
//! not count). Destination buffers are allocated and touched before timing.
use std::hint::black_box;
use std::ptr;

use memview::{sys, Order, View};

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

/// Median ns per call of each operation. The samples of the operations are interleaved
/// (round r times every operation once), so that what load remains hits all of them alike.
fn measure(ops: &mut [&mut dyn FnMut()]) -> Vec<f64> {
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

struct Row {
    op: &'static str,
    baseline: &'static str,
    base_ns: f64,
    view: &'static str,
    view_ns: f64,
}

fn main() {
    let mut rows = Vec::new();
    let bytes: Vec<u8> = (0..1 << 22).map(|i| (i * 31 % 251) as u8).collect(); // 4 MiB
    let view = View::from_slice(&bytes);

    // --- slice + drop, cast + drop: Rust views vs the raw C calls vs plain slices ---
    let raw = view.as_raw();
    let small = View::from_slice(&bytes[..64]);
    let sraw = small.as_raw();
    let m = measure(&mut [
        &mut || {
            black_box(&black_box(&bytes)[1..5]);
        },
        &mut || unsafe {
            let mut out = ptr::null_mut();
            sys::mv_slice(&mut out, black_box(raw), 1, 5, 1);
            sys::mv_release(black_box(out));
        },
        &mut || {
            black_box(black_box(&view).slice(1..5, 1).unwrap());
        },
        &mut || unsafe {
            let mut out = ptr::null_mut();
            sys::mv_cast(&mut out, black_box(sraw), c"<f".as_ptr(), ptr::null(), 0);
            sys::mv_release(black_box(out));
        },
        &mut || {
            black_box(black_box(&small).cast("<f", None).unwrap());
        },
    ]);
    let (plain, c_slice, v_slice, c_cast, v_cast) = (m[0], m[1], m[2], m[3], m[4]);
    rows.push(Row {
        op: "slice [1:5] + drop",
        baseline: "&b[1..5]",
        base_ns: plain,
        view: "View::slice",
        view_ns: v_slice,
    });
    rows.push(Row {
        op: "slice [1:5] + drop",
        baseline: "C mv_slice+mv_release",
        base_ns: c_slice,
        view: "View::slice",
        view_ns: v_slice,
    });
    rows.push(Row {
        op: "cast '<f' + drop",
        baseline: "C mv_cast+mv_release",
        base_ns: c_cast,
        view: "View::cast",
        view_ns: v_cast,
    });

    // --- typed access: sum 256K f32 (1 MiB); the view and the slice read the same memory ---
    let floats: Vec<f32> = (0..1 << 18).map(|i| (i % 1000) as f32 * 0.5).collect();
    // SAFETY: the bytes of a live Vec<f32>, read-only while `floats` lives.
    let fbytes: &[u8] =
        unsafe { std::slice::from_raw_parts(floats.as_ptr().cast(), floats.len() * 4) };
    let fview = View::from_slice(fbytes).cast("f", None).unwrap();
    let m = measure(&mut [
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
        &mut || {
            let s = black_box(fbytes)
                .chunks_exact(4)
                .map(|c| f32::from_ne_bytes(c.try_into().unwrap()))
                .sum::<f32>();
            black_box(s);
        },
    ]);
    let (sum_plain, sum_view, sum_chunks) = (m[0], m[1], m[2]);
    rows.push(Row {
        op: "sum 256K f32",
        baseline: "&[f32] iter",
        base_ns: sum_plain,
        view: "as_slice::<f32>()",
        view_ns: sum_view,
    });
    rows.push(Row {
        op: "sum 256K f32",
        baseline: "chunks_exact(4)+from_ne_bytes",
        base_ns: sum_chunks,
        view: "as_slice::<f32>()",
        view_ns: sum_view,
    });

    // --- big-endian decode of 64K f32 ---
    let be: Vec<u8> = floats[..1 << 16]
        .iter()
        .flat_map(|f| f.to_be_bytes())
        .collect();
    let bev = View::from_slice(&be).cast(">f", None).unwrap();
    let mut dec = vec![0f32; 1 << 16];
    let m = measure(&mut [
        &mut || {
            for (d, c) in dec.iter_mut().zip(black_box(&be).chunks_exact(4)) {
                *d = f32::from_be_bytes(c.try_into().unwrap());
            }
            black_box(&dec);
        },
        &mut || {
            black_box(black_box(&bev).to_list().unwrap());
        },
    ]);
    rows.push(Row {
        op: "decode 64K '>f'",
        baseline: "chunks_exact+from_be_bytes",
        base_ns: m[0],
        view: "View::to_list",
        view_ns: m[1],
    });

    // --- strided copy: every 3rd byte of 4 MiB into a touched buffer ---
    let n3 = bytes.len().div_ceil(3);
    let mut dst_plain = vec![1u8; n3];
    let mut dst_view = vec![1u8; n3];
    let strided = view.slice(.., 3).unwrap();
    let m = measure(&mut [
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
    ]);
    rows.push(Row {
        op: "strided copy 4 MiB step 3",
        baseline: "iter().step_by(3)",
        base_ns: m[0],
        view: "slice(..,3).to_bytes_into",
        view_ns: m[1],
    });

    println!("| operation | baseline | baseline ns | memview | memview ns | ratio |");
    println!("|---|---|---:|---|---:|---:|");
    for r in &rows {
        println!(
            "| {} | {} | {:.1} | {} | {:.1} | {:.2}x |",
            r.op,
            r.baseline,
            r.base_ns,
            r.view,
            r.view_ns,
            r.view_ns / r.base_ns
        );
    }
    let target = |name: &str, ratio: f64, limit: f64| {
        println!(
            "target {name}: {ratio:.2}x (limit {limit}x) {}",
            if ratio <= limit { "MET" } else { "NOT MET" }
        )
    };
    target("slice+drop vs C", v_slice / c_slice, 2.0);
    target("cast+drop vs C", v_cast / c_cast, 2.0);
    target("as_slice sum vs &[f32] sum", sum_view / sum_plain, 1.1);
}
