//! Amendments (变更): adding, changing or removing lines of a running contract from an effective
//! date, co-termed to the contract's end (PRODUCT.md, "Versions, contracts, amendments,
//! renewals").
//!
//! - Remaining months: whole months from the effective date to the contract's end, a started
//!   month counted in full (`date::months_started`).
//! - Added and changed lines are priced on the current catalog for the remaining months, with the
//!   contract's term discount and the bundle discount of the contract's families after the
//!   change. Unchanged lines keep their contracted net prices.
//! - A removed line stops from the effective date, with the policy's early-termination charge:
//!   `early_termination_bp` of its contracted net MRC × the remaining months, rounded once.
//! - The amendment's TCV = Σ over added and changed lines (net MRC × remaining months + net NRC),
//!   plus the early-termination charges. Authority is judged on the amendment's lines (each added or
//!   changed line's effective discount over the remaining months) and on that TCV, as for a
//!   proposal (`authority`); a net price below the cost floor is refused.
//!
//! The app starts one with [`start`], edits its lines like a proposal's, prices it with
//! [`price`] on the catalog and policy in force, judges its approvals on the result's
//! `authority`, and, once the customer signs, [`accept`]s it into the contract.

use crate::authority::{self, Authority, LineAuthority, LineView};
use crate::catalog::{Catalog, Offering};
use crate::contract::{Contract, ContractLine, Day, Monthly, Step};
use crate::date;
use crate::diff::{changed_fields, Change};
use crate::end_of_sale;
use crate::headroom::Headroom;
use crate::money::{apply_rate, div_round, to_fen, Bp, Fen, FULL};
use crate::policy::Policy;
use crate::pricing::{self, Priced, PricedLine, Totals};
use crate::quote::{AtRisk, Line, Quote};
use crate::rules::Finding;
use crate::text::Text;
use crate::waterfall::{
    effective_discount, margin_bp, price_line, tax_of, Amounts, Terms, Waterfall,
};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// An amendment being prepared: the contract's lines as they are to be from the effective date.
/// A contract line kept as it is stays unchanged; one with the same id but another offering,
/// options, quantity, discount or site is changed; a new id is added; a contract line left out
/// is removed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Amendment {
    /// The day the change takes effect, `YYYY-MM-DD`.
    pub effective: String,
    pub lines: Vec<Line>,
    /// The authority level id of the person pricing it.
    pub role: String,
    #[serde(default)]
    pub at_risk: AtRisk,
}

/// An amendment starting on `effective` that changes nothing yet: the contract's lines, priced
/// by the role and at-risk flag of the accepted proposal.
pub fn start(contract: &Contract, effective: &str) -> Amendment {
    Amendment {
        effective: effective.to_string(),
        lines: contract.lines.iter().map(|l| l.line.clone()).collect(),
        role: contract.accepted.role.clone(),
        at_risk: contract.accepted.at_risk.clone(),
    }
}

/// The amendment as a proposal: the accepted proposal's customer and term with the amendment's
/// lines, role and at-risk flag. Its line indexes are the priced amendment's, so the app words
/// the authority's reasons with `authority::describe` on it, and lists its findings.
pub fn proposal(contract: &Contract, amendment: &Amendment) -> Quote {
    Quote {
        lines: amendment.lines.clone(),
        role: amendment.role.clone(),
        at_risk: amendment.at_risk.clone(),
        ..contract.accepted.clone()
    }
}

/// A quote that amends a contract from a date: the contract as it stood when the amendment
/// began, and the effective date. The quote's lines are the amendment's ([`Amends::of`]). A quote
/// file carries it (`quote_file::AfterSale`), so the approver prices the amendment as the seller
/// does and the library reopens it as an amendment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Amends {
    pub contract: Contract,
    /// The day the change takes effect, `YYYY-MM-DD`.
    pub effective: String,
}

impl Amends {
    /// The contract as the amendment sees it: with the customer as on the quote, so a site added
    /// for the new lines exists (sites and contacts are the customer's, not contract terms).
    pub fn contract_for(&self, q: &Quote) -> Contract {
        let mut c = self.contract.clone();
        c.accepted.customer = q.customer.clone();
        c
    }

    /// The amendment the quote's lines make.
    pub fn of(&self, q: &Quote) -> Amendment {
        Amendment {
            effective: self.effective.clone(),
            lines: q.lines.clone(),
            role: q.role.clone(),
            at_risk: q.at_risk.clone(),
        }
    }

