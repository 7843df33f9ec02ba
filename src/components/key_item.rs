//! One key this browser holds: its public key and fingerprint, whom the policy enrolls it as,
//! its encrypted backup, removal, and a new passphrase.

use super::approver_forms::{store, take, PassphraseInput, Status};
use super::guided::confirm;
use crate::enrolment::enrolled_as;
use crate::files::download;
use crate::i18n::{tr, Pick};
use crate::keystore;
use crate::state::use_ctx;
use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;
use tailor_core::keyfile::{self, KeyFile};
use tailor_core::text::Text;

/// One stored key: its public key and fingerprint, whom it is enrolled as, backup, passphrase
/// change and removal.
#[component]
pub fn KeyItem(
    index: usize,
    file: KeyFile,
    keys: RwSignal<Vec<KeyFile>>,
    status: Status,
) -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let enrolled = {
        let public_key = file.public_key.clone();
        let suite = file.suite;
        Memo::new(move |_| {
            ctx.data.with(|d| {
                enrolled_as(&d.policy, suite, &public_key)
                    .into_iter()
                    .map(|(a, level)| (a.name.clone(), level))
                    .collect::<Vec<_>>()
            })
        })
    };
    let backup = StoredValue::new(file.clone());
    let export = move |_| {
        let f = backup.get_value();
        if let Err(e) = download(
            &keyfile::file_name(&f),
            "application/json",
            f.to_json().as_bytes(),
        ) {
            leptos::logging::warn!("key backup failed: {e}");
        }
    };
    let remove = move |_| {
        let l = lang.get_untracked();
        if confirm(l.pick(
            "从本浏览器删除此密钥？没有备份就无法再用它签批。",
            "Remove this key from this browser? Without a backup it can no longer sign.",
        )) {
            keys.update(|k| {
                if index < k.len() {
                    k.remove(index);
                }
            });
            store(keys, status);
        }
    };
    view! {
        <li class="key" data-testid="stored-key">
            <div><b>{file.label.clone()}</b></div>
            <div>{tr(lang, "指纹：", "Fingerprint: ")}<span class="mono" data-testid="key-fingerprint">{file.fingerprint.clone()}</span></div>
            <div>{tr(lang, "签名算法：", "Signature suite: ")}<span data-testid="key-suite">{let s = file.suite.name(); move || s.get(lang.get()).to_string()}</span></div>
            <div>{tr(lang, "公钥：", "Public key: ")}<code class="mono pk" data-testid="key-public">{file.public_key.clone()}</code></div>
            <div data-testid="key-enrolled">{move || {
                let l = lang.get();
                let e = enrolled.get();
                if e.is_empty() {
                    l.pick("未在当前政策中登记：请把公钥和指纹发给定价团队", "Not enrolled in the current policy: send the public key and fingerprint to the pricing team").to_string()
                } else {
                    let who: Vec<String> = e.iter().map(|(n, lv)| format!("{}（{}）", n.get(l), lv.get(l))).collect();
                    format!("{}{}", l.pick("已登记为：", "Enrolled as: "), who.join(l.pick("；", "; ")))
                }
            }}</div>
            <div class="actions wrap">
                <button class="secondary" data-testid="export-key" on:click=export>{tr(lang, "导出加密备份", "Export encrypted backup")}</button>
                <button class="link" data-testid="remove-key" on:click=remove>{tr(lang, "删除", "Remove")}</button>
            </div>
            <ChangePassphrase index=index keys=keys status=status/>
        </li>
    }
}

/// Re-seals a stored key under a new passphrase (fresh salt and nonce).
#[component]
fn ChangePassphrase(index: usize, keys: RwSignal<Vec<KeyFile>>, status: Status) -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let busy = RwSignal::new(false);
    let (old, new, new2) = (
        NodeRef::<Input>::new(),
        NodeRef::<Input>::new(),
        NodeRef::<Input>::new(),
    );
    let submit = move || {
        if busy.get_untracked() {
            return;
        }
        let (o, n, n2) = (take(old), take(new), take(new2));
        if *n != *n2 {
            status.set(Some((
                false,
                Text::new("两次输入的新口令不一致", "The two new passphrases differ"),
            )));
            return;
        }
        let Some(file) = keys.with_untracked(|k| k.get(index).cloned()) else {
            return;
        };
        busy.set(true);
        spawn_local(async move {
            keystore::pause().await;
            match keystore::reseal(&file, &o, &n) {
                Ok(sealed) => {
                    keys.update(|k| {
                        if let Some(slot) = k.get_mut(index) {
                            *slot = sealed;
                        }
                    });
                    if store(keys, status) {
                        status.set(Some((true, Text::new("口令已更改", "Passphrase changed"))));
                    }
                }
                Err(e) => status.set(Some((false, e))),
            }
            busy.set(false);
        });
    };
    view! {
        <details class="change-pass">
            <summary data-testid="change-passphrase">{tr(lang, "更改口令", "Change passphrase")}</summary>
            // Not a <form>: no submission that would invite the browser to save the passphrase.
            <div class="row" role="group">
                <label class="field"><span>{tr(lang, "当前口令", "Current passphrase")}</span>
                    <PassphraseInput node=old testid="old-passphrase" on_enter=submit/></label>
                <label class="field"><span>{tr(lang, "新口令", "New passphrase")}</span>
                    <PassphraseInput node=new testid="changed-passphrase" on_enter=submit/></label>
                <label class="field"><span>{tr(lang, "再次输入新口令", "New passphrase again")}</span>
                    <PassphraseInput node=new2 testid="changed-passphrase-2" on_enter=submit/></label>
                <button class="primary" type="button" data-testid="save-passphrase" disabled=busy on:click=move |_| submit()>{tr(lang, "保存", "Save")}</button>
            </div>
        </details>
    }
}
