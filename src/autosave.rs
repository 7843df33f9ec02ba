//! Autosave: the proposal on screen is written to the library about 300 ms after the last edit,
//! with no save button, and reopened at the next start. The state ("saved", "saving", "not
//! saved: why") is always visible; when another tab changed or deleted the same proposal,
//! nothing is written until the user chooses (load the latest, or keep theirs as a copy), and
//! a storage failure leaves the work on screen untouched.

use crate::library::{self, Conflict, SaveError, Summary};
use crate::state::Ctx;
use crate::storage::{self, StorageError};
use leptos::leptos_dom::helpers::TimeoutHandle;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;
use tailor_core::approval::file as approvals;
use tailor_core::approval::Approval;
use tailor_core::canonical;
use tailor_core::quote::Quote;
use tailor_core::quote_file::QuoteFile;
use wasm_bindgen::JsCast;

/// The pause in editing after which the proposal is written.
const DEBOUNCE: Duration = Duration::from_millis(300);

/// Whether what is on screen is stored.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveState {
    /// A new proposal with nothing entered yet: nothing to save.
    Idle,
    /// Edits waiting for a pause in typing, or being written.
    Saving,
    /// Everything on screen is stored, at this time (ms since 1970).
    Saved(f64),
    /// The edits on screen are not stored, and why.
    NotSaved(SaveError),
}

/// The autosave state, in context beside [`Ctx`].
#[derive(Clone, Copy)]
pub struct Autosave {
    pub state: RwSignal<SaveState>,
    /// Another tab changed or deleted the proposal on screen: saving waits for the user's word.
    pub conflict: RwSignal<Option<Conflict>>,
    /// Bumped whenever the library changes, here or in another tab: lists reload on it.
    pub changed: RwSignal<u32>,
    /// Start-up is over (the last proposal reopened, or none): saving may begin.
    ready: RwSignal<bool>,
    /// The stored revision of a proposal as this tab last read or wrote it, with its id: the
    /// proposal on screen has revision 0 (not stored yet) if it has another id.
    rev: StoredValue<(String, u32)>,
    /// The canonical quote and approvals last written or read: nothing is written while they
    /// are unchanged.
    written: StoredValue<String>,
    /// The state before the edits now waiting (nothing to save, or saved at a time): shown
    /// again when they turn out to change nothing stored.
    settled: StoredValue<SaveState>,
    timer: StoredValue<Option<TimeoutHandle>>,
    busy: StoredValue<bool>,
    again: StoredValue<bool>,
}

/// What is stored of the proposal on screen, as canonical text: its quote and approvals.
fn fingerprint(ctx: Ctx) -> String {
    ctx.quote
        .with_untracked(|q| ctx.approvals.with_untracked(|a| fingerprint_of(q, a)))
}

/// The canonical quote, then the approvals' signatures, a line each: approvals are signed and
/// never edited, so their signatures tell them apart.
fn fingerprint_of(quote: &Quote, approvals: &[Approval]) -> String {
    let mut s = canonical::to_string(quote);
    for approval in approvals {
        s.push('\n');
        s.push_str(&approval.signature);
    }
    s
}

/// Whether a new proposal has anything worth keeping yet.
fn worth_saving(q: &Quote) -> bool {
    let c = &q.customer;
    !q.lines.is_empty()
        || !c.name.trim().is_empty()
        || !c.uscc.trim().is_empty()
        || !c.industry.is_empty()
        || !c.sites.is_empty()
        || !c.contacts.is_empty()
}

/// Waits `ms` milliseconds.
pub async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
}

