//! The embedded default catalog and policy: they load, cover every family and industry, keep
//! costs below prices, and every industry template gives a quote an account manager can hand
//! over on their own authority (apart from deal size) for small, medium and large customers.

use std::collections::BTreeSet;
use tailor_core::authority::Reason;
use tailor_core::catalog::{Catalog, Offering};
use tailor_core::defaults::catalog_and_policy;
use tailor_core::policy::Policy;
use tailor_core::pricing::price;
use tailor_core::quote::{Customer, Quote};
use tailor_core::template::recommend;

fn load() -> (Catalog, Policy) {
    match catalog_and_policy() {
        Ok(cp) => cp,
        Err(problems) => {
            for p in &problems {
                eprintln!("{p}");
            }
            panic!("the default catalog and policy do not load");
        }
    }
}

#[test]
fn loads_with_matching_versions() {
    let (c, p) = load();
    assert_eq!(c.schema_version, tailor_core::SCHEMA_VERSION);
    assert_eq!(p.schema_version, tailor_core::SCHEMA_VERSION);
    assert_eq!(c.version, "2026.11");
    assert_eq!(p.version, "2026.11");
    assert_eq!(c.currency, "CNY");
    assert!(!c.operator.zh.is_empty() && !c.operator.en.is_empty());
}

#[test]
fn offerings_cover_every_family_with_known_tax_classes() {
    let (c, p) = load();
    assert!(c.offerings.len() >= 30, "{} offerings", c.offerings.len());
    let ids: BTreeSet<&str> = c.offerings.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ids.len(), c.offerings.len(), "offering ids are unique");
    for f in ["basic", "dedicated", "office", "marketing", "iot"] {
        assert!(c.family(f).is_some(), "family {f}");
        assert!(
            c.offerings.iter().any(|o| o.family == f),
            "family {f} has offerings"
        );
    }
    for o in &c.offerings {
        assert!(c.family(&o.family).is_some(), "{}: family", o.id);
        assert!(p.tax_class(&o.tax_class).is_some(), "{}: tax class", o.id);
        for t in [&o.name, &o.unit, &o.description] {
            assert!(
                !t.zh.is_empty() && !t.en.is_empty(),
                "{}: bilingual texts",
                o.id
            );
        }
        assert!(
            o.min_qty >= 1 && o.max_qty >= o.min_qty,
            "{}: quantities",
            o.id
        );
    }
    let rates: Vec<(&str, i64)> = p
        .tax_classes
        .iter()
        .map(|t| (t.id.as_str(), t.rate_bp))
        .collect();
    assert!(rates.contains(&("basic_telecom", 900)));
    assert!(rates.contains(&("value_added", 600)));
    assert!(rates.contains(&("goods", 1300)));
}

/// A cost is below its price: strictly, where there is a price.
fn below(cost: i64, price: i64) -> bool {
    cost >= 0 && (cost < price || (price == 0 && cost == 0))
}

fn check_costs(o: &Offering) {
    assert!(below(o.mrc_cost, o.mrc), "{}: MRC cost", o.id);
    assert!(below(o.nrc_cost, o.nrc), "{}: NRC cost", o.id);
    let mut prev_qty = o.min_qty.saturating_sub(1);
    let mut prev_mrc = o.mrc;
    for t in &o.tiers {
        assert!(t.min_qty > prev_qty, "{}: tiers ascend", o.id);
        assert!(t.mrc < prev_mrc, "{}: tier prices descend", o.id);
        assert!(t.mrc > o.mrc_cost, "{}: tier above cost", o.id);
        prev_qty = t.min_qty;
        prev_mrc = t.mrc;
    }
    let groups: BTreeSet<&str> = o.options.iter().map(|g| g.id.as_str()).collect();
    assert_eq!(groups.len(), o.options.len(), "{}: group ids unique", o.id);
    for g in &o.options {
        assert!(!g.choices.is_empty(), "{}.{}: choices", o.id, g.id);
        let ids: BTreeSet<&str> = g.choices.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(
            ids.len(),
            g.choices.len(),
            "{}.{}: choice ids unique",
            o.id,
            g.id
        );
        for ch in &g.choices {
            assert!(
                below(ch.mrc_cost, ch.mrc),
                "{}.{}.{}: MRC cost",
                o.id,
                g.id,
                ch.id
            );
            assert!(
                below(ch.nrc_cost, ch.nrc),
                "{}.{}.{}: NRC cost",
                o.id,
                g.id,
                ch.id
            );
        }
    }
}

#[test]
fn costs_stay_below_prices() {
    let (c, _) = load();
    for o in &c.offerings {
        check_costs(o);
    }
}

