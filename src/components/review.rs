//! Review and sign: the approver imports an approval request (a quote file), sees the internal
//! view (costs, margins, reasons, at-risk competitor and reason), picks which enrolled approver
//! they are, unlocks their key with the passphrase and approves or rejects; the signed file is
//! downloaded to send back.

use super::approval_status::VerdictView;
use super::approver::{take, Status};
use crate::approvals;
use crate::files::{download, on_one_chosen};
use crate::format::{percent, yuan};
use crate::i18n::Pick;
use crate::keystore;
use crate::state::{today, use_ctx};
use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;
use tailor_core::approval::{self, verify_chain, Approval, Decision, Request};
use tailor_core::authority::{describe, level_name};
use tailor_core::keyfile::{self, KeyFile};
use tailor_core::pricing::{price, Priced};
use tailor_core::quote::Quote;
use tailor_core::quote_file;
use tailor_core::text::Text;
use tailor_core::{date, reprice};

/// An imported approval request.
#[derive(Clone, PartialEq)]
struct Review {
    name: String,
    quote: Quote,
    approvals: Vec<Approval>,
}

/// An enrolled approver this browser holds the key of.
#[derive(Clone, PartialEq)]
struct Signer {
    id: String,
    label: String,
    level: String,
    key: KeyFile,
}

#[component]
pub fn ReviewCard(keys: RwSignal<Vec<KeyFile>>) -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let status: Status = RwSignal::new(None);
    let request = RwSignal::new(None::<Review>);
    let priced = Memo::new(move |_| {
        request.with(|r| {
            r.as_ref()
                .map(|r| ctx.data.with(|d| price(&d.catalog, &d.policy, &r.quote)))
        })
    });
    let on_choose = on_one_chosen(quote_file::MAX_FILE_BYTES, move |chosen| async move {
        match approvals::open_chosen(chosen) {
            Ok((name, file, approvals)) => {
                status.set(None);
                request.set(Some(Review {
                    name,
                    quote: file.quote,
                    approvals,
                }));
            }
            Err(e) => status.set(Some((false, e))),
        }
    });
    move || {
        let l = lang.get();
        view! {
            <section class="card" aria-labelledby="review-h">
                <h2 id="review-h">{l.pick("审核并签批", "Review and sign")}</h2>
                <label class="secondary file-label">
                    {l.pick("导入审批申请", "Import approval request")}
                    <input type="file" accept=".json,application/json" class="sr-only" data-testid="import-request" on:change=on_choose/>
                </label>
                {move || status.get().map(|(ok, t)| view! {
                    <p class="msg" class:ok=ok class:error=!ok role="status" data-testid="review-msg">{t.get(l).to_string()}</p>
                })}
                {move || request.get().zip(priced.get()).map(|(r, p)| view! {
                    <InternalView review=r.clone() priced=p.clone()/>
                    <SignForm review=r priced=p keys=keys/>
                })}
            </section>
        }
    }
}

