//! The instant price panel: totals, taxes, and for the seller cost, margin and the proposal's
//! required approval level with every reason. Every edit reprices at once.

use super::approval_status::ApprovalPanel;
use super::authorisations::Authorisations;
use crate::format::{percent, yuan};
use crate::i18n::{tr, Pick};
use crate::state::use_ctx;
use leptos::prelude::*;
use tailor_core::authority::{describe, level_name};

#[component]
pub fn PricePanel() -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let totals = Memo::new(move |_| ctx.priced.with(|p| p.totals));
    // The tax rows' labels: the rows are drawn again only when they change, their amounts on
    // every edit.
    let taxes = Memo::new(move |_| {
        let l = lang.get();
        ctx.priced.with(|p| {
            p.taxes
                .iter()
                .map(|t| {
                    let name = ctx.data.with(|d| {
                        d.policy
                            .tax_class(&t.tax_class)
                            .map(|c| c.name.get(l).to_string())
                            .unwrap_or_default()
                    });
                    format!("{} {} {}", l.pick("税额", "Tax"), percent(t.rate_bp), name)
                })
                .collect::<Vec<_>>()
        })
    });
    let row = move |label: (&'static str, &'static str),
                    testid: &'static str,
                    value: Box<dyn Fn() -> String + Send + Sync>| {
        view! {
            <div class="total-row">
                <dt>{tr(lang, label.0, label.1)}</dt>
                <dd data-testid=testid>{value}</dd>
            </div>
        }
    };
    view! {
        <aside class="panel" aria-labelledby="panel-h" aria-live="polite">
            <h2 id="panel-h">{tr(lang, "报价", "Price")}</h2>
            <p class="terms-line">{move || {
                let l = lang.get();
                ctx.priced.with(|p| format!("{} {} · {} −{} · {} −{}",
                    p.term_months, l.pick("个月", "months"),
                    l.pick("合同期优惠", "term"), percent(p.term_bp),
                    l.pick("融合优惠", "bundle"), percent(p.bundle_bp)))
            }}</p>
            <dl class="totals">
                {row(("月费合计（不含税）", "MRC (tax-exclusive)"), "total-mrc", Box::new(move || yuan(totals.get().net.mrc)))}
                {row(("一次性费用（不含税）", "NRC (tax-exclusive)"), "total-nrc", Box::new(move || yuan(totals.get().net.nrc)))}
                {row(("合同总价（不含税）", "TCV (tax-exclusive)"), "total-tcv", Box::new(move || yuan(totals.get().net.tcv)))}
            </dl>
            <dl class="totals taxes">
                {move || taxes.get().into_iter().enumerate().map(|(k, label)| view! {
                    <div class="total-row minor">
                        <dt>{label}</dt>
                        <dd data-testid="tax-row">{move || ctx.priced.with(|p| p.taxes.get(k).map(|t| yuan(t.tax.tcv)))}</dd>
                    </div>
                }).collect_view()}
                {row(("合同总价（含税）", "TCV (tax-inclusive)"), "total-gross", Box::new(move || yuan(totals.get().gross.tcv)))}
                {row(("目录价合同总价", "List TCV"), "total-list", Box::new(move || yuan(totals.get().list.tcv)))}
                {row(("实际折扣", "Effective discount"), "total-effective", Box::new(move || percent(totals.get().effective_bp)))}
            </dl>
            {move || (!ctx.presenting.get()).then(SellerView)}
        </aside>
    }
}

/// How many of the reasons for the required level are listed.
const REASONS_SHOWN: usize = 12;

/// What only the seller sees: cost, margin and authority.
#[component]
fn SellerView() -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let totals = Memo::new(move |_| ctx.priced.with(|p| p.totals));
    // The required level in words, and the first reasons with how many more: compared, so an
    // edit that leaves them as they were redraws nothing (and thousands of reasons are never
    // copied).
    let verdict = Memo::new(move |_| {
        let l = lang.get();
        ctx.priced.with(|p| {
            let a = &p.authority;
            if a.refused {
                (
                    "verdict-refused",
                    l.pick(
                        "有产品低于成本底价：任何级别均不得批准",
                        "A line is below its cost floor: refused at every level",
                    )
                    .to_string(),
                )
            } else if a.beyond_ladder {
                (
                    "verdict-refused",
                    l.pick("超出最高审批级别的权限", "Beyond the top level's authority")
                        .to_string(),
                )
            } else if a.within_role() {
                (
                    "verdict-ok",
                    l.pick(
                        "在我的权限内，可直接承诺",
                        "Within my authority: I can promise this",
                    )
                    .to_string(),
                )
            } else {
                let name = ctx.data.with(|d| level_name(&d.policy, a.required, l));
                (
                    "verdict-needs",
                    format!("{}{}", l.pick("需审批至：", "Needs approval up to: "), name),
                )
            }
        })
    });
    let reasons = Memo::new(move |_| {
        let l = lang.get();
        ctx.priced.with(|p| {
            let r = &p.authority.reasons;
            let shown = ctx.data.with(|d| {
                ctx.quote.with(|q| {
                    r.iter()
                        .take(REASONS_SHOWN)
                        .map(|r| describe(r, &d.catalog, &d.policy, q, l))
                        .collect::<Vec<_>>()
                })
            });
            (shown, r.len().saturating_sub(REASONS_SHOWN))
        })
    });
    let blocked = Memo::new(move |_| ctx.priced.with(|p| p.blocked()));
    view! {
        <div class="internal-block" data-testid="seller-view">
            <h3>{tr(lang, "内部信息（客户不可见）", "Internal (not shown to the client)")}</h3>
            <dl class="totals">
                <div class="total-row"><dt>{tr(lang, "成本", "Cost")}</dt><dd data-testid="total-cost">{move || yuan(totals.get().cost.tcv)}</dd></div>
                <div class="total-row"><dt>{tr(lang, "毛利", "Margin")}</dt>
                    <dd data-testid="total-margin">{move || { let t = totals.get(); format!("{} ({})", yuan(t.margin), percent(t.margin_bp)) }}</dd></div>
            </dl>
            <div class="verdict" data-testid="verdict">
                {move || {
                    let (class, text) = verdict.get();
                    view! { <p class=class data-testid="required-level">{text}</p> }
                }}
                <ul class="reasons" data-testid="reasons">
                    {move || {
                        let l = lang.get();
                        // The first few, and how many more: a quote of thousands of lines
                        // would otherwise list thousands here.
                        let (shown, more) = reasons.get();
                        let shown = shown.into_iter().map(|r| view! { <li>{r}</li> }).collect_view();
                        let rest = (more > 0).then(|| view! {
                            <li class="more" data-testid="reasons-more">{match l {
                                tailor_core::text::Lang::Zh => format!("另有 {more} 条原因"),
                                tailor_core::text::Lang::En => format!("and {more} more reasons"),
                            }}</li>
                        });
                        (shown, rest)
                    }}
                </ul>
            </div>
            {move || blocked.get().then(|| view! {
                <p class="blocked" data-testid="blocked">{tr(lang, "存在错误，方案暂不能提交", "Errors block the proposal")}</p>
            })}
            <Authorisations/>
            <ApprovalPanel/>
        </div>
    }
}
