//! Contracts: a proposal version the customer accepted, with the signing and start dates; end =
//! start + term months (`date::add_months`: the same day of the month, or the month's last day).
//! The contract holds its lines with their contracted net prices: amendments change some lines
//! from an effective date and keep the others' prices, so after one the contract's prices are no
//! longer those of any single pricing call. `steps` keeps the lineage of every step.

use crate::date;
use crate::money::{apply_rate, Bp, Fen};
use crate::pricing::Priced;
use crate::quote::{Line, Quote};
use crate::text::Text;
use crate::version;
use serde::{Deserialize, Serialize};

/// A running contract.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contract {
    /// The lineage of the accepted proposal: the contract's id.
    pub id: String,
    /// The version the customer accepted, as it was accepted (read-only; frozen, handed over on
    /// the signing date at the latest).
    pub accepted: Quote,
    /// The customer's signing date, `YYYY-MM-DD`.
    pub signed: String,
    /// The first day of service.
    pub start: String,
    /// The first day after the contract: `start` + `term_months` months.
    pub end: String,
    pub term_months: u32,
    /// The contract-term discount it was accepted with; amendments give it to new lines.
    pub term_bp: Bp,
    pub currency: String,
    /// The lines in force, with their contracted prices.
    pub lines: Vec<ContractLine>,
    /// Every step, oldest first: the acceptance, then each accepted amendment.
    pub steps: Vec<Step>,
    /// The id of the contract this one renews (none: a first contract), so the renewed one is
    /// shown as renewed by it. Absent: not written, so older contracts keep their bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renews: Option<String>,
}

/// A line of a contract and the price it was contracted at.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContractLine {
    pub line: Line,
    pub family: String,
    pub rate_bp: Bp,
    /// The unit list MRC, term, bundle and requested discounts it was priced with: a renewal
    /// says which of them moved.
    pub unit_list_mrc: Fen,
    pub term_bp: Bp,
    pub bundle_bp: Bp,
    pub requested_bp: Bp,
    /// The contracted net MRC (tax-exclusive) and NRC of the whole line.
    pub net_mrc: Fen,
    pub net_nrc: Fen,
    /// The day this price applies from: the start, or an amendment's effective date.
    pub since: String,
    /// The catalog version it was priced on.
    pub catalog_version: String,
}

impl ContractLine {
    /// The tax-inclusive MRC: net + VAT, rounded once, as pricing rounds a line's tax.
    pub fn gross_mrc(&self) -> Fen {
        self.net_mrc
            .saturating_add(apply_rate(self.net_mrc, self.rate_bp))
    }
}

/// A monthly total, tax-exclusive and tax-inclusive.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Monthly {
    pub net: Fen,
    pub gross: Fen,
}

impl Monthly {
    /// The sum over `lines`, each rounded on its own.
    pub fn of<'a>(lines: impl IntoIterator<Item = &'a ContractLine>) -> Monthly {
        lines.into_iter().fold(Monthly::default(), |m, l| Monthly {
            net: m.net.saturating_add(l.net_mrc),
            gross: m.gross.saturating_add(l.gross_mrc()),
        })
    }
}

/// One step in a contract's life.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Step {
    /// The customer accepted proposal `quote` (its id), version `version`.
    Accepted {
        quote: String,
        version: u32,
        signed: String,
        start: String,
    },
    /// An amendment took effect: the lines it added, changed and removed, its TCV and the monthly
    /// total before and after.
    Amended {
        effective: String,
        signed: String,
        added: Vec<String>,
        changed: Vec<String>,
        removed: Vec<String>,
        tcv: Fen,
        monthly_before: Monthly,
        monthly_after: Monthly,
    },
}

impl Contract {
    /// The contract's monthly total now: the sum of its lines.
    pub fn monthly(&self) -> Monthly {
        Monthly::of(&self.lines)
    }

    /// The contract line with `id`.
    pub fn line(&self, id: &str) -> Option<&ContractLine> {
        self.lines.iter().find(|l| l.line.id == id)
    }

    /// Whether it ends within `days` days of `today`: its end is on or after today and no later
    /// than today + `days`. False on a date that does not parse.
    pub fn ends_within(&self, today: &str, days: u32) -> bool {
        match (date::parse(&self.end), date::parse(today)) {
            (Some(end), Some(today)) => today <= end && end <= today + i64::from(days),
            _ => false,
        }
    }
}

/// The dates a contract's steps name: the customer's signature, the first day of service, an
/// amendment's effective date. Acceptance and amendments check theirs here, with the same words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Day {
    Signed,
    Start,
    Effective,
}

impl Day {
    fn words(self) -> (&'static str, &'static str) {
        match self {
            Day::Signed => ("签约日期", "signing date"),
            Day::Start => ("开始日期", "start date"),
            Day::Effective => ("生效日期", "effective date"),
        }
    }

