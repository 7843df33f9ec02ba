//! Guided selling: the customer's industry and size give a recommended solution from the
//! industry template; the seller accepts it and tailors it, or starts empty.

use crate::i18n::{tr, Pick};
use crate::state::use_ctx;
use leptos::prelude::*;
use tailor_core::template;

#[component]
pub fn GuidedCard() -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let industry = Memo::new(move |_| ctx.quote.with(|q| q.customer.industry.clone()));
    let employees = Memo::new(move |_| ctx.quote.with(|q| q.customer.employees));
    let templates = move || {
        let ind = industry.get();
        ctx.data
            .with(|d| d.catalog.templates_for(&ind).cloned().collect::<Vec<_>>())
    };
    let accept = move |template_id: String| {
        let has_lines = ctx.quote.with_untracked(|q| !q.lines.is_empty());
        let l = lang.get_untracked();
        if has_lines
            && !confirm(l.pick(
                "用推荐方案替换当前所有产品行？",
                "Replace all current lines with the recommended solution?",
            ))
        {
            return;
        }
        ctx.accept_template(&template_id);
    };
    view! {
        <section class="card" aria-labelledby="guided-h">
            <h2 id="guided-h">{tr(lang, "推荐方案", "Recommended solution")}</h2>
            {move || {
                let l = lang.get();
                let list = templates();
                if industry.get().is_empty() {
                    return view! { <p class="hint">{l.pick("选择客户行业和员工人数后，这里给出行业推荐方案。", "Pick the customer's industry and size to get the recommended solution.")}</p> }.into_any();
                }
                if list.is_empty() {
                    return view! { <p class="hint">{l.pick("该行业暂无推荐方案，可从目录逐项添加。", "No template for this industry yet; add offerings from the catalog.")}</p> }.into_any();
                }
                let n = employees.get();
                list.into_iter().map(|t| {
                    let preview = ctx.data.with(|d| template::recommend(&d.catalog, &t, n, 1).into_iter().map(|line| {
                        let name = d.catalog.offering(&line.offering).map(|o| format!("{} × {} {}", o.name.get(l), line.quantity, o.unit.get(l))).unwrap_or_default();
                        view! { <li>{name}</li> }
                    }).collect_view());
                    let id = t.id.clone();
                    view! {
                        <div class="template" data-testid="template">
                            <h3>{t.name.get(l).to_string()}</h3>
                            <p class="hint">{t.description.get(l).to_string()}</p>
                            <ul class="preview">{preview}</ul>
                            <div class="actions">
                                <button class="primary" data-testid="accept-template" on:click=move |_| accept(id.clone())>
                                    {l.pick("采用此方案", "Use this solution")}
                                </button>
                                <button class="secondary" data-testid="start-empty" on:click=move |_| {
                                    if ctx.quote.with_untracked(|q| q.lines.is_empty()) || confirm(l.pick("清空所有产品行？", "Remove all lines?")) { ctx.start_empty() }
                                }>{l.pick("从空白开始", "Start empty")}</button>
                            </div>
                        </div>
                    }
                }).collect_view().into_any()
            }}
        </section>
    }
}

/// Asks the user to confirm; with no window (never in the app) it declines.
pub fn confirm(message: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.confirm_with_message(message).ok())
        .unwrap_or(false)
}
