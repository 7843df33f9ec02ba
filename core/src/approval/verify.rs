//! Verification: why one approval does or does not hold for a quote as priced now, on a given
//! day, and whether a proposal's approvals make a complete chain (the rules are in the
//! `approval` module docs). Signing checks its dates with the same [`validity`].

use super::{priced_digest, quote_digests, Approval, Decision, LineDigest, Link, Problem};
use super::{QuoteDigests, QuotePart, Status, Verdict, Why, FORMAT, VERSION};
use crate::keyfile::ApproverKey;
use crate::policy::{Approver, Policy};
use crate::pricing::Priced;
use crate::quote::Quote;
use crate::suite::{PublicKey, Suite};
use crate::text::Text;
use std::collections::BTreeMap;

impl Approval {
    /// Whether the signature verifies under `public_key`, in its suite.
    pub(crate) fn signature_verifies(&self, public_key: &PublicKey) -> bool {
        public_key.verifies(&self.body.message(), &self.signature)
    }
}

/// Why `key` may not sign for the enrolled `approver` under `policy`: another suite than the
/// enrolled key's, Ed25519 under `require_sm2`, or another key.
pub(super) fn signer_key(policy: &Policy, approver: &Approver, key: &ApproverKey) -> Vec<Why> {
    let id = || approver.id.clone();
    if key.suite() != approver.suite {
        return vec![Why::SuiteMismatch {
            approver: id(),
            enrolled: approver.suite,
            claimed: key.suite(),
        }];
    }
    let mut why = Vec::new();
    if PublicKey::parse(approver.suite, &approver.public_key).as_ref() != Some(key.public_key()) {
        why.push(Why::KeyMismatch { approver: id() });
    }
    if policy.require_sm2 && key.suite() != Suite::Sm2 {
        why.push(Why::Sm2Required { approver: id() });
    }
    why
}
/// The problems with a validity period, regardless of today.
pub(super) fn validity(policy: &Policy, issued: &str, expires: &str) -> Vec<Why> {
    let bad = |field: &str, value: &str| Why::BadDate {
        field: field.to_string(),
        value: value.to_string(),
    };
    match (crate::date::parse(issued), crate::date::parse(expires)) {
        (Some(i), Some(e)) => {
            let days = e - i;
            if days < 0 || days > i64::from(policy.max_approval_days) {
                vec![Why::ValidityTooLong {
                    days,
                    max: policy.max_approval_days,
                }]
            } else {
                Vec::new()
            }
        }
        (i, e) => {
            let mut out = Vec::new();
            if i.is_none() {
                out.push(bad("issued", issued));
            }
            if e.is_none() {
                out.push(bad("expires", expires));
            }
            out
        }
    }
}

/// What an approval is checked against, computed once per verification.
struct Current<'a> {
    quote: &'a Quote,
    digests: QuoteDigests,
    priced: String,
}

/// Why one approval does not hold for `quote` as priced in `priced` on `today` (empty: it holds).
pub fn verify_one(
    policy: &Policy,
    quote: &Quote,
    priced: &Priced,
    approval: &Approval,
    today: &str,
) -> Vec<Why> {
    let current = Current {
        quote,
        digests: quote_digests(quote),
        priced: priced_digest(priced),
    };
    check(policy, &current, approval, today)
}

/// The approver `approver_id` enrolled now in `policy`, and their key, when it is the key
/// `public_key` (hex) an approval or pre-authorisation names in its `suite`: the suite must be
/// the enrolled key's, and SM2 when the policy requires it; a demo key only under a demo policy.
pub(super) fn enrolled_signer<'p>(
    policy: &'p Policy,
    approver_id: &str,
    suite: Suite,
    public_key: &str,
) -> Result<(&'p Approver, PublicKey), Why> {
    let approver = approver_id.to_string();
    let Some(enrolled) = policy.approver(approver_id) else {
        return Err(Why::UnknownApprover { approver });
    };
    if suite != enrolled.suite {
        return Err(Why::SuiteMismatch {
            approver,
            enrolled: enrolled.suite,
            claimed: suite,
        });
    }
    let key = PublicKey::parse(enrolled.suite, &enrolled.public_key)
        .filter(|k| PublicKey::parse(suite, public_key).as_ref() == Some(k));
    let Some(key) = key else {
        return Err(Why::KeyMismatch { approver });
    };
    if policy.require_sm2 && suite != Suite::Sm2 {
        return Err(Why::Sm2Required { approver });
    }
    if !policy.demo && crate::demo::is_demo_key(&enrolled.public_key) {
        return Err(Why::DemoKey { approver });
    }
    Ok((enrolled, key))
}

