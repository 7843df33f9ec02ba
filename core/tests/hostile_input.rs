//! Hostile input never panics: random bytes, random JSON, hostile numbers and mutations of valid
//! files go through `check::parse`, `check::load`, `check::check` and `pricing::price`, and
//! through the reader of every file a person hands the app (quote file, library backup, key
//! file, approval file, link, proposal statement, keys.json).

use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::Value;
use std::collections::BTreeMap;
use tailor_core::authority;
use tailor_core::catalog::{Catalog, Choice, OptionGroup, Tier};
use tailor_core::check;
use tailor_core::money::{Bp, Fen};
use tailor_core::policy::Policy;
use tailor_core::pricing;
use tailor_core::quote::{AtRisk, Customer, Line, Quote, Site};
use tailor_core::text::{Lang, Text};

const CATALOG: &str = include_str!("fixtures/good/catalog.json");
const POLICY: &str = include_str!("fixtures/good/policy.json");

fn good_catalog() -> Catalog {
    check::parse("catalog.json", CATALOG).expect("the good catalog fixture parses")
}

fn good_policy() -> Policy {
    check::parse("policy.json", POLICY).expect("the good policy fixture parses")
}

fn good_quote() -> Quote {
    let line = |id: &str, offering: &str, quantity: u32| Line {
        id: id.to_string(),
        offering: offering.to_string(),
        quantity,
        ..Line::default()
    };
    let mut dia = line("L2", "dia", 2);
    dia.options.insert("bandwidth".into(), "1g".into());
    dia.options.insert("sla".into(), "gold".into());
    dia.site = Some("S1".into());
    dia.discount_bp = 500;
    Quote {
        schema_version: 1,
        id: "Q-1".into(),
        version: 1,
        date: "2026-11-23".into(),
        catalog_version: "test.1".into(),
        policy_version: "test.1".into(),
        customer: Customer {
            name: "福州市某局".into(),
            uscc: "91350100M000100Y43".into(),
            industry: "government".into(),
            employees: 250,
            sites: vec![Site {
                id: "S1".into(),
                name: "总部".into(),
                city: "福州".into(),
                address: "五四路 1 号".into(),
                ..Site::default()
            }],
            ..Customer::default()
        },
        term_months: 36,
        at_risk: AtRisk::default(),
        lines: vec![
            line("L1", "vnet_seat", 250),
            dia,
            line("L3", "iot_sim", 1000),
            line("L4", "iot_pool", 1),
        ],
        role: "account_manager".into(),
        ..Quote::default()
    }
}

/// Everything downstream of a parsed catalog, policy and quote; none of it may panic.
fn exercise(catalog: &Catalog, policy: &Policy, quote: &Quote) {
    let _ = check::check(catalog, "catalog.json", policy, "policy.json");
    let priced = pricing::price(catalog, policy, quote);
    assert_eq!(priced.lines.len(), quote.lines.len());
    for reason in &priced.authority.reasons {
        for lang in [Lang::Zh, Lang::En] {
            let _ = authority::describe(reason, catalog, policy, quote, lang);
        }
    }
    let _ = tailor_core::canonical::to_bytes(&priced);
}

/// Reads `bytes` as every file a person hands the app; each is refused or read, never a panic.
fn read_every_format(bytes: &[u8]) {
    let _ = tailor_core::quote_file::import_bytes("x.tailor.json", bytes);
    let _ = tailor_core::backup::read("x.json", bytes);
    let _ = tailor_core::keyfile::read_bytes("x.tailor-key.json", bytes);
    read_site_list(bytes);
    let text = String::from_utf8_lossy(bytes);
    let _ = tailor_core::link::decode(&text);
    let _ = tailor_core::approval::file::from_file("x.tailor-approval.json", bytes);
    if let Ok(keys) = tailor_core::keys::Keys::parse(&text) {
        let _ = tailor_core::keys::Keys::parse(&keys.to_json());
    }
    for statement in [
        tailor_core::statement::parse(bytes),
        tailor_core::statement::from_link(&text),
    ]
    .into_iter()
    .flatten()
    {
        judge_statement(&statement);
    }
}

