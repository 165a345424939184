//! The shared test vectors (tests/vectors/vectors.json, generated from the builtin memoryview
//! and struct by tests/vectors/gen.py) through the Rust binding. Every case runs; an unknown
//! kind, operation or value encoding fails. Errors are checked by `ErrorCode`.
use memview::{ErrorCode, Order, Result, Slice, Value, View};
use serde_json::Value as J;

fn cases() -> Vec<J> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../tests/vectors/vectors.json"
    );
    let text = std::fs::read_to_string(path).expect("read vectors.json");
    let doc: J = serde_json::from_str(&text).expect("parse vectors.json");
    let cases = doc["cases"].as_array().expect("cases").clone();
    assert!(cases.len() > 400, "only {} cases", cases.len());
    cases
}

fn code_of(name: &str) -> ErrorCode {
    match name {
        "MV_EINVAL" => ErrorCode::InvalidArgument,
        "MV_EFORMAT" => ErrorCode::Format,
        "MV_EINDEX" => ErrorCode::Index,
        "MV_EREADONLY" => ErrorCode::ReadOnly,
        "MV_ELAYOUT" => ErrorCode::Layout,
        "MV_ESIZE" => ErrorCode::Size,
        "MV_EOVERFLOW" => ErrorCode::Overflow,
        "MV_ENOMEM" => ErrorCode::NoMemory,
        "MV_ETYPE" => ErrorCode::Type,
        "MV_EVALUE" => ErrorCode::Value,
        "MV_EINTERNAL" => ErrorCode::Internal,
        other => panic!("unknown error code {other}"),
    }
}

fn unhex(s: &J) -> Vec<u8> {
    let s = s.as_str().expect("hex string");
    (0..s.len() / 2)
        .map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).expect("hex"))
        .collect()
}

fn tohex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn int(j: &J) -> isize {
    j.as_i64().expect("integer") as isize
}

fn bound(j: &J) -> Option<isize> {
    if j.is_null() {
        None
    } else {
        Some(int(j))
    }
}

/// A Python slice step: None is 1.
fn step(j: &J) -> isize {
    bound(j).unwrap_or(1)
}

fn py_slice(r: &J) -> Slice {
    Slice::py(bound(&r[0]), bound(&r[1]), step(&r[2]))
}

fn shape_of(op: &J) -> Option<Vec<isize>> {
    op["shape"].as_array().map(|s| s.iter().map(int).collect())
}

/// One derivation of a chain.
fn apply<'a>(v: &View<'a>, op: &J) -> Result<View<'a>> {
    match op["op"].as_str().expect("op") {
        "slice" => v.slice_py(bound(&op["start"]), bound(&op["stop"]), step(&op["step"])),
        "slice_nd" => {
            let r: Vec<Slice> = op["ranges"]
                .as_array()
                .unwrap()
                .iter()
                .map(py_slice)
                .collect();
            v.slice_nd(&r)
        }
        "index" => v.index(int(&op["i"])),
        "cast" => {
            let shape = shape_of(op);
            let off = op["offset"].as_u64().expect("offset") as usize;
            v.cast_offset(op["format"].as_str().unwrap(), shape.as_deref(), off)
        }
        "field" => v.field(op["k"].as_u64().unwrap() as usize),
        "toreadonly" => v.to_readonly(),
        other => panic!("unknown operation {other}"),
    }
}

/// Applies ops to v (read-only derivations); the last view.
fn chain<'a>(v: View<'a>, ops: &[J]) -> Result<View<'a>> {
    let mut v = v;
    for op in ops {
        v = apply(&v, op)?;
    }
    Ok(v)
}

