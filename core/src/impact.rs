//! The impact of a catalog and policy change before it is published: every proposal of a set
//! (a library backup, or quote files) priced on the current and on the proposed catalog and
//! policy. Per proposal and in total: TCV, margin and margin %, the approval level it needs,
//! the lines newly below the cost floor, the approvals that would stop verifying (an approval
//! binds the priced result's digest, see `approval::digest`). By family, by industry and by both:
//! list, net, cost, margin and the average effective discount against the guidance bands. Every
//! figure integer fen or bp, summed from the priced lines.

use crate::approval::{self, Approval};
use crate::authority::level_name;
use crate::catalog::Catalog;
use crate::money::{Bp, Fen};
use crate::policy::Policy;
use crate::pricing::{self, Priced};
use crate::quote::Quote;
use crate::text::Lang;
use crate::waterfall::{effective_discount, margin_bp, Amounts};
use crate::workbook::{Figure, Report, ReportSheet};
use std::collections::BTreeMap;

/// One proposal to judge: its name, quote and the approvals it carries.
#[derive(Clone, Debug)]
pub struct Proposal {
    pub name: String,
    pub quote: Quote,
    pub approvals: Vec<Approval>,
}

/// List, net, cost and margin over the contract (TCV), summed from lines.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sums {
    pub list: Fen,
    pub net: Fen,
    pub cost: Fen,
    pub margin: Fen,
}

impl Sums {
    fn add_line(&mut self, l: &pricing::PricedLine) {
        self.list = self.list.saturating_add(l.waterfall.list.tcv);
        self.net = self.net.saturating_add(l.net.tcv);
        self.cost = self.cost.saturating_add(l.cost.tcv);
        self.margin = self.margin.saturating_add(l.margin);
    }

    fn add(&mut self, o: &Sums) {
        self.list = self.list.saturating_add(o.list);
        self.net = self.net.saturating_add(o.net);
        self.cost = self.cost.saturating_add(o.cost);
        self.margin = self.margin.saturating_add(o.margin);
    }

    /// Margin as a share of net, rounded half away from zero (as a quote's).
    pub fn margin_bp(&self) -> Bp {
        margin_bp(self.margin, self.net)
    }

    /// The average effective discount: 1 − net / list, rounded up (as a line's).
    pub fn effective_bp(&self) -> Bp {
        let tcv = |tcv| Amounts {
            mrc: 0,
            nrc: 0,
            tcv,
        };
        effective_discount(&tcv(self.list), &tcv(self.net))
    }
}

/// One proposal priced on one catalog and policy.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Side {
    pub sums: Sums,
    /// The level index it needs; `beyond_ladder`/`refused`: no level may approve it.
    pub required: usize,
    pub beyond_ladder: bool,
    pub refused: bool,
    /// The ids of its lines below the cost floor.
    pub below_floor: Vec<String>,
    /// The approvers (id at level) whose approvals verify.
    pub verifying: Vec<String>,
}

/// One proposal, before and after.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProposalImpact {
    pub name: String,
    pub industry: String,
    pub before: Side,
    pub after: Side,
    /// Lines below the cost floor after and not before.
    pub newly_below_floor: Vec<String>,
    /// Approvals verifying before and not after.
    pub stop_verifying: Vec<String>,
}

/// Sums over a group of lines (a family, an industry, a family in an industry), before and after,
/// with the proposed policy's guidance for it (target, normal).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub family: String,
    pub industry: String,
    pub before: Sums,
    pub after: Sums,
    pub guidance: Option<(Bp, Bp)>,
}

/// The whole impact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Impact {
    pub proposals: Vec<ProposalImpact>,
    pub before: Sums,
    pub after: Sums,
    /// By family (industry empty), by industry (family empty), and by family in an industry.
    pub by_family: Vec<Group>,
    pub by_industry: Vec<Group>,
    pub by_family_industry: Vec<Group>,
    /// The level names of the current and the proposed policy, by index.
    pub levels_before: Vec<String>,
    pub levels_after: Vec<String>,
}

fn side(policy: &Policy, priced: &Priced, p: &Proposal, today: &str) -> Side {
    let verifying = p
        .approvals
        .iter()
        .filter(|a| approval::verify_one(policy, &p.quote, priced, a, today).is_empty())
        .map(|a| format!("{} ({})", a.body.approver_id, a.body.level))
        .collect();
    let mut sums = Sums::default();
    for l in &priced.lines {
        sums.add_line(l);
    }
    Side {
        sums,
        required: priced.authority.required,
        beyond_ladder: priced.authority.beyond_ladder,
        refused: priced.authority.refused,
        below_floor: priced
            .lines
            .iter()
            .filter(|l| l.authority.below_floor)
            .map(|l| l.line_id.clone())
            .collect(),
        verifying,
    }
}

type Key = (String, String);

fn add_group(
    map: &mut BTreeMap<Key, (Sums, Sums)>,
    key: Key,
    before: bool,
    l: &pricing::PricedLine,
) {
    let e = map.entry(key).or_default();
    if before {
        e.0.add_line(l);
    } else {
        e.1.add_line(l);
    }
}