impl Autosave {
    /// Creates the state, starts watching the quote, reopens the last proposal and listens to
    /// the other tabs.
    pub fn start(ctx: Ctx) -> Autosave {
        let auto = Autosave {
            state: RwSignal::new(SaveState::Idle),
            conflict: RwSignal::new(None),
            changed: RwSignal::new(0),
            ready: RwSignal::new(false),
            rev: StoredValue::new((String::new(), 0)),
            written: StoredValue::new(fingerprint(ctx)),
            timer: StoredValue::new(None),
            settled: StoredValue::new(SaveState::Idle),
            busy: StoredValue::new(false),
            again: StoredValue::new(false),
        };
        Effect::new(move |_| {
            let ready = auto.ready.get();
            ctx.quote.track();
            ctx.approvals.track();
            if ready {
                auto.edited(ctx);
            }
        });
        spawn_local(auto.reopen_last(ctx));
        library::listen(move |change| {
            auto.changed.update(|n| *n += 1);
            let on_screen = ctx.quote.with_untracked(|q| q.id == change.id);
            let mine = auto.expected(ctx);
            if !on_screen || mine == 0 {
                return;
            }
            if change.removed {
                auto.conflict.set(Some(Conflict::Deleted));
            } else if change.rev == mine {
                // Put back after a removal: the copy here is the stored one again.
                if auto.conflict.get_untracked() == Some(Conflict::Deleted) {
                    auto.conflict.set(None);
                }
            } else if change.rev > 0 {
                auto.conflict.set(Some(Conflict::Changed));
            }
            if let Some(c) = auto.conflict.get_untracked() {
                if auto.pending(ctx) {
                    auto.state.set(SaveState::NotSaved(SaveError::Conflict(c)));
                }
            }
        });
        auto.flush_when_hidden(ctx);
        auto
    }

    /// Whether start-up is over (the last proposal reopened, or none), tracked: what arrives
    /// by link may land on the proposal on screen from then on.
    pub fn started(self) -> bool {
        self.ready.get()
    }

    /// [`Autosave::started`], untracked.
    pub fn started_untracked(self) -> bool {
        self.ready.get_untracked()
    }

    /// The stored revision a save of the proposal on screen expects (0: not stored yet).
    fn expected(self, ctx: Ctx) -> u32 {
        let id = ctx.quote.with_untracked(|q| q.id.clone());
        self.rev.with_value(|(i, r)| if *i == id { *r } else { 0 })
    }

    /// Whether the quote on screen differs from what was last written or read.
    fn pending(self, ctx: Ctx) -> bool {
        let now = fingerprint(ctx);
        self.written.with_value(|w| *w != now)
    }

    /// Called on every change of the quote.
    fn edited(self, ctx: Ctx) {
        // The first change after a save or an open is compared with what is stored (a proposal
        // just opened, or an edit undone, stays as it is); while edits wait for the pause, another
        // only restarts it, so the quote is not written out as text on every keystroke.
        if self.state.get_untracked() != SaveState::Saving
            && self.written.with_value(|w| *w == fingerprint(ctx))
        {
            return;
        }
        if self.expected(ctx) == 0 && !ctx.quote.with_untracked(worth_saving) {
            self.state.set(SaveState::Idle);
            return;
        }
        if let Some(c) = self.conflict.get_untracked() {
            self.state.set(SaveState::NotSaved(SaveError::Conflict(c)));
            return;
        }
        let before = self.state.get_untracked();
        if matches!(before, SaveState::Idle | SaveState::Saved(_)) {
            self.settled.set_value(before);
        }
        self.state.set(SaveState::Saving);
        if let Some(t) = self.timer.get_value() {
            t.clear();
        }
        let handle = set_timeout_with_handle(move || spawn_local(self.run(ctx)), DEBOUNCE).ok();
        self.timer.set_value(handle);
    }

    /// Writes the quote on screen now, then again while edits keep arriving during the write.
    async fn run(self, ctx: Ctx) {
        if self.busy.get_value() {
            self.again.set_value(true);
            return;
        }
        self.busy.set_value(true);
        loop {
            self.again.set_value(false);
            let ok = self.write(ctx).await;
            if !ok || !self.again.get_value() {
                break;
            }
        }
        self.busy.set_value(false);
    }

    /// One write; false when it failed.
    async fn write(self, ctx: Ctx) -> bool {
        if let Some(c) = self.conflict.get_untracked() {
            self.state.set(SaveState::NotSaved(SaveError::Conflict(c)));
            return false;
        }
        let quote = ctx.quote.get_untracked();
        let now = fingerprint(ctx);
        if self.written.with_value(|w| *w == now) {
            if self.state.get_untracked() == SaveState::Saving {
                self.state.set(self.settled.get_value());
            }
            return true;
        }
        if self.expected(ctx) == 0 && !worth_saving(&quote) {
            return true;
        }
        let priced = ctx.priced.get_untracked();
        let approvals = ctx.approvals.get_untracked();
        let summary = ctx.verdict.with_untracked(|v| {
            ctx.data
                .with_untracked(|d| Summary::of(&quote, &priced, v, &d.policy, approvals.len()))
        });
        let json = ctx.file_json();
        match library::save(summary, &json, self.expected(ctx)).await {
            Ok(saved) => {
                if ctx.quote.with_untracked(|q| q.id == saved.id) {
                    self.written.set_value(now);
                }
                self.rev.set_value((saved.id.clone(), saved.rev));
                self.changed.update(|n| *n += 1);
                self.state.set(if self.pending(ctx) {
                    SaveState::Saving
                } else {
                    SaveState::Saved(saved.saved_at)
                });
                true
            }
            Err(SaveError::Conflict(c)) => {
                self.conflict.set(Some(c));
                self.state.set(SaveState::NotSaved(SaveError::Conflict(c)));
                false
            }
            Err(e) => {
                self.state.set(SaveState::NotSaved(e));
                false
            }
        }
    }

