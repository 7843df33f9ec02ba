//! The quote's price kept edit by edit: the core's `incremental::Repricer` behind `Ctx::priced`.
//! `Ctx`'s methods say what each edit touched ([`Touched`]): an edit of one line's options,
//! quantity, discount or site reprices that line and adjusts the totals; anything else (the term,
//! at-risk, the customer, sites, lines added, removed or moved, another quote, a change to many
//! sites) prices the whole quote again, as does a line edit the core finds moves the bundle
//! discount or the offering. The result is byte for byte `core::pricing::price`.

use std::sync::Arc;
use tailor_core::catalog::Catalog;
use tailor_core::incremental::{Repricer, Scope};
use tailor_core::policy::Policy;
use tailor_core::pricing::Priced;
use tailor_core::quote::Quote;

/// What changed in the quote since it was last priced.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Touched {
    /// Nothing: the quote is the one last priced.
    #[default]
    Nothing,
    /// Only these lines (by index), each within itself: no line added, removed or moved.
    Lines(Vec<usize>),
    /// Anything at all.
    Anything,
}

impl Touched {
    /// What changed, with `then` changed after it.
    pub fn and(self, then: Touched) -> Touched {
        match (self, then) {
            (Touched::Anything, _) | (_, Touched::Anything) => Touched::Anything,
            (Touched::Nothing, t) | (t, Touched::Nothing) => t,
            (Touched::Lines(mut a), Touched::Lines(b)) => {
                for i in b {
                    if !a.contains(&i) {
                        a.push(i);
                    }
                }
                Touched::Lines(a)
            }
        }
    }
}

/// A repricer and the catalog and policy it prices on.
pub struct Kept {
    repricer: Repricer,
    catalog: Arc<Catalog>,
    policy: Arc<Policy>,
}

impl Kept {
    /// The price, shared with the repricer rather than copied.
    pub fn shared(&self) -> Arc<Priced> {
        self.repricer.shared()
    }
}

/// Brings `kept` to the price of `quote` on `catalog` and `policy`, given what `touched` says
/// changed since it was last priced; returns how much was repriced. New data (another catalog
/// or policy) or no repricer yet prices everything.
pub fn reprice(
    kept: &mut Option<Kept>,
    catalog: &Arc<Catalog>,
    policy: &Arc<Policy>,
    quote: &Quote,
    touched: Touched,
) -> Scope {
    let same_data = kept
        .as_ref()
        .is_some_and(|k| Arc::ptr_eq(&k.catalog, catalog) && Arc::ptr_eq(&k.policy, policy));
    let Some(k) = kept.as_mut().filter(|_| same_data) else {
        *kept = Some(Kept {
            repricer: Repricer::new(catalog.clone(), policy.clone(), quote.clone()),
            catalog: catalog.clone(),
            policy: policy.clone(),
        });
        return Scope::Whole;
    };
    let scope = match touched {
        Touched::Lines(lines) if k.repricer.quote().lines.len() == quote.lines.len() => {
            let mut scope = Scope::Unchanged;
            for i in lines {
                let Some(line) = quote.lines.get(i) else {
                    continue;
                };
                scope = match k.repricer.edit_line(i, |l| l.clone_from(line)) {
                    Scope::Unchanged => scope,
                    Scope::Line if scope != Scope::Whole => Scope::Line,
                    _ => Scope::Whole,
                };
            }
            scope
        }
        // Nothing said to have changed: the quote is checked, so a change made without saying
        // so is still priced (only when today or the amending state changes, never per edit).
        Touched::Nothing if k.repricer.quote() == quote => Scope::Unchanged,
        _ => k.repricer.set_quote(quote.clone()),
    };
    debug_assert!(
        k.repricer.quote() == quote,
        "a quote change not told to the repricer"
    );
    scope
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::loader::embedded;
    use tailor_core::pricing::price;

    #[test]
    fn a_line_edit_reprices_one_line_and_anything_else_all() {
        let d = embedded();
        let (c, p) = (&d.catalog, &d.policy);
        let mut q = tailor_core::sample::quote(c, p, 400);
        let mut kept = None;
        assert_eq!(
            reprice(&mut kept, c, p, &q, Touched::Anything),
            Scope::Whole
        );
        q.lines[3].quantity += 1;
        q.lines[9].discount_bp = 700;
        let lines = Touched::Lines(vec![3, 9]);
        assert_eq!(reprice(&mut kept, c, p, &q, lines), Scope::Line);
        let same = |kept: &Option<Kept>, q: &Quote| {
            kept.as_ref().map(|k| k.shared()) == Some(Arc::new(price(c, p, q)))
        };
        assert!(same(&kept, &q));
        assert_eq!(
            reprice(&mut kept, c, p, &q, Touched::Nothing),
            Scope::Unchanged
        );
        // A change no one told of is still priced.
        q.term_months = 12;
        assert_eq!(reprice(&mut kept, c, p, &q, Touched::Nothing), Scope::Whole);
        assert!(same(&kept, &q));
        // Another catalog (a new Arc) prices everything.
        let other = Arc::new(c.as_ref().clone());
        q.lines[4].quantity += 1;
        assert_eq!(
            reprice(&mut kept, &other, p, &q, Touched::Lines(vec![4])),
            Scope::Whole
        );
    }

    #[test]
    fn what_changed_adds_up() {
        let lines = |v: &[usize]| Touched::Lines(v.to_vec());
        assert_eq!(Touched::Nothing.and(lines(&[2])), lines(&[2]));
        assert_eq!(lines(&[2]).and(lines(&[3, 2])), lines(&[2, 3]));
        assert_eq!(lines(&[2]).and(Touched::Anything), Touched::Anything);
        assert_eq!(Touched::Anything.and(lines(&[1])), Touched::Anything);
        assert_eq!(lines(&[1]).and(Touched::Nothing), lines(&[1]));
    }
}
