//! Pricing a whole quote: one pure function of (catalog, policy, quote), following the pricing
//! contract in PRODUCT.md. It finds the term and bundle discounts, prices each line's waterfall
//! (`waterfall`), judges its authority and headroom, sums the totals from the rounded lines and
//! the taxes per class, and adds the verdict on the whole proposal and the rules' findings.

use crate::authority::{self, Authority, LineAuthority, LineView};
use crate::catalog::{Catalog, Offering, OfferingIndex};
use crate::guidance::{self, Band};
use crate::headroom::{self, Headroom};
use crate::money::{Bp, Fen, FULL};
use crate::policy::Policy;
use crate::quote::{Line, Quote};
use crate::rules::{self, Finding, Parts};
use crate::waterfall::{effective_discount, margin_bp, price_line, tax_of, Terms};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::sync::Arc;

/// The amounts a priced quote holds, defined with the line's waterfall.
pub use crate::waterfall::{Amounts, Waterfall};

/// One priced line, parallel to the quote's line of the same index.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PricedLine {
    pub line_id: String,
    /// The offering, family and tax class are shared with every line of the same offering in one
    /// pricing call (no copy per line); they serialise as plain strings.
    pub offering: Arc<str>,
    pub family: Arc<str>,
    pub tax_class: Arc<str>,
    pub rate_bp: Bp,
    pub quantity: u32,
    /// Unit list MRC: the tier's (or base) MRC plus the chosen options' surcharges.
    pub unit_list_mrc: Fen,
    /// Unit list NRC: base NRC plus the chosen options' surcharges.
    pub unit_list_nrc: Fen,
    pub term_bp: Bp,
    pub bundle_bp: Bp,
    pub requested_bp: Bp,
    pub waterfall: Waterfall,
    /// Net, tax-exclusive amounts (the waterfall's last step).
    pub net: Amounts,
    pub tax: Amounts,
    /// Tax-inclusive amounts.
    pub gross: Amounts,
    /// The cost floor: unit costs (offering and chosen options) × quantity.
    pub cost: Amounts,
    pub margin: Fen,
    pub margin_bp: Bp,
    /// 1 − net TCV / list TCV, in bp, rounded up so authority is never understated.
    pub effective_bp: Bp,
    pub authority: LineAuthority,
    pub headroom: Headroom,
    /// Where the effective discount sits against the policy's guidance, for the seller only
    /// (none: no guidance for the family, within the seller's authority).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub band: Option<Band>,
}

/// Amounts summed over a tax class.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxTotal {
    pub tax_class: Arc<str>,
    pub rate_bp: Bp,
    pub net: Amounts,
    pub tax: Amounts,
}

/// Quote totals: every figure the sum of its rounded lines.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub list: Amounts,
    pub net: Amounts,
    pub tax: Amounts,
    pub gross: Amounts,
    pub cost: Amounts,
    pub margin: Fen,
    pub margin_bp: Bp,
    pub effective_bp: Bp,
}

/// The priced quote: everything the app, the proposal and the approver look at.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Priced {
    pub currency: String,
    pub term_months: u32,
    pub term_bp: Bp,
    pub bundle_bp: Bp,
    /// How many product families the solution spans (drives the bundle discount).
    pub families: u32,
    pub lines: Vec<PricedLine>,
    pub totals: Totals,
    pub taxes: Vec<TaxTotal>,
    pub authority: Authority,
    /// Configuration-rule violations and quote problems; errors block the proposal.
    pub findings: Vec<Finding>,
}

impl Priced {
    /// Whether any finding is an error, which blocks the proposal.
    pub fn blocked(&self) -> bool {
        self.findings.iter().any(Finding::is_error)
    }
}

/// The term and bundle discounts of a quote spanning `families` product families, and that number.
fn terms_for(policy: &Policy, quote: &Quote, families: usize) -> (Terms, u32) {
    (
        Terms {
            months: quote.term_months,
            term_bp: policy.term_discount(quote.term_months),
            bundle_bp: policy.bundle_discount(families),
        },
        families as u32,
    )
}

/// Prices a quote. Pure: the same inputs give the same result, natively and in the browser.
pub fn price(catalog: &Catalog, policy: &Policy, quote: &Quote) -> Priced {
    price_parts(catalog, policy, quote).0
}

