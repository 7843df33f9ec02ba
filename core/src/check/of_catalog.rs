//! The catalog's own checks, and its references into the policy (tax classes).

use super::{known, Ids, Sink};
use crate::catalog::{Catalog, Choice, Offering, OptionGroup, Rule, RuleKind, Template};
use crate::money::{format_yuan, Fen, FULL};
use crate::policy::Policy;
use crate::quote::Package;

pub(super) fn check(c: &Catalog, p: &Policy, s: &mut Sink) {
    s.schema_version(c.schema_version);
    s.not_empty("version", &c.version, "the catalog version");
    s.not_empty("currency", &c.currency, "the currency");
    let cur = c.currency.trim();
    let iso_4217 = cur.len() == 3 && cur.bytes().all(|b| b.is_ascii_uppercase());
    if !cur.is_empty() && !iso_4217 {
        s.error(
            "currency",
            format!(
                "currency '{}' is not a three-letter ISO 4217 code such as CNY",
                c.currency
            ),
        );
    }
    s.text("operator", &c.operator, "the operator's name");

    let mut ids = Ids::new("families", "family");
    for (i, f) in c.families.iter().enumerate() {
        ids.check(s, i, &f.id);
        s.text(&format!("families[{i}].name"), &f.name, "the family name");
    }

    let mut ids = Ids::new("offerings", "offering");
    for (i, o) in c.offerings.iter().enumerate() {
        ids.check(s, i, &o.id);
        offering(c, p, s, &format!("offerings[{i}]"), o);
        end_of_sale(c, s, &format!("offerings[{i}]"), o);
    }

    let mut ids = Ids::new("rules", "rule");
    for (i, r) in c.rules.iter().enumerate() {
        ids.check(s, i, &r.id);
        rule(c, s, &format!("rules[{i}]"), r);
    }

    let mut ids = Ids::new("industries", "industry");
    for (i, x) in c.industries.iter().enumerate() {
        ids.check(s, i, &x.id);
        s.text(
            &format!("industries[{i}].name"),
            &x.name,
            "the industry name",
        );
        if !x.id.trim().is_empty() && c.templates_for(&x.id).next().is_none() {
            s.warning(
                &format!("industries[{i}].id"),
                format!("industry '{}' has no solution template", x.id),
            );
        }
    }

    let mut ids = Ids::new("templates", "template");
    for (i, t) in c.templates.iter().enumerate() {
        ids.check(s, i, &t.id);
        template(c, s, &format!("templates[{i}]"), t);
    }

    if c.site_types.is_empty() {
        s.error(
            "site_types",
            "the catalog declares no site types (leave the field out for headquarters, branch and outlet)",
        );
    }
    let mut ids = Ids::new("site_types", "site type");
    for (i, t) in c.site_types.iter().enumerate() {
        ids.check(s, i, &t.id);
        s.text(
            &format!("site_types[{i}].name"),
            &t.name,
            "the site type name",
        );
    }
}

/// A site package a template brings: a site type of the catalog, and lines each site can have.
fn package(c: &Catalog, s: &mut Sink, at: &str, p: &Package) {
    s.text(&format!("{at}.name"), &p.name, "the package name");
    if c.site_type(&p.site_type).is_none() {
        s.error(
            &format!("{at}.site_type"),
            format!(
                "unknown site type '{}'; the catalog's site types are {}",
                p.site_type,
                known(c.site_types.iter().map(|t| t.id.as_str()))
            ),
        );
    }
    if p.lines.is_empty() {
        s.error(
            &format!("{at}.lines"),
            format!("package '{}' has no lines", p.id),
        );
    }
    let mut ids = Ids::new(format!("{at}.lines"), "package line");
    for (l, line) in p.lines.iter().enumerate() {
        ids.check(s, l, &line.id);
        let lp = format!("{at}.lines[{l}]");
        let Some(o) = line_offering(c, s, &lp, &line.offering, &line.options) else {
            continue;
        };
        if line.quantity < o.min_qty || line.quantity > o.max_qty {
            s.error(
                &format!("{lp}.quantity"),
                format!(
                    "quantity {} is outside {}..={} for offering '{}'",
                    line.quantity, o.min_qty, o.max_qty, o.id
                ),
            );
        }
        if !(0..=FULL).contains(&line.discount_bp) {
            s.error(
                &format!("{lp}.discount_bp"),
                format!("discount {} bp is outside 0..=10000", line.discount_bp),
            );
        }
    }
}

