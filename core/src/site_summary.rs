//! The proposal's summaries of a quote with many sites: per site type and per city, how many
//! sites, how many lines and their net amounts (monthly, one-time, contract value), each group
//! first met in the customer's order of sites. The lines of no one site make a group of their own
//! (key empty, no site), after the others. The groups add up to the quote's net totals.

use crate::pricing::Priced;
use crate::quote::{Quote, Site};
use crate::waterfall::Amounts;
use std::collections::HashMap;

/// What the sites are grouped by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum By {
    SiteType,
    City,
}

impl By {
    fn key(self, site: &Site) -> &str {
        match self {
            By::SiteType => &site.site_type,
            By::City => &site.city,
        }
    }
}

/// One group: its key (a site type id or a city; empty for the lines of no one site), its sites,
/// its lines and their net amounts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Group {
    pub key: String,
    pub sites: usize,
    pub lines: usize,
    pub net: Amounts,
}

/// The groups of the quote's sites `by` site type or city. A site whose type or city is blank is
/// in a group whose key is `-`.
pub fn summary(quote: &Quote, priced: &Priced, by: By) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let mut site_group: HashMap<&str, usize> = HashMap::new();
    for site in &quote.customer.sites {
        let key = match by.key(site) {
            "" => "-",
            k => k,
        };
        let at = match groups.iter().position(|g| g.key == key) {
            Some(at) => at,
            None => {
                groups.push(Group {
                    key: key.to_string(),
                    ..Group::default()
                });
                groups.len() - 1
            }
        };
        groups[at].sites += 1;
        site_group.insert(&site.id, at);
    }
    let mut everywhere = Group::default();
    for (i, line) in quote.lines.iter().enumerate() {
        let pl = priced
            .lines
            .get(i)
            .filter(|p| p.line_id == line.id)
            .or_else(|| priced.lines.iter().find(|p| p.line_id == line.id));
        let group = match line.site.as_deref().and_then(|s| site_group.get(s)) {
            Some(&at) => &mut groups[at],
            None => &mut everywhere,
        };
        group.lines += 1;
        if let Some(pl) = pl {
            group.net.add(&pl.net);
        }
    }
    if everywhere.lines > 0 {
        groups.push(everywhere);
    }
    groups
}

/// The sites that have at least one line.
pub fn sites_with_lines(quote: &Quote) -> usize {
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for line in &quote.lines {
        if let Some(s) = line.site.as_deref() {
            seen.insert(s);
        }
    }
    quote
        .customer
        .sites
        .iter()
        .filter(|s| seen.contains(s.id.as_str()))
        .count()
}
