//! The quote file: how a quote travels between people (seller → manager → branch), by mail, chat
//! or USB stick, as `<customer>-<date>.tailor.json`.
//!
//! It is a versioned JSON envelope around the quote, the priced snapshot the customer was shown
//! when it was exported, and the signed approvals the quote has gathered. The snapshot holds the
//! seller's internal figures (costs, margins, authority), so the file is for the sales force,
//! never for the client: the client gets the proposal and the CSV of [`crate::csv`].
//!
//! Import treats the file as hostile: it is size-capped before parsing
//! ([`crate::limits::QUOTE_FILE`]), nesting is limited by serde_json's recursion limit, every
//! string and list is capped ([`MAX_TEXT_CHARS`] and the like), and every failure names the file,
//! the place (JSON path and/or line and column) and the problem, in Chinese and English
//! ([`ImportError`]).

mod caps;
mod error;

pub use caps::{
    MAX_ANY_ITEMS, MAX_ANY_STRING_CHARS, MAX_APPROVALS, MAX_CONTACTS, MAX_ID_CHARS, MAX_LINES,
    MAX_OPTIONS, MAX_PACKAGES, MAX_PACKAGE_LINES, MAX_SITES, MAX_TEXT_CHARS,
};
pub use error::{Foreign, ImportError, ImportErrorKind, Position};

use crate::amendment::Amends;
use crate::contract::Contract;
use crate::pricing::Priced;
use crate::quote::Quote;
use crate::serde_message::{self as sm, truncate};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The `format` tag of every quote file.
pub const FORMAT: &str = "tailor-quote";
/// The extension of quote files.
pub const EXTENSION: &str = ".tailor.json";
/// Files larger than this are refused before parsing ([`crate::limits::QUOTE_FILE`]).
pub const MAX_FILE_BYTES: usize = crate::limits::QUOTE_FILE.max_bytes;

/// A quote file: the quote, the snapshot priced when it was exported, and the signed approvals it
/// carries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuoteFile {
    /// Always [`FORMAT`]; tells a quote file from any other JSON.
    pub format: String,
    /// The file format version, [`crate::SCHEMA_VERSION`] when written by this build.
    pub schema_version: u32,
    pub quote: Quote,
    /// The quote priced when it was exported: the prices the customer was shown. Re-price the
    /// quote on the current catalog and policy and compare with [`crate::reprice::changes`].
    pub priced: Priced,
    /// The signed approvals this quote has gathered, each the JSON of an approval file. Kept as
    /// raw JSON: import only caps their size and number ([`MAX_APPROVALS`]); they are parsed,
    /// and verified against the quote, where they are used.
    #[serde(default)]
    pub approvals: Vec<Value>,
    /// What the quote is after the signature (absent: a proposal): the approver prices an
    /// amendment as one, and the library reopens either as it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after_sale: Option<AfterSale>,
}

/// A quote made from a contract.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum AfterSale {
    /// An amendment of the contract from its effective date.
    Amends(Amends),
    /// The renewal of the contract.
    Renews(Contract),
}

impl AfterSale {
    /// The contract it is made from.
    pub fn contract(&self) -> &Contract {
        match self {
            AfterSale::Amends(a) => &a.contract,
            AfterSale::Renews(c) => c,
        }
    }
}

impl QuoteFile {
    pub fn new(quote: Quote, priced: Priced) -> Self {
        QuoteFile {
            format: FORMAT.to_string(),
            schema_version: crate::SCHEMA_VERSION,
            quote,
            priced,
            approvals: Vec::new(),
            after_sale: None,
        }
    }

    /// The file's text: the canonical JSON of the file (compact, struct fields in declaration
    /// order, maps ordered by key; see [`crate::canonical`]) and a newline. Deterministic, and
    /// compact so that even a 5,000-line quote with its snapshot stays under [`MAX_FILE_BYTES`].
    /// [`import`] reads any formatting of the same JSON.
    pub fn to_json(&self) -> String {
        let mut s = crate::canonical::to_string(self);
        s.push('\n');
        s
    }

