//! Proves that `src/lib.rs` matches `memview.h` (the installed header this crate links against):
//! the Rust declarations are translated to C types and a C compiler checks them against the real
//! header with `_Static_assert(__builtin_types_compatible_p(..))` (signatures), `sizeof`/`offsetof`
//! (structs) and value comparisons (constants); name sets are compared both ways so that nothing
//! is missing on either side. Needs a C compiler (`$CC`, default `cc`).
use std::collections::BTreeSet;
use std::mem::{offset_of, size_of};
use std::path::PathBuf;
use std::process::Command;

use memview_sys::*;

const RUST_SRC: &str = include_str!("../src/lib.rs");

fn include_dir() -> Option<PathBuf> {
    let d = env!("MEMVIEW_SYS_INCLUDE_DIR");
    (!d.is_empty()).then(|| PathBuf::from(d))
}

fn header_text() -> String {
    let candidates: Vec<PathBuf> = include_dir()
        .into_iter()
        .chain(["/usr/local/include".into(), "/usr/include".into()])
        .map(|d| d.join("memview.h"))
        .collect();
    for c in &candidates {
        if let Ok(t) = std::fs::read_to_string(c) {
            return t;
        }
    }
    panic!("memview.h not found in {candidates:?}");
}

/// Removes `/* */` and `//` comments.
fn strip_comments(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i..].starts_with(b"/*") {
            i += s[i..].find("*/").map_or(b.len() - i, |e| e + 2);
            out.push(' ');
        } else if b[i..].starts_with(b"//") {
            i += s[i..].find('\n').unwrap_or(b.len() - i);
        } else {
            let ch = s[i..].chars().next().unwrap();
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

fn ident_before(s: &str, end: usize) -> &str {
    let t = s[..end].trim_end();
    let start = t
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .map_or(0, |p| p + 1);
    &t[start..]
}

fn block_after<'s>(s: &'s str, opener: &str) -> &'s str {
    let start = s
        .find(opener)
        .unwrap_or_else(|| panic!("{opener} not found"))
        + opener.len();
    let mut depth = 1;
    for (i, c) in s[start..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return &s[start..start + i];
                }
            }
            _ => {}
        }
    }
    panic!("unbalanced block after {opener}")
}

