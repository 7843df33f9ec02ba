//! Pre-authorisations (预授权, PRODUCT.md "Pre-authorisations"): room an approver signs in
//! advance for one customer (USCC), optionally for one named account manager, until a date — per
//! product family a largest effective discount, and a largest TCV — each at most what the
//! approver's own level may grant.
//!
//! The signed message is `b"tailor-preauth-v1\n"` and the canonical JSON of the
//! [`PreAuthBody`]. It verifies like an approval: the approver enrolled **now** in the signed
//! policy at that level with that key, in the suite it names (absent: Ed25519; SM2 when the policy
//! requires it) (a demo key only under a demo policy), the same customer
//! (and account manager, when named), issued at most a day after today and not expired, its
//! validity within the policy's maximum, and its limits still within the level's (a policy that
//! narrows a level narrows what its pre-authorisations may grant).
//!
//! A proposal rests on it while every line is within the account manager's own authority or
//! within the pre-authorisation's limit for its family, its TCV is within the limit, and no line
//! is below the cost floor ([`beyond`] says what is not).

pub mod file;

use super::verify::{dates, Dated};
use super::Why;
use crate::keyfile::ApproverKey;
use crate::money::{Bp, Fen};
use crate::policy::Policy;
use crate::pricing::Priced;
use crate::suite::PublicKey;
use crate::text::Text;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The `format` of every pre-authorisation.
pub const FORMAT: &str = "tailor-preauth";
/// The version this build reads and writes.
pub const VERSION: u32 = 1;
const SIGNING_DOMAIN: &[u8] = b"tailor-preauth-v1\n";

/// What an approver grants in advance; all of it is signed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PreAuthBody {
    /// Always `tailor-preauth`.
    pub format: String,
    pub version: u32,
    pub customer_name: String,
    pub uscc: String,
    /// The one account manager it is for; empty: any.
    #[serde(default)]
    pub account_manager: String,
    /// Per product family id, the largest effective discount granted, in bp.
    pub family_limits: BTreeMap<String, Bp>,
    /// The largest net TCV (tax-exclusive) granted.
    pub max_tcv: Fen,
    pub approver_id: String,
    /// The public key that signed, in hexadecimal (Ed25519 64 digits, SM2 SEC1).
    pub public_key: String,
    /// The suite of the signature; absent means Ed25519, so pre-authorisations signed before
    /// suites existed keep their bytes and verify. Set from the signing key.
    #[serde(default, skip_serializing_if = "crate::suite::Suite::is_ed25519")]
    pub suite: crate::suite::Suite,
    /// The level id the approver grants at.
    pub level: String,
    /// `YYYY-MM-DD`.
    pub issued: String,
    /// `YYYY-MM-DD`, the last day it holds.
    pub expires: String,
    #[serde(default)]
    pub comment: String,
}

/// A signed pre-authorisation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PreAuthorisation {
    pub body: PreAuthBody,
    /// The signature of [`PreAuthBody::message`] in the body's suite, 128 hexadecimal digits.
    pub signature: String,
}

impl PreAuthBody {
    /// The exact bytes the signature covers.
    pub fn message(&self) -> Vec<u8> {
        let mut out = SIGNING_DOMAIN.to_vec();
        out.extend(crate::canonical::to_bytes(self));
        out
    }

    /// Signs this body as it stands, in the key's suite (which the body then names). Checks
    /// nothing; see [`grant`].
    pub fn sign(mut self, key: &ApproverKey) -> PreAuthorisation {
        self.suite = key.suite();
        let signature = hex::encode(key.sign(&self.message()));
        PreAuthorisation {
            body: self,
            signature,
        }
    }
}

