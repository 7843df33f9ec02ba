//! The policy's enrolled approvers: ids present and unique, names in both languages, levels that
//! exist and are above the account manager (the first level, which needs no approval), public
//! keys valid in the suite each declares (64 hexadecimal digits of a full-order Ed25519 key, or
//! an SM2 curve point in SEC1), no key enrolled twice, and no Ed25519 key under a policy that
//! requires SM2 (`require_sm2`). The enrolled sellers likewise (ids, names, keys valid in their
//! suite, SM2 when required), and no seller key that is also an approver's or another seller's: a
//! statement must never pass for an approval. When approvers are enrolled, a warning for any level above the first that has none (a
//! proposal needing it could never be approved).

use super::{known, Ids, Problem, Sink};
use crate::keyfile;
use crate::policy::Policy;
use crate::suite::{PublicKey, Suite};
use std::collections::BTreeMap;

/// The problems with the approvers enrolled in `policy`, as the checker reports them for the
/// policy file (named `policy.json` here).
pub fn check_approvers(policy: &Policy) -> Vec<Problem> {
    let mut out = Vec::new();
    check(policy, &mut Sink::new("policy.json", &mut out));
    out
}

pub(super) fn check(p: &Policy, s: &mut Sink) {
    let mut ids = Ids::new("approvers", "approver");
    let mut keys: BTreeMap<Vec<u8>, usize> = BTreeMap::new();
    for (i, a) in p.approvers.iter().enumerate() {
        let base = format!("approvers[{i}]");
        ids.check(s, i, &a.id);
        s.text(&format!("{base}.name"), &a.name, "the approver name");
        let path = format!("{base}.level");
        match p.level_index(&a.level) {
            None => s.error(
                &path,
                format!(
                    "unknown level '{}'; the levels are {}",
                    a.level,
                    known(p.levels.iter().map(|l| l.id.as_str()))
                ),
            ),
            Some(0) => s.error(
                &path,
                format!(
                    "level '{}' is the first level of the ladder, which needs no approval; an approver there could approve nothing",
                    a.level
                ),
            ),
            Some(_) => {}
        }
        if p.require_sm2 && a.suite != Suite::Sm2 {
            s.error(
                &format!("{base}.suite"),
                format!(
                    "the policy requires SM2 (require_sm2), but this approver's key is {}: enrol an SM2/SM3 key (\"suite\": \"sm2-sm3\")",
                    a.suite.name().en
                ),
            );
        }
        let path = format!("{base}.public_key");
        if let Some(key) = valid_key(p, s, &path, a.suite, &a.public_key) {
            let bytes = key.bytes().to_vec();
            if let Some(first) = keys.get(&bytes) {
                s.error(
                    &path,
                    format!(
                        "the same public key is enrolled for approvers[{first}]; each approver needs their own key"
                    ),
                );
            } else {
                keys.insert(bytes, i);
            }
        }
    }
    if !p.approvers.is_empty() {
        for (i, l) in p.levels.iter().enumerate().skip(1) {
            if !p.approvers.iter().any(|a| a.level == l.id) {
                s.warning(
                    &format!("levels[{i}]"),
                    format!(
                        "no approver is enrolled at level '{}'; a proposal needing it can never be approved",
                        l.id
                    ),
                );
            }
        }
    }
}

/// The enrolled sellers: ids, names and keys as for approvers; a key enrolled for an approver or
/// another seller is refused.
pub(super) fn check_sellers(p: &Policy, s: &mut Sink) {
    let mut keys: BTreeMap<Vec<u8>, String> = BTreeMap::new();
    for (i, a) in p.approvers.iter().enumerate() {
        if let Some(k) = PublicKey::parse(a.suite, &a.public_key) {
            keys.entry(k.bytes().to_vec())
                .or_insert_with(|| format!("approvers[{i}]"));
        }
    }
    let mut ids = Ids::new("sellers", "seller");
    for (i, seller) in p.sellers.iter().enumerate() {
        let base = format!("sellers[{i}]");
        ids.check(s, i, &seller.id);
        s.text(&format!("{base}.name"), &seller.name, "the seller name");
        if p.require_sm2 && seller.suite != Suite::Sm2 {
            s.error(
                &format!("{base}.suite"),
                format!(
                    "the policy requires SM2 (require_sm2), but this seller's key is {}: enrol an SM2/SM3 key (\"suite\": \"sm2-sm3\")",
                    seller.suite.name().en
                ),
            );
        }
        let path = format!("{base}.public_key");
        if let Some(key) = valid_key(p, s, &path, seller.suite, &seller.public_key) {
            match keys.get(key.bytes()) {
                Some(first) => s.error(
                    &path,
                    format!("the same public key is enrolled for {first}; a seller needs a key of their own, never an approver's"),
                ),
                None => {
                    keys.insert(key.bytes().to_vec(), base);
                }
            }
        }
    }
}

/// The key enrolled as `public_key` under `suite` when it is valid in that suite (and not a demo
/// key outside a demo policy); else the error at `path`, and none.
fn valid_key(
    p: &Policy,
    s: &mut Sink,
    path: &str,
    suite: Suite,
    public_key: &str,
) -> Option<PublicKey> {
    let well_formed = match suite {
        Suite::Ed25519 => keyfile::decode_array::<32>(public_key).is_some(),
        Suite::Sm2 => hex::decode(public_key).is_ok_and(|b| b.len() == 33 || b.len() == 65),
    };
    match (well_formed, PublicKey::parse(suite, public_key)) {
        (false, _) if suite == Suite::Ed25519 => s.error(
            path,
            format!(
                "the public key must be 64 hexadecimal digits (32 bytes); found {} characters",
                public_key.chars().count()
            ),
        ),
        (false, _) => s.error(
            path,
            format!(
                "an SM2 public key must be SEC1 in hexadecimal: 66 digits (compressed) or 130 (uncompressed); found {} characters",
                public_key.chars().count()
            ),
        ),
        (true, None) if suite == Suite::Ed25519 => s.error(
            path,
            "the public key is not a valid Ed25519 key (not a curve point, or a weak small-order key)",
        ),
        (true, None) => s.error(
            path,
            "the public key is not a valid SM2 key (not a point of the SM2 curve)",
        ),
        (true, Some(key)) => {
            if !p.demo && crate::demo::public_keys().contains(&key) {
                s.error(
                    path,
                    "a published demo key (anyone can sign with it); it is valid only in a policy marked demo",
                );
            }
            return Some(key);
        }
    }
    None
}
