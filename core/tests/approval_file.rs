//! The approval file format: an approval file and the approvals a quote file carries read back
//! exactly what was written (and still verify), a malformed approval refuses the whole file
//! naming the file, the entry and the problem, and the files are named after the quote.

mod common;

use serde_json::{json, Value};
use tailor_core::approval::file::{
    decision_name, from_file, from_values, merge, quote_file_json, read_quote_file, request_name,
    to_values,
};
use tailor_core::approval::{verify_one, Approval, ApprovalBody, Decision, Request};
use tailor_core::keyfile::ApproverKey;
use tailor_core::limits::{too_large, APPROVAL_FILE};
use tailor_core::policy::Policy;
use tailor_core::pricing::{price, Priced};
use tailor_core::quote::Quote;
use tailor_core::quote_file;

const TODAY: &str = "2026-11-24";

/// A demo approver's key, enrolled in the demo policy.
fn demo_key(id: &str) -> ApproverKey {
    ApproverKey::from_seed(tailor_core::demo::seed(id))
}

/// The demo policy, a quote from a template priced on the default catalog, and two signed
/// decisions on it: the sales manager's approval and the city branch's rejection.
fn fixture() -> (Policy, Quote, Priced, Vec<Approval>) {
    let (catalog, policy) = common::demo_setup();
    let quote = common::from_template(&catalog, &policy, "gov_smart_office");
    let priced = price(&catalog, &policy, &quote);
    let decide = |approver: &str, level: &str, decision: Decision, reason: &str| {
        let key = demo_key(approver);
        let request = Request {
            decision,
            approver_id: approver.into(),
            level: level.into(),
            issued: "2026-11-23".into(),
            expires: "2026-12-23".into(),
            comment: "按季度复核".into(),
            reason: reason.into(),
        };
        ApprovalBody::new(&quote, &priced, &request, &key.public_key_hex()).sign(&key)
    };
    let approvals = vec![
        decide("demo-sales-manager", "sales_manager", Decision::Approve, ""),
        decide(
            "demo-city-branch",
            "city_branch",
            Decision::Reject,
            "折扣过高",
        ),
    ];
    (policy, quote, priced, approvals)
}

#[test]
fn an_approval_file_reads_back_what_was_written_and_still_verifies() {
    let (policy, quote, priced, approvals) = fixture();
    for a in &approvals {
        let text = a.to_json();
        assert!(text.ends_with("}\n"), "{text}");
        assert!(!text.contains("\n  "), "canonical, compact: {text}");
        let back = Approval::parse(&text).expect("parses");
        assert_eq!(&back, a);
        assert_eq!(verify_one(&policy, &quote, &priced, &back, TODAY), vec![]);
        // Any formatting of the same JSON reads the same.
        let pretty = serde_json::to_string_pretty(a).expect("json");
        assert_eq!(&Approval::parse(&pretty).expect("parses"), a);
        // As a file chosen by the user.
        assert_eq!(from_file("a.json", text.as_bytes()), Ok(vec![a.clone()]));
    }
}

#[test]
fn a_quote_file_carries_its_approvals_there_and_back() {
    let (_, quote, priced, approvals) = fixture();
    let values = to_values(&approvals);
    assert_eq!(values.len(), 2);
    assert_eq!(from_values("q.tailor.json", &values), Ok(approvals.clone()));

    let text = quote_file_json(&quote, &priced, &approvals);
    let (file, carried) = read_quote_file("q.tailor.json", text.as_bytes()).expect("reads");
    assert_eq!(file.quote, quote);
    assert_eq!(file.priced, priced);
    assert_eq!(file.approvals, values);
    assert_eq!(carried, approvals);
    // Chosen where approvals are imported, the quote file gives its approvals.
    assert_eq!(from_file("q.tailor.json", text.as_bytes()), Ok(approvals));
    // Without approvals it is an ordinary quote file.
    assert_eq!(
        quote_file_json(&quote, &priced, &[]),
        quote_file::export(&quote, &priced)
    );
}

