//! Files in and out of the browser, with no network: downloads through a Blob URL, uploads read
//! from a file input.

use leptos::task::spawn_local;
use std::future::Future;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Offers `bytes` to the user as a download named `name`.
pub fn download(name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    let err = |e: wasm_bindgen::JsValue| format!("{e:?}");
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob =
        web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(err)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(err)?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a").map_err(err)?.unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.click();
    web_sys::Url::revoke_object_url(&url).map_err(err)
}

/// A file the user chose: its name and bytes, or its name and size when it is above the limit
/// (refused before it is read).
pub type Chosen = Result<(String, Vec<u8>), (String, usize)>;

/// The change handler of a file input: reads every chosen file in order (each refused above
/// `max` bytes before it is read; files that cannot be read are left out), clears the input so
/// the same file can be chosen again, and hands the files to `then`.
pub fn on_chosen<F, Fut>(max: usize, then: F) -> impl Fn(web_sys::Event) + Copy + 'static
where
    F: Fn(Vec<Chosen>) -> Fut + Copy + 'static,
    Fut: Future<Output = ()> + 'static,
{
    move |ev| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        spawn_local(async move {
            let files = read_all(&input, max).await;
            input.set_value("");
            if !files.is_empty() {
                then(files).await;
            }
        });
    }
}

/// [`on_chosen`] for an input that takes one file.
pub fn on_one_chosen<F, Fut>(max: usize, then: F) -> impl Fn(web_sys::Event) + Copy + 'static
where
    F: Fn(Chosen) -> Fut + Copy + 'static,
    Fut: Future<Output = ()> + 'static,
{
    on_chosen(max, move |files: Vec<Chosen>| {
        let first = files.into_iter().next();
        async move {
            if let Some(file) = first {
                then(file).await;
            }
        }
    })
}

async fn read_all(input: &web_sys::HtmlInputElement, max: usize) -> Vec<Chosen> {
    let mut out = Vec::new();
    let Some(list) = input.files() else {
        return out;
    };
    for i in 0..list.length() {
        let Some(file) = list.get(i) else { continue };
        let (name, size) = (file.name(), file.size() as usize);
        if size > max {
            out.push(Err((name, size)));
            continue;
        }
        if let Ok(buffer) = JsFuture::from(file.array_buffer()).await {
            out.push(Ok((name, js_sys::Uint8Array::new(&buffer).to_vec())));
        }
    }
    out
}
