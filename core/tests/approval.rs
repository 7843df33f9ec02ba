//! Signed approvals: a valid chain verifies; every single change to the quote, the priced result,
//! the customer, the approver, the level or the dates, and every flipped signature bit, voids it
//! with the right reason; revoked approvers, lower levels and malleable signatures do not count.

use std::sync::LazyLock;
use tailor_core::approval::{
    self, quote_digests, sign, verify_chain, verify_one, Approval, ApprovalBody, Decision,
    QuotePart, Request, Status, Verdict, Why,
};
use tailor_core::catalog::{Catalog, Severity};
use tailor_core::check::check_approvers;
use tailor_core::keyfile::ApproverKey;
use tailor_core::policy::{Approver, Policy};
use tailor_core::pricing::{price, Priced};
use tailor_core::quote::{Contact, Customer, Quote, Site};
use tailor_core::suite::Suite;
use tailor_core::template::recommend;
use tailor_core::text::Text;
use tailor_core::uscc;

/// An edit to apply to a value.
type Edit<T> = Box<dyn Fn(&mut T)>;

const TODAY: &str = "2026-03-10";
const ISSUED: &str = "2026-03-09";
const EXPIRES: &str = "2026-04-08";

/// The sales manager, city branch and provincial test approvers (not the demo ones).
const APPROVERS: [(&str, &str, u8); 3] = [
    ("sm", "sales_manager", 1),
    ("cb", "city_branch", 2),
    ("pv", "provincial", 3),
];
const SM: usize = 0;
const CB: usize = 1;
const PV: usize = 2;

struct Fixture {
    catalog: Catalog,
    policy: Policy,
    keys: Vec<ApproverKey>,
    quote: Quote,
}

/// A second valid USCC, for another customer.
fn other_uscc() -> String {
    let first17 = "91110108M000100Y4";
    let code = format!(
        "{first17}{}",
        uscc::check_char(first17).expect("check char")
    );
    assert_eq!(uscc::validate(&code), Ok(()));
    code
}

fn key(seed: u8) -> ApproverKey {
    ApproverKey::from_seed([seed; 32])
}

fn enrol(id: &str, level: &str, key: &ApproverKey) -> Approver {
    Approver {
        id: id.into(),
        name: Text::new(format!("审批人 {id}"), format!("Approver {id}")),
        level: level.into(),
        public_key: key.public_key_hex(),
        suite: key.suite(),
    }
}

/// The default catalog and policy, test approvers enrolled, and a government quote whose
/// requested discounts need city-branch approval.
static FX: LazyLock<Fixture> = LazyLock::new(|| {
    let (catalog, mut policy) = tailor_core::defaults::catalog_and_policy().expect("defaults");
    let keys: Vec<ApproverKey> = APPROVERS.iter().map(|a| key(a.2)).collect();
    policy.approvers = APPROVERS
        .iter()
        .zip(&keys)
        .map(|(a, k)| enrol(a.0, a.1, k))
        .collect();
    assert!(check_approvers(&policy).is_empty());
    let template = catalog
        .templates
        .iter()
        .find(|t| t.industry == "government")
        .expect("a government template");
    let base = Quote {
        schema_version: 1,
        id: "Q-2026-0042".into(),
        version: 1,
        date: "2026-03-09".into(),
        catalog_version: catalog.version.clone(),
        policy_version: policy.version.clone(),
        customer: Customer {
            name: "福州市示例局".into(),
            uscc: "91350100M000100Y43".into(),
            industry: "government".into(),
            employees: 200,
            contacts: vec![Contact {
                name: "林主任".into(),
                title: "办公室主任".into(),
                phone: "13800000000".into(),
                email: "lin@example.cn".into(),
            }],
            sites: vec![
                Site {
                    id: "hq".into(),
                    name: "机关大楼".into(),
                    city: "福州".into(),
                    address: "鼓楼区示例路 1 号".into(),
                    ..Site::default()
                },
                Site {
                    id: "annex".into(),
                    name: "办事大厅".into(),
                    city: "福州".into(),
                    address: "台江区示例路 9 号".into(),
                    ..Site::default()
                },
            ],
            ..Customer::default()
        },
        term_months: 36,
        at_risk: Default::default(),
        lines: recommend(&catalog, template, 200, 1),
        role: policy.levels[0].id.clone(),
        ..Quote::default()
    };
    // The smallest requested discount on every line that needs the city branch.
    let quote = (0..=5000)
        .step_by(50)
        .map(|d| {
            let mut q = base.clone();
            for l in &mut q.lines {
                l.discount_bp = d;
            }
            q
        })
        .find(|q| {
            let p = price(&catalog, &policy, q);
            p.authority.required == 2 && !p.authority.refused && !p.authority.beyond_ladder
        })
        .expect("a discount that needs the city branch");
    assert!(quote.lines.len() >= 3);
    Fixture {
        catalog,
        policy,
        keys,
        quote,
    }
});

fn fx() -> &'static Fixture {
    &FX
}

fn priced(q: &Quote) -> Priced {
    price(&fx().catalog, &fx().policy, q)
}

fn request(who: usize, decision: Decision) -> Request {
    Request {
        decision,
        approver_id: APPROVERS[who].0.into(),
        level: APPROVERS[who].1.into(),
        issued: ISSUED.into(),
        expires: EXPIRES.into(),
        comment: "同意，按季度复核".into(),
        reason: if decision == Decision::Reject {
            "折扣过大".into()
        } else {
            String::new()
        },
    }
}

/// `who`'s approval of `q`, through the checked `sign`.
fn approve(who: usize, q: &Quote) -> Approval {
    sign(
        &fx().policy,
        q,
        &priced(q),
        &request(who, Decision::Approve),
        &fx().keys[who],
    )
    .expect("signs")
}

/// A signature over a body made by hand (for approvals the checked `sign` refuses).
fn approve_unchecked(who: usize, q: &Quote, edit: impl FnOnce(&mut Request)) -> Approval {
    let mut r = request(who, Decision::Approve);
    edit(&mut r);
    ApprovalBody::new(q, &priced(q), &r, &fx().keys[who].public_key_hex()).sign(&fx().keys[who])
}

fn chain() -> Vec<Approval> {
    vec![approve(SM, &fx().quote), approve(CB, &fx().quote)]
}

fn verdict(q: &Quote, approvals: &[Approval]) -> Verdict {
    verify_chain(&fx().policy, q, &priced(q), approvals, TODAY)
}

fn missing(levels: &[&str]) -> Why {
    Why::ChainIncomplete {
        missing: levels.iter().map(|l| l.to_string()).collect(),
    }
}

fn has(v: &Verdict, why: &Why) -> bool {
    v.problems.iter().any(|p| &p.why == why)
}

#[test]
fn the_fixture_needs_the_city_branch() {
    let p = priced(&fx().quote);
    assert_eq!(p.authority.required, 2);
    assert!(!p.authority.reasons.is_empty());
}

