//! Keyboard focus in the dialogs: while one is open (a `.dialog` in a `.dialog-backdrop`), Tab
//! and Shift+Tab go round its own controls and never reach the page behind it, which it covers.

use leptos::prelude::window_event_listener;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent};

/// What Tab can land on.
const FOCUSABLE: &str =
    "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), \
     select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";

/// Keeps Tab inside the dialog on screen, for the life of the page.
pub fn keep_in_dialogs() {
    // The page's own listener, never removed: dropping its handle leaves it in place.
    let _ = window_event_listener(leptos::ev::keydown, on_key);
}

fn on_key(ev: KeyboardEvent) {
    if ev.key() != "Tab" {
        return;
    }
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(dialog) = last(&doc, ".dialog-backdrop .dialog") else {
        return;
    };
    let items = shown(&dialog);
    let (Some(first), Some(end)) = (items.first(), items.last()) else {
        ev.prevent_default();
        return;
    };
    let active = doc.active_element();
    let is = |e: &HtmlElement| {
        active
            .as_ref()
            .is_some_and(|a| a == e.unchecked_ref::<Element>())
    };
    let inside = active.as_ref().is_some_and(|a| dialog.contains(Some(a)));
    let to = if !inside {
        Some(if ev.shift_key() { end } else { first })
    } else if ev.shift_key() && is(first) {
        Some(end)
    } else if !ev.shift_key() && is(end) {
        Some(first)
    } else {
        None
    };
    if let Some(to) = to {
        ev.prevent_default();
        let _ = to.focus();
    }
}

/// The last element `selector` finds: the dialog opened last is on top.
fn last(doc: &web_sys::Document, selector: &str) -> Option<Element> {
    let found = doc.query_selector_all(selector).ok()?;
    found.item(found.length().checked_sub(1)?)?.dyn_into().ok()
}

/// The controls of `dialog` Tab can reach, in order: those laid out (not hidden).
fn shown(dialog: &Element) -> Vec<HtmlElement> {
    let Ok(found) = dialog.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..found.length())
        .filter_map(|i| found.item(i)?.dyn_into::<HtmlElement>().ok())
        .filter(|e| e.offset_width() > 0 || e.offset_height() > 0)
        .collect()
}
