//! The pricing team's workbook: the catalog and policy as one XLSX file, one sheet per kind of item
//! (families, offerings, tiers, options, choices, rules, industries, templates and their lines,
//! template packages and their lines, site types (none written when the default), the policy's
//! settings, tax classes, levels and their limits, at-risk widening, term and bundle
//! discounts, guidance, reasons, approvers, sellers), and read back. Native tools only: the browser
//! bundle never holds it.
//!
//! The format's one home: `layout` (the sheets and columns), `cell` (money in yuan and rates in %
//! read exactly), `write`, `read`. Chinese and English texts sit side by side (`name.zh`,
//! `name.en`). Every field of `Catalog` and `Policy` has its column, so JSON → workbook → JSON
//! gives the same bytes ([`to_json`] is the form the published files are written in). Reading
//! reports every problem at once, at its sheet, row and column, in both languages; the checker's
//! problems, found by JSON path, are mapped back to a cell by [`Places::locate`].

mod cell;
mod layout;
mod read;
mod write;

pub use layout::File;

use crate::catalog::Catalog;
use crate::policy::Policy;
use crate::text::Text;
use std::collections::BTreeMap;
use std::fmt;

/// The largest workbook read: a catalog ten times the default's fits in well under a megabyte.
pub const MAX_BYTES: usize = 16 * 1024 * 1024;

/// A cell (or a row, or a sheet) of the workbook.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    pub sheet: String,
    /// The row as Excel numbers it (the header is row 1); 0: the whole sheet.
    pub row: u32,
    /// The column's letters and its key (`J`, `mrc`); none: the whole row.
    pub column: Option<(String, String)>,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.sheet.is_empty() {
            return write!(f, "workbook");
        }
        write!(f, "sheet '{}'", self.sheet)?;
        if self.row > 0 {
            write!(f, ", row {}", self.row)?;
        }
        if let Some((letters, key)) = &self.column {
            write!(f, ", column {letters} ({key})")?;
        }
        Ok(())
    }
}

/// A problem found reading a workbook, at its place, in both languages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub place: Place,
    pub message: Text,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} / {}",
            self.place, self.message.en, self.message.zh
        )
    }
}

/// Where each item read from a workbook came from: its JSON path in the catalog or policy
/// (`offerings[3].tiers[1]`, `levels[0].discount_limits.basic`) → its sheet and row.
#[derive(Clone, Debug, Default)]
pub struct Places {
    rows: BTreeMap<(File, String), (&'static str, u32)>,
}

impl Places {
    fn put(&mut self, file: File, path: String, sheet: &'static str, row: u32) {
        self.rows.insert((file, path), (sheet, row));
    }

    /// The cell a checker path of `file` names: the row of the longest registered item the path
    /// starts with, and the column of the rest (`offerings[3].tiers[1].mrc` → sheet `tiers`, the
    /// row of that tier, column `mrc`; `templates[0].lines[2].options.colour` → column
    /// `options`). A path naming no column of its row (`offerings[1].options[1].choices`, an
    /// empty list) gives the row alone.
    pub fn locate(&self, file: File, path: &str) -> Option<Place> {
        let cuts = (0..=path.len())
            .rev()
            .filter(|&i| i == 0 || i == path.len() || matches!(path.as_bytes()[i], b'.' | b'['));
        for cut in cuts {
            let Some(&(sheet, row)) = self.rows.get(&(file, path[..cut].to_string())) else {
                continue;
            };
            let rest = strip_indices(path[cut..].trim_start_matches('.'));
            let def = layout::SHEETS.iter().find(|s| s.name == sheet)?;
            // A map entry (`levels[0].discount_limits.basic`) names its value.
            let entry = layout::entry_value(sheet).filter(|_| rest.is_empty());
            let mut key = entry.unwrap_or(rest.as_str());
            let column = loop {
                if let Some(c) = def.col(key) {
                    break Some((layout::letters(c), key.to_string()));
                }
                match key.rsplit_once('.') {
                    Some((head, _)) => key = head,
                    None => break None,
                }
            };
            return Some(Place {
                sheet: sheet.to_string(),
                row,
                column,
            });
        }
        None
    }
}

/// `any_of[1]` → `any_of`.
fn strip_indices(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The catalog and policy as one XLSX workbook. The same files give the same bytes.
pub fn write(catalog: &Catalog, policy: &Policy) -> Result<Vec<u8>, Text> {
    write::write(catalog, policy)
}

/// The catalog and policy a workbook holds, and where each item came from; or every problem.
pub fn read(bytes: &[u8]) -> Result<(Catalog, Policy, Places), Vec<Problem>> {
    read::read(bytes)
}

/// A sheet of figures for a report (the impact of a change): a name, headers, and rows of text,
/// money (fen) and rates (bp), written like the catalog's.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub sheets: Vec<ReportSheet>,
}

#[derive(Clone, Debug, Default)]
pub struct ReportSheet {
    pub name: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Figure>>,
}

/// One cell of a report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Figure {
    Text(String),
    Money(crate::money::Fen),
    Rate(crate::money::Bp),
    Count(u64),
    Blank,
}

impl Report {
    /// The report as an XLSX workbook.
    pub fn to_xlsx(&self) -> Result<Vec<u8>, Text> {
        let sheets: Vec<_> = self
            .sheets
            .iter()
            .map(|s| {
                let rows = s
                    .rows
                    .iter()
                    .map(|r| {
                        r.iter()
                            .map(|f| match f {
                                Figure::Text(t) => cell::Value::Text(t.clone()),
                                Figure::Money(m) => cell::Value::Money(*m),
                                Figure::Rate(b) => cell::Value::Rate(*b),
                                Figure::Count(n) => cell::Value::Count(*n),
                                Figure::Blank => cell::Value::Blank,
                            })
                            .collect()
                    })
                    .collect();
                (s.name.clone(), s.headers.clone(), rows)
            })
            .collect();
        write::workbook(&sheets)
    }
}

/// A catalog or policy as the published files are written: serde's pretty JSON (two spaces, the
/// declared field order) and a final newline.
pub fn to_json<T: serde::Serialize>(value: &T) -> String {
    let mut out = serde_json::to_string_pretty(value).unwrap_or_default();
    out.push('\n');
    out
}