#[test]
fn a_valid_chain_verifies() {
    let q = &fx().quote;
    let v = verdict(q, &chain());
    assert_eq!(v.status, Status::Approved, "{:?}", v.problems);
    assert!(v.approved());
    assert!(v.problems.is_empty());
    assert_eq!(v.checks, vec![Vec::<Why>::new(); 2]);
    let levels: Vec<&str> = v.chain.iter().map(|l| l.level.as_str()).collect();
    assert_eq!(levels, ["sales_manager", "city_branch"]);
    assert_eq!(v.chain[1].approver_id, "cb");
    assert_eq!(v.chain[1].approver_name.en, "Approver cb");
    assert_eq!(v.chain[1].fingerprint, fx().keys[CB].fingerprint());
    assert_eq!(v.chain[0].comment, "同意，按季度复核");
    assert_eq!(v.valid_until(), Some(EXPIRES));
    // The levels may sign in any order; the chain is listed in level order.
    let mut reversed = chain();
    reversed.reverse();
    let v = verdict(q, &reversed);
    assert!(v.approved());
    assert_eq!(v.chain[0].approval, 1);
    // A file round trip keeps it valid.
    let back: Vec<Approval> = chain()
        .iter()
        .map(|a| Approval::parse(&a.to_json()).expect("parses"))
        .collect();
    assert!(verdict(q, &back).approved());
    // And so does a provincial approval on top (not needed, harmless).
    let mut more = chain();
    more.push(approve_unchecked(PV, q, |_| {}));
    assert!(verdict(q, &more).approved());
}

#[test]
fn without_approvals_it_is_not_approved() {
    let v = verdict(&fx().quote, &[]);
    assert_eq!(v.status, Status::NotApproved);
    assert_eq!(v.problems.len(), 1);
    assert!(has(&v, &missing(&["sales_manager", "city_branch"])));
}

/// Applies `change` to the fixture quote and checks that both approvals fail with exactly
/// `expected`.
fn voided_by(change: impl Fn(&mut Quote), expected: Vec<Why>) {
    let mut q = fx().quote.clone();
    change(&mut q);
    assert_ne!(q, fx().quote, "the change changes nothing");
    let v = verdict(&q, &chain());
    assert_eq!(v.checks, vec![expected.clone(), expected], "{q:?}");
    assert!(v.chain.is_empty());
    // The changed quote may need another level (or none), but never counts as approved.
    assert!(!v.approved());
}

fn lines_changed(ids: &[&str]) -> Vec<Why> {
    vec![Why::QuoteChanged {
        lines: ids.iter().map(|s| s.to_string()).collect(),
        parts: vec![],
    }]
}

fn part_changed(part: QuotePart) -> Vec<Why> {
    vec![Why::QuoteChanged {
        lines: vec![],
        parts: vec![part],
    }]
}

#[test]
fn each_change_to_a_line_voids_it_and_names_the_line() {
    let n = fx().quote.lines.len();
    for i in 0..n {
        let id = fx().quote.lines[i].id.clone();
        voided_by(|q| q.lines[i].quantity += 1, lines_changed(&[&id]));
        voided_by(|q| q.lines[i].discount_bp -= 1, lines_changed(&[&id]));
        voided_by(|q| q.lines[i].discount_bp += 1, lines_changed(&[&id]));
        voided_by(
            |q| q.lines[i].site = Some("hq".into()),
            lines_changed(&[&id]),
        );
        voided_by(
            |q| q.lines[i].id.push('x'),
            lines_changed(&[&format!("{id}x"), &id]),
        );
    }
    // An option: a line with a group of several choices switches to another choice.
    let (i, group, choice) = fx()
        .quote
        .lines
        .iter()
        .enumerate()
        .find_map(|(i, l)| {
            let o = fx().catalog.offering(&l.offering)?;
            o.options.iter().find(|g| g.choices.len() >= 2).map(|g| {
                let current = l
                    .options
                    .get(&g.id)
                    .cloned()
                    .unwrap_or(g.choices[0].id.clone());
                let other = g
                    .choices
                    .iter()
                    .find(|c| c.id != current)
                    .map(|c| c.id.clone());
                (i, g.id.clone(), other.expect("another choice"))
            })
        })
        .expect("a line with options");
    let id = fx().quote.lines[i].id.clone();
    voided_by(
        |q| {
            q.lines[i].options.insert(group.clone(), choice.clone());
        },
        lines_changed(&[&id]),
    );
    // Adding and removing lines.
    voided_by(
        |q| {
            let mut extra = q.lines[0].clone();
            extra.id = "L99".into();
            q.lines.push(extra);
        },
        lines_changed(&["L99"]),
    );
    let last = fx().quote.lines[n - 1].id.clone();
    voided_by(
        |q| {
            q.lines.pop();
        },
        lines_changed(&[&last]),
    );
    voided_by(|q| q.lines.swap(0, 1), part_changed(QuotePart::LineOrder));
}

#[test]
fn a_changed_site_voids_exactly_the_lines_at_it() {
    let mut q = fx().quote.clone();
    q.lines[1].site = Some("hq".into());
    q.lines[2].site = Some("annex".into());
    let approvals = vec![approve(SM, &q), approve(CB, &q)];
    assert!(verdict(&q, &approvals).approved());
    let l1 = q.lines[1].id.clone();
    let mut moved = q.clone();
    moved.customer.sites[0].address = "仓山区另一路 2 号".into();
    let v = verdict(&moved, &approvals);
    assert_eq!(v.checks[0], lines_changed(&[&l1]));
    // A site no line is at, and a new site, are not bound.
    let mut free = fx().quote.clone();
    free.customer.sites[1].address = "别处".into();
    free.customer.sites.push(Site {
        id: "new".into(),
        ..Site::default()
    });
    assert!(verdict(&free, &chain()).approved());
}

#[test]
fn each_change_to_the_rest_of_the_quote_voids_it_and_names_the_part() {
    voided_by(|q| q.term_months = 24, part_changed(QuotePart::Term));
    voided_by(
        |q| {
            q.at_risk.flagged = true;
            q.at_risk.competitor = "另一运营商".into();
            q.at_risk.reason = "报价低 15%".into();
        },
        part_changed(QuotePart::AtRisk),
    );
    let mut flagged = fx().quote.clone();
    flagged.at_risk.flagged = true;
    flagged.at_risk.competitor = "另一运营商".into();
    flagged.at_risk.reason = "报价低 15%".into();
    // Flagged at risk, the quote needs less authority; the approvals still bind the flag.
    let approvals = [
        approve_unchecked(SM, &flagged, |_| {}),
        approve_unchecked(CB, &flagged, |_| {}),
    ];
    assert!(verdict(&flagged, &approvals)
        .checks
        .iter()
        .all(Vec::is_empty));
    let mut other_reason = flagged.clone();
    other_reason.at_risk.reason = "报价低 20%".into();
    assert_eq!(
        verdict(&other_reason, &approvals).checks[0],
        part_changed(QuotePart::AtRisk)
    );
    voided_by(
        |q| q.customer.name.push('X'),
        part_changed(QuotePart::Customer),
    );
    voided_by(
        |q| q.catalog_version.push('b'),
        part_changed(QuotePart::Versions),
    );
    voided_by(
        |q| q.policy_version.push('b'),
        part_changed(QuotePart::Versions),
    );
    voided_by(|q| q.id = "Q-2026-0043".into(), part_changed(QuotePart::Id));
    // The proposal's date: moving it would move the customer-facing valid-until.
    voided_by(
        |q| q.date = "2026-03-10".into(),
        part_changed(QuotePart::Date),
    );
    // Several changes at once are all named.
    voided_by(
        |q| {
            q.term_months = 12;
            q.lines[0].quantity += 5;
        },
        vec![Why::QuoteChanged {
            lines: vec![fx().quote.lines[0].id.clone()],
            parts: vec![QuotePart::Term],
        }],
    );
}

