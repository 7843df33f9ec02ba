//! The browser suite (`wasm_examples.rs`) lists its examples by name, because wasm has no file
//! system; this keeps that list the same as the examples in `tests/examples/`.

use std::path::Path;

#[test]
fn every_example_is_priced_in_the_browser_suite_too() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/examples");
    let listing = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/wasm_examples.rs"),
    )
    .expect("wasm_examples.rs");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("examples dir")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|f| f.strip_suffix(".quote.json").map(str::to_string))
        .collect();
    names.sort();
    assert!(!names.is_empty());
    for name in &names {
        assert!(
            listing.contains(&format!("\"{name}\"")),
            "{name} is missing from tests/wasm_examples.rs"
        );
    }
    assert!(
        listing.contains(&format!("[(&str, &str, &str); {}]", names.len())),
        "the browser list has another length"
    );
}
