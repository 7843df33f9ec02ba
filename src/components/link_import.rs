//! A decision or a pre-authorisation brought by link: the "paste a link or code" dialog (a
//! labelled text area; a camera QR scan where the browser reads QR codes), the button opening it,
//! and the notice saying what a link did or why it was refused.

use crate::autosave::{sleep, use_autosave};
use crate::camera::{self, Scanner};
use crate::i18n::{tr, Pick};
use crate::links::{self, use_links};
use crate::state::use_ctx;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use tailor_core::text::Text;
use wasm_bindgen::JsCast;

/// The pause between two frames the detector looks at.
const SCAN_EVERY_MS: i32 = 250;

/// Opens the paste dialog; `testid` tells the places it sits apart.
#[component]
pub fn PasteLinkButton(class: &'static str, testid: &'static str) -> impl IntoView {
    let lang = use_ctx().lang;
    let links = use_links();
    view! {
        <button class=class data-testid=testid aria-haspopup="dialog" on:click=move |_| links.pasting.set(true)>
            {tr(lang, "粘贴链接或代码", "Paste a link or code")}
        </button>
    }
}

/// What the last link opened, pasted or scanned did, or why it was refused.
#[component]
pub fn LinkNotice() -> impl IntoView {
    let lang = use_ctx().lang;
    let links = use_links();
    move || {
        links.notice.get().map(|(ok, text)| {
            let l = lang.get();
            view! {
                <div class="link-notice no-print" class:ok=ok class:error=!ok role="status" data-testid="link-msg">
                    <p>
                        <b>{if ok { l.pick("链接已导入：", "Link imported: ") } else { l.pick("链接未导入：", "Link not imported: ") }}</b>
                        {text.get(l).to_string()}
                        {(!ok).then(|| l.pick("（当前报价未作改动）", " (the quote on screen is unchanged)"))}
                    </p>
                    <button class="link" data-testid="link-msg-close" on:click=move |_| links.notice.set(None)>
                        {l.pick("关闭", "Dismiss")}
                    </button>
                </div>
            }
        })
    }
}

/// The paste dialog, while open.
#[component]
pub fn LinkDialog() -> impl IntoView {
    let links = use_links();
    move || links.pasting.get().then(PasteDialog)
}

#[component]
fn PasteDialog() -> impl IntoView {
    let ctx = use_ctx();
    let auto = use_autosave();
    let links = use_links();
    let lang = ctx.lang;
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<Text>);
    let busy = RwSignal::new(false);
    let can_scan = RwSignal::new(false);
    let scanning = RwSignal::new(false);
    let scanner = StoredValue::new_local(None::<Scanner>);
    let area = NodeRef::<html::Textarea>::new();
    let video = NodeRef::<html::Video>::new();
    // Focus goes back where it was when the dialog closes.
    let opener = StoredValue::new_local(
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.active_element())
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()),
    );
    spawn_local(async move {
        let reads = camera::reads_qr().await;
        let _ = can_scan.try_set(reads);
    });
    Effect::new(move |_| {
        if let Some(a) = area.get() {
            let _ = a.focus();
        }
    });
    let stop_camera = move || {
        let _ = scanning.try_set(false);
        let _ = scanner.try_update_value(|s| {
            if let Some(s) = s.take() {
                s.stop();
            }
        });
    };
    on_cleanup(stop_camera);
    let close = move || {
        stop_camera();
        links.pasting.set(false);
        if let Some(Some(el)) = opener.try_get_value() {
            let _ = el.focus();
        }
    };
    let submit = move |value: String| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let outcome = links::take(ctx, auto, &value).await;
            let _ = busy.try_set(false);
            match outcome {
                Ok(t) => {
                    links.tell(Ok(t));
                    close();
                }
                Err(e) => {
                    let _ = error.try_set(Some(e));
                }
            }
        });
    };
    let scan = move |_| {
        let Some(v) = video.get_untracked() else {
            return;
        };
        let el: web_sys::HtmlElement = v.unchecked_into();
        error.set(None);
        scanning.set(true);
        spawn_local(async move {
            let started = match Scanner::start(&el).await {
                Ok(s) => s,
                Err(e) => {
                    let _ = error.try_set(Some(e));
                    let _ = scanning.try_set(false);
                    return;
                }
            };
            if scanning.try_get_untracked() != Some(true) {
                started.stop();
                return;
            }
            scanner.set_value(Some(started));
            while scanning.try_get_untracked() == Some(true) {
                sleep(SCAN_EVERY_MS).await;
                let Some(Some(current)) = scanner.try_with_value(Clone::clone) else {
                    break;
                };
                let seen = current.detect(&el).await;
                if let Some(found) = seen.filter(|t| t.contains(tailor_core::link::PREFIX)) {
                    stop_camera();
                    let _ = text.try_set(found.clone());
                    submit(found);
                }
            }
        });
    };
    view! {
        <div class="dialog-backdrop">
            <div class="dialog link-dialog" role="dialog" aria-modal="true" aria-labelledby="paste-link-h" data-testid="paste-dialog"
                on:keydown=move |ev| if ev.key() == "Escape" { ev.prevent_default(); close(); }>
                <h2 id="paste-link-h">{tr(lang, "粘贴链接或代码", "Paste a link or code")}</h2>
                <p class="hint">{tr(lang,
                    "审批人发来的审批决定或预授权：粘贴整条链接，或以 tailor1. 开头的代码。",
                    "A decision or a pre-authorisation from an approver: paste the whole link, or the code starting with tailor1.")}</p>
                <label for="paste-link-text">{tr(lang, "链接或代码", "Link or code")}</label>
                <textarea id="paste-link-text" node_ref=area rows="4" spellcheck="false" autocomplete="off"
                    data-testid="paste-link-text" prop:value=move || text.get()
                    aria-invalid=move || error.with(|e| e.is_some()).to_string()
                    aria-describedby="paste-link-error"
                    on:input=move |ev| { text.set(event_target_value(&ev)); error.set(None); }
                    on:keydown=move |ev| if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
                        ev.prevent_default();
                        submit(text.get_untracked());
                    }></textarea>
                <p id="paste-link-error" class="msg error" role="alert" data-testid="paste-link-error" hidden=move || error.with(|e| e.is_none())>
                    {move || error.get().map(|e| format!("{}{}", e.get(lang.get()), lang.get().pick("（当前报价未作改动）", " (the quote on screen is unchanged)")))}
                </p>
                {move || can_scan.get().then(|| view! {
                    <video node_ref=video class="scan-video" muted=true playsinline=true data-testid="scan-video"
                        hidden=move || !scanning.get() aria-label=tr(lang, "摄像头画面", "Camera view")></video>
                })}
                <div class="actions">
                    <button class="primary" data-testid="paste-link-import" disabled=move || busy.get() || text.with(|t| t.trim().is_empty())
                        on:click=move |_| submit(text.get_untracked())>
                        {tr(lang, "导入", "Import")}
                    </button>
                    {move || (can_scan.get() && !scanning.get()).then(|| view! {
                        <button class="secondary" data-testid="scan-qr" on:click=scan>{tr(lang, "扫描二维码", "Scan QR code")}</button>
                    })}
                    {move || scanning.get().then(|| view! {
                        <button class="secondary" data-testid="scan-stop" on:click=move |_| stop_camera()>{tr(lang, "停止扫描", "Stop scanning")}</button>
                    })}
                    <button class="secondary" data-testid="paste-link-close" on:click=move |_| close()>{tr(lang, "关闭", "Close")}</button>
                </div>
            </div>
        </div>
    }
}
