//! The proposal CSV: BOM, CRLF, RFC 4180 quoting, a header in the chosen language, inert text for
//! anything a spreadsheet could run, totals equal to the priced totals, and never a cost or margin.

use tailor_core::catalog::Catalog;
use tailor_core::csv::{header, lines_csv, yuan, BOM};
use tailor_core::money::Fen;
use tailor_core::policy::Policy;
use tailor_core::pricing::{self, Amounts, Priced};
use tailor_core::quote::{Customer, Quote, Site};
use tailor_core::text::Lang;

mod common;

const HOSTILE_SITES: [&str; 12] = [
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1",
    "\r=1",
    "  =HYPERLINK(\"http://evil\")",
    "＝1+1",
    "东区, 二号楼",
    "说 \"你好\"",
    "第一行\r\n第二行",
    "<script>alert('x')</script>",
];

/// A quote on the finance branch template, its lines spread over sites with hostile names.
fn fixture() -> (Catalog, Policy, Quote, Priced) {
    let (catalog, policy) = common::setup();
    let mut quote = common::from_template(&catalog, &policy, "finance_branch");
    // The template twice over, so every hostile site gets a line.
    let more = quote.lines.clone();
    let n = quote.lines.len();
    quote
        .lines
        .extend(more.into_iter().enumerate().map(|(i, mut l)| {
            l.id = format!("L{}", n + i + 1);
            l
        }));
    assert!(quote.lines.len() >= HOSTILE_SITES.len());
    for (i, l) in quote.lines.iter_mut().enumerate() {
        l.site = Some(format!("S{}", i % HOSTILE_SITES.len()));
        l.discount_bp = 300;
    }
    quote.customer = Customer {
        name: "=HYPERLINK(\"http://evil\",\"点我\")".into(),
        industry: "finance".into(),
        employees: 400,
        sites: HOSTILE_SITES
            .iter()
            .enumerate()
            .map(|(i, name)| Site {
                id: format!("S{i}"),
                name: name.to_string(),
                city: "杭州".into(),
                address: "-".into(),
                ..Site::default()
            })
            .collect(),
        ..quote.customer
    };
    let priced = pricing::price(&catalog, &policy, &quote);
    (catalog, policy, quote, priced)
}

/// An RFC 4180 reader for the tests: rows of fields, and whether every record ended in CRLF.
fn parse(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = std::str::from_utf8(bytes).expect("UTF-8");
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    let mut at_start = true;
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' if at_start => {
                quoted = true;
                at_start = false;
            }
            '"' => panic!("a quote inside an unquoted field: {field}"),
            ',' => {
                row.push(std::mem::take(&mut field));
                at_start = true;
            }
            '\r' => {
                assert_eq!(chars.next(), Some('\n'), "CR not followed by LF");
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
                at_start = true;
            }
            '\n' => panic!("a bare LF outside quotes"),
            c => {
                field.push(c);
                at_start = false;
            }
        }
    }
    assert!(!quoted, "an unterminated quoted field");
    assert!(
        row.is_empty() && field.is_empty(),
        "the last record lacks CRLF"
    );
    rows
}

fn csv_rows(lang: Lang) -> (Catalog, Quote, Priced, Vec<u8>, Vec<Vec<String>>) {
    let (catalog, _, quote, priced) = fixture();
    let bytes = lines_csv(&catalog, &quote, &priced, lang);
    assert!(bytes.starts_with(BOM));
    let rows = parse(&bytes[BOM.len()..]);
    (catalog, quote, priced, bytes, rows)
}

fn fen(cell: &str) -> Fen {
    let (yuan, fen) = cell.split_once('.').expect("two decimals");
    assert_eq!(fen.len(), 2, "{cell}");
    yuan.parse::<Fen>().expect("yuan") * 100 + fen.parse::<Fen>().expect("fen")
}

#[test]
fn starts_with_the_bom_and_the_header_in_the_chosen_language() {
    for lang in [Lang::Zh, Lang::En] {
        let (_, quote, _, bytes, rows) = csv_rows(lang);
        assert_eq!(&bytes[..3], &[0xEF, 0xBB, 0xBF]);
        assert_eq!(rows[0], header(lang).map(String::from).to_vec());
        // Header, one row per line, totals.
        assert_eq!(rows.len(), quote.lines.len() + 2);
        assert!(rows.iter().all(|r| r.len() == 14));
        assert!(bytes.ends_with(b"\r\n"));
    }
    let (_, _, _, _, rows) = csv_rows(Lang::Zh);
    assert_eq!(rows[0][0], "序号");
    assert_eq!(rows[0][13], "合同总价（含税，元）");
    let (_, _, _, _, rows) = csv_rows(Lang::En);
    assert_eq!(rows[0][3], "Offering");
}

