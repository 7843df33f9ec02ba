//! Approver keys and their encrypted key files.
//!
//! An approver signs with a key of one signature suite ([`crate::suite`]): Ed25519, or SM2 with
//! SM3. The core never draws randomness: the app takes the 32-byte secret, the salt and the nonce
//! from the browser's `crypto.getRandomValues` and passes them in, so the same inputs always give
//! the same file (which is what makes the demo key files reproducible).
//!
//! The private key lives only inside a key file (format `tailor-approver-key`, version 1). An
//! Ed25519 key file (no `suite` field, as every file before suites existed):
//!
//! * the passphrase is stretched with **Argon2id** (version 0x13) into a 32-byte key, with the
//!   parameters recorded in the file: for new files `memory_kib` = 65 536 (64 MiB), `iterations`
//!   = 3, `parallelism` = 1, a 16-byte salt — RFC 9106's recommended setting for memory-constrained
//!   environments (§4, second option), about a second or two in a browser's WebAssembly. A key
//!   file is what an attacker takes away and attacks offline, so every guess must cost that much:
//!   a file asking for less than the floor ([`MIN_MEMORY_KIB`], [`MIN_ITERATIONS`], the same
//!   64 MiB and 3 passes) is refused when it is imported and when it is unlocked, naming the file,
//!   the field and the minimum; one asking for more than the cap ([`MAX_MEMORY_KIB`],
//!   [`MAX_ITERATIONS`], [`MAX_PARALLELISM`]) is refused too, so a hostile file cannot make the app
//!   allocate gigabytes or spin for minutes;
//! * the 32-byte Ed25519 seed is sealed with **XChaCha20-Poly1305** under that key and a 24-byte
//!   nonce; the file's header (format, version, label, public key, KDF parameters and salt) is the
//!   associated data, so no part of it can be altered without unlocking failing;
//! * the public key and its fingerprint are stored in clear: they are what the approver sends the
//!   pricing team to enrol.
//!
//! An SM2 key file (`"suite": "sm2-sm3"`) uses national primitives only, so that every primitive a
//! GB/T 39786 assessor checks is one (PRODUCT.md: "under the SM suite, key files are sealed with
//! SM4"):
//!
//! * the passphrase is stretched with **PBKDF2** (RFC 8018, the construction of GB/T 39786
//!   assessments' password-based keys) **with HMAC-SM3** into a 16-byte SM4 key: for new files
//!   [`PBKDF2_ITERATIONS`] = 600 000 iterations (OWASP's figure for PBKDF2 with HMAC-SHA-256)
//!   and a 16-byte salt: 1.9 s natively, optimised, on a loaded 2-core machine; in a browser's
//!   WebAssembly a few seconds, like Argon2id above (not yet measured there). PBKDF2 is not memory-hard, so a guess costs an attacker with a GPU less
//!   than under Argon2id; Argon2id rests on BLAKE2b, which an SM-only assessment does not accept,
//!   and the passphrase rule ([`crate::passphrase`]) is what keeps guessing out of reach. The
//!   floor ([`MIN_PBKDF2_ITERATIONS`], the same 600 000) and the cap ([`MAX_PBKDF2_ITERATIONS`])
//!   hold as for Argon2id;
//! * the 32-byte SM2 private scalar is sealed with **SM4-GCM** (SM4, GB/T 32907, in GCM, one of
//!   GB/T 36624's authenticated modes and TLS 1.3's SM suite in RFC 8998) under a 12-byte nonce,
//!   GCM's standard size (the first 12 of the 24 random bytes the caller hands in), with the
//!   same header as associated data (the suite included). GCM rather than SM4-CTR with HMAC-SM3:
//!   one standard AEAD, implemented once by RustCrypto (the `aes-gcm` crate's generic GCM, used
//!   without AES), instead of a composition of our own to get right;
//! * the public key is SEC1 compressed hexadecimal, its fingerprint from SM3 ([`crate::suite`]).
//!
//! The file is its own backup, `<label or fingerprint>.tailor-key.json`: export it, import it on
//! another device, unlock it with the same passphrase. Neither the passphrase nor the private key
//! appears in any `Debug` output or error. A key file handed in is refused above
//! [`crate::limits::KEY_FILE`] and checked to be one this build can unlock ([`read_bytes`]); the
//! app keeps the files in the browser's storage.

