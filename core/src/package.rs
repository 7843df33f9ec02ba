//! Site packages (PRODUCT.md "Sites at scale"): a package is the set of lines every site of one
//! type gets. Applying it gives each site of the type its lines, each line carrying the package
//! line it came from; editing the package updates every site's lines from it, except the lines the
//! seller changed by hand (`Line::by_hand`), which keep the seller's values. Pricing never reads a
//! package: it sees only the lines, so a quote priced by packages prices as the same lines typed
//! in one by one.

use crate::catalog::Catalog;
use crate::quote::{Line, Package, PackageRef, Quote};
use crate::quote_file::MAX_LINES;
use crate::text::Text;
use std::collections::{BTreeMap, BTreeSet};

/// The quote with `package` added (or replacing the package of its id) and applied: see [`sync`].
pub fn put(quote: &Quote, package: Package) -> Result<Quote, Text> {
    let mut q = quote.clone();
    let id = package.id.clone();
    match q.packages.iter_mut().find(|p| p.id == id) {
        Some(p) => *p = package,
        None => q.packages.push(package),
    }
    sync(&q, &id)
}

/// The quote without package `id`, and without the lines it gave that were not changed by hand
/// (those stay, as the seller set them).
pub fn remove(quote: &Quote, id: &str) -> Quote {
    let mut q = quote.clone();
    q.packages.retain(|p| p.id != id);
    q.lines
        .retain(|l| l.by_hand || l.package.as_ref().is_none_or(|r| r.package != id));
    q
}

/// The quote with the packages a template brings (replacing the quote's packages of the same
/// ids), each applied.
pub fn from_template(catalog: &Catalog, quote: &Quote, template: &str) -> Result<Quote, Text> {
    let packages = catalog
        .templates
        .iter()
        .find(|t| t.id == template)
        .map(|t| t.packages.clone())
        .unwrap_or_default();
    packages
        .into_iter()
        .try_fold(quote.clone(), |q, p| put(&q, p))
}

/// Applies package `id` to every site of its type: each site gets a line for each package line it
/// lacks; the lines it has from the package take the package's offering, options, quantity and
/// discount, unless changed by hand; lines from package lines no longer in the package, or at
/// sites no longer of its type, go (unless changed by hand). New lines come after the others,
/// site by site, with ids after the highest of the quote. Refused when the quote would have more
/// than [`MAX_LINES`] lines.
pub fn sync(quote: &Quote, id: &str) -> Result<Quote, Text> {
    let mut q = quote.clone();
    let Some(package) = q.packages.iter().find(|p| p.id == id).cloned() else {
        return Ok(q);
    };
    let sites: Vec<String> = q
        .customer
        .sites
        .iter()
        .filter(|s| s.site_type == package.site_type)
        .map(|s| s.id.clone())
        .collect();
    let of_type: BTreeSet<&str> = sites.iter().map(String::as_str).collect();
    let lines: BTreeMap<&str, usize> = package
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| (l.id.as_str(), i))
        .collect();
    // The lines the package still gives, updated; the others gone.
    let mut have: BTreeSet<(String, String)> = BTreeSet::new();
    q.lines.retain_mut(|line| {
        let Some(from) = line.package.as_ref().filter(|r| r.package == id) else {
            return true;
        };
        let site = line.site.clone().unwrap_or_default();
        let source = lines.get(from.line.as_str()).map(|&i| &package.lines[i]);
        match source {
            Some(source) if of_type.contains(site.as_str()) => {
                have.insert((site, from.line.clone()));
                if !line.by_hand {
                    line.offering = source.offering.clone();
                    line.options = source.options.clone();
                    line.quantity = source.quantity;
                    line.discount_bp = source.discount_bp;
                }
                true
            }
            _ => line.by_hand,
        }
    });
    let missing: Vec<(&String, &crate::quote::PackageLine)> = sites
        .iter()
        .flat_map(|s| package.lines.iter().map(move |l| (s, l)))
        .filter(|(s, l)| !have.contains(&((*s).clone(), l.id.clone())))
        .collect();
    let total = q.lines.len() + missing.len();
    if total > MAX_LINES {
        let name = &package.name;
        return Err(Text::new(
            format!(
                "套餐「{}」将使方案达到 {total} 行，最多 {MAX_LINES} 行",
                name.zh
            ),
            format!(
                "The package '{}' would give the quote {total} lines; a quote has at most {MAX_LINES}",
                name.en
            ),
        ));
    }
    for (next, (site, source)) in (q.next_number()..).zip(missing) {
        q.lines.push(Line {
            id: format!("L{next}"),
            offering: source.offering.clone(),
            options: source.options.clone(),
            quantity: source.quantity,
            site: Some(site.clone()),
            discount_bp: source.discount_bp,
            package: Some(PackageRef {
                package: id.to_string(),
                line: source.id.clone(),
            }),
            ..Line::default()
        });
    }
    Ok(q)
}

/// Applies every package of the quote (after sites were imported or their types changed).
pub fn sync_all(quote: &Quote) -> Result<Quote, Text> {
    let ids: Vec<String> = quote.packages.iter().map(|p| p.id.clone()).collect();
    ids.iter().try_fold(quote.clone(), |q, id| sync(&q, id))
}

/// Marks a line the seller changed as changed by hand, when it came from a package: the package
/// no longer updates it. The app calls it on every edit of a line.
pub fn changed_by_hand(line: &mut Line) {
    if line.package.is_some() {
        line.by_hand = true;
    }
}

/// The quote with line `line_id` given back to its package: no longer marked as changed, and set
/// as the package has it.
pub fn restore(quote: &Quote, line_id: &str) -> Result<Quote, Text> {
    let mut q = quote.clone();
    let Some(line) = q.lines.iter_mut().find(|l| l.id == line_id) else {
        return Ok(q);
    };
    line.by_hand = false;
    let Some(from) = line.package.clone() else {
        return Ok(q);
    };
    sync(&q, &from.package)
}
