//! Incremental repricing (PRODUCT.md "Sites at scale"): a [`Repricer`] keeps a quote and its
//! [`Priced`] result, and an edit of one line reprices that line and adjusts what depends on it,
//! instead of pricing thousands of lines again. The result is byte for byte what
//! [`pricing::price`] gives for the edited quote (`core/tests/incremental.rs` checks it after every
//! edit of random edit sequences).
//!
//! What a price holds, and what an edit of line `i` (same offering) recomputes:
//!
//! | part of `Priced`                        | depends on                               | after a line edit                        |
//! |-----------------------------------------|------------------------------------------|------------------------------------------|
//! | term, bundle discount, families         | term; families of lines with a quantity  | kept; a bundle discount that moves: all  |
//! | `lines[i]`                              | line `i`, the setting                    | line `i` priced again (`pricing::price_one`) |
//! | totals, taxes per (class, rate)         | sums of rounded lines (saturating)       | old line out, new line in, exactly       |
//! | totals' margin and effective discount   | the totals                               | from the new totals                      |
//! | authority: required, refused, reasons   | each line's own judgement, the deal size | line `i`'s reasons replaced; required from a count of lines per level; the deal's reason again |
//! | findings: customer, settings            | the quote's customer and settings        | kept (a change there prices all)         |
//! | findings: line `i`'s checks, its reason | line `i` (and the quote's sites)         | line `i`'s replaced                      |
//! | findings: catalog rules                 | the lines of the offerings a rule names  | the rules naming line `i`'s offering     |
//!
//! Everything else prices the whole quote again: an edit that changes a line's offering, adds,
//! removes or moves lines, or touches the term, at-risk flag, role, customer or sites; a quantity
//! that comes or goes and so moves the bundle discount; a new catalog or policy ([`set_data`]).
//! Totals add rounded lines with saturating sums, which cannot be undone; the repricer keeps the
//! sum over lines of each line's largest amount, and while it stays within `i64` no sum saturates
//! in any order, so taking a line out and putting its new amounts in is exact. Beyond it (only
//! hostile amounts get there) every edit prices the whole quote.
//!
//! [`set_data`]: Repricer::set_data

use crate::authority::{self, Authority, LineAuthority};
use crate::catalog::{Catalog, IdHasher, Offering, OfferingIndex};
use crate::money::Fen;
use crate::policy::Policy;
use crate::pricing::{self, price_one, unknown_line, Priced, PricedLine, Seen, Setting};
use crate::quote::{Line, Quote};
use crate::rules::{self, Finding, Grouped, Parts};
use crate::waterfall::{effective_discount, margin_bp, Amounts, Terms};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::BuildHasherDefault;
use std::sync::Arc;

/// A quote with its price, kept up to date edit by edit.
#[derive(Clone)]
pub struct Repricer {
    catalog: Arc<Catalog>,
    policy: Arc<Policy>,
    quote: Quote,
    /// Shared with whoever shows it ([`Repricer::shared`]); an edit changes it in place when no
    /// one else holds it, else edits a copy.
    priced: Arc<Priced>,
    state: State,
}

/// How much an edit repriced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Nothing changed (no such line, or the edit left it as it was).
    Unchanged,
    /// The one line edited, and the totals, authority and findings that depend on it.
    Line,
    /// The whole quote.
    Whole,
}

impl Repricer {
    /// Prices `quote` on `catalog` and `policy` in full.
    pub fn new(catalog: Arc<Catalog>, policy: Arc<Policy>, quote: Quote) -> Self {
        let (priced, parts) = pricing::price_parts(&catalog, &policy, &quote);
        let state = State::of(&catalog, &policy, &quote, &priced, parts);
        Repricer {
            catalog,
            policy,
            quote,
            priced: Arc::new(priced),
            state,
        }
    }

    pub fn quote(&self) -> &Quote {
        &self.quote
    }

    /// The price of [`Repricer::quote`]: what `pricing::price` gives for it.
    pub fn priced(&self) -> &Priced {
        &self.priced
    }

    /// [`Repricer::priced`], shared rather than copied: a one-line edit at 5,000 lines then
    /// costs no copy of the price, as long as the holder lets it go before the next edit.
    pub fn shared(&self) -> Arc<Priced> {
        self.priced.clone()
    }

