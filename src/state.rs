//! The app's reactive state and its rules: the catalog and policy in use, the quote being
//! tailored with its signed approvals, and its price, recomputed by the core on every edit.
//! Components read the state's signals and change it through `Ctx`'s methods, which keep the
//! rules: an opened quote brings its own approvals and snapshot, a new solution drops the
//! approvals, repricing moves the quote onto the catalog in use.

use crate::grouping::GroupBy;
use crate::repricing::{self, Kept, Touched};
use leptos::prelude::*;
use std::sync::Arc;
use tailor_core::amendment::{self, PricedAmendment};
use tailor_core::approval::file::{self as approvals, quote_file_json_after};
use tailor_core::approval::preauth::{self, PreAuthorisation};
use tailor_core::approval::{judge, Approval, Status, Verdict, Why};
use tailor_core::bulk_edit::{self, Change, Selection};
use tailor_core::catalog::Catalog;
use tailor_core::contract::{self, Contract};
use tailor_core::end_of_sale;
use tailor_core::incremental::Scope;
use tailor_core::package;
use tailor_core::policy::Policy;
use tailor_core::pricing::{price, Priced};
use tailor_core::quote::{Line, Package, PackageLine, PackageRef, Quote, Site};
use tailor_core::quote_file::{AfterSale, QuoteFile};
use tailor_core::renewal::{self, Renewal};
use tailor_core::site_import::{self, Plan};
use tailor_core::text::{Lang, Text};
use tailor_core::trust::{self, Basis, Standing, Today, Versions};
use tailor_core::{template, version, SCHEMA_VERSION};

/// Where the catalog and policy in use came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// The embedded default: never signed, so no approval verifies under it.
    Embedded,
    /// The last good signed pair kept on this device (the published files failed or could not
    /// be fetched).
    Kept,
    /// `catalog.json` and `policy.json` published beside the app, signed, fetched now.
    Published,
}

/// The catalog and policy in use, every signed version the device keeps, and whether the policy
/// in use is signed.
#[derive(Clone, Debug, PartialEq)]
pub struct Data {
    pub catalog: Arc<Catalog>,
    pub policy: Arc<Policy>,
    pub source: Source,
    pub versions: Arc<Versions>,
    /// Who signed the policy in use, or why it is not believed for approvals.
    pub trust: Result<Text, Text>,
}

impl Data {
    /// Whether approvals can be believed on `today` under the policy in use.
    pub fn standing(&self, today: &str) -> Standing {
        match &self.trust {
            Ok(_) => Standing::of_signed(&self.policy, today),
            Err(why) => Standing::Unverifiable { why: why.clone() },
        }
    }

    /// Whether approvals of a quote priced on `basis` can be believed on `today`: not when the
    /// device lacks the versions it names, else as under the policy in use.
    pub fn standing_for(&self, basis: &Basis, today: &str) -> Standing {
        basis.unverifiable().unwrap_or_else(|| self.standing(today))
    }

    /// A signed demo policy is in use: everything made now carries the demo mark.
    pub fn demo(&self) -> bool {
        self.trust.is_ok() && self.policy.demo
    }

    /// The name of a file made now: marked `DEMO-` under a demo policy.
    pub fn file_name(&self, name: String) -> String {
        if self.demo() {
            tailor_core::demo::file_name(&name)
        } else {
            name
        }
    }
}

/// Why the app runs on the embedded default rather than the published files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Banner {
    /// The published files could not be fetched (no network, or not deployed).
    Unreachable(Vec<String>),
    /// The published files failed the checker: its messages.
    Rejected(Vec<String>),
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
    /// Two versions of one lineage compared: the changes, printable for the customer.
    Changes,
}

/// The page a screen lives on: the configurator (`index.html`: configure, proposal) or the
/// library (`library.html`: the library, contracts, changes), so the configurator's first visit
/// does not load the library's screens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    Configurator,
    Library,
}

impl Screen {
    /// The page this screen lives on.
    pub fn page(self) -> Page {
        match self {
            Screen::Configure | Screen::Proposal => Page::Configurator,
            Screen::Library | Screen::Changes => Page::Library,
        }
    }
}

/// A contract being amended (变更) from `effective`: the quote on screen holds the amendment's
/// lines, edited in the ordinary editor.
pub type Amending = amendment::Amends;

/// Shared by every component through the context. The quote, its approvals and snapshot, the
/// catalog and policy in use and the banner are [`Reader`]s: read through the signals here,
/// changed only through the methods, which keep the state's rules.
#[derive(Clone, Copy)]
pub struct Ctx {
    /// The catalog and policy in use: switched with [`Ctx::use_data`].
    pub data: Reader<Data>,
    /// The quote on screen: edited with [`Ctx::edit`], replaced with [`Ctx::open`].
    pub quote: Reader<Quote>,
    /// What the quote's lines and sites are made of, as one number (`line_tree::shape`): the
    /// views of thousands of lines are made again only when it changes, never on a mere edit.
    pub shape: Memo<u64>,
    /// The quote's price: `core::pricing::price` on the exact signed catalog and policy it names
    /// (`core::trust::named`), else on the pair in use (and `basis` says it needs repricing).
    /// Never a figure stored in a file.
    pub priced: Memo<Arc<Priced>>,
    /// What the price rests on: the versions the quote names, or "needs repricing".
    pub basis: Memo<Basis>,
    /// Today for every validity check: never earlier than the latest date the device has seen.
    pub today: Reader<Today>,
    /// The signed approvals travelling with the quote (in its quote file).
    pub approvals: Reader<Vec<Approval>>,
    /// The pre-authorisations kept on this device, for every customer: kept with
    /// [`Ctx::keep_preauth`], each applying to the proposals for its customer's USCC.
    pub preauths: Reader<Vec<PreAuthorisation>>,
    /// The approvals and the pre-authorisations for the quote's customer, verified against the
    /// quote as it stands, on every change, under the policy in force (`core::approval::judge`).
    pub verdict: Memo<Verdict>,
    /// The room left on each line under the first pre-authorisation for the customer that
    /// verifies (none: no such pre-authorisation).
    pub room: Memo<Option<PreAuthRoom>>,
    /// The priced result an opened quote file carried: shown at most as "as exported, not
    /// verified".
    pub snapshot: Reader<Option<Priced>>,
    /// Why the published files are not in use, shown in a banner.
    pub banner: Reader<Option<Banner>>,
    /// Set when an edit of a handed-over version started the next one: says which, until
    /// another proposal is opened.
    pub new_version: Reader<Option<Text>>,
    /// The contract the quote on screen amends, if it is an amendment ([`Ctx::amend`]).
    pub amending: Reader<Option<Amending>>,
    /// The amendment priced (`core::amendment::price`) on the catalog and policy in use, or why
    /// it cannot be; none unless amending.
    pub amended: Memo<Option<Result<PricedAmendment, Text>>>,
    /// The contract the quote on screen renews, if it is a renewal ([`Ctx::renew`]).
    pub renewing: Reader<Option<Contract>>,
    /// The renewal beside the contract (`core::renewal::compare`): per line the old and new net
    /// monthly price, why they differ, offerings no longer sold; none unless renewing.
    pub renewal: Memo<Option<Renewal>>,
    /// The quote as it was before the last change made to many sites at once (a site import, a
    /// package, a bulk edit), and what that change was: [`Ctx::undo`] puts it back. Any other
    /// edit drops it.
    pub undo: Reader<Option<Undo>>,
    // How the page is viewed, set by the components as the user chooses: no rule to keep.
    pub lang: RwSignal<Lang>,
    pub presenting: RwSignal<bool>,
    pub group_by: RwSignal<GroupBy>,
    pub screen: RwSignal<Screen>,
    /// A screen of the other page asked for ([`Ctx::show`]): the page goes there once the
    /// proposal on screen is stored (`navigation::leave_when_asked`).
    pub leaving: RwSignal<Option<Screen>>,
    /// The lineage whose versions the changes screen compares.
    pub lineage_shown: RwSignal<String>,
    /// The number of the next new line or site id.
    next_id: StoredValue<u32>,
    /// What changed in the quote since `priced` last priced it: the quote is written only
    /// through [`Ctx::set_quote`], [`Ctx::update_quote`] and [`Ctx::edit_line`], which say so.
    touched: StoredValue<Touched>,
    /// A new quote id and today's date, `YYYY-MM-DD`, for the next version an edit starts: the
    /// browser's random source and clock ([`quote_id`], [`today`]); fixed in the unit tests.
    fresh: fn() -> (String, String),
}

/// What one undo reverts: the quote before a change to many sites, and that change in words.
#[derive(Clone, Debug, PartialEq)]
pub struct Undo {
    pub quote: Quote,
    pub what: Text,
}

/// A signal the components read and only `Ctx`'s methods write. It reads as the `RwSignal` it
/// holds (the same code: no second signal type in the bundle).
pub struct Reader<T: 'static>(RwSignal<T>);

impl<T> Clone for Reader<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Reader<T> {}

impl<T> Reader<T>
where
    T: Send + Sync + 'static,
{
    /// Writes the value: for `Ctx`'s methods only.
    fn set(&self, value: T) {
        self.0.set(value);
    }

    /// Changes the value in place: for `Ctx`'s methods only.
    fn update(&self, f: impl FnOnce(&mut T)) {
        self.0.update(f);
    }
}

impl<T> DefinedAt for Reader<T> {
    fn defined_at(&self) -> Option<&'static std::panic::Location<'static>> {
        self.0.defined_at()
    }
}

impl<T: Send + Sync + 'static> ReadUntracked for Reader<T> {
    type Value = <RwSignal<T> as ReadUntracked>::Value;

    fn try_read_untracked(&self) -> Option<Self::Value> {
        self.0.try_read_untracked()
    }
}

impl<T: Send + Sync + 'static> Track for Reader<T> {
    fn track(&self) {
        self.0.track();
    }
}

impl<T: Send + Sync + 'static> From<Reader<T>> for Signal<T> {
    fn from(r: Reader<T>) -> Self {
        r.0.into()
    }
}

impl Ctx {
    /// The state of a page opened now: a new quote on `data`, in the page's language, on the
    /// device's today.
    pub fn new(data: Data) -> Self {
        let quote = new_quote(&data.catalog, &data.policy);
        let seen = data.policy.published.clone();
        let today = crate::published::today(seen.as_deref());
        Ctx::with(data, quote, page_lang(), today, || {
            (quote_id(), self::today())
        })
    }