/// What every line of one pricing call is priced under: the quote-wide settings.
#[derive(Clone, Copy)]
pub(crate) struct Setting<'a> {
    pub policy: &'a Policy,
    pub terms: Terms,
    pub at_risk: bool,
    /// The level index of the person pricing.
    pub role: usize,
    pub industry: &'a str,
}

impl<'a> Setting<'a> {
    /// The setting of `quote` spanning `families` product families, and that number.
    pub(crate) fn of(policy: &'a Policy, quote: &'a Quote, families: usize) -> (Self, u32) {
        let (terms, families) = terms_for(policy, quote, families);
        let setting = Setting {
            policy,
            terms,
            at_risk: quote.at_risk.in_force(),
            role: policy.level_index(&quote.role).unwrap_or(0),
            industry: quote.customer.industry.as_str(),
        };
        (setting, families)
    }
}

/// [`price`], and where each kind of finding sits in the result's findings (for incremental
/// repricing): the rules' parts, then one `line.reason` finding per line lacking its reason.
pub(crate) fn price_parts(catalog: &Catalog, policy: &Policy, quote: &Quote) -> (Priced, Parts) {
    // Offerings by id, built once per call for the lines and the rules.
    let offerings = OfferingIndex::new(catalog);
    let positions: Vec<Option<usize>> = quote
        .lines
        .iter()
        .map(|l| offerings.position(&l.offering))
        .collect();
    // The families of the offerings on lines with a quantity.
    let mut used = vec![false; catalog.offerings.len()];
    for (line, position) in quote.lines.iter().zip(&positions) {
        if let (true, Some(p)) = (line.quantity > 0, position) {
            used[*p] = true;
        }
    }
    let families: BTreeSet<&str> = catalog
        .offerings
        .iter()
        .zip(&used)
        .filter(|(_, used)| **used)
        .map(|(o, _)| o.family.as_str())
        .collect();
    let (setting, families) = Setting::of(policy, quote, families.len());
    let mut seen: Vec<Option<Seen>> = vec![None; catalog.offerings.len()];
    let mut totals = Totals::default();
    let mut taxes: Vec<TaxTotal> = Vec::new();
    let mut lines = Vec::with_capacity(quote.lines.len());
    let mut reasons_missing = Vec::new();
    for (index, (line, position)) in quote.lines.iter().zip(&positions).enumerate() {
        let Some(p) = *position else {
            lines.push(unknown_line(line));
            continue;
        };
        let offering = &catalog.offerings[p];
        let seen =
            seen[p].get_or_insert_with(|| Seen::new(offering, policy, setting.at_risk, &mut taxes));
        let (priced, missing) = price_one(&setting, offering, seen, index, line);
        reasons_missing.extend(missing);
        totals.list.add(&priced.waterfall.list);
        totals.net.add(&priced.net);
        totals.tax.add(&priced.tax);
        totals.gross.add(&priced.gross);
        totals.cost.add(&priced.cost);
        totals.margin = totals.margin.saturating_add(priced.margin);
        if let Some(entry) = taxes.get_mut(seen.tax_slot) {
            entry.net.add(&priced.net);
            entry.tax.add(&priced.tax);
        }
        lines.push(priced);
    }
    // One total per (tax class, rate), in that order.
    taxes.sort_by(|a, b| (&a.tax_class, a.rate_bp).cmp(&(&b.tax_class, b.rate_bp)));
    totals.margin_bp = margin_bp(totals.margin, totals.net.tcv);
    totals.effective_bp = effective_discount(&totals.list, &totals.net);
    let authority = authority::judge_quote(
        policy,
        setting.role,
        setting.at_risk,
        lines.iter().map(PricedLine::view),
        totals.net.tcv,
    );
    let (mut findings, parts) = rules::evaluate(catalog, &offerings, &positions, policy, quote);
    findings.extend(reasons_missing);
    let priced = Priced {
        currency: catalog.currency.clone(),
        term_months: setting.terms.months,
        term_bp: setting.terms.term_bp,
        bundle_bp: setting.terms.bundle_bp,
        families,
        lines,
        totals,
        taxes,
        authority,
        findings,
    };
    (priced, parts)
}

