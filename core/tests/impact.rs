//! The impact of a change before it is published, on a small library worked by hand: three
//! proposals, one crossing a level (down: the account manager's basic limit rises to 15 %), one
//! falling below the cost floor (the seat's cost rises to ¥86.00), and two approvals that stop
//! verifying (an approval binds the priced result, costs included).

#![cfg(not(target_arch = "wasm32"))]

use tailor_core::approval::{self, Decision, Request};
use tailor_core::catalog::Catalog;
use tailor_core::impact::{self, Impact, Proposal, Sums};
use tailor_core::keyfile::ApproverKey;
use tailor_core::policy::Policy;
use tailor_core::pricing;
use tailor_core::quote::Quote;

/// Two families: a seat (basic, ¥100.00 a month, cost ¥60.00) and a mailbox (office, ¥20.00,
/// cost ¥10.00), no NRC.
const CATALOG: &str = r#"{
  "schema_version": 1, "version": "imp-1", "currency": "CNY",
  "operator": { "zh": "测试", "en": "Test" },
  "families": [
    { "id": "basic", "name": { "zh": "基础通信", "en": "Basic" } },
    { "id": "office", "name": { "zh": "办公", "en": "Office" } }
  ],
  "offerings": [
    { "id": "seat", "family": "basic", "name": { "zh": "座席", "en": "Seat" },
      "unit": { "zh": "个", "en": "seat" }, "description": { "zh": "座席", "en": "Seat" },
      "tax_class": "basic_telecom", "mrc": 10000, "nrc": 0, "mrc_cost": 6000, "nrc_cost": 0,
      "min_qty": 1, "max_qty": 10000 },
    { "id": "mail", "family": "office", "name": { "zh": "邮箱", "en": "Mailbox" },
      "unit": { "zh": "个", "en": "mailbox" }, "description": { "zh": "邮箱", "en": "Mailbox" },
      "tax_class": "value_added", "mrc": 2000, "nrc": 0, "mrc_cost": 1000, "nrc_cost": 0,
      "min_qty": 1, "max_qty": 10000 }
  ],
  "industries": [
    { "id": "government", "name": { "zh": "政府", "en": "Government" } },
    { "id": "finance", "name": { "zh": "金融", "en": "Finance" } }
  ],
  "templates": []
}"#;

/// The account manager may give 10 % on basic, 20 % on office, up to ¥100,000.00; the sales
/// manager 20 % and 30 %. No term or bundle discount. Guidance: basic 5 % target, 10 % normal;
/// office 10 % and 20 %. One sales manager enrolled.
fn policy(basic_limit: i64) -> Policy {
    let approver = ApproverKey::from_seed([9; 32]).public_key_hex();
    let text = format!(
        r#"{{
  "schema_version": 1, "version": "imp-{basic_limit}", "published": "2026-11-01", "expires": "2027-12-31",
  "tax_classes": [
    {{ "id": "basic_telecom", "name": {{ "zh": "基础", "en": "Basic" }}, "rate_bp": 900 }},
    {{ "id": "value_added", "name": {{ "zh": "增值", "en": "Value-added" }}, "rate_bp": 600 }}
  ],
  "levels": [
    {{ "id": "account_manager", "name": {{ "zh": "客户经理", "en": "Account manager" }},
      "discount_limits": {{ "basic": {basic_limit}, "office": 2000 }}, "max_tcv": 10000000 }},
    {{ "id": "sales_manager", "name": {{ "zh": "销售经理", "en": "Sales manager" }},
      "discount_limits": {{ "basic": 2000, "office": 3000 }} }}
  ],
  "term_discounts": [ {{ "min_months": 12, "discount_bp": 0 }} ],
  "bundle_discounts": [],
  "terms": [12], "validity_days": 30, "max_approval_days": 90,
  "guidance": [
    {{ "family": "basic", "target_bp": 500, "normal_bp": 1000 }},
    {{ "family": "office", "target_bp": 1000, "normal_bp": 2000 }}
  ],
  "approvers": [
    {{ "id": "sm1", "name": {{ "zh": "销售经理", "en": "Sales manager" }},
      "level": "sales_manager", "public_key": "{approver}" }}
  ]
}}"#
    );
    serde_json::from_str(&text).expect("the test policy")
}