/// The room the approver's level may grant: every limit of the body within the level's limit
/// for its family, and the TCV within the level's deal size (none at the top: any).
fn within_level(policy: &Policy, b: &PreAuthBody) -> Vec<Why> {
    let Some(level) = policy.level_index(&b.level) else {
        return vec![Why::UnknownLevel {
            level: b.level.clone(),
        }];
    };
    let mut why = Vec::new();
    for (family, &limit) in &b.family_limits {
        let own = policy
            .levels
            .get(level)
            .and_then(|l| l.discount_limits.get(family));
        match own {
            None => why.push(Why::UnknownFamily {
                family: family.clone(),
            }),
            Some(&own) if limit > own || limit < 0 => why.push(Why::LimitAboveLevel {
                family: family.clone(),
                limit,
                level_limit: own,
            }),
            Some(_) => {}
        }
    }
    let level_max = policy.levels.get(level).and_then(|l| l.max_tcv);
    if let Some(max) = level_max {
        if b.max_tcv > max {
            why.push(Why::TcvAboveLevel {
                max_tcv: b.max_tcv,
                level_max: max,
            });
        }
    }
    why
}

/// The signer: enrolled now, with this key (a demo key only under a demo policy), at this level.
fn signer(policy: &Policy, b: &PreAuthBody) -> Result<PublicKey, Vec<Why>> {
    let (enrolled, key) =
        super::verify::enrolled_signer(policy, &b.approver_id, b.suite, &b.public_key)
            .map_err(|w| vec![w])?;
    if enrolled.level != b.level {
        return Err(vec![Why::WrongLevel {
            approver: b.approver_id.clone(),
            enrolled: enrolled.level.clone(),
            claimed: b.level.clone(),
        }]);
    }
    Ok(key)
}

fn dated(b: &PreAuthBody) -> Dated<'_> {
    Dated {
        issued: &b.issued,
        expires: &b.expires,
    }
}

/// Signs `body` with `key` after checking what an approver can get wrong: enrolled with this key
/// at this level, the limits within the level's, the dates valid and within the policy's maximum.
pub fn grant(
    policy: &Policy,
    mut body: PreAuthBody,
    key: &ApproverKey,
) -> Result<PreAuthorisation, Vec<Why>> {
    body.format = FORMAT.to_string();
    body.version = VERSION;
    body.public_key = key.public_key_hex();
    body.suite = key.suite();
    let mut why = signer(policy, &body).err().unwrap_or_default();
    why.extend(within_level(policy, &body));
    why.extend(super::verify::validity(policy, &body.issued, &body.expires));
    if why.is_empty() {
        Ok(body.sign(key))
    } else {
        Err(why)
    }
}

/// Why `pre` does not hold for customer `uscc` and account manager `account_manager` on `today`
/// under `policy` (the signed policy in force); empty: it holds.
pub fn verify(
    policy: &Policy,
    pre: &PreAuthorisation,
    uscc: &str,
    account_manager: &str,
    today: &str,
) -> Vec<Why> {
    let b = &pre.body;
    if b.format != FORMAT || b.version != VERSION {
        return vec![Why::Unsupported {
            format: b.format.clone(),
            version: b.version,
        }];
    }
    let key = match signer(policy, b) {
        Ok(key) => key,
        Err(why) => return why,
    };
    if !key.verifies(&b.message(), &pre.signature) {
        return vec![Why::BadSignature {
            approver: b.approver_id.clone(),
        }];
    }
    let mut why = Vec::new();
    if b.uscc != uscc {
        why.push(Why::OtherCustomer {
            approved_uscc: b.uscc.clone(),
            approved_name: b.customer_name.clone(),
        });
    }
    if !b.account_manager.is_empty() && b.account_manager != account_manager {
        why.push(Why::OtherAccountManager {
            named: b.account_manager.clone(),
        });
    }
    why.extend(within_level(policy, b));
    why.extend(dates(policy, dated(b), today));
    why
}

/// A line beyond a pre-authorisation: its family's limit (absent: 0) and its effective discount.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineBeyond {
    pub line_id: String,
    /// Its position in the proposal, from 1.
    pub number: usize,
    pub family: String,
    pub effective_bp: Bp,
    pub limit_bp: Bp,
}

/// What of a priced proposal a pre-authorisation does not cover.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Beyond {
    /// Lines beyond both the account manager's own authority and the family limit.
    pub lines: Vec<LineBeyond>,
    /// The net TCV, when above the pre-authorisation's largest.
    pub tcv: Option<Fen>,
    /// The pre-authorisation's largest TCV.
    pub max_tcv: Fen,
    /// Below the cost floor or beyond the ladder: nothing can authorise it.
    pub refused: bool,
}