/// Prices every proposal on the current and on the proposed catalog and policy, and judges its
/// approvals on `today` (`YYYY-MM-DD`) under each.
pub fn impact(
    current: (&Catalog, &Policy),
    proposed: (&Catalog, &Policy),
    proposals: &[Proposal],
    today: &str,
) -> Impact {
    let mut groups: [BTreeMap<Key, (Sums, Sums)>; 3] = Default::default();
    let mut out = Vec::new();
    let (mut before, mut after) = (Sums::default(), Sums::default());
    for p in proposals {
        let industry = p.quote.customer.industry.clone();
        let mut sides = Vec::new();
        for (is_before, (catalog, policy)) in [(true, current), (false, proposed)] {
            let priced = pricing::price(catalog, policy, &p.quote);
            for l in &priced.lines {
                let family = l.family.to_string();
                add_group(
                    &mut groups[0],
                    (family.clone(), String::new()),
                    is_before,
                    l,
                );
                add_group(
                    &mut groups[1],
                    (String::new(), industry.clone()),
                    is_before,
                    l,
                );
                add_group(&mut groups[2], (family, industry.clone()), is_before, l);
            }
            sides.push(side(policy, &priced, p, today));
        }
        let (b, a) = (sides.remove(0), sides.remove(0));
        before.add(&b.sums);
        after.add(&a.sums);
        out.push(ProposalImpact {
            name: p.name.clone(),
            industry,
            newly_below_floor: a
                .below_floor
                .iter()
                .filter(|l| !b.below_floor.contains(l))
                .cloned()
                .collect(),
            stop_verifying: b
                .verifying
                .iter()
                .filter(|v| !a.verifying.contains(v))
                .cloned()
                .collect(),
            before: b,
            after: a,
        });
    }
    let policy = proposed.1;
    let [by_family, by_industry, by_both] = groups.map(|g| {
        g.into_iter()
            .map(|((family, industry), (before, after))| {
                let guidance = (!family.is_empty())
                    .then(|| policy.guidance(&family, &industry))
                    .flatten()
                    .map(|g| (g.target_bp, g.normal_bp));
                Group {
                    family,
                    industry,
                    before,
                    after,
                    guidance,
                }
            })
            .collect()
    });
    let names = |p: &Policy| {
        (0..p.levels.len())
            .map(|i| level_name(p, i, Lang::En))
            .collect()
    };
    Impact {
        proposals: out,
        before,
        after,
        by_family,
        by_industry,
        by_family_industry: by_both,
        levels_before: names(current.1),
        levels_after: names(proposed.1),
    }
}

/// Fen as yuan, `-12.34`, and bp as a percent, `15.25%` (the table's figures).
fn yuan(f: Fen) -> String {
    crate::money::format_yuan(f)
}

fn pct(bp: Bp) -> String {
    crate::money::format_percent(bp)
}

impl Impact {
    fn level(&self, s: &Side, after: bool) -> String {
        if s.refused {
            return "refused (below floor)".into();
        }
        if s.beyond_ladder {
            return "beyond the ladder".into();
        }
        let names = if after {
            &self.levels_after
        } else {
            &self.levels_before
        };
        names
            .get(s.required)
            .cloned()
            .unwrap_or_else(|| format!("#{}", s.required))
    }

    /// Where an average effective discount sits against guidance (target, normal).
    fn band(g: &Group) -> String {
        match g.guidance {
            None => "-".into(),
            Some((target, normal)) => {
                let e = g.after.effective_bp();
                let word = if e <= target {
                    "at or below target"
                } else if e <= normal {
                    "within normal"
                } else {
                    "above normal"
                };
                format!("{word} (target {}, normal {})", pct(target), pct(normal))
            }
        }
    }

