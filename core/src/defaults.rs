//! The default catalog and policy, embedded in the binary so Tailor is useful on first open and
//! with no network. The same files are published beside the app as `catalog.json` and
//! `policy.json`, where a deployment replaces them without rebuilding.

use crate::catalog::Catalog;
use crate::check::{self, Problem};
use crate::policy::Policy;

/// The text of the embedded `catalog.json`.
pub const CATALOG_JSON: &str = include_str!("../../public/catalog.json");
/// The text of the embedded `policy.json`.
pub const POLICY_JSON: &str = include_str!("../../public/policy.json");

/// The embedded catalog and policy, parsed and checked. A failure here is a build defect that the
/// test suite catches; the problems say what it is.
pub fn catalog_and_policy() -> Result<(Catalog, Policy), Vec<Problem>> {
    check::load("catalog.json", CATALOG_JSON, "policy.json", POLICY_JSON)
        .map(|l| (l.catalog, l.policy))
}
