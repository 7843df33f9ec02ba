//! What `tailor-publish publish` shows before signing: the changes of a catalog and policy against
//! the published ones, in words.

use tailor_core::catalog::Catalog;
use tailor_core::changes::{self, Change};
use tailor_core::policy::Policy;

/// The default catalog and policy.
fn setup() -> (Catalog, Policy) {
    tailor_core::defaults::catalog_and_policy().unwrap_or_else(|ps| panic!("{ps:?}"))
}

fn lines(cs: &[Change]) -> Vec<String> {
    cs.iter().map(ToString::to_string).collect()
}

#[test]
fn the_same_files_change_nothing() {
    let (catalog, policy) = setup();
    assert!(changes::of_catalog(&catalog, &catalog).is_empty());
    assert!(changes::of_policy(&policy, &policy).is_empty());
}

#[test]
fn prices_tiers_and_offerings_added_and_removed_are_named() {
    let (old, _) = setup();
    let mut new = old.clone();
    let gone = new.offerings.remove(1);
    new.offerings[0].mrc_cost += 50;
    if let Some(t) = new.offerings[0].tiers.first_mut() {
        t.mrc -= 100;
    }
    let mut added = new.offerings[0].clone();
    added.id = "new_offering".into();
    new.offerings.push(added);
    let o = &old.offerings[0];
    let said = lines(&changes::of_catalog(&old, &new));
    assert_eq!(said.len(), 4, "{said:#?}");
    assert_eq!(
        said[0],
        format!(
            "~ offering {} mrc_cost: ¥{}.{:02} → ¥{}.{:02}",
            o.id,
            o.mrc_cost / 100,
            o.mrc_cost % 100,
            (o.mrc_cost + 50) / 100,
            (o.mrc_cost + 50) % 100
        )
    );
    assert!(
        said[1].starts_with(&format!("~ offering {} tiers: ", o.id)),
        "{}",
        said[1]
    );
    assert_eq!(said[2], "+ offering new_offering");
    assert_eq!(said[3], format!("- offering {}", gone.id));
}

#[test]
fn raising_a_limit_and_removing_an_approver_are_named() {
    let old: Policy =
        serde_json::from_str(include_str!("../../demo/policy.json")).expect("the demo policy");
    let mut new = old.clone();
    new.levels[0].discount_limits.insert("basic".into(), 1500);
    let removed = new.approvers.remove(0);
    let said = lines(&changes::of_policy(&old, &new));
    let before = old.levels[0].discount_limits["basic"];
    assert_eq!(
        said,
        [
            format!(
                "~ level {} limit for basic: {}.{:02}% → 15.00%",
                old.levels[0].id,
                before / 100,
                before % 100
            ),
            format!("- approver {}", removed.id),
        ]
    );
}
