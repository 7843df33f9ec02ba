//! Sites at scale (PRODUCT.md): site packages give every site of a type its lines; editing a
//! package updates every site except the lines changed by hand, which keep the seller's values and
//! stay marked; bulk edits change the matching lines of the selected sites and leave the previous
//! quote as it was (one undo); and the price is the same, byte for byte, whether the lines were
//! typed one by one, given by packages or changed by bulk edits. Quotes and catalogs without the
//! new fields keep their bytes.

mod common;

use std::collections::BTreeMap;
use std::sync::Arc;
use tailor_core::bulk_edit::{self, Change, Selection};
use tailor_core::catalog::Catalog;
use tailor_core::incremental::Repricer;
use tailor_core::policy::Policy;
use tailor_core::quote::{Line, Package, PackageLine, Quote, Site};
use tailor_core::text::Text;
use tailor_core::{canonical, check, package, pricing, sample};

fn setup() -> (Catalog, Policy) {
    common::setup()
}

fn options(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(g, c)| (g.to_string(), c.to_string()))
        .collect()
}

/// "branch: 100M dedicated line with gold SLA + SD-WAN + 4 cameras".
fn branch_package() -> Package {
    let line = |id: &str, offering: &str, opts: &[(&str, &str)], quantity| PackageLine {
        id: id.into(),
        offering: offering.into(),
        options: options(opts),
        quantity,
        discount_bp: 0,
    };
    Package {
        id: "branch".into(),
        name: Text::new("支行套餐", "Branch package"),
        site_type: "branch".into(),
        lines: vec![
            line(
                "dia",
                "dia",
                &[("bandwidth", "bw_100m"), ("sla", "gold")],
                1,
            ),
            line("sdwan", "sdwan", &[], 1),
            line("cameras", "camera", &[("model", "dome_4mp")], 4),
        ],
    }
}

fn outlet_package() -> Package {
    Package {
        id: "outlet".into(),
        name: Text::new("营业网点套餐", "Outlet package"),
        site_type: "outlet".into(),
        lines: vec![PackageLine {
            id: "cameras".into(),
            offering: "camera".into(),
            options: options(&[("model", "bullet_2mp")]),
            quantity: 2,
            discount_bp: 500,
        }],
    }
}

/// A provincial bank: its headquarters, four branches in 福州 and two in 厦门, two outlets.
fn bank(catalog: &Catalog, policy: &Policy) -> Quote {
    let mut q = sample::quote(catalog, policy, 0);
    let site = |i: usize, name: &str, city: &str, address: &str, site_type: &str| Site {
        id: format!("S{i}"),
        name: name.into(),
        city: city.into(),
        address: address.into(),
        site_type: site_type.into(),
        ..Site::default()
    };
    q.customer.sites = vec![
        site(1, "省分行", "福州", "五四路 1 号", "headquarters"),
        site(2, "鼓楼支行", "福州", "五四路 8 号", "branch"),
        site(3, "台江支行", "福州", "八一七路 2 号", "branch"),
        site(4, "仓山支行", "福州", "首山路 3 号", "branch"),
        site(5, "晋安支行", "福州", "福马路 4 号", "branch"),
        site(6, "思明支行", "厦门", "湖滨南路 5 号", "branch"),
        site(7, "湖里支行", "厦门", "江头路 6 号", "branch"),
        site(8, "火车站营业部", "福州", "站前路", "outlet"),
        site(9, "机场营业部", "厦门", "翔安机场", "outlet"),
    ];
    q
}

fn line_at<'a>(q: &'a Quote, site: &str, offering: &str) -> &'a Line {
    q.lines
        .iter()
        .find(|l| l.site.as_deref() == Some(site) && l.offering == offering)
        .unwrap_or_else(|| panic!("no {offering} at {site}"))
}

