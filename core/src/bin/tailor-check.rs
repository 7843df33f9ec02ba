//! `tailor-check [--unsigned | --publishers FILE] [--allow-demo] CATALOG POLICY`: the pricing
//! team's checker for `catalog.json` and `policy.json`. Prints every problem in both files, one
//! per line, then a summary. `tailor-check [--allow-demo] WORKBOOK.xlsx` checks the pricing team's
//! workbook (`core::workbook`) the same way, each problem at its sheet, row and column. Exit code 0 when there is no error (warnings alone pass), 1 on any
//! error, 2 on a usage error.

use std::ops::Not;
use std::process::ExitCode;
use tailor_core::catalog::{Catalog, Severity};
use tailor_core::check::{self, Problem};
use tailor_core::policy::Policy;
use tailor_core::publication::{Publisher, Publishers};
use tailor_core::trust::{self, Published, Signatures};
use tailor_core::workbook::{self, File};

const USAGE: &str = "\
Usage: tailor-check [--unsigned | --publishers FILE] [--allow-demo] CATALOG POLICY
       tailor-check [--allow-demo] WORKBOOK.xlsx

Checks a Tailor catalog file and policy file as the app will: their content, the policy's
published and expires dates, and their signatures (catalog.sig.json and policy.sig.json beside
them) under the trusted publishers file, e.g.
    cargo run -p tailor-core --bin tailor-check -- --unsigned public/catalog.json public/policy.json
    cargo run -p tailor-core --bin tailor-check -- --publishers trust/publishers.json dist/catalog.json dist/policy.json

Prints every problem in both files as `file: path: severity: message`, then a summary. A
workbook (the catalog and policy as one XLSX file, see tailor-publish workbook) is checked
with the same checks, before signing, each problem as `file: sheet, row, column: severity:
message`.
Exit code: 0 when there are no errors (warnings alone pass), 1 on any error, 2 on a usage error.

Options:
    --publishers FILE  The trusted publishers file the app is built with (default
                       trust/publishers.json): the signatures must verify under it
    --unsigned         Check the content only, before signing (no signature is read)
    --allow-demo       Accept a demo policy and the published demo keys (for trying Tailor only)
    -h, --help         Print this help";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "-h" || a == "--help") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let unsigned = args.iter().any(|a| a == "--unsigned");
    let allow_demo = args.iter().any(|a| a == "--allow-demo");
    let publishers_file = args
        .iter()
        .position(|a| a == "--publishers")
        .map(|i| args.get(i + 1).cloned().unwrap_or_default());
    let files: Vec<&String> = args
        .iter()
        .enumerate()
        .filter(|(i, a)| {
            !matches!(
                a.as_str(),
                "--" | "--unsigned" | "--allow-demo" | "--publishers"
            ) && args.get(i.wrapping_sub(1)).map(String::as_str) != Some("--publishers")
        })
        .map(|(_, a)| a)
        .collect();
    if let Some(flag) = files.iter().find(|a| a.starts_with('-')) {
        eprintln!("tailor-check: unknown option '{flag}'\n\n{USAGE}");
        return ExitCode::from(2);
    }
    if let [book] = files.as_slice() {
        if book.ends_with(".xlsx") {
            return check_workbook(book, allow_demo);
        }
    }
    let [catalog_file, policy_file] = files.as_slice() else {
        eprintln!(
            "tailor-check: expected 2 files (catalog and policy), got {}\n\n{USAGE}",
            files.len()
        );
        return ExitCode::from(2);
    };
    let mut problems = Vec::new();
    let catalog = read_and_parse::<Catalog>(catalog_file, &mut problems);
    let policy = read_and_parse::<Policy>(policy_file, &mut problems);
    if let (Some(c), Some(p)) = (&catalog, &policy) {
        problems.extend(check::check(c, catalog_file, p, policy_file));
    }
    let mut signers = Vec::new();
    if !unsigned {
        let file = publishers_file.unwrap_or_else(|| "trust/publishers.json".to_string());
        match signatures(&file, catalog_file, policy_file) {
            Ok(s) => {
                problems.extend(s.problems);
                signers.extend(s.catalog.into_iter().chain(s.policy));
            }
            Err(p) => problems.push(p),
        }
    }
    if let Some(p) = &policy {
        let signers: Vec<&Publisher> = signers.iter().collect();
        problems.extend(trust::policy_problems(p, policy_file, allow_demo, &signers));
        if allow_demo.not() && p.demo {
            problems.extend(demo_keys(p, policy_file));
        }
    }
    for p in &problems {
        println!("{p}");
    }
    summary(&problems, catalog.as_ref().zip(policy.as_ref()))
}

