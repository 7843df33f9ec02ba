//! One line of the quote: options, quantity, site and requested discount, with its figures
//! ([`super::line_figures`]) and findings.

use super::line_figures::{AuthorityBadge, LineFigures, Waterfall};
use super::line_guidance::LineGuidance;
use super::rows::{RowState, Shared};
use crate::format::{parse_count, percent};
use crate::i18n::{tr, Pick};
use crate::state::{use_ctx, Ctx};
use leptos::prelude::*;
use tailor_core::catalog::Offering;
use tailor_core::money::parse_percent;
use tailor_core::quote::{Line, Site};
use tailor_core::text::Lang;

/// One line of the quote; see [`Rows`] for how an edit reaches only its own row.
#[component]
pub fn LineRow(id: String, state: RowState, shared: Shared) -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let id = StoredValue::new(id);
    let index = RwSignal::from(state.index);
    let line = RwSignal::from(state.line);
    let priced = RwSignal::from(state.priced);
    let findings = RwSignal::from(state.findings);
    let (role, sites) = (shared.role, shared.sites);
    let offering_id = Memo::new(move |_| line.with(|l| l.as_ref().map(|l| l.offering.clone())));
    let offering = Memo::new(move |_| {
        let oid = offering_id.get()?;
        ctx.data.with(|d| d.catalog.offering(&oid).cloned())
    });
    let blocked = move || findings.with(|f| f.iter().any(|f| f.is_error()));
    let remove = move |_| ctx.remove_line(&id.read_value());
    let shift = move |delta: isize| ctx.move_line(&id.read_value(), delta);
    let name = move || {
        offering.with(|o| {
            o.as_ref()
                .map(|o| o.name.get(lang.get()).to_string())
                .unwrap_or_else(|| id.read_value().clone())
        })
    };
    view! {
        <article class="line" class:has-error=blocked data-testid="line" data-line=id.read_value().clone()>
            <header class="line-head">
                <span class="line-no">{move || index.get().map(|i| i + 1)}</span>
                <h3 class="line-name">{name}</h3>
                <span class="unit">{move || offering.with(|o| o.as_ref().map(|o| o.unit.get(lang.get()).to_string()))}</span>
                {move || (!ctx.presenting.get()).then(|| view! { <AuthorityBadge priced=priced role=role/> })}
                <PackageMark line=line/>
                <div class="line-actions">
                    <button class="icon" aria-label=move || format!("{} {}", lang.get().pick("上移", "Move up"), name()) on:click=move |_| shift(-1)>"↑"</button>
                    <button class="icon" aria-label=move || format!("{} {}", lang.get().pick("下移", "Move down"), name()) on:click=move |_| shift(1)>"↓"</button>
                    <button class="icon danger" data-testid="remove-line" aria-label=move || format!("{} {}", lang.get().pick("删除", "Remove"), name()) on:click=remove>"✕"</button>
                </div>
            </header>
            <div class="line-controls">
                <Options id=id.read_value().clone() line=line offering=offering/>
                <Quantity id=id.read_value().clone()/>
                <Discount id=id.read_value().clone()/>
                <SiteSelect id=id.read_value().clone() line=line sites=sites/>
            </div>
            <LineGuidance id=id.read_value().clone() line=line priced=priced industry=shared.industry/>
            <LineFigures priced=priced role=role/>
            <ul class="findings">
                {move || findings.get().into_iter().map(|f| {
                    let class = if f.is_error() { "finding error" } else { "finding warning" };
                    view! { <li class=class data-testid="line-finding">{f.message.get(lang.get()).to_string()}</li> }
                }).collect_view()}
            </ul>
            <Waterfall priced=priced/>
        </article>
    }
}

#[component]
fn Options(
    id: String,
    line: RwSignal<Option<Line>>,
    offering: Memo<Option<Offering>>,
) -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let id = StoredValue::new(id);
    let groups =
        move || offering.with(|o| o.as_ref().map(|o| o.options.clone()).unwrap_or_default());
    // Rebuilt when the language changes: each select shows the line's choice, kept in the quote.
    move || {
        let l = lang.get();
        groups().into_iter().map(|g| {
            let gid = StoredValue::new(g.id.clone());
            let chosen = move || line.with(|line| {
                line.as_ref().and_then(|l| l.options.get(&*gid.read_value()).cloned())
            });
            let default = g.choices.first().map(|c| c.id.clone()).unwrap_or_default();
            // The choice shown when the row is built; `prop:value` follows it from then on.
            let current = line
                .with_untracked(|line| line.as_ref().and_then(|l| l.options.get(&g.id).cloned()))
                .unwrap_or(default.clone());
            view! {
                <label class="field">
                    <span>{g.name.get(l).to_string()}</span>
                    <select data-testid="option" data-group=g.id.clone()
                        prop:value=move || chosen().unwrap_or(default.clone())
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            ctx.edit_line(&id.read_value(), |line| { line.options.insert(gid.get_value(), v); });
                        }>
                        {g.choices.iter().map(|c| view! {
                            <option value=c.id.clone() selected=c.id == current>{c.name.get(l).to_string()}</option>
                        }).collect_view()}
                    </select>
                </label>
            }
        }).collect_view()
    }
}

/// A text input that keeps exactly what is typed; each valid entry updates the line at once, an
/// invalid one says why in place and leaves the line as it was.
fn typed_input(
    ctx: Ctx,
    label: (&'static str, &'static str),
    testid: &'static str,
    initial: String,
    apply: impl Fn(&str, Lang) -> Result<(), String> + Send + Sync + 'static,
) -> impl IntoView {
    let lang = ctx.lang;
    let error = RwSignal::new(None::<String>);
    view! {
        <label class="field narrow">
            <span>{tr(lang, label.0, label.1)}</span>
            <input type="text" inputmode="decimal" data-testid=testid value=initial
                aria-invalid=move || error.get().is_some().to_string()
                on:input=move |ev| error.set(apply(&event_target_value(&ev), lang.get_untracked()).err())/>
            <small class="msg error" data-testid=format!("{testid}-msg")>{move || error.get()}</small>
        </label>
    }
}

