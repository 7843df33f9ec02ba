//! The pricing team's checker: every seeded defect in `tests/fixtures/broken/` is named by file,
//! JSON path and a keyword of its message; clean files pass; the `tailor-check` command exits
//! non-zero on broken files.

use std::path::PathBuf;
use std::process::{Command, Output};
use tailor_core::catalog::{Catalog, Severity};
use tailor_core::check::{self, Problem};
use tailor_core::policy::Policy;

const E: Severity = Severity::Error;
const W: Severity = Severity::Warning;

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture_path(name: &str) -> String {
    format!("tests/fixtures/{name}")
}

fn read(name: &str) -> String {
    let path = manifest_dir().join(fixture_path(name));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn parse_catalog(name: &str) -> Catalog {
    check::parse::<Catalog>(name, &read(name)).unwrap_or_else(|p| panic!("{p}"))
}

fn parse_policy(name: &str) -> Policy {
    check::parse::<Policy>(name, &read(name)).unwrap_or_else(|p| panic!("{p}"))
}

fn check_files(catalog: &str, policy: &str) -> Vec<Problem> {
    check::check(
        &parse_catalog(catalog),
        catalog,
        &parse_policy(policy),
        policy,
    )
}

fn listing(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("  {p}\n"))
        .collect::<String>()
}

/// Every expected (path, severity, keyword) is reported for `file`, and nothing else is.
fn assert_exactly(problems: &[Problem], file: &str, expected: &[(&str, Severity, &str)]) {
    let ours: Vec<&Problem> = problems.iter().filter(|p| p.file == file).collect();
    for (path, severity, keyword) in expected {
        let found = ours.iter().any(|p| {
            p.path == *path
                && p.severity == *severity
                && p.message.to_lowercase().contains(&keyword.to_lowercase())
        });
        assert!(
            found,
            "{file}: expected a {severity:?} at `{path}` mentioning '{keyword}'; got:\n{}",
            listing(problems)
        );
    }
    for p in &ours {
        let expected_here = expected.iter().any(|(path, severity, keyword)| {
            p.path == *path
                && p.severity == *severity
                && p.message.to_lowercase().contains(&keyword.to_lowercase())
        });
        assert!(expected_here, "unexpected problem: {p}");
    }
    assert_eq!(
        ours.len(),
        expected.len(),
        "{file}: problem count differs; got:\n{}",
        listing(problems)
    );
}

#[test]
fn clean_fixtures_have_no_problems() {
    let problems = check_files("good/catalog.json", "good/policy.json");
    assert!(problems.is_empty(), "{}", listing(&problems));
    let loaded = check::load(
        "catalog.json",
        &read("good/catalog.json"),
        "policy.json",
        &read("good/policy.json"),
    )
    .unwrap_or_else(|p| panic!("{}", listing(&p)));
    assert!(loaded.warnings.is_empty());
    assert_eq!(loaded.catalog.offerings.len(), 7);
}