    fn with(
        data: Data,
        quote: Quote,
        lang: Lang,
        today: Today,
        fresh: fn() -> (String, String),
    ) -> Self {
        let next_id = next_free_id(&quote);
        let data = RwSignal::new(data);
        let quote = RwSignal::new(quote);
        let today = RwSignal::new(today);
        let snapshot = RwSignal::new(None::<Priced>);
        let amending = RwSignal::new(None::<Amending>);
        let renewing = RwSignal::new(None::<Contract>);
        let kept = StoredValue::new(None::<Kept>);
        let touched = StoredValue::new(Touched::Anything);
        // Owning the previous price: no copy of it to compare, told whether it changed. The price
        // is the repricer's own, shared: the previous one is let go before the edit is priced, so
        // the repricer changes it in place instead of copying thousands of lines.
        let priced = Memo::new_owning(move |old: Option<Arc<Priced>>| {
            let day = today.with(|t| t.date.clone());
            let new_proposal = amending.with(Option::is_none) && renewing.with(Option::is_none);
            let was = old.as_ref().map(Arc::as_ptr);
            let own = |o: &Arc<Priced>| {
                kept.with_value(|k| k.as_ref().is_some_and(|k| Arc::ptr_eq(&k.shared(), o)))
            };
            let old = old.filter(|o| !own(o));
            data.with(|d| {
                quote.with(|q| {
                    let (c, p) = trust::named(&d.versions, &d.catalog, &d.policy, q)
                        .unwrap_or((&d.catalog, &d.policy));
                    let what = touched.try_update_value(std::mem::take).unwrap_or_default();
                    let scope = kept
                        .try_update_value(|k| repricing::reprice(k, c, p, q, what))
                        .unwrap_or(Scope::Whole);
                    let mut p = kept
                        .with_value(|k| k.as_ref().map(Kept::shared))
                        .unwrap_or_else(|| Arc::new(price(c, p, q)));
                    // An offering no longer sold blocks a new proposal; amendments and renewals
                    // of a contract keep pricing what it holds. The catalog in use has the
                    // latest word on what is sold.
                    if new_proposal {
                        let retired = end_of_sale::findings(&d.catalog, q, &day);
                        if !retired.is_empty() {
                            Arc::make_mut(&mut p).findings.extend(retired);
                        }
                    }
                    let changed = scope != Scope::Unchanged
                        || match &old {
                            Some(o) => **o != *p,
                            None => was != Some(Arc::as_ptr(&p)),
                        };
                    (p, changed)
                })
            })
        });
        let basis = Memo::new(move |_| {
            data.with(|d| quote.with(|q| trust::basis(&d.versions, &d.catalog, &d.policy, q)))
        });
        let approvals = RwSignal::new(Vec::new());
        let preauths = RwSignal::new(Vec::<PreAuthorisation>::new());
        let amended = Memo::new(move |_| {
            amending.with(|a| {
                let a = a.as_ref()?;
                Some(data.with(|d| quote.with(|q| a.price(q, &d.catalog, &d.policy))))
            })
        });
        // What the approvals of an amendment are judged on: the amendment, not the whole
        // proposal (`core::amendment::judged`); none for a proposal or a renewal.
        let judged = Memo::new(move |_| {
            amending.with(|a| {
                let a = a.as_ref()?;
                amended.with(|r| match r {
                    Some(Ok(p)) => {
                        Some(quote.with(|q| amendment::judged(p, &a.of(q), &a.contract.currency)))
                    }
                    _ => None,
                })
            })
        });
        let verdict = Memo::new(move |_| {
            let today = today.with(|t| t.date.clone());
            data.with(|d| {
                quote.with(|q| {
                    let named = trust::named(&d.versions, &d.catalog, &d.policy, q)
                        .map_or(&d.policy, |(_, p)| p);
                    let enrolment = trust::enrolment(named, &d.policy);
                    let standing = basis.with(|b| d.standing_for(b, &today));
                    let pre = preauths.with(|all| for_customer(all, &q.customer.uscc));
                    let on = |p: &Priced| {
                        approvals.with(|a| judge(&standing, &enrolment, q, p, a, &pre, &today))
                    };
                    judged.with(|j| match j {
                        Some(p) => on(p),
                        None => priced.with(|p| on(p)),
                    })
                })
            })
        });
        let room = Memo::new(move |_| {
            let (index, approver) = verdict.with(|v| {
                let c = v.preauths.iter().find(|c| c.why.is_empty())?;
                Some((c.index, c.approver_name.clone()))
            })?;
            data.with(|d| {
                quote.with(|q| {
                    let pre = preauths.with(|k| for_customer(k, &q.customer.uscc));
                    let catalog = trust::named(&d.versions, &d.catalog, &d.policy, q)
                        .map_or(&d.catalog, |(c, _)| c);
                    let rooms: Option<Vec<preauth::Room>> = pre
                        .get(index)
                        .map(|pre| priced.with(|p| preauth::room(catalog, pre, q, p)));
                    rooms.map(|rooms| PreAuthRoom {
                        approver,
                        lines: rooms.into_iter().map(|r| (r.line_id, r.pre)).collect(),
                    })
                })
            })
        });
        let banner = RwSignal::new(None);
        let renewal = Memo::new(move |_| {
            renewing.with(|c| {
                let c = c.as_ref()?;
                let day = today.with(|t| t.date.clone());
                Some(data.with(|d| {
                    quote.with(|q| priced.with(|p| renewal::compare(c, &d.catalog, q, p, &day)))
                }))
            })
        });
        Ctx {
            data: Reader(data),
            quote: Reader(quote),
            shape: Memo::new(move |_| quote.with(crate::line_tree::shape)),
            priced,
            basis,
            today: Reader(today),
            approvals: Reader(approvals),
            preauths: Reader(preauths),
            verdict,
            room,
            snapshot: Reader(snapshot),
            banner: Reader(banner),
            new_version: Reader(RwSignal::new(None)),
            amending: Reader(amending),
            amended,
            renewing: Reader(renewing),
            renewal,
            undo: Reader(RwSignal::new(None)),
            lang: RwSignal::new(lang),
            presenting: RwSignal::new(false),
            group_by: RwSignal::new(GroupBy::None),
            screen: RwSignal::new(Screen::Configure),
            leaving: RwSignal::new(None),
            lineage_shown: RwSignal::new(String::new()),
            next_id: StoredValue::new(next_id),
            touched,
            fresh,
        }
    }

    /// Shows `screen`: at once when it lives on this page, else by going to its page once the
    /// proposal on screen is stored.
    pub fn show(&self, screen: Screen) {
        if screen.page() == self.screen.get_untracked().page() {
            self.screen.set(screen);
        } else {
            self.leaving.set(Some(screen));
        }
    }

    /// Shows the changes between the versions of `lineage`.
    pub fn show_changes(&self, lineage: String) {
        self.lineage_shown.set(lineage);
        self.show(Screen::Changes);
    }

    /// An edit of the quote on screen that keeps it the same proposal (its fields, its lines'
    /// options, quantities, sites and discounts). A handed-over version is never changed: the
    /// edit starts its next version (a new id, the same lineage, V+1, today's date), without
    /// the approvals (they bound the version they signed) or the snapshot, and `new_version`
    /// says so. The handed-over version stays in the library as it was.
    /// Any edit after a change to many sites makes that change no longer undoable.
    pub fn edit(&self, f: impl FnOnce(&mut Quote)) {
        self.edit_touching(Touched::Anything, f);
    }

    /// [`Ctx::edit`], saying what the edit touches (a new version touches everything).
    fn edit_touching(&self, touched: Touched, f: impl FnOnce(&mut Quote)) {
        if self.undo.with_untracked(Option::is_some) {
            self.undo.set(None);
        }
        let frozen = self.quote.with_untracked(version::is_frozen);
        if frozen {
            let (id, date) = (self.fresh)();
            let next = self
                .quote
                .with_untracked(|q| version::next_version(q, &id, &date));
            let before = self.quote.with_untracked(version::label);
            let now = format!("V{}", next.version);
            self.approvals.set(Vec::new());
            self.snapshot.set(None);
            self.new_version.set(Some(Text::new(
                format!(
                    "{}不再更改；此修改开始新版本 {now}（方案库中保留两版）",
                    before.zh
                ),
                format!(
                    "{} stays as it was: this change starts {now} (the library keeps both)",
                    before.en
                ),
            )));
            self.set_quote(next);
        }
        self.touch(touched);
        self.quote.update(f);
    }

    /// Says what an edit about to be made changes, for the price ([`repricing`]).
    fn touch(&self, what: Touched) {
        self.touched
            .update_value(|t| *t = std::mem::take(t).and(what));
    }

    /// Replaces the quote: it is priced anew.
    fn set_quote(&self, quote: Quote) {
        self.touch(Touched::Anything);
        self.quote.set(quote);
    }

    /// Changes anything in the quote: it is priced anew.
    fn update_quote(&self, f: impl FnOnce(&mut Quote)) {
        self.touch(Touched::Anything);
        self.quote.update(f);
    }

    /// Hands the proposal on screen over (printed, exported, signed for the customer) on
    /// `today`: this version is frozen, and the next change starts the next version.
    pub fn hand_over(&self) {
        if self.quote.with_untracked(version::is_frozen) {
            return;
        }
        let today = self.today.with_untracked(|t| t.date.clone());
        self.update_quote(|q| version::freeze(q, &today));
    }

    /// Applies an edit to the line with `id`, if it still exists. A line from a site package
    /// that the edit changes is marked as changed by hand: the package no longer updates it.
    /// Only that line is repriced, unless the core finds the edit moves more (its offering, the
    /// bundle discount).
    pub fn edit_line(&self, id: &str, f: impl FnOnce(&mut Line)) {
        let Some(i) = self
            .quote
            .with_untracked(|q| q.lines.iter().position(|l| l.id == id))
        else {
            return;
        };
        self.edit_touching(Touched::Lines(vec![i]), |q| {
            if let Some(l) = q.lines.get_mut(i) {
                let was = l.clone();
                f(l);
                if *l != was {
                    package::changed_by_hand(l);
                }
            }
        });
    }

    /// Replaces the quote with `quote`, the result of a change to many sites described by
    /// `what`, which one [`Ctx::undo`] reverts.
    fn change_many(&self, quote: Quote, what: Text) {
        let before = self.quote.get_untracked();
        let next = next_free_id(&quote).max(self.next_id.get_value());
        self.next_id.set_value(next);
        self.set_quote(quote);
        self.undo.set(Some(Undo {
            quote: before,
            what,
        }));
    }

    /// Puts the quote back as it was before the last change to many sites.
    pub fn undo(&self) {
        if let Some(u) = self.undo.get_untracked() {
            self.undo.set(None);
            self.set_quote(u.quote);
        }
    }