#[test]
fn a_package_gives_every_site_of_its_type_its_lines() {
    let (catalog, policy) = setup();
    let q = package::put(&bank(&catalog, &policy), branch_package()).expect("applied");
    // Six branches × three lines; the headquarters and the outlets get none.
    assert_eq!(q.lines.len(), 18);
    let ids: Vec<&str> = q.lines.iter().take(4).map(|l| l.id.as_str()).collect();
    assert_eq!(
        ids,
        ["L10", "L11", "L12", "L13"],
        "after the highest id, S9"
    );
    for l in &q.lines {
        let from = l.package.as_ref().expect("from the package");
        assert_eq!(from.package, "branch");
        let site = q
            .site(l.site.as_deref().unwrap_or_default())
            .expect("a site");
        assert_eq!(site.site_type, "branch");
        assert!(!l.by_hand);
    }
    let cameras = line_at(&q, "S6", "camera");
    assert_eq!(
        (cameras.quantity, cameras.options["model"].as_str()),
        (4, "dome_4mp")
    );
    // Applying it again changes nothing.
    assert_eq!(package::sync(&q, "branch").expect("applied"), q);
    let q = package::put(&q, outlet_package()).expect("applied");
    assert_eq!(q.lines.len(), 20);
    assert_eq!(line_at(&q, "S9", "camera").discount_bp, 500);
    // Removing a package takes its lines away.
    assert_eq!(package::remove(&q, "outlet").lines.len(), 18);
}

#[test]
fn editing_a_package_updates_every_site_except_lines_changed_by_hand() {
    let (catalog, policy) = setup();
    let mut q = package::put(&bank(&catalog, &policy), branch_package()).expect("applied");
    // The seller gives 鼓楼支行 two lines by hand.
    let gulou = q
        .lines
        .iter_mut()
        .find(|l| l.site.as_deref() == Some("S2") && l.offering == "dia")
        .expect("a line");
    gulou.quantity = 2;
    package::changed_by_hand(gulou);
    let gulou_id = gulou.id.clone();
    // The package now gives platinum SLA and six cameras, and no SD-WAN.
    let mut edited = branch_package();
    edited.lines[0].options = options(&[("bandwidth", "bw_100m"), ("sla", "platinum")]);
    edited.lines[2].quantity = 6;
    edited.lines.remove(1);
    let q = package::put(&q, edited).expect("applied");
    assert_eq!(q.lines.len(), 12, "the SD-WAN lines went");
    for site in ["S3", "S4", "S5", "S6", "S7"] {
        assert_eq!(line_at(&q, site, "dia").options["sla"], "platinum");
        assert_eq!(line_at(&q, site, "camera").quantity, 6);
    }
    let kept = line_at(&q, "S2", "dia");
    assert_eq!(
        (kept.quantity, kept.options["sla"].as_str(), kept.by_hand),
        (2, "gold", true),
        "as the seller set it, marked as changed"
    );
    assert_eq!(line_at(&q, "S2", "camera").quantity, 6);
    // Given back to the package, it takes the package's values.
    let q = package::restore(&q, &gulou_id).expect("restored");
    let back = line_at(&q, "S2", "dia");
    assert_eq!(
        (back.quantity, back.options["sla"].as_str(), back.by_hand),
        (1, "platinum", false)
    );
}

#[test]
fn a_site_of_another_type_loses_the_package_lines_but_not_those_changed_by_hand() {
    let (catalog, policy) = setup();
    let mut q = package::put(&bank(&catalog, &policy), branch_package()).expect("applied");
    let cameras = q
        .lines
        .iter_mut()
        .find(|l| l.site.as_deref() == Some("S7") && l.offering == "camera")
        .expect("a line");
    cameras.quantity = 9;
    package::changed_by_hand(cameras);
    q.customer.sites[6].site_type = "outlet".into();
    let q = package::sync_all(&q).expect("applied");
    let at_s7: Vec<(&str, u32)> = q
        .lines
        .iter()
        .filter(|l| l.site.as_deref() == Some("S7"))
        .map(|l| (l.offering.as_str(), l.quantity))
        .collect();
    assert_eq!(at_s7, [("camera", 9)]);
    assert_eq!(q.lines.len(), 5 * 3 + 1);
}