#[test]
fn broken_catalog_names_every_seeded_defect() {
    let file = "broken/catalog.json";
    let problems = check_files(file, "good/policy.json");
    assert_exactly(
        &problems,
        file,
        &[
            ("schema_version", E, "unknown schema_version 2"),
            ("version", E, "empty"),
            ("currency", E, "empty"),
            ("operator.en", E, "english"),
            ("families[2].id", E, "duplicate family id 'voice'"),
            ("families[3].name.zh", E, "chinese"),
            ("offerings[0].family", E, "unknown family 'voip'"),
            ("offerings[0].name.zh", E, "chinese"),
            (
                "offerings[0].tiers[1].mrc",
                E,
                "below the offering's mrc cost",
            ),
            ("offerings[0].tiers[2].min_qty", E, "out of order"),
            ("offerings[0].tiers[2].mrc", W, "rises with quantity"),
            ("offerings[0].tiers[3].mrc", W, "rises with quantity"),
            ("offerings[1].tax_class", E, "unknown tax class 'vat_99'"),
            ("offerings[1].unit.en", E, "english"),
            (
                "offerings[1].options[0].choices[1].id",
                E,
                "duplicate choice id '100m'",
            ),
            ("offerings[1].options[0].choices[1].name.en", E, "english"),
            ("offerings[1].options[0].choices[2].mrc", E, "below cost"),
            ("offerings[1].options[0].choices[2].nrc", E, "below cost"),
            ("offerings[1].options[1].choices", E, "no choices"),
            (
                "offerings[1].options[2].id",
                E,
                "duplicate option group id 'bandwidth'",
            ),
            (
                "offerings[1].options[2].choices[0].description.en",
                E,
                "english",
            ),
            ("offerings[2].description.zh", E, "chinese"),
            ("offerings[2].nrc", E, "negative nrc"),
            ("offerings[2].nrc_cost", E, "negative nrc cost"),
            ("offerings[3].mrc", E, "below cost"),
            ("offerings[3].nrc", E, "below cost"),
            ("offerings[3].min_qty", E, "above max_qty"),
            ("offerings[4].id", E, "duplicate offering id 'iot_sim'"),
            ("offerings[4].min_qty", E, "min_qty is 0"),
            ("rules[0].message.zh", E, "chinese"),
            ("rules[0].offering", E, "unknown offering 'iot_pond'"),
            ("rules[0].any_of[1]", E, "unknown offering 'iot_chip'"),
            ("rules[1].id", E, "duplicate rule id"),
            ("rules[1].other", E, "unknown offering 'iot_watch'"),
            ("rules[2].choice", E, "no choice '10g'"),
            ("rules[2].needs_group", E, "no option group 'service'"),
            ("industries[1].id", W, "no solution template"),
            ("industries[2].id", E, "duplicate industry id"),
            (
                "templates[0].lines[1].offering",
                E,
                "unknown offering 'mpls'",
            ),
            (
                "templates[0].lines[2].options.bandwidth",
                E,
                "no choice '10g'",
            ),
            (
                "templates[0].lines[2].options.colour",
                E,
                "no option group 'colour'",
            ),
            ("templates[1].id", E, "duplicate template id"),
            ("templates[1].industry", E, "unknown industry 'police'"),
            ("templates[1].lines", E, "no lines"),
        ],
    );
    // Nothing is blamed on the clean policy.
    assert!(
        problems.iter().all(|p| p.file == file),
        "{}",
        listing(&problems)
    );
}

#[test]
fn broken_policy_names_every_seeded_defect() {
    let file = "broken/policy.json";
    let problems = check_files("good/catalog.json", file);
    assert_exactly(
        &problems,
        file,
        &[
            ("schema_version", E, "unknown schema_version 0"),
            ("version", E, "empty"),
            ("tax_classes[1].name.zh", E, "chinese"),
            ("tax_classes[2].id", E, "duplicate tax class id 'basic'"),
            ("tax_classes[2].rate_bp", E, "outside 0..=10000"),
            (
                "levels[0].discount_limits",
                E,
                "no discount limit for family 'iot'",
            ),
            ("levels[1].name.en", E, "english"),
            (
                "levels[1].discount_limits.satellite",
                E,
                "unknown family 'satellite'",
            ),
            ("levels[1].max_tcv", E, "only the top level"),
            ("levels[2].id", E, "duplicate level id"),
            ("levels[2].discount_limits.iot", E, "outside 0..=10000"),
            ("levels[2].discount_limits.iot", E, "shrinks"),
            ("levels[2].discount_limits.voice", E, "shrinks"),
            ("levels[2].max_tcv", E, "out of order"),
            ("levels[3].discount_limits.iot", E, "outside 0..=10000"),
            ("levels[3].max_tcv", E, "out of order"),
            ("term_discounts[4].discount_bp", E, "outside 0..=10000"),
            ("term_discounts[4].min_months", E, "duplicate min_months 24"),
            ("term_discounts[3].discount_bp", W, "falls"),
            (
                "bundle_discounts[2].min_families",
                E,
                "duplicate min_families 3",
            ),
            ("bundle_discounts[1].discount_bp", W, "falls"),
            ("at_risk_widening.iot", E, "outside 0..=10000"),
            (
                "at_risk_widening.satellite",
                E,
                "unknown family 'satellite'",
            ),
            ("terms[1]", E, "0 months"),
            ("terms[3]", E, "duplicate contract term 12"),
            ("levels[0].discount_limits.voice", W, "automatic discount"),
            ("levels[0].discount_limits.line", W, "automatic discount"),
            ("levels[0].discount_limits.office", W, "automatic discount"),
        ],
    );
    assert!(
        problems.iter().all(|p| p.file == file),
        "{}",
        listing(&problems)
    );
}

