//! The proposal lines as CSV, for the client's procurement system and spreadsheets.
//!
//! UTF-8 with a byte-order mark (so Excel reads Chinese correctly), CRLF line ends, RFC 4180
//! quoting. Customer-facing figures only: never cost, margin, floor, headroom or authority.
//! Every text cell that a spreadsheet could read as a formula (starting with `=`, `+`, `-`, `@`,
//! a tab or a carriage return, or their full-width forms, even after leading spaces) gets a
//! leading apostrophe, so customer-typed text such as `=cmd|' /C calc'!A0` stays inert text.
//! Amount cells are written by this module from integers and are never prefixed.

use crate::catalog::{Catalog, Offering};
use crate::money::{Bp, Fen};
use crate::pricing::{Priced, PricedLine};
use crate::quote::{Line, Quote};
use crate::text::Lang;

/// The UTF-8 byte-order mark every file starts with.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The column headers, in the file's language.
pub fn header(lang: Lang) -> [&'static str; 14] {
    match lang {
        Lang::Zh => [
            "序号",
            "站点",
            "产品族",
            "产品",
            "配置",
            "数量",
            "单位",
            "单价（月费，元）",
            "折扣（%）",
            "月费（不含税，元）",
            "一次性费用（不含税，元）",
            "合同总价（不含税，元）",
            "税率（%）",
            "合同总价（含税，元）",
        ],
        Lang::En => [
            "No.",
            "Site",
            "Product family",
            "Offering",
            "Options",
            "Quantity",
            "Unit",
            "Unit list MRC (CNY)",
            "Discount (%)",
            "Net MRC (CNY)",
            "NRC (CNY)",
            "TCV (CNY)",
            "Tax rate (%)",
            "TCV incl. tax (CNY)",
        ],
    }
}

/// A cell: text (neutralised against formula injection) or a number this module formatted.
pub(crate) enum Cell {
    Text(String),
    Number(String),
}

/// The proposal's lines as CSV bytes: the BOM, a header row in `lang`, one row per priced line,
/// then a totals row. Amounts are yuan with two decimals and no thousands separators; rates are
/// percentages with two decimals, without the `%` sign.
pub fn lines_csv(catalog: &Catalog, quote: &Quote, priced: &Priced, lang: Lang) -> Vec<u8> {
    let mut out = Vec::with_capacity(256 + priced.lines.len() * 200);
    out.extend_from_slice(BOM);
    let head: Vec<Cell> = header(lang)
        .iter()
        .map(|h| Cell::Text(h.to_string()))
        .collect();
    row(&mut out, &head);
    for (i, pl) in priced.lines.iter().enumerate() {
        let line = quote
            .lines
            .get(i)
            .filter(|l| l.id == pl.line_id)
            .or_else(|| quote.lines.iter().find(|l| l.id == pl.line_id));
        row(&mut out, &line_row(catalog, quote, i, line, pl, lang));
    }
    let t = &priced.totals;
    let total = match lang {
        Lang::Zh => "合计",
        Lang::En => "Total",
    };
    let blank = || Cell::Text(String::new());
    row(
        &mut out,
        &[
            Cell::Text(total.to_string()),
            blank(),
            blank(),
            blank(),
            blank(),
            blank(),
            blank(),
            blank(),
            Cell::Number(percent(t.effective_bp)),
            Cell::Number(yuan(t.net.mrc)),
            Cell::Number(yuan(t.net.nrc)),
            Cell::Number(yuan(t.net.tcv)),
            blank(),
            Cell::Number(yuan(t.gross.tcv)),
        ],
    );
    out
}

