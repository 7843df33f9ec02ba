//! What the approver's forms share: the message they report in, the passphrase input, reading a
//! passphrase (cleared from its input at once, held only in a `Zeroizing` string), and storing
//! the keys.
//!
//! **The browser is never invited to store a passphrase** ([`PassphraseInput`]). Chromium ignores
//! `autocomplete="off"` on a password field when it decides to offer "save password", so the
//! inputs carry the combination that keeps them out of password managers:
//!
//! * `autocomplete="one-time-code"`: Chromium's password manager (its form parser) does not take a
//!   field marked with it for a password, and Firefox keeps such values out of form history — the
//!   documented way to obscure a secret that is not a site's login;
//! * no `name`, no `<form>` around it and no form submission: the save prompt follows a form's
//!   submission (or a form vanishing after a request), so each action is a `type="button"` button
//!   and Enter in the field calls the same handler;
//! * `data-lpignore`, `data-bwignore`, `data-1p-ignore`: the opt-outs of the common password
//!   manager extensions (LastPass, Bitwarden, 1Password);
//! * `spellcheck="false"`, `autocapitalize="off"`: the text goes to no spelling service.
//!
//! The field is still `type="password"`, so the passphrase is masked on screen. The e2e test
//! "the passphrase inputs carry the no-store attributes" checks every one of them.

use crate::keystore;
use leptos::html::Input;
use leptos::prelude::*;
use tailor_core::keyfile::KeyFile;
use tailor_core::text::Text;
use zeroize::Zeroizing;

/// A message for the user: success or error.
pub type Status = RwSignal<Option<(bool, Text)>>;

/// A passphrase input the browser is never invited to store (see the module's documentation);
/// Enter runs `on_enter`.
#[component]
pub fn PassphraseInput(
    node: NodeRef<Input>,
    testid: &'static str,
    #[prop(into)] on_enter: Callback<()>,
) -> impl IntoView {
    // `data-1p-ignore` is no name the view macro takes (`1p` is no identifier): set on mount.
    Effect::new(move || {
        if let Some(i) = node.get() {
            let _ = i.set_attribute("data-1p-ignore", "true");
        }
    });
    view! {
        <input type="password" autocomplete="one-time-code" spellcheck="false" autocapitalize="off"
            data-lpignore="true" data-bwignore="true"
            data-testid=testid node_ref=node
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                if ev.key() == "Enter" {
                    ev.prevent_default();
                    on_enter.run(());
                }
            }/>
    }
}

/// Reads a password input and clears it at once.
pub fn take(input: NodeRef<Input>) -> Zeroizing<String> {
    input.get_untracked().map_or_else(Zeroizing::default, |i| {
        let v = Zeroizing::new(i.value());
        i.set_value("");
        v
    })
}

/// Stores `keys`, reporting a failure in `status`.
pub fn store(keys: RwSignal<Vec<KeyFile>>, status: Status) -> bool {
    match keys.with_untracked(|k| keystore::save(k)) {
        Ok(()) => true,
        Err(e) => {
            status.set(Some((false, e)));
            false
        }
    }
}

/// What signing is doing: "unlocking and signing…" while `busy`, then the outcome.
#[component]
pub fn SigningMsg(testid: &'static str, busy: RwSignal<bool>, status: Status) -> impl IntoView {
    let lang = crate::state::use_ctx().lang;
    view! {
        <p class="msg" role="status" data-testid=testid>
            {move || busy.get().then(crate::i18n::tr(lang, "正在解锁密钥并签名…", "Unlocking the key and signing…"))}
            {move || status.get().map(|(ok, t)| { let l = lang.get(); view! { <span class:ok=ok class:error=!ok>{t.get(l).to_string()}</span> } })}
        </p>
    }
}