/// Site types and a template's site packages (in a file of their own; `core/tests/workbook.rs`
/// finds each of these again at its cell of the workbook).
#[test]
fn broken_site_types_and_template_packages_name_every_seeded_defect() {
    let file = "broken/catalog_sites.json";
    let problems = check_files(file, "good/policy.json");
    assert_exactly(
        &problems,
        file,
        &[
            (
                "templates[0].packages[0].site_type",
                E,
                "unknown site type 'kiosk'",
            ),
            (
                "templates[0].packages[0].lines[0].options.bandwidth",
                E,
                "no choice '10g'",
            ),
            (
                "templates[0].packages[0].lines[1].id",
                E,
                "duplicate package line id 'a'",
            ),
            (
                "templates[0].packages[0].lines[1].offering",
                E,
                "unknown offering 'mpls_plus'",
            ),
            (
                "templates[0].packages[0].lines[2].quantity",
                E,
                "quantity 0 is outside",
            ),
            (
                "templates[0].packages[0].lines[2].discount_bp",
                E,
                "discount 12000 bp",
            ),
            ("site_types[1].id", E, "duplicate site type id 'branch'"),
            ("site_types[1].name.zh", E, "chinese"),
        ],
    );
}

#[test]
fn broken_end_of_sale_names_every_seeded_defect() {
    let file = "broken/catalog_end_of_sale.json";
    let problems = check_files(file, "good/policy.json");
    assert_exactly(
        &problems,
        file,
        &[
            ("offerings[0].end_of_sale", E, "not a valid date"),
            ("offerings[1].successor", E, "names itself"),
            (
                "offerings[2].successor",
                E,
                "unknown successor offering 'sdwan'",
            ),
            (
                "offerings[3].successor",
                E,
                "successor 'mail_pro' is itself no longer sold on 2026-06-01",
            ),
            ("offerings[4].successor", E, "of family 'iot', not 'office'"),
            ("offerings[5].successor", W, "no end_of_sale"),
            ("offerings[6].successor_other_family", W, "no successor"),
        ],
    );
}

#[test]
fn broken_early_termination_charge_is_named() {
    let file = "broken/policy_early_termination.json";
    let problems = check_files("good/catalog.json", file);
    assert_exactly(
        &problems,
        file,
        &[(
            "early_termination_bp",
            E,
            "the early-termination charge is 12000 bp, outside 0..=10000",
        )],
    );
}

#[test]
fn empty_policy_names_every_seeded_defect() {
    let file = "broken/policy_empty.json";
    let problems = check_files("good/catalog.json", file);
    assert_exactly(
        &problems,
        file,
        &[
            ("levels", E, "at least one"),
            ("terms", E, "empty"),
            ("validity_days", E, "validity_days is 0"),
            ("max_approval_days", E, "max_approval_days is 0"),
        ],
    );
}

#[test]
fn both_broken_files_are_reported_together() {
    let problems = check_files("broken/catalog.json", "broken/policy.json");
    for file in ["broken/catalog.json", "broken/policy.json"] {
        assert!(
            problems.iter().any(|p| p.file == file && p.severity == E),
            "{file} missing from:\n{}",
            listing(&problems)
        );
    }
    // The catalog's problems come first.
    let first_policy = problems.iter().position(|p| p.file == "broken/policy.json");
    let last_catalog = problems
        .iter()
        .rposition(|p| p.file == "broken/catalog.json");
    assert!(last_catalog < first_policy);
}

#[test]
fn room_for_automatic_discounts_is_a_warning_at_the_exact_threshold() {
    // Good policy: term up to 5 %, bundle up to 3 %: 1 − 0.95 × 0.97 = 7.85 %.
    let catalog = parse_catalog("good/catalog.json");
    let mut policy = parse_policy("good/policy.json");
    policy.levels[0]
        .discount_limits
        .insert("voice".to_string(), 785);
    let problems = check::check(&catalog, "c", &policy, "p");
    assert!(problems.is_empty(), "{}", listing(&problems));
    policy.levels[0]
        .discount_limits
        .insert("voice".to_string(), 784);
    let problems = check::check(&catalog, "c", &policy, "p");
    assert_eq!(problems.len(), 1, "{}", listing(&problems));
    assert_eq!(problems[0].path, "levels[0].discount_limits.voice");
    assert_eq!(problems[0].severity, W);
    assert!(problems[0].message.contains("7.85%"), "{}", problems[0]);
    // A warning does not stop the load.
    let policy_text = serde_json::to_string(&policy).expect("policy serializes");
    let loaded = check::load("c", &read("good/catalog.json"), "p", &policy_text)
        .unwrap_or_else(|p| panic!("{}", listing(&p)));
    assert_eq!(loaded.warnings.len(), 1);
}