/// A template's or a package's line at `lp`: its offering, known, and each option choice it
/// names, one of that offering's (else an error at the field).
fn line_offering<'c>(
    c: &'c Catalog,
    s: &mut Sink,
    lp: &str,
    offering: &str,
    options: &std::collections::BTreeMap<String, String>,
) -> Option<&'c Offering> {
    let Some(o) = c.offering(offering) else {
        s.error(
            &format!("{lp}.offering"),
            format!("unknown offering '{offering}'"),
        );
        return None;
    };
    for (group, choice) in options {
        let path = format!("{lp}.options.{group}");
        option_ref(s, o, &path, group, &path, choice);
    }
    Some(o)
}

fn unknown_offering(c: &Catalog, s: &mut Sink, path: &str, id: &str) {
    if c.offering(id).is_none() {
        s.error(path, format!("unknown offering '{id}'"));
    }
}

/// Prices and costs may not be negative, and a price may not be below its cost.
fn price_and_cost(s: &mut Sink, at: &str, what: &str, [mrc, nrc, mrc_cost, nrc_cost]: [Fen; 4]) {
    for (field, v, kind) in [
        ("mrc", mrc, "MRC"),
        ("nrc", nrc, "NRC"),
        ("mrc_cost", mrc_cost, "MRC cost"),
        ("nrc_cost", nrc_cost, "NRC cost"),
    ] {
        if v < 0 {
            s.error(
                &format!("{at}.{field}"),
                format!("{what} has a negative {kind} of {v} fen"),
            );
        }
    }
    for (field, price, cost, kind) in [("mrc", mrc, mrc_cost, "MRC"), ("nrc", nrc, nrc_cost, "NRC")]
    {
        if price < cost {
            s.error(
                &format!("{at}.{field}"),
                format!(
                    "{what} is priced below cost: {kind} ¥{} is below its {kind} cost ¥{}",
                    format_yuan(price),
                    format_yuan(cost)
                ),
            );
        }
    }
}

fn offering(c: &Catalog, p: &Policy, s: &mut Sink, at: &str, o: &Offering) {
    if c.family(&o.family).is_none() {
        s.error(
            &format!("{at}.family"),
            format!(
                "unknown family '{}'; the catalog's families are {}",
                o.family,
                known(c.families.iter().map(|f| f.id.as_str()))
            ),
        );
    }
    if p.tax_class(&o.tax_class).is_none() {
        s.error(
            &format!("{at}.tax_class"),
            format!(
                "unknown tax class '{}'; the policy's tax classes are {}",
                o.tax_class,
                known(p.tax_classes.iter().map(|t| t.id.as_str()))
            ),
        );
    }
    s.text(&format!("{at}.name"), &o.name, "the offering name");
    s.text(&format!("{at}.unit"), &o.unit, "the unit");
    s.text(
        &format!("{at}.description"),
        &o.description,
        "the description",
    );
    price_and_cost(
        s,
        at,
        &format!("offering '{}'", o.id),
        [o.mrc, o.nrc, o.mrc_cost, o.nrc_cost],
    );
    if o.min_qty == 0 {
        s.error(
            &format!("{at}.min_qty"),
            "min_qty is 0; a line needs at least 1 unit",
        );
    }
    if o.min_qty > o.max_qty {
        s.error(
            &format!("{at}.min_qty"),
            format!("min_qty {} is above max_qty {}", o.min_qty, o.max_qty),
        );
    }
    for (j, t) in o.tiers.iter().enumerate() {
        let tp = format!("{at}.tiers[{j}]");
        if t.mrc < 0 {
            s.error(
                &format!("{tp}.mrc"),
                format!("tier has a negative MRC of {} fen", t.mrc),
            );
        }
        if t.mrc < o.mrc_cost {
            s.error(
                &format!("{tp}.mrc"),
                format!(
                    "tier MRC ¥{} is below the offering's MRC cost ¥{}",
                    format_yuan(t.mrc),
                    format_yuan(o.mrc_cost)
                ),
            );
        }
        let prev = if j == 0 { None } else { o.tiers.get(j - 1) };
        if let Some(prev) = prev {
            if t.min_qty <= prev.min_qty {
                s.error(
                    &format!("{tp}.min_qty"),
                    format!(
                        "tiers out of order: min_qty {} does not rise above the previous tier's {} (min_qty must strictly ascend)",
                        t.min_qty, prev.min_qty
                    ),
                );
            }
        }
        if t.min_qty > o.max_qty {
            s.warning(
                &format!("{tp}.min_qty"),
                format!(
                    "tier starts at {} units, above max_qty {}; it never applies",
                    t.min_qty, o.max_qty
                ),
            );
        }
        // The price for fewer units: the previous tier's, or the base MRC when quantities below
        // the first tier can be sold.
        let fewer = match prev {
            Some(prev) => Some(prev.mrc),
            None => (o.min_qty < t.min_qty).then_some(o.mrc),
        };
        if let Some(fewer) = fewer {
            if t.mrc > fewer {
                s.warning(
                    &format!("{tp}.mrc"),
                    format!(
                        "tier MRC rises with quantity: ¥{} from {} units is above ¥{} for fewer units",
                        format_yuan(t.mrc),
                        t.min_qty,
                        format_yuan(fewer)
                    ),
                );
            }
        }
    }
    let mut ids = Ids::new(format!("{at}.options"), "option group");
    for (k, g) in o.options.iter().enumerate() {
        ids.check(s, k, &g.id);
        option_group(s, &format!("{at}.options[{k}]"), g);
    }
}

