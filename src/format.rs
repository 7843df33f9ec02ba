//! Numbers as people read and type them: ¥ with thousands separators, percentages with two
//! decimals, counts and amounts of yuan typed in a field.

use crate::i18n::Pick;
use tailor_core::money::{format_yuan, Fen};
use tailor_core::text::Lang;

/// `¥12,345.67`.
pub fn yuan(fen: Fen) -> String {
    format!("¥{}", format_yuan(fen))
}

pub use tailor_core::money::format_percent as percent;

/// Parses a whole number typed by a person.
pub fn parse_count(s: &str, lang: Lang) -> Result<u32, &'static str> {
    let t = s.trim();
    if t.is_empty() {
        return Err(lang.pick("请输入数量", "Enter a number"));
    }
    t.parse::<u32>()
        .map_err(|_| lang.pick("请输入非负整数", "Enter a whole number"))
}

/// The most yuan a typed amount may hold: ¥100 billion, far above any deal, far below `Fen`'s
/// range.
const MAX_YUAN: Fen = 100_000_000_000;

/// Parses an amount of yuan typed by a person (`12345`, `12,345.6`, `¥12,345.67`) into fen,
/// exactly: at most two decimals, not negative.
pub fn parse_yuan(s: &str, lang: Lang) -> Result<Fen, &'static str> {
    let t: String = s
        .trim()
        .trim_start_matches(['¥', '￥'])
        .chars()
        .filter(|c| !matches!(c, ',' | '，' | ' '))
        .collect();
    if t.is_empty() {
        return Err(lang.pick("请输入金额", "Enter an amount"));
    }
    let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
    let digits = |d: &str| d.chars().all(|c| c.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(frac) {
        return Err(lang.pick(
            "请输入金额，如 1,200,000",
            "Enter an amount such as 1,200,000",
        ));
    }
    if frac.len() > 2 {
        return Err(lang.pick("金额最多两位小数", "An amount has at most two decimals"));
    }
    let yuan = whole
        .parse::<Fen>()
        .ok()
        .filter(|y| *y <= MAX_YUAN)
        .ok_or(lang.pick("金额过大", "The amount is too large"))?;
    let cents = format!("{frac:0<2}").parse::<Fen>().unwrap_or(0);
    Ok(yuan * 100 + cents)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_of_yuan_are_read_exactly_into_fen() {
        assert_eq!(parse_yuan("1200000", Lang::En), Ok(120_000_000));
        assert_eq!(parse_yuan(" ¥1,234,567.8 ", Lang::En), Ok(123_456_780));
        assert_eq!(parse_yuan("￥0.05", Lang::En), Ok(5));
        assert_eq!(parse_yuan("12.", Lang::En), Ok(1200));
        assert_eq!(parse_yuan("", Lang::En), Err("Enter an amount"));
        assert_eq!(parse_yuan("1.234", Lang::Zh), Err("金额最多两位小数"));
        assert_eq!(
            parse_yuan("100000000001", Lang::En),
            Err("The amount is too large")
        );
        for bad in ["-1", "1e6", ".5", "十万", "1.2.3"] {
            assert_eq!(
                parse_yuan(bad, Lang::En),
                Err("Enter an amount such as 1,200,000"),
                "{bad}"
            );
        }
    }

    #[test]
    fn counts_are_whole_non_negative_numbers() {
        assert_eq!(parse_count("12", Lang::En), Ok(12));
        assert_eq!(parse_count(" 0 ", Lang::En), Ok(0));
        assert_eq!(parse_count("", Lang::En), Err("Enter a number"));
        assert_eq!(parse_count("  ", Lang::Zh), Err("请输入数量"));
        for bad in ["-1", "1.5", "1e3", "十", "4294967296"] {
            assert_eq!(
                parse_count(bad, Lang::En),
                Err("Enter a whole number"),
                "{bad}"
            );
        }
        assert_eq!(parse_count("x", Lang::Zh), Err("请输入非负整数"));
    }

    #[test]
    fn yuan_has_the_sign_and_thousands_separators() {
        assert_eq!(yuan(1_234_567), "¥12,345.67");
        assert_eq!(yuan(5), "¥0.05");
    }
}
