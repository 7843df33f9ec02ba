//! Renewals (续约): the same solution priced on the catalog current at renewal for a term chosen
//! anew, starting on the old contract's end. [`proposal`] makes the renewal proposal, an
//! ordinary quote (priced, judged, pre-authorised and approved as usual); [`compare`] sets each
//! of its lines beside the contract's: old and new net MRC, and why they differ (list price,
//! term, bundle, discount). An offering no longer sold is flagged with its successor, and
//! [`switch_to_successor`] is the one click that replaces it.

use crate::catalog::Catalog;
use crate::contract::{Contract, Monthly};
use crate::date;
use crate::end_of_sale::{self, Retired};
use crate::money::{format_percent, format_yuan, Bp, Fen};
use crate::policy::Policy;
use crate::pricing::Priced;
use crate::quote::{Line, Quote};
use crate::text::Text;
use serde::{Deserialize, Serialize};

/// The renewal proposal of `contract`: its customer and lines in force, on the current catalog
/// and policy, for `term_months`, made on `today` with the new `id` (a new lineage).
pub fn proposal(
    contract: &Contract,
    catalog: &Catalog,
    policy: &Policy,
    term_months: u32,
    id: &str,
    today: &str,
) -> Quote {
    Quote {
        id: id.to_string(),
        version: 1,
        lineage: String::new(),
        handed_over: None,
        date: today.to_string(),
        catalog_version: catalog.version.clone(),
        policy_version: policy.version.clone(),
        term_months,
        lines: contract.lines.iter().map(|l| l.line.clone()).collect(),
        ..contract.accepted.clone()
    }
}

/// Why a line's net MRC differs at renewal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Why {
    /// The unit list MRC moved (the catalog's price, a tier, the options or the quantity).
    ListPrice { before: Fen, after: Fen },
    /// The contract-term discount moved with the new term.
    Term { before: Bp, after: Bp },
    /// The bundle discount moved with the solution's families.
    Bundle { before: Bp, after: Bp },
    /// The requested discount moved.
    Discount { before: Bp, after: Bp },
}

impl Why {
    /// The reason in words, with its two figures.
    pub fn text(&self) -> Text {
        let pct = |b: &Bp| format_percent(*b);
        match self {
            Why::ListPrice { before, after } => Text::new(
                format!(
                    "目录单价 ¥{} → ¥{}",
                    format_yuan(*before),
                    format_yuan(*after)
                ),
                format!(
                    "List price ¥{} → ¥{}",
                    format_yuan(*before),
                    format_yuan(*after)
                ),
            ),
            Why::Term { before, after } => Text::new(
                format!("合同期折扣 {} → {}", pct(before), pct(after)),
                format!("Term discount {} → {}", pct(before), pct(after)),
            ),
            Why::Bundle { before, after } => Text::new(
                format!("组合折扣 {} → {}", pct(before), pct(after)),
                format!("Bundle discount {} → {}", pct(before), pct(after)),
            ),
            Why::Discount { before, after } => Text::new(
                format!("申请折扣 {} → {}", pct(before), pct(after)),
                format!("Requested discount {} → {}", pct(before), pct(after)),
            ),
        }
    }
}

/// One line of the renewal beside the contract's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenewedLine {
    pub line_id: String,
    pub offering: String,
    /// The contracted net MRC (none: a line the contract does not hold).
    pub before_mrc: Option<Fen>,
    pub after_mrc: Fen,
    /// `after − before` (the whole new MRC for a new line).
    pub delta_mrc: Fen,
    /// Why they differ; empty when nothing moved.
    pub why: Vec<Why>,
    /// No longer sold at renewal, with its successor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retired: Option<Retired>,
}

/// The renewal set beside the contract.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Renewal {
    /// The new term's first day: the old contract's end.
    pub start: String,
    /// The new term's end (none: a date out of range).
    pub end: Option<String>,
    pub term_months: u32,
    pub lines: Vec<RenewedLine>,
    pub monthly_before: Monthly,
    pub monthly_after: Monthly,
}

impl Renewal {
    /// The lines on an offering no longer sold.
    pub fn retired(&self) -> impl Iterator<Item = &RenewedLine> {
        self.lines.iter().filter(|l| l.retired.is_some())
    }
}

/// The renewal proposal `quote` (priced as `priced` on `catalog`) beside `contract`, on `today`.
/// An offering is flagged when it is no longer sold on today or on the renewal's start.
pub fn compare(
    contract: &Contract,
    catalog: &Catalog,
    quote: &Quote,
    priced: &Priced,
    today: &str,
) -> Renewal {
    let lines = quote
        .lines
        .iter()
        .zip(&priced.lines)
        .map(|(line, p)| {
            let before = contract.line(&line.id);
            let mut why = Vec::new();
            if let Some(b) = before {
                for (moved, w) in [
                    (
                        b.unit_list_mrc != p.unit_list_mrc,
                        Why::ListPrice {
                            before: b.unit_list_mrc,
                            after: p.unit_list_mrc,
                        },
                    ),
                    (
                        b.term_bp != p.term_bp,
                        Why::Term {
                            before: b.term_bp,
                            after: p.term_bp,
                        },
                    ),
                    (
                        b.bundle_bp != p.bundle_bp,
                        Why::Bundle {
                            before: b.bundle_bp,
                            after: p.bundle_bp,
                        },
                    ),
                    (
                        b.requested_bp != p.requested_bp,
                        Why::Discount {
                            before: b.requested_bp,
                            after: p.requested_bp,
                        },
                    ),
                ] {
                    if moved {
                        why.push(w);
                    }
                }
            }
            let retired = end_of_sale::retired(catalog, &line.offering, today)
                .or_else(|| end_of_sale::retired(catalog, &line.offering, &contract.end));
            let before_mrc = before.map(|b| b.net_mrc);
            RenewedLine {
                line_id: line.id.clone(),
                offering: line.offering.clone(),
                before_mrc,
                after_mrc: p.net.mrc,
                delta_mrc: p.net.mrc.saturating_sub(before_mrc.unwrap_or(0)),
                why,
                retired,
            }
        })
        .collect();
    Renewal {
        start: contract.end.clone(),
        end: date::add_months(&contract.end, i64::from(quote.term_months)),
        term_months: quote.term_months,
        lines,
        monthly_before: contract.monthly(),
        monthly_after: Monthly {
            net: priced.totals.net.mrc,
            gross: priced.totals.gross.mrc,
        },
    }
}

/// `quote` with line `line_id`'s offering replaced by its successor, keeping the options the
/// successor also has (the same group and choice), the quantity, site and discount. `None` when
/// the line, its offering or its successor is not there.
pub fn switch_to_successor(quote: &Quote, catalog: &Catalog, line_id: &str) -> Option<Quote> {
    let at = quote.lines.iter().position(|l| l.id == line_id)?;
    let old = &quote.lines[at];
    let next_id = catalog.offering(&old.offering)?.successor.as_deref()?;
    let next = catalog.offering(next_id)?;
    let options = old
        .options
        .iter()
        .filter(|(g, c)| next.group(g).and_then(|g| g.choice(c)).is_some())
        .map(|(g, c)| (g.clone(), c.clone()))
        .collect();
    let mut switched = quote.clone();
    switched.lines[at] = Line {
        offering: next.id.clone(),
        options,
        ..old.clone()
    };
    Some(switched)
}
