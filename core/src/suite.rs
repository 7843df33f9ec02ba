//! Signature suites (PRODUCT.md "Proposal statement and signature suites"): every signed artefact
//! names the suite its signature is in, and every enrolled key declares its own.
//!
//! | suite | serde name | public key | signature |
//! |---|---|---|---|
//! | [`Suite::Ed25519`] | `ed25519` | 32 bytes, 64 hexadecimal digits | 64 bytes, verified strictly (`verify_strict`: canonical `s`, no small-order points) |
//! | [`Suite::Sm2`] | `sm2-sm3` | SEC1, compressed (33 bytes) as this build writes it, uncompressed (65) read too | 64 bytes `r ‖ s`, GB/T 32918.2 with SM3 (GB/T 32905) and the default distinguishing ID [`SM2_ID`] |
//!
//! An artefact whose `suite` field is absent is Ed25519: every file signed before suites existed
//! keeps its bytes and its signature. Writers skip the field for Ed25519 for the same reason.
//!
//! **SM2 nonces.** The core draws no randomness (ARCHITECTURE.md, invariant 1). SM2 signing needs
//! a fresh secret `k` per signature; the `sm2` crate derives it deterministically from the private
//! key and the message digest as RFC 6979 does, with HMAC-SM3 ([`SigningKey::sign`]). The same key
//! and message give the same signature, natively and in the browser; a repeated `k` for two
//! different messages (which would reveal the key) cannot happen short of an SM3 collision. GB/T
//! 32918.2 asks for `k` "random"; a deterministic `k` is indistinguishable from random to anyone
//! without the key, and verifiers cannot tell the difference.
//!
//! A key's fingerprint is the first 8 bytes of a digest of its public key, in four groups of four
//! upper-case hexadecimal digits: SHA-256 of the 32 bytes for Ed25519 (as always), SM3 of the
//! compressed SEC1 bytes for SM2, so the SM suite involves no foreign primitive.

use crate::text::Text;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sm2::dsa::signature::{Signer, Verifier};
use sm2::elliptic_curve::sec1::ToEncodedPoint;
use sm3::Sm3;
use zeroize::Zeroizing;

/// The distinguishing ID of every SM2 signature: GB/T 35276's default, `1234567812345678`.
pub const SM2_ID: &str = "1234567812345678";

/// The SM2 curve's order less one, the one non-zero scalar SM2 cannot sign with.
const SM2_ORDER_MINUS_ONE: [u8; 32] = [
    0xFF, 0xFF, 0xFF, 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0x72, 0x03, 0xDF, 0x6B, 0x21, 0xC6, 0x05, 0x2B, 0x53, 0xBB, 0xF4, 0x09, 0x39, 0xD5, 0x41, 0x22,
];

/// A signature suite.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum Suite {
    /// Ed25519 (RFC 8032), the suite of every artefact that names none.
    #[default]
    #[serde(rename = "ed25519")]
    Ed25519,
    /// SM2 signatures with SM3 digests (GB/T 32918, GB/T 32905).
    #[serde(rename = "sm2-sm3")]
    Sm2,
}

impl Suite {
    /// Every suite, in the order a choice lists them.
    pub const ALL: [Suite; 2] = [Suite::Ed25519, Suite::Sm2];

    /// Whether this is Ed25519 (serde's `skip_serializing_if`: the field is left out for it).
    pub fn is_ed25519(&self) -> bool {
        *self == Suite::Ed25519
    }

    /// The serde name, `ed25519` or `sm2-sm3`.
    pub fn id(self) -> &'static str {
        match self {
            Suite::Ed25519 => "ed25519",
            Suite::Sm2 => "sm2-sm3",
        }
    }

    /// The suite named `id` ([`Suite::id`]).
    pub fn from_id(id: &str) -> Option<Suite> {
        Suite::ALL.into_iter().find(|s| s.id() == id)
    }

    /// The suite as people read it.
    pub fn name(self) -> Text {
        match self {
            Suite::Ed25519 => Text::new("Ed25519", "Ed25519"),
            Suite::Sm2 => Text::new("国密 SM2/SM3", "SM2/SM3 (national)"),
        }
    }
}