    /// Writes any edit still waiting; true when everything on screen is stored (or there is
    /// nothing worth storing).
    pub async fn flush(self, ctx: Ctx) -> bool {
        if let Some(t) = self.timer.get_value() {
            t.clear();
            self.timer.set_value(None);
        }
        while self.busy.get_value() {
            sleep(20).await;
        }
        if self.pending(ctx) && self.ready.get_untracked() {
            self.run(ctx).await;
        }
        !self.pending(ctx) || (self.expected(ctx) == 0 && !ctx.quote.with_untracked(worth_saving))
    }

    /// Shows a stored proposal: its quote and the snapshot it was priced with (so a change of
    /// catalog shows as a notice with the reprice button, never as a silent new price).
    fn adopt(self, ctx: Ctx, summary: &Summary, file: QuoteFile) {
        // Stored by this app, so readable; a damaged entry is dropped rather than the proposal.
        let signed = approvals::from_values(&summary.id, &file.approvals).unwrap_or_else(|e| {
            leptos::logging::warn!("{}", e.en);
            Vec::new()
        });
        ctx.open_file(file, signed);
        self.written.set_value(fingerprint(ctx));
        self.rev.set_value((summary.id.clone(), summary.rev));
        self.conflict.set(None);
        self.state.set(SaveState::Saved(summary.saved_at));
    }

    async fn reopen_last(self, ctx: Ctx) {
        let outcome = async {
            let Some(id) = library::last().await? else {
                return Ok(());
            };
            if let Some((summary, file)) = library::load(&id).await? {
                // Only if the seller has not started typing in the meantime.
                let untouched = ctx.quote.with_untracked(|q| !worth_saving(q));
                if untouched {
                    self.adopt(ctx, &summary, file);
                }
            }
            Ok::<(), StorageError>(())
        }
        .await;
        if let Err(e) = outcome {
            self.state.set(SaveState::NotSaved(SaveError::Storage(e)));
        }
        self.ready.set(true);
        storage::ask_persistence();
    }

    /// Opens a stored proposal, after storing the one on screen. Unless `force`, refuses when
    /// the one on screen could not be stored.
    pub async fn open(self, ctx: Ctx, id: &str, force: bool) -> Result<(), OpenError> {
        if !self.flush(ctx).await && !force {
            return Err(OpenError::Unsaved);
        }
        let (summary, file) = library::load(id)
            .await
            .map_err(OpenError::Storage)?
            .ok_or(OpenError::Gone)?;
        self.adopt(ctx, &summary, file);
        // Remembering which one is open is a convenience: the proposal itself is stored.
        let _ = library::set_last(id).await;
        Ok(())
    }

    /// Starts a new, empty proposal, after storing the one on screen; the next start (the
    /// configurator, opened from the library page) begins on it too.
    pub async fn new_proposal(self, ctx: Ctx, force: bool) -> Result<(), OpenError> {
        if !self.flush(ctx).await && !force {
            return Err(OpenError::Unsaved);
        }
        // Best effort: when it cannot be forgotten, the next start reopens the last proposal.
        let _ = library::forget_last().await;
        ctx.open_new();
        self.written.set_value(fingerprint(ctx));
        self.rev.set_value((String::new(), 0));
        self.conflict.set(None);
        self.state.set(SaveState::Idle);
        Ok(())
    }

    /// After a conflict: shows the version stored by the other tab, dropping the edits here.
    pub async fn load_latest(self, ctx: Ctx) -> Result<(), OpenError> {
        let id = ctx.quote.with_untracked(|q| q.id.clone());
        let (summary, file) = library::load(&id)
            .await
            .map_err(OpenError::Storage)?
            .ok_or(OpenError::Gone)?;
        self.adopt(ctx, &summary, file);
        Ok(())
    }

