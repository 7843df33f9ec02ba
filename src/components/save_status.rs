//! Whether the proposal on screen is stored: the "saved / saving / not saved" mark in the top
//! bar, and the banners when it cannot be (another tab changed it; storage unavailable or full).

use crate::autosave::{use_autosave, OpenError, SaveState};
use crate::i18n::Pick;
use crate::library::{Conflict, SaveError};
use crate::state::use_ctx;
use crate::storage::StorageError;
use leptos::prelude::*;
use leptos::task::spawn_local;
use tailor_core::text::Lang;

/// `HH:MM` of a time in milliseconds since 1970, in the browser's time zone.
pub fn clock(ms: f64) -> String {
    let d = js_sys::Date::new(&ms.into());
    format!("{:02}:{:02}", d.get_hours(), d.get_minutes())
}

fn storage_words(e: &StorageError, l: Lang) -> &'static str {
    match e {
        StorageError::Unavailable(_) => l.pick(
            "此浏览器不允许保存方案（可能是无痕/隐私模式，或存储被设置、策略禁用）。",
            "This browser does not let Tailor store proposals (private mode, or storage disabled by settings or policy).",
        ),
        StorageError::Full(_) => l.pick(
            "浏览器存储空间已满，方案未能保存。",
            "The browser's storage is full; the proposal was not saved.",
        ),
        StorageError::Blocked => l.pick(
            "另一个 Tailor 标签页正在占用存储（旧版本）；请关闭其他 Tailor 标签页。",
            "Another Tailor tab (an older version) holds the storage; close the other Tailor tabs.",
        ),
        StorageError::Failed(_) => l.pick("保存方案时出错。", "Saving the proposal failed."),
    }
}

/// The mark in the top bar.
#[component]
pub fn SaveStatus() -> impl IntoView {
    let ctx = use_ctx();
    let auto = use_autosave();
    let lang = ctx.lang;
    let kind = move || match auto.state.get() {
        SaveState::Idle => "idle",
        SaveState::Saving => "saving",
        SaveState::Saved(_) => "saved",
        SaveState::NotSaved(SaveError::Conflict(_)) => "conflict",
        SaveState::NotSaved(_) => "error",
    };
    let text = move || {
        let l = lang.get();
        match auto.state.get() {
            SaveState::Idle => l.pick("新方案", "New proposal").to_string(),
            SaveState::Saving => l.pick("保存中…", "Saving…").to_string(),
            SaveState::Saved(at) => format!("{} {}", l.pick("已保存", "Saved"), clock(at)),
            SaveState::NotSaved(SaveError::Conflict(_)) => l
                .pick("未保存：另一窗口已修改", "Not saved: changed elsewhere")
                .to_string(),
            SaveState::NotSaved(SaveError::Storage(e)) => format!(
                "{}{}",
                l.pick("未保存：", "Not saved: "),
                match e {
                    StorageError::Unavailable(_) => l.pick("存储不可用", "storage unavailable"),
                    StorageError::Full(_) => l.pick("存储已满", "storage full"),
                    StorageError::Blocked => l.pick("存储被占用", "storage blocked"),
                    StorageError::Failed(_) => l.pick("存储出错", "storage error"),
                }
            ),
        }
    };
    view! {
        <span class="save-status" data-testid="save-status" data-state=kind>
            {text}
        </span>
    }
}

/// The banners: a conflict with another tab, or storage that cannot be used. The work on
/// screen stays as it is in both cases.
#[component]
pub fn SaveProblems() -> impl IntoView {
    let ctx = use_ctx();
    let auto = use_autosave();
    let lang = ctx.lang;
    let failed = RwSignal::new(None::<String>);
    let conflict = move || {
        auto.conflict.get().map(|c| {
            let l = lang.get();
            let text = match c {
                Conflict::Changed => l.pick(
                    "此方案已在另一个标签页或窗口中被修改（或方案库中已有不同版本）。本页不会覆盖它：请载入最新版本，或将本页内容另存为新方案。",
                    "This proposal was changed in another tab or window (or the library holds a different version of it). This page will not write over it: load the latest version, or keep what is on this page as a new proposal.",
                ),
                Conflict::Deleted => l.pick(
                    "此方案已在另一个标签页或窗口中被删除。本页不会再保存它：如需保留，请将本页内容另存为新方案。",
                    "This proposal was deleted in another tab or window. This page will not save it again: to keep it, save what is on this page as a new proposal.",
                ),
            };
            let load = move |_| {
                spawn_local(async move {
                    if let Err(e) = auto.load_latest(ctx).await {
                        failed.set(Some(match e {
                            OpenError::Storage(e) => e.to_string(),
                            _ => l.pick("方案库中已没有此方案。", "The library no longer holds it.").to_string(),
                        }));
                    }
                });
            };
            view! {
                <div class="banner banner-error" role="alert" data-testid="conflict">
                    <strong>{text}</strong>
                    <div class="actions">
                        {(c == Conflict::Changed).then(|| view! {
                            <button class="secondary" data-testid="conflict-load-latest" on:click=load>
                                {l.pick("载入最新版本（放弃本页修改）", "Load the latest version (drop the changes here)")}
                            </button>
                        })}
                        <button class="primary" data-testid="conflict-save-copy" on:click=move |_| auto.save_as_copy(ctx)>
                            {l.pick("将本页内容另存为新方案", "Save what is on this page as a new proposal")}
                        </button>
                    </div>
                    {move || failed.get().map(|f| view! { <p class="msg error">{f}</p> })}
                </div>
            }
        })
    };
    let storage = move || match auto.state.get() {
        SaveState::NotSaved(SaveError::Storage(e)) => {
            let l = lang.get();
            let detail = e.to_string();
            Some(view! {
                <div class="banner banner-error" role="alert" data-testid="storage-problem">
                    <strong>{storage_words(&e, l)}</strong>
                    <p>{l.pick(
                        "屏幕上的内容不受影响，可以继续工作；请用「导出报价」保存一份文件。",
                        "The work on screen stays and you can carry on; use \u{201c}Export quote\u{201d} to keep a file of it.",
                    )}</p>
                    <p class="hint mono">{detail}</p>
                    <button class="secondary" data-testid="storage-retry" on:click=move |_| {
                        spawn_local(async move { auto.flush(ctx).await; });
                    }>{l.pick("重试保存", "Try saving again")}</button>
                </div>
            })
        }
        _ => None,
    };
    view! {
        {conflict}
        {storage}
    }
}
