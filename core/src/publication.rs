//! What the pricing team publishes, signed: `catalog.json`, `policy.json` and the public keys
//! derived from the policy (`keys.json`, [`crate::keys`]) each travel with a
//! detached signature (`catalog.sig.json`, `policy.sig.json`, `keys.sig.json`) by a publisher key, and the app
//! believes them only when the signature verifies under a publisher key it was built to trust
//! (`trust/publishers.json`, see the README's deployment section).
//!
//! # What a signature binds
//!
//! The signed message is `b"tailor-publication-v1\n"`, the file's kind (`catalog` or `policy`),
//! `b"\n"`, its version, `b"\n"` and the SHA-256 of the file's exact bytes as 64 hexadecimal
//! digits. So a catalog's signature cannot pass for a policy's, nor for another version, and one
//! changed byte (even white space) breaks it.
//!
//! # Suites
//!
//! A publisher's key declares its suite ([`crate::suite`]) in the trusted publishers file, and a
//! signature names its own; both absent mean Ed25519, so files signed before suites existed keep
//! their bytes and verify. A signature in another suite than its publisher's key is refused.
//!
//! # Demo
//!
//! A publisher marked `demo` (its key is public: [`crate::demo`]) may sign only a policy marked
//! `demo`; anything signed by it is demo. A demo policy is believed only with `allow_demo`.

use crate::keyfile::ApproverKey;
use crate::suite::{PublicKey, Suite};
use crate::text::Text;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The `format` of a signature file.
pub const FORMAT: &str = "tailor-publication";
/// The `format` of the trusted publishers file.
pub const PUBLISHERS_FORMAT: &str = "tailor-publishers";
/// The version of both formats this build reads and writes.
pub const VERSION: u32 = 1;
const DOMAIN: &[u8] = b"tailor-publication-v1\n";

/// Which published file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Catalog,
    Policy,
    /// The public keys derived from the policy (`crate::keys`), for the verification page.
    Keys,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Catalog => "catalog",
            Kind::Policy => "policy",
            Kind::Keys => "keys",
        }
    }

    /// The published file: `catalog.json` or `policy.json`.
    pub fn file_name(self) -> &'static str {
        match self {
            Kind::Catalog => "catalog.json",
            Kind::Policy => "policy.json",
            Kind::Keys => "keys.json",
        }
    }

    /// Its signature beside it: `catalog.sig.json` or `policy.sig.json`.
    pub fn signature_file_name(self) -> &'static str {
        match self {
            Kind::Catalog => "catalog.sig.json",
            Kind::Policy => "policy.sig.json",
            Kind::Keys => "keys.sig.json",
        }
    }
}

/// A publisher the app is built to trust.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Publisher {
    pub id: String,
    pub name: Text,
    /// The public key in hexadecimal (Ed25519 64 digits, SM2 SEC1).
    pub public_key: String,
    /// The suite the key signs in; absent: Ed25519.
    #[serde(default, skip_serializing_if = "Suite::is_ed25519")]
    pub suite: Suite,
    /// A demo publisher: its key is public, it signs only demo policies.
    #[serde(default)]
    pub demo: bool,
}

/// The publishers the app is built to trust (`trust/publishers.json`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Publishers {
    pub format: String,
    pub version: u32,
    pub publishers: Vec<Publisher>,
}

impl Publishers {
    /// Reads a publishers file; `file` names it in the refusal.
    pub fn parse(file: &str, text: &str) -> Result<Publishers, String> {
        let p: Publishers = serde_json::from_str(text)
            .map_err(|e| format!("{file}: not a publishers file: {e}"))?;
        if p.format != PUBLISHERS_FORMAT || p.version != VERSION {
            return Err(format!(
                "{file}: format '{}' version {} is not '{PUBLISHERS_FORMAT}' version {VERSION}",
                p.format, p.version
            ));
        }
        for (i, publisher) in p.publishers.iter().enumerate() {
            if PublicKey::parse(publisher.suite, &publisher.public_key).is_none() {
                return Err(format!(
                    "{file}: publishers[{i}].public_key is not a valid {} public key",
                    publisher.suite.name().en
                ));
            }
            if !publisher.demo && crate::demo::is_demo_key(&publisher.public_key) {
                return Err(format!(
                    "{file}: publishers[{i}] uses a published demo key but is not marked demo"
                ));
            }
        }
        Ok(p)
    }

