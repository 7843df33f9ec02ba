//! The per-site sheet for the delivery team: every site of the customer with what is delivered
//! there, one row per line (site, site type, city, district, address, contact, offering, options,
//! quantity, net monthly and one-time charges), a site with no line in a row of its own, the lines
//! for no one site after the sites, then a totals row. Customer-facing figures only, as the
//! proposal: never cost, margin, floor, headroom or authority.
//!
//! [`sheet`] is the one home of its rows; [`to_csv`] writes them as CSV (UTF-8 with a BOM, so
//! Excel in China opens it, `crate::csv`'s quoting and formula neutralising), and the app's
//! spreadsheet worker writes the same rows as XLSX (amounts as numbers in yuan, text as text).

use crate::catalog::Catalog;
use crate::csv::{self, options_text};
use crate::money::Fen;
use crate::pricing::Priced;
use crate::quote::{Line, Quote, Site};
use crate::text::Lang;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The number of columns of every row.
pub const COLUMNS: usize = 11;

/// A cell of the sheet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Cell {
    Text(String),
    /// A count (a quantity).
    Count(u32),
    /// An amount in fen, shown in yuan with two decimals.
    Amount(Fen),
}

/// The sheet: its name, the header row and the rows, each [`COLUMNS`] cells wide.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sheet {
    pub name: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// The column headers, in the sheet's language.
pub fn header(lang: Lang) -> [&'static str; COLUMNS] {
    match lang {
        Lang::Zh => [
            "站点",
            "站点类型",
            "城市",
            "区县",
            "地址",
            "联系人",
            "产品",
            "配置",
            "数量",
            "月费（不含税，元）",
            "一次性费用（不含税，元）",
        ],
        Lang::En => [
            "Site",
            "Site type",
            "City",
            "District",
            "Address",
            "Contact",
            "Offering",
            "Options",
            "Quantity",
            "Net MRC (CNY)",
            "NRC (CNY)",
        ],
    }
}

/// The per-site sheet of the quote as priced.
pub fn sheet(catalog: &Catalog, quote: &Quote, priced: &Priced, lang: Lang) -> Sheet {
    let mut by_site: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut no_site = Vec::new();
    for (i, line) in quote.lines.iter().enumerate() {
        match line.site.as_deref().filter(|s| quote.site(s).is_some()) {
            Some(s) => by_site.entry(s).or_default().push(i),
            None => no_site.push(i),
        }
    }
    let mut rows = Vec::with_capacity(quote.lines.len() + quote.customer.sites.len() + 1);
    for site in &quote.customer.sites {
        let columns = site_columns(catalog, Some(site), lang);
        match by_site.get(site.id.as_str()) {
            Some(lines) => {
                for &i in lines {
                    rows.push(line_row(catalog, quote, priced, i, &columns, lang));
                }
            }
            None => {
                let mut row = columns;
                row.extend([
                    Cell::Text(String::new()),
                    Cell::Text(String::new()),
                    Cell::Count(0),
                    Cell::Amount(0),
                    Cell::Amount(0),
                ]);
                rows.push(row);
            }
        }
    }
    let everywhere = site_columns(catalog, None, lang);
    for i in no_site {
        rows.push(line_row(catalog, quote, priced, i, &everywhere, lang));
    }
    let total = match lang {
        Lang::Zh => "合计",
        Lang::En => "Total",
    };
    let mut last = vec![Cell::Text(total.to_string())];
    last.extend((1..COLUMNS - 2).map(|_| Cell::Text(String::new())));
    last.extend([
        Cell::Amount(priced.totals.net.mrc),
        Cell::Amount(priced.totals.net.nrc),
    ]);
    rows.push(last);
    Sheet {
        name: match lang {
            Lang::Zh => "站点明细",
            Lang::En => "Sites",
        }
        .to_string(),
        header: header(lang).iter().map(|h| h.to_string()).collect(),
        rows,
    }
}

/// The six site columns; for the lines of no one site, the first says so.
fn site_columns(catalog: &Catalog, site: Option<&Site>, lang: Lang) -> Vec<Cell> {
    let Some(s) = site else {
        let all = match lang {
            Lang::Zh => "（全部站点）",
            Lang::En => "(all sites)",
        };
        let mut row = vec![Cell::Text(all.to_string())];
        row.extend((1..6).map(|_| Cell::Text(String::new())));
        return row;
    };
    let site_type = catalog
        .site_type(&s.site_type)
        .map_or(s.site_type.as_str(), |t| t.name.get(lang));
    [
        &s.name,
        site_type,
        &s.city,
        &s.district,
        &s.address,
        &s.contact,
    ]
    .into_iter()
    .map(|t| Cell::Text(t.to_string()))
    .collect()
}

fn line_row(
    catalog: &Catalog,
    quote: &Quote,
    priced: &Priced,
    i: usize,
    site: &[Cell],
    lang: Lang,
) -> Vec<Cell> {
    let line: &Line = &quote.lines[i];
    let pl = priced
        .lines
        .get(i)
        .filter(|p| p.line_id == line.id)
        .or_else(|| priced.lines.iter().find(|p| p.line_id == line.id));
    let offering = catalog.offering(&line.offering);
    let mut row = site.to_vec();
    row.extend([
        Cell::Text(offering.map_or(line.offering.clone(), |o| o.name.get(lang).to_string())),
        Cell::Text(offering.map_or_else(String::new, |o| options_text(o, line, lang))),
        Cell::Count(line.quantity),
        Cell::Amount(pl.map_or(0, |p| p.net.mrc)),
        Cell::Amount(pl.map_or(0, |p| p.net.nrc)),
    ]);
    row
}

/// The sheet as CSV bytes: the BOM, the header row, the rows; amounts in yuan with two decimals.
pub fn to_csv(sheet: &Sheet) -> Vec<u8> {
    let mut out = Vec::with_capacity(256 + sheet.rows.len() * 160);
    out.extend_from_slice(csv::BOM);
    let head: Vec<csv::Cell> = sheet
        .header
        .iter()
        .map(|h| csv::Cell::Text(h.clone()))
        .collect();
    csv::row(&mut out, &head);
    for cells in &sheet.rows {
        let cells: Vec<csv::Cell> = cells
            .iter()
            .map(|c| match c {
                Cell::Text(t) => csv::Cell::Text(t.clone()),
                Cell::Count(n) => csv::Cell::Number(n.to_string()),
                Cell::Amount(f) => csv::Cell::Number(csv::yuan(*f)),
            })
            .collect();
        csv::row(&mut out, &cells);
    }
    out
}
