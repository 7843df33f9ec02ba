//! TM Forum exports for the operator's BSS (`tailor_core::tmf`), written to standard output.
//!
//! `tailor-tmf catalog [CATALOG.json POLICY.json] [--lang zh|en]`: the catalog and policy (the
//! embedded default when omitted) as TMF620 v4 resources.
//!
//! `tailor-tmf quote TODAY QUOTE_FILE CATALOG.json POLICY.json [PREAUTH.json…] [--lang zh|en]`:
//! the proposal in a quote file as a TMF648 v4 Quote, priced afresh on that catalog and policy
//! (the file's own figures play no part) and its approvals and the pre-authorisation files given
//! judged under that policy taken as signed and in force on `TODAY`, as `tailor-price --verdict`
//! does. The quote must name that catalog's and policy's versions: a quote priced on other
//! versions needs repricing first, and is refused.

use std::process::ExitCode;
use tailor_core::approval::{self, preauth};
use tailor_core::statement::Proposal;
use tailor_core::text::Lang;
use tailor_core::{check, defaults, pricing, tmf, trust};

const USAGE: &str = "usage: tailor-tmf catalog [CATALOG.json POLICY.json] [--lang zh|en]\n       \
                     tailor-tmf quote TODAY QUOTE_FILE CATALOG.json POLICY.json [PREAUTH.json…] [--lang zh|en]";

fn read(path: &str) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{path}: cannot read: {e}"))
}

/// The catalog and policy, checked; every problem, one per line.
fn load(catalog: &str, policy: &str) -> Result<check::Loaded, String> {
    check::load("catalog.json", catalog, "policy.json", policy).map_err(|ps| {
        ps.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// The arguments without `--lang X`, and the language it names (Chinese by default).
fn language(args: &[String]) -> Result<(Vec<String>, Lang), String> {
    let mut rest = Vec::new();
    let mut lang = Lang::Zh;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--lang" {
            lang = match it.next().map(String::as_str) {
                Some("zh") => Lang::Zh,
                Some("en") => Lang::En,
                other => return Err(format!("--lang: zh or en, not {other:?}\n{USAGE}")),
            };
        } else {
            rest.push(a.clone());
        }
    }
    Ok((rest, lang))
}

fn catalog(args: &[String], lang: Lang) -> Result<String, String> {
    let (catalog, policy) = match args {
        [] => (
            defaults::CATALOG_JSON.to_string(),
            defaults::POLICY_JSON.to_string(),
        ),
        [c, p] => (read(c)?, read(p)?),
        _ => return Err(USAGE.into()),
    };
    let loaded = load(&catalog, &policy)?;
    let doc = tmf::product_catalog(&loaded.catalog, &loaded.policy, lang).map_err(|t| t.en)?;
    serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())
}

fn quote(args: &[String], lang: Lang) -> Result<String, String> {
    let [today, file, catalog, policy, preauth_files @ ..] = args else {
        return Err(USAGE.into());
    };
    let loaded = load(&read(catalog)?, &read(policy)?)?;
    let bytes = std::fs::read(file).map_err(|e| format!("{file}: cannot read: {e}"))?;
    let (qf, approvals) = approval::file::read_quote_file(file, &bytes).map_err(|t| t.en)?;
    let q = &qf.quote;
    if q.catalog_version != loaded.catalog.version || q.policy_version != loaded.policy.version {
        return Err(format!(
            "{file}: priced on catalog {} / policy {}, not on the catalog {} / policy {} given: it needs repricing first",
            q.catalog_version, q.policy_version, loaded.catalog.version, loaded.policy.version
        ));
    }
    let preauths = preauth_files
        .iter()
        .map(|path| {
            let bytes = std::fs::read(path).map_err(|e| format!("{path}: cannot read: {e}"))?;
            preauth::file::from_file(path, &bytes).map_err(|t| t.en)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let priced = pricing::price(&loaded.catalog, &loaded.policy, q);
    let standing = trust::Standing::of_signed(&loaded.policy, today);
    let verdict = approval::judge(
        &standing,
        &loaded.policy,
        q,
        &priced,
        &approvals,
        &preauths,
        today,
    );
    let proposal = Proposal {
        catalog: &loaded.catalog,
        policy: &loaded.policy,
        quote: q,
        priced: &priced,
        verdict: &verdict,
        approvals: &approvals,
        preauths: &preauths,
    };
    let doc = tmf::quote(&proposal, lang).map_err(|t| t.en)?;
    serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())
}

fn run(args: &[String]) -> Result<String, String> {
    let (args, lang) = language(args)?;
    match args.split_first() {
        Some((kind, rest)) if kind == "catalog" => catalog(rest, lang),
        Some((kind, rest)) if kind == "quote" => quote(rest, lang),
        _ => Err(USAGE.into()),
    }
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
