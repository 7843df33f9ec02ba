//! One cell of the workbook: what is written for a value, and what a cell read back means, exactly.
//!
//! Money is written as a number of yuan with two decimals, rates as an Excel percentage with two
//! decimals (a fraction, `0.1525` shown as `15.25%`). A spreadsheet keeps numbers as binary
//! floating point, so reading never computes with the float: it takes the float's shortest decimal
//! form (the one Excel shows and Rust prints, e.g. `12.34`), and reads that string exactly into
//! fen or bp. A third decimal of yuan (or of a percent) is an error, never rounded away.

use crate::money::{Bp, Fen};
use crate::text::Text;
use calamine::Data;

/// A value to write into a cell.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value {
    Text(String),
    Money(Fen),
    Rate(Bp),
    Count(u64),
    Bool(bool),
    Blank,
}

/// Fen as yuan with two decimals: `-1234` → `-12.34`.
pub(crate) fn yuan(fen: Fen) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// Basis points as the fraction a percentage cell holds: `1525` → `0.1525`.
pub(crate) fn fraction(bp: Bp) -> String {
    let sign = if bp < 0 { "-" } else { "" };
    let abs = bp.unsigned_abs();
    format!("{sign}{}.{:04}", abs / 10_000, abs % 10_000)
}

/// The largest magnitude a spreadsheet number holds exactly (2^53): larger amounts are written
/// as text, which reads back exactly too.
pub(crate) const EXACT_IN_A_NUMBER: u64 = 1 << 53;

/// Why a cell could not be read as the value its column holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum CellError {
    NotANumber(String),
    TooManyDecimals(String, u32),
    NotWhole(String),
    OutOfRange(String),
    NotABoolean(String),
    Error(String),
}

impl CellError {
    pub(crate) fn text(&self) -> Text {
        match self {
            CellError::NotANumber(s) => {
                Text::new(format!("“{s}”不是数字"), format!("'{s}' is not a number"))
            }
            CellError::TooManyDecimals(s, 2) => Text::new(
                format!("{s} 超过两位小数（金额以元计，精确到分）"),
                format!("{s} has more than two decimals (money is in yuan, exact to the fen)"),
            ),
            CellError::TooManyDecimals(s, _) => Text::new(
                format!("{s} 超过两位小数的百分比（费率精确到 0.01%）"),
                format!("{s} has more than two decimals of a percent (rates are exact to 0.01%)"),
            ),
            CellError::NotWhole(s) => Text::new(
                format!("{s} 不是非负整数"),
                format!("{s} is not a whole number of 0 or more"),
            ),
            CellError::OutOfRange(s) => {
                Text::new(format!("{s} 超出范围"), format!("{s} is out of range"))
            }
            CellError::NotABoolean(s) => Text::new(
                format!("“{s}”不是 TRUE 或 FALSE"),
                format!("'{s}' is not TRUE or FALSE"),
            ),
            CellError::Error(s) => Text::new(
                format!("单元格含公式错误 {s}"),
                format!("the cell holds the error {s}"),
            ),
        }
    }
}

/// The decimal string a number cell stands for: the shortest form of its float, as shown.
fn decimal_of(data: &Data) -> Result<Option<String>, CellError> {
    match data {
        Data::Empty => Ok(None),
        Data::Int(i) => Ok(Some(i.to_string())),
        Data::Float(f) => Ok(Some(f.to_string())),
        Data::String(s) if s.trim().is_empty() => Ok(None),
        Data::String(s) => Ok(Some(s.trim().to_string())),
        Data::Bool(b) => Err(CellError::NotANumber(b.to_string())),
        Data::Error(e) => Err(CellError::Error(format!("{e:?}"))),
        other => Err(CellError::NotANumber(other.to_string())),
    }
}