    /// The amendment `q` makes, priced ([`price`]).
    pub fn price(
        &self,
        q: &Quote,
        catalog: &Catalog,
        policy: &Policy,
    ) -> Result<PricedAmendment, Text> {
        price(&self.contract_for(q), catalog, policy, &self.of(q))
    }

    /// What the approvals of `q` are judged on and bind ([`judged`]).
    pub fn judged(&self, q: &Quote, catalog: &Catalog, policy: &Policy) -> Result<Priced, Text> {
        let priced = self.price(q, catalog, policy)?;
        Ok(judged(&priced, &self.of(q), &self.contract.currency))
    }
}

/// One line of a priced amendment, parallel to the amendment's line of the same index.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AmendedLine {
    pub line_id: String,
    pub offering: String,
    pub family: String,
    /// Empty: unchanged; `[Added]`; else the fields changed.
    pub changes: Vec<Change>,
    /// The contracted net MRC before the amendment (none: added).
    pub before_mrc: Option<Fen>,
    pub rate_bp: Bp,
    pub unit_list_mrc: Fen,
    pub term_bp: Bp,
    pub bundle_bp: Bp,
    pub requested_bp: Bp,
    /// The net MRC from the effective date, tax-exclusive and tax-inclusive.
    pub net_mrc: Fen,
    pub gross_mrc: Fen,
    /// What the amendment charges for the line: net MRC × remaining months + net NRC (all zero
    /// for an unchanged line), its list amounts and their tax.
    pub charge: Amounts,
    pub list: Amounts,
    pub tax: Amounts,
    /// The cost floor over the remaining months (seller only).
    pub cost: Amounts,
    /// 1 − charge / list over the remaining months, in bp, rounded up.
    pub effective_bp: Bp,
    pub authority: LineAuthority,
}

impl AmendedLine {
    pub fn is_unchanged(&self) -> bool {
        self.changes.is_empty()
    }
}

/// A contract line the amendment removes, and its early-termination charge.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemovedLine {
    pub line_id: String,
    pub offering: String,
    /// Its contracted net MRC, which stops from the effective date.
    pub net_mrc: Fen,
    pub gross_mrc: Fen,
    /// The policy's early-termination charge: its share of net MRC × remaining months.
    pub early_termination: Fen,
}

/// A priced amendment: the changes, their charges for the remaining months, the contract's new
/// monthly total and the authority it needs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PricedAmendment {
    pub effective: String,
    pub remaining_months: u32,
    /// The catalog version the added and changed lines are priced on.
    pub catalog_version: String,
    pub term_bp: Bp,
    pub bundle_bp: Bp,
    /// The contract's product families after the change (lines with a quantity).
    pub families: u32,
    pub lines: Vec<AmendedLine>,
    pub removed: Vec<RemovedLine>,
    /// Σ over the added and changed lines' charges (net, and their tax).
    pub charges: Amounts,
    pub charges_tax: Amounts,
    /// Σ early-termination charges.
    pub early_termination: Fen,
    /// The amendment's TCV: the charges' TCV + the early-termination charges.
    pub tcv: Fen,
    pub monthly_before: Monthly,
    pub monthly_after: Monthly,
    pub authority: Authority,
    /// The configuration rules and line checks that touch an added or changed line, and an added
    /// offering no longer sold that the contract does not hold; errors block the amendment.
    pub findings: Vec<Finding>,
}

impl PricedAmendment {
    /// Whether it needs an approval (or cannot be approved): beyond the role's own authority.
    pub fn needs_approval(&self) -> bool {
        !self.authority.within_role()
    }

    /// Whether it changes nothing.
    pub fn is_empty(&self) -> bool {
        self.removed.is_empty() && self.lines.iter().all(AmendedLine::is_unchanged)
    }

    pub fn blocked(&self) -> bool {
        self.findings.iter().any(Finding::is_error)
    }
}

