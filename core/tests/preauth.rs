//! Pre-authorisations: room an approver signs in advance for one customer verifies for that
//! customer (and account manager, when named) and is refused for another, beyond a family limit
//! or its TCV, expired, over the signer's level, with the signer revoked, and under an altered
//! limit. Each refusal is asserted exactly.

mod common;

use std::collections::BTreeMap;
use tailor_core::approval::preauth::{self, Beyond, LineBeyond, PreAuthBody, PreAuthorisation};
use tailor_core::approval::Why;
use tailor_core::catalog::Catalog;
use tailor_core::keyfile::ApproverKey;
use tailor_core::policy::{Approver, Policy};
use tailor_core::pricing::price;
use tailor_core::quote::Quote;
use tailor_core::suite::Suite;
use tailor_core::text::Text;

const TODAY: &str = "2026-11-24";
const USCC: &str = "91350100M000100Y43";

/// The default catalog and policy with a sales manager (key seed 1) and a city branch approver
/// (seed 2) enrolled, and a government quote.
fn fixture() -> (Catalog, Policy, Quote) {
    let (catalog, mut policy) = common::setup();
    for (id, level, seed) in [("sm", "sales_manager", 1), ("cb", "city_branch", 2)] {
        policy.approvers.push(Approver {
            id: id.into(),
            name: Text::new(format!("审批人 {id}"), format!("Approver {id}")),
            level: level.into(),
            public_key: ApproverKey::from_seed([seed; 32]).public_key_hex(),
            suite: tailor_core::suite::Suite::Ed25519,
        });
    }
    let quote = common::from_template(&catalog, &policy, "gov_smart_office");
    (catalog, policy, quote)
}

/// The sales manager's room for the customer: their level's own limit on every family the quote
/// has, and ¥2,000,000.
fn body(quote: &Quote, catalog: &Catalog, policy: &Policy) -> PreAuthBody {
    let families: BTreeMap<String, i64> = quote
        .lines
        .iter()
        .filter_map(|l| catalog.offerings.iter().find(|o| o.id == l.offering))
        .map(|o| {
            (
                o.family.to_string(),
                policy.levels[1].discount_limits[&*o.family],
            )
        })
        .collect();
    PreAuthBody {
        format: String::new(),
        version: 0,
        customer_name: quote.customer.name.clone(),
        uscc: USCC.into(),
        account_manager: String::new(),
        family_limits: families,
        max_tcv: 200_000_000,
        approver_id: "sm".into(),
        public_key: String::new(),
        suite: tailor_core::suite::Suite::Ed25519,
        level: "sales_manager".into(),
        issued: "2026-11-20".into(),
        expires: "2026-12-20".into(),
        comment: "重点客户".into(),
    }
}

fn granted(policy: &Policy, b: PreAuthBody, seed: u8) -> PreAuthorisation {
    preauth::grant(policy, b, &ApproverKey::from_seed([seed; 32])).expect("granted")
}

/// The quote with every line at `bp` requested.
fn at(quote: &Quote, bp: i64) -> Quote {
    let mut q = quote.clone();
    for l in &mut q.lines {
        l.discount_bp = bp;
    }
    q
}

#[test]
fn a_pre_authorisation_covers_its_customer_within_its_limits() {
    let (catalog, policy, quote) = fixture();
    let pre = granted(&policy, body(&quote, &catalog, &policy), 1);
    assert_eq!(preauth::verify(&policy, &pre, USCC, "张三", TODAY), vec![]);
    // A proposal needing the sales manager, every line within 16 %: covered.
    let q = at(&quote, 800);
    let priced = price(&catalog, &policy, &q);
    assert!(priced.authority.required >= 1, "needs approval without it");
    assert_eq!(
        preauth::beyond(&pre, &priced),
        Beyond {
            max_tcv: 200_000_000,
            ..Beyond::default()
        }
    );
    assert!(preauth::beyond(&pre, &priced).covered());
    // The file round-trips and still verifies.
    let text = serde_json::to_string(&pre).expect("json");
    let back: PreAuthorisation = serde_json::from_str(&text).expect("parses");
    assert_eq!(preauth::verify(&policy, &back, USCC, "张三", TODAY), vec![]);
}

