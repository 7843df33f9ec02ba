//! Approver key files: round trip, wrong passphrase, tampering, no secret in the file or in any
//! Debug output, and the shipped demo key files (public/demo-keys/) matching their deterministic
//! generation and the demo approvers enrolled in the default policy.

use sha2::{Digest, Sha256};
use std::sync::LazyLock;
use tailor_core::check;
use tailor_core::keyfile::{self, ApproverKey, KeyError, KeyFile};
use tailor_core::passphrase::Refusal;
use tailor_core::suite::{self, Suite};

const SEED: [u8; 32] = [7; 32];
const SALT: [u8; 16] = [9; 16];
const NONCE: [u8; 24] = [11; 24];
const PASS: &str = "correct horse battery staple";

fn file() -> KeyFile {
    keyfile::create(SEED, SALT, NONCE, PASS, "Test approver").expect("creates")
}

#[test]
fn round_trip_unlocks_the_same_key() {
    let f = file();
    let json = f.to_json();
    let back = KeyFile::parse(&json).expect("parses");
    assert_eq!(back, f);
    let key = keyfile::unlock(&back, PASS).expect("unlocks");
    let expected = ApproverKey::from_seed(SEED);
    assert_eq!(key.public_key(), expected.public_key());
    assert_eq!(back.public_key, expected.public_key_hex());
    assert_eq!(back.fingerprint, expected.fingerprint());
    assert_eq!(back.format, "tailor-approver-key");
    assert_eq!(back.version, 1);
    assert_eq!(back.kdf.algorithm, "argon2id");
    assert_eq!(
        (
            back.kdf.memory_kib,
            back.kdf.iterations,
            back.kdf.parallelism
        ),
        (64 * 1024, 3, 1)
    );
    assert_eq!(
        (keyfile::MEMORY_KIB, keyfile::ITERATIONS),
        (keyfile::MIN_MEMORY_KIB, keyfile::MIN_ITERATIONS),
        "new files are made at the floor or above"
    );
    // The unlocked key signs what the public key verifies.
    let sig = key.sign(b"message");
    let vk = ed25519_dalek::VerifyingKey::from_bytes(&ed25519_bytes(&key)).expect("key");
    assert!(vk
        .verify_strict(b"message", &ed25519_dalek::Signature::from_bytes(&sig))
        .is_ok());
}

#[test]
fn same_inputs_give_the_same_file() {
    assert_eq!(file(), file());
    let other_salt = keyfile::create(SEED, [1; 16], NONCE, PASS, "Test approver").expect("creates");
    assert_ne!(other_salt.cipher.ciphertext, file().cipher.ciphertext);
}

#[test]
fn wrong_passphrase_fails_clearly() {
    let f = file();
    for wrong in [
        "correct horse battery stapler",
        "",
        "CORRECT HORSE BATTERY STAPLE",
    ] {
        let err = keyfile::unlock(&f, wrong).expect_err("must not unlock");
        assert_eq!(err, KeyError::WrongPassphrase);
        assert!(err.text().en.contains("Wrong passphrase"));
        assert!(err.text().zh.contains("口令错误"));
    }
}

#[test]
fn short_passphrase_is_refused() {
    // Eleven characters: one short of twelve.
    let e = keyfile::create(SEED, SALT, NONCE, "abcdefghijk", "x").expect_err("too short");
    assert_eq!(
        e,
        KeyError::Passphrase(Refusal::TooShort { chars: 11, min: 12 })
    );
    assert!(e.text().en.contains("11 characters, at least 12"), "{e}");
    assert!(
        e.text().zh.contains("至少需要 12 个字符"),
        "{}",
        e.text().zh
    );
    // Eleven Chinese characters are 33 bytes, and still too short: characters are counted.
    assert_eq!(
        keyfile::create(SEED, SALT, NONCE, "口令口令口令口令口令口", "x"),
        Err(KeyError::Passphrase(Refusal::TooShort {
            chars: 11,
            min: 12
        }))
    );
    // Twelve characters, counted as characters (not bytes).
    assert!(keyfile::create(SEED, SALT, NONCE, "口令口令口令口令口令口令", "x").is_ok());
}