    /// After a conflict: keeps the proposal on screen as a new proposal (new id, no approvals:
    /// they were signed for the other one), saved at once.
    pub fn save_as_copy(self, ctx: Ctx) {
        self.rev.set_value((String::new(), 0));
        self.conflict.set(None);
        self.written.set_value(String::new());
        ctx.keep_as_copy();
    }

    /// Writes waiting edits when the page is hidden or left (tab switch, app closed, reload).
    fn flush_when_hidden(self, ctx: Ctx) {
        let flush = move || {
            if self.pending(ctx) {
                spawn_local(async move {
                    self.flush(ctx).await;
                });
            }
        };
        let on_pagehide = wasm_bindgen::closure::Closure::<dyn Fn()>::new(flush);
        let on_hidden = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
            let hidden = web_sys::window()
                .and_then(|w| w.document())
                .is_some_and(|d| d.hidden());
            if hidden {
                flush();
            }
        });
        if let Some(w) = web_sys::window() {
            let _ = w
                .add_event_listener_with_callback("pagehide", on_pagehide.as_ref().unchecked_ref());
            if let Some(d) = w.document() {
                let _ = d.add_event_listener_with_callback(
                    "visibilitychange",
                    on_hidden.as_ref().unchecked_ref(),
                );
            }
        }
        on_pagehide.forget();
        on_hidden.forget();
    }
}

/// Why a stored proposal could not be opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OpenError {
    /// The proposal on screen could not be stored first.
    Unsaved,
    /// It is no longer in the library.
    Gone,
    Storage(StorageError),
}

pub fn use_autosave() -> Autosave {
    expect_context::<Autosave>()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::loader::embedded;
    use tailor_core::approval::{ApprovalBody, Decision, Request};
    use tailor_core::keyfile::ApproverKey;
    use tailor_core::pricing::price;
    use tailor_core::quote::{Contact, Line, Site};

    fn signed(q: &Quote) -> Approval {
        let d = embedded();
        let request = Request {
            decision: Decision::Approve,
            approver_id: "a".into(),
            level: "sales_manager".into(),
            issued: "2026-12-01".into(),
            expires: "2026-12-31".into(),
            comment: String::new(),
            reason: String::new(),
        };
        let key = ApproverKey::from_seed([7; 32]);
        let p = price(&d.catalog, &d.policy, q);
        ApprovalBody::new(q, &p, &request, &key.public_key_hex()).sign(&key)
    }

    #[test]
    fn a_new_proposal_is_worth_saving_once_anything_is_entered() {
        let blank = Quote::default();
        assert!(!worth_saving(&blank));
        let entered: [fn(&mut Quote); 7] = [
            |q| q.lines.push(Line::default()),
            |q| q.customer.name = "杭州".into(),
            |q| q.customer.uscc = "91350100M000100Y43".into(),
            |q| q.customer.industry = "government".into(),
            |q| q.customer.sites.push(Site::default()),
            |q| q.customer.contacts.push(Contact::default()),
            |q| q.customer.name = "  ".into(),
        ];
        let worth: Vec<bool> = entered
            .iter()
            .map(|edit| {
                let mut q = blank.clone();
                edit(&mut q);
                worth_saving(&q)
            })
            .collect();
        assert_eq!(worth, [true, true, true, true, true, true, false]);
        // Figures alone (term, role, employees) are not worth a library entry.
        let mut q = blank;
        q.term_months = 12;
        q.customer.employees = 300;
        q.role = "city_branch".into();
        assert!(!worth_saving(&q));
    }

    #[test]
    fn the_fingerprint_changes_with_the_quote_and_with_each_approval() {
        let q = Quote::default();
        let base = fingerprint_of(&q, &[]);
        assert_eq!(base, canonical::to_string(&q));
        let mut edited = q.clone();
        edited.customer.name = "杭州".into();
        assert_ne!(fingerprint_of(&edited, &[]), base);
        let a = signed(&q);
        let mut b = a.clone();
        b.signature = "ab".repeat(64);
        let one = fingerprint_of(&q, std::slice::from_ref(&a));
        assert_eq!(one, format!("{base}\n{}", a.signature));
        assert_ne!(fingerprint_of(&q, &[b.clone()]), one);
        assert_ne!(fingerprint_of(&q, &[a, b]), one);
    }
}
