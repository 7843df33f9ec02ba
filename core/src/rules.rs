//! Configuration rules and quote checks, evaluated on every reprice. Each finding names the lines
//! involved; errors block the proposal, warnings inform.

use crate::catalog::{Catalog, IdMap, IdSet, Offering, OfferingIndex, Rule, RuleKind, Severity};
use crate::money::FULL;
use crate::policy::Policy;
use crate::quote::{Line, Quote};
use crate::text::Text;
use crate::uscc;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// A broken configuration rule or a problem with the quote itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The rule id, or `quote.*` / `customer.*` / `line.*` for the core's own checks.
    pub code: String,
    pub severity: Severity,
    pub message: Text,
    /// Indexes of the quote lines involved (empty for customer and quote-wide findings).
    pub lines: Vec<usize>,
}

impl Finding {
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    fn error(code: &str, message: Text, lines: Vec<usize>) -> Self {
        Finding {
            code: code.to_string(),
            severity: Severity::Error,
            message,
            lines,
        }
    }
}

/// Where each kind of finding sits in [`evaluate`]'s list: the customer's and the quote-wide
/// settings' first (`head` of them), then each line's own checks in line order (`checks`), then
/// one per broken catalog rule, in rule order (`hits`: whether each rule is broken).
#[derive(Clone, Debug, Default)]
pub(crate) struct Parts {
    pub head: usize,
    pub checks: usize,
    pub hits: Vec<bool>,
}

/// Every finding for a quote: the customer, the quote-wide settings, each line, and the catalog's
/// configuration rules, and where each part sits. `offerings` indexes `catalog`, and `positions`
/// holds each quote line's offering as a position in it.
pub(crate) fn evaluate(
    catalog: &Catalog,
    offerings: &OfferingIndex,
    positions: &[Option<usize>],
    policy: &Policy,
    quote: &Quote,
) -> (Vec<Finding>, Parts) {
    let mut out = Vec::new();
    let index = Index::new(catalog, offerings, positions, quote);
    quote_wide(catalog, policy, quote, &mut out);
    let head = out.len();
    let site_known = |id: &str| index.sites.contains(id);
    for (i, line) in quote.lines.iter().enumerate() {
        check_line(index.offering_of_line(i), &site_known, i, line, &mut out);
    }
    let checks = out.len() - head;
    let mut hits = Vec::with_capacity(catalog.rules.len());
    for rule in &catalog.rules {
        let found = rule_finding(&index, quote, rule);
        hits.push(found.is_some());
        out.extend(found);
    }
    (out, Parts { head, checks, hits })
}

/// The findings on the customer and the quote-wide settings.
pub(crate) fn quote_wide(
    catalog: &Catalog,
    policy: &Policy,
    quote: &Quote,
    out: &mut Vec<Finding>,
) {
    check_customer(catalog, quote, out);
    check_settings(policy, quote, out);
}

/// The lines with a quantity, grouped by offering, and the offerings by id: what a catalog rule
/// reads of a quote.
pub(crate) trait Grouped<'a> {
    /// The indexes of the lines of `offering` with a quantity, in quote order.
    fn lines_of(&self, offering: &str) -> &[usize];
    /// The catalog's offering with `id` (the first, if several have it).
    fn offering(&self, id: &str) -> Option<&'a Offering>;
}

/// The finding of a catalog rule, when the quote breaks it.
pub(crate) fn rule_finding<'a>(
    index: &impl Grouped<'a>,
    quote: &Quote,
    rule: &Rule,
) -> Option<Finding> {
    broken(index, quote, &rule.kind).map(|lines| Finding {
        code: rule.id.clone(),
        severity: rule.severity,
        message: rule.message.clone(),
        lines,
    })
}

/// The offerings whose lines a rule reads: a change to a line of any other offering cannot break
/// or mend it.
pub(crate) fn involves(kind: &RuleKind) -> Vec<&str> {
    match kind {
        RuleKind::Requires { offering, any_of } => std::iter::once(offering.as_str())
            .chain(any_of.iter().map(String::as_str))
            .collect(),
        RuleKind::Excludes { offering, other } => vec![offering, other],
        RuleKind::MinSites { offering, .. }
        | RuleKind::MaxPerEmployee { offering, .. }
        | RuleKind::OptionRequires { offering, .. } => vec![offering],
    }
}