/// A statement that reads, however hostile its fields, is judged (verified, checked against a
/// proposal, its code and link made) with reasons, never a panic.
fn judge_statement(s: &tailor_core::statement::Statement) {
    let (catalog, policy) = (good_catalog(), good_policy());
    let keys = tailor_core::keys::of(&catalog, &policy);
    let _ = tailor_core::statement::verify(&keys, s, "2026-12-01");
    let quote = good_quote();
    let priced = pricing::price(&catalog, &policy, &quote);
    let _ = tailor_core::statement::check_against(s, &quote, &priced);
    let _ = tailor_core::statement::held(&keys, s, &quote, &priced, &[]);
    let _ = s.short_code();
    let _ = tailor_core::statement::to_link(s);
    let mut seen = Vec::new();
    tailor_core::statement::remember(&mut seen, s);
    let _ = tailor_core::statement::superseded(&seen, s);
}

#[test]
fn hostile_statements_and_keys_are_refused_with_reasons() {
    use tailor_core::statement::{self, Why};
    // Well-formed JSON, every field hostile: not enrolled, bad signature, bad dates, huge totals.
    let text = r#"{"body":{"format":"tailor-statement","version":1,"proposal":"","proposal_version":4294967295,
        "customer":"\u0000","uscc":"x","date":"9999-99-99","valid_until":"0000-00-00","term_months":0,
        "totals":{"mrc":9223372036854775807,"nrc":-9223372036854775808,"tcv":0,"mrc_gross":0,"nrc_gross":0,"tcv_gross":0},
        "content":"zz","rests_on":[{"kind":"approval","approver":"","level":"","digest":""}],
        "seller":"","public_key":"not hex"},"signature":"短"}"#;
    let s = statement::parse(text.as_bytes()).expect("reads: the fields are only wrong");
    judge_statement(&s);
    let (catalog, policy) = (good_catalog(), good_policy());
    let why = statement::verify(&tailor_core::keys::of(&catalog, &policy), &s, "2026-12-01");
    assert_eq!(
        why,
        [Why::BadSignature],
        "an unreadable key is a signature that cannot verify"
    );
    // Unknown fields, another format, a link of another kind: refused, saying what.
    assert!(statement::parse(br#"{"body":{},"signature":"","extra":1}"#).is_err());
    let request = tailor_core::link::encode(tailor_core::link::Kind::Request, b"{}");
    assert!(statement::from_link(&request)
        .expect_err("a request link")
        .en
        .contains("not a proposal statement"));
    // keys.json: too large, or holding a field it must not (a cost, a limit): refused.
    let huge = "x".repeat(tailor_core::keys::MAX_BYTES + 1);
    assert!(tailor_core::keys::Keys::parse(&huge)
        .expect_err("too large")
        .en
        .contains("too large"));
    let mut keys = serde_json::to_value(tailor_core::keys::of(&catalog, &policy)).expect("JSON");
    keys["limits"] = serde_json::json!({"basic": 1500});
    assert!(tailor_core::keys::Keys::parse(&keys.to_string()).is_err());
}

/// Reads `bytes` as a site list, through decoding, the CSV reader, the guessed mapping and the
/// plan against the good quote: refused or planned, never a panic.
fn read_site_list(bytes: &[u8]) {
    use tailor_core::site_import::{self, Decoded, Encoding};
    for guess in [Encoding::Utf8, Encoding::Gbk] {
        let text = match site_import::decode("x.csv", bytes, guess) {
            Ok(Decoded::Text(text)) => text,
            // What the browser's decoder would give, near enough: the bytes' text with
            // replacement characters.
            Ok(Decoded::Gbk) => String::from_utf8_lossy(bytes).into_owned(),
            Err(_) => continue,
        };
        if let Ok(table) = site_import::read_csv("x.csv", &text) {
            let preview = site_import::preview(&table);
            let quote = good_quote();
            if let Ok(plan) = site_import::plan(&good_catalog(), &quote, &table, &preview.mapping) {
                let _ = site_import::apply(&quote, &plan);
            }
        }
    }
}

/// Parses every kind of file from `text` and runs whatever parses through the rest of the core.
fn swallow(text: &str) {
    read_every_format(text.as_bytes());
    let catalog = check::parse::<Catalog>("x.json", text);
    let policy = check::parse::<Policy>("x.json", text);
    let quote = check::parse::<Quote>("x.json", text);
    let _ = check::load("catalog.json", text, "policy.json", POLICY);
    let _ = check::load("catalog.json", CATALOG, "policy.json", text);
    if let Ok(c) = &catalog {
        exercise(c, &good_policy(), &good_quote());
    }
    if let Ok(p) = &policy {
        exercise(&good_catalog(), p, &good_quote());
    }
    if let Ok(q) = &quote {
        exercise(&good_catalog(), &good_policy(), q);
    }
}

// ---- random JSON text ----

const NUMBERS: &[&str] = &[
    "0",
    "-0",
    "1",
    "-1",
    "1.5",
    "1e300",
    "-1e300",
    "1e-300",
    "1e400",
    "1180591620717411303424",
    "-1180591620717411303424",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "-9223372036854775809",
    "18446744073709551615",
    "18446744073709551616",
    "4294967295",
    "4294967296",
    "10000",
    "10001",
    "123456789012345678901234567890e-10",
];

const STRINGS: &[&str] = &[
    "\"\"",
    "\" \"",
    "\"\\u0000\"",
    "\"\\ud800\"",
    "\"\\udc00\\ud800\"",
    "\"中文\"",
    "\"error\"",
    "\"warning\"",
    "\"requires\"",
    "\"excludes\"",
    "\"min_sites\"",
    "\"max_per_employee\"",
    "\"option_requires\"",
    "\"vnet_seat\"",
    "\"dia\"",
    "\"voice\"",
    "\"basic\"",
    "\"account_manager\"",
];

/// Field names of catalogs, policies and quotes, so random objects reach deeper.
const KEYS: &[&str] = &[
    "schema_version",
    "version",
    "currency",
    "operator",
    "families",
    "offerings",
    "rules",
    "industries",
    "templates",
    "id",
    "name",
    "zh",
    "en",
    "family",
    "unit",
    "description",
    "tax_class",
    "mrc",
    "nrc",
    "mrc_cost",
    "nrc_cost",
    "min_qty",
    "max_qty",
    "tiers",
    "options",
    "choices",
    "severity",
    "message",
    "kind",
    "offering",
    "any_of",
    "lines",
    "quantity",
    "discount_bp",
    "levels",
    "discount_limits",
    "max_tcv",
    "term_discounts",
    "bundle_discounts",
    "terms",
    "customer",
    "term_months",
    "role",
];

fn string_literal() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(STRINGS).prop_map(String::from),
        "[a-z_]{0,12}".prop_map(|s| format!("\"{s}\"")),
        (0usize..20_000).prop_map(|n| format!("\"{}\"", "长".repeat(n))),
        any::<String>().prop_map(|s| serde_json::to_string(&s).unwrap_or_default()),
    ]
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(KEYS).prop_map(|k| format!("\"{k}\"")),
        1 => string_literal(),
    ]
}