/// Splits at top-level commas (outside `()` and `<>`).
fn split_top(s: &str) -> Vec<String> {
    let (mut depth, mut cur, mut out) = (0i32, String::new(), Vec::new());
    for c in s.chars() {
        match c {
            '(' | '<' => depth += 1,
            ')' | '>' if !cur.ends_with('-') => depth -= 1,
            ',' if depth == 0 => {
                out.push(cur.trim().to_string());
                cur.clear();
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_string());
    }
    out
}

/// Translates a Rust FFI type to the C type it must be.
fn c_type(rust: &str) -> String {
    let t = rust.trim();
    if let Some(rest) = t.strip_prefix("*const ") {
        return format!("{} const *", c_type(rest));
    }
    if let Some(rest) = t.strip_prefix("*mut ") {
        return format!("{} *", c_type(rest));
    }
    if let Some(inner) = t
        .strip_prefix("Option<unsafe extern \"C\" fn(")
        .and_then(|r| r.strip_suffix('>'))
    {
        let (args, ret) = inner.split_once(')').unwrap();
        let ret = ret.trim().strip_prefix("->").map_or("void".into(), c_type);
        return format!("{ret} (*)({})", c_args(args));
    }
    match t {
        "c_int" => "int",
        "c_uint" => "unsigned int",
        "c_char" => "char",
        "c_void" => "void",
        "isize" => "ptrdiff_t",
        "usize" => "size_t",
        "i64" => "int64_t",
        "u64" => "uint64_t",
        "f64" => "double",
        "i32" => "int32_t",
        "u8" => "uint8_t",
        "u16" => "uint16_t",
        "u32" => "uint32_t",
        other if other.starts_with("mv_") || other.starts_with("DL") => other,
        // The Arrow C Data Interface declares struct tags, not typedefs.
        other if other.starts_with("Arrow") => return format!("struct {other}"),
        other => panic!("no C translation for Rust type {other}"),
    }
    .to_string()
}

fn c_args(args: &str) -> String {
    let v: Vec<String> = split_top(args)
        .iter()
        .map(|a| c_type(a.split_once(':').expect("named argument").1))
        .collect();
    if v.is_empty() {
        "void".into()
    } else {
        v.join(", ")
    }
}

struct RustDecls {
    fns: Vec<(String, String)>, // name, C function-pointer type
    consts: BTreeSet<String>,
    types: Vec<(String, String)>, // alias name, Rust type
    structs: Vec<(String, Vec<(String, String)>)>,
    const_fns: BTreeSet<String>,
}

fn rust_decls(src: &str) -> RustDecls {
    let src = strip_comments(src);
    let mut fns = Vec::new();
    // Every `extern "C" { ... }` block (lib.rs keeps one per header group that has its own).
    let opener = "extern \"C\" {";
    let blocks = src
        .match_indices(opener)
        .map(|(at, _)| block_after(&src[at..], opener));
    for decl in blocks.flat_map(|b| b.split(';')) {
        let d = decl.split_whitespace().collect::<Vec<_>>().join(" ");
        let Some(rest) = d.strip_prefix("pub fn ") else {
            assert!(d.is_empty(), "unexpected item in extern block: {d}");
            continue;
        };
        let open = rest.find('(').unwrap();
        let close = rest.rfind(')').unwrap();
        let name = rest[..open].to_string();
        let ret = rest[close + 1..]
            .trim()
            .strip_prefix("->")
            .map_or("void".into(), c_type);
        let ty = format!("{ret} (*)({})", c_args(&rest[open + 1..close]));
        fns.push((name, ty));
    }
    let (mut consts, mut types, mut structs, mut const_fns) =
        (BTreeSet::new(), Vec::new(), Vec::new(), BTreeSet::new());
    for line in src.lines().map(str::trim) {
        if let Some(r) = line.strip_prefix("pub const fn ") {
            const_fns.insert(r[..r.find('(').unwrap()].to_string());
        } else if let Some(r) = line.strip_prefix("pub const ") {
            consts.insert(r[..r.find(':').unwrap()].to_string());
        } else if let Some(r) = line.strip_prefix("pub type ") {
            let (n, t) = r.split_once('=').unwrap();
            types.push((n.trim().into(), t.trim().trim_end_matches(';').into()));
        }
    }
    let mut rest = src.as_str();
    while let Some(p) = rest.find("pub struct ") {
        let after = &rest[p + "pub struct ".len()..];
        let name = after[..after.find([' ', '{']).unwrap()].to_string();
        let body = block_after(after, "{");
        let fields = split_top(body)
            .into_iter()
            .filter(|f| f.starts_with("pub "))
            .map(|f| {
                let (n, t) = f["pub ".len()..].split_once(':').unwrap();
                (n.trim().to_string(), t.trim().to_string())
            })
            .collect();
        structs.push((name, fields));
        rest = &after[body.len()..];
    }
    RustDecls {
        fns,
        consts,
        types,
        structs,
        const_fns,
    }
}

struct HeaderDecls {
    fns: BTreeSet<String>,
    object_macros: BTreeSet<String>,
    function_macros: BTreeSet<String>,
    enum_consts: BTreeSet<String>,
    typedefs: BTreeSet<String>,
    struct_fields: Vec<(String, Vec<String>)>,
}

fn header_decls(h: &str) -> HeaderDecls {
    let h = strip_comments(h);
    let mut d = HeaderDecls {
        fns: BTreeSet::new(),
        object_macros: BTreeSet::new(),
        function_macros: BTreeSet::new(),
        enum_consts: BTreeSet::new(),
        typedefs: BTreeSet::new(),
        struct_fields: Vec::new(),
    };
    let mut code = String::new(); // the header without preprocessor lines
    let mut continued = false;
    for line in h.lines() {
        let l = line.trim();
        if continued || l.starts_with('#') {
            continued = l.ends_with('\\');
            if let Some(r) = l.strip_prefix("#define ") {
                let end = r.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'));
                let name = &r[..end.unwrap_or(r.len())];
                if r[name.len()..].starts_with('(') {
                    d.function_macros.insert(name.into());
                } else if name != "MEMVIEW_H" && !name.ends_with("MV_EXTERN") {
                    d.object_macros.insert(name.into());
                }
            }
            continue;
        }
        code.push_str(line);
        code.push('\n');
    }
    d.object_macros.remove("MV_EXTERN");
    for stmt in code.split(';') {
        let s = stmt.trim();
        if let Some(p) = s.find("MV_EXTERN") {
            let s = &s[p..];
            d.fns.insert(ident_before(s, s.find('(').unwrap()).into());
        }
        if let Some(td) = s.rfind("typedef ").map(|p| &s[p..]) {
            if td.contains('{') && !td.contains('}') {
                // a struct body: handled below on the whole text
            } else if td.contains('{') {
                let name = ident_before(td, td.len()).to_string();
                let body = block_after(td, "{");
                if td.starts_with("typedef enum") {
                    for e in body.split(',') {
                        if let Some((n, _)) = e.split_once('=') {
                            d.enum_consts.insert(n.trim().into());
                        }
                    }
                }
                d.typedefs.insert(name);
            } else if let Some(p) = td.find("(*") {
                d.typedefs
                    .insert(ident_before(td, td[p..].find(')').unwrap() + p).into());
            } else {
                d.typedefs.insert(ident_before(td, td.len()).into());
            }
        }
    }
    // Struct bodies span several ';'-statements: scan them on the whole text.
    let mut rest = code.as_str();
    while let Some(p) = rest.find("typedef struct ") {
        let after = &rest[p..];
        if let Some(brace) = after.find('{').filter(|&b| b < after.find(';').unwrap()) {
            let body = block_after(&after[brace..], "{");
            let fields = body
                .split(';')
                .map(str::trim)
                .filter(|f| !f.is_empty())
                .map(|f| match f.find("(*") {
                    // a function-pointer field: `void (*name)(...)`
                    Some(p) => ident_before(f, p + f[p..].find(')').unwrap()).to_string(),
                    None => ident_before(f, f.len()).to_string(),
                })
                .collect();
            let tail = &after[brace + body.len() + 2..];
            let name = ident_before(tail, tail.find(';').unwrap()).to_string();
            d.typedefs.insert(name.clone());
            d.struct_fields.push((name, fields));
        }
        rest = &after[1..];
    }
    d
}

macro_rules! layout {
    ($($t:ident { $($f:ident),* })*) => {
        vec![$((stringify!($t), size_of::<$t>(), vec![$((stringify!($f), offset_of!($t, $f))),*])),*]
    };
}

macro_rules! values {
    ($($c:ident),*) => { vec![$((stringify!($c), $c as i128)),*] };
}

fn c_literal(v: i128) -> String {
    if v == i64::MIN as i128 {
        "(-9223372036854775807LL - 1)".into()
    } else {
        format!("{v}LL")
    }
}

/// The C translation unit that checks every Rust declaration against the header.
fn checker(rust: &RustDecls) -> String {
    let mut c = String::from(
        "#include <stddef.h>\n#include <stdint.h>\n#include <memview.h>\n\
         #define SAME(a, b, what) _Static_assert(__builtin_types_compatible_p(a, b), what)\n",
    );
    for (name, ty) in &rust.fns {
        c += &format!("SAME(__typeof__(&{name}), {ty}, \"signature of {name}\");\n");
    }
    for (name, ty) in &rust.types {
        if name == "mv_release_fn" {
            c += &format!("SAME({name}, {}, \"type {name}\");\n", c_type(ty));
        }
    }
    let layouts = layout! {
        mv_buffer_info { version, data, format, itemsize, ndim, shape, strides, readonly, on_release, ctx, suboffsets }
        mv_range { start, stop, step }
        mv_value { kind, code, i, u, f, bytes, len }
        mv_field_info { code, kind, offset, size, big_endian }
        ArrowSchema { format, name, metadata, flags, n_children, children, dictionary, release, private_data }
        ArrowArray { length, null_count, offset, n_buffers, n_children, buffers, children, dictionary, release, private_data }
        DLPackVersion { major, minor }
        DLDevice { device_type, device_id }
        DLDataType { code, bits, lanes }
        DLTensor { data, device, ndim, dtype, shape, strides, byte_offset }
        DLManagedTensor { dl_tensor, manager_ctx, deleter }
        DLManagedTensorVersioned { version, manager_ctx, deleter, flags, dl_tensor }
    };
    let checked: BTreeSet<&str> = layouts.iter().map(|l| l.0).collect();
    for (sname, fields) in &rust.structs {
        if sname == "mv_view" {
            continue;
        }
        let l = layouts
            .iter()
            .find(|l| l.0 == sname)
            .unwrap_or_else(|| panic!("struct {sname} missing from the layout! table"));
        let names: Vec<&str> = fields.iter().map(|f| f.0.as_str()).collect();
        let lnames: Vec<&str> = l.2.iter().map(|f| f.0).collect();
        assert_eq!(names, lnames, "layout! table of {sname} is stale");
        let cname = c_type(sname);
        c += &format!(
            "_Static_assert(sizeof({cname}) == {}, \"size of {sname}\");\n",
            l.1
        );
        for ((fname, fty), (_, off)) in fields.iter().zip(&l.2) {
            c += &format!(
                "_Static_assert(offsetof({cname}, {fname}) == {off}, \"offset of {sname}.{fname}\");\n\
                 SAME(__typeof__((({cname} *)0)->{fname}), {}, \"type of {sname}.{fname}\");\n",
                c_type(fty)
            );
        }
    }
    assert_eq!(checked.len(), rust.structs.len() - 1);
    let vals = values![
        MV_VERSION_MAJOR,
        MV_VERSION_MINOR,
        MV_VERSION_PATCH,
        MV_VERSION_NUMBER,
        MV_OK,
        MV_EINVAL,
        MV_EFORMAT,
        MV_EINDEX,
        MV_EREADONLY,
        MV_ELAYOUT,
        MV_ESIZE,
        MV_EOVERFLOW,
        MV_ENOMEM,
        MV_ETYPE,
        MV_EVALUE,
        MV_EINTERNAL,
        MV_ESYS,
        MV_READONLY,
        MV_NONE,
        MV_MAX_NDIM,
        MV_BUFFER_INFO_VERSION,
        MV_KIND_INT,
        MV_KIND_UINT,
        MV_KIND_FLOAT,
        MV_KIND_BOOL,
        MV_KIND_BYTES,
        MV_KIND_TEXT,
        MV_SHM_NAME_MAX,
        MV_EXPORT_COPY,
        MV_EXPORT_FORCE_COPY,
        MV_ARROW_WRITABLE,
        ARROW_FLAG_NULLABLE,
        DLPACK_MAJOR_VERSION,
        DLPACK_FLAG_BITMASK_READ_ONLY,
        DLPACK_FLAG_BITMASK_IS_COPIED,
        kDLCPU,
        kDLInt,
        kDLUInt,
        kDLFloat,
        kDLBool
    ];
    let listed: BTreeSet<String> = vals.iter().map(|v| v.0.to_string()).collect();
    let declared: BTreeSet<String> = rust
        .consts
        .iter()
        .filter(|n| *n != "MV_VERSION_STRING" && *n != "MV_BUFFER_INFO_INIT")
        .cloned()
        .collect();
    assert_eq!(listed, declared, "values! list is stale");
    for (name, v) in vals {
        c += &format!(
            "_Static_assert(({name}) == {}, \"value of {name}\");\n",
            c_literal(v)
        );
    }
    for (a, b, cc) in [(0, 1, 0), (0, 1, 1), (0, 0, 99), (1, 0, 0)] {
        c += &format!(
            "_Static_assert(MV_VERSION_CHECK({a}, {b}, {cc}) == {}, \"MV_VERSION_CHECK\");\n",
            MV_VERSION_CHECK(a, b, cc) as i32
        );
    }
    c
}

/// Compiles `src` against the header; Err(compiler output) on failure.
fn compile(src: &str, tag: &str) -> Result<(), String> {
    let dir = std::env::temp_dir().join(format!("memview-sys-{}-{tag}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("check.c");
    std::fs::write(&file, src).unwrap();
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".into());
    let mut cmd = Command::new(&cc);
    cmd.args(["-std=c11", "-fsyntax-only", "-Wall", "-Werror"]);
    if let Some(inc) = include_dir() {
        cmd.arg("-I").arg(inc);
    }
    let out = cmd
        .arg(&file)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cc}: {e}"));
    let _ = std::fs::remove_dir_all(&dir);
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

#[test]
fn declarations_compile_against_the_header() {
    let src = checker(&rust_decls(RUST_SRC));
    if let Err(e) = compile(&src, "ok") {
        panic!("Rust declarations differ from memview.h:\n{e}\n--- checker ---\n{src}");
    }
}

#[test]
fn checker_detects_a_wrong_signature_and_a_wrong_constant() {
    // The same pipeline must reject a mistranslated declaration: mv_slice with an int step.
    let bad = RUST_SRC.replacen(
        "step: isize,\n    ) -> c_int;",
        "step: c_int,\n    ) -> c_int;",
        1,
    );
    assert_ne!(bad, RUST_SRC, "mutation did not apply");
    let e = compile(&checker(&rust_decls(&bad)), "badsig").unwrap_err();
    assert!(e.contains("signature of mv_slice"), "{e}");
    let bad = checker(&rust_decls(RUST_SRC)).replace("(MV_EINDEX) == -3LL", "(MV_EINDEX) == -4LL");
    let e = compile(&bad, "badconst").unwrap_err();
    assert!(e.contains("value of MV_EINDEX"), "{e}");
}

#[test]
fn nothing_in_the_header_is_missing_and_nothing_extra() {
    let h = header_decls(&header_text());
    let r = rust_decls(RUST_SRC);
    let rust_fns: BTreeSet<String> = r.fns.iter().map(|f| f.0.clone()).collect();
    assert_eq!(rust_fns, h.fns, "functions differ");
    // memview's own names match both ways; of the Arrow and DLPack specifications, which the
    // header reproduces in full, the crate declares what memview's functions use: each must
    // exist in the header (values, types and layouts are checked by the compiled checker).
    let ours = |n: &String| n.starts_with("mv_") || n.starts_with("MV_");
    let split = |set: &BTreeSet<String>| -> (BTreeSet<String>, BTreeSet<String>) {
        set.iter().cloned().partition(|n| ours(n))
    };
    let mut header_consts = h.object_macros.clone();
    header_consts.extend(h.enum_consts.iter().cloned());
    let ((rc, rf), (hc, hf)) = (split(&r.consts), split(&header_consts));
    assert_eq!(rc, hc, "constants differ");
    assert!(
        rf.is_subset(&hf),
        "foreign constants not in the header: {:?}",
        &rf - &hf
    );
    assert_eq!(
        r.const_fns, h.function_macros,
        "function-like macros differ"
    );
    let mut rust_types: BTreeSet<String> = r.types.iter().map(|t| t.0.clone()).collect();
    rust_types.extend(r.structs.iter().map(|s| s.0.clone()));
    let mut header_types = h.typedefs.clone();
    let text = strip_comments(&header_text());
    header_types.extend(
        ["ArrowSchema", "ArrowArray"]
            .into_iter()
            .filter(|t| text.contains(&format!("struct {t} {{")))
            .map(String::from),
    );
    let ((rt, rft), (ht, hft)) = (split(&rust_types), split(&header_types));
    assert_eq!(rt, ht, "types differ");
    assert!(
        rft.is_subset(&hft),
        "foreign types not in the header: {:?}",
        &rft - &hft
    );
    assert!(h.struct_fields.len() >= 4, "{:?}", h.struct_fields);
    for (name, fields) in &h.struct_fields {
        let rf = &r.structs.iter().find(|s| &s.0 == name).unwrap().1;
        let rn: Vec<&String> = rf.iter().map(|f| &f.0).collect();
        let hn: Vec<&String> = fields.iter().collect();
        assert_eq!(rn, hn, "fields of {name}");
    }
}

#[test]
fn string_and_initialiser_macros_match() {
    let h = strip_comments(&header_text());
    let line = h
        .lines()
        .find(|l| l.contains("#define MV_VERSION_STRING"))
        .unwrap();
    let s = line.split('"').nth(1).unwrap();
    assert_eq!(MV_VERSION_STRING.to_str().unwrap(), s);
    let init = h
        .lines()
        .find(|l| l.contains("#define MV_BUFFER_INFO_INIT"))
        .unwrap();
    let items: Vec<&str> = block_after(init, "{").split(',').map(str::trim).collect();
    assert_eq!(items.len(), 11);
    assert_eq!(items[0], "MV_BUFFER_INFO_VERSION");
    assert!(
        items[1..].iter().all(|i| *i == "NULL" || *i == "0"),
        "{items:?}"
    );
    let i = MV_BUFFER_INFO_INIT;
    assert_eq!(i.version, MV_BUFFER_INFO_VERSION);
    assert!(i.data.is_null() && i.format.is_null() && i.shape.is_null() && i.strides.is_null());
    assert!(i.ctx.is_null() && i.on_release.is_none() && i.suboffsets.is_null());
    assert_eq!((i.itemsize, i.ndim, i.readonly), (0, 0, 0));
}

#[test]
fn linked_library_is_the_declared_version() {
    let (mut a, mut b, mut c) = (-1, -1, -1);
    let s = unsafe { std::ffi::CStr::from_ptr(mv_version(&mut a, &mut b, &mut c)) };
    assert_eq!(
        (a, b, c),
        (MV_VERSION_MAJOR, MV_VERSION_MINOR, MV_VERSION_PATCH)
    );
    assert_eq!(s, MV_VERSION_STRING);
}
