//! Incremental repricing (`incremental::Repricer`) against the full price: after every edit of a
//! random edit sequence, the repricer's result serializes to exactly the bytes of
//! `pricing::price` on the edited quote, and an edit of one line's quantity, options, discount,
//! reason or site reprices that line alone unless it moves the bundle discount.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use proptest::prelude::*;
use std::sync::{Arc, LazyLock};
use tailor_core::catalog::Catalog;
use tailor_core::incremental::{Repricer, Scope};
use tailor_core::policy::Policy;
use tailor_core::quote::{Line, Quote};
use tailor_core::{canonical, pricing, sample};

static DATA: LazyLock<(Arc<Catalog>, Arc<Policy>)> = LazyLock::new(|| {
    let (c, p) = common::setup();
    (Arc::new(c), Arc::new(p))
});

fn data() -> (Arc<Catalog>, Arc<Policy>) {
    (DATA.0.clone(), DATA.1.clone())
}

/// One edit, with numbers the test turns into a line, an option, a value.
#[derive(Clone, Debug)]
enum Edit {
    Quantity(usize, u32),
    Discount(usize, i64),
    Option(usize, usize, usize),
    Reason(usize, bool),
    Site(usize, usize),
    Id(usize),
    Offering(usize, usize),
    Term(usize),
    AtRisk(bool),
    Add(usize),
    Remove(usize),
}

fn arb_edit() -> impl Strategy<Value = Edit> {
    let line = 0..64usize;
    prop_oneof![
        6 => (line.clone(), prop_oneof![Just(0u32), 1..=30u32, 0..=20_000u32])
            .prop_map(|(i, q)| Edit::Quantity(i, q)),
        4 => (line.clone(), prop_oneof![0..=2_000i64, -500..=12_000i64])
            .prop_map(|(i, d)| Edit::Discount(i, d)),
        4 => (line.clone(), 0..8usize, 0..8usize).prop_map(|(i, g, c)| Edit::Option(i, g, c)),
        2 => (line.clone(), any::<bool>()).prop_map(|(i, r)| Edit::Reason(i, r)),
        2 => (line.clone(), 0..12usize).prop_map(|(i, s)| Edit::Site(i, s)),
        1 => line.clone().prop_map(Edit::Id),
        1 => (line.clone(), 0..64usize).prop_map(|(i, o)| Edit::Offering(i, o)),
        1 => (0..6usize).prop_map(Edit::Term),
        1 => any::<bool>().prop_map(Edit::AtRisk),
        1 => (0..64usize).prop_map(Edit::Add),
        1 => line.prop_map(Edit::Remove),
    ]
}

/// Applies `edit` through the repricer; returns the scope it repriced.
fn apply(r: &mut Repricer, catalog: &Catalog, edit: &Edit) -> Scope {
    let n = r.quote().lines.len().max(1);
    match *edit {
        Edit::Quantity(i, q) => r.edit_line(i % n, |l| l.quantity = q),
        Edit::Discount(i, d) => r.edit_line(i % n, |l| l.discount_bp = d),
        Edit::Option(i, g, c) => r.edit_line(i % n, |l| {
            let Some(o) = catalog.offering(&l.offering) else {
                return;
            };
            let Some(group) = o.options.get(g % o.options.len().max(1)) else {
                return;
            };
            // One index past the choices: a choice the catalog lacks.
            let choice = group
                .choices
                .get(c % (group.choices.len() + 1))
                .map_or("none".to_string(), |c| c.id.clone());
            l.options.insert(group.id.clone(), choice);
        }),
        Edit::Reason(i, given) => r.edit_line(i % n, |l| {
            l.reason = if given {
                "竞争对手报价更低".into()
            } else {
                String::new()
            }
        }),
        // Sites S0–S7 exist; S8 and beyond do not; 11 means none.
        Edit::Site(i, s) => r.edit_line(i % n, |l| {
            l.site = (s < 11).then(|| format!("S{s}"));
        }),
        Edit::Id(i) => r.edit_line(i % n, |l| l.id.push('x')),
        Edit::Offering(i, o) => r.edit_line(i % n, |l| {
            l.offering = catalog.offerings[o % catalog.offerings.len()].id.clone();
        }),
        Edit::Term(t) => r.edit(|q| q.term_months = [12, 24, 36, 60, 7, 1][t]),
        Edit::AtRisk(on) => r.edit(|q| {
            q.at_risk.flagged = on;
            q.at_risk.competitor = "友商".into();
            q.at_risk.reason = "低价竞争".into();
        }),
        Edit::Add(o) => r.edit(|q| {
            let id = format!("N{}", q.lines.len());
            q.lines.push(Line {
                id,
                offering: catalog.offerings[o % catalog.offerings.len()].id.clone(),
                quantity: 1,
                ..Line::default()
            })
        }),
        Edit::Remove(i) => r.edit(|q| {
            if !q.lines.is_empty() {
                q.lines.remove(i % q.lines.len());
            }
        }),
    }
}

