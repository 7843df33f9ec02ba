//! The pricing team's workbook: JSON → XLSX → JSON gives the same bytes for the default and the
//! fixture catalogs; every checker defect of the broken fixtures is found again in the workbook at
//! its sheet, row and column; cells that are not what their column holds are precise errors.

#![cfg(not(target_arch = "wasm32"))]

use std::path::PathBuf;
use tailor_core::catalog::{default_site_types, Catalog};
use tailor_core::check::{self, Problem};
use tailor_core::policy::Policy;
use tailor_core::workbook::{self, File};

fn path(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn parse<T: serde::de::DeserializeOwned>(rel: &str) -> T {
    check::parse(rel, &read(rel)).unwrap_or_else(|p| panic!("{p}"))
}

/// JSON → workbook → JSON, the texts as the published files are written.
fn round_trip(catalog: &Catalog, policy: &Policy) -> (String, String) {
    let bytes = workbook::write(catalog, policy).unwrap_or_else(|e| panic!("{}", e.en));
    let (c, p, _) = workbook::read(&bytes).unwrap_or_else(|ps| panic!("{}", listing(&ps)));
    (workbook::to_json(&c), workbook::to_json(&p))
}

fn listing(ps: &[impl std::fmt::Display]) -> String {
    ps.iter().map(|p| format!("  {p}\n")).collect()
}

#[test]
fn the_default_catalog_and_policy_come_back_byte_for_byte() {
    let (catalog, policy) = (
        read("../public/catalog.json"),
        read("../public/policy.json"),
    );
    // The published files are in the form `to_json` writes: compare the bytes as they are.
    let (c, p) = round_trip(
        &parse("../public/catalog.json"),
        &parse("../public/policy.json"),
    );
    assert!(
        c == catalog,
        "public/catalog.json differs after the round trip"
    );
    assert!(
        p == policy,
        "public/policy.json differs after the round trip"
    );
}

#[test]
fn the_fixture_catalogs_come_back_byte_for_byte_in_published_form() {
    // The fixtures are hand-written (compact objects on one line): each is compared in the
    // published form, `to_json` of what it parses to.
    for dir in ["good", "mini", "broken"] {
        let catalog: Catalog = parse(&format!("tests/fixtures/{dir}/catalog.json"));
        let policy: Policy = parse(&format!("tests/fixtures/{dir}/policy.json"));
        let (c, p) = round_trip(&catalog, &policy);
        assert_eq!(c, workbook::to_json(&catalog), "{dir}/catalog.json");
        assert_eq!(p, workbook::to_json(&policy), "{dir}/policy.json");
    }
    // A catalog with its own site types and a template's site packages.
    let sites: Catalog = parse("tests/fixtures/broken/catalog_sites.json");
    let policy: Policy = parse("tests/fixtures/good/policy.json");
    assert!(sites.site_types != default_site_types() && !sites.templates[0].packages.is_empty());
    let (c, _) = round_trip(&sites, &policy);
    assert_eq!(c, workbook::to_json(&sites), "broken/catalog_sites.json");
    let empty: Policy = parse("tests/fixtures/broken/policy_empty.json");
    let good: Catalog = parse("tests/fixtures/good/catalog.json");
    assert_eq!(round_trip(&good, &empty).1, workbook::to_json(&empty));
}

#[test]
fn packages_with_repeated_ids_and_any_discount_come_back_byte_for_byte() {
    // A second package `p1` in the first template: its lines name it by `package #` 2. A
    // discount of 15.25 % (1525 bp) is written as 0.1525 and read back exactly; a line with no
    // options reads back with none; a template without packages keeps none.
    let mut catalog: Catalog = parse("tests/fixtures/broken/catalog_sites.json");
    let policy: Policy = parse("tests/fixtures/good/policy.json");
    let mut again = catalog.templates[0].packages[0].clone();
    again.name.en = "Branch package, again".into();
    again.site_type = "branch".into();
    again.lines.truncate(2);
    again.lines[0].discount_bp = 1525;
    again.lines[1].options.clear();
    again.lines[1].quantity = 4_000_000_000;
    catalog.templates[0].packages.push(again);
    let (c, _) = round_trip(&catalog, &policy);
    assert_eq!(c, workbook::to_json(&catalog));
    let bytes = workbook::write(&catalog, &policy).unwrap_or_default();
    let (read, _, _) = workbook::read(&bytes).unwrap_or_else(|ps| panic!("{}", listing(&ps)));
    assert_eq!(read.templates[0].packages[1].lines[0].discount_bp, 1525);
    assert_eq!(read.templates[0].packages[1].site_type, "branch");
    assert!(read.templates[1].packages.is_empty());
}

#[test]
fn the_default_site_types_have_no_rows_and_an_empty_sheet_reads_as_them() {
    use calamine::Reader;
    let catalog: Catalog = parse("../public/catalog.json");
    let policy: Policy = parse("../public/policy.json");
    assert_eq!(catalog.site_types, default_site_types());
    let bytes = workbook::write(&catalog, &policy).unwrap_or_default();
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.clone())).expect("a workbook");
    // Only the header row on each of the three sheets.
    for sheet in ["site types", "template packages", "package lines"] {
        let range = book.worksheet_range(sheet).expect("the sheet");
        assert_eq!(range.rows().count(), 1, "{sheet}");
    }
    let (c, _, _) = workbook::read(&bytes).unwrap_or_else(|ps| panic!("{}", listing(&ps)));
    assert_eq!(c.site_types, default_site_types());
    assert!(!workbook::to_json(&c).contains("site_types"));
    // A catalog declaring its own site types writes them, row for row.
    let sites: Catalog = parse("tests/fixtures/broken/catalog_sites.json");
    let bytes = workbook::write(&sites, &policy).unwrap_or_default();
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("a workbook");
    let range = book.worksheet_range("site types").expect("the sheet");
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(ToString::to_string).collect())
        .collect();
    assert_eq!(
        rows,
        [
            ["id", "name.zh", "name.en"],
            ["branch", "分支机构", "Branch"],
            ["branch", "", "Outlet"],
        ]
    );
}

