//! Rust ranges as slice bounds.
//!
//! As in ndarray's `s![a..b; step]`, the range picks the items and the step walks them: a
//! negative step walks `a..b` backwards (`(0..5, -2)` gives 4, 2, 0). Bounds may be negative,
//! counting from the end, and are clamped, as in Python. Python's own `v[start:stop:step]`
//! (where a negative step starts at `start`) is [`Slice::py`] / [`View::slice_py`].
//!
//! The core does all clamping and stride arithmetic; a negative step is two core slices
//! (`[a:b]`, then `[::step]`), so nothing here computes positions.
//!
//! [`View::slice_py`]: crate::View::slice_py
use std::ops::{
    Bound, Range, RangeBounds, RangeFrom, RangeFull, RangeInclusive, RangeTo, RangeToInclusive,
};

use memview_sys as sys;

/// One dimension's slice for [`View::slice_nd`](crate::View::slice_nd): a Rust range plus a
/// step, e.g. `Slice::new(1..5, 2)`, `Slice::new(.., -1)`, or `Slice::from(2..)` (step 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Slice {
    /// Python bounds of the range (walked forwards).
    range: sys::mv_range,
    /// Walk the picked items backwards with this (negative) step afterwards.
    reverse: Option<isize>,
}

impl Slice {
    /// The items of `range`, every `step`-th one; a negative step walks them backwards.
    pub fn new<R: RangeBounds<isize>>(range: R, step: isize) -> Slice {
        let (start, stop) = bounds(&range);
        if step < 0 {
            Slice {
                range: sys::mv_range {
                    start,
                    stop,
                    step: 1,
                },
                reverse: Some(step),
            }
        } else {
            Slice {
                range: sys::mv_range { start, stop, step },
                reverse: None,
            }
        }
    }

    /// Python's `start:stop:step` exactly (`None` = omitted; a negative step starts at `start`).
    pub fn py(start: Option<isize>, stop: Option<isize>, step: isize) -> Slice {
        let b = |x: Option<isize>| x.map_or(sys::MV_NONE, explicit);
        Slice {
            range: sys::mv_range {
                start: b(start),
                stop: b(stop),
                step,
            },
            reverse: None,
        }
    }

    /// The whole dimension (`..` with step 1).
    pub fn full() -> Slice {
        Slice::new(.., 1)
    }

    /// The core range to apply first.
    pub(crate) fn first(&self) -> sys::mv_range {
        self.range
    }

    /// The core range to apply to the result of [`Slice::first`], if any.
    pub(crate) fn then(&self) -> Option<sys::mv_range> {
        self.reverse.map(|step| sys::mv_range {
            start: sys::MV_NONE,
            stop: sys::MV_NONE,
            step,
        })
    }
}

macro_rules! from_range {
    ($($t:ty),*) => {$(
        impl From<$t> for Slice {
            fn from(r: $t) -> Slice {
                Slice::new(r, 1)
            }
        }
    )*};
}
from_range!(
    Range<isize>,
    RangeFrom<isize>,
    RangeFull,
    RangeInclusive<isize>,
    RangeTo<isize>,
    RangeToInclusive<isize>
);

/// isize::MIN is MV_NONE in C; an explicit bound that small clamps exactly like MIN + 1.
fn explicit(v: isize) -> isize {
    v.max(isize::MIN + 1)
}

/// Python `(start, stop)` of a Rust range walked forwards; `MV_NONE` is an omitted bound.
/// `..=-1` and `Excluded(-1)..` would cross from "from the end" to "from the start" if moved by
/// one, so they become "to the end" and "empty" instead.
pub(crate) fn bounds<R: RangeBounds<isize>>(range: &R) -> (isize, isize) {
    let start = match range.start_bound() {
        Bound::Unbounded => sys::MV_NONE,
        Bound::Included(&a) => explicit(a),
        Bound::Excluded(&-1) => isize::MAX,
        Bound::Excluded(&a) => explicit(a.saturating_add(1)),
    };
    let stop = match range.end_bound() {
        Bound::Unbounded => sys::MV_NONE,
        Bound::Excluded(&b) => explicit(b),
        Bound::Included(&-1) | Bound::Included(&isize::MAX) => sys::MV_NONE,
        Bound::Included(&b) => b + 1,
    };
    (start, stop)
}

#[cfg(test)]
mod tests {
    use super::*;
    const N: isize = sys::MV_NONE;

    #[test]
    fn spellings() {
        assert_eq!(bounds(&(1..5)), (1, 5));
        assert_eq!(bounds(&(..)), (N, N));
        assert_eq!(bounds(&(2..)), (2, N));
        assert_eq!(bounds(&(..3)), (N, 3));
        assert_eq!(bounds(&(1..=3)), (1, 4));
        assert_eq!(bounds(&(..=-1)), (N, N));
        assert_eq!(bounds(&(..=-2)), (N, -1));
        assert_eq!(bounds(&(isize::MIN..)), (isize::MIN + 1, N));
        assert_eq!(bounds(&(..=isize::MAX)), (N, N));
        assert_eq!(
            bounds(&(Bound::Excluded(-1), Bound::Unbounded)),
            (isize::MAX, N)
        );
        assert_eq!(bounds(&(Bound::Excluded(2), Bound::Unbounded)), (3, N));
        let s = Slice::new(1..4, -2);
        assert_eq!(
            s.first(),
            sys::mv_range {
                start: 1,
                stop: 4,
                step: 1
            }
        );
        assert_eq!(
            s.then(),
            Some(sys::mv_range {
                start: N,
                stop: N,
                step: -2
            })
        );
        assert_eq!(Slice::py(Some(5), None, -1).then(), None);
    }
}