    /// The checks [`import`] makes after parsing: the caps on every string and list of the quote
    /// and on the number of approvals, the quote's schema version, and that the snapshot belongs
    /// to the quote. A file that passes
    /// them opens again, so a writer can check a file before saving it.
    pub fn validate(&self, file_name: &str) -> Result<(), ImportError> {
        let err = |path: String, kind: ImportErrorKind| ImportError::new(file_name, kind).at(path);
        if self.format != FORMAT {
            return Err(err(
                "format".into(),
                ImportErrorKind::Foreign(Foreign::Other {
                    format: Some(truncate(&self.format, 40)),
                }),
            ));
        }
        schema(self.schema_version as u64).map_err(|k| err("schema_version".into(), k))?;
        schema(self.quote.schema_version as u64)
            .map_err(|k| err("quote.schema_version".into(), k))?;
        caps::check_quote(&self.quote).map_err(|(p, k)| err(p, k))?;
        caps::check_approvals(self.approvals.len()).map_err(|(p, k)| err(p, k))?;
        caps::check_snapshot(&self.quote, &self.priced).map_err(|(p, k)| err(p, k))?;
        if let Some(after) = &self.after_sale {
            caps::check_contract(after.contract()).map_err(|(p, k)| err(p, k))?;
        }
        Ok(())
    }
}

/// Checks a contract read from a file (`place` names the file and the entry in messages): the
/// caps of [`QuoteFile::validate`] on its accepted version, its id, lines and steps.
pub fn check_contract(place: &str, contract: &Contract) -> Result<(), ImportError> {
    caps::check_contract(contract).map_err(|(p, k)| ImportError::new(place, k).at(p))
}

/// The quote file's text for `quote` and the snapshot `priced` (see [`QuoteFile::to_json`]:
/// canonical, compact JSON).
pub fn export(quote: &Quote, priced: &Priced) -> String {
    QuoteFile::new(quote.clone(), priced.clone()).to_json()
}

/// The file name to save a quote under: `<customer name>-<date>.tailor.json`, e.g.
/// `杭州市数据资源管理局-2026-11-23.tailor.json`. Characters unsafe in file names (path
/// separators, `:*?"<>|`, control and bidirectional-override characters) become `_`, the name
/// is capped at 120 bytes, and the quote id stands in when the customer name is empty.
pub fn file_name(quote: &Quote) -> String {
    let mut stem = clean_name(&quote.customer.name, 120);
    if stem.is_empty() {
        stem = clean_name(&quote.id, 64);
    }
    if stem.is_empty() {
        stem = "quote".to_string();
    }
    let date = clean_name(&quote.date, 32);
    if date.is_empty() {
        format!("{stem}{EXTENSION}")
    } else {
        format!("{stem}-{date}{EXTENSION}")
    }
}

/// `s` made safe for a file name: unsafe characters become `_`, at most `max_bytes`.
pub(crate) fn clean_name(s: &str, max_bytes: usize) -> String {
    let mut out = String::new();
    let mut last_space = false;
    for c in s.chars() {
        let c = if c.is_whitespace() {
            ' '
        } else if c.is_control()
            || matches!(
                c,
                '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' | '\u{7f}'
                    | '\u{200b}'..='\u{200f}'
                    | '\u{202a}'..='\u{202e}'
                    | '\u{2066}'..='\u{2069}'
                    | '\u{feff}'
            )
        {
            '_'
        } else {
            c
        };
        if c == ' ' && last_space {
            continue;
        }
        last_space = c == ' ';
        if out.len() + c.len_utf8() > max_bytes {
            break;
        }
        out.push(c);
    }
    out.trim_matches(|c: char| c == ' ' || c == '.' || c == '_')
        .to_string()
}

/// Reads a quote file's bytes: refuses files over [`MAX_FILE_BYTES`] before decoding, then
/// decodes UTF-8 and goes on as [`import`].
pub fn import_bytes(file_name: &str, bytes: &[u8]) -> Result<QuoteFile, ImportError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ImportError::new(
            file_name,
            ImportErrorKind::TooLarge {
                bytes: bytes.len(),
                max: MAX_FILE_BYTES,
            },
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let before = bytes.get(..e.valid_up_to()).unwrap_or_default();
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = before.len()
            - before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| p + 1);
        ImportError::new(file_name, ImportErrorKind::NotUtf8).at_position(line, column + 1)
    })?;
    import(file_name, text)
}