fn leaf() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("null".to_string()),
        Just("true".to_string()),
        Just("false".to_string()),
        prop::sample::select(NUMBERS).prop_map(String::from),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<u64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|f| serde_json::to_string(&f).unwrap_or_default()),
        string_literal(),
        (1usize..300).prop_map(|n| format!("{}{}", "[".repeat(n), "]".repeat(n))),
    ]
}

fn json() -> impl Strategy<Value = String> {
    leaf().prop_recursive(6, 96, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(|v| format!("[{}]", v.join(","))),
            prop::collection::vec((key(), inner), 0..10).prop_map(|kv| {
                let body: Vec<String> = kv.into_iter().map(|(k, v)| format!("{k}:{v}")).collect();
                format!("{{{}}}", body.join(","))
            }),
        ]
    })
}

// ---- mutations of valid files ----

#[derive(Clone, Debug)]
enum Mutation {
    /// Replace the node with raw JSON text (which may hold numbers no `Value` can).
    Replace(Index, String),
    /// Remove a key from an object (or an element from an array).
    Remove(Index),
    /// Duplicate an element of an array (or a key's value under a new key).
    Duplicate(Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => (any::<Index>(), json()).prop_map(|(i, t)| Mutation::Replace(i, t)),
        1 => any::<Index>().prop_map(Mutation::Remove),
        1 => any::<Index>().prop_map(Mutation::Duplicate),
    ]
}