/// Applies ops to v as writable derivations (each borrows the previous view mutably), then
/// runs f on the last view.
fn with_chain_mut(
    v: &mut View<'_>,
    ops: &[J],
    f: &mut dyn FnMut(&mut View<'_>) -> Result<()>,
) -> Result<()> {
    let Some((op, rest)) = ops.split_first() else {
        return f(v);
    };
    let mut next = match op["op"].as_str().unwrap() {
        "cast" => {
            let shape = shape_of(op);
            let off = op["offset"].as_u64().unwrap() as usize;
            v.cast_mut(op["format"].as_str().unwrap(), shape.as_deref(), off)?
        }
        "slice" => v.slice_py_mut(bound(&op["start"]), bound(&op["stop"]), step(&op["step"]))?,
        other => panic!("no writable derivation for operation {other}"),
    };
    with_chain_mut(&mut next, rest, f)
}

fn expect_err<T: std::fmt::Debug>(case: &J, r: Result<T>) {
    let want = code_of(case["error"]["code"].as_str().unwrap());
    match r {
        Ok(x) => panic!(
            "expected {want:?} ({}), got Ok({x:?})",
            case["error"]["class"]
        ),
        Err(e) => assert_eq!(e.code(), want, "{e}"),
    }
}

fn same_value(got: &Value, want: &J, at: &str) {
    match (got, want) {
        (Value::Bool(g), J::Bool(w)) => assert_eq!(g, w, "{at}"),
        (Value::Int(g), J::Number(w)) => assert_eq!(Some(*g), w.as_i64(), "{at}"),
        (Value::UInt(g), J::Number(w)) => assert_eq!(Some(*g), w.as_u64(), "{at}"),
        (Value::Float(g), J::Object(m)) if m.contains_key("f") => {
            let w = parse_float(&m["f"]);
            assert!(
                (w.is_nan() && g.is_nan()) || w.to_bits() == g.to_bits(),
                "{at}: got {g}, want {w}"
            );
        }
        (Value::Bytes(g), J::Object(m)) if m.contains_key("b") => {
            assert_eq!(**g, unhex(&m["b"]), "{at}")
        }
        (Value::Record(g), J::Object(m)) if m.contains_key("r") => {
            let w = m["r"].as_array().unwrap();
            assert_eq!(g.len(), w.len(), "{at}");
            for (k, (x, y)) in g.iter().zip(w).enumerate() {
                same_value(x, y, &format!("{at}.{k}"));
            }
        }
        _ => panic!("{at}: got {got:?}, want {want} (or an unknown encoding)"),
    }
}

fn parse_float(j: &J) -> f64 {
    match j.as_str().unwrap() {
        "nan" => f64::NAN,
        "inf" => f64::INFINITY,
        "-inf" => f64::NEG_INFINITY,
        s => s.parse().expect("float"),
    }
}

fn to_value(j: &J) -> Value {
    match j {
        J::Bool(b) => Value::Bool(*b),
        J::Number(n) => match n.as_i64() {
            Some(i) => Value::Int(i),
            None => Value::UInt(n.as_u64().expect("integer")),
        },
        J::Object(m) if m.contains_key("f") => Value::Float(parse_float(&m["f"])),
        J::Object(m) if m.contains_key("b") => Value::from(unhex(&m["b"])),
        J::Object(m) if m.contains_key("r") => Value::Record(Box::new(
            m["r"].as_array().unwrap().iter().map(to_value).collect(),
        )),
        _ => panic!("unknown value encoding {j}"),
    }
}

fn base<'a>(buf: &'a mut [u8], readonly: bool) -> View<'a> {
    if readonly {
        View::from_slice(buf)
    } else {
        View::from_mut_slice(buf)
    }
}

fn run_view(c: &J) {
    let mut buf = unhex(&c["data"]);
    let ops = c["ops"].as_array().unwrap();
    let v = base(&mut buf, c["readonly"].as_bool().unwrap());
    if c.get("error").is_some() {
        let at = c["error"]["at"].as_u64().unwrap() as usize;
        let v = chain(v, &ops[..at]).expect("ops before the failing one");
        expect_err(c, apply(&v, &ops[at]));
        return;
    }
    let v = chain(v, ops).expect("chain");
    let e = &c["expect"];
    assert_eq!(v.format(), e["format"].as_str().unwrap(), "format");
    assert_eq!(
        v.itemsize() as u64,
        e["itemsize"].as_u64().unwrap(),
        "itemsize"
    );
    assert_eq!(v.ndim() as u64, e["ndim"].as_u64().unwrap(), "ndim");
    let ints = |k: &str| -> Vec<isize> { e[k].as_array().unwrap().iter().map(int).collect() };
    assert_eq!(v.shape(), &ints("shape")[..], "shape");
    assert_eq!(v.strides(), &ints("strides")[..], "strides");
    assert_eq!(v.nbytes() as u64, e["nbytes"].as_u64().unwrap(), "nbytes");
    assert_eq!(v.readonly(), e["readonly"].as_bool().unwrap(), "readonly");
    assert_eq!(
        v.is_c_contiguous(),
        e["c_contiguous"].as_bool().unwrap(),
        "c_contiguous"
    );
    assert_eq!(
        v.is_f_contiguous(),
        e["f_contiguous"].as_bool().unwrap(),
        "f_contiguous"
    );
    for (order, key) in [
        (Order::C, "tobytes"),
        (Order::F, "tobytes_F"),
        (Order::A, "tobytes_A"),
    ] {
        assert_eq!(
            tohex(&v.to_bytes(order).unwrap()),
            e[key].as_str().unwrap(),
            "{key}"
        );
    }
    if let Some(items) = e.get("items") {
        let items = items.as_array().unwrap();
        let got = v.to_list().expect("to_list");
        assert_eq!(got.len(), items.len(), "item count");
        for (i, (g, w)) in got.iter().zip(items).enumerate() {
            same_value(g, w, &format!("item {i}"));
        }
    }
}