/// A decimal string read exactly, scaled by 10^`scale`: `"12.34"` at scale 2 → 1234. Digits
/// beyond the scale must be zeros.
fn exact(s: &str, scale: u32, shown: &str) -> Result<i128, CellError> {
    let (neg, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |p: &str| p.chars().all(|c| c.is_ascii_digit());
    if (int.is_empty() && frac.is_empty()) || !all_digits(int) || !all_digits(frac) {
        return Err(CellError::NotANumber(shown.to_string()));
    }
    let (kept, beyond) = frac.split_at(frac.len().min(scale as usize));
    if beyond.chars().any(|c| c != '0') {
        return Err(CellError::TooManyDecimals(shown.to_string(), scale));
    }
    if int.len() > 30 {
        return Err(CellError::OutOfRange(shown.to_string()));
    }
    let whole: i128 = if int.is_empty() {
        0
    } else {
        int.parse()
            .map_err(|_| CellError::NotANumber(shown.to_string()))?
    };
    let mut part: i128 = if kept.is_empty() {
        0
    } else {
        kept.parse()
            .map_err(|_| CellError::NotANumber(shown.to_string()))?
    };
    for _ in kept.len()..scale as usize {
        part *= 10;
    }
    let value = whole * 10i128.pow(scale) + part;
    Ok(if neg { -value } else { value })
}

/// Money in yuan → fen. Blank → `None`. A text cell may carry `¥` and thousands separators.
pub(crate) fn money(data: &Data) -> Result<Option<Fen>, CellError> {
    let Some(s) = decimal_of(data)? else {
        return Ok(None);
    };
    let plain: String = s
        .chars()
        .filter(|c| !matches!(c, '¥' | ',' | ' '))
        .collect();
    let fen = exact(&plain, 2, &s)?;
    Fen::try_from(fen)
        .map(Some)
        .map_err(|_| CellError::OutOfRange(s))
}

/// A rate → bp. A number cell holds the fraction (`0.1525`); a text cell the percent (`15.25%`).
/// Blank → `None`.
pub(crate) fn rate(data: &Data) -> Result<Option<Bp>, CellError> {
    let Some(s) = decimal_of(data)? else {
        return Ok(None);
    };
    let bp = match data {
        Data::String(_) => exact(s.trim_end_matches('%').trim(), 2, &s),
        _ => exact(&s, 4, &format!("{s} ({}%)", shown_percent(&s))),
    }
    .map_err(|e| match e {
        CellError::TooManyDecimals(shown, _) => CellError::TooManyDecimals(shown, 4),
        other => other,
    })?;
    Bp::try_from(bp)
        .map(Some)
        .map_err(|_| CellError::OutOfRange(s))
}

/// A fraction's decimal string shown as a percent, by moving the point (no arithmetic).
fn shown_percent(fraction: &str) -> String {
    let (neg, digits) = match fraction.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", fraction),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let padded = format!("{frac:0<2}");
    let (moved, rest) = padded.split_at(2);
    let int = format!("{int}{moved}");
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    if rest.is_empty() {
        format!("{neg}{int}")
    } else {
        format!("{neg}{int}.{rest}")
    }
}

/// A whole number of 0 or more (quantities, months, versions). Blank → `None`.
pub(crate) fn count(data: &Data, max: u64) -> Result<Option<u64>, CellError> {
    let Some(s) = decimal_of(data)? else {
        return Ok(None);
    };
    let n = exact(&s, 0, &s).map_err(|e| match e {
        CellError::TooManyDecimals(shown, _) => CellError::NotWhole(shown),
        other => other,
    })?;
    if n < 0 {
        return Err(CellError::NotWhole(s));
    }
    u64::try_from(n)
        .ok()
        .filter(|n| *n <= max)
        .map(Some)
        .ok_or(CellError::OutOfRange(s))
}

/// TRUE or FALSE. Blank → `None`.
pub(crate) fn boolean(data: &Data) -> Result<Option<bool>, CellError> {
    match data {
        Data::Empty => Ok(None),
        Data::Bool(b) => Ok(Some(*b)),
        Data::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "" => Ok(None),
            "true" | "yes" => Ok(Some(true)),
            "false" | "no" => Ok(Some(false)),
            _ => Err(CellError::NotABoolean(s.clone())),
        },
        Data::Error(e) => Err(CellError::Error(format!("{e:?}"))),
        other => Err(CellError::NotABoolean(other.to_string())),
    }
}

