//! The library backup: every proposal of the library in one file, `tailor-library-<date>.json`,
//! and merging one back in without ever silently overwriting a proposal.
//!
//! The file is `{"format":"tailor-library","schema_version":1,"exported":"<date>","proposals":
//! [{"name":…,"saved_at":<ms>,"file":<quote file>}…],"contracts":[<contract>…]}`: each proposal
//! is a whole quote file, read back with the quote file's own checks; each contract a
//! `contract::Contract` (absent when there is none, so older backups read as before), read back
//! with the caps of a quote file and its dates checked. A contract that does not read is refused
//! with the reason ([`Backup::refused`]); the proposals and the other contracts are kept. Contracts
//! merge by id: one whose id the library holds is never replaced. Merging plans a [`Fate`] for each incoming
//! proposal: one whose id is not in the library is added; one identical to the library's copy
//! is skipped; one that differs is added as a copy with a new id, without its approvals (they
//! were signed for the other id).
//!
//! The app keeps the browser's side: where the library is stored and how the file is offered
//! and chosen.

use crate::canonical;
use crate::contract::{Contract, Day};
use crate::limits;
use crate::quote_file::{self, QuoteFile};
use crate::text::Text;
use serde::de::IgnoredAny;
use serde_json::value::RawValue;
use std::collections::BTreeMap;

/// The `format` tag of a backup file.
pub const FORMAT: &str = "tailor-library";
/// The backup format version this build reads and writes.
pub const SCHEMA_VERSION: u32 = 1;
/// Backups larger than this are refused before they are read ([`limits::BACKUP`]).
pub const MAX_BYTES: usize = limits::BACKUP.max_bytes;

/// A stored proposal, as the backup writes it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Entry<'a> {
    /// The name the seller gave the proposal in the library; empty: the customer's name.
    pub name: &'a str,
    /// When it was last saved, in milliseconds since 1970.
    pub saved_at: f64,
    /// Its quote file's text.
    pub file: &'a str,
}

/// At most this many contracts are read from one backup: more than a seller's library holds by far
/// (a contract per customer lineage); a backup naming more is refused.
pub const MAX_CONTRACTS: usize = 10_000;

/// The backup's text for the stored proposals. A stored file that is not JSON is left out.
pub fn export<'a>(entries: impl IntoIterator<Item = Entry<'a>>, today: &str) -> String {
    export_with(entries, &[], today)
}

/// The backup's text for the stored proposals and `contracts`.
pub fn export_with<'a>(
    entries: impl IntoIterator<Item = Entry<'a>>,
    contracts: &[Contract],
    today: &str,
) -> String {
    let text = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into());
    let mut out = format!(
        "{{\"format\":\"{FORMAT}\",\"schema_version\":{SCHEMA_VERSION},\"exported\":{},\"proposals\":[",
        text(today)
    );
    let mut first = true;
    for e in entries {
        if serde_json::from_str::<serde::de::IgnoredAny>(e.file).is_err() {
            continue;
        }
        if !first {
            out.push(',');
        }
        first = false;
        out.push_str(&format!(
            "{{\"name\":{},\"saved_at\":{},\"file\":{}}}",
            text(e.name),
            e.saved_at.round() as i64,
            e.file.trim_end()
        ));
    }
    out.push(']');
    if !contracts.is_empty() {
        out.push_str(",\"contracts\":");
        out.push_str(&canonical::to_string(&contracts));
    }
    out.push_str("}\n");
    out
}

/// The file name of a backup made on `today`: `tailor-library-<today>.json`.
pub fn file_name(today: &str) -> String {
    format!("tailor-library-{today}.json")
}

/// A proposal read from a backup (or a single quote file), checked as an imported quote file.
#[derive(Clone, Debug, PartialEq)]
pub struct Incoming {
    /// The name the seller gave it; empty: the customer's name.
    pub name: String,
    /// When it was last saved, in milliseconds since 1970; 0 when not known (a single quote
    /// file): stored as saved now.
    pub saved_at: f64,
    pub file: QuoteFile,
}

