//! Example 1: a view over a writable buffer, slicing, writing through the view and seeing it in
//! the buffer; a read-only view refusing a write with the library's error.
use memview::{ErrorCode, Order, Value, View};
use memview_examples::{ensure, run, Fail};

fn main() {
    run("basics", |_| -> Result<String, Fail> {
        let mut ba = *b"Hello, world!"; // bytearray(b"Hello, world!")
        let mut mv = View::from_mut_slice(&mut ba);
        let whole = mv.to_bytes(Order::C)?;
        println!("tobytes      {}", String::from_utf8_lossy(&whole));
        ensure(whole == b"Hello, world!", "tobytes differs")?;
        let first = mv.get(&[0])?;
        println!("mv[0]        {first}");
        ensure(first == Value::UInt(72), "mv[0] != 72")?;
        let hello = mv.slice(0..5, 1)?.to_bytes(Order::C)?;
        println!(
            "mv[0:5]      {} (a view, no copy)",
            String::from_utf8_lossy(&hello)
        );
        ensure(hello == b"Hello", "slice differs")?;
        mv.set(&[0], b'J')?; // mv[0] = ord('J')
        drop(mv);
        let text = String::from_utf8_lossy(&ba).into_owned();
        println!("buffer       {text}");
        ensure(
            text == "Jello, world!",
            "the write did not reach the buffer",
        )?;

        let mut ro = View::from_slice(b"Immutable"); // memoryview(b"Immutable")
        println!("ro[0]        {}", ro.get(&[0])?);
        let err = ro
            .set(&[0], 74)
            .err()
            .ok_or(Fail("read-only view accepted a write".into()))?;
        println!("ro[0] = 74   refused: {err}");
        ensure(
            err.code() == ErrorCode::ReadOnly,
            format!("wrong error: {err}"),
        )?;
        Ok(format!("{text} / readonly refused"))
    });
}
