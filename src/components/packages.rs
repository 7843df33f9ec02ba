//! Site packages (`core::package`): the lines every site of a type gets, made from one site's lines
//! ([`super::sites`]) or brought by a template; each listed with its type, its lines, the sites
//! that have it and the lines changed by hand. Also the one undo of a change to many sites.

use crate::i18n::{tr, Pick};
use crate::state::use_ctx;
use leptos::prelude::*;
use tailor_core::text::{Lang, Text};

/// A package as listed: id, name, type, lines per site, sites of the type, lines changed by hand.
#[derive(Clone, PartialEq)]
struct Listed {
    id: String,
    name: Text,
    site_type: Text,
    lines: Vec<String>,
    sites: usize,
    by_hand: usize,
}

#[component]
pub fn Packages() -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let message = RwSignal::new(None::<Text>);
    let listed = Memo::new(move |_| {
        let l = lang.get();
        ctx.data.with(|d| {
            ctx.quote.with(|q| {
                q.packages
                    .iter()
                    .map(|p| Listed {
                        id: p.id.clone(),
                        name: p.name.clone(),
                        site_type: d.catalog.site_type(&p.site_type).map_or_else(
                            || Text::new(p.site_type.clone(), p.site_type.clone()),
                            |t| t.name.clone(),
                        ),
                        lines: p
                            .lines
                            .iter()
                            .map(|pl| {
                                let name = d
                                    .catalog
                                    .offering(&pl.offering)
                                    .map_or(pl.offering.as_str(), |o| o.name.get(l));
                                format!("{name} × {}", pl.quantity)
                            })
                            .collect(),
                        sites: q
                            .customer
                            .sites
                            .iter()
                            .filter(|s| s.site_type == p.site_type)
                            .count(),
                        by_hand: q
                            .lines
                            .iter()
                            .filter(|x| {
                                x.by_hand && x.package.as_ref().is_some_and(|r| r.package == p.id)
                            })
                            .count(),
                    })
                    .collect::<Vec<_>>()
            })
        })
    });
    let templates = Memo::new(move |_| {
        ctx.data.with(|d| {
            d.catalog
                .templates
                .iter()
                .filter(|t| !t.packages.is_empty())
                .map(|t| (t.id.clone(), t.name.clone()))
                .collect::<Vec<_>>()
        })
    });
    view! {
        <div class="sublist packages" data-testid="packages">
            <h3>{tr(lang, "站点套餐", "Site packages")}</h3>
            <UndoBar/>
            {move || message.get().map(|m| view! {
                <p class="msg error" role="alert" data-testid="package-msg">{m.get(lang.get()).to_string()}</p>
            })}
            {move || (listed.with(Vec::is_empty) && !ctx.presenting.get()).then(|| view! {
                <p class="hint">{tr(lang, "为某个站点配置产品行并选定网点类型，再点“设为本类型套餐”：该类型的每个站点都会得到这些产品行。", "Give one site its lines and a type, then \"Make its type's package\": every site of that type gets those lines.")}</p>
            })}
            <ul class="package-list">
                {move || {
                    let l = lang.get();
                    listed.get().into_iter().map(|p| {
                        let id = StoredValue::new(p.id.clone());
                        view! {
                            <li data-testid="package" data-package=p.id.clone()>
                                <strong>{p.name.get(l).to_string()}</strong>
                                " · " {p.site_type.get(l).to_string()}
                                " · " <span data-testid="package-lines">{p.lines.join(" + ")}</span>
                                " · " <span data-testid="package-sites">{counts(l, p.sites, p.by_hand)}</span>
                                {move || (!ctx.presenting.get()).then(|| view! {
                                    <button class="icon danger" data-testid="remove-package"
                                        aria-label=tr(lang, "删除套餐", "Remove package")
                                        on:click=move |_| ctx.remove_package(&id.read_value())>"✕"</button>
                                })}
                            </li>
                        }
                    }).collect_view()
                }}
            </ul>
            {move || (!templates.with(Vec::is_empty) && !ctx.presenting.get()).then(|| view! {
                <label class="field">
                    <span>{tr(lang, "采用模板的站点套餐", "Use a template's site packages")}</span>
                    <select data-testid="template-packages" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if !v.is_empty() {
                            message.set(ctx.apply_template_packages(&v).err());
                        }
                    }>
                        <option value="">{move || lang.get().pick("— 选择模板 —", "— choose a template —")}</option>
                        {move || templates.get().into_iter().map(|(id, name)| view! {
                            <option value=id>{name.get(lang.get()).to_string()}</option>
                        }).collect_view()}
                    </select>
                </label>
            })}
        </div>
    }
}

fn counts(l: Lang, sites: usize, by_hand: usize) -> String {
    match l {
        Lang::Zh => format!("{sites} 个站点，{by_hand} 行已手动修改"),
        Lang::En => format!("{sites} sites, {by_hand} lines changed by hand"),
    }
}

/// "Undo" the last change to many sites, while it is undoable.
#[component]
pub fn UndoBar() -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    move || {
        ctx.undo
            .with(|u| u.as_ref().map(|u| u.what.clone()))
            .map(|what| {
                let l = lang.get();
                view! {
                    <p class="undo-bar" role="status">
                        <button class="secondary" data-testid="undo" on:click=move |_| ctx.undo()>
                            {format!("{}{}", l.pick("撤销", "Undo "), what.get(l))}
                        </button>
                    </p>
                }
            })
    }
}
