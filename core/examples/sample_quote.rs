//! Writes the quote file of a deterministic sample quote (`tailor_core::sample::quote`) priced on
//! the embedded default catalog and policy, for the benchmarks to open in the app.
//!
//! `cargo run -p tailor-core --example sample_quote -- LINES OUT.tailor.json [SITES]`
//! (with SITES, the lines spread over that many sites of a provincial network: `sample::network`)

use std::process::ExitCode;
use tailor_core::{defaults, pricing, quote_file, sample};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (lines, out, sites) = match args.as_slice() {
        [lines, out] => (lines, out, "0"),
        [lines, out, sites] => (lines, out, sites.as_str()),
        _ => {
            eprintln!("usage: sample_quote LINES OUT.tailor.json [SITES]");
            return ExitCode::from(2);
        }
    };
    let Ok(sites) = sites.parse::<usize>() else {
        eprintln!("sample_quote: {sites}: not a number of sites");
        return ExitCode::from(2);
    };
    let Ok(n) = lines.parse::<usize>() else {
        eprintln!("sample_quote: {lines}: not a number of lines");
        return ExitCode::from(2);
    };
    let (catalog, policy) = match defaults::catalog_and_policy() {
        Ok(d) => d,
        Err(problems) => {
            for p in problems {
                eprintln!("{p}");
            }
            return ExitCode::from(1);
        }
    };
    let quote = sample::network(&catalog, &policy, n, sites);
    let priced = pricing::price(&catalog, &policy, &quote);
    let text = quote_file::export(&quote, &priced);
    // The app must open what this writes: check it the way its import does.
    if let Err(e) = quote_file::import_bytes(out, text.as_bytes()) {
        eprintln!("sample_quote: the file would not open: {}", e.message().en);
        return ExitCode::from(1);
    }
    if let Err(e) = std::fs::write(out, text) {
        eprintln!("sample_quote: {out}: {e}");
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
