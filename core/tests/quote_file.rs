//! The quote file: export → import round trips exactly, and every malformed, truncated, foreign,
//! newer or hostile file is refused with a message naming the file, the place and the problem,
//! without panicking.

use serde_json::{json, Value};
use tailor_core::canonical;
use tailor_core::catalog::Catalog;
use tailor_core::defaults;
use tailor_core::policy::Policy;
use tailor_core::pricing::{self, Priced};
use tailor_core::quote::{Quote, Site};
use tailor_core::quote_file::{
    self, export, file_name, import, import_bytes, Foreign, ImportError, ImportErrorKind,
    QuoteFile, MAX_APPROVALS, MAX_FILE_BYTES,
};

const FILE: &str = "杭州市数据资源管理局-2026-11-23.tailor.json";

mod common;
use common::setup;

/// The template's quote with a site, its dedicated Internet lines at that site and 5 % off.
fn quote_for(catalog: &Catalog, policy: &Policy, template_id: &str) -> Quote {
    let mut quote = common::from_template(catalog, policy, template_id);
    quote.id = "Q-2026-0001".into();
    quote.customer.sites = vec![Site {
        id: "S1".into(),
        name: "总部".into(),
        city: "杭州".into(),
        address: "解放东路 18 号".into(),
        ..Site::default()
    }];
    for l in &mut quote.lines {
        if l.offering == "dia" {
            l.site = Some("S1".into());
            l.discount_bp = 500;
        }
    }
    quote
}

fn fixture() -> (Catalog, Policy, Quote, Priced) {
    let (catalog, policy) = setup();
    let quote = quote_for(&catalog, &policy, "gov_smart_office");
    let priced = pricing::price(&catalog, &policy, &quote);
    (catalog, policy, quote, priced)
}

/// The exported file as a JSON value, to mutate.
fn exported_value() -> Value {
    let (_, _, quote, priced) = fixture();
    serde_json::from_str(&export(&quote, &priced)).expect("export is JSON")
}

fn refuse(text: &str) -> ImportError {
    let e = import(FILE, text).expect_err("the file is refused");
    // Every message names the file, in both languages, and is never empty.
    let m = e.message();
    assert!(m.zh.contains(FILE) && m.en.contains(FILE), "{m:?}");
    assert!(!e.problem().zh.is_empty() && !e.problem().en.is_empty());
    e
}

fn refuse_value(v: &Value) -> ImportError {
    refuse(&serde_json::to_string_pretty(v).expect("serializes"))
}

fn set(v: &mut Value, pointer: &str, new: Value) {
    *v.pointer_mut(pointer).expect("the pointer exists") = new;
}

// ---- round trip ----

#[test]
fn export_then_import_gives_the_identical_quote_and_priced_bytes() {
    let (catalog, policy, quote, priced) = fixture();
    let text = export(&quote, &priced);
    let file = import(FILE, &text).expect("an exported file imports");
    assert_eq!(file.format, quote_file::FORMAT);
    assert_eq!(file.schema_version, tailor_core::SCHEMA_VERSION);
    assert_eq!(file.quote, quote);
    assert!(file.approvals.is_empty());
    // The snapshot comes back byte for byte…
    assert_eq!(
        canonical::to_bytes(&file.priced),
        canonical::to_bytes(&priced)
    );
    // …and re-pricing the imported quote gives the same bytes again.
    let repriced = pricing::price(&catalog, &policy, &file.quote);
    assert_eq!(canonical::to_bytes(&repriced), canonical::to_bytes(&priced));
    // Export is deterministic and re-exports identically.
    assert_eq!(export(&file.quote, &file.priced), text);
}

#[test]
fn round_trips_every_default_template() {
    let (catalog, policy) = setup();
    for t in &catalog.templates {
        let mut quote = quote_for(&catalog, &policy, &t.id);
        quote.customer.industry = t.industry.clone();
        let priced = pricing::price(&catalog, &policy, &quote);
        let file = import(FILE, &export(&quote, &priced)).expect("imports");
        assert_eq!(file.quote, quote, "{}", t.id);
        assert_eq!(
            canonical::to_bytes(&pricing::price(&catalog, &policy, &file.quote)),
            canonical::to_bytes(&priced),
            "{}",
            t.id
        );
    }
}

