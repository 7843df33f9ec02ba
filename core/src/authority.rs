//! Authority: which level of the ladder a line's discount and the deal's size need, and why.
//! A net price below the cost floor is refused at every level.

use crate::catalog::Catalog;
use crate::money::{format_percent, format_yuan, Bp, Fen};
use crate::policy::Policy;
use crate::quote::Quote;
use crate::text::Lang;
use crate::waterfall::Amounts;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// What a line's effective discount needs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineAuthority {
    /// The lowest level whose limit for the line's family covers its effective discount.
    pub needs: usize,
    /// No level's limit covers it.
    pub beyond_ladder: bool,
    /// Net below the cost floor: refused at every level.
    pub below_floor: bool,
    /// The current role's limit for the line's family (widened when at risk).
    pub role_limit_bp: Bp,
}

impl LineAuthority {
    /// Within the current role's own authority.
    pub fn within(&self, role: usize) -> bool {
        !self.below_floor && !self.beyond_ladder && self.needs <= role
    }
}

/// One reason a proposal needs a level above the account manager, or cannot be approved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// A line's effective discount exceeds the limit of every level below `level`.
    LineDiscount {
        line: usize,
        family: Arc<str>,
        effective_bp: Bp,
        level: usize,
        /// The limit of the level just below `level`.
        exceeded_bp: Bp,
    },
    /// A line's effective discount exceeds even the top level's limit.
    LineBeyondLadder {
        line: usize,
        family: Arc<str>,
        effective_bp: Bp,
        top_limit_bp: Bp,
    },
    /// The deal's net TCV exceeds what every level below `level` may sign off.
    DealSize {
        tcv: Fen,
        level: usize,
        exceeded: Fen,
    },
    /// The deal's net TCV exceeds even the top level's threshold.
    DealBeyondLadder { tcv: Fen, top_max: Fen },
    /// A line's net price is below its cost floor: refused at every level.
    BelowFloor {
        line: usize,
        net_mrc: Fen,
        floor_mrc: Fen,
        net_nrc: Fen,
        floor_nrc: Fen,
    },
}

/// The proposal's authority verdict.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Authority {
    /// The level index of the person pricing.
    pub role: usize,
    /// The highest level any line or the deal size needs.
    pub required: usize,
    pub beyond_ladder: bool,
    /// Some line is below its cost floor.
    pub refused: bool,
    pub reasons: Vec<Reason>,
}

impl Authority {
    /// The role may promise this proposal on its own authority.
    pub fn within_role(&self) -> bool {
        !self.refused && !self.beyond_ladder && self.required <= self.role
    }
}

/// Judges one line's effective discount against the ladder.
pub(crate) fn judge_line(
    policy: &Policy,
    role: usize,
    effective_bp: Bp,
    below_floor: bool,
    limit_at: &dyn Fn(usize) -> Bp,
) -> LineAuthority {
    let needs = (0..policy.levels.len()).find(|&l| effective_bp <= limit_at(l));
    LineAuthority {
        needs: needs.unwrap_or(policy.levels.len().saturating_sub(1)),
        beyond_ladder: needs.is_none(),
        below_floor,
        role_limit_bp: limit_at(role),
    }
}

/// The level a deal of `tcv` needs, or `None` when it exceeds every threshold.
pub fn deal_level(policy: &Policy, tcv: Fen) -> Option<usize> {
    policy
        .levels
        .iter()
        .position(|l| l.max_tcv.is_none_or(|max| tcv <= max))
}

/// What the verdict on the whole proposal reads of one priced line.
#[derive(Clone, Copy)]
pub(crate) struct LineView<'a> {
    pub family: &'a Arc<str>,
    pub effective_bp: Bp,
    pub net: &'a Amounts,
    pub cost: &'a Amounts,
    pub authority: &'a LineAuthority,
}

