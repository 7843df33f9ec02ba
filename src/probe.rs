//! Read-only hooks on `window` for the end-to-end tests: `tailorQuote()` returns the canonical
//! quote and `tailorPriced()` the canonical priced result, to compare with the native core's.

use crate::state::Ctx;
use leptos::prelude::*;
use tailor_core::canonical;
use wasm_bindgen::prelude::*;

fn expose(name: &str, f: JsValue) {
    if let Some(w) = web_sys::window() {
        // Setting a property on `window` only fails on a frozen global, which Tailor never has.
        let _ = js_sys::Reflect::set(&w, &JsValue::from_str(name), &f);
    }
}

/// Installs the hooks.
pub fn install(ctx: Ctx) {
    let quote =
        Closure::<dyn Fn() -> String>::new(move || ctx.quote.with_untracked(canonical::to_string));
    expose("tailorQuote", quote.into_js_value());
    let priced =
        Closure::<dyn Fn() -> String>::new(move || ctx.priced.with_untracked(canonical::to_string));
    expose("tailorPriced", priced.into_js_value());
}