/// Prices `amendment` of `contract` on the catalog and policy in force. Refused, saying why, when
/// the effective date is not a valid date or not within the contract (on or after its start,
/// before its end), two lines share an id, or a changed or added line's offering is not in the
/// catalog.
pub fn price(
    contract: &Contract,
    catalog: &Catalog,
    policy: &Policy,
    amendment: &Amendment,
) -> Result<PricedAmendment, Text> {
    let effective = amendment.effective.as_str();
    Day::Effective.within(effective, contract)?;
    let remaining = date::months_started(effective, &contract.end).unwrap_or(0);
    let mut ids = BTreeSet::new();
    for (i, l) in amendment.lines.iter().enumerate() {
        if !ids.insert(l.id.as_str()) {
            return Err(Text::new(
                format!("第 {} 行的行号「{}」重复", i + 1, l.id),
                format!("Line {} repeats the line id '{}'", i + 1, l.id),
            ));
        }
    }
    let old: BTreeMap<&str, &ContractLine> = contract
        .lines
        .iter()
        .map(|l| (l.line.id.as_str(), l))
        .collect();
    // Each line's changes, its contract line and, when added or changed, its offering now.
    let mut plan: Vec<Planned> = Vec::with_capacity(amendment.lines.len());
    for (i, line) in amendment.lines.iter().enumerate() {
        let before = old.get(line.id.as_str()).copied();
        let changes = match before {
            None => vec![Change::Added],
            Some(b) => changed_fields(&b.line, line),
        };
        let offering = if changes.is_empty() {
            None
        } else {
            let Some(o) = catalog.offering(&line.offering) else {
                return Err(Text::new(
                    format!(
                        "第 {} 行的产品「{}」不在当前产品目录中",
                        i + 1,
                        line.offering
                    ),
                    format!(
                        "Line {}: offering '{}' is not in the current catalog",
                        i + 1,
                        line.offering
                    ),
                ));
            };
            Some(o)
        };
        plan.push(Planned {
            line,
            before,
            changes,
            offering,
        });
    }
    let families: BTreeSet<&str> = plan
        .iter()
        .filter(|p| p.line.quantity > 0)
        .map(|p| family_of(p.before, p.offering))
        .collect();
    let terms = Terms {
        months: remaining,
        term_bp: contract.term_bp,
        bundle_bp: policy.bundle_discount(families.len()),
    };
    let at_risk = amendment.at_risk.in_force();
    let role = policy.level_index(&amendment.role).unwrap_or(0);
    let held: BTreeSet<&str> = contract
        .lines
        .iter()
        .map(|l| l.line.offering.as_str())
        .collect();
    // The configuration rules and line checks, as for a proposal of the contract's lines after
    // the change; only what touches an added or changed line is the amendment's.
    let touched: BTreeSet<usize> = plan
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.changes.is_empty())
        .map(|(i, _)| i)
        .collect();
    let mut findings: Vec<Finding> =
        pricing::price(catalog, policy, &proposal(contract, amendment))
            .findings
            .into_iter()
            .filter(|f| f.lines.iter().any(|i| touched.contains(i)))
            .collect();
    let mut lines = Vec::with_capacity(plan.len());
    for (i, p) in plan.iter().enumerate() {
        let Planned {
            line,
            before,
            changes,
            offering,
        } = p;
        let Some(offering) = offering else {
            // Unchanged: a contract line, kept at its contracted prices.
            lines.extend(before.map(unchanged));
            continue;
        };
        let family = offering.family.as_str();
        if !held.contains(offering.id.as_str()) {
            if let Some(r) = end_of_sale::retired(catalog, &offering.id, effective) {
                findings.push(end_of_sale::finding(catalog, &r, i));
            }
        }
        let requested = line.discount_bp.clamp(0, FULL);
        let a = price_line(offering, line, terms, requested);
        let rate_bp = policy
            .tax_class(&offering.tax_class)
            .map_or(0, |t| t.rate_bp);
        let net = a.net();
        let limit_at = |level: usize| policy.limit(level, family, at_risk);
        lines.push(AmendedLine {
            line_id: line.id.clone(),
            offering: offering.id.clone(),
            family: family.to_string(),
            changes: changes.clone(),
            before_mrc: before.map(|b| b.net_mrc),
            rate_bp,
            unit_list_mrc: a.unit_list_mrc,
            term_bp: terms.term_bp,
            bundle_bp: terms.bundle_bp,
            requested_bp: requested,
            net_mrc: net.mrc,
            gross_mrc: net.mrc.saturating_add(apply_rate(net.mrc, rate_bp)),
            charge: net,
            list: a.waterfall.list,
            tax: tax_of(&net, rate_bp, remaining),
            cost: a.cost,
            effective_bp: a.effective_bp,
            authority: authority::judge_line(
                policy,
                role,
                a.effective_bp,
                a.below_floor(),
                &limit_at,
            ),
        });
    }
    let kept: BTreeSet<&str> = amendment.lines.iter().map(|l| l.id.as_str()).collect();
    let share = policy.early_termination_bp.unwrap_or(0).clamp(0, FULL);
    let removed: Vec<RemovedLine> = contract
        .lines
        .iter()
        .filter(|l| !kept.contains(l.line.id.as_str()))
        .map(|l| RemovedLine {
            line_id: l.line.id.clone(),
            offering: l.line.offering.clone(),
            net_mrc: l.net_mrc,
            gross_mrc: l.gross_mrc(),
            early_termination: to_fen(div_round(
                l.net_mrc as i128 * i128::from(remaining) * share as i128,
                FULL as i128,
            )),
        })
        .collect();
    let mut charges = Amounts::default();
    let mut charges_tax = Amounts::default();
    for l in &lines {
        charges.add(&l.charge);
        charges_tax.add(&l.tax);
    }
    let early_termination = removed
        .iter()
        .fold(0, |s: Fen, r| s.saturating_add(r.early_termination));
    let tcv = charges.tcv.saturating_add(early_termination);
    let families_arc: Vec<Arc<str>> = lines.iter().map(|l| l.family.as_str().into()).collect();
    let views = lines.iter().zip(&families_arc).map(|(l, family)| LineView {
        family,
        effective_bp: l.effective_bp,
        net: &l.charge,
        cost: &l.cost,
        authority: &l.authority,
    });
    let authority = authority::judge_quote(policy, role, at_risk, views, tcv);
    Ok(PricedAmendment {
        effective: effective.to_string(),
        remaining_months: remaining,
        catalog_version: catalog.version.clone(),
        term_bp: terms.term_bp,
        bundle_bp: terms.bundle_bp,
        families: families.len() as u32,
        monthly_before: contract.monthly(),
        monthly_after: Monthly {
            net: lines
                .iter()
                .fold(0, |s: Fen, l| s.saturating_add(l.net_mrc)),
            gross: lines
                .iter()
                .fold(0, |s: Fen, l| s.saturating_add(l.gross_mrc)),
        },
        lines,
        removed,
        charges,
        charges_tax,
        early_termination,
        tcv,
        authority,
        findings,
    })
}

