//! The proposal library: every proposal kept in the browser (IndexedDB) as a quote file (quote,
//! priced snapshot, approvals) with a small summary for the list. Each record carries a revision
//! raised on every save; a save that expects another revision is refused, so two tabs editing
//! the same proposal never silently overwrite each other. Tabs tell each other of changes on a
//! BroadcastChannel.

use crate::state::Data;
use crate::storage::{self, StorageError, Tx, FILES, META, SUMMARIES};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use tailor_core::approval::file::read_quote_file;
use tailor_core::approval::judge;
use tailor_core::approval::preauth::PreAuthorisation;
use tailor_core::approval::{Status, Verdict};
use tailor_core::money::Fen;
use tailor_core::policy::Policy;
use tailor_core::pricing::Priced;
use tailor_core::quote::Quote;
use tailor_core::quote_file::{self, QuoteFile};
use tailor_core::trust;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Where the proposal stands with its approvals, as the list shows it. Stored as
/// `{"kind": "approved", "until": "2026-12-31"}`, `{"kind": "not_needed"}`…
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Standing {
    /// Within the account manager's own authority.
    NotNeeded,
    /// Approved by a complete, valid chain, holding until this date.
    Approved { until: String },
    /// Authorised in advance by a pre-authorisation for its customer, holding until this date.
    PreAuthorised { until: String },
    /// Needs approval at this level (a level id of the policy) that it does not have yet.
    Needs { level: String },
    /// A price below the cost floor, or beyond the ladder: no approval can allow it.
    Refused,
}

impl<'de> Deserialize<'de> for Standing {
    /// Reads the stored form as one flat record: the same text as serde's internally tagged
    /// enums accept, with a fraction of their code.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Stored {
            kind: String,
            until: Option<String>,
            level: Option<String>,
        }
        let s = Stored::deserialize(d)?;
        match (s.kind.as_str(), s.until, s.level) {
            ("not_needed", _, _) => Ok(Standing::NotNeeded),
            ("approved", Some(until), _) => Ok(Standing::Approved { until }),
            ("pre_authorised", Some(until), _) => Ok(Standing::PreAuthorised { until }),
            ("needs", _, Some(level)) => Ok(Standing::Needs { level }),
            ("refused", _, _) => Ok(Standing::Refused),
            (kind, _, _) => Err(serde::de::Error::custom(format_args!(
                "not a standing: {kind}"
            ))),
        }
    }
}

/// What the library list shows of a proposal, stored beside it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub id: String,
    /// The name the seller gave the proposal in the library; empty: the customer's name.
    #[serde(default)]
    pub name: String,
    pub customer: String,
    /// An industry id of the catalog.
    pub industry: String,
    /// The quote's date, `YYYY-MM-DD`.
    pub date: String,
    /// When it was last saved, in milliseconds since 1970.
    pub saved_at: f64,
    /// Raised by one on every save.
    pub rev: u32,
    /// Net TCV, tax-exclusive, as last priced.
    pub tcv: Fen,
    pub lines: usize,
    pub standing: Standing,
    /// How many signed approvals the proposal carries.
    pub approvals: usize,
    pub catalog_version: String,
    /// The proposal version (V1, V2…), its lineage (the first version's id; empty: its own) and
    /// the day it was handed over (none: a draft). Absent in summaries stored before versions.
    #[serde(default = "first_version")]
    pub version: u32,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub lineage: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handed_over: Option<String>,
}

fn first_version() -> u32 {
    1
}

impl Summary {
    /// The summary of a quote, the snapshot stored with it and the verdict on its approvals.
    pub fn of(
        quote: &Quote,
        priced: &Priced,
        verdict: &Verdict,
        policy: &Policy,
        approvals: usize,
    ) -> Summary {
        let standing = match verdict.status {
            Status::NotNeeded => Standing::NotNeeded,
            Status::Approved => Standing::Approved {
                until: verdict.valid_until().unwrap_or_default().to_string(),
            },
            Status::PreAuthorised => Standing::PreAuthorised {
                until: verdict.valid_until().unwrap_or_default().to_string(),
            },
            Status::Refused => Standing::Refused,
            Status::NotApproved => Standing::Needs {
                level: policy
                    .levels
                    .get(verdict.required)
                    .map(|l| l.id.clone())
                    .unwrap_or_default(),
            },
        };
        Summary {
            id: quote.id.clone(),
            name: String::new(),
            customer: quote.customer.name.clone(),
            industry: quote.customer.industry.clone(),
            date: quote.date.clone(),
            saved_at: js_sys::Date::now(),
            rev: 0,
            tcv: priced.totals.net.tcv,
            lines: quote.lines.len(),
            standing,
            approvals,
            catalog_version: quote.catalog_version.clone(),
            version: quote.version,
            lineage: quote.lineage.clone(),
            handed_over: quote.handed_over.clone(),
        }
    }

