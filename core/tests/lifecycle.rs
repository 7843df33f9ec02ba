//! After the signature: versions and their differences, contracts, amendments co-termed to the
//! contract, renewals, and offerings that reach end of sale — hand-worked examples over the mini
//! fixtures (`tests/fixtures/mini`), their golden files (`tests/examples/1N_*.json`, walked
//! through in `tests/examples/README.md`), and properties.
//!
//! Regenerate the golden files after an intended change with
//! `TAILOR_BLESS=1 cargo test -p tailor-core --test lifecycle`.
//!
//! The contract every example starts from: proposal Q-100 V1, 36 months (term discount 5 %),
//! three families (line, basic, office: bundle 3 %), accepted on 2025-05-20, starting 2025-06-01,
//! so ending 2028-06-01:
//!
//! | line | what | unit list MRC | net MRC = list × 0.95 × 0.97 | VAT | gross MRC |
//! |---|---|---|---|---|---|
//! | L1 | DIA 100M at hq | 100,000 + 50,000 = 150,000 | 138,225 | 9 %: 12,440.25 → 12,440 | 150,665 |
//! | L2 | 20 V-net seats | 20 × 1,000 = 20,000 | 18,430 | 9 %: 1,658.7 → 1,659 | 20,089 |
//! | L3 | 20 mailboxes 5G | 20 × 500 = 10,000 | 9,215 | 6 %: 552.9 → 553 | 9,768 |
//!
//! Monthly total: net 165,870, gross 180,522. (0.95 × 0.97 = 0.9215.)

use proptest::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tailor_core::amendment::{self, Amendment, PricedAmendment};
use tailor_core::approval::quote_digests;
use tailor_core::catalog::Catalog;
use tailor_core::contract::{self, Contract, Monthly, Step};
use tailor_core::diff::{self, Change, Figures};
use tailor_core::end_of_sale;
use tailor_core::policy::Policy;
use tailor_core::pricing::{price, Amounts};
use tailor_core::quote::{Customer, Line, Quote, Site};
use tailor_core::renewal::{self, Why};
use tailor_core::text::Text;
use tailor_core::version;
use tailor_core::{canonical, check};

fn mini() -> (Catalog, Policy) {
    let c = check::parse("catalog.json", include_str!("fixtures/mini/catalog.json")).unwrap();
    let p = check::parse("policy.json", include_str!("fixtures/mini/policy.json")).unwrap();
    (c, p)
}

fn line(id: &str, offering: &str, quantity: u32) -> Line {
    Line {
        id: id.into(),
        offering: offering.into(),
        quantity,
        ..Line::default()
    }
}

fn with_option(mut l: Line, group: &str, choice: &str) -> Line {
    l.options.insert(group.into(), choice.into());
    l
}

fn at(mut l: Line, site: &str) -> Line {
    l.site = Some(site.into());
    l
}

fn site(id: &str, name: &str) -> Site {
    Site {
        id: id.into(),
        name: name.into(),
        city: "福州".into(),
        address: "示例路 1 号".into(),
        ..Site::default()
    }
}

/// Proposal Q-100 V1 (see the module docs).
fn v1(catalog: &Catalog, policy: &Policy) -> Quote {
    Quote {
        schema_version: 1,
        id: "Q-100".into(),
        version: 1,
        date: "2025-05-10".into(),
        catalog_version: catalog.version.clone(),
        policy_version: policy.version.clone(),
        customer: Customer {
            name: "福州市示例局".into(),
            uscc: "91350100M000100Y43".into(),
            industry: "government".into(),
            employees: 300,
            sites: vec![site("hq", "总部"), site("br1", "鼓楼分局")],
            ..Customer::default()
        },
        term_months: 36,
        lines: vec![
            at(with_option(line("L1", "dia", 1), "bandwidth", "100m"), "hq"),
            line("L2", "vnet", 20),
            line("L3", "mail", 20),
        ],
        role: "account_manager".into(),
        ..Quote::default()
    }
}

/// The contract of V1, handed over on 2025-05-18, signed 2025-05-20, from 2025-06-01.
fn the_contract(catalog: &Catalog, policy: &Policy) -> Contract {
    let mut q = v1(catalog, policy);
    version::freeze(&mut q, "2025-05-18");
    let priced = price(catalog, policy, &q);
    contract::accept(&q, &priced, "2025-05-20", "2025-06-01").expect("V1 is accepted")
}

fn amend(c: &Contract, catalog: &Catalog, policy: &Policy, a: &Amendment) -> PricedAmendment {
    amendment::price(c, catalog, policy, a).unwrap_or_else(|t| panic!("{}", t.en))
}

fn amounts(mrc: i64, nrc: i64, tcv: i64) -> Amounts {
    Amounts { mrc, nrc, tcv }
}

fn examples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/examples")
}

