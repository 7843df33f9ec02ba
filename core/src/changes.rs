//! What a catalog and policy about to be published change against the ones published now, in
//! words the pricing team reads before signing: offerings, prices, tiers, options and limits
//! added, removed and changed.

use crate::catalog::{Catalog, Offering, OptionGroup};
use crate::money::{format_percent, format_yuan, Bp, Fen};
use crate::policy::Policy;
use std::collections::BTreeSet;
use std::fmt;

/// One change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    Added(String),
    Removed(String),
    /// What changed, from what, to what.
    Changed(String, String, String),
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::Added(what) => write!(f, "+ {what}"),
            Change::Removed(what) => write!(f, "- {what}"),
            Change::Changed(what, from, to) => write!(f, "~ {what}: {from} → {to}"),
        }
    }
}

fn yuan(f: Fen) -> String {
    format!("¥{}", format_yuan(f))
}

/// Compares two values of one field, adding a change when they differ.
fn field<T: PartialEq>(
    out: &mut Vec<Change>,
    what: String,
    a: &T,
    b: &T,
    show: impl Fn(&T) -> String,
) {
    if a != b {
        out.push(Change::Changed(what, show(a), show(b)));
    }
}

/// Items of two lists matched by id (the first of an id), in the new list's order, then the
/// removed ones.
fn by_id<'a, T>(
    out: &mut Vec<Change>,
    what: &str,
    old: &'a [T],
    new: &'a [T],
    id: impl Fn(&T) -> &str,
    mut same: impl FnMut(&mut Vec<Change>, &'a T, &'a T),
) {
    let find = |list: &'a [T], key: &str| list.iter().find(|x| id(x) == key);
    for n in new {
        match find(old, id(n)) {
            Some(o) => same(out, o, n),
            None => out.push(Change::Added(format!("{what} {}", id(n)))),
        }
    }
    for o in old {
        if find(new, id(o)).is_none() {
            out.push(Change::Removed(format!("{what} {}", id(o))));
        }
    }
}

fn offering(out: &mut Vec<Change>, o: &Offering, n: &Offering) {
    let at = |f: &str| format!("offering {} {f}", n.id);
    for (f, a, b) in [
        ("mrc", o.mrc, n.mrc),
        ("nrc", o.nrc, n.nrc),
        ("mrc_cost", o.mrc_cost, n.mrc_cost),
        ("nrc_cost", o.nrc_cost, n.nrc_cost),
    ] {
        field(out, at(f), &a, &b, |x| yuan(*x));
    }
    field(out, at("min_qty"), &o.min_qty, &n.min_qty, u32::to_string);
    field(out, at("max_qty"), &o.max_qty, &n.max_qty, u32::to_string);
    field(out, at("family"), &o.family, &n.family, Clone::clone);
    field(
        out,
        at("tax_class"),
        &o.tax_class,
        &n.tax_class,
        Clone::clone,
    );
    field(out, at("name"), &o.name, &n.name, |t| {
        format!("{} / {}", t.zh, t.en)
    });
    field(out, at("unit"), &o.unit, &n.unit, |t| {
        format!("{} / {}", t.zh, t.en)
    });
    field(
        out,
        at("description"),
        &o.description,
        &n.description,
        |t| format!("{} / {}", t.zh, t.en),
    );
    let tiers = |o: &Offering| {
        let t: Vec<String> = o
            .tiers
            .iter()
            .map(|t| format!("{}+: {}", t.min_qty, yuan(t.mrc)))
            .collect();
        if t.is_empty() {
            "none".to_string()
        } else {
            t.join(", ")
        }
    };
    field(out, at("tiers"), &tiers(o), &tiers(n), Clone::clone);
    by_id(
        out,
        &at("option"),
        &o.options,
        &n.options,
        |g| &g.id,
        |out, a, b| group(out, &n.id, a, b),
    );
}

fn group(out: &mut Vec<Change>, offering: &str, o: &OptionGroup, n: &OptionGroup) {
    let what = format!("offering {offering} option {} choice", n.id);
    by_id(
        out,
        &what,
        &o.choices,
        &n.choices,
        |c| &c.id,
        |out, a, b| {
            let at = |f: &str| format!("{what} {} {f}", b.id);
            for (f, x, y) in [
                ("mrc", a.mrc, b.mrc),
                ("nrc", a.nrc, b.nrc),
                ("mrc_cost", a.mrc_cost, b.mrc_cost),
                ("nrc_cost", a.nrc_cost, b.nrc_cost),
            ] {
                field(out, at(f), &x, &y, |v| yuan(*v));
            }
            field(out, at("name"), &a.name, &b.name, |t| {
                format!("{} / {}", t.zh, t.en)
            });
        },
    );
}

/// Changes of a catalog: its version, families, offerings (prices, costs, quantities, tiers,
/// options and choices), rules, industries and templates.
pub fn of_catalog(old: &Catalog, new: &Catalog) -> Vec<Change> {
    let mut out = Vec::new();
    field(
        &mut out,
        "catalog version".into(),
        &old.version,
        &new.version,
        Clone::clone,
    );
    by_id(
        &mut out,
        "family",
        &old.families,
        &new.families,
        |f| &f.id,
        |out, a, b| {
            field(
                out,
                format!("family {} name", b.id),
                &a.name,
                &b.name,
                |t| format!("{} / {}", t.zh, t.en),
            )
        },
    );
    by_id(
        &mut out,
        "offering",
        &old.offerings,
        &new.offerings,
        |o| &o.id,
        offering,
    );
    by_id(
        &mut out,
        "rule",
        &old.rules,
        &new.rules,
        |r| &r.id,
        |out, a, b| {
            field(out, format!("rule {}", b.id), a, b, |r| {
                format!("{:?}", r.kind)
            })
        },
    );
    by_id(
        &mut out,
        "industry",
        &old.industries,
        &new.industries,
        |i| &i.id,
        |_, _, _| {},
    );
    by_id(
        &mut out,
        "template",
        &old.templates,
        &new.templates,
        |t| &t.id,
        |out, a, b| {
            field(
                out,
                format!("template {} lines", b.id),
                &a.lines,
                &b.lines,
                |l| format!("{} lines", l.len()),
            )
        },
    );
    out
}

