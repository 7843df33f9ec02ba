//! One line of the quote: options, quantity, site and requested discount, with its price,
//! authority, headroom, findings and on demand its price waterfall.

use super::customer::parse_count;
use crate::format::{percent, yuan};
use crate::i18n::{tr, Pick};
use crate::state::{use_ctx, Ctx};
use leptos::prelude::*;
use std::collections::{HashMap, HashSet};
use tailor_core::authority::level_name;
use tailor_core::catalog::Offering;
use tailor_core::money::parse_percent;
use tailor_core::pricing::{Amounts, PricedLine};
use tailor_core::quote::{Line, Site};
use tailor_core::rules::Finding;
use tailor_core::text::Lang;

/// One row's share of the quote and its price.
#[derive(Clone)]
struct RowState {
    index: ArcRwSignal<Option<usize>>,
    line: ArcRwSignal<Option<Line>>,
    priced: ArcRwSignal<Option<PricedLine>>,
    findings: ArcRwSignal<Vec<Finding>>,
}

/// Every row's share of the quote and its price, by line id, kept in step by one effect.
///
/// Every edit reprices the whole quote. Were each row to read `ctx.quote` and `ctx.priced`
/// itself, every row would re-run on every edit, and each signal's list of subscribers (several
/// per row) would be rewritten each time: quadratic in the number of lines, tens of milliseconds
/// per keystroke for 200 lines. Instead one effect reads them once and sets each row's signals
/// only where its line, figures or findings changed: an edit re-runs its own row and the totals.
#[derive(Clone, Copy)]
pub struct Rows {
    ctx: Ctx,
    rows: StoredValue<HashMap<String, RowState>>,
    /// The pricing role, and the customer's sites, shared by every row.
    role: Memo<usize>,
    sites: Memo<Vec<Site>>,
}

/// Sets `signal` to `value` only when it differs, so that its readers re-run only then.
fn set_if_changed<T: PartialEq + Send + Sync + 'static>(
    signal: &ArcRwSignal<T>,
    value: &T,
    make: impl FnOnce() -> T,
) {
    if signal.with_untracked(|v| v != value) {
        signal.set(make());
    }
}

impl Rows {
    pub fn new(ctx: Ctx) -> Rows {
        let rows = Rows {
            ctx,
            rows: StoredValue::new(HashMap::new()),
            role: Memo::new(move |_| ctx.priced.with(|p| p.authority.role)),
            sites: Memo::new(move |_| ctx.quote.with(|q| q.customer.sites.clone())),
        };
        Effect::new(move |_| {
            ctx.quote.track();
            ctx.priced.track();
            rows.sync();
        });
        rows
    }

    /// Brings every row in line with the quote and its price (untracked).
    fn sync(self) {
        let ctx = self.ctx;
        ctx.quote.with_untracked(|q| {
            ctx.priced.with_untracked(|p| {
                let mut findings: Vec<Vec<&Finding>> = vec![Vec::new(); q.lines.len()];
                for f in &p.findings {
                    for &i in &f.lines {
                        if let Some(v) = findings.get_mut(i) {
                            v.push(f);
                        }
                    }
                }
                self.rows.update_value(|rows| {
                    let ids: HashSet<&str> = q.lines.iter().map(|l| l.id.as_str()).collect();
                    rows.retain(|id, _| ids.contains(id.as_str()));
                    for (i, l) in q.lines.iter().enumerate() {
                        let priced = p.lines.get(i);
                        let found: Vec<Finding> =
                            findings[i].iter().map(|f| (*f).clone()).collect();
                        match rows.get(&l.id) {
                            Some(r) => {
                                set_if_changed(&r.index, &Some(i), || Some(i));
                                if r.line.with_untracked(|v| v.as_ref() != Some(l)) {
                                    r.line.set(Some(l.clone()));
                                }
                                if r.priced.with_untracked(|v| v.as_ref() != priced) {
                                    r.priced.set(priced.cloned());
                                }
                                set_if_changed(&r.findings, &found, || found.clone());
                            }
                            None => {
                                rows.insert(
                                    l.id.clone(),
                                    RowState {
                                        index: ArcRwSignal::new(Some(i)),
                                        line: ArcRwSignal::new(Some(l.clone())),
                                        priced: ArcRwSignal::new(priced.cloned()),
                                        findings: ArcRwSignal::new(found),
                                    },
                                );
                            }
                        }
                    }
                });
            })
        });
    }

