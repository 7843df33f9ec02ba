//! The approval file format: an approval file holds one signed approval (or rejection) as
//! canonical JSON; a quote file carries its quote's approvals as raw JSON entries of its
//! `approvals` list, at most [`MAX_APPROVALS`]. Reading either refuses the whole file at the first
//! malformed approval, naming the file, the entry and the problem; a quote file carrying more
//! approvals than the cap is refused before any of them is parsed. The approvals held for one
//! quote are capped the same way when files are merged into them ([`merge`], [`check_merge`]).
//! Also the names the files are saved under.

use super::{Approval, Decision};
use crate::limits;
use crate::pricing::Priced;
use crate::quote::Quote;
use crate::quote_file::{self, AfterSale, QuoteFile};
use crate::text::Text;
use serde_json::Value;

/// The most approvals one quote file carries, and the most the app holds for one quote: the
/// approvals are saved in the quote's file, so holding more would make a file that cannot be
/// opened again. An approval file holds exactly one. See [`quote_file::MAX_APPROVALS`].
pub use crate::quote_file::MAX_APPROVALS;

impl Approval {
    /// Reads an approval file (any formatting of its JSON).
    pub fn parse(text: &str) -> Result<Approval, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }

    /// The approval file's text: the approval's canonical JSON (compact, see
    /// [`crate::canonical`]) and a newline. [`Approval::parse`] reads any formatting of it.
    pub fn to_json(&self) -> String {
        let mut s = crate::canonical::to_string(self);
        s.push('\n');
        s
    }
}

/// The approvals of a quote file's `approvals` entries; any malformed entry refuses them all,
/// naming the file, the entry and the problem, and so do more than [`MAX_APPROVALS`] entries
/// (counted before any is parsed).
pub fn from_values(file: &str, values: &[Value]) -> Result<Vec<Approval>, Text> {
    if values.len() > MAX_APPROVALS {
        let (n, max) = (values.len(), MAX_APPROVALS);
        return Err(Text::new(
            format!("{file}：approvals 中的审批过多（{n} 份，一个方案最多 {max} 份）"),
            format!(
                "{file}: approvals holds too many approvals ({n}; a quote carries at most {max})"
            ),
        ));
    }
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
        .filter_map(|a| serde_json::from_str(&a.to_json()).ok())
        .collect()
}

/// The approvals in a file named `name`: an approval file (one approval), or a quote file
/// carrying approvals.
pub fn from_file(name: &str, bytes: &[u8]) -> Result<Vec<Approval>, Text> {
    let not = |detail: String| {
        Text::new(
            format!("{name}：不是审批文件，也不是带审批的报价文件（{detail}）"),
            format!(
                "{name}: neither an approval file nor a quote file carrying approvals ({detail})"
            ),
        )
    };
    if !limits::APPROVAL_FILE.allows(bytes.len()) {
        return Err(limits::too_large(name, bytes.len(), &limits::APPROVAL_FILE));
    }
    let value: Value = serde_json::from_slice(bytes).map_err(|e| not(e.to_string()))?;
    if value.get("format").and_then(Value::as_str) == Some(quote_file::FORMAT) {
        return read_quote_file(name, bytes).map(|(_, approvals)| approvals);
    }
    let text = std::str::from_utf8(bytes).map_err(|e| not(e.to_string()))?;
    Approval::parse(text).map(|a| vec![a]).map_err(not)
}

/// A quote file named `name`, read with the signed approvals it carries.
pub fn read_quote_file(name: &str, bytes: &[u8]) -> Result<(QuoteFile, Vec<Approval>), Text> {
    let file = quote_file::import_bytes(name, bytes).map_err(|e| e.message())?;
    let approvals = from_values(name, &file.approvals)?;
    Ok((file, approvals))
}

/// The quote file's text for `quote` and the snapshot `priced`, carrying `approvals`.
pub fn quote_file_json(quote: &Quote, priced: &Priced, approvals: &[Approval]) -> String {
    quote_file_json_after(quote, priced, approvals, None)
}

/// [`quote_file_json`] for a quote made from a contract (`after_sale`: an amendment or a
/// renewal), which the file then carries.
pub fn quote_file_json_after(
    quote: &Quote,
    priced: &Priced,
    approvals: &[Approval],
    after_sale: Option<&AfterSale>,
) -> String {
    let mut file = QuoteFile::new(quote.clone(), priced.clone());
    file.approvals = to_values(approvals);
    file.after_sale = after_sale.cloned();
    file.to_json()
}

/// Adds the approvals of `new` not already in `list` (as when several files are chosen at once);
/// returns how many were added. The list never grows beyond [`MAX_APPROVALS`]: approvals past it
/// are not added (call [`check_merge`] first to refuse them with a message instead).
pub fn merge(list: &mut Vec<Approval>, new: Vec<Approval>) -> usize {
    let before = list.len();
    for a in new {
        if list.len() >= MAX_APPROVALS {
            break;
        }
        if !list.contains(&a) {
            list.push(a);
        }
    }
    list.len() - before
}

/// Whether [`merge`] would add every approval of `new` to `list`: refused when together, without
/// repeats, they would be more than [`MAX_APPROVALS`] (the quote could no longer be saved in a
/// quote file), saying how many the quote holds and the cap.
pub fn check_merge(list: &[Approval], new: &[Approval]) -> Result<(), Text> {
    let mut fresh: Vec<&Approval> = Vec::new();
    for a in new {
        if !list.contains(a) && !fresh.contains(&a) {
            fresh.push(a);
            if list.len() + fresh.len() > MAX_APPROVALS {
                let (held, max) = (list.len(), MAX_APPROVALS);
                return Err(Text::new(
                    format!(
                        "无法导入审批：该方案已有 {held} 份审批，加上所选文件中的新审批将超过一个方案最多可带的 {max} 份"
                    ),
                    format!(
                        "Cannot import the approvals: the quote holds {held}, and with the new ones in the chosen files it would hold more than {max}, the most a quote carries"
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// The quote file name without its extension: `<customer>-<date>`.
fn stem(quote: &Quote) -> String {
    let name = quote_file::file_name(quote);
    name.strip_suffix(quote_file::EXTENSION)
        .unwrap_or(&name)
        .to_string()
}

/// The approval request's file name: `<customer>-<date>-request.tailor.json` (a quote file).
pub fn request_name(quote: &Quote) -> String {
    format!("{}-request{}", stem(quote), quote_file::EXTENSION)
}

/// A signed decision's file name: `<customer>-<date>-approval-<level>.json` (or `-rejection-`).
pub fn decision_name(quote: &Quote, a: &Approval) -> String {
    let kind = match a.body.decision {
        Decision::Approve => "approval",
        Decision::Reject => "rejection",
    };
    format!("{}-{kind}-{}.json", stem(quote), a.body.level)
}
