//! `tailor-publish`: the pricing team's publisher key and signatures.
//!
//! - `keygen --id ID --name-zh NAME --name-en NAME --out KEY_FILE [--suite ed25519|sm2-sm3]`: a
//!   new publisher key file (sealed like an approver's: Argon2id for Ed25519, the default;
//!   PBKDF2-HMAC-SM3 and SM4-GCM for SM2) and, on standard output, its entry for the trusted
//!   publishers file the app is built with.
//! - `sign --key KEY_FILE --publisher ID --publishers FILE [--allow-demo] CATALOG POLICY`: checks
//!   both files (the checker, the policy's dates), signs them into `CATALOG.sig.json`-style files
//!   beside them (`catalog.json` → `catalog.sig.json`), and verifies the result under the
//!   trusted publishers file. It also writes the public keys the policy enrols, `keys.json`
//!   (`tailor-keys`: sellers and approvers, nothing internal) beside the policy, and signs it
//!   (`keys.sig.json`) for the customer's verification page.
//!
//! - `workbook CATALOG POLICY --out BOOK.xlsx`: the catalog and policy as the pricing team's
//!   workbook (`core::workbook`); `json BOOK.xlsx --out DIR`: back to `catalog.json` and
//!   `policy.json` (byte for byte what they were, for files in published form).
//! - `publish --key KEY_FILE --publisher ID --publishers FILE [--current DIR] --out DIR
//!   [--allow-demo] (BOOK.xlsx | CATALOG POLICY)`: in one command, checks (a workbook's problems at
//!   their sheet, row and column), shows the changes against the version published in `--current`
//!   (its `catalog.json` and `policy.json`), signs, and writes into `--out` every file to publish:
//!   `catalog.json`, `policy.json`, `keys.json` and their `.sig.json`.
//! - `impact --current DIR --proposed (DIR | BOOK.xlsx) --proposals (BACKUP | DIR) [--today DATE]
//!   [--xlsx OUT.xlsx]`: what the proposed catalog and policy would do to a set of proposals
//!   (`core::impact`), as a table and as an XLSX workbook.
//!
//! The passphrase comes from the environment variable `TAILOR_PUBLISHER_PASSPHRASE` or, with
//! `--passphrase-file FILE`, from the first line of that file. Randomness for a new key comes
//! from the operating system (`/dev/urandom`).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tailor_core::catalog::Catalog;
use tailor_core::changes;
use tailor_core::keyfile;
use tailor_core::policy::Policy;
use tailor_core::publication::{self, Kind, Publisher, Publishers};
use tailor_core::suite::Suite;
use tailor_core::text::Text;
use tailor_core::trust::{self, Published};
use tailor_core::workbook::{self, Places};

const USAGE: &str = "\
Usage:
    tailor-publish keygen --id ID --name-zh NAME --name-en NAME --out KEY_FILE [--suite SUITE]
    tailor-publish sign --key KEY_FILE --publisher ID --publishers FILE [--allow-demo] CATALOG POLICY
    tailor-publish workbook CATALOG POLICY --out BOOK.xlsx
    tailor-publish json BOOK.xlsx --out DIR
    tailor-publish publish --key KEY_FILE --publisher ID --publishers FILE [--current DIR]
                           --out DIR [--allow-demo] (BOOK.xlsx | CATALOG POLICY)
    tailor-publish impact --current DIR --proposed (DIR | BOOK.xlsx) --proposals (BACKUP | DIR)
                          [--today YYYY-MM-DD] [--xlsx OUT.xlsx]

keygen  makes a publisher key file and prints its entry for the trusted publishers file
        (trust/publishers.json, or the file TAILOR_PUBLISHERS names when the app is built).
        SUITE: ed25519 (the default) or sm2-sm3 (SM2 with SM3, the key file sealed with SM4).
sign    checks CATALOG and POLICY, writes their signatures beside them (catalog.json ->
        catalog.sig.json), and verifies them under the trusted publishers FILE; writes
        keys.json (the public keys the policy enrols) beside POLICY and signs it too.
workbook  writes CATALOG and POLICY as one XLSX workbook for editing in Excel.
json      reads a workbook back into DIR/catalog.json and DIR/policy.json (every problem at
          its sheet, row and column; nothing written on any).