#[test]
fn a_package_may_not_take_a_quote_beyond_its_lines() {
    let (catalog, policy) = setup();
    let mut q = sample::quote(&catalog, &policy, 0);
    q.customer.sites = (0..1_700)
        .map(|i| Site {
            id: format!("S{i}"),
            name: format!("支行 {i}"),
            site_type: "branch".into(),
            ..Site::default()
        })
        .collect();
    let e = package::put(&q, branch_package()).expect_err("5,100 lines");
    assert_eq!(
        e.en,
        "The package 'Branch package' would give the quote 5100 lines; a quote has at most 5000"
    );
    assert!(e.zh.contains("5100 行"));
}

#[test]
fn a_bulk_edit_upgrades_one_city_and_one_undo_restores_it() {
    let (catalog, policy) = setup();
    let before = package::put(&bank(&catalog, &policy), branch_package()).expect("applied");
    let fuzhou = Selection {
        site_type: Some("branch".into()),
        city: Some("福州".into()),
        ..Selection::default()
    };
    assert_eq!(fuzhou.sites(&before), ["S2", "S3", "S4", "S5"]);
    let upgrade = Change::Option {
        group: "bandwidth".into(),
        choice: "bw_200m".into(),
    };
    let edited = bulk_edit::apply(&catalog, &before, &fuzhou, &upgrade);
    // Only the dedicated lines have a bandwidth: one per branch in 福州.
    assert_eq!(edited.lines_changed, 4);
    for site in ["S2", "S3", "S4", "S5"] {
        let l = line_at(&edited.quote, site, "dia");
        assert_eq!(
            (l.options["bandwidth"].as_str(), l.by_hand),
            ("bw_200m", true)
        );
    }
    assert_eq!(
        line_at(&edited.quote, "S6", "dia").options["bandwidth"],
        "bw_100m"
    );
    // The previous quote is untouched: undo is putting it back.
    assert_eq!(
        line_at(&before, "S2", "dia").options["bandwidth"],
        "bw_100m"
    );
    // The same edit again changes nothing; a choice the offering lacks changes nothing.
    assert_eq!(
        bulk_edit::apply(&catalog, &edited.quote, &fuzhou, &upgrade).lines_changed,
        0
    );
    let nothing = Change::Option {
        group: "bandwidth".into(),
        choice: "bw_10g".into(),
    };
    assert_eq!(
        bulk_edit::apply(&catalog, &before, &fuzhou, &nothing).lines_changed,
        0
    );
    // The package edited afterwards leaves the upgraded lines as the bulk edit set them.
    let mut gold_to_platinum = branch_package();
    gold_to_platinum.lines[0]
        .options
        .insert("sla".into(), "platinum".into());
    let q = package::put(&edited.quote, gold_to_platinum).expect("applied");
    assert_eq!(line_at(&q, "S3", "dia").options["sla"], "gold");
    assert_eq!(line_at(&q, "S6", "dia").options["sla"], "platinum");
    // Quantities and discounts, by free filter and by offering.
    let on_wusi = Selection {
        filter: "五四路".into(),
        offering: Some("camera".into()),
        ..Selection::default()
    };
    let more = bulk_edit::apply(
        &catalog,
        &before,
        &on_wusi,
        &Change::Quantity { quantity: 8 },
    );
    assert_eq!(more.lines_changed, 1, "the headquarters has no cameras");
    assert_eq!(line_at(&more.quote, "S2", "camera").quantity, 8);
    let xiamen = Selection {
        city: Some("厦门".into()),
        ..Selection::default()
    };
    let off = bulk_edit::apply(
        &catalog,
        &before,
        &xiamen,
        &Change::Discount { discount_bp: 800 },
    );
    assert_eq!(off.lines_changed, 6);
}

