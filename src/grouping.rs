//! How lines are grouped for reading: the line editor's groups (none, by site or by product
//! family, in the order the lines come), and the proposal's sections (by site when any line has
//! one, then by product family in catalog order).

use crate::i18n::Pick;
use std::collections::HashMap;
use tailor_core::catalog::Catalog;
use tailor_core::quote::{Line, Quote};
use tailor_core::text::Lang;

/// How the line editor groups lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupBy {
    None,
    Site,
    Family,
}

/// A group of the line editor: its key (a site or family id; empty when not grouping, `~` for
/// the lines with no site), its title and its lines' ids, in the quote's order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Group {
    pub key: String,
    pub title: String,
    pub lines: Vec<String>,
}

/// The line editor's groups, each first met where its first line is.
pub fn groups(catalog: &Catalog, quote: &Quote, by: GroupBy, l: Lang) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    for line in &quote.lines {
        let (key, title) = match by {
            GroupBy::None => (String::new(), String::new()),
            GroupBy::Site => match line.site.as_deref().and_then(|s| quote.site(s)) {
                Some(s) => (s.id.clone(), format!("{} {}", s.name, s.city)),
                None => ("~".into(), l.pick("未指定站点", "No site").to_string()),
            },
            GroupBy::Family => {
                let f = catalog
                    .offering(&line.offering)
                    .map(|o| o.family.clone())
                    .unwrap_or_default();
                let title = catalog
                    .family(&f)
                    .map(|f| f.name.get(l).to_string())
                    .unwrap_or_default();
                (f, title)
            }
        };
        match out.iter_mut().find(|g| g.key == key) {
            Some(g) => g.lines.push(line.id.clone()),
            None => out.push(Group {
                key,
                title,
                lines: vec![line.id.clone()],
            }),
        }
    }
    out
}

/// A section of the proposal: a site (or none) and a product family, with its line indexes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    pub title: String,
    pub lines: Vec<usize>,
}

