//! The customer's verification page (`verify.html#tailor1.s.…`): a proposal statement from the
//! link, checked offline against the operator's public keys (`keys.json`, verified under the
//! publishers built in). It needs no catalog or policy: never a cost, limit or margin. Given the
//! proposal's quote file, it also checks every line and names the figure that differs.

use super::verify_report::{Loaded, Report};
use crate::files::{on_one_chosen, Chosen};
use crate::i18n::{tr, Pick};
use crate::loader::{fetch_signature, fetch_text};
use leptos::prelude::*;
use leptos::task::spawn_local;
use tailor_core::keys;
use tailor_core::statement::{self, Difference, Held, Seen, Statement, Why};
use tailor_core::text::{Lang, Text};

#[component]
pub fn VerifyPage() -> impl IntoView {
    crate::pwa::Pwa::start();
    let lang = RwSignal::new(initial_lang());
    let statement: Signal<Result<Statement, Text>> = Signal::derive(read_fragment);
    // The keys as loaded, and why the statement is not genuine under them: verified once.
    let loaded: RwSignal<Option<(Loaded, Vec<Why>)>> = RwSignal::new(None);
    let differences: RwSignal<Option<Result<Vec<Difference>, Text>>> = RwSignal::new(None);
    let held: RwSignal<Option<Vec<Held>>> = RwSignal::new(None);
    let today = crate::published::today(None).date;
    let later: RwSignal<Option<Seen>> = RwSignal::new(None);
    let when = today.clone();
    spawn_local(async move {
        let keys = load_keys().await;
        let mut why = Vec::new();
        if let (Ok((k, _)), Ok(s)) = (&keys, statement.get_untracked()) {
            why = statement::verify(k, &s, &when);
            if why.is_empty() {
                later.set(check_and_remember(&s));
            }
        }
        loaded.set(Some((keys, why)));
    });
    if let Some(w) = web_sys::window() {
        let on_hash = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
            if let Some(w) = web_sys::window() {
                let _ = w.location().reload();
            }
        });
        w.set_onhashchange(Some(wasm_bindgen::JsCast::unchecked_ref(on_hash.as_ref())));
        on_hash.forget();
    }
    let on_file = on_one_chosen(tailor_core::quote_file::MAX_FILE_BYTES, move |c: Chosen| {
        let file = match (c, statement.get_untracked()) {
            (Ok((name, bytes)), Ok(s)) => {
                tailor_core::approval::file::read_quote_file(&name, &bytes).map(|f| (s, f))
            }
            (Err((name, size)), _) => Err(Text::new(
                format!("「{name}」过大（{size} 字节）"),
                format!("'{name}' is too large ({size} bytes)"),
            )),
            (_, Err(e)) => Err(e),
        };
        held.set(None);
        differences.set(Some(file.map(|(s, (f, approvals))| {
            if let Some((Ok((keys, _)), _)) = loaded.get_untracked() {
                held.set(Some(statement::held(
                    &keys, &s, &f.quote, &f.priced, &approvals,
                )));
            }
            statement::check_against(&s, &f.quote, &f.priced)
        })));
        async {}
    });
    view! {
        <main class="verify" lang=move || if lang.get() == Lang::Zh { "zh-CN" } else { "en" }>
            <header class="verify-top">
                <h1>{tr(lang, "建议书真伪验证", "Verify a proposal")}</h1>
                <button class="toggle" data-testid="lang-toggle"
                    on:click=move |_| lang.update(|l| *l = if *l == Lang::Zh { Lang::En } else { Lang::Zh })>
                    {tr(lang, "EN", "中文")}
                </button>
            </header>
            {move || match (statement.get(), loaded.get()) {
                (Err(e), _) => view! {
                    <p class="verdict bad" data-testid="verdict">{e.get(lang.get()).to_string()}</p>
                }.into_any(),
                (_, None) => view! { <p>{tr(lang, "正在读取运营商公钥…", "Reading the operator's public keys…")}</p> }.into_any(),
                (Ok(s), Some((k, why))) => view! {
                    <Report statement=s loaded=k why=why lang=lang today=today.clone() differences=differences held=held/>
                }.into_any(),
            }}
            {move || later.get().map(|v| {
                let l = lang.get();
                view! {
                    <p class="verdict bad" data-testid="superseded">{format!("{}V{} ({}, {}{})",
                        l.pick("已被后续版本取代：本设备已验证过同一建议书的 ", "Superseded by a later version: this device has verified "),
                        v.version, v.date, l.pick("验证码 ", "code "), v.code)}
                        " "{l.pick("请以最新版本为准。", "The latest version applies.")}</p>
                }
            })}
            <section class="verify-file">
                <label for="verify-file">{tr(lang, "核对建议书文件（可选）：", "Check the proposal file (optional):")}</label>
                <input id="verify-file" type="file" accept=".json,application/json"
                    data-testid="verify-file" on:change=on_file/>
                <p class="hint">{tr(lang,
                    "文件只在本机读取，不会上传。",
                    "The file is read on this device only; nothing is uploaded.")}</p>
            </section>
        </main>
    }
}

/// Where the page keeps the latest version of each lineage it found genuine.
const SEEN_KEY: &str = "tailor.verified.v1";

/// A later version of `s` this device verified before, if any; then `s` is kept as seen. What is
/// kept only says "you were given a later version"; unreadable text counts as nothing kept.
fn check_and_remember(s: &Statement) -> Option<Seen> {
    let store = crate::published::storage()?;
    let mut seen: Vec<Seen> = store
        .get_item(SEEN_KEY)
        .ok()
        .flatten()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    let later = statement::superseded(&seen, s).cloned();
    statement::remember(&mut seen, s);
    if let Ok(text) = serde_json::to_string(&seen) {
        let _ = store.set_item(SEEN_KEY, &text);
    }
    later
}

/// The page's language: `?lang=en`, else Chinese.
fn initial_lang() -> Lang {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    if search.contains("lang=en") {
        Lang::En
    } else {
        Lang::Zh
    }
}

/// The statement in the page's fragment.
fn read_fragment() -> Result<Statement, Text> {
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    let text = hash.trim_start_matches('#');
    if text.is_empty() {
        return Err(Text::new(
            "没有要验证的声明：请用手机相机扫描建议书上的二维码，或打开建议书上的验证链接",
            "Nothing to verify: scan the QR code on the proposal with a phone camera, or open the verification link printed on it",
        ));
    }
    statement::from_link(text)
}

/// Fetches `keys.json` and its signature (the service worker's copy offline) and believes them
/// only under a publisher built into this page.
async fn load_keys() -> Loaded {
    let text = fetch_text("keys.json").await.map_err(|e| {
        Text::new(
            format!("无法读取运营商公钥 keys.json（{e}）"),
            format!("The operator's public keys (keys.json) cannot be read ({e})"),
        )
    })?;
    let sig = fetch_signature("keys.sig.json").await.unwrap_or(None);
    keys::load(crate::published::publishers(), &text, sig.as_deref()).map(|(k, p)| (k, p.clone()))
}
