//! Example 2: float32 values viewed as bytes and back; the packed record '>if' (42, 3.14) read
//! with explicit byte order ('>i', then '>f' at offset 4).
// The guide's literal data (3.14, 2.718), not approximations of constants.
#![allow(clippy::approx_constant)]
use memview::{Value, View};
use memview_examples::{ensure, run, Fail};

fn main() {
    run("casting", |_| -> Result<String, Fail> {
        let floats = [1.5f32, 2.718, 3.14159]; // array.array('f', [...])
        let mv_floats = View::from_elements(&floats);
        let mv_bytes = mv_floats.cast("B", None)?;
        let first8: Vec<String> = mv_bytes.to_list()?[..8]
            .iter()
            .map(Value::to_string)
            .collect();
        println!(
            "as bytes     {} bytes, first 8: [{}]",
            mv_bytes.len(),
            first8.join(", ")
        );
        ensure(mv_bytes.len() == 12, "expected 12 bytes")?;
        let mv_cast = mv_bytes.cast("f", None)?;
        let back = mv_cast
            .as_slice::<f32>()
            .ok_or(Fail("not a native f32 view".into()))?;
        println!("back to f    {back:?}");
        ensure(back == floats, "round trip differs")?;

        let mut data = 42i32.to_be_bytes().to_vec(); // struct.pack('>if', 42, 3.14)
        data.extend(3.14f32.to_be_bytes());
        let mv = View::from_slice(&data);
        let int_val = mv.cast(">i", None)?.get(&[0])?;
        let float_val = mv.cast_offset(">f", None, 4)?.get(&[0])?;
        let (i, f) = (
            int_val.as_i64().unwrap_or(0),
            float_val.as_f64().unwrap_or(0.0),
        );
        println!("'>if' bytes  {}  ->  {i} {f:.6}", mv.hex(Some(' '), 4)?);
        ensure(i == 42, "'>i' is not 42")?;
        Ok(format!("{i} {f:.6} roundtrip ok"))
    });
}