/// The request as the approver must see it: customer, at-risk, required level and reasons,
/// every line with cost and margin, totals, and the approvals it already carries.
#[component]
fn InternalView(review: Review, priced: Priced) -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let Review {
        name,
        quote: q,
        approvals: attached,
    } = review;
    let d = ctx.data.get_untracked();
    let stale = reprice::stale(&q, &d.catalog, &d.policy);
    let verdict = verify_chain(&d.policy, &q, &priced, &attached, &today());
    let has_attached = !attached.is_empty();
    let (quote_s, attached_s) = (q.clone(), attached);
    move || {
        let l = lang.get();
        let a = &priced.authority;
        let required = if a.refused || a.beyond_ladder {
            l.pick("任何级别都不能批准", "No level can approve it")
                .to_string()
        } else if a.required == 0 {
            l.pick("无需审批", "No approval needed").to_string()
        } else {
            level_name(&d.policy, a.required, l)
        };
        let risk = if q.at_risk.flagged {
            format!(
                "{}{} — {}",
                l.pick("有流失风险：", "At risk: "),
                q.at_risk.competitor,
                q.at_risk.reason
            )
        } else {
            l.pick("未标记流失风险", "Not flagged at risk").to_string()
        };
        let rows = q.lines.iter().zip(&priced.lines).enumerate().map(|(i, (line, pl))| {
            let offering = d.catalog.offering(&line.offering).map_or(line.offering.clone(), |o| o.name.get(l).to_string());
            view! {
                <tr data-testid="review-line">
                    <td>{i + 1}</td><td class="c-name">{format!("{offering} ({})", line.id)}</td>
                    <td>{line.quantity}</td><td>{percent(pl.requested_bp)}</td><td>{percent(pl.effective_bp)}</td>
                    <td>{yuan(pl.net.tcv)}</td><td>{yuan(pl.cost.tcv)}</td>
                    <td>{format!("{} ({})", yuan(pl.margin), percent(pl.margin_bp))}</td>
                    <td>{level_name(&d.policy, pl.authority.needs, l)}</td>
                </tr>
            }
        }).collect_view();
        let t = priced.totals;
        view! {
            <div class="review" data-testid="review">
                <p><b>{name.clone()}</b></p>
                <dl class="p-grid">
                    <dt>{l.pick("客户", "Customer")}</dt><dd data-testid="review-customer">{q.customer.name.clone()}</dd>
                    <dt>{l.pick("统一社会信用代码", "USCC")}</dt><dd class="mono">{q.customer.uscc.clone()}</dd>
                    <dt>{l.pick("建议书编号", "Proposal no.")}</dt><dd>{format!("{}-V{} · {}", q.id, q.version, q.date)}</dd>
                    <dt>{l.pick("合同期", "Term")}</dt><dd>{format!("{} {}", q.term_months, l.pick("个月", "months"))}</dd>
                    <dt>{l.pick("流失风险", "At risk")}</dt><dd data-testid="review-risk">{risk}</dd>
                    <dt>{l.pick("合同总价（不含税）", "TCV (tax-exclusive)")}</dt><dd data-testid="review-tcv">{format!("{} · {} {}", yuan(t.net.tcv), l.pick("实际折扣", "effective discount"), percent(t.effective_bp))}</dd>
                    <dt>{l.pick("成本 / 毛利", "Cost / margin")}</dt><dd data-testid="review-margin">{format!("{} / {} ({})", yuan(t.cost.tcv), yuan(t.margin), percent(t.margin_bp))}</dd>
                    <dt>{l.pick("需审批至", "Needs approval up to")}</dt><dd data-testid="review-required">{required}</dd>
                </dl>
                {stale.then(|| view! { <p class="finding warning">{format!("{} {} / {}", l.pick("申请按另一版本目录/政策报价：", "Priced on another catalog/policy: "), q.catalog_version, q.policy_version)}</p> })}
                <ul class="reasons" data-testid="review-reasons">
                    {a.reasons.iter().map(|r| view! { <li>{describe(r, &d.catalog, &d.policy, &q, l)}</li> }).collect_view()}
                </ul>
                <div class="table-wrap">
                    <table class="num review-table">
                        <thead><tr>
                            <th>"#"</th><th>{l.pick("产品", "Offering")}</th><th>{l.pick("数量", "Qty")}</th>
                            <th>{l.pick("申请折扣", "Requested")}</th><th>{l.pick("实际折扣", "Effective")}</th>
                            <th>{l.pick("合同价", "TCV")}</th><th>{l.pick("成本", "Cost")}</th><th>{l.pick("毛利", "Margin")}</th>
                            <th>{l.pick("需审批", "Needs")}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                {has_attached.then(|| {
                    let (v, a, q) = (verdict.clone(), attached_s.clone(), quote_s.clone());
                    view! {
                        <h3>{l.pick("申请附带的审批", "Approvals the request carries")}</h3>
                        <VerdictView verdict=Signal::derive(move || v.clone()) approvals=Signal::derive(move || a.clone()) quote=Signal::derive(move || q.clone())/>
                    }
                })}
            </div>
        }
    }
}