#[test]
fn edits_that_are_not_bound_keep_the_approval() {
    let edits: Vec<Edit<Quote>> = vec![
        Box::new(|q| q.role = "city_branch".into()),
        Box::new(|q| q.role = "provincial".into()),
        Box::new(|q| q.version += 1),
        Box::new(|q| q.customer.contacts[0].phone = "13900000000".into()),
        Box::new(|q| q.customer.contacts.clear()),
        Box::new(|q| q.customer.needs.notes = "想要更快的专线".into()),
        Box::new(|q| q.customer.employees = 250),
    ];
    for edit in edits {
        let mut q = fx().quote.clone();
        edit(&mut q);
        let v = verdict(&q, &chain());
        assert!(v.approved(), "{q:?}: {:?}", v.problems);
    }
}

#[test]
fn a_copy_for_another_customer_does_not_verify() {
    let approvals = chain();
    // The identical quote for another customer (a copied quote file keeps the id).
    let mut other = fx().quote.clone();
    other.customer.name = "厦门市另一局".into();
    other.customer.uscc = other_uscc();
    let v = verdict(&other, &approvals);
    let expected = vec![Why::OtherCustomer {
        approved_uscc: "91350100M000100Y43".into(),
        approved_name: "福州市示例局".into(),
    }];
    assert_eq!(v.checks, vec![expected.clone(), expected.clone()]);
    assert_eq!(v.status, Status::NotApproved);
    // Only the USCC changed: still another customer.
    let mut same_name = fx().quote.clone();
    same_name.customer.uscc = other_uscc();
    assert_eq!(verdict(&same_name, &approvals).checks[0], expected);
    // A duplicated proposal (new id) for the other customer: both said.
    other.id = "Q-2026-0099".into();
    let mut both = expected.clone();
    both.extend(part_changed(QuotePart::Id));
    assert_eq!(verdict(&other, &approvals).checks[0], both);
}

#[test]
fn each_change_to_the_priced_result_voids_it() {
    let q = &fx().quote;
    let approvals = chain();
    let base = priced(q);
    let edits: Vec<Edit<Priced>> = vec![
        Box::new(|p| p.totals.net.mrc += 1),
        Box::new(|p| p.totals.margin -= 1),
        Box::new(|p| p.lines[0].net.nrc += 1),
        Box::new(|p| p.lines[1].cost.mrc += 1),
        Box::new(|p| p.lines[0].unit_list_mrc += 1),
        Box::new(|p| p.lines[0].effective_bp += 1),
        Box::new(|p| p.lines[0].authority.needs += 1),
        Box::new(|p| p.taxes[0].tax.tcv += 1),
        Box::new(|p| p.term_bp += 1),
        Box::new(|p| p.bundle_bp += 1),
        Box::new(|p| p.currency = "USD".into()),
        Box::new(|p| {
            p.authority.reasons.pop();
        }),
    ];
    for edit in edits {
        let mut p = base.clone();
        edit(&mut p);
        assert_ne!(p, base);
        let v = verify_chain(&fx().policy, q, &p, &approvals, TODAY);
        assert_eq!(v.checks, vec![vec![Why::PriceChanged]; 2]);
    }
    // The role-dependent parts are not bound: the approver sees the quote at their own level.
    let mut p = base.clone();
    p.authority.role = 2;
    p.lines[0].authority.role_limit_bp += 100;
    p.lines[0].headroom = Default::default();
    p.findings.clear();
    assert!(verify_chain(&fx().policy, q, &p, &approvals, TODAY).approved());
}

#[test]
fn a_changed_catalog_or_policy_voids_it_even_with_the_same_versions() {
    let q = &fx().quote;
    let approvals = chain();
    let mut catalog = fx().catalog.clone();
    let offering = &q.lines[0].offering;
    let o = catalog
        .offerings
        .iter_mut()
        .find(|o| &o.id == offering)
        .expect("offering");
    o.mrc += 100;
    for t in &mut o.tiers {
        t.mrc += 100;
    }
    let p = price(&catalog, &fx().policy, q);
    let v = verify_chain(&fx().policy, q, &p, &approvals, TODAY);
    assert_eq!(v.checks, vec![vec![Why::PriceChanged]; 2]);

    let mut policy = fx().policy.clone();
    for t in &mut policy.term_discounts {
        t.discount_bp += 100;
    }
    let p = price(&fx().catalog, &policy, q);
    let v = verify_chain(&policy, q, &p, &approvals, TODAY);
    assert_eq!(v.checks, vec![vec![Why::PriceChanged]; 2]);
}

#[test]
fn tampering_with_any_signed_field_breaks_the_signature() {
    let q = &fx().quote;
    let good = approve(CB, q);
    let other = &fx().keys[SM];
    let edits: Vec<Edit<ApprovalBody>> = vec![
        Box::new(|b| b.level = "provincial".into()),
        Box::new(|b| b.level = "sales_manager".into()),
        Box::new(|b| b.issued = "2026-03-08".into()),
        Box::new(|b| b.expires = "2026-06-01".into()),
        Box::new(|b| b.comment.push('!')),
        Box::new(|b| b.reason = "x".into()),
        Box::new(|b| b.decision = Decision::Reject),
        Box::new(|b| b.quote_id.push('1')),
        Box::new(|b| b.customer_name.push('1')),
        Box::new(|b| b.priced_digest.replace_range(0..1, "f")),
        Box::new(|b| b.lines[0].digest.replace_range(0..1, "f")),
        Box::new(|b| b.parts.term.replace_range(0..1, "f")),
    ];
    for edit in edits {
        let mut a = good.clone();
        edit(&mut a.body);
        if a == good {
            continue;
        }
        assert_eq!(
            verify_one(&fx().policy, q, &priced(q), &a, TODAY),
            vec![Why::BadSignature {
                approver: "cb".into()
            }],
            "{:?}",
            a.body
        );
    }
    // A changed quote digest is refused before the signature is even checked: it is not this quote.
    let mut a = good.clone();
    a.body.quote_digest.replace_range(0..1, "f");
    let why = verify_one(&fx().policy, q, &priced(q), &a, TODAY);
    assert!(
        matches!(why.as_slice(), [Why::QuoteChanged { .. }]),
        "{why:?}"
    );
    // Claiming to be another approver: their enrolled key is not the one that signed.
    let mut a = good.clone();
    a.body.approver_id = "sm".into();
    assert_eq!(
        verify_one(&fx().policy, q, &priced(q), &a, TODAY),
        vec![Why::KeyMismatch {
            approver: "sm".into()
        }]
    );
    // …even naming their key too.
    a.body.public_key = other.public_key_hex();
    assert_eq!(
        verify_one(&fx().policy, q, &priced(q), &a, TODAY),
        vec![Why::BadSignature {
            approver: "sm".into()
        }]
    );
    // Re-signing with another enrolled key under the first approver's name.
    let forged = approve_unchecked(CB, q, |_| {});
    let mut body = forged.body.clone();
    body.public_key = other.public_key_hex();
    let forged = body.sign(other);
    assert_eq!(
        verify_one(&fx().policy, q, &priced(q), &forged, TODAY),
        vec![Why::KeyMismatch {
            approver: "cb".into()
        }]
    );
}