impl Incoming {
    /// This proposal as a copy under `new_id`, named `name`, without its approvals (they were
    /// signed for the other id) and saved now.
    pub fn into_copy(mut self, new_id: &str, name: &str) -> Incoming {
        self.file.quote.id = new_id.to_string();
        self.file.approvals.clear();
        self.name = name.to_string();
        self.saved_at = 0.0;
        self
    }
}

/// What a backup holds: its proposals, the contracts that read, and why each other contract was
/// refused.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Backup {
    pub proposals: Vec<Incoming>,
    pub contracts: Vec<Contract>,
    pub refused: Vec<Text>,
}

/// Reads a backup's proposals, or a single quote file ([`read_all`]).
pub fn read(file_name: &str, bytes: &[u8]) -> Result<Vec<Incoming>, Text> {
    read_all(file_name, bytes).map(|b| b.proposals)
}

/// Reads a backup, or a single quote file, naming the file, the entry and the problem on any
/// refusal. Nothing here panics, whatever the bytes.
///
/// The backup is read one proposal at a time: its outer JSON is only checked and split into the
/// text of each entry ([`RawValue`], slices of `bytes`, nothing copied), and each entry's quote
/// file is then read on its own. So reading holds little more than the file and the proposals read
/// so far; read whole into a JSON tree, a backup took some thirteen times its size at once.
pub fn read_all(file_name: &str, bytes: &[u8]) -> Result<Backup, Text> {
    let fail = |zh: String, en: String| {
        Text::new(format!("{file_name}：{zh}"), format!("{file_name}: {en}"))
    };
    if !limits::BACKUP.allows(bytes.len()) {
        return Err(limits::too_large(file_name, bytes.len(), &limits::BACKUP));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        fail(
            format!("不是 UTF-8 文本：{e}"),
            format!("not UTF-8 text: {e}"),
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let not_json = |e: serde_json::Error| {
        fail(
            format!("不是有效的 JSON：{e}"),
            format!("not valid JSON: {e}"),
        )
    };
    let not_backup = || {
        fail(
            "不是 Tailor 方案库备份文件".into(),
            "not a Tailor library backup".into(),
        )
    };
    // The whole text is JSON (checked without building anything), and its top level an object.
    serde_json::from_str::<IgnoredAny>(text).map_err(not_json)?;
    let top: BTreeMap<String, &RawValue> = match serde_json::from_str(text) {
        Ok(top) => top,
        Err(e) if e.is_data() => return Err(not_backup()),
        Err(e) => return Err(not_json(e)),
    };
    let field = |name: &str| top.get(name).map(|raw| raw.get());
    let format = field("format").and_then(|f| serde_json::from_str::<String>(f).ok());
    match format.as_deref() {
        Some(quote_file::FORMAT) => {
            drop(top);
            let file = quote_file::import(file_name, text).map_err(|e| e.message())?;
            return Ok(Backup {
                proposals: vec![Incoming {
                    name: String::new(),
                    saved_at: 0.0,
                    file,
                }],
                ..Backup::default()
            });
        }
        Some(FORMAT) => {}
        _ => return Err(not_backup()),
    }
    let malformed = |what: &str| {
        fail(
            format!("备份文件格式有误：{what}"),
            format!("malformed backup: {what}"),
        )
    };
    let version = field("schema_version")
        .and_then(|v| serde_json::from_str::<u64>(v).ok())
        .ok_or_else(|| malformed("schema_version"))?;
    if version > u64::from(SCHEMA_VERSION) {
        return Err(fail(
            format!("备份由更新版本的 Tailor 生成（版本 {version}）"),
            format!("made by a newer Tailor (schema version {version})"),
        ));
    }
    let proposals: Vec<&RawValue> = field("proposals")
        .and_then(|p| serde_json::from_str(p).ok())
        .ok_or_else(|| malformed("proposals"))?;
    let contracts: Vec<&RawValue> = match field("contracts") {
        None => Vec::new(),
        Some(c) => serde_json::from_str(c).map_err(|_| malformed("contracts"))?,
    };
    if contracts.len() > MAX_CONTRACTS {
        return Err(malformed(&format!(
            "contracts: {} > {MAX_CONTRACTS}",
            contracts.len()
        )));
    }
    let proposals = proposals
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let place = format!("{file_name} proposals[{i}]");
            let entry: BTreeMap<String, &RawValue> =
                serde_json::from_str(e.get()).map_err(|_| malformed(&format!("proposals[{i}]")))?;
            let part = |name: &str| entry.get(name).map(|raw| raw.get());
            let file = part("file").ok_or_else(|| malformed(&format!("proposals[{i}].file")))?;
            let file = quote_file::import(&place, file).map_err(|e| e.message())?;
            Ok(Incoming {
                name: part("name")
                    .and_then(|v| serde_json::from_str::<String>(v).ok())
                    .unwrap_or_default(),
                saved_at: part("saved_at")
                    .and_then(|v| serde_json::from_str::<f64>(v).ok())
                    .unwrap_or(0.0),
                file,
            })
        })
        .collect::<Result<Vec<_>, Text>>()?;
    let (mut kept, mut refused) = (Vec::new(), Vec::new());
    for (i, raw) in contracts.iter().enumerate() {
        match contract(&format!("{file_name} contracts[{i}]"), raw.get()) {
            Ok(c) => kept.push(c),
            Err(t) => refused.push(t),
        }
    }
    Ok(Backup {
        proposals,
        contracts: kept,
        refused,
    })
}

