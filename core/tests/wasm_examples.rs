//! The worked examples priced inside the browser (wasm32, headless Chromium through
//! wasm-bindgen-test) give the same canonical bytes as natively: the golden `*.priced.json` files
//! that the native suite checks. Run with
//! `cargo test -p tailor-core --target wasm32-unknown-unknown --test wasm_examples`.
#![cfg(target_arch = "wasm32")]

use tailor_core::catalog::Catalog;
use tailor_core::policy::Policy;
use tailor_core::quote::Quote;
use tailor_core::{canonical, check, defaults, pricing};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

macro_rules! examples {
    ($($name:literal),* $(,)?) => {
        [$(
            (
                $name,
                include_str!(concat!("examples/", $name, ".quote.json")),
                include_str!(concat!("examples/", $name, ".priced.json")),
            ),
        )*]
    };
}

/// Every example in `tests/examples/`; `examples_are_all_listed` (native) keeps this complete.
pub const EXAMPLES: [(&str, &str, &str); 9] = examples![
    "01_all_units_tiers",
    "02_term_bundle_requested",
    "03_half_fen_rounding",
    "04_mixed_tax_classes",
    "05_cost_floor_refusal",
    "06_at_risk_not_flagged",
    "07_at_risk_in_force",
    "08_deal_size_threshold",
    "09_sla_options_and_rules",
];

#[wasm_bindgen_test]
fn worked_examples_price_to_the_same_bytes_in_the_browser() {
    let catalog: Catalog = check::parse("catalog.json", include_str!("fixtures/mini/catalog.json"))
        .expect("mini catalog");
    let policy: Policy = check::parse("policy.json", include_str!("fixtures/mini/policy.json"))
        .expect("mini policy");
    for (name, quote, golden) in EXAMPLES {
        let quote: Quote = check::parse(name, quote).expect("example quote");
        let priced = canonical::to_string(&pricing::price(&catalog, &policy, &quote));
        assert_eq!(
            priced,
            golden.trim_end(),
            "{name}: browser bytes differ from the native golden file"
        );
    }
}

#[wasm_bindgen_test]
fn the_default_catalog_loads_and_prices_in_the_browser() {
    let (catalog, policy) = defaults::catalog_and_policy().expect("embedded default");
    let template = &catalog.templates[0];
    let quote = Quote {
        customer: tailor_core::quote::Customer {
            employees: 300,
            ..Default::default()
        },
        term_months: 36,
        role: "account_manager".into(),
        lines: tailor_core::template::recommend(&catalog, template, 300, 1),
        ..Quote::default()
    };
    let priced = pricing::price(&catalog, &policy, &quote);
    assert_eq!(priced.lines.len(), quote.lines.len());
    assert!(priced.totals.net.tcv > 0);
}

/// The publisher's signature verifies in the browser as natively: the shipped demo policy under
/// the shipped publishers, and not once a byte changes.
#[wasm_bindgen_test]
fn the_demo_policy_signature_verifies_in_the_browser() {
    use tailor_core::trust::{self, Published};
    let publishers = tailor_core::publication::Publishers::parse(
        "publishers.json",
        include_str!("../../trust/publishers.json"),
    )
    .expect("the shipped publishers");
    let policy = include_str!("../../demo/policy.json");
    let sig = include_str!("../../demo/policy.sig.json");
    let catalog = Published {
        text: defaults::CATALOG_JSON,
        signature: None,
    };
    let signed = trust::signatures(
        &publishers,
        ("catalog.json", catalog),
        (
            "policy.json",
            Published {
                text: policy,
                signature: Some(sig),
            },
        ),
    );
    assert_eq!(
        signed.policy.map(|p| p.id),
        Some("demo-publisher".to_string())
    );
    let altered = policy.replacen("\"validity_days\": 30", "\"validity_days\": 31", 1);
    let signed = trust::signatures(
        &publishers,
        ("catalog.json", catalog),
        (
            "policy.json",
            Published {
                text: &altered,
                signature: Some(sig),
            },
        ),
    );
    assert!(signed.policy.is_none());
}

#[wasm_bindgen_test]
fn a_link_is_written_and_read_in_the_browser_as_natively() {
    use tailor_core::link::{decode, encode, Kind};
    let quote = include_str!("examples/01_all_units_tiers.quote.json");
    let golden = include_str!("examples/01_all_units_tiers.link.txt");
    assert_eq!(encode(Kind::Request, quote.as_bytes()), golden.trim_end());
    assert_eq!(
        decode(golden).map(|(_, b)| b),
        Ok(quote.as_bytes().to_vec())
    );
}