use crate::suite::{PublicKey, SigningKey, Suite};
use crate::text::Text;
use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};
use std::fmt;
use zeroize::Zeroizing;

/// The `format` of every key file.
pub const FORMAT: &str = "tailor-approver-key";
/// The key file version this build reads and writes.
pub const VERSION: u32 = 1;
/// The extension of key files.
pub const EXTENSION: &str = ".tailor-key.json";
/// Key files larger than this are refused before they are read ([`crate::limits::KEY_FILE`]).
pub const MAX_FILE_BYTES: usize = crate::limits::KEY_FILE.max_bytes;
/// The KDF of Ed25519 key files.
pub const KDF: &str = "argon2id";
/// The AEAD of Ed25519 key files.
pub const CIPHER: &str = "xchacha20poly1305";
/// The KDF of SM2 key files.
pub const SM_KDF: &str = "pbkdf2-hmac-sm3";
/// The AEAD of SM2 key files.
pub const SM_CIPHER: &str = "sm4-gcm";
/// PBKDF2-HMAC-SM3 iterations for new SM2 key files: 600 000, OWASP's figure for PBKDF2 with
/// HMAC-SHA-256, whose cost SM3's is close to.
pub const PBKDF2_ITERATIONS: u32 = 600_000;
/// The floor: the fewest PBKDF2 iterations an SM2 key file may ask for (the same as new files).
pub const MIN_PBKDF2_ITERATIONS: u32 = 600_000;
/// The cap on PBKDF2 iterations (ten times new files', some ten seconds in a browser).
pub const MAX_PBKDF2_ITERATIONS: u32 = 6_000_000;
/// Argon2id memory for new files, in KiB: 64 MiB, RFC 9106's memory-constrained recommendation.
pub const MEMORY_KIB: u32 = 64 * 1024;
/// Argon2id passes for new files (RFC 9106: 3 with 64 MiB).
pub const ITERATIONS: u32 = 3;
/// Argon2id lanes for new files: the format allows up to [`MAX_PARALLELISM`], but WebAssembly runs
/// one thread, so more lanes would cost the approver time without costing an attacker more.
pub const PARALLELISM: u32 = 1;
/// The floor: the least Argon2id memory, in KiB, a key file may ask for to be imported or unlocked
/// (64 MiB, the same as new files: a file sealed with less is refused, not trusted).
pub const MIN_MEMORY_KIB: u32 = 64 * 1024;
/// The floor: the fewest Argon2id passes a key file may ask for (3, as new files).
pub const MIN_ITERATIONS: u32 = 3;
/// The cap on Argon2id memory, in KiB (256 MiB): more would not fit a phone's browser tab.
pub const MAX_MEMORY_KIB: u32 = 256 * 1024;
/// The cap on Argon2id passes (10: at the memory cap, well under a minute in a browser).
pub const MAX_ITERATIONS: u32 = 10;
/// The cap on Argon2id lanes.
pub const MAX_PARALLELISM: u32 = 4;
/// The shortest passphrase a new key file accepts, in characters ([`crate::passphrase`] holds
/// the whole rule, strength included).
pub const MIN_PASSPHRASE_CHARS: usize = crate::passphrase::MIN_CHARS;
const ARGON2_VERSION: u32 = 0x13;
const AAD_DOMAIN: &[u8] = b"tailor-approver-key-v1\n";

/// An unlocked approver key, of either suite. Zeroized when dropped; its `Debug` output shows
/// only the suite and the public key's fingerprint.
#[derive(Clone)]
pub struct ApproverKey {
    signing: SigningKey,
}

impl ApproverKey {
    /// The Ed25519 key whose seed is `seed` (32 random bytes from the caller).
    pub fn from_seed(seed: [u8; 32]) -> ApproverKey {
        let seed = Zeroizing::new(seed);
        ApproverKey {
            signing: SigningKey::ed25519(&seed),
        }
    }

    /// The key of `suite` whose secret is `secret` (32 random bytes from the caller): none for
    /// the rare SM2 draw outside the curve's scalars ([`SigningKey::from_secret`]; draw again).
    pub fn from_secret(suite: Suite, secret: [u8; 32]) -> Option<ApproverKey> {
        let secret = Zeroizing::new(secret);
        SigningKey::from_secret(suite, &secret).map(|signing| ApproverKey { signing })
    }