/// A key file sealed with less key stretching than the floor (64 MiB, 3 passes) is refused when
/// unlocked and when imported, naming the file, the field and the minimum; one asking for more
/// than the cap is refused too, before any Argon2id run.
#[test]
fn kdf_parameters_below_the_floor_or_above_the_cap_are_refused() {
    let f = file();
    let name = "Test_approver.tailor-key.json";
    assert_eq!(keyfile::file_name(&f), name);
    // The old defaults (19 MiB, 2 passes), and one below the floor in each field.
    let mut old = f.clone();
    old.kdf.memory_kib = 19 * 1024;
    old.kdf.iterations = 2;
    let mut fewer_passes = f.clone();
    fewer_passes.kdf.iterations = 2;
    let mut no_lanes = f.clone();
    no_lanes.kdf.parallelism = 0;
    for (weak, field, value, min) in [
        (&old, "kdf.memory_kib", 19 * 1024, 64 * 1024),
        (&fewer_passes, "kdf.iterations", 2, 3),
        (&no_lanes, "kdf.parallelism", 0, 1),
    ] {
        let expected = KeyError::KdfBelowFloor {
            file: name.into(),
            field,
            value,
            min,
        };
        // Refused before the passphrase is tried: the right passphrase does not help.
        assert_eq!(
            keyfile::unlock(weak, PASS).map(|_| ()),
            Err(expected.clone())
        );
        let t = expected.text();
        for s in [&t.zh, &t.en] {
            assert!(
                s.contains(name) && s.contains(field) && s.contains(&min.to_string()),
                "{s}"
            );
        }
        // Imported: named by the chosen file's name.
        let e = keyfile::read_bytes("imported.tailor-key.json", weak.to_json().as_bytes())
            .expect_err("below the floor");
        assert!(
            e.en.contains("'imported.tailor-key.json'")
                && e.en.contains(field)
                && e.en.contains(&format!("at least {min}")),
            "{}",
            e.en
        );
        assert!(e.zh.contains("imported.tailor-key.json"), "{}", e.zh);
    }
    assert_eq!(
        keyfile::MIN_MEMORY_KIB,
        65_536,
        "the floor is RFC 9106's 64 MiB"
    );
    assert_eq!(keyfile::MIN_ITERATIONS, 3);
    // Above the cap: hostile parameters cannot make the app allocate gigabytes or spin.
    let mut huge = f.clone();
    huge.kdf.memory_kib = 4 * 1024 * 1024;
    let mut long = f.clone();
    long.kdf.iterations = 1000;
    let mut wide = f.clone();
    wide.kdf.parallelism = 64;
    for (hostile, field, value, max) in [
        (
            &huge,
            "kdf.memory_kib",
            4 * 1024 * 1024,
            keyfile::MAX_MEMORY_KIB,
        ),
        (&long, "kdf.iterations", 1000, keyfile::MAX_ITERATIONS),
        (&wide, "kdf.parallelism", 64, keyfile::MAX_PARALLELISM),
    ] {
        let expected = KeyError::KdfAboveCap {
            file: name.into(),
            field,
            value,
            max,
        };
        assert_eq!(keyfile::unlock(hostile, PASS).map(|_| ()), Err(expected));
        assert!(keyfile::read_bytes("x.tailor-key.json", hostile.to_json().as_bytes()).is_err());
    }
    // At the floor and within the cap, the parameters are bound by the associated data: raising
    // one is no way around it.
    let mut raised = f.clone();
    raised.kdf.iterations = 4;
    assert_eq!(
        keyfile::unlock(&raised, PASS).map(|_| ()),
        Err(KeyError::WrongPassphrase)
    );
}