    /// The impact as text tables: per proposal, the total, then margin by family, by industry,
    /// and by family in an industry.
    pub fn table(&self) -> String {
        let mut out = String::new();
        let row = |cells: &[String]| cells.join(" | ") + "\n";
        out.push_str("Per proposal (before → after)\n");
        out.push_str(&row(&[
            "proposal".into(),
            "industry".into(),
            "TCV ¥".into(),
            "margin ¥".into(),
            "margin %".into(),
            "approval level".into(),
            "newly below floor".into(),
            "approvals that stop verifying".into(),
        ]));
        for p in &self.proposals {
            let (b, a) = (&p.before, &p.after);
            out.push_str(&row(&[
                p.name.clone(),
                p.industry.clone(),
                format!("{} → {}", yuan(b.sums.net), yuan(a.sums.net)),
                format!("{} → {}", yuan(b.sums.margin), yuan(a.sums.margin)),
                format!("{} → {}", pct(b.sums.margin_bp()), pct(a.sums.margin_bp())),
                format!("{} → {}", self.level(b, false), self.level(a, true)),
                list(&p.newly_below_floor),
                list(&p.stop_verifying),
            ]));
        }
        out.push_str(&row(&[
            "total".into(),
            String::new(),
            format!("{} → {}", yuan(self.before.net), yuan(self.after.net)),
            format!("{} → {}", yuan(self.before.margin), yuan(self.after.margin)),
            format!(
                "{} → {}",
                pct(self.before.margin_bp()),
                pct(self.after.margin_bp())
            ),
            String::new(),
            self.proposals
                .iter()
                .map(|p| p.newly_below_floor.len())
                .sum::<usize>()
                .to_string(),
            self.proposals
                .iter()
                .map(|p| p.stop_verifying.len())
                .sum::<usize>()
                .to_string(),
        ]));
        for (title, groups) in [
            ("by family", &self.by_family),
            ("by industry", &self.by_industry),
            ("by family and industry", &self.by_family_industry),
        ] {
            out.push_str(&format!("\nMargin {title} (before → after)\n"));
            out.push_str(&row(&[
                "family".into(),
                "industry".into(),
                "list ¥".into(),
                "net ¥".into(),
                "cost ¥".into(),
                "margin ¥".into(),
                "margin %".into(),
                "average effective discount".into(),
                "against guidance (after)".into(),
            ]));
            for g in groups {
                let (b, a) = (&g.before, &g.after);
                out.push_str(&row(&[
                    g.family.clone(),
                    g.industry.clone(),
                    format!("{} → {}", yuan(b.list), yuan(a.list)),
                    format!("{} → {}", yuan(b.net), yuan(a.net)),
                    format!("{} → {}", yuan(b.cost), yuan(a.cost)),
                    format!("{} → {}", yuan(b.margin), yuan(a.margin)),
                    format!("{} → {}", pct(b.margin_bp()), pct(a.margin_bp())),
                    format!("{} → {}", pct(b.effective_bp()), pct(a.effective_bp())),
                    Self::band(g),
                ]));
            }
        }
        out
    }

    /// The impact as a workbook: a sheet per proposal table and per grouping, money in yuan and
    /// rates in %, before and after side by side.
    pub fn report(&self) -> Report {
        let t = |s: &str| Figure::Text(s.to_string());
        let mut proposals = ReportSheet {
            name: "impact".into(),
            headers: [
                "proposal",
                "industry",
                "TCV before (¥)",
                "TCV after (¥)",
                "margin before (¥)",
                "margin after (¥)",
                "margin before (%)",
                "margin after (%)",
                "level before",
                "level after",
                "newly below floor",
                "approvals that stop verifying",
            ]
            .map(String::from)
            .to_vec(),
            rows: vec![],
        };
        for p in &self.proposals {
            let (b, a) = (&p.before, &p.after);
            proposals.rows.push(vec![
                t(&p.name),
                t(&p.industry),
                Figure::Money(b.sums.net),
                Figure::Money(a.sums.net),
                Figure::Money(b.sums.margin),
                Figure::Money(a.sums.margin),
                Figure::Rate(b.sums.margin_bp()),
                Figure::Rate(a.sums.margin_bp()),
                t(&self.level(b, false)),
                t(&self.level(a, true)),
                t(&list(&p.newly_below_floor)),
                t(&list(&p.stop_verifying)),
            ]);
        }
        proposals.rows.push(vec![
            t("total"),
            Figure::Blank,
            Figure::Money(self.before.net),
            Figure::Money(self.after.net),
            Figure::Money(self.before.margin),
            Figure::Money(self.after.margin),
            Figure::Rate(self.before.margin_bp()),
            Figure::Rate(self.after.margin_bp()),
            Figure::Blank,
            Figure::Blank,
            Figure::Blank,
            Figure::Blank,
        ]);
        let mut sheets = vec![proposals];
        for (name, groups) in [
            ("margin by family", &self.by_family),
            ("margin by industry", &self.by_industry),
            ("by family and industry", &self.by_family_industry),
        ] {
            let mut headers = vec!["family".to_string(), "industry".to_string()];
            for side in ["before", "after"] {
                for h in ["list", "net", "cost", "margin"] {
                    headers.push(format!("{h} {side} (¥)"));
                }
                headers.push(format!("margin {side} (%)"));
                headers.push(format!("average effective discount {side} (%)"));
            }
            headers.extend(
                [
                    "guidance target (%)",
                    "guidance normal (%)",
                    "against guidance",
                ]
                .map(String::from),
            );
            let rows = groups
                .iter()
                .map(|g| {
                    let mut row = vec![t(&g.family), t(&g.industry)];
                    for s in [&g.before, &g.after] {
                        row.extend([
                            Figure::Money(s.list),
                            Figure::Money(s.net),
                            Figure::Money(s.cost),
                            Figure::Money(s.margin),
                            Figure::Rate(s.margin_bp()),
                            Figure::Rate(s.effective_bp()),
                        ]);
                    }
                    match g.guidance {
                        Some((target, normal)) => {
                            row.extend([Figure::Rate(target), Figure::Rate(normal)])
                        }
                        None => row.extend([Figure::Blank, Figure::Blank]),
                    }
                    row.push(t(&Self::band(g)));
                    row
                })
                .collect();
            sheets.push(ReportSheet {
                name: name.into(),
                headers,
                rows,
            });
        }
        Report { sheets }
    }
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        "-".into()
    } else {
        items.join(", ")
    }
}
