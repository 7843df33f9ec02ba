//! The public keys a customer needs to check a proposal (`keys.json`, format `tailor-keys`):
//! who may sign for the operator, and nothing else — never a cost, limit, margin or discount.
//!
//! Derived from the signed policy by `tailor-publish` ([`of`]) and signed the same detached way
//! as the policy (`keys.sig.json`, [`crate::publication::Kind::Keys`], its version the policy's),
//! so the verification page believes it only under a publisher built into the app.
//!
//! ```json
//! {"format":"tailor-keys","version":1,"policy_version":"2026.1","demo":false,
//!  "operator":{"zh":"…","en":"…"},
//!  "keys":[{"id":"am-li","name":{"zh":"…","en":"…"},"role":"seller",
//!           "role_name":{"zh":"客户经理","en":"Account manager"},
//!           "public_key":"<64 hex>","fingerprint":"XXXX-XXXX-XXXX-XXXX"}]}
//! ```
//!
//! `role` is `seller` for an enrolled seller, else the approver's level id (`role_name` its name).

use crate::catalog::Catalog;
use crate::policy::Policy;
use crate::publication::{self, Kind, Publisher, Publishers, Refusal};
use crate::suite::{PublicKey as SuiteKey, Suite};
use crate::text::Text;
use serde::{Deserialize, Serialize};

/// The `format` of a keys file.
pub const FORMAT: &str = "tailor-keys";
/// The version this build reads and writes.
pub const VERSION: u32 = 1;
/// The role of a seller's key.
pub const SELLER: &str = "seller";
/// The largest keys file read, in bytes: thousands of enrolled keys.
pub const MAX_BYTES: usize = 2 * 1024 * 1024;

/// The published public keys.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Keys {
    pub format: String,
    pub version: u32,
    /// The version of the policy they come from.
    pub policy_version: String,
    /// Keys of a demo policy: anyone can sign with them.
    #[serde(default)]
    pub demo: bool,
    pub operator: Text,
    /// Every signature must be SM2 with SM3 (the policy's `require_sm2`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub require_sm2: bool,
    pub keys: Vec<PublicKey>,
}

/// One enrolled key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicKey {
    pub id: String,
    pub name: Text,
    /// `seller`, or the approver's level id.
    pub role: String,
    pub role_name: Text,
    /// In hexadecimal, as the policy enrols it.
    pub public_key: String,
    /// The suite the key signs in; absent: Ed25519.
    #[serde(default, skip_serializing_if = "Suite::is_ed25519")]
    pub suite: Suite,
    pub fingerprint: String,
}

impl PublicKey {
    pub fn is_seller(&self) -> bool {
        self.role == SELLER
    }
}

/// The public keys enrolled in `policy`, with the operator named in `catalog`.
pub fn of(catalog: &Catalog, policy: &Policy) -> Keys {
    let fingerprint = |suite: Suite, k: &str| {
        SuiteKey::parse(suite, k).map_or_else(String::new, |k| k.fingerprint())
    };
    let sellers = policy.sellers.iter().map(|s| PublicKey {
        id: s.id.clone(),
        name: s.name.clone(),
        role: SELLER.to_string(),
        role_name: Text::new("客户经理", "Account manager"),
        public_key: s.public_key.to_lowercase(),
        suite: s.suite,
        fingerprint: fingerprint(s.suite, &s.public_key),
    });
    let approvers = policy.approvers.iter().map(|a| PublicKey {
        id: a.id.clone(),
        name: a.name.clone(),
        role: a.level.clone(),
        role_name: policy
            .levels
            .iter()
            .find(|l| l.id == a.level)
            .map_or_else(|| Text::new(&a.level, &a.level), |l| l.name.clone()),
        public_key: a.public_key.to_lowercase(),
        suite: a.suite,
        fingerprint: fingerprint(a.suite, &a.public_key),
    });
    Keys {
        format: FORMAT.to_string(),
        version: VERSION,
        policy_version: policy.version.clone(),
        demo: policy.demo,
        operator: catalog.operator.clone(),
        require_sm2: policy.require_sm2,
        keys: sellers.chain(approvers).collect(),
    }
}

impl Keys {
    /// The file's text: canonical JSON and a newline.
    pub fn to_json(&self) -> String {
        let mut text = crate::canonical::to_string(self);
        text.push('\n');
        text
    }

    /// Reads a keys file.
    pub fn parse(text: &str) -> Result<Keys, Text> {
        if text.len() > MAX_BYTES {
            return Err(Text::new(
                format!("keys.json 过大（{} 字节，上限 {MAX_BYTES}）", text.len()),
                format!(
                    "keys.json is too large ({} bytes; at most {MAX_BYTES})",
                    text.len()
                ),
            ));
        }
        let k: Keys = serde_json::from_str(text).map_err(|e| {
            Text::new(
                format!("keys.json 无法读取：{e}"),
                format!("keys.json cannot be read: {e}"),
            )
        })?;
        if k.format != FORMAT || k.version != VERSION {
            return Err(Text::new(
                format!("keys.json 不是 {FORMAT} 第 {VERSION} 版"),
                format!("keys.json is not {FORMAT} version {VERSION}"),
            ));
        }
        Ok(k)
    }

    /// The enrolled key that is `key` (the same key in the same suite).
    pub fn by_key(&self, key: &SuiteKey) -> Option<&PublicKey> {
        self.keys
            .iter()
            .find(|k| SuiteKey::parse(k.suite, &k.public_key).as_ref() == Some(key))
    }

    /// The enrolled approver `id` (not a seller).
    pub fn approver(&self, id: &str) -> Option<&PublicKey> {
        self.keys.iter().find(|k| k.id == id && !k.is_seller())
    }
}

/// Reads `keys.json` and believes it only when its signature file verifies under a trusted
/// publisher (a demo publisher only for demo keys). Returns the keys and who published them.
pub fn load<'a>(
    publishers: &'a Publishers,
    text: &str,
    signature: Option<&str>,
) -> Result<(Keys, &'a Publisher), Text> {
    let keys = Keys::parse(text)?;
    let publisher = publication::verify(
        publishers,
        Kind::Keys,
        &keys.policy_version,
        text.as_bytes(),
        signature,
    )
    .map_err(|r| r.text("keys.json"))?;
    if publisher.demo && !keys.demo {
        return Err(Refusal::DemoPublisher(publisher.id.clone()).text("keys.json"));
    }
    Ok((keys, publisher))
}
