//! The core is pure: no browser, no UI and no randomness or clock of its own. The same inputs give
//! the same bytes natively and in the browser, and seeds, salts, nonces and today's date come in as
//! arguments from the caller (the app takes them from `crypto.getRandomValues` and the device).
//!
//! Checked three ways: the core's own dependencies are a short, named list; none of them brings a
//! browser binding or a randomness source into the build (as `cargo tree` resolves it); and the
//! library's source names no browser, randomness or clock API (the native tools in `src/bin` may
//! read files and arguments).
//!
//! The pricing team's workbook (`src/workbook`) is native only: its two crates are the core's
//! only native-only dependencies, and the browser's build closure never holds them. Their ZIP
//! crate links `getrandom` natively, for ZIP encryption and extracting to disk, which the workbook
//! never asks for; `getrandom` may reach the native build through `zip` alone.

#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

/// The core's dependencies, each for one job (see `core/Cargo.toml`).
const ALLOWED: &[&str] = &[
    "serde",
    "serde_json",
    "ed25519-dalek",
    "sha2",
    "argon2",
    "chacha20poly1305",
    "hex",
    "zeroize",
    "miniz_oxide",
    "base64",
    // The SM suite (src/suite.rs, src/keyfile.rs), all RustCrypto, pure Rust, no randomness:
    // SM2 signatures (its "dsa" feature; nonces by RFC 6979 with HMAC-SM3, so no rng), SM3, SM4,
    // and the key file's SM4-GCM (aes-gcm's generic GCM, without AES) and PBKDF2-HMAC-SM3.
    "sm2",
    "sm3",
    "sm4",
    "aes-gcm",
    "hmac",
    "pbkdf2",
];

/// The core's native-only dependencies (`[target.'cfg(not(target_arch = "wasm32"))'.dependencies]`),
/// for the pricing team's workbook: calamine reads XLSX, rust_xlsxwriter writes it.
const NATIVE_ONLY: &[&str] = &["calamine", "rust_xlsxwriter"];

/// What only the native build may hold: the workbook's crates and their ZIP crate.
const NEVER_IN_THE_BROWSER: &[&str] = &["calamine", "rust_xlsxwriter", "zip"];

/// Crates that would tie the core to the browser or give it randomness of its own.
const FORBIDDEN_CRATES: &[&str] = &[
    "web-sys",
    "js-sys",
    "wasm-bindgen",
    "gloo",
    "leptos",
    "getrandom",
    "rand",
];

/// APIs the library's source must not name.
const FORBIDDEN_IN_SOURCE: &[&str] = &[
    "web_sys",
    "js_sys",
    "wasm_bindgen",
    "leptos",
    "getrandom",
    "rand::",
    "OsRng",
    "thread_rng",
    "SystemTime",
    "Instant::now",
    "std::env",
    "std::fs",
];

fn core_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The crate names under `[dependencies]` in the core's manifest.
fn direct_dependencies() -> Vec<String> {
    dependencies_in("[dependencies]")
}

/// The crate names under the manifest's section `header`.
fn dependencies_in(header: &str) -> Vec<String> {
    let manifest = read(&core_dir().join("Cargo.toml"));
    let mut in_section = false;
    let mut names = Vec::new();
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_section = line == header;
        } else if in_section && !line.is_empty() && !line.starts_with('#') {
            if let Some((name, _)) = line.split_once('=') {
                names.push(name.trim().to_string());
            }
        }
    }
    names
}

