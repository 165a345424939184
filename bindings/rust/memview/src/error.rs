//! The library's error codes as a Rust error type.
use std::ffi::CStr;
use std::fmt;

use memview_sys as sys;

/// What went wrong: one variant per `MV_E*` code of `memview.h`, plus [`ErrorCode::Shared`],
/// the one rule this binding adds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// `MV_EINVAL`: invalid argument (step 0, wrong number of indices, bad order, ...).
    InvalidArgument,
    /// `MV_EFORMAT`: unknown, malformed or unsupported format string.
    Format,
    /// `MV_EINDEX`: index out of range.
    Index,
    /// `MV_EREADONLY`: write through a read-only view.
    ReadOnly,
    /// `MV_ELAYOUT`: layout not allowed here (not contiguous, or formats/structures differ).
    Layout,
    /// `MV_ESIZE`: sizes do not match.
    Size,
    /// `MV_EOVERFLOW`: a size, count or offset computation overflows.
    Overflow,
    /// `MV_ENOMEM`: out of memory.
    NoMemory,
    /// `MV_ETYPE`: value of the wrong kind for the field's format.
    Type,
    /// `MV_EVALUE`: value out of range for the field's format.
    Value,
    /// `MV_EINTERNAL`: a bug in the library; the message says where.
    Internal,
    /// `MV_ESYS`: an operating-system call failed (shm_open, mmap, ...); the message names it.
    System,
    /// Not a library code: a write needs the only live [`View`](crate::View) handle of its
    /// buffer (as [`std::sync::Arc::get_mut`]), and other handles (clones, slices, casts) exist.
    Shared,
    /// A code this binding does not know (a newer library).
    Unknown(i32),
}

impl ErrorCode {
    /// The code for a negative return value of a memview call.
    pub fn from_raw(code: i32) -> ErrorCode {
        match code {
            sys::MV_EINVAL => ErrorCode::InvalidArgument,
            sys::MV_EFORMAT => ErrorCode::Format,
            sys::MV_EINDEX => ErrorCode::Index,
            sys::MV_EREADONLY => ErrorCode::ReadOnly,
            sys::MV_ELAYOUT => ErrorCode::Layout,
            sys::MV_ESIZE => ErrorCode::Size,
            sys::MV_EOVERFLOW => ErrorCode::Overflow,
            sys::MV_ENOMEM => ErrorCode::NoMemory,
            sys::MV_ETYPE => ErrorCode::Type,
            sys::MV_EVALUE => ErrorCode::Value,
            sys::MV_EINTERNAL => ErrorCode::Internal,
            sys::MV_ESYS => ErrorCode::System,
            other => ErrorCode::Unknown(other),
        }
    }
}

/// A failed memview operation: the library's code and its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    code: ErrorCode,
    message: String,
}

impl Error {
    /// The error kind.
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// The library's message (from `mv_errmsg`), e.g. naming the bad format character.
    pub fn message(&self) -> &str {
        &self.message
    }

    pub(crate) fn new(code: ErrorCode, message: impl Into<String>) -> Error {
        Error {
            code,
            message: message.into(),
        }
    }

    /// Reads this thread's `mv_errmsg` for the call that just returned `rc`; must run on the
    /// thread of the failing call, before any other memview call.
    #[cold]
    #[inline(never)]
    pub(crate) fn last(rc: i32) -> Error {
        // SAFETY: both return NUL-terminated strings owned by the library, never NULL.
        let msg = unsafe { CStr::from_ptr(sys::mv_errmsg()) }.to_string_lossy();
        let message = if msg.is_empty() {
            unsafe { CStr::from_ptr(sys::mv_strerror(rc)) }
                .to_string_lossy()
                .into_owned()
        } else {
            msg.into_owned()
        };
        unsafe { sys::mv_errclear() };
        Error::new(ErrorCode::from_raw(rc), message)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// `Result<T, memview::Error>`.
pub type Result<T> = std::result::Result<T, Error>;

/// Turns a memview return code into a `Result`, reading the message on failure.
#[inline]
pub(crate) fn check(rc: i32) -> Result<()> {
    if rc < 0 {
        Err(Error::last(rc))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_library_code_has_its_variant() {
        let all = [
            (sys::MV_EINVAL, ErrorCode::InvalidArgument),
            (sys::MV_EFORMAT, ErrorCode::Format),
            (sys::MV_EINDEX, ErrorCode::Index),
            (sys::MV_EREADONLY, ErrorCode::ReadOnly),
            (sys::MV_ELAYOUT, ErrorCode::Layout),
            (sys::MV_ESIZE, ErrorCode::Size),
            (sys::MV_EOVERFLOW, ErrorCode::Overflow),
            (sys::MV_ENOMEM, ErrorCode::NoMemory),
            (sys::MV_ETYPE, ErrorCode::Type),
            (sys::MV_EVALUE, ErrorCode::Value),
            (sys::MV_EINTERNAL, ErrorCode::Internal),
            (sys::MV_ESYS, ErrorCode::System),
        ];
        for (raw, code) in all {
            assert_eq!(ErrorCode::from_raw(raw), code);
        }
        assert_eq!(ErrorCode::from_raw(-99), ErrorCode::Unknown(-99));
    }

    #[test]
    fn without_a_message_the_code_is_described() {
        unsafe { sys::mv_errclear() };
        let e = Error::last(sys::MV_EINDEX);
        assert_eq!(e.code(), ErrorCode::Index);
        assert_eq!(e.message(), "index out of range");
        let e: Box<dyn std::error::Error> = Box::new(e);
        assert_eq!(e.to_string(), "index out of range");
    }
}