    /// The row of line `id` (made now if the effect has not run since the line was added).
    fn get(self, id: &str) -> RowState {
        if let Some(r) = self.rows.with_value(|rows| rows.get(id).cloned()) {
            return r;
        }
        self.sync();
        self.rows
            .with_value(|rows| rows.get(id).cloned())
            .unwrap_or_else(|| RowState {
                index: ArcRwSignal::new(None),
                line: ArcRwSignal::new(None),
                priced: ArcRwSignal::new(None),
                findings: ArcRwSignal::new(Vec::new()),
            })
    }
}

/// One line of the quote; see [`Rows`] for how an edit reaches only its own row.
#[component]
pub fn LineRow(id: String, rows: Rows) -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let state = rows.get(&id);
    let id = StoredValue::new(id);
    let index = RwSignal::from(state.index);
    let line = RwSignal::from(state.line);
    let priced = RwSignal::from(state.priced);
    let findings = RwSignal::from(state.findings);
    let (role, sites) = (rows.role, rows.sites);
    let offering_id = Memo::new(move |_| line.with(|l| l.as_ref().map(|l| l.offering.clone())));
    let offering = Memo::new(move |_| {
        let oid = offering_id.get()?;
        ctx.data.with(|d| d.catalog.offering(&oid).cloned())
    });
    let blocked = move || findings.with(|f| f.iter().any(|f| f.is_error()));
    let remove = move |_| {
        ctx.quote
            .update(|q| q.lines.retain(|l| l.id != *id.read_value()))
    };
    let shift = move |delta: isize| {
        ctx.quote.update(|q| {
            let Some(i) = q.lines.iter().position(|l| l.id == *id.read_value()) else {
                return;
            };
            let j = i as isize + delta;
            if j >= 0 && (j as usize) < q.lines.len() {
                q.lines.swap(i, j as usize);
            }
        })
    };
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

#[component]
fn SiteSelect(id: String, line: RwSignal<Option<Line>>, sites: Memo<Vec<Site>>) -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let id = StoredValue::new(id);
    let site = Memo::new(move |_| line.with(|l| l.as_ref().and_then(|l| l.site.clone())));
    let has_sites = move || sites.with(|s| !s.is_empty());
    move || {
        has_sites().then(|| {
        let l = lang.get();
        let current = site.get().unwrap_or_default();
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
        }
    })
    }
}

#[component]
fn AuthorityBadge(priced: RwSignal<Option<PricedLine>>, role: Memo<usize>) -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    move || {
        let l = lang.get();
        let p = priced.get()?;
        let role = role.get();
        let a = p.authority;
        let (class, text) = if a.below_floor {
            (
                "badge refused",
                l.pick("低于成本底价，拒绝", "Refused: below cost floor")
                    .to_string(),
            )
        } else if a.beyond_ladder {
            (
                "badge refused",
                l.pick("超出所有审批权限", "Beyond every level's authority")
                    .to_string(),
            )
        } else if a.needs <= role {
            (
                "badge ok",
                l.pick("在我的权限内", "Within my authority").to_string(),
            )
        } else {
            let level = ctx.data.with(|d| level_name(&d.policy, a.needs, l));
            (
                "badge needs",
                format!("{}{}", l.pick("需审批：", "Needs "), level),
            )
        };
        Some(view! { <span class=class data-testid="authority-badge">{text}</span> })
    }
}

