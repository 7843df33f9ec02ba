//! Headroom: the largest requested discount the current role may still give on its own authority
//! without crossing the cost floor, and the one the next level could give.

use crate::catalog::Offering;
use crate::money::{apply_discounts, div_ceil, div_round, Bp, Fen, FULL};
use crate::policy::Policy;
use crate::quote::Line;
use crate::waterfall::{
    below_floor, effective_discount, price_line, Amounts, LineAmounts, Terms, Waterfall,
};
use serde::{Deserialize, Serialize};

/// The room left on a line, as requested discounts in bp. `None`: no requested discount at all
/// keeps the line within that level (term and bundle discounts or the floor already exceed it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Headroom {
    pub own: Option<Bp>,
    pub next: Option<Bp>,
}

/// The largest requested discount that keeps the line within `limit_bp` and at or above its
/// floor.
pub fn max_requested(offering: &Offering, line: &Line, terms: Terms, limit_bp: Bp) -> Option<Bp> {
    let a = price_line(offering, line, terms, 0);
    max_requested_of(&a.waterfall, &a.cost, terms, limit_bp)
}

/// The largest requested discount in 0..=100 % that keeps a line of this waterfall (priced at any
/// requested discount: the list amounts and the term and bundle steps do not depend on it) and
/// cost floor within `limit_bp` and at or above the floor.
///
/// The effective discount rises and the net price falls as the requested discount rises (each net
/// amount is a rounded, non-increasing function of it), so "fits" holds up to one boundary and
/// never after it. The search starts from an integer estimate of that boundary (the exact answer
/// for unrounded amounts) and gallops then bisects from there: usually two or three probes instead
/// of the fourteen of a plain bisection, and the same answer, because a monotonic predicate has
/// only one boundary. Each probe prices the line exactly as [`price_line`] does.
fn max_requested_of(w: &Waterfall, cost: &Amounts, terms: Terms, limit_bp: Bp) -> Option<Bp> {
    let list = &w.list;
    let probe = Probe::new(list, terms);
    let fits = |r: Bp| {
        let net = probe.net(list, terms, r);
        probe.within(list, &net, limit_bp) && !below_floor(&net, cost)
    };
    let start = estimate(&w.after_bundle, list, cost, limit_bp);
    let (mut lo, mut hi);
    if fits(start) {
        // Gallop up to the first probe that does not fit.
        lo = start;
        let mut step = 1;
        loop {
            if lo == FULL {
                return Some(FULL);
            }
            let probe = (lo + step).min(FULL);
            if fits(probe) {
                lo = probe;
                step *= 2;
            } else {
                hi = probe;
                break;
            }
        }
    } else {
        // Gallop down to the first probe that fits; none at 0 means no room at all.
        hi = start;
        let mut step = 1;
        loop {
            if hi == 0 {
                return None;
            }
            let probe = (hi - step).max(0);
            if fits(probe) {
                lo = probe;
                break;
            }
            hi = probe;
            step *= 2;
        }
    }
    // fits(lo) and !fits(hi): bisect to the boundary.
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if fits(mid) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Some(lo)
}

/// One line's fixed quantities for pricing it at many requested discounts: the same results as
/// [`crate::waterfall::net_of`] and [`effective_discount`], with the term and bundle discounts
/// multiplied in once and 64-bit division by constants where the amounts allow it (they nearly
/// always do).
struct Probe {
    /// The list MRC × (F − term) × (F − bundle), when it is ≥ 0 and × F fits in a u64.
    mrc: Option<u64>,
    /// The list NRC, when it is ≥ 0 and × F fits in a u64.
    nrc: Option<u64>,
}

const F: u64 = FULL as u64;
const F3: u64 = F * F * F;

impl Probe {
    fn new(list: &Amounts, terms: Terms) -> Self {
        let keep = |d: Bp| (FULL - d.clamp(0, FULL)) as u128;
        let fits_u64 = |v: i128| u64::try_from(v).ok().filter(|v| v.checked_mul(F).is_some());
        let mrc = u128::try_from(list.mrc)
            .ok()
            .map(|m| m * keep(terms.term_bp) * keep(terms.bundle_bp))
            .and_then(|k| fits_u64(k as i128));
        Probe {
            mrc,
            nrc: fits_u64(list.nrc as i128),
        }
    }

    /// `waterfall::net_of(list, terms, r)` for `r` in 0..=F.
    #[inline]
    fn net(&self, list: &Amounts, terms: Terms, r: Bp) -> Amounts {
        let keep = F - r as u64;
        let mrc = match self.mrc {
            Some(k) => div_round(i128::from(k * keep), i128::from(F3)) as Fen,
            None => apply_discounts(list.mrc, &[terms.term_bp, terms.bundle_bp, r]),
        };
        let nrc = match self.nrc {
            Some(n) => div_round(i128::from(n * keep), i128::from(F)) as Fen,
            None => apply_discounts(list.nrc, &[r]),
        };
        Amounts::new(mrc, nrc, terms.months)
    }

    /// `effective_discount(list, net) <= limit`, without dividing: for a positive list TCV,
    /// ⌈(L − N) × F / L⌉ ≤ limit ⇔ (L − N) × F ≤ limit × L.
    fn within(&self, list: &Amounts, net: &Amounts, limit: Bp) -> bool {
        if list.tcv <= 0 || limit == Bp::MAX {
            return effective_discount(list, net) <= limit;
        }
        let lost = (list.tcv as i128 - net.tcv as i128) * FULL as i128;
        lost <= limit as i128 * list.tcv as i128
    }
}

/// Roughly where the boundary lies, from the net amounts at no requested discount (`at0`, the
/// waterfall's step after the bundle discount): the smallest share of them (in bp) that must be
/// kept to stay within the limit and at or above the floor, taken off 100 %. Only a starting point
/// for the search, so it need not be exact.
fn estimate(at0: &Amounts, list: &Amounts, cost: &Amounts, limit_bp: Bp) -> Bp {
    // ⌈num / have⌉ for positive amounts.
    let ceil = |num: i128, have: Fen| -> i128 {
        if have <= 0 || num <= 0 {
            0
        } else {
            div_ceil(num, have as i128)
        }
    };
    let f = FULL as i128;
    // Effective discount ≤ limit ⇔ net TCV ≥ list TCV × (F − limit) / F.
    let tcv_need = (list.tcv.max(0) as i128).saturating_mul(f.saturating_sub(limit_bp as i128));
    let keep = ceil(tcv_need, at0.tcv)
        .max(ceil((cost.mrc as i128).saturating_mul(f), at0.mrc))
        .max(ceil((cost.nrc as i128).saturating_mul(f), at0.nrc));
    (FULL as i128 - keep).clamp(0, FULL as i128) as Bp
}

/// The headroom of a line already priced (at any requested discount: list amounts and cost floor
/// do not depend on it) for `role` and the level above it.
pub(crate) fn of_amounts(
    a: &LineAmounts,
    terms: Terms,
    policy: &Policy,
    role: usize,
    limit_at: &dyn Fn(usize) -> Bp,
) -> Headroom {
    let next = role + 1;
    let (w, cost) = (&a.waterfall, &a.cost);
    Headroom {
        own: max_requested_of(w, cost, terms, limit_at(role)),
        next: (next < policy.levels.len())
            .then(|| max_requested_of(w, cost, terms, limit_at(next)))
            .flatten(),
    }
}
