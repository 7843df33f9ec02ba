//! The approver's area: key pairs kept encrypted in this browser (create, import, back up,
//! change passphrase, remove), and reviewing and signing approval requests ([`super::review`]).
//! Passphrases are read from password inputs at the moment of use, cleared at once, never kept
//! in a signal, stored or logged.

use super::review::ReviewCard;
use crate::files::{download, on_one_chosen};
use crate::i18n::Pick;
use crate::keystore;
use crate::state::use_ctx;
use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;
use tailor_core::keyfile::{self, KeyFile};
use tailor_core::limits::{self, too_large};
use tailor_core::text::Text;
use zeroize::Zeroizing;

/// A message for the user: success or error.
pub type Status = RwSignal<Option<(bool, Text)>>;

/// Reads a password input and clears it at once.
pub fn take(input: NodeRef<Input>) -> Zeroizing<String> {
    input.get_untracked().map_or_else(Zeroizing::default, |i| {
        let v = Zeroizing::new(i.value());
        i.set_value("");
        v
    })
}

/// Stores `keys`, reporting a failure in `status`.
fn store(keys: RwSignal<Vec<KeyFile>>, status: Status) -> bool {
    match keys.with_untracked(|k| keystore::save(k)) {
        Ok(()) => true,
        Err(e) => {
            status.set(Some((false, e)));
            false
        }
    }
}

#[component]
pub fn ApproverScreen() -> impl IntoView {
    let (stored, unreadable) = keystore::load();
    let keys = RwSignal::new(stored);
    let status: Status = RwSignal::new((unreadable > 0).then(|| {
        (
            false,
            Text::new(
                format!("浏览器存储中有 {unreadable} 个密钥无法读取，已忽略"),
                format!("{unreadable} stored key(s) could not be read and are ignored"),
            ),
        )
    }));
    view! {
        <main class="approver-screen" data-testid="approver-screen">
            <KeysCard keys=keys status=status/>
            <ReviewCard keys=keys/>
        </main>
    }
}

#[component]
fn KeysCard(keys: RwSignal<Vec<KeyFile>>, status: Status) -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let busy = RwSignal::new(false);
    let label = RwSignal::new(String::new());
    let (pass, pass2) = (NodeRef::<Input>::new(), NodeRef::<Input>::new());
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
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
            match keystore::create(&p, label.get_untracked().trim()) {
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
    move || {
        let l = lang.get();
        view! {
            <section class="card" aria-labelledby="keys-h">
                <h2 id="keys-h">{l.pick("我的审批密钥", "My approver keys")}</h2>
                <p class="hint">{l.pick(
                    "密钥以口令加密后保存在本浏览器中。把公钥和指纹发给定价团队登记后，即可签批。",
                    "Keys are kept in this browser, encrypted under your passphrase. Send the public key and fingerprint to the pricing team to be enrolled, then you can sign.")}</p>
                <ul class="keys" data-testid="stored-keys">
                    {move || keys.get().into_iter().enumerate().map(|(i, k)| view! { <KeyItem index=i file=k keys=keys status=status/> }).collect_view()}
                </ul>
                {move || keys.with(Vec::is_empty).then(|| view! {
                    <p class="hint" data-testid="no-keys">{l.pick("本浏览器中还没有密钥。", "No key in this browser yet.")}</p>
                })}
                <form class="row" on:submit=create aria-labelledby="create-key-h">
                    <h3 id="create-key-h" class="sr-only">{l.pick("创建密钥", "Create a key")}</h3>
                    <label class="field">
                        <span>{l.pick("姓名或审批人编号（不保密）", "Name or approver id (not secret)")}</span>
                        <input type="text" data-testid="key-label" prop:value=label on:input=move |ev| label.set(event_target_value(&ev))/>
                    </label>
                    <label class="field">
                        <span>{format!("{} {}{}", l.pick("口令，至少", "Passphrase, at least"), keyfile::MIN_PASSPHRASE_CHARS, l.pick(" 个字符", " characters"))}</span>
                        <input type="password" autocomplete="new-password" data-testid="new-passphrase" node_ref=pass/>
                    </label>
                    <label class="field">
                        <span>{l.pick("再次输入口令", "Passphrase again")}</span>
                        <input type="password" autocomplete="new-password" data-testid="new-passphrase-2" node_ref=pass2/>
                    </label>
                    <button class="primary" type="submit" data-testid="create-key" disabled=busy>
                        {l.pick("创建密钥对", "Create key pair")}
                    </button>
                </form>
                <label class="secondary file-label">
                    {l.pick("导入密钥文件", "Import key file")}
                    <input type="file" accept=".json,application/json" class="sr-only" data-testid="import-key" on:change=on_import/>
                </label>
                <p class="msg" role="status" data-testid="keys-msg">
                    {move || busy.get().then(|| l.pick("正在生成并加密密钥…", "Generating and encrypting the key…").to_string())}
                    {move || status.get().map(|(ok, t)| view! { <span class:ok=ok class:error=!ok>{t.get(l).to_string()}</span> })}
                </p>
            </section>
        }
    }
}

