//! memview-sys (links = "memview") reports where libmemview lives; give this crate's tests,
//! examples and benches an rpath to it so they run without LD_LIBRARY_PATH.
fn main() {
    println!("cargo:rerun-if-env-changed=DEP_MEMVIEW_LIBDIR");
    if let Ok(dir) = std::env::var("DEP_MEMVIEW_LIBDIR") {
        println!("cargo:rustc-link-arg=-Wl,-rpath,{dir}");
    }
}
