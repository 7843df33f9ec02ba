//! What the pricing team published, as this device keeps it: the publishers this build trusts
//! (built in from `trust/publishers.json` or `TAILOR_PUBLISHERS`, see `build.rs`), every signed
//! catalog and policy pair it has fetched (in `localStorage`, re-verified at every start: nothing
//! stored is believed), and the latest date it has seen, so "today" never goes back.

use std::sync::{Arc, OnceLock};
use tailor_core::publication::Publishers;
use tailor_core::trust::{self, Published, Signed, Today, Versions};

/// The `localStorage` entry: a JSON array of [`Pair`]s, oldest first.
const PAIRS_KEY: &str = "tailor.published.v1";
/// The `localStorage` entry: the latest date (`YYYY-MM-DD`) this device has seen.
const SEEN_KEY: &str = "tailor.seen-date.v1";
/// How many signed pairs are kept: quotes on older versions need repricing.
const KEEP: usize = 12;

/// The publishers this build trusts.
pub fn publishers() -> &'static Publishers {
    static P: OnceLock<Publishers> = OnceLock::new();
    P.get_or_init(|| {
        let text = include_str!(concat!(env!("OUT_DIR"), "/publishers.json"));
        // A build with a broken publishers file trusts nobody, and says so in every refusal.
        Publishers::parse("publishers.json", text).unwrap_or(Publishers {
            format: String::new(),
            version: 0,
            publishers: Vec::new(),
        })
    })
}

/// A published catalog and policy as fetched: the texts and their signature files.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Pair {
    pub catalog: String,
    pub catalog_sig: Option<String>,
    pub policy: String,
    pub policy_sig: Option<String>,
}

impl Pair {
    /// Verifies the pair under the trusted publishers (demo pairs allowed: they are marked).
    pub fn verify(&self) -> Result<Signed, Vec<tailor_core::check::Problem>> {
        trust::load(
            publishers(),
            Published {
                text: &self.catalog,
                signature: self.catalog_sig.as_deref(),
            },
            Published {
                text: &self.policy,
                signature: self.policy_sig.as_deref(),
            },
            true,
        )
    }
}

pub(crate) fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn stored_pairs() -> Vec<Pair> {
    storage()
        .and_then(|s| s.get_item(PAIRS_KEY).ok().flatten())
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

/// The signed pairs kept on this device, each verified again now, oldest first: every version
/// they hold, and the last one (the last good pair).
pub fn kept() -> (Versions, Option<Signed>) {
    let mut versions = Versions::default();
    let mut last = None;
    for signed in stored_pairs().iter().filter_map(|p| p.verify().ok()) {
        versions.keep(
            Arc::new(signed.catalog.clone()),
            Arc::new(signed.policy.clone()),
        );
        last = Some(signed);
    }
    (versions, last)
}

/// Keeps a verified pair as the last good one (dropping the oldest beyond [`KEEP`]). Storage
/// that is full or disabled keeps nothing: the pair is still used for this session.
pub fn keep(pair: Pair) {
    let mut pairs = stored_pairs();
    pairs.retain(|p| *p != pair);
    pairs.push(pair);
    let skip = pairs.len().saturating_sub(KEEP);
    if let (Some(s), Ok(text)) = (storage(), serde_json::to_string(&pairs[skip..])) {
        let _ = s.set_item(PAIRS_KEY, &text);
    }
}

/// Today's date by the device's clock, `YYYY-MM-DD`.
pub fn clock() -> String {
    let d = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date()
    )
}

/// "Today" for every validity check: the later of the clock and the latest date seen, counting
/// `seen` (a signed policy's `published`). Remembers the result, so setting the clock back never
/// brings an expired approval back.
pub fn today(seen: Option<&str>) -> Today {
    let stored = storage().and_then(|s| s.get_item(SEEN_KEY).ok().flatten());
    let today = trust::today(&clock(), stored.as_deref().into_iter().chain(seen));
    if let Some(s) = storage() {
        let _ = s.set_item(SEEN_KEY, &today.date);
    }
    today
}