    fn by_id(&self, id: &str) -> Option<&Publisher> {
        self.publishers.iter().find(|p| p.id == id)
    }
}

/// A detached signature of one published file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    /// Always `tailor-publication`.
    pub format: String,
    pub version: u32,
    pub kind: Kind,
    /// The version the signed file declares.
    pub file_version: String,
    /// SHA-256 of the file's exact bytes, 64 hexadecimal digits.
    pub sha256: String,
    /// The publisher's id in the trusted publishers.
    pub publisher: String,
    /// The publisher's public key in hexadecimal.
    pub public_key: String,
    /// The signature's suite; absent: Ed25519.
    #[serde(default, skip_serializing_if = "Suite::is_ed25519")]
    pub suite: Suite,
    /// The signature in that suite, 128 hexadecimal digits.
    pub signature: String,
}

impl Signature {
    /// The signature file's text: canonical JSON and a newline.
    pub fn to_json(&self) -> String {
        let mut text = crate::canonical::to_string(self);
        text.push('\n');
        text
    }
}

/// SHA-256 of `bytes`, 64 lower-case hexadecimal digits.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn message(kind: Kind, file_version: &str, sha256: &str) -> Vec<u8> {
    [
        DOMAIN,
        kind.name().as_bytes(),
        b"\n",
        file_version.as_bytes(),
        b"\n",
        sha256.as_bytes(),
    ]
    .concat()
}

/// Signs the published file `bytes` of `kind`, declaring `file_version`, as `publisher`.
pub fn sign(
    kind: Kind,
    file_version: &str,
    bytes: &[u8],
    publisher: &str,
    key: &ApproverKey,
) -> Signature {
    let sha256 = sha256_hex(bytes);
    let signature = hex::encode(key.sign(&message(kind, file_version, &sha256)));
    Signature {
        format: FORMAT.to_string(),
        version: VERSION,
        kind,
        file_version: file_version.to_string(),
        sha256,
        publisher: publisher.to_string(),
        public_key: key.public_key_hex(),
        suite: key.suite(),
        signature,
    }
}

/// Why a published file is not believed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// No signature file beside it.
    Unsigned,
    /// The signature file is not one.
    Malformed(String),
    /// A signature of another kind of file, or of another version.
    OtherFile { signed: String, found: String },
    /// The file's bytes are not the bytes signed.
    Altered,
    /// Not a publisher this build trusts.
    UnknownPublisher(String),
    /// The key named is not the trusted publisher's key.
    KeyMismatch(String),
    /// The signature is in another suite than the trusted publisher's key.
    OtherSuite {
        publisher: String,
        trusted: Suite,
        signed: Suite,
    },
    /// The signature does not verify.
    BadSignature(String),
    /// A demo publisher signed a policy not marked demo.
    DemoPublisher(String),
}