/// The canonical bytes of `value` equal the golden file `name` (written under `TAILOR_BLESS`).
fn golden<T: serde::Serialize>(name: &str, value: &T) {
    let path = examples_dir().join(name);
    let bytes = canonical::to_string(value);
    if std::env::var_os("TAILOR_BLESS").is_some() {
        std::fs::write(&path, &bytes).unwrap();
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    assert_eq!(bytes, want, "{name} differs from its golden file");
}

#[test]
fn the_contract_runs_36_months_from_its_start() {
    let (c, p) = mini();
    let k = the_contract(&c, &p);
    assert_eq!(
        (k.start.as_str(), k.end.as_str()),
        ("2025-06-01", "2028-06-01")
    );
    assert_eq!(k.id, "Q-100");
    assert_eq!(k.accepted.handed_over.as_deref(), Some("2025-05-18"));
    assert_eq!((k.term_months, k.term_bp), (36, 500));
    let nets: Vec<i64> = k.lines.iter().map(|l| l.net_mrc).collect();
    assert_eq!(nets, [138_225, 18_430, 9_215]);
    assert_eq!(
        k.monthly(),
        Monthly {
            net: 165_870,
            gross: 180_522
        }
    );
    assert_eq!(
        k.steps,
        [Step::Accepted {
            quote: "Q-100".into(),
            version: 1,
            signed: "2025-05-20".into(),
            start: "2025-06-01".into(),
        }]
    );
    // A contract starting on a month's last day ends on the last day of its last month:
    // 2026-01-31 + 1 month = 2026-02-28; + 13 months = 2027-02-28.
    let mut q = v1(&c, &p);
    q.term_months = 12;
    let priced = price(&c, &p, &q);
    let k = contract::accept(&q, &priced, "2026-01-30", "2026-01-31").unwrap();
    assert_eq!(k.end, "2027-01-31");
    // Accepted without a handover first: frozen on the signing date.
    assert_eq!(k.accepted.handed_over.as_deref(), Some("2026-01-30"));
    assert_eq!(
        tailor_core::date::add_months("2026-01-31", 1).as_deref(),
        Some("2026-02-28")
    );
    assert_eq!(
        tailor_core::date::add_months("2026-01-31", 13).as_deref(),
        Some("2027-02-28")
    );
}

#[test]
fn accepting_refuses_bad_dates_and_a_price_that_is_not_the_quotes() {
    let (c, p) = mini();
    let q = v1(&c, &p);
    let priced = price(&c, &p, &q);
    for (signed, start, word) in [
        ("2025-02-30", "2025-06-01", "not a valid date"),
        ("2025-06-02", "2025-06-01", "before the signing date"),
    ] {
        let e = contract::accept(&q, &priced, signed, start).unwrap_err();
        assert!(e.en.contains(word), "{}", e.en);
        assert!(!e.zh.is_empty());
    }
    let mut other = q.clone();
    other.lines.pop();
    let e = contract::accept(&other, &priced, "2025-05-20", "2025-06-01").unwrap_err();
    assert!(e.en.contains("not this proposal's"), "{}", e.en);
    // A blocked proposal (a quantity below the offering's minimum) is no contract.
    let mut blocked = q.clone();
    blocked.lines[2].quantity = 5;
    let priced = price(&c, &p, &blocked);
    let e = contract::accept(&blocked, &priced, "2025-05-20", "2025-06-01").unwrap_err();
    assert!(e.en.contains("blocking"), "{}", e.en);
}

#[test]
fn renewals_due_lists_contracts_ending_within_the_days_soonest_first() {
    let (c, p) = mini();
    let k = the_contract(&c, &p);
    let mut later = k.clone();
    later.id = "Q-200".into();
    later.end = "2028-07-15".into();
    let all = [later.clone(), k.clone()];
    // 2028-06-01 is 42 days after 2028-04-20; 2028-07-15 is 86 days after it.
    let ids = |days| {
        contract::renewals_due(&all, "2028-04-20", days)
            .iter()
            .map(|c| c.id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(41), Vec::<String>::new());
    assert_eq!(ids(42), ["Q-100"]);
    assert_eq!(ids(90), ["Q-100", "Q-200"]);
    // An ended contract is not due.
    assert!(contract::renewals_due(&all, "2028-06-02", 90)
        .iter()
        .all(|c| c.id == "Q-200"));
}

/// Co-terming: two more dedicated lines at one site, effective 2027-01-15.
///
/// Remaining months: 2027-01-15 → 2028-06-01 is 16 months and 17 days (2027-01-15 + 16 months
/// = 2028-05-15, before the end); the started 17th month counts in full → **17**.
///
/// L4: 2 × DIA 50M at br1: list MRC 2 × 100,000 = 200,000, list NRC 2 × 200,000 = 400,000. The
/// contract's families stay three (line, basic, office) → bundle 3 %; the contract's term
/// discount 5 %. Net MRC 200,000 × 0.9215 = **184,300**; net NRC 400,000 (no requested
/// discount). Charge: 184,300 × 17 + 400,000 = 3,133,100 + 400,000 = **3,533,100**, the
/// amendment's TCV. Effective discount over the 17 months: list 200,000 × 17 + 400,000 =
/// 3,800,000; 1 − 3,533,100 / 3,800,000 = 266,900 / 3,800,000 = 7.0237 % → **703 bp**, within
/// the account manager's 10 % for lines; the TCV is within ¥100,000: no approval.
/// Tax 9 %: MRC 16,587, NRC 36,000. New monthly total: 165,870 + 184,300 = **350,170** net;
/// gross 180,522 + (184,300 + 16,587) = **381,409**.
#[test]
fn co_terming_two_lines_with_17_months_left_a_started_month_counted_in_full() {
    let (c, p) = mini();
    let k = the_contract(&c, &p);
    let mut a = amendment::start(&k, "2027-01-15");
    a.lines.push(at(
        with_option(line("L4", "dia", 2), "bandwidth", "50m"),
        "br1",
    ));
    let r = amend(&k, &c, &p, &a);
    assert_eq!(r.remaining_months, 17);
    assert_eq!((r.term_bp, r.bundle_bp, r.families), (500, 300, 3));
    let l4 = &r.lines[3];
    assert_eq!(l4.changes, [Change::Added]);
    assert_eq!(l4.before_mrc, None);
    assert_eq!(l4.net_mrc, 184_300);
    assert_eq!(l4.charge, amounts(184_300, 400_000, 3_533_100));
    assert_eq!(l4.list, amounts(200_000, 400_000, 3_800_000));
    assert_eq!(l4.effective_bp, 703);
    assert_eq!(l4.tax, amounts(16_587, 36_000, 16_587 * 17 + 36_000));
    assert!(r.lines[..3].iter().all(|l| l.is_unchanged()));
    assert_eq!(
        r.lines[0].net_mrc, 138_225,
        "unchanged lines keep their contracted price"
    );
    assert_eq!(r.tcv, 3_533_100);
    assert_eq!(r.early_termination, 0);
    assert!(!r.needs_approval());
    assert!(r.findings.is_empty(), "{:?}", r.findings);
    assert_eq!(
        r.monthly_before,
        Monthly {
            net: 165_870,
            gross: 180_522
        }
    );
    assert_eq!(
        r.monthly_after,
        Monthly {
            net: 350_170,
            gross: 381_409
        }
    );
    golden("10_coterm_17_months.amendment.json", &r);

    // A day later in the month changes nothing; from 2027-02-01 exactly 16 months are left.
    let mut b = a.clone();
    b.effective = "2027-01-31".into();
    assert_eq!(amend(&k, &c, &p, &b).remaining_months, 17);
    b.effective = "2027-02-01".into();
    let r16 = amend(&k, &c, &p, &b);
    assert_eq!(r16.remaining_months, 16);
    assert_eq!(r16.tcv, 184_300 * 16 + 400_000);

    // Accepted: the contract holds four lines, L4 priced from the effective date.
    let k2 = amendment::accept(&k, &a, &r, "2027-01-10").unwrap();
    assert_eq!(k2.monthly(), r.monthly_after);
    assert_eq!(k2.lines[3].since, "2027-01-15");
    assert_eq!(k2.lines[3].net_mrc, 184_300);
    assert_eq!(k2.lines[0], k.lines[0]);
    assert_eq!(k2.end, k.end, "co-termed: the end does not move");
    assert_eq!(
        k2.steps[1],
        Step::Amended {
            effective: "2027-01-15".into(),
            signed: "2027-01-10".into(),
            added: vec!["L4".into()],
            changed: vec![],
            removed: vec![],
            tcv: 3_533_100,
            monthly_before: Monthly {
                net: 165_870,
                gross: 180_522
            },
            monthly_after: Monthly {
                net: 350_170,
                gross: 381_409
            },
        }
    );
    // The contract, its steps and the priced amendment read back as they were written (the app
    // keeps them in the library).
    let back: Contract = serde_json::from_str(&canonical::to_string(&k2)).unwrap();
    assert_eq!(back, k2);
    let back: PricedAmendment = serde_json::from_str(&canonical::to_string(&r)).unwrap();
    assert_eq!(back, r);
    // The priced amendment of the contract as it was no longer fits the amended contract.
    assert!(amendment::accept(&k2, &a, &r, "2027-01-10").is_err());
}

/// A mid-contract bandwidth upgrade: L1 from 100M to 200M, effective 2026-12-01.
///
/// Remaining: 2026-12-01 + 18 months = 2028-06-01 exactly → **18** months.
/// L1 changed: unit list 100,000 + 150,000 = 250,000; net MRC 250,000 × 0.9215 = **230,375**;
/// priced as new, so its NRC 200,000 again. Charge 230,375 × 18 + 200,000 = 4,146,750 +
/// 200,000 = **4,346,750**. Effective: list 250,000 × 18 + 200,000 = 4,700,000; 353,250 /
/// 4,700,000 = 7.516 % → **752 bp**. New monthly: 165,870 − 138,225 + 230,375 = **258,020**;
/// gross: 230,375 × 9 % = 20,733.75 → 20,734, so 180,522 − 150,665 + 251,109 = **280,966**.
///
/// With a requested 10 % on top: net MRC 250,000 × 0.95 × 0.97 × 0.90 = 207,337.5 → 207,338,
/// NRC 180,000; charge 207,338 × 18 + 180,000 = 3,912,084; effective 787,916 / 4,700,000 =
/// 16.764 % → 1,677 bp: above the sales manager's 15 % for lines → **city branch**.
#[test]
fn a_mid_contract_bandwidth_upgrade() {
    let (c, p) = mini();
    let k = the_contract(&c, &p);
    let mut a = amendment::start(&k, "2026-12-01");
    a.lines[0].options.insert("bandwidth".into(), "200m".into());
    let r = amend(&k, &c, &p, &a);
    assert_eq!(r.remaining_months, 18);
    let l1 = &r.lines[0];
    assert_eq!(l1.changes, [Change::Options]);
    assert_eq!(l1.before_mrc, Some(138_225));
    assert_eq!(l1.unit_list_mrc, 250_000);
    assert_eq!(l1.charge, amounts(230_375, 200_000, 4_346_750));
    assert_eq!(l1.effective_bp, 752);
    assert_eq!(l1.gross_mrc, 251_109);
    assert_eq!(r.tcv, 4_346_750);
    assert!(!r.needs_approval());
    assert_eq!(
        r.monthly_after,
        Monthly {
            net: 258_020,
            gross: 280_966
        }
    );
    golden("11_bandwidth_upgrade.amendment.json", &r);

    let mut b = a.clone();
    b.lines[0].discount_bp = 1_000;
    let r = amend(&k, &c, &p, &b);
    assert_eq!(r.lines[0].charge, amounts(207_338, 180_000, 3_912_084));
    assert_eq!(r.lines[0].effective_bp, 1_677);
    assert_eq!(r.authority.required, 2);
    assert!(r.needs_approval());
    assert!(matches!(
        r.authority.reasons[..],
        [tailor_core::authority::Reason::LineDiscount {
            line: 0,
            level: 2,
            ..
        }]
    ));

    let k2 = amendment::accept(&k, &a, &amend(&k, &c, &p, &a), "2026-11-20").unwrap();
    assert_eq!(k2.lines[0].line.options["bandwidth"], "200m");
    assert_eq!(k2.lines[0].net_mrc, 230_375);
    assert_eq!(k2.lines[0].since, "2026-12-01");
    assert!(
        matches!(&k2.steps[1], Step::Amended { changed, .. } if changed == &["L1".to_string()])
    );
}

/// Authority is judged on the amendment: the upgrade at 10 % off needs the city branch (level 2),
/// so its judged view (`amendment::judged`) is not approved without a sales manager's and a city
/// branch's approval, both signed on that view. Those approvals bind the amendment: the whole
/// proposal priced for its 36 months, or the same lines from another month (other remaining
/// months), do not verify them. An amendment that changes nothing needs no approval.
#[test]
fn an_amendment_beyond_authority_needs_approvals_bound_to_that_amendment() {
    use tailor_core::approval::{sign, verify_chain, Decision, Request, Status};
    use tailor_core::keyfile::ApproverKey;
    use tailor_core::policy::Approver;
    let (c, mut p) = mini();
    let keys = [
        ("sm", "sales_manager", ApproverKey::from_seed([7; 32])),
        ("cb", "city_branch", ApproverKey::from_seed([8; 32])),
    ];
    p.approvers = keys
        .iter()
        .map(|(id, level, k)| Approver {
            id: id.to_string(),
            name: Text::new(*id, *id),
            level: level.to_string(),
            public_key: k.public_key_hex(),
            suite: k.suite(),
        })
        .collect();
    let k = the_contract(&c, &p);
    let mut a = amendment::start(&k, "2026-12-01");
    a.lines[0].options.insert("bandwidth".into(), "200m".into());
    a.lines[0].discount_bp = 1_000;
    let r = amend(&k, &c, &p, &a);
    let mut q = version::next_version(&amendment::proposal(&k, &a), "Q-101", "2026-11-20");
    q.lineage = k.id.clone();
    let judged = amendment::judged(&r, &a, &k.currency);
    assert_eq!(judged.term_months, 18);
    assert_eq!(judged.totals.net.tcv, r.tcv);
    assert_eq!(judged.authority, r.authority);
    let today = "2026-11-20";
    let none = verify_chain(&p, &q, &judged, &[], today);
    assert_eq!((none.status, none.required), (Status::NotApproved, 2));

    let approvals: Vec<_> = keys
        .iter()
        .map(|(id, level, key)| {
            let request = Request {
                decision: Decision::Approve,
                approver_id: id.to_string(),
                level: level.to_string(),
                issued: today.into(),
                expires: "2026-12-20".into(),
                comment: String::new(),
                reason: String::new(),
            };
            sign(&p, &q, &judged, &request, key).unwrap()
        })
        .collect();
    assert_eq!(
        verify_chain(&p, &q, &judged, &approvals, today).status,
        Status::Approved
    );
    let whole = price(&c, &p, &q);
    assert_ne!(
        verify_chain(&p, &q, &whole, &approvals, today).status,
        Status::Approved,
        "signed for the amendment, not for the whole proposal"
    );
    let mut later = a.clone();
    later.effective = "2027-03-01".into();
    let other = amendment::judged(&amend(&k, &c, &p, &later), &later, &k.currency);
    assert_ne!(
        verify_chain(&p, &q, &other, &approvals, today).status,
        Status::Approved,
        "signed for 18 remaining months, not 15"
    );
    let nothing = amendment::start(&k, "2026-12-01");
    let view = amendment::judged(&amend(&k, &c, &p, &nothing), &nothing, &k.currency);
    assert_eq!(
        verify_chain(&p, &q, &view, &[], today).status,
        Status::NotNeeded
    );
}

/// A removal: the 20 mailboxes (L3, net MRC 9,215) stop from 2027-01-15, 17 months before the
/// end.
///
/// - Without an early-termination charge (the mini policy sets none): TCV **0**; new monthly
///   165,870 − 9,215 = **156,655** net, 180,522 − 9,768 = **170,754** gross. No approval.
/// - With 50 % (5,000 bp): 9,215 × 17 = 156,655 remaining net MRC; × 0.5 = 78,327.5 →
///   **78,328**, the amendment's TCV; the same monthly total.
/// - Removing mail drops the contract to two families (line, basic): a line added in the same
///   amendment takes the 2 % bundle. 2 conferencing ports: 10,000 × 0.95 × 0.98 = **9,310**;
///   charge 9,310 × 17 = 158,270 (no NRC).
#[test]
fn a_removal_with_and_without_an_early_termination_charge() {
    let (c, mut p) = mini();
    let k = the_contract(&c, &p);
    let mut a = amendment::start(&k, "2027-01-15");
    a.lines.retain(|l| l.id != "L3");
    let r = amend(&k, &c, &p, &a);
    assert_eq!(r.removed.len(), 1);
    assert_eq!(r.removed[0].line_id, "L3");
    assert_eq!(r.removed[0].net_mrc, 9_215);
    assert_eq!(r.removed[0].early_termination, 0);
    assert_eq!(r.tcv, 0);
    assert!(!r.needs_approval());
    assert_eq!(
        r.monthly_after,
        Monthly {
            net: 156_655,
            gross: 170_754
        }
    );
    golden("12_removal_no_charge.amendment.json", &r);

    p.early_termination_bp = Some(5_000);
    let r = amend(&k, &c, &p, &a);
    assert_eq!(r.removed[0].early_termination, 78_328);
    assert_eq!((r.early_termination, r.tcv), (78_328, 78_328));
    assert_eq!(
        r.monthly_after,
        Monthly {
            net: 156_655,
            gross: 170_754
        }
    );
    golden("12_removal_charge.amendment.json", &r);
    let k2 = amendment::accept(&k, &a, &r, "2027-01-10").unwrap();
    assert_eq!(k2.lines.len(), 2);
    assert_eq!(k2.monthly().net, 156_655);
    assert!(
        matches!(&k2.steps[1], Step::Amended { removed, tcv: 78_328, .. } if removed == &["L3".to_string()])
    );

    p.early_termination_bp = None;
    a.lines.push(line("L5", "conf", 2));
    let r = amend(&k, &c, &p, &a);
    assert_eq!((r.families, r.bundle_bp), (2, 200));
    assert_eq!(r.lines[2].charge, amounts(9_310, 0, 158_270));
    assert_eq!(
        r.lines[0].net_mrc, 138_225,
        "unchanged lines keep the 3 % bundle they contracted"
    );
    assert_eq!(r.tcv, 158_270);
}

#[test]
fn an_amendment_outside_the_contract_or_with_an_unknown_offering_is_refused() {
    let (c, p) = mini();
    let k = the_contract(&c, &p);
    for effective in ["2025-05-31", "2028-06-01", "2027-02-30", ""] {
        let e = amendment::price(&k, &c, &p, &amendment::start(&k, effective)).unwrap_err();
        assert!(e.en.contains("effective date"), "{}", e.en);
    }
    let mut a = amendment::start(&k, "2027-01-15");
    a.lines.push(line("L9", "satellite", 1));
    let e = amendment::price(&k, &c, &p, &a).unwrap_err();
    assert!(
        e.en.contains("'satellite' is not in the current catalog"),
        "{}",
        e.en
    );
    let mut a = amendment::start(&k, "2027-01-15");
    a.lines.push(line("L1", "vnet", 1));
    let e = amendment::price(&k, &c, &p, &a).unwrap_err();
    assert!(e.en.contains("repeats the line id 'L1'"), "{}", e.en);
    // A changed line's own checks still hold: a quantity below the minimum blocks it.
    let mut a = amendment::start(&k, "2027-01-15");
    a.lines[2].quantity = 5;
    let r = amend(&k, &c, &p, &a);
    assert!(r.blocked());
    assert_eq!(r.findings[0].code, "line.quantity");
    assert!(amendment::accept(&k, &a, &r, "2027-01-10").is_err());
}

#[test]
fn hostile_amounts_in_an_amendment_or_a_contract_never_panic() {
    let (c, mut p) = mini();
    p.early_termination_bp = Some(i64::MAX);
    let k = the_contract(&c, &p);
    let mut a = amendment::start(&k, "2025-06-01");
    a.lines[0].quantity = u32::MAX;
    a.lines[1].discount_bp = i64::MIN;
    a.lines[2].discount_bp = i64::MAX;
    a.lines.push(line("L9", "vnet", u32::MAX));
    a.role = "nobody".into();
    let r = amend(&k, &c, &p, &a);
    assert!(r.blocked());
    assert!(amendment::accept(&k, &a, &r, "2025-06-01").is_err());
    a.lines.clear();
    let r = amend(&k, &c, &p, &a);
    assert_eq!(r.removed.len(), 3);
    // Every removed line is charged at most 100 % of its remaining MRC: 36 months.
    assert_eq!(r.early_termination, 165_870 * 36);
    let mut q = v1(&c, &p);
    q.term_months = u32::MAX;
    let priced = price(&c, &p, &q);
    assert!(contract::accept(&q, &priced, "2025-05-20", "2025-06-01").is_err());
    let mut huge = k.clone();
    huge.lines[0].net_mrc = i64::MAX;
    huge.lines[0].rate_bp = i64::MAX;
    let _ = huge.monthly();
    let _ = amendment::price(&huge, &c, &p, &amendment::start(&huge, "2026-01-01"));
}

/// The mini catalog a year on ("mini-2"): DIA's base MRC falls from 100,000 to 90,000, and
/// enterprise mail leaves sale on 2028-01-01 for mobile office (same family, office).
fn catalog_2028() -> Catalog {
    let (mut c, _) = mini();
    c.version = "mini-2".into();
    for o in &mut c.offerings {
        match o.id.as_str() {
            "dia" => o.mrc = 90_000,
            "mail" => {
                o.end_of_sale = Some("2028-01-01".into());
                o.successor = Some("mobile_office".into());
            }
            _ => {}
        }
    }
    c
}

/// A renewal with a retired offering: renewed on 2028-04-20 for 24 months (term discount 3 %)
/// from the old end 2028-06-01 to 2030-06-01, on catalog mini-2; still three families (3 %).
/// 0.97 × 0.97 = 0.9409.
///
/// | line | before | after | why |
/// |---|---|---|---|
/// | L1 DIA 100M | 138,225 | (90,000 + 50,000) × 0.9409 = **131,726** (−6,499) | list ¥1,500 → ¥1,400; term 5 % → 3 % |
/// | L2 20 seats | 18,430 | 20,000 × 0.9409 = **18,818** (+388) | term |
/// | L3 20 mailboxes | 9,215 | 10,000 × 0.9409 = **9,409** (+194) | term; no longer sold, successor mobile office |
///
/// Monthly 165,870 → **159,953**. One click switches L3 to its successor: 20 × 2,000 = 40,000 ×
/// 0.9409 = **37,636**, monthly 131,726 + 18,818 + 37,636 = **188,180**.
#[test]
fn a_renewal_with_a_retired_offering() {
    let (c1, p) = mini();
    let k = the_contract(&c1, &p);
    let c2 = catalog_2028();
    let problems = check::check(&c2, "catalog.json", &p, "policy.json");
    // The mini catalog's one warning (an industry without a template) and nothing else: the
    // successor is valid.
    assert!(
        problems.iter().all(|p| p.path == "industries[0].id"),
        "{problems:?}"
    );
    let q = renewal::proposal(&k, &c2, &p, 24, "Q-300", "2028-04-20");
    assert_eq!((q.catalog_version.as_str(), q.term_months), ("mini-2", 24));
    assert_eq!(q.customer, k.accepted.customer);
    let priced = price(&c2, &p, &q);
    assert!(
        !priced.blocked(),
        "a renewal prices an offering no longer sold"
    );
    let r = renewal::compare(&k, &c2, &q, &priced, "2028-04-20");
    assert_eq!(
        (r.start.as_str(), r.end.as_deref()),
        ("2028-06-01", Some("2030-06-01"))
    );
    let rows: Vec<(Option<i64>, i64, i64)> = r
        .lines
        .iter()
        .map(|l| (l.before_mrc, l.after_mrc, l.delta_mrc))
        .collect();
    assert_eq!(
        rows,
        [
            (Some(138_225), 131_726, -6_499),
            (Some(18_430), 18_818, 388),
            (Some(9_215), 9_409, 194)
        ]
    );
    let term = Why::Term {
        before: 500,
        after: 300,
    };
    assert_eq!(
        r.lines[0].why,
        [
            Why::ListPrice {
                before: 150_000,
                after: 140_000
            },
            term.clone()
        ]
    );
    assert_eq!(r.lines[1].why, std::slice::from_ref(&term));
    assert_eq!(r.lines[2].why, [term]);
    assert_eq!(
        r.lines[0].why[0].text().en,
        "List price ¥1,500.00 → ¥1,400.00"
    );
    assert_eq!(r.lines[0].why[1].text().zh, "合同期折扣 5.00% → 3.00%");
    let retired: Vec<_> = r.retired().collect();
    assert_eq!(retired.len(), 1);
    let flag = retired[0].retired.as_ref().unwrap();
    assert_eq!(flag.successor.as_deref(), Some("mobile_office"));
    assert_eq!(flag.end_of_sale, "2028-01-01");
    assert!(flag.text(&c2).en.contains("no longer sold from 2028-01-01"));
    assert_eq!(r.monthly_before.net, 165_870);
    assert_eq!(r.monthly_after.net, 159_953);
    golden("13_renewal_retired.renewal.json", &r);

    // As a new proposal the same lines are refused on the retired offering…
    let f = end_of_sale::findings(&c2, &q, "2028-04-20");
    assert_eq!(f.len(), 1);
    assert_eq!(
        (f[0].code.as_str(), f[0].lines.as_slice()),
        (end_of_sale::CODE, &[2][..])
    );
    assert!(f[0].is_error());
    // …but not before its end of sale.
    assert!(end_of_sale::findings(&c2, &q, "2027-12-31").is_empty());

    // One click: L3 on the successor, its storage option dropped (mobile office has none).
    let mut with_storage = q.clone();
    with_storage.lines[2]
        .options
        .insert("storage".into(), "20g".into());
    let switched = renewal::switch_to_successor(&with_storage, &c2, "L3").unwrap();
    assert_eq!(switched.lines[2].offering, "mobile_office");
    assert!(switched.lines[2].options.is_empty());
    assert_eq!(switched.lines[2].quantity, 20);
    let priced = price(&c2, &p, &switched);
    let r = renewal::compare(&k, &c2, &switched, &priced, "2028-04-20");
    assert_eq!(r.lines[2].after_mrc, 37_636);
    assert!(r.lines[2].retired.is_none());
    assert_eq!(r.monthly_after.net, 188_180);
    assert!(end_of_sale::findings(&c2, &switched, "2028-04-20").is_empty());
    assert!(
        renewal::switch_to_successor(&q, &c2, "L1").is_none(),
        "DIA has no successor"
    );
}

#[test]
fn a_retired_offering_stays_priceable_in_an_amendment_of_a_contract_that_holds_it() {
    let (c1, p) = mini();
    let k = the_contract(&c1, &p);
    let c2 = catalog_2028();
    // The contract holds mail: 10 more mailboxes after its end of sale are priced as usual.
    let mut a = amendment::start(&k, "2028-02-01");
    a.lines[2].quantity = 30;
    let r = amend(&k, &c2, &p, &a);
    assert!(r.findings.is_empty(), "{:?}", r.findings);
    assert_eq!(r.remaining_months, 4);
    // 30 × 500 = 15,000 × 0.9215 = 13,822.5 → 13,823.
    assert_eq!(r.lines[2].net_mrc, 13_823);
    // A contract without mail cannot add it once retired.
    let mut a = amendment::start(&k, "2028-02-01");
    a.lines.retain(|l| l.id != "L3");
    let k2 = amendment::accept(&k, &a, &amend(&k, &c2, &p, &a), "2028-01-20").unwrap();
    let mut b = amendment::start(&k2, "2028-03-01");
    b.lines.push(line("L6", "mail", 10));
    let r = amend(&k2, &c2, &p, &b);
    assert!(r.blocked());
    assert_eq!(r.findings[0].code, end_of_sale::CODE);
    assert_eq!(r.findings[0].lines, [2]);
}

/// The version diff: V2 of Q-100 (handed over V1, then changed) against V1, both 36 months.
/// V2: L1 to 200M; L2 to 30 seats with 5 % requested; L3 removed; L4, 2 conferencing ports,
/// added. V2 spans two families (line, basic): bundle 2 %. 0.95 × 0.98 = 0.931.
///
/// | line | change | V1 net MRC | V2 net MRC | delta |
/// |---|---|---|---|---|
/// | L1 | options | 138,225 | 250,000 × 0.931 = 232,750 | +94,525 |
/// | L2 | quantity, discount | 18,430 | 30,000 × 0.931 × 0.95 = 26,533.5 → 26,534 | +8,104 |
/// | L4 | added | — | 10,000 × 0.931 = 9,310 | +9,310 |
/// | L3 | removed | 9,215 | — | −9,215 |
///
/// L1's TCV: V1 138,225 × 36 + 200,000 = 5,176,100; V2 232,750 × 36 + 200,000 = 8,579,000
/// (+3,402,900). Totals: net MRC 165,870 → 268,594 (+102,724). Tax at 9 %: 232,750 → 20,947.5
/// → 20,948; 26,534 → 2,388.06 → 2,388; 9,310 → 837.9 → 838: gross MRC 180,522 → 292,768
/// (+112,246).
#[test]
fn the_version_diff() {
    let (c, p) = mini();
    let mut q1 = v1(&c, &p);
    version::freeze(&mut q1, "2025-05-18");
    assert!(version::to_edit(&q1, || "Q-101".into(), "2025-05-19").is_some());
    let mut q2 = version::next_version(&q1, "Q-101", "2025-05-19");
    assert_eq!(
        (q2.id.as_str(), q2.lineage(), q2.version),
        ("Q-101", "Q-100", 2)
    );
    assert!(!version::is_frozen(&q2));
    assert!(version::to_edit(&q2, || unreachable!(), "2025-05-19").is_none());
    q2.lines[0]
        .options
        .insert("bandwidth".into(), "200m".into());
    q2.lines[1].quantity = 30;
    q2.lines[1].discount_bp = 500;
    q2.lines.remove(2);
    q2.lines.push(line("L4", "conf", 2));
    let (p1, p2) = (price(&c, &p, &q1), price(&c, &p, &q2));
    let d = diff::diff(&q1, &p1, &q2, &p2);
    assert_eq!((d.from_version, d.to_version, d.term_months), (1, 2, None));
    let rows: Vec<(&str, &[Change], i64)> = d
        .lines
        .iter()
        .map(|l| (l.line_id.as_str(), l.changes.as_slice(), l.delta.net.mrc))
        .collect();
    assert_eq!(
        rows,
        [
            ("L1", &[Change::Options][..], 94_525),
            ("L2", &[Change::Quantity, Change::Discount][..], 8_104),
            ("L4", &[Change::Added][..], 9_310),
            ("L3", &[Change::Removed][..], -9_215),
        ]
    );
    assert_eq!(d.lines[0].delta.net.tcv, 3_402_900);
    assert_eq!(d.lines[3].after, None);
    assert_eq!(d.lines[2].before, None);
    assert_eq!(
        (d.before.net.mrc, d.after.net.mrc, d.delta.net.mrc),
        (165_870, 268_594, 102_724)
    );
    assert_eq!(
        (d.before.gross.mrc, d.after.gross.mrc, d.delta.gross.mrc),
        (180_522, 292_768, 112_246)
    );
    assert_eq!(
        d.delta,
        Figures::delta(
            &Figures {
                net: p1.totals.net,
                gross: p1.totals.gross
            },
            &Figures {
                net: p2.totals.net,
                gross: p2.totals.gross
            }
        )
    );
    golden("14_version_diff.diff.json", &d);

    // A version against itself: nothing.
    assert!(diff::diff(&q1, &p1, &q1, &p1).is_empty());
    // Only the term changes: every line's price moves, and says so.
    let mut q3 = q1.clone();
    q3.term_months = 24;
    let d = diff::diff(&q1, &p1, &q3, &price(&c, &p, &q3));
    assert_eq!(d.term_months, Some([36, 24]));
    assert!(d.lines.iter().all(|l| l.changes == [Change::Price]));
    // Moving a line to another site is a change of site.
    let mut q4 = q1.clone();
    q4.lines[0].site = Some("br1".into());
    let d = diff::diff(&q1, &p1, &q4, &price(&c, &p, &q4));
    assert_eq!(d.lines.len(), 1);
    assert_eq!(d.lines[0].changes, [Change::Site]);
    assert_eq!(d.delta, Figures::default());
    assert!(!d.is_empty());
    // Every kind of change has words in both languages.
    for kind in [
        Change::Added,
        Change::Removed,
        Change::Offering,
        Change::Options,
        Change::Quantity,
        Change::Discount,
        Change::Site,
        Change::Price,
    ] {
        let Text { zh, en } = kind.text();
        assert!(!zh.is_empty() && en.is_ascii() && !en.is_empty());
    }
}

/// Lineage and handover leave a quote's bytes and approval digests as they were; a next version
/// is another quote for approvals (they belong to the version they signed).
#[test]
fn versions_keep_old_bytes_and_digests_and_approvals_stay_with_their_version() {
    let (c, p) = mini();
    let q1 = v1(&c, &p);
    let bytes = canonical::to_string(&q1);
    assert!(!bytes.contains("lineage") && !bytes.contains("handed_over"));
    let read: Quote = check::parse("q.json", &bytes).unwrap();
    assert_eq!(read, q1);
    let mut frozen = q1.clone();
    version::freeze(&mut frozen, "2025-05-18");
    version::freeze(&mut frozen, "2025-05-30");
    assert_eq!(
        frozen.handed_over.as_deref(),
        Some("2025-05-18"),
        "the first handover stays"
    );
    assert_eq!(quote_digests(&frozen), quote_digests(&q1));
    let back: Quote = check::parse("q.json", &canonical::to_string(&frozen)).unwrap();
    assert_eq!(back, frozen);
    let q2 = version::next_version(&frozen, "Q-101", "2025-05-19");
    assert_ne!(quote_digests(&q2).quote, quote_digests(&q1).quote);
    let q3 = version::next_version(&q2, "Q-102", "2025-05-20");
    assert_eq!((q3.lineage(), q3.version), ("Q-100", 3));
    let other = Quote {
        id: "Q-900".into(),
        ..q1.clone()
    };
    let all = [q3.clone(), other, q1.clone(), q2.clone()];
    let ids: Vec<&str> = version::lineage_of(&all, "Q-100")
        .iter()
        .map(|q| q.id.as_str())
        .collect();
    assert_eq!(ids, ["Q-100", "Q-101", "Q-102"]);
    assert_eq!(version::label(&frozen).en, "V1 (handed over 2025-05-18)");
    assert_eq!(version::label(&q2).zh, "V2（草稿）");
}

// ---- properties ----

/// An offering of the mini catalog a random line may take, with its quantity range.
const OFFERINGS: [(&str, u32, u32); 6] = [
    ("vnet", 1, 150),
    ("conf", 1, 20),
    ("dia", 1, 5),
    ("mail", 10, 100),
    ("mobile_office", 1, 50),
    ("iot_sim", 1, 500),
];

fn a_line() -> impl Strategy<Value = (usize, u32, i64, usize)> {
    (0..OFFERINGS.len(), 0u32..1000, 0i64..=2000, 0usize..3)
}

fn make_line(id: String, (o, q, d, bw): (usize, u32, i64, usize)) -> Line {
    let (offering, min, max) = OFFERINGS[o];
    let mut l = line(&id, offering, min + q % (max - min + 1));
    l.discount_bp = d;
    if offering == "dia" {
        l.options
            .insert("bandwidth".into(), ["50m", "100m", "200m"][bw].into());
    }
    l
}

/// A contract of 1 to 6 random lines, 12, 24 or 36 months from 2025-06-01, and an effective date
/// within it.
fn a_contract() -> impl Strategy<Value = (Contract, String)> {
    (
        prop::collection::vec(a_line(), 1..7),
        prop::sample::select(vec![12u32, 24, 36]),
        0i64..1095,
    )
        .prop_filter_map(
            "a contract the mini policy accepts",
            |(lines, term, day)| {
                let (c, p) = mini();
                let mut q = v1(&c, &p);
                q.term_months = term;
                q.lines = lines
                    .into_iter()
                    .enumerate()
                    .map(|(i, l)| make_line(format!("L{}", i + 1), l))
                    .collect();
                let priced = price(&c, &p, &q);
                let k = contract::accept(&q, &priced, "2025-05-20", "2025-06-01").ok()?;
                let effective =
                    tailor_core::date::add_days("2025-06-01", day % (i64::from(term) * 30))?;
                Some((k, effective))
            },
        )
}

/// What an amendment does to each contract line: keep, remove, change quantity, change discount.
fn an_edit() -> impl Strategy<Value = (u8, u32, i64)> {
    (0u8..4, 0u32..1000, 0i64..=2000)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// An amendment that changes nothing has zero TCV, needs no approval, leaves the monthly
    /// total as it is and, accepted, leaves the lines as they were.
    #[test]
    fn an_amendment_that_changes_nothing_costs_nothing_and_needs_no_approval(
        (k, effective) in a_contract(),
        early in prop::option::of(0i64..=10_000),
    ) {
        let (c, mut p) = mini();
        p.early_termination_bp = early;
        let a = amendment::start(&k, &effective);
        let r = amendment::price(&k, &c, &p, &a).unwrap();
        prop_assert!(r.is_empty());
        prop_assert_eq!(r.tcv, 0);
        prop_assert_eq!(r.charges, Amounts::default());
        prop_assert!(!r.needs_approval());
        prop_assert_eq!(r.authority.required, 0);
        let judged = amendment::judged(&r, &a, &k.currency);
        prop_assert_eq!(judged.totals.net.tcv, 0);
        prop_assert!(judged.authority.within_role());
        prop_assert_eq!(r.monthly_after, r.monthly_before);
        let k2 = amendment::accept(&k, &a, &r, &effective).unwrap();
        prop_assert_eq!(&k2.lines, &k.lines);
    }

    /// The new monthly total is the old one plus every change (added: its new MRC; changed: new −
    /// contracted; removed: − contracted), the TCV is the charges plus the early-termination
    /// charges, and once accepted the contract's monthly total is the sum of its lines.
    #[test]
    fn the_new_monthly_total_is_the_old_plus_the_changes(
        (k, effective) in a_contract(),
        edits in prop::collection::vec(an_edit(), 6),
        added in prop::collection::vec(a_line(), 0..3),
        early in prop::option::of(0i64..=10_000),
    ) {
        let (c, mut p) = mini();
        p.early_termination_bp = early;
        let mut a = amendment::start(&k, &effective);
        let mut kept = Vec::new();
        for (l, (what, q, d)) in a.lines.iter().zip(&edits) {
            let mut l = l.clone();
            match what {
                0 => {}
                1 => continue,
                2 => l = Line { quantity: make_line(l.id.clone(), (OFFERINGS.iter().position(|o| o.0 == l.offering).unwrap_or(0), *q, 0, 0)).quantity, ..l },
                _ => l.discount_bp = *d,
            }
            kept.push(l);
        }
        kept.extend(added.into_iter().enumerate().map(|(i, l)| make_line(format!("N{i}"), l)));
        a.lines = kept;
        let r = amendment::price(&k, &c, &p, &a).unwrap();
        let before: BTreeMap<&str, i64> =
            k.lines.iter().map(|l| (l.line.id.as_str(), l.net_mrc)).collect();
        let mut expected = r.monthly_before.net;
        for l in &r.lines {
            expected += l.net_mrc - l.before_mrc.unwrap_or(0);
            prop_assert_eq!(l.before_mrc, before.get(l.line_id.as_str()).copied());
        }
        for removed in &r.removed {
            expected -= removed.net_mrc;
        }
        prop_assert_eq!(r.monthly_after.net, expected);
        prop_assert_eq!(
            r.tcv,
            r.lines.iter().map(|l| l.charge.tcv).sum::<i64>() + r.early_termination
        );
        for l in r.lines.iter().filter(|l| !l.is_unchanged()) {
            prop_assert_eq!(l.charge.tcv, l.net_mrc * i64::from(r.remaining_months) + l.charge.nrc);
        }
        if p.early_termination_bp.unwrap_or(0) == 0 {
            prop_assert_eq!(r.early_termination, 0);
        }
        if let Ok(k2) = amendment::accept(&k, &a, &r, &effective) {
            prop_assert_eq!(k2.monthly(), r.monthly_after);
            prop_assert_eq!(k2.monthly(), Monthly::of(&k2.lines));
            prop_assert_eq!(k2.lines.len(), a.lines.len());
            prop_assert_eq!(k2.steps.len(), 2);
        }
    }

    /// Every total delta of a diff is the sum of its lines' deltas (totals are sums of rounded
    /// lines, and a line left out of the diff has none).
    #[test]
    fn a_diffs_total_delta_is_the_sum_of_its_lines(
        (k, _) in a_contract(),
        edits in prop::collection::vec(an_edit(), 6),
        added in prop::collection::vec(a_line(), 0..3),
    ) {
        let (c, p) = mini();
        let q1 = &k.accepted;
        let mut q2 = version::next_version(q1, "Q-next", "2025-06-02");
        q2.lines = q1
            .lines
            .iter()
            .zip(&edits)
            .filter(|(_, (what, ..))| *what != 1)
            .map(|(l, (what, _, d))| Line {
                discount_bp: if *what == 3 { *d } else { l.discount_bp },
                ..l.clone()
            })
            .chain(added.into_iter().enumerate().map(|(i, l)| make_line(format!("N{i}"), l)))
            .collect();
        let d = diff::diff(q1, &price(&c, &p, q1), &q2, &price(&c, &p, &q2));
        let sum = d.lines.iter().fold(Figures::default(), |s, l| Figures {
            net: Amounts {
                mrc: s.net.mrc + l.delta.net.mrc,
                nrc: s.net.nrc + l.delta.net.nrc,
                tcv: s.net.tcv + l.delta.net.tcv,
            },
            gross: Amounts {
                mrc: s.gross.mrc + l.delta.gross.mrc,
                nrc: s.gross.nrc + l.delta.gross.nrc,
                tcv: s.gross.tcv + l.delta.gross.tcv,
            },
        });
        prop_assert_eq!(sum, d.delta);
    }

    /// The diff of a version with itself is empty; with its next version unchanged, too.
    #[test]
    fn the_diff_of_a_version_with_itself_is_empty((k, _) in a_contract()) {
        let (c, p) = mini();
        let q = &k.accepted;
        let priced = price(&c, &p, q);
        prop_assert!(diff::diff(q, &priced, q, &priced).is_empty());
        let next = version::next_version(q, "Q-next", "2025-06-02");
        prop_assert!(diff::diff(q, &priced, &next, &price(&c, &p, &next)).is_empty());
    }

    /// Month arithmetic: a date plus the started months to a later date reaches it, and one month
    /// fewer does not.
    #[test]
    fn started_months_reach_the_end_and_one_fewer_does_not(a in 0i64..40_000, b in 0i64..40_000) {
        let (from, to) = (tailor_core::date::format(a), tailor_core::date::format(b));
        let n = tailor_core::date::months_started(&from, &to).unwrap();
        let reach = |n: u32| tailor_core::date::add_months(&from, i64::from(n)).unwrap();
        prop_assert!(reach(n) >= to);
        if n > 0 {
            prop_assert!(reach(n - 1) < to);
        } else {
            prop_assert!(from >= to);
        }
    }
}
