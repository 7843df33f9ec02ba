//! Catalog and policy → the rows of every sheet → XLSX bytes.

use super::cell::{fraction, yuan, Value, EXACT_IN_A_NUMBER};
use super::layout::{self as l, Sheet, SHEETS};
use crate::catalog::{default_site_types, Catalog, RuleKind, Severity};
use crate::policy::Policy;
use crate::text::Text;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};
use std::collections::BTreeMap;

/// The rows of one sheet, each in the sheet's column order.
type Rows = Vec<Vec<Value>>;

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

fn opt(s: &Option<String>) -> Value {
    s.as_deref().map_or(Value::Blank, text)
}

fn count(n: u32) -> Value {
    Value::Count(u64::from(n))
}

/// Which occurrence of `id` among the ids before and at `index` (blank when the first).
fn occurrence<'a>(ids: impl Iterator<Item = &'a str>, index: usize, id: &str) -> Value {
    let n = ids.take(index + 1).filter(|i| *i == id).count();
    if n > 1 {
        Value::Count(n as u64)
    } else {
        Value::Blank
    }
}

fn both(t: &Text) -> [Value; 2] {
    [text(&t.zh), text(&t.en)]
}

/// Chosen options in one cell, `group=choice; group=choice`.
fn options(chosen: &BTreeMap<String, String>) -> Value {
    let parts: Vec<String> = chosen.iter().map(|(g, ch)| format!("{g}={ch}")).collect();
    text(&parts.join("; "))
}

