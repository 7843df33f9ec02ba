//! Worked examples over the mini fixtures (`tests/fixtures/mini`): every key amount is computed by
//! hand in the comments, then asserted against the core. `tests/examples/README.md` walks through
//! the same numbers.
//!
//! The golden files `tests/examples/NN_name.priced.json` hold the canonical bytes of each priced
//! example. Regenerate them after an intended change with
//! `TAILOR_BLESS=1 cargo test -p tailor-core --test worked_examples`.
//!
//! Mini policy, for reference: VAT basic 9 %, vat 6 %, goods 13 %; term discounts 12 → 0,
//! 24 → 3 %, 36 → 5 %; bundle 2 families → 2 %, 3 → 3 %; limits (account manager / sales manager /
//! city branch / provincial) basic 10/15/20/30 %, line 10/15/25/35 %, office 20/30/40/50 %,
//! iot 15/25/35/50 %; max TCV ¥100,000 / ¥500,000 / ¥2,000,000 / none; at-risk widening basic
//! +3 %, others +5 %.

use std::path::{Path, PathBuf};
use tailor_core::authority::{describe, Reason};
use tailor_core::catalog::Catalog;
use tailor_core::money::{apply_discounts, apply_rate, div_round};
use tailor_core::policy::Policy;
use tailor_core::pricing::{price, Priced};
use tailor_core::quote::Quote;
use tailor_core::text::Lang;
use tailor_core::waterfall::{effective_discount, Amounts};
use tailor_core::{canonical, check};

fn mini() -> (Catalog, Policy) {
    let c = check::parse("catalog.json", include_str!("fixtures/mini/catalog.json")).unwrap();
    let p = check::parse("policy.json", include_str!("fixtures/mini/policy.json")).unwrap();
    (c, p)
}

fn examples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/examples")
}

/// The example names (`NN_name`), sorted.
fn example_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(examples_dir())
        .unwrap()
        .filter_map(|e| {
            let n = e.unwrap().file_name().into_string().unwrap();
            n.strip_suffix(".quote.json").map(str::to_string)
        })
        .collect();
    names.sort();
    names
}