/// One line of an amendment, read against the contract: its contract line, what changed and,
/// when added or changed, its offering on the current catalog.
struct Planned<'a> {
    line: &'a Line,
    before: Option<&'a ContractLine>,
    changes: Vec<Change>,
    offering: Option<&'a Offering>,
}

/// A line's family after the change: its offering's now, or, unchanged, its contracted family.
fn family_of<'a>(before: Option<&'a ContractLine>, offering: Option<&'a Offering>) -> &'a str {
    match (offering, before) {
        (Some(o), _) => &o.family,
        (None, Some(b)) => &b.family,
        (None, None) => "",
    }
}

/// An unchanged line: its contracted prices, nothing charged.
fn unchanged(b: &ContractLine) -> AmendedLine {
    AmendedLine {
        line_id: b.line.id.clone(),
        offering: b.line.offering.clone(),
        family: b.family.clone(),
        before_mrc: Some(b.net_mrc),
        rate_bp: b.rate_bp,
        unit_list_mrc: b.unit_list_mrc,
        term_bp: b.term_bp,
        bundle_bp: b.bundle_bp,
        requested_bp: b.requested_bp,
        net_mrc: b.net_mrc,
        gross_mrc: b.gross_mrc(),
        ..AmendedLine::default()
    }
}

/// The contract once the customer has signed `amendment` on `signed`: added and changed lines at
/// their amended prices from the effective date, unchanged lines as they were, removed lines
/// gone, and the step recorded. Refused when `priced` is not this amendment's price on this
/// contract as it stands, or is blocked or below the cost floor. The approvals it needs are the
/// app's to verify first (`priced.authority`), as for a proposal.
pub fn accept(
    contract: &Contract,
    amendment: &Amendment,
    priced: &PricedAmendment,
    signed: &str,
) -> Result<Contract, Text> {
    let same = priced.effective == amendment.effective
        && priced.monthly_before == contract.monthly()
        && priced.lines.len() == amendment.lines.len()
        && priced
            .lines
            .iter()
            .zip(&amendment.lines)
            .all(|(p, l)| p.line_id == l.id);
    if !same {
        return Err(Text::new(
            "变更的价格结果与本变更或合同现状不一致，请重新计算",
            "The priced amendment is not this amendment on the contract as it stands; price it again",
        ));
    }
    Day::Signed.parse(signed)?;
    if priced.blocked() || priced.authority.refused {
        return Err(Text::new(
            "变更有阻止性问题或低于成本底价，不能生效",
            "The amendment has blocking findings or a price below the cost floor; it cannot take effect",
        ));
    }
    let mut next = contract.clone();
    let (mut added, mut changed) = (Vec::new(), Vec::new());
    next.lines = amendment
        .lines
        .iter()
        .zip(&priced.lines)
        .map(|(line, p)| {
            if p.is_unchanged() {
                if let Some(kept) = contract.line(&line.id) {
                    return kept.clone();
                }
            }
            if p.changes == [Change::Added] {
                added.push(line.id.clone());
            } else {
                changed.push(line.id.clone());
            }
            ContractLine {
                line: line.clone(),
                family: p.family.clone(),
                rate_bp: p.rate_bp,
                unit_list_mrc: p.unit_list_mrc,
                term_bp: p.term_bp,
                bundle_bp: p.bundle_bp,
                requested_bp: p.requested_bp,
                net_mrc: p.net_mrc,
                net_nrc: p.charge.nrc,
                since: priced.effective.clone(),
                catalog_version: priced.catalog_version.clone(),
            }
        })
        .collect();
    next.steps.push(Step::Amended {
        effective: priced.effective.clone(),
        signed: signed.to_string(),
        added,
        changed,
        removed: priced.removed.iter().map(|r| r.line_id.clone()).collect(),
        tcv: priced.tcv,
        monthly_before: priced.monthly_before,
        monthly_after: next.monthly(),
    });
    Ok(next)
}

