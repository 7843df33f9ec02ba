//! The line editor at scale: a quote's lines grouped by site type → city → site (lines with no
//! site last), as one list of rows of one height each — group heads and lines — that the editor
//! draws only in part (the rows on screen); the find box keeps the lines it finds.

use crate::i18n::Pick;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use tailor_core::catalog::{Catalog, IdHasher};
use tailor_core::money::Fen;
use tailor_core::pricing::Priced;
use tailor_core::quote::Quote;
use tailor_core::text::Lang;

/// One row of the list: a group's head (its index in [`Tree::heads`]) or a line (its index in
/// the quote).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Row {
    Head(usize),
    Line(usize),
}

/// A group: its level (0 site type, 1 city, 2 site), key, title, and the rows after its own
/// that it holds (`rows.start` is the row after the head).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Head {
    pub level: u8,
    pub key: String,
    pub title: String,
    pub rows: std::ops::Range<usize>,
    /// How many sites the group holds (a site's head: 1).
    pub sites: usize,
}

/// The rows in order, and the groups' heads.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tree {
    pub rows: Vec<Row>,
    pub heads: Vec<Head>,
    /// How many lines the rows hold.
    pub lines: usize,
}

/// A group's count of lines and its net amounts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Subtotal {
    pub lines: usize,
    pub mrc: Fen,
    pub tcv: Fen,
}

impl Tree {
    /// The lines of group `head` and their net monthly and contract totals on `priced`.
    pub fn subtotal(&self, head: usize, priced: &Priced) -> Subtotal {
        let mut s = Subtotal::default();
        let Some(h) = self.heads.get(head) else {
            return s;
        };
        for row in self.rows.get(h.rows.clone()).unwrap_or_default() {
            if let Row::Line(i) = *row {
                s.lines += 1;
                if let Some(p) = priced.lines.get(i) {
                    s.mrc = s.mrc.saturating_add(p.net.mrc);
                    s.tcv = s.tcv.saturating_add(p.net.tcv);
                }
            }
        }
        s
    }
}

/// What the tree is made of, as one number: the lines' sites and offerings and the sites. An
/// edit of a quantity, discount or option leaves it as it was, so the tree is not made again.
pub fn shape(quote: &Quote) -> u64 {
    let mut h = IdHasher::default();
    for l in &quote.lines {
        (&l.id, &l.site, &l.offering).hash(&mut h);
    }
    for s in &quote.customer.sites {
        (
            &s.id,
            &s.name,
            &s.city,
            &s.district,
            &s.address,
            &s.site_type,
        )
            .hash(&mut h);
    }
    h.finish()
}

/// A site type's cities, each with its sites (indexes in the customer's list).
type Cities<'a> = Vec<(&'a str, Vec<usize>)>;

/// Whether `text` holds `find` (`find` lower-cased; ASCII letters of `text` in either case).
fn holds(text: &str, find: &str) -> bool {
    find.is_empty() || text.to_lowercase().contains(find)
}

