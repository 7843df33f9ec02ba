//! Numbers as people read and type them: ¥ with thousands separators, percentages with two
//! decimals, counts typed in a field.

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

#[cfg(test)]
mod tests {
    use super::*;

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
