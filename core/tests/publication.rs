//! Signed publication: the publisher's signature on `catalog.json` and `policy.json`, the trusted
//! publishers, the demo policy, and what the app believes (`trust`). One test per attack.

#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};
use tailor_core::demo;
use tailor_core::keyfile::ApproverKey;
use tailor_core::policy::Policy;
use tailor_core::publication::{self, Kind, Publisher, Publishers};
use tailor_core::text::Text;
use tailor_core::trust::{self, Published, Standing};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn demo_publisher() -> Publisher {
    Publisher {
        id: demo::PUBLISHER_ID.to_string(),
        name: Text::new("演示发布方（仅供演示）", "Demo publisher (demo only)"),
        public_key: ApproverKey::from_seed(demo::seed(demo::PUBLISHER_ID)).public_key_hex(),
        suite: tailor_core::suite::Suite::Ed25519,
        demo: true,
    }
}

/// The demo policy: the published policy, marked demo, with the demo approvers enrolled.
fn demo_policy_text() -> String {
    let mut p: Policy =
        serde_json::from_str(tailor_core::defaults::POLICY_JSON).expect("the default policy");
    let demo: Policy = serde_json::from_str(
        &std::fs::read_to_string(root().join("demo/policy.json")).unwrap_or_default(),
    )
    .unwrap_or_else(|_| p.clone());
    p.version = format!("{}-demo", p.version);
    p.demo = true;
    p.expires = Some("2030-12-31".to_string());
    p.approvers = demo.approvers;
    p.sellers = vec![tailor_core::policy::Seller {
        id: demo::SELLER_ID.to_string(),
        name: Text::new(
            "演示客户经理（仅供演示）",
            "Demo account manager (demo only)",
        ),
        public_key: ApproverKey::from_seed(demo::seed(demo::SELLER_ID)).public_key_hex(),
        suite: Default::default(),
    }];
    let mut text = serde_json::to_string_pretty(&p).expect("serialises");
    text.push('\n');
    text
}

/// The demo policy's public keys (`keys.json`) and their signature by the demo publisher.
fn demo_keys(policy_text: &str, key: &ApproverKey) -> (String, String) {
    let p: Policy = serde_json::from_str(policy_text).expect("demo policy");
    let catalog: tailor_core::catalog::Catalog =
        serde_json::from_str(tailor_core::defaults::CATALOG_JSON).expect("the default catalog");
    let text = tailor_core::keys::of(&catalog, &p).to_json();
    let sig = publication::sign(
        Kind::Keys,
        &p.version,
        text.as_bytes(),
        demo::PUBLISHER_ID,
        key,
    );
    (text, sig.to_json())
}

/// Regenerates `demo/policy.json`, `demo/keys.json`, `demo/policy.sig.json` and `trust/publishers.json`:
/// `cargo test -p tailor-core --test publication -- --ignored regenerate_demo_policy`.
#[test]
#[ignore]
fn regenerate_demo_policy() {
    let text = demo_policy_text();
    let key = ApproverKey::from_seed(demo::seed(demo::PUBLISHER_ID));
    let p: Policy = serde_json::from_str(&text).expect("demo policy");
    let sig = publication::sign(
        Kind::Policy,
        &p.version,
        text.as_bytes(),
        demo::PUBLISHER_ID,
        &key,
    );
    std::fs::write(root().join("demo/policy.json"), &text).expect("write");
    std::fs::write(root().join("demo/policy.sig.json"), sig.to_json()).expect("write");
    let (keys, keys_sig) = demo_keys(&text, &key);
    std::fs::write(root().join("demo/keys.json"), keys).expect("write");
    std::fs::write(root().join("demo/keys.sig.json"), keys_sig).expect("write");
    let publishers = Publishers {
        format: publication::PUBLISHERS_FORMAT.to_string(),
        version: publication::VERSION,
        publishers: vec![demo_publisher()],
    };
    let mut json = serde_json::to_string_pretty(&publishers).expect("serialises");
    json.push('\n');
    std::fs::write(root().join("trust/publishers.json"), json).expect("write");
    let salt: [u8; 32] = demo::seed("demo-publisher-salt");
    let nonce: [u8; 32] = demo::seed("demo-publisher-nonce");
    let mut s16 = [0u8; 16];
    s16.copy_from_slice(&salt[..16]);
    let mut n24 = [0u8; 24];
    n24.copy_from_slice(&nonce[..24]);
    let file = tailor_core::keyfile::create(
        demo::seed(demo::PUBLISHER_ID),
        s16,
        n24,
        DEMO_PUBLISHER_PASSPHRASE,
        "demo-publisher — Demo publisher (demo only) / 演示发布方（仅供演示）",
    )
    .expect("seals");
    let pretty = serde_json::to_string_pretty(&file).expect("json") + "\n";
    std::fs::write(root().join(DEMO_PUBLISHER_KEY_FILE), pretty).expect("write");
}

