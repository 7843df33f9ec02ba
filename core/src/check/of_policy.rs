//! The policy's own checks, and its references into the catalog (product families).

use super::{known, Ids, Sink};
use crate::catalog::Catalog;
use crate::money::{div_ceil, format_percent, format_yuan, Bp, Fen, FULL};
use crate::policy::{Policy, MAX_APPROVAL_DAYS, MAX_VALIDITY_DAYS};
use std::collections::BTreeMap;

pub(super) fn check(p: &Policy, c: &Catalog, s: &mut Sink) {
    s.schema_version(p.schema_version);
    s.not_empty("version", &p.version, "the policy version");

    let mut ids = Ids::new("tax_classes", "tax class");
    for (i, t) in p.tax_classes.iter().enumerate() {
        ids.check(s, i, &t.id);
        s.text(
            &format!("tax_classes[{i}].name"),
            &t.name,
            "the tax class name",
        );
        s.rate(
            &format!("tax_classes[{i}].rate_bp"),
            t.rate_bp,
            "the VAT rate",
        );
    }

    levels(p, c, s);
    super::approvers::check(p, s);
    super::approvers::check_sellers(p, s);
    steps(
        s,
        "term_discounts",
        "min_months",
        "contract-term discount",
        p.term_discounts
            .iter()
            .map(|t| (t.min_months, t.discount_bp)),
    );
    steps(
        s,
        "bundle_discounts",
        "min_families",
        "bundle discount",
        p.bundle_discounts
            .iter()
            .map(|b| (b.min_families, b.discount_bp)),
    );

    for (family, bp) in &p.at_risk_widening {
        let path = format!("at_risk_widening.{family}");
        unknown_family(c, s, &path, family);
        s.rate(&path, *bp, "the at-risk widening");
    }

    if let Some(bp) = p.early_termination_bp {
        s.rate("early_termination_bp", bp, "the early-termination charge");
    }

    if p.terms.is_empty() {
        s.error("terms", "no contract terms are offered; terms is empty");
    }
    let mut seen: BTreeMap<u32, usize> = BTreeMap::new();
    for (i, &t) in p.terms.iter().enumerate() {
        let path = format!("terms[{i}]");
        if t == 0 {
            s.error(&path, "a contract term of 0 months is not a term");
        } else if let Some(first) = seen.get(&t) {
            s.error(
                &path,
                format!("duplicate contract term {t} months (also at terms[{first}])"),
            );
        } else {
            seen.insert(t, i);
        }
    }
    days(
        s,
        "validity_days",
        p.validity_days,
        MAX_VALIDITY_DAYS,
        "a proposal must stay valid at least a day",
    );
    days(
        s,
        "max_approval_days",
        p.max_approval_days,
        MAX_APPROVAL_DAYS,
        "no approval could ever be given",
    );
    room_for_automatic_discounts(p, c, s);
    guidance(p, c, s);
}

/// Guidance: a known family and industry, target at most normal, both rates, one entry per family
/// and industry; the reasons in both languages.
fn guidance(p: &Policy, c: &Catalog, s: &mut Sink) {
    let mut seen: BTreeMap<(&str, Option<&str>), usize> = BTreeMap::new();
    for (i, g) in p.guidance.iter().enumerate() {
        let base = format!("guidance[{i}]");
        unknown_family(c, s, &format!("{base}.family"), &g.family);
        if let Some(industry) = &g.industry {
            if c.industry(industry).is_none() {
                s.error(
                    &format!("{base}.industry"),
                    format!(
                        "unknown industry '{industry}'; the catalog's industries are {}",
                        known(c.industries.iter().map(|x| x.id.as_str()))
                    ),
                );
            }
        }
        s.rate(
            &format!("{base}.target_bp"),
            g.target_bp,
            "the target discount",
        );
        s.rate(
            &format!("{base}.normal_bp"),
            g.normal_bp,
            "the normal discount",
        );
        if g.target_bp > g.normal_bp {
            s.error(
                &format!("{base}.target_bp"),
                format!(
                    "the target discount ({} bp) is above the normal discount ({} bp)",
                    g.target_bp, g.normal_bp
                ),
            );
        }
        let key = (g.family.as_str(), g.industry.as_deref());
        if let Some(first) = seen.insert(key, i) {
            s.error(
                &base,
                format!("guidance for the same family and industry as guidance[{first}]"),
            );
        }
    }
    for (i, r) in p.reasons.iter().enumerate() {
        s.text(&format!("reasons[{i}]"), r, "the reason");
    }
}

fn unknown_family(c: &Catalog, s: &mut Sink, path: &str, family: &str) {
    if c.family(family).is_none() {
        s.error(
            path,
            format!(
                "unknown family '{family}'; the catalog's families are {}",
                known(c.families.iter().map(|f| f.id.as_str()))
            ),
        );
    }
}

