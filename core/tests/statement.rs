//! Proposal statements: a statement signed by an enrolled seller verifies; it fails for every
//! changed field and for another customer; a key not enrolled, or enrolled only as an approver,
//! is refused; an expired one is refused; it travels as a link and back; and a proposal file
//! checked against it names the figure that differs.

mod common;

use tailor_core::approval::{self, verify_chain, Approval, Decision, Request, Status, Verdict};
use tailor_core::catalog::Catalog;
use tailor_core::demo;
use tailor_core::keyfile::ApproverKey;
use tailor_core::keys::{self, Keys};
use tailor_core::policy::Policy;
use tailor_core::pricing::{price, Priced};
use tailor_core::quote::Quote;
use tailor_core::statement::{
    self, check_against, sign_bytes, verify, Proposal, Statement, StatementBody, Why,
};

type Edit = Box<dyn Fn(&mut StatementBody)>;

const TODAY: &str = "2026-11-24";

struct Fixture {
    catalog: Catalog,
    policy: Policy,
    quote: Quote,
    priced: Priced,
    approvals: Vec<Approval>,
    verdict: Verdict,
    keys: Keys,
}

fn seller_key() -> ApproverKey {
    ApproverKey::from_seed(demo::seed(demo::SELLER_ID))
}

/// The demo policy (demo approvers and the demo seller enrolled) and a government proposal at
/// `bp` on every line, approved by every level it needs.
fn fixture(bp: i64) -> Fixture {
    let (catalog, policy) = common::demo_setup();
    let mut quote = common::from_template(&catalog, &policy, "gov_smart_office");
    for l in &mut quote.lines {
        l.discount_bp = bp;
    }
    let priced = price(&catalog, &policy, &quote);
    let approvals: Vec<Approval> = (1..=priced.authority.required)
        .map(|level| {
            let id = demo::APPROVER_IDS[level - 1];
            let request = Request {
                decision: Decision::Approve,
                approver_id: id.into(),
                level: policy.levels[level].id.clone(),
                issued: "2026-11-23".into(),
                expires: "2026-12-10".into(),
                comment: String::new(),
                reason: String::new(),
            };
            let key = ApproverKey::from_seed(demo::seed(id));
            approval::sign(&policy, &quote, &priced, &request, &key).expect("approves")
        })
        .collect();
    let verdict = verify_chain(&policy, &quote, &priced, &approvals, TODAY);
    let keys = keys::of(&catalog, &policy);
    Fixture {
        catalog,
        policy,
        quote,
        priced,
        approvals,
        verdict,
        keys,
    }
}

/// The fixture's proposal, to sign.
fn proposal(f: &Fixture) -> Proposal<'_> {
    Proposal {
        catalog: &f.catalog,
        policy: &f.policy,
        quote: &f.quote,
        priced: &f.priced,
        verdict: &f.verdict,
        approvals: &f.approvals,
        preauths: &[],
    }
}

fn sign(f: &Fixture, key: &ApproverKey) -> Result<Statement, Vec<Why>> {
    statement::sign(&proposal(f), key, TODAY)
}

/// Signs `body` as it stands with `key`.
fn forged(body: StatementBody, key: &ApproverKey) -> Statement {
    let signature = sign_bytes(key, &body.message());
    Statement { body, signature }
}

#[test]
fn a_statement_signed_by_an_enrolled_seller_verifies_and_matches_its_proposal() {
    let f = fixture(1500);
    assert_eq!(
        f.verdict.status,
        Status::Approved,
        "{:?}",
        f.verdict.problems
    );
    assert!(f.priced.authority.required >= 2, "two levels or more");
    let s = sign(&f, &seller_key()).expect("signs");
    assert_eq!(verify(&f.keys, &s, TODAY), []);
    assert_eq!(check_against(&s, &f.quote, &f.priced), []);
    let b = &s.body;
    assert_eq!(b.seller, demo::SELLER_ID);
    assert_eq!(b.proposal, "Q-1");
    assert_eq!(b.totals.tcv, f.priced.totals.net.tcv);
    assert_eq!(b.totals.tcv_gross, f.priced.totals.gross.tcv);
    assert_eq!(b.rests_on.len(), f.priced.authority.required);
    // Valid-until never exceeds the approvals' validity (2026-12-10, before date + 30 days).
    assert_eq!(b.valid_until, "2026-12-10");
    // The signer as the page shows it.
    let signer = s.signer(&f.keys).expect("enrolled");
    assert!(signer.is_seller());
    assert_eq!(signer.fingerprint, seller_key().fingerprint());
}

