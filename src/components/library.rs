//! The proposal library screen (方案库): every stored proposal ([`super::library_row`]) to open,
//! duplicate, rename and delete (with undo), found by name, customer or id; a new proposal; and
//! the library's backup ([`super::library_backup`]).

use super::library_backup::{choose_backup, export_all, ImportDialog, ImportPlan};
use super::library_notice::{failed, Notice};
use super::library_row::Row;
use crate::autosave::{use_autosave, OpenError};
use crate::backup::{self, Incoming};
use crate::i18n::{tr, Pick};
use crate::library::{self, Summary};
use crate::state::{quote_id, today, use_ctx, Screen};
use leptos::prelude::*;
use leptos::task::spawn_local;
use tailor_core::text::Text;

/// A proposal removed a moment ago, to put back.
#[derive(Clone)]
struct Removed {
    summary: Summary,
    file: String,
    was_open: bool,
}

/// An action refused because the proposal on screen could not be stored first.
#[derive(Clone)]
enum Unsaved {
    Open(String),
    New,
}

#[component]
pub fn LibraryScreen() -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    view! {
        <main class="library-screen" data-testid="library-screen">
            {move || if ctx.presenting.get() {
                view! { <p class="hint">{tr(lang, "演示模式下不可用。", "Not available while presenting.")}</p> }.into_any()
            } else {
                view! { <Library/> <super::contracts_list::ContractsList/> }.into_any()
            }}
        </main>
    }
}

