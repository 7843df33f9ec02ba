//! Re-pricing an opened quote against the current catalog and policy: what changed, in words.

use tailor_core::catalog::Catalog;
use tailor_core::money::format_yuan;
use tailor_core::policy::Policy;
use tailor_core::pricing::{self, Priced};
use tailor_core::quote::Quote;
use tailor_core::quote_file::{export, import};
use tailor_core::reprice::{changes, describe, describe_totals, stale, totals, ChangeKind};
use tailor_core::text::Lang;

mod common;

fn fixture() -> (Catalog, Policy, Quote, Priced) {
    let (catalog, policy) = common::setup();
    let quote = common::from_template(&catalog, &policy, "gov_smart_office");
    let priced = pricing::price(&catalog, &policy, &quote);
    (catalog, policy, quote, priced)
}

/// The catalog with `offering`'s monthly fee (base and every tier) raised by `fen`.
fn raised(catalog: &Catalog, offering: &str, fen: i64) -> Catalog {
    let mut c = catalog.clone();
    c.version = "2027.01".into();
    let o = c
        .offerings
        .iter_mut()
        .find(|o| o.id == offering)
        .expect("the offering exists");
    o.mrc += fen;
    for t in &mut o.tiers {
        t.mrc += fen;
    }
    c
}

#[test]
fn nothing_changed_reports_nothing() {
    let (catalog, policy, quote, priced) = fixture();
    assert!(changes(&priced, &priced).is_empty());
    let again = pricing::price(&catalog, &policy, &quote);
    assert!(changes(&priced, &again).is_empty());
    let t = totals(&priced, &again);
    assert!(!t.changed());
    assert_eq!(describe_totals(&t, Lang::Zh), "");
    assert!(!stale(&quote, &catalog, &policy));
}

#[test]
fn a_raised_offering_mrc_is_detected_and_described() {
    let (catalog, policy, quote, old) = fixture();
    let i = quote
        .lines
        .iter()
        .position(|l| l.offering == "dia")
        .expect("a dedicated internet line");
    let newer = raised(&catalog, "dia", 20_000);
    assert!(stale(&quote, &newer, &policy));
    let new = pricing::price(&newer, &policy, &quote);
    let found = changes(&old, &new);
    assert_eq!(found.len(), 1, "{found:?}");
    let c = &found[0];
    assert_eq!(c.kind, ChangeKind::Repriced);
    assert_eq!(c.line, i);
    assert_eq!(c.line_id, quote.lines[i].id);
    assert_eq!(&*c.offering, "dia");
    assert_eq!(c.unit_list_mrc.before, old.lines[i].unit_list_mrc);
    assert_eq!(c.unit_list_mrc.after, old.lines[i].unit_list_mrc + 20_000);
    assert!(c.net_mrc.after > c.net_mrc.before);
    assert!(c.tcv.after > c.tcv.before);
    assert!(!c.net_nrc.changed());
    let name = &catalog.offering("dia").expect("dia").name;
    let zh = describe(c, &newer, Lang::Zh);
    assert!(
        zh.starts_with(&format!(
            "第 {} 行 {}：单价 ¥{} → ¥{}",
            i + 1,
            name.zh,
            format_yuan(c.unit_list_mrc.before),
            format_yuan(c.unit_list_mrc.after)
        )),
        "{zh}"
    );
    assert!(zh.contains("；月费 ¥"), "{zh}");
    assert!(!zh.contains("一次性费用"), "{zh}");
    let en = describe(c, &newer, Lang::En);
    assert!(
        en.starts_with(&format!("Line {} {}: unit MRC ¥", i + 1, name.en)),
        "{en}"
    );
    let t = totals(&old, &new);
    assert!(t.changed());
    assert_eq!(t.tcv.before, old.totals.net.tcv);
    assert_eq!(t.tcv.after, new.totals.net.tcv);
    assert!(t.gross_tcv.after > t.gross_tcv.before);
    assert!(!t.net_nrc.changed());
    let zh = describe_totals(&t, Lang::Zh);
    assert!(zh.starts_with("合计：月费 ¥"), "{zh}");
    assert!(!zh.contains("一次性费用"), "{zh}");
    assert!(describe_totals(&t, Lang::En).starts_with("Totals: MRC ¥"));
}

#[test]
fn an_offering_no_longer_in_the_catalog() {
    let (catalog, policy, quote, old) = fixture();
    let mut newer = catalog.clone();
    newer.offerings.retain(|o| o.id != "cloud_drive");
    let i = quote
        .lines
        .iter()
        .position(|l| l.offering == "cloud_drive")
        .expect("a cloud drive line");
    let new = pricing::price(&newer, &policy, &quote);
    let found = changes(&old, &new);
    let c = found
        .iter()
        .find(|c| c.kind == ChangeKind::OfferingGone)
        .expect("the gone offering is reported");
    assert_eq!(c.line, i);
    assert_eq!(c.tcv.before, old.lines[i].net.tcv);
    assert_eq!(c.tcv.after, 0);
    let zh = describe(c, &newer, Lang::Zh);
    assert!(
        zh.contains("cloud_drive") && zh.contains("不在当前产品目录"),
        "{zh}"
    );
    // With the old catalog, the name is still known.
    assert!(describe(c, &catalog, Lang::En).contains("no longer in the current catalog"));
}

#[test]
fn a_policy_change_is_stale_and_shows_in_net_prices() {
    let (catalog, mut policy, quote, old) = fixture();
    policy.version = "2027.01".into();
    assert!(stale(&quote, &catalog, &policy));
    for t in &mut policy.term_discounts {
        t.discount_bp = 0;
    }
    let new = pricing::price(&catalog, &policy, &quote);
    assert!(old.term_bp > 0, "a 36-month term has a term discount");
    let found = changes(&old, &new);
    assert!(!found.is_empty());
    assert!(found
        .iter()
        .all(|c| !c.unit_list_mrc.changed() && c.net_mrc.after >= c.net_mrc.before));
}

#[test]
fn added_and_removed_lines() {
    let (catalog, policy, mut quote, old) = fixture();
    let removed = quote.lines.remove(0);
    let mut added = quote.lines[0].clone();
    added.id = "L99".into();
    quote.lines.push(added);
    let new = pricing::price(&catalog, &policy, &quote);
    let found = changes(&old, &new);
    let add = found
        .iter()
        .find(|c| c.kind == ChangeKind::Added)
        .expect("added");
    assert_eq!(add.line_id, "L99");
    assert_eq!(add.tcv.before, 0);
    let rem = found
        .iter()
        .find(|c| c.kind == ChangeKind::Removed)
        .expect("removed");
    assert_eq!(rem.line_id, removed.id);
    assert_eq!(rem.line, 0);
    assert!(describe(rem, &catalog, Lang::Zh).contains("已删除"));
}

#[test]
fn a_file_from_the_old_catalog_opens_and_shows_its_changes() {
    let (catalog, policy, quote, priced) = fixture();
    let text = export(&quote, &priced);
    let newer = raised(&catalog, "vnet_seat", 100);
    let file = import("q.tailor.json", &text).expect("imports");
    assert!(stale(&file.quote, &newer, &policy));
    let now = pricing::price(&newer, &policy, &file.quote);
    let found = changes(&file.priced, &now);
    assert_eq!(found.len(), 1);
    assert_eq!(&*found[0].offering, "vnet_seat");
    // On the catalog it was made on, nothing changed.
    let same = pricing::price(&catalog, &policy, &file.quote);
    assert!(changes(&file.priced, &same).is_empty());
}
