//! The bar saying a new version of Tailor is ready. It never interrupts: the update happens on
//! the user's click, after the proposal on screen is stored, and "Later" leaves the code as it
//! is. (A newly published catalog or policy needs no click: see `loader`.)

use crate::autosave::use_autosave;
use crate::i18n::Pick;
use crate::pwa::Pwa;
use crate::state::use_ctx;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn UpdateBar() -> impl IntoView {
    let ctx = use_ctx();
    let auto = use_autosave();
    let pwa = expect_context::<Pwa>();
    let lang = ctx.lang;
    let later = RwSignal::new(false);
    let blocked = RwSignal::new(false);
    let update = move |_| {
        spawn_local(async move {
            if auto.flush(ctx).await {
                pwa.apply();
            } else {
                blocked.set(true);
            }
        });
    };
    move || {
        if !pwa.update.get() || later.get() || ctx.presenting.get() {
            return None;
        }
        let l = lang.get();
        let text = l.pick(
            "Tailor 有新版本可用。",
            "A new version of Tailor is available.",
        );
        Some(view! {
            <div class="update-bar no-print" role="status" data-testid="update-bar">
                <span>{text}</span>
                <button class="primary" data-testid="update-now" on:click=update>{l.pick("立即更新", "Update now")}</button>
                <button class="link" data-testid="update-later" on:click=move |_| later.set(true)>{l.pick("稍后", "Later")}</button>
                {move || blocked.get().then(|| view! {
                    <span class="msg error" data-testid="update-blocked">{l.pick(
                        "当前方案未能保存，暂不更新（更新会重新载入页面）。请先导出报价。",
                        "The proposal on screen could not be stored, so the update waits (it reloads the page). Export the quote first.",
                    )}</span>
                })}
            </div>
        })
    }
}
