//! The app's reactive state: catalog and policy in use, the quote being tailored, and its price,
//! recomputed by the core on every edit.

use leptos::prelude::*;
use std::sync::Arc;
use tailor_core::approval::{verify_chain, Approval, Verdict};
use tailor_core::catalog::Catalog;
use tailor_core::policy::Policy;
use tailor_core::pricing::{price, Priced};
use tailor_core::quote::{Line, Quote};
use tailor_core::reprice;
use tailor_core::text::Lang;
use tailor_core::SCHEMA_VERSION;

/// Where the catalog and policy in use came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// The embedded default, before or without the published files.
    Embedded,
    /// `catalog.json` and `policy.json` published beside the app.
    Published,
}

/// The catalog and policy in use.
#[derive(Clone, Debug, PartialEq)]
pub struct Data {
    pub catalog: Arc<Catalog>,
    pub policy: Arc<Policy>,
    pub source: Source,
}

/// Why the app runs on the embedded default rather than the published files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Banner {
    /// The published files could not be fetched (no network, or not deployed).
    Unreachable(Vec<String>),
    /// The published files failed the checker: its messages.
    Rejected(Vec<String>),
}

/// How the line editor groups lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupBy {
    None,
    Site,
    Family,
}

/// Which screen is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    /// The configurator: customer, lines and the price panel.
    Configure,
    /// The customer-facing proposal document, ready to print.
    Proposal,
    /// The proposal library: every proposal saved in this browser.
    Library,
}

/// Shared by every component through the context.
#[derive(Clone, Copy)]
pub struct Ctx {
    pub data: RwSignal<Data>,
    pub quote: RwSignal<Quote>,
    pub priced: Memo<Priced>,
    /// The signed approvals travelling with the quote (in its quote file).
    pub approvals: RwSignal<Vec<Approval>>,
    /// The approvals verified against the quote as it stands, on every change.
    pub verdict: Memo<Verdict>,
    pub lang: RwSignal<Lang>,
    pub presenting: RwSignal<bool>,
    pub group_by: RwSignal<GroupBy>,
    pub screen: RwSignal<Screen>,
    /// The priced result an imported quote file carried: the prices its customer was shown.
    pub snapshot: RwSignal<Option<Priced>>,
    /// The quote as the snapshot priced it. While the quote on screen is exactly this one and
    /// was priced on another catalog or policy, `priced` is the snapshot: a newer catalog never
    /// changes a proposal's price until it is edited or repriced.
    pub snapshot_of: RwSignal<Option<Quote>>,
    /// Why the published files are not in use, shown in a banner.
    pub banner: RwSignal<Option<Banner>>,
    /// A counter for new line and site ids.
    pub next_id: RwSignal<u32>,
}

impl Ctx {
    pub fn new(data: Data) -> Self {
        let quote = RwSignal::new(new_quote(&data.catalog, &data.policy));
        let data = RwSignal::new(data);
        let snapshot = RwSignal::new(None::<Priced>);
        let snapshot_of = RwSignal::new(None::<Quote>);
        let priced = Memo::new(move |_| {
            data.with(|d| {
                quote.with(|q| {
                    let held = reprice::stale(q, &d.catalog, &d.policy)
                        && snapshot_of.with(|s| s.as_ref() == Some(q));
                    match held.then(|| snapshot.get()).flatten() {
                        Some(p) => p,
                        None => price(&d.catalog, &d.policy, q),
                    }
                })
            })
        });
        let approvals = RwSignal::new(Vec::new());
        let verdict = Memo::new(move |_| {
            data.with(|d| {
                quote.with(|q| {
                    priced.with(|p| approvals.with(|a| verify_chain(&d.policy, q, p, a, &today())))
                })
            })
        });
        Ctx {
            data,
            quote,
            priced,
            approvals,
            verdict,
            lang: RwSignal::new(page_lang()),
            presenting: RwSignal::new(false),
            group_by: RwSignal::new(GroupBy::None),
            screen: RwSignal::new(Screen::Configure),
            snapshot,
            snapshot_of,
            banner: RwSignal::new(None),
            next_id: RwSignal::new(1),
        }
    }

    /// The next id with a prefix: `L12`, `S3`…
    pub fn fresh_id(&self, prefix: &str) -> String {
        let n = self.next_id.get_untracked();
        self.next_id.set(n + 1);
        format!("{prefix}{n}")
    }

    /// Applies an edit to the line with `id`, if it still exists.
    pub fn edit_line(&self, id: &str, f: impl FnOnce(&mut Line)) {
        self.quote.update(|q| {
            if let Some(l) = q.lines.iter_mut().find(|l| l.id == id) {
                f(l);
            }
        });
    }
}

/// A fresh, empty quote on the given catalog and policy.
pub fn new_quote(catalog: &Catalog, policy: &Policy) -> Quote {
    Quote {
        schema_version: SCHEMA_VERSION,
        id: quote_id(),
        version: 1,
        date: today(),
        catalog_version: catalog.version.clone(),
        policy_version: policy.version.clone(),
        term_months: policy.terms.iter().copied().max().unwrap_or(12),
        role: policy
            .levels
            .first()
            .map(|l| l.id.clone())
            .unwrap_or_default(),
        ..Quote::default()
    }
}

/// Today's date, `YYYY-MM-DD`, from the browser's clock.
pub fn today() -> String {
    let d = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date()
    )
}

pub fn quote_id() -> String {
    let now = js_sys::Date::now() as u64;
    let salt = (js_sys::Math::random() * 1_679_616.0) as u64;
    format!("Q{now:x}{salt:04x}").to_uppercase()
}

/// The language the page was opened in: `?lang=en` (a link from the other page), else Chinese.
fn page_lang() -> Lang {
    let search = web_sys::window().and_then(|w| w.location().search().ok());
    match search {
        Some(s) if s.trim_start_matches('?').split('&').any(|p| p == "lang=en") => Lang::En,
        _ => Lang::Zh,
    }
}

pub fn use_ctx() -> Ctx {
    expect_context::<Ctx>()
}
