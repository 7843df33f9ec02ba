//! The library backup: export → read round trips, every malformed, foreign, newer or hostile
//! backup is refused naming the file, the entry and the problem, and merging one back in adds
//! what is new, skips what is identical and adds what differs as a copy with a new id and no
//! approvals, never overwriting a proposal.

use serde_json::json;
use std::collections::BTreeMap;
use tailor_core::backup::{self, content, export, file_name, plan, read, Entry, Fate, Incoming};
use tailor_core::limits;
use tailor_core::pricing;
use tailor_core::quote_file::{self, QuoteFile};
use tailor_core::text::Text;

mod common;

const BACKUP: &str = "tailor-library-2026-12-01.json";

/// A quote file for quote `id`, carrying one (unverified) approval entry.
fn quote_file(id: &str, customer: &str) -> QuoteFile {
    let (catalog, policy) = common::setup();
    let mut quote = common::from_template(&catalog, &policy, "gov_smart_office");
    quote.id = id.into();
    quote.customer.name = customer.into();
    let priced = pricing::price(&catalog, &policy, &quote);
    let mut file = QuoteFile::new(quote, priced);
    file.approvals = vec![json!({"level": "sales_manager", "signature": id})];
    file
}

fn backup_of(files: &[(&str, f64, &QuoteFile)]) -> String {
    let texts: Vec<(&str, f64, String)> = files
        .iter()
        .map(|(name, at, f)| (*name, *at, f.to_json()))
        .collect();
    export(
        texts.iter().map(|(name, saved_at, file)| Entry {
            name,
            saved_at: *saved_at,
            file,
        }),
        "2026-12-01",
    )
}

fn refuse(name: &str, bytes: &[u8]) -> Text {
    let e = read(name, bytes).expect_err("the backup is refused");
    assert!(e.zh.contains(name) && e.en.contains(name), "{e:?}");
    e
}

#[test]
fn export_then_read_gives_the_same_proposals() {
    let (a, b) = (quote_file("Q-A", "甲"), quote_file("Q-B", "乙"));
    let text = backup_of(&[("甲的方案", 1_764_547_200_123.0, &a), ("", 5.0, &b)]);
    assert!(text.starts_with(
        "{\"format\":\"tailor-library\",\"schema_version\":1,\"exported\":\"2026-12-01\""
    ));
    assert!(text.ends_with("]}\n"));
    let back = read(BACKUP, text.as_bytes()).expect("reads");
    assert_eq!(
        back,
        vec![
            Incoming {
                name: "甲的方案".into(),
                saved_at: 1_764_547_200_123.0,
                file: a,
            },
            Incoming {
                name: String::new(),
                saved_at: 5.0,
                file: b,
            },
        ]
    );
    assert_eq!(file_name("2026-12-01"), BACKUP);
}

#[test]
fn a_stored_file_that_is_not_json_is_left_out() {
    let a = quote_file("Q-A", "甲").to_json();
    let text = export(
        [
            Entry {
                name: "broken",
                saved_at: 1.0,
                file: "{not json",
            },
            Entry {
                name: "good",
                saved_at: 2.0,
                file: &a,
            },
        ],
        "2026-12-01",
    );
    let back = read(BACKUP, text.as_bytes()).expect("reads");
    assert_eq!(back.len(), 1);
    assert_eq!(back[0].name, "good");
}

#[test]
fn a_single_quote_file_reads_as_one_proposal_saved_now() {
    let a = quote_file("Q-A", "甲");
    let back = read("甲-2026-11-23.tailor.json", a.to_json().as_bytes()).expect("reads");
    assert_eq!(
        back,
        vec![Incoming {
            name: String::new(),
            saved_at: 0.0,
            file: a,
        }]
    );
}