    /// Imports a site list as planned (`core::site_import::plan`, confirmed by the seller): the
    /// sites it names updated, the new ones added, then every package applied again (a site's
    /// type may have changed). Undoable.
    pub fn import_sites(&self, plan: &Plan) -> Result<(), Text> {
        let q = self
            .quote
            .with_untracked(|q| package::sync_all(&site_import::apply(q, plan)))?;
        let (n, u) = (plan.new.len(), plan.updated.len());
        self.change_many(
            q,
            Text::new(
                format!("导入网点（新增 {n} 个，更新 {u} 个）"),
                format!("the site import ({n} new, {u} updated)"),
            ),
        );
        Ok(())
    }

    /// Sets the type of the site with `id`; the packages are applied again, so the site gets
    /// its new type's lines and loses its old type's (except lines changed by hand).
    pub fn set_site_type(&self, id: &str, site_type: &str) -> Result<(), Text> {
        let mut q = self.quote.get_untracked();
        if let Some(s) = q.customer.sites.iter_mut().find(|s| s.id == id) {
            s.site_type = site_type.to_string();
        }
        let q = package::sync_all(&q)?;
        self.edit(|old| *old = q);
        Ok(())
    }

    /// Makes (or, when its type has one, updates) the package of the site `site_id`'s type from
    /// that site's lines, and applies it to every site of the type: the site's lines become the
    /// package's, the other sites get them, lines changed by hand elsewhere stay. Undoable.
    pub fn package_from_site(&self, site_id: &str) -> Result<(), Text> {
        let catalog = self.data.with_untracked(|d| d.catalog.clone());
        let q = self
            .quote
            .with_untracked(|q| package_of_site(&catalog, q, site_id))?;
        let what = Text::new("套餐应用", "applying the package");
        self.change_many(q, what);
        Ok(())
    }

    /// Applies the site packages the template `template_id` carries. Undoable.
    pub fn apply_template_packages(&self, template_id: &str) -> Result<(), Text> {
        let q = self.data.with_untracked(|d| {
            self.quote
                .with_untracked(|q| package::from_template(&d.catalog, q, template_id))
        })?;
        self.change_many(
            q,
            Text::new("模板套餐应用", "applying the template's packages"),
        );
        Ok(())
    }

    /// Removes the package `id` and the lines it gave that were not changed by hand. Undoable.
    pub fn remove_package(&self, id: &str) {
        let q = self.quote.with_untracked(|q| package::remove(q, id));
        self.change_many(q, Text::new("删除套餐", "removing the package"));
    }

    /// Gives the line `id` back to its package: set as the package has it, no longer marked.
    pub fn restore_line(&self, id: &str) -> Result<(), Text> {
        let q = self.quote.with_untracked(|q| package::restore(q, id))?;
        self.edit(|old| *old = q);
        Ok(())
    }

    /// Applies `change` to the matching lines of the sites `selection` selects, all at once;
    /// returns how many lines changed. Undoable in one step.
    pub fn bulk_edit(&self, selection: &Selection, change: &Change) -> usize {
        let edited = self.data.with_untracked(|d| {
            self.quote
                .with_untracked(|q| bulk_edit::apply(&d.catalog, q, selection, change))
        });
        let n = edited.lines_changed;
        if n > 0 {
            self.change_many(
                edited.quote,
                Text::new(
                    format!("批量修改（{n} 行）"),
                    format!("the bulk edit ({n} lines)"),
                ),
            );
        }
        n
    }

    /// Opens a quote in place of the one on screen, with the signed approvals it carries (those
    /// of the quote it replaces no longer apply) and the priced snapshot it was saved with, kept
    /// only to show "as exported, not verified": the price is always computed afresh.
    pub fn open(&self, quote: Quote, approvals: Vec<Approval>, snapshot: Option<Priced>) {
        self.next_id.set_value(next_free_id(&quote));
        self.new_version.set(None);
        self.amending.set(None);
        self.renewing.set(None);
        self.undo.set(None);
        self.snapshot.set(snapshot);
        self.approvals.set(approvals);
        self.set_quote(quote);
    }

    /// Opens a new, empty proposal on the catalog and policy in use.
    pub fn open_new(&self) {
        let mut quote = self
            .data
            .with_untracked(|d| new_quote(&d.catalog, &d.policy));
        quote.account_manager = self.quote.with_untracked(|q| q.account_manager.clone());
        self.open(quote, Vec::new(), None);
    }

    /// Keeps the proposal on screen as a new proposal: a new id and today's date, the first
    /// version of a lineage of its own, not handed over, without the approvals (signed for the
    /// other one) or the snapshot.
    pub fn keep_as_copy(&self) {
        self.approvals.set(Vec::new());
        self.snapshot.set(None);
        self.new_version.set(None);
        let (id, date) = (self.fresh)();
        self.update_quote(|q| {
            q.id = id;
            q.date = date;
            q.version = 1;
            q.lineage = String::new();
            q.handed_over = None;
        });
    }

    /// Switches to another catalog and policy (the published ones). A quote with nothing
    /// entered yet starts afresh on them, keeping its id: it is the same proposal.
    pub fn use_data(&self, data: Data) {
        let untouched = self
            .quote
            .with_untracked(|q| q.lines.is_empty() && q.customer.name.is_empty());
        if untouched {
            self.approvals.set(Vec::new());
            let mut fresh = new_quote(&data.catalog, &data.policy);
            fresh.id = self.quote.with_untracked(|q| q.id.clone());
            self.set_quote(fresh);
        }
        self.data.set(data);
    }

    /// The published files failed and no good signed pair is kept: approvals cannot be verified,
    /// and `why` says so.
    pub fn distrust(&self, why: Text) {
        self.data.update(|d| {
            if d.trust.is_err() {
                d.trust = Err(why);
            }
        });
    }

    /// `f` of the proposal on screen as it was judged: on the signed catalog and policy the quote
    /// names, with the sellers enrolled in the policy in force, the verdict on screen and the
    /// approvals and pre-authorisations it judged.
    fn with_proposal<R>(&self, f: impl FnOnce(&tailor_core::statement::Proposal) -> R) -> R {
        let verdict = self.verdict.get_untracked();
        let priced = self.priced.get_untracked();
        self.data.with_untracked(|d| {
            self.quote.with_untracked(|q| {
                let (catalog, named) = trust::named(&d.versions, &d.catalog, &d.policy, q)
                    .unwrap_or((&d.catalog, &d.policy));
                let mut policy: tailor_core::policy::Policy = (**named).clone();
                policy.sellers = d.policy.sellers.clone();
                let pre = self
                    .preauths
                    .with_untracked(|all| for_customer(all, &q.customer.uscc));
                self.approvals.with_untracked(|approvals| {
                    f(&tailor_core::statement::Proposal {
                        catalog: catalog.as_ref(),
                        policy: &policy,
                        quote: q,
                        priced: &priced,
                        verdict: &verdict,
                        approvals,
                        preauths: &pre,
                    })
                })
            })
        })
    }

    /// The statement body of the proposal on screen for the seller key whose public half is
    /// `key`, ready to sign (`crate::worker`).
    pub fn statement_to_sign(
        &self,
        key: &tailor_core::suite::PublicKey,
    ) -> Result<tailor_core::statement::StatementBody, Vec<tailor_core::statement::Why>> {
        let today = self.today.with_untracked(|t| t.date.clone());
        self.with_proposal(|p| tailor_core::statement::prepare(p, key, &today))
    }

    /// The proposal on screen, owned, for the worker's TMF648 export.
    pub fn proposal_for_export(&self) -> crate::worker::Proposal {
        let lang = self.lang.get_untracked();
        self.with_proposal(|p| crate::worker::Proposal {
            catalog: p.catalog.clone(),
            policy: p.policy.clone(),
            quote: p.quote.clone(),
            priced: p.priced.clone(),
            verdict: p.verdict.clone(),
            approvals: p.approvals.to_vec(),
            preauths: p.preauths.to_vec(),
            lang,
        })
    }

    /// The device has seen `date` (a newly fetched signed policy's `published`): today moves up
    /// to it if the clock is behind.
    pub fn see(&self, date: Option<&str>) {
        self.today.set(crate::published::today(date));
    }

    /// Shows (or, with `None`, dismisses) the banner saying why the published files are not in use.
    pub fn show_banner(&self, banner: Option<Banner>) {
        self.banner.set(banner);
    }

    /// Replaces the lines with the recommended solution of the template `template_id` for the
    /// customer's size. A new solution: the approvals no longer apply.
    pub fn accept_template(&self, template_id: &str) {
        let first = self.next_id.get_value();
        let employees = self.quote.with_untracked(|q| q.customer.employees);
        let lines = self.data.with_untracked(|d| {
            d.catalog
                .templates
                .iter()
                .find(|t| t.id == template_id)
                .map(|t| template::recommend(&d.catalog, t, employees, first))
                .unwrap_or_default()
        });
        self.next_id.set_value(first + lines.len() as u32);
        self.replace_lines(lines);
    }

    /// Removes every line, to start the solution from nothing: the approvals no longer apply.
    pub fn start_empty(&self) {
        self.replace_lines(Vec::new());
    }

    /// A new solution replaces the lines: the quote's approvals no longer apply.
    fn replace_lines(&self, lines: Vec<Line>) {
        self.approvals.set(Vec::new());
        self.edit(|q| q.lines = lines);
    }

    /// Reprices the quote on the catalog and policy in use: its versions become theirs, and the
    /// snapshot it was opened with is no longer shown.
    pub fn reprice(&self) {
        self.data.with_untracked(|d| {
            self.edit(|q| {
                q.catalog_version = d.catalog.version.clone();
                q.policy_version = d.policy.version.clone();
            })
        });
        self.snapshot.set(None);
    }

    /// The customer accepted the version on screen, signing on `signed`, the service starting on
    /// `start`: the contract (`core::contract::accept`, end = start + term). Refused, saying
    /// why, unless the version was handed over (the customer accepts what they were given), on
    /// or before the signing date, and stands without a missing approval; the core refuses bad
    /// dates, a start before the signature, blocking findings and a price below the floor.
    pub fn accept(&self, signed: &str, start: &str) -> Result<Contract, Text> {
        let quote = self.quote.get_untracked();
        let Some(handed) = quote.handed_over.clone() else {
            return Err(Text::new(
                "请先交付此版本（打印、导出或签署）：客户接受的是交付给他的版本",
                "Hand this version over first (print, export or sign it): the customer accepts the version they were given",
            ));
        };
        if self
            .verdict
            .with_untracked(|v| v.status == Status::NotApproved)
        {
            return Err(Text::new(
                "此版本尚缺审批，不能成为合同",
                "This version still needs approval; it cannot become a contract",
            ));
        }
        let mut contract = self
            .priced
            .with_untracked(|p| contract::accept(&quote, p, signed, start))?;
        contract.renews = self
            .renewing
            .with_untracked(|r| r.as_ref().map(|r| r.id.clone()));
        if signed < handed.as_str() {
            return Err(Text::new(
                format!("签约日期 {signed} 早于交付日期 {handed}"),
                format!("The signing date {signed} is before the handover on {handed}"),
            ));
        }
        Ok(contract)
    }

