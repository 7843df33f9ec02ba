//! The proposal statement (PRODUCT.md "Proposal statement"): what the customer receives, signed
//! by the account manager who hands it over, so anyone holding the operator's published public
//! keys (`keys.json`, [`crate::keys`]) can check, offline, that the operator issued it and that
//! its figures are the ones approved.
//!
//! # What a statement says
//!
//! Its [`StatementBody`]: format `tailor-statement` and version; the proposal number (the quote's
//! id) and version; the customer's name and USCC; the proposal's date and its valid-until; the
//! contract term; the monthly, one-time and contract totals, tax-exclusive and tax-inclusive, in
//! fen ([`Totals`]); the digest of the customer-facing content ([`content_digest`], defined in
//! `content`); the approvals and pre-authorisations it rests on ([`Basis`]: kind, approver id,
//! level, and the SHA-256 of the signature's 64 bytes, which identifies one signed item); the
//! seller's id, public key and its suite (absent: Ed25519).
//!
//! Valid-until is the proposal's date plus the policy's validity, never past the validity of the
//! approvals or the pre-authorisation it rests on ([`valid_until`]).
//!
//! # The signature
//!
//! Over `b"tailor-statement-v1\n"` followed by the body's canonical JSON ([`crate::canonical`]),
//! by a key enrolled as a **seller** in the signed policy (published in `keys.json` with role
//! `seller`). The signing and verifying calls are [`sign_bytes`] and [`verifies`], the only two
//! places that sign or verify (through [`crate::suite`]: Ed25519 strictly, or SM2 with SM3); a
//! `keys.json` from a policy requiring SM2 refuses an Ed25519 statement.
//!
//! # Where it lives
//!
//! | module | holds |
//! |---|---|
//! | this one | the types, [`sign()`], [`verify()`], the link form ([`to_link`], [`from_link`]) |
//! | `content` | the customer-facing content digest and [`check_against`] a proposal file |
//! | `rests_on` | whether the approvals it rests on verify, given the proposal file ([`held`]) |
//! | `seen` | the statements a verification page has found genuine, and whether a later version [`superseded`] one |
//! | `why` | [`Why`] a statement is not genuine, and [`Difference`], in both languages |

mod content;
mod rests_on;
mod seen;
mod why;

pub use content::{check_against, content_digest};
pub use rests_on::{held, Held};
pub use seen::{remember, superseded, Seen, MAX_SEEN};
pub use why::{Difference, Why};

use crate::approval::preauth::PreAuthorisation;
use crate::approval::{Approval, Status, Verdict};
use crate::catalog::Catalog;
use crate::keyfile::ApproverKey;
use crate::keys::{Keys, PublicKey};
use crate::money::Fen;
use crate::policy::Policy;
use crate::pricing::Priced;
use crate::quote::Quote;
use crate::suite::{PublicKey as SuiteKey, Suite};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The `format` of every statement.
pub const FORMAT: &str = "tailor-statement";
/// The version this build reads and writes.
pub const VERSION: u32 = 1;
const SIGNING_DOMAIN: &[u8] = b"tailor-statement-v1\n";

/// A signed statement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Statement {
    pub body: StatementBody,
    /// The signature of [`StatementBody::message`], 128 hexadecimal digits.
    pub signature: String,
}