fn check(policy: &Policy, current: &Current, approval: &Approval, today: &str) -> Vec<Why> {
    let a = &approval.body;
    if a.format != FORMAT || a.version != VERSION {
        return vec![Why::Unsupported {
            format: a.format.clone(),
            version: a.version,
        }];
    }
    // Who signed: only the key enrolled now counts, and until the signature holds nothing else
    // the approval says can be trusted.
    let (approver, enrolled) = match enrolled_signer(policy, &a.approver_id, a.suite, &a.public_key)
    {
        Ok(found) => found,
        Err(why) => return vec![why],
    };
    // The quote digest first: an approval of another quote does not count whatever its
    // signature, so a file of bogus approvals costs a comparison each, not a verification.
    let quote = current.quote;
    let other_customer = a.uscc != quote.customer.uscc;
    let changed = changed_quote(current, approval, other_customer);
    if changed.is_none() && !approval.signature_verifies(&enrolled) {
        return vec![Why::BadSignature {
            approver: a.approver_id.clone(),
        }];
    }

    let mut why = Vec::new();
    if policy.level_index(&a.level).is_none() {
        why.push(Why::UnknownLevel {
            level: a.level.clone(),
        });
    }
    if approver.level != a.level {
        why.push(Why::WrongLevel {
            approver: a.approver_id.clone(),
            enrolled: approver.level.clone(),
            claimed: a.level.clone(),
        });
    }

    if other_customer {
        why.push(Why::OtherCustomer {
            approved_uscc: a.uscc.clone(),
            approved_name: a.customer_name.clone(),
        });
    }
    match changed {
        Some(Some(w)) => why.push(w),
        Some(None) => {}
        None if a.priced_digest != current.priced => why.push(Why::PriceChanged),
        None => {}
    }
    why.extend(dates(policy, Dated::of(a), today));
    why
}

/// How the quote changed since `approval` (`None`: its digest matches; `Some(None)`: it differs
/// only in the customer's identity, said as "another customer").
fn changed_quote(
    current: &Current,
    approval: &Approval,
    other_customer: bool,
) -> Option<Option<Why>> {
    let a = &approval.body;
    let quote = current.quote;
    let now = &current.digests;
    if a.quote_digest == now.quote {
        return None;
    }
    let mut parts = Vec::new();
    if a.quote_id != quote.id {
        parts.push(QuotePart::Id);
    }
    if a.parts.customer != now.parts.customer && !other_customer {
        parts.push(QuotePart::Customer);
    }
    if a.parts.term != now.parts.term {
        parts.push(QuotePart::Term);
    }
    if a.parts.at_risk != now.parts.at_risk {
        parts.push(QuotePart::AtRisk);
    }
    if a.parts.date != now.parts.date {
        parts.push(QuotePart::Date);
    }
    if a.parts.versions != now.parts.versions {
        parts.push(QuotePart::Versions);
    }
    let lines = changed_lines(&a.lines, &now.lines);
    if lines.is_empty() && a.lines != now.lines {
        parts.push(QuotePart::LineOrder);
    }
    // A quote that differs only in its customer's identity is "another customer", said above.
    let only_customer = other_customer
        && lines.is_empty()
        && parts.is_empty()
        && a.parts.customer != now.parts.customer;
    Some((!only_customer).then_some(Why::QuoteChanged { lines, parts }))
}

/// The issue and expiry dates of something signed.
#[derive(Clone, Copy)]
pub(super) struct Dated<'a> {
    pub issued: &'a str,
    pub expires: &'a str,
}

impl<'a> Dated<'a> {
    fn of(a: &'a super::ApprovalBody) -> Self {
        Dated {
            issued: &a.issued,
            expires: &a.expires,
        }
    }
}

/// Signed dates on `today`: issued at most a day after it, not expired, within bounds.
pub(super) fn dates(policy: &Policy, a: Dated, today: &str) -> Vec<Why> {
    let mut why = Vec::new();
    match crate::date::parse(today) {
        None => why.push(Why::BadDate {
            field: "today".to_string(),
            value: today.to_string(),
        }),
        Some(t) => {
            let v = validity(policy, a.issued, a.expires);
            if v.is_empty() {
                if crate::date::parse(a.issued).is_some_and(|i| t + 1 < i) {
                    why.push(Why::NotYetValid {
                        issued: a.issued.to_string(),
                    });
                }
                if crate::date::parse(a.expires).is_some_and(|e| t > e) {
                    why.push(Why::Expired {
                        expires: a.expires.to_string(),
                    });
                }
            }
            why.extend(v);
        }
    }
    why
}

