//! rpath to libmemview (from memview-sys's `links` metadata), so the binaries run as they are.
fn main() {
    println!("cargo:rerun-if-env-changed=DEP_MEMVIEW_LIBDIR");
    if let Ok(dir) = std::env::var("DEP_MEMVIEW_LIBDIR") {
        println!("cargo:rustc-link-arg=-Wl,-rpath,{dir}");
    }
}
