//! What changed between two versions of a proposal: lines added, removed and changed (offering,
//! options, quantity, discount, site), matched by their stable line id, with every price and
//! total delta, tax-exclusive and tax-inclusive, from the two priced results. The app shows it
//! and prints "changes since V1" from it; each kind of change has its words here.

use crate::pricing::{Amounts, Priced, PricedLine};
use crate::quote::{Line, Quote};
use crate::text::Text;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, VecDeque};

/// One kind of change to a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    Added,
    Removed,
    Offering,
    Options,
    Quantity,
    Discount,
    Site,
    /// The line itself is as it was, but its price moved (the term, the bundle or the catalog).
    Price,
}

impl Change {
    /// The change in words, as a heading or a tag in the "changes since" summary.
    pub fn text(self) -> Text {
        match self {
            Change::Added => Text::new("新增", "Added"),
            Change::Removed => Text::new("删除", "Removed"),
            Change::Offering => Text::new("产品变更", "Offering changed"),
            Change::Options => Text::new("配置变更", "Options changed"),
            Change::Quantity => Text::new("数量变更", "Quantity changed"),
            Change::Discount => Text::new("折扣变更", "Discount changed"),
            Change::Site => Text::new("站点变更", "Site changed"),
            Change::Price => Text::new("价格变动", "Price changed"),
        }
    }
}

/// Net (tax-exclusive) and gross (tax-inclusive) amounts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    pub net: Amounts,
    pub gross: Amounts,
}

impl Figures {
    fn of(line: &PricedLine) -> Figures {
        Figures {
            net: line.net,
            gross: line.gross,
        }
    }

    /// `after − before`, amount by amount.
    pub fn delta(before: &Figures, after: &Figures) -> Figures {
        Figures {
            net: minus(&after.net, &before.net),
            gross: minus(&after.gross, &before.gross),
        }
    }
}

fn minus(a: &Amounts, b: &Amounts) -> Amounts {
    Amounts {
        mrc: a.mrc.saturating_sub(b.mrc),
        nrc: a.nrc.saturating_sub(b.nrc),
        tcv: a.tcv.saturating_sub(b.tcv),
    }
}

/// One line that differs between the versions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineDiff {
    pub line_id: String,
    /// The offering after the change (before it, for a removed line).
    pub offering: String,
    /// What changed: `Added` or `Removed` alone, else each field that changed, else `Price`.
    pub changes: Vec<Change>,
    /// Its figures in the older version (none: added).
    pub before: Option<Figures>,
    /// Its figures in the newer version (none: removed).
    pub after: Option<Figures>,
    pub delta: Figures,
}

/// The differences between two versions: empty when nothing a customer sees changed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionDiff {
    pub from_version: u32,
    pub to_version: u32,
    /// The contract term, when it changed: `[before, after]` in months.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term_months: Option<[u32; 2]>,
    /// The lines of the newer version that differ, in its order, then the removed lines in the
    /// older version's order.
    pub lines: Vec<LineDiff>,
    pub before: Figures,
    pub after: Figures,
    pub delta: Figures,
}

impl VersionDiff {
    /// Nothing changed: no line, no term, no total.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty() && self.term_months.is_none() && self.delta == Figures::default()
    }
}

/// The fields of a line that differ between `a` and `b`.
pub fn changed_fields(a: &Line, b: &Line) -> Vec<Change> {
    [
        (a.offering != b.offering, Change::Offering),
        (a.options != b.options, Change::Options),
        (a.quantity != b.quantity, Change::Quantity),
        (a.discount_bp != b.discount_bp, Change::Discount),
        (a.site != b.site, Change::Site),
    ]
    .into_iter()
    .filter_map(|(differs, c)| differs.then_some(c))
    .collect()
}

/// Compares version `old` (priced as `old_priced`) with version `new` (priced as `new_priced`).
/// Lines are matched by id (a repeated id: its occurrences in order); each priced result is
/// parallel to its quote, as `pricing::price` gives it.
pub fn diff(old: &Quote, old_priced: &Priced, new: &Quote, new_priced: &Priced) -> VersionDiff {
    let figures = |p: &Priced, i: usize| p.lines.get(i).map(Figures::of).unwrap_or_default();
    let mut unmatched: BTreeMap<&str, VecDeque<usize>> = BTreeMap::new();
    for (i, l) in old.lines.iter().enumerate() {
        unmatched.entry(l.id.as_str()).or_default().push_back(i);
    }
    let mut lines = Vec::new();
    for (j, line) in new.lines.iter().enumerate() {
        let after = figures(new_priced, j);
        let matched = unmatched
            .get_mut(line.id.as_str())
            .and_then(VecDeque::pop_front);
        let (changes, before) = match matched {
            None => (vec![Change::Added], None),
            Some(i) => {
                let before = figures(old_priced, i);
                let mut changes = changed_fields(&old.lines[i], line);
                if changes.is_empty() && before != after {
                    changes.push(Change::Price);
                }
                (changes, Some(before))
            }
        };
        if !changes.is_empty() {
            lines.push(LineDiff {
                line_id: line.id.clone(),
                offering: line.offering.clone(),
                changes,
                before,
                after: Some(after),
                delta: Figures::delta(&before.unwrap_or_default(), &after),
            });
        }
    }
    let mut removed: Vec<usize> = unmatched.into_values().flatten().collect();
    removed.sort_unstable();
    for i in removed {
        let before = figures(old_priced, i);
        lines.push(LineDiff {
            line_id: old.lines[i].id.clone(),
            offering: old.lines[i].offering.clone(),
            changes: vec![Change::Removed],
            before: Some(before),
            after: None,
            delta: Figures::delta(&before, &Figures::default()),
        });
    }
    let total = |p: &Priced| Figures {
        net: p.totals.net,
        gross: p.totals.gross,
    };
    let (before, after) = (total(old_priced), total(new_priced));
    VersionDiff {
        from_version: old.version,
        to_version: new.version,
        term_months: (old.term_months != new.term_months)
            .then_some([old.term_months, new.term_months]),
        lines,
        before,
        after,
        delta: Figures::delta(&before, &after),
    }
}
