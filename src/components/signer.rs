//! Which enrolled approver the approver signs as: those the policy in use enrols with a key this
//! browser holds ([`crate::enrolment::enrolled_as`]), the first by default. The sign form and the
//! pre-authorisation form both pick one here.

use crate::enrolment::enrolled_as;
use crate::i18n::tr;
use crate::state::use_ctx;
use leptos::prelude::*;
use tailor_core::keyfile::KeyFile;

/// An enrolled approver this browser holds the key of.
#[derive(Clone, PartialEq)]
pub struct Signer {
    pub id: String,
    pub label: String,
    /// The level id.
    pub level: String,
    pub key: KeyFile,
}

/// The approvers this browser can sign as, and the one chosen (empty: the first).
#[derive(Clone, Copy)]
pub struct Signers {
    all: Memo<Vec<Signer>>,
    chosen_id: RwSignal<String>,
}

impl Signers {
    pub fn new(keys: RwSignal<Vec<KeyFile>>) -> Signers {
        let ctx = use_ctx();
        let lang = ctx.lang;
        let all = Memo::new(move |_| {
            let l = lang.get();
            ctx.data.with(|d| {
                keys.with(|ks| {
                    ks.iter()
                        .flat_map(|k| {
                            enrolled_as(&d.policy, k.suite, &k.public_key)
                                .into_iter()
                                .map(move |(a, level)| Signer {
                                    id: a.id.clone(),
                                    label: format!(
                                        "{} · {} · {}",
                                        a.name.get(l),
                                        level.get(l),
                                        k.fingerprint
                                    ),
                                    level: a.level.clone(),
                                    key: k.clone(),
                                })
                        })
                        .collect::<Vec<_>>()
                })
            })
        });
        Signers {
            all,
            chosen_id: RwSignal::new(String::new()),
        }
    }

    /// The approver chosen, or the first one this browser can sign as.
    pub fn chosen(self) -> Option<Signer> {
        let id = self.chosen_id.get();
        self.all
            .with(|s| s.iter().find(|x| x.id == id).or(s.first()).cloned())
    }
}

/// The "I am" select, and a warning when this browser holds no enrolled approver's key.
#[component]
pub fn SignerSelect(signers: Signers, testid: &'static str) -> impl IntoView {
    let lang = use_ctx().lang;
    view! {
        {move || signers.all.with(Vec::is_empty).then(|| view! {
            <p class="finding warning" data-testid=format!("{testid}-none")>{tr(lang,
                "本浏览器中没有已登记审批人的密钥：请导入您的密钥文件，或把公钥发给定价团队登记。",
                "No key of an enrolled approver in this browser: import your key file, or send your public key to the pricing team to be enrolled.")}</p>
        })}
        <label class="field">
            <span>{tr(lang, "我是", "I am")}</span>
            <select data-testid=testid on:change=move |ev| signers.chosen_id.set(event_target_value(&ev)) prop:value=move || signers.chosen().map(|s| s.id).unwrap_or_default()>
                {move || signers.all.get().into_iter().map(|s| {
                    let id = s.id.clone();
                    view! { <option value=s.id.clone() selected=move || signers.chosen().is_some_and(|c| c.id == id)>{s.label}</option> }
                }).collect_view()}
            </select>
        </label>
    }
}