/// Every sheet's rows, by sheet name.
pub(crate) fn rows(catalog: &Catalog, policy: &Policy) -> BTreeMap<&'static str, Rows> {
    let mut out: BTreeMap<&'static str, Rows> = SHEETS.iter().map(|s| (s.name, vec![])).collect();
    let mut put = |sheet: Sheet, row: Vec<Value>| {
        debug_assert_eq!(row.len(), sheet.cols.len(), "{}", sheet.name);
        out.entry(sheet.name).or_default().push(row);
    };
    let c = catalog;
    let [oz, oe] = both(&c.operator);
    put(
        l::CATALOG,
        vec![
            count(c.schema_version),
            text(&c.version),
            text(&c.currency),
            oz,
            oe,
        ],
    );
    for f in &c.families {
        let [z, e] = both(&f.name);
        put(l::FAMILIES, vec![text(&f.id), z, e]);
    }
    let offering_ids = || c.offerings.iter().map(|o| o.id.as_str());
    for (i, o) in c.offerings.iter().enumerate() {
        let [nz, ne] = both(&o.name);
        let [uz, ue] = both(&o.unit);
        let [dz, de] = both(&o.description);
        put(
            l::OFFERINGS,
            vec![
                text(&o.id),
                text(&o.family),
                nz,
                ne,
                uz,
                ue,
                dz,
                de,
                text(&o.tax_class),
                Value::Money(o.mrc),
                Value::Money(o.nrc),
                Value::Money(o.mrc_cost),
                Value::Money(o.nrc_cost),
                count(o.min_qty),
                count(o.max_qty),
                opt(&o.end_of_sale),
                opt(&o.successor),
                Value::Bool(o.successor_other_family),
            ],
        );
        let nth = occurrence(offering_ids(), i, &o.id);
        for t in &o.tiers {
            put(
                l::TIERS,
                vec![
                    text(&o.id),
                    nth.clone(),
                    count(t.min_qty),
                    Value::Money(t.mrc),
                ],
            );
        }
        let group_ids = || o.options.iter().map(|g| g.id.as_str());
        for (gi, g) in o.options.iter().enumerate() {
            let [z, e] = both(&g.name);
            put(
                l::OPTIONS,
                vec![text(&o.id), nth.clone(), text(&g.id), z, e],
            );
            let gnth = occurrence(group_ids(), gi, &g.id);
            for ch in &g.choices {
                let [nz, ne] = both(&ch.name);
                let [dz, de] = both(&ch.description);
                put(
                    l::CHOICES,
                    vec![
                        text(&o.id),
                        nth.clone(),
                        text(&g.id),
                        gnth.clone(),
                        text(&ch.id),
                        nz,
                        ne,
                        dz,
                        de,
                        Value::Money(ch.mrc),
                        Value::Money(ch.nrc),
                        Value::Money(ch.mrc_cost),
                        Value::Money(ch.nrc_cost),
                    ],
                );
            }
        }
    }
    for rule in &c.rules {
        let [z, e] = both(&rule.message);
        let severity = match rule.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut row = vec![text(&rule.id), text(severity), z, e];
        let blank = || Value::Blank;
        // kind, offering, any_of, other, min, per_employee_bp, group, choice, needs_group, min_choice
        let rest: [Value; 10] = match &rule.kind {
            RuleKind::Requires { offering, any_of } => [
                text("requires"),
                text(offering),
                text(&any_of.join(", ")),
                blank(),
                blank(),
                blank(),
                blank(),
                blank(),
                blank(),
                blank(),
            ],
            RuleKind::Excludes { offering, other } => [
                text("excludes"),
                text(offering),
                blank(),
                text(other),
                blank(),
                blank(),
                blank(),
                blank(),
                blank(),
                blank(),
            ],
            RuleKind::MinSites { offering, min } => [
                text("min_sites"),
                text(offering),
                blank(),
                blank(),
                count(*min),
                blank(),
                blank(),
                blank(),
                blank(),
                blank(),
            ],
            RuleKind::MaxPerEmployee {
                offering,
                per_employee_bp,
            } => [
                text("max_per_employee"),
                text(offering),
                blank(),
                blank(),
                blank(),
                Value::Rate(i64::from(*per_employee_bp)),
                blank(),
                blank(),
                blank(),
                blank(),
            ],
            RuleKind::OptionRequires {
                offering,
                group,
                choice,
                needs_group,
                min_choice,
            } => [
                text("option_requires"),
                text(offering),
                blank(),
                blank(),
                blank(),
                blank(),
                text(group),
                text(choice),
                text(needs_group),
                text(min_choice),
            ],
        };
        row.extend(rest);
        put(l::RULES, row);
    }
    for ind in &c.industries {
        let [z, e] = both(&ind.name);
        put(l::INDUSTRIES, vec![text(&ind.id), z, e]);
    }
    let template_ids = || c.templates.iter().map(|t| t.id.as_str());
    for (ti, t) in c.templates.iter().enumerate() {
        let [nz, ne] = both(&t.name);
        let [dz, de] = both(&t.description);
        put(
            l::TEMPLATES,
            vec![text(&t.id), text(&t.industry), nz, ne, dz, de],
        );
        let nth = occurrence(template_ids(), ti, &t.id);
        for line in &t.lines {
            put(
                l::TEMPLATE_LINES,
                vec![
                    text(&t.id),
                    nth.clone(),
                    text(&line.offering),
                    options(&line.options),
                    count(line.base),
                    count(line.per_hundred),
                ],
            );
        }
        let package_ids = || t.packages.iter().map(|p| p.id.as_str());
        for (pi, package) in t.packages.iter().enumerate() {
            let [z, e] = both(&package.name);
            put(
                l::TEMPLATE_PACKAGES,
                vec![
                    text(&t.id),
                    nth.clone(),
                    text(&package.id),
                    z,
                    e,
                    text(&package.site_type),
                ],
            );
            let pnth = occurrence(package_ids(), pi, &package.id);
            for line in &package.lines {
                put(
                    l::PACKAGE_LINES,
                    vec![
                        text(&t.id),
                        nth.clone(),
                        text(&package.id),
                        pnth.clone(),
                        text(&line.id),
                        text(&line.offering),
                        options(&line.options),
                        count(line.quantity),
                        Value::Rate(line.discount_bp),
                    ],
                );
            }
        }
    }
    // The default site types are left out, as the catalog leaves them out.
    if c.site_types != default_site_types() {
        for st in &c.site_types {
            let [z, e] = both(&st.name);
            put(l::SITE_TYPES, vec![text(&st.id), z, e]);
        }
    }
    let p = policy;
    let terms: Vec<String> = p.terms.iter().map(u32::to_string).collect();
    put(
        l::POLICY,
        vec![
            count(p.schema_version),
            text(&p.version),
            Value::Bool(p.demo),
            opt(&p.published),
            opt(&p.expires),
            text(&terms.join(", ")),
            count(p.validity_days),
            count(p.max_approval_days),
            Value::Bool(p.require_sm2),
            p.early_termination_bp.map_or(Value::Blank, Value::Rate),
        ],
    );
    for tc in &p.tax_classes {
        let [z, e] = both(&tc.name);
        put(
            l::TAX_CLASSES,
            vec![text(&tc.id), z, e, Value::Rate(tc.rate_bp)],
        );
    }
    let level_ids = || p.levels.iter().map(|l| l.id.as_str());
    for (li, level) in p.levels.iter().enumerate() {
        let [z, e] = both(&level.name);
        put(
            l::LEVELS,
            vec![
                text(&level.id),
                z,
                e,
                level.max_tcv.map_or(Value::Blank, Value::Money),
            ],
        );
        let nth = occurrence(level_ids(), li, &level.id);
        for (family, bp) in &level.discount_limits {
            put(
                l::LIMITS,
                vec![text(&level.id), nth.clone(), text(family), Value::Rate(*bp)],
            );
        }
    }
    for (family, bp) in &p.at_risk_widening {
        put(l::AT_RISK, vec![text(family), Value::Rate(*bp)]);
    }
    for td in &p.term_discounts {
        put(
            l::TERM_DISCOUNTS,
            vec![count(td.min_months), Value::Rate(td.discount_bp)],
        );
    }
    for bd in &p.bundle_discounts {
        put(
            l::BUNDLE_DISCOUNTS,
            vec![count(bd.min_families), Value::Rate(bd.discount_bp)],
        );
    }
    for g in &p.guidance {
        put(
            l::GUIDANCE,
            vec![
                text(&g.family),
                opt(&g.industry),
                Value::Rate(g.target_bp),
                Value::Rate(g.normal_bp),
            ],
        );
    }
    for reason in &p.reasons {
        let [z, e] = both(reason);
        put(l::REASONS, vec![z, e]);
    }
    let suite = |s: crate::suite::Suite| {
        if s.is_ed25519() {
            Value::Blank
        } else {
            text(s.id())
        }
    };
    for a in &p.approvers {
        let [z, e] = both(&a.name);
        put(
            l::APPROVERS,
            vec![
                text(&a.id),
                z,
                e,
                text(&a.level),
                text(&a.public_key),
                suite(a.suite),
            ],
        );
    }
    for s in &p.sellers {
        let [z, e] = both(&s.name);
        put(
            l::SELLERS,
            vec![text(&s.id), z, e, text(&s.public_key), suite(s.suite)],
        );
    }
    out
}