/// The same lines priced the same, however they were made: typed one by one, given by packages
/// and a bulk edit, or repriced line by line as each edit is made.
#[test]
fn totals_are_the_same_whether_built_line_by_line_by_packages_or_by_bulk_edits() {
    let (catalog, policy) = setup();
    let bank = bank(&catalog, &policy);
    let by_packages = package::put(&bank, branch_package()).expect("applied");
    let by_packages = package::put(&by_packages, outlet_package()).expect("applied");
    let fuzhou = Selection {
        city: Some("福州".into()),
        ..Selection::default()
    };
    let upgrade = Change::Option {
        group: "bandwidth".into(),
        choice: "bw_200m".into(),
    };
    let bulk = bulk_edit::apply(&catalog, &by_packages, &fuzhou, &upgrade).quote;
    // The same lines typed in by hand: no package, nothing marked.
    let mut by_hand = bank.clone();
    by_hand.lines = bulk
        .lines
        .iter()
        .map(|l| Line {
            package: None,
            by_hand: false,
            ..l.clone()
        })
        .collect();
    let bytes = |q: &Quote| canonical::to_bytes(&pricing::price(&catalog, &policy, q));
    assert_eq!(bytes(&bulk), bytes(&by_hand));
    // And the bulk edit made one line at a time through the incremental repricer.
    let mut r = Repricer::new(
        Arc::new(catalog.clone()),
        Arc::new(policy.clone()),
        by_packages.clone(),
    );
    for (i, (old, new)) in by_packages.lines.iter().zip(&bulk.lines).enumerate() {
        if old != new {
            let new = new.clone();
            r.edit_line(i, move |l| *l = new);
        }
    }
    assert_eq!(r.quote(), &bulk);
    assert_eq!(canonical::to_bytes(r.priced()), bytes(&bulk));
    let p = r.priced();
    assert!(p.totals.net.tcv > 0 && !p.taxes.is_empty());
}

#[test]
fn templates_carry_packages_per_site_type() {
    let (mut catalog, policy) = setup();
    catalog.templates[0].packages = vec![branch_package(), outlet_package()];
    assert!(
        check::check(&catalog, "catalog.json", &policy, "policy.json")
            .iter()
            .all(|p| p.severity != tailor_core::catalog::Severity::Error),
        "a template with packages checks clean"
    );
    let id = catalog.templates[0].id.clone();
    let q = package::from_template(&catalog, &bank(&catalog, &policy), &id).expect("applied");
    assert_eq!(q.packages.len(), 2);
    assert_eq!(q.lines.len(), 6 * 3 + 2);
    // A template's packages survive the catalog file: written and read back.
    let text = serde_json::to_string(&catalog).expect("serializes");
    let back: Catalog = check::parse("catalog.json", &text).expect("parses");
    assert_eq!(back.templates[0].packages, catalog.templates[0].packages);
}

/// Quotes and catalogs written before sites at scale read unchanged and write the same bytes, so
/// their digests (what approvals and statements sign) stay as they were: the SHA-256 of each
/// example quote's canonical bytes, as the core wrote them before site types and packages
/// (computed on the main branch of the day, e594d9a).
#[test]
fn files_without_the_new_fields_keep_their_bytes() {
    use sha2::{Digest, Sha256};
    const BEFORE: [(&str, &str); 9] = [
        (
            "01_all_units_tiers",
            "9952e3bc5a7633ba5afed828f00fc26b92f04f3b2491b3a30a22e0fa11ef4682",
        ),
        (
            "02_term_bundle_requested",
            "df405c18fe916402bd596855e9886633fb87c9e17fff9c4025235683b0ab4a04",
        ),
        (
            "03_half_fen_rounding",
            "8549f81098bdafa8722537077c99fe1cdec65c60baef67b2e3210489353794d2",
        ),
        (
            "04_mixed_tax_classes",
            "eec42f27d78696ec144b9c84afb1027177b493e65869c7bdd262b6ecb4ab533a",
        ),
        (
            "05_cost_floor_refusal",
            "2a69a181990d99663f49c50b03c10bdd4b0a5c0e4ee2d8aa6d5f7234abf549b3",
        ),
        (
            "06_at_risk_not_flagged",
            "6c7d269bb115453e061c009c468fee9f296e11dc04ab28392e7e97942f6e63db",
        ),
        (
            "07_at_risk_in_force",
            "7cb0d04c1269ed1ba64d07a2b67d72f16ac7d718c34a07c510ba5f80d0923b25",
        ),
        (
            "08_deal_size_threshold",
            "77be5c6fad851540f3768a775b5b271d499d44fbcec6f95e9ce4a048dcbce912",
        ),
        (
            "09_sla_options_and_rules",
            "70d0fc6a2ab781e136e4987b7cce616ac0051e1c1a998dfd25a2009df8e5ab6a",
        ),
    ];
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/examples");
    for (name, digest) in BEFORE {
        let text = std::fs::read_to_string(dir.join(format!("{name}.quote.json"))).expect("reads");
        let quote: Quote = serde_json::from_str(&text).expect("parses");
        let now = hex::encode(Sha256::digest(canonical::to_bytes(&quote)));
        assert_eq!(now, digest, "{name}");
    }
    // No new key is written for a quote without sites' new fields, packages or marks.
    let (catalog, policy) = setup();
    let text = canonical::to_string(&sample::quote(&catalog, &policy, 20));
    for key in [
        "site_type",
        "district",
        "contact",
        "packages",
        "package",
        "by_hand",
    ] {
        assert!(!text.contains(&format!("\"{key}\"")), "{key}");
    }
    // The default catalog declares no site types: it has the three defaults, and writes none.
    assert_eq!(catalog.site_types.len(), 3);
    assert!(!serde_json::to_string(&catalog)
        .expect("json")
        .contains("site_types"));
}

