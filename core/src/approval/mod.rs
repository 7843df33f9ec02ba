//! Signed approvals: an approval is a signature (Ed25519 or SM2, [`crate::suite`]), by an
//! approver enrolled in the policy,
//! over one exact quote for one customer and its priced result. It verifies anywhere, offline,
//! and a copy made for another customer or a changed quote does not verify.
//!
//! # What an approval binds
//!
//! The signed message is `b"tailor-approval-v1\n"` followed by the canonical JSON
//! ([`crate::canonical`]) of the [`ApprovalBody`]: every field of the approval file except the
//! signature, in declaration order.
//!
//! **The quote digest** ([`quote_digests`]) is SHA-256 over `b"tailor-quote-v1\n"` and the
//! canonical JSON of `{id, parts, lines}`, where each part and each line is itself a
//! domain-separated SHA-256 digest (so verification can say *what* changed):
//!
//! | bound | part |
//! |---|---|
//! | the quote's stable `id` (a duplicated proposal gets a new id and loses its approvals) | `id` |
//! | customer name and USCC | `customer` |
//! | contract term | `term` |
//! | at-risk flag, competitor and reason | `at_risk` |
//! | catalog and policy versions | `versions` |
//! | per line, in order: id, offering, chosen options, quantity, requested discount, the site the line is at (its id, name, city and address), and the reason for a discount above normal, when given | `lines[i]` |
//!
//! Deliberately **not** bound, so editing them keeps the approval: the pricing `role` (who is
//! looking at the quote: the approver opens it at their own level), the proposal `version`
//! (bookkeeping raised on handover), `schema_version`, the customer's industry, size,
//! contacts and needs notes, and sites no line is at. A site a line *is* at is bound through that
//! line, so moving a dedicated line's site voids exactly the lines at that site.
//!
//! **The priced digest** ([`priced_digest`]) is SHA-256 over `b"tailor-priced-v1\n"` and the
//! canonical JSON of the priced result's role-independent content: currency, term, term and
//! bundle discounts, families, every line's amounts, waterfall, cost, margin and effective
//! discount and the level it needs, the totals, the tax totals, and the proposal's required level,
//! beyond-ladder and refused flags and reasons. Left out: the pricing role, each line's
//! role-dependent limit and headroom (they depend on who is looking), and the configuration-rule
//! findings (messages). So the same quote priced on a changed catalog or policy no longer verifies
//! ([`Why::PriceChanged`]) even if the version strings were not raised.
//!
//! # The chain
//!
//! A proposal whose priced result needs level `N` (`priced.authority.required`, an index into
//! `policy.levels`; 0 is the account manager, who needs no approval) is approved by a complete
//! chain: one valid `approve` from each level `1..=N`. A level above another does not stand in for
//! it, nor the other way round. The quote's own `role` plays no part: it is not authenticated.
//! Each approval binds the same quote and price independently, so the levels may sign in any
//! order (or in parallel); the verdict lists the chain in level order. A valid rejection of the
//! same quote by an enrolled approver blocks approval while it is attached.
//!
//! An approval is valid when its suite ([`crate::suite`]; absent: Ed25519) is the suite its
//! approver's key is enrolled in (and SM2 when the policy has `require_sm2`), its signature
//! verifies in that suite (Ed25519 *strictly*, `verify_strict`: canonical `s`, no small-order
//! points; SM2 with SM3 and the default ID) under the key enrolled **now** in the policy for its
//! approver, the key it names is that enrolled key, its level is the approver's enrolled level, it is for the
//! quote's customer (USCC), both digests match, and `issued ≤ today ≤ expires` with
//! `expires − issued ≤ policy.max_approval_days`. Dates are `YYYY-MM-DD`, compared as calendar
//! days; the app passes today's local date.
//!
//! # The files
//!
//! An approval file holds one [`Approval`] (its [`ApprovalBody`] and the signature) as canonical
//! JSON; a quote file carries the approvals of its quote in its `approvals` list, one such object
//! each. [`file`](mod@file) reads and writes both and names them.
//!
//! # Where it lives
//!
//! | module | holds |
//! |---|---|
//! | this one | the approval's types, the [`Verdict`] on a proposal's approvals |
//! | `digest` | what an approval binds: [`quote_digests`], [`priced_digest`] |
//! | `why` | [`Why`] an approval does not count, in both languages |
//! | `sign` | [`sign()`]: the checks before signing, the signed message |
//! | `verify` | [`verify_one`] and [`verify_chain`]: signature, customer, digests, dates, the chain |
//! | `judge` | [`judge()`]: the chain, then the pre-authorisations, under the policy's standing |
//! | [`file`](mod@file) | approval files, approvals in quote files, their file names |
//! | [`preauth`] | pre-authorisations: room granted in advance for one customer, `grant`, `verify`, what a proposal has `beyond` it |

mod digest;
pub mod file;
mod judge;
pub mod preauth;
mod sign;
mod verify;
mod why;

pub use digest::{priced_digest, quote_digests};
pub use judge::judge;
pub use sign::sign;
pub use verify::{verify_chain, verify_one};
pub use why::Why;

use crate::text::Text;
use serde::{Deserialize, Serialize};

/// The `format` of every approval.
pub const FORMAT: &str = "tailor-approval";
/// The approval version this build reads and writes.
pub const VERSION: u32 = 1;

/// Approve or reject.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Approve,
    Reject,
}

