//! Links: a request, a decision and a pre-authorisation round-trip byte for byte through their
//! link text; a truncated, altered, foreign or inflating link is refused with a clear message and
//! never panics. The sizes are printed (`--nocapture`) for the README.

mod common;

use tailor_core::approval::preauth::{self, PreAuthBody};
use tailor_core::approval::{file::quote_file_json, ApprovalBody, Decision, Request};
use tailor_core::keyfile::ApproverKey;
use tailor_core::link::{decode, encode, Kind, LinkError, MAX_BYTES};
use tailor_core::pricing::price;

/// A 10-line request, a decision on it and a pre-authorisation, as their files' bytes.
fn items() -> Vec<(Kind, Vec<u8>)> {
    let (catalog, policy) = common::demo_setup();
    let quote = common::from_template(&catalog, &policy, "gov_smart_office");
    let priced = price(&catalog, &policy, &quote);
    let key = ApproverKey::from_seed(tailor_core::demo::seed("demo-sales-manager"));
    let request = Request {
        decision: Decision::Approve,
        approver_id: "demo-sales-manager".into(),
        level: "sales_manager".into(),
        issued: "2026-11-23".into(),
        expires: "2026-12-23".into(),
        comment: "同意，请尽快签约".into(),
        reason: String::new(),
    };
    let decision = ApprovalBody::new(&quote, &priced, &request, &key.public_key_hex()).sign(&key);
    let pre = preauth::grant(
        &policy,
        PreAuthBody {
            format: String::new(),
            version: 0,
            customer_name: quote.customer.name.clone(),
            uscc: quote.customer.uscc.clone(),
            account_manager: String::new(),
            family_limits: [("basic".to_string(), 1800), ("office".to_string(), 3000)].into(),
            max_tcv: 200_000_000,
            approver_id: "demo-sales-manager".into(),
            public_key: String::new(),
            suite: tailor_core::suite::Suite::Ed25519,
            level: "sales_manager".into(),
            issued: "2026-11-23".into(),
            expires: "2026-12-23".into(),
            comment: String::new(),
        },
        &key,
    )
    .expect("granted");
    vec![
        (
            Kind::Request,
            quote_file_json(&quote, &priced, &[]).into_bytes(),
        ),
        (Kind::Decision, decision.to_json().into_bytes()),
        (Kind::PreAuth, serde_json::to_vec(&pre).expect("json")),
    ]
}

#[test]
fn every_item_round_trips_byte_for_byte() {
    for (kind, bytes) in items() {
        let text = encode(kind, &bytes);
        println!(
            "{kind:?}: {} bytes → a link of {} characters",
            bytes.len(),
            text.len()
        );
        assert!(text.starts_with("tailor1."));
        assert!(
            text.chars()
                .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c)),
            "{text}"
        );
        assert_eq!(decode(&text), Ok((kind, bytes.clone())));
        // As the fragment of a URL, with white space around it.
        let url = format!("  https://tailor.example.com/approver.html#{text}\n");
        assert_eq!(decode(&url), Ok((kind, bytes)));
    }
}

#[test]
fn a_decision_and_a_pre_authorisation_are_short_enough_for_a_chat_message() {
    for (kind, bytes) in items() {
        let len = encode(kind, &bytes).len();
        if kind != Kind::Request {
            assert!(len < 2_000, "{kind:?}: {len} characters");
        }
    }
}

#[test]
fn a_truncated_or_altered_link_is_refused_and_never_panics() {
    for (kind, bytes) in items() {
        let text = encode(kind, &bytes);
        for end in 0..text.len() {
            assert!(decode(&text[..end]).is_err(), "{kind:?} cut at {end}");
        }
        // Every character of the payload and check changed in turn.
        let start = "tailor1.x.".len();
        for i in (start..text.len()).step_by(7) {
            let mut altered = text.clone().into_bytes();
            altered[i] = if altered[i] == b'A' { b'B' } else { b'A' };
            let altered = String::from_utf8(altered).expect("ascii");
            if altered != text {
                assert!(decode(&altered).is_err(), "{kind:?} altered at {i}");
            }
        }
    }
}

#[test]
fn each_refusal_is_precise_and_in_both_languages() {
    let (kind, bytes) = items().remove(1);
    let text = encode(kind, &bytes);
    assert_eq!(decode("https://example.com/x"), Err(LinkError::NotALink));
    assert_eq!(
        decode(&text.replacen(".d.", ".z.", 1)),
        Err(LinkError::UnknownKind("z".into()))
    );
    assert_eq!(
        decode(&text.replacen(".d.", ".p.", 1)),
        Err(LinkError::CheckFailed)
    );
    assert_eq!(decode(&format!("{text}.extra")), Err(LinkError::Damaged));
    assert_eq!(
        decode(&text.replacen(".d.", ".d.!", 1)),
        Err(LinkError::Damaged)
    );
    for e in [
        LinkError::NotALink,
        LinkError::UnknownKind("z".into()),
        LinkError::Damaged,
        LinkError::CheckFailed,
        LinkError::Corrupt,
    ] {
        let t = e.text();
        assert!(
            t.zh.chars().any(|c| c as u32 > 0x2e80) && t.en.is_ascii(),
            "{e:?}"
        );
    }
}

#[test]
fn a_link_inflating_beyond_the_cap_is_refused() {
    // A few kilobytes of link that would inflate to more than the cap.
    let bomb = vec![b' '; MAX_BYTES + 1];
    let text = encode(Kind::Request, &bomb);
    assert!(text.len() < 20_000, "{}", text.len());
    assert_eq!(decode(&text), Err(LinkError::Corrupt));
}

/// The link of the first worked example's quote, as this build writes it: the browser must write
/// the same text (`wasm_examples`). `BLESS=1` rewrites it after a deliberate change.
#[test]
fn the_golden_link_is_what_encode_writes() {
    let quote = include_str!("examples/01_all_units_tiers.quote.json");
    let text = encode(Kind::Request, quote.as_bytes());
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/examples/01_all_units_tiers.link.txt"
    );
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(path, &text).expect("blessed");
    }
    let golden = std::fs::read_to_string(path).expect("the golden link");
    assert_eq!(text, golden.trim_end());
    assert_eq!(
        decode(&golden).map(|(_, b)| b),
        Ok(quote.as_bytes().to_vec())
    );
}
