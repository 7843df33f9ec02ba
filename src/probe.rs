//! Read-only hooks on `window` for the end-to-end tests and the benchmarks: `tailorQuote()`
//! returns the canonical quote and `tailorPriced()` the canonical priced result, to compare with
//! the native core's (`tailorAmended()`: the amendment on screen priced, `core::amendment::price`,
//! or an empty string); `tailorPriceBench(lines, runs)` prices the deterministic sample quote of
//! `lines` lines (`tailor_core::sample`, the criterion benchmark's) on the catalog in use `runs`
//! times and returns each run's milliseconds; `tailorWasmMemory()` is the wasm memory's size in
//! bytes.

use crate::state::Ctx;
use leptos::prelude::*;
use std::hint::black_box;
use tailor_core::{canonical, pricing, sample};
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
    let amended = Closure::<dyn Fn() -> String>::new(move || {
        ctx.amended.with_untracked(|a| match a {
            Some(Ok(p)) => canonical::to_string(p),
            _ => String::new(),
        })
    });
    expose("tailorAmended", amended.into_js_value());
    let bench = Closure::<dyn Fn(u32, u32) -> js_sys::Array>::new(move |lines: u32, runs: u32| {
        let perf = web_sys::window().and_then(|w| w.performance());
        let now = || perf.as_ref().map_or_else(js_sys::Date::now, |p| p.now());
        ctx.data.with_untracked(|d| {
            let q = sample::quote(&d.catalog, &d.policy, lines as usize);
            (0..runs)
                .map(|_| {
                    let start = now();
                    black_box(pricing::price(&d.catalog, &d.policy, black_box(&q)));
                    JsValue::from_f64(now() - start)
                })
                .collect()
        })
    });
    expose("tailorPriceBench", bench.into_js_value());
    let memory = Closure::<dyn Fn() -> f64>::new(|| {
        let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
        memory
            .buffer()
            .unchecked_into::<js_sys::ArrayBuffer>()
            .byte_length() as f64
    });
    expose("tailorWasmMemory", memory.into_js_value());
}
