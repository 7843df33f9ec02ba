//! The proposal library screen (方案库): every stored proposal with its customer, industry, date,
//! TCV and approval state, to open, duplicate, rename and delete (with undo); a backup of all of
//! them as one file, and importing one back without overwriting anything.

use super::save_status::clock;
use crate::autosave::{use_autosave, OpenError};
use crate::backup::{self, Fate, Incoming};
use crate::files::{download, on_one_chosen};
use crate::format::yuan;
use crate::i18n::{tr, Pick};
use crate::library::{self, Standing, Summary};
use crate::state::{quote_id, today, use_ctx, Ctx, Screen};
use crate::storage::StorageError;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::BTreeMap;
use tailor_core::limits::{self, too_large};
use tailor_core::quote_file;
use tailor_core::text::{Lang, Text};

/// A message at the top of the list.
#[derive(Clone)]
struct Notice {
    error: bool,
    text: Text,
}

fn failed(e: &StorageError) -> Notice {
    Notice {
        error: true,
        text: Text::new(
            format!("方案库存储出错：{e}"),
            format!("The library's storage failed: {e}"),
        ),
    }
}

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

/// A backup read and planned, waiting for the user's word.
#[derive(Clone)]
struct ImportPlan {
    name: String,
    items: Vec<(Incoming, Fate)>,
}

fn standing_words(s: &Standing, ctx: Ctx, l: Lang) -> (String, &'static str) {
    match s {
        Standing::NotNeeded => (l.pick("权限内", "Within authority").into(), "ok"),
        Standing::Approved { until } => (
            format!("{}{}", l.pick("已审批，有效至 ", "Approved until "), until),
            "ok",
        ),
        Standing::Needs { level } => {
            let name = ctx.data.with_untracked(|d| {
                d.policy
                    .levels
                    .iter()
                    .find(|x| x.id == *level)
                    .map_or_else(|| level.clone(), |x| x.name.get(l).to_string())
            });
            (
                format!(
                    "{}{}{}",
                    l.pick("需", "Needs "),
                    name,
                    l.pick("审批", " approval")
                ),
                "needs",
            )
        }
        Standing::Refused => (l.pick("低于成本底价", "Below cost floor").into(), "refused"),
    }
}