/// Days from Excel's day 0 (1899-12-30, as its serial numbers count from March 1900 on) to
/// 1970-01-01.
const EXCEL_1970: i64 = 25_569;

/// A text cell's text. Numbers typed where text goes (an id `100`) are read as shown; a date
/// Excel made of a typed `2026-11-01` is read back as `YYYY-MM-DD`.
pub(crate) fn text(data: &Data) -> Result<String, CellError> {
    match data {
        Data::DateTime(dt) if dt.as_f64().fract() == 0.0 && dt.as_f64() >= 61.0 => {
            Ok(crate::date::format(dt.as_f64() as i64 - EXCEL_1970))
        }
        Data::DateTimeIso(s) => Ok(s.chars().take(10).collect()),
        Data::Empty => Ok(String::new()),
        Data::String(s) => Ok(s.clone()),
        Data::Int(i) => Ok(i.to_string()),
        Data::Float(f) => Ok(f.to_string()),
        Data::Bool(b) => Ok(if *b { "TRUE" } else { "FALSE" }.to_string()),
        Data::Error(e) => Err(CellError::Error(format!("{e:?}"))),
        other => Ok(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_read_exactly_from_the_shortest_decimal() {
        assert_eq!(money(&Data::Float(12.34)), Ok(Some(1234)));
        assert_eq!(money(&Data::Float(0.1 + 0.2)).ok(), None);
        assert_eq!(money(&Data::Float(-1.0)), Ok(Some(-100)));
        assert_eq!(money(&Data::String("¥1,234.5".into())), Ok(Some(123_450)));
        assert_eq!(
            money(&Data::Float(12.345)),
            Err(CellError::TooManyDecimals("12.345".into(), 2))
        );
        assert_eq!(money(&Data::Empty), Ok(None));
    }

    #[test]
    fn rates_are_fractions_in_numbers_and_percents_in_text() {
        assert_eq!(rate(&Data::Float(0.1525)), Ok(Some(1525)));
        assert_eq!(rate(&Data::String("15.25%".into())), Ok(Some(1525)));
        assert_eq!(
            rate(&Data::Float(0.15255)),
            Err(CellError::TooManyDecimals("0.15255 (15.255%)".into(), 4))
        );
        assert_eq!(shown_percent("0.05"), "5");
        assert_eq!(shown_percent("1.2"), "120");
    }

    #[test]
    fn a_date_excel_made_of_a_typed_date_reads_back_as_the_date() {
        use calamine::{ExcelDateTime, ExcelDateTimeType};
        // 2025-01-01 is serial 45,658; 2026-01-01 365 days later, 46,023; 1 November is 304 days
        // into 2026: 46,327.
        let serial = ExcelDateTime::new(46_327.0, ExcelDateTimeType::DateTime, false);
        assert_eq!(text(&Data::DateTime(serial)), Ok("2026-11-01".into()));
    }

    #[test]
    fn written_values_read_back() {
        for fen in [0, 1, -1, 99, 123_456_789, -100] {
            let f: f64 = yuan(fen).parse().unwrap_or(f64::NAN);
            assert_eq!(money(&Data::Float(f)), Ok(Some(fen)), "{fen}");
        }
        for bp in [0, 1, 5, 1525, 10_000, 12_000, -5] {
            let f: f64 = fraction(bp).parse().unwrap_or(f64::NAN);
            assert_eq!(rate(&Data::Float(f)), Ok(Some(bp)), "{bp}");
        }
    }
}