#[test]
fn each_flipped_signature_bit_fails() {
    let q = &fx().quote;
    let p = priced(q);
    let sm = approve(SM, q);
    let good = approve(CB, q);
    let bytes = hex::decode(&good.signature).expect("hex");
    assert_eq!(bytes.len(), 64);
    for bit in 0..512 {
        let mut flipped = bytes.clone();
        flipped[bit / 8] ^= 1 << (bit % 8);
        let mut a = good.clone();
        a.signature = hex::encode(&flipped);
        let v = verify_chain(&fx().policy, q, &p, &[sm.clone(), a], TODAY);
        assert_eq!(
            v.checks,
            vec![
                vec![],
                vec![Why::BadSignature {
                    approver: "cb".into()
                }]
            ],
            "bit {bit}"
        );
        assert!(has(&v, &missing(&["city_branch"])), "bit {bit}");
        assert!(!v.approved());
    }
    // Not a signature at all.
    for sig in ["", "00", &"0".repeat(128), &good.signature[..126], "zz"] {
        let mut a = good.clone();
        a.signature = sig.to_string();
        assert_eq!(
            verify_one(&fx().policy, q, &p, &a, TODAY),
            vec![Why::BadSignature {
                approver: "cb".into()
            }]
        );
    }
    // Upper-case hex is the same signature.
    let mut a = good.clone();
    a.signature = a.signature.to_uppercase();
    assert!(verify_one(&fx().policy, q, &p, &a, TODAY).is_empty());
}

/// The group order ℓ = 2^252 + 27742317777372353535851937790883648493, little-endian.
const L: [u8; 32] = [
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
];

#[test]
fn a_malleable_signature_is_rejected() {
    let q = &fx().quote;
    let good = approve(CB, q);
    let mut sig = hex::decode(&good.signature).expect("hex");
    // s' = s + ℓ: the same point equation holds, but s' is not reduced.
    let mut carry = 0u16;
    for i in 0..32 {
        let sum = u16::from(sig[32 + i]) + u16::from(L[i]) + carry;
        sig[32 + i] = sum as u8;
        carry = sum >> 8;
    }
    assert_eq!(carry, 0);
    let mut a = good.clone();
    a.signature = hex::encode(&sig);
    assert_ne!(a.signature, good.signature);
    assert_eq!(
        verify_one(&fx().policy, q, &priced(q), &a, TODAY),
        vec![Why::BadSignature {
            approver: "cb".into()
        }]
    );
    // A small-order (weak) key cannot be enrolled, so no signature under it is ever tried.
    let mut identity = [0u8; 32];
    identity[0] = 1;
    let mut policy = fx().policy.clone();
    policy.approvers[CB].public_key = hex::encode(identity);
    assert!(check_approvers(&policy)
        .iter()
        .any(|p| p.path == "approvers[1].public_key" && p.severity == Severity::Error));
    assert_eq!(
        verify_one(&policy, q, &priced(q), &good, TODAY),
        vec![Why::KeyMismatch {
            approver: "cb".into()
        }]
    );
}

#[test]
fn a_removed_or_rekeyed_approver_no_longer_verifies() {
    let q = &fx().quote;
    let approvals = chain();
    let mut removed = fx().policy.clone();
    removed.approvers.retain(|a| a.id != "cb");
    let v = verify_chain(&removed, q, &priced(q), &approvals, TODAY);
    assert_eq!(v.checks[0], vec![]);
    assert_eq!(
        v.checks[1],
        vec![Why::UnknownApprover {
            approver: "cb".into()
        }]
    );
    assert!(has(&v, &missing(&["city_branch"])));
    assert_eq!(v.status, Status::NotApproved);

    let mut rekeyed = fx().policy.clone();
    rekeyed.approvers[CB].public_key = key(42).public_key_hex();
    let v = verify_chain(&rekeyed, q, &priced(q), &approvals, TODAY);
    assert_eq!(
        v.checks[1],
        vec![Why::KeyMismatch {
            approver: "cb".into()
        }]
    );
    assert!(!v.approved());

    // Moved to another level: the approval claims a level they no longer hold.
    let mut moved = fx().policy.clone();
    moved.approvers[CB].level = "provincial".into();
    let v = verify_chain(&moved, q, &priced(q), &approvals, TODAY);
    assert_eq!(
        v.checks[1],
        vec![Why::WrongLevel {
            approver: "cb".into(),
            enrolled: "provincial".into(),
            claimed: "city_branch".into(),
        }]
    );
}

#[test]
fn a_lower_level_cannot_stand_in_for_a_higher_one() {
    let q = &fx().quote;
    // Two sales-manager approvals do not make a city-branch one.
    let v = verdict(q, &[approve(SM, q), approve(SM, q)]);
    assert!(!v.approved());
    assert!(has(&v, &missing(&["city_branch"])));
    // A sales manager claiming the city-branch level.
    let claimed = approve_unchecked(SM, q, |r| r.level = "city_branch".into());
    let v = verdict(q, &[approve(SM, q), claimed]);
    assert_eq!(
        v.checks[1],
        vec![Why::WrongLevel {
            approver: "sm".into(),
            enrolled: "sales_manager".into(),
            claimed: "city_branch".into(),
        }]
    );
    assert!(has(&v, &missing(&["city_branch"])));
    // A level that does not exist.
    let unknown = approve_unchecked(SM, q, |r| r.level = "board".into());
    assert_eq!(
        verify_one(&fx().policy, q, &priced(q), &unknown, TODAY),
        vec![
            Why::UnknownLevel {
                level: "board".into()
            },
            Why::WrongLevel {
                approver: "sm".into(),
                enrolled: "sales_manager".into(),
                claimed: "board".into(),
            }
        ]
    );
    // Nor does a higher level stand in for a lower one: every level of the chain signs.
    let v = verdict(q, &[approve(CB, q), approve_unchecked(PV, q, |_| {})]);
    assert!(has(&v, &missing(&["sales_manager"])));
    assert!(!v.approved());
    // The chain is only as high as what the quote needs: a city-branch approval alone is not it.
    let v = verdict(q, &[approve(CB, q)]);
    assert!(has(&v, &missing(&["sales_manager"])));
}

#[test]
fn an_unknown_approver_does_not_count() {
    let q = &fx().quote;
    let a = approve_unchecked(SM, q, |r| r.approver_id = "ghost".into());
    assert_eq!(
        verify_one(&fx().policy, q, &priced(q), &a, TODAY),
        vec![Why::UnknownApprover {
            approver: "ghost".into()
        }]
    );
}

