//! A quote: the customer, their sites, the contract term and the lines being tailored.

use crate::money::Bp;
use crate::text::Text;
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
    /// The site packages of this quote: the lines every site of a type gets (PRODUCT.md "Sites at
    /// scale"). None by default, and then not written, so a quote without packages keeps its bytes
    /// (and its digests).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub packages: Vec<Package>,
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

/// A customer site: dedicated lines, cameras and the like are quoted per site. The fields after
/// `address` came with site lists imported from a spreadsheet; each is left out of the file when
/// blank, so a quote without them keeps its bytes (and its digests).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Site {
    pub id: String,
    pub name: String,
    pub city: String,
    pub address: String,
    /// A site type id of the catalog (`headquarters`, `branch`, `outlet`…); blank: none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub site_type: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub district: String,
    /// The person to ask for at the site, as the customer's list gives them.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub contact: String,
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
    /// The site package line this line came from, if any: editing the package updates it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package: Option<PackageRef>,
    /// A line from a package that the seller changed by hand: the package no longer updates it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub by_hand: bool,
}

/// A site package: the lines every site of one type gets, e.g. "branch: 100M dedicated line with
/// gold SLA + SD-WAN + 4 cameras". Pricing never reads it: it sees only the lines it gave.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Package {
    /// A stable id within the quote (or the template).
    pub id: String,
    pub name: Text,
    /// The site type id it applies to.
    pub site_type: String,
    pub lines: Vec<PackageLine>,
}

/// One line of a site package, as each site of the type gets it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackageLine {
    /// A stable id within the package.
    pub id: String,
    pub offering: String,
    #[serde(default)]
    pub options: BTreeMap<String, String>,
    pub quantity: u32,
    #[serde(default)]
    pub discount_bp: Bp,
}

/// Which package line a quote line came from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackageRef {
    pub package: String,
    pub line: String,
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

    /// The number after the highest line or site id (`L7`, `S2` → 8): ids made from it (`L8`,
    /// `S9`…) never repeat one the quote has. Site imports and packages number their new sites
    /// and lines from it, as the app does.
    pub fn next_number(&self) -> u64 {
        self.lines
            .iter()
            .map(|l| l.id.as_str())
            .chain(self.customer.sites.iter().map(|s| s.id.as_str()))
            .filter_map(|id| id.get(1..).and_then(|n| n.parse::<u64>().ok()))
            .max()
            .unwrap_or(0)
            .saturating_add(1)
    }
}