/// The summary line and the exit code: success when there is no error.
fn summary(problems: &[Problem], loaded: Option<(&Catalog, &Policy)>) -> ExitCode {
    let errors = problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    let warnings = problems.len() - errors;
    match loaded.unzip() {
        (Some(c), Some(p)) if errors == 0 => {
            let mut summary = format!(
                "ok: catalog {} ({} offerings), policy {}",
                c.version,
                c.offerings.len(),
                p.version
            );
            if warnings > 0 {
                summary.push_str(&format!(", {}", plural(warnings, "warning")));
            }
            println!("{summary}");
            ExitCode::SUCCESS
        }
        _ => {
            println!(
                "{}, {}",
                plural(errors, "error"),
                plural(warnings, "warning")
            );
            ExitCode::FAILURE
        }
    }
}

/// Checks a workbook: read (every cell that is not what its column holds, every missing sheet or
/// column), then the checker's rules and the policy's dates and demo rules, each problem at the
/// sheet, row and column it came from.
fn check_workbook(book: &str, allow_demo: bool) -> ExitCode {
    let error = |place: String, message: String| Problem {
        file: book.to_string(),
        path: place,
        severity: Severity::Error,
        message,
    };
    let bytes = match std::fs::read(book) {
        Ok(b) => b,
        Err(e) => {
            let p = error("-".into(), format!("cannot read the file: {e}"));
            println!("{p}");
            return summary(&[p], None);
        }
    };
    let (catalog, policy, places) = match workbook::read(&bytes) {
        Ok(read) => read,
        Err(ps) => {
            let problems: Vec<Problem> = ps
                .iter()
                .map(|p| {
                    error(
                        p.place.to_string(),
                        format!("{} / {}", p.message.en, p.message.zh),
                    )
                })
                .collect();
            for p in &problems {
                println!("{p}");
            }
            return summary(&problems, None);
        }
    };
    let mut found = check::check(&catalog, "catalog", &policy, "policy");
    found.extend(trust::policy_problems(&policy, "policy", allow_demo, &[]));
    if allow_demo.not() && policy.demo {
        found.extend(demo_keys(&policy, "policy"));
    }
    let problems: Vec<Problem> = found
        .into_iter()
        .map(|p| {
            let file = if p.file == "catalog" {
                File::Catalog
            } else {
                File::Policy
            };
            let place = places
                .locate(file, &p.path)
                .map_or_else(|| format!("{} {}", p.file, p.path), |pl| pl.to_string());
            Problem {
                file: book.to_string(),
                path: place,
                ..p
            }
        })
        .collect();
    for p in &problems {
        println!("{p}");
    }
    summary(&problems, Some((&catalog, &policy)))
}

/// Reads and parses one file; a file that cannot be read or parsed adds a problem naming it.
fn read_and_parse<T: serde::de::DeserializeOwned>(
    file: &str,
    problems: &mut Vec<Problem>,
) -> Option<T> {
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(e) => {
            problems.push(Problem {
                file: file.to_string(),
                path: "-".to_string(),
                severity: Severity::Error,
                message: format!("cannot read the file: {e}"),
            });
            return None;
        }
    };
    match check::parse::<T>(file, &text) {
        Ok(value) => Some(value),
        Err(p) => {
            problems.push(p);
            None
        }
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Reads the trusted publishers file and verifies the signatures beside both files
/// (`catalog.json` → `catalog.sig.json`).
fn signatures(publishers: &str, catalog: &str, policy: &str) -> Result<Signatures, Problem> {
    let fail = |message: String| Problem {
        file: publishers.to_string(),
        path: "-".to_string(),
        severity: Severity::Error,
        message,
    };
    let text = std::fs::read_to_string(publishers)
        .map_err(|e| fail(format!("cannot read the trusted publishers file: {e}")))?;
    let trusted = Publishers::parse(publishers, &text).map_err(fail)?;
    let read = |file: &str| std::fs::read_to_string(file).unwrap_or_default();
    let sig = |file: &str| {
        let path = std::path::Path::new(file);
        let stem = path.file_stem().unwrap_or_default().to_string_lossy();
        std::fs::read_to_string(path.with_file_name(format!("{stem}.sig.json"))).ok()
    };
    let (ct, pt, cs, ps) = (read(catalog), read(policy), sig(catalog), sig(policy));
    let catalog_file = Published {
        text: &ct,
        signature: cs.as_deref(),
    };
    let policy_file = Published {
        text: &pt,
        signature: ps.as_deref(),
    };
    Ok(trust::signatures(
        &trusted,
        (catalog, catalog_file),
        (policy, policy_file),
    ))
}

/// Every approver of a demo policy enrolled with a published demo key: refused unless the
/// checker is told `--allow-demo` (a non-demo policy refuses them whatever it is told).
fn demo_keys(p: &Policy, file: &str) -> Vec<Problem> {
    p.approvers
        .iter()
        .enumerate()
        .filter(|(_, a)| tailor_core::demo::is_demo_key(&a.public_key))
        .map(|(i, a)| Problem {
            file: file.to_string(),
            path: format!("approvers[{i}].public_key"),
            severity: Severity::Error,
            message: format!(
                "approver '{}' uses a published demo key (anyone can sign with it); pass --allow-demo to accept it",
                a.id
            ),
        })
        .collect()
}