/// Lookups made once per evaluation rather than once per line and rule: the pricing call's
/// offerings by id and each line's offering, the quote's lines with a quantity by offering (in
/// quote order), and the quote's site ids.
struct Index<'a> {
    offerings: &'a [Offering],
    by_id: &'a OfferingIndex<'a>,
    positions: &'a [Option<usize>],
    /// The lines with a quantity of a catalog offering, by its position: those of position `p`
    /// are `grouped[starts[p]..starts[p + 1]]`.
    grouped: Vec<usize>,
    starts: Vec<usize>,
    /// The lines with a quantity of an offering the catalog lacks, by its id (usually none).
    unknown: IdMap<'a, Vec<usize>>,
    sites: IdSet<'a>,
}

impl<'a> Index<'a> {
    fn new(
        catalog: &'a Catalog,
        by_id: &'a OfferingIndex<'a>,
        positions: &'a [Option<usize>],
        quote: &'a Quote,
    ) -> Self {
        // Grouped by counting: how many lines each offering has, where its group starts, then
        // each line into its group's next slot.
        let counted = || {
            quote
                .lines
                .iter()
                .zip(positions)
                .enumerate()
                .filter(|(_, (l, _))| l.quantity > 0)
        };
        let mut starts = vec![0; catalog.offerings.len() + 1];
        for (_, (_, p)) in counted() {
            if let Some(p) = p {
                starts[p + 1] += 1;
            }
        }
        for p in 1..starts.len() {
            starts[p] += starts[p - 1];
        }
        let mut next = starts.clone();
        let mut grouped = vec![0; starts[catalog.offerings.len()]];
        let mut unknown: IdMap<Vec<usize>> = IdMap::default();
        for (i, (l, p)) in counted() {
            match p {
                Some(p) => {
                    grouped[next[*p]] = i;
                    next[*p] += 1;
                }
                None => unknown.entry(l.offering.as_str()).or_default().push(i),
            }
        }
        Index {
            offerings: &catalog.offerings,
            by_id,
            positions,
            grouped,
            starts,
            unknown,
            sites: quote.customer.sites.iter().map(|s| s.id.as_str()).collect(),
        }
    }

    /// The offering of quote line `i`.
    fn offering_of_line(&self, i: usize) -> Option<&'a Offering> {
        self.positions
            .get(i)
            .copied()
            .flatten()
            .map(|p| &self.offerings[p])
    }
}

impl<'a> Grouped<'a> for Index<'a> {
    fn lines_of(&self, offering: &str) -> &[usize] {
        match self.by_id.position(offering) {
            Some(p) => &self.grouped[self.starts[p]..self.starts[p + 1]],
            None => self.unknown.get(offering).map_or(&[], Vec::as_slice),
        }
    }

    fn offering(&self, id: &str) -> Option<&'a Offering> {
        self.by_id.get(id)
    }
}

fn check_customer(catalog: &Catalog, quote: &Quote, out: &mut Vec<Finding>) {
    let c = &quote.customer;
    if c.name.trim().is_empty() {
        out.push(Finding::error(
            "customer.name",
            Text::new("请填写客户名称", "Enter the customer's name"),
            vec![],
        ));
    }
    if let Err(e) = uscc::validate(&c.uscc) {
        let t = e.text();
        out.push(Finding::error(
            "customer.uscc",
            Text::new(
                format!("统一社会信用代码：{}", t.zh),
                format!("USCC: {}", t.en),
            ),
            vec![],
        ));
    }
    if !c.industry.is_empty() && catalog.industry(&c.industry).is_none() {
        out.push(Finding {
            code: "customer.industry".into(),
            severity: Severity::Warning,
            message: Text::new(
                format!("行业「{}」不在当前产品目录中", c.industry),
                format!("Industry '{}' is not in the current catalog", c.industry),
            ),
            lines: vec![],
        });
    }
}

fn check_settings(policy: &Policy, quote: &Quote, out: &mut Vec<Finding>) {
    if !policy.terms.contains(&quote.term_months) {
        out.push(Finding::error(
            "quote.term",
            Text::new(
                format!("合同期 {} 个月不在可选范围内", quote.term_months),
                format!(
                    "A contract term of {} months is not offered",
                    quote.term_months
                ),
            ),
            vec![],
        ));
    }
    let r = &quote.at_risk;
    if r.flagged && !r.in_force() {
        out.push(Finding::error(
            "quote.at_risk",
            Text::new(
                "标记为流失风险客户时，须填写竞争对手和原因",
                "An at-risk customer needs both the competitor and the reason",
            ),
            vec![],
        ));
    }
    if policy.level_index(&quote.role).is_none() {
        out.push(Finding::error(
            "quote.role",
            Text::new(
                format!("角色「{}」不在审批层级中", quote.role),
                format!("Role '{}' is not on the authority ladder", quote.role),
            ),
            vec![],
        ));
    }
}

