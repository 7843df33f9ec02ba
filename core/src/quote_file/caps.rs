//! The caps on what a quote file may hold, checked on import: every string and list anywhere in
//! the file ([`walk`], before the typed parse), the strings and lists people type into the quote
//! ([`check_quote`]), the number of approvals it carries ([`check_approvals`]), and that the priced snapshot belongs to the quote ([`check_snapshot`]).
//!
//! The file's size cap is [`crate::limits::QUOTE_FILE`], beside the other formats'.

use super::error::ImportErrorKind;
use crate::contract::Contract;
use crate::pricing::Priced;
use crate::quote::Quote;
use crate::serde_message::truncate;
use crate::text::Text;
use serde_json::Value;

/// The longest free text a person types (customer name, address, notes, competitor, reason…),
/// in characters.
pub const MAX_TEXT_CHARS: usize = 500;
/// The longest id or code (quote, line, site, offering, option, role, version, date), in
/// characters.
pub const MAX_ID_CHARS: usize = 64;
/// The most lines a quote may hold.
pub const MAX_LINES: usize = 5_000;
/// The most sites a customer may have (the site list's cap, [`crate::limits::MAX_SITES`]).
pub const MAX_SITES: usize = crate::limits::MAX_SITES;
/// The most site packages a quote may hold: a few per site type.
pub const MAX_PACKAGES: usize = 100;
/// The most lines a site package may give each site.
pub const MAX_PACKAGE_LINES: usize = 64;
/// The most contacts a customer may have.
pub const MAX_CONTACTS: usize = 100;
/// The most options a line may choose.
pub const MAX_OPTIONS: usize = 64;
/// The most signed approvals (and rejections) a quote file may carry, and so the most the app
/// holds for one quote (it saves them in the quote's file).
///
/// A chain needs one approval per level above the seller's: three on the default ladder (sales
/// manager, city branch, provincial company), and even a ladder of a dozen levels would be a tall
/// one. With a rejection or two, and the earlier decisions on a quote that was edited and approved
/// again kept beside the new ones, a real quote carries a handful. 64 leaves room for a tall
/// ladder approved several times over, while bounding the work of verifying every approval again
/// when the quote changes: at most 64 signature checks of about a millisecond each in the browser,
/// where 3,000 bogus approvals would take some three seconds. A file stuffed with thousands is refused by
/// counting them, before any is parsed.
pub const MAX_APPROVALS: usize = 64;
/// The longest string anywhere in the file (snapshot texts, approvals), in characters.
pub const MAX_ANY_STRING_CHARS: usize = 10_000;
/// The longest list or object anywhere in the file.
pub const MAX_ANY_ITEMS: usize = 20_000;

/// A cap exceeded: the JSON path and the problem.
pub(super) type Capped = Result<(), (String, ImportErrorKind)>;