#[test]
fn tampering_with_the_header_or_ciphertext_fails() {
    let f = file();
    let other = ApproverKey::from_seed([8; 32]);
    let mut tampered = Vec::new();
    let mut t = f.clone();
    t.label = "Someone else".into();
    tampered.push((t, KeyError::WrongPassphrase));
    // Swapping in another public key (with its fingerprint) is caught by the associated data.
    let mut t = f.clone();
    t.public_key = other.public_key_hex();
    t.fingerprint = other.fingerprint();
    tampered.push((t, KeyError::WrongPassphrase));
    let mut t = f.clone();
    t.fingerprint = other.fingerprint();
    tampered.push((
        t,
        KeyError::Malformed {
            field: "fingerprint",
        },
    ));
    let mut t = f.clone();
    t.kdf.iterations = 4;
    tampered.push((t, KeyError::WrongPassphrase));
    let mut t = f.clone();
    t.kdf.memory_kib = 4 * 1024 * 1024;
    tampered.push((
        t,
        KeyError::KdfAboveCap {
            file: "Test_approver.tailor-key.json".into(),
            field: "kdf.memory_kib",
            value: 4 * 1024 * 1024,
            max: keyfile::MAX_MEMORY_KIB,
        },
    ));
    let mut t = f.clone();
    t.cipher.nonce = hex::encode([12u8; 24]);
    tampered.push((t, KeyError::WrongPassphrase));
    let mut t = f.clone();
    t.cipher.ciphertext.replace_range(0..2, "00");
    if t.cipher.ciphertext != f.cipher.ciphertext {
        tampered.push((t, KeyError::WrongPassphrase));
    }
    let mut t = f.clone();
    t.cipher.ciphertext.push_str("00");
    tampered.push((
        t,
        KeyError::Malformed {
            field: "cipher.ciphertext",
        },
    ));
    let mut t = f.clone();
    t.kdf.salt = "zz".into();
    tampered.push((t, KeyError::Malformed { field: "kdf.salt" }));
    let mut t = f.clone();
    t.version = 2;
    tampered.push((
        t,
        KeyError::Unsupported {
            format: "tailor-approver-key".into(),
            version: 2,
        },
    ));
    for (t, expected) in tampered {
        assert_eq!(
            keyfile::unlock(&t, PASS).map(|_| ()),
            Err(expected),
            "{t:?}"
        );
    }
}

#[test]
fn hostile_text_is_an_error_not_a_panic() {
    for text in [
        "",
        "null",
        "[]",
        "{}",
        r#"{"format":"tailor-approver-key"}"#,
        "{\"format\": 1}",
    ] {
        assert!(matches!(
            KeyFile::parse(text),
            Err(KeyError::NotAKeyFile(_))
        ));
    }
    let mut v: serde_json::Value = serde_json::from_str(&file().to_json()).expect("json");
    v["extra"] = serde_json::json!("field");
    assert!(KeyFile::parse(&v.to_string()).is_err());
}

#[test]
fn no_secret_in_the_file_or_in_debug_output() {
    let f = file();
    let json = f.to_json();
    let key = keyfile::unlock(&f, PASS).expect("unlocks");
    let secrets = [
        PASS.to_string(),
        hex::encode(SEED),
        hex::encode_upper(SEED),
        format!("{:?}", SEED),
        format!("{:?}", SEED.to_vec()),
    ];
    let debug_key = format!("{key:?} {key:#?}");
    let debug_file = format!("{f:?} {f:#?}");
    let errors: Vec<String> = [
        keyfile::unlock(&f, "not the passphrase").map(|_| ()),
        keyfile::create(SEED, SALT, NONCE, "short", "x").map(|_| ()),
    ]
    .into_iter()
    .filter_map(Result::err)
    .map(|e| format!("{e:?} {e} {}", e.text().zh))
    .collect();
    for s in &secrets {
        assert!(!json.contains(s.as_str()), "key file holds a secret");
        assert!(!debug_key.contains(s.as_str()), "key Debug shows a secret");
        assert!(
            !debug_file.contains(s.as_str()),
            "file Debug shows a secret"
        );
        for e in &errors {
            assert!(!e.contains(s.as_str()), "an error shows a secret");
        }
    }
    // The seed's bytes do not appear in clear in the ciphertext either.
    assert!(!f.cipher.ciphertext.contains(&hex::encode(&SEED[..8])));
    assert!(debug_key.contains(&key.fingerprint()));
}

