//! The approver's log of every decision this browser signed, in `localStorage`
//! (`tailor.decision-log.v1`): the format, its bound and its reading back are the core's
//! ([`tailor_core::decision_log`]); here are the browser's side — the moment of signing from the
//! device's clock, storing, and the export download.

use crate::files::download;
use tailor_core::approval::Approval;
use tailor_core::decision_log::{self, Entry, Log};
use tailor_core::text::Text;

/// The `localStorage` entry: the log's JSON.
const STORAGE_KEY: &str = "tailor.decision-log.v1";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The stored log (empty when there is none), and why a stored one could not be read (it is then
/// left in storage until the next decision replaces it).
pub fn load() -> (Log, Option<Text>) {
    let Some(text) = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten()) else {
        return (Log::new(), None);
    };
    match Log::parse(&text) {
        Ok(log) => (log, None),
        Err(e) => (Log::new(), Some(e)),
    }
}

/// Records `approval`, downloaded as `file_name`, signed now (the device's clock, ISO 8601 UTC),
/// and stores the log.
pub fn record(log: &mut Log, approval: &Approval, file_name: &str) -> Result<(), Text> {
    let now = String::from(js_sys::Date::new_0().to_iso_string());
    log.record(Entry::of(approval, &now, file_name));
    storage()
        .and_then(|s| s.set_item(STORAGE_KEY, &log.to_json()).ok())
        .ok_or_else(|| {
            Text::new(
                "已签名，但无法写入审批记录（浏览器存储已满或被禁用）",
                "Signed, but the decision log could not be written (the browser's storage is full or disabled)",
            )
        })
}

/// Downloads the whole log as `tailor-decisions-<today>.json`.
pub fn export(log: &Log, today: &str) -> Result<(), String> {
    download(
        &decision_log::file_name(today),
        "application/json",
        log.to_json().as_bytes(),
    )
}