/// The provincial flow in the core: a 1,500-site list imported from CSV, two packages applied,
/// one city's branches upgraded to 200M by a bulk edit; the quote file of 3,899 lines with its
/// snapshot stays under the quote file's cap and opens again as the same quote and price.
#[test]
fn a_provincial_bank_from_its_site_list_to_its_quote_file() {
    use tailor_core::{limits, quote_file, site_import};
    let (catalog, policy) = setup();
    let cities = ["福州", "厦门", "泉州"];
    let csv: String = std::iter::once("网点名称,城市,区县,地址,网点类型,联系人\r\n".to_string())
        .chain((0..1_500).map(|i| {
            let kind = match i {
                0 => "总部",
                1..=1_200 => "分支机构",
                _ => "营业网点",
            };
            let city = cities[i % 3];
            format!("网点 {i:04},{city},示例区,\"示例路 {i} 号, 一层\",{kind},联系人 {i}\r\n")
        }))
        .collect();
    let bytes = csv.into_bytes();
    let text = match site_import::decode("网点.csv", &bytes, site_import::Encoding::Utf8) {
        Ok(site_import::Decoded::Text(text)) => text,
        other => panic!("{other:?}"),
    };
    let table = site_import::read_csv("网点.csv", &text).expect("reads");
    let preview = site_import::preview(&table);
    assert!(preview.unmapped_required.is_empty());
    let blank = sample::quote(&catalog, &policy, 0);
    let plan = site_import::plan(&catalog, &blank, &table, &preview.mapping).expect("planned");
    assert!(plan.errors.is_empty(), "{:?}", plan.errors.first());
    assert_eq!(plan.new.len(), 1_500);
    let q = site_import::apply(&blank, &plan);
    let q = package::put(&q, branch_package()).expect("applied");
    let q = package::put(&q, outlet_package()).expect("applied");
    assert_eq!(q.lines.len(), 1_200 * 3 + 299);
    let fuzhou = Selection {
        site_type: Some("branch".into()),
        city: Some("福州".into()),
        ..Selection::default()
    };
    let upgrade = Change::Option {
        group: "bandwidth".into(),
        choice: "bw_200m".into(),
    };
    let edited = bulk_edit::apply(&catalog, &q, &fuzhou, &upgrade);
    assert_eq!(
        edited.lines_changed, 400,
        "branches 3, 6, … 1,200 are in 福州"
    );
    let priced = pricing::price(&catalog, &policy, &edited.quote);
    let file = quote_file::export(&edited.quote, &priced);
    assert!(
        file.len() < limits::QUOTE_FILE.max_bytes,
        "{} bytes",
        file.len()
    );
    let back = quote_file::import("bank.tailor.json", &file).expect("opens");
    assert_eq!(back.quote, edited.quote);
    assert_eq!(pricing::price(&catalog, &policy, &back.quote), priced);
}