#[test]
fn it_is_worthless_for_another_customer_or_another_named_account_manager() {
    let (catalog, policy, quote) = fixture();
    let pre = granted(&policy, body(&quote, &catalog, &policy), 1);
    assert_eq!(
        preauth::verify(&policy, &pre, "91110108M000100Y4X", "张三", TODAY),
        vec![Why::OtherCustomer {
            approved_uscc: USCC.into(),
            approved_name: quote.customer.name.clone(),
        }]
    );
    let mut named = body(&quote, &catalog, &policy);
    named.account_manager = "张三".into();
    let pre = granted(&policy, named, 1);
    assert_eq!(preauth::verify(&policy, &pre, USCC, "张三", TODAY), vec![]);
    assert_eq!(
        preauth::verify(&policy, &pre, USCC, "李四", TODAY),
        vec![Why::OtherAccountManager {
            named: "张三".into()
        }]
    );
}

#[test]
fn a_line_beyond_its_family_limit_or_a_tcv_beyond_it_is_named() {
    let (catalog, policy, quote) = fixture();
    let pre = granted(&policy, body(&quote, &catalog, &policy), 1);
    let mut q = at(&quote, 800);
    q.lines[0].discount_bp = 1600;
    let priced = price(&catalog, &policy, &q);
    let beyond = preauth::beyond(&pre, &priced);
    let first = &priced.lines[0];
    assert_eq!(
        beyond.lines,
        vec![LineBeyond {
            line_id: first.line_id.clone(),
            number: 1,
            family: first.family.to_string(),
            effective_bp: first.effective_bp,
            limit_bp: 1800,
        }]
    );
    assert_eq!(&*first.family, "basic");
    assert_eq!(beyond.tcv, None);
    // A TCV above its limit.
    let mut small = body(&quote, &catalog, &policy);
    small.max_tcv = 100;
    let pre = granted(&policy, small, 1);
    let priced = price(&catalog, &policy, &at(&quote, 800));
    assert_eq!(
        preauth::beyond(&pre, &priced).tcv,
        Some(priced.totals.net.tcv)
    );
    assert!(!preauth::beyond(&pre, &priced).covered());
}

#[test]
fn expired_or_dated_in_the_future_it_is_refused() {
    let (catalog, policy, quote) = fixture();
    let pre = granted(&policy, body(&quote, &catalog, &policy), 1);
    assert_eq!(
        preauth::verify(&policy, &pre, USCC, "", "2026-12-21"),
        vec![Why::Expired {
            expires: "2026-12-20".into()
        }]
    );
    assert_eq!(
        preauth::verify(&policy, &pre, USCC, "", "2026-11-18"),
        vec![Why::NotYetValid {
            issued: "2026-11-20".into()
        }]
    );
}

#[test]
fn it_may_not_grant_more_than_the_signers_level() {
    let (catalog, policy, quote) = fixture();
    let mut b = body(&quote, &catalog, &policy);
    let family = b.family_limits.keys().next().cloned().expect("a family");
    let own = policy.levels[1].discount_limits[&family];
    b.family_limits.insert(family.clone(), own + 1);
    b.max_tcv = policy.levels[1].max_tcv.expect("a deal size") + 1;
    let key = ApproverKey::from_seed([1; 32]);
    let refused = preauth::grant(&policy, b.clone(), &key).unwrap_err();
    assert_eq!(
        refused,
        vec![
            Why::LimitAboveLevel {
                family: family.clone(),
                limit: own + 1,
                level_limit: own
            },
            Why::TcvAboveLevel {
                max_tcv: b.max_tcv,
                level_max: b.max_tcv - 1
            }
        ]
    );
    // Signed anyway, without the checks: verification refuses it the same way.
    b.format = preauth::FORMAT.into();
    b.version = preauth::VERSION;
    b.public_key = key.public_key_hex();
    let forged = b.sign(&key);
    assert_eq!(preauth::verify(&policy, &forged, USCC, "", TODAY), refused);
}

