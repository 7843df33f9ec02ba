//! The approver's keys kept encrypted in this browser: the list ([`super::key_item`]), creating a
//! key pair under a passphrase, importing a key file.

use super::approver_forms::{store, take, PassphraseInput, Status};
use super::key_item::KeyItem;
use crate::files::on_one_chosen;
use crate::i18n::tr;
use crate::keystore;
use crate::state::use_ctx;
use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;
use tailor_core::keyfile::{self, KeyFile};
use tailor_core::limits::{self, too_large};
use tailor_core::suite::Suite;
use tailor_core::text::Text;

/// The keys this browser holds, and creating or importing one.
#[component]
pub fn KeysCard(keys: RwSignal<Vec<KeyFile>>, status: Status) -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let busy = RwSignal::new(false);
    let label = RwSignal::new(String::new());
    let suite = RwSignal::new(Suite::Ed25519);
    // A policy requiring SM2 enrols only SM2 keys: a new key is made in that suite.
    Effect::new(move |_| {
        if ctx.data.with(|d| d.policy.require_sm2) {
            suite.set(Suite::Sm2);
        }
    });
    let (pass, pass2) = (NodeRef::<Input>::new(), NodeRef::<Input>::new());
    let create = move || {
        if busy.get_untracked() {
            return;
        }
        let (p, p2) = (take(pass), take(pass2));
        if *p != *p2 {
            status.set(Some((
                false,
                Text::new("两次输入的口令不一致", "The two passphrases differ"),
            )));
            return;
        }
        busy.set(true);
        status.set(None);
        spawn_local(async move {
            keystore::pause().await;
            match keystore::create(suite.get_untracked(), &p, label.get_untracked().trim()) {
                Ok(file) => {
                    let fp = file.fingerprint.clone();
                    keys.update(|k| k.push(file));
                    if store(keys, status) {
                        label.set(String::new());
                        status.set(Some((
                            true,
                            Text::new(
                                format!("已创建密钥 {fp}，请把公钥和指纹发给定价团队登记"),
                                format!("Key {fp} created: send its public key and fingerprint to the pricing team to be enrolled"),
                            ),
                        )));
                    }
                }
                Err(e) => status.set(Some((false, e))),
            }
            busy.set(false);
        });
    };
    let on_import = on_one_chosen(keyfile::MAX_FILE_BYTES, move |chosen| async move {
        let parsed = match chosen {
            Err((name, size)) => Err(too_large(&name, size, &limits::KEY_FILE)),
            Ok((name, bytes)) => keyfile::read_bytes(&name, &bytes),
        };
        match parsed {
            Ok(file)
                if keys.with_untracked(|k| k.iter().any(|x| x.public_key == file.public_key)) =>
            {
                status.set(Some((
                    false,
                    Text::new(
                        format!("密钥 {} 已在本浏览器中", file.fingerprint),
                        format!("Key {} is already in this browser", file.fingerprint),
                    ),
                )))
            }
            Ok(file) => {
                let fp = file.fingerprint.clone();
                keys.update(|k| k.push(file));
                if store(keys, status) {
                    status.set(Some((
                        true,
                        Text::new(format!("已导入密钥 {fp}"), format!("Key {fp} imported")),
                    )));
                }
            }
            Err(e) => status.set(Some((false, e))),
        }
    });
    // Built once: a change of language keeps what is typed (and the keys' open forms).
    view! {
        <section class="card" aria-labelledby="keys-h">
            <h2 id="keys-h">{tr(lang, "我的审批密钥", "My approver keys")}</h2>
            <p class="hint">{tr(lang,
                "密钥以口令加密后保存在本浏览器中。把公钥和指纹发给定价团队登记后，即可签批。",
                "Keys are kept in this browser, encrypted under your passphrase. Send the public key and fingerprint to the pricing team to be enrolled, then you can sign.")}</p>
            <ul class="keys" data-testid="stored-keys">
                {move || keys.get().into_iter().enumerate().map(|(i, k)| view! { <KeyItem index=i file=k keys=keys status=status/> }).collect_view()}
            </ul>
            {move || keys.with(Vec::is_empty).then(|| view! {
                <p class="hint" data-testid="no-keys">{tr(lang, "本浏览器中还没有密钥。", "No key in this browser yet.")}</p>
            })}
            // Not a <form>: no submission that would invite the browser to save the passphrase.
            <div class="row" role="group" aria-labelledby="create-key-h">
                <h3 id="create-key-h" class="sr-only">{tr(lang, "创建密钥", "Create a key")}</h3>
                <label class="field">
                    <span>{tr(lang, "姓名或审批人编号（不保密）", "Name or approver id (not secret)")}</span>
                    <input type="text" data-testid="key-label" prop:value=label on:input=move |ev| label.set(event_target_value(&ev))/>
                </label>
                <label class="field">
                    <span>{tr(lang, "签名算法（按定价团队的要求）", "Signature suite (as the pricing team asks)")}</span>
                    <select data-testid="key-suite-choice" on:change=move |ev| suite.set(Suite::from_id(&event_target_value(&ev)).unwrap_or_default())>
                        {Suite::ALL.into_iter().map(|s| {
                            let name = s.name();
                            view! { <option value=s.id() selected=move || suite.get() == s>{move || name.get(lang.get()).to_string()}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span>{tr(lang, "口令，至少", "Passphrase, at least")}" "{keyfile::MIN_PASSPHRASE_CHARS}{tr(lang, " 个字符，几个互不相关的词最好", " characters; several unrelated words are best")}</span>
                    <PassphraseInput node=pass testid="new-passphrase" on_enter=create/>
                </label>
                <label class="field">
                    <span>{tr(lang, "再次输入口令", "Passphrase again")}</span>
                    <PassphraseInput node=pass2 testid="new-passphrase-2" on_enter=create/>
                </label>
                <button class="primary" type="button" data-testid="create-key" disabled=busy on:click=move |_| create()>
                    {tr(lang, "创建密钥对", "Create key pair")}
                </button>
            </div>
            <label class="secondary file-label">
                {tr(lang, "导入密钥文件", "Import key file")}
                <input type="file" accept=".json,application/json" class="sr-only" data-testid="import-key" on:change=on_import/>
            </label>
            <p class="msg" role="status" data-testid="keys-msg">
                {move || busy.get().then(tr(lang, "正在生成并加密密钥…", "Generating and encrypting the key…"))}
                {move || status.get().map(|(ok, t)| { let l = lang.get(); view! { <span class:ok=ok class:error=!ok>{t.get(l).to_string()}</span> } })}
            </p>
        </section>
    }
}
