//! The approver's decision log (format `tailor-decision-log`, version 1): every decision the
//! approver's page signed, newest last, kept in the browser and exported as a file — the
//! approver's own record of what they approved or rejected, for whom, at which level, until when,
//! and on exactly which quote (its digest).
//!
//! The core has no clock: the moment of signing comes in as text from the app (the browser's
//! `Date`, ISO 8601 in UTC). The log holds at most [`MAX_ENTRIES`]; recording one more drops the
//! oldest. Reading the stored text back ([`Log::parse`]) is strict about its format and version
//! and refuses text above [`MAX_BYTES`]; every string an entry holds is capped as it is recorded.

use crate::approval::{Approval, Decision};
use crate::text::Text;
use serde::{Deserialize, Serialize};

/// The `format` of the log.
pub const FORMAT: &str = "tailor-decision-log";
/// The version this build reads and writes.
pub const VERSION: u32 = 1;
/// The most decisions the log keeps (the oldest are dropped first).
pub const MAX_ENTRIES: usize = 1000;
/// The most bytes of log text read back (1,000 entries of well under 2 KB each).
pub const MAX_BYTES: usize = 2 * 1024 * 1024;
/// The most characters of a comment or reason kept in an entry (the signed file has it all).
pub const MAX_NOTE_CHARS: usize = 500;
/// The most characters of any other string kept in an entry.
pub const MAX_FIELD_CHARS: usize = 200;

/// One signed decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// When it was signed, as the device's clock said (ISO 8601, UTC).
    pub signed_at: String,
    pub decision: Decision,
    pub quote_id: String,
    pub customer_name: String,
    pub uscc: String,
    pub approver_id: String,
    pub level: String,
    pub issued: String,
    pub expires: String,
    /// The signed quote's digest (hexadecimal SHA-256): which exact quote was decided on.
    pub quote_digest: String,
    #[serde(default)]
    pub comment: String,
    #[serde(default)]
    pub reason: String,
    /// The name the signed file was downloaded under.
    #[serde(default)]
    pub file_name: String,
}

impl Entry {
    /// The entry for `approval`, signed at `signed_at` and downloaded as `file_name`.
    pub fn of(approval: &Approval, signed_at: &str, file_name: &str) -> Entry {
        let b = &approval.body;
        let f = |s: &str| cap(s, MAX_FIELD_CHARS);
        Entry {
            signed_at: f(signed_at),
            decision: b.decision,
            quote_id: f(&b.quote_id),
            customer_name: f(&b.customer_name),
            uscc: f(&b.uscc),
            approver_id: f(&b.approver_id),
            level: f(&b.level),
            issued: f(&b.issued),
            expires: f(&b.expires),
            quote_digest: f(&b.quote_digest),
            comment: cap(&b.comment, MAX_NOTE_CHARS),
            reason: cap(&b.reason, MAX_NOTE_CHARS),
            file_name: f(file_name),
        }
    }
}

/// The log: its format and version, and the entries, oldest first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Log {
    pub format: String,
    pub version: u32,
    pub entries: Vec<Entry>,
}

impl Log {
    /// An empty log.
    pub fn new() -> Log {
        Log {
            format: FORMAT.to_string(),
            version: VERSION,
            entries: Vec::new(),
        }
    }

    /// Records `entry` as the newest, dropping the oldest beyond [`MAX_ENTRIES`].
    pub fn record(&mut self, entry: Entry) {
        self.entries.push(entry);
        if self.entries.len() > MAX_ENTRIES {
            let extra = self.entries.len() - MAX_ENTRIES;
            self.entries.drain(..extra);
        }
    }

    /// The log's text: pretty JSON, to store or export.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Reads a log back: refused above [`MAX_BYTES`], when not JSON of a log, of another format
    /// or version, or holding more than [`MAX_ENTRIES`] entries.
    pub fn parse(text: &str) -> Result<Log, Text> {
        if text.len() > MAX_BYTES {
            return Err(Text::new(
                format!("审批记录过大（{} 字节，至多 {MAX_BYTES}）", text.len()),
                format!(
                    "The decision log is too large ({} bytes, at most {MAX_BYTES})",
                    text.len()
                ),
            ));
        }
        let log: Log = serde_json::from_str(text).map_err(|e| {
            Text::new(
                format!("审批记录无法读取：{e}"),
                format!("The decision log cannot be read: {e}"),
            )
        })?;
        if log.format != FORMAT || log.version != VERSION {
            return Err(Text::new(
                format!("不支持的审批记录格式「{}」版本 {}", log.format, log.version),
                format!(
                    "Unsupported decision log format '{}' version {}",
                    log.format, log.version
                ),
            ));
        }
        if log.entries.len() > MAX_ENTRIES {
            return Err(Text::new(
                format!("审批记录有 {} 条，至多 {MAX_ENTRIES} 条", log.entries.len()),
                format!(
                    "The decision log holds {} entries, at most {MAX_ENTRIES}",
                    log.entries.len()
                ),
            ));
        }
        Ok(log)
    }
}

/// The name the log is exported under: `tailor-decisions-<date>.json`, `date` being today's
/// `YYYY-MM-DD` from the caller.
pub fn file_name(date: &str) -> String {
    let date: String = date
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '-')
        .take(10)
        .collect();
    format!("tailor-decisions-{date}.json")
}

/// `s`, at most `max` characters.
fn cap(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}