#[test]
fn the_same_files_give_the_same_workbook_bytes() {
    let catalog: Catalog = parse("../public/catalog.json");
    let policy: Policy = parse("../public/policy.json");
    let a = workbook::write(&catalog, &policy).unwrap_or_default();
    let b = workbook::write(&catalog, &policy).unwrap_or_default();
    assert!(!a.is_empty() && a == b);
}

/// The checker's problems on the JSON files and on the workbook made from them, with the
/// workbook's places.
fn problems_both_ways(catalog: &str, policy: &str) -> (Vec<Problem>, Vec<(Problem, String)>) {
    let (c, p): (Catalog, Policy) = (parse(catalog), parse(policy));
    let json = check::check(&c, "catalog", &p, "policy");
    let bytes = workbook::write(&c, &p).unwrap_or_default();
    let (c2, p2, places) = workbook::read(&bytes).unwrap_or_else(|ps| panic!("{}", listing(&ps)));
    let again = check::check(&c2, "catalog", &p2, "policy");
    let located = again
        .into_iter()
        .map(|pr| {
            let file = if pr.file == "catalog" {
                File::Catalog
            } else {
                File::Policy
            };
            let place = places
                .locate(file, &pr.path)
                .unwrap_or_else(|| panic!("{pr}: no place in the workbook"));
            let cell = match &place.column {
                Some((letters, _)) => format!("{}!{letters}{}", place.sheet, place.row),
                None => format!("{}!{}", place.sheet, place.row),
            };
            (pr, cell)
        })
        .collect();
    (json, located)
}

