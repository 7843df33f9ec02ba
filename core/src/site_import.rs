//! The customer's site list from a spreadsheet (PRODUCT.md "Sites at scale"): the bytes of a CSV
//! file decoded ([`decode`]) and split into rows ([`read_csv`]), or the rows an XLSX reader
//! elsewhere read ([`read_rows`]); the columns mapped to site fields, guessed from the headers in
//! Chinese or English and overridable ([`guess`], [`preview`]); every row checked and compared
//! with the quote's sites ([`plan`]: new, updated, unchanged and every bad row with its row,
//! column and problem in both languages); nothing changes until the seller confirms and the app
//! calls [`apply`]. Sites are matched by name, so importing the same list again changes nothing.
//!
//! Encodings: a list is UTF-8 (with or without a byte order mark) or GBK, as Excel in China saves
//! CSV. The core carries no GBK table (it would add some 100 KB to the app for one file format):
//! [`decode`] says when the bytes are not UTF-8, and the app decodes them with the browser's own
//! `new TextDecoder("gbk", { fatal: true })`, then hands the text to [`read_csv`] (or, when that
//! fails too, shows [`undecodable`]).
//!
//! The file's size cap is [`limits::SITE_LIST`]; at most [`limits::MAX_SITES`] rows are read.

use crate::catalog::Catalog;
use crate::limits::{self, MAX_SITES};
use crate::quote::{Quote, Site};
use crate::serde_message::truncate;
use crate::text::Text;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The longest text of a site field, in characters (a quote file's free-text cap).
pub const MAX_FIELD_CHARS: usize = 500;
/// The most columns read of a row; cells beyond are ignored (no site list has that many fields).
pub const MAX_COLUMNS: usize = 64;
/// The most characters of a cell a message repeats.
const ECHO_CHARS: usize = 40;
/// How many rows a preview shows.
pub const PREVIEW_ROWS: usize = 5;

/// The encoding the app believes a file has (from its own guess or the seller's choice).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Encoding {
    Utf8,
    Gbk,
}

/// What a file's bytes turned out to be.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decoded {
    /// UTF-8 text, without its byte order mark.
    Text(String),
    /// Not UTF-8 (or declared GBK): decode the bytes as GBK in the browser and call
    /// [`read_csv`] with the text.
    Gbk,
}

/// Decodes the bytes of the site list `file_name`, believed to be in `guess`: UTF-8 text when
/// they are (a UTF-8 byte order mark settles it, and is dropped), else [`Decoded::Gbk`]. A file
/// larger than [`limits::SITE_LIST`] is refused before anything is read.
pub fn decode(file_name: &str, bytes: &[u8], guess: Encoding) -> Result<Decoded, Text> {
    if !limits::SITE_LIST.allows(bytes.len()) {
        return Err(limits::too_large(
            file_name,
            bytes.len(),
            &limits::SITE_LIST,
        ));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return match std::str::from_utf8(rest) {
            Ok(text) => Ok(Decoded::Text(text.to_string())),
            Err(e) => Err(limits::cannot_open(
                file_name,
                &Text::new(
                    format!(
                        "文件标明为 UTF-8，但第 {} 个字节起不是 UTF-8 文字",
                        e.valid_up_to() + 4
                    ),
                    format!(
                        "the file is marked as UTF-8 but is not UTF-8 text from byte {} on",
                        e.valid_up_to() + 4
                    ),
                ),
            )),
        };
    }
    match (guess, std::str::from_utf8(bytes)) {
        (Encoding::Utf8, Ok(text)) => Ok(Decoded::Text(text.to_string())),
        // ASCII reads the same in both.
        (Encoding::Gbk, Ok(text)) if text.is_ascii() => Ok(Decoded::Text(text.to_string())),
        _ => Ok(Decoded::Gbk),
    }
}