/// Worked by hand on the mini catalog (`tests/fixtures/mini`), 12 months (no term discount), two
/// families (line and IoT: 2 % bundle discount on the MRC), a package for three branches:
///
/// - dedicated internet access, 100M (+¥500) gold (+¥200): unit MRC 1,000 + 500 + 200 = ¥1,700;
///   after 2 %: ¥1,666.00 a month; NRC ¥2,000 (no bundle discount on NRC);
///   TCV 166,600 × 12 + 200,000 = 2,199,200 fen;
/// - two cameras at ¥600 once: TCV 120,000 fen;
/// - a site: 2,319,200 fen; three sites: 6,957,600 fen (¥69,576.00).
///
/// Tax: the line at 9 %: 14,994 a month and 18,000 once, 14,994 × 12 + 18,000 = 197,928; the
/// cameras at 13 %: 15,600; three sites: 3 × 213,528 = 640,584 fen.
///
/// A bulk edit upgrades one branch to 200M (+¥1,500): unit MRC ¥2,700, after 2 % ¥2,646.00,
/// TCV 264,600 × 12 + 200,000 = 3,375,200; the total 6,957,600 − 2,199,200 + 3,375,200 =
/// 8,133,600 fen, the same from the full price and from the incremental repricer.
#[test]
fn a_package_priced_by_hand() {
    let catalog: Catalog = check::parse("catalog.json", include_str!("fixtures/mini/catalog.json"))
        .expect("mini catalog");
    let policy: Policy = check::parse("policy.json", include_str!("fixtures/mini/policy.json"))
        .expect("mini policy");
    let mut q = sample::quote(&catalog, &policy, 0);
    q.term_months = 12;
    q.customer.sites = (1..=3)
        .map(|i| Site {
            id: format!("S{i}"),
            name: format!("支行 {i}"),
            city: if i == 1 { "福州" } else { "厦门" }.into(),
            site_type: "branch".into(),
            ..Site::default()
        })
        .collect();
    let package = Package {
        id: "branch".into(),
        name: Text::new("支行", "Branch"),
        site_type: "branch".into(),
        lines: vec![
            PackageLine {
                id: "dia".into(),
                offering: "dia".into(),
                options: options(&[("bandwidth", "100m"), ("sla", "gold")]),
                quantity: 1,
                discount_bp: 0,
            },
            PackageLine {
                id: "cameras".into(),
                offering: "camera_kit".into(),
                options: BTreeMap::new(),
                quantity: 2,
                discount_bp: 0,
            },
        ],
    };
    let q = package::put(&q, package).expect("applied");
    let p = pricing::price(&catalog, &policy, &q);
    assert_eq!((p.families, p.bundle_bp, p.term_bp), (2, 200, 0));
    assert_eq!(p.lines[0].net.mrc, 166_600);
    assert_eq!(p.lines[0].net.tcv, 2_199_200);
    assert_eq!(p.lines[1].net.tcv, 120_000);
    assert_eq!(p.totals.net.tcv, 6_957_600);
    assert_eq!(p.totals.tax.tcv, 640_584);
    let fuzhou = Selection {
        city: Some("福州".into()),
        ..Selection::default()
    };
    let upgrade = Change::Option {
        group: "bandwidth".into(),
        choice: "200m".into(),
    };
    let edited = bulk_edit::apply(&catalog, &q, &fuzhou, &upgrade);
    assert_eq!(edited.lines_changed, 1);
    let full = pricing::price(&catalog, &policy, &edited.quote);
    assert_eq!(full.totals.net.tcv, 8_133_600);
    let mut r = Repricer::new(
        Arc::new(catalog.clone()),
        Arc::new(policy.clone()),
        q.clone(),
    );
    let at = q
        .lines
        .iter()
        .position(|l| l.site.as_deref() == Some("S1") && l.offering == "dia")
        .expect("the line");
    r.edit_line(at, |l| {
        l.options.insert("bandwidth".into(), "200m".into());
        package::changed_by_hand(l);
    });
    assert_eq!(r.priced().totals.net.tcv, 8_133_600);
    assert_eq!(r.quote(), &edited.quote);
    assert_eq!(r.priced(), &full);
}