/// One stored key: its public key and fingerprint, whom it is enrolled as, backup, passphrase
/// change and removal.
#[component]
fn KeyItem(
    index: usize,
    file: KeyFile,
    keys: RwSignal<Vec<KeyFile>>,
    status: Status,
) -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let enrolled = {
        let pk = keyfile::parse_public_key(&file.public_key);
        Memo::new(move |_| {
            ctx.data.with(|d| {
                d.policy
                    .approvers
                    .iter()
                    .filter(|a| pk.is_some() && keyfile::parse_public_key(&a.public_key) == pk)
                    .map(|a| {
                        let level = d
                            .policy
                            .levels
                            .iter()
                            .find(|l| l.id == a.level)
                            .map(|l| l.name.clone());
                        (
                            a.name.clone(),
                            level.unwrap_or_else(|| Text::new(&a.level, &a.level)),
                        )
                    })
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
        if super::guided::confirm(l.pick(
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
    let l = lang.get_untracked();
    view! {
        <li class="key" data-testid="stored-key">
            <div><b>{file.label.clone()}</b></div>
            <div>{l.pick("指纹：", "Fingerprint: ")}<span class="mono" data-testid="key-fingerprint">{file.fingerprint.clone()}</span></div>
            <div>{l.pick("公钥：", "Public key: ")}<code class="mono pk" data-testid="key-public">{file.public_key.clone()}</code></div>
            <div data-testid="key-enrolled">{move || {
                let e = enrolled.get();
                if e.is_empty() {
                    l.pick("未在当前政策中登记：请把公钥和指纹发给定价团队", "Not enrolled in the current policy: send the public key and fingerprint to the pricing team").to_string()
                } else {
                    let who: Vec<String> = e.iter().map(|(n, lv)| format!("{}（{}）", n.get(l), lv.get(l))).collect();
                    format!("{}{}", l.pick("已登记为：", "Enrolled as: "), who.join(l.pick("；", "; ")))
                }
            }}</div>
            <div class="actions wrap">
                <button class="secondary" data-testid="export-key" on:click=export>{l.pick("导出加密备份", "Export encrypted backup")}</button>
                <button class="link" data-testid="remove-key" on:click=remove>{l.pick("删除", "Remove")}</button>
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
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
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
    let l = lang.get_untracked();
    view! {
        <details class="change-pass">
            <summary data-testid="change-passphrase">{l.pick("更改口令", "Change passphrase")}</summary>
            <form class="row" on:submit=submit>
                <label class="field"><span>{l.pick("当前口令", "Current passphrase")}</span>
                    <input type="password" autocomplete="current-password" data-testid="old-passphrase" node_ref=old/></label>
                <label class="field"><span>{l.pick("新口令", "New passphrase")}</span>
                    <input type="password" autocomplete="new-password" data-testid="changed-passphrase" node_ref=new/></label>
                <label class="field"><span>{l.pick("再次输入新口令", "New passphrase again")}</span>
                    <input type="password" autocomplete="new-password" data-testid="changed-passphrase-2" node_ref=new2/></label>
                <button class="primary" type="submit" data-testid="save-passphrase" disabled=busy>{l.pick("保存", "Save")}</button>
            </form>
        </details>
    }
}