/// The refusal of a file that is neither UTF-8 nor GBK (the browser's GBK decoder failed).
pub fn undecodable(file_name: &str) -> Text {
    limits::cannot_open(
        file_name,
        &Text::new(
            "文件既不是 UTF-8 也不是 GBK 编码的文字，请在 Excel 中另存为“CSV UTF-8”",
            "the file is neither UTF-8 nor GBK text; save it from Excel as \"CSV UTF-8\"",
        ),
    )
}

/// A site list read into rows: the header row and the rows after it, blank rows left out.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
    /// The row after the last one read, when the list has more than [`MAX_SITES`] rows of sites
    /// (the rest is not read).
    pub cut_at: Option<usize>,
}

/// One row of a site list, with its row number in the spreadsheet (the header is row 1; a line
/// break inside a quoted field does not start a row).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    pub number: usize,
    pub cells: Vec<String>,
}

/// Splits CSV text (RFC 4180: fields separated by commas, records by CRLF or LF; a field in
/// double quotes may hold commas, line breaks and `""` for a quote) into a [`Table`]. A quoted
/// field left open, or text after a closing quote, is refused with its row and column.
pub fn read_csv(file_name: &str, text: &str) -> Result<Table, Text> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut rows = Rows::default();
    let mut record: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut number = 1;
    let mut chars = text.chars().peekable();
    let refuse = |row: usize, column: usize, zh: &str, en: &str| {
        Err(limits::cannot_open(
            file_name,
            &Text::new(
                format!("第 {row} 行 {} 列：{zh}", letter(column)),
                format!("row {row}, column {}: {en}", letter(column)),
            ),
        ))
    };
    loop {
        let column = record.len() + 1;
        // One field.
        if chars.peek() == Some(&'"') {
            chars.next();
            loop {
                match chars.next() {
                    None => {
                        return refuse(
                            number,
                            column,
                            "引号内的内容没有结束（缺少右引号）",
                            "a quoted field is never closed",
                        )
                    }
                    Some('"') if chars.peek() == Some(&'"') => {
                        chars.next();
                        field.push('"');
                    }
                    Some('"') => break,
                    Some(c) => field.push(c),
                }
            }
            if !matches!(chars.peek(), None | Some(',' | '\r' | '\n')) {
                return refuse(
                    number,
                    column,
                    "右引号后还有文字（引号内的引号须写成两个引号）",
                    "text follows a closing quote (a quote inside quotes is written twice)",
                );
            }
        } else {
            while let Some(&c) = chars.peek() {
                if matches!(c, ',' | '\r' | '\n') {
                    break;
                }
                field.push(c);
                chars.next();
            }
        }
        if record.len() < MAX_COLUMNS {
            record.push(std::mem::take(&mut field));
        } else {
            field.clear();
        }
        // What ends the field: a comma, a line break (CRLF, LF or CR) or the end.
        match chars.next() {
            Some(',') => {}
            Some(c) => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                if rows.push(number, std::mem::take(&mut record)) {
                    break;
                }
                number += 1;
            }
            None => {
                rows.push(number, std::mem::take(&mut record));
                break;
            }
        }
    }
    Ok(rows.table())
}

/// Takes the rows an XLSX reader read (the first sheet, cells as text, the header first) through
/// the same caps as a CSV file: blank rows left out, at most [`MAX_COLUMNS`] cells a row and
/// [`MAX_SITES`] rows of sites. Row numbers are the rows' places in `rows`, from 1.
pub fn read_rows(rows: Vec<Vec<String>>) -> Table {
    let mut out = Rows::default();
    for (i, mut cells) in rows.into_iter().enumerate() {
        cells.truncate(MAX_COLUMNS);
        if out.push(i + 1, cells) {
            break;
        }
    }
    out.table()
}

/// Rows as they are read: the header, the rows of sites, and where reading stopped.
#[derive(Default)]
struct Rows {
    headers: Option<Vec<String>>,
    rows: Vec<Row>,
    cut_at: Option<usize>,
}

