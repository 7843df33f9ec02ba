//! The discount policy the pricing team publishes as `policy.json`.

use crate::money::{Bp, Fen};
use crate::text::Text;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    pub schema_version: u32,
    pub version: String,
    /// A policy for trying Tailor: its approvers' keys are public, so nothing priced or approved
    /// under it is an offer, and every screen, file and printed page says so.
    #[serde(default)]
    pub demo: bool,
    /// The day the pricing team published this policy, `YYYY-MM-DD`. Required to be signed.
    #[serde(default)]
    pub published: Option<String>,
    /// The last day this policy holds, `YYYY-MM-DD`. After it approvals show as "policy expired"
    /// until a newer signed policy is fetched. Required to be signed.
    #[serde(default)]
    pub expires: Option<String>,
    pub tax_classes: Vec<TaxClass>,
    /// The authority ladder, lowest first: account manager → sales manager → city branch →
    /// provincial company.
    pub levels: Vec<Level>,
    /// Contract-term discounts on the MRC: the entry with the largest `min_months` not above the
    /// term applies.
    pub term_discounts: Vec<TermDiscount>,
    /// Bundle discounts on the MRC for a solution spanning several product families: the entry with
    /// the largest `min_families` not above the number of families in the quote applies.
    pub bundle_discounts: Vec<BundleDiscount>,
    /// How much each family's discount limits widen when the customer is flagged at risk, in bp.
    #[serde(default)]
    pub at_risk_widening: BTreeMap<String, Bp>,
    /// The contract terms a seller may offer, in months.
    pub terms: Vec<u32>,
    /// How many days a proposal stays valid.
    pub validity_days: u32,
    /// The longest validity an approver may give an approval, in days.
    pub max_approval_days: u32,
    /// Discount guidance per family (optionally per industry): informs the seller, never decides
    /// approval.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub guidance: Vec<Guidance>,
    /// The reasons a seller may pick for a discount above normal (or type their own).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<Text>,
    /// The enrolled approvers: only a signature by one of these keys, at the approver's level,
    /// counts as an approval. Removing an approver revokes every approval they signed.
    #[serde(default)]
    pub approvers: Vec<Approver>,
    /// Every signature must be SM2 with SM3 ([`crate::suite::Suite::Sm2`]): an Ed25519 approval
    /// or pre-authorisation is refused, and the checker reports each Ed25519 key enrolled.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub require_sm2: bool,
    /// The enrolled sellers (account managers): only a statement signed by one of these keys is
    /// a proposal the operator issued (`statement`). None by default, and then not written, so a
    /// policy enrolling no seller keeps its bytes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sellers: Vec<Seller>,
    /// The early-termination charge on a line an amendment removes from a running contract, in bp
    /// of the line's net MRC over the contract's remaining months ([`crate::amendment`]). None:
    /// no charge, and then not written, so a policy without one keeps its bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub early_termination_bp: Option<Bp>,
}

/// A seller (account manager) enrolled by the pricing team to sign the proposals they hand over:
/// who they are and the public half of their key, created and kept like an approver's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seller {
    pub id: String,
    pub name: Text,
    /// The public key in hexadecimal, as for an [`Approver`].
    pub public_key: String,
    /// The suite the key signs in; absent: Ed25519.
    #[serde(default, skip_serializing_if = "crate::suite::Suite::is_ed25519")]
    pub suite: crate::suite::Suite,
}

/// The longest a proposal may stay valid, in days: half a year.
pub const MAX_VALIDITY_DAYS: u32 = 180;
/// The longest validity an approval may be given, in days: a year.
pub const MAX_APPROVAL_DAYS: u32 = 366;

/// An approver enrolled by the pricing team: who they are, the level they approve at, and the
/// public half of the Ed25519 key they sign with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Approver {
    pub id: String,
    pub name: Text,
    /// The id of a level of the authority ladder above the account manager.
    pub level: String,
    /// The public key in hexadecimal (lower case by convention; upper case is read too), exactly
    /// as the approver's key file and the app show it: Ed25519, 64 digits; SM2, SEC1.
    pub public_key: String,
    /// The suite the key signs in; absent: Ed25519 (so policies signed before suites keep their
    /// bytes).
    #[serde(default, skip_serializing_if = "crate::suite::Suite::is_ed25519")]
    pub suite: crate::suite::Suite,
}

/// The target and normal effective discount for a family, for one industry or (none) for all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Guidance {
    pub family: String,
    /// An industry id of the catalog; none: every industry without guidance of its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub industry: Option<String>,
    /// What a well-negotiated deal gives, in bp.
    pub target_bp: Bp,
    /// The most a deal normally gives, in bp; above it the line needs a reason.
    pub normal_bp: Bp,
}

/// A tax class and its VAT rate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaxClass {
    pub id: String,
    pub name: Text,
    pub rate_bp: Bp,
}

/// One rung of the authority ladder.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Level {
    pub id: String,
    pub name: Text,
    /// The largest effective discount this level may give, per product family, in bp.
    pub discount_limits: BTreeMap<String, Bp>,
    /// The largest deal (net TCV, tax-exclusive) this level may sign off; none at the top.
    #[serde(default)]
    pub max_tcv: Option<Fen>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermDiscount {
    pub min_months: u32,
    pub discount_bp: Bp,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BundleDiscount {
    pub min_families: u32,
    pub discount_bp: Bp,
}

impl Policy {
    /// The guidance for `family` in `industry`: the industry's own, else the family's.
    pub fn guidance(&self, family: &str, industry: &str) -> Option<&Guidance> {
        let of_family = |g: &&Guidance| g.family == family;
        self.guidance
            .iter()
            .filter(of_family)
            .find(|g| g.industry.as_deref() == Some(industry))
            .or_else(|| {
                self.guidance
                    .iter()
                    .filter(of_family)
                    .find(|g| g.industry.is_none())
            })
    }

    pub fn tax_class(&self, id: &str) -> Option<&TaxClass> {
        self.tax_classes.iter().find(|t| t.id == id)
    }

    /// The enrolled approver with `id`.
    pub fn approver(&self, id: &str) -> Option<&Approver> {
        self.approvers.iter().find(|a| a.id == id)
    }

    /// The enrolled seller with `id`.
    pub fn seller(&self, id: &str) -> Option<&Seller> {
        self.sellers.iter().find(|s| s.id == id)
    }

    pub fn level_index(&self, id: &str) -> Option<usize> {
        self.levels.iter().position(|l| l.id == id)
    }

    /// The term discount for a contract of `months`.
    pub(crate) fn term_discount(&self, months: u32) -> Bp {
        self.term_discounts
            .iter()
            .filter(|t| t.min_months <= months)
            .max_by_key(|t| t.min_months)
            .map_or(0, |t| t.discount_bp)
    }

    /// The bundle discount for a solution spanning `families` product families.
    pub(crate) fn bundle_discount(&self, families: usize) -> Bp {
        self.bundle_discounts
            .iter()
            .filter(|b| b.min_families as usize <= families)
            .max_by_key(|b| b.min_families)
            .map_or(0, |b| b.discount_bp)
    }

    /// The discount limit of `level` for `family`, widened when the customer is at risk.
    pub fn limit(&self, level: usize, family: &str, at_risk: bool) -> Bp {
        let base = self
            .levels
            .get(level)
            .and_then(|l| l.discount_limits.get(family))
            .copied()
            .unwrap_or(0);
        let widening = if at_risk {
            self.at_risk_widening.get(family).copied().unwrap_or(0)
        } else {
            0
        };
        base.saturating_add(widening)
    }
}
