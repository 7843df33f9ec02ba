//! The approval file format: an approval file and the approvals a quote file carries read back
//! exactly what was written (and still verify), a malformed approval refuses the whole file
//! naming the file, the entry and the problem, and the files are named after the quote.

mod common;

use serde_json::{json, Value};
use tailor_core::approval::file::{
    check_merge, decision_name, from_file, from_values, merge, quote_file_json, read_quote_file,
    request_name, to_values, MAX_APPROVALS,
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

/// `n` distinct, well-formed approvals: the sales manager's with as many comments (their
/// signatures no longer verify; here only their number matters).
fn many(n: usize) -> Vec<Approval> {
    let (_, _, _, approvals) = fixture();
    (0..n)
        .map(|i| {
            let mut a = approvals[0].clone();
            a.body.comment = format!("第 {i} 份");
            a
        })
        .collect()
}

#[test]
fn a_quote_file_carries_at_most_the_cap_of_approvals() {
    assert_eq!(MAX_APPROVALS, quote_file::MAX_APPROVALS);
    let (_, quote, priced, _) = fixture();
    let fits = many(MAX_APPROVALS);
    let text = quote_file_json(&quote, &priced, &fits);
    assert_eq!(
        from_file("q.tailor.json", text.as_bytes()),
        Ok(fits.clone())
    );
    // One more: refused naming the file, the place and the problem, whichever way it is read.
    let over = many(MAX_APPROVALS + 1);
    let text = quote_file_json(&quote, &priced, &over);
    let e = read_quote_file("q.tailor.json", text.as_bytes()).expect_err("refused");
    assert_eq!(
        e.zh,
        "无法打开「q.tailor.json」：approvals：条目过多（65 项，最多 64 项）"
    );
    assert_eq!(
        e.en,
        "Cannot open 'q.tailor.json': approvals: too many entries (65; at most 64)"
    );
    assert_eq!(from_file("q.tailor.json", text.as_bytes()), Err(e));
    // The entries of a stored quote (the library's records) are capped the same way.
    let e = from_values("Q-1", &to_values(&over)).expect_err("refused");
    assert_eq!(
        e.en,
        "Q-1: approvals holds too many approvals (65; a quote carries at most 64)"
    );
    assert_eq!(
        e.zh,
        "Q-1：approvals 中的审批过多（65 份，一个方案最多 64 份）"
    );
    assert_eq!(from_values("Q-1", &to_values(&fits)), Ok(fits));
}

#[test]
fn the_approvals_held_for_a_quote_never_exceed_the_cap() {
    let all = many(MAX_APPROVALS + 10);
    let mut list = all[..60].to_vec();
    // Repeats of what is held do not count against the cap.
    assert_eq!(check_merge(&list, &all[..60]), Ok(()));
    assert_eq!(check_merge(&list, &all[56..64]), Ok(()));
    let e = check_merge(&list, &all[56..65]).expect_err("65 would be too many");
    assert_eq!(
        e.en,
        "Cannot import the approvals: the quote holds 60, and with the new ones in the chosen \
         files it would hold more than 64, the most a quote carries"
    );
    assert!(
        e.zh.contains("已有 60 份") && e.zh.contains("64 份"),
        "{}",
        e.zh
    );
    // Repeats inside the new ones count once.
    let mut twice = all[60..64].to_vec();
    twice.extend_from_slice(&all[60..64]);
    assert_eq!(check_merge(&list, &twice), Ok(()));
    // Merging anyway stops at the cap.
    assert_eq!(merge(&mut list, all.clone()), 4);
    assert_eq!(list, all[..MAX_APPROVALS]);
    assert_eq!(merge(&mut list, all.clone()), 0);
    assert_eq!(list.len(), MAX_APPROVALS);
}