/// The quote's lines by site type (in the catalog's order, unknown types after it), city (in
/// the order the customer's sites first name it) and site (in the customer's order), lines in
/// the quote's order within; lines with no site (or a removed one) last under a head of their
/// own. A quote without sites is one list with no heads. With `find` (trimmed, any case), only
/// the lines it finds: by the line's id or offering name, or its site's name, city, district,
/// address or type.
pub fn tree(catalog: &Catalog, quote: &Quote, lang: Lang, find: &str) -> Tree {
    let find = find.trim().to_lowercase();
    let sites = &quote.customer.sites;
    let site_of: HashMap<&str, usize> = sites
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let type_name = |id: &str| {
        catalog
            .site_type(id)
            .map(|t| t.name.get(lang).to_string())
            .unwrap_or_else(|| id.to_string())
    };
    let site_found: Vec<bool> = sites
        .iter()
        .map(|s| {
            [&s.name, &s.city, &s.district, &s.address]
                .iter()
                .any(|t| !find.is_empty() && holds(t, &find))
                || (!find.is_empty() && holds(&type_name(&s.site_type), &find))
        })
        .collect();
    let mut at: Vec<Vec<usize>> = vec![Vec::new(); sites.len()];
    let mut nowhere = Vec::new();
    let mut lines = 0;
    for (i, l) in quote.lines.iter().enumerate() {
        let site = l.site.as_deref().and_then(|s| site_of.get(s).copied());
        let found = find.is_empty()
            || site.is_some_and(|s| site_found[s])
            || holds(&l.id, &find)
            || catalog
                .offering(&l.offering)
                .is_some_and(|o| holds(o.name.get(lang), &find));
        if !found {
            continue;
        }
        lines += 1;
        match site {
            Some(s) => at[s].push(i),
            None => nowhere.push(i),
        }
    }
    let mut out = Tree {
        lines,
        ..Tree::default()
    };
    if sites.is_empty() {
        out.rows = nowhere.into_iter().map(Row::Line).collect();
        return out;
    }
    // Site types in the catalog's order, then the others as the sites first name them; cities
    // as the sites first name them within their type.
    let mut types: Vec<(usize, &str, Cities)> = Vec::new();
    for (s, site) in sites.iter().enumerate().filter(|(s, _)| !at[*s].is_empty()) {
        let rank = catalog
            .site_types
            .iter()
            .position(|t| t.id == site.site_type)
            .unwrap_or(usize::MAX);
        let t = match types.iter().position(|t| t.1 == site.site_type) {
            Some(t) => t,
            None => {
                types.push((rank, &site.site_type, Vec::new()));
                types.len() - 1
            }
        };
        let cities = &mut types[t].2;
        match cities.iter_mut().find(|c| c.0 == site.city) {
            Some(c) => c.1.push(s),
            None => cities.push((&site.city, vec![s])),
        }
    }
    types.sort_by_key(|t| t.0);
    let open = |out: &mut Tree, level: u8, key: String, title: String, n: usize| {
        out.heads.push(Head {
            level,
            key,
            title,
            rows: out.rows.len() + 1..0,
            sites: n,
        });
        out.rows.push(Row::Head(out.heads.len() - 1));
        out.heads.len() - 1
    };
    let close = |out: &mut Tree, h: usize| out.heads[h].rows.end = out.rows.len();
    for (_, type_id, cities) in types {
        let n = cities.iter().map(|c| c.1.len()).sum();
        let title = if type_id.is_empty() {
            lang.pick("未分类站点", "Sites of no type").to_string()
        } else {
            type_name(type_id)
        };
        let t = open(&mut out, 0, format!("t:{type_id}"), title, n);
        for (city, in_city) in cities {
            let title = if city.is_empty() {
                lang.pick("未填城市", "No city").to_string()
            } else {
                city.to_string()
            };
            let c = open(
                &mut out,
                1,
                format!("c:{type_id}:{city}"),
                title,
                in_city.len(),
            );
            for s in in_city {
                let site = &sites[s];
                let title = [&site.name, &site.district, &site.address]
                    .into_iter()
                    .filter(|t| !t.is_empty())
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(" · ");
                let h = open(&mut out, 2, format!("s:{}", site.id), title, 1);
                out.rows.extend(at[s].iter().map(|&i| Row::Line(i)));
                close(&mut out, h);
            }
            close(&mut out, c);
        }
        close(&mut out, t);
    }
    if !nowhere.is_empty() {
        let title = lang.pick("未指定站点", "No site").to_string();
        let h = open(&mut out, 0, "~".into(), title, 0);
        out.rows.extend(nowhere.into_iter().map(Row::Line));
        close(&mut out, h);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::loader::embedded;
    use tailor_core::pricing::price;
    use tailor_core::quote::{Line, Site};

    fn site(id: &str, name: &str, city: &str, site_type: &str) -> Site {
        Site {
            id: id.into(),
            name: name.into(),
            city: city.into(),
            site_type: site_type.into(),
            ..Site::default()
        }
    }

    fn line(id: &str, offering: &str, site: Option<&str>) -> Line {
        Line {
            id: id.into(),
            offering: offering.into(),
            quantity: 1,
            site: site.map(Into::into),
            ..Line::default()
        }
    }

    /// Outlets in 宁波 and 杭州, a branch in 杭州, headquarters; one line with no site.
    fn quote() -> Quote {
        let mut q = Quote::default();
        q.customer.sites = vec![
            site("S1", "网点甲", "宁波", "outlet"),
            site("S2", "分行", "杭州", "branch"),
            site("S3", "网点乙", "杭州", "outlet"),
            site("S4", "总行", "杭州", "headquarters"),
            site("S5", "网点丙", "宁波", "outlet"),
        ];
        q.lines = vec![
            line("L1", "dia", Some("S1")),
            line("L2", "camera", None),
            line("L3", "sdwan", Some("S2")),
            line("L4", "camera", Some("S5")),
            line("L5", "dia", Some("S4")),
            line("L6", "camera", Some("S1")),
            line("L7", "dia", Some("S3")),
        ];
        q
    }

    /// Each row as text: a head's level and title, a line's id.
    fn shown(q: &Quote, t: &Tree) -> Vec<String> {
        t.rows
            .iter()
            .map(|r| match *r {
                Row::Head(h) => format!(
                    "{}{}",
                    "  ".repeat(t.heads[h].level as usize),
                    t.heads[h].title
                ),
                Row::Line(i) => q.lines[i].id.clone(),
            })
            .collect()
    }

    #[test]
    fn by_site_type_then_city_then_site_with_no_site_last() {
        let d = embedded();
        let q = quote();
        let t = tree(&d.catalog, &q, Lang::Zh, "");
        assert_eq!(
            shown(&q, &t),
            [
                "总部",
                "  杭州",
                "    总行",
                "L5",
                "分支机构",
                "  杭州",
                "    分行",
                "L3",
                "营业网点",
                "  宁波",
                "    网点甲",
                "L1",
                "L6",
                "    网点丙",
                "L4",
                "  杭州",
                "    网点乙",
                "L7",
                "未指定站点",
                "L2",
            ]
        );
        assert_eq!(t.lines, 7);
        let outlets = &t.heads[6];
        assert_eq!((outlets.title.as_str(), outlets.sites), ("营业网点", 3));
        assert_eq!(outlets.rows, 9..18);
    }

    #[test]
    fn subtotals_add_the_groups_lines_net_amounts() {
        let d = embedded();
        let q = quote();
        let p = price(&d.catalog, &d.policy, &q);
        let t = tree(&d.catalog, &q, Lang::En, "");
        let outlets = t
            .heads
            .iter()
            .position(|h| h.key == "t:outlet")
            .unwrap_or(99);
        let s = t.subtotal(outlets, &p);
        let want: Fen = [0, 5, 3, 6].iter().map(|&i| p.lines[i].net.tcv).sum();
        assert_eq!((s.lines, s.tcv), (4, want));
        let all: Fen = p.lines.iter().map(|l| l.net.mrc).sum();
        let tops: Fen = (0..t.heads.len())
            .filter(|&h| t.heads[h].level == 0)
            .map(|h| t.subtotal(h, &p).mrc)
            .sum();
        assert_eq!(tops, all, "the top groups add up to the quote");
    }

    #[test]
    fn the_find_box_keeps_the_lines_of_a_site_or_an_offering() {
        let d = embedded();
        let q = quote();
        let t = tree(&d.catalog, &q, Lang::Zh, " 网点丙 ");
        assert_eq!(shown(&q, &t), ["营业网点", "  宁波", "    网点丙", "L4"]);
        let t = tree(&d.catalog, &q, Lang::Zh, "宁波");
        assert_eq!(t.lines, 3);
        let t = tree(&d.catalog, &q, Lang::En, "l7");
        assert_eq!(shown(&q, &t), ["Outlet", "  杭州", "    网点乙", "L7"]);
        let t = tree(&d.catalog, &q, Lang::Zh, "no such thing");
        assert!(t.rows.is_empty());
    }

    #[test]
    fn the_shape_changes_with_sites_and_lines_not_with_quantities() {
        let mut q = quote();
        let before = shape(&q);
        q.lines[2].quantity = 9;
        q.lines[3].discount_bp = 500;
        assert_eq!(shape(&q), before);
        q.lines[2].site = Some("S1".into());
        let moved = shape(&q);
        assert_ne!(moved, before);
        q.customer.sites[0].city = "温州".into();
        assert_ne!(shape(&q), moved);
    }

    #[test]
    fn a_quote_without_sites_is_one_list_without_heads() {
        let d = embedded();
        let mut q = quote();
        q.customer.sites.clear();
        let t = tree(&d.catalog, &q, Lang::Zh, "");
        assert!(t.heads.is_empty());
        assert_eq!(t.rows.len(), 7);
    }
}
