//! Guided selling: an industry template and the customer's size give the recommended lines.

use crate::catalog::{Catalog, Template};
use crate::quote::Line;

/// The quantity a template line recommends for a customer of `employees`: base plus
/// ⌈employees × per_hundred / 100⌉, kept within the offering's minimum and maximum.
pub fn quantity(base: u32, per_hundred: u32, employees: u32, min: u32, max: u32) -> u32 {
    let scaled = (employees as u64 * per_hundred as u64).div_ceil(100);
    let q = (base as u64 + scaled).min(u32::MAX as u64) as u32;
    q.clamp(min, max.max(min))
}

/// The recommended lines of `template` for a customer of `employees`. Lines naming an offering
/// the catalog lacks are left out (the checker reports them). Line ids are `L1`, `L2`, … after
/// `first_id`.
pub fn recommend(
    catalog: &Catalog,
    template: &Template,
    employees: u32,
    first_id: u32,
) -> Vec<Line> {
    template
        .lines
        .iter()
        .filter_map(|tl| {
            let o = catalog.offering(&tl.offering)?;
            Some((tl, o))
        })
        .enumerate()
        .map(|(i, (tl, o))| Line {
            id: format!("L{}", first_id + i as u32),
            offering: o.id.clone(),
            options: tl.options.clone(),
            quantity: quantity(tl.base, tl.per_hundred, employees, o.min_qty, o.max_qty),
            site: None,
            discount_bp: 0,
            reason: String::new(),
            ..Line::default()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::quantity;

    #[test]
    fn quantity_follows_size_within_bounds() {
        assert_eq!(quantity(0, 100, 250, 1, 10_000), 250);
        assert_eq!(quantity(2, 5, 250, 1, 100), 15);
        assert_eq!(quantity(0, 1, 10, 1, 100), 1);
        assert_eq!(quantity(0, 100, 5000, 1, 1000), 1000);
    }
}
