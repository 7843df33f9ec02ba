//! The approver's decision log: an entry holds what was signed (quote, customer, decision, level,
//! dates, digest, notes) and when; the log is bounded, reads back what it wrote, and refuses text
//! of another format, version or size.

use tailor_core::approval::{ApprovalBody, Decision, Request};
use tailor_core::decision_log::{self, Entry, Log, MAX_BYTES, MAX_ENTRIES, MAX_NOTE_CHARS};
use tailor_core::keyfile::ApproverKey;
use tailor_core::pricing::price;

fn entry(decision: Decision, comment: &str) -> Entry {
    let (catalog, policy) = tailor_core::defaults::catalog_and_policy().expect("defaults");
    let quote = tailor_core::sample::quote(&catalog, &policy, 3);
    let priced = price(&catalog, &policy, &quote);
    let key = ApproverKey::from_seed([5; 32]);
    let request = Request {
        decision,
        approver_id: "cb".into(),
        level: "city_branch".into(),
        issued: "2026-03-09".into(),
        expires: "2026-04-08".into(),
        comment: comment.into(),
        reason: if decision == Decision::Reject {
            "折扣过大".into()
        } else {
            String::new()
        },
    };
    let approval = ApprovalBody::new(&quote, &priced, &request, &key.public_key_hex()).sign(&key);
    let e = Entry::of(&approval, "2026-03-09T08:15:00.000Z", "decision.json");
    assert_eq!(e.quote_id, quote.id);
    assert_eq!(e.customer_name, quote.customer.name);
    assert_eq!(e.uscc, quote.customer.uscc);
    assert_eq!(e.quote_digest, approval.body.quote_digest);
    assert_eq!(e.quote_digest.len(), 64);
    e
}

#[test]
fn an_entry_holds_what_was_signed_and_when() {
    let e = entry(Decision::Approve, "同意");
    assert_eq!(e.signed_at, "2026-03-09T08:15:00.000Z");
    assert_eq!(e.decision, Decision::Approve);
    assert_eq!(
        (e.approver_id.as_str(), e.level.as_str()),
        ("cb", "city_branch")
    );
    assert_eq!(
        (e.issued.as_str(), e.expires.as_str()),
        ("2026-03-09", "2026-04-08")
    );
    assert_eq!((e.comment.as_str(), e.reason.as_str()), ("同意", ""));
    assert_eq!(e.file_name, "decision.json");
    let r = entry(Decision::Reject, "");
    assert_eq!(r.reason, "折扣过大");
    // A long comment is capped in the log (the signed file keeps it whole).
    let long = entry(Decision::Approve, &"长".repeat(MAX_NOTE_CHARS + 10));
    assert_eq!(long.comment.chars().count(), MAX_NOTE_CHARS);
}

#[test]
fn the_log_reads_back_what_it_wrote_and_is_bounded() {
    let mut log = Log::new();
    let e = entry(Decision::Approve, "同意");
    log.record(e.clone());
    log.record(entry(Decision::Reject, ""));
    let text = log.to_json();
    assert!(
        text.contains("\"format\": \"tailor-decision-log\""),
        "{text}"
    );
    assert_eq!(Log::parse(&text), Ok(log.clone()));
    let mut full = Log::new();
    for i in 0..MAX_ENTRIES + 5 {
        let mut x = e.clone();
        x.signed_at = format!("{i}");
        full.record(x);
    }
    assert_eq!(full.entries.len(), MAX_ENTRIES);
    assert_eq!(full.entries[0].signed_at, "5", "the oldest are dropped");
    assert_eq!(
        full.entries[MAX_ENTRIES - 1].signed_at,
        format!("{}", MAX_ENTRIES + 4)
    );
    assert!(full.to_json().len() < MAX_BYTES);
}

#[test]
fn other_text_is_refused_in_both_languages() {
    let mut other = Log::new();
    other.version = 2;
    let mut too_many = Log::new();
    too_many.entries = vec![entry(Decision::Approve, ""); MAX_ENTRIES + 1];
    for (text, en) in [
        ("[]".to_string(), "cannot be read"),
        ("{}".to_string(), "cannot be read"),
        (other.to_json(), "version 2"),
        (too_many.to_json(), "at most 1000"),
        (" ".repeat(MAX_BYTES + 1), "too large"),
    ] {
        let e = Log::parse(&text).expect_err("refused");
        assert!(e.en.contains(en), "{}", e.en);
        assert!(e.zh.contains("审批记录"), "{}", e.zh);
    }
}

#[test]
fn the_export_is_named_by_the_date() {
    assert_eq!(
        decision_log::file_name("2026-03-09"),
        "tailor-decisions-2026-03-09.json"
    );
    assert_eq!(decision_log::file_name("../x"), "tailor-decisions-.json");
}
