//! The guide's first example, built by bindings/rust/package_test.sh against the crates as
//! `cargo package` made them, in a project outside the workspace, with no libmemview installed.
use memview::{ErrorCode, Order, Value, View};

fn main() -> Result<(), memview::Error> {
    let mut ba = *b"Hello, world!"; // memoryview(bytearray(b"Hello, world!"))
    let mut mv = View::from_mut_slice(&mut ba);
    assert_eq!(mv.get(&[0])?, Value::UInt(72)); // mv[0] == 72
    assert_eq!(mv.slice(0..5, 1)?.to_bytes(Order::C)?, b"Hello"); // mv[0:5], no copy
    mv.set(&[0], b'J')?; // mv[0] = ord('J')
    drop(mv);
    println!("{}", String::from_utf8_lossy(&ba)); // Jello, world!

    // struct.pack('>if', 42, 3.14), read with explicit byte order.
    let data = [0, 0, 0, 42, 0x40, 0x48, 0xf5, 0xc3];
    let ro = View::from_slice(&data);
    let i = ro.cast(">i", None)?.get(&[0])?;
    let f = ro.cast_offset(">f", None, 4)?.get(&[0])?;
    println!("{i} {f}");
    assert_eq!(i, Value::Int(42));

    let mut ro = ro;
    let err = ro.set(&[0], 74).unwrap_err(); // a read-only view refuses writes
    assert_eq!(err.code(), ErrorCode::ReadOnly);
    println!("{err}");
    println!("libmemview {}", memview::library_version());
    Ok(())
}