fn run_hex(c: &J) {
    let mut buf = unhex(&c["data"]);
    let v = chain(base(&mut buf, true), c["ops"].as_array().unwrap()).expect("chain");
    let (sep, bps) = match c["sep"].as_str() {
        None => (None, 1),
        Some(s) => (
            s.chars().next(),
            c["bytes_per_sep"].as_i64().unwrap() as i32,
        ),
    };
    let r = v.hex(sep, bps);
    if c.get("error").is_some() {
        expect_err(c, r);
    } else {
        assert_eq!(r.expect("hex"), c["expect"].as_str().unwrap());
    }
}

fn run_equal(c: &J) {
    let (mut da, mut db) = (unhex(&c["a"]["data"]), unhex(&c["b"]["data"]));
    let a = chain(base(&mut da, true), c["a"]["ops"].as_array().unwrap()).expect("a");
    let b = chain(base(&mut db, true), c["b"]["ops"].as_array().unwrap()).expect("b");
    let want = c["expect"].as_bool().unwrap();
    assert_eq!(a == b, want, "a == b");
    assert_eq!(b == a, want, "b == a");
}

/// copy and set: the write through a writable chain, then the whole buffer (unchanged after
/// an error).
fn run_write(c: &J, mut write: impl FnMut(&mut View<'_>) -> Result<()>) {
    let mut buf = unhex(&c["data"]);
    let before = buf.clone();
    let ops = c["ops"].as_array().unwrap();
    let readonly = c["readonly"].as_bool().unwrap();
    let r = {
        let mut v = base(&mut buf, readonly);
        if readonly {
            let mut last = chain(v, ops).expect("chain");
            write(&mut last)
        } else {
            with_chain_mut(&mut v, ops, &mut write)
        }
    };
    if c.get("error").is_some() {
        expect_err(c, r);
        assert_eq!(buf, before, "a refused write changed the buffer");
    } else {
        r.expect("write");
        assert_eq!(tohex(&buf), c["expect"]["data"].as_str().unwrap());
    }
}

fn run_copy(c: &J) {
    let (dst, src) = (py_slice(&c["dst"]), py_slice(&c["src"]));
    run_write(c, |v| v.copy_within(&[dst], &[src]));
}

fn run_set(c: &J) {
    let idx: Vec<isize> = c["index"].as_array().unwrap().iter().map(int).collect();
    let value = to_value(&c["value"]);
    run_write(c, |v| v.set(&idx, value.clone()));
}

#[test]
fn vectors() {
    let mut failed = Vec::new();
    let all = cases();
    for c in &all {
        let id = c["id"].as_str().unwrap().to_string();
        let run: fn(&J) = match c["kind"].as_str().unwrap() {
            "view" => run_view,
            "hex" => run_hex,
            "equal" => run_equal,
            "copy" => run_copy,
            "set" => run_set,
            other => panic!("{id}: unknown kind {other}"),
        };
        if let Err(e) = std::panic::catch_unwind(|| run(c)) {
            let msg = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            failed.push(format!(
                "{id}: {msg}\n  {}",
                &c.to_string()[..c.to_string().len().min(300)]
            ));
        }
    }
    assert!(
        failed.is_empty(),
        "{} of {} cases failed:\n{}",
        failed.len(),
        all.len(),
        failed.join("\n")
    );
}