/// Everything a statement says; all of it is signed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatementBody {
    /// Always `tailor-statement`.
    pub format: String,
    pub version: u32,
    /// The proposal number: the quote's id.
    pub proposal: String,
    pub proposal_version: u32,
    /// The lineage its versions share (the first version's id); absent: the proposal starts its
    /// own (then it is `proposal`), as in every statement made before versions.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub lineage: String,
    pub customer: String,
    pub uscc: String,
    /// The proposal's date, `YYYY-MM-DD`.
    pub date: String,
    /// The last day the proposal holds, `YYYY-MM-DD`.
    pub valid_until: String,
    pub term_months: u32,
    pub totals: Totals,
    /// SHA-256 of the customer-facing content, 64 hexadecimal digits ([`content_digest`]).
    pub content: String,
    /// The approvals and the pre-authorisation the proposal rests on.
    #[serde(default)]
    pub rests_on: Vec<Basis>,
    /// The seller's id in the policy.
    pub seller: String,
    /// The seller's public key in hexadecimal.
    pub public_key: String,
    /// The suite it signs in; absent: Ed25519.
    #[serde(default, skip_serializing_if = "Suite::is_ed25519")]
    pub suite: Suite,
}

/// The totals as the proposal states them, in fen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Totals {
    /// Monthly, tax-exclusive.
    pub mrc: Fen,
    /// One-time, tax-exclusive.
    pub nrc: Fen,
    /// Contract value, tax-exclusive.
    pub tcv: Fen,
    pub mrc_gross: Fen,
    pub nrc_gross: Fen,
    pub tcv_gross: Fen,
}

/// Which signed item a basis is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BasisKind {
    Approval,
    Preauth,
}

/// An approval or pre-authorisation a statement rests on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Basis {
    pub kind: BasisKind,
    pub approver: String,
    pub level: String,
    /// SHA-256 of the signature's 64 bytes, 64 hexadecimal digits ([`signature_digest`]).
    pub digest: String,
}

/// SHA-256 of a signature given as 128 hexadecimal digits (of its text when it is not hex).
pub fn signature_digest(signature: &str) -> String {
    match hex::decode(signature) {
        Ok(bytes) => hex::encode(Sha256::digest(bytes)),
        Err(_) => hex::encode(Sha256::digest(signature.as_bytes())),
    }
}

/// The signature of `message` by `key` in its suite: the one place a statement is signed.
pub fn sign_bytes(key: &ApproverKey, message: &[u8]) -> String {
    hex::encode(key.sign(message))
}

/// Whether `signature` (hex) of `message` verifies under `public_key` in its suite (Ed25519
/// strictly): the one place a statement is verified.
pub fn verifies(public_key: &SuiteKey, message: &[u8], signature: &str) -> bool {
    public_key.verifies(message, signature)
}

impl StatementBody {
    /// The exact bytes the signature covers.
    pub fn message(&self) -> Vec<u8> {
        let mut out = SIGNING_DOMAIN.to_vec();
        out.extend(crate::canonical::to_bytes(self));
        out
    }
}

impl Totals {
    /// The totals of a priced proposal.
    pub fn of(priced: &Priced) -> Totals {
        let t = &priced.totals;
        Totals {
            mrc: t.net.mrc,
            nrc: t.net.nrc,
            tcv: t.net.tcv,
            mrc_gross: t.gross.mrc,
            nrc_gross: t.gross.nrc,
            tcv_gross: t.gross.tcv,
        }
    }
}

/// The proposal a seller signs: the quote as priced on the signed catalog and policy it names,
/// the verdict on its approvals and pre-authorisations, and those (the lists given to `judge`).
pub struct Proposal<'a> {
    pub catalog: &'a Catalog,
    pub policy: &'a Policy,
    pub quote: &'a Quote,
    pub priced: &'a Priced,
    pub verdict: &'a Verdict,
    pub approvals: &'a [Approval],
    pub preauths: &'a [PreAuthorisation],
}

/// The proposal's valid-until: its date plus the policy's validity, never past the approvals or
/// the pre-authorisation it rests on.
pub fn valid_until(validity_days: u32, quote: &Quote, verdict: &Verdict) -> String {
    let own = crate::date::add_days(&quote.date, i64::from(validity_days)).unwrap_or_default();
    match verdict.valid_until() {
        Some(until)
            if matches!(verdict.status, Status::Approved | Status::PreAuthorised)
                && until < own.as_str() =>
        {
            until.to_string()
        }
        _ => own,
    }
}