/// A public key of either suite, checked: an Ed25519 point of full order, or a point of the SM2
/// curve (held compressed, so the two SEC1 forms of one key compare equal).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PublicKey {
    Ed25519([u8; 32]),
    Sm2([u8; 33]),
}

impl PublicKey {
    /// The key enrolled or named as `hex_key` under `suite`, if it is a valid key of that suite.
    pub fn parse(suite: Suite, hex_key: &str) -> Option<PublicKey> {
        let bytes = hex::decode(hex_key).ok()?;
        match suite {
            Suite::Ed25519 => {
                let bytes: [u8; 32] = bytes.try_into().ok()?;
                let key = ed25519_dalek::VerifyingKey::from_bytes(&bytes).ok()?;
                (!key.is_weak()).then_some(PublicKey::Ed25519(bytes))
            }
            Suite::Sm2 => {
                if bytes.len() != 33 && bytes.len() != 65 {
                    return None;
                }
                let key = sm2::PublicKey::from_sec1_bytes(&bytes).ok()?;
                Some(PublicKey::Sm2(compressed(&key)?))
            }
        }
    }

    /// Its suite.
    pub fn suite(&self) -> Suite {
        match self {
            PublicKey::Ed25519(_) => Suite::Ed25519,
            PublicKey::Sm2(_) => Suite::Sm2,
        }
    }

    /// Its bytes: 32 for Ed25519, the compressed SEC1 33 for SM2.
    pub fn bytes(&self) -> &[u8] {
        match self {
            PublicKey::Ed25519(b) => b,
            PublicKey::Sm2(b) => b,
        }
    }

    /// Its bytes in lower-case hexadecimal, the form a policy enrols.
    pub fn to_hex(&self) -> String {
        hex::encode(self.bytes())
    }

    /// Its short fingerprint, `XXXX-XXXX-XXXX-XXXX` (see the module docs).
    pub fn fingerprint(&self) -> String {
        let digest: [u8; 32] = match self {
            PublicKey::Ed25519(b) => Sha256::digest(b).into(),
            PublicKey::Sm2(b) => Sm3::digest(b).into(),
        };
        digest[..8]
            .chunks(2)
            .map(hex::encode_upper)
            .collect::<Vec<_>>()
            .join("-")
    }

    /// Whether `signature_hex` (128 hexadecimal digits) is this key's signature of `message`
    /// under its suite.
    pub fn verifies(&self, message: &[u8], signature_hex: &str) -> bool {
        let Some(sig) = decode_64(signature_hex) else {
            return false;
        };
        match self {
            PublicKey::Ed25519(key) => {
                ed25519_dalek::VerifyingKey::from_bytes(key).is_ok_and(|k| {
                    k.verify_strict(message, &ed25519_dalek::Signature::from_bytes(&sig))
                        .is_ok()
                })
            }
            PublicKey::Sm2(key) => {
                let Ok(signature) = sm2::dsa::Signature::from_bytes(&sig) else {
                    return false;
                };
                sm2::dsa::VerifyingKey::from_sec1_bytes(SM2_ID, key)
                    .is_ok_and(|k| k.verify(message, &signature).is_ok())
            }
        }
    }
}

/// Whether `signature_hex` is the signature of `message` by the key `public_key_hex` under
/// `suite` (a key or signature malformed for that suite never verifies).
pub fn verify(suite: Suite, public_key_hex: &str, message: &[u8], signature_hex: &str) -> bool {
    PublicKey::parse(suite, public_key_hex).is_some_and(|k| k.verifies(message, signature_hex))
}

/// A private key able to sign under its suite. Zeroized when dropped; its `Debug` output shows
/// only the suite and the public key's fingerprint.
#[derive(Clone)]
pub struct SigningKey {
    secret: Secret,
    public: PublicKey,
}

