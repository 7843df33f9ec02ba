//! The shells of the configurator page and the library page: state, start-up loading and the
//! page layout.

use super::trust_marks::{ClockNotice, DemoMark};
use super::{
    amendment_panel::AmendmentPanel,
    banner::LoadBanner,
    changes::ChangesScreen,
    customer::CustomerCard,
    guided::GuidedCard,
    library::LibraryScreen,
    lines::LinesCard,
    link_import::{LinkDialog, LinkNotice},
    price_panel::PricePanel,
    proposal::Proposal,
    renewal_panel::RenewalPanel,
    save_status::SaveProblems,
    topbar::TopBar,
    update_bar::UpdateBar,
    version_bar::VersionBar,
};
use crate::autosave::Autosave;
use crate::i18n::tr;
use crate::links::{self, Links};
use crate::pwa::Pwa;
use crate::state::{Ctx, Screen};
use crate::{loader, navigation, probe};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// What both pages start with: the state, start-up loading of the published files, the
/// pre-authorisations kept on this device, autosave (which reopens the last proposal), the
/// service worker's updates, going to the other page when a screen there is asked for, Tab
/// kept inside an open dialog and the focus out from under the top bar.
fn start() -> (Ctx, Autosave) {
    let ctx = Ctx::new(loader::initial());
    provide_context(ctx);
    probe::install(ctx);
    spawn_local(loader::load_published(ctx));
    loader::keep_fresh(ctx);
    crate::preauths::start(ctx);
    let auto = Autosave::start(ctx);
    provide_context(auto);
    provide_context(Pwa::start());
    navigation::leave_when_asked(ctx, auto);
    crate::focus::keep_in_dialogs();
    crate::focus::keep_in_view();
    (ctx, auto)
}

/// What both pages show above their screens: the top bar, the update bar, the demo mark, the
/// banner of the published files, the clock notice and the save problems.
#[component]
fn PageTop() -> impl IntoView {
    view! {
        <TopBar/>
        <UpdateBar/>
        <DemoMark/>
        <LoadBanner/>
        <ClockNotice/>
        <SaveProblems/>
    }
}

/// The configurator page (`index.html`): configure and the proposal.
#[component]
pub fn App() -> impl IntoView {
    let (ctx, auto) = start();
    let links = Links {
        notice: RwSignal::new(None),
        pasting: RwSignal::new(false),
    };
    provide_context(links);
    links::follow_fragment(ctx, auto, links);
    super::handover::provide_handed();
    let presenting = ctx.presenting;
    let lang = ctx.lang;
    view! {
        <PageTop/>
        <LinkNotice/>
        <LinkDialog/>
        {move || match ctx.screen.get() {
            Screen::Configure | Screen::Library | Screen::Changes => view! {
                <main class="layout" class:presenting=move || presenting.get()>
                    <div class="work">
                        {move || (!presenting.get()).then(VersionBar)}
                        <AmendmentPanel/>
                        <RenewalPanel/>
                        <CustomerCard/>
                        {move || (!presenting.get()).then(GuidedCard)}
                        <LinesCard/>
                    </div>
                    <PricePanel/>
                </main>
            }.into_any(),
            Screen::Proposal => view! {
                <main class="proposal-screen">
                    <div class="proposal-bar no-print">
                        <button class="secondary" data-testid="back-to-configure" on:click=move |_| ctx.screen.set(Screen::Configure)>
                            {tr(lang, "← 返回配置", "← Back to configuration")}
                        </button>
                        <button class="primary" data-testid="print" on:click=move |_| hand_over_and_print(ctx, auto)>
                            {tr(lang, "打印 / PDF", "Print / PDF")}
                        </button>
                    </div>
                    <super::handover::Handover/>
                    <super::amendment_panel::AmendmentSummary/>
                    <super::renewal_panel::RenewalSummary/>
                    <Proposal/>
                </main>
            }.into_any(),
        }}
    }
}

/// The library page (`library.html`): the proposals stored on this device, the contracts and
/// the changes between versions, opened from the configurator and going back to it.
#[component]
pub fn LibraryApp() -> impl IntoView {
    let (ctx, _) = start();
    navigation::open_library_page(ctx);
    view! {
        <PageTop/>
        {move || match ctx.screen.get() {
            Screen::Changes => view! { <ChangesScreen/> }.into_any(),
            Screen::Library | Screen::Configure | Screen::Proposal => view! { <LibraryScreen/> }.into_any(),
        }}
    }
}

/// Hands the proposal over (this version is frozen and stored at once, so a change after the
/// print starts the next version), then opens the browser's print dialog: print or save as PDF,
/// offline.
fn hand_over_and_print(ctx: Ctx, auto: Autosave) {
    ctx.hand_over();
    spawn_local(async move {
        auto.flush(ctx).await;
        if let Some(w) = web_sys::window() {
            // Printing is best effort: a browser that refuses leaves the proposal on screen.
            let _ = w.print();
        }
    });
}