impl Rows {
    /// Adds row `number` unless it is blank; true when the cap is reached and reading stops.
    fn push(&mut self, number: usize, cells: Vec<String>) -> bool {
        if cells.iter().all(|c| c.trim().is_empty()) {
            return false;
        }
        if self.headers.is_none() {
            self.headers = Some(cells);
        } else if self.rows.len() == MAX_SITES {
            self.cut_at = Some(number);
            return true;
        } else {
            self.rows.push(Row { number, cells });
        }
        false
    }

    fn table(self) -> Table {
        Table {
            headers: self.headers.unwrap_or_default(),
            rows: self.rows,
            cut_at: self.cut_at,
        }
    }
}

/// A site field a column can fill.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Name,
    City,
    District,
    Address,
    SiteType,
    Contact,
}

impl Field {
    pub const ALL: [Field; 6] = [
        Field::Name,
        Field::City,
        Field::District,
        Field::Address,
        Field::SiteType,
        Field::Contact,
    ];

    pub fn text(self) -> Text {
        let (zh, en) = match self {
            Field::Name => ("名称", "name"),
            Field::City => ("城市", "city"),
            Field::District => ("区县", "district"),
            Field::Address => ("地址", "address"),
            Field::SiteType => ("网点类型", "site type"),
            Field::Contact => ("联系人", "contact"),
        };
        Text::new(zh, en)
    }

    /// The headers (lower case, without spaces, `_`, `-` or `*`) that name this field.
    fn headers(self) -> &'static [&'static str] {
        match self {
            Field::Name => &[
                "名称",
                "网点名称",
                "站点名称",
                "网点",
                "站点",
                "机构名称",
                "name",
                "sitename",
                "site",
            ],
            Field::City => &["城市", "所在城市", "地市", "市", "city"],
            Field::District => &["区县", "区/县", "区", "县", "district", "county"],
            Field::Address => &["地址", "详细地址", "网点地址", "站点地址", "address"],
            Field::SiteType => &[
                "类型",
                "网点类型",
                "站点类型",
                "机构类型",
                "type",
                "sitetype",
            ],
            Field::Contact => &["联系人", "负责人", "contact", "contactperson"],
        }
    }
}

/// Which field each column of the list fills (none: the column is not read).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapping {
    pub columns: Vec<Option<Field>>,
}

impl Mapping {
    /// The column filling `field`, if one does.
    pub fn column(&self, field: Field) -> Option<usize> {
        self.columns.iter().position(|c| *c == Some(field))
    }
}

/// The mapping the headers suggest: each field from the first column whose header names it.
pub fn guess(headers: &[String]) -> Mapping {
    let mut columns = vec![None; headers.len()];
    for field in Field::ALL {
        let found = headers.iter().enumerate().position(|(i, h)| {
            columns[i].is_none() && field.headers().contains(&normal(h).as_str())
        });
        if let Some(i) = found {
            columns[i] = Some(field);
        }
    }
    Mapping { columns }
}

/// A header as [`Field::headers`] spells them.
fn normal(header: &str) -> String {
    header
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-' | '*' | '＊'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// What the seller sees before mapping: the headers, the guessed mapping, the first rows and how
/// many there are, and the required fields no column fills.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preview {
    pub headers: Vec<String>,
    pub mapping: Mapping,
    pub first_rows: Vec<Row>,
    pub rows: usize,
    pub unmapped_required: Vec<Field>,
}

pub fn preview(table: &Table) -> Preview {
    let mapping = guess(&table.headers);
    let unmapped_required = [Field::Name]
        .into_iter()
        .filter(|f| mapping.column(*f).is_none())
        .collect();
    Preview {
        headers: table.headers.clone(),
        first_rows: table.rows.iter().take(PREVIEW_ROWS).cloned().collect(),
        rows: table.rows.len(),
        mapping,
        unmapped_required,
    }
}

