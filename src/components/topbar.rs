//! The top bar: catalog in use, role, language and presentation mode.

use super::files::FileActions;
use super::save_status::SaveStatus;
use crate::autosave::use_autosave;
use crate::i18n::{tr, Pick};
use crate::state::{use_ctx, Page, Screen, Source};
use leptos::prelude::*;
use tailor_core::text::Lang;

#[component]
pub fn TopBar() -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let presenting = ctx.presenting;
    // The library page (`library.html`) has the library's controls only.
    let in_library = move || ctx.screen.get().page() == Page::Library;
    let editing = move || !presenting.get() && !in_library();
    let auto = use_autosave();
    view! {
        <header class="topbar" data-started=move || auto.started().to_string()>
            <Brand zh="Tailor 政企方案配置" en="Tailor solution configurator"/>
            <div class="controls">
                <CatalogBadge/>
                <SaveStatus/>
                {move || (!presenting.get()).then(|| view! {
                    <button
                        class="toggle"
                        data-testid="library-toggle"
                        class:on=in_library
                        aria-pressed=move || in_library().to_string()
                        on:click=move |_| ctx.show(if in_library() { Screen::Configure } else { Screen::Library })
                    >
                        {tr(lang, "方案库", "Library")}
                    </button>
                })}
                {move || editing().then(RoleSelect)}
                {move || editing().then(FileActions)}
                <LangToggle/>
                {move || (!in_library()).then(|| view! {
                    <button
                        class="toggle"
                        data-testid="proposal-toggle"
                        class:on=move || ctx.screen.get() == Screen::Proposal
                        on:click=move |_| ctx.show(if ctx.screen.get_untracked() == Screen::Proposal { Screen::Configure } else { Screen::Proposal })
                    >
                        {tr(lang, "建议书", "Proposal")}
                    </button>
                })}
                {move || (!presenting.get()).then(|| view! {
                    <a class="toggle" data-testid="approver-toggle" href=move || page_link("approver.html", lang.get())>
                        {tr(lang, "审批人", "Approver")}
                    </a>
                })}
                {move || (!in_library()).then(|| view! {
                    <button
                        class="toggle present"
                        class:on=move || presenting.get()
                        data-testid="present-toggle"
                        aria-pressed=move || presenting.get().to_string()
                        on:click=move |_| presenting.update(|p| *p = !*p)
                    >
                        {move || if presenting.get() {
                            lang.get().pick("退出演示", "Leave presentation")
                        } else {
                            lang.get().pick("客户演示", "Present to client")
                        }}
                    </button>
                })}
            </div>
        </header>
    }
}

/// The page's name and the operator's.
#[component]
pub fn Brand(zh: &'static str, en: &'static str) -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    view! {
        <div class="brand">
            <span class="logo" aria-hidden="true">"T"</span>
            <span class="name">{tr(lang, zh, en)}</span>
            <span class="operator">{move || ctx.data.with(|d| d.catalog.operator.get(lang.get()).to_string())}</span>
        </div>
    }
}

/// The catalog and policy in use, and where they came from.
#[component]
pub fn CatalogBadge() -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let badge = move || {
        let l = lang.get();
        ctx.data.with(|d| {
            let src = match d.source {
                Source::Published => l.pick("已发布", "published"),
                Source::Kept => l.pick("本机保存的已签名版本", "signed, kept on this device"),
                Source::Embedded => l.pick("内置", "embedded"),
            };
            format!(
                "{} {} · {} {}",
                l.pick("目录", "Catalog"),
                d.catalog.version,
                l.pick("政策", "Policy"),
                d.policy.version
            ) + &format!(" ({src})")
        })
    };
    view! { <span class="catalog-version" data-testid="catalog-version">{badge}</span> }
}

/// The language switch.
#[component]
pub fn LangToggle() -> impl IntoView {
    let lang = use_ctx().lang;
    view! {
        <button
            class="toggle"
            data-testid="lang-toggle"
            on:click=move |_| lang.update(|l| *l = if *l == Lang::Zh { Lang::En } else { Lang::Zh })
            aria-label=tr(lang, "切换到英文", "Switch to Chinese")
        >
            {tr(lang, "EN", "中文")}
        </button>
    }
}

/// The other page of the app, opening in the same language.
pub fn page_link(page: &str, lang: Lang) -> String {
    format!("{page}?lang={}", lang.pick("zh", "en"))
}

/// The user's role on the authority ladder; authority is judged for it.
#[component]
fn RoleSelect() -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let levels = move || ctx.data.with(|d| d.policy.levels.clone());
    view! {
        <label class="inline">
            <span>{tr(lang, "我的角色", "My role")}</span>
            <select
                data-testid="role"
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    ctx.edit(|q| q.role = v);
                }
                prop:value=move || ctx.quote.with(|q| q.role.clone())
            >
                {move || levels().into_iter().map(|l| {
                    let id = l.id.clone();
                    let selected = ctx.quote.with_untracked(|q| q.role == id);
                    view! { <option value=l.id.clone() selected=selected>{l.name.get(lang.get()).to_string()}</option> }
                }).collect_view()}
            </select>
        </label>
    }
}
