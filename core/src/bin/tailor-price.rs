//! Prices a quote file natively and prints the canonical priced result, so the browser's
//! figures can be compared byte for byte with the native core's.
//!
//! `tailor-price QUOTE.json [CATALOG.json POLICY.json]` (the embedded default when omitted).
//!
//! `tailor-price --verdict TODAY QUOTE_FILE CATALOG.json POLICY.json [PREAUTH.json…]`: the
//! verdict on the approvals a quote file carries and the pre-authorisation files given, priced
//! afresh (the file's own figures play no part), under that policy taken as signed and in force,
//! on `TODAY`: what the app must show for it.
//!
//! `tailor-price --after-sale QUOTE_FILE [CATALOG.json POLICY.json]`: a quote file made from a
//! contract, priced as what it is: an amendment's canonical `amendment::price` (its charges for
//! the remaining months, the new monthly total, its authority), a renewal's `pricing::price`.

use std::process::ExitCode;
use tailor_core::quote_file::AfterSale;
use tailor_core::{canonical, check, defaults, pricing, quote::Quote};

fn read(path: &str) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{path}: cannot read: {e}"))
}

fn verdict(
    today: &str,
    file: &str,
    catalog: &str,
    policy: &str,
    preauth_files: &[String],
) -> Result<String, String> {
    let (catalog, policy) = (read(catalog)?, read(policy)?);
    let loaded = check::load_reported(&catalog, &policy)?;
    let bytes = std::fs::read(file).map_err(|e| format!("{file}: cannot read: {e}"))?;
    let (file, approvals) =
        tailor_core::approval::file::read_quote_file(file, &bytes).map_err(|t| t.en)?;
    let priced = pricing::price(&loaded.catalog, &loaded.policy, &file.quote);
    let standing = tailor_core::trust::Standing::of_signed(&loaded.policy, today);
    let preauths = preauth_files
        .iter()
        .map(|path| {
            let bytes = std::fs::read(path).map_err(|e| format!("{path}: cannot read: {e}"))?;
            tailor_core::approval::preauth::file::from_file(path, &bytes).map_err(|t| t.en)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let v = tailor_core::approval::judge(
        &standing,
        &loaded.policy,
        &file.quote,
        &priced,
        &approvals,
        &preauths,
        today,
    );
    Ok(canonical::to_string(&serde_json::json!({
        "status": v.status,
        "required": v.required,
        "tcv": priced.totals.net.tcv,
    })))
}

fn after_sale(file: &str, catalog: String, policy: String) -> Result<String, String> {
    let loaded = check::load_reported(&catalog, &policy)?;
    let bytes = std::fs::read(file).map_err(|e| format!("{file}: cannot read: {e}"))?;
    let file = tailor_core::quote_file::import_bytes(file, &bytes).map_err(|e| e.message().en)?;
    let (catalog, policy, quote) = (&loaded.catalog, &loaded.policy, &file.quote);
    match file.after_sale {
        Some(AfterSale::Amends(a)) => Ok(canonical::to_string(
            &a.price(quote, catalog, policy).map_err(|t| t.en)?,
        )),
        Some(AfterSale::Renews(_)) => Ok(canonical::to_string(&pricing::price(
            catalog, policy, quote,
        ))),
        None => Err("the quote file is no amendment or renewal".into()),
    }
}

fn run(args: &[String]) -> Result<String, String> {
    match args {
        [flag, file] if flag == "--after-sale" => {
            let (c, p) = (defaults::CATALOG_JSON, defaults::POLICY_JSON);
            return after_sale(file, c.to_string(), p.to_string());
        }
        [flag, file, c, p] if flag == "--after-sale" => {
            return after_sale(file, read(c)?, read(p)?)
        }
        _ => {}
    }
    if let [flag, today, file, catalog, policy, preauths @ ..] = args {
        if flag == "--verdict" {
            return verdict(today, file, catalog, policy, preauths);
        }
    }
    let (quote_path, catalog, policy) = match args {
        [q] => (
            q,
            defaults::CATALOG_JSON.to_string(),
            defaults::POLICY_JSON.to_string(),
        ),
        [q, c, p] => (q, read(c)?, read(p)?),
        _ => return Err("usage: tailor-price QUOTE.json [CATALOG.json POLICY.json]".into()),
    };
    let loaded = check::load_reported(&catalog, &policy)?;
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