    /// The key's suite.
    pub fn suite(&self) -> Suite {
        self.signing.suite()
    }

    /// The public key.
    pub fn public_key(&self) -> &PublicKey {
        self.signing.public_key()
    }

    /// The public key in lower-case hexadecimal, the form `policy.json` enrols: 64 digits for
    /// Ed25519, 66 (SEC1 compressed) for SM2.
    pub fn public_key_hex(&self) -> String {
        self.public_key().to_hex()
    }

    /// The public key's short fingerprint ([`PublicKey::fingerprint`]).
    pub fn fingerprint(&self) -> String {
        self.public_key().fingerprint()
    }

    /// The 64-byte signature of `message` under the key's suite ([`SigningKey::sign`]).
    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.signing.sign(message)
    }

    /// Seals this key into a key file under `passphrase`, with its suite's default KDF
    /// parameters and AEAD (see the module docs). `salt` and `nonce` must be fresh random bytes
    /// (SM4-GCM takes the nonce's first 12). A passphrase shorter than [`MIN_PASSPHRASE_CHARS`]
    /// is refused; its strength is for the caller to check first ([`crate::passphrase::check`],
    /// with the app's estimator).
    pub fn seal(
        &self,
        salt: [u8; 16],
        nonce: [u8; 24],
        passphrase: &str,
        label: &str,
    ) -> Result<KeyFile, KeyError> {
        crate::passphrase::check_length(passphrase).map_err(KeyError::Passphrase)?;
        let suite = self.suite();
        let (kdf, cipher) = match suite {
            Suite::Ed25519 => (
                Kdf {
                    algorithm: KDF.to_string(),
                    version: ARGON2_VERSION,
                    memory_kib: MEMORY_KIB,
                    iterations: ITERATIONS,
                    parallelism: PARALLELISM,
                    salt: hex::encode(salt),
                },
                Cipher {
                    algorithm: CIPHER.to_string(),
                    nonce: hex::encode(nonce),
                    ciphertext: String::new(),
                },
            ),
            Suite::Sm2 => (
                Kdf {
                    algorithm: SM_KDF.to_string(),
                    version: 0,
                    memory_kib: 0,
                    iterations: PBKDF2_ITERATIONS,
                    parallelism: 0,
                    salt: hex::encode(salt),
                },
                Cipher {
                    algorithm: SM_CIPHER.to_string(),
                    nonce: hex::encode(&nonce[..GCM_NONCE]),
                    ciphertext: String::new(),
                },
            ),
        };
        let mut file = KeyFile {
            format: FORMAT.to_string(),
            version: VERSION,
            suite,
            label: label.to_string(),
            public_key: self.public_key_hex(),
            fingerprint: self.fingerprint(),
            kdf,
            cipher,
        };
        let key = derive(&file.kdf, &salt, passphrase)?;
        let secret = self.signing.secret();
        let sealed = aead(suite, &key, &nonce, &file.aad(), secret.as_slice(), true)
            .ok_or(KeyError::Crypto)?;
        file.cipher.ciphertext = hex::encode(sealed);
        Ok(file)
    }
}

impl fmt::Debug for ApproverKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApproverKey")
            .field("fingerprint", &self.fingerprint())
            .finish_non_exhaustive()
    }
}

/// An encrypted approver key file, as JSON. Holds no secret in clear.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyFile {
    /// Always `tailor-approver-key`.
    pub format: String,
    pub version: u32,
    /// The key's signature suite; absent: Ed25519 (every key file made before suites existed).
    #[serde(default, skip_serializing_if = "Suite::is_ed25519")]
    pub suite: Suite,
    /// Whose key this is, in the holder's words (a name or an approver id). Not secret.
    #[serde(default)]
    pub label: String,
    /// The public key: Ed25519, 64 hexadecimal digits; SM2, SEC1 (66 digits compressed).
    pub public_key: String,
    /// The public key's fingerprint, `XXXX-XXXX-XXXX-XXXX`.
    pub fingerprint: String,
    pub kdf: Kdf,
    pub cipher: Cipher,
}