/// What the proposal rests on: the approvals of its chain, or its pre-authorisation.
fn rests_on(p: &Proposal) -> Vec<Basis> {
    match p.verdict.status {
        Status::Approved => p
            .verdict
            .chain
            .iter()
            .filter_map(|l| {
                let a = p.approvals.get(l.approval)?;
                Some(Basis {
                    kind: BasisKind::Approval,
                    approver: a.body.approver_id.clone(),
                    level: a.body.level.clone(),
                    digest: signature_digest(&a.signature),
                })
            })
            .collect(),
        Status::PreAuthorised => p
            .verdict
            .preauthorised_by()
            .and_then(|c| p.preauths.get(c.index))
            .map(|a| Basis {
                kind: BasisKind::Preauth,
                approver: a.body.approver_id.clone(),
                level: a.body.level.clone(),
                digest: signature_digest(&a.signature),
            })
            .into_iter()
            .collect(),
        _ => Vec::new(),
    }
}

/// Signs the statement of `proposal` with the seller's `key` on `today`, after checking what a
/// seller can get wrong: the key is enrolled as a seller, the proposal is authorised (within the
/// seller's authority, approved or pre-authorised, and no blocking finding), and it has not
/// expired.
pub fn sign(p: &Proposal, key: &ApproverKey, today: &str) -> Result<Statement, Vec<Why>> {
    let body = prepare(p, key.public_key(), today)?;
    let signature = sign_bytes(key, &body.message());
    Ok(Statement { body, signature })
}

/// The body [`sign()`] would sign for `proposal` with the seller key whose public half is
/// `public_key`, after the same checks: everything but the signature, so the key can be unlocked
/// and the body signed elsewhere (the configurator signs in a worker of its own, loaded on first
/// use) with [`sign_bytes`].
pub fn prepare(
    p: &Proposal,
    public_key: &SuiteKey,
    today: &str,
) -> Result<StatementBody, Vec<Why>> {
    let mut why = Vec::new();
    let seller = p
        .policy
        .sellers
        .iter()
        .find(|s| SuiteKey::parse(s.suite, &s.public_key).as_ref() == Some(public_key));
    if seller.is_none() {
        why.push(Why::NotEnrolled {
            fingerprint: public_key.fingerprint(),
        });
    }
    if p.policy.require_sm2 && public_key.suite() != Suite::Sm2 {
        why.push(Why::SuiteRequired {
            found: public_key.suite().name(),
        });
    }
    let authorised = matches!(
        p.verdict.status,
        Status::NotNeeded | Status::Approved | Status::PreAuthorised
    );
    if !authorised || p.priced.blocked() {
        why.push(Why::NotAuthorised);
    }
    let until = valid_until(p.policy.validity_days, p.quote, p.verdict);
    if until.as_str() < today {
        why.push(Why::Expired {
            valid_until: until.clone(),
        });
    }
    let Some(seller) = seller.filter(|_| why.is_empty()) else {
        return Err(why);
    };
    let body = StatementBody {
        format: FORMAT.to_string(),
        version: VERSION,
        proposal: p.quote.id.clone(),
        proposal_version: p.quote.version,
        lineage: p.quote.lineage.clone(),
        customer: p.quote.customer.name.clone(),
        uscc: p.quote.customer.uscc.clone(),
        date: p.quote.date.clone(),
        valid_until: until,
        term_months: p.quote.term_months,
        totals: Totals::of(p.priced),
        content: content_digest(p.quote, p.priced),
        rests_on: rests_on(p),
        seller: seller.id.clone(),
        public_key: public_key.to_hex(),
        suite: public_key.suite(),
    };
    Ok(body)
}

