//! Signing a proposal for handover: the seller's own key ("my seller key": a key file imported
//! once and kept encrypted in `localStorage`, `tailor.seller-key.v1`, like the approver's), its
//! passphrase read at the moment of signing (never in a signal: `approver_forms`), and the signed
//! statement's link (`tailor1.s.…`), which the proposal prints as a QR code and a short code. The
//! key is unlocked and the statement signed in the signing worker (`crate::signing`), loaded on
//! the first signature.

use super::approver_forms::{take, PassphraseInput};
use crate::files::{on_one_chosen, Chosen};
use crate::i18n::tr;
use crate::state::use_ctx;
use crate::worker::{Request, Signed};
use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;
use tailor_core::keyfile::{self, KeyFile};
use tailor_core::statement::Why;
use tailor_core::suite::PublicKey;
use tailor_core::text::Text;

const STORAGE_KEY: &str = "tailor.seller-key.v1";

/// The statement signed for the proposal on screen, with its link and QR code (in context).
#[derive(Clone, Copy)]
pub struct Handed(pub RwSignal<Option<Signed>>);

pub fn provide_handed() -> Handed {
    let h = Handed(RwSignal::new(None));
    provide_context(h);
    h
}

pub fn use_handed() -> Option<Handed> {
    use_context::<Handed>()
}

fn load() -> Option<KeyFile> {
    let text = crate::published::storage()?.get_item(STORAGE_KEY).ok()??;
    keyfile::read(&text).ok()
}

fn save(file: &KeyFile) -> Result<(), Text> {
    crate::published::storage()
        .and_then(|s| s.set_item(STORAGE_KEY, &file.to_json()).ok())
        .ok_or_else(|| Text::new("无法保存密钥文件", "The key file cannot be stored"))
}

/// "My seller key" and "sign and hand over".
#[component]
pub fn Handover() -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let handed = use_handed().unwrap_or_else(provide_handed);
    let auto = crate::autosave::use_autosave();
    let key: RwSignal<Option<KeyFile>> = RwSignal::new(load());
    let status: RwSignal<Option<(bool, Text)>> = RwSignal::new(None);
    let pass = NodeRef::<Input>::new();
    let on_file = on_one_chosen(64 * 1024, move |c: Chosen| {
        let r = match c {
            Ok((name, bytes)) => keyfile::read_bytes(&name, &bytes),
            Err((name, size)) => Err(Text::new(
                format!("「{name}」过大（{size} 字节）"),
                format!("'{name}' is too large ({size} bytes)"),
            )),
        };
        match r.and_then(|f| save(&f).map(|()| f)) {
            Ok(f) => {
                key.set(Some(f));
                status.set(None);
            }
            Err(e) => status.set(Some((false, e))),
        }
        async {}
    });
    let busy = RwSignal::new(false);
    let sign = move |()| {
        let Some(file) = key.get_untracked() else {
            return;
        };
        if busy.get_untracked() {
            return;
        }
        let passphrase = take(pass);
        let body = PublicKey::parse(file.suite, &file.public_key)
            .ok_or_else(|| {
                vec![Why::NotEnrolled {
                    fingerprint: file.fingerprint.clone(),
                }]
            })
            .and_then(|k| ctx.statement_to_sign(&k))
            .map_err(|why| joined(&why));
        let body = match body {
            Ok(b) => b,
            Err(e) => return status.set(Some((false, e))),
        };
        busy.set(true);
        status.set(Some((
            true,
            Text::new("正在解锁密钥并签署…", "Unlocking the key and signing…"),
        )));
        let request = Request {
            key_file: file.to_json(),
            passphrase: passphrase.to_string(),
            body,
            page: crate::pages::page_href(),
        };
        drop(passphrase);
        spawn_local(async move {
            let outcome = crate::worker::sign(request).await;
            busy.set(false);
            match outcome {
                Ok(s) => {
                    // The signed statement hands this version over: frozen and stored at once.
                    ctx.hand_over();
                    auto.flush(ctx).await;
                    handed.0.set(Some(s));
                    status.set(Some((true, Text::new(
                        "已签署：建议书首页印有二维码，每页印有验证码",
                        "Signed: the proposal carries the QR code on its first page and the verification code on every page",
                    ))));
                }
                Err(e) => status.set(Some((false, e))),
            }
        });
    };
    view! {
        <section class="handover no-print" data-testid="handover">
            <h2>{tr(lang, "签署并交付", "Sign and hand over")}</h2>
            {move || match key.get() {
                None => view! { <p>{tr(lang, "尚未导入客户经理密钥。", "No seller key yet.")}</p> }.into_any(),
                Some(f) => view! { <p data-testid="seller-key">{tr(lang, "我的客户经理密钥：", "My seller key: ")}{f.label.clone()}" · "{f.fingerprint.clone()}</p> }.into_any(),
            }}
            <label for="seller-key-file">{tr(lang, "导入密钥文件", "Import a key file")}</label>
            <input id="seller-key-file" type="file" accept=".json,application/json"
                data-testid="seller-key-file" on:change=on_file/>
            <label>{tr(lang, "口令", "Passphrase")}" "
                <PassphraseInput node=pass testid="seller-passphrase" on_enter=Callback::new(sign)/>
            </label>
            <button type="button" class="primary" data-testid="sign-handover"
                disabled=move || key.with(Option::is_none) || busy.get() on:click=move |_| sign(())>
                {tr(lang, "签署并交付", "Sign and hand over")}
            </button>
            {move || status.get().map(|(ok, t)| view! {
                <p class=if ok { "ok" } else { "error" } data-testid="handover-status">{t.get(lang.get()).to_string()}</p>
            })}
        </section>
    }
}

/// Every reason a statement cannot be signed, in one message.
fn joined(why: &[Why]) -> Text {
    let all: Vec<Text> = why.iter().map(|w| w.text()).collect();
    Text::new(
        all.iter()
            .map(|t| t.zh.as_str())
            .collect::<Vec<_>>()
            .join("；"),
        all.iter()
            .map(|t| t.en.as_str())
            .collect::<Vec<_>>()
            .join("; "),
    )
}
