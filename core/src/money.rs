//! Integer money and rates: fen (minor units) and basis points, and the one rounding of the
//! pricing contract (half away from zero) with the discount and rate arithmetic built on it. No
//! floating point.

use std::ops::{Add, Div, Rem, Sub};

/// An amount in fen (1 yuan = 100 fen).
pub type Fen = i64;
/// A rate in basis points (10 000 bp = 100 %).
pub type Bp = i64;

/// 100 % in basis points.
pub const FULL: Bp = 10_000;

/// `numerator / denominator`, rounded half away from zero: the one rounding of the pricing
/// contract, in exact integer arithmetic. `denominator` must not be zero.
#[inline]
pub fn div_round(numerator: i128, denominator: i128) -> i128 {
    match (u64::try_from(numerator), u64::try_from(denominator)) {
        // Both non-negative and within 64 bits, as nearly always: a 64-bit division (or a
        // multiplication, when the denominator is a constant) instead of a 128-bit one.
        (Ok(n), Ok(d)) => i128::from(half_up(n, d)),
        _ => signed(
            half_up(numerator.unsigned_abs(), denominator.unsigned_abs()),
            (numerator < 0) != (denominator < 0),
        ),
    }
}

/// `numerator / denominator`, rounded up (toward positive infinity). `denominator` must not be
/// zero.
#[inline]
pub fn div_ceil(numerator: i128, denominator: i128) -> i128 {
    match (u64::try_from(numerator), u64::try_from(denominator)) {
        (Ok(n), Ok(d)) => i128::from(n.div_ceil(d)),
        _ => {
            let (n, d) = (numerator.unsigned_abs(), denominator.unsigned_abs());
            // Up is away from zero for a positive quotient, toward zero for a negative one.
            if (numerator < 0) != (denominator < 0) {
                signed(n / d, true)
            } else {
                signed(n.div_ceil(d), false)
            }
        }
    }
}

/// `n / d` rounded half up, for magnitudes: up when the remainder is at least half the divisor
/// (`r ≥ d − r`, which cannot overflow). The rounding rule, written once for both widths.
#[inline]
fn half_up<T>(n: T, d: T) -> T
where
    T: Copy + PartialOrd + From<bool> + Add<Output = T> + Sub<Output = T> + Div<Output = T>,
    T: Rem<Output = T>,
{
    let r = n % d;
    n / d + T::from(r >= d - r)
}

/// A quotient's magnitude with its sign. Wrapping: the only magnitude beyond `i128::MAX` is
/// 2¹²⁷ (from `i128::MIN / ±1`), which wraps to `i128::MIN`.
#[inline]
fn signed(magnitude: u128, negative: bool) -> i128 {
    let m = magnitude as i128;
    if negative {
        m.wrapping_neg()
    } else {
        m
    }
}

/// Clamps an i128 into the fen range; amounts that large only come from hostile input.
#[inline]
pub fn to_fen(v: i128) -> Fen {
    v.clamp(i64::MIN as i128, i64::MAX as i128) as Fen
}

/// `amount × (1 − d1) × (1 − d2) × …`, computed exactly and rounded once, half away from zero.
/// Each discount is clamped to 0..=100 %.
#[inline]
pub fn apply_discounts(amount: Fen, discounts: &[Bp]) -> Fen {
    let keep = |d: &Bp| (FULL - d.clamp(&0, &FULL)) as i128;
    let f = FULL as i128;
    // The common lengths spelled out, so that each denominator is a constant the compiler
    // divides by cheaply.
    match discounts {
        [] => amount,
        [a] => to_fen(div_round(amount as i128 * keep(a), f)),
        [a, b] => to_fen(div_round(amount as i128 * keep(a) * keep(b), f * f)),
        [a, b, c] => to_fen(div_round(
            amount as i128 * keep(a) * keep(b) * keep(c),
            f * f * f,
        )),
        _ => {
            let mut num = amount as i128;
            let mut den: i128 = 1;
            for d in discounts {
                num *= keep(d);
                den *= f;
            }
            to_fen(div_round(num, den))
        }
    }
}

/// `amount × rate`, rounded half away from zero.
#[inline]
pub fn apply_rate(amount: Fen, rate: Bp) -> Fen {
    to_fen(div_round(amount as i128 * rate as i128, FULL as i128))
}