/// One contract of a backup, read and checked: the caps of a quote file, its id the lineage of
/// the version accepted, its dates valid, starting on or after the signature and ending after
/// the start.
fn contract(place: &str, text: &str) -> Result<Contract, Text> {
    let bad =
        |zh: String, en: String| Text::new(format!("{place}：{zh}"), format!("{place}: {en}"));
    if text.len() > quote_file::MAX_FILE_BYTES {
        return Err(limits::too_large(place, text.len(), &limits::QUOTE_FILE));
    }
    let c: Contract = serde_json::from_str(text).map_err(|e| {
        bad(
            format!(
                "不是有效的合同：{}",
                crate::serde_message::truncate(&e.to_string(), 200)
            ),
            format!(
                "not a valid contract: {}",
                crate::serde_message::truncate(&e.to_string(), 200)
            ),
        )
    })?;
    quote_file::check_contract(place, &c).map_err(|e| e.message())?;
    if c.id.is_empty() || c.id != c.accepted.lineage() {
        return Err(bad(
            "合同编号须为所接受版本的系列编号".into(),
            "the contract's id must be the lineage of the version accepted".into(),
        ));
    }
    let in_words = |t: Text| bad(t.zh, t.en);
    let signed = Day::Signed.parse(&c.signed).map_err(in_words)?;
    let start = Day::Start
        .not_before(&c.start, (Day::Signed, &c.signed, signed))
        .map_err(in_words)?;
    match crate::date::parse(&c.end) {
        Some(end) if end > start => Ok(c),
        _ => Err(bad(
            format!("结束日期「{}」须为开始日期之后的有效日期", c.end),
            format!(
                "the end date '{}' must be a valid date after the start",
                c.end
            ),
        )),
    }
}

/// What becomes of an incoming proposal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fate {
    /// Its id is not in the library: added.
    New,
    /// The library holds the same quote and approvals: skipped.
    Same,
    /// The library holds a different proposal under its id: added as a copy with a new id
    /// ([`Incoming::into_copy`]).
    Copy,
}

/// What is compared of a quote file: its quote and approvals, canonical.
pub fn content(file: &QuoteFile) -> String {
    let mut s = canonical::to_string(&file.quote);
    s.push('\n');
    s.push_str(&canonical::to_string(&file.approvals));
    s
}

/// The fate of each incoming proposal, given the library's [`content`] by id. Entries repeated in
/// the backup are compared with the first. No fate replaces what the library holds.
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
