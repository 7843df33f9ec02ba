//! The rows of the line editor kept in step with the quote and its price by one effect, so an
//! edit re-runs only its own row ([`Rows`]).

use crate::state::Ctx;
use leptos::prelude::*;
use std::collections::{HashMap, HashSet};
use tailor_core::pricing::{Priced, PricedLine};
use tailor_core::quote::{Line, Quote, Site};
use tailor_core::rules::Finding;

/// One row's share of the quote and its price.
#[derive(Clone)]
pub struct RowState {
    pub index: ArcRwSignal<Option<usize>>,
    pub line: ArcRwSignal<Option<Line>>,
    pub priced: ArcRwSignal<Option<PricedLine>>,
    pub findings: ArcRwSignal<Vec<Finding>>,
}

impl RowState {
    fn empty() -> RowState {
        RowState {
            index: ArcRwSignal::new(None),
            line: ArcRwSignal::new(None),
            priced: ArcRwSignal::new(None),
            findings: ArcRwSignal::new(Vec::new()),
        }
    }

    /// The row of line `id` alone, kept in step with the quote and its price by an effect of its
    /// own: the line opened in full from the list at scale, where no [`Rows`] keeps thousands of
    /// rows. Its signals change only where the line, its figures or its findings did.
    pub fn following(ctx: Ctx, id: String) -> RowState {
        let state = RowState::empty();
        let s = state.clone();
        let read = move |q: &Quote, p: &Priced| {
            let i = q.lines.iter().position(|l| l.id == id);
            let found = i
                .map(|i| {
                    p.findings
                        .iter()
                        .filter(|f| f.lines.contains(&i))
                        .cloned()
                        .collect()
                })
                .unwrap_or_default();
            s.update(
                i,
                i.and_then(|i| q.lines.get(i)),
                i.and_then(|i| p.lines.get(i)),
                found,
            );
        };
        ctx.quote
            .with_untracked(|q| ctx.priced.with_untracked(|p| read(q, p)));
        Effect::new(move |_| ctx.quote.with(|q| ctx.priced.with(|p| read(q, p))));
        state
    }

    /// Sets the row's signals to line `index` as it stands, only where they differ, so that
    /// their readers re-run only then.
    fn update(
        &self,
        index: Option<usize>,
        line: Option<&Line>,
        priced: Option<&PricedLine>,
        findings: Vec<Finding>,
    ) {
        if self.index.with_untracked(|v| *v != index) {
            self.index.set(index);
        }
        if self.line.with_untracked(|v| v.as_ref() != line) {
            self.line.set(line.cloned());
        }
        if self.priced.with_untracked(|v| v.as_ref() != priced) {
            self.priced.set(priced.cloned());
        }
        if self.findings.with_untracked(|v| *v != findings) {
            self.findings.set(findings);
        }
    }
}

/// What every row shares: the pricing role, the customer's sites and industry.
#[derive(Clone, Copy)]
pub struct Shared {
    pub role: Memo<usize>,
    pub sites: Memo<Vec<Site>>,
    pub industry: Memo<String>,
}

impl Shared {
    pub fn new(ctx: Ctx) -> Shared {
        Shared {
            role: Memo::new(move |_| ctx.priced.with(|p| p.authority.role)),
            sites: Memo::new(move |_| ctx.quote.with(|q| q.customer.sites.clone())),
            industry: Memo::new(move |_| ctx.quote.with(|q| q.customer.industry.clone())),
        }
    }
}

/// Every row's share of the quote and its price, by line id, kept in step by one effect.
///
/// Every edit reprices the whole quote. Were each row to read `ctx.quote` and `ctx.priced`
/// itself, every row would re-run on every edit, and each signal's list of subscribers (several
/// per row) would be rewritten each time: quadratic in the number of lines, tens of milliseconds
/// per keystroke for 200 lines. Instead one effect reads them once and sets each row's signals
/// only where its line, figures or findings changed: an edit re-runs its own row and the totals.
#[derive(Clone, Copy)]
pub struct Rows {
    ctx: Ctx,
    rows: StoredValue<HashMap<String, RowState>>,
    pub shared: Shared,
}

impl Rows {
    pub fn new(ctx: Ctx) -> Rows {
        let rows = Rows {
            ctx,
            rows: StoredValue::new(HashMap::new()),
            shared: Shared::new(ctx),
        };
        Effect::new(move |_| {
            ctx.quote.track();
            ctx.priced.track();
            rows.sync();
        });
        rows
    }

    /// Brings every row in line with the quote and its price (untracked).
    fn sync(self) {
        let ctx = self.ctx;
        ctx.quote.with_untracked(|q| {
            ctx.priced.with_untracked(|p| {
                let mut findings: Vec<Vec<&Finding>> = vec![Vec::new(); q.lines.len()];
                for f in &p.findings {
                    for &i in &f.lines {
                        if let Some(v) = findings.get_mut(i) {
                            v.push(f);
                        }
                    }
                }
                self.rows.update_value(|rows| {
                    let ids: HashSet<&str> = q.lines.iter().map(|l| l.id.as_str()).collect();
                    rows.retain(|id, _| ids.contains(id.as_str()));
                    for (i, l) in q.lines.iter().enumerate() {
                        let priced = p.lines.get(i);
                        let found: Vec<Finding> =
                            findings[i].iter().map(|f| (*f).clone()).collect();
                        match rows.get(&l.id) {
                            Some(r) => r.update(Some(i), Some(l), priced, found),
                            None => {
                                let r = RowState::empty();
                                r.update(Some(i), Some(l), priced, found);
                                rows.insert(l.id.clone(), r);
                            }
                        }
                    }
                });
            })
        });
    }

    /// The row of line `id` (made now if the effect has not run since the line was added).
    pub fn get(self, id: &str) -> RowState {
        if let Some(r) = self.rows.with_value(|rows| rows.get(id).cloned()) {
            return r;
        }
        self.sync();
        self.rows
            .with_value(|rows| rows.get(id).cloned())
            .unwrap_or_else(RowState::empty)
    }
}
