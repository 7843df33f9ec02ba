//! `tailor-check CATALOG POLICY`: the pricing team's checker for `catalog.json` and `policy.json`.
//! Prints every problem in both files, one per line, then a summary. Exit code 0 when there is no
//! error (warnings alone pass), 1 on any error, 2 on a usage error.

use std::process::ExitCode;
use tailor_core::catalog::{Catalog, Severity};
use tailor_core::check::{self, Problem};
use tailor_core::policy::Policy;

const USAGE: &str = "\
Usage: tailor-check CATALOG POLICY

Checks a Tailor catalog file and policy file before publishing them, e.g.
    cargo run -p tailor-core --bin tailor-check -- public/catalog.json public/policy.json

Prints every problem in both files as `file: path: severity: message`, then a summary.
Exit code: 0 when there are no errors (warnings alone pass), 1 on any error, 2 on a usage error.

Options:
    -h, --help    Print this help";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "-h" || a == "--help") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let files: Vec<&String> = args.iter().filter(|a| a.as_str() != "--").collect();
    if let Some(flag) = files.iter().find(|a| a.starts_with('-')) {
        eprintln!("tailor-check: unknown option '{flag}'\n\n{USAGE}");
        return ExitCode::from(2);
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
    for p in &problems {
        println!("{p}");
    }
    let errors = problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    let warnings = problems.len() - errors;
    match (&catalog, &policy) {
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