/// How the passphrase is stretched into the sealing key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kdf {
    /// `argon2id` (Ed25519 key files) or `pbkdf2-hmac-sm3` (SM2 key files).
    pub algorithm: String,
    /// The Argon2 version, 19 (0x13); absent for PBKDF2.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub version: u32,
    /// Argon2id's memory; absent for PBKDF2.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub memory_kib: u32,
    /// Argon2id's passes, or PBKDF2's iterations.
    pub iterations: u32,
    /// Argon2id's lanes; absent for PBKDF2.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub parallelism: u32,
    /// The salt, hexadecimal (16 bytes in files this build writes).
    pub salt: String,
}

/// How the seed is sealed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cipher {
    /// `xchacha20poly1305` (Ed25519 key files) or `sm4-gcm` (SM2 key files).
    pub algorithm: String,
    /// The nonce, hexadecimal: 24 bytes for XChaCha20-Poly1305, 12 for SM4-GCM.
    pub nonce: String,
    /// The sealed 32-byte secret (Ed25519 seed or SM2 private scalar) and its 16-byte tag,
    /// hexadecimal.
    pub ciphertext: String,
}

/// Why a key file could not be made, read or unlocked. Never carries the passphrase or key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyError {
    /// The text is not JSON of a key file.
    NotAKeyFile(String),
    /// Another format or a version this build does not read.
    Unsupported { format: String, version: u32 },
    /// A field is malformed (bad hexadecimal, wrong length, fingerprint not matching the key…).
    Malformed { field: &'static str },
    /// The key file `file` asks for less key stretching than the floor: `field` is `value`, at
    /// least `min` is needed.
    KdfBelowFloor {
        file: String,
        field: &'static str,
        value: u32,
        min: u32,
    },
    /// The key file `file` asks for more key stretching than this build allows: `field` is
    /// `value`, at most `max`.
    KdfAboveCap {
        file: String,
        field: &'static str,
        value: u32,
        max: u32,
    },
    /// A new passphrase is refused (too short; the strength check is the caller's, see
    /// [`crate::passphrase::check`]).
    Passphrase(crate::passphrase::Refusal),
    /// Decryption failed: the passphrase is wrong (or the file was altered).
    WrongPassphrase,
    /// The sealed key does not match the file's public key.
    Corrupt,
    /// The KDF or cipher failed on well-formed input (should not happen).
    Crypto,
}

impl KeyError {
    /// The reason, in both languages.
    pub fn text(&self) -> Text {
        match self {
            KeyError::NotAKeyFile(e) => Text::new(
                format!("不是 Tailor 审批人密钥文件：{e}"),
                format!("Not a Tailor approver key file: {e}"),
            ),
            KeyError::Unsupported { format, version } => Text::new(
                format!("不支持的密钥文件格式「{format}」版本 {version}"),
                format!("Unsupported key file format '{format}' version {version}"),
            ),
            KeyError::Malformed { field } => Text::new(
                format!("密钥文件的「{field}」字段已损坏"),
                format!("The key file's '{field}' field is malformed"),
            ),
            KeyError::KdfBelowFloor {
                file,
                field,
                value,
                min,
            } => Text::new(
                format!("密钥文件「{file}」的口令保护太弱：「{field}」为 {value}，至少需要 {min}。请新建密钥并重新登记"),
                format!("The key file '{file}' is protected too weakly: '{field}' is {value}, at least {min} is needed. Create a new key and have it enrolled"),
            ),
            KeyError::KdfAboveCap {
                file,
                field,
                value,
                max,
            } => Text::new(
                format!("密钥文件「{file}」的口令派生参数过大：「{field}」为 {value}，至多 {max}"),
                format!("The key file '{file}' asks for too costly a key derivation: '{field}' is {value}, at most {max}"),
            ),
            KeyError::Passphrase(r) => r.text(),
            KeyError::WrongPassphrase => Text::new(
                "口令错误（或密钥文件已被改动），无法解锁",
                "Wrong passphrase (or the key file was altered): cannot unlock",
            ),
            KeyError::Corrupt => Text::new(
                "密钥文件已损坏：私钥与公钥不匹配",
                "The key file is corrupt: its private key does not match its public key",
            ),
            KeyError::Crypto => Text::new("加密运算失败", "A cryptographic operation failed"),
        }
    }
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text().en)
    }
}

