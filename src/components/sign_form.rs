//! The approver's decision on a request: which enrolled approver they are, approve or reject,
//! validity and comment, signed with their key unlocked by the passphrase for this one signature,
//! downloaded, recorded in the decision log, and offered as a link to send back
//! ([`super::link_out`]). A proposal with blocking findings cannot be approved (the button says
//! why; `approval::sign` refuses it too), only rejected. The form is built once; its labels follow
//! the language in place. Not a `<form>`: no submission that would invite the browser to save the
//! passphrase ([`super::approver_forms`]).

use super::approver_forms::{take, PassphraseInput, SigningMsg, Status};
use super::link_out::LinkOut;
use super::signer::{SignerSelect, Signers};
use crate::decision_log;
use crate::files::download;
use crate::i18n::{tr, Pick};
use crate::keystore;
use crate::state::use_ctx;
use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;
use tailor_core::approval::{self, Approval, Decision, Request};
use tailor_core::date;
use tailor_core::decision_log::Log;
use tailor_core::keyfile::{self, KeyFile};
use tailor_core::link::Kind;
use tailor_core::pricing::Priced;
use tailor_core::quote::Quote;
use tailor_core::text::Text;

/// Approve or reject, signed with the unlocked key of an enrolled approver.
#[component]
pub fn SignForm(
    quote: Quote,
    priced: Priced,
    keys: RwSignal<Vec<KeyFile>>,
    log: RwSignal<Log>,
) -> impl IntoView {
    let ctx = use_ctx();
    let blocked = priced.blocked();
    let lang = ctx.lang;
    let max = ctx.data.with_untracked(|d| d.policy.max_approval_days);
    let signers = Signers::new(keys);
    let chosen = move || signers.chosen();
    let decision = RwSignal::new(Decision::Approve);
    let days = RwSignal::new(max.min(30).to_string());
    let comment = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let status: Status = RwSignal::new(None);
    let signed = RwSignal::new(None::<(String, Approval)>);
    let pass = NodeRef::<Input>::new();
    let (quote, priced) = (StoredValue::new(quote), StoredValue::new(priced));
    let save = move |name: &str, a: &Approval| {
        let name = ctx.data.with_untracked(|d| d.file_name(name.to_string()));
        if let Err(e) = download(&name, "application/json", a.to_json().as_bytes()) {
            leptos::logging::warn!("approval download failed: {e}");
        }
    };
    // Approving a blocked proposal: the button is disabled and says why.
    let approve_blocked = move || blocked && decision.get() == Decision::Approve;
    let submit = move || {
        if busy.get_untracked() || untrack(approve_blocked) {
            return;
        }
        let passphrase = take(pass);
        let fail = |zh: &str, en: &str| status.set(Some((false, Text::new(zh, en))));
        let Some(who) = untrack(chosen) else {
            return fail("请选择审批人身份", "Choose which approver you are");
        };
        let Some(n) = days
            .get_untracked()
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|n| *n <= max)
        else {
            return fail(
                &format!("有效期须为 0 至 {max} 天"),
                &format!("The validity must be 0 to {max} days"),
            );
        };
        let issued = ctx.today.with_untracked(|t| t.date.clone());
        let expires = date::add_days(&issued, i64::from(n)).unwrap_or_default();
        let d = decision.get_untracked();
        let req = Request {
            decision: d,
            approver_id: who.id.clone(),
            level: who.level.clone(),
            issued,
            expires,
            comment: comment.get_untracked().trim().to_string(),
            reason: if d == Decision::Reject {
                reason.get_untracked().trim().to_string()
            } else {
                String::new()
            },
        };
        busy.set(true);
        status.set(None);
        signed.set(None);
        spawn_local(async move {
            keystore::pause().await;
            let result = keyfile::unlock(&who.key, &passphrase)
                .map_err(|e| vec![e.text()])
                .and_then(|key| {
                    ctx.data.with_untracked(|data| {
                        quote
                            .with_value(|q| {
                                priced
                                    .with_value(|p| approval::sign(&data.policy, q, p, &req, &key))
                            })
                            .map_err(|whys| whys.iter().map(|w| w.text(&data.policy)).collect())
                    })
                });
            drop(passphrase);
            busy.set(false);
            match result {
                Ok(a) => {
                    let name = quote.with_value(|q| approval::file::decision_name(q, &a));
                    save(&name, &a);
                    let logged = log
                        .try_update(|l| decision_log::record(l, &a, &name))
                        .unwrap_or(Ok(()));
                    status.set(Some(match logged {
                        Ok(()) => (true, Text::new(format!("已签名并下载：{name}，请发回客户经理"), format!("Signed and downloaded: {name} — send it back to the account manager"))),
                        Err(e) => (false, e),
                    }));
                    signed.set(Some((name, a)));
                }
                Err(texts) => {
                    let l = lang.get_untracked();
                    let joined = texts
                        .iter()
                        .map(|t| t.get(l).to_string())
                        .collect::<Vec<_>>()
                        .join(l.pick("；", "; "));
                    status.set(Some((false, Text::new(joined.clone(), joined))));
                }
            }
        });
    };
    // Built once: the labels follow the language in place, so a switch keeps what is typed.
    view! {
        <div class="sign-form" role="group" aria-labelledby="sign-h" data-testid="sign-form">
            <h3 id="sign-h">{tr(lang, "我的决定", "My decision")}</h3>
            <SignerSelect signers=signers testid="signer"/>
            <fieldset>
                <legend>{tr(lang, "决定", "Decision")}</legend>
                <label class="check"><input type="radio" name="decision" data-testid="decision-approve" prop:checked=move || decision.get() == Decision::Approve on:change=move |_| decision.set(Decision::Approve)/>{tr(lang, "批准", "Approve")}</label>
                <label class="check"><input type="radio" name="decision" data-testid="decision-reject" prop:checked=move || decision.get() == Decision::Reject on:change=move |_| decision.set(Decision::Reject)/>{tr(lang, "驳回", "Reject")}</label>
            </fieldset>
            <div class="row">
                <label class="field narrow">
                    <span>{tr(lang, "有效期（天，≤", "Valid for (days, ≤")}" "{max}" "{tr(lang, "）", ")")}</span>
                    <input type="number" min="0" max=max.to_string() data-testid="validity-days" prop:value=days on:input=move |ev| days.set(event_target_value(&ev))/>
                </label>
                <label class="field grow">
                    <span>{tr(lang, "意见（可选）", "Comment (optional)")}</span>
                    <input type="text" data-testid="approval-comment" prop:value=comment on:input=move |ev| comment.set(event_target_value(&ev))/>
                </label>
            </div>
            {move || (decision.get() == Decision::Reject).then(|| view! {
                <label class="field">
                    <span>{tr(lang, "驳回原因（必填）", "Reason for rejecting (required)")}</span>
                    <input type="text" data-testid="reject-reason" prop:value=reason on:input=move |ev| reason.set(event_target_value(&ev))/>
                </label>
            })}
            <div class="row">
                <label class="field grow">
                    <span>{tr(lang, "密钥口令（仅用于本次解锁，不会保存）", "Key passphrase (used to unlock this once, never stored)")}</span>
                    <PassphraseInput node=pass testid="sign-passphrase" on_enter=submit/>
                </label>
                <button class="primary" type="button" data-testid="sign" on:click=move |_| submit()
                    disabled=move || busy.get() || approve_blocked()>{tr(lang, "解锁并签名", "Unlock and sign")}</button>
            </div>
            {move || approve_blocked().then(|| view! {
                <p class="finding error" data-testid="sign-blocked">{tr(lang,
                    "方案有阻止性问题（见上方列表），修正前不能批准；可以驳回并说明原因。",
                    "The proposal has blocking findings (listed above): it cannot be approved until they are fixed. You can reject it with a reason.")}</p>
            })}
            <SigningMsg testid="sign-msg" busy=busy status=status/>
            {move || signed.get().map(|(name, a)| {
                let bytes = a.to_json().into_bytes();
                view! {
                    <button type="button" class="secondary" data-testid="download-approval" on:click=move |_| save(&name, &a)>
                        {tr(lang, "再次下载审批文件", "Download the approval file again")}
                    </button>
                    <LinkOut kind=Kind::Decision bytes=bytes/>
                }
            })}
        </div>
    }
}
