//! The line editor at scale (more than [`LARGE_FROM`] lines): the lines grouped by site type →
//! city → site with subtotals ([`crate::line_tree`]), a find box, and only the rows on screen in
//! the DOM — each row one height, spacers above and below stand for the rest. Tab and the arrow
//! keys move through the rows; the window follows the focus.

use super::line::{LineRow, SiteNames};
use super::line_entry::LineEntry;
use super::rows::{RowState, Shared};
use crate::format::yuan;
use crate::i18n::{tr, Pick};
use crate::line_tree::{self, Row, Tree};
use crate::state::use_ctx;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Beyond this many lines the editor draws only the rows on screen.
pub const LARGE_FROM: usize = 200;
/// Every row's height, in CSS pixels (`.vrow` in style/main.css).
const ROW_PX: f64 = 44.0;
/// Rows drawn beyond each edge of the screen, so Tab always finds the next row.
const OVERSCAN: usize = 6;

#[component]
pub fn LineList() -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let find = RwSignal::new(String::new());
    // The line opened in full below the list: site, guidance, waterfall (none: closed).
    let opened = RwSignal::new(None::<String>);
    // Made again only when the lines' sites or offerings or the sites change, not on every edit.
    let shape = ctx.shape;
    let tree = Memo::new(move |_| {
        shape.get();
        let l = lang.get();
        find.with(|f| {
            ctx.data.with(|d| {
                ctx.quote
                    .with_untracked(|q| line_tree::tree(&d.catalog, q, l, f))
            })
        })
    });
    let scroll = RwSignal::new(0.0_f64);
    let height = RwSignal::new(600.0_f64);
    let list = NodeRef::<leptos::html::Div>::new();
    let window = Memo::new(move |_| {
        let n = tree.with(|t| t.rows.len());
        let first = ((scroll.get() / ROW_PX) as usize)
            .saturating_sub(OVERSCAN)
            .min(n);
        let last = (((scroll.get() + height.get()) / ROW_PX).ceil() as usize + OVERSCAN).min(n);
        (first, last.max(first), n)
    });
    let on_scroll = move |_| {
        if let Some(el) = list.get_untracked() {
            scroll.set(el.scroll_top() as f64);
            height.set(el.client_height() as f64);
        }
    };
    // The rows on screen, keyed by line id (or group) and place: a row whose place changes (a
    // line moved, another find) is drawn anew.
    let shown = move || {
        let (first, last, _) = window.get();
        tree.with(|t| {
            ctx.quote.with_untracked(|q| {
                (first..last)
                    .filter_map(|pos| {
                        let row = *t.rows.get(pos)?;
                        let key = match row {
                            Row::Head(h) => format!("{}#{pos}", t.heads[h].key),
                            Row::Line(i) => format!("{}@{i}#{pos}", q.lines.get(i)?.id),
                        };
                        Some((key, pos, row))
                    })
                    .collect::<Vec<_>>()
            })
        })
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let delta = match ev.key().as_str() {
            "ArrowDown" => 1,
            "ArrowUp" => -1,
            _ => return,
        };
        if let Some(next) = step_focus(&ev, delta, tree, list) {
            ev.prevent_default();
            scroll.set(next);
        }
    };
    view! {
        <div class="line-find">
            <label class="field grow">
                <span>{tr(lang, "查找站点或产品行", "Find a site or line")}</span>
                <input type="search" data-testid="line-find"
                    prop:value=move || find.get()
                    on:input=move |ev| { find.set(event_target_value(&ev)); if let Some(el) = list.get_untracked() { el.set_scroll_top(0); } scroll.set(0.0); }/>
            </label>
            <span class="hint" data-testid="line-find-count">{move || {
                let (shown, all) = (tree.with(|t| t.lines), ctx.quote.with(|q| q.lines.len()));
                match lang.get() {
                    tailor_core::text::Lang::Zh => format!("显示 {shown} / {all} 行"),
                    tailor_core::text::Lang::En => format!("{shown} of {all} lines shown"),
                }
            }}</span>
        </div>
        <ColumnHeads/>
        <div class="vlist" data-testid="line-list" node_ref=list on:scroll=on_scroll on:keydown=on_key
            role="region" tabindex="-1" aria-label=move || lang.get().pick("方案明细（按站点类型、城市、站点分组）", "Solution lines by site type, city and site")>
            <div class="vspacer" style:height=move || format!("{}px", window.get().0 as f64 * ROW_PX)></div>
            <For each=shown key=|(k, _, _)| k.clone() let:((_, pos, row))>
                {match row {
                    Row::Head(h) => view! { <GroupHead tree=tree head=h/> }.into_any(),
                    Row::Line(i) => view! { <LineEntry index=i pos=pos opened=opened/> }.into_any(),
                }}
            </For>
            <div class="vspacer" style:height=move || { let (_, last, n) = window.get(); format!("{}px", (n - last) as f64 * ROW_PX) }></div>
            {move || tree.with(|t| t.rows.is_empty()).then(|| view! {
                <p class="hint empty">{tr(lang, "没有找到匹配的站点或产品行。", "No site or line matches.")}</p>
            })}
        </div>
        {move || opened.get().map(|id| view! { <LineDetail id=id opened=opened/> })}
    }
}