#[test]
fn a_statement_within_the_sellers_authority_rests_on_nothing_and_keeps_the_policy_validity() {
    let mut f = fixture(0);
    f.quote.lines.truncate(1);
    f.priced = price(&f.catalog, &f.policy, &f.quote);
    f.approvals.clear();
    f.verdict = verify_chain(&f.policy, &f.quote, &f.priced, &f.approvals, TODAY);
    assert_eq!(f.verdict.status, Status::NotNeeded);
    let s = sign(&f, &seller_key()).expect("signs");
    assert!(s.body.rests_on.is_empty());
    assert_eq!(
        s.body.valid_until,
        tailor_core::date::add_days("2026-11-23", i64::from(f.policy.validity_days)).expect("date")
    );
    assert_eq!(verify(&f.keys, &s, TODAY), []);
}

#[test]
fn every_changed_field_breaks_the_signature() {
    let f = fixture(1500);
    let s = sign(&f, &seller_key()).expect("signs");
    let edits: Vec<(&str, Edit)> = vec![
        ("proposal", Box::new(|b| b.proposal.push('9'))),
        ("proposal_version", Box::new(|b| b.proposal_version += 1)),
        ("customer", Box::new(|b| b.customer.push('局'))),
        ("uscc", Box::new(|b| b.uscc = "91110108M000100Y4X".into())),
        ("date", Box::new(|b| b.date = "2026-11-22".into())),
        (
            "valid_until",
            Box::new(|b| b.valid_until = "2026-12-09".into()),
        ),
        ("term_months", Box::new(|b| b.term_months = 24)),
        ("mrc", Box::new(|b| b.totals.mrc += 1)),
        ("nrc", Box::new(|b| b.totals.nrc -= 1)),
        ("tcv", Box::new(|b| b.totals.tcv += 100)),
        ("mrc_gross", Box::new(|b| b.totals.mrc_gross += 1)),
        ("nrc_gross", Box::new(|b| b.totals.nrc_gross += 1)),
        ("tcv_gross", Box::new(|b| b.totals.tcv_gross += 1)),
        ("content", Box::new(|b| b.content.replace_range(0..1, "f"))),
        (
            "rests_on",
            Box::new(|b| {
                b.rests_on.pop();
            }),
        ),
        (
            "rests_on.digest",
            Box::new(|b| b.rests_on[0].digest.replace_range(0..2, "00")),
        ),
        ("seller", Box::new(|b| b.seller = "someone".into())),
    ];
    for (field, edit) in edits {
        let mut t = s.clone();
        edit(&mut t.body);
        assert_ne!(t, s, "{field}: the edit changes something");
        let why = verify(&f.keys, &t, TODAY);
        assert!(why.contains(&Why::BadSignature), "{field}: {why:?}");
    }
    // The signature itself, one digit.
    let mut t = s.clone();
    let flipped = if t.signature.starts_with('0') {
        "1"
    } else {
        "0"
    };
    t.signature.replace_range(0..1, flipped);
    assert_eq!(verify(&f.keys, &t, TODAY), [Why::BadSignature]);
}

#[test]
fn a_statement_checked_against_another_customers_proposal_names_the_customer() {
    let f = fixture(1500);
    let s = sign(&f, &seller_key()).expect("signs");
    let mut other = f.quote.clone();
    other.customer.name = "福州市另一局".into();
    other.customer.uscc = "91110108M000100Y4X".into();
    let d = check_against(&s, &other, &f.priced);
    let figures: Vec<&str> = d.iter().map(|d| d.figure.en.as_str()).collect();
    assert_eq!(figures, ["Customer", "USCC"]);
    assert_eq!(
        d[0].text().en,
        "Customer: 杭州市数据资源管理局 on the statement, 福州市另一局 recomputed"
    );
}