fn assert_places(catalog: &str, policy: &str, expected: &[(&str, &str)]) {
    let (json, located) = problems_both_ways(catalog, policy);
    let again: Vec<Problem> = located.iter().map(|(p, _)| p.clone()).collect();
    assert_eq!(json, again, "the same problems in both forms");
    for (path, cell) in expected {
        let found: Vec<&String> = located
            .iter()
            .filter(|(p, _)| p.path == *path)
            .map(|(_, c)| c)
            .collect();
        assert!(
            !found.is_empty() && found.iter().all(|c| c == cell),
            "{path}: expected {cell}, found {found:?}"
        );
    }
    // Every problem is one of those listed.
    for (p, cell) in &located {
        assert!(
            expected.iter().any(|(path, _)| *path == p.path),
            "unlisted: {p} at {cell}"
        );
    }
}

#[test]
fn every_defect_of_the_broken_catalog_is_found_at_its_cell() {
    // Rows: the header is row 1. offerings: vnet_seat 2, dia 3, iot_sim 4, iot_pool 5, iot_sim 6;
    // tiers: vnet_seat's four, rows 2–5; options: dia's bandwidth 2, sla 3, bandwidth (again) 4;
    // choices: 100m 2, 100m 3, 1g 4, then x (of the second bandwidth group) 5.
    assert_places(
        "tests/fixtures/broken/catalog.json",
        "tests/fixtures/good/policy.json",
        &[
            ("schema_version", "catalog!A2"),
            ("version", "catalog!B2"),
            ("currency", "catalog!C2"),
            ("operator.en", "catalog!E2"),
            ("families[2].id", "families!A4"),
            ("families[3].name.zh", "families!B5"),
            ("offerings[0].family", "offerings!B2"),
            ("offerings[0].name.zh", "offerings!C2"),
            ("offerings[0].tiers[1].mrc", "tiers!D3"),
            ("offerings[0].tiers[2].min_qty", "tiers!C4"),
            ("offerings[0].tiers[2].mrc", "tiers!D4"),
            ("offerings[0].tiers[3].mrc", "tiers!D5"),
            ("offerings[1].tax_class", "offerings!I3"),
            ("offerings[1].unit.en", "offerings!F3"),
            ("offerings[1].options[0].choices[1].id", "choices!E3"),
            ("offerings[1].options[0].choices[1].name.en", "choices!G3"),
            ("offerings[1].options[0].choices[2].mrc", "choices!J4"),
            ("offerings[1].options[0].choices[2].nrc", "choices!K4"),
            ("offerings[1].options[1].choices", "options!3"),
            ("offerings[1].options[2].id", "options!C4"),
            (
                "offerings[1].options[2].choices[0].description.en",
                "choices!I5",
            ),
            ("offerings[2].description.zh", "offerings!G4"),
            ("offerings[2].nrc", "offerings!K4"),
            ("offerings[2].nrc_cost", "offerings!M4"),
            ("offerings[3].mrc", "offerings!J5"),
            ("offerings[3].nrc", "offerings!K5"),
            ("offerings[3].min_qty", "offerings!N5"),
            ("offerings[4].id", "offerings!A6"),
            ("offerings[4].min_qty", "offerings!N6"),
            ("rules[0].message.zh", "rules!C2"),
            ("rules[0].offering", "rules!F2"),
            ("rules[0].any_of[1]", "rules!G2"),
            ("rules[1].id", "rules!A3"),
            ("rules[1].other", "rules!H3"),
            ("rules[2].choice", "rules!L4"),
            ("rules[2].needs_group", "rules!M4"),
            ("industries[1].id", "industries!A3"),
            ("industries[2].id", "industries!A4"),
            ("templates[0].lines[1].offering", "template lines!C3"),
            (
                "templates[0].lines[2].options.bandwidth",
                "template lines!D4",
            ),
            ("templates[0].lines[2].options.colour", "template lines!D4"),
            ("templates[1].id", "templates!A3"),
            ("templates[1].industry", "templates!B3"),
            ("templates[1].lines", "templates!3"),
        ],
    );
}

