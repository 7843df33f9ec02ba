//! Bulk edits (`core::bulk_edit`): select sites by type, city or a free filter (and lines by
//! offering), then set an option, the quantity or the requested discount on all their matching
//! lines at once ([`Ctx::bulk_edit`]: one undo reverts it).

use crate::format::parse_count;
use crate::i18n::{tr, Pick};
use crate::state::use_ctx;
use leptos::prelude::*;
use std::collections::BTreeSet;
use tailor_core::bulk_edit::{Change, Selection};
use tailor_core::money::parse_percent;
use tailor_core::text::{Lang, Text};

#[component]
pub fn BulkEdit() -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let site_type = RwSignal::new(String::new());
    let city = RwSignal::new(String::new());
    let filter = RwSignal::new(String::new());
    let offering = RwSignal::new(String::new());
    // "option:<group>", "quantity" or "discount".
    let kind = RwSignal::new("quantity".to_string());
    let value = RwSignal::new(String::new());
    let message = RwSignal::new(None::<Result<Text, Text>>);
    let selection = Memo::new(move |_| Selection {
        site_type: site_type.with(|t| (!t.is_empty()).then(|| t.clone())),
        city: city.with(|c| (!c.is_empty()).then(|| c.clone())),
        filter: filter.get(),
        offering: offering.with(|o| (!o.is_empty()).then(|| o.clone())),
    });
    // The sites and the lines' sites and offerings, as one number: a quantity or discount edited
    // leaves it, so nothing below is counted again on every edit of a large quote.
    let shape = ctx.shape;
    let cities = Memo::new(move |_| {
        shape.get();
        ctx.quote.with_untracked(|q| {
            q.customer
                .sites
                .iter()
                .filter(|s| !s.city.is_empty())
                .map(|s| s.city.as_str())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .map(String::from)
                .collect::<BTreeSet<_>>()
        })
    });
    let offerings = Memo::new(move |_| {
        shape.get();
        ctx.quote.with_untracked(|q| {
            q.lines
                .iter()
                .filter(|l| l.site.is_some())
                .map(|l| l.offering.as_str())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .map(String::from)
                .collect::<BTreeSet<_>>()
        })
    });
    let chosen = Memo::new(move |_| {
        shape.get();
        selection.with(|s| {
            ctx.quote.with_untracked(|q| {
                let sites: BTreeSet<&str> = s.sites(q).into_iter().collect();
                let lines = q
                    .lines
                    .iter()
                    .filter(|l| l.site.as_deref().is_some_and(|x| sites.contains(x)))
                    .filter(|l| s.offering.as_ref().is_none_or(|o| l.offering == *o))
                    .count();
                (sites.len(), lines)
            })
        })
    });
    // The option groups of the chosen offering.
    let groups = Memo::new(move |_| {
        let o = offering.get();
        ctx.data.with(|d| {
            d.catalog
                .offering(&o)
                .map(|o| o.options.clone())
                .unwrap_or_default()
        })
    });
    let apply = move |_| {
        let l = lang.get_untracked();
        let k = kind.get_untracked();
        let v = value.get_untracked();
        let change = if let Some(group) = k.strip_prefix("option:") {
            Ok(Change::Option {
                group: group.to_string(),
                choice: v,
            })
        } else if k == "discount" {
            parse_percent(&v)
                .map(|discount_bp| Change::Discount { discount_bp })
                .map_err(|e| e.text())
        } else {
            parse_count(&v, l)
                .map(|quantity| Change::Quantity { quantity })
                .map_err(|e| Text::new(e, e))
        };
        message.set(Some(change.map(|c| {
            let n = selection.with_untracked(|s| ctx.bulk_edit(s, &c));
            Text::new(format!("已修改 {n} 行"), format!("{n} lines changed"))
        })));
    };
    let options = move |l: Lang, items: Vec<(String, String)>, now: String| {
        let all = view! { <option value="" selected=now.is_empty()>{l.pick("— 全部 —", "— all —")}</option> };
        let rest = items
            .into_iter()
            .map(|(v, t)| {
                let sel = v == now;
                view! { <option value=v selected=sel>{t}</option> }
            })
            .collect_view();
        (all, rest)
    };
    view! {
        <div class="sublist bulk-edit" data-testid="bulk-edit">
            <h3>{tr(lang, "批量修改", "Bulk edit")}</h3>
            <div class="row">
                <label class="field">
                    <span>{tr(lang, "网点类型", "Site type")}</span>
                    <select data-testid="bulk-type" on:change=move |ev| site_type.set(event_target_value(&ev))>
                        {move || {
                            let l = lang.get();
                            let items = ctx.data.with(|d| d.catalog.site_types.iter().map(|t| (t.id.clone(), t.name.get(l).to_string())).collect());
                            options(l, items, site_type.get_untracked())
                        }}
                    </select>
                </label>
                <label class="field">
                    <span>{tr(lang, "城市", "City")}</span>
                    <select data-testid="bulk-city" on:change=move |ev| city.set(event_target_value(&ev))>
                        {move || {
                            let items = cities.get().into_iter().map(|c| (c.clone(), c)).collect();
                            options(lang.get(), items, city.get_untracked())
                        }}
                    </select>
                </label>
                <label class="field">
                    <span>{tr(lang, "筛选", "Filter")}</span>
                    <input type="search" data-testid="bulk-filter" on:input=move |ev| filter.set(event_target_value(&ev))/>
                </label>
                <label class="field">
                    <span>{tr(lang, "产品", "Offering")}</span>
                    <select data-testid="bulk-offering" on:change=move |ev| {
                        offering.set(event_target_value(&ev));
                        if kind.get_untracked().starts_with("option:") {
                            kind.set("quantity".into());
                        }
                    }>
                        {move || {
                            let l = lang.get();
                            let items = ctx.data.with(|d| offerings.get().into_iter().map(|o| {
                                let name = d.catalog.offering(&o).map_or(o.clone(), |x| x.name.get(l).to_string());
                                (o, name)
                            }).collect());
                            options(l, items, offering.get_untracked())
                        }}
                    </select>
                </label>
            </div>
            <p class="hint" data-testid="bulk-count">{move || {
                let (s, n) = chosen.get();
                match lang.get() {
                    Lang::Zh => format!("已选 {s} 个站点，{n} 行产品"),
                    Lang::En => format!("{s} sites selected, {n} lines"),
                }
            }}</p>
            <div class="row">
                <label class="field">
                    <span>{tr(lang, "修改", "Change")}</span>
                    <select data-testid="bulk-kind" prop:value=move || kind.get() on:change=move |ev| {
                        kind.set(event_target_value(&ev));
                        value.set(String::new());
                    }>
                        <option value="quantity">{tr(lang, "数量", "Quantity")}</option>
                        <option value="discount">{tr(lang, "申请折扣 %", "Discount %")}</option>
                        {move || {
                            let l = lang.get();
                            groups.get().into_iter().map(|g| view! {
                                <option value=format!("option:{}", g.id)>{g.name.get(l).to_string()}</option>
                            }).collect_view()
                        }}
                    </select>
                </label>
                {move || {
                    let k = kind.get();
                    let l = lang.get();
                    match k.strip_prefix("option:").and_then(|g| groups.with(|gs| gs.iter().find(|x| x.id == g).cloned())) {
                        Some(g) => view! {
                            <label class="field">
                                <span>{g.name.get(l).to_string()}</span>
                                <select data-testid="bulk-choice" on:change=move |ev| value.set(event_target_value(&ev))>
                                    <option value="">{l.pick("— 选择 —", "— choose —")}</option>
                                    {g.choices.iter().map(|c| view! { <option value=c.id.clone()>{c.name.get(l).to_string()}</option> }).collect_view()}
                                </select>
                            </label>
                        }.into_any(),
                        None => view! {
                            <label class="field narrow">
                                <span>{l.pick("新值", "New value")}</span>
                                <input type="text" inputmode="decimal" data-testid="bulk-value" prop:value=move || value.get()
                                    on:input=move |ev| value.set(event_target_value(&ev))/>
                            </label>
                        }.into_any(),
                    }
                }}
                <button class="primary" data-testid="bulk-apply" on:click=apply
                    disabled=move || chosen.with(|(_, n)| *n == 0)>
                    {tr(lang, "应用到所选行", "Apply to these lines")}
                </button>
            </div>
            {move || message.get().map(|m| {
                let l = lang.get();
                match m {
                    Ok(t) => view! { <p class="msg ok" role="status" data-testid="bulk-msg">{t.get(l).to_string()}</p> }.into_any(),
                    Err(t) => view! { <p class="msg error" role="alert" data-testid="bulk-msg">{t.get(l).to_string()}</p> }.into_any(),
                }
            })}
        </div>
    }
}
