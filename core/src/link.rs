//! Links: an approval request, a decision or a pre-authorisation carried as short text — in a
//! URL fragment (never sent to the web server), a chat message or a QR code — instead of a file.
//!
//! The text is `tailor1.<kind>.<payload>.<check>`: `kind` one letter (`r` request, `d` decision,
//! `p` pre-authorisation, `s` a proposal statement); `payload` the item's bytes deflated (raw DEFLATE, RFC 1951) in
//! URL-safe base64 without padding; `check` the first 6 bytes of SHA-256 over the kind and the
//! bytes, in the same base64, so a truncated or mistyped link is refused before anything is read.
//! The check is not security: what an item claims is believed only once its signature verifies.
//! Inflating stops at [`MAX_BYTES`], so a small hostile link cannot expand without bound.

use crate::text::Text;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};

/// The version prefix of every link this build writes and reads.
pub const PREFIX: &str = "tailor1";
/// The most bytes a link may inflate to: a quote file's cap.
pub const MAX_BYTES: usize = crate::limits::QUOTE_FILE.max_bytes;
/// How hard to deflate (miniz's scale, 0 to 10).
const LEVEL: u8 = 9;

/// What a link carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A quote file asking for approval.
    Request,
    /// A signed approval or rejection.
    Decision,
    /// A signed pre-authorisation.
    PreAuth,
    /// A signed proposal statement (`crate::statement`), for the customer's verification page.
    Statement,
}

impl Kind {
    fn letter(self) -> &'static str {
        match self {
            Kind::Request => "r",
            Kind::Decision => "d",
            Kind::PreAuth => "p",
            Kind::Statement => "s",
        }
    }

    fn of(letter: &str) -> Option<Kind> {
        [
            Kind::Request,
            Kind::Decision,
            Kind::PreAuth,
            Kind::Statement,
        ]
        .into_iter()
        .find(|k| k.letter() == letter)
    }
}

/// Why a link cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkError {
    /// Not a Tailor link of this version.
    NotALink,
    /// A kind this build does not know.
    UnknownKind(String),
    /// Characters outside URL-safe base64, or a part missing: cut short or mistyped.
    Damaged,
    /// The check does not match: cut short, mistyped or altered.
    CheckFailed,
    /// The payload does not inflate, or inflates beyond [`MAX_BYTES`].
    Corrupt,
}

impl LinkError {
    /// In both languages.
    pub fn text(&self) -> Text {
        match self {
            LinkError::NotALink => Text::new(
                "这不是 Tailor 链接（应以 tailor1. 开头）",
                "This is not a Tailor link (it should start with tailor1.)",
            ),
            LinkError::UnknownKind(k) => Text::new(
                format!("链接类型「{k}」无法识别，可能需要更新 Tailor"),
                format!("Unknown link kind '{k}'; Tailor may need updating"),
            ),
            LinkError::Damaged => Text::new(
                "链接不完整或含有无效字符（可能被截断），请重新复制完整链接",
                "The link is incomplete or has invalid characters (perhaps cut short); copy the whole link again",
            ),
            LinkError::CheckFailed => Text::new(
                "链接校验失败（被截断、输错或改动过），请重新复制完整链接",
                "The link fails its check (cut short, mistyped or altered); copy the whole link again",
            ),
            LinkError::Corrupt => Text::new(
                "链接内容无法解压或过大",
                "The link's content does not unpack, or is too large",
            ),
        }
    }
}

fn check(kind: Kind, bytes: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(kind.letter().as_bytes());
    h.update(bytes);
    URL_SAFE_NO_PAD.encode(&h.finalize()[..6])
}

/// The link text carrying `bytes` (the item's file content) as `kind`.
pub fn encode(kind: Kind, bytes: &[u8]) -> String {
    let packed = miniz_oxide::deflate::compress_to_vec(bytes, LEVEL);
    format!(
        "{PREFIX}.{}.{}.{}",
        kind.letter(),
        URL_SAFE_NO_PAD.encode(packed),
        check(kind, bytes)
    )
}

/// The kind and bytes a link text carries. Leading and trailing white space, and a URL up to
/// its fragment (`…#tailor1.…`), are accepted.
pub fn decode(text: &str) -> Result<(Kind, Vec<u8>), LinkError> {
    let text = text.trim();
    let text = text.rsplit_once('#').map_or(text, |(_, f)| f);
    let mut parts = text.split('.');
    if parts.next() != Some(PREFIX) {
        return Err(LinkError::NotALink);
    }
    let (Some(letter), Some(payload), Some(sum), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(LinkError::Damaged);
    };
    let kind = Kind::of(letter).ok_or_else(|| LinkError::UnknownKind(letter.to_string()))?;
    let packed = URL_SAFE_NO_PAD
        .decode(payload)
        .map_err(|_| LinkError::Damaged)?;
    let bytes = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_BYTES)
        .map_err(|_| LinkError::Corrupt)?;
    if check(kind, &bytes) != sum {
        return Err(LinkError::CheckFailed);
    }
    Ok((kind, bytes))
}