#[derive(Clone)]
enum Secret {
    /// ed25519-dalek's key zeroizes itself when dropped.
    Ed25519(ed25519_dalek::SigningKey),
    /// The SM2 private scalar's 32 bytes; the `sm2` crate's key is made for each signature and
    /// dropped at once.
    Sm2(Zeroizing<[u8; 32]>),
}

impl SigningKey {
    /// The key of `suite` whose secret is `secret`: an Ed25519 seed (any 32 bytes), or an SM2
    /// private scalar, big-endian, which must lie in `[1, n − 2]` (none for a value outside it:
    /// a random draw falls outside with a chance of about 2⁻³², and the caller draws again).
    pub fn from_secret(suite: Suite, secret: &[u8; 32]) -> Option<SigningKey> {
        match suite {
            Suite::Ed25519 => Some(SigningKey::ed25519(secret)),
            Suite::Sm2 => {
                // n − 1 would make `1 + d` zero, which SM2 signing inverts.
                if *secret == SM2_ORDER_MINUS_ONE {
                    return None;
                }
                let key = sm2_key(secret)?;
                let public = compressed(&sm2::PublicKey::from(key.verifying_key()))?;
                Some(SigningKey {
                    secret: Secret::Sm2(Zeroizing::new(*secret)),
                    public: PublicKey::Sm2(public),
                })
            }
        }
    }

    /// The Ed25519 key whose seed is `seed` (every 32 bytes are one).
    pub fn ed25519(seed: &[u8; 32]) -> SigningKey {
        let key = ed25519_dalek::SigningKey::from_bytes(seed);
        let public = PublicKey::Ed25519(key.verifying_key().to_bytes());
        SigningKey {
            secret: Secret::Ed25519(key),
            public,
        }
    }

    /// Its suite.
    pub fn suite(&self) -> Suite {
        self.public.suite()
    }

    /// Its public key.
    pub fn public_key(&self) -> &PublicKey {
        &self.public
    }

    /// The 32 secret bytes [`SigningKey::from_secret`] takes back (for sealing in a key file).
    pub fn secret(&self) -> Zeroizing<[u8; 32]> {
        match &self.secret {
            Secret::Ed25519(k) => Zeroizing::new(k.to_bytes()),
            Secret::Sm2(s) => s.clone(),
        }
    }

    /// The 64-byte signature of `message` under the key's suite: Ed25519, or SM2 `r ‖ s` with
    /// the nonce derived as RFC 6979 does, with HMAC-SM3 (see the module docs).
    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        match &self.secret {
            Secret::Ed25519(k) => k.sign(message).to_bytes(),
            // A key in `Secret::Sm2` was checked by `from_secret`, so it is made again here.
            // `Signer::sign` fails only when the derived `r` or `s` is 0, a chance of 2⁻²⁵⁶.
            Secret::Sm2(s) => sm2_key(s).map_or([0; 64], |k| {
                let signature: sm2::dsa::Signature = k.sign(message);
                signature.to_bytes()
            }),
        }
    }
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKey")
            .field("suite", &self.suite())
            .field("fingerprint", &self.public.fingerprint())
            .finish_non_exhaustive()
    }
}

/// The `sm2` crate's signing key for a private scalar, with the default distinguishing ID.
fn sm2_key(secret: &[u8; 32]) -> Option<sm2::dsa::SigningKey> {
    sm2::dsa::SigningKey::from_bytes(SM2_ID, secret.into()).ok()
}

/// A point's compressed SEC1 bytes.
fn compressed(key: &sm2::PublicKey) -> Option<[u8; 33]> {
    key.to_encoded_point(true).as_bytes().try_into().ok()
}

/// Exactly 64 bytes of hexadecimal.
fn decode_64(text: &str) -> Option<[u8; 64]> {
    if text.len() != 128 {
        return None;
    }
    let mut out = [0u8; 64];
    hex::decode_to_slice(text, &mut out).ok()?;
    Some(out)
}