impl Beyond {
    /// The pre-authorisation covers the whole proposal.
    pub fn covered(&self) -> bool {
        self.lines.is_empty() && self.tcv.is_none() && !self.refused
    }
}

/// What of `priced` lies beyond `pre` (checked for its customer with [`verify`] first).
pub fn beyond(pre: &PreAuthorisation, priced: &Priced) -> Beyond {
    let limits = &pre.body.family_limits;
    let lines = priced
        .lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| {
            let limit_bp = limits.get(&*l.family).copied().unwrap_or(0);
            (!l.authority.within(0) && l.effective_bp > limit_bp).then(|| LineBeyond {
                line_id: l.line_id.clone(),
                number: i + 1,
                family: l.family.to_string(),
                effective_bp: l.effective_bp,
                limit_bp,
            })
        })
        .collect();
    let tcv = priced.totals.net.tcv;
    Beyond {
        lines,
        tcv: (tcv > pre.body.max_tcv).then_some(tcv),
        max_tcv: pre.body.max_tcv,
        refused: priced.authority.refused || priced.authority.beyond_ladder,
    }
}

/// A pre-authorisation judged against a proposal: who granted it, until when, why it does not
/// hold (empty: it verifies) and what of the proposal lies beyond it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    /// Its index in the list given to [`crate::approval::judge`].
    pub index: usize,
    pub approver_id: String,
    pub approver_name: Text,
    pub level: String,
    pub level_name: Text,
    pub expires: String,
    pub why: Vec<Why>,
    pub beyond: Beyond,
}

impl Check {
    /// It verifies and covers the whole proposal: the proposal is authorised in advance.
    pub fn holds(&self) -> bool {
        self.why.is_empty() && self.beyond.covered()
    }
}

/// `pre` (the `index`-th given) judged for `quote` priced as `priced` on `today` under `policy`.
pub fn check(
    policy: &Policy,
    pre: &PreAuthorisation,
    index: usize,
    quote: &crate::quote::Quote,
    priced: &Priced,
    today: &str,
) -> Check {
    let b = &pre.body;
    let level = policy.levels.iter().find(|l| l.id == b.level);
    Check {
        index,
        approver_id: b.approver_id.clone(),
        approver_name: policy
            .approver(&b.approver_id)
            .map_or_else(Text::default, |a| a.name.clone()),
        level: b.level.clone(),
        level_name: level.map_or_else(Text::default, |l| l.name.clone()),
        expires: b.expires.clone(),
        why: verify(
            policy,
            pre,
            &quote.customer.uscc,
            &quote.account_manager,
            today,
        ),
        beyond: beyond(pre, priced),
    }
}

/// The room left on a line: the largest requested discount within the seller's own authority,
/// and within the pre-authorisation's limit for the line's family (both above the cost floor).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Room {
    pub line_id: String,
    /// On the seller's own authority (the priced line's headroom).
    pub own: Option<Bp>,
    /// Under the pre-authorisation.
    pub pre: Option<Bp>,
}

impl Room {
    /// The most the seller may still ask for without an approval chain.
    pub fn best(&self) -> Option<Bp> {
        self.own.max(self.pre)
    }
}

/// The room on every priced line of `quote` (priced in `priced` on `catalog`) under `pre`:
/// "you can still give up to 18.5 % under 张经理's pre-authorisation".
pub fn room(
    catalog: &crate::catalog::Catalog,
    pre: &PreAuthorisation,
    quote: &crate::quote::Quote,
    priced: &Priced,
) -> Vec<Room> {
    priced
        .lines
        .iter()
        .map(|pl| {
            let limit = pre
                .body
                .family_limits
                .get(&*pl.family)
                .copied()
                .unwrap_or(0);
            let terms = crate::waterfall::Terms {
                months: priced.term_months,
                term_bp: pl.term_bp,
                bundle_bp: pl.bundle_bp,
            };
            let under = quote
                .lines
                .iter()
                .find(|l| l.id == pl.line_id)
                .zip(catalog.offering(&pl.offering))
                .and_then(|(line, o)| crate::headroom::max_requested(o, line, terms, limit));
            Room {
                line_id: pl.line_id.clone(),
                own: pl.headroom.own,
                pre: under,
            }
        })
        .collect()
}