/// The list of stored proposals, with what can be done to them.
#[component]
fn Library() -> impl IntoView {
    let ctx = use_ctx();
    let auto = use_autosave();
    let lang = ctx.lang;
    let items = RwSignal::new(None::<Vec<Summary>>);
    let notice = RwSignal::new(None::<Notice>);
    let removed = RwSignal::new(None::<Removed>);
    let unsaved = RwSignal::new(None::<Unsaved>);
    let plan = RwSignal::new(None::<ImportPlan>);
    let filter = RwSignal::new(String::new());
    let renaming = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        auto.changed.track();
        let data = ctx.data.get();
        let today = ctx.today.with(|t| t.date.clone());
        let preauths = ctx.preauths.get();
        spawn_local(async move {
            match library::list_verified(&data, &preauths, &today).await {
                Ok(list) => items.set(Some(library::by_lineage(list))),
                Err(e) => {
                    items.set(Some(Vec::new()));
                    notice.set(Some(failed(&e)));
                }
            }
        });
    });
    let reload = move || auto.changed.update(|n| *n += 1);

    let open = move |id: String, force: bool| {
        spawn_local(async move {
            match auto.open(ctx, &id, force).await {
                Ok(()) => ctx.show(Screen::Configure),
                Err(OpenError::Unsaved) => unsaved.set(Some(Unsaved::Open(id))),
                Err(OpenError::Gone) => {
                    notice.set(Some(Notice {
                        error: true,
                        text: Text::new(
                            "此方案已不在方案库中。",
                            "This proposal is no longer in the library.",
                        ),
                    }));
                    reload();
                }
                Err(OpenError::Storage(e)) => notice.set(Some(failed(&e))),
            }
        });
    };
    let new_proposal = move |force: bool| {
        spawn_local(async move {
            match auto.new_proposal(ctx, force).await {
                Ok(()) => ctx.show(Screen::Configure),
                Err(_) => unsaved.set(Some(Unsaved::New)),
            }
        });
    };
    let duplicate = move |id: String| {
        spawn_local(async move {
            let l = lang.get_untracked();
            let outcome = async {
                let Some((summary, mut file)) = library::load(&id).await? else {
                    return Ok(None);
                };
                // A copy is a new proposal: the first version of a lineage of its own.
                file.quote.date = today();
                file.quote.version = 1;
                file.quote.lineage = String::new();
                file.quote.handed_over = None;
                let name = format!("{}{}", summary.title(), l.pick("（副本）", " (copy)"));
                let incoming = Incoming {
                    name: String::new(),
                    saved_at: 0.0,
                    file,
                };
                let item = ctx.data.with_untracked(|d| {
                    backup::to_store(&incoming, Some((&quote_id(), &name)), &d.policy, &today())
                });
                library::add_all(&[item]).await.map(|_| Some(name))
            }
            .await;
            match outcome {
                Ok(Some(name)) => notice.set(Some(Notice {
                    error: false,
                    text: Text::new(
                        format!("已复制为「{name}」（不含审批）。"),
                        format!("Duplicated as \u{201c}{name}\u{201d} (without approvals)."),
                    ),
                })),
                Ok(None) => reload(),
                Err(e) => notice.set(Some(failed(&e))),
            }
            reload();
        });
    };
    let delete = move |id: String| {
        spawn_local(async move {
            let was_open = ctx.quote.with_untracked(|q| q.id == id);
            if was_open {
                auto.flush(ctx).await;
            }
            match library::remove(&id).await {
                Ok(Some((summary, file))) => {
                    if was_open {
                        // The deleted proposal leaves the screen; nothing of it is lost (undo).
                        let _ = auto.new_proposal(ctx, true).await;
                    }
                    removed.set(Some(Removed {
                        summary,
                        file,
                        was_open,
                    }));
                }
                Ok(None) => {}
                Err(e) => notice.set(Some(failed(&e))),
            }
            reload();
        });
    };
    let undo = move |_| {
        let Some(r) = removed.get_untracked() else {
            return;
        };
        removed.set(None);
        spawn_local(async move {
            match library::restore(&r.summary, &r.file).await {
                Ok(()) => {
                    if r.was_open {
                        let _ = auto.open(ctx, &r.summary.id, false).await;
                    }
                }
                Err(e) => notice.set(Some(failed(&e))),
            }
            reload();
        });
    };
    let export_all = export_all(ctx, auto, notice);
    let on_choose = choose_backup(notice, plan);
    let shown = move || {
        let f = filter.get().trim().to_lowercase();
        items.get().map(|list| {
            list.into_iter()
                .filter(|s| s.matches(&f))
                .collect::<Vec<_>>()
        })
    };

    view! {
        <section class="card library" aria-labelledby="library-h" data-testid="library" aria-busy=move || items.with(Option::is_none).to_string()>
            <div class="card-head">
                <h2 id="library-h">{tr(lang, "方案库", "Proposal library")}</h2>
                <span class="hint" data-testid="library-count">{move || {
                    let n = items.get().map_or(0, |l| l.len());
                    format!("{n} {}", lang.get().pick("个方案", "proposals"))
                }}</span>
                <label class="field">
                    <span>{tr(lang, "查找", "Find")}</span>
                    <input type="search" data-testid="library-filter" prop:value=move || filter.get()
                        on:input=move |ev| filter.set(event_target_value(&ev))/>
                </label>
                <button class="primary" data-testid="new-proposal" on:click=move |_| new_proposal(false)>
                    {tr(lang, "+ 新建方案", "+ New proposal")}
                </button>
                <button class="secondary" data-testid="export-library" on:click=export_all>
                    {tr(lang, "导出全部（备份）", "Export all (backup)")}
                </button>
                <label class="secondary file-label">
                    {tr(lang, "导入备份", "Import backup")}
                    <input type="file" accept=".json,application/json" data-testid="import-library" class="sr-only" on:change=on_choose/>
                </label>
            </div>
            {move || notice.get().map(|n| {
                let l = lang.get();
                view! {
                    <p class=if n.error { "finding error" } else { "finding ok" } role="status" data-testid="library-notice">
                        {n.text.get(l).to_string()}
                        " "
                        <button class="link" on:click=move |_| notice.set(None)>{l.pick("关闭", "Dismiss")}</button>
                    </p>
                }
            })}
            {move || removed.get().map(|r| {
                let l = lang.get();
                view! {
                    <p class="finding warning" role="status" data-testid="undo-bar">
                        {format!("{}「{}」", l.pick("已删除", "Deleted"), r.summary.title())}
                        " "
                        <button class="secondary" data-testid="undo-delete" on:click=undo>{l.pick("撤销", "Undo")}</button>
                    </p>
                }
            })}
            {move || unsaved.get().map(|u| {
                let l = lang.get();
                let go = move |_| {
                    unsaved.set(None);
                    match u.clone() {
                        Unsaved::Open(id) => open(id, true),
                        Unsaved::New => new_proposal(true),
                    }
                };
                view! {
                    <div class="dialog-backdrop">
                        <div class="dialog" role="alertdialog" aria-labelledby="unsaved-h" data-testid="unsaved-dialog">
                            <h2 id="unsaved-h">{l.pick("当前方案未能保存", "The proposal on screen is not stored")}</h2>
                            <p>{l.pick("继续将丢失屏幕上未保存的修改。可先返回并用「导出报价」保存一份文件。", "Going on loses its unsaved changes. You can go back and use \u{201c}Export quote\u{201d} to keep a file of it first.")}</p>
                            <div class="actions">
                                <button class="secondary" autofocus on:click=move |_| unsaved.set(None)>{l.pick("返回", "Go back")}</button>
                                <button class="primary" data-testid="unsaved-continue" on:click=go>{l.pick("仍然继续", "Go on anyway")}</button>
                            </div>
                        </div>
                    </div>
                }
            })}
            {move || plan.get().map(|p| view! { <ImportDialog plan=p on_done=move || plan.set(None) notice=notice/> })}
            {move || match shown() {
                None => view! { <p class="hint">{lang.get().pick("读取中…", "Loading…")}</p> }.into_any(),
                Some(list) if list.is_empty() => view! {
                    <p class="empty hint" data-testid="library-empty">{lang.get().pick("方案库中还没有方案。方案在编辑时自动保存到这里。", "No proposals yet. Proposals are saved here automatically as you edit them.")}</p>
                }.into_any(),
                Some(list) => {
                    // Rebuilt when the language changes: switching it blurs a name being typed,
                    // which stores it first.
                    let l = lang.get();
                    let current = ctx.quote.with_untracked(|q| q.id.clone());
                    let size = |lineage: &str| list.iter().filter(|s| s.lineage() == lineage).count();
                    let list: Vec<(Summary, usize)> = list.iter().map(|s| (s.clone(), size(s.lineage()))).collect();
                    view! {
                        <div class="table-wrap">
                        <table class="library-table">
                            <thead><tr>
                                <th scope="col">{l.pick("方案 / 客户", "Proposal / customer")}</th>
                                <th scope="col">{l.pick("行业", "Industry")}</th>
                                <th scope="col">{l.pick("日期", "Date")}</th>
                                <th scope="col" class="num">{l.pick("合同总价（不含税）", "TCV (tax-excl.)")}</th>
                                <th scope="col">{l.pick("审批", "Approval")}</th>
                                <th scope="col">{l.pick("保存于", "Saved")}</th>
                                <th scope="col"><span class="sr-only">{l.pick("操作", "Actions")}</span></th>
                            </tr></thead>
                            <tbody>
                                {list.into_iter().map(|(s, versions)| view! {
                                    <Row s=s versions=versions current=current.clone() renaming=renaming open=open duplicate=duplicate delete=delete notice=notice/>
                                }).collect_view()}
                            </tbody>
                        </table>
                        </div>
                    }.into_any()
                }
            }}
        </section>
    }
}
