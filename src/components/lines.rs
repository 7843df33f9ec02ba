//! The line editor: contract term, at-risk flag, grouping, the catalog browser and the lines —
//! each drawn in full, or for a large quote only those on screen ([`LineList`]).

use super::browser::CatalogBrowser;
use super::files::StaleNotice;
use super::line::{LineRow, SiteNames};
use super::line_list::{LineList, LARGE_FROM};
use super::rows::Rows;
use crate::grouping::{self, GroupBy};
use crate::i18n::{tr, Pick};
use crate::state::use_ctx;
use leptos::prelude::*;

#[component]
pub fn LinesCard() -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let browsing = RwSignal::new(true);
    let large = Memo::new(move |_| ctx.quote.with(|q| q.lines.len() > LARGE_FROM));
    view! {
        <section class="card" aria-labelledby="lines-h">
            <div class="card-head">
                <h2 id="lines-h">{tr(lang, "方案明细", "Solution lines")}</h2>
                <TermSelect/>
                {move || (!large.get()).then(GroupSelect)}
                <button class="secondary" data-testid="toggle-browser" aria-expanded=move || browsing.get().to_string()
                    on:click=move |_| browsing.update(|b| *b = !*b)>
                    {move || if browsing.get() { lang.get().pick("收起产品目录", "Hide catalog") } else { lang.get().pick("+ 从目录添加", "+ Add from catalog") }}
                </button>
            </div>
            {move || (!ctx.presenting.get()).then(AtRiskField)}
            <StaleNotice/>
            <QuoteFindings/>
            {move || (browsing.get() && !ctx.presenting.get()).then(CatalogBrowser)}
            {move || if large.get() { view! { <LineList/> }.into_any() } else { view! { <LineGroups/> }.into_any() }}
        </section>
    }
}

#[component]
fn TermSelect() -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    view! {
        <label class="inline">
            <span>{tr(lang, "合同期", "Contract term")}</span>
            <select data-testid="term"
                prop:value=move || ctx.quote.with(|q| q.term_months.to_string())
                on:change=move |ev| if let Ok(m) = event_target_value(&ev).parse() { ctx.edit(|q| q.term_months = m) }>
                {move || {
                    let l = lang.get();
                    let current = ctx.quote.with_untracked(|q| q.term_months);
                    ctx.data.with(|d| d.policy.terms.iter().map(|&m| view! {
                        <option value=m.to_string() selected=m == current>{format!("{m} {}", l.pick("个月", "months"))}</option>
                    }).collect_view())
                }}
            </select>
        </label>
    }
}

#[component]
fn GroupSelect() -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    view! {
        <label class="inline">
            <span>{tr(lang, "分组", "Group by")}</span>
            <select data-testid="group-by" on:change=move |ev| ctx.group_by.set(match event_target_value(&ev).as_str() {
                "site" => GroupBy::Site,
                "family" => GroupBy::Family,
                _ => GroupBy::None,
            })>
                <option value="none">{tr(lang, "不分组", "None")}</option>
                <option value="site">{tr(lang, "按站点", "Site")}</option>
                <option value="family">{tr(lang, "按产品族", "Product family")}</option>
            </select>
        </label>
    }
}

#[component]
fn AtRiskField() -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let flagged = move || ctx.quote.with(|q| q.at_risk.flagged);
    view! {
        <fieldset class="at-risk">
            <legend class="sr-only">{tr(lang, "流失风险", "At risk")}</legend>
            <label class="check">
                <input type="checkbox" data-testid="at-risk" prop:checked=flagged
                    on:change=move |ev| { let v = event_target_checked(&ev); ctx.edit(|q| q.at_risk.flagged = v) }/>
                {tr(lang, "客户有流失风险（放宽折扣权限）", "Customer at risk of leaving (widens discount authority)")}
            </label>
            {move || flagged().then(|| view! {
                <label class="field">
                    <span>{tr(lang, "竞争对手（必填）", "Competitor (required)")}</span>
                    <input type="text" data-testid="competitor" required
                        prop:value=move || ctx.quote.with(|q| q.at_risk.competitor.clone())
                        on:input=move |ev| { let v = event_target_value(&ev); ctx.edit(|q| q.at_risk.competitor = v) }/>
                </label>
                <label class="field grow">
                    <span>{tr(lang, "原因（必填）", "Reason (required)")}</span>
                    <input type="text" data-testid="risk-reason" required
                        prop:value=move || ctx.quote.with(|q| q.at_risk.reason.clone())
                        on:input=move |ev| { let v = event_target_value(&ev); ctx.edit(|q| q.at_risk.reason = v) }/>
                </label>
            })}
        </fieldset>
    }
}

/// Findings that concern the quote as a whole rather than one line.
#[component]
fn QuoteFindings() -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let list = Memo::new(move |_| {
        ctx.priced.with(|p| {
            p.findings
                .iter()
                .filter(|f| f.lines.is_empty())
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    move || {
        let l = lang.get();
        let items = list.get();
        (!items.is_empty()).then(|| {
            view! {
                <ul class="findings quote-findings" data-testid="quote-findings">
                    {items.into_iter().map(|f| {
                        let class = if f.is_error() { "finding error" } else { "finding warning" };
                        view! { <li class=class>{f.message.get(l).to_string()}</li> }
                    }).collect_view()}
                </ul>
            }
        })
    }
}

/// The lines, grouped as the seller chose: each group keyed so an edit re-renders only its line.
#[component]
fn LineGroups() -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let groups = Memo::new(move |_| {
        let (by, l) = (ctx.group_by.get(), lang.get());
        ctx.data
            .with(|d| ctx.quote.with(|q| grouping::groups(&d.catalog, q, by, l)))
    });
    let rows = Rows::new(ctx);
    view! {
        <div class="lines" data-testid="lines">
            <SiteNames sites=rows.shared.sites/>
            {move || ctx.quote.with(|q| q.lines.is_empty()).then(|| view! {
                <p class="hint empty">{tr(lang, "还没有产品行：采用推荐方案，或从目录添加。", "No lines yet: use the recommended solution or add from the catalog.")}</p>
            })}
            <For each=move || groups.with(|gs| gs.iter().map(|g| g.key.clone()).collect::<Vec<_>>()) key=|k| k.clone() let:key>
                {
                    let key = StoredValue::new(key);
                    let group = move || groups.with(|gs| gs.iter().find(|g| g.key == *key.read_value()).cloned().unwrap_or_default());
                    view! {
                        <div class="group">
                            {move || { let t = group().title; (!t.is_empty()).then(|| view! { <h3 class="group-title">{t}</h3> }) }}
                            <For each=move || group().lines key=|id| id.clone() let:id>
                                <LineRow id=id.clone() state=rows.get(&id) shared=rows.shared/>
                            </For>
                        </div>
                    }
                }
            </For>
        </div>
    }
}