    /// The lineage it belongs to: the first version's id.
    pub fn lineage(&self) -> &str {
        if self.lineage.is_empty() {
            &self.id
        } else {
            &self.lineage
        }
    }

    /// The name to show: the seller's, else the customer's.
    pub fn title(&self) -> &str {
        if self.name.trim().is_empty() {
            &self.customer
        } else {
            &self.name
        }
    }

    /// Whether a search of the list finds it: `query` (lower-case, trimmed) is empty or is part
    /// of its name, customer or id, in any case.
    pub fn matches(&self, query: &str) -> bool {
        query.is_empty()
            || self.title().to_lowercase().contains(query)
            || self.customer.to_lowercase().contains(query)
            || self.id.to_lowercase().contains(query)
    }
}

/// The list in lineages: the versions of one lineage together, newest version first; lineages
/// in the order of their most recently saved version (the order `list` gives).
pub fn by_lineage(list: Vec<Summary>) -> Vec<Summary> {
    let mut order: Vec<String> = Vec::new();
    for s in &list {
        if !order.iter().any(|l| l == s.lineage()) {
            order.push(s.lineage().to_string());
        }
    }
    let mut out = list;
    out.sort_by(|a, b| {
        let rank = |s: &Summary| order.iter().position(|l| l == s.lineage());
        (rank(a), b.version).cmp(&(rank(b), a.version))
    });
    out
}

/// Why a save was refused because of another tab or window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Conflict {
    /// Saved there after this tab read it.
    Changed,
    /// Deleted there.
    Deleted,
}

/// Why a save did not happen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveError {
    Storage(StorageError),
    Conflict(Conflict),
}

impl From<StorageError> for SaveError {
    fn from(e: StorageError) -> Self {
        SaveError::Storage(e)
    }
}

fn to_json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

fn parse_summary(text: &str) -> Option<Summary> {
    serde_json::from_str(text).ok()
}

/// Every proposal's summary, the most recently saved first, its standing judged now from its
/// quote and approvals on the signed versions it names (`core::trust`), under the policy in use
/// on `today`: the standing stored with it is never shown. A record that no longer reads shows
/// as needing approval at the top level.
pub async fn list_verified(
    data: &Data,
    preauths: &[PreAuthorisation],
    today: &str,
) -> Result<Vec<Summary>, StorageError> {
    let mut out = Vec::new();
    for (mut s, text) in everything().await? {
        s.standing = judged(&s.id, &text, data, preauths, today);
        out.push(s);
    }
    Ok(out)
}

/// The standing of a stored quote file's text, judged now.
fn judged(
    id: &str,
    text: &str,
    data: &Data,
    preauths: &[PreAuthorisation],
    today: &str,
) -> Standing {
    let top = || Standing::Needs {
        level: data
            .policy
            .levels
            .last()
            .map(|l| l.id.clone())
            .unwrap_or_default(),
    };
    let Ok((file, approvals)) = read_quote_file(id, text.as_bytes()) else {
        return top();
    };
    let (priced, basis, enrolment) =
        trust::price_named(&data.versions, &data.catalog, &data.policy, &file.quote);
    let standing = data.standing_for(&basis, today);
    let verdict = judge(
        &standing,
        &enrolment,
        &file.quote,
        &priced,
        &approvals,
        &crate::state::for_customer(preauths, &file.quote.customer.uscc),
        today,
    );
    Summary::of(&file.quote, &priced, &verdict, &enrolment, approvals.len()).standing
}

/// A stored proposal: its summary and quote file, checked as an imported file would be.
pub async fn load(id: &str) -> Result<Option<(Summary, QuoteFile)>, StorageError> {
    let db = storage::db().await?;
    let tx = Tx::new(&db, &[SUMMARIES, FILES], false)?;
    let summary = storage::get(&tx.store(SUMMARIES)?, id).await?;
    let file = storage::get(&tx.store(FILES)?, id).await?;
    let (Some(summary), Some(file)) = (summary, file) else {
        return Ok(None);
    };
    let summary = parse_summary(&summary)
        .ok_or_else(|| StorageError::Failed(format!("the stored summary of {id} is damaged")))?;
    let file = quote_file::import(id, &file).map_err(|e| StorageError::Failed(e.to_string()))?;
    Ok(Some((summary, file)))
}

