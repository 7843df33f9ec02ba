//! Bilingual text: every name, unit, description and message exists in Chinese and English.

use serde::{Deserialize, Serialize};

/// The language of the UI and of catalog texts. Chinese is the default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Zh,
    En,
}

/// A text in both languages.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl Text {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Text {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }

    /// Whether either language matches `needle`, case-insensitively.
    pub fn matches(&self, needle: &str) -> bool {
        let needle = needle.to_lowercase();
        self.zh.to_lowercase().contains(&needle) || self.en.to_lowercase().contains(&needle)
    }
}