#[test]
fn export_is_canonical_json_with_the_envelope() {
    let (_, _, quote, priced) = fixture();
    let text = export(&quote, &priced);
    assert!(text.starts_with("{\"format\":\"tailor-quote\",\"schema_version\":1,\"quote\":{"));
    assert!(text.ends_with("\"approvals\":[]}\n"));
    let file = QuoteFile::new(quote, priced);
    assert_eq!(text, format!("{}\n", canonical::to_string(&file)));
    // Any formatting of the same file imports the same.
    let pretty = serde_json::to_string_pretty(&file).expect("serializes");
    assert_eq!(import(FILE, &pretty), Ok(file));
}

#[test]
fn html_and_script_in_the_customer_name_round_trip_as_text() {
    let (catalog, policy, mut quote, _) = fixture();
    let hostile = "<script>alert('x')</script><img src=x onerror=alert(1)> &amp; \"引号\" =1+1";
    quote.customer.name = hostile.into();
    quote.customer.sites[0].name = "<b>总部</b>".into();
    quote.customer.needs.notes = "</textarea><svg/onload=alert(1)>\n第二行".into();
    let priced = pricing::price(&catalog, &policy, &quote);
    let file = import(FILE, &export(&quote, &priced)).expect("imports");
    assert_eq!(file.quote.customer.name, hostile);
    assert_eq!(file.quote, quote);
    let name = file_name(&quote);
    assert!(
        !name.contains(['<', '>', '"', '/', '\\', ':', '*', '?', '|']),
        "{name}"
    );
    assert!(name.ends_with("-2026-11-23.tailor.json"), "{name}");
}

#[test]
fn accepts_a_byte_order_mark_and_reads_bytes() {
    let (_, _, quote, priced) = fixture();
    let text = format!("\u{feff}{}", export(&quote, &priced));
    assert_eq!(import(FILE, &text).expect("imports").quote, quote);
    assert_eq!(
        import_bytes(FILE, text.as_bytes()).expect("imports").quote,
        quote
    );
}

#[test]
fn carries_approvals_it_does_not_understand_yet() {
    let mut v = exported_value();
    set(
        &mut v,
        "/approvals",
        json!([{"level": "sales_manager", "signature": "abc"}]),
    );
    let file = import(FILE, &v.to_string()).expect("imports");
    assert_eq!(file.approvals.len(), 1);
    assert_eq!(file.approvals[0]["signature"], "abc");
}

// ---- file names ----

#[test]
fn file_name_is_customer_and_date() {
    let (_, _, mut quote, _) = fixture();
    assert_eq!(
        file_name(&quote),
        "杭州市数据资源管理局-2026-11-23.tailor.json"
    );
    quote.customer.name = "  A/B\\C: D*E?  \"F\" <G>|H\u{202e}\n ".into();
    assert_eq!(
        file_name(&quote),
        "A_B_C_ D_E_ _F_ _G__H-2026-11-23.tailor.json"
    );
    quote.customer.name = "   ".into();
    assert_eq!(file_name(&quote), "Q-2026-0001-2026-11-23.tailor.json");
    quote.id = String::new();
    quote.date = String::new();
    assert_eq!(file_name(&quote), "quote.tailor.json");
    quote.customer.name = "..".into();
    assert_eq!(file_name(&quote), "quote.tailor.json");
    quote.customer.name = "很长的名字".repeat(100);
    quote.date = "2026-11-23".into();
    let name = file_name(&quote);
    assert!(name.len() <= 160, "{} bytes", name.len());
    assert!(name.ends_with("-2026-11-23.tailor.json"));
    assert!(name.starts_with("很长的名字很长的名字"));
}

// ---- not JSON, truncated ----

#[test]
fn empty_file() {
    assert_eq!(refuse("").kind, ImportErrorKind::Empty);
    assert_eq!(refuse(" \n\t ").kind, ImportErrorKind::Empty);
}