#[test]
fn a_changed_figure_is_named_against_the_proposal_file() {
    let f = fixture(1500);
    let mut s = sign(&f, &seller_key()).expect("signs");
    s.body.totals.tcv += 100_000;
    let d = check_against(&s, &f.quote, &f.priced);
    assert_eq!(d.len(), 1, "{d:?}");
    let stated = tailor_core::money::format_yuan(f.priced.totals.net.tcv + 100_000);
    let found = tailor_core::money::format_yuan(f.priced.totals.net.tcv);
    assert_eq!(
        d[0].text().en,
        format!("TCV (excl. tax): ¥{stated} on the statement, ¥{found} recomputed")
    );
    // A line changed in the file: its totals and the lines are named.
    let mut priced = f.priced.clone();
    let s = sign(&f, &seller_key()).expect("signs");
    priced.lines[0].net.mrc += 100;
    let d = check_against(&s, &f.quote, &priced);
    let figures: Vec<&str> = d.iter().map(|d| d.figure.en.as_str()).collect();
    assert_eq!(
        figures,
        [
            "Monthly total (excl. tax)",
            "The lines (offering, options, site, quantity, prices, discount, amounts, tax rate)"
        ]
    );
}

#[test]
fn a_key_not_enrolled_or_enrolled_only_as_an_approver_is_refused() {
    let f = fixture(1500);
    let s = sign(&f, &seller_key()).expect("signs");
    // Signing refuses both.
    let stranger = ApproverKey::from_seed([9; 32]);
    assert_eq!(
        sign(&f, &stranger).map(|_| ()),
        Err(vec![Why::NotEnrolled {
            fingerprint: stranger.fingerprint()
        }])
    );
    let approver = ApproverKey::from_seed(demo::seed(demo::APPROVER_IDS[0]));
    assert!(sign(&f, &approver).is_err());
    // Verifying refuses a statement made without `sign`, by either key.
    let mut body = s.body.clone();
    body.public_key = stranger.public_key_hex();
    assert_eq!(
        verify(&f.keys, &forged(body, &stranger), TODAY),
        [Why::NotEnrolled {
            fingerprint: stranger.fingerprint()
        }]
    );
    let mut body = s.body.clone();
    body.public_key = approver.public_key_hex();
    let why = verify(&f.keys, &forged(body, &approver), TODAY);
    assert_eq!(why.len(), 1);
    assert!(matches!(&why[0], Why::ApproverKey { name } if name.en.contains("sales manager")));
    // A seller removed from the policy: refused.
    let mut policy = f.policy.clone();
    policy.sellers.clear();
    let keys = keys::of(&f.catalog, &policy);
    assert_eq!(
        verify(&keys, &s, TODAY),
        [Why::NotEnrolled {
            fingerprint: seller_key().fingerprint()
        }]
    );
}

#[test]
fn an_expired_statement_is_refused_and_an_expired_proposal_is_not_signed() {
    let f = fixture(1500);
    let s = sign(&f, &seller_key()).expect("signs");
    assert_eq!(verify(&f.keys, &s, "2026-12-10"), []);
    assert_eq!(
        verify(&f.keys, &s, "2026-12-11"),
        [Why::Expired {
            valid_until: "2026-12-10".into()
        }]
    );
    assert!(statement::sign(&proposal(&f), &seller_key(), "2026-12-11").is_err());
}

#[test]
fn a_proposal_that_needs_approval_is_not_signed() {
    let mut f = fixture(1500);
    f.approvals.pop();
    f.verdict = verify_chain(&f.policy, &f.quote, &f.priced, &f.approvals, TODAY);
    assert_eq!(
        sign(&f, &seller_key()).map(|_| ()),
        Err(vec![Why::NotAuthorised])
    );
}

#[test]
fn the_approvers_it_rests_on_must_be_enrolled_at_their_level() {
    let f = fixture(1500);
    let s = sign(&f, &seller_key()).expect("signs");
    let mut policy = f.policy.clone();
    policy.approvers.remove(0);
    let keys = keys::of(&f.catalog, &policy);
    assert_eq!(
        verify(&keys, &s, TODAY),
        [Why::ApproverNotEnrolled {
            approver: demo::APPROVER_IDS[0].into()
        }]
    );
}

#[test]
fn a_statement_travels_as_a_short_link_and_back() {
    let f = fixture(1500);
    let s = sign(&f, &seller_key()).expect("signs");
    let link = statement::to_link(&s);
    assert!(link.starts_with("tailor1.s."), "{link}");
    println!(
        "statement link: {} characters, resting on {} approvals",
        link.len(),
        s.body.rests_on.len()
    );
    assert!(link.len() < 1000, "{} characters", link.len());
    // Resting on the whole ladder (three approvals), still short enough for a QR code on paper.
    let f = fixture(2000);
    if let Ok(s) = sign(&f, &seller_key()) {
        let long = statement::to_link(&s);
        println!(
            "statement link: {} characters, resting on {} approvals",
            long.len(),
            s.body.rests_on.len()
        );
        assert!(long.len() < 1000, "{} characters", long.len());
    }
    let back =
        statement::from_link(&format!("https://example.cn/verify.html#{link}")).expect("reads");
    assert_eq!(back, s);
    // A link of another kind is not a statement.
    let other = tailor_core::link::encode(tailor_core::link::Kind::Decision, b"{}");
    assert!(statement::from_link(&other).is_err());
}