/// One line of the list in full, below it, as a small quote shows every line: its site, options,
/// quantity and discount, guidance, figures, findings and waterfall. Kept in step with that line
/// alone; closed by its button, or when the line is removed.
#[component]
fn LineDetail(id: String, opened: RwSignal<Option<String>>) -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let shared = Shared::new(ctx);
    let state = RowState::following(ctx, id.clone());
    let index = RwSignal::from(state.index.clone());
    Effect::new(move |_| {
        if index.with(Option::is_none) {
            opened.set(None);
        }
    });
    view! {
        <section class="line-detail" data-testid="line-detail" aria-label=move || lang.get().pick("产品行详情", "Line in full")>
            <div class="line-detail-bar">
                <h3>{move || {
                    let n = index.get().map_or(0, |i| i + 1);
                    match lang.get() {
                        tailor_core::text::Lang::Zh => format!("产品行详情：第 {n} 行"),
                        tailor_core::text::Lang::En => format!("Line {n} in full"),
                    }
                }}</h3>
                <button type="button" class="secondary" data-testid="line-detail-close" on:click=move |_| opened.set(None)>
                    {tr(lang, "收起", "Close")}
                </button>
            </div>
            <SiteNames sites=shared.sites/>
            <LineRow id=id state=state shared=shared/>
        </section>
    }
}

/// The columns of the rows below, named once above them (each row's inputs also carry their own
/// labels, so this row is for the eye only).
#[component]
fn ColumnHeads() -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let head = move |class: &'static str, zh: &'static str, en: &'static str| {
        view! { <span class=class>{move || lang.get().pick(zh, en)}</span> }
    };
    view! {
        <div class="vrow vhead" data-testid="line-heads" aria-hidden="true">
            {head("line-no", "#", "#")}
            {head("line-name", "产品", "Offering")}
            {head("line-opts", "选项", "Options")}
            {head("col-cell", "数量", "Qty")}
            {head("col-cell", "折扣 %", "Disc. %")}
            {head("fig", "月费", "Net MRC")}
            {head("fig", "合同总价", "TCV")}
            {move || (!ctx.presenting.get()).then(|| head("col-auth", "权限", "Authority"))}
            <span class="col-end"></span>
        </div>
    }
}

/// Moves the focus from the field the key was pressed in to the same field of the line
/// `delta` rows away (group heads skipped), bringing it on screen; returns the list's new
/// scroll position. Only text fields: a select's arrows choose.
fn step_focus(
    ev: &leptos::ev::KeyboardEvent,
    delta: isize,
    tree: Memo<Tree>,
    list: NodeRef<leptos::html::Div>,
) -> Option<f64> {
    let target = ev.target()?.dyn_into::<web_sys::HtmlInputElement>().ok()?;
    let field = target.get_attribute("data-testid")?;
    let row = target.closest("[data-pos]").ok()??;
    let pos: isize = row.get_attribute("data-pos")?.parse().ok()?;
    let next = tree.with_untracked(|t| {
        let mut p = pos + delta;
        while let Some(r) = usize::try_from(p).ok().and_then(|p| t.rows.get(p)) {
            if matches!(r, Row::Line(_)) {
                return Some(p as usize);
            }
            p += delta;
        }
        None
    })?;
    let el = list.get_untracked()?;
    let (top, h) = (el.scroll_top() as f64, el.client_height() as f64);
    let y = next as f64 * ROW_PX;
    let to = if y < top {
        y
    } else if y + ROW_PX > top + h {
        y + ROW_PX - h
    } else {
        top
    };
    el.set_scroll_top(to as i32);
    // Focused once the row is drawn (after the window moves).
    let selector = format!("[data-pos=\"{next}\"] [data-testid=\"{field}\"]");
    request_animation_frame(move || {
        if let Ok(Some(e)) = document().query_selector(&selector) {
            if let Ok(e) = e.dyn_into::<web_sys::HtmlElement>() {
                let _ = e.focus();
            }
        }
    });
    Some(to)
}

/// A group's head: its title, how many sites and lines it holds, and their net totals.
#[component]
fn GroupHead(tree: Memo<Tree>, head: usize) -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let title = Memo::new(move |_| {
        tree.with(|t| {
            t.heads
                .get(head)
                .map(|h| (h.level, h.title.clone(), h.sites))
                .unwrap_or_default()
        })
    });
    let sub = Memo::new(move |_| tree.with(|t| ctx.priced.with(|p| t.subtotal(head, p))));
    let level = title.get_untracked().0;
    view! {
        <h3 class=format!("vrow group-head level-{level}") data-testid="group-head">
            <span class="group-name">{move || title.get().1}</span>
            <span class="group-count">{move || {
                let (l, (lvl, _, sites), s) = (lang.get(), title.get(), sub.get());
                let lines = match l { tailor_core::text::Lang::Zh => format!("{} 行", s.lines), tailor_core::text::Lang::En => format!("{} lines", s.lines) };
                if lvl < 2 && sites > 0 {
                    match l { tailor_core::text::Lang::Zh => format!("{sites} 个站点 · {lines}"), tailor_core::text::Lang::En => format!("{sites} sites · {lines}") }
                } else { lines }
            }}</span>
            <span class="group-sum" data-testid="group-mrc">{move || format!("{} {}", lang.get().pick("月费", "MRC"), yuan(sub.get().mrc))}</span>
            <span class="group-sum" data-testid="group-tcv">{move || format!("{} {}", lang.get().pick("合同总价", "TCV"), yuan(sub.get().tcv))}</span>
        </h3>
    }
}
