//! The pricing team's workbench as commands: the workbook in and out (`tailor-publish workbook`,
//! `json`), the checker on a workbook (`tailor-check BOOK.xlsx`), publishing in one command (a
//! catalog edited in the workbook — one price changed, one offering added — checked, its changes
//! shown, signed, and verified by the checker as the app will), and the impact command.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use tailor_core::catalog::Catalog;
use tailor_core::policy::Policy;

fn core_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tailor-workbench-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temp dir");
    dir
}

fn publish(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tailor-publish"))
        .current_dir(core_dir())
        .env("TAILOR_PUBLISHER_PASSPHRASE", "granite-otter-lantern-1987")
        .args(args)
        .output()
        .expect("tailor-publish runs")
}

fn check(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tailor-check"))
        .current_dir(core_dir())
        .args(args)
        .output()
        .expect("tailor-check runs")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn s(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 path")
}

#[test]
fn the_workbook_goes_out_and_comes_back_as_the_same_files() {
    let dir = temp("json");
    let book = dir.join("book.xlsx");
    let o = publish(&[
        "workbook",
        "../public/catalog.json",
        "../public/policy.json",
        "--out",
        s(&book),
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let o = publish(&["json", s(&book), "--out", s(&dir)]);
    assert!(o.status.success(), "{}", text(&o));
    for f in ["catalog.json", "policy.json"] {
        let back = std::fs::read(dir.join(f)).expect("written");
        let original = std::fs::read(core_dir().join("../public").join(f)).expect("public");
        assert!(back == original, "{f} differs");
    }
    let o = check(&[s(&book)]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("ok: catalog 2026.11 (43 offerings), policy 2026.11"));
}

#[test]
fn the_checker_names_a_broken_workbook_s_cells() {
    let dir = temp("check");
    let book = dir.join("broken.xlsx");
    let o = publish(&[
        "workbook",
        "tests/fixtures/broken/catalog.json",
        "tests/fixtures/good/policy.json",
        "--out",
        s(&book),
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let o = check(&[s(&book)]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let out = text(&o);
    for line in [
        "broken.xlsx: sheet 'tiers', row 3, column D (mrc): error: tier MRC ¥3.50 is below",
        "broken.xlsx: sheet 'offerings', row 4, column K (nrc): error: offering 'iot_sim' has a negative NRC",
        "broken.xlsx: sheet 'template lines', row 4, column D (options): error:",
        "broken.xlsx: sheet 'catalog', row 2, column A (schema_version): error: unknown schema_version 2",
    ] {
        assert!(out.contains(line), "{line}\n{out}");
    }
    // JSON files keep their paths, lines and columns.
    let o = check(&[
        "--unsigned",
        "tests/fixtures/broken/syntax.json",
        "tests/fixtures/good/policy.json",
    ]);
    assert!(text(&o).contains("line "), "{}", text(&o));
}

#[test]
fn a_catalog_edited_in_the_workbook_is_published_in_one_command_and_verifies() {
    let dir = temp("publish");
    let key = dir.join("pricing.tailor-key.json");
    let o = publish(&[
        "keygen",
        "--id",
        "pricing",
        "--name-zh",
        "定价团队",
        "--name-en",
        "Pricing team",
        "--out",
        s(&key),
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let entry: serde_json::Value = serde_json::from_slice(&o.stdout).expect("the entry");
    let publishers = dir.join("publishers.json");
    let trusted = serde_json::json!({
        "format": "tailor-publishers", "version": 1, "publishers": [entry]
    });
    std::fs::write(&publishers, trusted.to_string()).expect("write");

    // The pricing team's edit: one price changed (¥15.00 → ¥16.50 a month), one offering added.
    let (mut catalog, policy): (Catalog, Policy) = common::setup();
    let first = catalog.offerings[0].clone();
    catalog.version = "2026.12".into();
    catalog.offerings[0].mrc = 1650;
    let mut added = first.clone();
    added.id = "vnet_seat_plus".into();
    catalog.offerings.push(added);
    let book = dir.join("edited.xlsx");
    let bytes = tailor_core::workbook::write(&catalog, &policy).expect("the workbook");
    std::fs::write(&book, bytes).expect("write");

    let out = dir.join("out");
    let o = publish(&[
        "publish",
        "--key",
        s(&key),
        "--publisher",
        "pricing",
        "--publishers",
        s(&publishers),
        "--current",
        "../public",
        "--out",
        s(&out),
        s(&book),
    ]);
    let said = text(&o);
    assert!(o.status.success(), "{said}");
    for line in [
        "~ catalog version: 2026.11 → 2026.12",
        &format!("~ offering {} mrc: ¥15.00 → ¥16.50", first.id),
        "+ offering vnet_seat_plus",
        "changes against ../public (catalog 2026.11, policy 2026.11): 3",
    ] {
        assert!(said.contains(line), "{line}\n{said}");
    }
    for f in [
        "catalog.json",
        "catalog.sig.json",
        "policy.json",
        "policy.sig.json",
        "keys.json",
        "keys.sig.json",
    ] {
        assert!(out.join(f).exists(), "{f}");
    }
    // The published files verify as the app will, and price as edited.
    let o = check(&[
        "--publishers",
        s(&publishers),
        s(&out.join("catalog.json")),
        s(&out.join("policy.json")),
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let published: Catalog = serde_json::from_str(
        &std::fs::read_to_string(out.join("catalog.json")).expect("published"),
    )
    .expect("parses");
    assert_eq!(published, catalog);
    let mut quote = common::from_template(&published, &policy, "gov_smart_office");
    quote.lines.retain(|l| l.offering == first.id);
    if let Some(l) = quote.lines.first_mut() {
        l.quantity = 10;
        l.discount_bp = 0;
    }
    let priced = tailor_core::pricing::price(&published, &policy, &quote);
    // 10 members are below the offering's first volume tier: the unit list MRC is the new base.
    assert_eq!(priced.lines[0].unit_list_mrc, 1650);

    // A workbook with a problem is refused and nothing is written.
    let refused = dir.join("refused");
    catalog.offerings[0].mrc = 100;
    std::fs::write(
        &book,
        tailor_core::workbook::write(&catalog, &policy).expect("the workbook"),
    )
    .expect("write");
    let o = publish(&[
        "publish",
        "--key",
        s(&key),
        "--publisher",
        "pricing",
        "--publishers",
        s(&publishers),
        "--out",
        s(&refused),
        s(&book),
    ]);
    assert!(!o.status.success());
    assert!(
        text(&o).contains("sheet 'offerings', row 2, column J (mrc)"),
        "{}",
        text(&o)
    );
    assert!(!refused.exists());
}

#[test]
fn the_impact_command_prints_the_table_and_writes_the_workbook() {
    let dir = temp("impact");
    let (catalog, policy) = common::setup();
    let quote = common::from_template(&catalog, &policy, "gov_smart_office");
    let priced = tailor_core::pricing::price(&catalog, &policy, &quote);
    let quotes = dir.join("quotes");
    std::fs::create_dir_all(&quotes).expect("dir");
    std::fs::write(
        quotes.join("q1.json"),
        tailor_core::quote_file::export(&quote, &priced),
    )
    .expect("write");
    let mut cheaper = catalog.clone();
    for o in &mut cheaper.offerings {
        o.mrc_cost += o.mrc_cost / 10;
    }
    let proposed = dir.join("proposed.xlsx");
    std::fs::write(
        &proposed,
        tailor_core::workbook::write(&cheaper, &policy).expect("the workbook"),
    )
    .expect("write");
    let xlsx = dir.join("impact.xlsx");
    let o = publish(&[
        "impact",
        "--current",
        "../public",
        "--proposed",
        s(&proposed),
        "--proposals",
        s(&quotes),
        "--xlsx",
        s(&xlsx),
    ]);
    let said = text(&o);
    assert!(o.status.success(), "{said}");
    assert!(
        said.contains("on 1 proposals (approvals judged on 2026-11-01)"),
        "{said}"
    );
    assert!(said.contains("Margin by family"), "{said}");
    assert!(xlsx.exists());
    // The same proposal from a library backup, under the name the seller gave it.
    let file = tailor_core::quote_file::export(&quote, &priced);
    let backup = dir.join("library.json");
    std::fs::write(
        &backup,
        tailor_core::backup::export(
            [tailor_core::backup::Entry {
                name: "政务办公 2026",
                saved_at: 0.0,
                file: &file,
            }],
            "2026-11-30",
        ),
    )
    .expect("write");
    let o = publish(&[
        "impact",
        "--current",
        "../public",
        "--proposed",
        s(&proposed),
        "--proposals",
        s(&backup),
        "--today",
        "2026-11-30",
    ]);
    let said = text(&o);
    assert!(o.status.success(), "{said}");
    assert!(
        said.contains("政务办公 2026 (Q-1 V1) | government |"),
        "{said}"
    );
}