fn option_group(s: &mut Sink, at: &str, g: &OptionGroup) {
    s.text(&format!("{at}.name"), &g.name, "the option group name");
    if g.choices.is_empty() {
        s.error(
            &format!("{at}.choices"),
            format!("option group '{}' has no choices", g.id),
        );
    }
    let mut ids = Ids::new(format!("{at}.choices"), "choice");
    for (m, ch) in g.choices.iter().enumerate() {
        ids.check(s, m, &ch.id);
        choice(s, &format!("{at}.choices[{m}]"), ch);
    }
}

fn choice(s: &mut Sink, at: &str, ch: &Choice) {
    s.text(&format!("{at}.name"), &ch.name, "the choice name");
    // A choice's description is optional; when given, it is given in both languages.
    if !(ch.description.zh.trim().is_empty() && ch.description.en.trim().is_empty()) {
        s.text(
            &format!("{at}.description"),
            &ch.description,
            "the choice description",
        );
    }
    price_and_cost(
        s,
        at,
        &format!("choice '{}'", ch.id),
        [ch.mrc, ch.nrc, ch.mrc_cost, ch.nrc_cost],
    );
}

/// End of sale: a valid date; a successor that exists, is not the offering itself, is still sold
/// when the offering leaves sale, and is of the same family unless `successor_other_family`.
fn end_of_sale(c: &Catalog, s: &mut Sink, at: &str, o: &Offering) {
    if let Some(d) = &o.end_of_sale {
        if crate::date::parse(d).is_none() {
            s.error(
                &format!("{at}.end_of_sale"),
                format!("end_of_sale '{d}' is not a valid date (YYYY-MM-DD)"),
            );
        }
    }
    let Some(id) = &o.successor else {
        if o.successor_other_family {
            s.warning(
                &format!("{at}.successor_other_family"),
                "successor_other_family is set but there is no successor",
            );
        }
        return;
    };
    let path = format!("{at}.successor");
    if o.end_of_sale.is_none() {
        s.warning(
            &path,
            format!("successor '{id}' is named but the offering has no end_of_sale; it is never offered"),
        );
    }
    if *id == o.id {
        s.error(
            &path,
            format!("offering '{id}' names itself as its successor"),
        );
        return;
    }
    let Some(next) = c.offering(id) else {
        s.error(&path, format!("unknown successor offering '{id}'"));
        return;
    };
    let leaves = o
        .end_of_sale
        .as_deref()
        .filter(|d| crate::date::parse(d).is_some());
    if let Some(leaves) = leaves.filter(|d| next.retired_on(d)) {
        s.error(
            &path,
            format!(
                "successor '{id}' is itself no longer sold on {leaves}, when '{}' leaves sale (its end_of_sale is {})",
                o.id,
                next.end_of_sale.as_deref().unwrap_or_default()
            ),
        );
    }
    if next.family != o.family && !o.successor_other_family {
        s.error(
            &path,
            format!(
                "successor '{id}' is of family '{}', not '{}'; set successor_other_family when that is meant",
                next.family, o.family
            ),
        );
    }
}

