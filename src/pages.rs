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

/// Where a screen of the other page is: the configurator (`./`) or the library
/// (`library.html`), in language `lang` (`zh` or `en`); the changes screen names the lineage it
/// compares.
pub fn screen_href(library: bool, changes: Option<&str>, lang: &str) -> String {
    match (library, changes) {
        (false, _) => format!("./?lang={lang}"),
        (true, None) => format!("library.html?lang={lang}"),
        (true, Some(lineage)) => format!(
            "library.html?lang={lang}&changes={}",
            lineage
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
        ),
    }
}

/// The lineage the library page opens compared (`?changes=…` in its query), if any.
pub fn changes_asked(search: &str) -> Option<String> {
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|p| p.strip_prefix("changes="))
        .map(|l| l.chars().filter(char::is_ascii_alphanumeric).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_changes_screen_round_trips_its_lineage_and_nothing_else() {
        let href = screen_href(true, Some("Q19A2&x=<b>"), "en");
        assert_eq!(href, "library.html?lang=en&changes=Q19A2xb");
        let search = href.split_once('?').map(|(_, s)| s).unwrap_or_default();
        assert_eq!(changes_asked(search).as_deref(), Some("Q19A2xb"));
        assert_eq!(changes_asked("?lang=zh"), None);
        assert_eq!(screen_href(false, None, "zh"), "./?lang=zh");
        assert_eq!(screen_href(true, None, "zh"), "library.html?lang=zh");
    }
}