#[test]
fn every_defect_of_the_broken_site_types_and_packages_is_found_at_its_cell() {
    // site types: branch 2, branch (again) 3. template packages: gov_office's p1, row 2. package
    // lines of p1: a (dia) 2, a (mpls_plus) 3, b (vnet_seat) 4; columns E id, F offering,
    // G options, H quantity, I discount_bp.
    assert_places(
        "tests/fixtures/broken/catalog_sites.json",
        "tests/fixtures/good/policy.json",
        &[
            ("site_types[1].id", "site types!A3"),
            ("site_types[1].name.zh", "site types!B3"),
            ("templates[0].packages[0].site_type", "template packages!F2"),
            (
                "templates[0].packages[0].lines[0].options.bandwidth",
                "package lines!G2",
            ),
            ("templates[0].packages[0].lines[1].id", "package lines!E3"),
            (
                "templates[0].packages[0].lines[1].offering",
                "package lines!F3",
            ),
            (
                "templates[0].packages[0].lines[2].quantity",
                "package lines!H4",
            ),
            (
                "templates[0].packages[0].lines[2].discount_bp",
                "package lines!I4",
            ),
        ],
    );
}

#[test]
fn every_defect_of_the_broken_policies_is_found_at_its_cell() {
    // limits, one row per level and family, families in order: account_manager (line, office,
    // voice) rows 2–4; sales_manager (iot, line, office, satellite, voice) 5–9; the second
    // account_manager (iot, line, office, voice) 10–13; province (iot, line, office, voice) 14–17.
    // at-risk widening: iot 2, satellite 3, voice 4.
    assert_places(
        "tests/fixtures/good/catalog.json",
        "tests/fixtures/broken/policy.json",
        &[
            ("schema_version", "policy!A2"),
            ("version", "policy!B2"),
            ("tax_classes[1].name.zh", "tax classes!B3"),
            ("tax_classes[2].id", "tax classes!A4"),
            ("tax_classes[2].rate_bp", "tax classes!D4"),
            ("levels[0].discount_limits", "levels!2"),
            ("levels[1].name.en", "levels!C3"),
            ("levels[1].discount_limits.satellite", "limits!D8"),
            ("levels[1].max_tcv", "levels!D3"),
            ("levels[2].id", "levels!A4"),
            ("levels[2].discount_limits.iot", "limits!D10"),
            ("levels[2].discount_limits.voice", "limits!D13"),
            ("levels[2].max_tcv", "levels!D4"),
            ("levels[3].discount_limits.iot", "limits!D14"),
            ("levels[3].max_tcv", "levels!D5"),
            ("term_discounts[4].discount_bp", "term discounts!B6"),
            ("term_discounts[4].min_months", "term discounts!A6"),
            ("term_discounts[3].discount_bp", "term discounts!B5"),
            ("bundle_discounts[2].min_families", "bundle discounts!A4"),
            ("bundle_discounts[1].discount_bp", "bundle discounts!B3"),
            ("at_risk_widening.iot", "at-risk widening!B2"),
            ("at_risk_widening.satellite", "at-risk widening!B3"),
            ("terms[1]", "policy!F2"),
            ("terms[3]", "policy!F2"),
            ("levels[0].discount_limits.voice", "limits!D4"),
            ("levels[0].discount_limits.line", "limits!D2"),
            ("levels[0].discount_limits.office", "limits!D3"),
        ],
    );
    assert_places(
        "tests/fixtures/good/catalog.json",
        "tests/fixtures/broken/policy_empty.json",
        &[
            ("levels", "policy!2"),
            ("terms", "policy!F2"),
            ("validity_days", "policy!G2"),
            ("max_approval_days", "policy!H2"),
        ],
    );
}

/// The default workbook with one cell of one sheet replaced (or the sheet left out), rebuilt from
/// its sheets as calamine reads them.
fn edited(sheet: &str, cell: Option<(u32, u16, Edit)>, drop_sheet: bool) -> Vec<u8> {
    edited_of("../public/catalog.json", sheet, cell, drop_sheet)
}

