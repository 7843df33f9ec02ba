//! The approval file: one signed approval (or rejection) as JSON.

use super::Approval;

impl Approval {
    /// Reads an approval file.
    pub fn parse(text: &str) -> Result<Approval, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }

    /// The approval as pretty-printed JSON, ready to send.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}
