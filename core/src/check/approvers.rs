//! The policy's enrolled approvers: ids present and unique, names in both languages, levels that
//! exist and are above the account manager (the first level, which needs no approval), public
//! keys that are 64 hexadecimal digits of a valid, full-order Ed25519 key, and no key enrolled
//! twice. The enrolled sellers likewise: unique ids, names, valid keys, and no seller key that is
//! also an approver's (or another seller's): a statement must never pass for an approval. When approvers are enrolled, a warning for any level above the first that has none (a
//! proposal needing it could never be approved).

use super::{known, Ids, Problem, Sink};
use crate::keyfile;
use crate::policy::Policy;
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
    let mut keys: BTreeMap<[u8; 32], usize> = BTreeMap::new();
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
        key(
            p,
            s,
            &format!("{base}.public_key"),
            &a.public_key,
            &mut keys,
            i,
        );
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
    let mut keys: BTreeMap<[u8; 32], String> = BTreeMap::new();
    for (i, a) in p.approvers.iter().enumerate() {
        if let Some(k) = keyfile::parse_public_key(&a.public_key) {
            keys.entry(k).or_insert_with(|| format!("approvers[{i}]"));
        }
    }
    let mut ids = Ids::new("sellers", "seller");
    for (i, seller) in p.sellers.iter().enumerate() {
        let base = format!("sellers[{i}]");
        ids.check(s, i, &seller.id);
        s.text(&format!("{base}.name"), &seller.name, "the seller name");
        let path = format!("{base}.public_key");
        if let Some(bytes) = valid_key(p, s, &path, &seller.public_key) {
            match keys.get(&bytes) {
                Some(first) => s.error(
                    &path,
                    format!("the same public key is enrolled for {first}; a seller needs a key of their own, never an approver's"),
                ),
                None => {
                    keys.insert(bytes, base);
                }
            }
        }
    }
}

/// Checks an approver's key: valid, not demo outside a demo policy, not enrolled twice.
fn key(
    p: &Policy,
    s: &mut Sink,
    path: &str,
    public_key: &str,
    keys: &mut BTreeMap<[u8; 32], usize>,
    i: usize,
) {
    let Some(bytes) = valid_key(p, s, path, public_key) else {
        return;
    };
    if let Some(first) = keys.get(&bytes) {
        s.error(
            path,
            format!(
                "the same public key is enrolled for approvers[{first}]; each approver needs their own key"
            ),
        );
    } else {
        keys.insert(bytes, i);
    }
}

/// The key's bytes when it is 64 hexadecimal digits of a valid Ed25519 key (and not a demo key
/// outside a demo policy); else the error, and none.
fn valid_key(p: &Policy, s: &mut Sink, path: &str, public_key: &str) -> Option<[u8; 32]> {
    match (
        keyfile::decode_array::<32>(public_key),
        keyfile::parse_public_key(public_key),
    ) {
        (None, _) => {
            s.error(
                path,
                format!(
                    "the public key must be 64 hexadecimal digits (32 bytes); found {} characters",
                    public_key.chars().count()
                ),
            );
            None
        }
        (Some(_), None) => {
            s.error(
                path,
                "the public key is not a valid Ed25519 key (not a curve point, or a weak small-order key)",
            );
            None
        }
        (Some(_), Some(bytes)) => {
            if !p.demo && crate::demo::public_keys().contains(&bytes) {
                s.error(
                    path,
                    "a published demo key (anyone can sign with it); it is valid only in a policy marked demo",
                );
            }
            Some(bytes)
        }
    }
}