publish   checks (a workbook or the two files), prints the changes against the version
          published in --current DIR, signs, and writes into --out DIR every file to publish:
          catalog.json, policy.json, keys.json and their .sig.json (nothing on any problem).
impact    prices every proposal of a library backup (or a folder of quote files) on the
          current (DIR's catalog.json and policy.json) and on the proposed catalog and policy:
          TCV, margin, required level, lines newly below the cost floor, approvals that would
          stop verifying (on --today, default the proposed policy's published date), by family
          and by industry; --xlsx also writes it as a workbook.

The passphrase: $TAILOR_PUBLISHER_PASSPHRASE, or --passphrase-file FILE (its first line).
At least 12 characters.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("keygen") => keygen(&Args::new(&args[1..])),
        Some("sign") => sign(&Args::new(&args[1..])),
        Some("workbook") => to_workbook(&Args::new(&args[1..])),
        Some("json") => to_json(&Args::new(&args[1..])),
        Some("publish") => publish(&Args::new(&args[1..])),
        Some("impact") => impact(&Args::new(&args[1..])),
        Some("-h" | "--help") => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => Err(format!(
            "expected a command: keygen, sign, workbook, json, publish or impact\n\n{USAGE}"
        )),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tailor-publish: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Options (`--name value`, flags) and the remaining file arguments.
struct Args<'a> {
    args: &'a [String],
}

impl<'a> Args<'a> {
    fn new(args: &'a [String]) -> Self {
        Args { args }
    }

    fn value(&self, name: &str) -> Option<&'a str> {
        let at = self.args.iter().position(|a| a == name)?;
        self.args.get(at + 1).map(String::as_str)
    }

    fn required(&self, name: &str) -> Result<&'a str, String> {
        self.value(name)
            .ok_or_else(|| format!("{name} is required\n\n{USAGE}"))
    }

    fn flag(&self, name: &str) -> bool {
        self.args.iter().any(|a| a == name)
    }

    /// The arguments that are neither options nor their values.
    fn files(&self) -> Vec<&'a str> {
        let mut out = Vec::new();
        let mut skip = false;
        for a in self.args {
            if skip {
                skip = false;
            } else if a == "--allow-demo" {
            } else if a.starts_with("--") {
                skip = true;
            } else {
                out.push(a.as_str());
            }
        }
        out
    }

    fn passphrase(&self) -> Result<String, String> {
        match self.value("--passphrase-file") {
            Some(file) => {
                let text = read(Path::new(file))?;
                Ok(text.lines().next().unwrap_or_default().to_string())
            }
            None => std::env::var("TAILOR_PUBLISHER_PASSPHRASE").map_err(|_| {
                "no passphrase: set TAILOR_PUBLISHER_PASSPHRASE or give --passphrase-file".into()
            }),
        }
    }
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("{}: cannot write: {e}", path.display()))
}

fn random<const N: usize>() -> Result<[u8; N], String> {
    let mut out = [0u8; N];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut out))
        .map_err(|e| format!("no randomness from /dev/urandom: {e}"))?;
    Ok(out)
}

fn keygen(args: &Args) -> Result<(), String> {
    let id = args.required("--id")?;
    let name = Text::new(args.required("--name-zh")?, args.required("--name-en")?);
    let out = PathBuf::from(args.required("--out")?);
    if out.exists() {
        return Err(format!(
            "{}: exists; a key file is never overwritten",
            out.display()
        ));
    }
    let suite = match args.value("--suite") {
        None => Suite::Ed25519,
        Some(s) => Suite::from_id(s)
            .ok_or_else(|| format!("--suite {s}: not a suite; ed25519 or sm2-sm3"))?,
    };
    let passphrase = args.passphrase()?;
    let file = keyfile::create_in(
        suite,
        random()?,
        random()?,
        random()?,
        &passphrase,
        &format!("publisher {id}"),
    )
    .map_err(|e| e.to_string())?;
    write(&out, &file.to_json())?;
    let entry = Publisher {
        id: id.to_string(),
        name,
        public_key: file.public_key.clone(),
        suite,
        demo: false,
    };
    let json = serde_json::to_string_pretty(&entry).map_err(|e| e.to_string())?;
    println!("{json}");
    eprintln!(
        "wrote {} (fingerprint {}); add the entry above to the trusted publishers file",
        out.display(),
        file.fingerprint
    );
    Ok(())
}

