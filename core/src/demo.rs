//! The demo: keys anyone can use, because their seeds are derived from their names and their key
//! files and passphrases are published (`public/demo-keys/`, `demo/`). They verify only under a
//! policy marked `demo`, and everything made under such a policy says "演示 / DEMO — not an offer".

use sha2::{Digest, Sha256};
use std::sync::OnceLock;

/// The enrolled ids of the demo approvers, lowest level first.
pub const APPROVER_IDS: [&str; 3] = ["demo-sales-manager", "demo-city-branch", "demo-provincial"];

/// The enrolled id of the demo seller, who signs proposal statements in demo mode.
pub const SELLER_ID: &str = "demo-account-manager";

/// The id of the demo publisher, which signs the demo policy.
pub const PUBLISHER_ID: &str = "demo-publisher";

/// The mark on every screen, file and printed page made under a demo policy: the same words in
/// both languages, so it reads the same whatever the page's language.
pub const MARK: &str = "演示 / DEMO — not an offer · 非正式报价";

/// The Ed25519 seed of the demo key named `id`: SHA-256(`tailor-demo-<id>`). Public by design.
pub fn seed(id: &str) -> [u8; 32] {
    Sha256::digest(format!("tailor-demo-{id}").as_bytes()).into()
}

/// The public keys of every demo key (the approvers', the seller's and the publisher's).
pub fn public_keys() -> &'static [crate::suite::PublicKey] {
    static KEYS: OnceLock<Vec<crate::suite::PublicKey>> = OnceLock::new();
    KEYS.get_or_init(|| {
        APPROVER_IDS
            .iter()
            .chain([&SELLER_ID, &PUBLISHER_ID])
            .map(|id| {
                crate::keyfile::ApproverKey::from_seed(seed(id))
                    .public_key()
                    .clone()
            })
            .collect()
    })
}

/// Whether `public_key` (64 hexadecimal digits) is a demo key (the demo keys are Ed25519).
pub fn is_demo_key(public_key: &str) -> bool {
    crate::suite::PublicKey::parse(crate::suite::Suite::Ed25519, public_key)
        .is_some_and(|k| public_keys().contains(&k))
}

/// The name of a file made under a demo policy: `DEMO-` before `name`.
pub fn file_name(name: &str) -> String {
    format!("DEMO-{name}")
}