#[test]
fn one_malformed_approval_refuses_the_whole_file_naming_file_entry_and_problem() {
    let (_, quote, priced, approvals) = fixture();
    let mut values = to_values(&approvals);
    let mut extra = values[0].clone();
    extra["signed_by"] = json!("someone");
    let mut unsigned = values[0].clone();
    unsigned
        .as_object_mut()
        .expect("an object")
        .remove("signature");
    for (bad, problem) in [
        (extra, "unknown field `signed_by`"),
        (unsigned, "missing field `signature`"),
        (json!("approved"), "invalid type"),
    ] {
        values.push(bad);
        let e = from_values("q.tailor.json", &values).expect_err("refused");
        assert!(
            e.en.starts_with("q.tailor.json: approvals[2] is not a valid approval: ")
                && e.en.contains(problem),
            "{}",
            e.en
        );
        assert!(
            e.zh.starts_with("q.tailor.json：approvals[2] 不是有效的审批：")
                && e.zh.contains(problem),
            "{}",
            e.zh
        );
        // The same when the quote file is read, whichever way it was chosen.
        let mut file: Value =
            serde_json::from_str(&quote_file_json(&quote, &priced, &approvals)).expect("json");
        file["approvals"] = Value::Array(values.clone());
        let bytes = serde_json::to_vec(&file).expect("json");
        assert_eq!(
            read_quote_file("q.tailor.json", &bytes).err(),
            Some(e.clone())
        );
        assert_eq!(from_file("q.tailor.json", &bytes).err(), Some(e));
        values.pop();
    }
}

#[test]
fn a_file_that_is_neither_says_so() {
    let (_, _, _, approvals) = fixture();
    let neither = |name: &str, bytes: &[u8], detail: &str| {
        let e = from_file(name, bytes).expect_err("refused");
        assert!(
            e.en.starts_with(&format!(
                "{name}: neither an approval file nor a quote file carrying approvals ("
            )) && e.en.contains(detail),
            "{}",
            e.en
        );
        assert!(
            e.zh.starts_with(&format!("{name}：不是审批文件，也不是带审批的报价文件（")),
            "{}",
            e.zh
        );
    };
    neither("x.json", b"not json", "expected ident");
    neither(
        "x.json",
        b"{\"format\": \"other\"}",
        "unknown field `format`",
    );
    let mut body = serde_json::to_value(&approvals[0]).expect("json");
    body["body"]["decision"] = json!("maybe");
    neither(
        "x.json",
        body.to_string().as_bytes(),
        "unknown variant `maybe`",
    );
    let large = vec![b' '; APPROVAL_FILE.max_bytes + 1];
    assert_eq!(
        from_file("big.json", &large),
        Err(too_large("big.json", large.len(), &APPROVAL_FILE))
    );
}

#[test]
fn files_are_named_after_the_customer_date_and_level() {
    let (_, quote, _, approvals) = fixture();
    assert_eq!(
        request_name(&quote),
        "杭州市数据资源管理局-2026-11-23-request.tailor.json"
    );
    assert_eq!(
        decision_name(&quote, &approvals[0]),
        "杭州市数据资源管理局-2026-11-23-approval-sales_manager.json"
    );
    assert_eq!(
        decision_name(&quote, &approvals[1]),
        "杭州市数据资源管理局-2026-11-23-rejection-city_branch.json"
    );
}

#[test]
fn merging_adds_only_approvals_not_already_there() {
    let (_, _, _, approvals) = fixture();
    let mut list = vec![approvals[0].clone()];
    assert_eq!(merge(&mut list, approvals.clone()), 1);
    assert_eq!(list, approvals);
    assert_eq!(merge(&mut list, approvals.clone()), 0);
    assert_eq!(list, approvals);
}