fn rule(c: &Catalog, s: &mut Sink, at: &str, r: &Rule) {
    s.text(&format!("{at}.message"), &r.message, "the rule message");
    let path = |field: &str| format!("{at}.{field}");
    match &r.kind {
        RuleKind::Requires { offering, any_of } => {
            unknown_offering(c, s, &path("offering"), offering);
            if any_of.is_empty() {
                s.error(
                    &path("any_of"),
                    "a requires rule needs at least one offering in any_of",
                );
            }
            for (k, o) in any_of.iter().enumerate() {
                unknown_offering(c, s, &path(&format!("any_of[{k}]")), o);
                if o == offering {
                    s.warning(
                        &path(&format!("any_of[{k}]")),
                        format!("offering '{o}' requires itself, so the rule never breaks"),
                    );
                }
            }
        }
        RuleKind::Excludes { offering, other } => {
            unknown_offering(c, s, &path("offering"), offering);
            unknown_offering(c, s, &path("other"), other);
            if offering == other {
                s.error(
                    &path("other"),
                    format!("offering '{offering}' excludes itself, so it can never be sold"),
                );
            }
        }
        RuleKind::MinSites { offering, min } => {
            unknown_offering(c, s, &path("offering"), offering);
            if *min == 0 {
                s.warning(&path("min"), "min is 0, so the rule never breaks");
            }
        }
        RuleKind::MaxPerEmployee { offering, .. } => {
            unknown_offering(c, s, &path("offering"), offering);
        }
        RuleKind::OptionRequires {
            offering,
            group,
            choice,
            needs_group,
            min_choice,
        } => {
            let Some(o) = c.offering(offering) else {
                s.error(&path("offering"), format!("unknown offering '{offering}'"));
                return;
            };
            for (gf, g, cf, ch) in [
                ("group", group, "choice", choice),
                ("needs_group", needs_group, "min_choice", min_choice),
            ] {
                option_ref(s, o, &path(gf), g, &path(cf), ch);
            }
        }
    }
}

/// An option group and choice named for an offering must exist in it.
fn option_ref(
    s: &mut Sink,
    o: &Offering,
    group_path: &str,
    group: &str,
    choice_path: &str,
    choice: &str,
) {
    match o.group(group) {
        None => s.error(
            group_path,
            format!(
                "offering '{}' has no option group '{group}'; its groups are {}",
                o.id,
                known(o.options.iter().map(|g| g.id.as_str()))
            ),
        ),
        Some(g) if g.choice(choice).is_none() => s.error(
            choice_path,
            format!(
                "option group '{group}' of offering '{}' has no choice '{choice}'; its choices are {}",
                o.id,
                known(g.choices.iter().map(|ch| ch.id.as_str()))
            ),
        ),
        Some(_) => {}
    }
}

fn template(c: &Catalog, s: &mut Sink, at: &str, t: &Template) {
    if c.industry(&t.industry).is_none() {
        s.error(
            &format!("{at}.industry"),
            format!(
                "unknown industry '{}'; the catalog's industries are {}",
                t.industry,
                known(c.industries.iter().map(|x| x.id.as_str()))
            ),
        );
    }
    s.text(&format!("{at}.name"), &t.name, "the template name");
    s.text(
        &format!("{at}.description"),
        &t.description,
        "the template description",
    );
    if t.lines.is_empty() {
        s.error(
            &format!("{at}.lines"),
            format!("template '{}' has no lines", t.id),
        );
    }
    for (l, line) in t.lines.iter().enumerate() {
        line_offering(
            c,
            s,
            &format!("{at}.lines[{l}]"),
            &line.offering,
            &line.options,
        );
    }
    let mut ids = Ids::new(format!("{at}.packages"), "package");
    for (k, p) in t.packages.iter().enumerate() {
        ids.check(s, k, &p.id);
        package(c, s, &format!("{at}.packages[{k}]"), p);
    }
}