#[test]
fn fingerprint_is_short_and_stable() {
    let key = ApproverKey::from_seed(SEED);
    let fp = keyfile::fingerprint(&ed25519_bytes(&key));
    assert_eq!(fp.len(), 19);
    let groups: Vec<&str> = fp.split('-').collect();
    assert_eq!(groups.len(), 4);
    assert!(groups.iter().all(|g| g.len() == 4
        && g.chars()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())));
    let digest = Sha256::digest(key.public_key().bytes());
    assert_eq!(fp.replace('-', ""), hex::encode_upper(&digest[..8]));
    assert_ne!(fp, ApproverKey::from_seed([8; 32]).fingerprint());
}

#[test]
fn public_keys_are_parsed_strictly() {
    let key = ApproverKey::from_seed(SEED);
    assert_eq!(
        keyfile::parse_public_key(&key.public_key_hex()),
        Some(ed25519_bytes(&key))
    );
    assert_eq!(
        keyfile::parse_public_key(&key.public_key_hex().to_uppercase()),
        Some(ed25519_bytes(&key))
    );
    let mut identity = [0u8; 32];
    identity[0] = 1;
    for bad in [
        String::new(),
        "00".into(),
        format!("{} ", key.public_key_hex()),
        format!("{}00", key.public_key_hex()),
        "g".repeat(64),
        hex::encode(identity), // small order: weak
    ] {
        assert_eq!(keyfile::parse_public_key(&bad), None, "{bad}");
    }
}

// ---- The demo approvers ----

/// The demo approvers: (approver id = passphrase, level id, zh name, en name).
const DEMO: [(&str, &str, &str, &str); 3] = [
    (
        "demo-sales-manager",
        "sales_manager",
        "演示审批人·销售经理（仅供演示）",
        "Demo approver: sales manager (demo only)",
    ),
    (
        "demo-city-branch",
        "city_branch",
        "演示审批人·地市分公司（仅供演示）",
        "Demo approver: city branch (demo only)",
    ),
    (
        "demo-provincial",
        "provincial",
        "演示审批人·省公司（仅供演示）",
        "Demo approver: provincial company (demo only)",
    ),
];

/// The demo seller (seller id = passphrase, role, zh name, en name): signs proposal statements.
const DEMO_SELLER: (&str, &str, &str, &str) = (
    tailor_core::demo::SELLER_ID,
    "seller",
    "演示客户经理（仅供演示）",
    "Demo account manager (demo only)",
);

fn demo_bytes<const N: usize>(what: &str, id: &str) -> [u8; N] {
    let digest = Sha256::digest(format!("tailor-demo-{what}{id}").as_bytes());
    let mut out = [0u8; N];
    out.copy_from_slice(&digest[..N]);
    out
}

/// The deterministic demo key file of approver `id`: seed SHA-256("tailor-demo-<id>"), salt and
/// nonce from SHA-256("tailor-demo-salt-<id>") and SHA-256("tailor-demo-nonce-<id>"), passphrase
/// the id itself.
fn demo_file(id: &str) -> KeyFile {
    let (zh, en) = DEMO
        .iter()
        .chain(std::iter::once(&DEMO_SELLER))
        .find(|d| d.0 == id)
        .map(|d| (d.2, d.3))
        .expect("a demo id");
    keyfile::create(
        demo_bytes("", id),
        demo_bytes("salt-", id),
        demo_bytes("nonce-", id),
        id,
        &format!("{id} — {en} / {zh}"),
    )
    .expect("creates")
}

fn demo_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../public/demo-keys")
}

