//! The library backup: every proposal in one file, `tailor-library-<date>.json`, and merging one
//! back in without ever silently overwriting a proposal. An entry whose id is not in the library
//! is added; one identical to the library's copy is skipped; one that differs is added as a copy
//! with a new id (without its approvals: they were signed for the other id).

use crate::library::Summary;
use std::collections::BTreeMap;
use tailor_core::approval::file as approvals;
use tailor_core::approval::verify_chain;
use tailor_core::canonical;
use tailor_core::policy::Policy;
use tailor_core::quote_file::{self, QuoteFile};
use tailor_core::text::Text;

/// The `format` tag of a backup file.
pub const FORMAT: &str = "tailor-library";
pub const SCHEMA_VERSION: u32 = 1;
/// Backups larger than this are refused before they are read.
pub const MAX_BYTES: usize = 256 * 1024 * 1024;

/// The backup's text for the stored proposals (summary and quote file text each):
/// `{"format":"tailor-library","schema_version":1,"exported":"<date>","proposals":[{"name":…,
/// "saved_at":<ms>,"file":<quote file>}…]}`. A stored file that is not JSON is left out.
pub fn export(stored: &[(Summary, String)], today: &str) -> String {
    let text = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into());
    let mut out = format!(
        "{{\"format\":\"{FORMAT}\",\"schema_version\":{SCHEMA_VERSION},\"exported\":{},\"proposals\":[",
        text(today)
    );
    let mut first = true;
    for (s, file) in stored {
        if serde_json::from_str::<serde::de::IgnoredAny>(file).is_err() {
            continue;
        }
        if !first {
            out.push(',');
        }
        first = false;
        out.push_str(&format!(
            "{{\"name\":{},\"saved_at\":{},\"file\":{}}}",
            text(&s.name),
            s.saved_at.round() as i64,
            file.trim_end()
        ));
    }
    out.push_str("]}\n");
    out
}

/// The file name of a backup made today.
pub fn file_name(today: &str) -> String {
    format!("tailor-library-{today}.json")
}

/// A proposal read from a backup (or a single quote file), checked as an imported quote file.
#[derive(Clone)]
pub struct Incoming {
    pub name: String,
    pub saved_at: f64,
    pub file: QuoteFile,
}

/// Reads a backup, or a single quote file, naming the file and the entry on any problem.
pub fn read(file_name: &str, bytes: &[u8]) -> Result<Vec<Incoming>, Text> {
    let fail = |zh: String, en: String| {
        Text::new(format!("{file_name}：{zh}"), format!("{file_name}: {en}"))
    };
    if bytes.len() > MAX_BYTES {
        return Err(fail(
            format!("文件过大（{} 字节）", bytes.len()),
            format!("the file is too large ({} bytes)", bytes.len()),
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        fail(
            format!("不是 UTF-8 文本：{e}"),
            format!("not UTF-8 text: {e}"),
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        fail(
            format!("不是有效的 JSON：{e}"),
            format!("not valid JSON: {e}"),
        )
    })?;
    match value.get("format").and_then(|f| f.as_str()) {
        Some(quote_file::FORMAT) => {
            let file = quote_file::import(file_name, text).map_err(|e| e.message())?;
            return Ok(vec![Incoming {
                name: String::new(),
                saved_at: js_sys::Date::now(),
                file,
            }]);
        }
        Some(FORMAT) => {}
        _ => {
            return Err(fail(
                "不是 Tailor 方案库备份文件".into(),
                "not a Tailor library backup".into(),
            ))
        }
    }
    let malformed = |what: &str| {
        fail(
            format!("备份文件格式有误：{what}"),
            format!("malformed backup: {what}"),
        )
    };
    let version = value
        .get("schema_version")
        .and_then(|v| v.as_u64())
        .ok_or_else(|| malformed("schema_version"))?;
    if version > u64::from(SCHEMA_VERSION) {
        return Err(fail(
            format!("备份由更新版本的 Tailor 生成（版本 {version}）"),
            format!("made by a newer Tailor (schema version {version})"),
        ));
    }
    let proposals = value
        .get("proposals")
        .and_then(|v| v.as_array())
        .ok_or_else(|| malformed("proposals"))?;
    proposals
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let place = format!("{file_name} proposals[{i}]");
            let file = e
                .get("file")
                .ok_or_else(|| malformed(&format!("proposals[{i}].file")))?;
            let file = quote_file::import(&place, &file.to_string()).map_err(|e| e.message())?;
            Ok(Incoming {
                name: e
                    .get("name")
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string(),
                saved_at: e.get("saved_at").and_then(|v| v.as_f64()).unwrap_or(0.0),
                file,
            })
        })
        .collect()
}

/// What becomes of an incoming proposal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fate {
    /// Its id is not in the library: added.
    New,
    /// The library holds the same quote and approvals: skipped.
    Same,
    /// The library holds a different proposal under its id: added as a copy with a new id.
    Copy,
}

/// What is stored of a quote file for comparison: its quote and approvals, canonical.
pub fn content(file: &QuoteFile) -> String {
    let mut s = canonical::to_string(&file.quote);
    s.push('\n');
    s.push_str(&canonical::to_string(&file.approvals));
    s
}

/// The fate of each incoming proposal, given the library's contents by id. Entries repeated in
/// the backup are compared with the first.
pub fn plan(incoming: &[Incoming], mut library: BTreeMap<String, String>) -> Vec<Fate> {
    incoming
        .iter()
        .map(|i| {
            let c = content(&i.file);
            match library.get(&i.file.quote.id) {
                None => {
                    library.insert(i.file.quote.id.clone(), c);
                    Fate::New
                }
                Some(l) if *l == c => Fate::Same,
                Some(_) => Fate::Copy,
            }
        })
        .collect()
}

/// The summary and quote file text to store for an incoming proposal: as it is, or as a copy
/// under `new_id` without approvals, named `copy_name`.
pub fn to_store(
    incoming: &Incoming,
    copy: Option<(&str, &str)>,
    policy: &Policy,
    today: &str,
) -> (Summary, String) {
    let mut file = incoming.file.clone();
    let mut name = incoming.name.clone();
    if let Some((new_id, copy_name)) = copy {
        file.quote.id = new_id.to_string();
        file.approvals.clear();
        name = copy_name.to_string();
    }
    let signed = approvals::from_values(&file.quote.id, &file.approvals).unwrap_or_default();
    let verdict = verify_chain(policy, &file.quote, &file.priced, &signed, today);
    let mut summary = Summary::of(&file.quote, &file.priced, &verdict, policy, signed.len());
    summary.name = name;
    if incoming.saved_at > 0.0 && copy.is_none() {
        summary.saved_at = incoming.saved_at;
    }
    (summary, file.to_json())
}