/// The ids of lines changed, added or removed between `then` and `now`: the current lines in
/// order, then the removed ones. Lines are compared per id as multisets of digests, so even
/// duplicate line ids (which the rules flag) cannot hide a change.
fn changed_lines(then: &[LineDigest], now: &[LineDigest]) -> Vec<String> {
    let group = |ls: &[LineDigest]| {
        let mut m: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for l in ls {
            m.entry(l.line.clone()).or_default().push(l.digest.clone());
        }
        for v in m.values_mut() {
            v.sort_unstable();
        }
        m
    };
    let (old, new) = (group(then), group(now));
    let mut out: Vec<String> = Vec::new();
    for l in now.iter().chain(then) {
        if old.get(&l.line) != new.get(&l.line) && !out.contains(&l.line) {
            out.push(l.line.clone());
        }
    }
    out
}

/// Verifies the approvals of `quote` as priced in `priced` (which must be
/// `pricing::price(catalog, policy, quote)`), against the approvers enrolled in `policy`, on
/// `today` (`YYYY-MM-DD`). See the `approval` module docs for what makes a complete chain.
pub fn verify_chain(
    policy: &Policy,
    quote: &Quote,
    priced: &Priced,
    approvals: &[Approval],
    today: &str,
) -> Verdict {
    // The digests are only needed to check approvals: with none attached (every edit of a
    // proposal not yet sent for approval) the verdict costs next to nothing.
    let checks: Vec<Vec<Why>> = if approvals.is_empty() {
        Vec::new()
    } else {
        let current = Current {
            quote,
            digests: quote_digests(quote),
            priced: priced_digest(priced),
        };
        approvals
            .iter()
            .map(|a| check(policy, &current, a, today))
            .collect()
    };
    let valid = |i: usize| checks.get(i).is_some_and(Vec::is_empty);
    let required = priced.authority.required;
    let refused = priced.authority.refused || priced.authority.beyond_ladder;

    let mut problems = Vec::new();
    if refused {
        problems.push(Problem {
            approval: None,
            why: Why::CannotBeApproved,
        });
    }
    for (i, a) in approvals.iter().enumerate() {
        if valid(i) && a.body.decision == Decision::Reject {
            problems.push(Problem {
                approval: Some(i),
                why: Why::Rejected {
                    approver: a.body.approver_id.clone(),
                    level: a.body.level.clone(),
                    reason: a.body.reason.clone(),
                },
            });
        }
    }
    let mut chain = Vec::new();
    let mut missing = Vec::new();
    for level in 1..=required {
        let Some(lvl) = policy.levels.get(level) else {
            // Priced on another ladder than this policy's: that level can never be signed for.
            missing.push(format!("#{level}"));
            continue;
        };
        let found = approvals.iter().enumerate().find(|(i, a)| {
            valid(*i) && a.body.decision == Decision::Approve && a.body.level == lvl.id
        });
        match found {
            Some((i, a)) => chain.push(Link {
                approval: i,
                approver_id: a.body.approver_id.clone(),
                approver_name: policy
                    .approver(&a.body.approver_id)
                    .map_or_else(Text::default, |x| x.name.clone()),
                fingerprint: PublicKey::parse(a.body.suite, &a.body.public_key)
                    .map_or_else(String::new, |k| k.fingerprint()),
                level: lvl.id.clone(),
                level_index: level,
                level_name: lvl.name.clone(),
                issued: a.body.issued.clone(),
                expires: a.body.expires.clone(),
                comment: a.body.comment.clone(),
            }),
            None => missing.push(lvl.id.clone()),
        }
    }
    if !missing.is_empty() {
        problems.push(Problem {
            approval: None,
            why: Why::ChainIncomplete { missing },
        });
    }
    if !problems.is_empty() {
        for (i, c) in checks.iter().enumerate() {
            problems.extend(c.iter().map(|w| Problem {
                approval: Some(i),
                why: w.clone(),
            }));
        }
    }
    let status = if refused {
        Status::Refused
    } else if !problems.is_empty() {
        Status::NotApproved
    } else if required == 0 {
        Status::NotNeeded
    } else {
        Status::Approved
    };
    Verdict {
        status,
        required,
        chain,
        problems,
        checks,
        preauths: Vec::new(),
    }
}