fn quote(id: &str, industry: &str, offering: &str, quantity: u32, discount_bp: i64) -> Quote {
    let text = format!(
        r#"{{
  "schema_version": 1, "id": "{id}", "date": "2026-11-20",
  "catalog_version": "imp-1", "policy_version": "imp-1000",
  "customer": {{ "name": "客户 {id}", "uscc": "91350100M000100Y43", "industry": "{industry}",
                 "employees": 100 }},
  "term_months": 12,
  "lines": [ {{ "id": "{id}-1", "offering": "{offering}", "quantity": {quantity},
               "discount_bp": {discount_bp}, "reason": "competitor offer" }} ],
  "role": "account_manager"
}}"#
    );
    serde_json::from_str(&text).expect("the test quote")
}

/// A proposal, approved by the sales manager when `approved`.
fn proposal(catalog: &Catalog, policy: &Policy, quote: Quote, approved: bool) -> Proposal {
    let approvals = if approved {
        let priced = pricing::price(catalog, policy, &quote);
        let request = Request {
            decision: Decision::Approve,
            approver_id: "sm1".into(),
            level: "sales_manager".into(),
            issued: "2026-11-20".into(),
            expires: "2026-12-20".into(),
            comment: String::new(),
            reason: String::new(),
        };
        let key = ApproverKey::from_seed([9; 32]);
        vec![approval::sign(policy, &quote, &priced, &request, &key)
            .unwrap_or_else(|why| panic!("{why:?}"))]
    } else {
        vec![]
    };
    Proposal {
        name: quote.id.clone(),
        quote,
        approvals,
    }
}

fn worked() -> Impact {
    let current: Catalog = serde_json::from_str(CATALOG).expect("the test catalog");
    let mut proposed = current.clone();
    proposed.version = "imp-2".into();
    proposed.offerings[0].mrc_cost = 8600;
    let (p1, p2) = (policy(1000), policy(1500));
    let set = [
        proposal(
            &current,
            &p1,
            quote("A", "government", "seat", 10, 1200),
            true,
        ),
        proposal(&current, &p1, quote("B", "finance", "mail", 50, 500), false),
        proposal(&current, &p1, quote("C", "finance", "seat", 20, 1500), true),
    ];
    impact::impact((&current, &p1), (&proposed, &p2), &set, "2026-11-25")
}

fn sums(list: i64, net: i64, cost: i64, margin: i64) -> Sums {
    Sums {
        list,
        net,
        cost,
        margin,
    }
}

#[test]
fn each_proposal_before_and_after_worked_by_hand() {
    let i = worked();
    let [a, b, c] = [&i.proposals[0], &i.proposals[1], &i.proposals[2]];
    // A: 10 seats at 12 %, 12 months. List 10 × 10,000 × 12 = 1,200,000 fen; net MRC
    // 100,000 × 0.88 = 88,000, TCV 1,056,000. Cost 10 × 6,000 × 12 = 720,000 → margin 336,000,
    // 336,000 / 1,056,000 = 31.818 % → 3,182 bp. 12 % is above the account manager's 10 %:
    // sales manager. After: cost 10 × 8,600 × 12 = 1,032,000 → margin 24,000, 2.27 % → 227 bp;
    // 12 % is within the new 15 %: account manager. The approval bound the old cost: it stops.
    assert_eq!(a.before.sums, sums(1_200_000, 1_056_000, 720_000, 336_000));
    assert_eq!(a.after.sums, sums(1_200_000, 1_056_000, 1_032_000, 24_000));
    assert_eq!(
        (a.before.sums.margin_bp(), a.after.sums.margin_bp()),
        (3182, 227)
    );
    assert_eq!((a.before.required, a.after.required), (1, 0));
    assert!(a.newly_below_floor.is_empty());
    assert_eq!(a.stop_verifying, ["sm1 (sales_manager)"]);
    // B: 50 mailboxes at 5 %. List 50 × 2,000 × 12 = 1,200,000; net 95,000 × 12 = 1,140,000;
    // cost 50 × 1,000 × 12 = 600,000 → margin 540,000, 47.368 % → 4,737 bp. Untouched by the
    // change; within the account manager's authority; no approval.
    assert_eq!(b.before.sums, sums(1_200_000, 1_140_000, 600_000, 540_000));
    assert_eq!(b.after, b.before);
    assert_eq!(b.before.sums.margin_bp(), 4737);
    assert_eq!(b.before.required, 0);
    // C: 20 seats at 15 %. List 2,400,000; net 200,000 × 0.85 = 170,000 × 12 = 2,040,000. Cost
    // 1,440,000 → margin 600,000, 29.412 % → 2,941 bp: sales manager. After: cost 20 × 8,600 =
    // 172,000 a month, above the net 170,000: below the floor, refused; margin −24,000,
    // −1.176 % → −118 bp (half away from zero). Its approval stops verifying.
    assert_eq!(
        c.before.sums,
        sums(2_400_000, 2_040_000, 1_440_000, 600_000)
    );
    assert_eq!(c.after.sums, sums(2_400_000, 2_040_000, 2_064_000, -24_000));
    assert_eq!(
        (c.before.sums.margin_bp(), c.after.sums.margin_bp()),
        (2941, -118)
    );
    assert!(!c.before.refused && c.after.refused);
    assert_eq!(c.newly_below_floor, ["C-1"]);
    assert_eq!(c.stop_verifying, ["sm1 (sales_manager)"]);
}