/// `catalog.json` → `catalog.sig.json`, beside it.
fn signature_path(file: &Path) -> PathBuf {
    let stem = file.file_stem().unwrap_or_default().to_string_lossy();
    file.with_file_name(format!("{stem}.sig.json"))
}

/// The signatures and keys file of a checked catalog and policy, verified as the app will.
struct Signed {
    catalog_sig: String,
    policy_sig: String,
    keys: String,
    keys_sig: String,
    /// The catalog and policy versions, the publisher, and whether the policy is a demo one.
    catalog_version: String,
    policy_version: String,
    publisher: String,
    demo: bool,
}

/// Checks the catalog and policy texts (named `catalog_file`, `policy_file` in problems), signs
/// them and the keys file with the publisher key, and verifies the signatures under the trusted
/// publishers file. Nothing is written: the caller writes the files only when all went well.
fn signed(
    args: &Args,
    (catalog_file, catalog_text): (&str, &str),
    (policy_file, policy_text): (&str, &str),
) -> Result<Signed, String> {
    let key_path = Path::new(args.required("--key")?);
    let publisher = args.required("--publisher")?;
    let publishers_path = Path::new(args.required("--publishers")?);
    let allow_demo = args.flag("--allow-demo");
    let publishers = Publishers::parse(
        &publishers_path.display().to_string(),
        &read(publishers_path)?,
    )?;
    let key_text = read(key_path)?;
    let key_file = keyfile::read(&key_text).map_err(|e| format!("{}: {e}", key_path.display()))?;
    let key = keyfile::unlock(&key_file, &args.passphrase()?)
        .map_err(|e| format!("{}: {e}", key_path.display()))?;
    let loaded = tailor_core::check::load(catalog_file, catalog_text, policy_file, policy_text)
        .map_err(problems)?;
    let sign = |kind: Kind, version: &str, text: &str| {
        publication::sign(kind, version, text.as_bytes(), publisher, &key).to_json()
    };
    let catalog_sig = sign(Kind::Catalog, &loaded.catalog.version, catalog_text);
    let policy_sig = sign(Kind::Policy, &loaded.policy.version, policy_text);
    let keys = tailor_core::keys::of(&loaded.catalog, &loaded.policy).to_json();
    let keys_sig = sign(Kind::Keys, &loaded.policy.version, &keys);
    let published = |text, sig| Published {
        text,
        signature: Some(sig),
    };
    let s = trust::load(
        &publishers,
        published(catalog_text, &catalog_sig),
        published(policy_text, &policy_sig),
        allow_demo,
    )
    .map_err(|ps| format!("refused, nothing signed:\n{}", problems(ps)))?;
    Ok(Signed {
        catalog_sig,
        policy_sig,
        keys,
        keys_sig,
        catalog_version: s.catalog.version,
        policy_version: s.policy.version,
        publisher: s.publisher.id,
        demo: s.demo,
    })
}

