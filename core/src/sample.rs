//! Deterministic sample quotes of any size, for the benchmarks: the same quote is priced natively
//! (criterion, `core/benches/`), in the browser (`window.tailorPriceBench` in the app) and opened
//! in the app from a generated quote file (`cargo run -p tailor-core --example sample-quote`), so
//! their timings compare like for like.

use crate::catalog::Catalog;
use crate::policy::Policy;
use crate::quote::{Customer, Line, Quote, Site};

/// A quote of `n` lines cycling through every offering, with varying options, quantities within
/// bounds, requested discounts from 0 to 19.99 % and one of eight sites on every line.
pub fn quote(catalog: &Catalog, policy: &Policy, n: usize) -> Quote {
    let sites: Vec<Site> = (0..8)
        .map(|i| Site {
            id: format!("S{i}"),
            name: format!("站点 {i}"),
            city: "福州".into(),
            address: format!("示例路 {i} 号"),
            ..Site::default()
        })
        .collect();
    let lines = (0..n)
        .filter(|_| !catalog.offerings.is_empty())
        .map(|i| {
            let o = &catalog.offerings[i % catalog.offerings.len()];
            let span = o.max_qty.saturating_sub(o.min_qty) as usize + 1;
            let options = o
                .options
                .iter()
                .filter(|g| !g.choices.is_empty())
                .map(|g| (g.id.clone(), g.choices[i % g.choices.len()].id.clone()))
                .collect();
            Line {
                id: format!("L{}", i + 1),
                offering: o.id.clone(),
                options,
                quantity: o.min_qty + ((i * 7) % span.min(200)) as u32,
                site: Some(format!("S{}", i % sites.len())),
                discount_bp: ((i * 37) % 2000) as i64,
                reason: String::new(),
                ..Line::default()
            }
        })
        .collect();
    Quote {
        schema_version: crate::SCHEMA_VERSION,
        id: format!("bench-{n}"),
        version: 1,
        date: "2026-03-02".into(),
        catalog_version: catalog.version.clone(),
        policy_version: policy.version.clone(),
        customer: Customer {
            name: "示例集团有限公司".into(),
            uscc: "91350100M000100Y43".into(),
            industry: catalog
                .industries
                .first()
                .map(|i| i.id.clone())
                .unwrap_or_default(),
            employees: 5_000,
            sites,
            ..Customer::default()
        },
        term_months: policy.terms.iter().copied().max().unwrap_or(12),
        at_risk: Default::default(),
        lines,
        role: policy
            .levels
            .first()
            .map(|l| l.id.clone())
            .unwrap_or_default(),
        ..Quote::default()
    }
}

/// The sample quote of `n` lines spread over `sites` sites of a provincial network: one
/// headquarters, branches, every third an outlet, in eleven cities; line `i` at site `i % sites`
/// (no sites: [`quote`] as it is).
pub fn network(catalog: &Catalog, policy: &Policy, n: usize, sites: usize) -> Quote {
    const CITIES: [&str; 11] = [
        "杭州", "宁波", "温州", "嘉兴", "湖州", "绍兴", "金华", "衢州", "舟山", "台州", "丽水",
    ];
    let mut q = quote(catalog, policy, n);
    if sites == 0 {
        return q;
    }
    q.customer.sites = (1..=sites)
        .map(|i| Site {
            id: format!("S{i}"),
            name: format!("网点{i}"),
            city: CITIES[i % CITIES.len()].into(),
            address: format!("文三路 {i} 号"),
            site_type: match i {
                1 => "headquarters",
                _ if i % 3 == 0 => "outlet",
                _ => "branch",
            }
            .into(),
            ..Site::default()
        })
        .collect();
    for (i, l) in q.lines.iter_mut().enumerate() {
        l.site = Some(format!("S{}", i % sites + 1));
    }
    q
}
