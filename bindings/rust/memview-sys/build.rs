//! Finds libmemview. Order:
//! 1. `MEMVIEW_LIB_DIR` (and optionally `MEMVIEW_INCLUDE_DIR`), or `MEMVIEW_PREFIX`
//!    (`$prefix/lib`, `$prefix/include`): an explicit choice wins over pkg-config.
//! 2. pkg-config `memview` within the ABI-compatible range of this crate.
//!
//! Re-exports the library and include directories to dependents as
//! `DEP_MEMVIEW_LIBDIR` / `DEP_MEMVIEW_INCLUDE` (this crate `links = "memview"`), so that their
//! own build scripts can add an rpath: `cargo:rustc-link-arg` only reaches this package's targets.
use std::env;
use std::path::PathBuf;

// The header this crate's declarations mirror is 0.1.x; 0.2 may change the ABI.
const RANGE: std::ops::Range<&str> = "0.1.0".."0.2.0";

fn main() {
    for var in [
        "MEMVIEW_LIB_DIR",
        "MEMVIEW_INCLUDE_DIR",
        "MEMVIEW_PREFIX",
        "PKG_CONFIG_PATH",
    ] {
        println!("cargo:rerun-if-env-changed={var}");
    }
    let (libdirs, includes) = match explicit_dirs() {
        Some((lib, inc)) => {
            println!("cargo:rustc-link-search=native={}", lib.display());
            println!("cargo:rustc-link-lib=dylib=memview");
            (vec![lib], inc.into_iter().collect::<Vec<_>>())
        }
        None => match pkg_config::Config::new()
            .range_version(RANGE)
            .probe("memview")
        {
            Ok(lib) => (lib.link_paths, lib.include_paths),
            Err(e) => {
                eprintln!(
                    "memview-sys: libmemview {}..{} not found.\n{e}\n\
                     Build and install it (scripts/build.sh, then `source scripts/env.sh`), \
                     or set MEMVIEW_PREFIX / MEMVIEW_LIB_DIR.",
                    RANGE.start, RANGE.end
                );
                std::process::exit(1);
            }
        },
    };
    if let Some(lib) = libdirs.first() {
        println!("cargo:libdir={}", lib.display());
        // Lets this crate's own tests run without LD_LIBRARY_PATH.
        println!("cargo:rustc-link-arg=-Wl,-rpath,{}", lib.display());
    }
    if let Some(inc) = includes.first() {
        println!("cargo:include={}", inc.display());
        // The header-drift test compiles C against exactly this header.
        println!("cargo:rustc-env=MEMVIEW_SYS_INCLUDE_DIR={}", inc.display());
    } else {
        println!("cargo:rustc-env=MEMVIEW_SYS_INCLUDE_DIR=");
    }
}

fn explicit_dirs() -> Option<(PathBuf, Option<PathBuf>)> {
    let inc = env::var_os("MEMVIEW_INCLUDE_DIR").map(PathBuf::from);
    if let Some(lib) = env::var_os("MEMVIEW_LIB_DIR") {
        return Some((PathBuf::from(lib), inc));
    }
    let prefix = PathBuf::from(env::var_os("MEMVIEW_PREFIX")?);
    Some((
        prefix.join("lib"),
        Some(inc.unwrap_or(prefix.join("include"))),
    ))
}
