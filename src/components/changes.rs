//! Two versions of one lineage compared (`core::diff`): the lines added, removed and changed,
//! every net price delta and the totals' net and gross deltas, on screen and as the printable
//! "changes since V1" page for the customer (the proposal's print style). Each version is priced
//! on the signed catalog and policy it names, as the library judges it; never a stored figure.
//! Only customer-facing prices: nothing here is seller-only.

use crate::autosave::use_autosave;
use crate::format::yuan;
use crate::i18n::{tr, Pick};
use crate::library;
use crate::state::{use_ctx, Ctx, Screen};
use leptos::prelude::*;
use leptos::task::spawn_local;
use tailor_core::approval::file::read_quote_file;
use tailor_core::diff::{self, Figures, LineDiff, VersionDiff};
use tailor_core::money::Fen;
use tailor_core::pricing::Priced;
use tailor_core::quote::Quote;
use tailor_core::text::Lang;
use tailor_core::{trust, version};

/// One stored version with its price now.
#[derive(Clone)]
struct Priced1 {
    quote: Quote,
    priced: Priced,
}

/// The versions of `lineage` in the library, oldest first, each priced on the versions it names.
async fn versions_of(ctx: Ctx, lineage: &str) -> Vec<Priced1> {
    let stored = library::everything().await.unwrap_or_default();
    let mut out: Vec<Priced1> = ctx.data.with_untracked(|d| {
        stored
            .iter()
            .filter(|(s, _)| s.lineage() == lineage)
            .filter_map(|(s, text)| read_quote_file(&s.id, text.as_bytes()).ok())
            .map(|(file, _)| {
                let (priced, _, _) =
                    trust::price_named(&d.versions, &d.catalog, &d.policy, &file.quote);
                Priced1 {
                    quote: file.quote,
                    priced,
                }
            })
            .collect()
    });
    out.sort_by(|a, b| (a.quote.version, &a.quote.id).cmp(&(b.quote.version, &b.quote.id)));
    out
}

/// A delta with its sign: `+¥10.00`, `−¥5.00`, `¥0.00`.
fn signed(fen: Fen) -> String {
    match fen {
        f if f > 0 => format!("+{}", yuan(f)),
        f if f < 0 => format!("−{}", yuan(f.saturating_neg())),
        _ => yuan(0),
    }
}

#[component]
pub fn ChangesScreen() -> impl IntoView {
    let ctx = use_ctx();
    let auto = use_autosave();
    let lang = ctx.lang;
    let versions = RwSignal::new(None::<Vec<Priced1>>);
    let from = RwSignal::new(0usize);
    let to = RwSignal::new(0usize);
    Effect::new(move |_| {
        let lineage = ctx.lineage_shown.get();
        spawn_local(async move {
            auto.flush(ctx).await;
            let list = versions_of(ctx, &lineage).await;
            from.set(0);
            to.set(list.len().saturating_sub(1));
            versions.set(Some(list));
        });
    });
    let picker = move |label: (&'static str, &'static str),
                       testid: &'static str,
                       pick: RwSignal<usize>| {
        view! {
            <label class="field">
                <span>{tr(lang, label.0, label.1)}</span>
                <select data-testid=testid on:change=move |ev| pick.set(event_target_value(&ev).parse().unwrap_or(0))>
                    {move || {
                        let l = lang.get();
                        versions.get().unwrap_or_default().into_iter().enumerate().map(|(i, v)| view! {
                            <option value=i.to_string() selected=move || pick.get() == i>
                                {version::label(&v.quote).get(l).to_string()}
                            </option>
                        }).collect_view()
                    }}
                </select>
            </label>
        }
    };
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            // Best effort: a browser that refuses leaves the page on screen.
            let _ = w.print();
        }
    };
    view! {
        <main class="proposal-screen" data-testid="changes-screen">
            <div class="proposal-bar no-print">
                <button class="secondary" data-testid="back-to-library" on:click=move |_| ctx.show(Screen::Library)>
                    {tr(lang, "← 返回方案库", "← Back to the library")}
                </button>
                {picker(("较早版本", "Older version"), "changes-from", from)}
                {picker(("较新版本", "Newer version"), "changes-to", to)}
                <button class="primary" data-testid="print-changes" on:click=print>{tr(lang, "打印 / PDF", "Print / PDF")}</button>
            </div>
            {move || {
                let l = lang.get();
                let list = versions.get()?;
                let (a, b) = (list.get(from.get())?, list.get(to.get())?);
                let d = diff::diff(&a.quote, &a.priced, &b.quote, &b.priced);
                Some(document(ctx, &a.quote, &b.quote, &d, l))
            }}
        </main>
    }
}