#[component]
fn LineFigures(priced: RwSignal<Option<PricedLine>>, role: Memo<usize>) -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    move || {
        let l = lang.get();
        let p = priced.get()?;
        let seller = !ctx.presenting.get();
        let role = role.get();
        let next_name = ctx.data.with(|d| {
            (role + 1 < d.policy.levels.len()).then(|| level_name(&d.policy, role + 1, l))
        });
        let headroom = seller.then(|| {
            let own = match p.headroom.own {
                Some(bp) => format!(
                    "{} {}",
                    l.pick("您还可再让", "You can still give up to"),
                    percent(bp)
                ),
                None => l
                    .pick("本角色已无让利空间", "No room left at your level")
                    .to_string(),
            };
            let next = match (next_name, p.headroom.next) {
                (Some(n), Some(bp)) => {
                    format!(" · {} {} {}", n, l.pick("可至", "could give"), percent(bp))
                }
                _ => String::new(),
            };
            view! { <p class="headroom" data-testid="headroom">{own}{next}</p> }
        });
        let internal = seller.then(|| view! {
            <div class="fig internal"><span>{l.pick("成本", "Cost")}</span><b data-testid="line-cost">{yuan(p.cost.tcv)}</b></div>
            <div class="fig internal"><span>{l.pick("毛利", "Margin")}</span><b data-testid="line-margin">{format!("{} ({})", yuan(p.margin), percent(p.margin_bp))}</b></div>
        });
        Some(view! {
            <div class="figures">
                <div class="fig"><span>{l.pick("单价/月", "Unit list MRC")}</span><b>{yuan(p.unit_list_mrc)}</b></div>
                <div class="fig"><span>{l.pick("月费", "Net MRC")}</span><b data-testid="line-mrc">{yuan(p.net.mrc)}</b></div>
                <div class="fig"><span>{l.pick("一次性费用", "NRC")}</span><b data-testid="line-nrc">{yuan(p.net.nrc)}</b></div>
                <div class="fig"><span>{l.pick("合同总价", "TCV")}</span><b data-testid="line-tcv">{yuan(p.net.tcv)}</b></div>
                <div class="fig"><span>{l.pick("实际折扣", "Effective discount")}</span><b data-testid="line-effective">{percent(p.effective_bp)}</b></div>
                {internal}
            </div>
            {headroom}
        })
    }
}

fn step(label: String, a: Amounts) -> impl IntoView {
    view! {
        <tr><th scope="row">{label}</th><td>{yuan(a.mrc)}</td><td>{yuan(a.nrc)}</td><td>{yuan(a.tcv)}</td></tr>
    }
}

#[component]
fn Waterfall(priced: RwSignal<Option<PricedLine>>) -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    view! {
        <details class="waterfall">
            <summary data-testid="waterfall-toggle">{tr(lang, "价格构成", "Price waterfall")}</summary>
            {move || {
                let l = lang.get();
                let p = priced.get()?;
                let w = p.waterfall;
                Some(view! {
                    <table class="num" data-testid="waterfall">
                        <thead><tr><th></th><th>{l.pick("月费", "MRC")}</th><th>{l.pick("一次性", "NRC")}</th><th>{l.pick("合同总价", "TCV")}</th></tr></thead>
                        <tbody>
                            {step(l.pick("目录价", "List").to_string(), w.list)}
                            {step(format!("{} −{}", l.pick("合同期优惠", "After term"), percent(p.term_bp)), w.after_term)}
                            {step(format!("{} −{}", l.pick("融合优惠", "After bundle"), percent(p.bundle_bp)), w.after_bundle)}
                            {step(format!("{} −{}", l.pick("申请折扣", "After requested"), percent(p.requested_bp)), w.after_requested)}
                            {step(l.pick("净价", "Net").to_string(), p.net)}
                        </tbody>
                    </table>
                })
            }}
        </details>
    }
}
