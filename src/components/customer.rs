//! The customer profile: name, USCC (checked live), industry, size, needs, and the contacts
//! and sites ([`super::contacts`], [`super::sites`]), their packages ([`super::packages`]) and
//! bulk edits ([`super::bulk_edit`]).

use super::bulk_edit::BulkEdit;
use super::contacts::Contacts;
use super::packages::Packages;
use super::quote_field::{text_input, Field};
use super::sites::Sites;
use crate::format::parse_count;
use crate::i18n::{tr, Pick};
use crate::state::use_ctx;
use leptos::prelude::*;
use tailor_core::uscc;

#[component]
pub fn CustomerCard() -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let has_sites = Memo::new(move |_| ctx.quote.with(|q| !q.customer.sites.is_empty()));
    view! {
        <section class="card" aria-labelledby="customer-h">
            <h2 id="customer-h">{tr(lang, "客户信息", "Customer")}</h2>
            <div class="grid">
                {text_input(ctx, ("客户名称", "Customer name"), Some("customer-name"), 0, Field {
                    read: |q, _| Some(&q.customer.name),
                    write: |q, _| Some(&mut q.customer.name),
                })}
                <UsccField/>
                <IndustryField/>
                <EmployeesField/>
                {text_input(ctx, ("客户经理", "Account manager"), Some("account-manager"), 0, Field {
                    read: |q, _| Some(&q.account_manager),
                    write: |q, _| Some(&mut q.account_manager),
                })}
            </div>
            <NeedsField/>
            <Contacts/>
            <Sites/>
            <Packages/>
            {move || (!ctx.presenting.get() && has_sites.get()).then(BulkEdit)}
        </section>
    }
}

#[component]
fn UsccField() -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let code = move || ctx.quote.with(|q| q.customer.uscc.clone());
    let verdict = move || {
        let c = code();
        (!c.trim().is_empty()).then(|| uscc::validate(&c))
    };
    view! {
        <label class="field">
            <span>{tr(lang, "统一社会信用代码", "Unified social credit code (USCC)")}</span>
            <input
                type="text"
                maxlength="18"
                autocomplete="off"
                spellcheck="false"
                class="mono"
                data-testid="uscc"
                aria-invalid=move || matches!(verdict(), Some(Err(_))).to_string()
                aria-describedby="uscc-msg"
                prop:value=code
                on:input=move |ev| {
                    let v = event_target_value(&ev).to_uppercase();
                    ctx.edit(|q| q.customer.uscc = v);
                }
            />
            <small id="uscc-msg" data-testid="uscc-msg" aria-live="polite" class=move || match verdict() {
                Some(Err(_)) => "msg error",
                Some(Ok(())) => "msg ok",
                None => "msg",
            }>
                {move || match verdict() {
                    Some(Err(e)) => e.text().get(lang.get()).to_string(),
                    Some(Ok(())) => lang.get().pick("✓ 代码有效", "✓ Valid code").to_string(),
                    None => String::new(),
                }}
            </small>
        </label>
    }
}

#[component]
fn IndustryField() -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    view! {
        <label class="field">
            <span>{tr(lang, "行业", "Industry")}</span>
            <select
                data-testid="industry"
                prop:value=move || ctx.quote.with(|q| q.customer.industry.clone())
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    ctx.edit(|q| q.customer.industry = v);
                }
            >
                <option value="">{tr(lang, "请选择行业", "Choose an industry")}</option>
                {move || {
                    let l = lang.get();
                    let current = ctx.quote.with_untracked(|q| q.customer.industry.clone());
                    ctx.data.with(|d| d.catalog.industries.iter().map(|i| {
                        let sel = i.id == current;
                        view! { <option value=i.id.clone() selected=sel>{i.name.get(l).to_string()}</option> }
                    }).collect_view())
                }}
            </select>
        </label>
    }
}

#[component]
fn EmployeesField() -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let error = RwSignal::new(None::<&'static str>);
    let initial = ctx
        .quote
        .with_untracked(|q| q.customer.employees.to_string());
    view! {
        <label class="field">
            <span>{tr(lang, "员工人数", "Employees")}</span>
            <input
                type="text"
                inputmode="numeric"
                data-testid="employees"
                value=initial
                aria-invalid=move || error.get().is_some().to_string()
                on:input=move |ev| match parse_count(&event_target_value(&ev), lang.get_untracked()) {
                    Ok(n) => {
                        error.set(None);
                        ctx.edit(|q| q.customer.employees = n);
                    }
                    Err(e) => error.set(Some(e)),
                }
            />
            <small class="msg error">{move || error.get()}</small>
        </label>
    }
}

#[component]
fn NeedsField() -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    view! {
        <fieldset class="needs">
            <legend>{tr(lang, "通信需求", "Needs")}</legend>
            <label class="check">
                <input type="checkbox" data-testid="needs-voice"
                    prop:checked=move || ctx.quote.with(|q| q.customer.needs.voice)
                    on:change=move |ev| { let v = event_target_checked(&ev); ctx.edit(|q| q.customer.needs.voice = v) }/>
                {tr(lang, "语音", "Voice")}
            </label>
            <label class="check">
                <input type="checkbox" data-testid="needs-data"
                    prop:checked=move || ctx.quote.with(|q| q.customer.needs.data)
                    on:change=move |ev| { let v = event_target_checked(&ev); ctx.edit(|q| q.customer.needs.data = v) }/>
                {tr(lang, "数据", "Data")}
            </label>
            {text_input(ctx, ("需求说明", "Notes"), Some("needs-notes"), 0, Field {
                read: |q, _| Some(&q.customer.needs.notes),
                write: |q, _| Some(&mut q.customer.needs.notes),
            })}
        </fieldset>
    }
}
