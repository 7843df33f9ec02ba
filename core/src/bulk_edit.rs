//! Bulk edits (PRODUCT.md "Sites at scale"): select sites by type, city or a free filter, and
//! change an option, the quantity or the requested discount of all their matching lines at once.
//! The edit gives a new quote and leaves the old one as it was, so one undo in the app is putting
//! the previous quote back. A line from a site package that a bulk edit changes is marked as
//! changed by hand: the package no longer updates it.

use crate::catalog::Catalog;
use crate::money::Bp;
use crate::quote::{Line, Quote, Site};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Which sites, and which of their lines, a bulk edit touches. Every criterion given must hold;
/// none given selects every site.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Selection {
    /// A site type id.
    #[serde(default)]
    pub site_type: Option<String>,
    #[serde(default)]
    pub city: Option<String>,
    /// Words found (in any case) in the site's name, city, district, address or contact.
    #[serde(default)]
    pub filter: String,
    /// Only the lines of this offering.
    #[serde(default)]
    pub offering: Option<String>,
}

/// What a bulk edit sets on every matching line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    /// Choose `choice` in option group `group` (bandwidth, SLA grade…), on the lines whose
    /// offering has that choice.
    Option {
        group: String,
        choice: String,
    },
    Quantity {
        quantity: u32,
    },
    Discount {
        discount_bp: Bp,
    },
}

/// The edited quote, and how many lines the edit changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edited {
    pub quote: Quote,
    pub lines_changed: usize,
}

impl Selection {
    /// Whether `site` is selected.
    pub fn selects(&self, site: &Site) -> bool {
        let words = self.filter.trim().to_lowercase();
        self.site_type.as_ref().is_none_or(|t| site.site_type == *t)
            && self.city.as_ref().is_none_or(|c| site.city == *c)
            && (words.is_empty()
                || [
                    &site.name,
                    &site.city,
                    &site.district,
                    &site.address,
                    &site.contact,
                ]
                .iter()
                .any(|f| f.to_lowercase().contains(&words)))
    }

    /// The ids of the quote's selected sites.
    pub fn sites<'a>(&self, quote: &'a Quote) -> Vec<&'a str> {
        quote
            .customer
            .sites
            .iter()
            .filter(|s| self.selects(s))
            .map(|s| s.id.as_str())
            .collect()
    }
}

/// Applies `change` to every line of the sites `selection` selects (and of its offering, if it
/// names one). Lines the change leaves as they were are not counted, nor marked.
pub fn apply(catalog: &Catalog, quote: &Quote, selection: &Selection, change: &Change) -> Edited {
    let mut q = quote.clone();
    let sites: BTreeSet<&str> = selection.sites(quote).into_iter().collect();
    let mut lines_changed = 0;
    for line in &mut q.lines {
        let at_site = line.site.as_deref().is_some_and(|s| sites.contains(s));
        let of_offering = selection
            .offering
            .as_ref()
            .is_none_or(|o| line.offering == *o);
        if at_site && of_offering && set(catalog, line, change) {
            if line.package.is_some() {
                line.by_hand = true;
            }
            lines_changed += 1;
        }
    }
    Edited {
        quote: q,
        lines_changed,
    }
}

/// Sets `change` on `line`; whether it changed anything.
fn set(catalog: &Catalog, line: &mut Line, change: &Change) -> bool {
    match change {
        Change::Option { group, choice } => {
            let Some(g) = catalog
                .offering(&line.offering)
                .and_then(|o| o.group(group))
            else {
                return false;
            };
            // The choice in force: the line's own, else the group's default.
            let now = line
                .options
                .get(group)
                .map(String::as_str)
                .or_else(|| g.default_choice().map(|c| c.id.as_str()));
            if g.choice(choice).is_none() || now == Some(choice.as_str()) {
                return false;
            }
            line.options.insert(group.clone(), choice.clone());
        }
        Change::Quantity { quantity } => {
            if line.quantity == *quantity {
                return false;
            }
            line.quantity = *quantity;
        }
        Change::Discount { discount_bp } => {
            if line.discount_bp == *discount_bp {
                return false;
            }
            line.discount_bp = *discount_bp;
        }
    }
    true
}
