//! A line's figures: its authority badge, prices (with cost, margin and headroom for the seller)
//! and its price waterfall.

use crate::format::{percent, yuan};
use crate::i18n::{tr, Pick};
use crate::state::use_ctx;
use leptos::prelude::*;
use tailor_core::authority::level_name;
use tailor_core::pricing::{Amounts, PricedLine};
use tailor_core::text::Lang;

/// Whether the line is within the seller's authority, and if not who must approve it.
#[component]
pub fn AuthorityBadge(priced: RwSignal<Option<PricedLine>>, role: Memo<usize>) -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    move || {
        let l = lang.get();
        let p = priced.get()?;
        let role = role.get();
        let a = p.authority;
        let (class, text) = if a.below_floor {
            (
                "badge refused",
                l.pick("低于成本底价，拒绝", "Refused: below cost floor")
                    .to_string(),
            )
        } else if a.beyond_ladder {
            (
                "badge refused",
                l.pick("超出所有审批权限", "Beyond every level's authority")
                    .to_string(),
            )
        } else if a.needs <= role {
            (
                "badge ok",
                l.pick("在我的权限内", "Within my authority").to_string(),
            )
        } else {
            let level = ctx.data.with(|d| level_name(&d.policy, a.needs, l));
            (
                "badge needs",
                format!("{}{}", l.pick("需审批：", "Needs "), level),
            )
        };
        Some(view! { <span class=class data-testid="authority-badge">{text}</span> })
    }
}

/// The line's prices; for the seller also cost, margin and headroom.
#[component]
pub fn LineFigures(priced: RwSignal<Option<PricedLine>>, role: Memo<usize>) -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    move || {
        let l = lang.get();
        let p = priced.get()?;
        let seller = !ctx.presenting.get();
        let role = role.get();
        let next_name = ctx.data.with(|d| {
            (role + 1 < d.policy.levels.len()).then(|| level_name(&d.policy, role + 1, l))
        });
        let headroom = seller.then(|| {
            let own = match p.headroom.own {
                Some(bp) => format!(
                    "{} {}",
                    l.pick("您还可再让", "You can still give up to"),
                    percent(bp)
                ),
                None => l
                    .pick("本角色已无让利空间", "No room left at your level")
                    .to_string(),
            };
            let next = match (next_name, p.headroom.next) {
                (Some(n), Some(bp)) => {
                    format!(" · {} {} {}", n, l.pick("可至", "could give"), percent(bp))
                }
                _ => String::new(),
            };
            let pre = ctx.room.with(|r| {
                let r = r.as_ref()?;
                let who = r.approver.get(l);
                Some(match r.lines.get(&p.line_id).copied().flatten() {
                    Some(bp) => match l {
                        Lang::Zh => format!("{who}的预授权下还可给到 {}", percent(bp)),
                        Lang::En => format!("Up to {} under {who}'s pre-authorisation", percent(bp)),
                    },
                    None => l.pick("预授权下已无空间", "No room under the pre-authorisation").to_string(),
                })
            });
            view! {
                <p class="headroom" data-testid="headroom">{own}{next}</p>
                {pre.map(|t| view! { <p class="headroom preauth" data-testid="headroom-preauth">{t}</p> })}
            }
        });
        let internal = seller.then(|| view! {
            <div class="fig internal"><span>{l.pick("成本", "Cost")}</span><b data-testid="line-cost">{yuan(p.cost.tcv)}</b></div>
            <div class="fig internal"><span>{l.pick("毛利", "Margin")}</span><b data-testid="line-margin">{format!("{} ({})", yuan(p.margin), percent(p.margin_bp))}</b></div>
        });
        Some(view! {
            <div class="figures">
                <div class="fig"><span>{l.pick("单价/月", "Unit list MRC")}</span><b>{yuan(p.unit_list_mrc)}</b></div>
                <div class="fig"><span>{l.pick("月费", "Net MRC")}</span><b data-testid="line-mrc">{yuan(p.net.mrc)}</b></div>
                <div class="fig"><span>{l.pick("一次性费用", "NRC")}</span><b data-testid="line-nrc">{yuan(p.net.nrc)}</b></div>
                <div class="fig"><span>{l.pick("合同总价", "TCV")}</span><b data-testid="line-tcv">{yuan(p.net.tcv)}</b></div>
                <div class="fig"><span>{l.pick("实际折扣", "Effective discount")}</span><b data-testid="line-effective">{percent(p.effective_bp)}</b></div>
                {internal}
            </div>
            {headroom}
        })
    }
}

fn step(label: String, a: Amounts) -> impl IntoView {
    view! {
        <tr><th scope="row">{label}</th><td>{yuan(a.mrc)}</td><td>{yuan(a.nrc)}</td><td>{yuan(a.tcv)}</td></tr>
    }
}

/// The line's price step by step, on demand: list, term, bundle, requested, net.
#[component]
pub fn Waterfall(priced: RwSignal<Option<PricedLine>>) -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    view! {
        <details class="waterfall">
            <summary data-testid="waterfall-toggle">{tr(lang, "价格构成", "Price waterfall")}</summary>
            {move || {
                let l = lang.get();
                let p = priced.get()?;
                let w = p.waterfall;
                Some(view! {
                    <table class="num" data-testid="waterfall">
                        <thead><tr><th></th><th>{l.pick("月费", "MRC")}</th><th>{l.pick("一次性", "NRC")}</th><th>{l.pick("合同总价", "TCV")}</th></tr></thead>
                        <tbody>
                            {step(l.pick("目录价", "List").to_string(), w.list)}
                            {step(format!("{} −{}", l.pick("合同期优惠", "After term"), percent(p.term_bp)), w.after_term)}
                            {step(format!("{} −{}", l.pick("融合优惠", "After bundle"), percent(p.bundle_bp)), w.after_bundle)}
                            {step(format!("{} −{}", l.pick("申请折扣", "After requested"), percent(p.requested_bp)), w.after_requested)}
                            {step(l.pick("净价", "Net").to_string(), p.net)}
                        </tbody>
                    </table>
                })
            }}
        </details>
    }
}