/// Every stored proposal with its quote file's text, for a backup.
pub async fn everything() -> Result<Vec<(Summary, String)>, StorageError> {
    let db = storage::db().await?;
    let tx = Tx::new(&db, &[SUMMARIES, FILES], false)?;
    let files = tx.store(FILES)?;
    let mut out = Vec::new();
    for s in list_in(&tx).await? {
        if let Some(f) = storage::get(&files, &s.id).await? {
            out.push((s, f));
        }
    }
    Ok(out)
}

async fn list_in(tx: &Tx) -> Result<Vec<Summary>, StorageError> {
    let all = storage::get_all(&tx.store(SUMMARIES)?).await?;
    let mut out: Vec<Summary> = all.iter().filter_map(|t| parse_summary(t)).collect();
    out.sort_unstable_by(|a, b| b.saved_at.total_cmp(&a.saved_at));
    Ok(out)
}

/// Saves a proposal if the stored revision is still `expected` (0: not stored yet), keeping the
/// library name it has; returns the stored summary with its new revision.
pub async fn save(
    mut summary: Summary,
    file_json: &str,
    expected: u32,
) -> Result<Summary, SaveError> {
    let db = storage::db().await?;
    let tx = Tx::new(&db, &[SUMMARIES, FILES, META], true)?;
    let summaries = tx.store(SUMMARIES)?;
    let stored = storage::get(&summaries, &summary.id)
        .await?
        .and_then(|t| parse_summary(&t));
    match (&stored, expected) {
        (None, 0) => {}
        (Some(s), 0) => {
            // Not read from the library (a quote file opened, say): the same proposal is no
            // conflict; a different one is.
            let same = storage::get(&tx.store(FILES)?, &summary.id)
                .await?
                .as_deref()
                == Some(file_json);
            tx.abort();
            return if same {
                Ok(s.clone())
            } else {
                Err(SaveError::Conflict(Conflict::Changed))
            };
        }
        (None, _) => {
            tx.abort();
            return Err(SaveError::Conflict(Conflict::Deleted));
        }
        (Some(s), e) if s.rev == e => {
            if summary.name.is_empty() {
                summary.name = s.name.clone();
            }
        }
        (Some(_), _) => {
            tx.abort();
            return Err(SaveError::Conflict(Conflict::Changed));
        }
    }
    summary.rev = expected + 1;
    storage::put(&summaries, &summary.id, &to_json(&summary)).await?;
    storage::put(&tx.store(FILES)?, &summary.id, file_json).await?;
    storage::put(&tx.store(META)?, "last", &summary.id).await?;
    tx.commit().await?;
    announce(&summary.id, summary.rev);
    Ok(summary)
}

/// Gives a proposal a name in the library (its revision stays: the quote is unchanged).
pub async fn rename(id: &str, name: &str) -> Result<(), StorageError> {
    let db = storage::db().await?;
    let tx = Tx::new(&db, &[SUMMARIES], true)?;
    let store = tx.store(SUMMARIES)?;
    if let Some(mut s) = storage::get(&store, id)
        .await?
        .and_then(|t| parse_summary(&t))
    {
        s.name = name.trim().to_string();
        storage::put(&store, id, &to_json(&s)).await?;
    }
    tx.commit().await?;
    announce(id, 0);
    Ok(())
}

/// Removes a proposal and returns what it was, so it can be put back.
pub async fn remove(id: &str) -> Result<Option<(Summary, String)>, StorageError> {
    let db = storage::db().await?;
    let tx = Tx::new(&db, &[SUMMARIES, FILES], true)?;
    let (summaries, files) = (tx.store(SUMMARIES)?, tx.store(FILES)?);
    let summary = storage::get(&summaries, id)
        .await?
        .and_then(|t| parse_summary(&t));
    let file = storage::get(&files, id).await?;
    storage::delete(&summaries, id).await?;
    storage::delete(&files, id).await?;
    tx.commit().await?;
    announce_change(id, 0, true);
    Ok(summary.zip(file))
}

/// Puts a removed proposal back, unless one with its id has been stored since.
pub async fn restore(summary: &Summary, file_json: &str) -> Result<(), StorageError> {
    let db = storage::db().await?;
    let tx = Tx::new(&db, &[SUMMARIES, FILES], true)?;
    let summaries = tx.store(SUMMARIES)?;
    if storage::get(&summaries, &summary.id).await?.is_none() {
        storage::put(&summaries, &summary.id, &to_json(summary)).await?;
        storage::put(&tx.store(FILES)?, &summary.id, file_json).await?;
    }
    tx.commit().await?;
    announce(&summary.id, summary.rev);
    Ok(())
}