/// JSON pointers of every node below the root.
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let p = format!("{at}/{i}");
                out.push(p.clone());
                pointers(item, p, out);
            }
        }
        Value::Object(map) => {
            for (k, item) in map {
                let p = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                out.push(p.clone());
                pointers(item, p, out);
            }
        }
        _ => {}
    }
}

const HOLE: &str = "\u{1}hostile\u{1}";

/// Applies mutations to a valid JSON text and returns the mutated text.
fn mutate(text: &str, mutations: &[Mutation]) -> String {
    let mut v: Value = serde_json::from_str(text).expect("fixtures are JSON");
    let mut raws = Vec::new();
    for m in mutations {
        let mut ptrs = Vec::new();
        pointers(&v, String::new(), &mut ptrs);
        if ptrs.is_empty() {
            break;
        }
        let idx = match m {
            Mutation::Replace(i, _) | Mutation::Remove(i) | Mutation::Duplicate(i) => i,
        };
        let ptr = ptrs[idx.index(ptrs.len())].clone();
        let (parent_ptr, last) = ptr.rsplit_once('/').unwrap_or(("", ""));
        match m {
            Mutation::Replace(_, raw) => {
                if let Some(node) = v.pointer_mut(&ptr) {
                    *node = Value::String(format!("{HOLE}{}", raws.len()));
                    raws.push(raw.clone());
                }
            }
            Mutation::Remove(_) => match v.pointer_mut(parent_ptr) {
                Some(Value::Array(items)) => {
                    if let Ok(i) = last.parse::<usize>() {
                        if i < items.len() {
                            items.remove(i);
                        }
                    }
                }
                Some(Value::Object(map)) => {
                    map.remove(&last.replace("~1", "/").replace("~0", "~"));
                }
                _ => {}
            },
            Mutation::Duplicate(_) => {
                let node = v.pointer(&ptr).cloned();
                match (v.pointer_mut(parent_ptr), node) {
                    (Some(Value::Array(items)), Some(node)) => items.push(node),
                    (Some(Value::Object(map)), Some(node)) => {
                        map.insert(format!("{last}_copy"), node);
                    }
                    _ => {}
                }
            }
        }
    }
    let mut out = serde_json::to_string_pretty(&v).expect("a Value serializes");
    for (i, raw) in raws.iter().enumerate() {
        let hole = serde_json::to_string(&format!("{HOLE}{i}")).expect("a string serializes");
        out = out.replacen(&hole, raw, 1);
    }
    out
}

fn quote_text() -> String {
    serde_json::to_string_pretty(&good_quote()).expect("a quote serializes")
}

// ---- hostile numbers in parsed structures ----

fn hostile_i64() -> impl Strategy<Value = i64> {
    prop_oneof![
        Just(i64::MAX),
        Just(i64::MIN),
        Just(i64::MAX - 1),
        Just(i64::MIN + 1),
        Just(-1),
        Just(0),
        Just(1),
        Just(10_000),
        Just(10_001),
        any::<i64>(),
        0i64..1_000_000,
    ]
}