/// A value as the number a cell holds, when it fits exactly (else it is written as text).
fn number(decimal: &str) -> Option<f64> {
    decimal.parse().ok()
}

/// Writes `sheets` (name → header and rows) into a workbook. The same rows give the same bytes:
/// the document's creation date is fixed, never the clock's.
pub(crate) fn workbook(sheets: &[(String, Vec<String>, Rows)]) -> Result<Vec<u8>, Text> {
    let failed = |e: XlsxError| {
        Text::new(
            format!("无法写入工作簿：{e}"),
            format!("cannot write the workbook: {e}"),
        )
    };
    let mut book = Workbook::new();
    let fixed = ExcelDateTime::from_ymd(2000, 1, 1).map_err(failed)?;
    book.set_properties(&DocProperties::new().set_creation_datetime(&fixed));
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("0.00");
    let percent = Format::new().set_num_format("0.00%");
    for (name, headers, rows) in sheets {
        let ws = book.add_worksheet();
        ws.set_name(name).map_err(failed)?;
        for (c, h) in headers.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, h, &bold)
                .map_err(failed)?;
            let width = (h.chars().count() + 4).clamp(8, 40);
            ws.set_column_width(c as u16, width as f64)
                .map_err(failed)?;
        }
        ws.set_freeze_panes(1, 0).map_err(failed)?;
        for (r, row) in rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, v) in row.iter().enumerate() {
                let c = c as u16;
                let fits = |n: u64| n <= EXACT_IN_A_NUMBER;
                let written = match v {
                    Value::Blank => continue,
                    Value::Text(s) => ws.write_string(r, c, s),
                    Value::Bool(b) => ws.write_boolean(r, c, *b),
                    Value::Count(n) => ws.write_number(r, c, *n as f64),
                    Value::Money(f) => match number(&yuan(*f)) {
                        Some(x) if fits(f.unsigned_abs()) => {
                            ws.write_number_with_format(r, c, x, &money)
                        }
                        _ => ws.write_string(r, c, yuan(*f)),
                    },
                    Value::Rate(bp) => match number(&fraction(*bp)) {
                        Some(x) if fits(bp.unsigned_abs()) => {
                            ws.write_number_with_format(r, c, x, &percent)
                        }
                        // bp as a percent with two decimals reads like yuan from fen.
                        _ => ws.write_string(r, c, format!("{}%", yuan(*bp))),
                    },
                };
                written.map_err(failed)?;
            }
        }
    }
    book.save_to_buffer().map_err(failed)
}

/// The catalog and policy as one workbook.
pub(crate) fn write(catalog: &Catalog, policy: &Policy) -> Result<Vec<u8>, Text> {
    let mut rows = rows(catalog, policy);
    let sheets: Vec<_> = SHEETS
        .iter()
        .map(|s| {
            let headers = s.cols.iter().map(|c| c.header()).collect();
            (
                s.name.to_string(),
                headers,
                rows.remove(s.name).unwrap_or_default(),
            )
        })
        .collect();
    workbook(&sheets)
}
