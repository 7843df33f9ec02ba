//! Signature suites: the national primitives against their standards' published examples, then
//! signing and verifying in each suite, and every tampering refused.

use sm2::elliptic_curve::sec1::ToEncodedPoint;
use sm3::{Digest, Sm3};
use sm4::cipher::{BlockEncrypt, KeyInit};
use tailor_core::suite::{self, PublicKey, SigningKey, Suite, SM2_ID};

fn h(text: &str) -> Vec<u8> {
    hex::decode(text.replace(' ', "")).expect("hex")
}

/// GB/T 32905-2016, Annex A: "abc" and the 64-byte "abcd" × 16.
#[test]
fn sm3_hashes_the_standards_examples() {
    assert_eq!(
        Sm3::digest(b"abc").to_vec(),
        h("66c7f0f4 62eeedd9 d1f2d46b dc10e4e2 4167c487 5cf2f7a2 297da02b 8f4ba8e0")
    );
    assert_eq!(
        Sm3::digest("abcd".repeat(16).as_bytes()).to_vec(),
        h("debe9ff9 2275b8a1 38604889 c18e5a4d 6fdb70e5 387e5765 293dcba3 9c0c5732")
    );
}

/// GB/T 32907-2016, Annex A, example 1: key and plaintext 0123456789abcdeffedcba9876543210.
#[test]
fn sm4_encrypts_the_standards_example() {
    let key = h("0123456789abcdeffedcba9876543210");
    let cipher = sm4::Sm4::new_from_slice(&key).expect("a 16-byte key");
    let mut block = sm4::cipher::generic_array::GenericArray::clone_from_slice(&key);
    cipher.encrypt_block(&mut block);
    assert_eq!(block.to_vec(), h("681edf34d206965e86b3e94f536e4246"));
}

/// GM/T 0003.5-2012 (GB/T 32918.5), Annex A: the signature example on the recommended curve.
const SM2_PRIVATE: &str = "3945208F 7B2144B1 3F36E38A C6D39F95 88939369 2860B51A 42FB81EF 4DF7C5B8";
const SM2_PUBLIC_X: &str =
    "09F9DF31 1E5421A1 50DD7D16 1E4BC5C6 72179FAD 1833FC07 6BB08FF3 56F35020";
const SM2_PUBLIC_Y: &str =
    "CCEA490C E26775A5 2DC6EA71 8CC1AA60 0AED05FB F35E084A 6632F607 2DA9AD13";
const SM2_MESSAGE: &[u8] = b"message digest";
const SM2_R: &str = "F5A03B06 48D2C463 0EEAC513 E1BB81A1 5944DA38 27D5B741 43AC7EAC EEE720B3";
const SM2_S: &str = "B1B6AA29 DF212FD8 763182BC 0D421CA1 BB9038FD 1F7F42D4 840B69C4 85BBC1AA";

fn sm2_public_uncompressed() -> String {
    format!("04{}{}", SM2_PUBLIC_X, SM2_PUBLIC_Y)
        .replace(' ', "")
        .to_lowercase()
}

fn sm2_signature() -> String {
    format!("{SM2_R}{SM2_S}").replace(' ', "").to_lowercase()
}

#[test]
fn sm2_verifies_the_standards_example_with_the_default_id() {
    assert_eq!(SM2_ID, "1234567812345678");
    let public = sm2_public_uncompressed();
    assert!(suite::verify(
        Suite::Sm2,
        &public,
        SM2_MESSAGE,
        &sm2_signature()
    ));
    // The same key in compressed SEC1 form verifies the same signature.
    let key = PublicKey::parse(Suite::Sm2, &public).expect("a curve point");
    assert_eq!(key.to_hex().len(), 66);
    assert!(suite::verify(
        Suite::Sm2,
        &key.to_hex(),
        SM2_MESSAGE,
        &sm2_signature()
    ));
    // Another message, another ID's signature (here: a changed r), or the key read as Ed25519
    // do not verify.
    assert!(!suite::verify(
        Suite::Sm2,
        &public,
        b"message digesT",
        &sm2_signature()
    ));
    assert!(!suite::verify(
        Suite::Ed25519,
        &public,
        SM2_MESSAGE,
        &sm2_signature()
    ));
    let mut tampered = h(&sm2_signature());
    tampered[0] ^= 1;
    assert!(!suite::verify(
        Suite::Sm2,
        &public,
        SM2_MESSAGE,
        &hex::encode(tampered)
    ));
}

#[test]
fn the_standards_private_key_gives_its_public_key_and_signs_verifiably() {
    let secret: [u8; 32] = h(SM2_PRIVATE).try_into().expect("32 bytes");
    let key = SigningKey::from_secret(Suite::Sm2, &secret).expect("a scalar");
    let expected = PublicKey::parse(Suite::Sm2, &sm2_public_uncompressed()).expect("a point");
    assert_eq!(key.public_key(), &expected);
    // Our nonce is derived (RFC 6979 with HMAC-SM3), not the example's k, so the signature
    // differs from the example's; it verifies under the example's key all the same.
    let signature = hex::encode(key.sign(SM2_MESSAGE));
    assert_ne!(signature, sm2_signature());
    assert!(suite::verify(
        Suite::Sm2,
        &sm2_public_uncompressed(),
        SM2_MESSAGE,
        &signature
    ));
    // The sm2 crate's own key agrees on the encoding.
    let point = sm2::PublicKey::from_sec1_bytes(&h(&sm2_public_uncompressed())).expect("point");
    assert_eq!(
        key.public_key().bytes(),
        point.to_encoded_point(true).as_bytes()
    );
}

