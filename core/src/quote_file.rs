//! The quote file: how a quote travels between people (seller → manager → branch), by mail, chat
//! or USB stick, as `<customer>-<date>.tailor.json`.
//!
//! It is a versioned JSON envelope around the quote and the priced snapshot the customer was shown
//! when it was exported. The snapshot holds the seller's internal figures (costs, margins,
//! authority), so the file is for the sales force, never for the client: the client gets the
//! proposal and the CSV of [`crate::csv`].
//!
//! Import treats the file as hostile: it is size-capped before parsing, nesting is limited by
//! serde_json's recursion limit, every string and list is capped, and every failure names the
//! file, the place (JSON path and/or line and column) and the problem, in Chinese and English.

use crate::pricing::Priced;
use crate::quote::Quote;
use crate::text::Text;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;

/// The `format` tag of every quote file.
pub const FORMAT: &str = "tailor-quote";
/// The extension of quote files.
pub const EXTENSION: &str = ".tailor.json";
/// Files larger than this are refused before parsing.
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;
/// The longest free text a person types (customer name, address, notes, competitor, reason…),
/// in characters.
pub const MAX_TEXT_CHARS: usize = 500;
/// The longest id or code (quote, line, site, offering, option, role, version, date), in
/// characters.
pub const MAX_ID_CHARS: usize = 64;
/// The most lines a quote may hold.
pub const MAX_LINES: usize = 5_000;
/// The most sites a customer may have.
pub const MAX_SITES: usize = 5_000;
/// The most contacts a customer may have.
pub const MAX_CONTACTS: usize = 100;
/// The most options a line may choose.
pub const MAX_OPTIONS: usize = 64;
/// The longest string anywhere in the file (snapshot texts, approvals), in characters.
pub const MAX_ANY_STRING_CHARS: usize = 10_000;
/// The longest list or object anywhere in the file.
pub const MAX_ANY_ITEMS: usize = 20_000;

/// A quote file: the quote, the snapshot priced when it was exported, and room for signed
/// approvals.
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
    /// Reserved for signed approvals; empty for now, kept as raw JSON so a file carrying them
    /// still opens in this build.
    #[serde(default)]
    pub approvals: Vec<Value>,
}

