//! The catalog browser: offerings by family, searchable by name in Chinese or English; Enter
//! adds the first match.

use crate::format::yuan;
use crate::i18n::{tr, Pick};
use crate::state::use_ctx;
use leptos::prelude::*;

#[component]
pub fn CatalogBrowser() -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let family = RwSignal::new(String::new());
    let search = RwSignal::new(String::new());
    let matches = Memo::new(move |_| {
        let f = family.get();
        let s = search.get();
        let today = ctx.today.with(|t| t.date.clone());
        ctx.data.with(|d| {
            d.catalog
                .offerings
                .iter()
                // No longer sold: never offered for adding (a line that holds one is flagged).
                .filter(|o| !o.retired_on(&today))
                .filter(|o| f.is_empty() || o.family == f)
                .filter(|o| {
                    s.trim().is_empty() || o.name.matches(s.trim()) || o.id.contains(s.trim())
                })
                .map(|o| o.id.clone())
                .collect::<Vec<_>>()
        })
    });
    view! {
        <div class="browser" data-testid="catalog-browser">
            <div class="browser-bar">
                <label class="field grow">
                    <span>{tr(lang, "搜索产品（中文或英文），回车添加第一项", "Search offerings (Chinese or English); Enter adds the first")}</span>
                    <input type="search" data-testid="catalog-search"
                        prop:value=move || search.get()
                        on:input=move |ev| search.set(event_target_value(&ev))
                        on:keydown=move |ev| {
                            if ev.key() == "Enter" {
                                ev.prevent_default();
                                if let Some(first) = matches.get_untracked().first() { ctx.add_line(first) }
                            }
                        }/>
                </label>
                <div class="families" role="group" aria-label=tr(lang, "产品族", "Product families")>
                    <button class="chip" class:on=move || family.get().is_empty() aria-pressed=move || family.get().is_empty().to_string()
                        on:click=move |_| family.set(String::new())>{tr(lang, "全部", "All")}</button>
                    {move || ctx.data.with(|d| d.catalog.families.iter().map(|f| {
                        let id = f.id.clone();
                        let id2 = f.id.clone();
                        let id3 = f.id.clone();
                        let name = f.name.clone();
                        view! {
                            <button class="chip" class:on=move || family.get() == id aria-pressed=move || (family.get() == id2).to_string()
                                on:click=move |_| family.set(id3.clone())>{move || name.get(lang.get()).to_string()}</button>
                        }
                    }).collect_view())}
                </div>
            </div>
            <ul class="offerings">
                {move || {
                    let l = lang.get();
                    ctx.data.with(|d| matches.get().iter().filter_map(|id| d.catalog.offering(id)).map(|o| {
                        let id = o.id.clone();
                        view! {
                            <li>
                                <button class="offering" data-testid="add-offering" data-offering=o.id.clone() on:click=move |_| ctx.add_line(&id)>
                                    <span class="o-name">{o.name.get(l).to_string()}</span>
                                    <span class="o-price">{format!("{} / {}·{}", yuan(o.mrc), o.unit.get(l), l.pick("月", "month"))}</span>
                                    <span class="o-desc">{o.description.get(l).to_string()}</span>
                                </button>
                            </li>
                        }
                    }).collect_view())
                }}
            </ul>
        </div>
    }
}