/// A signed approval (or rejection): the file an approver sends back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    /// What is signed.
    pub body: ApprovalBody,
    /// The signature of [`ApprovalBody::message`] in the body's suite, 128 hexadecimal digits.
    pub signature: String,
}

/// Everything an approval says; all of it is signed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApprovalBody {
    /// Always `tailor-approval`.
    pub format: String,
    pub version: u32,
    pub decision: Decision,
    /// The approved quote's stable id.
    pub quote_id: String,
    /// The customer the approval is for, as the approver saw it.
    pub customer_name: String,
    pub uscc: String,
    /// SHA-256 of the quote's binding content (see the module docs), 64 hexadecimal digits.
    pub quote_digest: String,
    /// Digests of the quote's parts, to tell what changed.
    pub parts: PartDigests,
    /// Digests of the quote's lines, in order, to tell which lines changed.
    pub lines: Vec<LineDigest>,
    /// SHA-256 of the priced result's binding content.
    pub priced_digest: String,
    /// The approver's id in the policy.
    pub approver_id: String,
    /// The public key that signed, in hexadecimal (Ed25519 64 digits, SM2 SEC1).
    pub public_key: String,
    /// The suite of the signature; absent means Ed25519, so approvals signed before suites
    /// existed keep their bytes and verify. Set from the signing key ([`ApprovalBody::sign`]).
    #[serde(default, skip_serializing_if = "crate::suite::Suite::is_ed25519")]
    pub suite: crate::suite::Suite,
    /// The level id the approver signs at.
    pub level: String,
    /// `YYYY-MM-DD`.
    pub issued: String,
    /// `YYYY-MM-DD`, the last day the approval holds.
    pub expires: String,
    #[serde(default)]
    pub comment: String,
    /// Why the proposal is rejected (required for a rejection).
    #[serde(default)]
    pub reason: String,
}

/// Digests of the parts of a quote other than its lines.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartDigests {
    pub customer: String,
    pub term: String,
    pub at_risk: String,
    /// The proposal's date: its customer-facing valid-until counts from it.
    pub date: String,
    pub versions: String,
}

/// A line's id and digest.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LineDigest {
    pub line: String,
    pub digest: String,
}

/// All digests of a quote.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct QuoteDigests {
    pub quote: String,
    pub parts: PartDigests,
    pub lines: Vec<LineDigest>,
}

/// A part of the quote outside its lines that changed since approval.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuotePart {
    /// Another proposal (a different quote id).
    Id,
    /// The customer's name (a different USCC is [`Why::OtherCustomer`]).
    Customer,
    Term,
    AtRisk,
    /// The proposal's date (its valid-until counts from it).
    Date,
    Versions,
    /// The same lines in another order.
    LineOrder,
}

/// What an approver asks to sign.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub decision: Decision,
    pub approver_id: String,
    /// The level id, which must be the approver's enrolled level.
    pub level: String,
    /// `YYYY-MM-DD`, normally today.
    pub issued: String,
    /// `YYYY-MM-DD`, at most `policy.max_approval_days` after `issued`.
    pub expires: String,
    pub comment: String,
    /// Required for a rejection.
    pub reason: String,
}

/// One reason a proposal is not approved; `approval` is the index of the approval it concerns in
/// the list given to [`verify_chain`], if it concerns one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub approval: Option<usize>,
    pub why: Why,
}

/// The approval state of a proposal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Within the account manager's authority: no approval needed.
    NotNeeded,
    /// A complete, valid chain.
    Approved,
    /// Covered by a pre-authorisation for its customer that verifies (`Verdict::preauths`).
    PreAuthorised,
    /// Needs approval it does not (yet) have; the problems say why.
    NotApproved,
    /// Below the cost floor or beyond the ladder: no approval can allow it.
    Refused,
}

/// One valid approval of the chain, for the proposal to state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// Its index in the list given to [`verify_chain`].
    pub approval: usize,
    pub approver_id: String,
    pub approver_name: Text,
    pub fingerprint: String,
    pub level: String,
    pub level_index: usize,
    pub level_name: Text,
    pub issued: String,
    pub expires: String,
    pub comment: String,
}

/// The verdict on a proposal's approvals.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    pub status: Status,
    /// The level the proposal needs (index into `policy.levels`).
    pub required: usize,
    /// The valid approvals making up the chain, in level order (partial when incomplete).
    pub chain: Vec<Link>,
    /// Why the proposal is not approved; empty when approved or not needed.
    pub problems: Vec<Problem>,
    /// For each approval given, in order, why it does not count (empty: it is valid). An invalid
    /// approval not needed by a complete chain does not block, but shows here.
    pub checks: Vec<Vec<Why>>,
    /// Each pre-authorisation given, in order, judged against the proposal.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub preauths: Vec<preauth::Check>,
}

impl Verdict {
    /// Approved by a complete chain.
    pub fn approved(&self) -> bool {
        self.status == Status::Approved
    }

    /// The pre-authorisation the proposal rests on, when it rests on one.
    pub fn preauthorised_by(&self) -> Option<&preauth::Check> {
        if self.status != Status::PreAuthorised {
            return None;
        }
        self.preauths.iter().find(|c| c.holds())
    }

    /// The last day the authorisation holds: the earliest expiry in the chain, or the
    /// pre-authorisation's.
    pub fn valid_until(&self) -> Option<&str> {
        match self.preauthorised_by() {
            Some(c) => Some(c.expires.as_str()),
            None => self.chain.iter().map(|l| l.expires.as_str()).min(),
        }
    }
}
