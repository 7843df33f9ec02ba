//! The customer-facing content a statement binds, and a proposal file checked against it.
//!
//! # The content digest
//!
//! SHA-256 over `b"tailor-statement-content-v1\n"` and the canonical JSON of
//! `{catalog_version, term_months, lines}`, where `lines` holds, for every line in the quote's
//! order, what the proposal prints for it:
//!
//! | field | what the proposal shows |
//! |---|---|
//! | `number` | the line's number (1, 2, …) |
//! | `offering` | the offering's id: its name (zh/en) and unit are those of the signed catalog version named, so the id and `catalog_version` bind the words |
//! | `options` | each chosen option, group id → choice id (the words, and the promise of an SLA grade, come from the same catalog version) |
//! | `site` | the site the line is at: name, city and address (none: no site) |
//! | `quantity` | the quantity |
//! | `unit_list_mrc`, `unit_list_nrc` | the unit list prices, fen |
//! | `discount_bp` | the effective discount printed, bp |
//! | `mrc`, `nrc`, `tcv` | the line's net monthly, one-time and contract amounts, fen |
//! | `rate_bp` | the line's tax rate, bp |
//!
//! Only what a customer sees: no cost, margin, limit, headroom, guidance or reason.

use super::{Statement, Totals};
use crate::money::{Bp, Fen};
use crate::pricing::Priced;
use crate::quote::Quote;
use crate::text::Text;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

use super::why::Difference;

const DOMAIN: &[u8] = b"tailor-statement-content-v1\n";

#[derive(Serialize)]
struct Content<'a> {
    catalog_version: &'a str,
    term_months: u32,
    lines: Vec<ContentLine<'a>>,
}

#[derive(Serialize)]
struct ContentLine<'a> {
    number: usize,
    offering: &'a str,
    options: &'a BTreeMap<String, String>,
    site: Option<SiteWords<'a>>,
    quantity: u32,
    unit_list_mrc: Fen,
    unit_list_nrc: Fen,
    discount_bp: Bp,
    mrc: Fen,
    nrc: Fen,
    tcv: Fen,
    rate_bp: Bp,
}

#[derive(Serialize)]
struct SiteWords<'a> {
    name: &'a str,
    city: &'a str,
    address: &'a str,
}

/// The digest of the customer-facing content of `quote` as priced in `priced` (module docs).
pub fn content_digest(quote: &Quote, priced: &Priced) -> String {
    let lines = quote
        .lines
        .iter()
        .zip(&priced.lines)
        .enumerate()
        .map(|(i, (l, p))| ContentLine {
            number: i + 1,
            offering: &l.offering,
            options: &l.options,
            site: l
                .site
                .as_deref()
                .and_then(|id| quote.customer.sites.iter().find(|s| s.id == id))
                .map(|s| SiteWords {
                    name: &s.name,
                    city: &s.city,
                    address: &s.address,
                }),
            quantity: l.quantity,
            unit_list_mrc: p.unit_list_mrc,
            unit_list_nrc: p.unit_list_nrc,
            discount_bp: p.effective_bp,
            mrc: p.net.mrc,
            nrc: p.net.nrc,
            tcv: p.net.tcv,
            rate_bp: p.rate_bp,
        })
        .collect();
    let content = Content {
        catalog_version: &quote.catalog_version,
        term_months: quote.term_months,
        lines,
    };
    let mut h = Sha256::new();
    h.update(DOMAIN);
    h.update(crate::canonical::to_bytes(&content));
    hex::encode(h.finalize())
}

/// The totals recomputed from the lines of `priced` (each total the sum of its rounded lines).
fn recomputed(priced: &Priced) -> Totals {
    priced.lines.iter().fold(Totals::default(), |t, l| Totals {
        mrc: t.mrc + l.net.mrc,
        nrc: t.nrc + l.net.nrc,
        tcv: t.tcv + l.net.tcv,
        mrc_gross: t.mrc_gross + l.gross.mrc,
        nrc_gross: t.nrc_gross + l.gross.nrc,
        tcv_gross: t.tcv_gross + l.gross.tcv,
    })
}

/// Every figure of `statement` that differs from the proposal file's `quote` as priced in
/// `priced` (its lines; the totals recomputed from them): empty when the file is the proposal
/// the statement states.
pub fn check_against(statement: &Statement, quote: &Quote, priced: &Priced) -> Vec<Difference> {
    let b = &statement.body;
    let mut out = Vec::new();
    let mut text = |figure: Text, stated: &str, found: &str| {
        if stated != found {
            out.push(Difference {
                figure,
                stated: stated.to_string(),
                recomputed: found.to_string(),
            });
        }
    };
    text(
        Text::new("建议书编号", "Proposal number"),
        &b.proposal,
        &quote.id,
    );
    text(
        Text::new("版本", "Version"),
        &b.proposal_version.to_string(),
        &quote.version.to_string(),
    );
    text(
        Text::new("客户名称", "Customer"),
        &b.customer,
        &quote.customer.name,
    );
    text(
        Text::new("统一社会信用代码", "USCC"),
        &b.uscc,
        &quote.customer.uscc,
    );
    text(Text::new("日期", "Date"), &b.date, &quote.date);
    text(
        Text::new("合同期（月）", "Term (months)"),
        &b.term_months.to_string(),
        &quote.term_months.to_string(),
    );
    let r = recomputed(priced);
    let yuan = |fen: Fen| format!("¥{}", crate::money::format_yuan(fen));
    let figures = [
        (
            Text::new("月费合计（不含税）", "Monthly total (excl. tax)"),
            b.totals.mrc,
            r.mrc,
        ),
        (
            Text::new("一次性费用合计（不含税）", "One-time total (excl. tax)"),
            b.totals.nrc,
            r.nrc,
        ),
        (
            Text::new("合同总价（不含税）", "TCV (excl. tax)"),
            b.totals.tcv,
            r.tcv,
        ),
        (
            Text::new("月费合计（含税）", "Monthly total (incl. tax)"),
            b.totals.mrc_gross,
            r.mrc_gross,
        ),
        (
            Text::new("一次性费用合计（含税）", "One-time total (incl. tax)"),
            b.totals.nrc_gross,
            r.nrc_gross,
        ),
        (
            Text::new("合同总价（含税）", "TCV (incl. tax)"),
            b.totals.tcv_gross,
            r.tcv_gross,
        ),
    ];
    for (figure, stated, found) in figures {
        text(figure, &yuan(stated), &yuan(found));
    }
    if quote.lines.len() != priced.lines.len() || b.content != content_digest(quote, priced) {
        out.push(Difference {
            figure: Text::new(
                "方案明细（产品、配置、站点、数量、单价、折扣、金额、税率）",
                "The lines (offering, options, site, quantity, prices, discount, amounts, tax rate)",
            ),
            stated: b.content.chars().take(16).collect(),
            recomputed: content_digest(quote, priced).chars().take(16).collect(),
        });
    }
    out
}