/// Adds proposals (from a backup) in one transaction, skipping any whose id is stored by now;
/// returns how many were added.
pub async fn add_all(items: &[(Summary, String)]) -> Result<usize, StorageError> {
    let db = storage::db().await?;
    let tx = Tx::new(&db, &[SUMMARIES, FILES], true)?;
    let (summaries, files) = (tx.store(SUMMARIES)?, tx.store(FILES)?);
    let mut added = 0;
    for (summary, file) in items {
        if storage::get(&summaries, &summary.id).await?.is_none() {
            let mut s = summary.clone();
            s.rev = 1;
            storage::put(&summaries, &s.id, &to_json(&s)).await?;
            storage::put(&files, &s.id, file).await?;
            added += 1;
        }
    }
    tx.commit().await?;
    announce("", 0);
    Ok(added)
}

/// The id of the proposal last opened or saved.
pub async fn last() -> Result<Option<String>, StorageError> {
    let db = storage::db().await?;
    let tx = Tx::new(&db, &[META], false)?;
    storage::get(&tx.store(META)?, "last").await
}

/// Forgets which proposal was open: the next start begins a new one.
pub async fn forget_last() -> Result<(), StorageError> {
    let db = storage::db().await?;
    let tx = Tx::new(&db, &[META], true)?;
    storage::delete(&tx.store(META)?, "last").await?;
    tx.commit().await
}

/// Remembers the proposal on screen, to reopen it at the next start.
pub async fn set_last(id: &str) -> Result<(), StorageError> {
    let db = storage::db().await?;
    let tx = Tx::new(&db, &[META], true)?;
    storage::put(&tx.store(META)?, "last", id).await?;
    tx.commit().await
}

// Tabs tell each other what they changed: `{id, rev}` on the channel `tailor-library`.

const CHANNEL: &str = "tailor-library";

thread_local! {
    static CHANNEL_IN_USE: RefCell<Option<web_sys::BroadcastChannel>> = const { RefCell::new(None) };
}

/// The tab's one channel: a channel never hears its own posts, but would hear another of the
/// same tab's.
fn channel() -> Option<web_sys::BroadcastChannel> {
    CHANNEL_IN_USE.with(|c| {
        let mut c = c.borrow_mut();
        if c.is_none() {
            *c = web_sys::BroadcastChannel::new(CHANNEL).ok();
        }
        c.clone()
    })
}

/// A change made in another tab: the proposal's id, its revision now (0: renamed) and whether
/// it was removed. Sent as `rev removed id`, e.g. `3 0 Q18F…`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub id: String,
    pub rev: u32,
    pub removed: bool,
}

impl Change {
    fn parse(text: &str) -> Option<Change> {
        let mut parts = text.splitn(3, ' ');
        let rev = parts.next()?.parse().ok()?;
        let removed = parts.next()? == "1";
        let id = parts.next()?.to_string();
        Some(Change { id, rev, removed })
    }
}

fn announce(id: &str, rev: u32) {
    announce_change(id, rev, false);
}

fn announce_change(id: &str, rev: u32, removed: bool) {
    if let Some(ch) = channel() {
        let msg = format!("{rev} {} {id}", u8::from(removed));
        // A closed channel only means no other tab hears: the revision check still holds.
        let _ = ch.post_message(&JsValue::from_str(&msg));
    }
}