#[component]
fn Quantity(id: String) -> impl IntoView {
    let ctx = use_ctx();
    let initial = ctx.quote.with_untracked(|q| {
        q.lines
            .iter()
            .find(|l| l.id == id)
            .map(|l| l.quantity.to_string())
            .unwrap_or_default()
    });
    typed_input(
        ctx,
        ("数量", "Quantity"),
        "qty",
        initial,
        move |s, lang| {
            let n = parse_count(s, lang).map_err(str::to_string)?;
            ctx.edit_line(&id, |l| l.quantity = n);
            Ok(())
        },
    )
}

#[component]
fn Discount(id: String) -> impl IntoView {
    let ctx = use_ctx();
    let initial = ctx.quote.with_untracked(|q| {
        q.lines
            .iter()
            .find(|l| l.id == id)
            .map(|l| {
                if l.discount_bp == 0 {
                    String::new()
                } else {
                    percent(l.discount_bp).trim_end_matches('%').to_string()
                }
            })
            .unwrap_or_default()
    });
    typed_input(
        ctx,
        ("申请折扣 %", "Discount %"),
        "discount",
        initial,
        move |s, lang| {
            let bp = parse_percent(s).map_err(|e| e.text().get(lang).to_string())?;
            ctx.edit_line(&id, |l| l.discount_bp = bp);
            Ok(())
        },
    )
}

/// Up to this many sites, a line's site is chosen from a list; beyond, typed with the names the
/// page lists once (`site-names`, [`super::lines`]), so a row does not hold thousands of options.
pub const SITE_CHOICES: usize = 50;

/// The names a line's site is typed from (`site-names`), listed once for the page when there are
/// more than [`SITE_CHOICES`] sites.
#[component]
pub fn SiteNames(sites: Memo<Vec<Site>>) -> impl IntoView {
    let many = Memo::new(move |_| sites.with(|s| s.len() > SITE_CHOICES));
    move || {
        many.get().then(|| {
            view! {
                <datalist id="site-names">
                    {sites.get().into_iter().map(|s| view! { <option value=s.name/> }).collect_view()}
                </datalist>
            }
        })
    }
}

#[component]
fn SiteSelect(id: String, line: RwSignal<Option<Line>>, sites: Memo<Vec<Site>>) -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let id = StoredValue::new(id);
    let site = Memo::new(move |_| line.with(|l| l.as_ref().and_then(|l| l.site.clone())));
    let has_sites = move || sites.with(|s| !s.is_empty());
    let many = Memo::new(move |_| sites.with(|s| s.len() > SITE_CHOICES));
    move || {
        has_sites().then(|| {
        let l = lang.get();
        let current = site.get().unwrap_or_default();
        if many.get() {
            let name = sites.with(|s| s.iter().find(|s| s.id == current).map(|s| s.name.clone()).unwrap_or_default());
            return view! {
                <label class="field">
                    <span>{l.pick("站点", "Site")}</span>
                    <input type="text" list="site-names" data-testid="line-site-name" value=name
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            let found = sites.with_untracked(|s| s.iter().find(|s| s.name == v.trim()).map(|s| s.id.clone()));
                            if v.trim().is_empty() || found.is_some() {
                                ctx.edit_line(&id.read_value(), |line| line.site = found);
                            }
                        }/>
                </label>
            }.into_any();
        }
        let sites = sites.get();
        view! {
            <label class="field">
                <span>{l.pick("站点", "Site")}</span>
                <select data-testid="line-site" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    ctx.edit_line(&id.read_value(), |line| line.site = (!v.is_empty()).then_some(v));
                }>
                    <option value="" selected=current.is_empty()>{l.pick("— 不指定 —", "— none —")}</option>
                    {sites.into_iter().map(|s| {
                        let label = if s.name.is_empty() { s.id.clone() } else { format!("{} {}", s.name, s.city) };
                        view! { <option value=s.id.clone() selected=s.id == current>{label}</option> }
                    }).collect_view()}
                </select>
            </label>
        }.into_any()
    })
    }
}

/// A line from a site package says so; one changed by hand says that too, and can be given back
/// to its package.
#[component]
fn PackageMark(line: RwSignal<Option<Line>>) -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let mark = Memo::new(move |_| {
        line.with(|l| {
            l.as_ref()
                .and_then(|l| l.package.as_ref().map(|_| (l.id.clone(), l.by_hand)))
        })
    });
    move || {
        mark.get().map(|(id, by_hand)| {
            let id = StoredValue::new(id);
            // Giving a line back fails only beyond a quote's line cap, which it does not add to.
            let restore = move |_| {
                let _ = ctx.restore_line(&id.read_value());
            };
            view! {
                <span class="badge package" data-testid="from-package">{tr(lang, "套餐", "Package")}</span>
                {by_hand.then(|| view! {
                    <span class="badge changed" data-testid="changed-by-hand">{tr(lang, "已手动修改", "Changed by hand")}</span>
                    {move || (!ctx.presenting.get()).then(|| view! {
                        <button class="icon" data-testid="restore-line" on:click=restore
                            title=tr(lang, "恢复为套餐中的设置", "Set it back as the package has it")>"↺"</button>
                    })}
                })}
            }
        })
    }
}