/// Judges the whole proposal: the highest level any line or the deal size needs, with every reason.
pub(crate) fn judge_quote<'a>(
    policy: &Policy,
    role: usize,
    at_risk: bool,
    lines: impl IntoIterator<Item = LineView<'a>>,
    tcv: Fen,
) -> Authority {
    let mut a = Authority {
        role,
        ..Authority::default()
    };
    for (i, l) in lines.into_iter().enumerate() {
        judge_line_into(&mut a, policy, at_risk, i, l);
    }
    judge_deal(&mut a, policy, tcv);
    a
}

/// Adds line `i`'s part of the verdict to `a`: its reasons, and the level, refusal and ladder it
/// needs. Incremental repricing calls it for the one line it reprices.
pub(crate) fn judge_line_into(
    a: &mut Authority,
    policy: &Policy,
    at_risk: bool,
    i: usize,
    l: LineView,
) {
    let la = l.authority;
    if la.below_floor {
        a.refused = true;
        a.reasons.push(Reason::BelowFloor {
            line: i,
            net_mrc: l.net.mrc,
            floor_mrc: l.cost.mrc,
            net_nrc: l.net.nrc,
            floor_nrc: l.cost.nrc,
        });
    }
    if la.beyond_ladder {
        // Beyond the ladder needs at least the top level, so the required level never falls
        // as a discount rises (`needs` already holds the top level's index).
        a.beyond_ladder = true;
        a.required = a.required.max(la.needs);
        a.reasons.push(Reason::LineBeyondLadder {
            line: i,
            family: l.family.clone(),
            effective_bp: l.effective_bp,
            top_limit_bp: policy.limit(policy.levels.len().saturating_sub(1), l.family, at_risk),
        });
    } else if la.needs > 0 {
        a.required = a.required.max(la.needs);
        a.reasons.push(Reason::LineDiscount {
            line: i,
            family: l.family.clone(),
            effective_bp: l.effective_bp,
            level: la.needs,
            exceeded_bp: policy.limit(la.needs - 1, l.family, at_risk),
        });
    }
}

/// Adds the deal size's part of the verdict to `a`: the level a net TCV of `tcv` needs, and its
/// reason (always the last).
pub(crate) fn judge_deal(a: &mut Authority, policy: &Policy, tcv: Fen) {
    match deal_level(policy, tcv) {
        Some(0) => {}
        Some(level) => {
            a.required = a.required.max(level);
            a.reasons.push(Reason::DealSize {
                tcv,
                level,
                exceeded: policy.levels[level - 1].max_tcv.unwrap_or(0),
            });
        }
        None => {
            a.beyond_ladder = true;
            a.required = a.required.max(policy.levels.len().saturating_sub(1));
            a.reasons.push(Reason::DealBeyondLadder {
                tcv,
                top_max: policy.levels.last().and_then(|l| l.max_tcv).unwrap_or(0),
            });
        }
    }
}

impl Reason {
    /// The line a reason is about; none for the deal size's.
    pub fn line(&self) -> Option<usize> {
        match self {
            Reason::LineDiscount { line, .. }
            | Reason::LineBeyondLadder { line, .. }
            | Reason::BelowFloor { line, .. } => Some(*line),
            Reason::DealSize { .. } | Reason::DealBeyondLadder { .. } => None,
        }
    }
}

/// The name of a level in `lang`, or its index when the policy has no such level.
pub fn level_name(policy: &Policy, level: usize, lang: Lang) -> String {
    policy
        .levels
        .get(level)
        .map_or_else(|| format!("#{level}"), |l| l.name.get(lang).to_string())
}