/// The proposal's sections: by site (in the customer's order, lines with no site last) when any
/// line has a site, then by product family in catalog order, lines in the quote's order within.
pub fn sections(catalog: &Catalog, quote: &Quote, lang: Lang) -> Vec<Section> {
    let by_site = quote.lines.iter().any(|l| l.site.is_some());
    // Each site's place, looked up once per line: a quote may have thousands of sites.
    let places: HashMap<&str, usize> = quote
        .customer
        .sites
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let place = |l: &Line| l.site.as_deref().and_then(|s| places.get(s).copied());
    let family_order = |l: &Line| {
        catalog
            .offering(&l.offering)
            .and_then(|o| catalog.families.iter().position(|f| f.id == o.family))
            .unwrap_or(usize::MAX)
    };
    let mut order: Vec<usize> = (0..quote.lines.len()).collect();
    order.sort_by_cached_key(|&i| {
        let l = &quote.lines[i];
        let site = if by_site {
            place(l).unwrap_or(usize::MAX)
        } else {
            0
        };
        (site, family_order(l), i)
    });
    let mut out: Vec<Section> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for i in order {
        let l = &quote.lines[i];
        let family = catalog
            .offering(&l.offering)
            .and_then(|o| catalog.family(&o.family))
            .map(|f| f.name.get(lang).to_string())
            .unwrap_or_default();
        let site = if by_site {
            match place(l).and_then(|at| quote.customer.sites.get(at)) {
                Some(s) => format!("{} · {} {} · ", s.name, s.city, s.address),
                None => lang.pick("全局 · ", "All sites · ").to_string(),
            }
        } else {
            String::new()
        };
        let key = format!("{site}{family}");
        match index.get(&key) {
            Some(&at) => out[at].lines.push(i),
            None => {
                index.insert(key.clone(), out.len());
                out.push(Section {
                    title: key,
                    lines: vec![i],
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::loader::embedded;
    use tailor_core::quote::Site;

    fn line(id: &str, offering: &str, site: Option<&str>) -> Line {
        Line {
            id: id.into(),
            offering: offering.into(),
            quantity: 1,
            site: site.map(Into::into),
            ..Line::default()
        }
    }

    /// Two sites; lines of three families, one line without a site.
    fn quote() -> Quote {
        let mut q = Quote::default();
        q.customer.sites = vec![
            Site {
                id: "S1".into(),
                name: "总部".into(),
                city: "杭州".into(),
                address: "文三路 1 号".into(),
                ..Site::default()
            },
            Site {
                id: "S2".into(),
                name: "分部".into(),
                city: "宁波".into(),
                address: "中山路 2 号".into(),
                ..Site::default()
            },
        ];
        q.lines = vec![
            line("L1", "dia", Some("S2")),
            line("L2", "vnet_seat", Some("S1")),
            line("L3", "camera", None),
            line("L4", "sdwan", Some("S1")),
            line("L5", "enterprise_mail", Some("S2")),
        ];
        q
    }

    fn ids(groups: &[Group]) -> Vec<(&str, &str, Vec<&str>)> {
        groups
            .iter()
            .map(|g| {
                let lines = g.lines.iter().map(String::as_str).collect();
                (g.key.as_str(), g.title.as_str(), lines)
            })
            .collect()
    }

    #[test]
    fn not_grouping_is_one_untitled_group_in_quote_order() {
        let d = embedded();
        let g = groups(&d.catalog, &quote(), GroupBy::None, Lang::En);
        assert_eq!(ids(&g), [("", "", vec!["L1", "L2", "L3", "L4", "L5"])]);
        assert!(groups(&d.catalog, &Quote::default(), GroupBy::Site, Lang::En).is_empty());
    }

    #[test]
    fn by_site_in_order_of_first_line_with_a_group_for_no_site() {
        let d = embedded();
        let g = groups(&d.catalog, &quote(), GroupBy::Site, Lang::En);
        assert_eq!(
            ids(&g),
            [
                ("S2", "分部 宁波", vec!["L1", "L5"]),
                ("S1", "总部 杭州", vec!["L2", "L4"]),
                ("~", "No site", vec!["L3"]),
            ]
        );
        let zh = groups(&d.catalog, &quote(), GroupBy::Site, Lang::Zh);
        assert_eq!(zh[2].title, "未指定站点");
    }

    #[test]
    fn a_line_naming_a_removed_site_counts_as_no_site() {
        let d = embedded();
        let mut q = quote();
        q.customer.sites.remove(1);
        let g = groups(&d.catalog, &q, GroupBy::Site, Lang::En);
        assert_eq!(
            ids(&g),
            [
                ("~", "No site", vec!["L1", "L3", "L5"]),
                ("S1", "总部 杭州", vec!["L2", "L4"]),
            ]
        );
    }

    #[test]
    fn by_family_with_the_catalog_names() {
        let d = embedded();
        let g = groups(&d.catalog, &quote(), GroupBy::Family, Lang::En);
        assert_eq!(
            ids(&g),
            [
                ("dedicated", "Dedicated lines and data", vec!["L1", "L4"]),
                ("basic", "Basic communications", vec!["L2"]),
                ("iot", "Production control / IoT", vec!["L3"]),
                ("office", "Office", vec!["L5"]),
            ]
        );
    }

    #[test]
    fn sections_by_site_then_family_in_catalog_order() {
        let d = embedded();
        let s = sections(&d.catalog, &quote(), Lang::En);
        let got: Vec<(&str, Vec<usize>)> = s
            .iter()
            .map(|s| (s.title.as_str(), s.lines.clone()))
            .collect();
        assert_eq!(
            got,
            [
                ("总部 · 杭州 文三路 1 号 · Basic communications", vec![1]),
                (
                    "总部 · 杭州 文三路 1 号 · Dedicated lines and data",
                    vec![3]
                ),
                (
                    "分部 · 宁波 中山路 2 号 · Dedicated lines and data",
                    vec![0]
                ),
                ("分部 · 宁波 中山路 2 号 · Office", vec![4]),
                ("All sites · Production control / IoT", vec![2]),
            ]
        );
    }

    #[test]
    fn sections_by_family_alone_when_no_line_has_a_site() {
        let d = embedded();
        let mut q = quote();
        for l in &mut q.lines {
            l.site = None;
        }
        q.lines.push(line("L6", "ims_fixed_line", None));
        let s = sections(&d.catalog, &q, Lang::Zh);
        let got: Vec<(&str, Vec<usize>)> = s
            .iter()
            .map(|s| (s.title.as_str(), s.lines.clone()))
            .collect();
        assert_eq!(
            got,
            [
                ("基础通信", vec![1, 5]),
                ("专线与数据", vec![0, 3]),
                ("信息化办公", vec![4]),
                ("生产管控/物联网", vec![2]),
            ]
        );
    }
}