/// Regenerates public/demo-keys/*.tailor-key.json and prints the `approvers` entries for
/// public/policy.json: `cargo test -p tailor-core --test keyfile -- --ignored --nocapture`.
#[test]
#[ignore]
fn regenerate_demo_keys() {
    std::fs::create_dir_all(demo_dir()).expect("creates the folder");
    let mut approvers = Vec::new();
    for (id, level, zh, en) in DEMO {
        let f = demo_file(id);
        let path = demo_dir().join(format!("{id}.tailor-key.json"));
        let pretty = serde_json::to_string_pretty(&f).expect("json");
        std::fs::write(&path, pretty + "\n").expect("writes");
        approvers.push(serde_json::json!({
            "id": id,
            "name": { "zh": zh, "en": en },
            "level": level,
            "public_key": f.public_key,
        }));
        println!("{id}: {} ({})", f.public_key, f.fingerprint);
    }
    let (id, _, zh, en) = DEMO_SELLER;
    let f = demo_file(id);
    let pretty = serde_json::to_string_pretty(&f).expect("json");
    std::fs::write(
        demo_dir().join(format!("{id}.tailor-key.json")),
        pretty + "\n",
    )
    .expect("writes");
    println!("{id}: {} ({}) {zh} / {en}", f.public_key, f.fingerprint);
    println!(
        "{}",
        serde_json::to_string_pretty(&serde_json::json!({ "approvers": approvers })).expect("json")
    );
}

#[test]
fn demo_key_files_match_their_generation_and_the_demo_policy() {
    let policy: tailor_core::policy::Policy =
        serde_json::from_str(include_str!("../../demo/policy.json")).expect("the demo policy");
    assert!(check::check_approvers(&policy).is_empty());
    assert_eq!(policy.approvers.len(), DEMO.len());
    for (id, level, zh, en) in DEMO {
        let path = demo_dir().join(format!("{id}.tailor-key.json"));
        let text = std::fs::read_to_string(&path).expect("the demo key file exists");
        let shipped = KeyFile::parse(&text).expect("parses");
        assert_eq!(shipped, demo_file(id), "{id}: regenerate the demo keys");
        let enrolled = policy.approver(id).expect("enrolled");
        assert_eq!(enrolled.level, level);
        assert_eq!(enrolled.public_key, shipped.public_key);
        assert_eq!(
            (enrolled.name.zh.as_str(), enrolled.name.en.as_str()),
            (zh, en)
        );
        assert!(enrolled.name.zh.contains("演示") && enrolled.name.en.contains("demo"));
        assert!(!text.contains(&hex::encode(demo_bytes::<32>("", id))));
    }
    // The demo seller: its file, enrolled as a seller with the same key.
    let (id, _, zh, en) = DEMO_SELLER;
    let text = std::fs::read_to_string(demo_dir().join(format!("{id}.tailor-key.json")))
        .expect("the demo seller's key file exists");
    let shipped = KeyFile::parse(&text).expect("parses");
    assert_eq!(shipped, demo_file(id), "{id}: regenerate the demo keys");
    let seller = policy.seller(id).expect("the demo seller is enrolled");
    assert_eq!(seller.public_key, shipped.public_key);
    assert_eq!((seller.name.zh.as_str(), seller.name.en.as_str()), (zh, en));
    // The shipped files are at the floor: they import and unlock.
    for (id, ..) in DEMO {
        let path = demo_dir().join(format!("{id}.tailor-key.json"));
        let bytes = std::fs::read(&path).expect("the demo key file exists");
        assert!(keyfile::read_bytes(&format!("{id}.tailor-key.json"), &bytes).is_ok());
    }
    // One unlock with the documented passphrase (Argon2id is slow in debug builds).
    let f = demo_file("demo-city-branch");
    let key = keyfile::unlock(&f, "demo-city-branch").expect("the documented passphrase");
    assert_eq!(key.public_key_hex(), f.public_key);
    assert_eq!(
        keyfile::unlock(&f, "demo-sales-manager").map(|_| ()),
        Err(KeyError::WrongPassphrase)
    );
}

