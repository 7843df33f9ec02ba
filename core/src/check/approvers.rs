//! The policy's enrolled approvers: ids present and unique, names in both languages, levels that
//! exist and are above the account manager (the first level, which needs no approval), public
//! keys valid in the suite each declares (64 hexadecimal digits of a full-order Ed25519 key, or
//! an SM2 curve point in SEC1), no key enrolled twice, and no Ed25519 key under a policy that
//! requires SM2 (`require_sm2`). When approvers are enrolled, a warning for any level above the first that has none (a
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
        let well_formed = match a.suite {
            Suite::Ed25519 => keyfile::decode_array::<32>(&a.public_key).is_some(),
            Suite::Sm2 => hex::decode(&a.public_key).is_ok_and(|b| b.len() == 33 || b.len() == 65),
        };
        match (well_formed, PublicKey::parse(a.suite, &a.public_key)) {
            (false, _) if a.suite == Suite::Ed25519 => s.error(
                &path,
                format!(
                    "the public key must be 64 hexadecimal digits (32 bytes); found {} characters",
                    a.public_key.chars().count()
                ),
            ),
            (false, _) => s.error(
                &path,
                format!(
                    "an SM2 public key must be SEC1 in hexadecimal: 66 digits (compressed) or 130 (uncompressed); found {} characters",
                    a.public_key.chars().count()
                ),
            ),
            (true, None) if a.suite == Suite::Ed25519 => s.error(
                &path,
                "the public key is not a valid Ed25519 key (not a curve point, or a weak small-order key)",
            ),
            (true, None) => s.error(
                &path,
                "the public key is not a valid SM2 key (not a point of the SM2 curve)",
            ),
            (true, Some(key)) => {
                let bytes = key.bytes().to_vec();
                if !p.demo && crate::demo::public_keys().contains(&key) {
                    s.error(
                        &path,
                        "a published demo key (anyone can sign with it); it is valid only in a policy marked demo",
                    );
                }
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
