//! UI language: every UI string is written in place as a (Chinese, English) pair.

use leptos::prelude::{Get, RwSignal};
use tailor_core::text::{Lang, Text};

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

/// A text in both languages that follows the UI language: like [`tr`], one closure type for
/// every such text.
pub fn tr_text(
    lang: RwSignal<Lang>,
    text: Text,
) -> impl Fn() -> String + Clone + Send + Sync + 'static {
    move || text.get(lang.get()).to_string()
}

/// A text made in each language by the same words.
pub fn both(words: impl Fn(Lang) -> String) -> Text {
    Text::new(words(Lang::Zh), words(Lang::En))
}