/// The demo publisher's key file and its passphrase (public, like the demo approvers').
const DEMO_PUBLISHER_KEY_FILE: &str = "demo/demo-publisher.tailor-key.json";
const DEMO_PUBLISHER_PASSPHRASE: &str = "demo-publisher-passphrase";

#[test]
fn the_demo_publisher_key_file_unlocks_to_the_demo_publisher_key() {
    let text = std::fs::read_to_string(root().join(DEMO_PUBLISHER_KEY_FILE)).expect("key file");
    let file = tailor_core::keyfile::read(&text).expect("reads");
    let key = tailor_core::keyfile::unlock(&file, DEMO_PUBLISHER_PASSPHRASE).expect("unlocks");
    assert_eq!(key.public_key_hex(), demo_publisher().public_key);
}

fn trusted_key() -> ApproverKey {
    ApproverKey::from_seed([7; 32])
}

/// The publishers a test build trusts: the pricing team's (seed 7) and the demo publisher.
fn publishers() -> Publishers {
    Publishers {
        format: publication::PUBLISHERS_FORMAT.to_string(),
        version: publication::VERSION,
        publishers: vec![
            Publisher {
                id: "pricing".into(),
                name: Text::new("定价团队", "Pricing team"),
                public_key: trusted_key().public_key_hex(),
                suite: tailor_core::suite::Suite::Ed25519,
                demo: false,
            },
            demo_publisher(),
        ],
    }
}

const CATALOG: &str = tailor_core::defaults::CATALOG_JSON;
const POLICY: &str = tailor_core::defaults::POLICY_JSON;

fn version_of(kind: Kind, text: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(text).expect("json");
    let version = v["version"].as_str().expect("a version").to_string();
    let _ = kind;
    version
}

fn sig(kind: Kind, text: &str, publisher: &str, key: &ApproverKey) -> String {
    publication::sign(
        kind,
        &version_of(kind, text),
        text.as_bytes(),
        publisher,
        key,
    )
    .to_json()
}

fn load(
    catalog: (&str, Option<&str>),
    policy: (&str, Option<&str>),
    allow_demo: bool,
) -> Result<trust::Signed, Vec<String>> {
    trust::load(
        &publishers(),
        Published {
            text: catalog.0,
            signature: catalog.1,
        },
        Published {
            text: policy.0,
            signature: policy.1,
        },
        allow_demo,
    )
    .map_err(|ps| {
        ps.iter()
            .map(|p| format!("{}: {}: {}", p.file, p.path, p.message))
            .collect()
    })
}

fn signed_pair() -> (String, String) {
    (
        sig(Kind::Catalog, CATALOG, "pricing", &trusted_key()),
        sig(Kind::Policy, POLICY, "pricing", &trusted_key()),
    )
}

#[test]
fn a_pair_signed_by_a_trusted_publisher_is_believed() {
    let (c, p) = signed_pair();
    let s = load((CATALOG, Some(&c)), (POLICY, Some(&p)), false).expect("believed");
    assert_eq!(s.publisher.id, "pricing");
    assert!(!s.demo);
    assert_eq!(s.policy.published.as_deref(), Some("2026-11-01"));
}

#[test]
fn an_unsigned_policy_is_refused() {
    let (c, _) = signed_pair();
    assert_eq!(
        load((CATALOG, Some(&c)), (POLICY, None), false).err(),
        Some(vec![
            "policy.json: policy.sig.json: policy.json is not signed (no .sig.json signature beside it)".to_string()
        ])
    );
}

#[test]
fn a_policy_signed_by_an_untrusted_key_or_publisher_is_refused() {
    let (c, _) = signed_pair();
    let stranger = ApproverKey::from_seed([9; 32]);
    // Another key claiming to be the trusted publisher.
    let forged = sig(Kind::Policy, POLICY, "pricing", &stranger);
    let e = load((CATALOG, Some(&c)), (POLICY, Some(&forged)), false).unwrap_err();
    assert!(
        e[0].contains("signed with a key other than the trusted key of publisher 'pricing'"),
        "{e:?}"
    );
    // A publisher the build does not know.
    let unknown = sig(Kind::Policy, POLICY, "web-admin", &stranger);
    let e = load((CATALOG, Some(&c)), (POLICY, Some(&unknown)), false).unwrap_err();
    assert!(
        e[0].contains("signed by 'web-admin', a publisher this build does not trust"),
        "{e:?}"
    );
    // The trusted key named, but the signature bytes flipped.
    let mut bad: publication::Signature = serde_json::from_str(&signed_pair().1).expect("sig");
    bad.signature.replace_range(
        0..2,
        if bad.signature.starts_with("00") {
            "11"
        } else {
            "00"
        },
    );
    let e = load((CATALOG, Some(&c)), (POLICY, Some(&bad.to_json())), false).unwrap_err();
    assert!(
        e[0].contains("publisher 'pricing''s signature does not verify"),
        "{e:?}"
    );
}