/// A reason in words an approver understands.
pub fn describe(
    reason: &Reason,
    catalog: &Catalog,
    policy: &Policy,
    quote: &Quote,
    lang: Lang,
) -> String {
    let line_name = |i: usize| {
        let name = quote
            .lines
            .get(i)
            .and_then(|l| catalog.offering(&l.offering))
            .map_or("?", |o| o.name.get(lang));
        match lang {
            Lang::Zh => format!("第 {} 行（{}）", i + 1, name),
            Lang::En => format!("Line {} ({})", i + 1, name),
        }
    };
    let family_name = |f: &str| {
        catalog
            .family(f)
            .map_or(f.to_string(), |f| f.name.get(lang).to_string())
    };
    let lvl = |l: usize| level_name(policy, l, lang);
    match (reason, lang) {
        (Reason::LineDiscount { line, family, effective_bp, level, exceeded_bp }, Lang::Zh) => format!(
            "{}：实际折扣 {} 超出{}对「{}」的权限 {}，需{}审批",
            line_name(*line), format_percent(*effective_bp), lvl(level - 1), family_name(family), format_percent(*exceeded_bp), lvl(*level)
        ),
        (Reason::LineDiscount { line, family, effective_bp, level, exceeded_bp }, Lang::En) => format!(
            "{}: effective discount {} exceeds the {} limit of {} for {}; needs {} approval",
            line_name(*line), format_percent(*effective_bp), lvl(level - 1), format_percent(*exceeded_bp), family_name(family), lvl(*level)
        ),
        (Reason::LineBeyondLadder { line, family, effective_bp, top_limit_bp }, Lang::Zh) => format!(
            "{}：实际折扣 {} 超出最高审批级别对「{}」的权限 {}，无法审批",
            line_name(*line), format_percent(*effective_bp), family_name(family), format_percent(*top_limit_bp)
        ),
        (Reason::LineBeyondLadder { line, family, effective_bp, top_limit_bp }, Lang::En) => format!(
            "{}: effective discount {} exceeds the top level's limit of {} for {}; no level can approve it",
            line_name(*line), format_percent(*effective_bp), format_percent(*top_limit_bp), family_name(family)
        ),
        (Reason::DealSize { tcv, level, exceeded }, Lang::Zh) => format!(
            "合同总价 ¥{} 超出{}可签批的 ¥{}，需{}审批",
            format_yuan(*tcv), lvl(level - 1), format_yuan(*exceeded), lvl(*level)
        ),
        (Reason::DealSize { tcv, level, exceeded }, Lang::En) => format!(
            "Total contract value ¥{} exceeds the ¥{} that level \"{}\" may sign off; needs {} approval",
            format_yuan(*tcv), format_yuan(*exceeded), lvl(level - 1), lvl(*level)
        ),
        (Reason::DealBeyondLadder { tcv, top_max }, Lang::Zh) => format!(
            "合同总价 ¥{} 超出最高审批级别可签批的 ¥{}",
            format_yuan(*tcv), format_yuan(*top_max)
        ),
        (Reason::DealBeyondLadder { tcv, top_max }, Lang::En) => format!(
            "Total contract value ¥{} exceeds the ¥{} the top level may sign off",
            format_yuan(*tcv), format_yuan(*top_max)
        ),
        (Reason::BelowFloor { line, net_mrc, floor_mrc, net_nrc, floor_nrc }, Lang::Zh) => format!(
            "{}：净价低于成本底价（月费 ¥{} / 底价 ¥{}，一次性费用 ¥{} / 底价 ¥{}），任何级别均不得批准",
            line_name(*line), format_yuan(*net_mrc), format_yuan(*floor_mrc), format_yuan(*net_nrc), format_yuan(*floor_nrc)
        ),
        (Reason::BelowFloor { line, net_mrc, floor_mrc, net_nrc, floor_nrc }, Lang::En) => format!(
            "{}: net price below the cost floor (MRC ¥{} vs floor ¥{}, NRC ¥{} vs floor ¥{}); refused at every level",
            line_name(*line), format_yuan(*net_mrc), format_yuan(*floor_mrc), format_yuan(*net_nrc), format_yuan(*floor_nrc)
        ),
    }
}