impl Refusal {
    /// In both languages, for the file named `file`.
    pub fn text(&self, file: &str) -> Text {
        match self {
            Refusal::Unsigned => Text::new(
                format!("{file} 没有签名（缺少 {file} 旁的 .sig.json 签名文件）"),
                format!("{file} is not signed (no .sig.json signature beside it)"),
            ),
            Refusal::Malformed(why) => Text::new(
                format!("{file} 的签名文件无法读取：{why}"),
                format!("{file}'s signature file cannot be read: {why}"),
            ),
            Refusal::OtherFile { signed, found } => Text::new(
                format!("{file} 的签名是为 {signed} 签的，而文件是 {found}"),
                format!("{file}'s signature is for {signed}, but the file is {found}"),
            ),
            Refusal::Altered => Text::new(
                format!("{file} 在签名后被修改过（摘要不符）"),
                format!("{file} was changed after it was signed (its digest does not match)"),
            ),
            Refusal::UnknownPublisher(id) => Text::new(
                format!("{file} 由「{id}」签名，本版本不信任该发布方"),
                format!("{file} is signed by '{id}', a publisher this build does not trust"),
            ),
            Refusal::KeyMismatch(id) => Text::new(
                format!("{file} 的签名密钥不是发布方「{id}」受信任的密钥"),
                format!(
                    "{file} is signed with a key other than the trusted key of publisher '{id}'"
                ),
            ),
            Refusal::OtherSuite {
                publisher,
                trusted,
                signed,
            } => {
                let (t, s) = (trusted.name(), signed.name());
                Text::new(
                    format!(
                        "{file} 的签名是{}，而发布方「{publisher}」受信任的密钥是{}",
                        s.zh, t.zh
                    ),
                    format!(
                        "{file} is signed in {}, but publisher '{publisher}''s trusted key is {}",
                        s.en, t.en
                    ),
                )
            }
            Refusal::BadSignature(id) => Text::new(
                format!("{file} 上发布方「{id}」的签名无效"),
                format!("{file}: publisher '{id}''s signature does not verify"),
            ),
            Refusal::DemoPublisher(id) => Text::new(
                format!("{file} 由演示发布方「{id}」签名，但未标记为演示（demo）"),
                format!("{file} is signed by the demo publisher '{id}' but is not marked demo"),
            ),
        }
    }
}

/// Verifies the published file `bytes` of `kind`, declaring `file_version`, against its
/// signature file's text (`None`: there was none), under the trusted `publishers`. Returns the
/// publisher who signed.
pub fn verify<'a>(
    publishers: &'a Publishers,
    kind: Kind,
    file_version: &str,
    bytes: &[u8],
    signature: Option<&str>,
) -> Result<&'a Publisher, Refusal> {
    let text = signature.ok_or(Refusal::Unsigned)?;
    if text.len() > 4096 {
        return Err(Refusal::Malformed(format!(
            "{} bytes, more than a signature file's 4096",
            text.len()
        )));
    }
    let sig: Signature =
        serde_json::from_str(text).map_err(|e| Refusal::Malformed(e.to_string()))?;
    if sig.format != FORMAT || sig.version != VERSION {
        return Err(Refusal::Malformed(format!(
            "format '{}' version {} is not '{FORMAT}' version {VERSION}",
            sig.format, sig.version
        )));
    }
    let signed = format!("{} {}", sig.kind.name(), sig.file_version);
    let found = format!("{} {file_version}", kind.name());
    if sig.kind != kind || sig.file_version != file_version {
        return Err(Refusal::OtherFile { signed, found });
    }
    let publisher = publishers
        .by_id(&sig.publisher)
        .ok_or_else(|| Refusal::UnknownPublisher(sig.publisher.clone()))?;
    if sig.suite != publisher.suite {
        return Err(Refusal::OtherSuite {
            publisher: sig.publisher.clone(),
            trusted: publisher.suite,
            signed: sig.suite,
        });
    }
    let trusted = PublicKey::parse(publisher.suite, &publisher.public_key)
        .ok_or_else(|| Refusal::KeyMismatch(sig.publisher.clone()))?;
    if PublicKey::parse(sig.suite, &sig.public_key).as_ref() != Some(&trusted) {
        return Err(Refusal::KeyMismatch(sig.publisher.clone()));
    }
    let sha256 = sha256_hex(bytes);
    if !sig.sha256.eq_ignore_ascii_case(&sha256) {
        return Err(Refusal::Altered);
    }
    if !trusted.verifies(&message(kind, file_version, &sha256), &sig.signature) {
        return Err(Refusal::BadSignature(sig.publisher.clone()));
    }
    Ok(publisher)
}