fn hostile_u32() -> impl Strategy<Value = u32> {
    prop_oneof![
        Just(u32::MAX),
        Just(u32::MAX - 1),
        Just(0),
        Just(1),
        any::<u32>(),
        0u32..1_000,
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2_000)) {
        read_every_format(&bytes);
        swallow(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn random_json_never_panics(text in json()) {
        swallow(&text);
    }

    #[test]
    fn mutated_valid_files_never_panic(
        cat in prop::collection::vec(mutation(), 1..4),
        pol in prop::collection::vec(mutation(), 1..4),
        quo in prop::collection::vec(mutation(), 1..4),
    ) {
        let catalog = mutate(CATALOG, &cat);
        let policy = mutate(POLICY, &pol);
        let quote = mutate(&quote_text(), &quo);
        swallow(&catalog);
        swallow(&policy);
        swallow(&quote);
        let _ = check::load("catalog.json", &catalog, "policy.json", &policy);
        if let (Ok(c), Ok(p), Ok(q)) = (
            check::parse::<Catalog>("c", &catalog),
            check::parse::<Policy>("p", &policy),
            check::parse::<Quote>("q", &quote),
        ) {
            exercise(&c, &p, &q);
        }
    }

    #[test]
    fn byte_mutations_of_valid_files_never_panic(
        edits in prop::collection::vec((any::<Index>(), any::<u8>(), 0u8..4), 1..8),
        which in 0usize..3,
    ) {
        let base = [CATALOG.to_string(), POLICY.to_string(), quote_text()];
        let mut bytes = base[which].clone().into_bytes();
        for (at, byte, op) in edits {
            if bytes.is_empty() {
                break;
            }
            let i = at.index(bytes.len());
            match op {
                0 => bytes[i] = byte,
                1 => {
                    bytes.remove(i);
                }
                2 => bytes.insert(i, byte),
                _ => {
                    let end = (i + 40).min(bytes.len());
                    let copy = bytes[i..end].to_vec();
                    bytes.splice(i..i, copy);
                }
            }
        }
        swallow(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn pricing_survives_hostile_numbers(
        prices in prop::collection::vec(
            (hostile_i64(), hostile_i64(), hostile_i64(), hostile_i64(), hostile_u32(), hostile_u32()),
            7,
        ),
        tiers in prop::collection::vec(prop::collection::vec((hostile_u32(), hostile_i64()), 0..4), 7),
        choices in prop::collection::vec((hostile_i64(), hostile_i64(), hostile_i64(), hostile_i64()), 1..4),
        limits in prop::collection::vec(hostile_i64(), 16),
        widening in prop::collection::vec(hostile_i64(), 4),
        max_tcv in prop::collection::vec(prop::option::of(hostile_i64()), 4),
        steps in prop::collection::vec((hostile_u32(), hostile_i64()), 0..4),
        tax in prop::collection::vec(hostile_i64(), 2),
        lines in prop::collection::vec((0usize..8, hostile_u32(), hostile_i64(), any::<Index>()), 0..10),
        term_months in hostile_u32(),
        employees in hostile_u32(),
        at_risk in any::<bool>(),
        role in 0usize..5,
    ) {
        let mut catalog = good_catalog();
        for (o, (mrc, nrc, mrc_cost, nrc_cost, min_qty, max_qty)) in
            catalog.offerings.iter_mut().zip(prices)
        {
            (o.mrc, o.nrc, o.mrc_cost, o.nrc_cost) = (mrc, nrc, mrc_cost, nrc_cost);
            (o.min_qty, o.max_qty) = (min_qty, max_qty);
        }
        for (o, t) in catalog.offerings.iter_mut().zip(tiers) {
            o.tiers = t.into_iter().map(|(min_qty, mrc)| Tier { min_qty, mrc }).collect();
        }
        // A many-choice option group on every offering, so option sums add up hostile values.
        for o in &mut catalog.offerings {
            o.options.push(OptionGroup {
                id: "hostile".into(),
                name: Text::new("敌", "hostile"),
                choices: choices
                    .iter()
                    .enumerate()
                    .map(|(i, &(mrc, nrc, mrc_cost, nrc_cost))| Choice {
                        id: format!("c{i}"),
                        name: Text::new("选", "choice"),
                        description: Text::default(),
                        mrc,
                        nrc,
                        mrc_cost,
                        nrc_cost,
                    })
                    .collect(),
            });
        }
        let mut policy = good_policy();
        let families = ["voice", "line", "office", "iot"];
        for (i, level) in policy.levels.iter_mut().enumerate() {
            for (j, f) in families.iter().enumerate() {
                level.discount_limits.insert(f.to_string(), limits[i * 4 + j]);
            }
            level.max_tcv = max_tcv[i];
        }
        policy.at_risk_widening = families
            .iter()
            .zip(&widening)
            .map(|(f, &w)| (f.to_string(), w))
            .collect::<BTreeMap<String, Bp>>();
        for (s, &(min, bp)) in steps.iter().enumerate() {
            policy.term_discounts.push(tailor_core::policy::TermDiscount { min_months: min, discount_bp: bp });
            if s % 2 == 0 {
                policy.bundle_discounts.push(tailor_core::policy::BundleDiscount { min_families: min, discount_bp: bp });
            }
        }
        for (t, rate) in policy.tax_classes.iter_mut().zip(tax) {
            t.rate_bp = rate;
        }
        policy.terms.push(term_months);

        let mut quote = good_quote();
        quote.term_months = term_months;
        quote.customer.employees = employees;
        quote.at_risk = AtRisk { flagged: at_risk, competitor: "某通".into(), reason: "价格".into() };
        quote.role = ["account_manager", "sales_manager", "city_branch", "province", "nobody"][role].into();
        quote.lines = lines
            .into_iter()
            .enumerate()
            .map(|(i, (o, quantity, discount_bp, pick))| {
                let offering = catalog.offerings.get(o).map_or("unknown".to_string(), |o| o.id.clone());
                let mut options = BTreeMap::new();
                options.insert("hostile".to_string(), format!("c{}", pick.index(choices.len() + 1)));
                Line {
                    id: format!("L{i}"),
                    offering,
                    options,
                    quantity,
                    site: None,
                    discount_bp: discount_bp as Bp,
                    reason: String::new(),
                    ..Line::default()
                }
            })
            .collect();
        exercise(&catalog, &policy, &quote);
    }
}

#[test]
fn the_extremes_price_without_overflow() {
    let mut catalog = good_catalog();
    for o in &mut catalog.offerings {
        (o.mrc, o.nrc, o.mrc_cost, o.nrc_cost) = (Fen::MAX, Fen::MAX, Fen::MIN, Fen::MIN);
        o.max_qty = u32::MAX;
        o.tiers.clear();
    }
    let mut policy = good_policy();
    for l in &mut policy.levels {
        for v in l.discount_limits.values_mut() {
            *v = Bp::MAX;
        }
        l.max_tcv = Some(Fen::MIN);
    }
    for v in policy.at_risk_widening.values_mut() {
        *v = Bp::MAX;
    }
    for (min, bp) in [(0, Bp::MIN), (u32::MAX, Bp::MAX)] {
        policy
            .term_discounts
            .push(tailor_core::policy::TermDiscount {
                min_months: min,
                discount_bp: bp,
            });
    }
    let mut quote = good_quote();
    quote.term_months = u32::MAX;
    quote.at_risk = AtRisk {
        flagged: true,
        competitor: "某通".into(),
        reason: "价格".into(),
    };
    for (i, l) in quote.lines.iter_mut().enumerate() {
        l.quantity = u32::MAX;
        l.discount_bp = if i % 2 == 0 { Bp::MAX } else { Bp::MIN };
    }
    exercise(&catalog, &policy, &quote);
    for o in &mut catalog.offerings {
        (o.mrc, o.nrc, o.mrc_cost, o.nrc_cost) = (Fen::MIN, Fen::MIN, Fen::MAX, Fen::MAX);
    }
    exercise(&catalog, &policy, &quote);
}

// ---- deep nesting: serde_json's recursion limit (128) must stay on ----

fn nested(open: &str, close: &str, depth: usize) -> String {
    format!("{}{}", open.repeat(depth), close.repeat(depth))
}

/// A catalog whose only rule carries `junk`: a rule is buffered (it flattens its kind), so serde
/// walks the whole junk value, which is where unbounded recursion would blow the stack.
fn catalog_with_rule_junk(junk: &str) -> String {
    let rule = format!(
        r#"{{"id":"r","severity":"error","message":{{"zh":"甲","en":"a"}},"kind":"requires","offering":"dia","any_of":["mpls"],"junk":{junk}}}"#
    );
    let mut v: Value = serde_json::from_str(CATALOG).expect("fixture is JSON");
    v["rules"] = Value::Array(vec![Value::String(HOLE.into())]);
    let text = serde_json::to_string(&v).expect("a Value serializes");
    text.replacen(
        &serde_json::to_string(HOLE).expect("a string serializes"),
        &rule,
        1,
    )
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    for depth in [129, 10_000, 100_000] {
        for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
            let deep = nested(open, close, depth);
            // At the top of every kind of file.
            assert!(check::parse::<Catalog>("c", &deep).is_err());
            assert!(check::parse::<Policy>("p", &deep).is_err());
            assert!(check::parse::<Quote>("q", &deep).is_err());
            assert!(check::load("c", &deep, "p", &deep).is_err());
            // Inside a rule, where serde walks it.
            let text = catalog_with_rule_junk(&deep);
            let err = check::parse::<Catalog>("catalog.json", &text)
                .expect_err("deep junk in a rule is refused");
            assert!(
                err.message.contains("recursion limit exceeded"),
                "depth {depth}: {err}"
            );
            assert!(err.path.contains("line 1, column"), "{err}");
            // And as a serde_json value.
            assert!(serde_json::from_str::<Value>(&deep).is_err());
        }
    }
    // Shallow junk in a rule is accepted (unknown rule fields are ignored), so the deep case above
    // fails for its depth alone.
    let shallow = catalog_with_rule_junk(&nested("[", "]", 100));
    assert!(check::parse::<Catalog>("catalog.json", &shallow).is_ok());
}

#[test]
fn long_strings_and_huge_arrays_are_fine() {
    let long = "长".repeat(1_000_000);
    let mut catalog = good_catalog();
    catalog.offerings[0].name = Text::new(long.clone(), long.clone());
    catalog.version = long.clone();
    let text = serde_json::to_string(&catalog).expect("serializes");
    let loaded = check::load("c", &text, "p", POLICY).unwrap_or_else(|p| panic!("{p:?}"));
    assert_eq!(loaded.catalog.version.len(), long.len());

    let mut quote = good_quote();
    quote.lines = (0..20_000)
        .map(|i| Line {
            id: format!("L{i}"),
            offering: "vnet_seat".into(),
            quantity: u32::MAX,
            ..Line::default()
        })
        .collect();
    let text = serde_json::to_string(&quote).expect("serializes");
    let q: Quote = check::parse("q", &text).unwrap_or_else(|p| panic!("{p}"));
    let priced = pricing::price(&good_catalog(), &good_policy(), &q);
    assert_eq!(priced.lines.len(), 20_000);
}

// ---- approvals by the thousand ----

/// Site lists made to hurt: a file over the cap is refused before it is decoded; a row of a
/// million commas keeps 64 cells; a file of blank lines, a quote never closed, a header only and
/// a list of 6,000 sites each end in a clear answer.
#[test]
fn hostile_site_lists_are_refused_or_capped() {
    use tailor_core::limits;
    use tailor_core::site_import::{self, Encoding, MAX_COLUMNS};
    let over = vec![b'a'; limits::SITE_LIST.max_bytes + 1];
    let e = site_import::decode("big.csv", &over, Encoding::Utf8).expect_err("refused");
    assert_eq!(
        e,
        limits::too_large("big.csv", over.len(), &limits::SITE_LIST)
    );

    let commas = format!("名称{}\n", ",".repeat(1_000_000));
    let t = site_import::read_csv("c.csv", &commas).expect("read");
    assert_eq!(t.headers.len(), MAX_COLUMNS);

    let blank = "\r\n".repeat(3_000_000);
    let t = site_import::read_csv("b.csv", &blank).expect("read");
    assert!(t.headers.is_empty() && t.rows.is_empty());
    let preview = site_import::preview(&t);
    assert!(site_import::plan(&good_catalog(), &good_quote(), &t, &preview.mapping).is_err());

    let open = format!("名称\n\"{}", "x".repeat(1_000_000));
    let e = site_import::read_csv("o.csv", &open).expect_err("refused");
    assert!(
        e.en.contains("row 2, column A") && e.en.contains("never closed"),
        "{e:?}"
    );

    let many: String = std::iter::once("名称\n".to_string())
        .chain((0..6_000).map(|i| format!("网点{i}\n")))
        .collect();
    let t = site_import::read_csv("m.csv", &many).expect("read");
    assert_eq!(t.rows.len(), limits::MAX_SITES);
    assert_eq!(t.cut_at, Some(limits::MAX_SITES + 2));
}

#[test]
fn ten_thousand_bogus_approvals_are_refused_by_their_number() {
    let (catalog, policy, quote) = (good_catalog(), good_policy(), good_quote());
    let priced = pricing::price(&catalog, &policy, &quote);
    let mut file: Value =
        serde_json::from_str(&tailor_core::quote_file::export(&quote, &priced)).expect("JSON");
    let bogus = serde_json::json!({"body": {"level": "provincial"}, "signature": "00"});
    file["approvals"] = Value::Array(vec![bogus; 10_000]);
    let text = file.to_string();
    assert!(text.len() < tailor_core::limits::QUOTE_FILE.max_bytes);
    let (zh, en) = (
        "无法打开「x.tailor.json」：approvals：条目过多（10000 项，最多 64 项）",
        "Cannot open 'x.tailor.json': approvals: too many entries (10000; at most 64)",
    );
    // As a quote file, and where approvals are imported.
    let e = tailor_core::quote_file::import_bytes("x.tailor.json", text.as_bytes())
        .expect_err("refused");
    assert_eq!((e.message().zh.as_str(), e.message().en.as_str()), (zh, en));
    let e = tailor_core::approval::file::from_file("x.tailor.json", text.as_bytes())
        .expect_err("refused");
    assert_eq!((e.zh.as_str(), e.en.as_str()), (zh, en));
    // Inside a library backup: the proposal is named.
    let backup = format!(
        r#"{{"format":"tailor-library","schema_version":1,"proposals":[{{"name":"n","file":{text}}}]}}"#
    );
    let e = tailor_core::backup::read("b.json", backup.as_bytes()).expect_err("refused");
    assert!(
        e.en.contains("b.json proposals[0]") && e.en.contains("approvals: too many entries"),
        "{}",
        e.en
    );
    // Entries handed over as values (a stored proposal) are counted, not parsed.
    let values = vec![Value::Null; 10_000];
    let e = tailor_core::approval::file::from_values("Q-1", &values).expect_err("refused");
    assert!(e.en.contains("too many approvals (10000"), "{}", e.en);
}
