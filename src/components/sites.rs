//! The customer's sites: name, city, address and type, a row each; lines can be placed at a site.
//! A list imported from a spreadsheet can hold thousands: at most [`SHOWN`] rows are drawn, those
//! the filter finds. A site with lines can make them its type's package ([`super::packages`]).

use super::quote_field::{text_input, Field};
use super::site_import::SiteImport;
use crate::i18n::{tr, Pick};
use crate::state::use_ctx;
use leptos::prelude::*;
use tailor_core::text::Text;

/// The most site rows drawn at once.
pub const SHOWN: usize = 20;

/// The customer's sites, which lines can be placed at.
#[component]
pub fn Sites() -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let filter = RwSignal::new(String::new());
    let message = RwSignal::new(None::<Text>);
    let count = Memo::new(move |_| ctx.quote.with(|q| q.customer.sites.len()));
    // The indexes of the sites drawn: the first SHOWN the filter finds.
    let shown = Memo::new(move |_| {
        let words = filter.with(|f| f.trim().to_lowercase());
        ctx.quote.with(|q| {
            q.customer
                .sites
                .iter()
                .enumerate()
                .filter(|(_, s)| {
                    words.is_empty()
                        || [&s.name, &s.city, &s.district, &s.address, &s.contact]
                            .iter()
                            .any(|f| f.to_lowercase().contains(&words))
                })
                .map(|(i, _)| i)
                .take(SHOWN)
                .collect::<Vec<_>>()
        })
    });
    // The ids of the sites drawn that have lines: a row offers "make package" only then. Looked
    // for when the lines' sites change (`Ctx::shape`), never on a mere edit.
    let with_lines = Memo::new(move |_| {
        ctx.shape.track();
        ctx.quote.with_untracked(|q| {
            let mut drawn: Vec<&str> = shown.with(|s| {
                s.iter()
                    .filter_map(|&i| q.customer.sites.get(i).map(|s| s.id.as_str()))
                    .collect()
            });
            drawn.sort_unstable();
            let mut found: Vec<String> = q
                .lines
                .iter()
                .filter_map(|l| l.site.as_deref().filter(|s| drawn.binary_search(s).is_ok()))
                .map(str::to_string)
                .collect();
            found.sort_unstable();
            found.dedup();
            found
        })
    });
    let packaged = move |r: Result<(), Text>| message.set(r.err());
    view! {
        <div class="sublist">
            <h3>{tr(lang, "客户站点", "Sites")}</h3>
            {move || (!ctx.presenting.get()).then(SiteImport)}
            {move || (count.get() > SHOWN).then(|| view! {
                <div class="site-find">
                    <label class="field">
                        <span>{tr(lang, "查找站点", "Find a site")}</span>
                        <input type="search" data-testid="site-filter" prop:value=move || filter.get()
                            on:input=move |ev| filter.set(event_target_value(&ev))/>
                    </label>
                    <span class="hint" data-testid="site-count">{move || {
                        let (n, s) = (count.get(), shown.with(Vec::len));
                        match lang.get() {
                            tailor_core::text::Lang::Zh => format!("共 {n} 个站点，显示 {s} 个"),
                            tailor_core::text::Lang::En => format!("{n} sites, {s} shown"),
                        }
                    }}</span>
                </div>
            })}
            {move || message.get().map(|m| view! {
                <p class="msg error" role="alert" data-testid="site-msg">{m.get(lang.get()).to_string()}</p>
            })}
            {move || shown.get().into_iter().map(|i| view! {
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
                    <SiteType i=i on_error=message/>
                    {move || (!ctx.presenting.get()).then(|| {
                        let id = ctx.quote.with_untracked(|q| q.customer.sites.get(i).map(|s| s.id.clone()).unwrap_or_default());
                        let has_lines = with_lines.with(|w| w.binary_search(&id).is_ok());
                        has_lines.then(|| view! {
                            <button class="secondary" data-testid="make-package"
                                title=tr(lang, "把本站点的产品行做成该类型所有站点的套餐", "Make this site's lines the package of every site of its type")
                                on:click=move |_| packaged(ctx.package_from_site(&id))>
                                {tr(lang, "设为本类型套餐", "Make its type's package")}
                            </button>
                        })
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

/// The `i`th site's type, from the catalog's list; changing it applies the packages again.
#[component]
fn SiteType(i: usize, on_error: RwSignal<Option<Text>>) -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let current = Memo::new(move |_| {
        ctx.quote.with(|q| {
            q.customer
                .sites
                .get(i)
                .map(|s| s.site_type.clone())
                .unwrap_or_default()
        })
    });
    view! {
        <label class="field">
            <span>{tr(lang, "网点类型", "Site type")}</span>
            <select data-testid="site-type" prop:value=current
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    let id = ctx.quote.with_untracked(|q| q.customer.sites.get(i).map(|s| s.id.clone()));
                    if let Some(id) = id {
                        on_error.set(ctx.set_site_type(&id, &v).err());
                    }
                }>
                {move || {
                    let l = lang.get();
                    let now = current.get();
                    let none = view! { <option value="" selected=now.is_empty()>{l.pick("— 未指定 —", "— none —")}</option> };
                    let types = ctx.data.with(|d| d.catalog.site_types.iter().map(|t| view! {
                        <option value=t.id.clone() selected=t.id == now>{t.name.get(l).to_string()}</option>
                    }).collect_view());
                    (none, types)
                }}
            </select>
        </label>
    }
}