impl std::error::Error for KeyError {}

impl KeyFile {
    /// Reads a key file from JSON.
    pub fn parse(text: &str) -> Result<KeyFile, KeyError> {
        serde_json::from_str(text).map_err(|e| KeyError::NotAKeyFile(e.to_string()))
    }

    /// The file's text: compact JSON, ready to save ([`KeyFile::parse`] reads any formatting).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The associated data the seed is sealed with: everything in the file but the cipher.
    fn aad(&self) -> Vec<u8> {
        #[derive(Serialize)]
        struct Header<'a> {
            format: &'a str,
            version: u32,
            #[serde(skip_serializing_if = "Suite::is_ed25519")]
            suite: Suite,
            label: &'a str,
            public_key: &'a str,
            kdf: &'a Kdf,
        }
        let mut out = AAD_DOMAIN.to_vec();
        out.extend(crate::canonical::to_bytes(&Header {
            format: &self.format,
            version: self.version,
            suite: self.suite,
            label: &self.label,
            public_key: &self.public_key,
            kdf: &self.kdf,
        }));
        out
    }

    /// The public key, checked to be a valid key of the file's suite matching the stored
    /// fingerprint.
    pub(crate) fn verifying_key(&self) -> Result<PublicKey, KeyError> {
        let key = PublicKey::parse(self.suite, &self.public_key).ok_or(KeyError::Malformed {
            field: "public_key",
        })?;
        if self.fingerprint != key.fingerprint() {
            return Err(KeyError::Malformed {
                field: "fingerprint",
            });
        }
        Ok(key)
    }
}

/// Reads a key file's text, checked to be one this build can unlock later: its format and
/// version, and a public key matching its fingerprint (the passphrase is not asked for here).
pub fn read(text: &str) -> Result<KeyFile, KeyError> {
    let file = KeyFile::parse(text)?;
    if file.format != FORMAT || file.version != VERSION {
        return Err(KeyError::Unsupported {
            format: file.format,
            version: file.version,
        });
    }
    file.verifying_key()?;
    Ok(file)
}

/// Reads a key file the user chose, named `file_name`: refused above [`MAX_FILE_BYTES`] and when
/// not UTF-8 (both messages naming the file), then as [`read`].
pub fn read_bytes(file_name: &str, bytes: &[u8]) -> Result<KeyFile, Text> {
    if !crate::limits::KEY_FILE.allows(bytes.len()) {
        return Err(crate::limits::too_large(
            file_name,
            bytes.len(),
            &crate::limits::KEY_FILE,
        ));
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|e| Text::new(format!("{file_name}：{e}"), format!("{file_name}: {e}")))?;
    let file = read(text).map_err(|e| e.text())?;
    check_kdf(&file, file_name_given(file_name)).map_err(|e| e.text())?;
    Ok(file)
}

/// A chosen file's name as messages show it (the name, or "the key file" when there is none).
fn file_name_given(name: &str) -> &str {
    if name.trim().is_empty() {
        "key file"
    } else {
        name
    }
}

/// Whether `file`'s KDF parameters are within the floor and the cap, named `name` in the
/// refusal: for Argon2id memory, then passes, then lanes; for PBKDF2 the iterations.
pub fn check_kdf(file: &KeyFile, name: &str) -> Result<(), KeyError> {
    let k = &file.kdf;
    let pbkdf2 = [(
        "kdf.iterations",
        k.iterations,
        MIN_PBKDF2_ITERATIONS,
        MAX_PBKDF2_ITERATIONS,
    )];
    let argon2 = [
        (
            "kdf.memory_kib",
            k.memory_kib,
            MIN_MEMORY_KIB,
            MAX_MEMORY_KIB,
        ),
        (
            "kdf.iterations",
            k.iterations,
            MIN_ITERATIONS,
            MAX_ITERATIONS,
        ),
        ("kdf.parallelism", k.parallelism, 1, MAX_PARALLELISM),
    ];
    let bounds: &[_] = match file.suite {
        Suite::Ed25519 => &argon2,
        Suite::Sm2 => &pbkdf2,
    };
    for &(field, value, min, max) in bounds {
        if value < min {
            return Err(KeyError::KdfBelowFloor {
                file: name.to_string(),
                field,
                value,
                min,
            });
        }
        if value > max {
            return Err(KeyError::KdfAboveCap {
                file: name.to_string(),
                field,
                value,
                max,
            });
        }
    }
    Ok(())
}

