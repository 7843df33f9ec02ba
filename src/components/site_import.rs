//! "Import sites": the customer's site list from a CSV or XLSX file. The spreadsheet worker loaded
//! on first use reads it into rows and plans the import (`crate::sheets`, `core::site_import`); the seller sees
//! the columns as guessed from the headers and can change them, the first rows, what the import
//! would add and update, and every bad row with its row, column and problem. Nothing changes until
//! the seller confirms ([`Ctx::import_sites`], undoable).

use crate::files::on_one_chosen;
use crate::i18n::{tr, Pick};
use crate::state::{use_ctx, Ctx};
use leptos::prelude::*;
use leptos::task::spawn_local;
use tailor_core::limits;
use tailor_core::site_import::{Field, Mapping, Plan, Table, PREVIEW_ROWS};
use tailor_core::text::Text;

/// The import under way: the file's rows, the mapping chosen and what it would do.
#[derive(Clone, Copy)]
struct Import {
    file: RwSignal<Option<(String, Table)>>,
    mapping: RwSignal<Mapping>,
    plan: RwSignal<Option<Result<Plan, Text>>>,
    error: RwSignal<Option<Text>>,
    busy: RwSignal<bool>,
}

impl Import {
    fn close(self) {
        self.file.set(None);
        self.plan.set(None);
    }

    /// Plans the import of the file under the mapping, in the worker.
    fn replan(self, ctx: Ctx) {
        let Some((_, table)) = self.file.get_untracked() else {
            return;
        };
        let mut quote = ctx.quote.get_untracked();
        // The plan compares sites only: the lines stay on the page.
        quote.lines.clear();
        let job = crate::sheets::SitePlan {
            catalog: ctx.data.with_untracked(|d| (*d.catalog).clone()),
            quote,
            table,
            mapping: self.mapping.get_untracked(),
        };
        self.busy.set(true);
        self.plan.set(None);
        spawn_local(async move {
            let plan = crate::sheets::plan_sites(job).await;
            self.busy.set(false);
            self.plan.set(Some(plan));
        });
    }
}

#[component]
pub fn SiteImport() -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let import = Import {
        file: RwSignal::new(None),
        mapping: RwSignal::new(Mapping::default()),
        plan: RwSignal::new(None),
        error: RwSignal::new(None),
        busy: RwSignal::new(false),
    };
    let chosen = on_one_chosen(limits::SITE_LIST.max_bytes, move |file| async move {
        import.error.set(None);
        import.close();
        let (name, bytes) = match file {
            Ok(f) => f,
            Err((name, size)) => {
                import
                    .error
                    .set(Some(limits::too_large(&name, size, &limits::SITE_LIST)));
                return;
            }
        };
        import.busy.set(true);
        let read = crate::sheets::read_sites(name.clone(), bytes).await;
        import.busy.set(false);
        match read {
            Ok(table) => {
                import
                    .mapping
                    .set(tailor_core::site_import::guess(&table.headers));
                import.file.set(Some((name, table)));
                import.replan(ctx);
            }
            Err(e) => import.error.set(Some(e)),
        }
    });
    view! {
        <div class="site-import">
            <label class="button secondary">
                {tr(lang, "从表格导入站点（CSV / XLSX）", "Import sites (CSV / XLSX)")}
                <input type="file" class="sr-only" data-testid="import-sites"
                    accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                    on:change=chosen/>
            </label>
            {move || import.busy.get().then(|| view! {
                <span class="hint" data-testid="import-busy">{tr(lang, "正在读取…", "Reading…")}</span>
            })}
            {move || import.error.get().map(|e| view! {
                <p class="msg error" role="alert" data-testid="import-error">{e.get(lang.get()).to_string()}</p>
            })}
            {move || import.file.with(Option::is_some).then(|| view! { <ImportPreview import=import/> })}
        </div>
    }
}

