//! What the quote file, CSV and re-pricing tests share: the default catalog and policy, and a
//! quote made from one of its templates.

use tailor_core::catalog::Catalog;
use tailor_core::defaults;
use tailor_core::policy::Policy;
use tailor_core::quote::{Customer, Quote};
use tailor_core::template;

pub fn setup() -> (Catalog, Policy) {
    defaults::catalog_and_policy().expect("the default catalog and policy load")
}

/// The default catalog and the demo policy (`demo/policy.json`), which enrols the demo approvers.
#[allow(dead_code)]
pub fn demo_setup() -> (Catalog, Policy) {
    let (catalog, _) = setup();
    let policy = serde_json::from_str(include_str!("../../../demo/policy.json"))
        .expect("the demo policy parses");
    (catalog, policy)
}

/// A 36-month quote for 杭州市数据资源管理局 (government, 250 staff, no sites) with the lines
/// the template recommends, asked for by an account manager.
#[allow(dead_code)]
pub fn from_template(catalog: &Catalog, policy: &Policy, template_id: &str) -> Quote {
    let t = catalog
        .templates
        .iter()
        .find(|t| t.id == template_id)
        .expect("the template exists");
    Quote {
        schema_version: tailor_core::SCHEMA_VERSION,
        id: "Q-1".into(),
        version: 1,
        date: "2026-11-23".into(),
        catalog_version: catalog.version.clone(),
        policy_version: policy.version.clone(),
        customer: Customer {
            name: "杭州市数据资源管理局".into(),
            uscc: "91350100M000100Y43".into(),
            industry: "government".into(),
            employees: 250,
            ..Customer::default()
        },
        term_months: 36,
        lines: template::recommend(catalog, t, 250, 1),
        role: "account_manager".into(),
        ..Quote::default()
    }
}
