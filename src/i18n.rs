//! UI language: every UI string is written in place as a (Chinese, English) pair.

use tailor_core::text::Lang;

/// Picks the string for a language.
pub trait Pick {
    fn pick(self, zh: &'static str, en: &'static str) -> &'static str;
}

impl Pick for Lang {
    fn pick(self, zh: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}