impl Statement {
    /// The enrolled key that signed, whatever its role.
    pub fn signer<'a>(&self, keys: &'a Keys) -> Option<&'a PublicKey> {
        SuiteKey::parse(self.body.suite, &self.body.public_key).and_then(|k| keys.by_key(&k))
    }

    /// The short verification code printed on every page: the first 8 bytes of the SHA-256 of
    /// the signature, as `XXXX-XXXX-XXXX-XXXX`; the verification page shows the same code.
    pub fn short_code(&self) -> String {
        signature_digest(&self.signature)[..16]
            .to_uppercase()
            .as_bytes()
            .chunks(4)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join("-")
    }

    /// The statement's text: canonical JSON.
    pub fn to_json(&self) -> String {
        crate::canonical::to_string(self)
    }
}

/// Why `statement` is not a genuine, current proposal of the operator whose keys are `keys`, on
/// `today` (empty: it is). Checked: the format; the signing key is enrolled, as a seller, under
/// the id stated; the signature over every field; the dates (valid-until not before the date, not
/// past); every approval and pre-authorisation it names is by an enrolled approver at the level
/// stated.
pub fn verify(keys: &Keys, statement: &Statement, today: &str) -> Vec<Why> {
    let b = &statement.body;
    if b.format != FORMAT || b.version != VERSION {
        return vec![Why::Format {
            found: format!("{} {}", b.format, b.version),
        }];
    }
    let mut why = Vec::new();
    let Some(key) = SuiteKey::parse(b.suite, &b.public_key) else {
        return vec![Why::BadSignature];
    };
    if keys.require_sm2 && b.suite != Suite::Sm2 {
        why.push(Why::SuiteRequired {
            found: b.suite.name(),
        });
    }
    match keys.by_key(&key) {
        None => why.push(Why::NotEnrolled {
            fingerprint: key.fingerprint(),
        }),
        Some(k) if !k.is_seller() => why.push(Why::ApproverKey {
            name: k.name.clone(),
        }),
        Some(k) if k.id != b.seller => why.push(Why::OtherSeller {
            stated: b.seller.clone(),
            enrolled: k.id.clone(),
        }),
        Some(_) => {}
    }
    if !verifies(&key, &b.message(), &statement.signature) {
        why.push(Why::BadSignature);
    }
    match (
        crate::date::parse(&b.date),
        crate::date::parse(&b.valid_until),
    ) {
        (Some(d), Some(u)) if d <= u => {
            if b.valid_until.as_str() < today {
                why.push(Why::Expired {
                    valid_until: b.valid_until.clone(),
                });
            }
        }
        _ => why.push(Why::BadDates),
    }
    for r in &b.rests_on {
        match keys.approver(&r.approver) {
            Some(a) if a.role == r.level => {}
            Some(a) => why.push(Why::ApproverLevel {
                approver: r.approver.clone(),
                stated: r.level.clone(),
                enrolled: a.role.clone(),
            }),
            None => why.push(Why::ApproverNotEnrolled {
                approver: r.approver.clone(),
            }),
        }
    }
    why
}

/// The statement as link text (`tailor1.s.…`, [`crate::link`]) for a QR code or a URL fragment.
pub fn to_link(statement: &Statement) -> String {
    crate::link::encode(crate::link::Kind::Statement, statement.to_json().as_bytes())
}

/// The statement a link carries.
pub fn from_link(text: &str) -> Result<Statement, crate::text::Text> {
    let (kind, bytes) = crate::link::decode(text).map_err(|e| e.text())?;
    if kind != crate::link::Kind::Statement {
        return Err(crate::text::Text::new(
            "此链接不是建议书声明",
            "This link is not a proposal statement",
        ));
    }
    parse(&bytes)
}

/// Reads a statement's JSON.
pub fn parse(bytes: &[u8]) -> Result<Statement, crate::text::Text> {
    serde_json::from_slice(bytes).map_err(|e| {
        crate::text::Text::new(
            format!("建议书声明无法读取：{e}"),
            format!("The statement cannot be read: {e}"),
        )
    })
}