#[test]
fn totals_and_groups_worked_by_hand() {
    let i = worked();
    // Net 1,056,000 + 1,140,000 + 2,040,000 = 4,236,000. Margin before 336,000 + 540,000 +
    // 600,000 = 1,476,000 (34.844 % → 3,484 bp); after 24,000 + 540,000 − 24,000 = 540,000
    // (12.748 % → 1,275 bp).
    assert_eq!(i.before, sums(4_800_000, 4_236_000, 2_760_000, 1_476_000));
    assert_eq!(i.after, sums(4_800_000, 4_236_000, 3_696_000, 540_000));
    assert_eq!((i.before.margin_bp(), i.after.margin_bp()), (3484, 1275));
    // Basic (A and C): list 3,600,000, net 3,096,000; average effective discount
    // 504,000 / 3,600,000 = 14.00 %, above basic's normal 10 %. Cost after 1,032,000 +
    // 2,064,000 = 3,096,000: no margin left at all.
    let basic = &i.by_family[0];
    assert_eq!(basic.family, "basic");
    assert_eq!(basic.before, sums(3_600_000, 3_096_000, 2_160_000, 936_000));
    assert_eq!(basic.after, sums(3_600_000, 3_096_000, 3_096_000, 0));
    assert_eq!(basic.after.effective_bp(), 1400);
    assert_eq!(basic.guidance, Some((500, 1000)));
    // Office (B): 60,000 / 1,200,000 = 5.00 %, at or below the 10 % target.
    let office = &i.by_family[1];
    assert_eq!(
        (office.family.as_str(), office.after.effective_bp()),
        ("office", 500)
    );
    // By industry: finance holds B and C, government A.
    let finance = &i.by_industry[0];
    assert_eq!(finance.industry, "finance");
    assert_eq!(
        finance.before,
        sums(3_600_000, 3_180_000, 2_040_000, 1_140_000)
    );
    assert_eq!(
        finance.after,
        sums(3_600_000, 3_180_000, 2_664_000, 516_000)
    );
    assert_eq!(i.by_industry[1].after.net, 1_056_000);
    assert_eq!(i.by_family_industry.len(), 3);
    let table = i.table();
    for needle in [
        "Sales manager → Account manager",
        "Sales manager → refused (below floor)",
        "C-1",
        "42,360.00 → 42,360.00",
        "34.84% → 12.75%",
        "above normal (target 5.00%, normal 10.00%)",
        "at or below target (target 10.00%, normal 20.00%)",
    ] {
        assert!(table.contains(needle), "{needle}\n{table}");
    }
}

#[test]
fn the_impact_workbook_reads_back_with_the_same_figures() {
    use calamine::{Data, Reader, Xlsx};
    let bytes = worked()
        .report()
        .to_xlsx()
        .unwrap_or_else(|e| panic!("{}", e.en));
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("the workbook");
    assert_eq!(
        book.sheet_names(),
        [
            "impact",
            "margin by family",
            "margin by industry",
            "by family and industry"
        ]
    );
    let impact = book.worksheet_range("impact").expect("the impact sheet");
    // Row 2 (A): TCV before in yuan, margin after as a fraction (2.27 %).
    assert_eq!(impact.get_value((1, 2)), Some(&Data::Float(10_560.0)));
    assert_eq!(impact.get_value((1, 7)), Some(&Data::Float(0.0227)));
    assert_eq!(impact.get_value((3, 10)), Some(&Data::String("C-1".into())));
    // The total row: margin after ¥5,400.00.
    assert_eq!(impact.get_value((4, 5)), Some(&Data::Float(5_400.0)));
}