    /// Starts an amendment (变更) of `contract` effective on `effective`: the contract's lines in
    /// force become the next version of its lineage (a new id, not handed over), on the catalog
    /// and policy in use, edited in the ordinary editor; [`Ctx::amended`] prices it. Refused,
    /// saying why, when the date is not within the contract.
    pub fn amend(&self, contract: Contract, effective: &str) -> Result<(), Text> {
        let start = amendment::start(&contract, effective);
        self.data.with_untracked(|d| {
            amendment::price(&contract, &d.catalog, &d.policy, &start).map(|_| ())
        })?;
        let (id, date) = (self.fresh)();
        let mut quote = version::next_version(&amendment::proposal(&contract, &start), &id, &date);
        quote.lineage = contract.id.clone();
        self.data.with_untracked(|d| {
            quote.catalog_version = d.catalog.version.clone();
            quote.policy_version = d.policy.version.clone();
        });
        self.open(quote, Vec::new(), None);
        self.amending.set(Some(Amending {
            contract,
            effective: effective.to_string(),
        }));
        Ok(())
    }

    /// The customer signed the amendment on screen on `signed`: the contract as amended
    /// (`core::amendment::accept`). The amendment's version is handed over on that day, so the
    /// lineage keeps it as it was signed, and the amending ends. Refused, saying why, when it
    /// changes nothing, cannot be priced, is blocked or needs an approval beyond the role.
    pub fn accept_amendment(&self, signed: &str) -> Result<Contract, Text> {
        let Some(a) = self.amending.get_untracked() else {
            return Err(Text::new(
                "当前方案不是变更",
                "The proposal on screen is not an amendment",
            ));
        };
        let priced = self.amended.get_untracked().unwrap_or_else(|| {
            Err(Text::new(
                "当前方案不是变更",
                "The proposal on screen is not an amendment",
            ))
        })?;
        if priced.is_empty() {
            return Err(Text::new(
                "此变更没有改动任何行",
                "This amendment changes no line",
            ));
        }
        if self
            .verdict
            .with_untracked(|v| v.status == Status::NotApproved)
        {
            return Err(Text::new(
                "此变更超出本人权限，需先获审批",
                "This amendment is beyond your own authority: it needs approval first",
            ));
        }
        let (contract, amendment) = self.quote.with_untracked(|q| (a.contract_for(q), a.of(q)));
        let next = amendment::accept(&contract, &amendment, &priced, signed)?;
        self.update_quote(|q| version::freeze(q, signed));
        self.amending.set(None);
        Ok(next)
    }

    /// What the quote on screen is after the signature: an amendment of a contract from a date,
    /// a renewal of a contract, or (none) a proposal.
    pub fn after_sale(&self) -> Option<AfterSale> {
        if let Some(a) = self.amending.get_untracked() {
            return Some(AfterSale::Amends(a));
        }
        self.renewing.get_untracked().map(AfterSale::Renews)
    }

    /// The quote file of the proposal on screen, with its approvals and, made from a contract,
    /// what it is after the signature: what the library stores, an approval request carries and
    /// the approver prices.
    pub fn file_json(&self) -> String {
        let after = self.after_sale();
        self.quote.with_untracked(|q| {
            self.priced.with_untracked(|p| {
                self.approvals
                    .with_untracked(|a| quote_file_json_after(q, p, a, after.as_ref()))
            })
        })
    }

    /// Opens a stored or chosen quote file: [`Ctx::open`], then, made from a contract, the
    /// amendment or renewal it is, as it was.
    pub fn open_file(&self, file: QuoteFile, approvals: Vec<Approval>) {
        self.open(file.quote, approvals, Some(file.priced));
        match file.after_sale {
            Some(AfterSale::Amends(a)) => self.amending.set(Some(a)),
            Some(AfterSale::Renews(c)) => self.renewing.set(Some(c)),
            None => {}
        }
    }

    /// Starts the renewal (续约) of `contract` for a term of `term_months`: its lines in force on
    /// the catalog and policy in use, a new proposal (a new lineage) made today, judged and
    /// approved as usual; [`Ctx::renewal`] sets it beside the contract.
    pub fn renew(&self, contract: Contract, term_months: u32) {
        let (id, date) = (self.fresh)();
        let quote = self.data.with_untracked(|d| {
            renewal::proposal(&contract, &d.catalog, &d.policy, term_months, &id, &date)
        });
        self.open(quote, Vec::new(), None);
        self.renewing.set(Some(contract));
    }

    /// Replaces line `line_id`'s offering, no longer sold, by its successor (the options the
    /// successor also has, the quantity, site and discount kept). Nothing happens without one.
    pub fn switch_to_successor(&self, line_id: &str) {
        let switched = self.data.with_untracked(|d| {
            self.quote
                .with_untracked(|q| renewal::switch_to_successor(q, &d.catalog, line_id))
        });
        if let Some(s) = switched {
            self.edit(|q| q.lines = s.lines);
        }
    }

    /// Adds the signed approvals not already on the quote; returns how many were added.
    pub fn add_approvals(&self, found: Vec<Approval>) -> usize {
        let mut added = 0;
        self.approvals
            .update(|list| added = approvals::merge(list, found));
        added
    }

    /// The pre-authorisations kept on this device, as read at start.
    pub fn kept_preauths(&self, kept: Vec<PreAuthorisation>) {
        self.preauths.set(kept);
    }

    /// Keeps a pre-authorisation on this device, with its customer, when it verifies now under
    /// the signed policy in force: says whom it is from, for whom and until when, and whether it
    /// applies to the proposal on screen; or why it is refused (then nothing is kept).
    pub fn keep_preauth(&self, pre: PreAuthorisation) -> Result<Text, Text> {
        let today = self.today.with_untracked(|t| t.date.clone());
        let (why, who) = self.data.with_untracked(|d| {
            let b = &pre.body;
            let mut why = match d.standing(&today) {
                Standing::Trusted { .. } => Vec::new(),
                Standing::Expired { expires } => vec![Why::PolicyExpired { expires }],
                Standing::Unverifiable { why } => vec![Why::Unverifiable { why }],
            };
            why.extend(preauth::verify(
                &d.policy,
                &pre,
                &b.uscc,
                &b.account_manager,
                &today,
            ));
            let who = d.policy.approver(&b.approver_id).map_or_else(
                || Text::new(b.approver_id.clone(), b.approver_id.clone()),
                |a| a.name.clone(),
            );
            (
                why.iter().map(|w| w.text(&d.policy)).collect::<Vec<_>>(),
                who,
            )
        });
        if !why.is_empty() {
            return Err(Text::new(
                format!("预授权无法使用：{}", join(&why, Lang::Zh, "；")),
                format!(
                    "The pre-authorisation cannot be used: {}",
                    join(&why, Lang::En, "; ")
                ),
            ));
        }
        let b = pre.body.clone();
        let here = self.quote.with_untracked(|q| q.customer.uscc == b.uscc);
        self.preauths.update(|kept| {
            preauth::file::keep(kept, pre);
        });
        let customer = format!("{}（{}）", b.customer_name, b.uscc);
        let (zh, en) = if here {
            ("适用于当前方案", "it applies to this proposal")
        } else {
            (
                "它不适用于当前方案（客户不同）",
                "it does not apply to this proposal (another customer)",
            )
        };
        Ok(Text::new(
            format!(
                "已保存{}给{customer}的预授权，有效至 {}；{zh}",
                who.zh, b.expires
            ),
            format!(
                "Kept {}'s pre-authorisation for {customer}, valid until {}; {en}",
                who.en, b.expires
            ),
        ))
    }

    /// Forgets a kept pre-authorisation.
    pub fn forget_preauth(&self, pre: &PreAuthorisation) {
        self.preauths.update(|kept| kept.retain(|p| p != pre));
    }

    /// Removes every signed approval from the quote.
    pub fn remove_approvals(&self) {
        self.approvals.set(Vec::new());
    }

    /// Adds one line of `offering` at its minimum quantity, with a new id.
    pub fn add_line(&self, offering: &str) {
        let Some(min) = self
            .data
            .with_untracked(|d| d.catalog.offering(offering).map(|o| o.min_qty))
        else {
            return;
        };
        let id = self.fresh_id("L");
        self.edit(|q| {
            q.lines.push(Line {
                id,
                offering: offering.to_string(),
                quantity: min,
                ..Line::default()
            })
        });
    }

    /// Removes the line with `id`.
    pub fn remove_line(&self, id: &str) {
        self.edit(|q| q.lines.retain(|l| l.id != id));
    }

    /// Moves the line with `id` up (`-1`) or down (`1`), if there is room.
    pub fn move_line(&self, id: &str, delta: isize) {
        self.edit(|q| {
            let Some(i) = q.lines.iter().position(|l| l.id == id) else {
                return;
            };
            let j = i as isize + delta;
            if j >= 0 && (j as usize) < q.lines.len() {
                q.lines.swap(i, j as usize);
            }
        });
    }

    /// Adds an empty site with a new id.
    pub fn add_site(&self) {
        let id = self.fresh_id("S");
        self.edit(|q| {
            q.customer.sites.push(Site {
                id,
                ..Site::default()
            })
        });
    }

    /// Removes the `i`th site; the lines placed at it are left with no site.
    pub fn remove_site(&self, i: usize) {
        self.edit(|q| {
            if i < q.customer.sites.len() {
                let gone = q.customer.sites.remove(i).id;
                for l in q
                    .lines
                    .iter_mut()
                    .filter(|l| l.site.as_deref() == Some(gone.as_str()))
                {
                    l.site = None;
                }
            }
        });
    }

    /// The next id with a prefix: `L12`, `S3`…
    fn fresh_id(&self, prefix: &str) -> String {
        let n = self.next_id.get_value();
        self.next_id.set_value(n + 1);
        format!("{prefix}{n}")
    }
}

