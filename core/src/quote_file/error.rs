//! Why a quote file was refused and where: [`ImportError`] names the file, the place (JSON path
//! and/or line and column) and the problem, and words all three in Chinese and English.

use crate::serde_message::{self as sm, truncate};
use crate::text::Text;
use std::fmt;

/// Why a quote file was refused, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError {
    /// The file's name as given to [`super::import`].
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
    /// Larger than [`super::MAX_FILE_BYTES`]; refused before parsing.
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

    pub(super) fn at(mut self, path: String) -> Self {
        self.path = Some(path);
        self
    }

    pub(super) fn at_position(mut self, line: usize, column: usize) -> Self {
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
            K::TooLarge { bytes, max } => crate::limits::Limit {
                max_bytes: *max,
                ..crate::limits::QUOTE_FILE
            }
            .problem(*bytes),
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
                let (expected, found) = (sm::expected_text(expected), sm::found_text(found));
                Text::new(
                    format!("类型错误：应为{}，实际为{}", expected.zh, found.zh),
                    format!("wrong type: expected {}, found {}", expected.en, found.en),
                )
            }
            K::BadNumber { expected, found } => {
                let expected = sm::expected_text(expected);
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
        if place.zh.is_empty() {
            return crate::limits::cannot_open(&self.file, &problem);
        }
        let here = Text::new(
            format!("{}：{}", place.zh, problem.zh),
            format!("{}: {}", place.en, problem.en),
        );
        crate::limits::cannot_open(&self.file, &here)
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
            format!("顶层是{}，{}", sm::kind_zh(found), tail.0),
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

/// The refusal of a text that is not JSON at all, at the parser's line and column.
pub(super) fn syntax_error(file: &str, e: &serde_json::Error) -> ImportError {
    ImportError::new(file, sm::syntax(e)).at_position(e.line(), e.column())
}

impl sm::Problem for ImportErrorKind {
    fn truncated() -> Self {
        ImportErrorKind::Truncated
    }
    fn too_deep() -> Self {
        ImportErrorKind::TooDeep
    }
    fn number_too_large() -> Self {
        ImportErrorKind::NumberTooLarge
    }
    fn not_json(detail: String) -> Self {
        ImportErrorKind::NotJson { detail }
    }
    fn missing_field(field: String) -> Self {
        ImportErrorKind::MissingField { field }
    }
    fn unknown_field(field: String) -> Self {
        ImportErrorKind::UnknownField { field }
    }
    fn wrong_type(expected: String, found: String) -> Self {
        ImportErrorKind::WrongType { expected, found }
    }
    fn bad_number(expected: String, found: String) -> Self {
        ImportErrorKind::BadNumber { expected, found }
    }
    fn invalid(detail: String) -> Self {
        ImportErrorKind::Invalid { detail }
    }
}