#[test]
fn the_keys_file_holds_nothing_internal_and_verifies_under_its_publisher() {
    let f = fixture(0);
    let text = f.keys.to_json();
    for internal in ["discount", "limit", "cost", "margin", "max_tcv", "term"] {
        assert!(!text.contains(internal), "{internal} in keys.json");
    }
    assert_eq!(Keys::parse(&text).expect("reads"), f.keys);
    // The shipped demo keys, signed by the demo publisher.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let read = |p: &str| std::fs::read_to_string(root.join(p)).expect("demo file");
    let publishers = tailor_core::publication::Publishers::parse(
        "publishers.json",
        &read("trust/publishers.json"),
    )
    .expect("trust");
    let (keys, publisher) = keys::load(
        &publishers,
        &read("demo/keys.json"),
        Some(&read("demo/keys.sig.json")),
    )
    .expect("verifies");
    assert!(keys.demo && publisher.demo);
    assert_eq!(keys, f.keys);
    let altered = read("demo/keys.json").replace("demo-account-manager", "demo-account-manageX");
    assert!(keys::load(&publishers, &altered, Some(&read("demo/keys.sig.json"))).is_err());
}

#[test]
fn the_checker_checks_sellers_like_approvers() {
    let f = fixture(0);
    let problems = |p: &Policy| -> Vec<String> {
        tailor_core::check::check(&f.catalog, "catalog.json", p, "policy.json")
            .iter()
            .filter(|p| p.path.starts_with("sellers"))
            .map(ToString::to_string)
            .collect()
    };
    assert_eq!(problems(&f.policy), Vec::<String>::new());
    let mut p = f.policy.clone();
    let mut twin = p.sellers[0].clone();
    twin.public_key = p.approvers[0].public_key.clone();
    p.sellers.push(twin);
    let mut bad = p.sellers[0].clone();
    bad.id = "bad".into();
    bad.public_key = "00".into();
    p.sellers.push(bad);
    let found = problems(&p);
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(found[0].contains("sellers[1].id") && found[0].contains("duplicate seller id"));
    assert!(found[1].contains("sellers[1].public_key") && found[1].contains("approvers[0]"));
    assert!(
        found[2].contains("sellers[2].public_key") && found[2].contains("64 hexadecimal digits")
    );
    // A demo key outside a demo policy is refused for a seller too.
    p.demo = false;
    assert!(problems(&p)
        .iter()
        .any(|m| m.contains("sellers[0].public_key") && m.contains("demo key")));
}

#[test]
fn an_sm2_seller_signs_and_a_policy_requiring_sm2_refuses_an_ed25519_statement() {
    use tailor_core::suite::Suite;
    let mut f = fixture(1500);
    let sm2 = ApproverKey::from_secret(Suite::Sm2, [5; 32]).expect("an SM2 key");
    f.policy.sellers.push(tailor_core::policy::Seller {
        id: "sm2-seller".into(),
        name: tailor_core::text::Text::new("国密客户经理", "SM2 account manager"),
        public_key: sm2.public_key_hex(),
        suite: Suite::Sm2,
    });
    f.keys = keys::of(&f.catalog, &f.policy);
    let s = sign(&f, &sm2).expect("signs in SM2");
    assert_eq!(s.body.suite, Suite::Sm2);
    assert_eq!(s.body.seller, "sm2-seller");
    assert_eq!(verify(&f.keys, &s, TODAY), []);
    let mut t = s.clone();
    t.body.totals.tcv += 1;
    assert_eq!(verify(&f.keys, &t, TODAY), [Why::BadSignature]);
    // Under require_sm2 the Ed25519 seller's statement is refused, the SM2 one is not.
    let ed = sign(&f, &seller_key()).expect("signs in Ed25519");
    f.keys.require_sm2 = true;
    assert_eq!(verify(&f.keys, &s, TODAY), []);
    assert!(matches!(
        verify(&f.keys, &ed, TODAY).as_slice(),
        [Why::SuiteRequired { .. }]
    ));
    // … and an Ed25519 seller key is refused at signing, saying SM2 is required.
    f.policy.require_sm2 = true;
    let refused = sign(&f, &seller_key()).expect_err("SM2 required");
    assert!(
        refused
            .iter()
            .any(|w| matches!(w, Why::SuiteRequired { .. }) && w.text().en.contains("SM2")),
        "{refused:?}"
    );
    assert!(sign(&f, &sm2).is_ok());
    println!(
        "SM2 statement link: {} characters",
        statement::to_link(&s).len()
    );
}