/// Approve or reject, signed with the unlocked key of an enrolled approver.
#[component]
fn SignForm(review: Review, priced: Priced, keys: RwSignal<Vec<KeyFile>>) -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let max = ctx.data.with_untracked(|d| d.policy.max_approval_days);
    let signers = Memo::new(move |_| {
        ctx.data.with(|d| {
            keys.with(|ks| {
                ks.iter()
                    .flat_map(|k| {
                        let pk = keyfile::parse_public_key(&k.public_key);
                        d.policy
                            .approvers
                            .iter()
                            .filter(move |a| {
                                pk.is_some() && keyfile::parse_public_key(&a.public_key) == pk
                            })
                            .map(move |a| (a, k))
                    })
                    .map(|(a, k)| {
                        let level = d
                            .policy
                            .levels
                            .iter()
                            .find(|l| l.id == a.level)
                            .map_or_else(|| Text::new(&a.level, &a.level), |l| l.name.clone());
                        Signer {
                            id: a.id.clone(),
                            label: format!(
                                "{} · {} · {}",
                                a.name.get(lang.get()),
                                level.get(lang.get()),
                                k.fingerprint
                            ),
                            level: a.level.clone(),
                            key: k.clone(),
                        }
                    })
                    .collect::<Vec<_>>()
            })
        })
    });
    let signer = RwSignal::new(String::new());
    // The approver chosen, or the first one this browser can sign as.
    let chosen = move || {
        let id = signer.get();
        signers.with(|s| s.iter().find(|x| x.id == id).or(s.first()).cloned())
    };
    let decision = RwSignal::new(Decision::Approve);
    let days = RwSignal::new(max.min(30).to_string());
    let comment = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let status: Status = RwSignal::new(None);
    let signed = RwSignal::new(None::<(String, Approval)>);
    let pass = NodeRef::<Input>::new();
    let (review, priced) = (StoredValue::new(review), StoredValue::new(priced));
    let save = move |name: &str, a: &Approval| {
        if let Err(e) = download(name, "application/json", a.to_json().as_bytes()) {
            leptos::logging::warn!("approval download failed: {e}");
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
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
        let issued = today();
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
                        review
                            .with_value(|r| {
                                priced.with_value(|p| {
                                    approval::sign(&data.policy, &r.quote, p, &req, &key)
                                })
                            })
                            .map_err(|whys| whys.iter().map(|w| w.text(&data.policy)).collect())
                    })
                });
            drop(passphrase);
            busy.set(false);
            match result {
                Ok(a) => {
                    let name = review.with_value(|r| approval::file::decision_name(&r.quote, &a));
                    save(&name, &a);
                    status.set(Some((true, Text::new(format!("已签名并下载：{name}，请发回客户经理"), format!("Signed and downloaded: {name} — send it back to the account manager")))));
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
    move || {
        let l = lang.get();
        view! {
            <form class="sign-form" on:submit=submit aria-labelledby="sign-h" data-testid="sign-form">
                <h3 id="sign-h">{l.pick("我的决定", "My decision")}</h3>
                {move || signers.with(Vec::is_empty).then(|| view! {
                    <p class="finding warning" data-testid="no-signer">{l.pick(
                        "本浏览器中没有已登记审批人的密钥：请导入您的密钥文件，或把公钥发给定价团队登记。",
                        "No key of an enrolled approver in this browser: import your key file, or send your public key to the pricing team to be enrolled.")}</p>
                })}
                <label class="field">
                    <span>{l.pick("我是", "I am")}</span>
                    <select data-testid="signer" on:change=move |ev| signer.set(event_target_value(&ev)) prop:value=move || chosen().map(|s| s.id).unwrap_or_default()>
                        {move || signers.get().into_iter().map(|s| {
                            let id = s.id.clone();
                            view! { <option value=s.id.clone() selected=move || chosen().is_some_and(|c| c.id == id)>{s.label}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <fieldset>
                    <legend>{l.pick("决定", "Decision")}</legend>
                    <label class="check"><input type="radio" name="decision" data-testid="decision-approve" prop:checked=move || decision.get() == Decision::Approve on:change=move |_| decision.set(Decision::Approve)/>{l.pick("批准", "Approve")}</label>
                    <label class="check"><input type="radio" name="decision" data-testid="decision-reject" prop:checked=move || decision.get() == Decision::Reject on:change=move |_| decision.set(Decision::Reject)/>{l.pick("驳回", "Reject")}</label>
                </fieldset>
                <div class="row">
                    <label class="field narrow">
                        <span>{format!("{} {max} {}", l.pick("有效期（天，≤", "Valid for (days, ≤"), l.pick("）", ")"))}</span>
                        <input type="number" min="0" max=max.to_string() data-testid="validity-days" prop:value=days on:input=move |ev| days.set(event_target_value(&ev))/>
                    </label>
                    <label class="field grow">
                        <span>{l.pick("意见（可选）", "Comment (optional)")}</span>
                        <input type="text" data-testid="approval-comment" prop:value=comment on:input=move |ev| comment.set(event_target_value(&ev))/>
                    </label>
                </div>
                {move || (decision.get() == Decision::Reject).then(|| view! {
                    <label class="field">
                        <span>{l.pick("驳回原因（必填）", "Reason for rejecting (required)")}</span>
                        <input type="text" data-testid="reject-reason" prop:value=reason on:input=move |ev| reason.set(event_target_value(&ev))/>
                    </label>
                })}
                <div class="row">
                    <label class="field grow">
                        <span>{l.pick("密钥口令（仅用于本次解锁，不会保存）", "Key passphrase (used to unlock this once, never stored)")}</span>
                        <input type="password" autocomplete="off" data-testid="sign-passphrase" node_ref=pass/>
                    </label>
                    <button class="primary" type="submit" data-testid="sign" disabled=busy>{l.pick("解锁并签名", "Unlock and sign")}</button>
                </div>
                <p class="msg" role="status" data-testid="sign-msg">
                    {move || busy.get().then(|| l.pick("正在解锁密钥并签名…", "Unlocking the key and signing…").to_string())}
                    {move || status.get().map(|(ok, t)| view! { <span class:ok=ok class:error=!ok>{t.get(l).to_string()}</span> })}
                </p>
                {move || signed.get().map(|(name, a)| view! {
                    <button type="button" class="secondary" data-testid="download-approval" on:click=move |_| save(&name, &a)>
                        {l.pick("再次下载审批文件", "Download the approval file again")}
                    </button>
                })}
            </form>
        }
    }
}
