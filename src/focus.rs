//! Keyboard focus: in the dialogs, while one is open (a `.dialog` in a `.dialog-backdrop`), Tab
//! and Shift+Tab go round its own controls and never reach the page behind it, which it covers;
//! on the page, what takes the focus is never left under the bar that stays at the top.

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

/// Scrolls what takes the focus out from under the page's top bar and demo mark (they stay at
/// the top as the page scrolls, and are taller on a tablet, where the bar wraps).
pub fn keep_in_view() {
    let _ = window_event_listener(leptos::ev::focusin, |ev| {
        let Some(el) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
            return;
        };
        if el
            .closest(".topbar, .demo-mark, .dialog-backdrop")
            .ok()
            .flatten()
            .is_some()
        {
            return;
        }
        let Some(w) = web_sys::window() else {
            return;
        };
        let Some(doc) = w.document() else {
            return;
        };
        let cover = covering(&w, &doc);
        let top = el.get_bounding_client_rect().top();
        if top < cover {
            w.scroll_by_with_x_and_y(0.0, top - cover - 8.0);
        }
    });
}

/// How far down the viewport the bars that stay at the top reach.
fn covering(w: &web_sys::Window, doc: &web_sys::Document) -> f64 {
    let Ok(bars) = doc.query_selector_all(".topbar, .demo-mark") else {
        return 0.0;
    };
    (0..bars.length())
        .filter_map(|i| bars.item(i)?.dyn_into::<Element>().ok())
        .filter(|b| {
            w.get_computed_style(b).ok().flatten().is_some_and(|s| {
                matches!(
                    s.get_property_value("position").as_deref(),
                    Ok("sticky") | Ok("fixed")
                )
            })
        })
        .map(|b| b.get_bounding_client_rect())
        .filter(|r| r.top() <= 1.0)
        .map(|r| r.bottom())
        .fold(0.0, f64::max)
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