/// Reads a quote file. `file_name` is only used in messages. Every refusal names the file, the
/// place and the problem; nothing here panics, whatever the text.
pub fn import(file_name: &str, text: &str) -> Result<QuoteFile, ImportError> {
    let fail = |kind| ImportError::new(file_name, kind);
    if text.len() > MAX_FILE_BYTES {
        return Err(fail(ImportErrorKind::TooLarge {
            bytes: text.len(),
            max: MAX_FILE_BYTES,
        }));
    }
    // Editors on Windows like to start UTF-8 files with a byte-order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(fail(ImportErrorKind::Empty));
    }
    // 1. JSON at all? serde_json limits nesting to 128 levels, so hostile depth is an error here,
    //    not a stack overflow.
    let value: Value =
        serde_json::from_str(text).map_err(|e| error::syntax_error(file_name, &e))?;
    // 2. A Tailor quote file at all?
    let root = match &value {
        Value::Object(map) => map,
        other => {
            return Err(fail(ImportErrorKind::Foreign(Foreign::NotAnObject {
                found: sm::json_kind(other).to_string(),
            })))
        }
    };
    match root.get("format") {
        Some(Value::String(f)) if f == FORMAT => {}
        found => {
            let format = match found {
                Some(Value::String(f)) => Some(truncate(f, 40)),
                Some(v) => Some(truncate(&v.to_string(), 40)),
                None => None,
            };
            let looks_like = if format.is_some() {
                Foreign::Other { format }
            } else if root.contains_key("offerings") || root.contains_key("families") {
                Foreign::Catalog
            } else if root.contains_key("levels") || root.contains_key("tax_classes") {
                Foreign::Policy
            } else if root.contains_key("customer") && root.contains_key("lines") {
                Foreign::BareQuote
            } else {
                Foreign::Other { format: None }
            };
            return Err(fail(ImportErrorKind::Foreign(looks_like)).at("format".into()));
        }
    }
    // 3. A version this build reads? Checked before the typed parse: a newer file may well have
    //    fields this build does not know.
    match root.get("schema_version") {
        None => {
            return Err(fail(ImportErrorKind::MissingField {
                field: "schema_version".into(),
            }))
        }
        Some(v) => match v.as_u64() {
            Some(n) => schema(n).map_err(|k| fail(k).at("schema_version".into()))?,
            None => {
                return Err(fail(ImportErrorKind::WrongType {
                    expected: "u32".into(),
                    found: sm::unexpected(v),
                })
                .at("schema_version".into()))
            }
        },
    }
    // 4. No more approvals than a quote may carry, counted before any of them is looked at; and
    //    nothing absurdly long anywhere (snapshot texts and approvals included).
    if let Some(Value::Array(approvals)) = root.get("approvals") {
        caps::check_approvals(approvals.len()).map_err(|(p, k)| fail(k).at(p))?;
    }
    let mut path = String::new();
    caps::walk(&value, &mut path).map_err(|(p, k)| fail(k).at(p))?;
    drop(value);
    // 5. The typed parse, naming the JSON path and the line and column of any failure.
    let mut de = serde_json::Deserializer::from_str(text);
    let file = QuoteFile::deserialize(&mut de).map_err(|e| {
        let mut kind: ImportErrorKind = sm::data(&e);
        if let ImportErrorKind::BadNumber { found, .. } = &mut kind {
            // Show the number as written in the file, not as serde re-formatted it.
            if let Some(literal) = sm::number_before(text, e.line(), e.column()) {
                *found = truncate(literal, 40);
            }
        }
        let mut err = fail(kind).at_position(e.line(), e.column());
        if let Some(path) = crate::json_path::of_error(text, &e) {
            err = err.at(path);
        }
        err
    })?;
    // 6. Caps on what people type, the quote's own version, and a snapshot that fits the quote.
    file.validate(file_name)?;
    Ok(file)
}

fn schema(found: u64) -> Result<(), ImportErrorKind> {
    let current = crate::SCHEMA_VERSION as u64;
    match found.cmp(&current) {
        std::cmp::Ordering::Equal => Ok(()),
        std::cmp::Ordering::Greater => Err(ImportErrorKind::NewerSchema { found }),
        std::cmp::Ordering::Less => Err(ImportErrorKind::OlderSchema { found }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleans_file_names() {
        assert_eq!(
            clean_name("a/b\\c:d*e?f\"g<h>i|j", 100),
            "a_b_c_d_e_f_g_h_i_j"
        );
        assert_eq!(clean_name("  ..x  y.. ", 100), "x y");
        assert_eq!(clean_name("evil\u{202e}nosj.exe", 100), "evil_nosj.exe");
        assert_eq!(clean_name("杭州市数据资源管理局", 9), "杭州市");
    }
}
