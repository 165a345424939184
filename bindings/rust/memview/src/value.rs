//! `Value`: one unpacked field of an item, as `struct.unpack` gives it.
use std::fmt;

use memview_sys as sys;

use crate::error::{Error, ErrorCode, Result};

/// An empty `mv_value`, to fill in or to receive into.
pub(crate) const ZERO: sys::mv_value = sys::mv_value {
    kind: 0,
    code: 0,
    i: 0,
    u: 0,
    f: 0.0,
    bytes: std::ptr::null(),
    len: 0,
};

/// An item's value: a scalar for one-field formats, a [`Value::Record`] for several (`">if"`).
///
/// 16 bytes: the numbers are held inline, the rarer bytes and records behind one `Box` each, so
/// that a [`View::to_list`](crate::View::to_list) of numbers writes (and later drops) half the
/// memory a `Vec` payload would make it. Build them with `.into()` (`Value::from(b"ab")`,
/// `Value::from(vec![Value::Int(1)])`); read them with [`Value::as_bytes`] and
/// [`Value::as_record`], or match and deref.
///
/// ```
/// use memview::Value;
/// let v = Value::from(b"ab");
/// assert_eq!(v, Value::Bytes(b"ab".to_vec().into()));
/// assert_eq!(v.as_bytes(), Some(&b"ab"[..]));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Signed integer formats `b h i l q n`.
    Int(i64),
    /// Unsigned integer formats `B H I L Q N P`.
    UInt(u64),
    /// Floating formats `e f d`.
    Float(f64),
    /// Format `?`.
    Bool(bool),
    /// Formats `c` (one byte), `s`, `p`.
    Bytes(Box<Vec<u8>>),
    /// The fields of a multi-field item, in format order.
    Record(Box<Vec<Value>>),
}

impl Value {
    /// The value as `i64` when it is an integer (or bool) that fits.
    pub fn as_i64(&self) -> Option<i64> {
        match *self {
            Value::Int(i) => Some(i),
            Value::UInt(u) => i64::try_from(u).ok(),
            Value::Bool(b) => Some(b as i64),
            _ => None,
        }
    }

    /// The value as `u64` when it is a non-negative integer (or bool).
    pub fn as_u64(&self) -> Option<u64> {
        match *self {
            Value::Int(i) => u64::try_from(i).ok(),
            Value::UInt(u) => Some(u),
            Value::Bool(b) => Some(b as u64),
            _ => None,
        }
    }

    /// The value as `f64` for any number.
    pub fn as_f64(&self) -> Option<f64> {
        match *self {
            Value::Int(i) => Some(i as f64),
            Value::UInt(u) => Some(u as f64),
            Value::Float(f) => Some(f),
            Value::Bool(b) => Some(b as u8 as f64),
            _ => None,
        }
    }

    /// The bytes of a `Bytes` value.
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match self {
            Value::Bytes(b) => Some(b),
            _ => None,
        }
    }

    /// The fields of a `Record` value.
    ///
    /// ```
    /// let v = memview::Value::from(vec![memview::Value::Int(42), memview::Value::Float(3.5)]);
    /// assert_eq!(v.as_record().map(|f| f[1].as_f64()), Some(Some(3.5)));
    /// assert_eq!(memview::Value::Int(1).as_record(), None);
    /// ```
    pub fn as_record(&self) -> Option<&[Value]> {
        match self {
            Value::Record(fields) => Some(fields),
            _ => None,
        }
    }

    /// Reads one field as the library unpacked it (copying bytes out of the buffer).
    pub(crate) fn from_raw(v: &sys::mv_value) -> Result<Value> {
        Ok(match v.kind {
            sys::MV_KIND_INT => Value::Int(v.i),
            sys::MV_KIND_UINT => Value::UInt(v.u),
            sys::MV_KIND_FLOAT => Value::Float(v.f),
            sys::MV_KIND_BOOL => Value::Bool(v.i != 0),
            sys::MV_KIND_BYTES if v.len == 0 => Value::Bytes(Box::default()),
            sys::MV_KIND_BYTES => {
                // SAFETY: len bytes inside the view's buffer, alive while the view is.
                let b = unsafe { std::slice::from_raw_parts(v.bytes.cast(), v.len) };
                Value::Bytes(Box::new(b.to_vec()))
            }
            k => {
                return Err(Error::new(
                    ErrorCode::Internal,
                    format!("memview returned a value of unknown kind {k}"),
                ))
            }
        })
    }

    /// The fields to pass to `mv_set` (bytes borrowed from `self`).
    pub(crate) fn to_raw(&self, out: &mut Vec<sys::mv_value>, nested: bool) -> Result<()> {
        let mut v = ZERO;
        match self {
            Value::Int(i) => (v.kind, v.i) = (sys::MV_KIND_INT, *i),
            Value::UInt(u) => (v.kind, v.u) = (sys::MV_KIND_UINT, *u),
            Value::Float(f) => (v.kind, v.f) = (sys::MV_KIND_FLOAT, *f),
            Value::Bool(b) => (v.kind, v.i) = (sys::MV_KIND_BOOL, *b as i64),
            Value::Bytes(b) => {
                (v.kind, v.bytes, v.len) = (sys::MV_KIND_BYTES, b.as_ptr().cast(), b.len())
            }
            Value::Record(fields) if !nested => {
                for f in fields.iter() {
                    f.to_raw(out, true)?;
                }
                return Ok(());
            }
            Value::Record(_) => {
                return Err(Error::new(
                    ErrorCode::Type,
                    "a record field cannot itself be a record",
                ))
            }
        }
        out.push(v);
        Ok(())
    }
}

/// Python-like text: `42`, `3.14`, `True`, `b'ab\x00'`, `(42, 3.14)`.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Int(i) => write!(f, "{i}"),
            Value::UInt(u) => write!(f, "{u}"),
            Value::Float(x) => write!(f, "{x:?}"),
            Value::Bool(b) => f.write_str(if *b { "True" } else { "False" }),
            Value::Bytes(b) => write!(f, "b'{}'", b.escape_ascii()),
            Value::Record(fields) => {
                f.write_str("(")?;
                for (i, v) in fields.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{v}")?;
                }
                f.write_str(if fields.len() == 1 { ",)" } else { ")" })
            }
        }
    }
}

macro_rules! from_int {
    ($variant:ident as $wide:ty: $($t:ty),*) => {$(
        impl From<$t> for Value {
            fn from(x: $t) -> Value {
                Value::$variant(x as $wide)
            }
        }
    )*};
}
from_int!(Int as i64: i8, i16, i32, i64, isize);
from_int!(UInt as u64: u8, u16, u32, u64, usize);

impl From<f32> for Value {
    fn from(x: f32) -> Value {
        Value::Float(x as f64)
    }
}
impl From<f64> for Value {
    fn from(x: f64) -> Value {
        Value::Float(x)
    }
}
impl From<bool> for Value {
    fn from(x: bool) -> Value {
        Value::Bool(x)
    }
}
impl From<&[u8]> for Value {
    fn from(x: &[u8]) -> Value {
        Value::Bytes(Box::new(x.to_vec()))
    }
}
impl<const N: usize> From<&[u8; N]> for Value {
    fn from(x: &[u8; N]) -> Value {
        Value::Bytes(Box::new(x.to_vec()))
    }
}
impl From<Vec<u8>> for Value {
    fn from(x: Vec<u8>) -> Value {
        Value::Bytes(Box::new(x))
    }
}
impl From<Vec<Value>> for Value {
    fn from(x: Vec<Value>) -> Value {
        Value::Record(Box::new(x))
    }
}