#[test]
fn a_policy_changed_after_signing_or_a_signature_of_another_file_is_refused() {
    let (c, p) = signed_pair();
    // One more approver enrolled by whoever can write on the web server.
    let widened = POLICY.replacen("\"validity_days\": 30", "\"validity_days\": 31", 1);
    assert_ne!(widened, POLICY);
    let e = load((CATALOG, Some(&c)), (&widened, Some(&p)), false).unwrap_err();
    assert_eq!(e, ["policy.json: policy.sig.json: policy.json was changed after it was signed (its digest does not match)"]);
    // The catalog's signature beside the policy.
    let e = load((CATALOG, Some(&c)), (POLICY, Some(&c)), false).unwrap_err();
    assert!(
        e[0].contains("policy.json's signature is for catalog"),
        "{e:?}"
    );
    // A malformed signature file.
    let e = load((CATALOG, Some(&c)), (POLICY, Some("not json")), false).unwrap_err();
    assert!(
        e[0].contains("policy.json's signature file cannot be read"),
        "{e:?}"
    );
}

#[test]
fn the_demo_publisher_signs_only_a_demo_policy_and_a_demo_policy_needs_allow_demo() {
    let demo_key = ApproverKey::from_seed(demo::seed(demo::PUBLISHER_ID));
    let (c, _) = signed_pair();
    // The production policy signed with the public demo publisher key.
    let p = sig(Kind::Policy, POLICY, demo::PUBLISHER_ID, &demo_key);
    let e = load((CATALOG, Some(&c)), (POLICY, Some(&p)), true).unwrap_err();
    assert_eq!(e, ["policy.json: demo: policy.json is signed by the demo publisher 'demo-publisher' but is not marked demo"]);
    // The shipped demo policy and its signature: believed in demo mode only.
    let text = std::fs::read_to_string(root().join("demo/policy.json")).expect("demo policy");
    let dsig = std::fs::read_to_string(root().join("demo/policy.sig.json")).expect("demo sig");
    let s = load((CATALOG, Some(&c)), (&text, Some(&dsig)), true).expect("demo mode");
    assert!(s.demo);
    assert_eq!(s.policy.approvers.len(), 3);
    let e = load((CATALOG, Some(&c)), (&text, Some(&dsig)), false).unwrap_err();
    assert!(e[0].contains("pass --allow-demo"), "{e:?}");
}

#[test]
fn the_shipped_demo_policy_is_the_published_policy_marked_demo_and_signed() {
    assert_eq!(
        std::fs::read_to_string(root().join("demo/policy.json")).expect("demo policy"),
        demo_policy_text(),
        "regenerate: cargo test -p tailor-core --test publication -- --ignored regenerate_demo_policy"
    );
    let key = ApproverKey::from_seed(demo::seed(demo::PUBLISHER_ID));
    let (keys, keys_sig) = demo_keys(&demo_policy_text(), &key);
    let read = |f: &str| std::fs::read_to_string(root().join(f)).unwrap_or_default();
    assert_eq!(read("demo/keys.json"), keys, "regenerate the demo policy");
    assert_eq!(
        read("demo/keys.sig.json"),
        keys_sig,
        "regenerate the demo policy"
    );
    let shipped = Publishers::parse(
        "trust/publishers.json",
        &std::fs::read_to_string(root().join("trust/publishers.json")).expect("trust file"),
    )
    .expect("parses");
    assert_eq!(shipped.publishers, vec![demo_publisher()]);
}

#[test]
fn a_publishers_file_cannot_pass_the_demo_key_off_as_a_real_publisher() {
    let mut p = publishers();
    p.publishers[1].demo = false;
    let text = serde_json::to_string(&p).expect("json");
    let e = Publishers::parse("publishers.json", &text).unwrap_err();
    assert_eq!(
        e,
        "publishers.json: publishers[1] uses a published demo key but is not marked demo"
    );
}

