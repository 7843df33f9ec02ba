//! One line's price waterfall, following the pricing contract in PRODUCT.md: list amounts from the
//! all-units tier and the chosen options, then the term, bundle and requested discounts, each step
//! computed exactly from the list amount and rounded once; the net amounts, their tax, the cost
//! floor, the margin and the effective discount. Authority, headroom and the whole quote build on
//! these.

use crate::catalog::Offering;
use crate::money::{apply_discounts, apply_rate, div_ceil, div_round, to_fen, Bp, Fen, FULL};
use crate::quote::Line;
use serde::{Deserialize, Serialize};

/// Monthly, one-time and total-contract amounts (TCV = MRC × term + NRC).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Amounts {
    pub mrc: Fen,
    pub nrc: Fen,
    pub tcv: Fen,
}

impl Amounts {
    pub fn new(mrc: Fen, nrc: Fen, term: u32) -> Self {
        Amounts {
            mrc,
            nrc,
            tcv: to_fen(mrc as i128 * term as i128 + nrc as i128),
        }
    }

    /// Adds `other` to these amounts, as totals add their rounded lines.
    pub(crate) fn add(&mut self, other: &Amounts) {
        self.mrc = self.mrc.saturating_add(other.mrc);
        self.nrc = self.nrc.saturating_add(other.nrc);
        self.tcv = self.tcv.saturating_add(other.tcv);
    }

    /// These amounts plus `other`.
    pub(crate) fn plus(mut self, other: &Amounts) -> Amounts {
        self.add(other);
        self
    }
}

/// A line's price waterfall: each step applies one more discount to the list amounts, computed
/// exactly from the list amount and rounded once; the last step is the net price.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Waterfall {
    pub list: Amounts,
    pub after_term: Amounts,
    pub after_bundle: Amounts,
    pub after_requested: Amounts,
}

/// The discounts and term a line is priced under.
#[derive(Clone, Copy, Debug)]
pub struct Terms {
    pub months: u32,
    pub term_bp: Bp,
    pub bundle_bp: Bp,
}

/// A line's amounts before tax, authority and headroom.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LineAmounts {
    pub unit_list_mrc: Fen,
    pub unit_list_nrc: Fen,
    pub waterfall: Waterfall,
    pub cost: Amounts,
    pub effective_bp: Bp,
}

impl LineAmounts {
    pub fn net(&self) -> Amounts {
        self.waterfall.after_requested
    }

    /// Net below the cost floor, on MRC or NRC.
    pub fn below_floor(&self) -> bool {
        below_floor(&self.net(), &self.cost)
    }
}

/// Net below the cost floor, on MRC or NRC.
pub(crate) fn below_floor(net: &Amounts, cost: &Amounts) -> bool {
    net.mrc < cost.mrc || net.nrc < cost.nrc
}

/// The net amounts of a line whose list amounts are `list`: term, bundle and requested discounts on
/// the MRC, the requested discount on the NRC, computed exactly and rounded once per amount.
pub(crate) fn net_of(list: &Amounts, terms: Terms, requested_bp: Bp) -> Amounts {
    Amounts::new(
        apply_discounts(list.mrc, &[terms.term_bp, terms.bundle_bp, requested_bp]),
        apply_discounts(list.nrc, &[requested_bp]),
        terms.months,
    )
}

/// Prices one line of `offering` at `requested_bp`.
pub fn price_line(offering: &Offering, line: &Line, terms: Terms, requested_bp: Bp) -> LineAmounts {
    let qty = line.quantity;
    let (mut opt_mrc, mut opt_nrc, mut opt_mrc_cost, mut opt_nrc_cost) =
        (0i128, 0i128, 0i128, 0i128);
    for group in &offering.options {
        if let Some(c) = group.in_force(&line.options) {
            opt_mrc += c.mrc as i128;
            opt_nrc += c.nrc as i128;
            opt_mrc_cost += c.mrc_cost as i128;
            opt_nrc_cost += c.nrc_cost as i128;
        }
    }
    let unit_list_mrc = to_fen(offering.base_unit_mrc(qty) as i128 + opt_mrc);
    let unit_list_nrc = to_fen(offering.nrc as i128 + opt_nrc);
    let q = qty as i128;
    let list_mrc = to_fen(unit_list_mrc as i128 * q);
    let list_nrc = to_fen(unit_list_nrc as i128 * q);
    let m = terms.months;
    let step = |mrc_discounts: &[Bp], nrc_discounts: &[Bp]| {
        Amounts::new(
            apply_discounts(list_mrc, mrc_discounts),
            apply_discounts(list_nrc, nrc_discounts),
            m,
        )
    };
    let list = Amounts::new(list_mrc, list_nrc, m);
    let waterfall = Waterfall {
        list,
        after_term: step(&[terms.term_bp], &[]),
        after_bundle: step(&[terms.term_bp, terms.bundle_bp], &[]),
        after_requested: net_of(&list, terms, requested_bp),
    };
    let cost = Amounts::new(
        to_fen((offering.mrc_cost as i128 + opt_mrc_cost) * q),
        to_fen((offering.nrc_cost as i128 + opt_nrc_cost) * q),
        m,
    );
    LineAmounts {
        unit_list_mrc,
        unit_list_nrc,
        waterfall,
        cost,
        effective_bp: effective_discount(&waterfall.list, &waterfall.after_requested),
    }
}

/// 1 − net TCV / list TCV in bp, rounded up (toward the larger discount).
pub fn effective_discount(list: &Amounts, net: &Amounts) -> Bp {
    if list.tcv <= 0 {
        return 0;
    }
    let num = (list.tcv as i128 - net.tcv as i128) * FULL as i128;
    to_fen(div_ceil(num, list.tcv as i128))
}

/// The tax on `net` at `rate_bp`, rounded once per amount.
pub(crate) fn tax_of(net: &Amounts, rate_bp: Bp, months: u32) -> Amounts {
    Amounts::new(
        apply_rate(net.mrc, rate_bp),
        apply_rate(net.nrc, rate_bp),
        months,
    )
}

/// A margin as a share of the net TCV, in bp, rounded half away from zero (0 for no net TCV).
pub(crate) fn margin_bp(margin: Fen, net_tcv: Fen) -> Bp {
    if net_tcv == 0 {
        0
    } else {
        to_fen(div_round(margin as i128 * FULL as i128, net_tcv as i128))
    }
}
