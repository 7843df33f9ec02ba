//! Proposal versions: handing a proposal over (print, PDF, export, signed statement) freezes that
//! version; a change afterwards starts the next version (V2, V3…) of the same lineage.
//!
//! Each version is a quote of its own, with its own `id`: approvals bind the id
//! (`approval::quote_digests`), so approvals belong to the version they signed, and the library
//! keeps every version as its own record. The lineage is the first version's id, written on
//! every later version (`Quote::lineage`); a quote made before versions starts its own lineage,
//! and neither field changes its bytes or any digest while empty.

use crate::quote::Quote;
use crate::text::Text;

/// Marks the quote handed over on `date`: from then on it is frozen. The first handover's day
/// stays when it is handed over again.
pub fn freeze(quote: &mut Quote, date: &str) {
    if quote.handed_over.is_none() {
        quote.handed_over = Some(date.to_string());
    }
}

/// Whether the quote has been handed over, so that a change must start the next version.
pub fn is_frozen(quote: &Quote) -> bool {
    quote.handed_over.is_some()
}

/// The next version of a handed-over quote: the same proposal, with the new `id` (the core has
/// no randomness: the app makes it as for a new quote), the lineage of `quote`, the version
/// number raised by one, made on `date` and not yet handed over. Its approvals start empty: they
/// bound `quote`'s id.
pub fn next_version(quote: &Quote, id: &str, date: &str) -> Quote {
    Quote {
        id: id.to_string(),
        lineage: quote.lineage().to_string(),
        version: quote.version.saturating_add(1),
        date: date.to_string(),
        handed_over: None,
        ..quote.clone()
    }
}

/// Where an edit goes: `None` while the quote is a draft (edit it in place), else its next
/// version, with the id `new_id` makes (called only then).
pub fn to_edit(quote: &Quote, new_id: impl FnOnce() -> String, date: &str) -> Option<Quote> {
    is_frozen(quote).then(|| next_version(quote, &new_id(), date))
}

/// The versions of `lineage` among `quotes`, oldest first (by version, then id).
pub fn lineage_of<'a>(
    quotes: impl IntoIterator<Item = &'a Quote>,
    lineage: &str,
) -> Vec<&'a Quote> {
    let mut found: Vec<&Quote> = quotes
        .into_iter()
        .filter(|q| q.lineage() == lineage)
        .collect();
    found.sort_by(|a, b| (a.version, &a.id).cmp(&(b.version, &b.id)));
    found
}

/// The version's label, `V2`, and "V2 (handed over 2026-11-23)" in both languages.
pub fn label(quote: &Quote) -> Text {
    let v = format!("V{}", quote.version);
    match &quote.handed_over {
        Some(d) => Text::new(
            format!("{v}（{d} 已交付）"),
            format!("{v} (handed over {d})"),
        ),
        None => Text::new(format!("{v}（草稿）"), format!("{v} (draft)")),
    }
}