#[test]
fn a_signed_policy_needs_its_dates_and_expires_after() {
    let policy = POLICY.replacen("\"expires\": \"2027-12-31\",\n", "", 1);
    assert_ne!(policy, POLICY);
    let c = signed_pair().0;
    let p = sig(Kind::Policy, &policy, "pricing", &trusted_key());
    let e = load((CATALOG, Some(&c)), (&policy, Some(&p)), false).unwrap_err();
    assert_eq!(
        e,
        ["policy.json: expires: a published policy needs its expires date (YYYY-MM-DD)"]
    );
    // Past its expiry a signed policy stands, but approvals under it do not.
    let s = load((CATALOG, Some(&c)), (POLICY, Some(&signed_pair().1)), false).expect("signed");
    assert_eq!(
        Standing::of_signed(&s.policy, "2027-12-31"),
        Standing::Trusted { demo: false }
    );
    assert_eq!(
        Standing::of_signed(&s.policy, "2028-01-01"),
        Standing::Expired {
            expires: "2027-12-31".into()
        }
    );
}

#[test]
fn today_never_goes_back_and_a_clock_behind_is_flagged() {
    let seen = ["2026-11-01", "2026-12-01", "not a date"];
    assert_eq!(
        trust::today("2026-12-05", seen),
        trust::Today {
            date: "2026-12-05".into(),
            clock_behind: false
        }
    );
    // The device clock set back a year to revive an expired approval: today stays the latest seen.
    assert_eq!(
        trust::today("2025-12-01", seen),
        trust::Today {
            date: "2026-12-01".into(),
            clock_behind: true
        }
    );
}

#[test]
fn the_printed_demo_mark_is_the_demo_mark() {
    let css = std::fs::read_to_string(root().join("style/main.css")).expect("style");
    assert!(
        css.contains(&format!("content: \"{}\"", demo::MARK)),
        "style/main.css prints another demo mark than demo::MARK"
    );
}

/// An SM2 publisher signs and verifies; a signature in another suite than the trusted key's is
/// refused, whichever way round; and an Ed25519 signature file carries no suite field.
#[test]
fn publications_name_their_suite_and_another_suite_is_refused() {
    use tailor_core::publication::Refusal;
    use tailor_core::suite::Suite;
    let sm2 = ApproverKey::from_secret(Suite::Sm2, [7; 32]).expect("an SM2 scalar");
    let mut trusted = publishers();
    trusted.publishers.push(Publisher {
        id: "pricing-sm".into(),
        name: Text::new("定价团队（国密）", "Pricing team (SM)"),
        public_key: sm2.public_key_hex(),
        suite: Suite::Sm2,
        demo: false,
    });
    let json = serde_json::to_string(&trusted).expect("json");
    let trusted = Publishers::parse("publishers.json", &json).expect("parses");
    let version = version_of(Kind::Catalog, CATALOG);
    let sig = publication::sign(
        Kind::Catalog,
        &version,
        CATALOG.as_bytes(),
        "pricing-sm",
        &sm2,
    );
    assert!(sig.to_json().contains(r#""suite":"sm2-sm3""#));
    let ok = publication::verify(
        &trusted,
        Kind::Catalog,
        &version,
        CATALOG.as_bytes(),
        Some(&sig.to_json()),
    );
    assert_eq!(ok.map(|p| p.id.as_str()), Ok("pricing-sm"));
    // Relabelled Ed25519: refused for its suite before anything else.
    let mut relabelled = sig.clone();
    relabelled.suite = Suite::Ed25519;
    let refused = publication::verify(
        &trusted,
        Kind::Catalog,
        &version,
        CATALOG.as_bytes(),
        Some(&relabelled.to_json()),
    );
    assert_eq!(
        refused,
        Err(Refusal::OtherSuite {
            publisher: "pricing-sm".into(),
            trusted: Suite::Sm2,
            signed: Suite::Ed25519,
        })
    );
    assert!(refused
        .err()
        .is_some_and(|r| r.text("catalog.json").zh.contains("国密")));
    // An SM2 signature naming the Ed25519 publisher.
    let mut other = sig.clone();
    other.publisher = "pricing".into();
    assert!(matches!(
        publication::verify(
            &trusted,
            Kind::Catalog,
            &version,
            CATALOG.as_bytes(),
            Some(&other.to_json())
        ),
        Err(Refusal::OtherSuite { .. })
    ));
    // A flipped bit of the SM2 signature.
    let mut flipped = sig;
    let mut bytes = hex::decode(&flipped.signature).expect("hex");
    bytes[3] ^= 4;
    flipped.signature = hex::encode(bytes);
    assert_eq!(
        publication::verify(
            &trusted,
            Kind::Catalog,
            &version,
            CATALOG.as_bytes(),
            Some(&flipped.to_json())
        ),
        Err(Refusal::BadSignature("pricing-sm".into()))
    );
    // Ed25519 signature files keep their bytes: no suite field.
    let ed = publication::sign(
        Kind::Catalog,
        &version,
        CATALOG.as_bytes(),
        "pricing",
        &trusted_key(),
    );
    assert!(!ed.to_json().contains("suite"));
}