fn same_bytes(r: &Repricer, catalog: &Catalog, policy: &Policy) -> Result<(), TestCaseError> {
    let full = pricing::price(catalog, policy, r.quote());
    let (a, b) = (canonical::to_bytes(r.priced()), canonical::to_bytes(&full));
    if a != b {
        // Name the first field that differs, not two walls of JSON.
        let at = a.iter().zip(&b).position(|(x, y)| x != y).unwrap_or(0);
        let from = at.saturating_sub(200);
        return Err(TestCaseError::fail(format!(
            "incremental and full prices differ at byte {at}:\n incremental …{}\n full        …{}",
            String::from_utf8_lossy(&a[from..(at + 200).min(a.len())]),
            String::from_utf8_lossy(&b[from..(at + 200).min(b.len())]),
        )));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// After every edit of a random sequence, the incremental price is the full price, byte for
    /// byte: lines, totals, taxes, authority and findings.
    #[test]
    fn every_edit_prices_as_the_full_price(
        size in 1..40usize,
        edits in proptest::collection::vec(arb_edit(), 1..40),
    ) {
        let (catalog, policy) = data();
        let quote = sample::quote(&catalog, &policy, size);
        let mut r = Repricer::new(catalog.clone(), policy.clone(), quote);
        same_bytes(&r, &catalog, &policy)?;
        for edit in &edits {
            apply(&mut r, &catalog, edit);
            same_bytes(&r, &catalog, &policy)?;
        }
    }
}

/// A quantity edit on a 5,000-line quote reprices one line; the totals still equal the full
/// price's.
#[test]
fn a_quantity_edit_reprices_one_line() {
    let (catalog, policy) = data();
    let quote = sample::quote(&catalog, &policy, 5_000);
    let mut r = Repricer::new(catalog.clone(), policy.clone(), quote);
    let before = r.priced().totals.net.tcv;
    let scope = r.edit_line(1_234, |l| l.quantity += 1);
    assert_eq!(scope, Scope::Line);
    assert_ne!(r.priced().totals.net.tcv, before);
    assert_eq!(
        canonical::to_bytes(r.priced()),
        canonical::to_bytes(&pricing::price(&catalog, &policy, r.quote()))
    );
    assert_eq!(r.edit_line(1_234, |_| {}), Scope::Unchanged);
    assert_eq!(r.edit_line(9_999, |l| l.quantity = 1), Scope::Unchanged);
}

/// The price handed out shared (`Repricer::shared`) is never changed under its holder: an edit
/// while it is held prices a copy, and the held price stays the price before the edit. Once let
/// go, an edit changes the repricer's own price in place (no copy of 5,000 lines).
#[test]
fn a_shared_price_stays_as_it_was_and_is_edited_in_place_once_let_go() {
    let (catalog, policy) = data();
    let quote = sample::quote(&catalog, &policy, 5_000);
    let mut r = Repricer::new(catalog.clone(), policy.clone(), quote);
    let held = r.shared();
    let before = canonical::to_bytes(&*held);
    assert_eq!(r.edit_line(7, |l| l.quantity += 3), Scope::Line);
    assert_eq!(canonical::to_bytes(&*held), before);
    assert!(!Arc::ptr_eq(&held, &r.shared()));
    drop(held);
    let own = Arc::as_ptr(&r.shared());
    assert_eq!(r.edit_line(7, |l| l.quantity += 1), Scope::Line);
    assert_eq!(Arc::as_ptr(&r.shared()), own);
    assert_eq!(
        canonical::to_bytes(r.priced()),
        canonical::to_bytes(&pricing::price(&catalog, &policy, r.quote()))
    );
}

/// The last line of a family going to zero: the default policy gives 5 % off for four families
/// or more and 3 % for three, so going from five families to four reprices one line (the count
/// of families changes, the bundle discount does not), and from four to three everything.
#[test]
fn a_family_leaving_the_bundle_reprices_everything_when_the_discount_moves() {
    let (catalog, policy) = data();
    let mut quote = sample::quote(&catalog, &policy, 0);
    // One line of each of the five families.
    for (i, family) in catalog.families.iter().enumerate() {
        let o = catalog
            .offerings
            .iter()
            .find(|o| o.family == family.id)
            .expect("each family has an offering");
        quote.lines.push(Line {
            id: format!("L{i}"),
            offering: o.id.clone(),
            quantity: o.min_qty.max(1),
            ..Line::default()
        });
    }
    assert_eq!(quote.lines.len(), 5);
    let mut r = Repricer::new(catalog.clone(), policy.clone(), quote);
    assert_eq!(r.priced().bundle_bp, 500);
    assert_eq!(r.edit_line(4, |l| l.quantity = 0), Scope::Line);
    assert_eq!((r.priced().families, r.priced().bundle_bp), (4, 500));
    assert_eq!(r.priced(), &pricing::price(&catalog, &policy, r.quote()));
    assert_eq!(r.edit_line(3, |l| l.quantity = 0), Scope::Whole);
    assert_eq!((r.priced().families, r.priced().bundle_bp), (3, 300));
    assert_eq!(r.priced(), &pricing::price(&catalog, &policy, r.quote()));
    // And back: a family coming in moves it again.
    assert_eq!(r.edit_line(3, |l| l.quantity = 1), Scope::Whole);
    assert_eq!(r.priced().bundle_bp, 500);
}

/// A changed offering, a changed term and a new catalog reprice everything.
#[test]
fn quote_wide_changes_reprice_everything() {
    let (catalog, policy) = data();
    let quote: Quote = sample::quote(&catalog, &policy, 50);
    let mut r = Repricer::new(catalog.clone(), policy.clone(), quote);
    let other = catalog.offerings[3].id.clone();
    assert_eq!(r.edit_line(0, |l| l.offering = other), Scope::Whole);
    assert_eq!(r.edit(|q| q.term_months = 12), Scope::Whole);
    let mut cheaper = (*catalog).clone();
    for o in &mut cheaper.offerings {
        o.mrc -= o.mrc / 10;
    }
    let cheaper = Arc::new(cheaper);
    assert_eq!(r.set_data(cheaper.clone(), policy.clone()), Scope::Whole);
    assert_eq!(r.priced(), &pricing::price(&cheaper, &policy, r.quote()));
}

/// Amounts so large that the totals saturate: taking a line out of a saturated sum is not exact,
/// so every edit prices the whole quote, and the result is still the full price.
#[test]
fn totals_beyond_i64_are_priced_in_full() {
    let (catalog, policy) = data();
    let priciest = catalog
        .offerings
        .iter()
        .max_by_key(|o| o.mrc)
        .expect("offerings");
    let mut quote = sample::quote(&catalog, &policy, 0);
    quote.lines = (0..40)
        .map(|i| Line {
            id: format!("L{i}"),
            offering: priciest.id.clone(),
            quantity: u32::MAX - i,
            ..Line::default()
        })
        .collect();
    let mut r = Repricer::new(catalog.clone(), policy.clone(), quote);
    assert_eq!(r.priced().totals.net.tcv, i64::MAX, "saturated");
    for i in 0..10 {
        let scope = r.edit_line(i, |l| l.quantity = 7);
        assert_eq!(scope, Scope::Whole);
        same_bytes(&r, &catalog, &policy).expect("the full price");
    }
    // Back within bounds, one line at a time again.
    r.edit(|q| q.lines.truncate(3));
    assert_eq!(r.edit_line(0, |l| l.quantity = 8), Scope::Line);
    same_bytes(&r, &catalog, &policy).expect("the full price");
}
