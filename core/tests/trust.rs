//! What the app believes, attack by attack: a demo chain under the production policy and under
//! every fallback, a forged price in a quote file, a revoked approver, a clock set back, an
//! approval dated in the future, and ten thousand bogus approvals.

mod common;

use std::sync::Arc;
use tailor_core::approval::{judge, sign, verify_chain, Approval, Decision, Request, Status, Why};
use tailor_core::catalog::Catalog;
use tailor_core::keyfile::ApproverKey;
use tailor_core::policy::Policy;
use tailor_core::pricing::price;
use tailor_core::quote::Quote;
use tailor_core::text::Text;
use tailor_core::trust::{price_named, Basis, Standing, Versions};
use tailor_core::{demo, quote_file};

const TODAY: &str = "2026-11-24";

/// The demo policy, a quote needing the city branch, and its complete demo chain.
struct Fixture {
    catalog: Arc<Catalog>,
    demo: Arc<Policy>,
    quote: Quote,
    chain: Vec<Approval>,
}

fn fixture() -> Fixture {
    let (catalog, demo) = common::demo_setup();
    let mut quote = common::from_template(&catalog, &demo, "gov_smart_office");
    for l in &mut quote.lines {
        l.discount_bp = 1600;
    }
    let priced = price(&catalog, &demo, &quote);
    assert_eq!(priced.authority.required, 2, "needs the city branch");
    let chain = [
        ("demo-sales-manager", "sales_manager"),
        ("demo-city-branch", "city_branch"),
    ]
    .iter()
    .map(|(id, level)| {
        let r = Request {
            decision: Decision::Approve,
            approver_id: (*id).into(),
            level: (*level).into(),
            issued: "2026-11-23".into(),
            expires: "2026-12-23".into(),
            comment: String::new(),
            reason: String::new(),
        };
        sign(
            &demo,
            &quote,
            &priced,
            &r,
            &ApproverKey::from_seed(demo::seed(id)),
        )
        .expect("signs")
    })
    .collect();
    Fixture {
        catalog: Arc::new(catalog),
        demo: Arc::new(demo),
        quote,
        chain,
    }
}

#[test]
fn a_demo_chain_is_approved_only_under_the_demo_policy() {
    let f = fixture();
    let p = price(&f.catalog, &f.demo, &f.quote);
    let trusted_demo = Standing::Trusted { demo: true };
    assert!(judge(&trusted_demo, &f.demo, &f.quote, &p, &f.chain, &[], TODAY).approved());
    // The production policy with the demo approvers copied in (whoever could edit it).
    let production = Policy {
        demo: false,
        ..(*f.demo).clone()
    };
    let v = judge(
        &Standing::Trusted { demo: false },
        &production,
        &f.quote,
        &p,
        &f.chain,
        &[],
        TODAY,
    );
    assert_eq!(v.status, Status::NotApproved);
    assert!(
        v.checks
            .iter()
            .all(|c| matches!(c.as_slice(), [Why::DemoKey { .. }])),
        "{:?}",
        v.checks
    );
    // Every fallback: the embedded default, a broken, unsigned or unreachable published policy
    // with no good pair kept, an expired policy. Never approved, and the first reason says why.
    let fallbacks = [
        Standing::Unverifiable {
            why: Text::new("内置默认", "the embedded default is not signed"),
        },
        Standing::Unverifiable {
            why: Text::new("未签名", "policy.json is not signed"),
        },
        Standing::Unverifiable {
            why: Text::new("无法访问", "policy.json: HTTP 404"),
        },
        Standing::Expired {
            expires: "2026-11-20".into(),
        },
    ];
    for standing in fallbacks {
        let v = judge(&standing, &f.demo, &f.quote, &p, &f.chain, &[], TODAY);
        assert_eq!(v.status, Status::NotApproved, "{standing:?}");
        assert!(v.chain.is_empty());
        let expected = match &standing {
            Standing::Expired { expires } => Why::PolicyExpired {
                expires: expires.clone(),
            },
            Standing::Unverifiable { why } => Why::Unverifiable { why: why.clone() },
            Standing::Trusted { .. } => unreachable!(),
        };
        assert_eq!(v.problems[0].why, expected);
    }
}

#[test]
fn a_forged_price_in_a_quote_file_is_never_believed() {
    let f = fixture();
    let honest = price(&f.catalog, &f.demo, &f.quote);
    // The file says the quote needs no approval and costs a tenth.
    let mut forged = honest.clone();
    forged.authority.required = 0;
    forged.totals.net.tcv /= 10;
    let text = quote_file::export(&f.quote, &forged);
    let file = quote_file::import("forged.tailor.json", &text).expect("imports");
    assert_eq!(file.priced, forged, "the file carries the forged figures");
    // On the versions it names: priced afresh, the forged figures play no part.
    let versions = Versions::default();
    let (priced, basis, enrolment) = price_named(&versions, &f.catalog, &f.demo, &file.quote);
    assert_eq!(basis, Basis::Named);
    assert_eq!(priced, honest);
    let v = judge(
        &Standing::Trusted { demo: true },
        &enrolment,
        &file.quote,
        &priced,
        &[],
        &[],
        TODAY,
    );
    assert_eq!((v.status, v.required), (Status::NotApproved, 2));
    // Naming a catalog the device never saw: the current catalog's figures, "needs repricing",
    // and approvals cannot be verified.
    let mut stale = file.quote.clone();
    stale.catalog_version = "2019.01".into();
    let (priced, basis, enrolment) = price_named(&versions, &f.catalog, &f.demo, &stale);
    assert_eq!(priced.totals, honest.totals);
    let standing = basis.unverifiable().expect("needs repricing");
    let v = judge(&standing, &enrolment, &stale, &priced, &f.chain, &[], TODAY);
    assert_eq!(v.status, Status::NotApproved);
    assert!(
        matches!(&v.problems[0].why, Why::Unverifiable { why } if why.en.contains("needs repricing"))
    );
}