#[test]
fn reading_checks_what_unlocking_will_need() {
    let f = file();
    assert_eq!(keyfile::read(&f.to_json()), Ok(f.clone()));
    let mut newer = f.clone();
    newer.version = 2;
    assert_eq!(
        keyfile::read(&newer.to_json()),
        Err(KeyError::Unsupported {
            format: "tailor-approver-key".into(),
            version: 2
        })
    );
    let mut other = f.clone();
    other.format = "tailor-quote".into();
    assert!(matches!(
        keyfile::read(&other.to_json()),
        Err(KeyError::Unsupported { .. })
    ));
    let mut wrong_print = f.clone();
    wrong_print.fingerprint = "0000-0000-0000-0000".into();
    assert_eq!(
        keyfile::read(&wrong_print.to_json()),
        Err(KeyError::Malformed {
            field: "fingerprint"
        })
    );
    assert!(matches!(keyfile::read("{}"), Err(KeyError::NotAKeyFile(_))));
}

#[test]
fn a_chosen_key_file_is_read_or_refused_naming_the_file() {
    let f = file();
    assert_eq!(
        keyfile::read_bytes("k.tailor-key.json", f.to_json().as_bytes()),
        Ok(f.clone())
    );
    let e = keyfile::read_bytes(
        "k.tailor-key.json",
        &vec![b' '; keyfile::MAX_FILE_BYTES + 1],
    )
    .expect_err("too large");
    assert!(
        e.zh.contains("k.tailor-key.json") && e.zh.contains("过大"),
        "{e:?}"
    );
    assert!(e.en.contains("at most 64.0 KB"), "{}", e.en);
    let e = keyfile::read_bytes("k.tailor-key.json", b"\xff{}").expect_err("not UTF-8");
    assert!(e.en.starts_with("k.tailor-key.json: "), "{}", e.en);
    let e = keyfile::read_bytes("k.tailor-key.json", b"[]").expect_err("not a key file");
    assert!(
        e.en.starts_with("Not a Tailor approver key file"),
        "{}",
        e.en
    );
}

#[test]
fn the_file_text_is_compact_and_reads_back() {
    let f = file();
    let text = f.to_json();
    assert!(!text.contains('\n'), "compact");
    assert_eq!(KeyFile::parse(&text), Ok(f));
}

#[test]
fn file_names_come_from_the_label_or_the_fingerprint() {
    let mut f = file();
    assert_eq!(keyfile::file_name(&f), "Test_approver.tailor-key.json");
    f.label = "demo-city-branch — 地市/分公司".into();
    assert_eq!(
        keyfile::file_name(&f),
        "demo-city-branch___地市_分公司.tailor-key.json"
    );
    f.label = " / ".into();
    assert_eq!(
        keyfile::file_name(&f),
        format!("{}.tailor-key.json", f.fingerprint)
    );
    f.label = "x".repeat(100);
    assert_eq!(
        keyfile::file_name(&f),
        format!("{}.tailor-key.json", "x".repeat(60))
    );
}

/// An Ed25519 key's 32 public bytes.
fn ed25519_bytes(key: &ApproverKey) -> [u8; 32] {
    key.public_key().bytes().try_into().expect("an Ed25519 key")
}

// SM2 key files: PBKDF2-HMAC-SM3 and SM4-GCM, every refusal as for Ed25519 files.

/// One SM2 key file for every test: PBKDF2-HMAC-SM3's loop is generic, so it is compiled in
/// this (unoptimised) test build, some 5 s per 600 000 iterations; each unlock below costs that.
static SM2_FILE: LazyLock<KeyFile> = LazyLock::new(|| {
    keyfile::create_in(Suite::Sm2, SEED, SALT, NONCE, PASS, "SM2 approver").expect("creates")
});

fn sm2_file() -> KeyFile {
    SM2_FILE.clone()
}