#[test]
fn dates_must_hold() {
    let q = &fx().quote;
    let p = priced(q);
    let check = |issued: &str, expires: &str, today: &str| {
        let a = approve_unchecked(CB, q, |r| {
            r.issued = issued.into();
            r.expires = expires.into();
        });
        verify_one(&fx().policy, q, &p, &a, today)
    };
    // Valid from the issue day through the expiry day, inclusive.
    assert!(check(ISSUED, EXPIRES, ISSUED).is_empty());
    assert!(check(ISSUED, EXPIRES, EXPIRES).is_empty());
    assert!(check(ISSUED, ISSUED, ISSUED).is_empty());
    assert_eq!(
        check(ISSUED, EXPIRES, "2026-04-09"),
        vec![Why::Expired {
            expires: EXPIRES.into()
        }]
    );
    // A day's grace for time zones; beyond it an approval dated in the future is refused.
    assert!(check(ISSUED, EXPIRES, "2026-03-08").is_empty());
    assert_eq!(
        check(ISSUED, EXPIRES, "2026-03-07"),
        vec![Why::NotYetValid {
            issued: ISSUED.into()
        }]
    );
    // At most max_approval_days (90 in the default policy), counted in calendar days.
    let max = fx().policy.max_approval_days;
    assert_eq!(max, 90);
    assert!(check("2026-01-01", "2026-04-01", "2026-03-10").is_empty());
    assert_eq!(
        check("2026-01-01", "2026-04-02", "2026-03-10"),
        vec![Why::ValidityTooLong { days: 91, max }]
    );
    assert_eq!(
        check("2028-02-28", "2028-05-29", "2028-03-01"),
        vec![Why::ValidityTooLong { days: 91, max }]
    );
    assert_eq!(
        check(ISSUED, "2026-03-08", ISSUED),
        vec![Why::ValidityTooLong { days: -1, max }]
    );
    for bad in [
        "2026-02-29",
        "2026-13-01",
        "2026-3-9",
        "26-03-09",
        "2026-03-09T00",
        "+026-03-09",
    ] {
        assert_eq!(
            check(bad, EXPIRES, TODAY),
            vec![Why::BadDate {
                field: "issued".into(),
                value: bad.into()
            }],
            "{bad}"
        );
    }
    assert!(check("2028-02-29", "2028-03-01", "2028-03-01").is_empty());
    assert_eq!(
        verify_one(&fx().policy, q, &p, &approve(CB, q), "soon"),
        vec![Why::BadDate {
            field: "today".into(),
            value: "soon".into()
        }]
    );
    // An expired link voids the chain.
    let v = verify_chain(&fx().policy, q, &p, &chain(), "2026-04-09");
    assert!(has(&v, &missing(&["sales_manager", "city_branch"])));
    assert!(v.problems.iter().any(|pr| pr.approval == Some(0)
        && pr.why
            == Why::Expired {
                expires: EXPIRES.into()
            }));
}

#[test]
fn a_valid_rejection_blocks_and_says_why() {
    let q = &fx().quote;
    let p = priced(q);
    let reject = sign(
        &fx().policy,
        q,
        &p,
        &request(CB, Decision::Reject),
        &fx().keys[CB],
    )
    .expect("signs a rejection");
    let mut approvals = chain();
    approvals.push(reject);
    let v = verdict(q, &approvals);
    assert_eq!(v.status, Status::NotApproved);
    assert_eq!(
        v.problems[0].why,
        Why::Rejected {
            approver: "cb".into(),
            level: "city_branch".into(),
            reason: "折扣过大".into()
        }
    );
    assert_eq!(v.problems[0].approval, Some(2));
    // A rejection needs a reason.
    let mut r = request(CB, Decision::Reject);
    r.reason = "  ".into();
    assert_eq!(
        sign(&fx().policy, q, &p, &r, &fx().keys[CB]).map(|_| ()),
        Err(vec![Why::MissingReason])
    );
    // A rejection of another quote does not block this one.
    let mut other = q.clone();
    other.lines[0].quantity += 1;
    let old_reject = sign(
        &fx().policy,
        &other,
        &priced(&other),
        &request(CB, Decision::Reject),
        &fx().keys[CB],
    )
    .expect("signs");
    let mut approvals = chain();
    approvals.push(old_reject);
    let v = verdict(q, &approvals);
    assert!(v.approved());
    assert_eq!(v.checks[2].len(), 1);
}

#[test]
fn sign_refuses_what_would_not_verify() {
    let q = &fx().quote;
    let p = priced(q);
    let policy = &fx().policy;
    // Another key than the one enrolled.
    assert_eq!(
        sign(
            policy,
            q,
            &p,
            &request(CB, Decision::Approve),
            &fx().keys[SM]
        )
        .map(|_| ()),
        Err(vec![Why::KeyMismatch {
            approver: "cb".into()
        }])
    );
    // Another level than the enrolled one.
    let mut r = request(SM, Decision::Approve);
    r.level = "city_branch".into();
    assert_eq!(
        sign(policy, q, &p, &r, &fx().keys[SM]).map(|_| ()),
        Err(vec![Why::WrongLevel {
            approver: "sm".into(),
            enrolled: "sales_manager".into(),
            claimed: "city_branch".into()
        }])
    );
    // Unknown approver.
    let mut r = request(SM, Decision::Approve);
    r.approver_id = "ghost".into();
    assert_eq!(
        sign(policy, q, &p, &r, &fx().keys[SM]).map(|_| ()),
        Err(vec![Why::UnknownApprover {
            approver: "ghost".into()
        }])
    );
    // Longer than the policy allows.
    let mut r = request(CB, Decision::Approve);
    r.expires = "2026-12-31".into();
    assert!(matches!(
        sign(policy, q, &p, &r, &fx().keys[CB])
            .map(|_| ())
            .unwrap_err()[..],
        [Why::ValidityTooLong { .. }]
    ));
    // A level the proposal does not need.
    assert_eq!(
        sign(
            policy,
            q,
            &p,
            &request(PV, Decision::Approve),
            &fx().keys[PV]
        )
        .map(|_| ()),
        Err(vec![Why::NotNeeded {
            level: "provincial".into(),
            required: "city_branch".into()
        }])
    );
    // Below the cost floor: nobody can approve.
    let mut floor = q.clone();
    for l in &mut floor.lines {
        l.discount_bp = 10_000;
    }
    let pf = priced(&floor);
    assert!(pf.authority.refused);
    assert_eq!(
        sign(
            policy,
            &floor,
            &pf,
            &request(CB, Decision::Approve),
            &fx().keys[CB]
        )
        .map(|_| ()),
        Err(vec![Why::CannotBeApproved])
    );
    let v = verify_chain(policy, &floor, &pf, &[], TODAY);
    assert_eq!(v.status, Status::Refused);
    assert!(has(&v, &Why::CannotBeApproved));
}