#[test]
fn one_row_per_line_with_customer_facing_figures() {
    let (catalog, quote, priced, _, rows) = csv_rows(Lang::Zh);
    for (i, (pl, line)) in priced.lines.iter().zip(&quote.lines).enumerate() {
        let r = &rows[i + 1];
        let o = catalog.offering(&line.offering).expect("offering");
        assert_eq!(r[0], (i + 1).to_string());
        assert_eq!(r[2], catalog.family(&o.family).expect("family").name.zh);
        assert_eq!(r[3], o.name.zh);
        assert_eq!(r[5], line.quantity.to_string());
        assert_eq!(r[6], o.unit.zh);
        assert_eq!(fen(&r[7]), pl.unit_list_mrc);
        assert_eq!(fen(&r[8]), pl.effective_bp);
        assert_eq!(fen(&r[9]), pl.net.mrc);
        assert_eq!(fen(&r[10]), pl.net.nrc);
        assert_eq!(fen(&r[11]), pl.net.tcv);
        assert_eq!(fen(&r[12]), pl.rate_bp);
        assert_eq!(fen(&r[13]), pl.gross.tcv);
        // Amounts carry no thousands separators and no currency sign.
        assert!(r[7..]
            .iter()
            .all(|c| c.chars().all(|c| c.is_ascii_digit() || c == '.')));
    }
}

#[test]
fn options_in_words() {
    let (catalog, quote, _, _, rows) = csv_rows(Lang::Zh);
    let i = quote
        .lines
        .iter()
        .position(|l| l.offering == "dia")
        .expect("a dedicated internet line");
    let o = catalog.offering("dia").expect("dia");
    let expected: Vec<String> = o
        .options
        .iter()
        .map(|g| {
            let id = quote.lines[i].options.get(&g.id).expect("chosen");
            format!("{}: {}", g.name.zh, g.choice(id).expect("choice").name.zh)
        })
        .collect();
    assert_eq!(rows[i + 1][4], expected.join("; "));
    // Options not chosen show their default.
    let j = quote
        .lines
        .iter()
        .position(|l| l.offering == "ddos_protection")
        .expect("a DDoS line");
    let d = catalog.offering("ddos_protection").expect("ddos");
    let g = &d.options[0];
    assert_eq!(
        rows[j + 1][4],
        format!("{}: {}", g.name.zh, g.choices[0].name.zh)
    );
    let (_, _, _, _, en) = csv_rows(Lang::En);
    assert!(en[i + 1][4].contains(&format!("{}: ", o.options[0].name.en)));
}

#[test]
fn the_totals_row_equals_the_priced_totals() {
    for lang in [Lang::Zh, Lang::En] {
        let (_, _, priced, _, rows) = csv_rows(lang);
        let t = rows.last().expect("totals");
        assert_eq!(
            t[0],
            match lang {
                Lang::Zh => "合计",
                Lang::En => "Total",
            }
        );
        assert_eq!(fen(&t[8]), priced.totals.effective_bp);
        assert_eq!(fen(&t[9]), priced.totals.net.mrc);
        assert_eq!(fen(&t[10]), priced.totals.net.nrc);
        assert_eq!(fen(&t[11]), priced.totals.net.tcv);
        assert_eq!(fen(&t[13]), priced.totals.gross.tcv);
        // And they add up on paper.
        let body = &rows[1..rows.len() - 1];
        for col in [9, 10, 11, 13] {
            let sum: Fen = body.iter().map(|r| fen(&r[col])).sum();
            assert_eq!(sum, fen(&t[col]), "column {col}");
        }
    }
}

#[test]
fn customer_text_is_inert_and_quoted() {
    let (_, quote, _, bytes, rows) = csv_rows(Lang::Zh);
    for (i, line) in quote.lines.iter().enumerate() {
        let site = quote
            .site(line.site.as_deref().expect("a site"))
            .expect("the site");
        let cell = &rows[i + 1][1];
        let risky = site
            .name
            .trim_start()
            .starts_with(['=', '+', '-', '@', '\t', '\r', '＝'])
            || site.name.starts_with(['\t', '\r']);
        if risky {
            assert_eq!(*cell, format!("'{}", site.name));
        } else {
            assert_eq!(*cell, site.name);
        }
    }
    // No cell at all starts with a formula character.
    for r in &rows {
        for c in r {
            assert!(
                !c.trim_start()
                    .starts_with(['=', '+', '-', '@', '\t', '\r', '＝']),
                "{c:?}"
            );
        }
    }
    let text = String::from_utf8(bytes).expect("UTF-8");
    assert!(text.contains(",\"东区, 二号楼\","));
    assert!(text.contains(",\"说 \"\"你好\"\"\","));
    assert!(text.contains(",\"第一行\r\n第二行\","));
    assert!(text.contains(",'=cmd|' /C calc'!A0,"));
    assert!(text.contains(",<script>alert('x')</script>,"));
    // The customer's name is not part of the line table.
    assert!(!text.contains("HYPERLINK(\"http://evil\",\""));
}

