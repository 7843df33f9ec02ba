//! Signing: the exact message an approval's signature covers, and [`sign`], which refuses what
//! an approver can get wrong before anything is signed.

use super::{priced_digest, quote_digests, Approval, ApprovalBody, Decision, Request, Why};
use super::{FORMAT, VERSION};
use crate::keyfile::ApproverKey;
use crate::policy::Policy;
use crate::pricing::Priced;
use crate::quote::Quote;

const SIGNING_DOMAIN: &[u8] = b"tailor-approval-v1\n";

impl ApprovalBody {
    /// The body of an approval of `quote` as priced in `priced`, by `request`, signed with the
    /// key whose public half is `public_key` (hex). Checks nothing; see [`sign`].
    pub fn new(quote: &Quote, priced: &Priced, request: &Request, public_key: &str) -> Self {
        let digests = quote_digests(quote);
        ApprovalBody {
            format: FORMAT.to_string(),
            version: VERSION,
            decision: request.decision,
            quote_id: quote.id.clone(),
            customer_name: quote.customer.name.clone(),
            uscc: quote.customer.uscc.clone(),
            quote_digest: digests.quote,
            parts: digests.parts,
            lines: digests.lines,
            priced_digest: priced_digest(priced),
            approver_id: request.approver_id.clone(),
            public_key: public_key.to_string(),
            suite: crate::suite::Suite::Ed25519,
            level: request.level.clone(),
            issued: request.issued.clone(),
            expires: request.expires.clone(),
            comment: request.comment.clone(),
            reason: request.reason.clone(),
        }
    }

    /// The exact bytes the signature covers: the domain tag and the body's canonical JSON.
    pub fn message(&self) -> Vec<u8> {
        let mut out = SIGNING_DOMAIN.to_vec();
        out.extend(crate::canonical::to_bytes(self));
        out
    }

    /// Signs this body as it stands, in the key's suite (which the body then names). Checks
    /// nothing; see [`sign`].
    pub fn sign(mut self, key: &ApproverKey) -> Approval {
        self.suite = key.suite();
        let signature = hex::encode(key.sign(&self.message()));
        Approval {
            body: self,
            signature,
        }
    }
}

/// Signs `request` on `quote` as priced in `priced` with `key`, after checking what the approver
/// can get wrong: the approver is enrolled with this key at this level, the dates are valid and
/// within the policy's maximum, an approval is for a level the proposal needs and a proposal that
/// can be approved at all (no blocking finding: [`Why::Blocked`] lists them), and a rejection has
/// a reason. A proposal with blocking findings can still be rejected.
pub fn sign(
    policy: &Policy,
    quote: &Quote,
    priced: &Priced,
    request: &Request,
    key: &ApproverKey,
) -> Result<Approval, Vec<Why>> {
    let mut why = Vec::new();
    match policy.approver(&request.approver_id) {
        None => why.push(Why::UnknownApprover {
            approver: request.approver_id.clone(),
        }),
        Some(a) => {
            why.extend(super::verify::signer_key(policy, a, key));
            if a.level != request.level {
                why.push(Why::WrongLevel {
                    approver: a.id.clone(),
                    enrolled: a.level.clone(),
                    claimed: request.level.clone(),
                });
            }
        }
    }
    let level = policy.level_index(&request.level);
    if level.is_none() {
        why.push(Why::UnknownLevel {
            level: request.level.clone(),
        });
    }
    why.extend(super::verify::validity(
        policy,
        &request.issued,
        &request.expires,
    ));
    match request.decision {
        Decision::Approve => {
            if priced.blocked() {
                why.push(Why::Blocked {
                    findings: priced
                        .findings
                        .iter()
                        .filter(|f| f.is_error())
                        .map(|f| f.message.clone())
                        .collect(),
                });
            }
            if priced.authority.refused || priced.authority.beyond_ladder {
                why.push(Why::CannotBeApproved);
            } else if let Some(l) = level {
                let required = priced.authority.required;
                if l == 0 || l > required {
                    why.push(Why::NotNeeded {
                        level: request.level.clone(),
                        required: policy
                            .levels
                            .get(required)
                            .map_or_else(String::new, |l| l.id.clone()),
                    });
                }
            }
        }
        Decision::Reject => {
            if request.reason.trim().is_empty() {
                why.push(Why::MissingReason);
            }
        }
    }
    if !why.is_empty() {
        return Err(why);
    }
    Ok(ApprovalBody::new(quote, priced, request, &key.public_key_hex()).sign(key))
}