fn quote(name: &str) -> Quote {
    let path = examples_dir().join(format!("{name}.quote.json"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    check::parse(name, &text).unwrap_or_else(|p| panic!("{p}"))
}

fn priced(name: &str) -> (Catalog, Policy, Quote, Priced) {
    let (c, p) = mini();
    let q = quote(name);
    let r = price(&c, &p, &q);
    (c, p, q, r)
}

fn amounts(mrc: i64, nrc: i64, tcv: i64) -> Amounts {
    Amounts { mrc, nrc, tcv }
}

#[test]
fn mini_fixtures_load_and_pass_the_checker() {
    let loaded = check::load(
        "catalog.json",
        include_str!("fixtures/mini/catalog.json"),
        "policy.json",
        include_str!("fixtures/mini/policy.json"),
    )
    .unwrap_or_else(|problems| {
        panic!(
            "{}",
            problems
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        )
    });
    assert_eq!(loaded.catalog.families.len(), 4);
    assert_eq!(loaded.catalog.offerings.len(), 8);
    assert_eq!(loaded.policy.levels.len(), 4);
}

/// Every example priced now gives exactly the bytes of its golden file.
#[test]
fn golden_priced_bytes() {
    let (c, p) = mini();
    let bless = std::env::var("TAILOR_BLESS").is_ok_and(|v| v == "1");
    let names = example_names();
    assert!(
        names.len() >= 7,
        "expected at least 7 examples, found {names:?}"
    );
    let mut failures = Vec::new();
    for name in &names {
        let actual = canonical::to_string(&price(&c, &p, &quote(name)));
        let path = examples_dir().join(format!("{name}.priced.json"));
        if bless {
            std::fs::write(&path, &actual).unwrap();
            continue;
        }
        let Ok(expected) = std::fs::read_to_string(&path) else {
            failures.push(format!("{name}: no golden file {}", path.display()));
            continue;
        };
        if expected != actual {
            failures.push(format!("{name}: {}", first_difference(&expected, &actual)));
        }
    }
    assert!(
        failures.is_empty(),
        "priced bytes differ from the golden files:\n{}\n\nIf the change is intended, regenerate them with \
         `TAILOR_BLESS=1 cargo test -p tailor-core --test worked_examples` and review the diff.",
        failures.join("\n")
    );
}

/// Where two strings first differ, with some context on both sides.
fn first_difference(expected: &str, actual: &str) -> String {
    let (e, a) = (expected.as_bytes(), actual.as_bytes());
    let i = e.iter().zip(a).take_while(|(x, y)| x == y).count();
    let window = |s: &[u8]| {
        let from = i.saturating_sub(60);
        let to = (i + 60).min(s.len());
        String::from_utf8_lossy(&s[from..to]).into_owned()
    };
    format!(
        "first difference at byte {i} (golden {} bytes, now {} bytes)\n  golden: …{}…\n  now:    …{}…",
        e.len(),
        a.len(),
        window(e),
        window(a)
    )
}

/// (a) All-units tiers: the tier that contains the quantity prices every unit.
#[test]
fn ex01_all_units_tiers() {
    let (_, _, _, r) = priced("01_all_units_tiers");
    // V-net: base 10.00/seat; from 50 seats 9.00 for every seat; from 100 seats 8.00.
    // 12-month term (0 %), one family (no bundle), no requested discount.
    let unit: Vec<i64> = r.lines.iter().map(|l| l.unit_list_mrc).collect();
    assert_eq!(unit, [1000, 900, 900, 800]);
    // L1  49 × 1000 = 49,000      L2  50 × 900 = 45,000   (one more seat, 4,000 fen less)
    // L3  99 ×  900 = 89,100      L4 100 × 800 = 80,000   (one more seat, 9,100 fen less)
    let mrc: Vec<i64> = r.lines.iter().map(|l| l.net.mrc).collect();
    assert_eq!(mrc, [49_000, 45_000, 89_100, 80_000]);
    // TCV = MRC × 12: 588,000 / 540,000 / 1,069,200 / 960,000.
    assert_eq!(r.lines[3].net.tcv, 960_000);
    // 9 % VAT: 4,410 / 4,050 / 8,019 / 7,200 (all exact).
    let tax: Vec<i64> = r.lines.iter().map(|l| l.tax.mrc).collect();
    assert_eq!(tax, [4_410, 4_050, 8_019, 7_200]);
    // Totals: MRC 49,000 + 45,000 + 89,100 + 80,000 = 263,100; TCV × 12 = 3,157,200;
    // tax 23,679; gross MRC 286,779.
    assert_eq!(r.totals.net, amounts(263_100, 0, 3_157_200));
    assert_eq!(r.totals.tax, amounts(23_679, 0, 284_148));
    assert_eq!(r.totals.gross.mrc, 286_779);
    // Cost 4.00/seat: 49 × 400 = 19,600 … 100 × 400 = 40,000; total 119,200; margin
    // 3,157,200 − 119,200 × 12 = 1,726,800.
    assert_eq!(r.totals.cost.mrc, 119_200);
    assert_eq!(r.totals.margin, 1_726_800);
    assert!(r.authority.within_role() && r.authority.reasons.is_empty());
}

/// (b) Term, bundle and requested discounts compound exactly, with one rounding per amount;
/// the waterfall steps; the effective discount; headroom checked by hand.
#[test]
fn ex02_term_bundle_requested_compound_once() {
    let (c, p, q, r) = priced("02_term_bundle_requested");
    // 36 months → term 5 %; conf (basic) + dia (line) + mail (office) → 3 families → bundle 3 %.
    assert_eq!((r.term_bp, r.bundle_bp, r.families), (500, 300, 3));

    // L1: audio conferencing, 3 ports × 50.00 = list MRC 15,000; requested 10 %.
    let l1 = &r.lines[0];
    // Waterfall, each step computed from the list amount and rounded once:
    //   after term       15,000 × 0.95               = 14,250
    //   after bundle     15,000 × 0.95 × 0.97        = 13,822.5   → 13,823 (half away from zero)
    //   after requested  15,000 × 0.95 × 0.97 × 0.90 = 12,440.25  → 12,440
    // Rounding at each step instead would give 13,823 × 0.90 = 12,440.7 → 12,441: the core
    // rounds once, so 12,440.
    assert_eq!(l1.waterfall.list, amounts(15_000, 0, 540_000));
    assert_eq!(l1.waterfall.after_term, amounts(14_250, 0, 513_000));
    assert_eq!(l1.waterfall.after_bundle, amounts(13_823, 0, 497_628));
    assert_eq!(l1.waterfall.after_requested, amounts(12_440, 0, 447_840));
    assert_eq!(l1.net, l1.waterfall.after_requested);
    assert_eq!(apply_discounts(15_000, &[500, 300, 1000]), 12_440);
    let stepwise = apply_discounts(apply_discounts(15_000, &[500, 300]), &[1000]);
    assert_eq!(
        stepwise, 12_441,
        "rounding per step would differ by one fen"
    );
    // Effective discount: 1 − (12,440 × 36) / (15,000 × 36) = 1 − 447,840 / 540,000
    //   = 92,160 / 540,000 = 17.0666…% → rounded up to 1,707 bp.
    assert_eq!(l1.effective_bp, 1707);
    assert_eq!(effective_discount(&l1.waterfall.list, &l1.net), 1707);

    // L2: dedicated internet access, 100M (base 1,000.00 + 500.00), standard SLA, 1 line,
    // install 2,000.00; requested 10 % (applies to the NRC too; term and bundle do not).
    let l2 = &r.lines[1];
    assert_eq!((l2.unit_list_mrc, l2.unit_list_nrc), (150_000, 200_000));
    //   after term       150,000 × 0.95               = 142,500
    //   after bundle     150,000 × 0.95 × 0.97        = 138,225
    //   after requested  150,000 × 0.95 × 0.97 × 0.90 = 124,402.5 → 124,403; NRC 200,000 × 0.90 = 180,000
    // TCV: list 150,000 × 36 + 200,000 = 5,600,000; net 124,403 × 36 + 180,000 = 4,658,508.
    assert_eq!(l2.waterfall.list, amounts(150_000, 200_000, 5_600_000));
    assert_eq!(
        l2.waterfall.after_term,
        amounts(142_500, 200_000, 5_330_000)
    );
    assert_eq!(
        l2.waterfall.after_bundle,
        amounts(138_225, 200_000, 5_176_100)
    );
    assert_eq!(l2.net, amounts(124_403, 180_000, 4_658_508));
    // Effective: 941,492 / 5,600,000 = 16.812…% → 1,682 bp: above the sales manager's 15 % for
    // lines, within the city branch's 25 %.
    assert_eq!(l2.effective_bp, 1682);
    assert_eq!(l2.authority.needs, 2);
    // Cost floor: (700.00 + 300.00 for 100M) = 100,000 MRC, 150,000 NRC.
    assert_eq!(l2.cost, amounts(100_000, 150_000, 3_750_000));
    // Tax 9 %: 124,403 × 0.09 = 11,196.27 → 11,196; 180,000 × 0.09 = 16,200.
    assert_eq!(l2.tax, amounts(11_196, 16_200, 11_196 * 36 + 16_200));

    // Headroom of L2 for the account manager (line limit 10 %): the largest requested r with
    // net TCV ≥ 90 % × 5,600,000 = 5,040,000. Net TCV ≈ (138,225 × 36 + 200,000)(1 − r)
    // = 5,176,100 (1 − r) ≥ 5,040,000 → r ≤ 2.629 %. Checking both sides:
    //   r = 262: MRC 138,225 × 0.9738 = 134,603.505 → 134,604; NRC 194,760;
    //            TCV 134,604 × 36 + 194,760 = 5,040,504 ≥ 5,040,000 ✓
    //   r = 263: MRC 138,225 × 0.9737 = 134,589.68 → 134,590; NRC 194,740;
    //            TCV 4,845,240 + 194,740 = 5,039,980 < 5,040,000 ✗ (effective 10.0004 % → 1,001 bp)
    // Next level (sales manager, 15 %): net TCV ≥ 4,760,000 → r ≤ 8.039 %:
    //   r = 803: MRC 138,225 × 0.9197 = 127,125.53 → 127,126; TCV 4,576,536 + 183,940 = 4,760,476 ✓
    //   r = 804: MRC 138,225 × 0.9196 = 127,111.71 → 127,112; TCV 4,576,032 + 183,920 = 4,759,952 ✗
    // The floor (100,000 / 150,000) is far below either.
    assert_eq!((l2.headroom.own, l2.headroom.next), (Some(262), Some(803)));
    let at = |bp: i64| {
        let mut q2 = q.clone();
        q2.lines[1].discount_bp = bp;
        price(&c, &p, &q2).lines[1].clone()
    };
    assert_eq!((at(262).net.tcv, at(262).effective_bp), (5_040_504, 1000));
    assert_eq!((at(263).net.tcv, at(263).effective_bp), (5_039_980, 1001));
    assert_eq!((at(803).net.tcv, at(803).effective_bp), (4_760_476, 1500));
    assert_eq!((at(804).net.tcv, at(804).effective_bp), (4_759_952, 1501));

    // L3: enterprise mail 20G (5.00 + 3.00), 20 mailboxes = 16,000; no requested discount:
    // 16,000 × 0.95 × 0.97 = 14,744 exactly; effective 1 − 0.9215 = 7.85 % = 785 bp, the
    // automatic discounts alone.
    let l3 = &r.lines[2];
    assert_eq!(l3.net, amounts(14_744, 0, 530_784));
    assert_eq!(l3.effective_bp, 785);

    // The quote needs the city branch, for two line reasons; TCV 5,637,132 is under ¥100,000.
    assert_eq!(r.totals.net.tcv, 447_840 + 4_658_508 + 530_784);
    assert_eq!(r.authority.required, 2);
    assert_eq!(
        r.authority.reasons,
        vec![
            Reason::LineDiscount {
                line: 0,
                family: "basic".into(),
                effective_bp: 1707,
                level: 2,
                exceeded_bp: 1500
            },
            Reason::LineDiscount {
                line: 1,
                family: "line".into(),
                effective_bp: 1682,
                level: 2,
                exceeded_bp: 1500
            },
        ]
    );
    let zh = describe(&r.authority.reasons[1], &c, &p, &q, Lang::Zh);
    assert_eq!(
        zh,
        "第 2 行（互联网专线）：实际折扣 16.82% 超出销售经理对「专线与数据」的权限 15.00%，需市分公司审批"
    );
}

/// (c) Rounding at exactly half a fen goes away from zero; effective discount on rounded amounts.
#[test]
fn ex03_half_fen_rounding() {
    let (_, _, _, r) = priced("03_half_fen_rounding");
    // One V-net seat at 10.00, 12 months, no term or bundle discount.
    //   L1 r = 0.25 %: 1,000 × 0.9975 = 997.5 → 998 (exactly half: away from zero)
    //   L2 r = 0.24 %: 1,000 × 0.9976 = 997.6 → 998
    //   L3 r = 0.26 %: 1,000 × 0.9974 = 997.4 → 997
    let net: Vec<i64> = r.lines.iter().map(|l| l.net.mrc).collect();
    assert_eq!(net[..3], [998, 998, 997]);
    assert_eq!(apply_discounts(1000, &[25]), 998);
    // Effective discount is measured on the rounded net: L1 1 − 11,976 / 12,000 = 0.20 % (20 bp,
    // below the 25 bp asked); L3 1 − 11,964 / 12,000 = 0.30 % (30 bp, above the 26 bp asked).
    assert_eq!(r.lines[0].effective_bp, 20);
    assert_eq!(r.lines[2].effective_bp, 30);
    // L4: conferencing 50.00 at r = 1 %: 4,950; its 9 % tax is 445.5 → 446 (half away from zero).
    assert_eq!(r.lines[3].net.mrc, 4_950);
    assert_eq!(r.lines[3].tax.mrc, 446);
    assert_eq!(apply_rate(4_950, 900), 446);
    // The tax of 998 is 89.82 → 90; of 997, 89.73 → 90.
    let tax: Vec<i64> = r.lines.iter().map(|l| l.tax.mrc).collect();
    assert_eq!(tax, [90, 90, 90, 446]);
    // Totals are sums of rounded lines: MRC 998 + 998 + 997 + 4,950 = 7,943;
    // tax 90 + 90 + 90 + 446 = 716 (9 % of 7,943 would be 714.87 → 715).
    assert_eq!(r.totals.net.mrc, 7_943);
    assert_eq!(r.totals.tax.mrc, 716);
    assert_eq!(apply_rate(7_943, 900), 715);
    // Half away from zero holds for negative amounts too (−0.5 → −1).
    assert_eq!(div_round(-5, 10), -1);
    assert_eq!(div_round(5, 10), 1);
    // Headroom on L1: r = 10.05 % gives 1,000 × 0.8995 = 899.5 → 900, effective exactly 10 %:
    // the rounding gives the half fen back, so 1,005 bp still fits the 10 % limit.
    assert_eq!(r.lines[0].headroom.own, Some(1005));
}

/// (d) Mixed tax classes: tax per rate and tax-inclusive totals as sums of rounded lines.
#[test]
fn ex04_mixed_tax_classes() {
    let (_, _, _, r) = priced("04_mixed_tax_classes");
    // 12 months (0 %); conf (basic) + mail (office) + camera (iot) → bundle 3 % on MRC only.
    assert_eq!((r.term_bp, r.bundle_bp), (0, 300));
    //   L1, L2 conferencing 5,000 × 0.97 = 4,850; 9 % tax 436.5 → 437 each
    //   L3 mail 15 × 500 = 7,500 × 0.97 = 7,275; 6 % tax 436.5 → 437
    //   L4 camera, NRC 60,000 × (1 − 5.25 %) = 56,850 (no MRC, so no term or bundle discount);
    //      13 % tax 7,390.5 → 7,391
    let net: Vec<i64> = r.lines.iter().map(|l| l.net.mrc + l.net.nrc).collect();
    assert_eq!(net, [4_850, 4_850, 7_275, 56_850]);
    let tax: Vec<i64> = r.lines.iter().map(|l| l.tax.mrc + l.tax.nrc).collect();
    assert_eq!(tax, [437, 437, 437, 7_391]);
    // Per rate (ordered by tax class id):
    //   basic 9 %:  net MRC 9,700, tax 437 + 437 = 874 (9 % of 9,700 would be 873); TCV tax 10,488
    //   goods 13 %: net NRC 56,850, tax 7,391
    //   vat 6 %:    net MRC 7,275, tax 437; TCV tax 5,244
    let by_rate: Vec<(&str, i64, i64, i64)> = r
        .taxes
        .iter()
        .map(|t| (&*t.tax_class, t.rate_bp, t.net.tcv, t.tax.tcv))
        .collect();
    assert_eq!(
        by_rate,
        [
            ("basic", 900, 116_400, 10_488),
            ("goods", 1300, 56_850, 7_391),
            ("vat", 600, 87_300, 5_244)
        ]
    );
    assert_eq!(r.taxes[0].tax.mrc, 874);
    // Totals: net TCV 116,400 + 56,850 + 87,300 = 260,550; tax 10,488 + 7,391 + 5,244 = 23,123;
    // tax-inclusive 283,673. MRC: net 16,975, tax 1,311, gross 18,286; NRC gross 64,241.
    assert_eq!(r.totals.net, amounts(16_975, 56_850, 260_550));
    assert_eq!(r.totals.tax, amounts(1_311, 7_391, 23_123));
    assert_eq!(r.totals.gross, amounts(18_286, 64_241, 283_673));
    for l in &r.lines {
        assert_eq!(l.gross.mrc, l.net.mrc + l.tax.mrc);
        assert_eq!(l.gross.nrc, l.net.nrc + l.tax.nrc);
    }
}

/// (e) A requested discount pushing the net below cost is refused, at every level.
#[test]
fn ex05_cost_floor_refusal() {
    let (c, p, q, r) = priced("05_cost_floor_refusal");
    // Priced by the city branch. L1: dedicated internet access 50M standard, r = 30 %, 12 months,
    // one family: MRC 100,000 × 0.70 = 70,000 (floor 70,000: allowed, equal);
    // NRC 200,000 × 0.70 = 140,000 < floor 150,000 → refused.
    let l1 = &r.lines[0];
    assert_eq!(l1.net, amounts(70_000, 140_000, 980_000));
    assert_eq!(l1.cost, amounts(70_000, 150_000, 990_000));
    assert!(l1.authority.below_floor);
    // Margin 980,000 − 990,000 = −10,000; −10,000 / 980,000 = −1.02 % → −102 bp.
    assert_eq!((l1.margin, l1.margin_bp), (-10_000, -102));
    // Effective 30 % also exceeds the city branch's 25 %: provincial (35 %) would be needed, but
    // the floor refuses it regardless.
    assert_eq!(l1.effective_bp, 3000);
    assert_eq!(l1.authority.needs, 3);
    assert!(r.authority.refused);
    assert!(!r.authority.within_role());
    assert_eq!(
        r.authority.reasons[0],
        Reason::BelowFloor {
            line: 0,
            net_mrc: 70_000,
            floor_mrc: 70_000,
            net_nrc: 140_000,
            floor_nrc: 150_000
        }
    );
    // Headroom: the NRC floor allows at most 200,000 (1 − r) ≥ 150,000 → r ≤ 25 %, which is
    // also the city branch's limit (own); provincial's 35 % is capped by the floor to 25 % too.
    assert_eq!(
        (l1.headroom.own, l1.headroom.next),
        (Some(2500), Some(2500))
    );
    // L2 (MPLS, no discount) is fine and not named.
    assert!(!r.lines[1].authority.below_floor);
    let en = describe(&r.authority.reasons[0], &c, &p, &q, Lang::En);
    assert_eq!(
        en,
        "Line 1 (Dedicated internet access): net price below the cost floor (MRC ¥700.00 vs floor \
         ¥700.00, NRC ¥1,400.00 vs floor ¥1,500.00); refused at every level"
    );
    let zh = describe(&r.authority.reasons[0], &c, &p, &q, Lang::Zh);
    assert!(
        zh.starts_with("第 1 行（互联网专线）：净价低于成本底价"),
        "{zh}"
    );
    assert!(zh.contains("¥1,500.00"), "{zh}");
    // Even the provincial company cannot approve it.
    let mut top = q.clone();
    top.role = "provincial".into();
    let r_top = price(&c, &p, &top);
    assert!(r_top.authority.refused && !r_top.authority.within_role());
}

/// (f) At-risk widening: the same discount needs the sales manager without it, and is within the
/// account manager's authority with it in force (competitor and reason given).
#[test]
fn ex06_ex07_at_risk_widening() {
    // 10 V-net seats, 12 months, r = 12 %: 10,000 × 0.88 = 8,800; effective exactly 12 %.
    let (c, p, q, off) = priced("06_at_risk_not_flagged");
    let (_, _, q_on, on) = priced("07_at_risk_in_force");
    assert_eq!(off.lines[0].net, amounts(8_800, 0, 105_600));
    assert_eq!(off.lines[0].effective_bp, 1200);
    // Not at risk: 12 % > account manager's 10 % for basic → sales manager (15 %).
    assert_eq!(off.authority.required, 1);
    assert_eq!(off.lines[0].authority.role_limit_bp, 1000);
    assert_eq!(
        off.authority.reasons,
        vec![Reason::LineDiscount {
            line: 0,
            family: "basic".into(),
            effective_bp: 1200,
            level: 1,
            exceeded_bp: 1000
        }]
    );
    // At risk (competitor and reason set): basic widens by 3 % → 13 % ≥ 12 %: own authority.
    assert!(q_on.at_risk.in_force());
    assert_eq!(
        on.lines[0].net, off.lines[0].net,
        "the price itself does not change"
    );
    assert_eq!(on.lines[0].authority.role_limit_bp, 1300);
    assert_eq!(on.authority.required, 0);
    assert!(on.authority.within_role() && on.authority.reasons.is_empty());
    // Headroom follows the widened limits: 10 % / 15 % without, 13 % / 18 % with.
    assert_eq!(off.lines[0].headroom.own, Some(1000));
    assert_eq!(off.lines[0].headroom.next, Some(1500));
    assert_eq!(on.lines[0].headroom.own, Some(1300));
    assert_eq!(on.lines[0].headroom.next, Some(1800));
    // Flagged without a reason: not in force, no widening, and an error finding.
    let mut half = q_on.clone();
    half.at_risk.reason = "  ".into();
    let r_half = price(&c, &p, &half);
    assert_eq!(r_half.authority, off.authority);
    assert!(r_half.findings.iter().any(|f| f.code == "quote.at_risk"));
    // The reason in words names the line, the level and the family.
    let en = describe(&off.authority.reasons[0], &c, &p, &q, Lang::En);
    assert_eq!(
        en,
        "Line 1 (Group V-net): effective discount 12.00% exceeds the account manager limit of \
         10.00% for Basic communications; needs sales manager approval"
    );
    let zh = describe(&off.authority.reasons[0], &c, &p, &q, Lang::Zh);
    assert_eq!(
        zh,
        "第 1 行（集团V网）：实际折扣 12.00% 超出客户经理对「基础通信」的权限 10.00%，需销售经理审批"
    );
}

/// (g) A deal over the account manager's max TCV needs the sales manager.
#[test]
fn ex08_deal_size_threshold() {
    let (c, p, q, r) = priced("08_deal_size_threshold");
    // MPLS VPN, 10 sites × 800.00, install 1,000.00 each; 36 months → term 5 %; one family.
    //   net MRC 800,000 × 0.95 = 760,000; NRC 1,000,000
    //   net TCV 760,000 × 36 + 1,000,000 = 28,360,000 fen = ¥283,600 > ¥100,000 (account manager)
    //   and ≤ ¥500,000 (sales manager) → sales manager.
    assert_eq!(r.totals.net, amounts(760_000, 1_000_000, 28_360_000));
    // Effective: list TCV 800,000 × 36 + 1,000,000 = 29,800,000; 1,440,000 / 29,800,000
    // = 4.832 % → 484 bp, within the account manager's 10 %: only the deal size needs approval.
    assert_eq!(r.lines[0].effective_bp, 484);
    assert_eq!(r.lines[0].authority.needs, 0);
    assert_eq!(r.authority.required, 1);
    assert_eq!(
        r.authority.reasons,
        vec![Reason::DealSize {
            tcv: 28_360_000,
            level: 1,
            exceeded: 10_000_000
        }]
    );
    let en = describe(&r.authority.reasons[0], &c, &p, &q, Lang::En);
    // (Exact wording left to the text's owner; the figures and levels must be there.)
    for part in [
        "¥283,600.00",
        "¥100,000.00",
        "account manager",
        "needs sales manager approval",
    ] {
        assert!(en.contains(part), "{en}");
    }
    let zh = describe(&r.authority.reasons[0], &c, &p, &q, Lang::Zh);
    assert_eq!(
        zh,
        "合同总价 ¥283,600.00 超出客户经理可签批的 ¥100,000.00，需销售经理审批"
    );
    // Headroom (line limit 10 %): net TCV ≥ 26,820,000 with
    // net TCV ≈ (760,000 × 36 + 1,000,000)(1 − r) = 28,360,000 (1 − r) → r ≤ 5.430 %: 543 bp
    // (r = 543: MRC 760,000 × 0.9457 = 718,732; NRC 945,700; TCV 26,820,052 ✓;
    //  r = 544: 718,656 × 36 + 945,600 = 26,817,216 ✗).
    assert_eq!(r.lines[0].headroom.own, Some(543));
    // The sales manager may sign it off on their own authority.
    let mut sm = q.clone();
    sm.role = "sales_manager".into();
    assert!(price(&c, &p, &sm).authority.within_role());
    // A configuration-rule warning (MPLS without dedicated internet access) does not block.
    assert_eq!(r.findings.len(), 1);
    assert_eq!(r.findings[0].code, "mpls_needs_access");
    assert!(!r.blocked());
}

/// Options, including an SLA grade, add to the unit price and the cost; option rules are checked.
#[test]
fn ex09_sla_options_and_rules() {
    let (_, _, _, r) = priced("09_sla_options_and_rules");
    // L1: DIA 200M platinum, 2 lines, 24 months (term 3 %), one family.
    //   unit MRC 1,000.00 + 1,500.00 + 500.00 = 3,000.00; unit NRC 2,000.00 + 100.00 = 2,100.00
    //   cost MRC (700 + 900 + 250) × 2 = 3,700.00; NRC (1,500 + 50) × 2 = 3,100.00
    //   net MRC 600,000 × 0.97 = 582,000; NRC 420,000; TCV 582,000 × 24 + 420,000 = 14,388,000
    let l1 = &r.lines[0];
    assert_eq!((l1.unit_list_mrc, l1.unit_list_nrc), (300_000, 210_000));
    assert_eq!(l1.cost, amounts(370_000, 310_000, 370_000 * 24 + 310_000));
    assert_eq!(l1.net, amounts(582_000, 420_000, 14_388_000));
    // Effective: list TCV 600,000 × 24 + 420,000 = 14,820,000; 432,000 / 14,820,000 = 2.915 %
    // → 292 bp.
    assert_eq!(l1.effective_bp, 292);
    // L2: DIA 50M platinum: unit MRC 1,500.00, NRC 2,100.00; breaks "platinum needs 100M" (error).
    assert_eq!(r.lines[1].unit_list_mrc, 150_000);
    assert_eq!(r.findings.len(), 1);
    assert_eq!(r.findings[0].code, "platinum_needs_100m");
    assert_eq!(r.findings[0].lines, vec![1]);
    assert!(r.blocked());
    // Deal: 14,388,000 + 145,500 × 24 + 210,000 = 18,090,000 > 10,000,000 → sales manager.
    assert_eq!(r.totals.net.tcv, 18_090_000);
    assert_eq!(r.authority.required, 1);
}
