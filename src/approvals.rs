//! Signed approvals in files: reading approval files (and the approvals a quote file carries),
//! writing them into quote files, and the names the files are saved under.

use crate::files::Chosen;
use serde_json::Value;
use tailor_core::approval::{self, Approval};
use tailor_core::quote::Quote;
use tailor_core::quote_file::{self, QuoteFile};
use tailor_core::text::Text;

/// The approvals of a quote file's `approvals` entries; any malformed entry refuses them all,
/// naming the file, the entry and the problem.
pub fn from_values(file: &str, values: &[Value]) -> Result<Vec<Approval>, Text> {
    values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            // Through the text, so the app has one approval parser (smaller wasm).
            Approval::parse(&v.to_string()).map_err(|e| {
                Text::new(
                    format!("{file}：approvals[{i}] 不是有效的审批：{e}"),
                    format!("{file}: approvals[{i}] is not a valid approval: {e}"),
                )
            })
        })
        .collect()
}

/// The approvals as the raw JSON entries of a quote file.
pub fn to_values(approvals: &[Approval]) -> Vec<Value> {
    approvals
        .iter()
        .filter_map(|a| serde_json::from_str(&to_json(a)).ok())
        .collect()
}

/// An approval file's text: its canonical JSON (compact; any formatting reads back the same).
pub fn to_json(a: &Approval) -> String {
    let mut s = tailor_core::canonical::to_string(a);
    s.push('\n');
    s
}

/// The approvals in a file: an approval file (one approval), or a quote file carrying approvals.
pub fn from_file(name: &str, bytes: &[u8]) -> Result<Vec<Approval>, Text> {
    let not = |detail: String| {
        Text::new(
            format!("{name}：不是审批文件，也不是带审批的报价文件（{detail}）"),
            format!(
                "{name}: neither an approval file nor a quote file carrying approvals ({detail})"
            ),
        )
    };
    if bytes.len() > quote_file::MAX_FILE_BYTES {
        return Err(not(format!("{} bytes", bytes.len())));
    }
    let value: Value = serde_json::from_slice(bytes).map_err(|e| not(e.to_string()))?;
    if value.get("format").and_then(Value::as_str) == Some(quote_file::FORMAT) {
        let file = quote_file::import_bytes(name, bytes).map_err(|e| e.message())?;
        return from_values(name, &file.approvals);
    }
    let text = std::str::from_utf8(bytes).map_err(|e| not(e.to_string()))?;
    Approval::parse(text).map(|a| vec![a]).map_err(not)
}

/// A quote file the user chose, read with the signed approvals it carries.
pub fn open_chosen(chosen: Chosen) -> Result<(String, QuoteFile, Vec<Approval>), Text> {
    match chosen {
        Err((name, bytes)) => Err(quote_file::ImportError::new(
            &name,
            quote_file::ImportErrorKind::TooLarge {
                bytes,
                max: quote_file::MAX_FILE_BYTES,
            },
        )
        .message()),
        Ok((name, bytes)) => {
            let file = quote_file::import_bytes(&name, &bytes).map_err(|e| e.message())?;
            let approvals = from_values(&name, &file.approvals)?;
            Ok((name, file, approvals))
        }
    }
}

/// Adds the approvals not already in `list`; returns how many were added.
pub fn merge(list: &mut Vec<Approval>, new: Vec<Approval>) -> usize {
    let before = list.len();
    for a in new {
        if !list.contains(&a) {
            list.push(a);
        }
    }
    list.len() - before
}

/// The quote file's text with its approvals.
pub fn quote_file_json(
    quote: &Quote,
    priced: &tailor_core::pricing::Priced,
    approvals: &[Approval],
) -> String {
    let mut file = QuoteFile::new(quote.clone(), priced.clone());
    file.approvals = to_values(approvals);
    file.to_json()
}

/// The quote file name without its extension: `<customer>-<date>`.
pub fn stem(quote: &Quote) -> String {
    let name = quote_file::file_name(quote);
    name.strip_suffix(quote_file::EXTENSION)
        .unwrap_or(&name)
        .to_string()
}

/// The approval request's file name: `<customer>-<date>-request.tailor.json`.
pub fn request_name(quote: &Quote) -> String {
    format!("{}-request{}", stem(quote), quote_file::EXTENSION)
}

/// A signed decision's file name: `<customer>-<date>-approval-<level>.json` (or `-rejection-`).
pub fn decision_name(quote: &Quote, a: &Approval) -> String {
    let kind = match a.body.decision {
        approval::Decision::Approve => "approval",
        approval::Decision::Reject => "rejection",
    };
    format!("{}-{kind}-{}.json", stem(quote), a.body.level)
}
