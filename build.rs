//! Builds the publishers the app trusts into it: the file `TAILOR_PUBLISHERS` names (relative to
//! the workspace), else `trust/publishers.json`. A deployment builds with its own (README,
//! "Deploying: publisher keys").

fn main() {
    println!("cargo:rerun-if-env-changed=TAILOR_PUBLISHERS");
    let dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
    let file =
        std::env::var("TAILOR_PUBLISHERS").unwrap_or_else(|_| "trust/publishers.json".into());
    let path = std::path::Path::new(&dir).join(&file);
    println!("cargo:rerun-if-changed={}", path.display());
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("the trusted publishers file {}: {e}", path.display()));
    let out =
        std::path::Path::new(&std::env::var("OUT_DIR").unwrap_or_default()).join("publishers.json");
    std::fs::write(&out, text).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
}
