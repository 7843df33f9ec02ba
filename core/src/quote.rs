//! A quote: the customer, their sites, the contract term and the lines being tailored.

use crate::money::Bp;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Everything the seller has put together for one customer. Its canonical serialized form
/// (see [`crate::canonical`]) is what digests and signatures cover.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quote {
    pub schema_version: u32,
    /// A stable id, kept across edits and versions.
    pub id: String,
    /// The proposal version, raised each time a changed proposal is handed over.
    #[serde(default = "one")]
    pub version: u32,
    /// The lineage the version belongs to: the id of its first version. Empty: this quote starts
    /// its own lineage (its id is the lineage's), and then not written, so quotes made before
    /// versions keep their bytes. See [`crate::version`].
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub lineage: String,
    /// The day this version was handed over (printed, exported or signed), `YYYY-MM-DD`: from
    /// then on it is frozen, and a change starts the next version ([`crate::version`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handed_over: Option<String>,
    /// The date the quote was made, `YYYY-MM-DD`.
    pub date: String,
    /// The catalog and policy versions the quote was priced on.
    pub catalog_version: String,
    pub policy_version: String,
    pub customer: Customer,
    pub term_months: u32,
    #[serde(default)]
    pub at_risk: AtRisk,
    pub lines: Vec<Line>,
    /// The authority level id of the person pricing (account manager by default).
    pub role: String,
    /// The account manager making the proposal, as they typed their name (a pre-authorisation
    /// may name one; not authenticated until sellers sign their proposals).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub account_manager: String,
}

fn one() -> u32 {
    1
}

/// The customer profile.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Customer {
    pub name: String,
    /// Unified social credit code (统一社会信用代码), GB 32100-2015.
    pub uscc: String,
    /// An industry id from the catalog.
    pub industry: String,
    pub employees: u32,
    #[serde(default)]
    pub contacts: Vec<Contact>,
    #[serde(default)]
    pub needs: Needs,
    #[serde(default)]
    pub sites: Vec<Site>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub name: String,
    pub title: String,
    pub phone: String,
    pub email: String,
}

/// What the customer needs, in the seller's words.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Needs {
    pub voice: bool,
    pub data: bool,
    #[serde(default)]
    pub notes: String,
}

/// A customer site: dedicated lines, cameras and the like are quoted per site.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Site {
    pub id: String,
    pub name: String,
    pub city: String,
    pub address: String,
}

/// The at-risk flag: a customer a competitor is courting. When flagged, competitor and reason are
/// both required, and the policy widens discount authority.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AtRisk {
    pub flagged: bool,
    #[serde(default)]
    pub competitor: String,
    #[serde(default)]
    pub reason: String,
}

impl AtRisk {
    /// Flagged with both the competitor and the reason given: only then does authority widen.
    pub fn in_force(&self) -> bool {
        self.flagged && !self.competitor.trim().is_empty() && !self.reason.trim().is_empty()
    }
}

/// One line of the quote.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Line {
    /// A stable id within the quote.
    pub id: String,
    pub offering: String,
    /// Chosen option per option group id; a group not named takes its first (default) choice.
    #[serde(default)]
    pub options: BTreeMap<String, String>,
    pub quantity: u32,
    /// A site id of the customer, if the line belongs to one site.
    #[serde(default)]
    pub site: Option<String>,
    /// The discount the seller asks for, in bp, applied after term and bundle discounts.
    #[serde(default)]
    pub discount_bp: Bp,
    /// Why the discount is above the policy's normal discount for the family (required then;
    /// approvals sign it).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

impl Quote {
    /// The lineage the quote belongs to: its own id when it starts one.
    pub fn lineage(&self) -> &str {
        if self.lineage.is_empty() {
            &self.id
        } else {
            &self.lineage
        }
    }

    pub fn site(&self, id: &str) -> Option<&Site> {
        self.customer.sites.iter().find(|s| s.id == id)
    }
}