/// A proposal with a blocking finding (a configuration rule or a quote check of severity error)
/// cannot be approved: `sign` refuses, listing the findings in both languages; it can still be
/// rejected.
#[test]
fn sign_refuses_to_approve_a_quote_with_blocking_findings() {
    use tailor_core::catalog::{Rule, RuleKind};
    let q = &fx().quote;
    let policy = &fx().policy;
    // A configuration rule of severity error that the quote breaks.
    let mut catalog = fx().catalog.clone();
    let rule_message = Text::new(
        "测试规则：须同时订购某产品",
        "Test rule: needs another offering",
    );
    catalog.rules.push(Rule {
        id: "test_requires".into(),
        severity: Severity::Error,
        message: rule_message.clone(),
        kind: RuleKind::Requires {
            offering: q.lines[0].offering.clone(),
            any_of: vec!["no_such_offering".into()],
        },
    });
    let p = price(&catalog, policy, q);
    assert!(p.blocked(), "{:?}", p.findings);
    let refused = sign(
        policy,
        q,
        &p,
        &request(CB, Decision::Approve),
        &fx().keys[CB],
    )
    .map(|_| ());
    assert_eq!(
        refused,
        Err(vec![Why::Blocked {
            findings: vec![rule_message.clone()]
        }])
    );
    let t = refused.unwrap_err()[0].text(policy);
    assert!(
        t.zh.contains("阻止性问题") && t.zh.contains(&rule_message.zh),
        "{}",
        t.zh
    );
    assert!(
        t.en.contains("1 blocking finding(s)") && t.en.contains(&rule_message.en),
        "{}",
        t.en
    );
    // A quote check of severity error (no customer name) blocks too, with its own words.
    let mut unnamed = q.clone();
    unnamed.customer.name.clear();
    let pu = priced(&unnamed);
    let Err(whys) = sign(
        policy,
        &unnamed,
        &pu,
        &request(CB, Decision::Approve),
        &fx().keys[CB],
    ) else {
        panic!("an unnamed customer's quote must not be approved");
    };
    assert!(
        matches!(&whys[..], [Why::Blocked { findings }] if findings.iter().any(|f| f.en == "Enter the customer's name")),
        "{whys:?}"
    );
    // A warning does not block.
    let mut warned = fx().catalog.clone();
    warned.rules.push(Rule {
        id: "test_warning".into(),
        severity: Severity::Warning,
        message: rule_message,
        kind: RuleKind::Requires {
            offering: q.lines[0].offering.clone(),
            any_of: vec!["no_such_offering".into()],
        },
    });
    let pw = price(&warned, policy, q);
    assert!(!pw.blocked() && !pw.findings.is_empty());
    assert!(sign(
        policy,
        q,
        &pw,
        &request(CB, Decision::Approve),
        &fx().keys[CB]
    )
    .is_ok());
    // The approver can still reject a blocked proposal, with a reason.
    assert!(sign(
        policy,
        q,
        &p,
        &request(CB, Decision::Reject),
        &fx().keys[CB]
    )
    .is_ok());
}

#[test]
fn a_quote_within_authority_needs_nothing() {
    let mut q = fx().quote.clone();
    for l in &mut q.lines {
        l.discount_bp = 0;
    }
    let p = priced(&q);
    assert_eq!(p.authority.required, 0);
    let v = verify_chain(&fx().policy, &q, &p, &[], TODAY);
    assert_eq!(v.status, Status::NotNeeded);
    assert!(v.problems.is_empty());
    // Stale approvals of the discounted version are listed but do not block.
    let v = verify_chain(&fx().policy, &q, &p, &chain(), TODAY);
    assert_eq!(v.status, Status::NotNeeded);
    assert_eq!(v.checks[0].len(), 1);
}

#[test]
fn the_signed_message_is_domain_separated_and_canonical() {
    let a = approve(CB, &fx().quote);
    let msg = a.body.message();
    assert!(msg.starts_with(b"tailor-approval-v1\n"));
    let json = &msg[b"tailor-approval-v1\n".len()..];
    let parsed: ApprovalBody = serde_json::from_slice(json).expect("canonical JSON of the body");
    assert_eq!(parsed, a.body);
    // Signing is deterministic (Ed25519), and the digests are stable hex.
    assert_eq!(approve(CB, &fx().quote), a);
    let d = quote_digests(&fx().quote);
    assert_eq!(d.quote, a.body.quote_digest);
    assert_eq!(d.quote.len(), 64);
    assert_eq!(approval::priced_digest(&priced(&fx().quote)).len(), 64);
    assert_eq!(d.lines.len(), fx().quote.lines.len());
    // No secret in the approval file.
    let json = a.to_json();
    assert!(!json.contains(&hex::encode([CB as u8 + 1; 32])));
    assert_eq!(a.body.format, "tailor-approval");
    assert_eq!(a.body.version, 1);
    let mut unsupported = a.clone();
    unsupported.body.version = 2;
    assert_eq!(
        verify_one(
            &fx().policy,
            &fx().quote,
            &priced(&fx().quote),
            &unsupported,
            TODAY
        ),
        vec![Why::Unsupported {
            format: "tailor-approval".into(),
            version: 2
        }]
    );
    assert!(Approval::parse("{}").is_err());
    assert!(Approval::parse("not json").is_err());
}

#[test]
fn every_reason_reads_in_both_languages() {
    let policy = &fx().policy;
    let all = vec![
        Why::Unsupported {
            format: "x".into(),
            version: 9,
        },
        Why::UnknownApprover {
            approver: "ghost".into(),
        },
        Why::KeyMismatch {
            approver: "cb".into(),
        },
        Why::BadSignature {
            approver: "cb".into(),
        },
        Why::UnknownLevel {
            level: "board".into(),
        },
        Why::WrongLevel {
            approver: "sm".into(),
            enrolled: "sales_manager".into(),
            claimed: "city_branch".into(),
        },
        Why::OtherCustomer {
            approved_uscc: "91350100M000100Y43".into(),
            approved_name: "福州市示例局".into(),
        },
        Why::QuoteChanged {
            lines: vec!["L1".into(), "L3".into()],
            parts: vec![QuotePart::Term, QuotePart::AtRisk],
        },
        Why::QuoteChanged {
            lines: vec![],
            parts: vec![],
        },
        Why::PriceChanged,
        Why::BadDate {
            field: "issued".into(),
            value: "x".into(),
        },
        Why::NotYetValid {
            issued: ISSUED.into(),
        },
        Why::Expired {
            expires: EXPIRES.into(),
        },
        Why::ValidityTooLong { days: 91, max: 90 },
        Why::MissingReason,
        Why::NotNeeded {
            level: "provincial".into(),
            required: "city_branch".into(),
        },
        Why::Rejected {
            approver: "cb".into(),
            level: "city_branch".into(),
            reason: "折扣过大".into(),
        },
        Why::ChainIncomplete {
            missing: vec!["sales_manager".into(), "city_branch".into()],
        },
        Why::CannotBeApproved,
        Why::Blocked {
            findings: vec![Text::new("请填写客户名称", "Enter the customer's name")],
        },
        Why::SuiteMismatch {
            approver: "cb".into(),
            enrolled: Suite::Sm2,
            claimed: Suite::Ed25519,
        },
        Why::Sm2Required {
            approver: "cb".into(),
        },
    ];
    for w in &all {
        let t = w.text(policy);
        assert!(!t.zh.trim().is_empty() && !t.en.trim().is_empty(), "{w:?}");
        assert!(t.zh.chars().any(|c| c as u32 > 0x2e80), "{w:?}: {}", t.zh);
    }
    let t = all[17].text(policy);
    assert!(
        t.zh.contains("销售经理") && t.zh.contains("地市分公司"),
        "{}",
        t.zh
    );
    assert!(
        t.en.contains("Sales manager") && t.en.contains("City branch"),
        "{}",
        t.en
    );
    let t = all[7].text(policy);
    assert!(
        t.en.contains("L1, L3") && t.en.contains("contract term"),
        "{}",
        t.en
    );
    let t = all[5].text(policy);
    assert!(t.en.contains("Approver sm"), "{}", t.en);
}

