//! One line of a large quote on one row of one height ([`super::line_list`]): its number, name
//! and marks, options, quantity and requested discount, net monthly and contract amounts, and
//! for the seller the authority it needs. Each row reads only its own line and figures.

use crate::format::{parse_count, percent, yuan};
use crate::i18n::Pick;
use crate::state::{use_ctx, Ctx};
use leptos::prelude::*;
use tailor_core::authority::level_name;
use tailor_core::money::parse_percent;
use tailor_core::text::Lang;

#[component]
pub fn LineEntry(
    index: usize,
    pos: usize,
    /// The line opened in full below the list (its id), which the name opens and closes.
    opened: RwSignal<Option<String>>,
) -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let line = Memo::new(move |_| ctx.quote.with(|q| q.lines.get(index).cloned()));
    let priced = Memo::new(move |_| ctx.priced.with(|p| p.lines.get(index).cloned()));
    let problems = Memo::new(move |_| {
        let l = lang.get();
        ctx.priced.with(|p| {
            p.findings
                .iter()
                .filter(|f| f.lines.contains(&index))
                .map(|f| (f.is_error(), f.message.get(l).to_string()))
                .collect::<Vec<_>>()
        })
    });
    let id = line.with_untracked(|l| l.as_ref().map(|l| l.id.clone()).unwrap_or_default());
    let id = StoredValue::new(id);
    let offering = Memo::new(move |_| {
        let oid = line.with(|l| l.as_ref().map(|l| l.offering.clone()))?;
        ctx.data.with(|d| d.catalog.offering(&oid).cloned())
    });
    let name = move || {
        offering.with(|o| {
            o.as_ref()
                .map(|o| o.name.get(lang.get()).to_string())
                .unwrap_or_else(|| id.get_value())
        })
    };
    let blocked = move || problems.with(|f| f.iter().any(|(e, _)| *e));
    let quantity = move || {
        line.with(|l| {
            l.as_ref()
                .map(|l| l.quantity.to_string())
                .unwrap_or_default()
        })
    };
    let discount = move || {
        line.with(|l| match l.as_ref().map(|l| l.discount_bp) {
            Some(bp) if bp != 0 => percent(bp).trim_end_matches('%').to_string(),
            _ => String::new(),
        })
    };
    view! {
        <div class="vrow line-row" class:has-error=blocked data-testid="line" data-line=id.get_value() data-pos=pos.to_string()>
            <span class="line-no">{index + 1}</span>
            <button type="button" class="line-name" data-testid="line-open" title=name
                aria-expanded=move || opened.with(|o| o.as_deref() == Some(id.read_value().as_str())).to_string()
                on:click=move |_| opened.update(|o| {
                    let this = id.get_value();
                    *o = if o.as_deref() == Some(this.as_str()) { None } else { Some(this) };
                })>{name}</button>
            {move || line.with(|l| l.as_ref().and_then(|l| l.package.as_ref().map(|_| l.by_hand))).map(|by_hand| view! {
                <span class="badge package" data-testid="from-package" title=move || lang.get().pick("套餐", "Package")>{move || lang.get().pick("套", "P")}</span>
                {by_hand.then(|| view! { <span class="badge changed" data-testid="changed-by-hand" title=move || lang.get().pick("已手动修改", "Changed by hand")>"✎"</span> })}
            })}
            <span class="line-opts">{move || options(ctx, id, line, offering)}</span>
            {cell(ctx, ("数量", "Quantity"), "qty", name, quantity, move |s, l| {
                let n = parse_count(s, l).map_err(str::to_string)?;
                ctx.edit_line(&id.read_value(), |line| line.quantity = n);
                Ok(())
            })}
            {cell(ctx, ("折扣 %", "Discount %"), "discount", name, discount, move |s, l| {
                let bp = parse_percent(s).map_err(|e| e.text().get(l).to_string())?;
                ctx.edit_line(&id.read_value(), |line| line.discount_bp = bp);
                Ok(())
            })}
            <span class="fig" data-testid="line-mrc" title=move || lang.get().pick("月费", "Net MRC")>{move || priced.with(|p| p.as_ref().map(|p| yuan(p.net.mrc)))}</span>
            <span class="fig" data-testid="line-tcv" title=move || lang.get().pick("合同总价", "TCV")>{move || priced.with(|p| p.as_ref().map(|p| yuan(p.net.tcv)))}</span>
            {move || (!ctx.presenting.get()).then(|| view! { <span class="col-auth">{badge(ctx, priced)}</span> })}
            <span class="col-end">
                {move || problems.with(|f| (!f.is_empty()).then(|| {
                    let text = f.iter().map(|(_, m)| m.as_str()).collect::<Vec<_>>().join("\n");
                    view! { <span class="finding-mark" data-testid="line-finding-mark" role="img" aria-label=text.clone() title=text>"!"</span> }
                }))}
                <button class="icon danger" data-testid="remove-line" aria-label=move || format!("{} {}", lang.get().pick("删除", "Remove"), name())
                    on:click=move |_| ctx.remove_line(&id.read_value())>"✕"</button>
            </span>
        </div>
    }
}