impl QuoteFile {
    pub fn new(quote: Quote, priced: Priced) -> Self {
        QuoteFile {
            format: FORMAT.to_string(),
            schema_version: crate::SCHEMA_VERSION,
            quote,
            priced,
            approvals: Vec::new(),
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

    /// The checks [`import`] makes after parsing: the caps on every string and list of the quote,
    /// the quote's schema version, and that the snapshot belongs to the quote. The app may call
    /// it before exporting, so it never writes a file it would refuse to open.
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
        check_quote_limits(&self.quote).map_err(|(p, k)| err(p, k))?;
        check_snapshot(&self.quote, &self.priced).map_err(|(p, k)| err(p, k))?;
        Ok(())
    }
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

fn clean_name(s: &str, max_bytes: usize) -> String {
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
        let before = &bytes[..e.valid_up_to()];
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
    let value: Value = serde_json::from_str(text).map_err(|e| syntax_error(file_name, &e))?;
    // 2. A Tailor quote file at all?
    let root = match &value {
        Value::Object(map) => map,
        other => {
            return Err(fail(ImportErrorKind::Foreign(Foreign::NotAnObject {
                found: json_kind(other).to_string(),
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
                    found: unexpected(v),
                })
                .at("schema_version".into()))
            }
        },
    }
    // 4. Nothing absurdly long anywhere (snapshot texts and approvals included).
    let mut path = String::new();
    walk_caps(&value, &mut path).map_err(|(p, k)| fail(k).at(p))?;
    drop(value);
    // 5. The typed parse, naming the JSON path and the line and column of any failure.
    let mut de = serde_json::Deserializer::from_str(text);
    let file = QuoteFile::deserialize(&mut de).map_err(|e| {
        let mut kind = data_error(&e);
        if let ImportErrorKind::BadNumber { found, .. } = &mut kind {
            // Show the number as written in the file, not as serde re-formatted it.
            if let Some(literal) = number_before(text, e.line(), e.column()) {
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

type Capped = Result<(), (String, ImportErrorKind)>;

fn walk_caps(v: &Value, path: &mut String) -> Capped {
    let here = |path: &str| {
        if path.is_empty() {
            ".".to_string()
        } else {
            path.to_string()
        }
    };
    match v {
        Value::String(s) => cap_chars(&here(path), s, MAX_ANY_STRING_CHARS),
        Value::Array(items) => {
            cap_items(&here(path), items.len(), MAX_ANY_ITEMS)?;
            for (i, item) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                walk_caps(item, path)?;
                path.truncate(len);
            }
            Ok(())
        }
        Value::Object(map) => {
            cap_items(&here(path), map.len(), MAX_ANY_ITEMS)?;
            for (k, item) in map {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(&truncate(k, MAX_ID_CHARS));
                cap_chars(path, k, MAX_ANY_STRING_CHARS)?;
                walk_caps(item, path)?;
                path.truncate(len);
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn cap_chars(path: &str, s: &str, max: usize) -> Capped {
    // Bytes bound characters from above: most strings need no counting.
    if s.len() <= max {
        return Ok(());
    }
    let found = s.chars().count();
    if found > max {
        return Err((path.to_string(), ImportErrorKind::TooLong { found, max }));
    }
    Ok(())
}

fn cap_items(path: &str, found: usize, max: usize) -> Capped {
    if found > max {
        return Err((path.to_string(), ImportErrorKind::TooMany { found, max }));
    }
    Ok(())
}

fn check_quote_limits(q: &Quote) -> Capped {
    let id = |path: &str, s: &str| cap_chars(path, s, MAX_ID_CHARS);
    let text = |path: &str, s: &str| cap_chars(path, s, MAX_TEXT_CHARS);
    id("quote.id", &q.id)?;
    id("quote.date", &q.date)?;
    id("quote.catalog_version", &q.catalog_version)?;
    id("quote.policy_version", &q.policy_version)?;
    id("quote.role", &q.role)?;
    let c = &q.customer;
    text("quote.customer.name", &c.name)?;
    id("quote.customer.uscc", &c.uscc)?;
    id("quote.customer.industry", &c.industry)?;
    cap_items("quote.customer.contacts", c.contacts.len(), MAX_CONTACTS)?;
    for (i, k) in c.contacts.iter().enumerate() {
        let p = format!("quote.customer.contacts[{i}]");
        text(&format!("{p}.name"), &k.name)?;
        text(&format!("{p}.title"), &k.title)?;
        text(&format!("{p}.phone"), &k.phone)?;
        text(&format!("{p}.email"), &k.email)?;
    }
    text("quote.customer.needs.notes", &c.needs.notes)?;
    cap_items("quote.customer.sites", c.sites.len(), MAX_SITES)?;
    for (i, s) in c.sites.iter().enumerate() {
        let p = format!("quote.customer.sites[{i}]");
        id(&format!("{p}.id"), &s.id)?;
        text(&format!("{p}.name"), &s.name)?;
        text(&format!("{p}.city"), &s.city)?;
        text(&format!("{p}.address"), &s.address)?;
    }
    text("quote.at_risk.competitor", &q.at_risk.competitor)?;
    text("quote.at_risk.reason", &q.at_risk.reason)?;
    cap_items("quote.lines", q.lines.len(), MAX_LINES)?;
    for (i, l) in q.lines.iter().enumerate() {
        let p = format!("quote.lines[{i}]");
        id(&format!("{p}.id"), &l.id)?;
        id(&format!("{p}.offering"), &l.offering)?;
        cap_items(&format!("{p}.options"), l.options.len(), MAX_OPTIONS)?;
        for (g, choice) in &l.options {
            let gp = format!("{p}.options.{}", truncate(g, MAX_ID_CHARS));
            id(&gp, g)?;
            id(&gp, choice)?;
        }
        if let Some(site) = &l.site {
            id(&format!("{p}.site"), site)?;
        }
    }
    Ok(())
}

fn check_snapshot(q: &Quote, p: &Priced) -> Capped {
    let mismatch = |path: &str, zh: String, en: String| {
        Err((
            path.to_string(),
            ImportErrorKind::Mismatch(Text::new(zh, en)),
        ))
    };
    if p.lines.len() != q.lines.len() {
        return mismatch(
            "priced.lines",
            format!(
                "报价快照有 {} 行，方案有 {} 行",
                p.lines.len(),
                q.lines.len()
            ),
            format!(
                "the priced snapshot has {} lines but the quote has {}",
                p.lines.len(),
                q.lines.len()
            ),
        );
    }
    for (i, (pl, ql)) in p.lines.iter().zip(&q.lines).enumerate() {
        if pl.line_id != ql.id {
            return mismatch(
                &format!("priced.lines[{i}].line_id"),
                format!(
                    "报价快照第 {} 行是「{}」，方案第 {} 行是「{}」",
                    i + 1,
                    truncate(&pl.line_id, MAX_ID_CHARS),
                    i + 1,
                    truncate(&ql.id, MAX_ID_CHARS)
                ),
                format!(
                    "line {} of the priced snapshot is '{}' but line {} of the quote is '{}'",
                    i + 1,
                    truncate(&pl.line_id, MAX_ID_CHARS),
                    i + 1,
                    truncate(&ql.id, MAX_ID_CHARS)
                ),
            );
        }
    }
    if p.term_months != q.term_months {
        return mismatch(
            "priced.term_months",
            format!(
                "报价快照的合同期是 {} 个月，方案是 {} 个月",
                p.term_months, q.term_months
            ),
            format!(
                "the priced snapshot's term is {} months but the quote's is {}",
                p.term_months, q.term_months
            ),
        );
    }
    Ok(())
}

/// Why a quote file was refused, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError {
    /// The file's name as given to [`import`].
    pub file: String,
    /// The JSON path of the problem, e.g. `quote.lines[3].quantity`.
    pub path: Option<String>,
    /// The line and column (1-based) of the problem in the file's text.
    pub position: Option<Position>,
    pub kind: ImportErrorKind,
}

/// A line and column in a file's text, both 1-based.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

/// What is wrong with a refused quote file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportErrorKind {
    /// Larger than [`MAX_FILE_BYTES`]; refused before parsing.
    TooLarge {
        bytes: usize,
        max: usize,
    },
    /// The bytes are not UTF-8 text.
    NotUtf8,
    /// Nothing but whitespace.
    Empty,
    /// The JSON ends too early: a truncated download or copy.
    Truncated,
    /// Not JSON: the parser's own words.
    NotJson {
        detail: String,
    },
    /// Nested more than 128 levels deep.
    TooDeep,
    /// A number too large for any JSON number this build reads (e.g. `1e400`).
    NumberTooLarge,
    /// Valid JSON, but not a Tailor quote file.
    Foreign(Foreign),
    /// Made by a newer Tailor.
    NewerSchema {
        found: u64,
    },
    /// An older format version this build does not know.
    OlderSchema {
        found: u64,
    },
    MissingField {
        field: String,
    },
    UnknownField {
        field: String,
    },
    /// A value of the wrong JSON type. `expected` and `found` are in serde's words (`u32`,
    /// `a string`, `struct Customer`; `string "10"`, `map`); [`ImportError::problem`] puts them
    /// into both languages.
    WrongType {
        expected: String,
        found: String,
    },
    /// A number that does not fit its field (negative, too large, or not whole): the field's
    /// type in serde's words (`u32`, `i64`) and the number as written in the file.
    BadNumber {
        expected: String,
        found: String,
    },
    /// Any other value the field does not accept (an unknown variant, a wrong-length list…).
    Invalid {
        detail: String,
    },
    /// A string longer than its cap, in characters.
    TooLong {
        found: usize,
        max: usize,
    },
    /// A list or object with more entries than its cap.
    TooMany {
        found: usize,
        max: usize,
    },
    /// The priced snapshot does not belong to the quote (lines or term differ).
    Mismatch(Text),
}

/// What a foreign file looks like.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Foreign {
    /// The top level is a list, a string, a number…
    NotAnObject { found: String },
    /// A product catalog (`catalog.json`).
    Catalog,
    /// A discount policy (`policy.json`).
    Policy,
    /// A bare quote, without the quote file's envelope.
    BareQuote,
    /// Any other object, with its `format` if it has one.
    Other { format: Option<String> },
}

impl ImportError {
    pub fn new(file: &str, kind: ImportErrorKind) -> Self {
        ImportError {
            file: truncate(file, 100),
            path: None,
            position: None,
            kind,
        }
    }

    fn at(mut self, path: String) -> Self {
        self.path = Some(path);
        self
    }

    fn at_position(mut self, line: usize, column: usize) -> Self {
        if line > 0 {
            let fit = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
            self.position = Some(Position {
                line: fit(line),
                column: fit(column),
            });
        }
        self
    }

    /// Where in the file, e.g. `quote.lines[3].quantity（第 12 行第 20 列）`; empty when the
    /// problem is the whole file.
    pub fn place(&self) -> Text {
        let pos = self.position.map(|p| {
            Text::new(
                format!("第 {} 行第 {} 列", p.line, p.column),
                format!("line {}, column {}", p.line, p.column),
            )
        });
        match (&self.path, pos) {
            (Some(path), Some(pos)) => Text::new(
                format!("{path}（{}）", pos.zh),
                format!("{path} ({})", pos.en),
            ),
            (Some(path), None) => Text::new(path.clone(), path.clone()),
            (None, Some(pos)) => pos,
            (None, None) => Text::default(),
        }
    }

    /// The problem alone, without the file and place.
    pub fn problem(&self) -> Text {
        use ImportErrorKind as K;
        let cur = crate::SCHEMA_VERSION;
        match &self.kind {
            K::TooLarge { bytes, max } => Text::new(
                format!(
                    "文件过大（{}），方案文件最大 {}",
                    megabytes(*bytes),
                    megabytes(*max)
                ),
                format!(
                    "the file is too large ({}); a quote file is at most {}",
                    megabytes(*bytes),
                    megabytes(*max)
                ),
            ),
            K::NotUtf8 => Text::new(
                "不是 UTF-8 文本，不是 Tailor 方案文件",
                "not UTF-8 text, so not a Tailor quote file",
            ),
            K::Empty => Text::new("文件是空的", "the file is empty"),
            K::Truncated => Text::new(
                "文件不完整（内容中途结束），可能没有下载或复制完整",
                "the file ends too early (it is truncated); it may not have been downloaded or copied completely",
            ),
            K::NotJson { detail } => Text::new(
                format!("不是有效的 JSON（{detail}）"),
                format!("not valid JSON ({detail})"),
            ),
            K::TooDeep => Text::new(
                "嵌套层数过深（超过 128 层），不是 Tailor 方案文件",
                "nested too deeply (more than 128 levels); not a Tailor quote file",
            ),
            K::NumberTooLarge => Text::new("数字过大，超出范围", "a number is too large"),
            K::Foreign(f) => foreign_text(f),
            K::NewerSchema { found } => Text::new(
                format!(
                    "该文件由更新版本的 Tailor 制作（格式版本 {found}，本应用读取版本 {cur}），请更新应用后再打开"
                ),
                format!(
                    "made by a newer Tailor (schema_version {found}; this app reads {cur}); update the app to open it"
                ),
            ),
            K::OlderSchema { found } => Text::new(
                format!("未知的旧格式版本 {found}（本应用读取版本 {cur}）"),
                format!("unknown older schema_version {found}; this app reads schema_version {cur}"),
            ),
            K::MissingField { field } => Text::new(
                format!("缺少字段“{field}”"),
                format!("missing field '{field}'"),
            ),
            K::UnknownField { field } => Text::new(
                format!("未知字段“{field}”"),
                format!("unknown field '{field}'"),
            ),
            K::WrongType { expected, found } => {
                let (expected, found) = (expected_text(expected), found_text(found));
                Text::new(
                    format!("类型错误：应为{}，实际为{}", expected.zh, found.zh),
                    format!("wrong type: expected {}, found {}", expected.en, found.en),
                )
            }
            K::BadNumber { expected, found } => {
                let expected = expected_text(expected);
                Text::new(
                    format!("数值超出范围：应为{}，实际为 {found}", expected.zh),
                    format!("number out of range: expected {}, found {found}", expected.en),
                )
            }
            K::Invalid { detail } => Text::new(
                format!("取值无效（{detail}）"),
                format!("invalid value ({detail})"),
            ),
            K::TooLong { found, max } => Text::new(
                format!("文本过长（{found} 个字符，最多 {max} 个）"),
                format!("text too long ({found} characters; at most {max})"),
            ),
            K::TooMany { found, max } => Text::new(
                format!("条目过多（{found} 项，最多 {max} 项）"),
                format!("too many entries ({found}; at most {max})"),
            ),
            K::Mismatch(t) => Text::new(
                format!("报价快照与方案不一致：{}", t.zh),
                format!("the priced snapshot does not match the quote: {}", t.en),
            ),
        }
    }

    /// The whole message: file, place and problem, e.g.
    /// `无法打开「x.tailor.json」：quote.lines[0].quantity（第 12 行第 20 列）：数值超出范围…`.
    pub fn message(&self) -> Text {
        let place = self.place();
        let problem = self.problem();
        let file = &self.file;
        if place.zh.is_empty() {
            Text::new(
                format!("无法打开「{file}」：{}", problem.zh),
                format!("Cannot open '{file}': {}", problem.en),
            )
        } else {
            Text::new(
                format!("无法打开「{file}」：{}：{}", place.zh, problem.zh),
                format!("Cannot open '{file}': {}: {}", place.en, problem.en),
            )
        }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message().en)
    }
}

impl std::error::Error for ImportError {}

fn foreign_text(f: &Foreign) -> Text {
    let tail = (
        "不是 Tailor 方案文件（应为 format 为 \"tailor-quote\" 的 .tailor.json 文件）",
        "not a Tailor quote file (a .tailor.json file with format \"tailor-quote\")",
    );
    match f {
        Foreign::NotAnObject { found } => Text::new(
            format!("顶层是{}，{}", kind_zh(found), tail.0),
            format!("the top level is {found}; {}", tail.1),
        ),
        Foreign::Catalog => Text::new(
            format!("这是产品目录文件（catalog.json），{}", tail.0),
            format!("this is a product catalog (catalog.json), {}", tail.1),
        ),
        Foreign::Policy => Text::new(
            format!("这是折扣政策文件（policy.json），{}", tail.0),
            format!("this is a discount policy (policy.json), {}", tail.1),
        ),
        Foreign::BareQuote => Text::new(
            format!("这是未封装的报价数据，缺少 format 字段，{}", tail.0),
            format!(
                "this is a bare quote without the file's \"format\", {}",
                tail.1
            ),
        ),
        Foreign::Other { format: Some(fmt) } => Text::new(
            format!("format 为 {fmt}，{}", tail.0),
            format!("its format is {fmt}, {}", tail.1),
        ),
        Foreign::Other { format: None } => Text::new(
            format!("缺少 format 字段，{}", tail.0),
            format!("it has no \"format\", {}", tail.1),
        ),
    }
}

fn megabytes(bytes: usize) -> String {
    let tenths = (bytes as u64 * 10).div_ceil(1024 * 1024);
    format!("{}.{} MB", tenths / 10, tenths % 10)
}

fn truncate(s: &str, max_chars: usize) -> String {
    match s.char_indices().nth(max_chars) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn kind_zh(en: &str) -> &'static str {
    match en {
        "null" => " null",
        "a boolean" => "布尔值",
        "a number" => "数字",
        "a string" => "文本",
        "a list" => "列表",
        _ => "对象",
    }
}

/// A JSON value in serde's words, for [`found_text`].
fn unexpected(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("boolean `{b}`"),
        Value::Number(n) if n.is_f64() => format!("floating point `{n}`"),
        Value::Number(n) => format!("integer `{n}`"),
        Value::String(s) => format!("string {:?}", truncate(s, 40)),
        Value::Array(_) => "sequence".into(),
        Value::Object(_) => "map".into(),
    }
}

/// serde_json's message without its ` at line L column C` tail.
fn bare_message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let tail = format!(" at line {} column {}", e.line(), e.column());
    full.strip_suffix(&tail).unwrap_or(&full).to_string()
}

fn syntax_error(file: &str, e: &serde_json::Error) -> ImportError {
    let msg = bare_message(e);
    let kind = if e.is_eof() {
        ImportErrorKind::Truncated
    } else if msg.starts_with("recursion limit exceeded") {
        ImportErrorKind::TooDeep
    } else if msg.starts_with("number out of range") {
        ImportErrorKind::NumberTooLarge
    } else {
        ImportErrorKind::NotJson {
            detail: truncate(&msg, 200),
        }
    };
    ImportError::new(file, kind).at_position(e.line(), e.column())
}

/// The number literal ending at `line`, `column` (1-based, the column counting bytes, as
/// serde_json reports the position just after a value it rejected).
fn number_before(text: &str, line: usize, column: usize) -> Option<&str> {
    let start = if line <= 1 {
        0
    } else {
        text.match_indices('\n').nth(line - 2)?.0 + 1
    };
    let end = start.checked_add(column)?;
    let bytes = text.as_bytes().get(start..end)?;
    let is_num = |b: &u8| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E');
    let len = bytes.iter().rev().take_while(|b| is_num(b)).count();
    let literal = text.get(end - len..end)?;
    literal
        .bytes()
        .any(|b| b.is_ascii_digit())
        .then_some(literal)
}

fn between<'a>(s: &'a str, open: &str, close: char) -> Option<&'a str> {
    let rest = s.strip_prefix(open)?;
    rest.find(close).map(|end| &rest[..end])
}

fn is_integer_type(expected: &str) -> bool {
    matches!(
        expected,
        "u8" | "u16"
            | "u32"
            | "u64"
            | "u128"
            | "usize"
            | "i8"
            | "i16"
            | "i32"
            | "i64"
            | "i128"
            | "isize"
    )
}

/// Turns a serde data error into a kind with words in both languages.
fn data_error(e: &serde_json::Error) -> ImportErrorKind {
    let msg = bare_message(e);
    if let Some(field) = between(&msg, "missing field `", '`') {
        return ImportErrorKind::MissingField {
            field: truncate(field, MAX_ID_CHARS),
        };
    }
    if let Some(field) = between(&msg, "unknown field `", '`') {
        return ImportErrorKind::UnknownField {
            field: truncate(field, MAX_ID_CHARS),
        };
    }
    for (prefix, is_type) in [("invalid type: ", true), ("invalid value: ", false)] {
        let Some(rest) = msg.strip_prefix(prefix) else {
            continue;
        };
        let Some(split) = rest.rfind(", expected ") else {
            continue;
        };
        let (found, expected) = (&rest[..split], &rest[split + ", expected ".len()..]);
        let numeric = found.starts_with("integer") || found.starts_with("floating point");
        if numeric && is_integer_type(expected) {
            let shown = between(found, "integer `", '`')
                .or_else(|| between(found, "floating point `", '`'))
                .unwrap_or(found);
            return ImportErrorKind::BadNumber {
                expected: truncate(expected, 40),
                found: truncate(shown, 40),
            };
        }
        if is_type {
            return ImportErrorKind::WrongType {
                expected: truncate(expected, 60),
                found: truncate(found, 60),
            };
        }
    }
    ImportErrorKind::Invalid {
        detail: truncate(&msg, 200),
    }
}

fn expected_text(expected: &str) -> Text {
    let whole = |min: &str, max: &str| {
        Text::new(
            format!(" {min} 到 {max} 之间的整数"),
            format!("a whole number from {min} to {max}"),
        )
    };
    match expected {
        "u8" => whole("0", "255"),
        "u16" => whole("0", "65535"),
        "u32" => whole("0", "4294967295"),
        "u64" | "usize" => whole("0", "18446744073709551615"),
        "i32" => whole("-2147483648", "2147483647"),
        "i64" | "isize" => whole("-9223372036854775808", "9223372036854775807"),
        "a string" => Text::new("文本（字符串）", "text (a string)"),
        "a boolean" => Text::new(" true 或 false", "true or false"),
        "a sequence" => Text::new("列表（数组）", "a list (array)"),
        e if e.starts_with("struct ") || e == "a map" || e.starts_with("internally tagged") => {
            Text::new("对象", "an object")
        }
        other => Text::new(format!(" {other}"), other.to_string()),
    }
}

fn found_text(found: &str) -> Text {
    let found = truncate(found, 60);
    let (zh, en) = if found == "null" || found == "unit value" {
        (" null".to_string(), "null".to_string())
    } else if found == "sequence" {
        ("列表".to_string(), "a list".to_string())
    } else if found == "map" {
        ("对象".to_string(), "an object".to_string())
    } else if let Some(v) = between(&found, "integer `", '`') {
        (format!("整数 {v}"), format!("the integer {v}"))
    } else if let Some(v) = between(&found, "floating point `", '`') {
        (format!("小数 {v}"), format!("the number {v}"))
    } else if let Some(v) = between(&found, "boolean `", '`') {
        (format!(" {v}"), v.to_string())
    } else if let Some(v) = found.strip_prefix("string ") {
        (format!("文本 {v}"), format!("the text {v}"))
    } else {
        (format!(" {found}"), found.clone())
    };
    Text::new(zh, en)
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

    #[test]
    fn strips_serde_location() {
        let e = serde_json::from_str::<u32>("-1").unwrap_err();
        assert_eq!(
            bare_message(&e),
            "invalid value: integer `-1`, expected u32"
        );
    }

    #[test]
    fn megabytes_round_up() {
        assert_eq!(megabytes(5 * 1024 * 1024), "5.0 MB");
        assert_eq!(megabytes(10 * 1024 * 1024 + 1), "10.1 MB");
    }
}
