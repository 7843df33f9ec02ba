//! End of sale: an offering the catalog marks as no longer sold from a date, with an optional
//! successor. After that date it cannot be added to a new proposal — [`findings`], an explicit
//! check the app runs on a new proposal with today's date, because pricing has no clock and must
//! keep pricing the contracts that hold the offering (amendments and renewals price it as usual
//! and flag it with its successor, [`retired`]).

use crate::catalog::{Catalog, Severity};
use crate::quote::Quote;
use crate::rules::Finding;
use crate::text::Text;
use serde::{Deserialize, Serialize};

/// The code of the finding on a line whose offering is no longer sold.
pub const CODE: &str = "line.end_of_sale";

/// An offering no longer sold on some date, and what replaces it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Retired {
    pub offering: String,
    /// Its first day off sale.
    pub end_of_sale: String,
    /// The offering that replaces it, when the catalog names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub successor: Option<String>,
}

impl Retired {
    /// "No longer sold from …; replaced by …", in both languages, with the catalog's names.
    pub fn text(&self, catalog: &Catalog) -> Text {
        let name = |id: &str| {
            catalog
                .offering(id)
                .map_or_else(|| Text::new(id, id), |o| o.name.clone())
        };
        let own = name(&self.offering);
        match &self.successor {
            Some(s) => {
                let next = name(s);
                Text::new(
                    format!(
                        "「{}」自 {} 起停售，由「{}」接替",
                        own.zh, self.end_of_sale, next.zh
                    ),
                    format!(
                        "{} is no longer sold from {}; its successor is {}",
                        own.en, self.end_of_sale, next.en
                    ),
                )
            }
            None => Text::new(
                format!("「{}」自 {} 起停售，无接替产品", own.zh, self.end_of_sale),
                format!(
                    "{} is no longer sold from {}; it has no successor",
                    own.en, self.end_of_sale
                ),
            ),
        }
    }
}

/// The offering `id`, when the catalog holds it and it is no longer sold on `date`.
pub fn retired(catalog: &Catalog, id: &str, date: &str) -> Option<Retired> {
    let o = catalog.offering(id)?;
    o.retired_on(date).then(|| Retired {
        offering: o.id.clone(),
        end_of_sale: o.end_of_sale.clone().unwrap_or_default(),
        successor: o.successor.clone(),
    })
}

/// The lines of a new proposal whose offering is no longer sold on `today`: one error finding
/// each ([`CODE`]), naming the successor. Not for amendments and renewals of a contract that
/// holds the offering.
///
/// A catalog with nothing off sale on `today` is told at once, without a look at the lines (the
/// app runs this on every edit of a quote of thousands of lines).
pub fn findings(catalog: &Catalog, quote: &Quote, today: &str) -> Vec<Finding> {
    if !catalog.offerings.iter().any(|o| o.retired_on(today)) {
        return Vec::new();
    }
    quote
        .lines
        .iter()
        .enumerate()
        .filter_map(|(i, line)| {
            let r = retired(catalog, &line.offering, today)?;
            Some(finding(catalog, &r, i))
        })
        .collect()
}

/// The error finding on line `index` for an offering no longer sold.
pub fn finding(catalog: &Catalog, retired: &Retired, index: usize) -> Finding {
    Finding {
        code: CODE.to_string(),
        severity: Severity::Error,
        message: retired.text(catalog),
        lines: vec![index],
    }
}
