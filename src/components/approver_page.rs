//! The approver's page (`approver.html`), a bundle of its own: the catalog and policy in use
//! (published, or the embedded default), the language, the way back to the configurator, and the
//! approver's area ([`super::approver`]). It registers the same service worker, so it opens
//! offline too.

use super::approver::ApproverScreen;
use super::banner::LoadBanner;
use super::topbar::{page_link, Brand, CatalogBadge, LangToggle};
use super::trust_marks::{ClockNotice, DemoMark};
use crate::i18n::tr;
use crate::loader;
use crate::pwa::Pwa;
use crate::state::Ctx;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn ApproverPage() -> impl IntoView {
    let ctx = Ctx::new(loader::initial());
    provide_context(ctx);
    spawn_local(loader::load_published(ctx));
    loader::keep_fresh(ctx);
    Pwa::start();
    crate::focus::keep_in_view();
    let lang = ctx.lang;
    view! {
        <header class="topbar">
            <Brand zh="Tailor 审批" en="Tailor approvals"/>
            <div class="controls">
                <CatalogBadge/>
                <LangToggle/>
                <a class="toggle" data-testid="configurator-link" href=move || page_link("./", lang.get())>
                    {tr(lang, "← 方案配置", "← Configurator")}
                </a>
            </div>
        </header>
        <DemoMark/>
        <LoadBanner/>
        <ClockNotice/>
        <ApproverScreen/>
    }
}
