//! The proposal at scale: the per-site sheet for the delivery team (one row per line with its
//! site's columns, a site with no line in a row of its own, the lines of no one site after, a
//! totals row; as CSV with a BOM, quoted and with formulas neutralised) and the summaries per site
//! type and per city, which add up to the quote's totals.

mod common;

use std::collections::BTreeMap;
use tailor_core::catalog::Catalog;
use tailor_core::policy::Policy;
use tailor_core::pricing::{self, Priced};
use tailor_core::quote::{Line, Quote, Site};
use tailor_core::site_sheet::{self, Cell, COLUMNS};
use tailor_core::site_summary::{self, By};
use tailor_core::text::Lang;
use tailor_core::waterfall::Amounts;
use tailor_core::{package, sample};

fn site(i: usize, name: &str, city: &str, site_type: &str) -> Site {
    Site {
        id: format!("S{i}"),
        name: name.into(),
        city: city.into(),
        address: format!("路 {i} 号"),
        site_type: site_type.into(),
        district: "鼓楼区".into(),
        contact: format!("联系人{i}"),
    }
}

fn line(id: &str, offering: &str, site: Option<&str>, quantity: u32) -> Line {
    Line {
        id: id.into(),
        offering: offering.into(),
        site: site.map(str::to_string),
        quantity,
        options: BTreeMap::new(),
        ..Line::default()
    }
}

/// Three sites (a headquarters and a branch in 福州, a branch in 厦门 with no line, one whose
/// name a spreadsheet could take for a formula), lines at two of them and one for every site.
fn bank(catalog: &Catalog, policy: &Policy) -> (Quote, Priced) {
    let mut q = sample::quote(catalog, policy, 0);
    q.customer.sites = vec![
        site(1, "省分行", "福州", "headquarters"),
        site(2, "鼓楼支行, 东街", "福州", "branch"),
        site(3, "思明支行", "厦门", "branch"),
        site(4, "=HYPERLINK(\"x\")", "", "outlet"),
    ];
    let mut dia = line("L1", "dia", Some("S1"), 1);
    dia.options.insert("bandwidth".into(), "bw_200m".into());
    q.lines = vec![
        dia,
        line("L2", "sdwan", Some("S2"), 1),
        line("L3", "camera", Some("S1"), 4),
        line("L4", "sdwan", None, 2),
        line("L5", "camera", Some("S4"), 2),
    ];
    let p = pricing::price(catalog, policy, &q);
    (q, p)
}

fn text(c: &Cell) -> &str {
    match c {
        Cell::Text(t) => t,
        _ => panic!("not text: {c:?}"),
    }
}

fn amount(c: &Cell) -> i64 {
    match c {
        Cell::Amount(f) => *f,
        _ => panic!("not an amount: {c:?}"),
    }
}

#[test]
fn the_sheet_has_a_row_per_line_with_its_site_then_the_lines_of_no_site_then_the_totals() {
    let (catalog, policy) = common::setup();
    let (q, p) = bank(&catalog, &policy);
    let sheet = site_sheet::sheet(&catalog, &q, &p, Lang::Zh);
    assert_eq!(sheet.header.len(), COLUMNS);
    assert_eq!(sheet.header[0], "站点");
    assert!(sheet.rows.iter().all(|r| r.len() == COLUMNS));
    let firsts: Vec<&str> = sheet.rows.iter().map(|r| text(&r[0])).collect();
    assert_eq!(
        firsts,
        [
            "省分行",
            "省分行",
            "鼓楼支行, 东街",
            "思明支行",
            "=HYPERLINK(\"x\")",
            "（全部站点）",
            "合计"
        ]
    );
    // The headquarters' first line: its site's columns, the offering, its options, the amounts.
    let hq = &sheet.rows[0];
    assert_eq!(
        [1, 2, 3, 4, 5].map(|c| text(&hq[c])),
        ["总部", "福州", "鼓楼区", "路 1 号", "联系人1"]
    );
    let dia = catalog.offering("dia").expect("dia");
    assert_eq!(text(&hq[6]), dia.name.zh);
    assert!(text(&hq[7]).contains("200M"), "{}", text(&hq[7]));
    assert_eq!(hq[8], Cell::Count(1));
    assert_eq!(amount(&hq[9]), p.lines[0].net.mrc);
    assert_eq!(amount(&hq[10]), p.lines[0].net.nrc);
    // The branch with no line has a row of its own, with nothing delivered.
    assert_eq!(
        &sheet.rows[3][8..],
        [Cell::Count(0), Cell::Amount(0), Cell::Amount(0)]
    );
    // The totals row is the quote's, and the rows add up to it.
    let last = &sheet.rows[6];
    assert_eq!(amount(&last[9]), p.totals.net.mrc);
    assert_eq!(amount(&last[10]), p.totals.net.nrc);
    let sum = |c: usize| sheet.rows[..6].iter().map(|r| amount(&r[c])).sum::<i64>();
    assert_eq!((sum(9), sum(10)), (p.totals.net.mrc, p.totals.net.nrc));
    assert!(p.totals.net.mrc > 0);
}