/// Changes of a policy: its version and dates, tax rates, each level's limits and largest deal,
/// term and bundle discounts, at-risk widening, terms, guidance, approvers and sellers.
pub fn of_policy(old: &Policy, new: &Policy) -> Vec<Change> {
    let mut out = Vec::new();
    let s = |x: &Option<String>| x.clone().unwrap_or_else(|| "none".into());
    field(
        &mut out,
        "policy version".into(),
        &old.version,
        &new.version,
        Clone::clone,
    );
    field(
        &mut out,
        "policy published".into(),
        &old.published,
        &new.published,
        s,
    );
    field(
        &mut out,
        "policy expires".into(),
        &old.expires,
        &new.expires,
        s,
    );
    field(
        &mut out,
        "policy demo".into(),
        &old.demo,
        &new.demo,
        bool::to_string,
    );
    field(
        &mut out,
        "policy require_sm2".into(),
        &old.require_sm2,
        &new.require_sm2,
        bool::to_string,
    );
    field(
        &mut out,
        "terms (months)".into(),
        &old.terms,
        &new.terms,
        |t| format!("{t:?}"),
    );
    field(
        &mut out,
        "validity_days".into(),
        &old.validity_days,
        &new.validity_days,
        u32::to_string,
    );
    field(
        &mut out,
        "max_approval_days".into(),
        &old.max_approval_days,
        &new.max_approval_days,
        u32::to_string,
    );
    by_id(
        &mut out,
        "tax class",
        &old.tax_classes,
        &new.tax_classes,
        |t| &t.id,
        |out, a, b| {
            field(
                out,
                format!("tax class {} rate", b.id),
                &a.rate_bp,
                &b.rate_bp,
                |x| format_percent(*x),
            )
        },
    );
    by_id(
        &mut out,
        "level",
        &old.levels,
        &new.levels,
        |l| &l.id,
        |out, a, b| {
            let (x, y) = (&a.discount_limits, &b.discount_limits);
            for family in x.keys().chain(y.keys()).collect::<BTreeSet<_>>() {
                let what = format!("level {} limit for {family}", b.id);
                match (x.get(family), y.get(family)) {
                    (Some(p), Some(q)) => field(out, what, p, q, |v| format_percent(*v)),
                    (None, Some(q)) => {
                        out.push(Change::Added(format!("{what}: {}", format_percent(*q))))
                    }
                    (Some(_), None) => out.push(Change::Removed(what)),
                    (None, None) => {}
                }
            }
            field(
                out,
                format!("level {} max_tcv", b.id),
                &a.max_tcv,
                &b.max_tcv,
                |m| m.map_or("none".into(), yuan),
            );
        },
    );
    let list = |l: Vec<(u32, Bp)>| {
        l.iter()
            .map(|(k, v)| format!("{k}: {}", format_percent(*v)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let term = |p: &Policy| {
        list(
            p.term_discounts
                .iter()
                .map(|t| (t.min_months, t.discount_bp))
                .collect(),
        )
    };
    let bundle = |p: &Policy| {
        list(
            p.bundle_discounts
                .iter()
                .map(|b| (b.min_families, b.discount_bp))
                .collect(),
        )
    };
    field(
        &mut out,
        "term discounts (months: discount)".into(),
        &term(old),
        &term(new),
        Clone::clone,
    );
    field(
        &mut out,
        "bundle discounts (families: discount)".into(),
        &bundle(old),
        &bundle(new),
        Clone::clone,
    );
    let widening = |p: &Policy| {
        p.at_risk_widening
            .iter()
            .map(|(k, v)| format!("{k} {}", format_percent(*v)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    field(
        &mut out,
        "at-risk widening".into(),
        &widening(old),
        &widening(new),
        Clone::clone,
    );
    let guidance = |p: &Policy| {
        p.guidance
            .iter()
            .map(|g| {
                format!(
                    "{}{}: target {}, normal {}",
                    g.family,
                    g.industry
                        .as_deref()
                        .map(|i| format!("/{i}"))
                        .unwrap_or_default(),
                    format_percent(g.target_bp),
                    format_percent(g.normal_bp)
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    field(
        &mut out,
        "guidance".into(),
        &guidance(old),
        &guidance(new),
        Clone::clone,
    );
    by_id(
        &mut out,
        "approver",
        &old.approvers,
        &new.approvers,
        |a| &a.id,
        |out, a, b| {
            field(
                out,
                format!("approver {} level", b.id),
                &a.level,
                &b.level,
                Clone::clone,
            );
            field(
                out,
                format!("approver {} key", b.id),
                &a.public_key,
                &b.public_key,
                Clone::clone,
            );
        },
    );
    by_id(
        &mut out,
        "seller",
        &old.sellers,
        &new.sellers,
        |s| &s.id,
        |out, a, b| {
            field(
                out,
                format!("seller {} key", b.id),
                &a.public_key,
                &b.public_key,
                Clone::clone,
            );
        },
    );
    out
}