#[test]
fn the_checker_rejects_bad_enrolments() {
    let base = fx().policy.clone();
    let problems = |edit: &dyn Fn(&mut Policy)| {
        let mut p = base.clone();
        edit(&mut p);
        check_approvers(&p)
            .into_iter()
            .map(|pr| (pr.severity, pr.path, pr.message))
            .collect::<Vec<_>>()
    };
    let error_at = |edit: &dyn Fn(&mut Policy), path: &str, needle: &str| {
        let found = problems(edit);
        assert!(
            found
                .iter()
                .any(|(s, p, m)| *s == Severity::Error && p == path && m.contains(needle)),
            "{path} / {needle}: {found:?}"
        );
    };
    assert!(problems(&|_| {}).is_empty());
    error_at(
        &|p| p.approvers[1].public_key = "abc".into(),
        "approvers[1].public_key",
        "64 hexadecimal digits",
    );
    error_at(
        &|p| p.approvers[1].public_key = format!("{} ", p.approvers[1].public_key),
        "approvers[1].public_key",
        "64 hexadecimal digits",
    );
    error_at(
        &|p| p.approvers[1].public_key = "z".repeat(64),
        "approvers[1].public_key",
        "64 hexadecimal digits",
    );
    // Not a point on the curve (y = 2 has no x), and a small-order point.
    let mut not_a_point = [0u8; 32];
    not_a_point[0] = 2;
    assert!(tailor_core::keyfile::parse_public_key(&hex::encode(not_a_point)).is_none());
    error_at(
        &|p| p.approvers[1].public_key = hex::encode(not_a_point),
        "approvers[1].public_key",
        "not a valid Ed25519 key",
    );
    let mut identity = [0u8; 32];
    identity[0] = 1;
    error_at(
        &|p| p.approvers[1].public_key = hex::encode(identity),
        "approvers[1].public_key",
        "not a valid Ed25519 key",
    );
    error_at(
        &|p| p.approvers[2].public_key = p.approvers[0].public_key.to_uppercase(),
        "approvers[2].public_key",
        "approvers[0]",
    );
    error_at(
        &|p| p.approvers[2].id = "sm".into(),
        "approvers[2].id",
        "duplicate approver id 'sm'",
    );
    error_at(
        &|p| p.approvers[2].id = " ".into(),
        "approvers[2].id",
        "empty",
    );
    error_at(
        &|p| p.approvers[0].level = "board".into(),
        "approvers[0].level",
        "unknown level 'board'",
    );
    error_at(
        &|p| p.approvers[0].level = "account_manager".into(),
        "approvers[0].level",
        "needs no approval",
    );
    error_at(
        &|p| p.approvers[0].name.zh.clear(),
        "approvers[0].name.zh",
        "Chinese",
    );
    error_at(
        &|p| p.approvers[0].name.en.clear(),
        "approvers[0].name.en",
        "English",
    );
    // A level with nobody to approve at it is a warning.
    let found = problems(&|p| p.approvers.retain(|a| a.id != "pv"));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, Severity::Warning);
    assert_eq!(found[0].1, "levels[3]");
    // No approvers at all: nothing to say (signed approvals not in use).
    assert!(problems(&|p| p.approvers.clear()).is_empty());
}

#[test]
fn demo_approvers_verify_only_under_a_demo_policy() {
    let (_, policy) = tailor_core::defaults::catalog_and_policy().expect("defaults");
    assert!(
        policy.approvers.is_empty(),
        "the default policy enrols nobody"
    );
    assert!(!policy.demo);
    let demo_policy: Policy =
        serde_json::from_str(include_str!("../../demo/policy.json")).expect("the demo policy");
    assert!(demo_policy.demo);
    let levels: Vec<&str> = demo_policy
        .approvers
        .iter()
        .map(|a| a.level.as_str())
        .collect();
    assert_eq!(levels, ["sales_manager", "city_branch", "provincial"]);
    let q = &fx().quote;
    let p = price(&fx().catalog, &demo_policy, q);
    let approvals: Vec<Approval> = [
        ("demo-sales-manager", "sales_manager"),
        ("demo-city-branch", "city_branch"),
    ]
    .iter()
    .map(|(id, level)| {
        let r = Request {
            approver_id: (*id).into(),
            level: (*level).into(),
            ..request(SM, Decision::Approve)
        };
        let key = ApproverKey::from_seed(tailor_core::demo::seed(id));
        sign(&demo_policy, q, &p, &r, &key).expect("signs")
    })
    .collect();
    assert!(verify_chain(&demo_policy, q, &p, &approvals, TODAY).approved());
    // The same chain, with the demo approvers copied into a policy not marked demo: refused.
    let production = Policy {
        demo: false,
        ..demo_policy.clone()
    };
    let v = verify_chain(&production, q, &p, &approvals, TODAY);
    assert_eq!(v.status, Status::NotApproved);
    assert_eq!(
        v.checks,
        vec![
            vec![Why::DemoKey {
                approver: "demo-sales-manager".into()
            }],
            vec![Why::DemoKey {
                approver: "demo-city-branch".into()
            }]
        ]
    );
}

// Signature suites: an approval names its suite (absent: Ed25519), which must be its approver's
// enrolled suite, and SM2 under a policy that requires it.

/// An SM2 key for tests.
fn sm2_key(seed: u8) -> ApproverKey {
    ApproverKey::from_secret(Suite::Sm2, [seed; 32]).expect("an SM2 scalar")
}

/// The fixture's policy with the city branch enrolled with an SM2 key (seed 2).
fn policy_with_sm2_city_branch() -> (Policy, ApproverKey) {
    let key = sm2_key(2);
    let mut policy = fx().policy.clone();
    policy.approvers[CB] = enrol("cb", "city_branch", &key);
    assert!(check_approvers(&policy).is_empty());
    (policy, key)
}

