//! The approver's key files in this browser: kept in `localStorage` as the encrypted key file JSON
//! only (never a passphrase or a private key), created with the browser's secure random source.
//! The key file format, its checks and its file name are the core's ([`tailor_core::keyfile`]).

use tailor_core::keyfile::{self, KeyFile};
use tailor_core::suite::Suite;
use tailor_core::text::Text;
use wasm_bindgen::JsCast;
use zeroize::Zeroizing;

/// The `localStorage` entry: a JSON array of key files.
const STORAGE_KEY: &str = "tailor.approver-keys.v1";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The key files stored in this browser, and how many stored entries could not be read.
pub fn load() -> (Vec<KeyFile>, usize) {
    let Some(text) = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten()) else {
        return (Vec::new(), 0);
    };
    let Ok(entries) = serde_json::from_str::<Vec<serde_json::Value>>(&text) else {
        return (Vec::new(), 1);
    };
    let mut bad = 0;
    let keys = entries
        .into_iter()
        .filter_map(|v| {
            let k = keyfile::read(&v.to_string()).ok();
            bad += usize::from(k.is_none());
            k
        })
        .collect();
    (keys, bad)
}

/// Stores the key files, replacing what was stored.
pub fn save(keys: &[KeyFile]) -> Result<(), Text> {
    let fail = || {
        Text::new(
            "无法写入浏览器存储（存储已满或被禁用）",
            "Cannot write to the browser's storage (full or disabled)",
        )
    };
    let text = serde_json::to_string(keys).map_err(|_| fail())?;
    storage()
        .ok_or_else(fail)?
        .set_item(STORAGE_KEY, &text)
        .map_err(|_| fail())
}

/// `N` bytes from the browser's cryptographically secure random source.
fn random<const N: usize>() -> Result<Zeroizing<[u8; N]>, Text> {
    let fail = || {
        Text::new(
            "浏览器没有提供安全随机数（crypto.getRandomValues）",
            "The browser offers no secure random source (crypto.getRandomValues)",
        )
    };
    let crypto = web_sys::window()
        .ok_or_else(fail)?
        .crypto()
        .map_err(|_| fail())?;
    let mut out = Zeroizing::new([0u8; N]);
    crypto
        .get_random_values_with_u8_array(out.as_mut_slice())
        .map_err(|_| fail())?;
    // A source that returned all zeros did not fill the buffer.
    if out.iter().all(|&b| b == 0) {
        return Err(fail());
    }
    Ok(out)
}

/// A new key pair of `suite` sealed under `passphrase` (Ed25519: Argon2id + XChaCha20-Poly1305;
/// SM2: PBKDF2-HMAC-SM3 + SM4-GCM), labelled `label`; the passphrase must pass the strength rule
/// first ([`crate::strength::check`]).
pub fn create(suite: Suite, passphrase: &str, label: &str) -> Result<KeyFile, Text> {
    crate::strength::check(passphrase, label).map_err(|r| r.text())?;
    let salt = random::<16>()?;
    let nonce = random::<24>()?;
    // An SM2 draw outside the curve's scalars (a chance of about 2⁻³²) is drawn again.
    let mut tries = 0;
    loop {
        let secret = random::<32>()?;
        match keyfile::create_in(suite, *secret, *salt, *nonce, passphrase, label) {
            Err(keyfile::KeyError::Crypto) if tries < 3 => tries += 1,
            done => return done.map_err(|e| e.text()),
        }
    }
}

/// The same key sealed under a new passphrase, with a fresh salt and nonce; the new passphrase
/// must pass the strength rule ([`crate::strength::check`]) and the old one unlock it first.
pub fn reseal(file: &KeyFile, old: &str, new: &str) -> Result<KeyFile, Text> {
    crate::strength::check(new, &file.label).map_err(|r| r.text())?;
    let key = keyfile::unlock(file, old).map_err(|e| e.text())?;
    let salt = random::<16>()?;
    let nonce = random::<24>()?;
    key.seal(*salt, *nonce, new, &file.label)
        .map_err(|e| e.text())
}

/// Lets the browser paint (e.g. "unlocking…") before a long computation on the main thread.
pub async fn pause() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let scheduled = web_sys::window().is_some_and(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(resolve.unchecked_ref(), 30)
                .is_ok()
        });
        if !scheduled {
            // No timer: go on at once rather than wait forever.
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