fn date_time(ms: f64) -> String {
    let d = js_sys::Date::new(&ms.into());
    format!(
        "{:04}-{:02}-{:02} {}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        clock(ms)
    )
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
                view! { <Library/> }.into_any()
            }}
        </main>
    }
}

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
        spawn_local(async move {
            match library::list().await {
                Ok(list) => items.set(Some(list)),
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
                Ok(()) => ctx.screen.set(Screen::Configure),
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
                Ok(()) => ctx.screen.set(Screen::Configure),
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
                file.quote.date = today();
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
    let export_all = move |_| {
        spawn_local(async move {
            auto.flush(ctx).await;
            match library::everything().await {
                Ok(all) => {
                    let text = backup::export(&all, &today());
                    if let Err(e) = download(
                        &backup::file_name(&today()),
                        "application/json",
                        text.as_bytes(),
                    ) {
                        notice.set(Some(Notice {
                            error: true,
                            text: Text::new(
                                format!("导出失败：{e}"),
                                format!("Export failed: {e}"),
                            ),
                        }));
                    }
                }
                Err(e) => notice.set(Some(failed(&e))),
            }
        });
    };
    let on_choose = on_one_chosen(backup::MAX_BYTES, move |chosen| async move {
        let (name, bytes) = match chosen {
            Err((name, size)) => {
                notice.set(Some(Notice {
                    error: true,
                    text: too_large(&name, size, &limits::BACKUP),
                }));
                return;
            }
            Ok(r) => r,
        };
        let incoming = match backup::read(&name, &bytes) {
            Ok(i) => i,
            Err(t) => {
                notice.set(Some(Notice {
                    error: true,
                    text: t,
                }));
                return;
            }
        };
        let local = match library::everything().await {
            Ok(all) => all
                .into_iter()
                .filter_map(|(s, f)| {
                    quote_file::import(&s.id, &f)
                        .ok()
                        .map(|f| (s.id, backup::content(&f)))
                })
                .collect::<BTreeMap<_, _>>(),
            Err(e) => {
                notice.set(Some(failed(&e)));
                return;
            }
        };
        let fates = backup::plan(&incoming, local);
        plan.set(Some(ImportPlan {
            name,
            items: incoming.into_iter().zip(fates).collect(),
        }));
    });

    let shown = move || {
        let f = filter.get().trim().to_lowercase();
        items.get().map(|list| {
            list.into_iter()
                .filter(|s| {
                    f.is_empty()
                        || s.title().to_lowercase().contains(&f)
                        || s.customer.to_lowercase().contains(&f)
                        || s.id.to_lowercase().contains(&f)
                })
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
                    let l = lang.get();
                    let current = ctx.quote.with_untracked(|q| q.id.clone());
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
                                {list.into_iter().map(|s| view! {
                                    <Row s=s current=current.clone() renaming=renaming open=open duplicate=duplicate delete=delete notice=notice/>
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

#[component]
fn Row(
    s: Summary,
    current: String,
    renaming: RwSignal<Option<String>>,
    open: impl Fn(String, bool) + Copy + Send + Sync + 'static,
    duplicate: impl Fn(String) + Copy + Send + Sync + 'static,
    delete: impl Fn(String) + Copy + Send + Sync + 'static,
    notice: RwSignal<Option<Notice>>,
) -> impl IntoView {
    let ctx = use_ctx();
    let auto = use_autosave();
    let l = ctx.lang.get_untracked();
    let id = StoredValue::new(s.id.clone());
    let title = if s.title().trim().is_empty() {
        l.pick("（未命名）", "(untitled)").to_string()
    } else {
        s.title().to_string()
    };
    let industry = ctx.data.with_untracked(|d| {
        d.catalog
            .industries
            .iter()
            .find(|i| i.id == s.industry)
            .map_or_else(|| s.industry.clone(), |i| i.name.get(l).to_string())
    });
    let (standing, standing_class) = standing_words(&s.standing, ctx, l);
    let is_current = s.id == current;
    let editing = move || renaming.get().as_deref() == Some(id.get_value().as_str());
    let name_now = StoredValue::new(s.name.clone());
    let commit = move |value: String| {
        renaming.set(None);
        if value.trim() == name_now.get_value().trim() {
            return;
        }
        let id = id.get_value();
        spawn_local(async move {
            if let Err(e) = library::rename(&id, &value).await {
                notice.set(Some(failed(&e)));
            }
            auto.changed.update(|n| *n += 1);
        });
    };
    let label = title.clone();
    view! {
        <tr data-testid="library-row" data-id=s.id.clone() class:current=is_current>
            <th scope="row">
                {move || if editing() {
                    view! {
                        <input type="text" class="rename" data-testid="rename-input"
                            aria-label=l.pick("方案名称", "Proposal name")
                            prop:value=name_now.get_value()
                            autofocus
                            on:keydown=move |ev| {
                                if ev.key() == "Enter" {
                                    ev.prevent_default();
                                    commit(event_target_value(&ev));
                                } else if ev.key() == "Escape" {
                                    renaming.set(None);
                                }
                            }
                            on:blur=move |ev| {
                                if editing() {
                                    commit(event_target_value(&ev));
                                }
                            }/>
                    }.into_any()
                } else {
                    view! { <span class="title" data-testid="row-title">{title.clone()}</span> }.into_any()
                }}
                {(!s.name.trim().is_empty() && s.name.trim() != s.customer.trim()).then(|| view! { <span class="sub">{s.customer.clone()}</span> })}
                {is_current.then(|| view! { <span class="badge ok">{l.pick("当前", "On screen")}</span> })}
            </th>
            <td>{industry}</td>
            <td>{s.date.clone()}</td>
            <td class="num" data-testid="row-tcv">{yuan(s.tcv)}</td>
            <td><span class=format!("badge {standing_class}") data-testid="row-standing">{standing}</span>
                {(s.approvals > 0).then(|| format!(" · {} {}", s.approvals, l.pick("份签名", "signed")))}</td>
            <td>{date_time(s.saved_at)}</td>
            <td class="row-actions">
                <button class="secondary" data-testid="open-proposal" aria-label=format!("{} {label}", l.pick("打开", "Open"))
                    on:click=move |_| open(id.get_value(), false)>{l.pick("打开", "Open")}</button>
                <button class="secondary" data-testid="duplicate-proposal" aria-label=format!("{} {label}", l.pick("复制", "Duplicate"))
                    on:click=move |_| duplicate(id.get_value())>{l.pick("复制", "Duplicate")}</button>
                <button class="secondary" data-testid="rename-proposal" aria-label=format!("{} {label}", l.pick("重命名", "Rename"))
                    on:click=move |_| renaming.set(Some(id.get_value()))>{l.pick("重命名", "Rename")}</button>
                <button class="secondary danger" data-testid="delete-proposal" aria-label=format!("{} {label}", l.pick("删除", "Delete"))
                    on:click=move |_| delete(id.get_value())>{l.pick("删除", "Delete")}</button>
            </td>
        </tr>
    }
}

#[component]
fn ImportDialog(
    plan: ImportPlan,
    on_done: impl Fn() + Copy + Send + Sync + 'static,
    notice: RwSignal<Option<Notice>>,
) -> impl IntoView {
    let ctx = use_ctx();
    let auto = use_autosave();
    let l = ctx.lang.get_untracked();
    let count = |f: Fate| plan.items.iter().filter(|(_, x)| *x == f).count();
    let (new, same, copies) = (count(Fate::New), count(Fate::Same), count(Fate::Copy));
    let items = StoredValue::new(plan.items);
    let import = move |_| {
        // Taken before the dialog (and what it owns) goes away.
        let items = items.get_value();
        on_done();
        spawn_local(async move {
            let today = today();
            let to_store = {
                ctx.data.with_untracked(|d| {
                    items
                        .iter()
                        .filter_map(|(i, fate)| match fate {
                            Fate::Same => None,
                            Fate::New => Some(backup::to_store(i, None, &d.policy, &today)),
                            Fate::Copy => {
                                let base = if i.name.trim().is_empty() {
                                    i.file.quote.customer.name.clone()
                                } else {
                                    i.name.clone()
                                };
                                let name =
                                    format!("{base}{}", l.pick("（导入副本）", " (imported copy)"));
                                Some(backup::to_store(
                                    i,
                                    Some((&quote_id(), &name)),
                                    &d.policy,
                                    &today,
                                ))
                            }
                        })
                        .collect::<Vec<_>>()
                })
            };
            match library::add_all(&to_store).await {
                Ok(n) => notice.set(Some(Notice {
                    error: false,
                    text: Text::new(
                        format!("已导入 {n} 个方案。"),
                        format!("Imported {n} proposals."),
                    ),
                })),
                Err(e) => notice.set(Some(failed(&e))),
            }
            auto.changed.update(|n| *n += 1);
        });
    };
    view! {
        <div class="dialog-backdrop">
            <div class="dialog" role="dialog" aria-labelledby="backup-h" data-testid="backup-dialog">
                <h2 id="backup-h">{l.pick("导入方案库备份", "Import a library backup")}</h2>
                <p><b>{plan.name}</b></p>
                <ul>
                    <li data-testid="backup-new">{format!("{new} {}", l.pick("个新方案将加入方案库", "new proposals will be added"))}</li>
                    <li data-testid="backup-same">{format!("{same} {}", l.pick("个与方案库中的完全相同，跳过", "are already in the library, unchanged: skipped"))}</li>
                    <li data-testid="backup-copies">{format!("{copies} {}", l.pick(
                        "个与方案库中同编号的方案不同：作为副本加入（新编号，不含审批），方案库中的原方案保持不变",
                        "differ from the library's proposal with the same id: added as copies (new id, without approvals); the library's stay as they are",
                    ))}</li>
                </ul>
                <div class="actions">
                    <button class="primary" data-testid="backup-import" autofocus on:click=import>{l.pick("导入", "Import")}</button>
                    <button class="secondary" data-testid="backup-cancel" on:click=move |_| on_done()>{l.pick("取消", "Cancel")}</button>
                </div>
            </div>
        </div>
    }
}
