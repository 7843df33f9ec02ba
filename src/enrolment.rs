//! Which of the policy's enrolled approvers a key belongs to: the approver's page shows it for
//! each key it holds, and offers only those approvers to sign as.

use tailor_core::policy::{Approver, Policy};
use tailor_core::suite::{PublicKey, Suite};
use tailor_core::text::Text;

/// The approvers enrolled with `public_key` (hexadecimal) in `suite`, each with the name of their
/// level (its id when the policy has no such level). A key that does not read is enrolled as no
/// one; so is a key enrolled in another suite.
pub fn enrolled_as<'a>(
    policy: &'a Policy,
    suite: Suite,
    public_key: &str,
) -> Vec<(&'a Approver, Text)> {
    let Some(key) = PublicKey::parse(suite, public_key) else {
        return Vec::new();
    };
    policy
        .approvers
        .iter()
        .filter(|a| {
            a.suite == suite && PublicKey::parse(a.suite, &a.public_key).as_ref() == Some(&key)
        })
        .map(|a| {
            let level = policy
                .levels
                .iter()
                .find(|l| l.id == a.level)
                .map_or_else(|| Text::new(&a.level, &a.level), |l| l.name.clone());
            (a, level)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::loader::embedded;
    use tailor_core::text::Lang;

    const SALES_MANAGER: &str = "720a851fcf4b873394fc1ae381b01f9e25b11ae04c9d97ed6af46973131bdee6";

    /// The demo policy, which enrols the demo approvers.
    fn demo_policy() -> tailor_core::policy::Policy {
        serde_json::from_str(include_str!("../demo/policy.json")).expect("the demo policy parses")
    }

    fn names(found: &[(&Approver, Text)]) -> Vec<(String, String)> {
        found
            .iter()
            .map(|(a, level)| (a.id.clone(), level.get(Lang::En).to_string()))
            .collect()
    }

    #[test]
    fn a_demo_key_is_enrolled_as_its_approver_at_its_level() {
        let policy = demo_policy();
        let found = enrolled_as(&policy, Suite::Ed25519, SALES_MANAGER);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0.id, "demo-sales-manager");
        assert_eq!(found[0].1.get(Lang::Zh), "销售经理");
    }

    #[test]
    fn an_unknown_or_unreadable_key_is_enrolled_as_no_one() {
        let d = embedded();
        assert!(enrolled_as(&d.policy, Suite::Ed25519, &"ab".repeat(32)).is_empty());
        assert!(enrolled_as(&d.policy, Suite::Ed25519, "not a key").is_empty());
        // The demo sales manager's key, read as another suite than its enrolment's.
        assert!(enrolled_as(&demo_policy(), Suite::Sm2, SALES_MANAGER).is_empty());
        assert!(enrolled_as(&d.policy, Suite::Ed25519, "").is_empty());
    }

    #[test]
    fn every_approver_enrolled_with_the_key_and_a_missing_level_by_its_id() {
        let mut policy = demo_policy();
        let mut twin = policy.approvers[0].clone();
        twin.id = "twin".into();
        twin.level = "regional".into();
        policy.approvers.push(twin);
        assert_eq!(
            names(&enrolled_as(&policy, Suite::Ed25519, SALES_MANAGER)),
            [
                (
                    "demo-sales-manager".to_string(),
                    "Sales manager".to_string()
                ),
                ("twin".to_string(), "regional".to_string()),
            ]
        );
    }
}