    /// The quote and its price.
    pub fn into_parts(self) -> (Quote, Priced) {
        (self.quote, Arc::unwrap_or_clone(self.priced))
    }

    /// Edits line `index` and reprices what the edit touches: that line alone, unless the edit
    /// changes its offering or moves the bundle discount.
    pub fn edit_line(&mut self, index: usize, edit: impl FnOnce(&mut Line)) -> Scope {
        let Some(line) = self.quote.lines.get_mut(index) else {
            return Scope::Unchanged;
        };
        let before = line.clone();
        edit(line);
        if *line == before {
            return Scope::Unchanged;
        }
        if line.offering == before.offering && self.reprice_line(index, before.quantity) {
            Scope::Line
        } else {
            self.reprice_all();
            Scope::Whole
        }
    }

    /// Edits anything in the quote and prices it all again.
    pub fn edit(&mut self, edit: impl FnOnce(&mut Quote)) -> Scope {
        edit(&mut self.quote);
        self.reprice_all();
        Scope::Whole
    }

    /// Replaces the quote (an undo, a bulk edit, another quote opened) and prices it all.
    pub fn set_quote(&mut self, quote: Quote) -> Scope {
        self.edit(|q| *q = quote)
    }

    /// Prices the quote on another catalog and policy.
    pub fn set_data(&mut self, catalog: Arc<Catalog>, policy: Arc<Policy>) -> Scope {
        self.catalog = catalog;
        self.policy = policy;
        self.reprice_all();
        Scope::Whole
    }

    fn reprice_all(&mut self) {
        let (priced, parts) = pricing::price_parts(&self.catalog, &self.policy, &self.quote);
        self.state = State::of(&self.catalog, &self.policy, &self.quote, &priced, parts);
        self.priced = Arc::new(priced);
    }