/// A line's option choices, one labelled select per option group.
fn options(
    ctx: Ctx,
    id: StoredValue<String>,
    line: Memo<Option<tailor_core::quote::Line>>,
    offering: Memo<Option<tailor_core::catalog::Offering>>,
) -> impl IntoView {
    let l = ctx.lang.get();
    let groups = offering.with(|o| o.as_ref().map(|o| o.options.clone()).unwrap_or_default());
    groups.into_iter().map(|g| {
        let gid = StoredValue::new(g.id.clone());
        let default = g.choices.first().map(|c| c.id.clone()).unwrap_or_default();
        let chosen = move || line.with(|line| line.as_ref().and_then(|l| l.options.get(&*gid.read_value()).cloned())).unwrap_or(default.clone());
        let current = chosen();
        view! {
            <select data-testid="option" data-group=g.id.clone() aria-label=g.name.get(l).to_string()
                prop:value=chosen
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    ctx.edit_line(&id.read_value(), |line| { line.options.insert(gid.get_value(), v); });
                }>
                {g.choices.iter().map(|c| view! { <option value=c.id.clone() selected=c.id == current>{c.name.get(l).to_string()}</option> }).collect_view()}
            </select>
        }
    }).collect_view()
}

/// A labelled text field of the row: each valid entry changes the line at once, an invalid one
/// is marked with why and leaves the line as it was. It shows the line's value unless it has the
/// focus (a bulk edit or an undo changes what it shows; typing is never rewritten).
fn cell(
    ctx: Ctx,
    label: (&'static str, &'static str),
    testid: &'static str,
    name: impl Fn() -> String + Send + Sync + Copy + 'static,
    value: impl Fn() -> String + Send + Sync + 'static,
    apply: impl Fn(&str, Lang) -> Result<(), String> + Send + Sync + 'static,
) -> impl IntoView {
    let lang = ctx.lang;
    let error = RwSignal::new(None::<String>);
    let input = NodeRef::<leptos::html::Input>::new();
    let shown = move || {
        let v = value();
        match input.get_untracked() {
            Some(el) if document().active_element().is_some_and(|a| a == **el) => el.value(),
            _ => v,
        }
    };
    view! {
        <input type="text" inputmode="decimal" class=format!("cell {testid}") data-testid=testid node_ref=input
            prop:value=shown
            aria-label=move || format!("{} · {}", lang.get().pick(label.0, label.1), name())
            aria-invalid=move || error.get().is_some().to_string()
            title=move || error.get().unwrap_or_default()
            on:input=move |ev| error.set(apply(&event_target_value(&ev), lang.get_untracked()).err())/>
    }
}

/// What authority the line needs, in a word; drawn again only when the word changes.
fn badge(ctx: Ctx, priced: Memo<Option<tailor_core::pricing::PricedLine>>) -> impl IntoView {
    let lang = ctx.lang;
    let word = Memo::new(move |_| {
        let l = lang.get();
        let a = priced.with(|p| p.as_ref().map(|p| p.authority))?;
        let role = ctx.priced.with(|p| p.authority.role);
        let (class, text) = if a.below_floor || a.beyond_ladder {
            ("badge refused", l.pick("拒绝", "Refused").to_string())
        } else if a.needs <= role {
            ("badge ok", l.pick("权限内", "Within").to_string())
        } else {
            (
                "badge needs",
                ctx.data.with(|d| level_name(&d.policy, a.needs, l)),
            )
        };
        Some((class, text))
    });
    move || {
        word.get().map(
            |(class, text)| view! { <span class=class data-testid="authority-badge">{text}</span> },
        )
    }
}
