//! UI language: every UI string is written in place as a (Chinese, English) pair.

use leptos::prelude::{Get, RwSignal};
use tailor_core::text::Lang;

/// A label as its (Chinese, English) pair.
pub type Label = (&'static str, &'static str);

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

/// A label that follows the UI language. Every label shares this one closure type, so the view
/// code that renders and updates a reactive text is compiled once, not once per label.
pub fn tr(
    lang: RwSignal<Lang>,
    zh: &'static str,
    en: &'static str,
) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    move || lang.get().pick(zh, en)
}
