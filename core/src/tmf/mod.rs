//! TM Forum exports for the operator's BSS: the catalog and policy as TMF620 Product Catalog
//! Management v4 resources ([`product_catalog`]), and a priced proposal as a TMF648 Quote
//! Management v4 `Quote` ([`quote`]). Both are checked against TM Forum's Swagger schemas of those
//! versions, vendored in `core/tests/fixtures/tmf/` (`core/tests/tmf.rs`).
//!
//! # Money and rates
//!
//! TMF `Money` is `{unit, value}` with a JSON number in yuan. An amount in fen becomes the
//! decimal text `yuan.ff` by integer formatting (`csv::yuan`), and that text is read as a
//! [`serde_json::Number`] by `serde_json::from_str` (no arithmetic on floats: the parser gives
//! the nearest double, which serde_json writes back as the shortest text that reads as the same
//! double). Every amount is then written back to text and read back to fen by [`fen_of`]; an
//! amount that would not come back to the exact fen (beyond 15 significant digits, ¥10¹³ and
//! more) is refused with a message rather than written inexactly. Rates (`percentage`,
//! `taxRate`) are in percent, from basis points the same way: 9 % is `9`, 2.5 % is `2.5`.
//!
//! # What is left out
//!
//! Costs, margins, authority limits, headroom and guidance are internal to the operator's pricing
//! and never exported. Names and descriptions are in one language, chosen by the caller.
//!
//! | module | holds |
//! |---|---|
//! | this one | [`Money`](money), rates, dates, [`fen_of`] |
//! | `offerings` | TMF620: categories for families, a `ProductOffering` per offering, its `ProductOfferingPrice`s, the term and bundle discounts |
//! | `proposal` | TMF648: the `Quote` of a priced proposal: items, prices with the waterfall as price alterations, totals, authorizations, parties |

mod offerings;
mod proposal;

pub use offerings::product_catalog;
pub use proposal::quote;

use crate::money::{Bp, Fen};
use crate::text::Text;
use serde_json::{json, Number, Value};

/// The time zone of every date the exports write (China Standard Time): a Tailor date is a
/// calendar day in the operator's zone.
const ZONE: &str = "+08:00";

/// `fen` as a JSON number of yuan, exactly; refused when it would not read back to `fen`.
fn yuan(fen: Fen) -> Result<Number, Text> {
    exact(crate::csv::yuan(fen), fen)
}

/// `bp` as a JSON number of percent (`900` → `9.0`), exactly.
fn percent(bp: Bp) -> Result<Number, Text> {
    exact(crate::csv::percent(bp), bp)
}

/// The number the decimal `text` (two places) reads as, when it is written back as a text that
/// reads as `hundredths`; else refused, naming the value.
fn exact(text: String, hundredths: i64) -> Result<Number, Text> {
    let n: Option<Number> = serde_json::from_str(&text).ok();
    match n {
        Some(n) if fen_of(&n.to_string()) == Some(hundredths) => Ok(n),
        _ => Err(Text::new(
            format!("数值 {text} 超出 TMF 数字能精确表示的范围（至多 15 位有效数字）"),
            format!("the value {text} is beyond what a TMF number holds exactly (15 significant digits at most)"),
        )),
    }
}

/// TMF `Money` of `fen` in `currency`.
fn money(currency: &str, fen: Fen) -> Result<Value, Text> {
    Ok(json!({ "unit": currency, "value": yuan(fen)? }))
}

/// The exact hundredths of a number as written in JSON: the fen of a TMF money value (`1283.31`,
/// `1283.0`, `1283`), the bp of a percentage; more than two decimals, an exponent (`5e2`) or
/// anything but a plain decimal is `None`. How a reader gets back the amount Tailor priced,
/// without floats.
pub fn fen_of(text: &str) -> Option<Fen> {
    const PLACES: usize = 2;
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let plain = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !plain(whole) || !plain(fraction) || fraction.len() > PLACES {
        return None;
    }
    let mut value: i64 = whole.parse().ok()?;
    for i in 0..PLACES {
        let digit = fraction
            .as_bytes()
            .get(i)
            .map_or(0, |b| i64::from(b - b'0'));
        value = value.checked_mul(10)?.checked_add(digit)?;
    }
    Some(if negative { -value } else { value })
}

/// The start of the calendar day `date` (`YYYY-MM-DD`) as a TMF date-time.
fn day_start(date: &str) -> String {
    format!("{date}T00:00:00{ZONE}")
}

/// The end of the calendar day `date` as a TMF date-time: the last moment it holds.
fn day_end(date: &str) -> String {
    format!("{date}T23:59:59{ZONE}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_written_and_read_back_exactly() {
        for (fen, text) in [
            (128_331, "1283.31"),
            (128_300, "1283.0"),
            (5, "0.05"),
            (0, "0.0"),
            (999_999_999_999_999, "9999999999999.99"),
        ] {
            let n = yuan(fen).expect("within range");
            assert_eq!(n.to_string(), text);
            assert_eq!(fen_of(text), Some(fen));
        }
        assert!(yuan(i64::MAX).is_err());
        assert!(yuan(10_000_000_000_000_001).is_err());
        assert_eq!(percent(250).map(|n| n.to_string()), Ok("2.5".into()));
        assert_eq!(percent(900).map(|n| n.to_string()), Ok("9.0".into()));
    }

    #[test]
    fn only_plain_decimals_read_as_fen() {
        assert_eq!(fen_of("12"), Some(1200));
        assert_eq!(fen_of("-0.5"), Some(-50));
        for bad in [
            "1.234",
            "1e2",
            "",
            ".5",
            "+1",
            "1,0",
            "99999999999999999999",
        ] {
            assert_eq!(fen_of(bad), None, "{bad}");
        }
    }
}