/// The file name a key file is saved (backed up) under: `<label>.tailor-key.json`, the label's
/// characters other than letters, digits and `-` becoming `_` (at most 60 of them), or the
/// fingerprint when the label has no letter, digit or `-`.
pub fn file_name(file: &KeyFile) -> String {
    let base: String = file
        .label
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(60)
        .collect();
    let base = if base.trim_matches('_').is_empty() {
        file.fingerprint.clone()
    } else {
        base
    };
    format!("{base}{EXTENSION}")
}

/// Makes a new Ed25519 key file: the key whose seed is `seed`, sealed under `passphrase` with the
/// default Argon2id parameters. `seed`, `salt` and `nonce` must be fresh random bytes. `label`
/// says whose key it is (not secret).
pub fn create(
    seed: [u8; 32],
    salt: [u8; 16],
    nonce: [u8; 24],
    passphrase: &str,
    label: &str,
) -> Result<KeyFile, KeyError> {
    ApproverKey::from_seed(seed).seal(salt, nonce, passphrase, label)
}

/// Makes a new key file of `suite`, as [`create`]: the key whose secret is `secret` (32 fresh
/// random bytes), sealed as that suite's files are (see the module docs). An SM2 secret outside
/// the curve's scalars (a chance of about 2⁻³²) is refused with [`KeyError::Crypto`]: draw again.
pub fn create_in(
    suite: Suite,
    secret: [u8; 32],
    salt: [u8; 16],
    nonce: [u8; 24],
    passphrase: &str,
    label: &str,
) -> Result<KeyFile, KeyError> {
    ApproverKey::from_secret(suite, secret)
        .ok_or(KeyError::Crypto)?
        .seal(salt, nonce, passphrase, label)
}

/// Unlocks a key file with its passphrase. A file whose KDF parameters are below the floor or
/// above the cap ([`check_kdf`]) is refused before the passphrase is tried, named by its
/// [`file_name`]; so is one whose KDF or cipher is not its suite's.
pub fn unlock(file: &KeyFile, passphrase: &str) -> Result<ApproverKey, KeyError> {
    let (kdf, cipher, kdf_version, nonce_len) = match file.suite {
        Suite::Ed25519 => (KDF, CIPHER, ARGON2_VERSION, 24),
        Suite::Sm2 => (SM_KDF, SM_CIPHER, 0, GCM_NONCE),
    };
    if file.format != FORMAT
        || file.version != VERSION
        || file.kdf.algorithm != kdf
        || file.kdf.version != kdf_version
        || file.cipher.algorithm != cipher
    {
        return Err(KeyError::Unsupported {
            format: file.format.clone(),
            version: file.version,
        });
    }
    let public_key = file.verifying_key()?;
    check_kdf(file, &file_name(file))?;
    let salt = hex::decode(&file.kdf.salt)
        .ok()
        .filter(|s| (16..=64).contains(&s.len()))
        .ok_or(KeyError::Malformed { field: "kdf.salt" })?;
    let nonce = hex::decode(&file.cipher.nonce)
        .ok()
        .filter(|n| n.len() == nonce_len)
        .ok_or(KeyError::Malformed {
            field: "cipher.nonce",
        })?;
    let sealed = hex::decode(&file.cipher.ciphertext)
        .ok()
        .filter(|c| c.len() == 32 + 16)
        .ok_or(KeyError::Malformed {
            field: "cipher.ciphertext",
        })?;
    let key = derive(&file.kdf, &salt, passphrase)?;
    let secret = Zeroizing::new(
        aead(file.suite, &key, &nonce, &file.aad(), &sealed, false)
            .ok_or(KeyError::WrongPassphrase)?,
    );
    let mut bytes = Zeroizing::new([0u8; 32]);
    if secret.len() != 32 {
        return Err(KeyError::Corrupt);
    }
    bytes.copy_from_slice(&secret);
    let key = ApproverKey::from_secret(file.suite, *bytes).ok_or(KeyError::Corrupt)?;
    if *key.public_key() != public_key {
        return Err(KeyError::Corrupt);
    }
    Ok(key)
}

