//! Quote files and CSV: export the quote, import one back (never replacing the quote on screen
//! without asking), and the notice for a quote priced on another catalog.

use super::link_import::PasteLinkButton;
use crate::approvals;
use crate::files::{download, on_one_chosen};
use crate::i18n::{tr, Pick};
use crate::state::use_ctx;
use leptos::prelude::*;
use tailor_core::approval::Approval;
use tailor_core::quote_file::{self, QuoteFile};
use tailor_core::text::Text;
use tailor_core::trust::Basis;
use tailor_core::{csv, demo, reprice};

/// A file read and checked, waiting for the user's word before it replaces the quote on screen.
#[derive(Clone)]
struct Pending {
    name: String,
    file: QuoteFile,
    /// The signed approvals the file carries, already read.
    approvals: Vec<Approval>,
}

#[component]
pub fn FileActions() -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let pending = RwSignal::new(None::<Pending>);
    let error = RwSignal::new(None::<Text>);
    let auto = crate::autosave::use_autosave();
    // The CSV for the customer's procurement hands the proposal over: this version is frozen and
    // stored at once. The quote file is the seller's working file (to another device, to
    // approvers, a backup): exporting it freezes nothing.
    let hand_over = move || {
        ctx.hand_over();
        leptos::task::spawn_local(async move {
            auto.flush(ctx).await;
        });
    };
    let export = move |_| {
        let (name, text) = (
            ctx.quote.with_untracked(quote_file::file_name),
            ctx.file_json(),
        );
        let name = ctx.data.with_untracked(|d| d.file_name(name));
        if let Err(e) = download(&name, "application/json", text.as_bytes()) {
            leptos::logging::warn!("export failed: {e}");
        }
    };
    let export_csv = move |_| {
        hand_over();
        let l = lang.get_untracked();
        let (bytes, name) = ctx.data.with_untracked(|d| {
            let bytes = ctx.quote.with_untracked(|q| {
                ctx.priced
                    .with_untracked(|p| csv::lines_csv(&d.catalog, q, p, l))
            });
            let name = ctx.quote.with_untracked(|q| {
                quote_file::file_name(q).replace(quote_file::EXTENSION, ".csv")
            });
            match d.demo() {
                true => (csv::with_mark(&bytes, demo::MARK), d.file_name(name)),
                false => (bytes, name),
            }
        });
        if let Err(e) = download(&name, "text/csv;charset=utf-8", &bytes) {
            leptos::logging::warn!("CSV export failed: {e}");
        }
    };
    let export_error = RwSignal::new(None::<Text>);
    let export_tmf = move |_| {
        export_error.set(None);
        let proposal = ctx.proposal_for_export();
        let name = ctx.quote.with_untracked(|q| {
            quote_file::file_name(q).replace(quote_file::EXTENSION, ".tmf648.json")
        });
        let name = ctx.data.with_untracked(|d| d.file_name(name));
        leptos::task::spawn_local(async move {
            match crate::worker::tmf648(proposal).await {
                Ok(json) => {
                    if let Err(e) = download(&name, "application/json", json.as_bytes()) {
                        leptos::logging::warn!("TMF648 export failed: {e}");
                    }
                }
                Err(e) => export_error.set(Some(e)),
            }
        });
    };
    let on_choose = on_one_chosen(quote_file::MAX_FILE_BYTES, move |chosen| async move {
        match approvals::open_chosen(chosen) {
            Ok((name, file, approvals)) => {
                error.set(None);
                pending.set(Some(Pending {
                    name,
                    file,
                    approvals,
                }));
            }
            Err(e) => error.set(Some(e)),
        }
    });
    view! {
        <div class="file-actions" role="group" aria-label=tr(lang, "报价文件", "Quote files")>
            <button class="toggle" data-testid="export-quote" on:click=export>{tr(lang, "导出报价", "Export quote")}</button>
            <label class="toggle file-label">
                {tr(lang, "导入报价", "Import quote")}
                <input type="file" accept=".json,application/json" data-testid="import-quote" class="sr-only" on:change=on_choose/>
            </label>
            <button class="toggle" data-testid="export-csv" on:click=export_csv>"CSV"</button>
            <button class="toggle" data-testid="export-tmf648" title=tr(lang, "TM Forum TMF648 报价，供运营商 BSS 导入", "TM Forum TMF648 quote, for the operator's BSS")
                on:click=export_tmf>"TMF648"</button>
            <PasteLinkButton class="toggle" testid="paste-link-files"/>
        </div>
        {move || export_error.get().map(|e| view! {
            <p class="error" role="alert" data-testid="export-error">{move || e.get(lang.get()).to_string()}</p>
        })}
        {move || error.get().map(|e| {
            let l = lang.get();
            view! {
                <div class="dialog-backdrop">
                    <div class="dialog" role="alertdialog" aria-labelledby="import-error-h" data-testid="import-error">
                        <h2 id="import-error-h">{l.pick("无法打开此文件", "This file cannot be opened")}</h2>
                        <p>{e.get(l).to_string()}</p>
                        <p class="hint">{l.pick("当前报价未作任何改动。", "The quote on screen is unchanged.")}</p>
                        <button class="primary" autofocus on:click=move |_| error.set(None)>{l.pick("知道了", "OK")}</button>
                    </div>
                </div>
            }
        })}
        {move || pending.get().map(|p| view! { <ImportDialog pending=p on_done=move || pending.set(None)/> })}
    }
}

