//! Granting a pre-authorisation (预授权): room for one customer, signed in advance — per product
//! family the largest effective discount (prefilled with the approver's own level's limits, never
//! above them), a largest TCV, a validity, optionally one named account manager. Signed with
//! `preauth::grant`, which refuses what the level may not grant and says why; the file is
//! downloaded and offered as a link to send ([`super::link_out`]). Not a `<form>`, and the
//! passphrase is read at the moment of use ([`super::approver_forms`]). Not in the decision log:
//! its entries are decisions on a quote (a quote digest, approve or reject).

use super::approver_forms::{take, PassphraseInput, SigningMsg, Status};
use super::link_out::LinkOut;
use super::signer::{SignerSelect, Signers};
use crate::files::download;
use crate::format::{parse_yuan, yuan};
use crate::i18n::{tr, Pick};
use crate::keystore;
use crate::state::use_ctx;
use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::BTreeMap;
use tailor_core::approval::preauth::{self, file, PreAuthBody, PreAuthorisation};
use tailor_core::keyfile::{self, KeyFile};
use tailor_core::link::Kind;
use tailor_core::money::{format_yuan, parse_percent, Bp};
use tailor_core::text::Text;
use tailor_core::{date, uscc};

/// One family's limit as typed, beside its level's.
#[derive(Clone)]
struct FamilyLimit {
    id: String,
    name: Text,
    level_bp: Bp,
    typed: RwSignal<String>,
}

/// `12.50` from 1250 bp: the level's limit as an input shows it.
fn plain(bp: Bp) -> String {
    tailor_core::money::format_percent(bp)
        .trim_end_matches('%')
        .to_string()
}

