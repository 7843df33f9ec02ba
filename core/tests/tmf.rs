//! The TM Forum exports (`tailor_core::tmf`) validated against TM Forum's own Swagger schemas of
//! TMF620 v4.0.0 and TMF648 v4.0.0, vendored in `fixtures/tmf/` (its README names the source),
//! twice: as published, and strict (every object's fields only those its definition names, so a
//! misspelled or invented field is caught). Every amount reads back to the exact fen priced, and
//! one small quote is checked against amounts worked out by hand.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use jsonschema::{Draft, Validator};
use proptest::prelude::*;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::LazyLock;
use tailor_core::approval::preauth::{self, PreAuthBody, PreAuthorisation};
use tailor_core::approval::{self, Decision, Request};
use tailor_core::catalog::Catalog;
use tailor_core::keyfile::ApproverKey;
use tailor_core::policy::{Approver, Policy};
use tailor_core::pricing::{price, Priced};
use tailor_core::quote::{Customer, Line, Quote, Site};
use tailor_core::statement::Proposal;
use tailor_core::text::{Lang, Text};
use tailor_core::tmf::{self, fen_of};
use tailor_core::trust::Standing;

const TMF620: &str = include_str!("fixtures/tmf/TMF620-ProductCatalog-v4.0.0.swagger.json");
const TMF648: &str = include_str!("fixtures/tmf/TMF648-Quote-v4.0.0.swagger.json");

/// The validators of one Swagger document's definitions, as published and strict.
struct Schemas {
    definitions: Value,
}

impl Schemas {
    fn new(swagger: &str) -> Self {
        let doc: Value = serde_json::from_str(swagger).expect("a vendored schema parses");
        assert_eq!(doc["swagger"], "2.0");
        assert_eq!(doc["info"]["version"], "4.0.0");
        Schemas {
            definitions: doc["definitions"].clone(),
        }
    }

    /// A draft-4 validator for `#/definitions/{name}` over the whole definitions object (Swagger
    /// 2.0 schemas are draft 4's), formats (`date-time`) checked; `strict`: every definition
    /// with properties takes no other field.
    fn validator(&self, name: &str, strict: bool) -> Validator {
        let mut definitions = self.definitions.clone();
        if strict {
            for def in definitions
                .as_object_mut()
                .expect("definitions")
                .values_mut()
            {
                if def.get("properties").is_some() {
                    def["additionalProperties"] = false.into();
                }
            }
        }
        let schema = json!({ "$ref": format!("#/definitions/{name}"), "definitions": definitions });
        jsonschema::options()
            .with_draft(Draft::Draft4)
            .should_validate_formats(true)
            .build(&schema)
            .expect("the definition compiles")
    }
}

static S620: LazyLock<Schemas> = LazyLock::new(|| Schemas::new(TMF620));
static S648: LazyLock<Schemas> = LazyLock::new(|| Schemas::new(TMF648));

/// Every error of `value` against `name`, as published and strict, with where it is.
fn errors(schemas: &Schemas, name: &str, value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for strict in [false, true] {
        let v = schemas.validator(name, strict);
        for e in v.iter_errors(value) {
            out.push(format!(
                "{name}{} at {}: {e}",
                if strict { " (strict)" } else { "" },
                e.instance_path()
            ));
        }
    }
    out
}

