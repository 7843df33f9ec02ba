//! The customer's sites: name, city and address, a row each; lines can be placed at a site.

use crate::i18n::{tr, Label};
use crate::state::{use_ctx, Ctx};
use leptos::prelude::*;
use tailor_core::quote::Site;

/// The customer's sites, which lines can be placed at.
#[component]
pub fn Sites() -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let count = Memo::new(move |_| ctx.quote.with(|q| q.customer.sites.len()));
    view! {
        <div class="sublist">
            <h3>{tr(lang, "客户站点", "Sites")}</h3>
            {move || (0..count.get()).map(|i| view! {
                <div class="row site" data-testid="site">
                    {site_input(ctx, ("站点名称", "Site name"), "site-name", i, |s| &mut s.name, |s| &s.name)}
                    {site_input(ctx, ("城市", "City"), "site-city", i, |s| &mut s.city, |s| &s.city)}
                    {site_input(ctx, ("地址", "Address"), "site-address", i, |s| &mut s.address, |s| &s.address)}
                    <button class="icon" aria-label=tr(lang, "删除站点", "Remove site") on:click=move |_| ctx.remove_site(i)>"✕"</button>
                </div>
            }).collect_view()}
            <button class="secondary" data-testid="add-site"
                on:click=move |_| ctx.add_site()>
                {tr(lang, "+ 添加站点", "+ Add site")}
            </button>
        </div>
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
                    ctx.edit(|q| if let Some(s) = q.customer.sites.get_mut(i) { *field(s) = v });
                }/>
        </label>
    }
}