/// The authority ladder: one or more levels, a limit for every family that never shrinks going
/// up, and deal-size thresholds that strictly rise, open-ended only at the top.
fn levels(p: &Policy, c: &Catalog, s: &mut Sink) {
    if p.levels.is_empty() {
        s.error("levels", "the policy needs at least one authority level");
    }
    let mut ids = Ids::new("levels", "level");
    let top = p.levels.len().saturating_sub(1);
    // The nearest deal-size threshold below the current level, and whose it is.
    let mut threshold_below: Option<(Fen, &str)> = None;
    for (i, l) in p.levels.iter().enumerate() {
        ids.check(s, i, &l.id);
        let at = format!("levels[{i}]");
        s.text(&format!("{at}.name"), &l.name, "the level name");
        for (family, bp) in &l.discount_limits {
            let path = format!("{at}.discount_limits.{family}");
            unknown_family(c, s, &path, family);
            s.rate(&path, *bp, "the discount limit");
        }
        for f in &c.families {
            if !l.discount_limits.contains_key(&f.id) {
                s.error(
                    &format!("{at}.discount_limits"),
                    format!(
                        "level '{}' has no discount limit for family '{}'",
                        l.id, f.id
                    ),
                );
            }
        }
        let below = if i == 0 { None } else { p.levels.get(i - 1) };
        if let Some(below) = below {
            for (family, bp) in &l.discount_limits {
                if let Some(lower) = below.discount_limits.get(family) {
                    if bp < lower {
                        s.error(
                            &format!("{at}.discount_limits.{family}"),
                            format!(
                                "authority shrinks up the ladder: level '{}' may give {} on '{family}', less than the {} of level '{}' below it",
                                l.id,
                                format_percent(*bp),
                                format_percent(*lower),
                                below.id
                            ),
                        );
                    }
                }
            }
        }
        let path = format!("{at}.max_tcv");
        match l.max_tcv {
            None if i < top => s.error(
                &path,
                format!(
                    "level '{}' has no max_tcv but is not the top level; only the top level may sign off deals of any size",
                    l.id
                ),
            ),
            None => {}
            Some(max) => {
                if max < 0 {
                    s.error(&path, format!("max_tcv is negative ({max} fen)"));
                }
                if let Some((lower, lower_id)) = threshold_below {
                    if max <= lower {
                        s.error(
                            &path,
                            format!(
                                "max_tcv thresholds out of order: ¥{} is not above the ¥{} of level '{lower_id}' below it (thresholds must strictly rise)",
                                format_yuan(max),
                                format_yuan(lower),
                            ),
                        );
                    }
                }
                threshold_below = Some((max, l.id.as_str()));
            }
        }
    }
}

/// Term or bundle discount steps: unique thresholds, rates within 0..=100 %, and (a warning) a
/// discount that does not fall as the threshold rises.
fn steps(s: &mut Sink, base: &str, key: &str, what: &str, items: impl Iterator<Item = (u32, Bp)>) {
    let items: Vec<(u32, Bp)> = items.collect();
    let mut seen: BTreeMap<u32, usize> = BTreeMap::new();
    for (i, &(min, bp)) in items.iter().enumerate() {
        s.rate(
            &format!("{base}[{i}].discount_bp"),
            bp,
            &format!("the {what}"),
        );
        if let Some(first) = seen.get(&min) {
            s.error(
                &format!("{base}[{i}].{key}"),
                format!("duplicate {key} {min} (also at {base}[{first}])"),
            );
        } else {
            seen.insert(min, i);
        }
    }
    // Walk the distinct thresholds in ascending order.
    let mut prev: Option<(u32, Bp)> = None;
    for (&min, &i) in &seen {
        let bp = items[i].1;
        if let Some((pmin, pbp)) = prev {
            if bp < pbp {
                s.warning(
                    &format!("{base}[{i}].discount_bp"),
                    format!(
                        "the {what} falls as {key} grows: {} from {min} is less than {} from {pmin}",
                        format_percent(bp),
                        format_percent(pbp)
                    ),
                );
            }
        }
        prev = Some((min, bp));
    }
}

/// Warns where the account manager's limit for a family leaves no room for the largest automatic
/// discount: 1 − (1 − max term discount)(1 − max bundle discount).
fn room_for_automatic_discounts(p: &Policy, c: &Catalog, s: &mut Sink) {
    let Some(first) = p.levels.first() else {
        return;
    };
    let clamp = |bp: Bp| bp.clamp(0, FULL) as i128;
    let term = if p.terms.is_empty() {
        p.term_discounts.iter().map(|t| clamp(t.discount_bp)).max()
    } else {
        p.terms.iter().map(|&t| clamp(p.term_discount(t))).max()
    }
    .unwrap_or(0);
    let bundle = (1..=c.families.len())
        .map(|n| clamp(p.bundle_discount(n)))
        .max()
        .unwrap_or(0);
    let full = FULL as i128;
    let auto = div_ceil(full * full - (full - term) * (full - bundle), full);
    if auto <= 0 {
        return;
    }
    for f in &c.families {
        let Some(&limit) = first.discount_limits.get(&f.id) else {
            continue;
        };
        if (limit as i128) < auto {
            s.warning(
                &format!("levels[0].discount_limits.{}", f.id),
                format!(
                    "level '{}' may give {} on '{}', below the largest automatic discount {} (term {} and bundle {}); the limit must leave room for automatic discounts",
                    first.id,
                    format_percent(limit),
                    f.id,
                    format_percent(auto as Bp),
                    format_percent(term as Bp),
                    format_percent(bundle as Bp)
                ),
            );
        }
    }
}

/// A number of days between 1 and `max`.
fn days(s: &mut Sink, path: &str, value: u32, max: u32, zero: &str) {
    if value == 0 {
        s.error(path, format!("{path} is 0; {zero}"));
    } else if value > max {
        s.error(
            path,
            format!("{path} is {value}; at most {max} days are allowed"),
        );
    }
}