/// Checks every string, key, list and object of `v` (at `path`) against the caps on anything
/// anywhere in the file.
pub(super) fn walk(v: &Value, path: &mut String) -> Capped {
    let here = |path: &str| {
        if path.is_empty() {
            ".".to_string()
        } else {
            path.to_string()
        }
    };
    match v {
        Value::String(s) => cap_chars(&here(path), s, MAX_ANY_STRING_CHARS),
        Value::Array(items) => {
            cap_items(&here(path), items.len(), MAX_ANY_ITEMS)?;
            for (i, item) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                walk(item, path)?;
                path.truncate(len);
            }
            Ok(())
        }
        Value::Object(map) => {
            cap_items(&here(path), map.len(), MAX_ANY_ITEMS)?;
            for (k, item) in map {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(&truncate(k, MAX_ID_CHARS));
                cap_chars(path, k, MAX_ANY_STRING_CHARS)?;
                walk(item, path)?;
                path.truncate(len);
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn cap_chars(path: &str, s: &str, max: usize) -> Capped {
    // Bytes bound characters from above: most strings need no counting.
    if s.len() <= max {
        return Ok(());
    }
    let found = s.chars().count();
    if found > max {
        return Err((path.to_string(), ImportErrorKind::TooLong { found, max }));
    }
    Ok(())
}

/// Checks the number of the file's `approvals` entries against [`MAX_APPROVALS`].
pub(super) fn check_approvals(found: usize) -> Capped {
    cap_items("approvals", found, MAX_APPROVALS)
}

fn cap_items(path: &str, found: usize, max: usize) -> Capped {
    if found > max {
        return Err((path.to_string(), ImportErrorKind::TooMany { found, max }));
    }
    Ok(())
}

/// Checks a contract a quote file carries (`after_sale`): its accepted version as a quote, its id,
/// and the number of its lines and steps.
pub(super) fn check_contract(c: &Contract) -> Capped {
    let at = "after_sale.contract";
    check_quote(&c.accepted)
        .map_err(|(p, k)| (p.replacen("quote", &format!("{at}.accepted"), 1), k))?;
    cap_chars(&format!("{at}.id"), &c.id, MAX_ID_CHARS)?;
    cap_items(&format!("{at}.lines"), c.lines.len(), MAX_LINES)?;
    cap_items(&format!("{at}.steps"), c.steps.len(), MAX_LINES)
}

/// Checks the ids, codes and texts of the quote and the number of its lines, sites, contacts and
/// options.
pub(super) fn check_quote(q: &Quote) -> Capped {
    let id = |path: &str, s: &str| cap_chars(path, s, MAX_ID_CHARS);
    let text = |path: &str, s: &str| cap_chars(path, s, MAX_TEXT_CHARS);
    id("quote.id", &q.id)?;
    id("quote.lineage", &q.lineage)?;
    id("quote.date", &q.date)?;
    id(
        "quote.handed_over",
        q.handed_over.as_deref().unwrap_or_default(),
    )?;
    id("quote.catalog_version", &q.catalog_version)?;
    id("quote.policy_version", &q.policy_version)?;
    id("quote.role", &q.role)?;
    let c = &q.customer;
    text("quote.customer.name", &c.name)?;
    id("quote.customer.uscc", &c.uscc)?;
    id("quote.customer.industry", &c.industry)?;
    cap_items("quote.customer.contacts", c.contacts.len(), MAX_CONTACTS)?;
    for (i, k) in c.contacts.iter().enumerate() {
        let p = format!("quote.customer.contacts[{i}]");
        text(&format!("{p}.name"), &k.name)?;
        text(&format!("{p}.title"), &k.title)?;
        text(&format!("{p}.phone"), &k.phone)?;
        text(&format!("{p}.email"), &k.email)?;
    }
    text("quote.customer.needs.notes", &c.needs.notes)?;
    cap_items("quote.customer.sites", c.sites.len(), MAX_SITES)?;
    for (i, s) in c.sites.iter().enumerate() {
        let p = format!("quote.customer.sites[{i}]");
        id(&format!("{p}.id"), &s.id)?;
        text(&format!("{p}.name"), &s.name)?;
        text(&format!("{p}.city"), &s.city)?;
        text(&format!("{p}.address"), &s.address)?;
        id(&format!("{p}.site_type"), &s.site_type)?;
        text(&format!("{p}.district"), &s.district)?;
        text(&format!("{p}.contact"), &s.contact)?;
    }
    cap_items("quote.packages", q.packages.len(), MAX_PACKAGES)?;
    for (i, k) in q.packages.iter().enumerate() {
        let p = format!("quote.packages[{i}]");
        id(&format!("{p}.id"), &k.id)?;
        text(&format!("{p}.name.zh"), &k.name.zh)?;
        text(&format!("{p}.name.en"), &k.name.en)?;
        id(&format!("{p}.site_type"), &k.site_type)?;
        cap_items(&format!("{p}.lines"), k.lines.len(), MAX_PACKAGE_LINES)?;
        for (j, l) in k.lines.iter().enumerate() {
            let lp = format!("{p}.lines[{j}]");
            id(&format!("{lp}.id"), &l.id)?;
            id(&format!("{lp}.offering"), &l.offering)?;
            cap_items(&format!("{lp}.options"), l.options.len(), MAX_OPTIONS)?;
            for (g, choice) in &l.options {
                let gp = format!("{lp}.options.{}", truncate(g, MAX_ID_CHARS));
                id(&gp, g)?;
                id(&gp, choice)?;
            }
        }
    }
    text("quote.at_risk.competitor", &q.at_risk.competitor)?;
    text("quote.at_risk.reason", &q.at_risk.reason)?;
    cap_items("quote.lines", q.lines.len(), MAX_LINES)?;
    for (i, l) in q.lines.iter().enumerate() {
        let p = format!("quote.lines[{i}]");
        id(&format!("{p}.id"), &l.id)?;
        id(&format!("{p}.offering"), &l.offering)?;
        cap_items(&format!("{p}.options"), l.options.len(), MAX_OPTIONS)?;
        for (g, choice) in &l.options {
            let gp = format!("{p}.options.{}", truncate(g, MAX_ID_CHARS));
            id(&gp, g)?;
            id(&gp, choice)?;
        }
        if let Some(site) = &l.site {
            id(&format!("{p}.site"), site)?;
        }
        if let Some(from) = &l.package {
            id(&format!("{p}.package.package"), &from.package)?;
            id(&format!("{p}.package.line"), &from.line)?;
        }
    }
    Ok(())
}

/// Checks that the priced snapshot `p` belongs to `q`: the same lines in the same order, and the
/// same term.
pub(super) fn check_snapshot(q: &Quote, p: &Priced) -> Capped {
    let mismatch = |path: &str, zh: String, en: String| {
        Err((
            path.to_string(),
            ImportErrorKind::Mismatch(Text::new(zh, en)),
        ))
    };
    if p.lines.len() != q.lines.len() {
        return mismatch(
            "priced.lines",
            format!(
                "报价快照有 {} 行，方案有 {} 行",
                p.lines.len(),
                q.lines.len()
            ),
            format!(
                "the priced snapshot has {} lines but the quote has {}",
                p.lines.len(),
                q.lines.len()
            ),
        );
    }
    for (i, (pl, ql)) in p.lines.iter().zip(&q.lines).enumerate() {
        if pl.line_id != ql.id {
            return mismatch(
                &format!("priced.lines[{i}].line_id"),
                format!(
                    "报价快照第 {} 行是「{}」，方案第 {} 行是「{}」",
                    i + 1,
                    truncate(&pl.line_id, MAX_ID_CHARS),
                    i + 1,
                    truncate(&ql.id, MAX_ID_CHARS)
                ),
                format!(
                    "line {} of the priced snapshot is '{}' but line {} of the quote is '{}'",
                    i + 1,
                    truncate(&pl.line_id, MAX_ID_CHARS),
                    i + 1,
                    truncate(&ql.id, MAX_ID_CHARS)
                ),
            );
        }
    }
    if p.term_months != q.term_months {
        return mismatch(
            "priced.term_months",
            format!(
                "报价快照的合同期是 {} 个月，方案是 {} 个月",
                p.term_months, q.term_months
            ),
            format!(
                "the priced snapshot's term is {} months but the quote's is {}",
                p.term_months, q.term_months
            ),
        );
    }
    Ok(())
}