#[test]
fn bad_json_reports_line_and_column() {
    let p = check::parse::<Catalog>("syntax.json", &read("broken/syntax.json"))
        .expect_err("syntax error");
    assert_eq!(p.file, "syntax.json");
    assert_eq!(p.severity, E);
    assert_eq!(p.path, "line 4, column 3", "{p}");
    assert!(p.message.contains("expected `,` or `}`"), "{p}");

    let p = check::parse::<Catalog>("wrong_type.json", &read("broken/wrong_type.json"))
        .expect_err("type error");
    assert_eq!(p.path, "offerings[0].mrc (line 14, column 20)", "{p}");
    assert!(p.message.contains("invalid type"), "{p}");

    let p = check::parse::<Policy>("policy_huge.json", &read("broken/policy_huge.json"))
        .expect_err("out of range");
    assert_eq!(p.path, "validity_days (line 9, column 29)", "{p}");

    let p = check::parse::<Catalog>("empty.json", "").expect_err("empty file");
    assert!(p.path.starts_with("line 1, column 0"), "{p}");

    let p = check::parse::<Catalog>("trailing.json", &(read("good/catalog.json") + "\n}"))
        .expect_err("trailing characters");
    assert!(p.path.starts_with("line "), "{p}");
    assert!(p.message.contains("trailing"), "{p}");
}

#[test]
fn load_reports_parse_errors_of_both_files() {
    let problems = check::load(
        "catalog.json",
        &read("broken/syntax.json"),
        "policy.json",
        &read("broken/policy_huge.json"),
    )
    .expect_err("both files are broken");
    assert_eq!(problems.len(), 2, "{}", listing(&problems));
    assert_eq!(problems[0].file, "catalog.json");
    assert_eq!(problems[1].file, "policy.json");
}

#[test]
fn shipped_catalog_and_policy_pass_with_no_errors() {
    let dir = manifest_dir().join("../public");
    let text = |name: &str| {
        std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("public/{name}: {e}"))
    };
    let loaded = check::load(
        "catalog.json",
        &text("catalog.json"),
        "policy.json",
        &text("policy.json"),
    )
    .unwrap_or_else(|p| panic!("the shipped files have errors:\n{}", listing(&p)));
    assert!(
        loaded.warnings.is_empty(),
        "the shipped files have warnings:\n{}",
        listing(&loaded.warnings)
    );
    assert!(tailor_core::defaults::catalog_and_policy().is_ok());
}

// ---- the `tailor-check` command ----

/// The command on files not signed yet (`--unsigned`), as the pricing team checks before signing.
fn run(args: &[&str]) -> Output {
    let unsigned = args.len() == 2 && !args[0].starts_with('-');
    run_exactly(
        &[
            if unsigned {
                &["--unsigned"][..]
            } else {
                &[][..]
            },
            args,
        ]
        .concat(),
    )
}

fn run_exactly(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tailor-check"))
        .current_dir(manifest_dir())
        .args(args)
        .output()
        .expect("tailor-check runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn command_exits_non_zero_on_broken_fixtures_and_prints_every_problem() {
    let cat = fixture_path("broken/catalog.json");
    let pol = fixture_path("broken/policy.json");
    let o = run(&[&cat, &pol]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let expected = check_files("broken/catalog.json", "broken/policy.json");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), expected.len() + 1, "{out}");
    assert!(out.contains(&format!(
        "{cat}: offerings[3].mrc: error: offering 'iot_pool' is priced below cost"
    )));
    assert!(out.contains(&format!(
        "{pol}: levels[2].discount_limits.voice: error: authority shrinks"
    )));
    assert!(out.contains(&format!("{pol}: term_discounts[3].discount_bp: warning:")));
    let errors = expected.iter().filter(|p| p.severity == E).count();
    let warnings = expected.len() - errors;
    assert_eq!(
        lines.last().copied(),
        Some(format!("{errors} errors, {warnings} warnings").as_str())
    );

    for (c, p) in [
        ("broken/catalog.json", "good/policy.json"),
        ("good/catalog.json", "broken/policy_empty.json"),
    ] {
        let o = run(&[&fixture_path(c), &fixture_path(p)]);
        assert_eq!(o.status.code(), Some(1), "{c} {p}: {}", stdout(&o));
    }
}