/// A bad row: where (the row, and the column when one cell is at fault) and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    /// The row number in the spreadsheet (the header is row 1).
    pub row: usize,
    /// The column, from 1 (`A`), when one cell is at fault.
    pub column: Option<usize>,
    pub field: Option<Field>,
    /// The problem with its place: `第 3 行 B 列（名称）：名称为空`.
    pub message: Text,
}

/// What importing a list would do to the quote's sites; nothing changes until [`apply`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    /// Sites to add (ids are given by [`apply`]).
    pub new: Vec<Site>,
    /// Sites of the quote, matched by name, with the list's values.
    pub updated: Vec<Site>,
    /// Sites of the quote the list names with the same values.
    pub unchanged: usize,
    pub errors: Vec<RowError>,
}

/// Checks every row of `table` under `mapping` and compares it with the quote's sites (matched
/// by name). A mapping without a name column, or filling one field from two columns, is refused.
pub fn plan(
    catalog: &Catalog,
    quote: &Quote,
    table: &Table,
    mapping: &Mapping,
) -> Result<Plan, Text> {
    let Some(name_at) = mapping.column(Field::Name) else {
        return Err(Text::new(
            "请指定哪一列是网点名称",
            "Choose the column that holds the site names",
        ));
    };
    if let Some(field) = Field::ALL
        .into_iter()
        .find(|f| mapping.columns.iter().filter(|c| **c == Some(*f)).count() > 1)
    {
        let t = field.text();
        return Err(Text::new(
            format!("「{}」只能由一列填写", t.zh),
            format!("Only one column can fill the {}", t.en),
        ));
    }
    let existing: BTreeMap<&str, &Site> = quote
        .customer
        .sites
        .iter()
        .rev()
        .map(|s| (s.name.as_str(), s))
        .collect();
    let mut plan = Plan::default();
    let mut first_row: BTreeMap<String, usize> = BTreeMap::new();
    let mut count = quote.customer.sites.len();
    for row in &table.rows {
        let mut bad = Vec::new();
        let header = |column: usize| table.headers.get(column).map_or("", String::as_str);
        let place = |column: Option<usize>| match column {
            Some(c) => {
                let h = header(c);
                (
                    format!("第 {} 行 {} 列（{h}）", row.number, letter(c + 1)),
                    format!("Row {}, column {} ({h})", row.number, letter(c + 1)),
                )
            }
            None => (
                format!("第 {} 行", row.number),
                format!("Row {}", row.number),
            ),
        };
        let error = |column: Option<usize>, field: Option<Field>, zh: String, en: String| {
            let (pz, pe) = place(column);
            RowError {
                row: row.number,
                column: column.map(|c| c + 1),
                field,
                message: Text::new(format!("{pz}：{zh}"), format!("{pe}: {en}")),
            }
        };
        let cell = |field: Field| {
            mapping
                .column(field)
                .and_then(|c| row.cells.get(c))
                .map_or("", |v| v.trim())
        };
        for field in Field::ALL {
            let found = cell(field).chars().count();
            if found > MAX_FIELD_CHARS {
                let t = field.text();
                bad.push(error(
                    mapping.column(field),
                    Some(field),
                    format!("{}过长（{found} 个字符，最多 {MAX_FIELD_CHARS} 个）", t.zh),
                    format!(
                        "the {} is too long ({found} characters, at most {MAX_FIELD_CHARS})",
                        t.en
                    ),
                ));
            }
        }
        let name = cell(Field::Name);
        if name.is_empty() {
            bad.push(error(
                Some(name_at),
                Some(Field::Name),
                "网点名称为空".into(),
                "the site name is empty".into(),
            ));
        } else if let Some(first) = first_row.get(name) {
            let name = truncate(name, ECHO_CHARS);
            bad.push(error(
                Some(name_at),
                Some(Field::Name),
                format!("名称「{name}」与第 {first} 行重复"),
                format!("the name '{name}' is already on row {first}"),
            ));
        } else {
            first_row.insert(name.to_string(), row.number);
        }
        let typed = cell(Field::SiteType);
        let site_type = if typed.is_empty() {
            Some(String::new())
        } else {
            site_type_of(catalog, typed)
        };
        if site_type.is_none() {
            let typed = truncate(typed, ECHO_CHARS);
            let known: Vec<&str> = catalog
                .site_types
                .iter()
                .map(|t| t.name.zh.as_str())
                .collect();
            let known_en: Vec<&str> = catalog
                .site_types
                .iter()
                .map(|t| t.name.en.as_str())
                .collect();
            bad.push(error(
                mapping.column(Field::SiteType),
                Some(Field::SiteType),
                format!("网点类型「{typed}」不存在（可选：{}）", known.join("、")),
                format!(
                    "there is no site type '{typed}' (the types are {})",
                    known_en.join(", ")
                ),
            ));
        }
        let old = existing.get(name);
        if bad.is_empty() && old.is_none() && count >= MAX_SITES {
            bad.push(error(
                None,
                None,
                format!("网点数超过上限 {MAX_SITES} 个，此行未导入"),
                format!("more than {MAX_SITES} sites: this row is not imported"),
            ));
        }
        if !bad.is_empty() {
            plan.errors.extend(bad);
            continue;
        }
        let value = |field: Field, was: &str| {
            if mapping.column(field).is_some() {
                cell(field).to_string()
            } else {
                was.to_string()
            }
        };
        let base = old.map_or_else(Site::default, |s| (*s).clone());
        let site = Site {
            name: name.to_string(),
            city: value(Field::City, &base.city),
            district: value(Field::District, &base.district),
            address: value(Field::Address, &base.address),
            site_type: match mapping.column(Field::SiteType) {
                Some(_) => site_type.unwrap_or_default(),
                None => base.site_type.clone(),
            },
            contact: value(Field::Contact, &base.contact),
            ..base.clone()
        };
        match old {
            Some(_) if site == base => plan.unchanged += 1,
            Some(_) => plan.updated.push(site),
            None => {
                count += 1;
                plan.new.push(site);
            }
        }
    }
    if let Some(row) = table.cut_at {
        plan.errors.push(RowError {
            row,
            column: None,
            field: None,
            message: Text::new(
                format!("第 {row} 行起：清单超过 {MAX_SITES} 个网点，其后各行未读取"),
                format!(
                    "Row {row} on: the list has more than {MAX_SITES} sites; the rest is not read"
                ),
            ),
        });
    }
    Ok(plan)
}