#[test]
fn not_json_names_line_and_column() {
    let e = refuse("hello");
    assert!(matches!(e.kind, ImportErrorKind::NotJson { .. }), "{e:?}");
    assert_eq!(e.position.map(|p| (p.line, p.column)), Some((1, 1)));
    let mut text = {
        let (_, _, quote, priced) = fixture();
        serde_json::to_string_pretty(&QuoteFile::new(quote, priced)).expect("serializes")
    };
    // Break the file on its fourth line.
    let fourth = text.match_indices('\n').nth(2).expect("lines").0 + 1;
    text.insert_str(fourth, "@@@");
    let e = refuse(&text);
    assert!(matches!(e.kind, ImportErrorKind::NotJson { .. }), "{e:?}");
    assert_eq!(e.position.map(|p| p.line), Some(4));
    assert!(e.message().zh.contains("第 4 行"), "{}", e.message().zh);
    assert!(
        e.message().en.contains("line 4, column"),
        "{}",
        e.message().en
    );
    // Trailing garbage after a good file.
    let (_, _, quote, priced) = fixture();
    let e = refuse(&format!("{} x", export(&quote, &priced)));
    assert!(matches!(e.kind, ImportErrorKind::NotJson { .. }), "{e:?}");
}

#[test]
fn truncated_files_are_named_as_truncated_at_every_cut() {
    let (_, _, quote, priced) = fixture();
    let text = export(&quote, &priced);
    let e = refuse(&text[..text.len() / 2]);
    assert_eq!(e.kind, ImportErrorKind::Truncated, "{e:?}");
    assert!(e.position.is_some());
    assert!(e.message().en.contains("truncated"));
    let mut cut = 1;
    while cut < text.trim_end().len() {
        if text.is_char_boundary(cut) {
            let e = import(FILE, &text[..cut]).expect_err("a truncated file is refused");
            assert!(
                matches!(
                    e.kind,
                    ImportErrorKind::Truncated | ImportErrorKind::NotJson { .. }
                ),
                "cut at {cut}: {e:?}"
            );
        }
        cut += 97;
    }
}

#[test]
fn non_utf8_bytes() {
    let e = import_bytes(FILE, b"{\n  \"format\": \"\xff\xfe\"}").expect_err("refused");
    assert_eq!(e.kind, ImportErrorKind::NotUtf8);
    assert_eq!(e.position.map(|p| (p.line, p.column)), Some((2, 14)));
}

// ---- foreign files ----

#[test]
fn catalog_and_policy_files_are_foreign() {
    let e = refuse(defaults::CATALOG_JSON);
    assert_eq!(e.kind, ImportErrorKind::Foreign(Foreign::Catalog));
    assert!(e.message().zh.contains("产品目录"), "{}", e.message().zh);
    assert!(e.message().en.contains("not a Tailor quote file"));
    let e = refuse(defaults::POLICY_JSON);
    assert_eq!(e.kind, ImportErrorKind::Foreign(Foreign::Policy));
}