/// Formats fen as yuan with thousands separators and two decimals: `1234567` → `12,345.67`.
pub fn format_yuan(fen: Fen) -> String {
    let neg = fen < 0;
    let abs = fen.unsigned_abs();
    let yuan = (abs / 100).to_string();
    let mut grouped = String::with_capacity(yuan.len() + yuan.len() / 3);
    for (i, c) in yuan.chars().enumerate() {
        if i > 0 && (yuan.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{}{}.{:02}", if neg { "-" } else { "" }, grouped, abs % 100)
}

/// Formats basis points as a percentage with two decimals: `1250` → `12.50%`.
pub fn format_percent(bp: Bp) -> String {
    let sign = if bp < 0 { "-" } else { "" };
    let abs = bp.unsigned_abs();
    format!("{}{}.{:02}%", sign, abs / 100, abs % 100)
}

/// Parses a percentage typed by a person (`"12"`, `"12.5"`, `"12.50"`, optionally with `%`)
/// into basis points. At most two decimals; 0 to 100.
pub fn parse_percent(input: &str) -> Result<Bp, PercentError> {
    let s = input.trim().trim_end_matches('%').trim();
    if s.is_empty() {
        return Ok(0);
    }
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, f),
        None => (s, ""),
    };
    if (int.is_empty() && frac.is_empty())
        || !int.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
    {
        return Err(PercentError::NotANumber);
    }
    if frac.len() > 2 {
        return Err(PercentError::TooManyDecimals);
    }
    if int.len() > 3 {
        return Err(PercentError::OutOfRange);
    }
    let whole: Bp = if int.is_empty() {
        0
    } else {
        int.parse().map_err(|_| PercentError::NotANumber)?
    };
    let mut cents: Bp = if frac.is_empty() {
        0
    } else {
        frac.parse().map_err(|_| PercentError::NotANumber)?
    };
    if frac.len() == 1 {
        cents *= 10;
    }
    let bp = whole * 100 + cents;
    if bp > FULL {
        return Err(PercentError::OutOfRange);
    }
    Ok(bp)
}

/// Why a typed percentage was not accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PercentError {
    NotANumber,
    TooManyDecimals,
    OutOfRange,
}

impl PercentError {
    pub fn text(self) -> crate::text::Text {
        use crate::text::Text;
        match self {
            PercentError::NotANumber => {
                Text::new("请输入数字，如 12.5", "Enter a number such as 12.5")
            }
            PercentError::TooManyDecimals => Text::new("最多两位小数", "At most two decimals"),
            PercentError::OutOfRange => Text::new(
                "折扣须在 0% 到 100% 之间",
                "A discount is between 0% and 100%",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(div_round(5, 10), 1);
        assert_eq!(div_round(-5, 10), -1);
        assert_eq!(div_round(4, 10), 0);
        assert_eq!(div_round(15, 10), 2);
        assert_eq!(div_round(25, 10), 3);
    }

    #[test]
    fn discounts_compound_exactly_then_round_once() {
        // 333 × 0.95 × 0.97 × 0.9 = 276.17... → 276
        assert_eq!(apply_discounts(333, &[500, 300, 1000]), 276);
        assert_eq!(apply_discounts(100, &[]), 100);
    }

    #[test]
    fn formats_money_and_percent() {
        assert_eq!(format_yuan(123_456_789), "1,234,567.89");
        assert_eq!(format_yuan(5), "0.05");
        assert_eq!(format_yuan(-100_000), "-1,000.00");
        assert_eq!(format_percent(1250), "12.50%");
    }

    #[test]
    fn parses_percent_as_typed() {
        assert_eq!(parse_percent("12.5"), Ok(1250));
        assert_eq!(parse_percent("12.05%"), Ok(1205));
        assert_eq!(parse_percent(""), Ok(0));
        assert_eq!(parse_percent("100"), Ok(10_000));
        assert_eq!(parse_percent("12.345"), Err(PercentError::TooManyDecimals));
        assert_eq!(parse_percent("abc"), Err(PercentError::NotANumber));
        assert_eq!(parse_percent("100.01"), Err(PercentError::OutOfRange));
        assert_eq!(parse_percent("-1"), Err(PercentError::NotANumber));
    }
}
