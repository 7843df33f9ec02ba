//! Prices a quote file natively and prints the canonical priced result, so the browser's
//! figures can be compared byte for byte with the native core's.
//!
//! `tailor-price QUOTE.json [CATALOG.json POLICY.json]` (the embedded default when omitted).

use std::process::ExitCode;
use tailor_core::{canonical, check, defaults, pricing, quote::Quote};

fn read(path: &str) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{path}: cannot read: {e}"))
}

fn run(args: &[String]) -> Result<String, String> {
    let (quote_path, catalog, policy) = match args {
        [q] => (
            q,
            defaults::CATALOG_JSON.to_string(),
            defaults::POLICY_JSON.to_string(),
        ),
        [q, c, p] => (q, read(c)?, read(p)?),
        _ => return Err("usage: tailor-price QUOTE.json [CATALOG.json POLICY.json]".into()),
    };
    let loaded = check::load("catalog.json", &catalog, "policy.json", &policy).map_err(|ps| {
        ps.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    })?;
    let quote: Quote = check::parse(quote_path, &read(quote_path)?).map_err(|p| p.to_string())?;
    Ok(canonical::to_string(&pricing::price(
        &loaded.catalog,
        &loaded.policy,
        &quote,
    )))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(out) => {
            println!("{out}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(1)
        }
    }
}