/// The catalog's site type that `typed` names: its id, or its name in either language, in any
/// case.
fn site_type_of(catalog: &Catalog, typed: &str) -> Option<String> {
    let typed = typed.to_lowercase();
    catalog
        .site_types
        .iter()
        .find(|t| {
            t.id.to_lowercase() == typed
                || t.name.zh.to_lowercase() == typed
                || t.name.en.to_lowercase() == typed
        })
        .map(|t| t.id.clone())
}

/// The quote with the plan's sites: the updated ones replaced (by id), the new ones added with
/// fresh ids (after the highest number of any line or site id, as the app numbers them).
pub fn apply(quote: &Quote, plan: &Plan) -> Quote {
    let mut q = quote.clone();
    let updates: BTreeMap<&str, &Site> = plan.updated.iter().map(|s| (s.id.as_str(), s)).collect();
    for s in &mut q.customer.sites {
        if let Some(new) = updates.get(s.id.as_str()) {
            *s = (*new).clone();
        }
    }
    let room = MAX_SITES.saturating_sub(q.customer.sites.len());
    for (next, site) in (q.next_number()..).zip(plan.new.iter().take(room)) {
        q.customer.sites.push(Site {
            id: format!("S{next}"),
            ..site.clone()
        });
    }
    q
}

/// A spreadsheet's column letter: 1 → `A`, 27 → `AA`.
pub fn letter(column: usize) -> String {
    let mut n = column;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}