/// The workbook of `catalog` (and the default policy), edited as [`edited`] does.
fn edited_of(
    catalog: &str,
    sheet: &str,
    cell: Option<(u32, u16, Edit)>,
    drop_sheet: bool,
) -> Vec<u8> {
    use calamine::{Data, Reader, Xlsx};
    let catalog: Catalog = parse(catalog);
    let policy: Policy = parse("../public/policy.json");
    let bytes = workbook::write(&catalog, &policy).unwrap_or_default();
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("the workbook");
    let mut out = rust_xlsxwriter::Workbook::new();
    for name in book.sheet_names() {
        if drop_sheet && name == sheet {
            continue;
        }
        let range = book.worksheet_range(&name).expect("a sheet");
        let ws = out.add_worksheet();
        ws.set_name(&name).expect("a name");
        for (r, row) in range.rows().enumerate() {
            for (c, d) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                let edit = cell
                    .as_ref()
                    .filter(|(er, ec, _)| name == sheet && *er == r && *ec == c);
                match (edit.map(|(_, _, e)| e), d) {
                    (Some(Edit::Number(f)), _) => ws.write_number(r, c, *f),
                    (Some(Edit::Text(s)), _) => ws.write_string(r, c, *s),
                    (None, Data::Float(f)) => ws.write_number(r, c, *f),
                    (None, Data::Int(i)) => ws.write_number(r, c, *i as f64),
                    (None, Data::Bool(b)) => ws.write_boolean(r, c, *b),
                    (None, Data::String(s)) => ws.write_string(r, c, s),
                    (None, _) => Ok(&mut *ws),
                }
                .expect("a cell");
            }
        }
    }
    out.save_to_buffer().expect("the edited workbook")
}