    /// Reprices line `i` alone, its offering unchanged and its quantity `old_quantity` before the
    /// edit; false when the edit needs the whole quote priced again (the state is then rebuilt).
    fn reprice_line(&mut self, i: usize, old_quantity: u32) -> bool {
        let Repricer {
            catalog,
            policy,
            quote,
            priced,
            state: st,
        } = self;
        let (catalog, policy): (&Catalog, &Policy) = (catalog, policy);
        let line = &quote.lines[i];
        let position = st.positions[i];
        let offering = position.map(|p| &catalog.offerings[p]);
        let counted = (old_quantity > 0, line.quantity > 0);
        let mut families = priced.families;
        if counted.0 != counted.1 {
            if let Some(o) = offering {
                let n = st.families.entry(o.family.clone()).or_default();
                if counted.1 {
                    families += u32::from(*n == 0);
                    *n += 1;
                } else {
                    *n = n.saturating_sub(1);
                    families -= u32::from(*n == 0);
                }
                if policy.bundle_discount(families as usize) != st.terms.bundle_bp {
                    return false;
                }
            }
            let list = st.grouped.entry(line.offering.clone()).or_default();
            let at = list.partition_point(|&x| x < i);
            if counted.1 {
                list.insert(at, i);
            } else if list.get(at) == Some(&i) {
                list.remove(at);
            }
        }
        let setting = Setting {
            policy,
            terms: st.terms,
            at_risk: st.at_risk,
            role: st.role,
            industry: &quote.customer.industry,
        };
        let (new, missing) = match (position, offering) {
            (Some(p), Some(o)) => {
                let seen = st.seen[p]
                    .get_or_insert_with(|| Seen::new(o, policy, st.at_risk, &mut Vec::new()));
                price_one(&setting, o, seen, i, line)
            }
            _ => (unknown_line(line), None),
        };
        let priced = Arc::make_mut(priced);
        let old = &priced.lines[i];
        let bound = st.bound - magnitude(old) + magnitude(&new);
        if st.bound > i64::MAX as i128 || bound > i64::MAX as i128 {
            return false;
        }
        st.bound = bound;
        // Totals and taxes: the old line out, the new one in.
        let t = &mut priced.totals;
        shift(&mut t.list, &old.waterfall.list, &new.waterfall.list);
        shift(&mut t.net, &old.net, &new.net);
        shift(&mut t.tax, &old.tax, &new.tax);
        shift(&mut t.gross, &old.gross, &new.gross);
        shift(&mut t.cost, &old.cost, &new.cost);
        t.margin = shifted(t.margin, old.margin, new.margin);
        t.margin_bp = margin_bp(t.margin, t.net.tcv);
        t.effective_bp = effective_discount(&t.list, &t.net);
        if position.is_some() {
            if let Some(entry) = priced
                .taxes
                .iter_mut()
                .find(|e| e.tax_class == new.tax_class && e.rate_bp == new.rate_bp)
            {
                shift(&mut entry.net, &old.net, &new.net);
                shift(&mut entry.tax, &old.tax, &new.tax);
            }
        }
        // Authority: line i's reasons replaced, the required level from the count per level, the
        // deal's reason (always last) judged again on the new net TCV.
        st.count(&old.authority, false);
        st.count(&new.authority, true);
        let a = &mut priced.authority;
        if a.reasons.last().is_some_and(|r| r.line().is_none()) {
            a.reasons.pop();
        }
        let (from, to) = around(&a.reasons, i, |r| r.line());
        let mut own = Authority::default();
        authority::judge_line_into(&mut own, policy, st.at_risk, i, new.view());
        a.reasons.splice(from..to, own.reasons);
        a.required = st.needs.iter().rposition(|&n| n > 0).unwrap_or(0);
        a.refused = st.refused > 0;
        a.beyond_ladder = st.beyond > 0;
        authority::judge_deal(a, policy, priced.totals.net.tcv);
        // Findings: line i's own checks, the rules naming its offering, its missing reason.
        let f = &mut priced.findings;
        let head = st.parts.head;
        let (from, to) = around(&f[head..head + st.parts.checks], i, first_line);
        let mut checks = Vec::new();
        let sites = &st.sites;
        rules::check_line(offering, &|s| sites.contains(s), i, line, &mut checks);
        st.parts.checks = st.parts.checks - (to - from) + checks.len();
        f.splice(head + from..head + to, checks);
        let rules_at = head + st.parts.checks;
        if let Some(indexes) = st.rules_of.get(&line.offering) {
            let view = View {
                grouped: &st.grouped,
                catalog,
            };
            for &r in indexes {
                let found = rules::rule_finding(&view, quote, &catalog.rules[r]);
                let at = rules_at + st.parts.hits[..r].iter().filter(|h| **h).count();
                let was = st.parts.hits[r];
                st.parts.hits[r] = found.is_some();
                match (was, found) {
                    (true, Some(x)) => f[at] = x,
                    (true, None) => {
                        f.remove(at);
                    }
                    (false, Some(x)) => f.insert(at, x),
                    (false, None) => {}
                }
            }
        }
        let reasons_at = rules_at + st.parts.hits.iter().filter(|h| **h).count();
        let (from, to) = around(&f[reasons_at..], i, first_line);
        f.splice(reasons_at + from..reasons_at + to, missing);
        priced.lines[i] = new;
        priced.families = families;
        true
    }
}

/// A map keyed by the ids of one quote and catalog (offerings), with the core's id hasher: no
/// random seed, the same on every run and in the browser.
type Owned<V> = HashMap<String, V, BuildHasherDefault<IdHasher>>;

/// What a full price leaves for the line edits after it: the quote-wide setting, and the counts
/// and groupings that let one line's change be taken out and put back in.
#[derive(Clone)]
struct State {
    terms: Terms,
    at_risk: bool,
    role: usize,
    /// Each line's offering, as a position in the catalog.
    positions: Vec<Option<usize>>,
    /// What pricing works out once per offering, as lines of it are edited.
    seen: Vec<Option<Seen>>,
    /// The lines with a quantity, counted by family.
    families: BTreeMap<String, u32>,
    /// The lines with a quantity by offering id, in quote order (what the catalog rules read).
    grouped: Owned<Vec<usize>>,
    /// The catalog rules naming each offering id, in rule order.
    rules_of: Owned<Vec<usize>>,
    sites: HashSet<String, BuildHasherDefault<IdHasher>>,
    parts: Parts,
    /// The lines whose judgement raises the required level, counted by the level they need.
    needs: Vec<u32>,
    /// The lines below their cost floor, and beyond the ladder.
    refused: u32,
    beyond: u32,
    /// The sum over lines of each line's largest amount (see the module's comment).
    bound: i128,
}