/// The amendment as its approvals see it: a [`Priced`] parallel to the amendment's lines (an
/// unchanged line charges nothing and needs no level), its term the remaining months, its lines'
/// net amounts their charges, its TCV the amendment's (the early-termination charges included),
/// its authority the amendment's. The verdict judges this, and an approval binds it
/// (`approval::priced_digest`) with the amendment's version, so an approval of the whole
/// proposal, or of another amendment, does not verify for it. An amendment that changes nothing
/// needs no level.
pub fn judged(priced: &PricedAmendment, amendment: &Amendment, currency: &str) -> Priced {
    let months = priced.remaining_months;
    let mut totals = Totals::default();
    let lines: Vec<PricedLine> = priced
        .lines
        .iter()
        .zip(&amendment.lines)
        .map(|(l, line)| {
            let gross = l.charge.plus(&l.tax);
            let margin = l.charge.tcv.saturating_sub(l.cost.tcv);
            totals.list.add(&l.list);
            totals.net.add(&l.charge);
            totals.tax.add(&l.tax);
            totals.gross.add(&gross);
            totals.cost.add(&l.cost);
            PricedLine {
                line_id: l.line_id.clone(),
                offering: l.offering.as_str().into(),
                family: l.family.as_str().into(),
                tax_class: "".into(),
                rate_bp: l.rate_bp,
                quantity: line.quantity,
                unit_list_mrc: l.unit_list_mrc,
                unit_list_nrc: 0,
                term_bp: l.term_bp,
                bundle_bp: l.bundle_bp,
                requested_bp: l.requested_bp,
                waterfall: Waterfall {
                    list: l.list,
                    after_requested: l.charge,
                    ..Waterfall::default()
                },
                net: l.charge,
                tax: l.tax,
                gross,
                cost: l.cost,
                margin,
                margin_bp: margin_bp(margin, l.charge.tcv),
                effective_bp: l.effective_bp,
                authority: l.authority,
                headroom: Headroom::default(),
                band: None,
            }
        })
        .collect();
    totals.net.tcv = priced.tcv;
    totals.margin = totals.net.tcv.saturating_sub(totals.cost.tcv);
    totals.margin_bp = margin_bp(totals.margin, totals.net.tcv);
    totals.effective_bp = effective_discount(&totals.list, &totals.net);
    Priced {
        currency: currency.to_string(),
        term_months: months,
        term_bp: priced.term_bp,
        bundle_bp: priced.bundle_bp,
        families: priced.families,
        lines,
        totals,
        taxes: Vec::new(),
        authority: priced.authority.clone(),
        findings: priced.findings.clone(),
    }
}