#[test]
fn a_revoked_signer_or_an_altered_limit_voids_it() {
    let (catalog, mut policy, quote) = fixture();
    let pre = granted(&policy, body(&quote, &catalog, &policy), 1);
    let mut altered = pre.clone();
    let family = altered
        .body
        .family_limits
        .keys()
        .next()
        .cloned()
        .expect("a family");
    let limit = altered.body.family_limits[&family];
    altered.body.family_limits.insert(family, limit - 1);
    assert_eq!(
        preauth::verify(&policy, &altered, USCC, "", TODAY),
        vec![Why::BadSignature {
            approver: "sm".into()
        }]
    );
    // Signed by the city branch's key in the sales manager's name.
    let mut impostor = body(&quote, &catalog, &policy);
    impostor.format = preauth::FORMAT.into();
    impostor.version = preauth::VERSION;
    impostor.public_key = ApproverKey::from_seed([2; 32]).public_key_hex();
    let impostor = impostor.sign(&ApproverKey::from_seed([2; 32]));
    assert_eq!(
        preauth::verify(&policy, &impostor, USCC, "", TODAY),
        vec![Why::KeyMismatch {
            approver: "sm".into()
        }]
    );
    // A newer signed policy without the sales manager.
    policy.approvers.retain(|a| a.id != "sm");
    assert_eq!(
        preauth::verify(&policy, &pre, USCC, "", TODAY),
        vec![Why::UnknownApprover {
            approver: "sm".into()
        }]
    );
}

#[test]
fn a_demo_signer_counts_only_under_a_demo_policy() {
    let (catalog, _, quote) = fixture();
    let (_, demo) = common::demo_setup();
    let mut b = body(&quote, &catalog, &demo);
    b.approver_id = "demo-sales-manager".into();
    let key = ApproverKey::from_seed(tailor_core::demo::seed("demo-sales-manager"));
    let pre = preauth::grant(&demo, b, &key).expect("granted under the demo policy");
    assert_eq!(preauth::verify(&demo, &pre, USCC, "", TODAY), vec![]);
    let production = Policy {
        demo: false,
        ..demo
    };
    assert_eq!(
        preauth::verify(&production, &pre, USCC, "", TODAY),
        vec![Why::DemoKey {
            approver: "demo-sales-manager".into()
        }]
    );
}

#[test]
fn every_pre_authorisation_reason_reads_in_both_languages() {
    let (_, policy, _) = fixture();
    for why in [
        Why::UnknownFamily {
            family: "nope".into(),
        },
        Why::LimitAboveLevel {
            family: "basic".into(),
            limit: 2500,
            level_limit: 1800,
        },
        Why::TcvAboveLevel {
            max_tcv: 300_000_000,
            level_max: 200_000_000,
        },
        Why::OtherAccountManager {
            named: "zhang.san".into(),
        },
    ] {
        let t = why.text(&policy);
        assert!(t.zh.chars().any(|c| c as u32 > 0x2e80), "{why:?}: {}", t.zh);
        assert!(t.en.is_ascii(), "{why:?}: {}", t.en);
    }
}

