//! Files in and out of the browser, with no network: downloads through a Blob URL, uploads read
//! from a file input.

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

/// The first file chosen in a file input, with its name and bytes. Files above `max` bytes are
/// refused before they are read.
pub async fn read_chosen(
    input: &web_sys::HtmlInputElement,
    max: usize,
) -> Option<Result<(String, Vec<u8>), (String, usize)>> {
    let file = input.files()?.get(0)?;
    let name = file.name();
    let size = file.size() as usize;
    if size > max {
        return Some(Err((name, size)));
    }
    let buffer = JsFuture::from(file.array_buffer()).await.ok()?;
    Some(Ok((name, js_sys::Uint8Array::new(&buffer).to_vec())))
}

/// Every file chosen in a file input, in order, each with its name and bytes, or its name and
/// size when above `max` bytes (refused before it is read). Files that cannot be read are left out.
pub async fn read_all_chosen(
    input: &web_sys::HtmlInputElement,
    max: usize,
) -> Vec<Result<(String, Vec<u8>), (String, usize)>> {
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
