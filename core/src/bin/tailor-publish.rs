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
//! The passphrase comes from the environment variable `TAILOR_PUBLISHER_PASSPHRASE` or, with
//! `--passphrase-file FILE`, from the first line of that file. Randomness for a new key comes
//! from the operating system (`/dev/urandom`).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tailor_core::keyfile;
use tailor_core::publication::{self, Kind, Publisher, Publishers};
use tailor_core::suite::Suite;
use tailor_core::text::Text;
use tailor_core::trust::{self, Published};

const USAGE: &str = "\
Usage:
    tailor-publish keygen --id ID --name-zh NAME --name-en NAME --out KEY_FILE [--suite SUITE]
    tailor-publish sign --key KEY_FILE --publisher ID --publishers FILE [--allow-demo] CATALOG POLICY

keygen  makes a publisher key file and prints its entry for the trusted publishers file
        (trust/publishers.json, or the file TAILOR_PUBLISHERS names when the app is built).
        SUITE: ed25519 (the default) or sm2-sm3 (SM2 with SM3, the key file sealed with SM4).
sign    checks CATALOG and POLICY, writes their signatures beside them (catalog.json ->
        catalog.sig.json), and verifies them under the trusted publishers FILE; writes
        keys.json (the public keys the policy enrols) beside POLICY and signs it too.

The passphrase: $TAILOR_PUBLISHER_PASSPHRASE, or --passphrase-file FILE (its first line).
At least 12 characters.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("keygen") => keygen(&Args::new(&args[1..])),
        Some("sign") => sign(&Args::new(&args[1..])),
        Some("-h" | "--help") => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => Err(format!("expected a command, keygen or sign\n\n{USAGE}")),
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

fn sign(args: &Args) -> Result<(), String> {
    let key_path = Path::new(args.required("--key")?);
    let publisher = args.required("--publisher")?;
    let publishers_path = Path::new(args.required("--publishers")?);
    let allow_demo = args.flag("--allow-demo");
    let files = args.files();
    let [catalog_file, policy_file] = files.as_slice() else {
        return Err(format!("expected CATALOG and POLICY\n\n{USAGE}"));
    };
    let publishers = Publishers::parse(
        &publishers_path.display().to_string(),
        &read(publishers_path)?,
    )?;
    let key_text = read(key_path)?;
    let key_file = keyfile::read(&key_text).map_err(|e| format!("{}: {e}", key_path.display()))?;
    let key = keyfile::unlock(&key_file, &args.passphrase()?)
        .map_err(|e| format!("{}: {e}", key_path.display()))?;
    let (catalog_path, policy_path) = (Path::new(catalog_file), Path::new(policy_file));
    let (catalog_text, policy_text) = (read(catalog_path)?, read(policy_path)?);
    let problems = |ps: Vec<tailor_core::check::Problem>| {
        ps.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    };
    let loaded = tailor_core::check::load(catalog_file, &catalog_text, policy_file, &policy_text)
        .map_err(problems)?;
    let sign_one = |kind: Kind, version: &str, path: &Path, text: &str| {
        let sig = publication::sign(kind, version, text.as_bytes(), publisher, &key);
        let out = signature_path(path);
        write(&out, &sig.to_json()).map(|()| (out, sig.to_json()))
    };
    let (catalog_sig_path, catalog_sig) = sign_one(
        Kind::Catalog,
        &loaded.catalog.version,
        catalog_path,
        &catalog_text,
    )?;
    let (policy_sig_path, policy_sig) = sign_one(
        Kind::Policy,
        &loaded.policy.version,
        policy_path,
        &policy_text,
    )?;
    let published = |text, sig| Published {
        text,
        signature: Some(sig),
    };
    let signed = trust::load(
        &publishers,
        published(&catalog_text, &catalog_sig),
        published(&policy_text, &policy_sig),
        allow_demo,
    );
    let keys_path = policy_path.with_file_name(Kind::Keys.file_name());
    let keys_text = tailor_core::keys::of(&loaded.catalog, &loaded.policy).to_json();
    let keys_written = write(&keys_path, &keys_text)
        .and_then(|()| sign_one(Kind::Keys, &loaded.policy.version, &keys_path, &keys_text));
    match (signed, keys_written) {
        (Ok(s), Ok((keys_sig_path, _))) => {
            println!(
                "keys: {} → {}",
                keys_path.display(),
                keys_sig_path.display()
            );
            println!(
                "signed: catalog {} → {}, policy {} → {} (publisher {}{})",
                s.catalog.version,
                catalog_sig_path.display(),
                s.policy.version,
                policy_sig_path.display(),
                s.publisher.id,
                if s.demo { ", DEMO" } else { "" }
            );
            Ok(())
        }
        (Ok(_), Err(e)) => Err(e),
        (Err(ps), _) => {
            let _ = std::fs::remove_file(signature_path(&keys_path));
            // Never leave a signature that the app would refuse beside the files.
            let _ = std::fs::remove_file(&catalog_sig_path);
            let _ = std::fs::remove_file(&policy_sig_path);
            Err(format!("refused, nothing signed:\n{}", problems(ps)))
        }
    }
}