#[component]
fn ImportPreview(import: Import) -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let table = move || {
        import
            .file
            .with(|f| f.as_ref().map(|(_, t)| t.clone()).unwrap_or_default())
    };
    let name = move || {
        import
            .file
            .with(|f| f.as_ref().map(|(n, _)| n.clone()).unwrap_or_default())
    };
    let set_column = move |column: usize, value: String| {
        let field = Field::ALL.into_iter().find(|f| field_key(*f) == value);
        import.mapping.update(|m| {
            if m.columns.len() <= column {
                m.columns.resize(column + 1, None);
            }
            m.columns[column] = field;
        });
        import.replan(ctx);
    };
    let confirm = move |_| {
        let Some(Ok(plan)) = import.plan.get_untracked() else {
            return;
        };
        match ctx.import_sites(&plan) {
            Ok(()) => import.close(),
            Err(e) => import.error.set(Some(e)),
        }
    };
    view! {
        <div class="import-preview" role="dialog" aria-labelledby="import-h" data-testid="import-preview">
            <h4 id="import-h">{move || format!("{} {}", lang.get().pick("导入站点：", "Import sites:"), name())}</h4>
            <p class="hint">{tr(lang, "核对每一列对应的站点字段（按表头猜测，可修改），确认后才导入。", "Check which site field each column fills (guessed from the headers; change it if wrong). Nothing is imported until you confirm.")}</p>
            <div class="import-table">
                <table>
                    <thead>
                        <tr>
                            {move || {
                                let l = lang.get();
                                table().headers.into_iter().enumerate().map(|(i, h)| {
                                    let current = import.mapping.with_untracked(|m| m.columns.get(i).copied().flatten());
                                    view! {
                                        <th>
                                            <div>{h}</div>
                                            <select data-testid="map-column" data-column=i.to_string()
                                                on:change=move |ev| set_column(i, event_target_value(&ev))>
                                                <option value="" selected=current.is_none()>{l.pick("— 不读取 —", "— not read —")}</option>
                                                {Field::ALL.into_iter().map(|f| view! {
                                                    <option value=field_key(f) selected=current == Some(f)>{f.text().get(l).to_string()}</option>
                                                }).collect_view()}
                                            </select>
                                        </th>
                                    }
                                }).collect_view()
                            }}
                        </tr>
                    </thead>
                    <tbody>
                        {move || table().rows.into_iter().take(PREVIEW_ROWS).map(|r| view! {
                            <tr>{r.cells.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}</tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            {move || {
                let l = lang.get();
                match import.plan.get() {
                    None => view! { <p class="hint">{l.pick("正在核对…", "Checking…")}</p> }.into_any(),
                    Some(Err(e)) => view! { <p class="msg error" data-testid="import-summary">{e.get(l).to_string()}</p> }.into_any(),
                    Some(Ok(plan)) => {
                        let rows = table().rows.len();
                        let summary = summary(&plan, rows).get(l).to_string();
                        view! {
                            <p class="import-summary" data-testid="import-summary">{summary}</p>
                            {(!plan.errors.is_empty()).then(|| view! {
                                <ul class="findings import-errors" data-testid="import-errors">
                                    {plan.errors.iter().map(|e| view! {
                                        <li class="finding error" data-row=e.row.to_string()>{e.message.get(l).to_string()}</li>
                                    }).collect_view()}
                                </ul>
                            })}
                        }.into_any()
                    }
                }
            }}
            <div class="actions">
                <button class="primary" data-testid="import-confirm"
                    disabled=move || !import.plan.with(|p| matches!(p, Some(Ok(p)) if !p.new.is_empty() || !p.updated.is_empty()))
                    on:click=confirm>
                    {move || {
                        let l = lang.get();
                        match import.plan.get() {
                            Some(Ok(p)) if !p.errors.is_empty() => l.pick("导入无误的行（跳过有问题的行）", "Import the good rows (skip the bad ones)"),
                            _ => l.pick("确认导入", "Import"),
                        }
                    }}
                </button>
                <button class="secondary" data-testid="import-cancel" on:click=move |_| import.close()>
                    {tr(lang, "取消", "Cancel")}
                </button>
            </div>
        </div>
    }
}

/// What the import would do, in both languages.
fn summary(plan: &Plan, rows: usize) -> Text {
    let (n, u, s, e) = (
        plan.new.len(),
        plan.updated.len(),
        plan.unchanged,
        plan.errors.len(),
    );
    Text::new(
        format!("共 {rows} 行：新增 {n} 个站点，更新 {u} 个，{s} 个不变，{e} 个问题"),
        format!("{rows} rows: {n} new sites, {u} updated, {s} unchanged, {e} problems"),
    )
}

/// A field's value in the column selects.
fn field_key(f: Field) -> &'static str {
    match f {
        Field::Name => "name",
        Field::City => "city",
        Field::District => "district",
        Field::Address => "address",
        Field::SiteType => "site_type",
        Field::Contact => "contact",
    }
}