/// The priced line of an offering the catalog lacks: nothing but its id, offering and quantity.
pub(crate) fn unknown_line(line: &Line) -> PricedLine {
    PricedLine {
        line_id: line.id.clone(),
        offering: line.offering.as_str().into(),
        quantity: line.quantity,
        ..PricedLine::default()
    }
}

/// Prices line `index` of `offering` (`seen` for it) under `setting`: the line's waterfall, tax,
/// margin and judgements, and the finding when its discount needs a reason it lacks.
pub(crate) fn price_one(
    setting: &Setting,
    offering: &Offering,
    seen: &Seen,
    index: usize,
    line: &Line,
) -> (PricedLine, Option<Finding>) {
    let Setting {
        policy,
        terms,
        at_risk,
        role,
        industry,
    } = *setting;
    let requested = line.discount_bp.clamp(0, FULL);
    let a = price_line(offering, line, terms, requested);
    let rate_bp = seen.rate_bp;
    let net = a.net();
    let tax = tax_of(&net, rate_bp, terms.months);
    let gross = net.plus(&tax);
    let margin = net.tcv.saturating_sub(a.cost.tcv);
    let limit_at = |level: usize| {
        seen.limits
            .get(level)
            .copied()
            .unwrap_or_else(|| policy.limit(level, &offering.family, at_risk))
    };
    let authority = authority::judge_line(policy, role, a.effective_bp, a.below_floor(), &limit_at);
    let headroom = headroom::of_amounts(&a, terms, policy, role, &limit_at);
    let family = &*seen.family;
    let band = guidance::band(
        policy,
        family,
        industry,
        a.effective_bp,
        authority.within(role),
    );
    let missing = guidance::missing_reason(
        policy,
        (index, &line.id),
        (family, industry),
        a.effective_bp,
        &line.reason,
    );
    let priced = PricedLine {
        line_id: line.id.clone(),
        offering: seen.id.clone(),
        family: seen.family.clone(),
        tax_class: seen.tax_class.clone(),
        rate_bp,
        quantity: line.quantity,
        unit_list_mrc: a.unit_list_mrc,
        unit_list_nrc: a.unit_list_nrc,
        term_bp: terms.term_bp,
        bundle_bp: terms.bundle_bp,
        requested_bp: requested,
        waterfall: a.waterfall,
        net,
        tax,
        gross,
        cost: a.cost,
        margin,
        margin_bp: margin_bp(margin, net.tcv),
        effective_bp: a.effective_bp,
        authority,
        headroom,
        band,
    };
    (priced, missing)
}

impl PricedLine {
    /// What the verdict on the whole proposal reads of this line.
    pub(crate) fn view(&self) -> LineView<'_> {
        LineView {
            family: &self.family,
            effective_bp: self.effective_bp,
            net: &self.net,
            cost: &self.cost,
            authority: &self.authority,
        }
    }
}

/// What one pricing call works out once per offering in use: its names, shared by its lines, its
/// tax rate and total, and its family's limit at each level.
#[derive(Clone)]
pub(crate) struct Seen {
    id: Arc<str>,
    family: Arc<str>,
    pub(crate) tax_class: Arc<str>,
    pub(crate) rate_bp: Bp,
    /// Index into the call's tax totals of this offering's (tax class, rate).
    tax_slot: usize,
    limits: Vec<Bp>,
}

impl Seen {
    pub(crate) fn new(
        offering: &Offering,
        policy: &Policy,
        at_risk: bool,
        taxes: &mut Vec<TaxTotal>,
    ) -> Self {
        let rate_bp = policy
            .tax_class(&offering.tax_class)
            .map_or(0, |t| t.rate_bp);
        let tax_slot = match taxes
            .iter()
            .position(|t| *t.tax_class == *offering.tax_class && t.rate_bp == rate_bp)
        {
            Some(slot) => slot,
            None => {
                taxes.push(TaxTotal {
                    tax_class: offering.tax_class.as_str().into(),
                    rate_bp,
                    ..TaxTotal::default()
                });
                taxes.len() - 1
            }
        };
        Seen {
            id: offering.id.as_str().into(),
            family: offering.family.as_str().into(),
            tax_class: taxes[tax_slot].tax_class.clone(),
            rate_bp,
            tax_slot,
            limits: (0..policy.levels.len())
                .map(|level| policy.limit(level, &offering.family, at_risk))
                .collect(),
        }
    }
}