/// The printable page: what changed from `old` to `new`, for the customer.
fn document(ctx: Ctx, old: &Quote, new: &Quote, d: &VersionDiff, l: Lang) -> impl IntoView {
    let title = format!(
        "{} V{}{}",
        l.pick("自", "Changes since"),
        d.from_version,
        l.pick(" 以来的变更", "")
    );
    let rows: Vec<_> = d.lines.iter().map(|x| line_row(ctx, x, l)).collect();
    let term = d.term_months.map(|[a, b]| {
        format!(
            "{}{a} → {b}{}",
            l.pick("合同期：", "Term: "),
            l.pick(" 个月", " months")
        )
    });
    view! {
        <article class="proposal changes" data-testid="changes" lang=l.pick("zh-CN", "en")>
            <header class="p-header">
                <div>
                    <div class="p-operator">{ctx.data.with_untracked(|x| x.catalog.operator.get(l).to_string())}</div>
                    <h1 data-testid="changes-title">{title}</h1>
                </div>
                <dl class="p-meta">
                    <dt>{l.pick("客户", "Customer")}</dt><dd>{new.customer.name.clone()}</dd>
                    <dt>{l.pick("较早版本", "Older version")}</dt><dd>{format!("{}-V{} · {}", old.id, old.version, old.date)}</dd>
                    <dt>{l.pick("较新版本", "Newer version")}</dt><dd>{format!("{}-V{} · {}", new.id, new.version, new.date)}</dd>
                </dl>
            </header>
            {term.map(|t| view! { <p data-testid="changes-term">{t}</p> })}
            {if d.is_empty() {
                view! { <p class="hint" data-testid="changes-none">{l.pick("两个版本没有差别。", "The two versions do not differ.")}</p> }.into_any()
            } else {
                view! {
                    <table class="p-table">
                        <thead><tr>
                            <th scope="col">{l.pick("产品", "Offering")}</th>
                            <th scope="col">{l.pick("变更", "Change")}</th>
                            <th scope="col" class="num">{l.pick("原月费（不含税）", "Monthly before (tax-excl.)")}</th>
                            <th scope="col" class="num">{l.pick("新月费（不含税）", "Monthly after (tax-excl.)")}</th>
                            <th scope="col" class="num">{l.pick("月费差额", "Monthly change")}</th>
                            <th scope="col" class="num">{l.pick("一次性费用差额", "One-time change")}</th>
                            <th scope="col" class="num">{l.pick("合同总价差额", "TCV change")}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                }.into_any()
            }}
            {totals(d, l)}
        </article>
    }
}

fn line_row(ctx: Ctx, x: &LineDiff, l: Lang) -> impl IntoView {
    let name = ctx.data.with_untracked(|d| {
        d.catalog
            .offering(&x.offering)
            .map_or_else(|| x.offering.clone(), |o| o.name.get(l).to_string())
    });
    let tags = x
        .changes
        .iter()
        .map(|c| c.text().get(l).to_string())
        .collect::<Vec<_>>()
        .join(l.pick("、", ", "));
    let mrc = |f: Option<Figures>| f.map_or_else(|| "—".to_string(), |f| yuan(f.net.mrc));
    view! {
        <tr class="p-line" data-testid="change-row" data-line=x.line_id.clone()>
            <td>{name}</td>
            <td data-testid="change-kind">{tags}</td>
            <td class="num">{mrc(x.before)}</td>
            <td class="num">{mrc(x.after)}</td>
            <td class="num" data-testid="change-mrc">{signed(x.delta.net.mrc)}</td>
            <td class="num">{signed(x.delta.net.nrc)}</td>
            <td class="num" data-testid="change-tcv">{signed(x.delta.net.tcv)}</td>
        </tr>
    }
}

fn totals(d: &VersionDiff, l: Lang) -> impl IntoView {
    let row = |label: &'static str, testid: &'static str, pick: fn(&Figures) -> (Fen, Fen)| {
        let (b, a, x) = (pick(&d.before), pick(&d.after), pick(&d.delta));
        view! {
            <tr data-testid=testid>
                <th scope="row">{label}</th>
                <td class="num">{format!("{} / {}", yuan(b.0), yuan(b.1))}</td>
                <td class="num">{format!("{} / {}", yuan(a.0), yuan(a.1))}</td>
                <td class="num">{format!("{} / {}", signed(x.0), signed(x.1))}</td>
            </tr>
        }
    };
    view! {
        <table class="p-sum p-totals" data-testid="changes-totals">
            <thead><tr>
                <th scope="col">{l.pick("合计（不含税 / 含税）", "Totals (tax-excl. / incl.)")}</th>
                <th scope="col" class="num">{format!("V{}", d.from_version)}</th>
                <th scope="col" class="num">{format!("V{}", d.to_version)}</th>
                <th scope="col" class="num">{l.pick("差额", "Change")}</th>
            </tr></thead>
            <tbody>
                {row(l.pick("月费", "Monthly"), "changes-mrc", |f| (f.net.mrc, f.gross.mrc))}
                {row(l.pick("一次性费用", "One-time"), "changes-nrc", |f| (f.net.nrc, f.gross.nrc))}
                {row(l.pick("合同总价", "TCV"), "changes-total-tcv", |f| (f.net.tcv, f.gross.tcv))}
            </tbody>
        </table>
    }
}