#[test]
fn command_reports_parse_errors_of_both_files() {
    let o = run(&[
        &fixture_path("broken/syntax.json"),
        &fixture_path("broken/policy_huge.json"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("syntax.json: line 4, column 3: error:"),
        "{out}"
    );
    assert!(
        out.contains("policy_huge.json: validity_days (line 9, column 29): error:"),
        "{out}"
    );
    assert!(out.ends_with("2 errors, 0 warnings\n"), "{out}");
}

#[test]
fn command_passes_clean_files_and_summarises() {
    let o = run(&[
        &fixture_path("good/catalog.json"),
        &fixture_path("good/policy.json"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(
        stdout(&o),
        "ok: catalog test.1 (7 offerings), policy test.1\n"
    );
}

#[test]
fn command_passes_with_warnings_alone() {
    let dir = std::env::temp_dir().join(format!("tailor-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut policy = parse_policy("good/policy.json");
    policy.term_discounts[2].discount_bp = 100; // falls after 3 % at 24 months: a warning
    let policy_path = dir.join("policy.json");
    std::fs::write(
        &policy_path,
        serde_json::to_string_pretty(&policy).expect("policy serializes"),
    )
    .expect("write policy");
    let o = run(&[
        &fixture_path("good/catalog.json"),
        policy_path.to_str().expect("utf-8 temp path"),
    ]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let out = stdout(&o);
    assert!(
        out.contains("term_discounts[2].discount_bp: warning:"),
        "{out}"
    );
    assert!(
        out.ends_with("ok: catalog test.1 (7 offerings), policy test.1, 1 warning\n"),
        "{out}"
    );
}

#[test]
fn command_passes_the_shipped_files() {
    let o = run(&["../public/catalog.json", "../public/policy.json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).starts_with("ok: catalog "), "{}", stdout(&o));
}

#[test]
fn command_names_a_missing_file() {
    let o = run(&["no/such/catalog.json", &fixture_path("good/policy.json")]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.starts_with("no/such/catalog.json: -: error: cannot read the file"),
        "{out}"
    );
}

#[test]
fn command_usage() {
    let help = run(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(stdout(&help).contains(
        "Usage: tailor-check [--unsigned | --publishers FILE] [--allow-demo] CATALOG POLICY"
    ));
    for args in [
        &[][..],
        &["only-one.json"][..],
        &["a", "b", "c"][..],
        &["--frobnicate", "a", "b"][..],
    ] {
        let o = run(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&o.stderr).contains("Usage:"),
            "{args:?}"
        );
    }
}

// ---- signatures, demo and bounds ----

/// A folder holding the good fixtures, signed by `key` as publisher `id`, and a publishers file
/// trusting the key seeded 7 as `pricing`.
fn signed_copy(
    name: &str,
    id: &str,
    key: &tailor_core::keyfile::ApproverKey,
) -> std::path::PathBuf {
    use tailor_core::publication::{self, Kind, Publisher, Publishers};
    let dir = std::env::temp_dir().join(format!("tailor-check-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    for (kind, file) in [
        (Kind::Catalog, "catalog.json"),
        (Kind::Policy, "policy.json"),
    ] {
        let text = std::fs::read_to_string(fixture_path(&format!("good/{file}"))).expect("fixture");
        std::fs::write(dir.join(file), &text).expect("write");
        let sig = publication::sign(kind, "test.1", text.as_bytes(), id, key);
        std::fs::write(dir.join(kind.signature_file_name()), sig.to_json()).expect("write");
    }
    let trusted = Publishers {
        format: publication::PUBLISHERS_FORMAT.into(),
        version: publication::VERSION,
        publishers: vec![Publisher {
            id: "pricing".into(),
            name: tailor_core::text::Text::new("定价团队", "Pricing team"),
            public_key: tailor_core::keyfile::ApproverKey::from_seed([7; 32]).public_key_hex(),
            suite: tailor_core::suite::Suite::Ed25519,
            demo: false,
        }],
    };
    std::fs::write(
        dir.join("publishers.json"),
        serde_json::to_string(&trusted).expect("json"),
    )
    .expect("write");
    dir
}

fn in_dir(dir: &std::path::Path, file: &str) -> String {
    dir.join(file)
        .to_str()
        .expect("utf-8 temp path")
        .to_string()
}

#[test]
fn command_verifies_signatures_and_refuses_unsigned_or_badly_signed_files() {
    use tailor_core::keyfile::ApproverKey;
    let good = signed_copy("good", "pricing", &ApproverKey::from_seed([7; 32]));
    let args = |dir: &std::path::Path| {
        [
            "--publishers".to_string(),
            in_dir(dir, "publishers.json"),
            in_dir(dir, "catalog.json"),
            in_dir(dir, "policy.json"),
        ]
    };
    let a = args(&good);
    let o = run_exactly(&a.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    // Signed by a key the publishers file does not trust for `pricing`.
    let forged = signed_copy("forged", "pricing", &ApproverKey::from_seed([9; 32]));
    let a = args(&forged);
    let o = run_exactly(&a.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("policy.sig.json: error: policy.json is signed with a key other than the trusted key of publisher 'pricing'"), "{}", stdout(&o));
    // Changed after signing.
    let text = std::fs::read_to_string(good.join("policy.json")).expect("read");
    std::fs::write(
        good.join("policy.json"),
        text.replace("\"validity_days\": 30", "\"validity_days\": 31"),
    )
    .expect("write");
    let a = args(&good);
    let o = run_exactly(&a.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(
        stdout(&o).contains("policy.json was changed after it was signed"),
        "{}",
        stdout(&o)
    );
    // Not signed at all.
    std::fs::remove_file(good.join("catalog.sig.json")).expect("remove");
    let a = args(&good);
    let o = run_exactly(&a.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(
        stdout(&o).contains("catalog.sig.json: error: catalog.json is not signed"),
        "{}",
        stdout(&o)
    );
    let _ = std::fs::remove_dir_all(&good);
    let _ = std::fs::remove_dir_all(&forged);
}

#[test]
fn command_refuses_the_demo_policy_and_demo_keys_unless_allowed() {
    let o = run(&["../public/catalog.json", "../demo/policy.json"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("demo: error: a demo policy"), "{out}");
    assert!(
        out.contains(
            "approvers[1].public_key: error: approver 'demo-city-branch' uses a published demo key"
        ),
        "{out}"
    );
    let o = run_exactly(&[
        "--unsigned",
        "--allow-demo",
        "../public/catalog.json",
        "../demo/policy.json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    // The shipped demo policy's signature verifies under the shipped publishers file.
    let o = run_exactly(&[
        "--publishers",
        "../trust/publishers.json",
        "--allow-demo",
        "../public/catalog.json",
        "../demo/policy.json",
    ]);
    assert!(!stdout(&o).contains("policy.sig.json"), "{}", stdout(&o));
    // A demo key in a policy not marked demo: refused whatever the checker is told.
    let mut policy: tailor_core::policy::Policy =
        serde_json::from_str(include_str!("../../demo/policy.json")).expect("demo policy");
    policy.demo = false;
    let (catalog, _) = tailor_core::defaults::catalog_and_policy().expect("defaults");
    let found = tailor_core::check::check(&catalog, "catalog.json", &policy, "policy.json");
    assert!(
        found.iter().any(
            |p| p.path == "approvers[0].public_key" && p.message.contains("published demo key")
        ),
        "{found:?}"
    );
}

#[test]
fn days_beyond_sensible_bounds_are_errors() {
    for (field, value, max) in [
        ("validity_days", 181, 180),
        ("max_approval_days", 3_000_000, 366),
    ] {
        let mut policy = parse_policy("good/policy.json");
        match field {
            "validity_days" => policy.validity_days = value,
            _ => policy.max_approval_days = value,
        }
        let catalog = tailor_core::check::parse::<tailor_core::catalog::Catalog>(
            "catalog.json",
            &std::fs::read_to_string(fixture_path("good/catalog.json")).expect("fixture"),
        )
        .expect("parses");
        let found = tailor_core::check::check(&catalog, "catalog.json", &policy, "policy.json");
        assert!(
            found.iter().any(|p| p.path == field
                && p.message == format!("{field} is {value}; at most {max} days are allowed")),
            "{found:?}"
        );
    }
}
