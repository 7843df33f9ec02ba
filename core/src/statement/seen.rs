//! The statements a customer's verification page has found genuine, kept on that device, so a
//! proposal superseded by a later version the customer was given says so: PRODUCT.md, "Versions"
//! — a later change is a new version in the same lineage.
//!
//! The page keeps, per lineage, the latest version it verified (number, version, date, code), at
//! most [`MAX_SEEN`] lineages, the oldest forgotten first. Nothing kept is believed as a proof: it
//! only says "you were given a later version"; the later statement itself was verified when it was
//! opened.

use super::Statement;
use serde::{Deserialize, Serialize};

/// The most lineages a device keeps (a procurement office checks dozens, not thousands).
pub const MAX_SEEN: usize = 200;

/// The latest version of one lineage this device verified.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seen {
    pub lineage: String,
    pub proposal: String,
    pub version: u32,
    pub date: String,
    /// Its verification code ([`Statement::short_code`]).
    pub code: String,
}

impl Statement {
    /// The lineage its versions share.
    pub fn lineage(&self) -> &str {
        if self.body.lineage.is_empty() {
            &self.body.proposal
        } else {
            &self.body.lineage
        }
    }
}

/// A later version of `statement`'s lineage among those `seen`.
pub fn superseded<'a>(seen: &'a [Seen], statement: &Statement) -> Option<&'a Seen> {
    seen.iter()
        .find(|s| s.lineage == statement.lineage() && s.version > statement.body.proposal_version)
}

/// Keeps `statement` (found genuine) as its lineage's latest when it is: a newer version replaces
/// the one kept, an older one changes nothing; the lineage moves to the front, and beyond
/// [`MAX_SEEN`] the least recently verified are forgotten.
pub fn remember(seen: &mut Vec<Seen>, statement: &Statement) {
    let lineage = statement.lineage();
    let entry = Seen {
        lineage: lineage.to_string(),
        proposal: statement.body.proposal.clone(),
        version: statement.body.proposal_version,
        date: statement.body.date.clone(),
        code: statement.short_code(),
    };
    let kept = match seen.iter().position(|s| s.lineage == lineage) {
        Some(i) => {
            let old = seen.remove(i);
            if old.version > entry.version {
                old
            } else {
                entry
            }
        }
        None => entry,
    };
    seen.insert(0, kept);
    seen.truncate(MAX_SEEN);
}