fn problems(ps: Vec<tailor_core::check::Problem>) -> String {
    ps.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

fn sign(args: &Args) -> Result<(), String> {
    let files = args.files();
    let [catalog_file, policy_file] = files.as_slice() else {
        return Err(format!("expected CATALOG and POLICY\n\n{USAGE}"));
    };
    let (catalog_path, policy_path) = (Path::new(catalog_file), Path::new(policy_file));
    let (catalog_text, policy_text) = (read(catalog_path)?, read(policy_path)?);
    let s = signed(
        args,
        (catalog_file, &catalog_text),
        (policy_file, &policy_text),
    )?;
    let keys_path = policy_path.with_file_name(Kind::Keys.file_name());
    let (catalog_sig_path, policy_sig_path, keys_sig_path) = (
        signature_path(catalog_path),
        signature_path(policy_path),
        signature_path(&keys_path),
    );
    write(&keys_path, &s.keys)?;
    write(&keys_sig_path, &s.keys_sig)?;
    write(&catalog_sig_path, &s.catalog_sig)?;
    write(&policy_sig_path, &s.policy_sig)?;
    println!(
        "keys: {} → {}",
        keys_path.display(),
        keys_sig_path.display()
    );
    println!(
        "signed: catalog {} → {}, policy {} → {} (publisher {}{})",
        s.catalog_version,
        catalog_sig_path.display(),
        s.policy_version,
        policy_sig_path.display(),
        s.publisher,
        if s.demo { ", DEMO" } else { "" }
    );
    Ok(())
}

/// A workbook's problems, one per line, at their sheet, row and column.
fn workbook_problems(book: &str, ps: &[workbook::Problem]) -> String {
    let lines: Vec<String> = ps.iter().map(|p| format!("{book}: {p}")).collect();
    format!("{}\n{} in the workbook", lines.join("\n"), ps.len())
}

/// The catalog and policy a workbook holds, as the texts of the files to publish.
fn from_workbook(book: &str) -> Result<(Catalog, Policy, Places), String> {
    let bytes = std::fs::read(book).map_err(|e| format!("{book}: cannot read: {e}"))?;
    workbook::read(&bytes).map_err(|ps| workbook_problems(book, &ps))
}

fn to_workbook(args: &Args) -> Result<(), String> {
    let files = args.files();
    let [catalog_file, policy_file] = files.as_slice() else {
        return Err(format!("expected CATALOG and POLICY\n\n{USAGE}"));
    };
    let out = Path::new(args.required("--out")?);
    let catalog: Catalog = parse(catalog_file)?;
    let policy: Policy = parse(policy_file)?;
    let bytes = workbook::write(&catalog, &policy).map_err(|e| e.en)?;
    std::fs::write(out, bytes).map_err(|e| format!("{}: cannot write: {e}", out.display()))?;
    println!(
        "workbook: {} ({} offerings, policy {})",
        out.display(),
        catalog.offerings.len(),
        policy.version
    );
    Ok(())
}

fn parse<T: serde::de::DeserializeOwned>(file: &str) -> Result<T, String> {
    tailor_core::check::parse(file, &read(Path::new(file))?).map_err(|p| p.to_string())
}

fn to_json(args: &Args) -> Result<(), String> {
    let files = args.files();
    let [book] = files.as_slice() else {
        return Err(format!("expected one workbook\n\n{USAGE}"));
    };
    let out = Path::new(args.required("--out")?);
    let (catalog, policy, _) = from_workbook(book)?;
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    write(&out.join("catalog.json"), &workbook::to_json(&catalog))?;
    write(&out.join("policy.json"), &workbook::to_json(&policy))?;
    println!("json: {0}/catalog.json, {0}/policy.json", out.display());
    Ok(())
}

/// The catalog and policy texts to publish, from a workbook or the two files; with a workbook,
/// the checker's problems are put at their sheet, row and column.
fn proposed(args: &Args) -> Result<(String, String), String> {
    let files = args.files();
    match files.as_slice() {
        [book] if book.ends_with(".xlsx") => {
            let (catalog, policy, places) = from_workbook(book)?;
            let (c, p) = (workbook::to_json(&catalog), workbook::to_json(&policy));
            if let Err(ps) = tailor_core::check::load("catalog", &c, "policy", &p) {
                let lines: Vec<String> = ps
                    .iter()
                    .map(|pr| {
                        let file = if pr.file == "catalog" {
                            workbook::File::Catalog
                        } else {
                            workbook::File::Policy
                        };
                        let at = places.locate(file, &pr.path).map_or_else(
                            || format!("{} {}", pr.file, pr.path),
                            |pl| pl.to_string(),
                        );
                        format!("{book}: {at}: {}", pr.message)
                    })
                    .collect();
                return Err(format!("refused, nothing signed:\n{}", lines.join("\n")));
            }
            Ok((c, p))
        }
        [catalog, policy] => Ok((read(Path::new(catalog))?, read(Path::new(policy))?)),
        _ => Err(format!(
            "expected a workbook, or CATALOG and POLICY\n\n{USAGE}"
        )),
    }
}

fn publish(args: &Args) -> Result<(), String> {
    let out = Path::new(args.required("--out")?);
    let (catalog_text, policy_text) = proposed(args)?;
    let s = signed(
        args,
        ("catalog.json", &catalog_text),
        ("policy.json", &policy_text),
    )?;
    let catalog: Catalog =
        tailor_core::check::parse("catalog.json", &catalog_text).map_err(|p| p.to_string())?;
    let policy: Policy =
        tailor_core::check::parse("policy.json", &policy_text).map_err(|p| p.to_string())?;
    match args.value("--current") {
        Some(dir) => {
            let dir = Path::new(dir);
            let old_catalog: Catalog = parse(&dir.join("catalog.json").display().to_string())?;
            let old_policy: Policy = parse(&dir.join("policy.json").display().to_string())?;
            let all: Vec<changes::Change> = changes::of_catalog(&old_catalog, &catalog)
                .into_iter()
                .chain(changes::of_policy(&old_policy, &policy))
                .collect();
            println!(
                "changes against {} (catalog {}, policy {}): {}",
                dir.display(),
                old_catalog.version,
                old_policy.version,
                all.len()
            );
            for c in &all {
                println!("  {c}");
            }
        }
        None => println!("changes: no --current published version; everything is new"),
    }
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    for (name, text) in [
        ("catalog.json", &catalog_text),
        ("catalog.sig.json", &s.catalog_sig),
        ("policy.json", &policy_text),
        ("policy.sig.json", &s.policy_sig),
        ("keys.json", &s.keys),
        ("keys.sig.json", &s.keys_sig),
    ] {
        write(&out.join(name), text)?;
    }
    println!(
        "published into {}: catalog {}, policy {} (publisher {}{}); copy its six files beside the app",
        out.display(),
        s.catalog_version,
        s.policy_version,
        s.publisher,
        if s.demo { ", DEMO" } else { "" }
    );
    Ok(())
}

/// A catalog and policy from a folder (`catalog.json`, `policy.json`) or a workbook.
fn pair(source: &str) -> Result<(Catalog, Policy), String> {
    if source.ends_with(".xlsx") {
        let (c, p, _) = from_workbook(source)?;
        return Ok((c, p));
    }
    let dir = Path::new(source);
    Ok((
        parse(&dir.join("catalog.json").display().to_string())?,
        parse(&dir.join("policy.json").display().to_string())?,
    ))
}

/// The proposals of a library backup, or of every `.json` quote file in a folder.
fn proposals(source: &str) -> Result<Vec<tailor_core::impact::Proposal>, String> {
    let path = Path::new(source);
    let files: Vec<PathBuf> = if path.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| format!("{source}: {e}"))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        files
    } else {
        vec![path.to_path_buf()]
    };
    let mut out = Vec::new();
    for file in files {
        let name = file.display().to_string();
        let bytes = std::fs::read(&file).map_err(|e| format!("{name}: cannot read: {e}"))?;
        for incoming in tailor_core::backup::read(&name, &bytes).map_err(|e| e.en)? {
            let approvals =
                tailor_core::approval::file::from_values(&name, &incoming.file.approvals)
                    .map_err(|e| e.en)?;
            let quote = incoming.file.quote;
            let label = if incoming.name.is_empty() {
                &quote.customer.name
            } else {
                &incoming.name
            };
            out.push(tailor_core::impact::Proposal {
                name: format!("{label} ({} V{})", quote.id, quote.version),
                quote,
                approvals,
            });
        }
    }
    Ok(out)
}

fn impact(args: &Args) -> Result<(), String> {
    let current = pair(args.required("--current")?)?;
    let proposed = pair(args.required("--proposed")?)?;
    let set = proposals(args.required("--proposals")?)?;
    let today = match args.value("--today") {
        Some(d) => d.to_string(),
        None => proposed.1.published.clone().ok_or(
            "--today is required when the proposed policy has no published date".to_string(),
        )?,
    };
    let impact = tailor_core::impact::impact(
        (&current.0, &current.1),
        (&proposed.0, &proposed.1),
        &set,
        &today,
    );
    println!(
        "impact of catalog {} → {}, policy {} → {} on {} proposals (approvals judged on {today})\n",
        current.0.version,
        proposed.0.version,
        current.1.version,
        proposed.1.version,
        set.len()
    );
    print!("{}", impact.table());
    if let Some(out) = args.value("--xlsx") {
        let bytes = impact.report().to_xlsx().map_err(|e| e.en)?;
        std::fs::write(out, bytes).map_err(|e| format!("{out}: cannot write: {e}"))?;
        println!("\nworkbook: {out}");
    }
    Ok(())
}
