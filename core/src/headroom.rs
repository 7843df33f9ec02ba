//! Headroom: the largest requested discount the current role may still give on its own authority
//! without crossing the cost floor, and the one the next level could give.

use crate::catalog::Offering;
use crate::money::{Bp, FULL};
use crate::policy::Policy;
use crate::pricing::{price_line, Terms};
use crate::quote::Line;
use serde::{Deserialize, Serialize};

/// The room left on a line, as requested discounts in bp. `None`: no requested discount at all
/// keeps the line within that level (term and bundle discounts or the floor already exceed it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Headroom {
    pub own: Option<Bp>,
    pub next: Option<Bp>,
}

/// The largest requested discount that keeps the line within `limit_bp` and at or above its
/// floor. Effective discount rises and net price falls as the requested discount rises, so a
/// binary search over 0..=100 % finds it.
pub fn max_requested(offering: &Offering, line: &Line, terms: Terms, limit_bp: Bp) -> Option<Bp> {
    let ok = |r: Bp| {
        let a = price_line(offering, line, terms, r);
        a.effective_bp <= limit_bp && !a.below_floor()
    };
    if !ok(0) {
        return None;
    }
    let (mut lo, mut hi) = (0, FULL);
    if ok(hi) {
        return Some(hi);
    }
    while hi - lo > 1 {
        let mid = (lo + hi) / 2;
        if ok(mid) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Some(lo)
}

/// The headroom of a line for `role` and the level above it.
pub fn of_line(
    offering: &Offering,
    line: &Line,
    terms: Terms,
    policy: &Policy,
    role: usize,
    limit_at: &dyn Fn(usize) -> Bp,
) -> Headroom {
    let next = role + 1;
    Headroom {
        own: max_requested(offering, line, terms, limit_at(role)),
        next: (next < policy.levels.len())
            .then(|| max_requested(offering, line, terms, limit_at(next)))
            .flatten(),
    }
}
