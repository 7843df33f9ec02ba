//! Discount guidance: the bands at their exact edges, an industry's own guidance before the
//! family's, beyond authority always "needs approval", the reason a discount above normal needs
//! (an error until given, signed by approvals), and the checker's rules for guidance.

mod common;

use tailor_core::approval::{
    quote_digests, verify_one, ApprovalBody, Decision, QuotePart, Request, Why,
};
use tailor_core::catalog::Severity;
use tailor_core::guidance::{band, Band};
use tailor_core::keyfile::ApproverKey;
use tailor_core::policy::{Approver, Guidance, Policy};
use tailor_core::pricing::price;
use tailor_core::text::Text;

fn with_guidance(mut policy: Policy) -> Policy {
    policy.guidance = vec![
        Guidance {
            family: "basic".into(),
            industry: None,
            target_bp: 1000,
            normal_bp: 1200,
        },
        // Above the term and bundle discounts a 36-month government solution gets anyway.
        Guidance {
            family: "basic".into(),
            industry: Some("government".into()),
            target_bp: 800,
            normal_bp: 1000,
        },
    ];
    policy.reasons = vec![Text::new("竞争对手报价更低", "A competitor bid lower")];
    policy
}

#[test]
fn bands_at_their_exact_edges() {
    let (_, policy) = common::setup();
    let p = with_guidance(policy);
    let at = |bp| band(&p, "basic", "hotel", bp, true);
    assert_eq!(at(0), Some(Band::Target));
    assert_eq!(at(1000), Some(Band::Target));
    assert_eq!(at(1001), Some(Band::Normal));
    assert_eq!(at(1200), Some(Band::Normal));
    assert_eq!(at(1201), Some(Band::AboveNormal));
    // The government's own guidance comes first.
    assert_eq!(
        band(&p, "basic", "government", 900, true),
        Some(Band::Normal)
    );
    assert_eq!(
        band(&p, "basic", "government", 1001, true),
        Some(Band::AboveNormal)
    );
    // No guidance for the family: nothing to say while within authority.
    assert_eq!(band(&p, "iot", "hotel", 3000, true), None);
    // Beyond the seller's authority: needs approval, whatever the guidance.
    assert_eq!(
        band(&p, "basic", "hotel", 100, false),
        Some(Band::NeedsApproval)
    );
    assert_eq!(
        band(&p, "iot", "hotel", 100, false),
        Some(Band::NeedsApproval)
    );
    for b in [
        Band::Target,
        Band::Normal,
        Band::AboveNormal,
        Band::NeedsApproval,
    ] {
        let t = b.text();
        assert!(!t.zh.is_empty() && t.en.is_ascii(), "{b:?}");
    }
}

#[test]
fn a_discount_above_normal_needs_a_reason_and_approvals_sign_it() {
    let (catalog, policy) = common::setup();
    let mut policy = with_guidance(policy);
    let key = ApproverKey::from_seed([1; 32]);
    policy.approvers.push(Approver {
        id: "sm".into(),
        name: Text::new("审批人", "Approver"),
        level: "sales_manager".into(),
        public_key: key.public_key_hex(),
        suite: key.suite(),
    });
    let mut quote = common::from_template(&catalog, &policy, "gov_smart_office");
    let basic = quote
        .lines
        .iter()
        .position(|l| {
            catalog
                .offerings
                .iter()
                .any(|o| o.id == l.offering && o.family == "basic")
        })
        .expect("a basic line");
    quote.lines[basic].discount_bp = 500;
    let priced = price(&catalog, &policy, &quote);
    let line = &priced.lines[basic];
    assert!(line.effective_bp > 1000, "{}", line.effective_bp);
    let finding = priced
        .findings
        .iter()
        .find(|f| f.code == "line.reason")
        .expect("a reason is asked for");
    assert_eq!(finding.severity, Severity::Error);
    assert_eq!(finding.lines, vec![basic]);
    assert!(
        finding.message.en.contains("give a reason"),
        "{}",
        finding.message.en
    );
    assert!(priced.blocked());
    assert!(matches!(
        line.band,
        Some(Band::AboveNormal | Band::NeedsApproval)
    ));

    // With a reason: no finding, and the reason is signed.
    quote.lines[basic].reason = "竞争对手报价更低".into();
    let priced = price(&catalog, &policy, &quote);
    assert!(!priced.findings.iter().any(|f| f.code == "line.reason"));
    let request = Request {
        decision: Decision::Approve,
        approver_id: "sm".into(),
        level: "sales_manager".into(),
        issued: "2026-11-23".into(),
        expires: "2026-12-23".into(),
        comment: String::new(),
        reason: String::new(),
    };
    let approval = ApprovalBody::new(&quote, &priced, &request, &key.public_key_hex()).sign(&key);
    assert_eq!(
        verify_one(&policy, &quote, &priced, &approval, "2026-11-24"),
        vec![]
    );
    let mut changed = quote.clone();
    changed.lines[basic].reason = "客户要求".into();
    let why = verify_one(
        &policy,
        &changed,
        &price(&catalog, &policy, &changed),
        &approval,
        "2026-11-24",
    );
    assert_eq!(
        why,
        vec![Why::QuoteChanged {
            lines: vec![quote.lines[basic].id.clone()],
            parts: Vec::<QuotePart>::new()
        }]
    );
    // A line without a reason digests as it did before reasons existed: its JSON has no field.
    let mut none = quote.clone();
    none.lines[basic].reason.clear();
    let json = serde_json::to_string(&none.lines[basic]).expect("json");
    assert!(!json.contains("reason"), "{json}");
    assert_ne!(
        quote_digests(&none).lines[basic],
        quote_digests(&quote).lines[basic]
    );
}

#[test]
fn the_checker_rules_for_guidance() {
    let (catalog, policy) = common::setup();
    let mut p = with_guidance(policy);
    assert!(tailor_core::check::check(&catalog, "catalog.json", &p, "policy.json").is_empty());
    p.guidance[0].target_bp = 1300;
    p.guidance[1].industry = Some("casino".into());
    p.guidance.push(p.guidance[0].clone());
    p.guidance.push(Guidance {
        family: "spaceflight".into(),
        industry: None,
        target_bp: 0,
        normal_bp: 10_001,
    });
    p.reasons[0].en.clear();
    let found: Vec<String> = tailor_core::check::check(&catalog, "catalog.json", &p, "policy.json")
        .iter()
        .map(|x| format!("{}: {}", x.path, x.message))
        .collect();
    for expected in [
        "guidance[0].target_bp: the target discount (1300 bp) is above the normal discount (1200 bp)",
        "guidance[1].industry: unknown industry 'casino'",
        "guidance[2]: guidance for the same family and industry as guidance[0]",
        "guidance[3].family: unknown family 'spaceflight'",
        "guidance[3].normal_bp: the normal discount is 10001 bp, outside 0..=10000 bp",
        "reasons[0].en: the reason is missing its English (en) text",
    ] {
        assert!(found.iter().any(|f| f.starts_with(expected)), "{expected}\n{found:#?}");
    }
}
