//! The proposal of a quote with many sites: its summaries per site type and per city (sites,
//! lines, net monthly, one-time and contract value; `core::site_summary`), whether the per-site
//! appendix is printed, and the per-site sheet for the delivery team (`core::site_sheet`), CSV or
//! XLSX, made and written in the spreadsheet worker (`crate::sheets`), so the configurator's
//! bundle carries neither.

use crate::files::download;
use crate::format::yuan;
use crate::i18n::{tr, Pick};
use crate::state::use_ctx;
use leptos::prelude::*;
use tailor_core::catalog::Catalog;
use tailor_core::pricing::Priced;
use tailor_core::quote::Quote;
use tailor_core::site_summary::{self, By, Group};
use tailor_core::text::{Lang, Text};
use tailor_core::{demo, quote_file};

/// Up to this many sites with lines, the appendix is printed unless the seller says not; above,
/// it is not unless the seller says so (a 1,500-site appendix is hundreds of pages).
pub const APPENDIX_SITES: usize = 50;

/// Whether the per-site appendix is printed when the seller has not said.
pub fn appendix_by_default(q: &Quote) -> bool {
    site_summary::sites_with_lines(q) <= APPENDIX_SITES
}

/// The summaries per site type and per city.
pub fn summaries(q: &Quote, p: &Priced, catalog: &Catalog, l: Lang) -> impl IntoView {
    let type_name = |key: &str| {
        catalog
            .site_type(key)
            .map_or_else(|| key.to_string(), |t| t.name.get(l).to_string())
    };
    let by_type = site_summary::summary(q, p, By::SiteType);
    let by_city = site_summary::summary(q, p, By::City);
    view! {
        <div class="p-summaries">
            {summary_table(l.pick("按站点类型", "By site type"), "p-by-type", by_type, &type_name, l)}
            {summary_table(l.pick("按城市", "By city"), "p-by-city", by_city, &|k: &str| k.to_string(), l)}
        </div>
    }
}

fn summary_table(
    title: &'static str,
    testid: &'static str,
    groups: Vec<Group>,
    name: &dyn Fn(&str) -> String,
    l: Lang,
) -> impl IntoView {
    let label = |g: &Group| match g.key.as_str() {
        "" => l.pick("全部站点", "All sites").to_string(),
        "-" => l.pick("未填写", "Not given").to_string(),
        k => name(k),
    };
    view! {
        <table class="p-table p-summary" data-testid=testid>
            <thead>
                <tr>
                    <th class="c-name">{title}</th>
                    <th>{l.pick("站点数", "Sites")}</th>
                    <th>{l.pick("产品行", "Lines")}</th>
                    <th>{l.pick("月费", "Monthly")}</th>
                    <th>{l.pick("一次性费用", "One-time")}</th>
                    <th>{l.pick("合同总价", "Contract value")}</th>
                </tr>
            </thead>
            <tbody>
                {groups.iter().map(|g| view! {
                    <tr class="p-line" data-key=g.key.clone()>
                        <td class="c-name">{label(g)}</td>
                        <td class="num">{g.sites}</td>
                        <td class="num">{g.lines}</td>
                        <td class="num">{yuan(g.net.mrc)}</td>
                        <td class="num">{yuan(g.net.nrc)}</td>
                        <td class="num">{yuan(g.net.tcv)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// Above the proposal, never printed: the appendix choice and the per-site sheet's downloads,
/// when lines are at sites.
#[component]
pub fn SiteBar(appendix: RwSignal<Option<bool>>) -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let error = RwSignal::new(None::<Text>);
    let busy = RwSignal::new(false);
    let shown = move || ctx.quote.with(|q| q.lines.iter().any(|l| l.site.is_some()));
    let checked = move || {
        appendix
            .get()
            .unwrap_or_else(|| ctx.quote.with(appendix_by_default))
    };
    // The sheet is made and written in the spreadsheet worker, CSV as XLSX.
    let export = move |xlsx: bool| {
        let l = lang.get_untracked();
        let (job, name) = ctx.data.with_untracked(|d| {
            ctx.quote.with_untracked(|q| {
                let base = quote_file::file_name(q).replace(quote_file::EXTENSION, "");
                let ext = if xlsx { "xlsx" } else { "csv" };
                let name = d.file_name(format!("{base}-{}.{ext}", l.pick("站点明细", "sites")));
                let job = crate::sheets::SiteSheet {
                    catalog: (*d.catalog).clone(),
                    quote: q.clone(),
                    priced: ctx.priced.with_untracked(|p| (**p).clone()),
                    lang: l,
                    xlsx,
                    mark: d.demo().then(|| demo::MARK.to_string()),
                };
                (job, name)
            })
        });
        error.set(None);
        busy.set(true);
        leptos::task::spawn_local(async move {
            let written = crate::sheets::site_file(job).await;
            busy.set(false);
            let mime = match xlsx {
                true => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                false => "text/csv;charset=utf-8",
            };
            match written {
                Ok(bytes) => {
                    if let Err(e) = download(&name, mime, &bytes) {
                        leptos::logging::warn!("per-site sheet export failed: {e}");
                    }
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    move || {
        shown().then(|| view! {
            <div class="proposal-sites no-print" data-testid="proposal-sites">
                <label>
                    <input type="checkbox" data-testid="appendix-toggle"
                        prop:checked=checked
                        on:change=move |e| appendix.set(Some(event_target_checked(&e)))/>
                    {move || ctx.quote.with(|q| format!("{}{}{}",
                        lang.get().pick("打印站点明细附录（", "Print the per-site appendix ("),
                        site_summary::sites_with_lines(q),
                        lang.get().pick(" 个站点）", " sites)")))}
                </label>
                <button class="secondary" data-testid="export-sites-csv" on:click=move |_| export(false) disabled=move || busy.get()>
                    {tr(lang, "站点明细 CSV", "Per-site CSV")}
                </button>
                <button class="secondary" data-testid="export-sites-xlsx" on:click=move |_| export(true) disabled=move || busy.get()>
                    {tr(lang, "站点明细 XLSX", "Per-site XLSX")}
                </button>
                {move || error.get().map(|e| view! {
                    <p class="error" role="alert" data-testid="export-sites-error">{e.get(lang.get()).to_string()}</p>
                })}
            </div>
        })
    }
}