enum Edit {
    Number(f64),
    Text(&'static str),
}

fn problems_of(bytes: &[u8]) -> Vec<String> {
    match workbook::read(bytes) {
        Ok(_) => vec![],
        Err(ps) => ps.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn a_third_decimal_of_yuan_is_an_error_at_its_cell() {
    // offerings, row 2 (the first offering), column J (mrc): 15.005 yuan is not a whole fen.
    let bytes = edited("offerings", Some((1, 9, Edit::Number(15.005))), false);
    assert_eq!(
        problems_of(&bytes),
        ["sheet 'offerings', row 2, column J (mrc): 15.005 has more than two decimals (money is in yuan, exact to the fen) / 15.005 超过两位小数（金额以元计，精确到分）"]
    );
    // 15.01 yuan is read as exactly 1501 fen.
    let bytes = edited("offerings", Some((1, 9, Edit::Number(15.01))), false);
    let (c, _, _) = workbook::read(&bytes).unwrap_or_else(|ps| panic!("{}", listing(&ps)));
    assert_eq!(c.offerings[0].mrc, 1501);
}

#[test]
fn a_rate_beyond_a_hundredth_of_a_percent_is_an_error_at_its_cell() {
    // tax classes, row 2, column D (rate_bp): 0.09005 is 9.005 %, not a whole bp.
    let bytes = edited("tax classes", Some((1, 3, Edit::Number(0.09005))), false);
    assert_eq!(
        problems_of(&bytes),
        ["sheet 'tax classes', row 2, column D (rate_bp): 0.09005 (9.005%) has more than two decimals of a percent (rates are exact to 0.01%) / 0.09005 (9.005%) 超过两位小数的百分比（费率精确到 0.01%）"]
    );
}

#[test]
fn a_text_in_a_number_cell_is_an_error_at_its_cell() {
    // offerings, row 3, column N (min_qty).
    let bytes = edited("offerings", Some((2, 13, Edit::Text("ten"))), false);
    assert_eq!(
        problems_of(&bytes),
        ["sheet 'offerings', row 3, column N (min_qty): 'ten' is not a number / “ten”不是数字"]
    );
}

#[test]
fn a_missing_sheet_is_named() {
    let bytes = edited("tiers", None, true);
    assert_eq!(
        problems_of(&bytes),
        ["sheet 'tiers': the sheet 'tiers' is missing / 缺少工作表“tiers”"]
    );
}

#[test]
fn a_child_naming_no_parent_and_bytes_that_are_no_workbook_are_refused() {
    // tiers, row 2, column A (offering): an id no offering has.
    let bytes = edited("tiers", Some((1, 0, Edit::Text("nothing"))), false);
    assert_eq!(
        problems_of(&bytes),
        ["sheet 'tiers', row 2, column A (offering): no row with id 'nothing' on the sheet 'offerings' / 工作表“offerings”中没有 id 为“nothing”的行"]
    );
    let ps = problems_of(b"PK\x03\x04 not really a zip");
    assert!(
        ps.len() == 1 && ps[0].starts_with("workbook: not a readable XLSX workbook"),
        "{ps:?}"
    );
}

#[test]
fn a_bad_cell_of_a_package_line_is_an_error_at_its_cell() {
    const SITES: &str = "tests/fixtures/broken/catalog_sites.json";
    // package lines, row 2, column I (discount_bp): 0.12345 is 12.345 %, not a whole bp.
    let bytes = edited_of(
        SITES,
        "package lines",
        Some((1, 8, Edit::Number(0.12345))),
        false,
    );
    assert_eq!(
        problems_of(&bytes),
        ["sheet 'package lines', row 2, column I (discount_bp): 0.12345 (12.345%) has more than two decimals of a percent (rates are exact to 0.01%) / 0.12345 (12.345%) 超过两位小数的百分比（费率精确到 0.01%）"]
    );
    // row 3, column C (package): no package of gov_office is called `p9`.
    let bytes = edited_of(
        SITES,
        "package lines",
        Some((2, 2, Edit::Text("p9"))),
        false,
    );
    assert_eq!(
        problems_of(&bytes),
        ["sheet 'package lines', row 3, column C (package): no row with id 'p9' on the sheet 'template packages' / 工作表“template packages”中没有 id 为“p9”的行"]
    );
    // row 4, column H (quantity): blank, where a number is needed.
    let bytes = edited_of(SITES, "package lines", Some((3, 7, Edit::Text(""))), false);
    assert_eq!(
        problems_of(&bytes),
        ["sheet 'package lines', row 4, column H (quantity): the cell is empty; enter the number / 数量 / 单元格为空；请填写number / 数量"]
    );
    // template packages, row 2, column A (template): no such template.
    let bytes = edited_of(
        SITES,
        "template packages",
        Some((1, 0, Edit::Text("nothing"))),
        false,
    );
    let ps = problems_of(&bytes);
    assert!(
        ps.first().is_some_and(|p| p.starts_with(
            "sheet 'template packages', row 2, column A (template): no row with id 'nothing' on the sheet 'templates'"
        )),
        "{ps:?}"
    );
    let bytes = edited_of(SITES, "site types", None, true);
    assert_eq!(
        problems_of(&bytes),
        ["sheet 'site types': the sheet 'site types' is missing / 缺少工作表“site types”"]
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Whatever the bytes (a ZIP header then anything, or a real workbook cut short), reading
    /// refuses them with a problem and never panics.
    #[test]
    fn hostile_bytes_are_refused_never_a_panic(
        tail in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..2048),
        cut in 0usize..40_000,
    ) {
        let mut bytes = b"PK\x03\x04".to_vec();
        bytes.extend(&tail);
        proptest::prop_assert!(workbook::read(&bytes).is_err());
        let catalog: Catalog = parse("tests/fixtures/good/catalog.json");
        let policy: Policy = parse("tests/fixtures/good/policy.json");
        let whole = workbook::write(&catalog, &policy).unwrap_or_default();
        let cut = cut.min(whole.len().saturating_sub(1));
        proptest::prop_assert!(workbook::read(&whole[..cut]).is_err());
    }
}
