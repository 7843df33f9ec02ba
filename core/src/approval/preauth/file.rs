//! The pre-authorisation file format: one signed [`PreAuthorisation`] as canonical JSON, at most
//! [`limits::PREAUTH_FILE`]; reading refuses a malformed file naming the file and the problem.
//! Also its file name, and the pre-authorisations a device keeps ([`keep`], [`MAX_KEPT`]).

use super::PreAuthorisation;
use crate::limits;
use crate::text::Text;

/// The most pre-authorisations a device keeps: far more customers than one seller meets in the
/// weeks a pre-authorisation lasts.
pub const MAX_KEPT: usize = 64;
/// Every pre-authorisation file name ends with this.
pub const EXTENSION: &str = ".tailor-preauth.json";

impl PreAuthorisation {
    /// Reads a pre-authorisation (any formatting of its JSON).
    pub fn parse(text: &str) -> Result<PreAuthorisation, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }

    /// The file's text: canonical JSON and a newline.
    pub fn to_json(&self) -> String {
        let mut s = crate::canonical::to_string(self);
        s.push('\n');
        s
    }
}

/// The pre-authorisation in a file named `name`.
pub fn from_file(name: &str, bytes: &[u8]) -> Result<PreAuthorisation, Text> {
    if !limits::PREAUTH_FILE.allows(bytes.len()) {
        return Err(limits::too_large(name, bytes.len(), &limits::PREAUTH_FILE));
    }
    let not = |detail: String| {
        Text::new(
            format!("{name}：不是预授权文件（{detail}）"),
            format!("{name}: not a pre-authorisation file ({detail})"),
        )
    };
    let text = std::str::from_utf8(bytes).map_err(|e| not(e.to_string()))?;
    PreAuthorisation::parse(text).map_err(not)
}

/// `<customer>-preauth-<level>-until-<expires>.tailor-preauth.json`, the customer's name made safe for a
/// file name.
pub fn file_name(pre: &PreAuthorisation) -> String {
    let b = &pre.body;
    let mut customer = crate::quote_file::clean_name(&b.customer_name, 120);
    if customer.is_empty() {
        customer = crate::quote_file::clean_name(&b.uscc, 32);
    }
    let level = crate::quote_file::clean_name(&b.level, 32);
    let expires = crate::quote_file::clean_name(&b.expires, 32);
    format!("{customer}-preauth-{level}-until-{expires}{EXTENSION}")
}

/// Keeps `new` in `kept` unless already there; the oldest-expiring are dropped beyond
/// [`MAX_KEPT`]. Returns whether it was added.
pub fn keep(kept: &mut Vec<PreAuthorisation>, new: PreAuthorisation) -> bool {
    if kept.contains(&new) {
        return false;
    }
    kept.push(new);
    if kept.len() > MAX_KEPT {
        kept.sort_by(|a, b| b.body.expires.cmp(&a.body.expires));
        kept.truncate(MAX_KEPT);
    }
    true
}