/// The number after the highest line or site id of a quote (`L7`, `S2` → 8): new ids never
/// repeat one it has.
fn next_free_id(quote: &Quote) -> u32 {
    quote
        .lines
        .iter()
        .map(|l| l.id.as_str())
        .chain(quote.customer.sites.iter().map(|s| s.id.as_str()))
        .filter_map(|id| id.get(1..).and_then(|n| n.parse::<u32>().ok()))
        .max()
        .unwrap_or(0)
        .saturating_add(1)
}

/// The quote with the package of site `site_id`'s type made (or updated) from that site's
/// lines, and applied: see [`Ctx::package_from_site`]. The site's lines from another package are
/// left to it.
fn package_of_site(catalog: &Catalog, quote: &Quote, site_id: &str) -> Result<Quote, Text> {
    let Some(site) = quote.site(site_id) else {
        return Err(Text::new("没有这个站点", "There is no such site"));
    };
    let Some(site_type) = catalog.site_type(&site.site_type) else {
        return Err(Text::new(
            "请先为该站点选择网点类型：套餐按类型应用",
            "Choose the site's type first: a package applies to a type",
        ));
    };
    let mut q = quote.clone();
    let id = q
        .packages
        .iter()
        .find(|p| p.site_type == site_type.id)
        .map(|p| p.id.clone())
        .unwrap_or_else(|| {
            (1..)
                .map(|n| format!("P{n}"))
                .find(|id| q.packages.iter().all(|p| p.id != *id))
                .unwrap_or_default()
        });
    let mut next = q
        .lines
        .iter()
        .filter_map(|l| l.package.as_ref().filter(|r| r.package == id))
        .filter_map(|r| r.line.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    let mut lines = Vec::new();
    for l in q.lines.iter_mut().filter(|l| {
        l.site.as_deref() == Some(site_id) && l.package.as_ref().is_none_or(|r| r.package == id)
    }) {
        let line_id = match &l.package {
            Some(r) => r.line.clone(),
            None => {
                next += 1;
                next.to_string()
            }
        };
        l.package = Some(PackageRef {
            package: id.clone(),
            line: line_id.clone(),
        });
        l.by_hand = false;
        lines.push(PackageLine {
            id: line_id,
            offering: l.offering.clone(),
            options: l.options.clone(),
            quantity: l.quantity,
            discount_bp: l.discount_bp,
        });
    }
    if lines.is_empty() {
        return Err(Text::new(
            "该站点还没有产品行：先为它配置产品行，再做成套餐",
            "The site has no lines yet: give it lines first, then make them its type's package",
        ));
    }
    let package = Package {
        id,
        name: Text::new(
            format!("{}套餐", site_type.name.zh),
            format!("{} package", site_type.name.en),
        ),
        site_type: site_type.id.clone(),
        lines,
    };
    package::put(&q, package)
}

/// The room left on each line under a pre-authorisation: by line id, the largest requested
/// discount within its limit for the line's family and above the cost floor.
#[derive(Clone, Debug, PartialEq)]
pub struct PreAuthRoom {
    pub approver: Text,
    pub lines: std::collections::HashMap<String, Option<tailor_core::money::Bp>>,
}

/// The kept pre-authorisations for the customer with `uscc`.
pub fn for_customer(kept: &[PreAuthorisation], uscc: &str) -> Vec<PreAuthorisation> {
    kept.iter()
        .filter(|p| !uscc.is_empty() && p.body.uscc == uscc)
        .cloned()
        .collect()
}

fn join(texts: &[Text], lang: Lang, sep: &str) -> String {
    texts
        .iter()
        .map(|t| t.get(lang))
        .collect::<Vec<_>>()
        .join(sep)
}

/// A fresh, empty quote on the given catalog and policy, made now.
fn new_quote(catalog: &Catalog, policy: &Policy) -> Quote {
    blank_quote(catalog, policy, quote_id(), today())
}

/// An empty quote on the given catalog and policy: the longest term, priced by the first level.
fn blank_quote(catalog: &Catalog, policy: &Policy, id: String, date: String) -> Quote {
    Quote {
        schema_version: SCHEMA_VERSION,
        id,
        version: 1,
        date,
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

/// Today's date, `YYYY-MM-DD`, from the browser's clock: a quote's date. Validity checks use
/// [`Ctx::today`] instead.
pub fn today() -> String {
    crate::published::clock()
}

/// A new quote id: `Q`, the time and a random salt, in upper-case hexadecimal.
pub fn quote_id() -> String {
    let now = js_sys::Date::now() as u64;
    let salt = (js_sys::Math::random() * 1_679_616.0) as u64;
    format!("Q{now:x}{salt:04x}").to_uppercase()
}

/// The language the page was opened in: `?lang=en` (a link from the other page), else Chinese.
fn page_lang() -> Lang {
    let search = web_sys::window().and_then(|w| w.location().search().ok());
    lang_of_search(search.as_deref().unwrap_or_default())
}

/// The language a page's query string asks for: `?lang=en`, else Chinese.
fn lang_of_search(search: &str) -> Lang {
    if search
        .trim_start_matches('?')
        .split('&')
        .any(|p| p == "lang=en")
    {
        Lang::En
    } else {
        Lang::Zh
    }
}

pub fn use_ctx() -> Ctx {
    expect_context::<Ctx>()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::loader::embedded;
    use tailor_core::approval::{ApprovalBody, Decision, Request};
    use tailor_core::keyfile::ApproverKey;

    /// A state on the embedded catalog and policy, built without the browser.
    fn ctx() -> Ctx {
        ctx_on(embedded())
    }

    fn ctx_on(data: Data) -> Ctx {
        let quote = blank_quote(
            &data.catalog,
            &data.policy,
            "Q1".into(),
            "2026-12-01".into(),
        );
        let today = Today {
            date: "2026-12-01".into(),
            clock_behind: false,
        };
        Ctx::with(data, quote, Lang::Zh, today, || {
            ("Q2".into(), "2026-12-02".into())
        })
    }

    fn line(id: &str, offering: &str) -> Line {
        Line {
            id: id.into(),
            offering: offering.into(),
            quantity: 1,
            ..Line::default()
        }
    }

    /// An approval of the quote on screen, signed by the key of `seed` (its validity does not
    /// matter here: approvals are told apart by their signatures).
    fn approval(c: Ctx, seed: u8, comment: &str) -> Approval {
        let request = Request {
            decision: Decision::Approve,
            approver_id: format!("approver-{seed}"),
            level: "sales_manager".into(),
            issued: "2026-12-01".into(),
            expires: "2026-12-31".into(),
            comment: comment.into(),
            reason: String::new(),
        };
        let key = ApproverKey::from_seed([seed; 32]);
        c.quote.with_untracked(|q| {
            c.priced.with_untracked(|p| {
                ApprovalBody::new(q, p, &request, &key.public_key_hex()).sign(&key)
            })
        })
    }

    fn line_ids(c: Ctx) -> Vec<String> {
        c.quote
            .with_untracked(|q| q.lines.iter().map(|l| l.id.clone()).collect())
    }

    #[test]
    fn a_blank_quote_is_on_the_data_in_use_with_the_longest_term_and_the_first_level() {
        let c = ctx();
        c.quote.with_untracked(|q| {
            assert_eq!((q.id.as_str(), q.date.as_str()), ("Q1", "2026-12-01"));
            assert_eq!(q.catalog_version, "2026.11");
            assert_eq!(q.policy_version, "2026.11");
            assert_eq!(q.term_months, 36);
            assert_eq!(q.role, "account_manager");
            assert_eq!((q.version, q.schema_version), (1, SCHEMA_VERSION));
            assert!(q.lines.is_empty());
        });
    }

    #[test]
    fn importing_approvals_adds_only_those_not_already_on_the_quote() {
        let c = ctx();
        c.add_line("vnet_seat");
        let (a, b, d) = (approval(c, 1, ""), approval(c, 2, ""), approval(c, 3, "ok"));
        assert_eq!(c.add_approvals(vec![a.clone()]), 1);
        // The same approval again (from a second file, say) and two new ones.
        assert_eq!(c.add_approvals(vec![b.clone(), a.clone(), d.clone()]), 2);
        assert_eq!(
            c.approvals.get_untracked(),
            [a.clone(), b.clone(), d.clone()]
        );
        // Twice in one import counts once.
        let e = approval(c, 4, "");
        assert_eq!(c.add_approvals(vec![e.clone(), e.clone()]), 1);
        assert_eq!(c.add_approvals(vec![a, b, d]), 0);
        assert_eq!(c.approvals.with_untracked(Vec::len), 4);
        c.remove_approvals();
        assert!(c.approvals.with_untracked(Vec::is_empty));
    }

    #[test]
    fn a_new_solution_drops_the_approvals() {
        let c = ctx();
        c.edit(|q| q.customer.employees = 300);
        c.add_line("dia");
        c.add_approvals(vec![approval(c, 1, "")]);
        c.accept_template("gov_smart_office");
        assert!(c.approvals.with_untracked(Vec::is_empty));
        // The template's lines follow the line already made: ids never repeat.
        let ids = line_ids(c);
        assert_eq!(ids.len(), 8);
        assert_eq!(ids.first().map(String::as_str), Some("L2"));
        assert_eq!(ids.last().map(String::as_str), Some("L9"));
        c.add_line("camera");
        assert_eq!(line_ids(c).last().map(String::as_str), Some("L10"));

        c.add_approvals(vec![approval(c, 2, "")]);
        c.start_empty();
        assert!(c.approvals.with_untracked(Vec::is_empty));
        assert!(line_ids(c).is_empty());
    }

    #[test]
    fn an_unknown_template_leaves_no_line() {
        let c = ctx();
        c.add_line("dia");
        c.accept_template("no-such-template");
        assert!(line_ids(c).is_empty());
    }

    #[test]
    fn an_edit_keeps_the_approvals() {
        let c = ctx();
        c.add_line("dia");
        c.add_approvals(vec![approval(c, 1, "")]);
        c.edit_line("L1", |l| l.quantity = 3);
        c.edit(|q| q.customer.name = "杭州".into());
        c.add_line("camera");
        c.remove_line("L1");
        assert_eq!(c.approvals.with_untracked(Vec::len), 1);
        assert_eq!(line_ids(c), ["L2"]);
    }

    #[test]
    fn opening_a_quote_brings_its_approvals_and_continues_its_ids() {
        let c = ctx();
        c.add_line("dia");
        c.add_approvals(vec![approval(c, 1, "mine")]);
        let mut other = c.quote.get_untracked();
        other.id = "Q2".into();
        other.lines = vec![line("L7", "dia")];
        other.customer.sites = vec![Site {
            id: "S12".into(),
            ..Site::default()
        }];
        let carried = approval(c, 2, "theirs");
        c.open(other, vec![carried.clone()], None);
        assert_eq!(c.quote.with_untracked(|q| q.id.clone()), "Q2");
        assert_eq!(c.approvals.get_untracked(), [carried]);
        c.add_line("camera");
        c.add_site();
        assert_eq!(line_ids(c), ["L7", "L13"]);
        assert_eq!(
            c.quote.with_untracked(|q| q.customer.sites[1].id.clone()),
            "S14"
        );
        c.open(Quote::default(), Vec::new(), None);
        assert!(c.approvals.with_untracked(Vec::is_empty));
        c.add_line("dia");
        assert_eq!(line_ids(c), ["L1"]);
    }

    #[test]
    fn a_figure_stored_in_a_file_is_never_the_price() {
        let c = ctx();
        c.add_line("dia");
        let honest = c.priced.get_untracked();
        // A file naming a catalog this device does not have, carrying made-up figures.
        let mut old = c.quote.get_untracked();
        old.catalog_version = "2026.01".into();
        let mut shown = (*honest).clone();
        shown.totals.net.tcv = 1;
        c.open(old, Vec::new(), Some(shown.clone()));
        assert_eq!(
            c.priced.get_untracked(),
            honest,
            "priced afresh, on the pair in use"
        );
        assert!(matches!(
            c.basis.get_untracked(),
            Basis::NeedsRepricing { .. }
        ));
        assert_eq!(
            c.snapshot.get_untracked(),
            Some(shown),
            "kept only to show as exported"
        );
        c.reprice();
        assert_eq!(c.basis.get_untracked(), Basis::Named);
        assert_eq!(c.snapshot.get_untracked(), None);
        assert_eq!(
            c.quote.with_untracked(|q| q.catalog_version.clone()),
            "2026.11"
        );
        // On the catalog in use, a forged snapshot changes nothing either.
        let mut shown = (*c.priced.get_untracked()).clone();
        shown.totals.net.tcv = 1;
        c.open(c.quote.get_untracked(), Vec::new(), Some(shown));
        assert_ne!(c.priced.with_untracked(|p| p.totals.net.tcv), 1);
    }

    #[test]
    fn under_the_embedded_default_no_approval_verifies_and_a_failure_says_why() {
        let c = ctx();
        c.add_line("dia");
        c.edit_line("L1", |l| l.discount_bp = 2500);
        let v = c.verdict.get_untracked();
        assert!(v.required > 0);
        assert!(matches!(
            &v.problems[0].why,
            tailor_core::approval::Why::Unverifiable { why } if why.en.contains("embedded default")
        ));
        c.distrust(Text::new("坏", "policy.json: HTTP 500"));
        let v = c.verdict.get_untracked();
        assert!(matches!(
            &v.problems[0].why,
            tailor_core::approval::Why::Unverifiable { why } if why.en == "policy.json: HTTP 500"
        ));
    }

    /// A state on the embedded catalog and a policy taken as signed, enrolling a sales manager
    /// (key seed 7), with a quote for `uscc` needing that level, and a pre-authorisation for it.
    fn preauthorised(uscc: &str) -> (Ctx, PreAuthorisation) {
        let mut data = embedded();
        let mut policy = (*data.policy).clone();
        let key = ApproverKey::from_seed([7; 32]);
        policy.approvers.push(tailor_core::policy::Approver {
            id: "sm".into(),
            name: Text::new("张经理", "Manager Zhang"),
            level: "sales_manager".into(),
            public_key: key.public_key_hex(),
            suite: key.suite(),
        });
        data.policy = Arc::new(policy.clone());
        data.trust = Ok(Text::new("测试", "test"));
        let c = ctx_on(data);
        c.accept_template("gov_smart_office");
        c.edit(|q| {
            q.customer.uscc = uscc.into();
            q.customer.name = "测试客户".into();
            for l in &mut q.lines {
                l.discount_bp = 800;
            }
        });
        let limits = policy.levels[1].discount_limits.clone();
        let body = preauth::PreAuthBody {
            format: String::new(),
            version: 0,
            customer_name: "测试客户".into(),
            uscc: "91350100M000100Y43".into(),
            account_manager: String::new(),
            family_limits: limits.into_iter().collect(),
            max_tcv: policy.levels[1].max_tcv.unwrap_or(i64::MAX),
            approver_id: "sm".into(),
            public_key: String::new(),
            suite: tailor_core::suite::Suite::Ed25519,
            level: "sales_manager".into(),
            issued: "2026-11-30".into(),
            expires: "2026-12-14".into(),
            comment: String::new(),
        };
        (c, preauth::grant(&policy, body, &key).expect("granted"))
    }

    #[test]
    fn a_kept_pre_authorisation_authorises_its_customers_proposal_only() {
        let (c, pre) = preauthorised("91350100M000100Y43");
        assert_eq!(
            c.verdict.get_untracked().status,
            tailor_core::approval::Status::NotApproved
        );
        let said = c.keep_preauth(pre.clone()).expect("kept");
        assert!(
            said.en.contains("it applies to this proposal"),
            "{}",
            said.en
        );
        let v = c.verdict.get_untracked();
        assert_eq!(v.status, tailor_core::approval::Status::PreAuthorised);
        assert_eq!(v.valid_until(), Some("2026-12-14"));
        let room = c.room.get_untracked().expect("room under it");
        assert_eq!(room.approver.zh, "张经理");
        assert_eq!(room.lines.len(), c.quote.with_untracked(|q| q.lines.len()));
        // Kept once; another customer's proposal does not rest on it.
        assert!(c.keep_preauth(pre.clone()).is_ok());
        assert_eq!(c.preauths.with_untracked(Vec::len), 1);
        c.edit(|q| q.customer.uscc = "91110108M000100Y4X".into());
        assert_eq!(
            c.verdict.get_untracked().status,
            tailor_core::approval::Status::NotApproved
        );
        c.forget_preauth(&pre);
        assert!(c.preauths.with_untracked(Vec::is_empty));
    }

    #[test]
    fn a_pre_authorisation_is_refused_and_not_kept_when_it_does_not_verify() {
        let (c, mut pre) = preauthorised("91350100M000100Y43");
        pre.body.max_tcv += 1;
        let why = c.keep_preauth(pre).expect_err("altered");
        assert!(
            why.en.starts_with("The pre-authorisation cannot be used"),
            "{}",
            why.en
        );
        assert!(c.preauths.with_untracked(Vec::is_empty));
        // Under the embedded default nothing verifies, and the refusal says why.
        let (_, pre) = preauthorised("91350100M000100Y43");
        let why = ctx().keep_preauth(pre).expect_err("unsigned policy");
        assert!(
            why.en.contains("Approvals cannot be verified"),
            "{}",
            why.en
        );
    }

    #[test]
    fn an_edit_after_the_handover_starts_the_next_version_and_leaves_the_first_as_it_was() {
        let c = ctx();
        c.add_line("vnet_seat");
        let a = approval(c, 1, "ok");
        c.add_approvals(vec![a]);
        c.edit(|q| q.customer.name = "Acme".into());
        assert!(
            c.new_version.get_untracked().is_none(),
            "a draft is edited in place"
        );
        c.hand_over();
        let v1 = c.quote.get_untracked();
        assert_eq!(v1.handed_over.as_deref(), Some("2026-12-01"));
        assert_eq!((v1.id.as_str(), v1.version), ("Q1", 1));
        // Handing over again keeps the first day and changes nothing.
        c.hand_over();
        assert_eq!(c.quote.get_untracked(), v1);
        c.edit_line("L1", |l| l.quantity = 3);
        let v2 = c.quote.get_untracked();
        assert_eq!((v2.id.as_str(), v2.lineage(), v2.version), ("Q2", "Q1", 2));
        assert_eq!(
            (v2.date.as_str(), v2.handed_over.as_deref()),
            ("2026-12-02", None)
        );
        assert_eq!(
            v2.lines[0].quantity, 3,
            "the edit applies to the new version"
        );
        assert_eq!(v2.customer.name, "Acme");
        assert!(
            c.approvals.get_untracked().is_empty(),
            "approvals stay with V1"
        );
        let notice = c.new_version.get_untracked().map(|t| t.en);
        assert!(
            notice.is_some_and(|n| n.contains("V1 (handed over 2026-12-01)") && n.contains("V2"))
        );
        // V2 is a draft: a second edit stays in it.
        c.edit_line("L1", |l| l.quantity = 4);
        let still = c.quote.get_untracked();
        assert_eq!(
            (still.id.as_str(), still.version, still.lines[0].quantity),
            ("Q2", 2, 4)
        );
        c.open(v1, Vec::new(), None);
        assert!(
            c.new_version.get_untracked().is_none(),
            "opening another clears the notice"
        );
    }

    #[test]
    fn a_copy_of_a_handed_over_version_starts_a_lineage_of_its_own() {
        let c = ctx();
        c.add_line("vnet_seat");
        c.hand_over();
        c.keep_as_copy();
        let q = c.quote.get_untracked();
        assert_eq!((q.id.as_str(), q.lineage(), q.version), ("Q2", "Q2", 1));
        assert!(q.handed_over.is_none());
        assert!(c.new_version.get_untracked().is_none());
    }

    /// A state whose quote has a customer a proposal may go to (no blocking finding).
    fn with_customer(c: Ctx) -> Ctx {
        c.edit(|q| {
            q.customer.name = "杭州市数据资源管理局".into();
            q.customer.uscc = "91350100M000100Y43".into();
            q.customer.industry = "government".into();
            q.customer.employees = 30;
        });
        c
    }

    #[test]
    fn a_handed_over_version_becomes_a_contract_ending_after_its_term() {
        let c = with_customer(ctx());
        c.add_line("vnet_seat");
        let draft = c.accept("2026-12-01", "2027-01-01").map_err(|t| t.en);
        assert!(draft.is_err_and(|e| e.contains("Hand this version over first")));
        c.hand_over();
        let early = c.accept("2026-11-30", "2027-01-01").map_err(|t| t.en);
        assert!(early.is_err_and(|e| e.contains("before the handover")));
        let backwards = c.accept("2026-12-05", "2026-12-04").map_err(|t| t.en);
        assert!(backwards.is_err_and(|e| e.contains("before the signing date")));
        let term = c.quote.with_untracked(|q| q.term_months);
        let made = c.accept("2026-12-05", "2027-01-01");
        let Ok(k) = made else {
            panic!("refused: {:?}", made.err());
        };
        assert_eq!((k.id.as_str(), k.start.as_str()), ("Q1", "2027-01-01"));
        assert_eq!(
            k.end,
            format!("{}-01-01", 2027 + term / 12),
            "a term of whole years"
        );
        assert_eq!(
            k.monthly().net,
            c.priced.with_untracked(|p| p.totals.net.mrc)
        );
    }

    #[test]
    fn an_amendment_prices_the_change_and_its_acceptance_updates_the_contract() {
        let c = with_customer(ctx());
        c.add_line("vnet_seat");
        c.hand_over();
        let made = c.accept("2026-12-01", "2027-01-01");
        let Ok(k) = made else {
            panic!("refused: {:?}", made.err());
        };
        let outside = c.amend(k.clone(), "2020-01-01").map_err(|t| t.en);
        assert!(outside.is_err());
        assert!(c.amend(k.clone(), "2027-06-15").is_ok());
        let q = c.quote.get_untracked();
        assert_eq!(
            (q.lineage(), q.version, q.handed_over.is_none()),
            ("Q1", 2, true)
        );
        assert_ne!(q.id, "Q1");
        let nothing = c.accept_amendment("2027-06-01").map_err(|t| t.en);
        assert!(nothing.is_err_and(|e| e.contains("changes no line")));
        let unchanged = c.amended.get_untracked().and_then(Result::ok);
        assert!(unchanged.is_some_and(|p| p.tcv == 0 && !p.needs_approval()));
        c.add_line("vnet_seat");
        let priced = c.amended.get_untracked().and_then(Result::ok);
        let Some(p) = priced else {
            panic!("not priced");
        };
        // From 2027-06-15 to the end, 2027-01-01 + term: the term less five whole months and a
        // started one, counted in full.
        let term = q.term_months;
        assert_eq!(p.remaining_months, term - 5);
        assert!(p.tcv > 0 && p.monthly_after.net > p.monthly_before.net);
        let accepted = c.accept_amendment("2027-06-01");
        let Ok(after) = accepted else {
            panic!("refused: {:?}", accepted.err());
        };
        assert_eq!(after.lines.len(), 2);
        assert_eq!(after.monthly().net, p.monthly_after.net);
        assert_eq!(after.steps.len(), 2, "accepted, then amended");
        assert!(c.amending.get_untracked().is_none());
        assert_eq!(
            c.quote.with_untracked(|q| q.handed_over.clone()).as_deref(),
            Some("2027-06-01")
        );
    }

    /// Authority is judged on the amendment: unchanged, it needs nothing; a deep discount on an
    /// added line needs an approval the amendment lacks, so it is not accepted.
    #[test]
    fn an_amendment_beyond_authority_is_judged_on_the_amendment_and_needs_approval() {
        let c = with_customer(ctx());
        c.add_line("vnet_seat");
        c.hand_over();
        let Ok(k) = c.accept("2026-12-01", "2027-01-01") else {
            panic!("not accepted");
        };
        assert!(c.amend(k, "2027-06-15").is_ok());
        assert_eq!(c.verdict.get_untracked().status, Status::NotNeeded);
        c.add_line("vnet_seat");
        let id = c.quote.with_untracked(|q| q.lines[1].id.clone());
        c.edit_line(&id, |l| l.discount_bp = 1_500);
        let v = c.verdict.get_untracked();
        assert_eq!(v.status, Status::NotApproved);
        let required = c
            .amended
            .get_untracked()
            .and_then(Result::ok)
            .map(|p| p.authority.required);
        assert_eq!(
            Some(v.required),
            required,
            "the amendment's level, not the proposal's"
        );
        let refused = c.accept_amendment("2027-06-01").map_err(|t| t.en);
        assert!(refused.is_err_and(|e| e.contains("needs approval")));
    }

    /// The stored quote file of an amendment or a renewal reopens as one: the contract, and the
    /// effective date of an amendment.
    #[test]
    fn an_amendment_or_a_renewal_reopens_from_its_stored_file_as_it_was() {
        let c = with_customer(ctx());
        c.add_line("vnet_seat");
        c.hand_over();
        let Ok(k) = c.accept("2026-12-01", "2027-01-01") else {
            panic!("not accepted");
        };
        assert!(c.amend(k.clone(), "2027-06-15").is_ok());
        c.add_line("vnet_seat");
        let stored = c.file_json();
        let reopened = ctx();
        let file = tailor_core::quote_file::import("stored", &stored);
        let Ok(file) = file else {
            panic!("unreadable: {:?}", file.err());
        };
        reopened.open_file(file, Vec::new());
        let a = reopened.amending.get_untracked();
        assert_eq!(
            a.map(|a| (a.contract.id, a.effective)),
            Some((k.id.clone(), "2027-06-15".to_string()))
        );
        assert_eq!(reopened.amended.get_untracked(), c.amended.get_untracked());

        c.renew(k.clone(), 24);
        let file = tailor_core::quote_file::import("stored", &c.file_json());
        let Ok(file) = file else {
            panic!("unreadable: {:?}", file.err());
        };
        reopened.open_file(file, Vec::new());
        assert!(reopened.amending.get_untracked().is_none());
        assert_eq!(reopened.renewing.get_untracked(), Some(k));
        // A proposal's file carries neither.
        assert!(!ctx().file_json().contains("after_sale"));
    }

    /// The embedded data with `offering` no longer sold from `from`, replaced by `successor`.
    fn retiring(offering: &str, from: &str, successor: &str) -> Data {
        let mut data = embedded();
        let mut catalog = (*data.catalog).clone();
        if let Some(o) = catalog.offerings.iter_mut().find(|o| o.id == offering) {
            o.end_of_sale = Some(from.into());
            o.successor = Some(successor.into());
        }
        data.catalog = Arc::new(catalog);
        data
    }

    #[test]
    fn an_offering_no_longer_sold_blocks_a_new_proposal_only() {
        let c = with_customer(ctx_on(retiring(
            "audio_conf_basic",
            "2026-06-01",
            "audio_conf_pro",
        )));
        c.add_line("audio_conf_basic");
        let blocked = c.priced.with_untracked(|p| {
            p.blocked()
                && p.findings
                    .iter()
                    .any(|f| f.code == end_of_sale::CODE && f.lines == [0])
        });
        assert!(blocked, "no longer sold on 2026-12-01");
        c.remove_line("L1");
        c.add_line("vnet_seat");
        assert!(!c.priced.with_untracked(|p| p.blocked()));
    }

    #[test]
    fn a_renewal_prices_the_contract_anew_and_switches_a_retired_offering_to_its_successor() {
        // Sold today, no longer sold when the contract ends.
        let c = with_customer(ctx_on(retiring(
            "audio_conf_basic",
            "2027-06-01",
            "audio_conf_pro",
        )));
        c.add_line("audio_conf_basic");
        c.add_line("vnet_seat");
        c.hand_over();
        let made = c.accept("2026-12-01", "2027-01-01");
        let Ok(k) = made else {
            panic!("refused: {:?}", made.err());
        };
        c.renew(k, 12);
        let q = c.quote.get_untracked();
        assert_eq!(
            (q.id.as_str(), q.version, q.term_months, q.lineage()),
            ("Q2", 1, 12, "Q2")
        );
        let Some(r) = c.renewal.get_untracked() else {
            panic!("no renewal");
        };
        assert_eq!(r.lines.len(), 2);
        let retired: Vec<&str> = r.retired().map(|l| l.line_id.as_str()).collect();
        assert_eq!(retired, ["L1"]);
        assert!(
            !c.priced.with_untracked(|p| p.blocked()),
            "a renewal keeps what it holds"
        );
        c.switch_to_successor("L1");
        let lines = c.quote.with_untracked(|q| q.lines.clone());
        assert_eq!(
            (lines[0].id.as_str(), lines[0].offering.as_str()),
            ("L1", "audio_conf_pro")
        );
        assert_eq!(
            c.renewal.get_untracked().map(|r| r.retired().count()),
            Some(0)
        );
        c.switch_to_successor("L2");
        assert_eq!(
            c.quote.with_untracked(|q| q.lines.clone()),
            lines,
            "no successor: unchanged"
        );
        // Handed over and accepted, the renewal is a new contract that says which it renews.
        c.hand_over();
        let renewed = c.accept("2027-12-01", "2028-01-01").map(|n| n.renews);
        assert_eq!(renewed, Ok(Some("Q1".to_string())));
    }

    #[test]
    fn lines_move_within_the_quote() {
        let c = ctx();
        for o in ["dia", "camera", "sdwan"] {
            c.add_line(o);
        }
        c.move_line("L1", -1);
        assert_eq!(line_ids(c), ["L1", "L2", "L3"]);
        c.move_line("L1", 1);
        assert_eq!(line_ids(c), ["L2", "L1", "L3"]);
        c.move_line("L3", 1);
        c.move_line("gone", 1);
        assert_eq!(line_ids(c), ["L2", "L1", "L3"]);
        c.add_line("no-such-offering");
        assert_eq!(line_ids(c).len(), 3);
    }

    #[test]
    fn a_removed_site_leaves_its_lines_with_no_site() {
        let c = ctx();
        c.add_site();
        c.add_site();
        for o in ["dia", "camera", "sdwan"] {
            c.add_line(o);
        }
        c.edit_line("L3", |l| l.site = Some("S1".into()));
        c.edit_line("L4", |l| l.site = Some("S2".into()));
        c.edit_line("L5", |l| l.site = Some("S1".into()));
        c.remove_site(0);
        c.remove_site(5);
        c.quote.with_untracked(|q| {
            let sites: Vec<_> = q.lines.iter().map(|l| l.site.as_deref()).collect();
            assert_eq!(sites, [None, Some("S2"), None]);
            assert_eq!(q.customer.sites.len(), 1);
        });
    }

    #[test]
    fn new_ids_follow_the_highest_line_or_site_number() {
        let mut q = Quote::default();
        assert_eq!(next_free_id(&q), 1);
        q.lines = vec![line("L3", "dia"), line("custom", "dia"), line("L", "dia")];
        q.customer.sites = vec![Site {
            id: "S9".into(),
            ..Site::default()
        }];
        assert_eq!(next_free_id(&q), 10);
        q.lines.push(line(&format!("L{}", u32::MAX), "dia"));
        assert_eq!(next_free_id(&q), u32::MAX);
    }

    /// A site list of `rows` (`name,city,type`) planned against the quote on screen.
    fn plan_of(c: Ctx, rows: &str) -> Plan {
        let table =
            site_import::read_csv("sites.csv", &format!("name,city,type\n{rows}")).expect("CSV");
        let mapping = site_import::guess(&table.headers);
        c.data
            .with_untracked(|d| {
                c.quote
                    .with_untracked(|q| site_import::plan(&d.catalog, q, &table, &mapping))
            })
            .expect("a plan")
    }

    fn sites(c: Ctx) -> Vec<(String, String, String)> {
        c.quote.with_untracked(|q| {
            q.customer
                .sites
                .iter()
                .map(|s| (s.id.clone(), s.name.clone(), s.site_type.clone()))
                .collect()
        })
    }

    #[test]
    fn a_site_import_updates_by_name_never_duplicates_and_one_undo_reverts_it() {
        let c = ctx();
        c.add_line("dia");
        c.import_sites(&plan_of(
            c,
            "北京分行,北京,branch\n总行,北京,headquarters\n",
        ))
        .expect("imported");
        assert_eq!(
            sites(c),
            [
                ("S2".into(), "北京分行".into(), "branch".into()),
                ("S3".into(), "总行".into(), "headquarters".into())
            ]
        );
        assert!(c
            .undo
            .with_untracked(|u| u.as_ref().is_some_and(|u| u.what.en.contains("2 new"))));
        // The same list again, with one type changed: updated in place, no site added.
        let again = plan_of(c, "北京分行,北京,outlet\n总行,北京,headquarters\n");
        assert_eq!(
            (again.new.len(), again.updated.len(), again.unchanged),
            (0, 1, 1)
        );
        c.import_sites(&again).expect("imported");
        assert_eq!(
            sites(c)[0],
            ("S2".into(), "北京分行".into(), "outlet".into())
        );
        assert_eq!(sites(c).len(), 2);
        c.undo();
        assert_eq!(sites(c)[0].2, "branch");
        assert!(c.undo.with_untracked(Option::is_none), "one undo");
        // New ids follow the imported sites.
        c.add_line("camera");
        assert_eq!(line_ids(c), ["L1", "L4"]);
    }

    #[test]
    fn a_package_made_from_one_site_reaches_every_site_of_its_type_and_hand_changes_stay() {
        let c = ctx();
        c.import_sites(&plan_of(
            c,
            "A,杭州,branch\nB,杭州,branch\nC,宁波,branch\nH,杭州,headquarters\n",
        ))
        .expect("imported");
        c.add_line("dia");
        c.add_line("camera");
        c.edit_line("L5", |l| l.site = Some("S1".into()));
        c.edit_line("L6", |l| {
            l.site = Some("S1".into());
            l.quantity = 4;
        });
        assert!(
            package_of_site(
                &c.data.get_untracked().catalog,
                &c.quote.get_untracked(),
                "S4"
            )
            .is_err(),
            "a site without lines makes no package"
        );
        c.package_from_site("S1").expect("packaged");
        let at = |site: &str| {
            c.quote.with_untracked(|q| {
                q.lines
                    .iter()
                    .filter(|l| l.site.as_deref() == Some(site))
                    .map(|l| (l.offering.clone(), l.quantity, l.by_hand))
                    .collect::<Vec<_>>()
            })
        };
        let expected = vec![
            ("dia".to_string(), 1, false),
            ("camera".to_string(), 4, false),
        ];
        for site in ["S1", "S2", "S3"] {
            assert_eq!(at(site), expected, "{site}");
        }
        assert!(at("S4").is_empty(), "the headquarters is of another type");
        // A hand change at B is marked and survives the package's update from A.
        let b_camera = c.quote.with_untracked(|q| {
            q.lines
                .iter()
                .find(|l| l.site.as_deref() == Some("S2") && l.offering == "camera")
                .map(|l| l.id.clone())
                .unwrap_or_default()
        });
        c.edit_line(&b_camera, |l| l.quantity = 9);
        c.edit_line("L6", |l| l.quantity = 6);
        c.package_from_site("S1").expect("updated");
        assert_eq!(at("S2")[1], ("camera".into(), 9, true));
        assert_eq!(at("S3")[1], ("camera".into(), 6, false));
        c.restore_line(&b_camera).expect("restored");
        assert_eq!(at("S2")[1], ("camera".into(), 6, false));
        // A site that changes type loses the package's lines.
        c.set_site_type("S3", "outlet").expect("retyped");
        assert!(at("S3").is_empty());
        c.remove_package("P1");
        assert!(c
            .quote
            .with_untracked(|q| q.lines.is_empty() && q.packages.is_empty()));
        c.undo();
        assert_eq!(c.quote.with_untracked(|q| q.lines.len()), 4);
    }

    /// What the price memo must hold: the whole quote priced afresh (`core::pricing::price`
    /// on the versions it names), with end of sale for a new proposal.
    fn priced_in_full(c: Ctx) -> Priced {
        let day = c.today.with_untracked(|t| t.date.clone());
        c.data.with_untracked(|d| {
            c.quote.with_untracked(|q| {
                let (cat, pol) = trust::named(&d.versions, &d.catalog, &d.policy, q)
                    .unwrap_or((&d.catalog, &d.policy));
                let mut p = price(cat, pol, q);
                p.findings
                    .extend(end_of_sale::findings(&d.catalog, q, &day));
                p
            })
        })
    }

    #[test]
    fn the_price_kept_edit_by_edit_is_byte_for_byte_the_full_price() {
        let c = ctx();
        let sample = c
            .data
            .with_untracked(|d| tailor_core::sample::quote(&d.catalog, &d.policy, 300));
        c.open(sample, Vec::new(), None);
        let same = |step: &str| {
            let kept = serde_json::to_string(&c.priced.get_untracked()).unwrap_or_default();
            let full = serde_json::to_string(&priced_in_full(c)).unwrap_or_default();
            assert!(
                kept == full,
                "after {step}: the kept price is not the full price"
            );
        };
        same("opening");
        let ids = line_ids(c);
        let option_of = |id: &str| {
            c.data.with_untracked(|d| {
                c.quote.with_untracked(|q| {
                    let l = q.lines.iter().find(|l| l.id == id)?;
                    let g = d.catalog.offering(&l.offering)?.options.first()?;
                    Some((g.id.clone(), g.choices.last()?.id.clone()))
                })
            })
        };
        for (k, id) in ids.iter().enumerate().step_by(23) {
            c.edit_line(id, |l| l.quantity += 1 + k as u32 % 3);
            same("a quantity");
            c.edit_line(id, |l| l.discount_bp = (k as i64 * 131) % 2500);
            same("a discount");
            if let Some((group, choice)) = option_of(id) {
                c.edit_line(id, |l| {
                    l.options.insert(group, choice);
                });
                same("an option");
            }
            c.edit_line(id, |l| l.site = Some(format!("S{}", k % 3)));
            same("a site");
        }
        c.edit_line(&ids[5], |l| l.quantity = 0);
        same("a quantity of nothing");
        c.edit_line(&ids[7], |l| l.offering = "camera".into());
        same("an offering");
        c.edit(|q| q.term_months = 12);
        same("the term");
        c.edit(|q| q.at_risk.flagged = true);
        same("at risk");
        c.add_line("sdwan");
        same("a line added");
        c.move_line(&ids[0], 1);
        same("a line moved");
        c.edit_line(&ids[0], |l| l.quantity += 2);
        same("a moved line's quantity");
        c.remove_line(&ids[3]);
        same("a line removed");
        c.edit_line(&ids[10], |l| l.quantity += 1);
        same("a quantity after a removal");
        let selection = Selection::default();
        c.bulk_edit(&selection, &Change::Quantity { quantity: 2 });
        same("a bulk edit");
        c.edit_line(&ids[11], |l| l.quantity = 4);
        same("an edit after a bulk edit");
        c.undo();
        same("nothing: the undo was dropped by the edit");
        c.bulk_edit(&selection, &Change::Quantity { quantity: 3 });
        c.undo();
        same("an undo");
        c.hand_over();
        c.edit_line(&ids[12], |l| l.quantity += 1);
        same("an edit starting the next version");
        c.reprice();
        same("repricing");
    }

    #[test]
    fn a_line_edit_prices_the_price_on_screen_in_place_and_a_held_one_stays() {
        let c = ctx();
        let sample = c
            .data
            .with_untracked(|d| tailor_core::sample::quote(&d.catalog, &d.policy, 300));
        c.open(sample, Vec::new(), None);
        let ids = line_ids(c);
        let at = || Arc::as_ptr(&c.priced.get_untracked());
        let before = at();
        c.edit_line(&ids[4], |l| l.quantity += 1);
        assert_eq!(at(), before, "the repricer's own price, edited, not a copy");
        let held = c.priced.get_untracked();
        let tcv = held.totals.net.tcv;
        c.edit_line(&ids[4], |l| l.quantity += 1);
        assert_eq!(held.totals.net.tcv, tcv, "a price held is never changed");
        assert_ne!(c.priced.with_untracked(|p| p.totals.net.tcv), tcv);
    }

    #[test]
    fn a_bulk_edit_changes_the_selected_sites_lines_at_once_and_one_undo_reverts_it() {
        let c = ctx();
        c.import_sites(&plan_of(c, "A,杭州,branch\nB,宁波,branch\n"))
            .expect("imported");
        c.add_line("dia");
        c.edit_line("L3", |l| l.site = Some("S1".into()));
        c.package_from_site("S1").expect("packaged");
        let before = c.quote.get_untracked();
        let selection = Selection {
            city: Some("杭州".into()),
            ..Selection::default()
        };
        let n = c.bulk_edit(&selection, &Change::Quantity { quantity: 3 });
        assert_eq!(n, 1);
        c.quote.with_untracked(|q| {
            let qty: Vec<(u32, bool)> = q.lines.iter().map(|l| (l.quantity, l.by_hand)).collect();
            assert_eq!(qty, [(3, true), (1, false)]);
        });
        assert_eq!(
            c.bulk_edit(&selection, &Change::Quantity { quantity: 3 }),
            0
        );
        c.undo();
        assert_eq!(c.quote.get_untracked(), before);
        // An ordinary edit after a bulk edit makes it no longer undoable.
        c.bulk_edit(
            &Selection::default(),
            &Change::Discount { discount_bp: 500 },
        );
        c.edit(|q| q.customer.name = "x".into());
        assert!(c.undo.with_untracked(Option::is_none));
    }

    #[test]
    fn the_page_language_comes_from_the_link() {
        assert_eq!(lang_of_search(""), Lang::Zh);
        assert_eq!(lang_of_search("?lang=en"), Lang::En);
        assert_eq!(lang_of_search("?x=1&lang=en"), Lang::En);
        assert_eq!(lang_of_search("?lang=zh"), Lang::Zh);
        assert_eq!(lang_of_search("?lang=english"), Lang::Zh);
    }
}