#[test]
fn the_csv_has_a_bom_crlf_quoted_cells_neutralised_formulas_and_yuan() {
    let (catalog, policy) = common::setup();
    let (q, p) = bank(&catalog, &policy);
    let sheet = site_sheet::sheet(&catalog, &q, &p, Lang::En);
    let bytes = site_sheet::to_csv(&sheet);
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let text = std::str::from_utf8(&bytes[3..]).expect("UTF-8");
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert_eq!(
        lines.len(),
        1 + sheet.rows.len() + 1,
        "CRLF after every row"
    );
    assert_eq!(
        lines[0],
        "Site,Site type,City,District,Address,Contact,Offering,Options,Quantity,Net MRC (CNY),NRC (CNY)"
    );
    assert!(
        lines[3].starts_with("\"鼓楼支行, 东街\",Branch,福州,"),
        "{}",
        lines[3]
    );
    assert!(
        lines[5].starts_with("\"'=HYPERLINK(\"\"x\"\")\",Outlet,,"),
        "{}",
        lines[5]
    );
    assert!(lines[4].ends_with(",,,0,0.00,0.00"), "{}", lines[4]);
    let yuan = |f: i64| format!("{}.{:02}", f / 100, f % 100);
    assert!(
        lines[7].ends_with(&format!(
            ",{},{}",
            yuan(p.totals.net.mrc),
            yuan(p.totals.net.nrc)
        )),
        "{}",
        lines[7]
    );
    assert!(lines[7].starts_with("Total,"));
}

#[test]
fn the_summaries_per_site_type_and_per_city_count_sites_and_lines_and_add_up_to_the_totals() {
    let (catalog, policy) = common::setup();
    let (q, p) = bank(&catalog, &policy);
    let by_type = site_summary::summary(&q, &p, By::SiteType);
    let keys: Vec<(&str, usize, usize)> = by_type
        .iter()
        .map(|g| (g.key.as_str(), g.sites, g.lines))
        .collect();
    assert_eq!(
        keys,
        [
            ("headquarters", 1, 2),
            ("branch", 2, 1),
            ("outlet", 1, 1),
            ("", 0, 1)
        ]
    );
    let by_city = site_summary::summary(&q, &p, By::City);
    let keys: Vec<(&str, usize, usize)> = by_city
        .iter()
        .map(|g| (g.key.as_str(), g.sites, g.lines))
        .collect();
    assert_eq!(
        keys,
        [("福州", 2, 3), ("厦门", 1, 0), ("-", 1, 1), ("", 0, 1)]
    );
    for groups in [&by_type, &by_city] {
        let mut total = Amounts::default();
        for g in groups.iter() {
            total = Amounts {
                mrc: total.mrc + g.net.mrc,
                nrc: total.nrc + g.net.nrc,
                tcv: total.tcv + g.net.tcv,
            };
        }
        assert_eq!(total, p.totals.net);
    }
    assert_eq!(by_type[0].net.mrc, p.lines[0].net.mrc + p.lines[2].net.mrc);
    assert_eq!(site_summary::sites_with_lines(&q), 3);
}

#[test]
fn a_quote_of_1500_sites_with_packages_sums_up_per_city() {
    let (catalog, policy) = common::setup();
    let mut q = sample::quote(&catalog, &policy, 0);
    let cities = ["杭州", "宁波", "温州", "绍兴", "嘉兴"];
    q.customer.sites = (1..=1500)
        .map(|i| {
            let t = if i % 3 == 0 { "outlet" } else { "branch" };
            site(i, &format!("网点{i}"), cities[i % 5], t)
        })
        .collect();
    let p = |id: &str, t: &str, offering: &str| tailor_core::quote::Package {
        id: id.into(),
        name: tailor_core::text::Text::new(id, id),
        site_type: t.into(),
        lines: vec![tailor_core::quote::PackageLine {
            id: offering.into(),
            offering: offering.into(),
            options: BTreeMap::new(),
            quantity: 1,
            discount_bp: 0,
        }],
    };
    let q = package::put(&q, p("P1", "branch", "dia")).expect("applied");
    let q = package::put(&q, p("P2", "outlet", "sdwan")).expect("applied");
    let priced = pricing::price(&catalog, &policy, &q);
    let by_city = site_summary::summary(&q, &priced, By::City);
    assert_eq!(by_city.len(), 5);
    assert!(by_city.iter().all(|g| g.sites == 300 && g.lines == 300));
    let sheet = site_sheet::sheet(&catalog, &q, &priced, Lang::Zh);
    assert_eq!(sheet.rows.len(), 1501);
}
