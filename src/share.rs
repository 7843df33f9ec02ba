//! Links in and out of the browser: the page's own address (the link in its fragment, and a
//! sibling page's absolute URL), the clipboard, and the system share sheet where the browser has
//! one (`navigator.share`, phones mostly). The clipboard and share sheet are reached through
//! `js_sys::Reflect` (no web-sys bindings to build): a browser without them simply says no.

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The page's URL fragment without its `#`, percent-decoding left to the link reader (link text
/// is URL-safe). Empty when there is none.
pub fn fragment() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .map(|h| h.trim_start_matches('#').to_string())
        .unwrap_or_default()
}

/// The absolute URL of `page` (relative to this page, `./` for the configurator) with `text` as
/// its fragment.
pub fn page_url(page: &str, text: &str) -> String {
    let base = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    let page =
        web_sys::Url::new_with_base(page, &base).map_or_else(|_| page.to_string(), |u| u.href());
    let page = page.split('#').next().unwrap_or_default().to_string();
    format!("{page}#{text}")
}

fn navigator() -> Option<JsValue> {
    web_sys::window().map(|w| w.navigator().into())
}

/// Calls `target.name(args…)` when it is a function, awaiting the promise it returns.
async fn call(target: &JsValue, name: &str, args: &[JsValue]) -> bool {
    let Some(f) = Reflect::get(target, &name.into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
    else {
        return false;
    };
    let array: js_sys::Array = args.iter().collect();
    match f.apply(target, &array).map(|p| p.dyn_into::<Promise>()) {
        Ok(Ok(p)) => JsFuture::from(p).await.is_ok(),
        _ => false,
    }
}

/// Copies `text` to the clipboard; false when the browser refused. The asynchronous clipboard
/// first; where it is refused (the README's `Permissions-Policy` denies `clipboard-write`), the
/// older copy of a selection, which the click's user activation allows.
pub async fn copy(text: &str) -> bool {
    let clipboard = navigator().and_then(|n| Reflect::get(&n, &"clipboard".into()).ok());
    if let Some(c) = clipboard.filter(|c| !c.is_undefined()) {
        if call(&c, "writeText", &[text.into()]).await {
            return true;
        }
    }
    copy_selection(text)
}

fn copy_selection(text: &str) -> bool {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    let (Ok(area), Some(body)) = (doc.create_element("textarea"), doc.body()) else {
        return false;
    };
    let _ = area.set_attribute("readonly", "");
    let _ = area.set_attribute("style", "position:fixed;top:0;left:0;opacity:0");
    let _ = Reflect::set(&area, &"value".into(), &text.into());
    if body.append_child(&area).is_err() {
        return false;
    }
    let doc: &JsValue = doc.as_ref();
    let copied = Reflect::get(&area, &"select".into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .and_then(|f| f.call0(&area).ok())
        .and_then(|_| Reflect::get(doc, &"execCommand".into()).ok())
        .and_then(|f| f.dyn_into::<Function>().ok())
        .and_then(|f| f.call1(doc, &"copy".into()).ok())
        .is_some_and(|ok| ok.is_truthy());
    area.remove();
    copied
}

/// Whether the browser has a share sheet (`navigator.share`).
pub fn can_share() -> bool {
    navigator().is_some_and(|n| Reflect::get(&n, &"share".into()).is_ok_and(|f| f.is_function()))
}

/// Opens the share sheet with `title` and `url`; false when it was cancelled or failed.
pub async fn share(title: &str, url: &str) -> bool {
    let Some(n) = navigator() else {
        return false;
    };
    let data = js_sys::Object::new();
    let _ = Reflect::set(&data, &"title".into(), &title.into());
    let _ = Reflect::set(&data, &"url".into(), &url.into());
    call(&n, "share", &[data.into()]).await
}