/// The findings on line `i` alone: its offering, quantity, options, site and discount.
pub(crate) fn check_line(
    offering: Option<&Offering>,
    site_known: &dyn Fn(&str) -> bool,
    i: usize,
    line: &Line,
    out: &mut Vec<Finding>,
) {
    let Some(o) = offering else {
        out.push(Finding::error(
            "line.offering",
            Text::new(
                format!("产品「{}」不在当前产品目录中", line.offering),
                format!("Offering '{}' is not in the current catalog", line.offering),
            ),
            vec![i],
        ));
        return;
    };
    if line.quantity < o.min_qty || line.quantity > o.max_qty {
        out.push(Finding::error(
            "line.quantity",
            Text::new(
                format!("数量须在 {} 到 {} 之间", o.min_qty, o.max_qty),
                format!("Quantity must be between {} and {}", o.min_qty, o.max_qty),
            ),
            vec![i],
        ));
    }
    for (group, choice) in &line.options {
        let known = o.group(group).is_some_and(|g| g.choice(choice).is_some());
        if !known {
            out.push(Finding::error(
                "line.option",
                Text::new(
                    format!("选项 {group} = {choice} 不存在"),
                    format!("Option {group} = {choice} does not exist"),
                ),
                vec![i],
            ));
        }
    }
    if let Some(site) = &line.site {
        if !site_known(site) {
            out.push(Finding::error(
                "line.site",
                Text::new("所选站点已不存在", "The line's site no longer exists"),
                vec![i],
            ));
        }
    }
    if !(0..=FULL).contains(&line.discount_bp) {
        out.push(Finding::error(
            "line.discount",
            Text::new(
                "折扣须在 0% 到 100% 之间",
                "A discount is between 0% and 100%",
            ),
            vec![i],
        ));
    }
}

fn chosen_rank(o: &Offering, line: &Line, group: &str) -> Option<usize> {
    let g = o.group(group)?;
    line.options.get(group).and_then(|c| g.rank(c)).or(Some(0))
}

/// The lines that break a rule, or `None` when it holds.
fn broken<'a>(index: &impl Grouped<'a>, quote: &Quote, kind: &RuleKind) -> Option<Vec<usize>> {
    let lines_of = |offering: &str| {
        index
            .lines_of(offering)
            .iter()
            .map(|&i| (i, &quote.lines[i]))
    };
    let idx = |offering: &str| -> Vec<usize> { index.lines_of(offering).to_vec() };
    let present = |offering: &str| !index.lines_of(offering).is_empty();
    let hit = |v: Vec<usize>| (!v.is_empty()).then_some(v);
    match kind {
        RuleKind::Requires { offering, any_of } => {
            if any_of.iter().any(|o| present(o)) {
                None
            } else {
                hit(idx(offering))
            }
        }
        RuleKind::Excludes { offering, other } => {
            if present(offering) && present(other) {
                let mut v = idx(offering);
                v.extend(idx(other));
                v.sort_unstable();
                Some(v)
            } else {
                None
            }
        }
        RuleKind::MinSites { offering, min } => {
            let sites: BTreeSet<&str> = lines_of(offering)
                .filter_map(|(_, l)| l.site.as_deref())
                .collect();
            if (sites.len() as u32) < *min {
                hit(idx(offering))
            } else {
                None
            }
        }
        RuleKind::MaxPerEmployee {
            offering,
            per_employee_bp,
        } => {
            let total: u64 = lines_of(offering).map(|(_, l)| l.quantity as u64).sum();
            let max = quote.customer.employees as u64 * *per_employee_bp as u64 / FULL as u64;
            if total > max {
                hit(idx(offering))
            } else {
                None
            }
        }
        RuleKind::OptionRequires {
            offering,
            group,
            choice,
            needs_group,
            min_choice,
        } => {
            let o = index.offering(offering)?;
            let threshold = o.group(group)?.rank(choice)?;
            let needed = o.group(needs_group)?.rank(min_choice)?;
            let bad: Vec<usize> = lines_of(offering)
                .filter(|(_, l)| {
                    chosen_rank(o, l, group).is_some_and(|r| r >= threshold)
                        && chosen_rank(o, l, needs_group).is_some_and(|r| r < needed)
                })
                .map(|(i, _)| i)
                .collect();
            hit(bad)
        }
    }
}