#[test]
fn a_mixed_chain_of_ed25519_and_sm2_verifies() {
    let q = &fx().quote;
    let (policy, cb) = policy_with_sm2_city_branch();
    let p = price(&fx().catalog, &policy, q);
    let sm = sign(
        &policy,
        q,
        &p,
        &request(SM, Decision::Approve),
        &fx().keys[SM],
    )
    .expect("signs");
    let city = sign(&policy, q, &p, &request(CB, Decision::Approve), &cb).expect("signs");
    assert_eq!(sm.body.suite, Suite::Ed25519);
    assert_eq!(city.body.suite, Suite::Sm2);
    // An Ed25519 approval's file has no suite field (its bytes are as before suites); an SM2
    // one names its suite.
    assert!(!sm.to_json().contains("suite"));
    assert!(city.to_json().contains(r#""suite":"sm2-sm3""#));
    let back = Approval::parse(&city.to_json()).expect("parses");
    let v = verify_chain(&policy, q, &p, &[sm, back], TODAY);
    assert_eq!(v.status, Status::Approved, "{:?}", v.problems);
    assert_eq!(v.chain[1].fingerprint, cb.fingerprint());
}

#[test]
fn an_approval_claiming_another_suite_than_its_enrolment_is_refused() {
    let q = &fx().quote;
    let (policy, cb) = policy_with_sm2_city_branch();
    let p = price(&fx().catalog, &policy, q);
    let city = sign(&policy, q, &p, &request(CB, Decision::Approve), &cb).expect("signs");
    // The same approval relabelled Ed25519.
    let mut relabelled = city.clone();
    relabelled.body.suite = Suite::Ed25519;
    assert_eq!(
        verify_one(&policy, q, &p, &relabelled, TODAY),
        vec![Why::SuiteMismatch {
            approver: "cb".into(),
            enrolled: Suite::Sm2,
            claimed: Suite::Ed25519,
        }]
    );
    // An Ed25519 approver's approval relabelled SM2.
    let mut sm = approve(SM, q);
    sm.body.suite = Suite::Sm2;
    assert_eq!(
        verify_one(&policy, q, &p, &sm, TODAY),
        vec![Why::SuiteMismatch {
            approver: "sm".into(),
            enrolled: Suite::Ed25519,
            claimed: Suite::Sm2,
        }]
    );
}

#[test]
fn an_sm2_signature_under_an_ed25519_enrolment_is_refused() {
    let q = &fx().quote;
    let p = priced(q);
    let intruder = sm2_key(9);
    // Signed by hand, naming the enrolled Ed25519 approver: its suite is not the enrolment's.
    let forged = ApprovalBody::new(
        q,
        &p,
        &request(CB, Decision::Approve),
        &intruder.public_key_hex(),
    )
    .sign(&intruder);
    assert_eq!(forged.body.suite, Suite::Sm2);
    assert_eq!(
        verify_one(&fx().policy, q, &p, &forged, TODAY),
        vec![Why::SuiteMismatch {
            approver: "cb".into(),
            enrolled: Suite::Ed25519,
            claimed: Suite::Sm2,
        }]
    );
    // Naming the enrolled Ed25519 key but signed in SM2 does not verify either.
    let mut named = forged.clone();
    named.body.public_key = fx().keys[CB].public_key_hex();
    assert!(!verify_one(&fx().policy, q, &p, &named, TODAY).is_empty());
    // And the checked `sign` refuses the SM2 key for an Ed25519 enrolment.
    let refused = sign(
        &fx().policy,
        q,
        &p,
        &request(CB, Decision::Approve),
        &intruder,
    );
    assert_eq!(
        refused.err(),
        Some(vec![Why::SuiteMismatch {
            approver: "cb".into(),
            enrolled: Suite::Ed25519,
            claimed: Suite::Sm2,
        }])
    );
}

#[test]
fn a_policy_requiring_sm2_refuses_ed25519_signatures() {
    let q = &fx().quote;
    let mut policy = fx().policy.clone();
    policy.require_sm2 = true;
    let p = price(&fx().catalog, &policy, q);
    let v = verify_chain(&policy, q, &p, &chain(), TODAY);
    assert_eq!(v.status, Status::NotApproved);
    for who in ["sm", "cb"] {
        assert!(
            has(
                &v,
                &Why::Sm2Required {
                    approver: who.into()
                }
            ),
            "{:?}",
            v.problems
        );
    }
    let text = Why::Sm2Required {
        approver: "cb".into(),
    }
    .text(&policy);
    assert!(
        text.zh.contains("SM2") && text.en.contains("requires SM2"),
        "{text:?}"
    );
    // Signing with an Ed25519 key is refused before anything is signed.
    let refused = sign(
        &policy,
        q,
        &p,
        &request(SM, Decision::Approve),
        &fx().keys[SM],
    );
    assert_eq!(
        refused.err(),
        Some(vec![Why::Sm2Required {
            approver: "sm".into()
        }])
    );
    // With both levels enrolled in SM2 the chain verifies.
    let (sm, cb) = (sm2_key(11), sm2_key(12));
    policy.approvers[SM] = enrol("sm", "sales_manager", &sm);
    policy.approvers[CB] = enrol("cb", "city_branch", &cb);
    let chain = [
        sign(&policy, q, &p, &request(SM, Decision::Approve), &sm).expect("signs"),
        sign(&policy, q, &p, &request(CB, Decision::Approve), &cb).expect("signs"),
    ];
    let v = verify_chain(&policy, q, &p, &chain, TODAY);
    assert_eq!(v.status, Status::Approved, "{:?}", v.problems);
}

#[test]
fn a_tampered_sm2_approval_is_refused() {
    let q = &fx().quote;
    let (policy, cb) = policy_with_sm2_city_branch();
    let p = price(&fx().catalog, &policy, q);
    let city = sign(&policy, q, &p, &request(CB, Decision::Approve), &cb).expect("signs");
    assert!(verify_one(&policy, q, &p, &city, TODAY).is_empty());
    let bad = vec![Why::BadSignature {
        approver: "cb".into(),
    }];
    for at in [0, 40, 64, 127] {
        let mut flipped = city.clone();
        let mut bytes = hex::decode(&flipped.signature).expect("hex");
        bytes[at / 2] ^= 0x10;
        flipped.signature = hex::encode(bytes);
        assert_eq!(
            verify_one(&policy, q, &p, &flipped, TODAY),
            bad,
            "byte {at}"
        );
    }
    let mut comment = city.clone();
    comment.body.comment.push('!');
    assert_eq!(verify_one(&policy, q, &p, &comment, TODAY), bad);
    let mut expires = city;
    expires.body.expires = "2026-04-09".into();
    assert_eq!(verify_one(&policy, q, &p, &expires, TODAY), bad);
}

#[test]
fn the_checker_reports_keys_the_policy_forbids_and_bad_sm2_keys() {
    let mut policy = fx().policy.clone();
    policy.require_sm2 = true;
    let problems = check_approvers(&policy);
    let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "approvers[0].suite",
            "approvers[1].suite",
            "approvers[2].suite"
        ]
    );
    assert!(problems
        .iter()
        .all(|p| p.severity == Severity::Error && p.message.contains("requires SM2")));
    // An SM2 enrolment whose key is not SEC1, or not on the curve, is an error there too.
    let (mut policy, _) = policy_with_sm2_city_branch();
    policy.approvers[CB].public_key = "abcd".into();
    let found = check_approvers(&policy);
    assert!(found[0].path == "approvers[1].public_key" && found[0].message.contains("SEC1"));
    policy.approvers[CB].public_key = format!("02{}", "ff".repeat(32));
    let found = check_approvers(&policy);
    assert!(
        found[0].message.contains("not a valid SM2 key"),
        "{found:?}"
    );
    // An Ed25519 key declared SM2 is not an SM2 key.
    policy.approvers[CB].public_key = fx().keys[CB].public_key_hex();
    assert!(!check_approvers(&policy).is_empty());
}