#[test]
fn malformed_foreign_and_newer_backups_are_refused_naming_file_place_and_problem() {
    let e = refuse(BACKUP, b"\xff\xfe{}");
    assert!(e.en.contains("not UTF-8"), "{}", e.en);
    let e = refuse(BACKUP, b"{\"format\": \"tailor-library\",, }");
    assert!(
        e.zh.contains("不是有效的 JSON") && e.en.contains("line 1"),
        "{e:?}"
    );
    let e = refuse(BACKUP, br#"{"format": "tailor-catalog", "proposals": []}"#);
    assert!(e.en.contains("not a Tailor library backup"), "{}", e.en);
    let e = refuse(BACKUP, br#"[{"format": "tailor-library"}]"#);
    assert!(e.en.contains("not a Tailor library backup"), "{}", e.en);
    let e = refuse(BACKUP, br#"{"format": "tailor-library", "proposals": []}"#);
    assert!(
        e.en.contains("malformed backup: schema_version"),
        "{}",
        e.en
    );
    let e = refuse(
        BACKUP,
        br#"{"format": "tailor-library", "schema_version": 2, "proposals": []}"#,
    );
    assert!(e.zh.contains("更新版本") && e.en.contains("newer"), "{e:?}");
    let e = refuse(
        BACKUP,
        br#"{"format": "tailor-library", "schema_version": 1, "proposals": {}}"#,
    );
    assert!(e.en.contains("malformed backup: proposals"), "{}", e.en);

    // An entry without its file, and an entry whose quote file is malformed: the entry is named,
    // and for the quote file the place inside it and the problem.
    let good = serde_json::to_value(quote_file("Q-A", "甲")).expect("json");
    let mut bad = good.clone();
    bad["quote"]["lines"][0]["quantity"] = json!("10");
    let text = json!({
        "format": "tailor-library",
        "schema_version": 1,
        "proposals": [{"name": "a", "file": good}, {"name": "b"}],
    });
    let e = refuse(BACKUP, text.to_string().as_bytes());
    assert!(
        e.en.contains("malformed backup: proposals[1].file"),
        "{}",
        e.en
    );
    let text = json!({
        "format": "tailor-library",
        "schema_version": 1,
        "proposals": [{"name": "a", "file": good}, "b"],
    });
    let e = refuse(BACKUP, text.to_string().as_bytes());
    assert!(e.en.contains("malformed backup: proposals[1]"), "{}", e.en);
    let text = json!({
        "format": "tailor-library",
        "schema_version": 1,
        "proposals": [{"name": "a", "file": good}, {"name": "b", "file": bad}],
    });
    let e = refuse(BACKUP, text.to_string().as_bytes());
    assert!(e.en.contains(&format!("{BACKUP} proposals[1]")), "{}", e.en);
    assert!(e.en.contains("quote.lines[0].quantity"), "{}", e.en);
    assert!(e.en.contains("wrong type"), "{}", e.en);
}

#[test]
fn hostile_backups_are_refused_without_panicking() {
    let e = refuse(BACKUP, &vec![0; backup::MAX_BYTES + 1]);
    assert_eq!(
        e,
        limits::too_large(BACKUP, backup::MAX_BYTES + 1, &limits::BACKUP)
    );
    assert!(
        e.zh.contains("过大") && e.en.contains("at most 48.0 MB"),
        "{e:?}"
    );
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    refuse(BACKUP, deep.as_bytes());
    // A quote file inside a backup keeps its own caps.
    let mut huge = serde_json::to_value(quote_file("Q-A", "甲")).expect("json");
    huge["quote"]["customer"]["name"] = json!("x".repeat(20_000));
    let text =
        json!({"format": "tailor-library", "schema_version": 1, "proposals": [{"file": huge}]});
    let e = refuse(BACKUP, text.to_string().as_bytes());
    assert!(e.en.contains("quote.customer.name"), "{}", e.en);
}

/// The library's contents by id, as the app hands them to [`plan`].
fn library(files: &[&QuoteFile]) -> BTreeMap<String, String> {
    files
        .iter()
        .map(|f| (f.quote.id.clone(), content(f)))
        .collect()
}

fn incoming(file: &QuoteFile) -> Incoming {
    Incoming {
        name: "来自备份".into(),
        saved_at: 7.0,
        file: file.clone(),
    }
}

#[test]
fn the_plan_adds_new_skips_identical_and_copies_different() {
    let (a, b) = (quote_file("Q-A", "甲"), quote_file("Q-B", "乙"));
    let mut b_changed = b.clone();
    b_changed.quote.customer.name = "乙（改）".into();
    let mut a_other_approvals = a.clone();
    a_other_approvals.approvals.clear();
    let c = quote_file("Q-C", "丙");
    let mut c_changed = c.clone();
    c_changed.quote.term_months = 12;
    let fates = plan(
        &[
            incoming(&a),
            incoming(&b_changed),
            incoming(&c),
            incoming(&c),
            incoming(&c_changed),
            incoming(&a_other_approvals),
        ],
        library(&[&a, &b]),
    );
    assert_eq!(
        fates,
        [
            Fate::Same,
            Fate::Copy,
            Fate::New,
            Fate::Same,
            Fate::Copy,
            Fate::Copy
        ]
    );
}

#[test]
fn a_copy_has_a_new_id_and_no_approvals() {
    let b = quote_file("Q-B", "乙");
    let copy = incoming(&b).into_copy("Q-NEW", "乙（导入副本）");
    assert_eq!(copy.file.quote.id, "Q-NEW");
    assert!(copy.file.approvals.is_empty());
    assert_eq!(copy.name, "乙（导入副本）");
    assert_eq!(copy.saved_at, 0.0, "saved now");
    let mut same_quote = copy.file.quote.clone();
    same_quote.id = b.quote.id.clone();
    assert_eq!(same_quote, b.quote, "otherwise the same quote");
    assert_eq!(copy.file.priced, b.priced);
    quote_file::import("copy.tailor.json", &copy.file.to_json()).expect("a valid quote file");
}

#[test]
fn merging_never_overwrites_a_proposal() {
    let (a, b) = (quote_file("Q-A", "甲"), quote_file("Q-B", "乙"));
    let mut a_changed = a.clone();
    a_changed.quote.lines.truncate(1);
    let mut b_changed = b.clone();
    b_changed.approvals.push(json!({"level": "city_branch"}));
    let before = library(&[&a, &b]);
    let items = [
        incoming(&a_changed),
        incoming(&b),
        incoming(&b_changed),
        incoming(&quote_file("Q-C", "丙")),
    ];
    let fates = plan(&items, before.clone());
    // Apply the plan as the app does: new ones under their id, copies under a fresh id.
    let mut after = before.clone();
    for (n, (item, fate)) in items.iter().zip(&fates).enumerate() {
        let stored = match fate {
            Fate::Same => continue,
            Fate::New => item.clone(),
            Fate::Copy => item.clone().into_copy(&format!("Q-NEW-{n}"), "copy"),
        };
        let id = stored.file.quote.id.clone();
        assert!(
            after.insert(id.clone(), content(&stored.file)).is_none(),
            "{id} overwritten"
        );
    }
    for (id, c) in &before {
        assert_eq!(after.get(id), Some(c), "{id} unchanged");
    }
    assert_eq!(after.len(), before.len() + 3);
}

/// A contract of quote `id`, accepted on 2026-12-01 from 2027-01-01.
fn a_contract(id: &str) -> tailor_core::contract::Contract {
    let (catalog, policy) = common::setup();
    let mut quote = common::from_template(&catalog, &policy, "gov_smart_office");
    quote.id = id.into();
    let priced = pricing::price(&catalog, &policy, &quote);
    tailor_core::contract::accept(&quote, &priced, "2026-12-01", "2027-01-01").expect("accepted")
}

/// Contracts travel in the backup and read back as they were; a backup of proposals alone
/// keeps its bytes (no `contracts` field).
#[test]
fn contracts_are_in_the_backup_and_read_back() {
    let a = quote_file("Q-A", "甲");
    let text = a.to_json();
    let entries = [Entry {
        name: "",
        saved_at: 5.0,
        file: &text,
    }];
    let (k1, k2) = (a_contract("Q-A"), a_contract("Q-B"));
    let with = backup::export_with(entries, &[k1.clone(), k2.clone()], "2026-12-01");
    let back = backup::read_all(BACKUP, with.as_bytes()).expect("reads");
    assert_eq!(back.proposals.len(), 1);
    assert_eq!(back.contracts, vec![k1, k2]);
    assert!(back.refused.is_empty());
    let without = backup::export(entries, "2026-12-01");
    assert!(!without.contains("contracts"));
    assert!(backup::read_all(BACKUP, without.as_bytes())
        .expect("reads")
        .contracts
        .is_empty());
}

/// A malformed or hostile contract is refused with the file, the entry and the problem; the
/// proposals and the other contracts are kept.
#[test]
fn a_bad_contract_is_refused_by_name_and_the_rest_is_kept() {
    let a = quote_file("Q-A", "甲");
    let good = a_contract("Q-A");
    let good_json = serde_json::to_value(&good).unwrap();
    let with = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut v = good_json.clone();
        f(&mut v);
        v
    };
    let bad = [
        (json!("not a contract"), "not a valid contract"),
        (with(&|v| v["surprise"] = json!(1)), "not a valid contract"),
        (with(&|v| v["start"] = json!("2026-02-30")), "start date"),
        (
            with(&|v| v["start"] = json!("2026-11-01")),
            "before the signing date",
        ),
        (with(&|v| v["end"] = json!("2026-12-31")), "end date"),
        (with(&|v| v["id"] = json!("Q-OTHER")), "lineage"),
        (
            with(&|v| v["accepted"]["id"] = json!("x".repeat(500))),
            "accepted.id",
        ),
        (
            with(&|v| v["lines"] = json!(vec![v["lines"][0].clone(); 5_001])),
            "lines",
        ),
    ];
    let mut contracts: Vec<serde_json::Value> = bad.iter().map(|(v, _)| v.clone()).collect();
    contracts.push(good_json.clone());
    let text = json!({
        "format": "tailor-library",
        "schema_version": 1,
        "exported": "2026-12-01",
        "proposals": [{"name": "", "saved_at": 1, "file": serde_json::from_str::<serde_json::Value>(&a.to_json()).unwrap()}],
        "contracts": contracts,
    })
    .to_string();
    let back = backup::read_all(BACKUP, text.as_bytes()).expect("the backup reads");
    assert_eq!(back.proposals.len(), 1, "the proposals are kept");
    assert_eq!(back.contracts, vec![good], "the good contract is kept");
    assert_eq!(back.refused.len(), bad.len());
    for (i, ((_, word), why)) in bad.iter().zip(&back.refused).enumerate() {
        let place = format!("{BACKUP} contracts[{i}]");
        assert!(
            why.en.contains(&place) && why.zh.contains(&place),
            "{why:?}"
        );
        assert!(why.en.contains(word), "{i}: {}", why.en);
    }
    let many = json!({"format": "tailor-library", "schema_version": 1, "proposals": [],
        "contracts": vec![json!(1); backup::MAX_CONTRACTS + 1]})
    .to_string();
    assert!(backup::read_all(BACKUP, many.as_bytes()).is_err());
}