/// The TMF620 document's resources, each valid against its definition.
fn assert_catalog_valid(doc: &Value) {
    let mut problems = errors(&S620, "Catalog", &doc["catalog"]);
    for (list, name) in [
        ("category", "Category"),
        ("productOffering", "ProductOffering"),
        ("productOfferingPrice", "ProductOfferingPrice"),
    ] {
        let items = doc[list].as_array().expect("a list");
        assert!(!items.is_empty(), "{list} is empty");
        for item in items {
            problems.extend(errors(&S620, name, item));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The exact fen of a TMF money value, read from its JSON text.
fn fen(money: &Value) -> i64 {
    assert_eq!(money["unit"], "CNY", "{money}");
    let text = money["value"].to_string();
    fen_of(&text).unwrap_or_else(|| panic!("{text} is not an exact amount"))
}

/// The price with `id` in a TMF620 document.
fn pop<'a>(doc: &'a Value, id: &str) -> &'a Value {
    doc["productOfferingPrice"]
        .as_array()
        .and_then(|ps| ps.iter().find(|p| p["id"] == id))
        .unwrap_or_else(|| panic!("no price {id}"))
}

#[test]
fn the_default_catalog_as_tmf620_is_valid_and_every_price_is_exact() {
    let (catalog, policy) = common::setup();
    for lang in [Lang::Zh, Lang::En] {
        let doc = tmf::product_catalog(&catalog, &policy, lang).expect("exports");
        assert_catalog_valid(&doc);
        assert_eq!(
            doc["productOffering"].as_array().map(Vec::len),
            Some(catalog.offerings.len())
        );
        assert_eq!(
            doc["category"].as_array().map(Vec::len),
            Some(catalog.families.len())
        );
        // Every price an offering names is in the document, and every price in it is exact.
        for o in &catalog.offerings {
            let po = doc["productOffering"]
                .as_array()
                .and_then(|l| l.iter().find(|p| p["id"] == o.id.as_str()))
                .expect("the offering");
            assert_eq!(po["category"][0]["id"], o.family.as_str());
            for r in po["productOfferingPrice"].as_array().expect("prices") {
                pop(&doc, r["id"].as_str().expect("an id"));
            }
            assert_eq!(
                po["productOfferingTerm"].as_array().map(Vec::len),
                Some(policy.terms.len())
            );
            assert_eq!(fen(&pop(&doc, &format!("{}.mrc", o.id))["price"]), o.mrc);
            for t in &o.tiers {
                let id = format!("{}.mrc.from{}", o.id, t.min_qty);
                assert_eq!(fen(&pop(&doc, &id)["price"]), t.mrc);
            }
            if o.nrc != 0 {
                assert_eq!(fen(&pop(&doc, &format!("{}.nrc", o.id))["price"]), o.nrc);
            }
            for g in &o.options {
                for c in &g.choices {
                    for (amount, kind) in [(c.mrc, "mrc"), (c.nrc, "nrc")] {
                        if amount != 0 {
                            let id = format!("{}.{}.{}.{kind}", o.id, g.id, c.id);
                            assert_eq!(fen(&pop(&doc, &id)["price"]), amount);
                        }
                    }
                }
            }
        }
        // Nothing internal: no cost appears anywhere.
        let text = doc.to_string();
        assert!(!text.contains("cost"), "a cost leaked");
    }
}

#[test]
fn the_mini_catalog_as_tmf620_by_hand() {
    let (catalog, policy) = mini();
    let doc = tmf::product_catalog(&catalog, &policy, Lang::En).expect("exports");
    assert_catalog_valid(&doc);
    // V-net: base 10.00 yuan for 1–49 seats, 9.00 from 50 to 99, 8.00 from 100 to 10,000.
    let ranges: Vec<(String, String, String)> = ["vnet.mrc", "vnet.mrc.from50", "vnet.mrc.from100"]
        .iter()
        .map(|id| {
            let p = pop(&doc, id);
            let r = &p["prodSpecCharValueUse"][0]["productSpecCharacteristicValue"][0];
            (
                p["price"]["value"].to_string(),
                r["valueFrom"].as_str().unwrap_or_default().to_string(),
                r["valueTo"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let expected = [
        ("10.0", "1", "49"),
        ("9.0", "50", "99"),
        ("8.0", "100", "10000"),
    ];
    for (got, want) in ranges.iter().zip(expected) {
        assert_eq!((got.0.as_str(), got.1.as_str(), got.2.as_str()), want);
    }
    // DIA platinum: +500.00 a month and +100.00 once, for that choice of `sla`; VAT 9 %.
    let platinum = pop(&doc, "dia.sla.platinum.mrc");
    assert_eq!(platinum["price"]["value"].to_string(), "500.0");
    assert_eq!(platinum["tax"][0]["taxRate"].to_string(), "9.0");
    assert_eq!(
        platinum["prodSpecCharValueUse"][0]["productSpecCharacteristicValue"][0]["value"],
        "platinum"
    );
    assert_eq!(
        pop(&doc, "dia.sla.platinum.nrc")["price"]["value"].to_string(),
        "100.0"
    );
    // The term discounts: 3 % for 24 months, 5 % from 36; bundles 2 % for two families, 3 % from 3.
    let term24 = pop(&doc, "term.24");
    assert_eq!(term24["percentage"].to_string(), "3.0");
    assert_eq!(term24["productOfferingTerm"][0]["duration"]["amount"], 24);
    assert_eq!(pop(&doc, "term.36")["percentage"].to_string(), "5.0");
    let bundle2 =
        &pop(&doc, "bundle.2")["prodSpecCharValueUse"][0]["productSpecCharacteristicValue"][0];
    assert_eq!(
        (&bundle2["valueFrom"], &bundle2["valueTo"]),
        (&json!("2"), &json!("2"))
    );
    let bundle3 =
        &pop(&doc, "bundle.3")["prodSpecCharValueUse"][0]["productSpecCharacteristicValue"][0];
    assert_eq!(bundle3["rangeInterval"], "closedBottom");
}

fn mini() -> (Catalog, Policy) {
    let catalog = serde_json::from_str(include_str!("fixtures/mini/catalog.json")).expect("mini");
    let policy = serde_json::from_str(include_str!("fixtures/mini/policy.json")).expect("mini");
    (catalog, policy)
}

/// The TMF648 quote of `quote` with its approvals, judged under a signed policy in force.
fn export(
    catalog: &Catalog,
    policy: &Policy,
    quote: &Quote,
    approvals: &[approval::Approval],
    today: &str,
) -> (Value, Priced) {
    export_with(catalog, policy, quote, (approvals, &[]), today)
}

/// The TMF648 quote of `quote` with its approvals and pre-authorisations.
fn export_with(
    catalog: &Catalog,
    policy: &Policy,
    quote: &Quote,
    (approvals, preauths): (&[approval::Approval], &[PreAuthorisation]),
    today: &str,
) -> (Value, Priced) {
    let priced = price(catalog, policy, quote);
    let standing = Standing::Trusted { demo: false };
    let verdict = approval::judge(
        &standing, policy, quote, &priced, approvals, preauths, today,
    );
    let proposal = Proposal {
        catalog,
        policy,
        quote,
        priced: &priced,
        verdict: &verdict,
        approvals,
        preauths,
    };
    let doc = tmf::quote(&proposal, Lang::Zh).expect("exports");
    let problems = errors(&S648, "Quote", &doc);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    (doc, priced)
}

/// Every item's prices are the line's net and gross to the fen, and list − the alterations = net.
fn assert_exact(doc: &Value, priced: &Priced) {
    let items = doc["quoteItem"].as_array().expect("items");
    assert_eq!(items.len(), priced.lines.len());
    for (item, line) in items.iter().zip(&priced.lines) {
        assert_eq!(item["id"], line.line_id.as_str());
        let prices = item["quoteItemPrice"].as_array().expect("prices");
        let w = &line.waterfall;
        for (p, list, net, gross) in [
            (&prices[0], w.list.mrc, line.net.mrc, line.gross.mrc),
            (&prices[1], w.list.nrc, line.net.nrc, line.gross.nrc),
        ] {
            assert_eq!(fen(&p["price"]["dutyFreeAmount"]), net);
            assert_eq!(fen(&p["price"]["taxIncludedAmount"]), gross);
            let off: i64 = p["priceAlteration"].as_array().map_or(0, |a| {
                a.iter().map(|a| fen(&a["price"]["dutyFreeAmount"])).sum()
            });
            assert_eq!(list - off, net, "{}", item["id"]);
            if list == 0 {
                assert!(p.get("priceAlteration").is_none(), "a discount on nothing");
            }
        }
    }
    let t = &priced.totals;
    let totals = doc["quoteTotalPrice"].as_array().expect("totals");
    let amounts: Vec<(i64, i64)> = totals
        .iter()
        .map(|p| {
            (
                fen(&p["price"]["dutyFreeAmount"]),
                fen(&p["price"]["taxIncludedAmount"]),
            )
        })
        .collect();
    assert_eq!(
        amounts,
        [
            (t.net.mrc, t.gross.mrc),
            (t.net.nrc, t.gross.nrc),
            (t.net.tcv, t.gross.tcv)
        ]
    );
}

#[test]
fn a_tmf648_quote_of_every_template_is_valid_and_exact() {
    let (catalog, policy) = common::setup();
    for t in &catalog.templates {
        let mut quote = common::from_template(&catalog, &policy, &t.id);
        quote.account_manager = "李明".into();
        quote.customer.sites = vec![Site {
            id: "hq".into(),
            name: "总部".into(),
            city: "杭州".into(),
            address: "西湖区示例路 1 号".into(),
            ..Site::default()
        }];
        for line in quote.lines.iter_mut().step_by(2) {
            line.site = Some("hq".into());
            line.discount_bp = 800;
            line.reason = "竞争对手报价更低".into();
        }
        let (doc, priced) = export(&catalog, &policy, &quote, &[], "2026-11-24");
        assert_exact(&doc, &priced);
        assert_eq!(doc["relatedParty"][0]["id"], quote.customer.uscc.as_str());
        assert_eq!(doc["relatedParty"][1]["role"], "seller");
        let text = doc.to_string();
        for internal in ["cost", "margin", "headroom"] {
            assert!(!text.contains(internal), "{internal} leaked in {}", t.id);
        }
    }
}

/// The sales manager of the hand-checked quote.
fn sales_manager() -> ApproverKey {
    ApproverKey::from_seed([7; 32])
}

/// The mini catalog and policy, the sales manager enrolled.
fn mini_with_sales_manager() -> (Catalog, Policy) {
    let (catalog, mut policy) = mini();
    let key = sales_manager();
    policy.approvers = vec![Approver {
        id: "sm1".into(),
        name: Text::new("陈经理", "Manager Chen"),
        level: "sales_manager".into(),
        public_key: key.public_key_hex(),
        suite: key.suite(),
    }];
    (catalog, policy)
}

/// The sales manager's approval of `quote` priced as `priced`, from 3 to 31 March.
fn approve(policy: &Policy, quote: &Quote, priced: &Priced) -> approval::Approval {
    let request = Request {
        decision: Decision::Approve,
        approver_id: "sm1".into(),
        level: "sales_manager".into(),
        issued: "2026-03-03".into(),
        expires: "2026-03-31".into(),
        comment: String::new(),
        reason: String::new(),
    };
    approval::sign(policy, quote, priced, &request, &sales_manager()).expect("signs")
}

/// The hand-checked quote: 24 months, two families, on the mini catalog.
fn hand_quote() -> Quote {
    Quote {
        schema_version: tailor_core::SCHEMA_VERSION,
        id: "Q-TMF".into(),
        version: 2,
        date: "2026-03-02".into(),
        catalog_version: "mini-1".into(),
        policy_version: "mini-1".into(),
        customer: Customer {
            name: "示例精密制造有限公司".into(),
            uscc: "91350100M000100Y43".into(),
            industry: "manufacturing".into(),
            employees: 120,
            sites: vec![Site {
                id: "hq".into(),
                name: "总部".into(),
                city: "福州".into(),
                address: "鼓楼区示例路 1 号".into(),
                ..Site::default()
            }],
            ..Customer::default()
        },
        term_months: 24,
        lines: vec![
            Line {
                id: "L1".into(),
                offering: "dia".into(),
                options: [("bandwidth".to_string(), "100m".to_string())].into(),
                quantity: 1,
                site: Some("hq".into()),
                discount_bp: 1000,
                reason: "竞争对手报价".into(),
                ..Line::default()
            },
            Line {
                id: "L2".into(),
                offering: "mail".into(),
                options: [("storage".to_string(), "20g".to_string())].into(),
                quantity: 20,
                ..Line::default()
            },
        ],
        role: "account_manager".into(),
        account_manager: "王芳".into(),
        ..Quote::default()
    }
}

/// The amounts of the hand-checked quote, worked out by hand (fen; 1 yuan = 100 fen).
///
/// 24 months → term discount 300 bp; `dia` (line) + `mail` (office) → 2 families → bundle 200 bp.
///
/// L1, DIA 100M standard SLA at the headquarters: unit MRC 100,000 + 50,000 = 150,000, NRC
/// 200,000; requested 1,000 bp.
/// - after term 150,000 × 0.97 = 145,500 (term takes 4,500)
/// - after bundle 150,000 × 0.97 × 0.98 = 142,590 (bundle takes 2,910)
/// - net 150,000 × 0.97 × 0.98 × 0.90 = 128,331 (requested takes 14,259)
/// - NRC 200,000 × 0.90 = 180,000 (requested takes 20,000)
/// - tax 9 %: 128,331 × 0.09 = 11,549.79 → 11,550, gross 139,881; NRC 16,200, gross 196,200
/// - effective 1 − (128,331 × 24 + 180,000) / (150,000 × 24 + 200,000) = 1 − 3,259,944 /
///   3,800,000 = 14.212 % → 1,422 bp: over the account manager's 10 % for lines, within the
///   sales manager's 15 % → the sales manager must approve.
///
/// L2, 20 mailboxes of 20G: unit 500 + 300 = 800, list 16,000; nothing requested.
/// - after term 15,520 (takes 480); after bundle 16,000 × 0.97 × 0.98 = 15,209.6 → 15,210
///   (takes 310); net 15,210
/// - tax 6 %: 912.6 → 913, gross 16,123; no NRC
///
/// Totals: MRC 128,331 + 15,210 = 143,541, gross 139,881 + 16,123 = 156,004; NRC 180,000, gross
/// 196,200; TCV 3,259,944 + 15,210 × 24 = 3,259,944 + 365,040 = 3,624,984, gross 139,881 × 24 +
/// 196,200 + 16,123 × 24 = 3,553,344 + 386,952 = 3,940,296. The proposal's 30 days of validity
/// end on 1 April, the approval on 31 March: valid until 31 March.
#[test]
fn a_small_quote_checked_by_hand() {
    let (catalog, policy) = mini_with_sales_manager();
    let quote = hand_quote();

    // Without an approval: pending, the sales manager's approval requested.
    let (doc, priced) = export(&catalog, &policy, &quote, &[], "2026-03-05");
    assert_exact(&doc, &priced);
    assert_eq!(doc["state"], "pending");
    assert_eq!(
        doc["authorization"],
        json!([{ "name": "销售经理", "state": "requested", "requestedDate": "2026-03-02T00:00:00+08:00" }])
    );
    assert_eq!(doc["validFor"]["endDateTime"], "2026-04-01T23:59:59+08:00");

    // Approved by the sales manager until 31 March: approved, valid until then.
    let approval = approve(&policy, &quote, &priced);
    let signature = approval.signature.clone();
    let (doc, priced) = export(&catalog, &policy, &quote, &[approval], "2026-03-05");
    assert_exact(&doc, &priced);
    assert_eq!(doc["id"], "Q-TMF");
    assert_eq!(doc["version"], "2");
    assert_eq!(doc["quoteDate"], "2026-03-02T00:00:00+08:00");
    assert_eq!(doc["state"], "approved");
    assert_eq!(doc["validFor"]["endDateTime"], "2026-03-31T23:59:59+08:00");
    assert_eq!(
        doc["authorization"],
        json!([{
            "name": "销售经理",
            "state": "approved",
            "givenDate": "2026-03-03T00:00:00+08:00",
            "approver": [{ "id": "sm1", "name": "陈经理", "role": "sales_manager", "@referredType": "Individual" }],
            "signatureRepresentation": format!("ed25519:{signature}"),
        }])
    );
    assert_eq!(
        doc["relatedParty"],
        json!([
            { "id": "91350100M000100Y43", "name": "示例精密制造有限公司", "role": "customer", "@referredType": "Organization" },
            { "id": "王芳", "name": "王芳", "role": "seller", "@referredType": "Individual" },
            { "id": "示例通信公司", "name": "示例通信公司", "role": "provider", "@referredType": "Organization" },
        ])
    );

    let l1 = &doc["quoteItem"][0];
    assert_eq!(l1["quantity"], 1);
    assert_eq!(l1["productOffering"]["id"], "dia");
    assert_eq!(
        l1["product"]["productCharacteristic"],
        json!([
            { "name": "bandwidth", "valueType": "string", "value": "100m" },
            { "name": "sla", "valueType": "string", "value": "standard" },
        ])
    );
    assert_eq!(
        l1["product"]["place"],
        json!([{ "id": "hq", "name": "总部, 福州, 鼓楼区示例路 1 号", "role": "installationSite", "@referredType": "GeographicSite" }])
    );
    assert_eq!(
        l1["note"],
        json!([{ "id": "reason", "text": "竞争对手报价" }])
    );
    let mrc = &l1["quoteItemPrice"][0];
    assert_eq!(mrc["priceType"], "recurring");
    assert_eq!(mrc["productOfferingPrice"]["id"], "dia.mrc");
    assert_eq!(
        mrc["price"]["dutyFreeAmount"]["value"].to_string(),
        "1283.31"
    );
    assert_eq!(
        mrc["price"]["taxIncludedAmount"]["value"].to_string(),
        "1398.81"
    );
    assert_eq!(mrc["price"]["taxRate"].to_string(), "9.0");
    let steps: Vec<(String, String, String, i64)> = mrc["priceAlteration"]
        .as_array()
        .expect("alterations")
        .iter()
        .map(|a| {
            (
                a["name"].as_str().unwrap_or_default().to_string(),
                a["price"]["percentage"].to_string(),
                a["price"]["dutyFreeAmount"]["value"].to_string(),
                a["priority"].as_i64().unwrap_or_default(),
            )
        })
        .collect();
    let expected = [
        ("合同期折扣", "3.0", "45.0", 1),
        ("捆绑折扣", "2.0", "29.1", 2),
        ("申请折扣", "10.0", "142.59", 3),
    ];
    assert_eq!(steps.len(), 3);
    for (got, want) in steps.iter().zip(expected) {
        assert_eq!(
            (got.0.as_str(), got.1.as_str(), got.2.as_str(), got.3),
            want
        );
    }
    assert_eq!(mrc["priceAlteration"][0]["applicationDuration"], 24);
    let nrc = &l1["quoteItemPrice"][1];
    assert_eq!(nrc["priceType"], "oneTime");
    assert_eq!(nrc["productOfferingPrice"]["id"], "dia.nrc");
    assert_eq!(
        nrc["price"]["dutyFreeAmount"]["value"].to_string(),
        "1800.0"
    );
    assert_eq!(
        nrc["price"]["taxIncludedAmount"]["value"].to_string(),
        "1962.0"
    );
    assert_eq!(
        nrc["priceAlteration"][0]["price"]["dutyFreeAmount"]["value"].to_string(),
        "200.0"
    );

    let l2 = &doc["quoteItem"][1];
    assert!(l2["product"].get("place").is_none());
    let mrc = &l2["quoteItemPrice"][0];
    assert_eq!(mrc["price"]["dutyFreeAmount"]["value"].to_string(), "152.1");
    assert_eq!(
        mrc["price"]["taxIncludedAmount"]["value"].to_string(),
        "161.23"
    );
    let off: Vec<String> = mrc["priceAlteration"]
        .as_array()
        .expect("alterations")
        .iter()
        .map(|a| a["price"]["dutyFreeAmount"]["value"].to_string())
        .collect();
    assert_eq!(off, ["4.8", "3.1"]);
    // No one-time charge and nothing requested: a zero price without alterations or base price.
    let nrc = &l2["quoteItemPrice"][1];
    assert_eq!(nrc["price"]["dutyFreeAmount"]["value"].to_string(), "0.0");
    assert!(nrc.get("priceAlteration").is_none() && nrc.get("productOfferingPrice").is_none());

    let totals: Vec<(String, String, String)> = doc["quoteTotalPrice"]
        .as_array()
        .expect("totals")
        .iter()
        .map(|p| {
            (
                p["priceType"].as_str().unwrap_or_default().to_string(),
                p["price"]["dutyFreeAmount"]["value"].to_string(),
                p["price"]["taxIncludedAmount"]["value"].to_string(),
            )
        })
        .collect();
    let expected = [
        ("recurring", "1435.41", "1560.04"),
        ("oneTime", "1800.0", "1962.0"),
        ("total", "36249.84", "39402.96"),
    ];
    for (got, want) in totals.iter().zip(expected) {
        assert_eq!((got.0.as_str(), got.1.as_str(), got.2.as_str()), want);
    }
}

/// A pre-authorisation, a rejection, a refusal and a blocking finding each show in the state and
/// the authorizations.
#[test]
fn every_verdict_shows_as_a_state_and_its_authorizations() {
    let (catalog, policy) = mini_with_sales_manager();
    let quote = hand_quote();
    let priced = price(&catalog, &policy, &quote);
    let pre = preauth::grant(
        &policy,
        PreAuthBody {
            format: String::new(),
            version: 0,
            customer_name: quote.customer.name.clone(),
            uscc: quote.customer.uscc.clone(),
            account_manager: String::new(),
            family_limits: [("line".to_string(), 1500), ("office".to_string(), 1500)].into(),
            max_tcv: 5_000_000,
            approver_id: "sm1".into(),
            public_key: String::new(),
            suite: tailor_core::suite::Suite::Ed25519,
            level: "sales_manager".into(),
            issued: "2026-03-01".into(),
            expires: "2026-03-20".into(),
            comment: String::new(),
        },
        &sales_manager(),
    )
    .expect("granted");
    let signature = pre.signature.clone();
    let (doc, _) = export_with(&catalog, &policy, &quote, (&[], &[pre]), "2026-03-05");
    assert_eq!(doc["state"], "approved");
    assert_eq!(doc["validFor"]["endDateTime"], "2026-03-20T23:59:59+08:00");
    assert_eq!(
        doc["authorization"],
        json!([{
            "name": "预授权（销售经理）",
            "state": "approved",
            "givenDate": "2026-03-01T00:00:00+08:00",
            "approver": [{ "id": "sm1", "name": "陈经理", "role": "sales_manager", "@referredType": "Individual" }],
            "signatureRepresentation": format!("ed25519:{signature}"),
        }])
    );

    // Rejected by the sales manager: rejected, the level still requested, the rejection declined.
    let request = Request {
        decision: Decision::Reject,
        approver_id: "sm1".into(),
        level: "sales_manager".into(),
        issued: "2026-03-03".into(),
        expires: "2026-03-31".into(),
        comment: String::new(),
        reason: "折扣过高".into(),
    };
    let rejection =
        approval::sign(&policy, &quote, &priced, &request, &sales_manager()).expect("signs");
    let (doc, _) = export(&catalog, &policy, &quote, &[rejection], "2026-03-05");
    assert_eq!(doc["state"], "rejected");
    let states: Vec<&Value> = doc["authorization"]
        .as_array()
        .expect("authorizations")
        .iter()
        .map(|a| &a["state"])
        .collect();
    assert_eq!(states, ["requested", "declined"]);
    assert_eq!(doc["authorization"][1]["approver"][0]["id"], "sm1");

    // 90 % off the DIA line is below its cost floor: refused, and no approval is asked for.
    let mut below = quote.clone();
    below.lines[0].discount_bp = 9000;
    let (doc, _) = export(&catalog, &policy, &below, &[], "2026-03-05");
    assert_eq!(doc["state"], "rejected");
    assert!(doc.get("authorization").is_none());

    // Platinum SLA on 50M breaks a configuration rule (an error): still in progress.
    let mut blocked = quote.clone();
    blocked.lines[0].options = [("bandwidth", "50m"), ("sla", "platinum")]
        .map(|(g, c)| (g.to_string(), c.to_string()))
        .into();
    let (doc, _) = export(&catalog, &policy, &blocked, &[], "2026-03-05");
    assert_eq!(doc["state"], "inProgress");
}

/// An edit to a document.
type Edit = fn(&mut Value);

/// The validators refuse what TMF does not allow, so a pass means something.
#[test]
fn the_schemas_catch_a_broken_document() {
    let (catalog, policy) = mini();
    let quote = hand_quote();
    let (doc, _) = export(&catalog, &policy, &quote, &[], "2026-03-05");
    let broken: [(&str, Edit); 4] = [
        ("no items", |d| d["quoteItem"] = json!([])),
        ("an amount as text", |d| {
            d["quoteTotalPrice"][0]["price"]["dutyFreeAmount"]["value"] = json!("1435.41")
        }),
        ("a date that is no date-time", |d| {
            d["quoteDate"] = json!("2026-03-02")
        }),
        ("a state TMF does not know", |d| {
            d["state"] = json!("signed")
        }),
    ];
    for (what, edit) in broken {
        let mut d = doc.clone();
        edit(&mut d);
        assert!(!errors(&S648, "Quote", &d).is_empty(), "{what} passed");
    }
    // A misspelled field passes the schema as published, and only the strict one catches it.
    let mut d = doc.clone();
    let item = d["quoteItem"][0].as_object_mut().expect("an item");
    let prices = item.remove("quoteItemPrice").expect("prices");
    item.insert("quoteItemPrices".into(), prices);
    assert!(S648.validator("Quote", false).is_valid(&d));
    assert!(!S648.validator("Quote", true).is_valid(&d));
    let mut d = tmf::product_catalog(&catalog, &policy, Lang::Zh).expect("exports");
    d["productOfferingPrice"][0]["price"]["value"] = json!("10.00");
    assert!(!errors(&S620, "ProductOfferingPrice", &d["productOfferingPrice"][0]).is_empty());
}

proptest! {
    /// Any price up to ¥9,999,999,999,999.99 is written as a number that reads back to its fen.
    #[test]
    fn every_amount_reads_back_to_its_fen(fen_value in 0i64..1_000_000_000_000_000) {
        let (mut catalog, policy) = mini();
        catalog.offerings[1].mrc = fen_value;
        let doc = tmf::product_catalog(&catalog, &policy, Lang::En).expect("exports");
        let id = format!("{}.mrc", catalog.offerings[1].id);
        prop_assert_eq!(fen(&pop(&doc, &id)["price"]), fen_value);
    }
}

#[test]
fn an_amount_no_tmf_number_holds_exactly_is_refused() {
    let (mut catalog, policy) = mini();
    catalog.offerings[1].mrc = 1_000_000_000_000_000_001;
    let err = tmf::product_catalog(&catalog, &policy, Lang::En).expect_err("refused");
    assert!(err.en.contains("10000000000000000.01"), "{}", err.en);
    assert!(err.zh.contains("10000000000000000.01"), "{}", err.zh);
}

/// `tailor-tmf` in a fresh folder of its own.
fn tool(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tailor-tmf"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("tailor-tmf runs")
}

fn folder(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tailor-tmf-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    dir
}

#[test]
fn the_command_exports_a_quote_file_as_the_library_does() {
    let (catalog, policy) = mini_with_sales_manager();
    let quote = hand_quote();
    let priced = price(&catalog, &policy, &quote);
    let approvals = [approve(&policy, &quote, &priced)];
    let dir = folder("quote");
    let write = |name: &str, text: &str| std::fs::write(dir.join(name), text).expect("written");
    write("catalog.json", include_str!("fixtures/mini/catalog.json"));
    write(
        "policy.json",
        &serde_json::to_string(&policy).expect("json"),
    );
    write(
        "Q-TMF.tailor.json",
        &approval::file::quote_file_json(&quote, &priced, &approvals),
    );
    let args = [
        "quote",
        "2026-03-05",
        "Q-TMF.tailor.json",
        "catalog.json",
        "policy.json",
    ];
    let o = tool(&dir, &args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let printed: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let (expected, _) = export(&catalog, &policy, &quote, &approvals, "2026-03-05");
    assert_eq!(printed, expected);
    assert_eq!(printed["state"], "approved");

    // In English on request; the same figures.
    let o = tool(&dir, &[&args[..], &["--lang", "en"]].concat());
    let printed: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(printed["authorization"][0]["name"], "sales manager");
    for i in 0..3 {
        let price = |doc: &Value| doc["quoteTotalPrice"][i]["price"].clone();
        assert_eq!(price(&printed), price(&expected));
    }

    // A quote priced on another catalog version needs repricing first.
    let mut other = quote.clone();
    other.catalog_version = "mini-0".into();
    write(
        "old.tailor.json",
        &approval::file::quote_file_json(&other, &priced, &[]),
    );
    let o = tool(
        &dir,
        &[
            "quote",
            "2026-03-05",
            "old.tailor.json",
            "catalog.json",
            "policy.json",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("old.tailor.json: priced on catalog mini-0") && err.contains("repricing"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_command_exports_the_default_catalog() {
    let dir = folder("catalog");
    let o = tool(&dir, &["catalog"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let printed: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let (catalog, policy) = common::setup();
    let expected = tmf::product_catalog(&catalog, &policy, Lang::Zh).expect("exports");
    assert_eq!(printed, expected);
    let o = tool(&dir, &["catalog", "--lang", "fr"]);
    assert_eq!(o.status.code(), Some(1));
    let o = tool(&dir, &["catalog", "missing.json", "policy.json"]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("missing.json: cannot read"));
    std::fs::remove_dir_all(&dir).ok();
}