/// The short human form of an Ed25519 public key ([`PublicKey::fingerprint`]): the first 8
/// bytes of its SHA-256, as four groups of four upper-case hexadecimal digits, e.g.
/// `3F2A-91C0-77DE-0B45`. Read it aloud to the pricing team to confirm the key they enrol.
pub fn fingerprint(public_key: &[u8; 32]) -> String {
    PublicKey::Ed25519(*public_key).fingerprint()
}

/// An Ed25519 public key from 64 hexadecimal digits, if it is a valid point of full order (not
/// a weak, small-order key). Keys of either suite: [`PublicKey::parse`].
pub fn parse_public_key(hex_key: &str) -> Option<[u8; 32]> {
    match PublicKey::parse(Suite::Ed25519, hex_key)? {
        PublicKey::Ed25519(bytes) => Some(bytes),
        PublicKey::Sm2(_) => None,
    }
}

/// Decodes exactly `N` bytes of hexadecimal.
pub(crate) fn decode_array<const N: usize>(text: &str) -> Option<[u8; N]> {
    if text.len() != 2 * N {
        return None;
    }
    let mut out = [0u8; N];
    hex::decode_to_slice(text, &mut out).ok()?;
    Some(out)
}

/// Stretches `passphrase` into the 32-byte sealing key (the parameters checked by the caller):
/// Argon2id, or PBKDF2-HMAC-SM3 (whose first 16 bytes are the SM4 key).
fn derive(kdf: &Kdf, salt: &[u8], passphrase: &str) -> Result<Zeroizing<[u8; 32]>, KeyError> {
    if kdf.algorithm == SM_KDF {
        let mut out = Zeroizing::new([0u8; 32]);
        pbkdf2::pbkdf2_hmac::<sm3::Sm3>(
            passphrase.as_bytes(),
            salt,
            kdf.iterations,
            &mut out[..SM4_KEY],
        );
        return Ok(out);
    }
    let params = Params::new(kdf.memory_kib, kdf.iterations, kdf.parallelism, Some(32))
        .map_err(|_| KeyError::Crypto)?;
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
    let mut out = Zeroizing::new([0u8; 32]);
    argon
        .hash_password_into(passphrase.as_bytes(), salt, out.as_mut_slice())
        .map_err(|_| KeyError::Crypto)?;
    Ok(out)
}

/// SM4-GCM's nonce, in bytes (GCM's standard 96 bits).
const GCM_NONCE: usize = 12;
/// SM4's key, in bytes.
const SM4_KEY: usize = 16;

/// Seals (`seal`) or opens `data` under `key`, `nonce` and `aad` with `suite`'s key-file AEAD:
/// XChaCha20-Poly1305 (a 24-byte nonce), or SM4-GCM (the nonce's first 12 bytes, the key's first
/// 16). None when opening fails (a wrong key, or the file was altered).
fn aead(
    suite: Suite,
    key: &[u8; 32],
    nonce: &[u8],
    aad: &[u8],
    data: &[u8],
    seal: bool,
) -> Option<Vec<u8>> {
    let payload = Payload { msg: data, aad };
    match suite {
        Suite::Ed25519 => {
            let cipher = XChaCha20Poly1305::new(Key::from_slice(key));
            let nonce = XNonce::from_slice(nonce.get(..24)?);
            if seal {
                cipher.encrypt(nonce, payload).ok()
            } else {
                cipher.decrypt(nonce, payload).ok()
            }
        }
        Suite::Sm2 => {
            type Sm4Gcm = aes_gcm::AesGcm<sm4::Sm4, aes_gcm::aead::consts::U12>;
            let cipher = <Sm4Gcm as aes_gcm::KeyInit>::new_from_slice(key.get(..SM4_KEY)?).ok()?;
            let nonce = aes_gcm::Nonce::from_slice(nonce.get(..GCM_NONCE)?);
            if seal {
                aes_gcm::aead::Aead::encrypt(&cipher, nonce, payload).ok()
            } else {
                aes_gcm::aead::Aead::decrypt(&cipher, nonce, payload).ok()
            }
        }
    }
}

/// serde's `skip_serializing_if` for a parameter the KDF has not.
fn is_zero(n: &u32) -> bool {
    *n == 0
}
