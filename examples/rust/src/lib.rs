//! Shared by the examples: the fixed-seed generator every language uses (examples/SPEC.md),
//! and the report/RESULT-line plumbing.
use std::fmt::Display;
use std::path::PathBuf;
use std::time::Instant;

/// splitmix64 with seed 2026: bit-for-bit the same in C, Python, Go and Rust.
pub struct Gen(u64);

impl Default for Gen {
    fn default() -> Self {
        Gen(2026)
    }
}

impl Gen {
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// 24 random bits scaled to [-1, 1): exact in f32.
    pub fn sample(&mut self) -> f32 {
        ((self.next_u64() >> 40) as f64 / 16_777_216.0 * 2.0 - 1.0) as f32
    }
}

/// Runs one example: prints its header, then the RESULT line with its wall time; a failure
/// prints a FAIL result and exits non-zero.
pub fn run<E: Display>(name: &str, body: impl FnOnce(&Workdir) -> Result<String, E>) {
    println!("== {name}");
    let work = Workdir::from_args();
    let start = Instant::now();
    let outcome = body(&work);
    let secs = start.elapsed().as_secs_f64();
    match outcome {
        Ok(result) => println!("RESULT|rust|{name}|{result}|{secs:.6}"),
        Err(e) => {
            let reason = e.to_string().replace(['|', '\n'], " ");
            println!("RESULT|rust|{name}|FAIL: {reason}|{secs:.6}");
            std::process::exit(1);
        }
    }
}

/// Where examples write their files: the first argument, or the system temp dir.
pub struct Workdir(PathBuf);

impl Workdir {
    fn from_args() -> Workdir {
        Workdir(
            std::env::args_os()
                .nth(1)
                .map_or_else(std::env::temp_dir, PathBuf::from),
        )
    }

    /// A file name in the work directory (unique to this process).
    pub fn file(&self, name: &str) -> PathBuf {
        self.0.join(format!("{}-{name}", std::process::id()))
    }
}

/// An example's error: any failure, as text.
#[derive(Debug)]
pub struct Fail(pub String);

impl Display for Fail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<memview::Error> for Fail {
    fn from(e: memview::Error) -> Fail {
        Fail(format!("memview: {e}"))
    }
}

impl From<std::io::Error> for Fail {
    fn from(e: std::io::Error) -> Fail {
        Fail(format!("i/o: {e}"))
    }
}

/// Fails the example with `msg` unless `cond`.
pub fn ensure(cond: bool, msg: impl Into<String>) -> Result<(), Fail> {
    if cond {
        Ok(())
    } else {
        Err(Fail(msg.into()))
    }
}

/// The guide's records file (examples/SPEC.md, example 4): a 12-byte header ("MVREC001", the
/// count as little-endian u32) and `n` '<Iff' records (i*10, x, y; x then y per record from one
/// generator). Returns the file's bytes.
pub fn records_file(n: u32) -> Vec<u8> {
    let mut g = Gen::default();
    let mut out = Vec::with_capacity(12 + 12 * n as usize);
    out.extend(b"MVREC001");
    out.extend(n.to_le_bytes());
    for i in 0..n {
        let (x, y) = (g.sample(), g.sample());
        out.extend((i * 10).to_le_bytes());
        out.extend(x.to_le_bytes());
        out.extend(y.to_le_bytes());
    }
    out
}