/// The packages the core's own build compiles (normal dependencies, no dev-dependencies), for the
/// native target and for the browser's, as `cargo tree` resolves them from `Cargo.lock`.
fn build_closure(target: Option<&str>) -> BTreeSet<String> {
    let mut cmd = Command::new(env!("CARGO"));
    cmd.args([
        "tree",
        "-p",
        "tailor-core",
        "-e",
        "normal",
        "--prefix",
        "none",
    ])
    .arg("--manifest-path")
    .arg(core_dir().join("Cargo.toml"));
    if let Some(t) = target {
        cmd.args(["--target", t]);
    }
    let out = cmd.output().unwrap_or_else(|e| panic!("cargo tree: {e}"));
    assert!(
        out.status.success(),
        "cargo tree: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(String::from)
        .collect()
}

fn forbidden(name: &str) -> bool {
    FORBIDDEN_CRATES
        .iter()
        .any(|f| name == *f || name.starts_with(&format!("{f}-")))
}

#[test]
fn the_core_depends_only_on_its_named_crates() {
    let deps = direct_dependencies();
    assert!(
        !deps.is_empty(),
        "no [dependencies] found in core/Cargo.toml"
    );
    for d in &deps {
        assert!(
            ALLOWED.contains(&d.as_str()),
            "core/Cargo.toml depends on `{d}`: the core takes a new dependency only for a job none of {ALLOWED:?} does; add it here with the reason"
        );
    }
}

#[test]
fn the_native_only_dependencies_are_the_workbook_s() {
    let native = dependencies_in(r#"[target.'cfg(not(target_arch = "wasm32"))'.dependencies]"#);
    assert_eq!(
        native, NATIVE_ONLY,
        "core/Cargo.toml's native-only dependencies"
    );
    let browser = build_closure(Some("wasm32-unknown-unknown"));
    for name in NEVER_IN_THE_BROWSER {
        assert!(!browser.contains(*name), "{name} is in the browser's build");
    }
}

/// The packages that depend directly on `name` in the core's native build.
fn dependents(name: &str) -> BTreeSet<String> {
    let out = Command::new(env!("CARGO"))
        .args([
            "tree",
            "-p",
            "tailor-core",
            "-e",
            "normal",
            "--prefix",
            "depth",
            "-i",
            name,
        ])
        .arg("--manifest-path")
        .arg(core_dir().join("Cargo.toml"))
        .output()
        .unwrap_or_else(|e| panic!("cargo tree: {e}"));
    // Two versions of `name` in the lock file (one of them a test-only dependency's): cargo asks
    // for `name@version`; the dependents are those of every version.
    let stderr = String::from_utf8_lossy(&out.stderr);
    if stderr.contains("is ambiguous") {
        let versions: Vec<String> = stderr
            .lines()
            .map(str::trim)
            .filter(|l| l.starts_with(&format!("{name}@")))
            .map(String::from)
            .collect();
        return versions.iter().flat_map(|v| dependents(v)).collect();
    }
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.strip_prefix('1'))
        .filter_map(|l| l.split_whitespace().next())
        .map(String::from)
        .collect()
}

#[test]
fn no_dependency_of_the_core_brings_a_browser_binding_or_randomness() {
    for target in [None, Some("wasm32-unknown-unknown")] {
        let closure = build_closure(target);
        assert!(closure.contains("ed25519-dalek"), "{closure:?}");
        let native = target.is_none();
        let bad: Vec<_> = closure
            .iter()
            .filter(|n| forbidden(n))
            .filter(|n| {
                !(native
                    && n.as_str() == "getrandom"
                    && dependents("getrandom") == BTreeSet::from(["zip".to_string()]))
            })
            .collect();
        assert!(
            bad.is_empty(),
            "the core's build for {} pulls in {bad:?}; `cargo tree -p tailor-core -e normal -i <crate>` shows through what",
            target.unwrap_or("the native target")
        );
    }
}

#[test]
fn the_core_library_names_no_browser_randomness_or_clock_api() {
    fn walk(dir: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.map(|e| e.path()).unwrap_or_default();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n != "bin") {
                    walk(&path, out);
                }
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = read(&path);
                for (i, line) in text.lines().enumerate() {
                    let code = line.split("//").next().unwrap_or("");
                    for api in FORBIDDEN_IN_SOURCE {
                        if code.contains(api) {
                            out.push(format!("{}:{}: {api}", path.display(), i + 1));
                        }
                    }
                }
            }
        }
    }
    let mut found = Vec::new();
    walk(&core_dir().join("src"), &mut found);
    assert!(found.is_empty(), "{}", found.join("\n"));
}
