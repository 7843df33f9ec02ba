//! Going between the configurator (`index.html`) and the library (`library.html`): a screen of
//! the other page asked for with [`Ctx::show`] is reached once the proposal on screen is stored,
//! so nothing is lost on the way; the library page opens on the screen its address names.

use crate::autosave::Autosave;
use crate::i18n::Pick;
use crate::pages;
use crate::state::{Ctx, Page, Screen};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Goes to the page of the screen asked for, once the proposal on screen is stored. When it
/// cannot be stored, the page stays (the save status says why) and nothing is lost.
pub fn leave_when_asked(ctx: Ctx, auto: Autosave) {
    Effect::new(move |_| {
        let Some(screen) = ctx.leaving.get() else {
            return;
        };
        spawn_local(async move {
            if !auto.flush(ctx).await {
                ctx.leaving.set(None);
                return;
            }
            let lang = ctx.lang.get_untracked().pick("zh", "en");
            let lineage = ctx.lineage_shown.get_untracked();
            let href = pages::screen_href(
                screen.page() == Page::Library,
                (screen == Screen::Changes).then_some(lineage.as_str()),
                lang,
            );
            if let Some(w) = web_sys::window() {
                // A browser that refuses to navigate leaves the page as it was.
                let _ = w.location().assign(&href);
            }
        });
    });
}

/// The library page opens on the changes screen when its address names a lineage, else on the
/// library.
pub fn open_library_page(ctx: Ctx) {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    match pages::changes_asked(&search) {
        Some(lineage) => {
            ctx.lineage_shown.set(lineage);
            ctx.screen.set(Screen::Changes);
        }
        None => ctx.screen.set(Screen::Library),
    }
}