impl State {
    fn of(
        catalog: &Catalog,
        policy: &Policy,
        quote: &Quote,
        priced: &Priced,
        parts: Parts,
    ) -> Self {
        let index = OfferingIndex::new(catalog);
        let positions: Vec<Option<usize>> = quote
            .lines
            .iter()
            .map(|l| index.position(&l.offering))
            .collect();
        let (setting, _) = Setting::of(policy, quote, priced.families as usize);
        let mut families: BTreeMap<String, u32> = BTreeMap::new();
        let mut grouped: Owned<Vec<usize>> = Owned::default();
        for (i, (line, position)) in quote.lines.iter().zip(&positions).enumerate() {
            if line.quantity == 0 {
                continue;
            }
            if let Some(p) = position {
                *families
                    .entry(catalog.offerings[*p].family.clone())
                    .or_default() += 1;
            }
            grouped.entry(line.offering.clone()).or_default().push(i);
        }
        let mut rules_of: Owned<Vec<usize>> = Owned::default();
        for (r, rule) in catalog.rules.iter().enumerate() {
            for offering in rules::involves(&rule.kind) {
                let list = rules_of.entry(offering.to_string()).or_default();
                if list.last() != Some(&r) {
                    list.push(r);
                }
            }
        }
        let mut state = State {
            terms: setting.terms,
            at_risk: setting.at_risk,
            role: setting.role,
            positions,
            seen: vec![None; catalog.offerings.len()],
            families,
            grouped,
            rules_of,
            sites: quote.customer.sites.iter().map(|s| s.id.clone()).collect(),
            parts,
            needs: vec![0; policy.levels.len().max(1)],
            refused: 0,
            beyond: 0,
            bound: priced.lines.iter().map(magnitude).sum(),
        };
        for l in &priced.lines {
            state.count(&l.authority, true);
        }
        state
    }

    /// Counts a line's judgement in (`add`) or out.
    fn count(&mut self, a: &LineAuthority, add: bool) {
        let step = |n: &mut u32| *n = if add { *n + 1 } else { n.saturating_sub(1) };
        if a.beyond_ladder || a.needs > 0 {
            if let Some(n) = self.needs.get_mut(a.needs) {
                step(n);
            }
        }
        if a.below_floor {
            step(&mut self.refused);
        }
        if a.beyond_ladder {
            step(&mut self.beyond);
        }
    }
}

/// The lines with a quantity by offering, as the catalog rules read them.
struct View<'a> {
    grouped: &'a Owned<Vec<usize>>,
    catalog: &'a Catalog,
}

impl<'a> Grouped<'a> for View<'a> {
    fn lines_of(&self, offering: &str) -> &[usize] {
        self.grouped.get(offering).map_or(&[], Vec::as_slice)
    }

    fn offering(&self, id: &str) -> Option<&'a Offering> {
        self.catalog.offering(id)
    }
}

/// The range of `items` (sorted by the line each is about) that is about line `i`.
fn around<T>(items: &[T], i: usize, line_of: impl Fn(&T) -> Option<usize>) -> (usize, usize) {
    let from = items.partition_point(|x| line_of(x).is_some_and(|l| l < i));
    let to = items.partition_point(|x| line_of(x).is_some_and(|l| l <= i));
    (from, to)
}

/// The line a line's own finding is about.
fn first_line(f: &Finding) -> Option<usize> {
    f.lines.first().copied()
}

/// The largest amount a line adds to any total.
fn magnitude(l: &PricedLine) -> i128 {
    let amounts = [&l.waterfall.list, &l.net, &l.tax, &l.gross, &l.cost];
    amounts
        .iter()
        .flat_map(|a| [a.mrc, a.nrc, a.tcv])
        .chain([l.margin])
        .map(|v| v.unsigned_abs() as i128)
        .max()
        .unwrap_or(0)
}

/// `total` with `old` taken out and `new` put in; exact while the bound holds.
fn shifted(total: Fen, old: Fen, new: Fen) -> Fen {
    crate::money::to_fen(total as i128 - old as i128 + new as i128)
}

fn shift(total: &mut Amounts, old: &Amounts, new: &Amounts) {
    total.mrc = shifted(total.mrc, old.mrc, new.mrc);
    total.nrc = shifted(total.nrc, old.nrc, new.nrc);
    total.tcv = shifted(total.tcv, old.tcv, new.tcv);
}