#[test]
fn each_suite_signs_and_verifies_deterministically_and_refuses_tampering() {
    for suite in Suite::ALL {
        let key = SigningKey::from_secret(suite, &[42; 32]).expect("a key");
        assert_eq!(key.suite(), suite);
        let public = key.public_key().to_hex();
        let signature = hex::encode(key.sign(b"a proposal"));
        assert_eq!(signature, hex::encode(key.sign(b"a proposal")), "{suite:?}");
        assert!(suite::verify(suite, &public, b"a proposal", &signature));
        assert!(!suite::verify(suite, &public, b"a proposaL", &signature));
        for at in [0, 31, 32, 63] {
            let mut bytes = h(&signature);
            bytes[at] ^= 0x80;
            assert!(
                !suite::verify(suite, &public, b"a proposal", &hex::encode(bytes)),
                "{suite:?}: byte {at}"
            );
        }
        // Truncated or not hexadecimal.
        assert!(!suite::verify(
            suite,
            &public,
            b"a proposal",
            &signature[..126]
        ));
        assert!(!suite::verify(
            suite,
            &public,
            b"a proposal",
            &signature.replace(|c: char| c.is_ascii_digit(), "g")
        ));
        // Another key of the same suite.
        let other = SigningKey::from_secret(suite, &[43; 32]).expect("a key");
        assert!(!suite::verify(
            suite,
            &other.public_key().to_hex(),
            b"a proposal",
            &signature
        ));
    }
}

#[test]
fn a_signature_is_checked_only_in_the_suite_it_names() {
    let ed = SigningKey::from_secret(Suite::Ed25519, &[5; 32]).expect("a key");
    let sm = SigningKey::from_secret(Suite::Sm2, &[5; 32]).expect("a key");
    let ed_sig = hex::encode(ed.sign(b"m"));
    let sm_sig = hex::encode(sm.sign(b"m"));
    // An SM2 key named as Ed25519 (or the reverse) is not a key of that suite at all.
    assert!(!suite::verify(
        Suite::Ed25519,
        &sm.public_key().to_hex(),
        b"m",
        &sm_sig
    ));
    assert!(!suite::verify(
        Suite::Sm2,
        &ed.public_key().to_hex(),
        b"m",
        &ed_sig
    ));
    assert!(PublicKey::parse(Suite::Ed25519, &sm.public_key().to_hex()).is_none());
    assert!(PublicKey::parse(Suite::Sm2, &ed.public_key().to_hex()).is_none());
}

#[test]
fn sm2_keys_off_the_curve_and_scalars_out_of_range_are_refused() {
    // The standard's point with its last y bit flipped is not on the curve.
    let mut off = h(&sm2_public_uncompressed());
    off[64] ^= 1;
    assert!(PublicKey::parse(Suite::Sm2, &hex::encode(off)).is_none());
    // The identity, a bare prefix, an odd length.
    assert!(PublicKey::parse(Suite::Sm2, "00").is_none());
    assert!(PublicKey::parse(Suite::Sm2, &sm2_public_uncompressed()[..129]).is_none());
    // Secrets 0, n − 1 (1 + d would be 0) and n are no SM2 keys; 1 is.
    let n = h("FFFFFFFE FFFFFFFF FFFFFFFF FFFFFFFF 7203DF6B 21C6052B 53BBF409 39D54123");
    let mut n_minus_1: [u8; 32] = n.clone().try_into().expect("32");
    n_minus_1[31] -= 1;
    let n: [u8; 32] = n.try_into().expect("32");
    assert!(SigningKey::from_secret(Suite::Sm2, &[0; 32]).is_none());
    assert!(SigningKey::from_secret(Suite::Sm2, &n).is_none());
    assert!(SigningKey::from_secret(Suite::Sm2, &n_minus_1).is_none());
    let mut one = [0; 32];
    one[31] = 1;
    assert!(SigningKey::from_secret(Suite::Sm2, &one).is_some());
}

#[test]
fn suites_are_named_as_files_write_them_and_fingerprints_follow_the_suite() {
    assert_eq!(
        serde_json::to_string(&Suite::Ed25519).expect("json"),
        "\"ed25519\""
    );
    assert_eq!(
        serde_json::to_string(&Suite::Sm2).expect("json"),
        "\"sm2-sm3\""
    );
    assert_eq!(Suite::default(), Suite::Ed25519);
    assert_eq!(Suite::from_id("sm2-sm3"), Some(Suite::Sm2));
    assert_eq!(Suite::from_id("sm2"), None);
    let sm = SigningKey::from_secret(Suite::Sm2, &[5; 32]).expect("a key");
    let fp = sm.public_key().fingerprint();
    let digest = Sm3::digest(sm.public_key().bytes());
    assert_eq!(fp.replace('-', ""), hex::encode_upper(&digest[..8]));
    // Debug shows the suite and the fingerprint, never the secret.
    let debug = format!("{sm:?}");
    assert!(debug.contains("Sm2") && debug.contains(&fp), "{debug}");
    assert!(!debug.contains(&hex::encode([5u8; 32])), "{debug}");
}
