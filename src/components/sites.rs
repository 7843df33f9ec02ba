//! The customer's sites: name, city and address, a row each; lines can be placed at a site.

use super::quote_field::{text_input, Field};
use crate::i18n::tr;
use crate::state::use_ctx;
use leptos::prelude::*;

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
                    {text_input(ctx, ("站点名称", "Site name"), Some("site-name"), i, Field {
                        read: |q, i| q.customer.sites.get(i).map(|s| &s.name),
                        write: |q, i| q.customer.sites.get_mut(i).map(|s| &mut s.name),
                    })}
                    {text_input(ctx, ("城市", "City"), Some("site-city"), i, Field {
                        read: |q, i| q.customer.sites.get(i).map(|s| &s.city),
                        write: |q, i| q.customer.sites.get_mut(i).map(|s| &mut s.city),
                    })}
                    {text_input(ctx, ("地址", "Address"), Some("site-address"), i, Field {
                        read: |q, i| q.customer.sites.get(i).map(|s| &s.address),
                        write: |q, i| q.customer.sites.get_mut(i).map(|s| &mut s.address),
                    })}
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