    /// `value` as a day number, or why not: it is no valid `YYYY-MM-DD`.
    pub fn parse(self, value: &str) -> Result<i64, Text> {
        let (zh, en) = self.words();
        date::parse(value).ok_or_else(|| {
            Text::new(
                format!("{zh}「{value}」不是有效日期（YYYY-MM-DD）"),
                format!("The {en} '{value}' is not a valid date (YYYY-MM-DD)"),
            )
        })
    }

    /// `value` as a day number on or after `earlier` (its kind, text and day number), or why not.
    pub fn not_before(self, value: &str, earlier: (Day, &str, i64)) -> Result<i64, Text> {
        let day = self.parse(value)?;
        let (kind, text, at) = earlier;
        if day < at {
            let ((zh, en), (ezh, een)) = (self.words(), kind.words());
            return Err(Text::new(
                format!("{zh} {value} 早于{ezh} {text}"),
                format!("The {en} {value} is before the {een} {text}"),
            ));
        }
        Ok(day)
    }

    /// `value` as a day number within `contract`: on or after its start, before its end; or why
    /// not.
    pub fn within(self, value: &str, contract: &Contract) -> Result<i64, Text> {
        let (zh, en) = self.words();
        let bounds = (date::parse(&contract.start), date::parse(&contract.end));
        match (date::parse(value), bounds) {
            (Some(d), (Some(s), Some(e))) if s <= d && d < e => Ok(d),
            _ => Err(Text::new(
                format!(
                    "{zh}「{value}」须为合同期内（{} 至 {} 之前）的有效日期",
                    contract.start, contract.end
                ),
                format!(
                    "The {en} '{value}' must be a valid date within the contract (from {} to before {})",
                    contract.start, contract.end
                ),
            )),
        }
    }
}

/// The contract among `all` that renews `id`, if one does.
pub fn renewed_by<'a>(all: &'a [Contract], id: &str) -> Option<&'a Contract> {
    all.iter().find(|c| c.renews.as_deref() == Some(id))
}

/// The contracts ending within `days` days of `today`, soonest first (the "renewals due" view).
pub fn renewals_due<'a>(
    contracts: impl IntoIterator<Item = &'a Contract>,
    today: &str,
    days: u32,
) -> Vec<&'a Contract> {
    let mut due: Vec<&Contract> = contracts
        .into_iter()
        .filter(|c| c.ends_within(today, days))
        .collect();
    due.sort_by(|a, b| (&a.end, &a.id).cmp(&(&b.end, &b.id)));
    due
}

/// Accepts version `quote`, priced as `priced` (on the catalog and policy it names), signed by
/// the customer on `signed` and starting on `start`: the contract. Refused, saying why, when a
/// date is not a valid `YYYY-MM-DD`, the service starts before the signature, the proposal is
/// blocked or below the cost floor, or `priced` is not the quote's price.
pub fn accept(quote: &Quote, priced: &Priced, signed: &str, start: &str) -> Result<Contract, Text> {
    let signed_day = Day::Signed.parse(signed)?;
    Day::Start.not_before(start, (Day::Signed, signed, signed_day))?;
    if priced.blocked() || priced.authority.refused {
        return Err(Text::new(
            "建议书有阻止性问题或低于成本底价，不能成为合同",
            "The proposal has blocking findings or a price below the cost floor; it cannot become a contract",
        ));
    }
    let same_lines = priced.lines.len() == quote.lines.len()
        && priced
            .lines
            .iter()
            .zip(&quote.lines)
            .all(|(p, l)| p.line_id == l.id && !p.family.is_empty());
    if !same_lines || priced.term_months != quote.term_months {
        return Err(Text::new(
            "价格结果与建议书不一致（行或合同期不同，或有产品不在目录中）",
            "The priced result is not this proposal's (its lines or term differ, or an offering is not in the catalog)",
        ));
    }
    let Some(end) = date::add_months(start, i64::from(quote.term_months)) else {
        return Err(Text::new(
            format!("开始日期 {start} 加合同期超出日期范围"),
            format!("The start date {start} plus the term is out of range"),
        ));
    };
    let lines = quote
        .lines
        .iter()
        .zip(&priced.lines)
        .map(|(line, p)| ContractLine {
            line: line.clone(),
            family: p.family.to_string(),
            rate_bp: p.rate_bp,
            unit_list_mrc: p.unit_list_mrc,
            term_bp: p.term_bp,
            bundle_bp: p.bundle_bp,
            requested_bp: p.requested_bp,
            net_mrc: p.net.mrc,
            net_nrc: p.net.nrc,
            since: start.to_string(),
            catalog_version: quote.catalog_version.clone(),
        })
        .collect();
    let mut accepted = quote.clone();
    version::freeze(&mut accepted, signed);
    Ok(Contract {
        id: quote.lineage().to_string(),
        accepted,
        signed: signed.to_string(),
        start: start.to_string(),
        end,
        term_months: quote.term_months,
        term_bp: priced.term_bp,
        currency: priced.currency.clone(),
        lines,
        steps: vec![Step::Accepted {
            quote: quote.id.clone(),
            version: quote.version,
            signed: signed.to_string(),
            start: start.to_string(),
        }],
        renews: None,
    })
}
