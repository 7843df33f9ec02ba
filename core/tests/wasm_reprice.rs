//! The incremental one-line reprice at 5,000 lines in the browser (wasm32, headless Chromium
//! through wasm-bindgen-test): the native benchmark's edit (`benches/pricing.rs`,
//! `reprice_5000_lines/one_line`: line 2,500 up or down by one unit), timed with the page's
//! `performance.now()`, and the result still the full price's, byte for byte. It prints one line
//! that tests/bench.sh reads:
//!
//! `TAILOR_BENCH wasm_reprice_5000_one_line {"median_us":…,"p95_us":…,"batches":…,"edits":…}`
//!
//! Run with (release: the figure of the shipped build)
//! `cargo test -p tailor-core --no-default-features --target wasm32-unknown-unknown --release --test wasm_reprice -- --nocapture`.
#![cfg(target_arch = "wasm32")]

use std::hint::black_box;
use std::sync::Arc;
use tailor_core::incremental::Repricer;
use tailor_core::{canonical, defaults, pricing, sample};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const LINES: usize = 5_000;
/// Edits per timed batch (the clock's resolution is coarse in a browser), and batches.
const EDITS: usize = 200;
const BATCHES: usize = 25;

/// The page's `performance.now()`, in milliseconds.
fn now() -> f64 {
    let performance = js_sys::Reflect::get(&js_sys::global(), &"performance".into())
        .expect("a browser has performance");
    let now: js_sys::Function = js_sys::Reflect::get(&performance, &"now".into())
        .expect("performance.now")
        .unchecked_into();
    now.call0(&performance)
        .ok()
        .and_then(|v| v.as_f64())
        .expect("a time")
}

#[wasm_bindgen_test]
fn a_one_line_edit_at_5000_lines_reprices_incrementally_in_the_browser() {
    let (catalog, policy) = defaults::catalog_and_policy().expect("embedded default");
    let quote = sample::quote(&catalog, &policy, LINES);
    let (catalog, policy) = (Arc::new(catalog), Arc::new(policy));
    let mut r = Repricer::new(catalog.clone(), policy.clone(), quote);
    let mut up = false;
    let mut edit = |r: &mut Repricer| {
        up = !up;
        r.edit_line(black_box(LINES / 2), |l| {
            l.quantity = if up { l.quantity + 1 } else { l.quantity - 1 }
        })
    };
    for _ in 0..EDITS {
        black_box(edit(&mut r)); // warm up (the wasm's tier-up)
    }
    let mut per_edit_us: Vec<f64> = (0..BATCHES)
        .map(|_| {
            let start = now();
            for _ in 0..EDITS {
                black_box(edit(&mut r));
            }
            (now() - start) * 1000.0 / EDITS as f64
        })
        .collect();
    per_edit_us.sort_by(f64::total_cmp);
    let median = per_edit_us[BATCHES / 2];
    let p95 = per_edit_us[(BATCHES * 95 / 100).min(BATCHES - 1)];
    console_log!(
        "TAILOR_BENCH wasm_reprice_5000_one_line {{\"median_us\":{median:.2},\"p95_us\":{p95:.2},\"batches\":{BATCHES},\"edits\":{EDITS}}}"
    );
    // Still the full price function's result, byte for byte.
    let full = pricing::price(&catalog, &policy, r.quote());
    assert_eq!(
        canonical::to_string(r.priced()),
        canonical::to_string(&full)
    );
}
