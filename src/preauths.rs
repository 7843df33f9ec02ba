//! The pre-authorisations kept on this device (`localStorage`, `tailor.preauths.v1`: a JSON list
//! of pre-authorisation files), read at start and written on every change. What is stored is
//! never believed: each is verified again against the signed policy in force every time a
//! verdict uses it (`core::approval::judge`); an entry that no longer reads is dropped.

use crate::state::Ctx;
use leptos::prelude::*;
use tailor_core::approval::preauth::file::MAX_KEPT;
use tailor_core::approval::preauth::PreAuthorisation;

const KEY: &str = "tailor.preauths.v1";

/// Reads the kept pre-authorisations into `ctx`, then writes them back whenever they change.
pub fn start(ctx: Ctx) {
    ctx.kept_preauths(load());
    Effect::new(move |first: Option<()>| {
        ctx.preauths.with(|kept| {
            if first.is_some() {
                save(kept);
            }
        });
    });
}

fn load() -> Vec<PreAuthorisation> {
    let Some(text) = crate::published::storage().and_then(|s| s.get_item(KEY).ok().flatten())
    else {
        return Vec::new();
    };
    let entries: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap_or_default();
    entries
        .iter()
        .take(MAX_KEPT)
        .filter_map(|v| PreAuthorisation::parse(&v.to_string()).ok())
        .collect()
}

fn save(kept: &[PreAuthorisation]) {
    let text = format!(
        "[{}]",
        kept.iter()
            .map(|p| p.to_json().trim_end().to_string())
            .collect::<Vec<_>>()
            .join(",")
    );
    if let Some(s) = crate::published::storage() {
        if s.set_item(KEY, &text).is_err() {
            leptos::logging::warn!("the pre-authorisations could not be kept on this device");
        }
    }
}
