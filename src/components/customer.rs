//! The customer profile: name, USCC (checked live), industry, size, needs, contacts and sites.

use crate::i18n::{tr, Pick};
use crate::state::{use_ctx, Ctx};
use leptos::prelude::*;
use tailor_core::quote::{Contact, Quote, Site};
use tailor_core::text::Lang;
use tailor_core::uscc;

type Label = (&'static str, &'static str);

/// A labelled text input bound to one field of the quote.
fn text_field(
    ctx: Ctx,
    label: Label,
    testid: &'static str,
    get: impl Fn(&Quote) -> String + Send + Sync + 'static,
    set: impl Fn(&mut Quote, String) + Send + Sync + 'static,
) -> impl IntoView {
    let lang = ctx.lang;
    view! {
        <label class="field">
            <span>{tr(lang, label.0, label.1)}</span>
            <input
                type="text"
                data-testid=testid
                prop:value=move || ctx.quote.with(&get)
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    ctx.quote.update(|q| set(q, v));
                }
            />
        </label>
    }
}

#[component]
pub fn CustomerCard() -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    view! {
        <section class="card" aria-labelledby="customer-h">
            <h2 id="customer-h">{tr(lang, "客户信息", "Customer")}</h2>
            <div class="grid">
                {text_field(ctx, ("客户名称", "Customer name"), "customer-name", |q| q.customer.name.clone(), |q, v| q.customer.name = v)}
                <UsccField/>
                <IndustryField/>
                <EmployeesField/>
            </div>
            <NeedsField/>
            <Contacts/>
            <Sites/>
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
                    ctx.quote.update(|q| q.customer.uscc = v);
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
                    ctx.quote.update(|q| q.customer.industry = v);
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

/// Parses a whole number typed by a person.
pub fn parse_count(s: &str, lang: Lang) -> Result<u32, &'static str> {
    let t = s.trim();
    if t.is_empty() {
        return Err(lang.pick("请输入数量", "Enter a number"));
    }
    t.parse::<u32>()
        .map_err(|_| lang.pick("请输入非负整数", "Enter a whole number"))
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
                        ctx.quote.update(|q| q.customer.employees = n);
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
                    on:change=move |ev| { let v = event_target_checked(&ev); ctx.quote.update(|q| q.customer.needs.voice = v) }/>
                {tr(lang, "语音", "Voice")}
            </label>
            <label class="check">
                <input type="checkbox" data-testid="needs-data"
                    prop:checked=move || ctx.quote.with(|q| q.customer.needs.data)
                    on:change=move |ev| { let v = event_target_checked(&ev); ctx.quote.update(|q| q.customer.needs.data = v) }/>
                {tr(lang, "数据", "Data")}
            </label>
            {text_field(ctx, ("需求说明", "Notes"), "needs-notes", |q| q.customer.needs.notes.clone(), |q, v| q.customer.needs.notes = v)}
        </fieldset>
    }
}

#[component]
fn Contacts() -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let count = Memo::new(move |_| ctx.quote.with(|q| q.customer.contacts.len()));
    view! {
        <div class="sublist">
            <h3>{tr(lang, "联系人", "Contacts")}</h3>
            {move || (0..count.get()).map(|i| view! {
                <div class="row contact" data-testid="contact">
                    {contact_input(ctx, ("姓名", "Name"), i, |c| &mut c.name, |c| &c.name)}
                    {contact_input(ctx, ("职务", "Title"), i, |c| &mut c.title, |c| &c.title)}
                    {contact_input(ctx, ("电话", "Phone"), i, |c| &mut c.phone, |c| &c.phone)}
                    {contact_input(ctx, ("邮箱", "Email"), i, |c| &mut c.email, |c| &c.email)}
                    <button class="icon" aria-label=tr(lang, "删除联系人", "Remove contact")
                        on:click=move |_| ctx.quote.update(|q| { if i < q.customer.contacts.len() { q.customer.contacts.remove(i); } })>"✕"</button>
                </div>
            }).collect_view()}
            <button class="secondary" data-testid="add-contact"
                on:click=move |_| ctx.quote.update(|q| q.customer.contacts.push(Contact::default()))>
                {tr(lang, "+ 添加联系人", "+ Add contact")}
            </button>
        </div>
    }
}

fn contact_input(
    ctx: Ctx,
    label: Label,
    i: usize,
    field: fn(&mut Contact) -> &mut String,
    read: fn(&Contact) -> &String,
) -> impl IntoView {
    let lang = ctx.lang;
    view! {
        <label class="field">
            <span>{tr(lang, label.0, label.1)}</span>
            <input type="text"
                prop:value=move || ctx.quote.with(|q| q.customer.contacts.get(i).map(|c| read(c).clone()).unwrap_or_default())
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    ctx.quote.update(|q| if let Some(c) = q.customer.contacts.get_mut(i) { *field(c) = v });
                }/>
        </label>
    }
}

fn site_input(
    ctx: Ctx,
    label: Label,
    testid: &'static str,
    i: usize,
    field: fn(&mut Site) -> &mut String,
    read: fn(&Site) -> &String,
) -> impl IntoView {
    let lang = ctx.lang;
    view! {
        <label class="field">
            <span>{tr(lang, label.0, label.1)}</span>
            <input type="text" data-testid=testid
                prop:value=move || ctx.quote.with(|q| q.customer.sites.get(i).map(|s| read(s).clone()).unwrap_or_default())
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    ctx.quote.update(|q| if let Some(s) = q.customer.sites.get_mut(i) { *field(s) = v });
                }/>
        </label>
    }
}

#[component]
fn Sites() -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let count = Memo::new(move |_| ctx.quote.with(|q| q.customer.sites.len()));
    let remove = move |i: usize| {
        ctx.quote.update(|q| {
            if i < q.customer.sites.len() {
                let gone = q.customer.sites.remove(i).id;
                for l in q
                    .lines
                    .iter_mut()
                    .filter(|l| l.site.as_deref() == Some(gone.as_str()))
                {
                    l.site = None;
                }
            }
        })
    };
    view! {
        <div class="sublist">
            <h3>{tr(lang, "客户站点", "Sites")}</h3>
            {move || (0..count.get()).map(|i| view! {
                <div class="row site" data-testid="site">
                    {site_input(ctx, ("站点名称", "Site name"), "site-name", i, |s| &mut s.name, |s| &s.name)}
                    {site_input(ctx, ("城市", "City"), "site-city", i, |s| &mut s.city, |s| &s.city)}
                    {site_input(ctx, ("地址", "Address"), "site-address", i, |s| &mut s.address, |s| &s.address)}
                    <button class="icon" aria-label=tr(lang, "删除站点", "Remove site") on:click=move |_| remove(i)>"✕"</button>
                </div>
            }).collect_view()}
            <button class="secondary" data-testid="add-site"
                on:click=move |_| {
                    let id = ctx.fresh_id("S");
                    ctx.quote.update(|q| q.customer.sites.push(Site { id, ..Site::default() }));
                }>
                {tr(lang, "+ 添加站点", "+ Add site")}
            </button>
        </div>
    }
}