#[test]
fn random_json_is_foreign() {
    assert_eq!(
        refuse(r#"{"name": "x", "items": [1, 2]}"#).kind,
        ImportErrorKind::Foreign(Foreign::Other { format: None })
    );
    assert_eq!(
        refuse(r#"{"format": "tailor-catalog", "schema_version": 1}"#).kind,
        ImportErrorKind::Foreign(Foreign::Other {
            format: Some("tailor-catalog".into())
        })
    );
    assert_eq!(
        refuse(r#"{"format": 7}"#).kind,
        ImportErrorKind::Foreign(Foreign::Other {
            format: Some("7".into())
        })
    );
    for (text, found) in [
        ("[1, 2, 3]", "a list"),
        ("\"tailor-quote\"", "a string"),
        ("42", "a number"),
        ("null", "null"),
        ("true", "a boolean"),
    ] {
        assert_eq!(
            refuse(text).kind,
            ImportErrorKind::Foreign(Foreign::NotAnObject {
                found: found.into()
            }),
            "{text}"
        );
    }
}

#[test]
fn a_bare_quote_is_foreign() {
    let (_, _, quote, _) = fixture();
    assert_eq!(
        refuse(&canonical::to_string(&quote)).kind,
        ImportErrorKind::Foreign(Foreign::BareQuote)
    );
}

// ---- versions ----

#[test]
fn a_newer_schema_asks_to_update_the_app() {
    let mut v = exported_value();
    set(&mut v, "/schema_version", json!(2));
    // A newer file may carry fields this build does not know: the version is judged first.
    v["signatures"] = json!({"new": true});
    let e = refuse_value(&v);
    assert_eq!(e.kind, ImportErrorKind::NewerSchema { found: 2 });
    assert_eq!(e.path.as_deref(), Some("schema_version"));
    assert!(
        e.message().en.contains("update the app"),
        "{}",
        e.message().en
    );
    assert!(e.message().zh.contains("请更新应用"), "{}", e.message().zh);
    let mut v = exported_value();
    set(&mut v, "/schema_version", json!(u64::MAX));
    assert_eq!(
        refuse_value(&v).kind,
        ImportErrorKind::NewerSchema { found: u64::MAX }
    );
}

#[test]
fn an_older_unknown_schema_is_refused() {
    let mut v = exported_value();
    set(&mut v, "/schema_version", json!(0));
    let e = refuse_value(&v);
    assert_eq!(e.kind, ImportErrorKind::OlderSchema { found: 0 });
    assert!(e.message().en.contains("unknown older schema_version 0"));
}

#[test]
fn schema_version_missing_or_of_the_wrong_type() {
    let mut v = exported_value();
    v.as_object_mut().expect("object").remove("schema_version");
    assert_eq!(
        refuse_value(&v).kind,
        ImportErrorKind::MissingField {
            field: "schema_version".into()
        }
    );
    let mut v = exported_value();
    set(&mut v, "/schema_version", json!("1"));
    let e = refuse_value(&v);
    assert!(matches!(e.kind, ImportErrorKind::WrongType { .. }), "{e:?}");
    assert_eq!(e.path.as_deref(), Some("schema_version"));
}

#[test]
fn the_quote_inside_has_its_own_schema_version() {
    let mut v = exported_value();
    set(&mut v, "/quote/schema_version", json!(3));
    let e = refuse_value(&v);
    assert_eq!(e.kind, ImportErrorKind::NewerSchema { found: 3 });
    assert_eq!(e.path.as_deref(), Some("quote.schema_version"));
}

// ---- wrong types and fields ----

#[test]
fn wrong_types_name_the_path_and_the_expected_type() {
    let mut v = exported_value();
    set(&mut v, "/quote/lines/0/quantity", json!("10"));
    let e = refuse_value(&v);
    assert_eq!(e.path.as_deref(), Some("quote.lines[0].quantity"));
    assert!(e.position.is_some());
    match &e.kind {
        ImportErrorKind::WrongType { expected, found } => {
            assert_eq!(expected, "u32");
            assert_eq!(found, "string \"10\"");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        e.problem().en,
        "wrong type: expected a whole number from 0 to 4294967295, found the text \"10\""
    );
    assert_eq!(
        e.problem().zh,
        "类型错误：应为 0 到 4294967295 之间的整数，实际为文本 \"10\""
    );
    let m = e.message();
    assert!(m.en.contains("quote.lines[0].quantity (line "), "{}", m.en);
    assert!(
        m.en.contains("wrong type: expected a whole number"),
        "{}",
        m.en
    );
    assert!(m.zh.contains("quote.lines[0].quantity（第 "), "{}", m.zh);
    assert!(m.zh.contains("类型错误"), "{}", m.zh);

    let mut v = exported_value();
    set(&mut v, "/quote/customer/name", json!(5));
    let e = refuse_value(&v);
    assert_eq!(e.path.as_deref(), Some("quote.customer.name"));
    assert!(
        matches!(&e.kind, ImportErrorKind::WrongType { expected, .. } if expected == "a string"),
        "{e:?}"
    );

    let mut v = exported_value();
    set(&mut v, "/quote/lines", json!({"L1": 1}));
    let e = refuse_value(&v);
    assert_eq!(e.path.as_deref(), Some("quote.lines"));
    assert!(
        matches!(&e.kind, ImportErrorKind::WrongType { expected, found } if expected == "a sequence" && found == "map"),
        "{e:?}"
    );

    let mut v = exported_value();
    set(&mut v, "/quote/at_risk/flagged", json!("yes"));
    let e = refuse_value(&v);
    assert_eq!(e.path.as_deref(), Some("quote.at_risk.flagged"));

    let mut v = exported_value();
    set(&mut v, "/priced/totals/net/tcv", json!(null));
    let e = refuse_value(&v);
    assert_eq!(e.path.as_deref(), Some("priced.totals.net.tcv"));
}

#[test]
fn missing_and_unknown_fields() {
    let mut v = exported_value();
    v["quote"]
        .as_object_mut()
        .expect("object")
        .remove("customer");
    let e = refuse_value(&v);
    assert_eq!(
        e.kind,
        ImportErrorKind::MissingField {
            field: "customer".into()
        }
    );
    assert_eq!(e.path.as_deref(), Some("quote"));

    let mut v = exported_value();
    v.as_object_mut().expect("object").remove("priced");
    let e = refuse_value(&v);
    assert_eq!(
        e.kind,
        ImportErrorKind::MissingField {
            field: "priced".into()
        }
    );

    let mut v = exported_value();
    v["quote"]["lines"][1]["colour"] = json!("red");
    let e = refuse_value(&v);
    assert_eq!(
        e.kind,
        ImportErrorKind::UnknownField {
            field: "colour".into()
        }
    );
    assert_eq!(e.path.as_deref(), Some("quote.lines[1].colour"));
}

// ---- hostile content ----

#[test]
fn a_ten_megabyte_file_is_refused_before_parsing() {
    let big = format!(
        "{{\"format\": \"tailor-quote\", \"x\": \"{}\"}}",
        "a".repeat(10 << 20)
    );
    let e = refuse(&big);
    assert!(
        matches!(e.kind, ImportErrorKind::TooLarge { max, .. } if max == MAX_FILE_BYTES),
        "{e:?}"
    );
    assert!(
        e.message().en.contains("at most 5.0 MB"),
        "{}",
        e.message().en
    );
    let e = import_bytes(FILE, big.as_bytes()).expect_err("refused");
    assert!(matches!(e.kind, ImportErrorKind::TooLarge { .. }));
    // Not JSON at all, still refused on size first.
    let e = import_bytes(FILE, &vec![0xff; MAX_FILE_BYTES + 1]).expect_err("refused");
    assert!(matches!(e.kind, ImportErrorKind::TooLarge { .. }));
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let e = refuse(&deep);
    assert_eq!(e.kind, ImportErrorKind::TooDeep, "{e:?}");
    assert!(e.position.is_some());
    let deep = "{\"a\":".repeat(100_000);
    assert_eq!(refuse(&deep).kind, ImportErrorKind::TooDeep);
    // Inside an otherwise good file, in the free-form approvals.
    let (_, _, quote, priced) = fixture();
    let text = export(&quote, &priced).replace(
        "\"approvals\":[]",
        &format!("\"approvals\":[{}{}]", "[".repeat(200), "]".repeat(200)),
    );
    assert_eq!(refuse(&text).kind, ImportErrorKind::TooDeep);
}

#[test]
fn numbers_too_large_for_json_or_for_their_field() {
    let (_, _, quote, priced) = fixture();
    let text = export(&quote, &priced);
    let quantity = |v: &str| {
        // The first line's quantity, replaced in the text (1e400 cannot live in a Value).
        let key = "\"quantity\":";
        let at = text.find(key).expect("a quantity") + key.len();
        let end = at + text[at..].find([',', '\n']).expect("ends");
        format!("{}{}{}", &text[..at], v, &text[end..])
    };
    let e = refuse(&quantity("1e400"));
    assert_eq!(e.kind, ImportErrorKind::NumberTooLarge);
    assert!(e.position.is_some());
    for (v, shown) in [
        ("-1", "-1"),
        ("18446744073709551616", "18446744073709551616"),
        ("4294967296", "4294967296"),
        ("1.5", "1.5"),
        (
            "99999999999999999999999999999",
            "99999999999999999999999999999",
        ),
        ("1e3", "1e3"),
    ] {
        let e = refuse(&quantity(v));
        assert_eq!(e.path.as_deref(), Some("quote.lines[0].quantity"), "{v}");
        match &e.kind {
            ImportErrorKind::BadNumber { expected, found } => {
                assert_eq!(expected, "u32");
                assert_eq!(found, shown, "{v}");
            }
            other => panic!("{v}: {other:?}"),
        }
        assert!(e
            .message()
            .en
            .contains("number out of range: expected a whole number from 0 to 4294967295, found"));
        assert!(e.message().zh.contains("数值超出范围"));
    }
    // In a pretty-printed file too, the number is shown as written.
    let mut v = exported_value();
    set(&mut v, "/quote/lines/2/quantity", json!(-7));
    let e = refuse_value(&v);
    assert_eq!(e.path.as_deref(), Some("quote.lines[2].quantity"));
    assert!(
        matches!(&e.kind, ImportErrorKind::BadNumber { found, .. } if found == "-7"),
        "{e:?}"
    );
    // Amounts are i64 fen: 2^63 does not fit.
    let mut v = exported_value();
    set(&mut v, "/priced/totals/net/mrc", json!(u64::MAX));
    let e = refuse_value(&v);
    assert_eq!(e.path.as_deref(), Some("priced.totals.net.mrc"));
    assert!(matches!(e.kind, ImportErrorKind::BadNumber { .. }), "{e:?}");
}

#[test]
fn out_of_range_quantity_and_discount_are_left_to_pricing() {
    let (catalog, policy) = setup();
    let mut v = exported_value();
    set(&mut v, "/quote/lines/0/quantity", json!(u32::MAX));
    set(&mut v, "/quote/lines/1/quantity", json!(0));
    set(&mut v, "/quote/lines/0/discount_bp", json!(i64::MAX));
    set(&mut v, "/quote/lines/1/discount_bp", json!(i64::MIN));
    set(&mut v, "/quote/term_months", json!(u32::MAX));
    set(&mut v, "/priced/term_months", json!(u32::MAX));
    let file = import(FILE, &v.to_string()).expect("imports: pricing judges these");
    let priced = pricing::price(&catalog, &policy, &file.quote);
    assert!(priced.blocked());
}

/// Sets the field at `pointer`, adding it to its object when absent (a field not written while
/// empty).
fn put(v: &mut Value, pointer: &str, new: Value) {
    let (parent, key) = pointer.rsplit_once('/').expect("a field's pointer");
    v.pointer_mut(parent).expect("the parent exists")[key] = new;
}

fn too_long(pointer: &str, path: &str, max: usize) {
    let mut v = exported_value();
    put(&mut v, pointer, json!("长".repeat(max)));
    import(FILE, &v.to_string()).unwrap_or_else(|e| panic!("{path} at the cap: {e}"));
    put(&mut v, pointer, json!("长".repeat(max + 1)));
    let e = refuse_value(&v);
    assert_eq!(e.path.as_deref(), Some(path));
    assert_eq!(
        e.kind,
        ImportErrorKind::TooLong {
            found: max + 1,
            max
        }
    );
}

#[test]
fn strings_over_their_caps() {
    too_long("/quote/customer/name", "quote.customer.name", 500);
    too_long(
        "/quote/customer/sites/0/address",
        "quote.customer.sites[0].address",
        500,
    );
    too_long(
        "/quote/customer/sites/0/name",
        "quote.customer.sites[0].name",
        500,
    );
    too_long(
        "/quote/customer/needs/notes",
        "quote.customer.needs.notes",
        500,
    );
    too_long("/quote/at_risk/competitor", "quote.at_risk.competitor", 500);
    too_long("/quote/at_risk/reason", "quote.at_risk.reason", 500);
    too_long("/quote/id", "quote.id", 64);
    too_long("/quote/lineage", "quote.lineage", 64);
    too_long("/quote/handed_over", "quote.handed_over", 64);
    too_long("/quote/role", "quote.role", 64);
    too_long("/quote/customer/uscc", "quote.customer.uscc", 64);
    // A line id must keep matching its snapshot line.
    let mut v = exported_value();
    let long = "L".repeat(65);
    set(&mut v, "/quote/lines/0/id", json!(long));
    set(&mut v, "/priced/lines/0/line_id", json!(long));
    let e = refuse_value(&v);
    assert_eq!(e.path.as_deref(), Some("quote.lines[0].id"));
    assert_eq!(e.kind, ImportErrorKind::TooLong { found: 65, max: 64 });
    // Anywhere else in the file, nothing over 10,000 characters.
    let mut v = exported_value();
    set(&mut v, "/approvals", json!([{"note": "x".repeat(10_001)}]));
    let e = refuse_value(&v);
    assert_eq!(e.path.as_deref(), Some("approvals[0].note"));
    assert!(matches!(e.kind, ImportErrorKind::TooLong { .. }));
    let mut v = exported_value();
    set(
        &mut v,
        "/priced/findings",
        json!([{"code": "x".repeat(20_000), "severity": "error", "message": {"zh": "", "en": ""}, "lines": []}]),
    );
    let e = refuse_value(&v);
    assert_eq!(e.path.as_deref(), Some("priced.findings[0].code"));
}

#[test]
fn more_than_five_thousand_lines() {
    let (_, _, quote, priced) = fixture();
    let mut many = quote.clone();
    let mut many_priced = priced.clone();
    many.lines = (0..5_001)
        .map(|i| {
            let mut l = quote.lines[0].clone();
            l.id = format!("L{i}");
            l
        })
        .collect();
    many_priced.lines = many
        .lines
        .iter()
        .map(|l| {
            let mut pl = priced.lines[0].clone();
            pl.line_id = l.id.clone();
            pl
        })
        .collect();
    let e = refuse(&export(&many, &many_priced));
    assert_eq!(e.path.as_deref(), Some("quote.lines"));
    assert_eq!(
        e.kind,
        ImportErrorKind::TooMany {
            found: 5_001,
            max: 5_000
        }
    );
    many.lines.truncate(5_000);
    many_priced.lines.truncate(5_000);
    let text = export(&many, &many_priced);
    assert!(text.len() < MAX_FILE_BYTES, "{} bytes", text.len());
    import(FILE, &text).expect("5,000 lines are fine");
}

#[test]
fn more_approvals_than_a_quote_carries_are_refused_by_count() {
    assert_eq!(MAX_APPROVALS, 64);
    let mut v = exported_value();
    let bogus = json!({"level": "sales_manager", "signature": "abc"});
    set(&mut v, "/approvals", Value::Array(vec![bogus.clone(); 64]));
    assert_eq!(
        import(FILE, &v.to_string())
            .expect("64 fit")
            .approvals
            .len(),
        64
    );
    set(&mut v, "/approvals", Value::Array(vec![bogus; 65]));
    let e = refuse(&v.to_string());
    assert_eq!(e.path.as_deref(), Some("approvals"));
    assert_eq!(e.kind, ImportErrorKind::TooMany { found: 65, max: 64 });
    let m = e.message();
    assert_eq!(
        m.zh,
        format!("无法打开「{FILE}」：approvals：条目过多（65 项，最多 64 项）")
    );
    assert_eq!(
        m.en,
        format!("Cannot open '{FILE}': approvals: too many entries (65; at most 64)")
    );
    // Counted before anything inside them is looked at: 65 entries that are not even
    // approvals, or far too long, are refused for their number.
    set(
        &mut v,
        "/approvals",
        Value::Array(vec![json!("x".repeat(20_000)); 65]),
    );
    assert_eq!(refuse(&v.to_string()).path.as_deref(), Some("approvals"));
    // A writer checking its file before saving it is refused the same way.
    let (_, _, quote, priced) = fixture();
    let mut file = QuoteFile::new(quote, priced);
    file.approvals = vec![json!({}); 65];
    let e = file.validate(FILE).expect_err("too many");
    assert_eq!(e.path.as_deref(), Some("approvals"));
    assert_eq!(e.kind, ImportErrorKind::TooMany { found: 65, max: 64 });
}

#[test]
fn a_snapshot_of_another_quote_is_refused() {
    let (_, _, quote, priced) = fixture();
    let mut other = priced.clone();
    other.lines.pop();
    let e = refuse(&export(&quote, &other));
    assert_eq!(e.path.as_deref(), Some("priced.lines"));
    assert!(matches!(e.kind, ImportErrorKind::Mismatch(_)));
    let mut other = priced.clone();
    other.lines.swap(0, 1);
    let e = refuse(&export(&quote, &other));
    assert_eq!(e.path.as_deref(), Some("priced.lines[0].line_id"));
    let mut other = priced.clone();
    other.term_months = 12;
    let e = refuse(&export(&quote, &other));
    assert_eq!(e.path.as_deref(), Some("priced.term_months"));
    assert!(e.message().en.contains("does not match the quote"));
}

#[test]
fn validate_before_export_matches_import() {
    let (_, _, mut quote, priced) = fixture();
    let file = QuoteFile::new(quote.clone(), priced.clone());
    assert_eq!(file.validate(FILE), Ok(()));
    quote.customer.name = "x".repeat(501);
    let file = QuoteFile::new(quote.clone(), priced.clone());
    let e = file.validate(FILE).expect_err("too long");
    assert_eq!(
        import(FILE, &file.to_json()).expect_err("refused").kind,
        e.kind
    );
}

/// Every value of the file replaced by each hostile value: never a panic, and every refusal
/// names the file.
#[test]
fn hostile_values_anywhere_never_panic() {
    // A two-line quote keeps the thousands of imports quick.
    let (catalog, policy, mut quote, _) = fixture();
    quote.lines.truncate(2);
    let priced = pricing::price(&catalog, &policy, &quote);
    let base: Value = serde_json::from_str(&export(&quote, &priced)).expect("JSON");
    let mut pointers = Vec::new();
    fn walk(v: &Value, at: String, out: &mut Vec<String>) {
        out.push(at.clone());
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    walk(x, format!("{at}/{k}"), out);
                }
            }
            Value::Array(a) => {
                // The first element stands for the rest.
                for (i, x) in a.iter().enumerate().take(1) {
                    walk(x, format!("{at}/{i}"), out);
                }
            }
            _ => {}
        }
    }
    walk(&base, String::new(), &mut pointers);
    let hostile = [
        json!(null),
        json!(-1),
        json!(u64::MAX),
        json!(-1.5),
        json!(""),
        json!("<script>alert(1)</script>"),
        json!([]),
        json!({}),
        json!(true),
    ];
    let mut refused = 0;
    for p in pointers.iter().filter(|p| !p.is_empty()) {
        for h in &hostile {
            let mut v = base.clone();
            set(&mut v, p, h.clone());
            if let Err(e) = import(FILE, &v.to_string()) {
                assert!(e.message().en.contains(FILE));
                refused += 1;
            }
        }
    }
    assert!(refused > pointers.len(), "{refused} refusals");
}

/// A quote made from a contract carries it (`after_sale`) and reads back; the contract is capped
/// like a quote, so a hostile one is refused naming its place.
#[test]
fn an_amendments_file_carries_its_contract_and_a_hostile_one_is_refused() {
    use tailor_core::amendment::Amends;
    use tailor_core::quote_file::AfterSale;
    let (catalog, policy) = setup();
    let quote = quote_for(&catalog, &policy, "gov_smart_office");
    let priced = pricing::price(&catalog, &policy, &quote);
    let contract = tailor_core::contract::accept(&quote, &priced, "2026-12-01", "2027-01-01")
        .expect("accepted");
    let mut file = QuoteFile::new(quote.clone(), priced.clone());
    file.after_sale = Some(AfterSale::Amends(Amends {
        contract: contract.clone(),
        effective: "2027-03-01".into(),
    }));
    let back = import("a.tailor.json", &file.to_json()).expect("reads");
    assert_eq!(back, file);
    let plain = QuoteFile::new(quote, priced);
    assert!(
        !plain.to_json().contains("after_sale"),
        "a proposal's bytes as before"
    );

    let mut hostile = contract;
    hostile.accepted.id = "x".repeat(1_000);
    file.after_sale = Some(AfterSale::Renews(hostile));
    let e = import("a.tailor.json", &file.to_json()).expect_err("refused");
    let m = e.message();
    assert!(m.en.contains("after_sale.contract.accepted.id"), "{}", m.en);
}