#[test]
fn policy_ladder_is_ordered_and_leaves_room_for_automatic_discounts() {
    let (c, p) = load();
    let ids: Vec<&str> = p.levels.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "account_manager",
            "sales_manager",
            "city_branch",
            "provincial"
        ]
    );
    let max_term = p
        .term_discounts
        .iter()
        .map(|t| t.discount_bp)
        .max()
        .unwrap_or(0);
    let max_bundle = p
        .bundle_discounts
        .iter()
        .map(|b| b.discount_bp)
        .max()
        .unwrap_or(0);
    // 1 − (1 − term)(1 − bundle), rounded up.
    let combined = 10_000 - ((10_000 - max_term) * (10_000 - max_bundle)) / 10_000;
    for f in &c.families {
        let mut prev = 0;
        for l in &p.levels {
            let limit = *l
                .discount_limits
                .get(&f.id)
                .unwrap_or_else(|| panic!("{}: limit for {}", l.id, f.id));
            assert!(limit >= prev, "{}: limits never shrink up the ladder", f.id);
            prev = limit;
        }
        assert!(
            p.limit(0, &f.id, false) > combined,
            "{}: account manager limit leaves room for term and bundle discounts",
            f.id
        );
    }
    let basic = p.limit(0, "basic", false);
    for f in &c.families {
        assert!(
            basic <= p.limit(0, &f.id, false),
            "basic has the least room"
        );
    }
    let tcv: Vec<Option<i64>> = p.levels.iter().map(|l| l.max_tcv).collect();
    assert_eq!(
        tcv,
        [
            Some(50_000_000),
            Some(200_000_000),
            Some(1_000_000_000),
            None
        ]
    );
}

#[test]
fn industries_have_templates_naming_existing_offerings_and_options() {
    let (c, _) = load();
    assert!(c.industries.len() >= 8);
    let ids: BTreeSet<&str> = c.templates.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids.len(), c.templates.len(), "template ids are unique");
    for i in &c.industries {
        assert!(
            c.templates_for(&i.id).next().is_some(),
            "industry {} has a template",
            i.id
        );
    }
    for t in &c.templates {
        assert!(c.industry(&t.industry).is_some(), "{}: industry", t.id);
        assert!(
            (4..=9).contains(&t.lines.len()),
            "{}: {} lines",
            t.id,
            t.lines.len()
        );
        for tl in &t.lines {
            let o = c
                .offering(&tl.offering)
                .unwrap_or_else(|| panic!("{}: offering {}", t.id, tl.offering));
            for (g, ch) in &tl.options {
                let group = o
                    .group(g)
                    .unwrap_or_else(|| panic!("{}: {}.{}", t.id, o.id, g));
                assert!(
                    group.choice(ch).is_some(),
                    "{}: {}.{} = {}",
                    t.id,
                    o.id,
                    g,
                    ch
                );
            }
        }
    }
}

fn quote_for(
    c: &Catalog,
    p: &Policy,
    industry: &str,
    employees: u32,
    lines: Vec<tailor_core::quote::Line>,
) -> Quote {
    Quote {
        schema_version: tailor_core::SCHEMA_VERSION,
        id: "Q-TEST".into(),
        version: 1,
        date: "2026-11-02".into(),
        catalog_version: c.version.clone(),
        policy_version: p.version.clone(),
        customer: Customer {
            name: "测试客户".into(),
            uscc: "91350100M000100Y43".into(),
            industry: industry.into(),
            employees,
            ..Customer::default()
        },
        term_months: 36,
        at_risk: Default::default(),
        lines,
        role: "account_manager".into(),
        ..Quote::default()
    }
}

#[test]
fn templates_price_cleanly_within_account_manager_authority() {
    let (c, p) = load();
    for t in &c.templates {
        for employees in [50, 300, 3000] {
            let lines = recommend(&c, t, employees, 1);
            assert_eq!(lines.len(), t.lines.len(), "{}", t.id);
            let q = quote_for(&c, &p, &t.industry, employees, lines);
            let priced = price(&c, &p, &q);
            let ctx = format!("{} at {} employees", t.id, employees);
            let errors: Vec<_> = priced.findings.iter().filter(|f| f.is_error()).collect();
            assert!(errors.is_empty(), "{ctx}: {errors:?}");
            let warnings: Vec<_> = priced.findings.iter().filter(|f| !f.is_error()).collect();
            assert!(warnings.is_empty(), "{ctx}: {warnings:?}");
            assert!(!priced.authority.refused, "{ctx}: below the cost floor");
            for r in &priced.authority.reasons {
                assert!(
                    !matches!(
                        r,
                        Reason::LineDiscount { .. }
                            | Reason::LineBeyondLadder { .. }
                            | Reason::BelowFloor { .. }
                            | Reason::DealBeyondLadder { .. }
                    ),
                    "{ctx}: {r:?}"
                );
            }
            for l in &priced.lines {
                assert!(l.authority.within(0), "{ctx}: line {}", l.line_id);
                assert!(l.margin > 0, "{ctx}: line {} margin", l.line_id);
                assert!(
                    l.headroom.own.is_some(),
                    "{ctx}: line {} headroom",
                    l.line_id
                );
            }
            assert!(priced.totals.net.tcv > 0, "{ctx}");
        }
    }
}