/// The reference: the largest requested discount on line `i` whose whole-quote price keeps the
/// line's effective discount within `limit` and above the floor, by bisection over 0..=100 %.
fn bisect(catalog: &Catalog, policy: &Policy, quote: &Quote, i: usize, limit: i64) -> Option<i64> {
    let fits = |r: i64| {
        let mut q = quote.clone();
        q.lines[i].discount_bp = r;
        let l = &price(catalog, policy, &q).lines[i];
        l.effective_bp <= limit && !l.authority.below_floor
    };
    if !fits(0) {
        return None;
    }
    let (mut lo, mut hi) = (0, 10_000);
    if fits(hi) {
        return Some(hi);
    }
    while hi - lo > 1 {
        let mid = (lo + hi) / 2;
        if fits(mid) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Some(lo)
}

#[test]
fn room_under_a_pre_authorisation_is_exact_to_the_bp() {
    let (catalog, policy, quote) = fixture();
    let pre = granted(&policy, body(&quote, &catalog, &policy), 1);
    let q = at(&quote, 500);
    let priced = price(&catalog, &policy, &q);
    let rooms = preauth::room(&catalog, &pre, &q, &priced);
    assert_eq!(rooms.len(), q.lines.len());
    for (i, r) in rooms.iter().enumerate() {
        let family = &*priced.lines[i].family;
        let limit = pre.body.family_limits[family];
        assert_eq!(
            r.pre,
            bisect(&catalog, &policy, &q, i, limit),
            "line {i} ({family})"
        );
        assert_eq!(r.own, priced.lines[i].headroom.own);
        assert!(r.best() >= r.own, "line {i}");
        // The pre-authorisation gives more room than the account manager's own limit.
        assert!(r.pre >= r.own, "line {i}: {r:?}");
    }
    // Without a limit for a family the pre-authorisation gives no room there beyond 0 %.
    let mut none = body(&quote, &catalog, &policy);
    none.family_limits.clear();
    let pre = granted(&policy, none, 1);
    for r in preauth::room(&catalog, &pre, &q, &priced) {
        assert_eq!(r.pre, None, "{r:?}");
    }
}

mod verdict {
    //! The verdict: a proposal needing the sales manager rests on a pre-authorisation that
    //! covers it, offline; a line beyond it brings back the chain, naming the line.
    use super::*;
    use tailor_core::approval::{judge, Approval, Problem, Status};
    use tailor_core::trust::Standing;

    const TRUSTED: Standing = Standing::Trusted { demo: false };

    fn ours(quote: &Quote, bp: i64) -> Quote {
        let mut q = at(quote, bp);
        q.customer.uscc = USCC.into();
        q
    }

    #[test]
    fn a_covered_proposal_is_authorised_in_advance_until_the_preauths_expiry() {
        let (catalog, policy, quote) = fixture();
        let pre = granted(&policy, body(&quote, &catalog, &policy), 1);
        let q = ours(&quote, 800);
        let priced = price(&catalog, &policy, &q);
        let none = judge(&TRUSTED, &policy, &q, &priced, &[], &[], TODAY);
        assert_eq!(none.status, Status::NotApproved);
        let v = judge(&TRUSTED, &policy, &q, &priced, &[], &[pre], TODAY);
        assert_eq!(v.status, Status::PreAuthorised);
        assert!(v.problems.is_empty());
        let by = v.preauthorised_by().expect("rests on it");
        assert_eq!(
            (by.approver_id.as_str(), by.level.as_str()),
            ("sm", "sales_manager")
        );
        assert_eq!(by.approver_name.zh, "审批人 sm");
        assert_eq!(v.valid_until(), Some("2026-12-20"));
    }

    #[test]
    fn a_line_beyond_it_needs_the_chain_which_names_that_line_and_its_limit() {
        let (catalog, policy, quote) = fixture();
        let pre = granted(&policy, body(&quote, &catalog, &policy), 1);
        let mut q = ours(&quote, 800);
        q.lines[2].discount_bp = 2500;
        let priced = price(&catalog, &policy, &q);
        let v = judge(&TRUSTED, &policy, &q, &priced, &[], &[pre], TODAY);
        assert_eq!(v.status, Status::NotApproved);
        let Problem { why, .. } = &v.problems[0];
        let Why::BeyondPreAuth { lines, tcv, .. } = why else {
            panic!("first problem: {why:?}");
        };
        assert_eq!(lines.len(), 1);
        assert_eq!(
            (lines[0].number, lines[0].effective_bp),
            (3, priced.lines[2].effective_bp)
        );
        assert_eq!(*tcv, None);
        let text = why.text(&policy);
        assert!(text.zh.contains("第 3 行"), "{}", text.zh);
        assert!(text.en.contains("line 3"), "{}", text.en);
        assert!(v
            .problems
            .iter()
            .any(|p| matches!(p.why, Why::ChainIncomplete { .. })));
    }

    #[test]
    fn for_another_customer_or_with_no_signed_policy_it_authorises_nothing() {
        let (catalog, policy, quote) = fixture();
        let pre = granted(&policy, body(&quote, &catalog, &policy), 1);
        let mut other = ours(&quote, 800);
        other.customer.uscc = "91110108M000100Y4X".into();
        let priced = price(&catalog, &policy, &other);
        let v = judge(
            &TRUSTED,
            &policy,
            &other,
            &priced,
            &[],
            std::slice::from_ref(&pre),
            TODAY,
        );
        assert_eq!(v.status, Status::NotApproved);
        assert!(matches!(v.preauths[0].why[0], Why::OtherCustomer { .. }));
        let q = ours(&quote, 800);
        let priced = price(&catalog, &policy, &q);
        let unsigned = Standing::Unverifiable {
            why: Text::new("未签名", "unsigned"),
        };
        let v = judge(&unsigned, &policy, &q, &priced, &[], &[pre], TODAY);
        assert_eq!(v.status, Status::NotApproved);
        assert!(matches!(v.preauths[0].why[0], Why::Unverifiable { .. }));
    }

    #[test]
    fn a_named_account_manager_must_be_the_proposals() {
        let (catalog, policy, quote) = fixture();
        let mut named = body(&quote, &catalog, &policy);
        named.account_manager = "张三".into();
        let pre = granted(&policy, named, 1);
        let mut q = ours(&quote, 800);
        let priced = price(&catalog, &policy, &q);
        let v = judge(
            &TRUSTED,
            &policy,
            &q,
            &priced,
            &[],
            std::slice::from_ref(&pre),
            TODAY,
        );
        assert_eq!(v.status, Status::NotApproved);
        q.account_manager = "张三".into();
        let v = judge(&TRUSTED, &policy, &q, &priced, &[], &[pre], TODAY);
        assert_eq!(v.status, Status::PreAuthorised);
    }

    #[test]
    fn a_rejection_of_the_proposal_outweighs_a_pre_authorisation() {
        let (catalog, policy, quote) = fixture();
        let pre = granted(&policy, body(&quote, &catalog, &policy), 1);
        let q = ours(&quote, 800);
        let priced = price(&catalog, &policy, &q);
        let request = tailor_core::approval::Request {
            decision: tailor_core::approval::Decision::Reject,
            approver_id: "sm".into(),
            level: "sales_manager".into(),
            issued: TODAY.into(),
            expires: "2026-12-01".into(),
            comment: String::new(),
            reason: "价格过低".into(),
        };
        let key = ApproverKey::from_seed([1; 32]);
        let rejection: Approval =
            tailor_core::approval::sign(&policy, &q, &priced, &request, &key).expect("signed");
        let v = judge(&TRUSTED, &policy, &q, &priced, &[rejection], &[pre], TODAY);
        assert_eq!(v.status, Status::NotApproved);
    }
}

mod file {
    use super::*;
    use tailor_core::approval::preauth::file::{file_name, from_file, keep, MAX_KEPT};

    #[test]
    fn a_preauth_file_round_trips_and_a_bad_one_is_refused_by_name() {
        let (catalog, policy, quote) = fixture();
        let pre = granted(&policy, body(&quote, &catalog, &policy), 1);
        let text = pre.to_json();
        assert_eq!(
            from_file("a.tailor-preauth.json", text.as_bytes()),
            Ok(pre.clone())
        );
        assert!(file_name(&pre).ends_with(".tailor-preauth.json"));
        let err = from_file("x.json", b"{\"body\":1}").unwrap_err();
        assert!(
            err.en.starts_with("x.json: not a pre-authorisation file"),
            "{}",
            err.en
        );
        let huge = vec![b' '; 64 * 1024 + 1];
        assert!(from_file("big.json", &huge)
            .unwrap_err()
            .en
            .contains("big.json"));
    }

    #[test]
    fn a_device_keeps_each_preauth_once_and_at_most_max_kept() {
        let (catalog, policy, quote) = fixture();
        let pre = granted(&policy, body(&quote, &catalog, &policy), 1);
        let mut kept = Vec::new();
        assert!(keep(&mut kept, pre.clone()));
        assert!(!keep(&mut kept, pre.clone()));
        for i in 0..MAX_KEPT + 3 {
            let mut p = pre.clone();
            p.body.comment = format!("{i}");
            keep(&mut kept, p);
        }
        assert_eq!(kept.len(), MAX_KEPT);
    }
}

/// The fixture's policy with the sales manager enrolled with an SM2 key (secret seed 21).
fn sm2_sales_manager(policy: &Policy) -> (Policy, ApproverKey) {
    let key = ApproverKey::from_secret(Suite::Sm2, [21; 32]).expect("an SM2 scalar");
    let mut policy = policy.clone();
    policy.approvers[0].public_key = key.public_key_hex();
    policy.approvers[0].suite = Suite::Sm2;
    (policy, key)
}

#[test]
fn an_sm2_pre_authorisation_verifies_and_names_its_suite() {
    let (catalog, policy, quote) = fixture();
    let (policy, key) = sm2_sales_manager(&policy);
    let pre = preauth::grant(&policy, body(&quote, &catalog, &policy), &key).expect("granted");
    assert_eq!(pre.body.suite, Suite::Sm2);
    let text = serde_json::to_string(&pre).expect("json");
    assert!(text.contains(r#""suite":"sm2-sm3""#), "{text}");
    let back: PreAuthorisation = serde_json::from_str(&text).expect("parses");
    assert_eq!(preauth::verify(&policy, &back, USCC, "张三", TODAY), vec![]);
    // An Ed25519 one has no suite field, as before suites.
    let (catalog, policy, quote) = fixture();
    let ed = granted(&policy, body(&quote, &catalog, &policy), 1);
    assert!(!serde_json::to_string(&ed).expect("json").contains("suite"));
}

#[test]
fn a_pre_authorisation_in_another_suite_than_its_enrolment_is_refused() {
    let (catalog, policy, quote) = fixture();
    let (sm2_policy, key) = sm2_sales_manager(&policy);
    let pre = preauth::grant(&sm2_policy, body(&quote, &catalog, &policy), &key).expect("granted");
    // Relabelled Ed25519 under the SM2 enrolment.
    let mut relabelled = pre.clone();
    relabelled.body.suite = Suite::Ed25519;
    assert_eq!(
        preauth::verify(&sm2_policy, &relabelled, USCC, "张三", TODAY),
        vec![Why::SuiteMismatch {
            approver: "sm".into(),
            enrolled: Suite::Sm2,
            claimed: Suite::Ed25519,
        }]
    );
    // The SM2 pre-authorisation under the Ed25519 enrolment.
    assert_eq!(
        preauth::verify(&policy, &pre, USCC, "张三", TODAY),
        vec![Why::SuiteMismatch {
            approver: "sm".into(),
            enrolled: Suite::Ed25519,
            claimed: Suite::Sm2,
        }]
    );
    // And granting with an SM2 key for an Ed25519 enrolment is refused.
    let refused = preauth::grant(&policy, body(&quote, &catalog, &policy), &key);
    assert!(
        refused
            .as_ref()
            .err()
            .is_some_and(|w| w.contains(&Why::SuiteMismatch {
                approver: "sm".into(),
                enrolled: Suite::Ed25519,
                claimed: Suite::Sm2,
            })),
        "{refused:?}"
    );
}

#[test]
fn a_policy_requiring_sm2_refuses_an_ed25519_pre_authorisation() {
    let (catalog, mut policy, quote) = fixture();
    let pre = granted(&policy, body(&quote, &catalog, &policy), 1);
    policy.require_sm2 = true;
    assert_eq!(
        preauth::verify(&policy, &pre, USCC, "张三", TODAY),
        vec![Why::Sm2Required {
            approver: "sm".into()
        }]
    );
    let (policy, key) = sm2_sales_manager(&policy);
    let pre = preauth::grant(&policy, body(&quote, &catalog, &policy), &key).expect("granted");
    assert_eq!(preauth::verify(&policy, &pre, USCC, "张三", TODAY), vec![]);
}

#[test]
fn a_tampered_sm2_pre_authorisation_is_refused() {
    let (catalog, policy, quote) = fixture();
    let (policy, key) = sm2_sales_manager(&policy);
    let pre = preauth::grant(&policy, body(&quote, &catalog, &policy), &key).expect("granted");
    let bad = vec![Why::BadSignature {
        approver: "sm".into(),
    }];
    let mut limit = pre.clone();
    limit.body.max_tcv += 1;
    assert_eq!(preauth::verify(&policy, &limit, USCC, "张三", TODAY), bad);
    let mut flipped = pre;
    let mut bytes = hex::decode(&flipped.signature).expect("hex");
    bytes[40] ^= 1;
    flipped.signature = hex::encode(bytes);
    assert_eq!(preauth::verify(&policy, &flipped, USCC, "张三", TODAY), bad);
}