#[test]
fn with_the_proposal_file_the_approvals_it_rests_on_verify_and_a_forged_one_does_not() {
    use statement::Held;
    let f = fixture(1500);
    assert!(f.approvals.len() >= 2, "the fixture needs a chain");
    let s = sign(&f, &seller_key()).expect("signs");
    let held = |approvals: &[Approval], quote: &Quote, priced: &Priced| {
        statement::held(&f.keys, &s, quote, priced, approvals)
    };
    // Every approval of the chain is in the file and holds.
    let all = held(&f.approvals, &f.quote, &f.priced);
    assert_eq!(all.len(), f.approvals.len());
    assert!(all.iter().all(|h| *h == Held::Verified), "{all:?}");
    // A file without them: nothing to check, said so.
    assert!(held(&[], &f.quote, &f.priced)
        .iter()
        .all(|h| *h == Held::NotInFile));
    // One approval re-signed by another key than the enrolled approver's: the digest the statement
    // names is no longer in the file.
    let mut forged = f.approvals.clone();
    forged[0].signature = hex_flip(&forged[0].signature);
    assert_eq!(held(&forged, &f.quote, &f.priced)[0], Held::NotInFile);
    // The approval's body altered (its comment) but its signature kept: found by digest, fails.
    let mut altered = f.approvals.clone();
    altered[0].body.comment = "放宽".into();
    assert!(matches!(
        &held(&altered, &f.quote, &f.priced)[0],
        Held::Fails(why) if why.en.contains("does not verify")
    ));
    // The file's quote changed after approval: the approval holds for another proposal.
    let mut other = f.quote.clone();
    other.lines[0].quantity += 1;
    let other_priced = price(&f.catalog, &f.policy, &other);
    assert!(matches!(
        &held(&f.approvals, &other, &other_priced)[0],
        Held::Fails(why) if why.en.contains("another proposal")
    ));
}

/// `signature` with its first hexadecimal digit changed.
fn hex_flip(signature: &str) -> String {
    let first = if signature.starts_with('0') { "1" } else { "0" };
    format!("{first}{}", &signature[1..])
}

#[test]
fn a_later_version_the_customer_verified_supersedes_an_earlier_one() {
    use statement::{remember, superseded, MAX_SEEN};
    let f = fixture(0);
    let v1 = sign(&f, &seller_key()).expect("V1 signs");
    let mut next = f.quote.clone();
    next.lineage = f.quote.id.clone();
    next.id = format!("{}-2", f.quote.id);
    next.version = 2;
    let g = Fixture {
        priced: price(&f.catalog, &f.policy, &next),
        quote: next,
        ..fixture(0)
    };
    let v2 = sign(&g, &seller_key()).expect("V2 signs");
    assert_eq!(v1.lineage(), v2.lineage());
    // A statement made before versions has no lineage field: its lineage is its proposal number.
    assert!(!v1.to_json().contains("lineage"));
    assert!(v2.to_json().contains("\"lineage\""));
    let mut seen = Vec::new();
    remember(&mut seen, &v1);
    assert_eq!(superseded(&seen, &v1), None);
    remember(&mut seen, &v2);
    let later = superseded(&seen, &v1).expect("V2 supersedes V1");
    assert_eq!((later.version, later.code.clone()), (2, v2.short_code()));
    assert_eq!(superseded(&seen, &v2), None);
    // Opening V1 again keeps V2 as the lineage's latest.
    remember(&mut seen, &v1);
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].version, 2);
    // At most MAX_SEEN lineages, the least recently verified forgotten first.
    for i in 0..MAX_SEEN + 5 {
        let mut other = v1.clone();
        other.body.proposal = format!("Q-{i}");
        remember(&mut seen, &other);
    }
    assert_eq!(seen.len(), MAX_SEEN);
    assert!(
        superseded(&seen, &v1).is_none(),
        "V2's lineage was forgotten last-used-first"
    );
}
