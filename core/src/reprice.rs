//! Re-pricing an opened quote: a quote made against an older catalog or policy still opens, and
//! the seller sees what changed between the snapshot the customer was shown and the quote priced
//! on today's catalog and policy.

use crate::catalog::Catalog;
use crate::money::{format_yuan, Fen};
use crate::policy::Policy;
use crate::pricing::{Priced, PricedLine};
use crate::quote::Quote;
use crate::text::Lang;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Whether the quote was priced on a catalog or policy other than the current ones.
pub fn stale(quote: &Quote, catalog: &Catalog, policy: &Policy) -> bool {
    quote.catalog_version != catalog.version || quote.policy_version != policy.version
}

/// An amount before (in the snapshot) and after (re-priced).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delta {
    pub before: Fen,
    pub after: Fen,
}

impl Delta {
    pub fn changed(&self) -> bool {
        self.before != self.after
    }
}

/// What happened to a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// Its prices changed.
    Repriced,
    /// Its offering is no longer in the current catalog (re-priced, it has no price).
    OfferingGone,
    /// In the re-priced quote but not in the snapshot.
    Added,
    /// In the snapshot but not in the re-priced quote.
    Removed,
}

/// One line whose price differs between the snapshot and the re-priced quote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineChange {
    pub kind: ChangeKind,
    /// The line's index in the re-priced quote (in the snapshot for a removed line).
    pub line: usize,
    pub line_id: String,
    pub offering: Arc<str>,
    pub unit_list_mrc: Delta,
    pub net_mrc: Delta,
    pub net_nrc: Delta,
    /// Net (tax-exclusive) TCV.
    pub tcv: Delta,
}

/// The quote's totals before and after.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TotalsChange {
    pub net_mrc: Delta,
    pub net_nrc: Delta,
    pub tcv: Delta,
    /// Tax-inclusive TCV.
    pub gross_tcv: Delta,
}

impl TotalsChange {
    pub fn changed(&self) -> bool {
        self.net_mrc.changed()
            || self.net_nrc.changed()
            || self.tcv.changed()
            || self.gross_tcv.changed()
    }
}

/// Whether a re-priced line's offering is gone: [`crate::pricing::price`] leaves the family empty
/// for a line whose offering the catalog lacks, and the checker requires every family id to be
/// non-empty.
fn gone(line: &PricedLine) -> bool {
    line.family.is_empty()
}

/// The lines whose prices differ between the snapshot `old` and the re-priced `new`, matched by
/// line id, in the order of `new` (then removed lines in the order of `old`). Empty when nothing
/// changed.
pub fn changes(old: &Priced, new: &Priced) -> Vec<LineChange> {
    let mut used = vec![false; old.lines.len()];
    let mut out = Vec::new();
    for (i, n) in new.lines.iter().enumerate() {
        // The same index first (the usual case), then the first unused line of the same id.
        let matched = if old.lines.get(i).is_some_and(|o| o.line_id == n.line_id) && !used[i] {
            Some(i)
        } else {
            (0..old.lines.len()).find(|&j| !used[j] && old.lines[j].line_id == n.line_id)
        };
        let Some(j) = matched else {
            out.push(change(ChangeKind::Added, i, None, n));
            continue;
        };
        used[j] = true;
        let o = &old.lines[j];
        let c = change(ChangeKind::Repriced, i, Some(o), n);
        if gone(n) && !gone(o) {
            out.push(LineChange {
                kind: ChangeKind::OfferingGone,
                ..c
            });
        } else if c.offering != o.offering
            || c.unit_list_mrc.changed()
            || c.net_mrc.changed()
            || c.net_nrc.changed()
            || c.tcv.changed()
        {
            out.push(c);
        }
    }
    for (j, o) in old.lines.iter().enumerate() {
        if !used[j] {
            let mut c = change(ChangeKind::Removed, j, Some(o), o);
            c.unit_list_mrc.after = 0;
            c.net_mrc.after = 0;
            c.net_nrc.after = 0;
            c.tcv.after = 0;
            out.push(c);
        }
    }
    out
}