#[component]
fn ImportDialog(
    pending: Pending,
    on_done: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let l = lang.get_untracked();
    let Pending {
        name,
        file,
        approvals,
    } = pending;
    let carried = approvals.len();
    let approvals = StoredValue::new(approvals);
    let on_screen = ctx
        .quote
        .with_untracked(|q| !q.lines.is_empty() || !q.customer.name.trim().is_empty());
    let stale = ctx
        .data
        .with_untracked(|d| reprice::stale(&file.quote, &d.catalog, &d.policy));
    let current = ctx
        .data
        .with_untracked(|d| (d.catalog.version.clone(), d.policy.version.clone()));
    let customer = file.quote.customer.name.clone();
    let versions = format!(
        "{} {} · {} {}",
        l.pick("目录", "catalog"),
        file.quote.catalog_version,
        l.pick("政策", "policy"),
        file.quote.policy_version
    );
    let file = StoredValue::new(file);
    let open = move |reprice_now: bool| {
        ctx.open_file(file.get_value(), approvals.get_value());
        if reprice_now {
            ctx.reprice();
        }
        on_done();
    };
    view! {
        <div class="dialog-backdrop">
            <div class="dialog" role="dialog" aria-labelledby="import-h" data-testid="import-dialog">
                <h2 id="import-h">{l.pick("打开报价文件", "Open quote file")}</h2>
                <p><b>{name}</b></p>
                <p>{format!("{}{}", l.pick("客户：", "Customer: "), customer)}</p>
                {(carried > 0).then(|| view! {
                    <p data-testid="import-approvals-count">{format!("{}{carried}", l.pick("附带签名审批：", "Signed approvals carried: "))}</p>
                })}
                <p data-testid="import-versions">{format!("{}{}", l.pick("报价时使用：", "Priced on: "), versions)}</p>
                {on_screen.then(|| view! { <p class="finding warning">{l.pick("打开后将替换屏幕上的当前报价。", "Opening it replaces the quote on screen.")}</p> })}
                {stale.then(|| view! {
                    <p class="finding warning" data-testid="import-stale">{format!("{} {} · {} {}", l.pick("当前目录与政策版本为", "The current catalog and policy are"), current.0, l.pick("政策", "policy"), current.1)}</p>
                })}
                <div class="actions">
                    <button class="primary" data-testid="import-open" on:click=move |_| open(false)>{l.pick("打开", "Open")}</button>
                    {stale.then(|| view! {
                        <button class="secondary" data-testid="import-reprice" on:click=move |_| open(true)>{l.pick("打开并按当前目录重新报价", "Open and reprice on the current catalog")}</button>
                    })}
                    <button class="secondary" data-testid="import-cancel" on:click=move |_| on_done()>{l.pick("取消", "Cancel")}</button>
                </div>
            </div>
        </div>
    }
}

/// Shown while the quote on screen names another catalog or policy than the pair in use: a
/// signed version kept on this device (its price is computed on it), or one the device does not
/// have ("needs repricing": the figures are the current catalog's, and the file's own figures
/// show only "as exported, not verified"). What repricing changes, and the button to do it.
#[component]
pub fn StaleNotice() -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let stale = Memo::new(move |_| {
        ctx.data
            .with(|d| ctx.quote.with(|q| reprice::stale(q, &d.catalog, &d.policy)))
    });
    move || {
        stale.get().then(|| {
            let l = lang.get();
            let needs = ctx.basis.with(|b| *b != Basis::Named);
            let (versions, current) = ctx.data.with(|d| {
                ctx.quote.with(|q| (format!("{} / {}", q.catalog_version, q.policy_version), format!("{} / {}", d.catalog.version, d.policy.version)))
            });
            // What repricing on the current pair changes: from the price on the quote's own
            // versions, or, lacking them, from the figures the file carried (not verified).
            let old = if needs { ctx.snapshot.get() } else { Some(ctx.priced.with(|p| (**p).clone())) };
            let changes = old.map(|old| {
                ctx.data.with(|d| {
                    let new = ctx.quote.with(|q| tailor_core::pricing::price(&d.catalog, &d.policy, q));
                    let mut v: Vec<String> = reprice::changes(&old, &new).iter().map(|c| reprice::describe(c, &d.catalog, l)).collect();
                    let t = reprice::totals(&old, &new);
                    if t.changed() {
                        v.push(reprice::describe_totals(&t, l));
                    }
                    v
                })
            });
            let title = if needs {
                format!("{} {}{} {}", l.pick("需按当前目录重新报价：本设备没有此报价所用的目录/政策", "Needs repricing on the current catalog: this device does not have catalog/policy"), versions, l.pick("；当前为", "; current is"), current)
            } else {
                format!("{} {}；{} {}", l.pick("此报价按本设备保存的已签名目录/政策", "Priced on the signed catalog/policy kept on this device"), versions, l.pick("当前为", "current is"), current)
            };
            view! {
                <div class="stale" role="status" data-testid="stale-notice">
                    <p><b>{title}</b></p>
                    {(needs && changes.is_some()).then(|| view! { <p data-testid="as-exported">{l.pick("与文件中导出时的数字相比（导出时数字，未经验证）：", "Compared with the figures in the file (as exported, not verified):")}</p> })}
                    {changes.map(|c| view! {
                        <ul data-testid="stale-changes">
                            {if c.is_empty() { vec![l.pick("按当前目录重新报价不改变任何价格。", "Repricing on the current catalog changes no price.").to_string()] } else { c }
                                .into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}
                        </ul>
                    })}
                    <button class="secondary" data-testid="reprice-current" on:click=move |_| ctx.reprice()>{l.pick("按当前目录重新报价", "Reprice on the current catalog")}</button>
                </div>
            }
        })
    }
}