/// Calls `f` with every change announced by another tab.
pub fn listen(f: impl Fn(Change) + 'static) {
    let Some(channel) = channel() else {
        return;
    };
    let on_message =
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            if let Some(change) = ev.data().as_string().and_then(|t| Change::parse(&t)) {
                f(change);
            }
        });
    channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(id: &str, name: &str, customer: &str) -> Summary {
        Summary {
            id: id.into(),
            name: name.into(),
            customer: customer.into(),
            industry: String::new(),
            date: "2026-12-01".into(),
            saved_at: 0.0,
            rev: 1,
            tcv: 0,
            lines: 0,
            standing: Standing::NotNeeded,
            approvals: 0,
            catalog_version: String::new(),
            version: 1,
            lineage: String::new(),
            handed_over: None,
        }
    }

    #[test]
    fn the_versions_of_a_lineage_are_listed_together_newest_first() {
        let version = |id: &str, lineage: &str, v: u32| Summary {
            lineage: lineage.into(),
            version: v,
            ..summary(id, "", "")
        };
        // As the library lists them: the most recently saved first.
        let list = vec![
            version("B2", "B1", 2),
            version("A1", "", 1),
            version("C1", "", 1),
            version("B1", "", 1),
            version("A2", "A1", 2),
            version("B3", "B1", 3),
        ];
        let ids: Vec<String> = by_lineage(list).into_iter().map(|s| s.id).collect();
        assert_eq!(ids, ["B3", "B2", "B1", "A2", "A1", "C1"]);
    }

    #[test]
    fn a_summary_stored_before_versions_reads_as_the_first_version_of_its_own_lineage() {
        let mut stored = serde_json::to_value(summary("Q7", "", "x")).unwrap_or_default();
        if let Some(o) = stored.as_object_mut() {
            o.remove("version");
        }
        let s: Option<Summary> = serde_json::from_value(stored).ok();
        let s = s.unwrap_or_else(|| summary("bad", "", ""));
        assert_eq!((s.id.as_str(), s.version, s.lineage()), ("Q7", 1, "Q7"));
    }

    #[test]
    fn the_title_is_the_given_name_else_the_customer() {
        assert_eq!(summary("Q1", "", "杭州市数据局").title(), "杭州市数据局");
        assert_eq!(summary("Q1", "  ", "杭州市数据局").title(), "杭州市数据局");
        assert_eq!(
            summary("Q1", "二期方案", "杭州市数据局").title(),
            "二期方案"
        );
    }

    #[test]
    fn a_search_finds_name_customer_or_id_in_any_case() {
        let s = summary("Q18FA2B", "Phase Two", "杭州市数据局");
        for query in ["", "phase", "two", "数据局", "q18f", "8fa2b"] {
            assert!(s.matches(query), "{query}");
        }
        for query in ["Phase", "phase three", "宁波", "q19"] {
            assert!(!s.matches(query), "{query}");
        }
    }

    #[test]
    fn a_change_from_another_tab_reads_back() {
        let read = |t: &str| Change::parse(t);
        assert_eq!(
            read("3 0 Q18F 2"),
            Some(Change {
                id: "Q18F 2".into(),
                rev: 3,
                removed: false
            })
        );
        assert_eq!(
            read("0 1 Q1"),
            Some(Change {
                id: "Q1".into(),
                rev: 0,
                removed: true
            })
        );
        assert_eq!(
            read("0 0 "),
            Some(Change {
                id: String::new(),
                rev: 0,
                removed: false
            })
        );
        for bad in ["", "x 0 Q1", "3", "3 0", "-1 0 Q1"] {
            assert_eq!(read(bad), None, "{bad}");
        }
    }

    #[test]
    fn every_standing_is_stored_as_its_kind_and_reads_back() {
        let all = [
            (Standing::NotNeeded, r#"{"kind":"not_needed"}"#),
            (
                Standing::Approved {
                    until: "2026-12-31".into(),
                },
                r#"{"kind":"approved","until":"2026-12-31"}"#,
            ),
            (
                Standing::Needs {
                    level: "city_branch".into(),
                },
                r#"{"kind":"needs","level":"city_branch"}"#,
            ),
            (Standing::Refused, r#"{"kind":"refused"}"#),
        ];
        for (standing, text) in all {
            assert_eq!(to_json(&standing), text);
            let read: Standing = serde_json::from_str(text).expect(text);
            assert_eq!(read, standing);
        }
        // Field order and unknown fields do not matter.
        let read: Standing =
            serde_json::from_str(r#"{"until":"2027-01-01","x":1,"kind":"approved"}"#).expect("");
        assert_eq!(
            read,
            Standing::Approved {
                until: "2027-01-01".into()
            }
        );
        for bad in [
            r#"{"kind":"approved"}"#,
            r#"{"kind":"approved","until":null}"#,
            r#"{"kind":"needs","level":3}"#,
            r#"{"kind":"maybe"}"#,
            r#"{"until":"2027-01-01"}"#,
            r#""refused""#,
        ] {
            assert!(serde_json::from_str::<Standing>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_summary_reads_back_and_an_old_one_without_a_name_too() {
        let s = summary("Q1", "二期", "杭州");
        assert_eq!(parse_summary(&to_json(&s)), Some(s.clone()));
        let mut old: serde_json::Value = serde_json::from_str(&to_json(&s)).expect("json");
        if let Some(o) = old.as_object_mut() {
            o.remove("name");
        }
        let read = parse_summary(&old.to_string()).expect("an old summary");
        assert_eq!(read.name, "");
        assert_eq!(parse_summary("{}"), None);
    }
}
