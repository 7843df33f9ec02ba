//! The app's pages and the links between them: the configurator (`index.html`), the approver's
//! page (`approver.html`) and the customer's verification page (`verify.html`), all beside one
//! another on one static site; a link carries its item in the fragment.

/// The page `file` beside the page at `page` (an absolute URL), opening `text`.
fn beside(page: &str, file: &str, text: &str) -> String {
    let page = page.split(['#', '?']).next().unwrap_or(page);
    let dir = page.rfind('/').map_or(page, |i| &page[..=i]);
    format!("{dir}{file}#{text}")
}

/// The approver's page beside the page at `page` (an absolute URL), opening `text`.
pub fn approver_url(page: &str, text: &str) -> String {
    beside(page, "approver.html", text)
}

/// The customer's verification page beside the page at `page`, opening the statement link `text`.
pub fn verify_url(page: &str, text: &str) -> String {
    beside(page, "verify.html", text)
}

/// The configurator beside the page at `page` (the approver's page), opening `text`: where a
/// decision or pre-authorisation goes back.
pub fn configurator_url(page: &str, text: &str) -> String {
    beside(page, "", text)
}

/// The page's own address, for links to the approver's page beside it.
pub fn page_href() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default()
}