fn change(kind: ChangeKind, line: usize, old: Option<&PricedLine>, new: &PricedLine) -> LineChange {
    let d = |f: fn(&PricedLine) -> Fen| Delta {
        before: old.map_or(0, f),
        after: f(new),
    };
    LineChange {
        kind,
        line,
        line_id: new.line_id.clone(),
        offering: new.offering.clone(),
        unit_list_mrc: d(|l| l.unit_list_mrc),
        net_mrc: d(|l| l.net.mrc),
        net_nrc: d(|l| l.net.nrc),
        tcv: d(|l| l.net.tcv),
    }
}

/// The totals of the snapshot `old` and the re-priced `new`.
pub fn totals(old: &Priced, new: &Priced) -> TotalsChange {
    let d = |f: fn(&Priced) -> Fen| Delta {
        before: f(old),
        after: f(new),
    };
    TotalsChange {
        net_mrc: d(|p| p.totals.net.mrc),
        net_nrc: d(|p| p.totals.net.nrc),
        tcv: d(|p| p.totals.net.tcv),
        gross_tcv: d(|p| p.totals.gross.tcv),
    }
}

fn money(fen: Fen) -> String {
    format!("¥{}", format_yuan(fen))
}

fn parts(items: &[(&str, Delta)], lang: Lang) -> String {
    let sep = match lang {
        Lang::Zh => "；",
        Lang::En => "; ",
    };
    items
        .iter()
        .filter(|(_, d)| d.changed())
        .map(|(label, d)| format!("{label} {} → {}", money(d.before), money(d.after)))
        .collect::<Vec<_>>()
        .join(sep)
}

/// One change in words, e.g. `第 3 行 互联网专线：单价 ¥3,000.00 → ¥2,800.00；月费 …` or
/// `Line 3 Dedicated internet access: unit MRC ¥3,000.00 → ¥2,800.00; …`. The offering's name
/// comes from `catalog`, or is its id when the catalog no longer has it.
pub fn describe(change: &LineChange, catalog: &Catalog, lang: Lang) -> String {
    let name = catalog
        .offering(&change.offering)
        .map_or(&*change.offering, |o| o.name.get(lang));
    let n = change.line + 1;
    let (head, labels) = match lang {
        Lang::Zh => (
            format!("第 {n} 行 {name}"),
            ["单价", "月费", "一次性费用", "合同总价"],
        ),
        Lang::En => (
            format!("Line {n} {name}"),
            ["unit MRC", "MRC", "NRC", "TCV"],
        ),
    };
    let amounts = parts(
        &[
            (labels[0], change.unit_list_mrc),
            (labels[1], change.net_mrc),
            (labels[2], change.net_nrc),
            (labels[3], change.tcv),
        ],
        lang,
    );
    let what = match (change.kind, lang) {
        (ChangeKind::Repriced, _) => amounts,
        (ChangeKind::OfferingGone, Lang::Zh) => {
            format!(
                "该产品已不在当前产品目录中，无法报价（原合同总价 {}）",
                money(change.tcv.before)
            )
        }
        (ChangeKind::OfferingGone, Lang::En) => format!(
            "this offering is no longer in the current catalog and has no price (was TCV {})",
            money(change.tcv.before)
        ),
        (ChangeKind::Added, Lang::Zh) => format!("新增行：{amounts}"),
        (ChangeKind::Added, Lang::En) => format!("new line: {amounts}"),
        (ChangeKind::Removed, Lang::Zh) => {
            format!("已删除（原合同总价 {}）", money(change.tcv.before))
        }
        (ChangeKind::Removed, Lang::En) => {
            format!("removed (was TCV {})", money(change.tcv.before))
        }
    };
    match lang {
        Lang::Zh => format!("{head}：{what}"),
        Lang::En => format!("{head}: {what}"),
    }
}

/// The totals in words, e.g. `合计：月费 ¥12,000.00 → ¥12,600.00；…`; empty when unchanged.
pub fn describe_totals(totals: &TotalsChange, lang: Lang) -> String {
    if !totals.changed() {
        return String::new();
    }
    let (head, labels) = match lang {
        Lang::Zh => ("合计：", ["月费", "一次性费用", "合同总价", "含税合同总价"]),
        Lang::En => ("Totals: ", ["MRC", "NRC", "TCV", "TCV incl. tax"]),
    };
    let body = parts(
        &[
            (labels[0], totals.net_mrc),
            (labels[1], totals.net_nrc),
            (labels[2], totals.tcv),
            (labels[3], totals.gross_tcv),
        ],
        lang,
    );
    format!("{head}{body}")
}