#[component]
pub fn PreAuthCard(keys: RwSignal<Vec<KeyFile>>) -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let signers = Signers::new(keys);
    let max = move || ctx.data.with(|d| d.policy.max_approval_days);
    let text = || RwSignal::new(String::new());
    let (customer, code, manager, tcv) = (text(), text(), text(), text());
    let days = RwSignal::new(untrack(max).min(14).to_string());
    let limits = RwSignal::new(Vec::<FamilyLimit>::new());
    let level_max_tcv = RwSignal::new(None::<i64>);
    // The rows follow the chosen approver's level: rebuilt (prefilled) only when it changes.
    let level = Memo::new(move |_| signers.chosen().map(|s| s.level));
    Effect::new(move || {
        let Some(id) = level.get() else { return };
        ctx.data.with_untracked(|d| {
            let Some(l) = d.policy.levels.iter().find(|l| l.id == id) else {
                return;
            };
            let name = |f: &str| {
                d.catalog
                    .families
                    .iter()
                    .find(|x| x.id == f)
                    .map_or_else(|| Text::new(f, f), |x| x.name.clone())
            };
            limits.set(
                l.discount_limits
                    .iter()
                    .map(|(f, &bp)| FamilyLimit {
                        id: f.clone(),
                        name: name(f),
                        level_bp: bp,
                        typed: RwSignal::new(plain(bp)),
                    })
                    .collect(),
            );
            level_max_tcv.set(l.max_tcv);
            tcv.set(l.max_tcv.map(format_yuan).unwrap_or_default());
        });
    });
    let busy = RwSignal::new(false);
    let status: Status = RwSignal::new(None);
    let granted = RwSignal::new(None::<(String, PreAuthorisation)>);
    let pass = NodeRef::<Input>::new();
    let save = move |name: &str, pre: &PreAuthorisation| {
        if let Err(e) = download(name, "application/json", pre.to_json().as_bytes()) {
            leptos::logging::warn!("pre-authorisation download failed: {e}");
        }
    };
    let show = move |texts: Vec<Text>| {
        let l = lang.get_untracked();
        let joined = texts
            .iter()
            .map(|t| t.get(l).to_string())
            .collect::<Vec<_>>()
            .join(l.pick("；", "; "));
        status.set(Some((false, Text::new(joined.clone(), joined))));
    };
    // What was typed, as the body to sign; else every problem, named.
    let body = move || -> Result<(PreAuthBody, KeyFile), Vec<Text>> {
        let l = lang.get_untracked();
        let mut why = Vec::new();
        let who = untrack(move || signers.chosen());
        if who.is_none() {
            why.push(Text::new(
                "请选择审批人身份",
                "Choose which approver you are",
            ));
        }
        let name = customer.get_untracked().trim().to_string();
        if name.is_empty() {
            why.push(Text::new("请填写客户名称", "Enter the customer's name"));
        }
        let uscc = code.get_untracked().trim().to_uppercase();
        if let Err(e) = uscc::validate(&uscc) {
            let t = e.text();
            why.push(Text::new(
                format!("统一社会信用代码：{}", t.zh),
                format!("USCC: {}", t.en),
            ));
        }
        let max = untrack(max);
        let n = days
            .get_untracked()
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=max).contains(n));
        if n.is_none() {
            why.push(Text::new(
                format!("有效期须为 1 至 {max} 天"),
                format!("The validity must be 1 to {max} days"),
            ));
        }
        let max_tcv = parse_yuan(&tcv.get_untracked(), l).map_err(|e| why.push(Text::new(e, e)));
        let mut family_limits = BTreeMap::new();
        for f in limits.get_untracked() {
            match parse_percent(&f.typed.get_untracked()) {
                Ok(bp) => {
                    family_limits.insert(f.id, bp);
                }
                Err(e) => {
                    let t = e.text();
                    why.push(Text::new(
                        format!("{}：{}", f.name.zh, t.zh),
                        format!("{}: {}", f.name.en, t.en),
                    ));
                }
            }
        }
        let (Some(who), Some(n), Ok(max_tcv), true) = (who, n, max_tcv, why.is_empty()) else {
            return Err(why);
        };
        let issued = ctx.today.with_untracked(|t| t.date.clone());
        let body = PreAuthBody {
            format: String::new(),
            version: 0,
            customer_name: name,
            uscc,
            account_manager: manager.get_untracked().trim().to_string(),
            family_limits,
            max_tcv,
            approver_id: who.id,
            public_key: String::new(),
            suite: tailor_core::suite::Suite::Ed25519,
            level: who.level,
            expires: date::add_days(&issued, i64::from(n)).unwrap_or_default(),
            issued,
            comment: String::new(),
        };
        Ok((body, who.key))
    };
    let submit =
        move || {
            if busy.get_untracked() {
                return;
            }
            let passphrase = take(pass);
            let (body, key) = match body() {
                Ok(b) => b,
                Err(why) => return show(why),
            };
            busy.set(true);
            status.set(None);
            granted.set(None);
            spawn_local(async move {
                keystore::pause().await;
                let result = keyfile::unlock(&key, &passphrase)
                    .map_err(|e| vec![e.text()])
                    .and_then(|key| {
                        ctx.data.with_untracked(|d| {
                            preauth::grant(&d.policy, body, &key)
                                .map_err(|whys| whys.iter().map(|w| w.text(&d.policy)).collect())
                        })
                    });
                drop(passphrase);
                busy.set(false);
                match result {
                    Ok(pre) => {
                        let name = ctx
                            .data
                            .with_untracked(|d| d.file_name(file::file_name(&pre)));
                        save(&name, &pre);
                        status.set(Some((true, Text::new(
                        format!("已签发并下载：{name}，请发给客户经理"),
                        format!("Granted and downloaded: {name} — send it to the account manager"),
                    ))));
                        granted.set(Some((name, pre)));
                    }
                    Err(texts) => show(texts),
                }
            });
        };
    let input =
        |value: RwSignal<String>| move |ev: leptos::ev::Event| value.set(event_target_value(&ev));
    view! {
        <section class="card preauth" aria-labelledby="preauth-h" data-testid="preauth-form">
            <h2 id="preauth-h">{tr(lang, "签发预授权", "Grant a pre-authorisation")}</h2>
            <p class="hint">{tr(lang,
                "预先为一个客户签批让利空间：客户经理在此范围内报价，离线即视为已获授权。",
                "Grant room for one customer in advance: within it, the account manager's proposal is authorised, offline.")}</p>
            <SignerSelect signers=signers testid="preauth-signer"/>
            <label class="field">
                <span>{tr(lang, "客户名称", "Customer name")}</span>
                <input type="text" data-testid="preauth-customer" prop:value=customer on:input=input(customer)/>
            </label>
            <label class="field">
                <span>{tr(lang, "统一社会信用代码", "Unified social credit code (USCC)")}</span>
                <input type="text" class="mono" maxlength="18" autocapitalize="characters" spellcheck="false" data-testid="preauth-uscc" prop:value=code on:input=input(code)/>
            </label>
            <label class="field">
                <span>{tr(lang, "限定客户经理（可选，空为任何人）", "Only for account manager (optional; empty: anyone)")}</span>
                <input type="text" data-testid="preauth-manager" prop:value=manager on:input=input(manager)/>
            </label>
            <div class="row">
                <label class="field">
                    <span>{tr(lang, "有效期（天，≤", "Valid for (days, ≤")}" "{max}" "{tr(lang, "）", ")")}</span>
                    <input type="number" inputmode="numeric" min="1" max=move || max().to_string() data-testid="preauth-days" prop:value=days on:input=input(days)/>
                </label>
                <label class="field">
                    <span>{tr(lang, "合同总价上限（元，不含税）", "Largest TCV (yuan, tax-exclusive)")}" "{move || level_max_tcv.get().map(|t| format!("≤ {}", yuan(t)))}</span>
                    <input type="text" inputmode="decimal" data-testid="preauth-tcv" prop:value=tcv on:input=input(tcv)/>
                </label>
            </div>
            <fieldset class="family-limits">
                <legend>{tr(lang, "各产品族最大实际折扣（%）", "Largest effective discount per product family (%)")}</legend>
                {move || limits.get().into_iter().map(|f| {
                    let (name, most) = (f.name, plain(f.level_bp));
                    view! {
                        <label class="field" data-testid="preauth-limit" data-family=f.id>
                            <span>{move || format!("{} ≤ {most}%", name.get(lang.get()))}</span>
                            <input type="text" inputmode="decimal" prop:value=f.typed on:input=input(f.typed)/>
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <label class="field">
                <span>{tr(lang, "密钥口令（仅用于本次解锁，不会保存）", "Key passphrase (used to unlock this once, never stored)")}</span>
                <PassphraseInput node=pass testid="preauth-passphrase" on_enter=submit/>
            </label>
            <button class="primary" type="button" data-testid="grant" on:click=move |_| submit() disabled=busy>{tr(lang, "解锁并签发", "Unlock and grant")}</button>
            <SigningMsg testid="preauth-msg" busy=busy status=status/>
            {move || granted.get().map(|(name, pre)| {
                let bytes = pre.to_json().into_bytes();
                view! {
                    <button type="button" class="secondary" data-testid="download-preauth" on:click=move |_| save(&name, &pre)>
                        {tr(lang, "再次下载预授权文件", "Download the pre-authorisation file again")}
                    </button>
                    <LinkOut kind=Kind::PreAuth bytes=bytes/>
                }
            })}
        </section>
    }
}