#[test]
fn never_shows_cost_margin_floor_headroom_or_authority() {
    let (catalog, _, quote, mut priced) = fixture();
    for lang in [Lang::Zh, Lang::En] {
        let text = String::from_utf8(lines_csv(&catalog, &quote, &priced, lang)).expect("UTF-8");
        for word in [
            "成本",
            "毛利",
            "底价",
            "审批",
            "权限",
            "cost",
            "margin",
            "floor",
            "authority",
            "headroom",
            "approv",
        ] {
            assert!(!text.to_lowercase().contains(word), "{word}");
        }
    }
    // The real cost and margin figures appear in no cell, unless a shown figure happens to be
    // the same amount.
    let rows = parse(&lines_csv(&catalog, &quote, &priced, Lang::Zh)[3..]);
    let shown: Vec<Fen> = priced
        .lines
        .iter()
        .flat_map(|l| {
            [
                l.unit_list_mrc,
                l.net.mrc,
                l.net.nrc,
                l.net.tcv,
                l.gross.tcv,
                l.effective_bp,
                l.rate_bp,
            ]
        })
        .chain([
            priced.totals.net.mrc,
            priced.totals.net.nrc,
            priced.totals.net.tcv,
            priced.totals.gross.tcv,
            priced.totals.effective_bp,
        ])
        .collect();
    let cells: Vec<&str> = rows.iter().flatten().map(String::as_str).collect();
    let secret: Vec<Fen> = priced
        .lines
        .iter()
        .flat_map(|l| [l.cost.mrc, l.cost.nrc, l.cost.tcv, l.margin, l.margin_bp])
        .chain([
            priced.totals.cost.mrc,
            priced.totals.cost.tcv,
            priced.totals.margin,
            priced.totals.margin_bp,
        ])
        .filter(|f| *f != 0 && !shown.contains(f))
        .collect();
    assert!(!secret.is_empty());
    for f in &secret {
        assert!(
            !cells.contains(&yuan(*f).as_str()),
            "cost or margin {f} shown"
        );
    }
    // Sentinels planted in every internal figure never come out: the CSV does not read them.
    const SENTINEL: Fen = 987_654_321;
    let planted = Amounts {
        mrc: SENTINEL,
        nrc: SENTINEL,
        tcv: SENTINEL,
    };
    for l in &mut priced.lines {
        l.cost = planted;
        l.margin = SENTINEL;
        l.margin_bp = SENTINEL;
        l.headroom.own = Some(SENTINEL);
        l.headroom.next = Some(SENTINEL);
        l.authority.role_limit_bp = SENTINEL;
        l.authority.needs = SENTINEL as usize;
    }
    priced.totals.cost = planted;
    priced.totals.margin = SENTINEL;
    priced.totals.margin_bp = SENTINEL;
    priced.authority.required = SENTINEL as usize;
    for lang in [Lang::Zh, Lang::En] {
        let text = String::from_utf8(lines_csv(&catalog, &quote, &priced, lang)).expect("UTF-8");
        assert!(!text.contains("987654321"));
        assert!(!text.contains("9876543.21"));
        assert!(!text.contains("98765.43"));
    }
}

#[test]
fn unknown_offerings_and_empty_quotes_do_not_panic() {
    let (catalog, policy, mut quote, _) = fixture();
    quote.lines[0].offering = "gone".into();
    quote.lines[1].site = Some("nowhere".into());
    quote.lines[2].quantity = u32::MAX;
    quote.lines[3].discount_bp = -5;
    let priced = pricing::price(&catalog, &policy, &quote);
    let rows = parse(&lines_csv(&catalog, &quote, &priced, Lang::En)[3..]);
    assert_eq!(rows[1][3], "gone");
    assert_eq!(rows[2][1], "nowhere");
    quote.lines.clear();
    let priced = pricing::price(&catalog, &policy, &quote);
    let rows = parse(&lines_csv(&catalog, &quote, &priced, Lang::Zh)[3..]);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1][11], "0.00");
}