fn line_row(
    catalog: &Catalog,
    quote: &Quote,
    i: usize,
    line: Option<&Line>,
    pl: &PricedLine,
    lang: Lang,
) -> Vec<Cell> {
    let offering = catalog.offering(&pl.offering);
    let site = line
        .and_then(|l| l.site.as_deref())
        .map(|id| quote.site(id).map_or(id, |s| s.name.as_str()))
        .unwrap_or("");
    let family = catalog
        .family(&pl.family)
        .map_or(&*pl.family, |f| f.name.get(lang));
    let name = offering.map_or(&*pl.offering, |o| o.name.get(lang));
    let unit = offering.map_or("", |o| o.unit.get(lang));
    let options = match (offering, line) {
        (Some(o), Some(l)) => options_text(o, l, lang),
        _ => String::new(),
    };
    vec![
        Cell::Number((i + 1).to_string()),
        Cell::Text(site.to_string()),
        Cell::Text(family.to_string()),
        Cell::Text(name.to_string()),
        Cell::Text(options),
        Cell::Number(pl.quantity.to_string()),
        Cell::Text(unit.to_string()),
        Cell::Number(yuan(pl.unit_list_mrc)),
        Cell::Number(percent(pl.effective_bp)),
        Cell::Number(yuan(pl.net.mrc)),
        Cell::Number(yuan(pl.net.nrc)),
        Cell::Number(yuan(pl.net.tcv)),
        Cell::Number(percent(pl.rate_bp)),
        Cell::Number(yuan(pl.gross.tcv)),
    ]
}

/// A line's chosen options (or their defaults) in one cell: `带宽: 100M; SLA 等级: 金牌`.
pub(crate) fn options_text(o: &Offering, l: &Line, lang: Lang) -> String {
    o.options
        .iter()
        .filter_map(|g| {
            let chosen = g.in_force(&l.options)?;
            Some(format!("{}: {}", g.name.get(lang), chosen.name.get(lang)))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Writes one row of cells, CRLF-ended.
pub(crate) fn row(out: &mut Vec<u8>, cells: &[Cell]) {
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        match cell {
            Cell::Number(s) => field(out, s),
            Cell::Text(s) => field(out, &neutralise(s)),
        }
    }
    out.extend_from_slice(b"\r\n");
}

/// Writes one RFC 4180 field: quoted, with quotes doubled, when it holds a comma, a quote, a
/// line break, or starts or ends with a space.
fn field(out: &mut Vec<u8>, s: &str) {
    let quote = s.contains([',', '"', '\r', '\n']) || s.starts_with(' ') || s.ends_with(' ');
    if quote {
        out.push(b'"');
        out.extend_from_slice(s.replace('"', "\"\"").as_bytes());
        out.push(b'"');
    } else {
        out.extend_from_slice(s.as_bytes());
    }
}

/// Prefixes an apostrophe to text a spreadsheet could take for a formula.
pub(crate) fn neutralise(s: &str) -> String {
    let first = s.trim_start_matches([' ', '\u{3000}']).chars().next();
    let risky = matches!(
        first,
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\n' | '＝' | '＋' | '－' | '＠')
    ) || s.starts_with(['\t', '\r']);
    if risky {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// Yuan with two decimals and no thousands separators: `123456` → `1234.56`.
pub fn yuan(fen: Fen) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// A rate as a percentage with two decimals, without the sign: `1250` → `12.50`.
pub fn percent(bp: Bp) -> String {
    let sign = if bp < 0 { "-" } else { "" };
    let abs = bp.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// The CSV with `mark` as a row of its own before the header (the demo mark: a file made under
/// a demo policy says so before anything else).
pub fn with_mark(csv: &[u8], mark: &str) -> Vec<u8> {
    let body = csv.strip_prefix(BOM).unwrap_or(csv);
    let mut out = Vec::with_capacity(csv.len() + mark.len() + 8);
    out.extend_from_slice(BOM);
    row(&mut out, &[Cell::Text(mark.to_string())]);
    out.extend_from_slice(body);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neutralises_formulas_only() {
        assert_eq!(neutralise("=1+1"), "'=1+1");
        assert_eq!(neutralise(" @SUM(A1)"), "' @SUM(A1)");
        assert_eq!(neutralise("\tx"), "'\tx");
        assert_eq!(neutralise("＝1"), "'＝1");
        assert_eq!(neutralise("总部"), "总部");
        assert_eq!(neutralise(""), "");
    }

    #[test]
    fn formats_plain_amounts() {
        assert_eq!(yuan(123_456_789), "1234567.89");
        assert_eq!(yuan(5), "0.05");
        assert_eq!(yuan(-5), "-0.05");
        assert_eq!(percent(900), "9.00");
    }

    #[test]
    fn quotes_rfc4180() {
        let mut out = Vec::new();
        field(&mut out, "a,\"b\"\nc");
        assert_eq!(out, b"\"a,\"\"b\"\"\nc\"");
    }
}
