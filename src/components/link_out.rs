//! Sending a signed item back by link: a decision or a pre-authorisation as the configurator's
//! address with the item in its fragment (`./#tailor1.d.…`, never sent to the web server), its
//! QR code for the seller's tablet to scan, and its short text to paste where no camera reads
//! it; copy, and the system share sheet where the browser has one. The file is downloaded too.

use crate::i18n::{tr, Pick};
use crate::links;
use crate::qr;
use leptos::prelude::*;
use leptos::task::spawn_local;
use tailor_core::link::{self, Kind};

/// The link, QR code and short text of `bytes` (the item's file content) as `kind`.
#[component]
pub fn LinkOut(kind: Kind, bytes: Vec<u8>) -> impl IntoView {
    let lang = crate::state::use_ctx().lang;
    let text = link::encode(kind, &bytes);
    let url = crate::pages::configurator_url(&crate::pages::page_href(), &text);
    let chars = url.chars().count();
    let code = qr::of(&url);
    let version = code.as_ref().map_or(0, |c| c.version);
    let copied = RwSignal::new(None::<bool>);
    let url = StoredValue::new(url);
    let copy = move |_| {
        spawn_local(async move {
            let ok = links::copy(&url.get_value()).await;
            copied.set(Some(ok));
        })
    };
    let share_it = move |_| links::share("Tailor", &url.get_value());
    let select_all = |ev: leptos::ev::FocusEvent| {
        if let Some(t) = ev.target() {
            let _ = js_sys::Reflect::get(&t, &"select".into())
                .ok()
                .and_then(|f| wasm_bindgen::JsCast::dyn_into::<js_sys::Function>(f).ok())
                .map(|f| f.call0(&t));
        }
    };
    view! {
        <div class="link-out" role="group" aria-label=tr(lang, "通过链接发回", "Send back by link")
            data-testid="link-out" data-chars=chars data-qr-version=version>
            <h4>{tr(lang, "通过链接发回", "Send back by link")}</h4>
            <p class="hint" data-testid="link-size">{move || {
                let l = lang.get();
                format!("{}{chars}{}", l.pick("链接共 ", "The link is "), l.pick(" 个字符：可在聊天中发送，或让客户经理的平板扫描二维码。", " characters: send it in a chat message, or let the account manager's tablet scan the code."))
            }}</p>
            {match code {
                Some(c) => view! {
                    <div class="qr" data-testid="link-qr" role="img" aria-label=tr(lang, "链接的二维码", "QR code of the link") inner_html=c.svg></div>
                }.into_any(),
                None => view! {
                    <p class="finding warning">{tr(lang, "链接太长，无法生成二维码：请发送链接或文件。", "The link is too long for a QR code: send the link or the file.")}</p>
                }.into_any(),
            }}
            <label class="field">
                <span>{tr(lang, "短码（在方案配置页粘贴）", "Short code (paste it in the configurator)")}</span>
                <textarea readonly rows="3" class="mono link-text" spellcheck="false" data-testid="link-text" on:focus=select_all>{text}</textarea>
            </label>
            <div class="actions wrap">
                <button type="button" class="primary" data-testid="copy-link" on:click=copy>{tr(lang, "复制链接", "Copy link")}</button>
                {links::can_share().then(|| view! {
                    <button type="button" class="secondary" data-testid="share-link" on:click=share_it>{tr(lang, "分享…", "Share…")}</button>
                })}
            </div>
            <p class="msg" role="status" data-testid="link-out-msg">{move || copied.get().map(|ok| {
                let l = lang.get();
                if ok {
                    l.pick("链接已复制", "Link copied")
                } else {
                    l.pick("浏览器不允许复制：请选中上方短码后复制", "The browser does not allow copying: select the short code above and copy it")
                }
            })}</p>
        </div>
    }
}