#[test]
fn an_sm2_key_file_round_trips_with_national_primitives_only() {
    let f = sm2_file();
    let json = f.to_json();
    for part in [
        r#""suite":"sm2-sm3""#,
        r#""kdf":{"algorithm":"pbkdf2-hmac-sm3","iterations":600000,"#,
        r#""algorithm":"sm4-gcm""#,
    ] {
        assert!(json.contains(part), "{part} in {json}");
    }
    assert!(
        !json.contains("memory_kib") && !json.contains("argon2"),
        "{json}"
    );
    assert_eq!(f.cipher.nonce.len(), 24, "a 12-byte GCM nonce");
    assert_eq!(f.cipher.ciphertext.len(), 2 * (32 + 16));
    let back = keyfile::read(&json).expect("reads");
    assert_eq!(back, f);
    let key = keyfile::unlock(&back, PASS).expect("unlocks");
    assert_eq!(key.suite(), Suite::Sm2);
    assert_eq!(key.public_key_hex(), f.public_key);
    assert_eq!(key.fingerprint(), f.fingerprint);
    assert_eq!(f.public_key.len(), 66, "SEC1 compressed");
    let signature = hex::encode(key.sign(b"message"));
    assert!(suite::verify(
        Suite::Sm2,
        &f.public_key,
        b"message",
        &signature
    ));
    // An Ed25519 file is as it always was: no suite field.
    assert!(!file().to_json().contains("suite"));
}

#[test]
fn an_sm2_key_file_refuses_a_wrong_passphrase() {
    assert_eq!(
        keyfile::unlock(&sm2_file(), "correct horse battery stapler").err(),
        Some(KeyError::WrongPassphrase)
    );
}

#[test]
fn an_altered_sm4_ciphertext_or_header_is_refused() {
    let f = sm2_file();
    // The sealed secret's first byte, and the tag's last.
    for at in [0, 47] {
        let mut altered = f.clone();
        let mut bytes = hex::decode(&altered.cipher.ciphertext).expect("hex");
        bytes[at] ^= 1;
        altered.cipher.ciphertext = hex::encode(bytes);
        assert_eq!(
            keyfile::unlock(&altered, PASS).err(),
            Some(KeyError::WrongPassphrase),
            "byte {at}"
        );
    }
    // The header is the associated data.
    let mut label = f.clone();
    label.label.push('!');
    assert_eq!(
        keyfile::unlock(&label, PASS).err(),
        Some(KeyError::WrongPassphrase)
    );
    // Relabelled Ed25519, the SM2 key no longer parses as its suite's key.
    let mut suite = f.clone();
    suite.suite = Suite::Ed25519;
    assert!(keyfile::unlock(&suite, PASS).is_err());
    // Another cipher or KDF than the suite's is refused before the passphrase is tried.
    let mut cipher = f.clone();
    cipher.cipher.algorithm = "xchacha20poly1305".into();
    assert!(matches!(
        keyfile::unlock(&cipher, PASS),
        Err(KeyError::Unsupported { .. })
    ));
    let mut kdf = f;
    kdf.kdf.algorithm = "argon2id".into();
    assert!(matches!(
        keyfile::unlock(&kdf, PASS),
        Err(KeyError::Unsupported { .. })
    ));
}

#[test]
fn sm2_pbkdf2_iterations_below_the_floor_or_above_the_cap_are_refused() {
    for (iterations, expected) in [
        (
            599_999,
            KeyError::KdfBelowFloor {
                file: "SM2_approver.tailor-key.json".into(),
                field: "kdf.iterations",
                value: 599_999,
                min: keyfile::MIN_PBKDF2_ITERATIONS,
            },
        ),
        (
            6_000_001,
            KeyError::KdfAboveCap {
                file: "SM2_approver.tailor-key.json".into(),
                field: "kdf.iterations",
                value: 6_000_001,
                max: keyfile::MAX_PBKDF2_ITERATIONS,
            },
        ),
    ] {
        let mut f = sm2_file();
        f.kdf.iterations = iterations;
        assert_eq!(keyfile::unlock(&f, PASS).err(), Some(expected.clone()));
        let refused = keyfile::read_bytes("chosen.tailor-key.json", f.to_json().as_bytes());
        assert!(
            refused
                .as_ref()
                .err()
                .is_some_and(|t| t.en.contains("kdf.iterations")),
            "{refused:?}"
        );
    }
}