#[test]
fn a_quote_on_an_older_signed_version_is_priced_on_it() {
    let f = fixture();
    let mut older = (*f.catalog).clone();
    older.version = "2026.10".into();
    for o in &mut older.offerings {
        for t in &mut o.tiers {
            t.mrc += 100;
        }
    }
    let mut quote = f.quote.clone();
    quote.catalog_version = "2026.10".into();
    let mut versions = Versions::default();
    versions.keep(Arc::new(older.clone()), f.demo.clone());
    let (priced, basis, _) = price_named(&versions, &f.catalog, &f.demo, &quote);
    assert_eq!(basis, Basis::Named);
    assert_eq!(priced, price(&older, &f.demo, &quote));
    assert_ne!(priced.totals, price(&f.catalog, &f.demo, &quote).totals);
}

#[test]
fn a_newer_policy_revokes_at_once() {
    let f = fixture();
    // Approved under the demo policy the quote names.
    let (priced, _, enrolment) = price_named(&Versions::default(), &f.catalog, &f.demo, &f.quote);
    assert!(verify_chain(&enrolment, &f.quote, &priced, &f.chain, TODAY).approved());
    // A newer signed policy removes the city branch approver. The quote still names the old
    // policy (kept on the device), but its approvals are judged under the newer enrolment.
    let mut newer = (*f.demo).clone();
    newer.version = "2026.12-demo".into();
    newer.approvers.retain(|a| a.id != "demo-city-branch");
    let mut versions = Versions::default();
    versions.keep(f.catalog.clone(), f.demo.clone());
    let newer = Arc::new(newer);
    let (priced, basis, enrolment) = price_named(&versions, &f.catalog, &newer, &f.quote);
    assert_eq!(basis, Basis::Named);
    let v = verify_chain(&enrolment, &f.quote, &priced, &f.chain, TODAY);
    assert_eq!(v.status, Status::NotApproved);
    assert_eq!(
        v.checks[1],
        vec![Why::UnknownApprover {
            approver: "demo-city-branch".into()
        }]
    );
}

#[test]
fn a_clock_set_back_does_not_revive_an_expired_approval() {
    let f = fixture();
    let p = price(&f.catalog, &f.demo, &f.quote);
    let standing = Standing::Trusted { demo: true };
    assert!(!judge(
        &standing,
        &f.demo,
        &f.quote,
        &p,
        &f.chain,
        &[],
        "2027-01-10"
    )
    .approved());
    // The device clock says 2026-12-01, but the device has seen 2027-01-10.
    let today = tailor_core::trust::today("2026-12-01", ["2027-01-10"]);
    assert!(today.clock_behind);
    assert!(!judge(&standing, &f.demo, &f.quote, &p, &f.chain, &[], &today.date).approved());
}

#[test]
fn an_approval_dated_in_the_future_is_refused() {
    let f = fixture();
    let p = price(&f.catalog, &f.demo, &f.quote);
    let r = Request {
        decision: Decision::Approve,
        approver_id: "demo-city-branch".into(),
        level: "city_branch".into(),
        issued: "2026-11-26".into(),
        expires: "2026-12-26".into(),
        comment: String::new(),
        reason: String::new(),
    };
    let key = ApproverKey::from_seed(demo::seed("demo-city-branch"));
    let future = sign(&f.demo, &f.quote, &p, &r, &key).expect("signs");
    let chain = [f.chain[0].clone(), future];
    let v = verify_chain(&f.demo, &f.quote, &p, &chain, TODAY);
    assert_eq!(
        v.checks[1],
        vec![Why::NotYetValid {
            issued: "2026-11-26".into()
        }]
    );
    // A day's grace for time zones.
    assert!(verify_chain(&f.demo, &f.quote, &p, &chain, "2026-11-25").approved());
}

#[test]
fn ten_thousand_bogus_approvals_are_judged_without_checking_their_signatures() {
    let f = fixture();
    let p = price(&f.catalog, &f.demo, &f.quote);
    let mut bogus = f.chain[1].clone();
    bogus.body.quote_digest = "0".repeat(64);
    bogus.signature = "0".repeat(128);
    let mut approvals = vec![bogus; 10_000];
    approvals.extend(f.chain.iter().cloned());
    let v = verify_chain(&f.demo, &f.quote, &p, &approvals, TODAY);
    assert!(v.approved(), "the real chain still counts");
    assert!(v.checks[..10_000]
        .iter()
        .all(|c| matches!(c.as_slice(), [Why::QuoteChanged { .. }])));
}
