//! What authorises this proposal (seller view only): the seller's own authority, the
//! pre-authorisations kept for its customer (with their expiry, whether each verifies and what
//! lies beyond it), the signed approvals, what is still missing, and for each line the room left
//! under each. Pre-authorisation files are imported here.

use super::approval_status::preauth_text;
use crate::files::{on_one_chosen, Chosen};
use crate::format::percent;
use crate::i18n::{tr, Pick};
use crate::state::{for_customer, use_ctx};
use leptos::prelude::*;
use tailor_core::approval::preauth::{self, file as preauth_file, Check};
use tailor_core::approval::Status;
use tailor_core::authority::level_name;
use tailor_core::limits::{too_large, PREAUTH_FILE};
use tailor_core::text::{Lang, Text};
use tailor_core::trust;

/// The authorisations block in the seller's price panel.
#[component]
pub fn Authorisations() -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let message = RwSignal::new(None::<(bool, Text)>);
    let on_choose = on_one_chosen(PREAUTH_FILE.max_bytes, move |chosen: Chosen| async move {
        let read = match chosen {
            Ok((name, bytes)) => preauth_file::from_file(&name, &bytes),
            Err((name, size)) => Err(too_large(&name, size, &PREAUTH_FILE)),
        };
        let result = read.and_then(|pre| ctx.keep_preauth(pre));
        message.set(Some((result.is_ok(), result.unwrap_or_else(|e| e))));
    });
    view! {
        <section class="authorisations" data-testid="authorisations" aria-labelledby="auth-h">
            <h3 id="auth-h">{tr(lang, "此方案的授权依据", "What authorises this proposal")}</h3>
            <ul class="auth-list">
                <OwnAuthority/>
                <PreAuthList/>
                <Missing/>
            </ul>
            <RoomTable/>
            <label class="secondary file-label">
                {tr(lang, "导入预授权", "Import pre-authorisation")}
                <input type="file" accept=".json,application/json" class="sr-only"
                    data-testid="import-preauth" on:change=on_choose/>
            </label>
            {move || message.get().map(|(ok, t)| {
                let l = lang.get();
                view! { <p class="msg" class:ok=ok class:error=!ok role="status" data-testid="preauth-msg">{t.get(l).to_string()}</p> }
            })}
        </section>
    }
}

/// The seller's own authority: how many lines it covers, and whether the whole proposal.
#[component]
fn OwnAuthority() -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    // In words, compared: the row is drawn again only when the words change.
    let text = Memo::new(move |_| {
        let l = lang.get();
        let (role, within, total, all) = ctx.priced.with(|p| {
            let role = p.authority.role;
            let within = p.lines.iter().filter(|x| x.authority.within(role)).count();
            (role, within, p.lines.len(), p.authority.within_role())
        });
        let name = ctx.data.with(|d| level_name(&d.policy, role, l));
        match (l, all) {
            (Lang::Zh, true) => format!("我的权限（{name}）：整个方案在权限内"),
            (Lang::En, true) => format!("My authority ({name}): the whole proposal is within it"),
            (Lang::Zh, false) => format!("我的权限（{name}）：{within}/{total} 行在权限内"),
            (Lang::En, false) => {
                format!("My authority ({name}): {within} of {total} lines within it")
            }
        }
    });
    view! { <li data-testid="auth-own">{text}</li> }
}

/// Each pre-authorisation kept for this customer: whose, until when, and whether it holds.
#[component]
fn PreAuthList() -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    move || {
        let l = lang.get();
        let checks = ctx.verdict.with(|v| v.preauths.clone());
        let kept = ctx
            .preauths
            .with(|k| ctx.quote.with(|q| for_customer(k, &q.customer.uscc)));
        checks
            .into_iter()
            .zip(kept)
            .map(|(c, pre)| {
                let state = ctx.data.with(|d| state_of(&c, &d.policy, l));
                let ok = c.holds();
                view! {
                    <li data-testid="auth-preauth" class:ok=ok>
                        {preauth_text(&c, l)}
                        <span class="auth-state">{state}</span>
                        <button class="link" data-testid="forget-preauth"
                            on:click=move |_| ctx.forget_preauth(&pre)>
                            {l.pick("移除", "Remove")}
                        </button>
                    </li>
                }
            })
            .collect_view()
    }
}

/// Whether a pre-authorisation holds, or why not, or what lies beyond it.
fn state_of(c: &Check, policy: &tailor_core::policy::Policy, l: Lang) -> String {
    if c.holds() {
        return l
            .pick("覆盖整个方案", "covers the whole proposal")
            .to_string();
    }
    if !c.why.is_empty() {
        let why: Vec<String> = c
            .why
            .iter()
            .map(|w| w.text(policy).get(l).to_string())
            .collect();
        return format!(
            "{}{}",
            l.pick("不可用：", "not valid: "),
            why.join(l.pick("；", "; "))
        );
    }
    let mut beyond: Vec<String> = c
        .beyond
        .lines
        .iter()
        .map(|b| match l {
            Lang::Zh => format!(
                "第 {} 行 {} > {}",
                b.number,
                percent(b.effective_bp),
                percent(b.limit_bp)
            ),
            Lang::En => format!(
                "line {} {} > {}",
                b.number,
                percent(b.effective_bp),
                percent(b.limit_bp)
            ),
        })
        .collect();
    if let Some(tcv) = c.beyond.tcv {
        beyond.push(format!(
            "{} {} > {}",
            l.pick("合同总价", "TCV"),
            crate::format::yuan(tcv),
            crate::format::yuan(c.beyond.max_tcv)
        ));
    }
    format!(
        "{}{}",
        l.pick("超出：", "beyond it: "),
        beyond.join(l.pick("；", "; "))
    )
}

/// What is still missing when the proposal is neither within authority nor authorised.
#[component]
fn Missing() -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    move || {
        let l = lang.get();
        let (status, required, chain) = ctx.verdict.with(|v| (v.status, v.required, v.chain.len()));
        let name = ctx.data.with(|d| level_name(&d.policy, required, l));
        let text = match status {
            Status::NotApproved => match l {
                Lang::Zh => format!("尚缺：{name}及以下各级的审批（已有 {chain} 份有效），或一份覆盖全部行的预授权"),
                Lang::En => format!("Still missing: approvals up to {name} ({chain} valid so far), or a pre-authorisation covering every line"),
            },
            Status::Approved => format!("{}{chain}", l.pick("有效审批：", "Valid approvals: ")),
            Status::PreAuthorised => l.pick("无需另行审批", "No further approval needed").to_string(),
            Status::NotNeeded => l.pick("无需审批", "No approval needed").to_string(),
            Status::Refused => l.pick("任何审批都不能放行", "No approval can allow it").to_string(),
        };
        view! { <li data-testid="auth-missing">{text}</li> }
    }
}

/// For each line, the room left on the seller's own authority and under each pre-authorisation
/// that verifies; computed only while the table is open.
#[component]
fn RoomTable() -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let open = RwSignal::new(false);
    let rows = move || {
        if !open.get() {
            return None;
        }
        let l = lang.get();
        let checks = ctx.verdict.with(|v| v.preauths.clone());
        let valid: Vec<(Check, preauth::PreAuthorisation)> = ctx
            .preauths
            .with(|k| ctx.quote.with(|q| for_customer(k, &q.customer.uscc)))
            .into_iter()
            .zip(checks)
            .filter(|(_, c)| c.why.is_empty())
            .map(|(p, c)| (c, p))
            .collect();
        let rooms: Vec<Vec<preauth::Room>> = ctx.data.with(|d| {
            ctx.quote.with(|q| {
                ctx.priced.with(|p| {
                    let catalog = trust::named(&d.versions, &d.catalog, &d.policy, q)
                        .map_or(&d.catalog, |(c, _)| c);
                    valid
                        .iter()
                        .map(|(_, pre)| preauth::room(catalog, pre, q, p))
                        .collect()
                })
            })
        });
        let names: Vec<(String, Option<tailor_core::money::Bp>)> = ctx.data.with(|d| {
            ctx.priced.with(|p| {
                p.lines
                    .iter()
                    .map(|x| {
                        let name = d
                            .catalog
                            .offering(&x.offering)
                            .map_or("?", |o| o.name.get(l));
                        (name.to_string(), x.headroom.own)
                    })
                    .collect()
            })
        });
        let room = |b: Option<tailor_core::money::Bp>| b.map_or_else(|| "—".to_string(), percent);
        Some(view! {
            <table class="room" data-testid="room-table">
                <thead><tr>
                    <th scope="col">{l.pick("行", "Line")}</th>
                    <th scope="col">{l.pick("我的权限内", "My authority")}</th>
                    {valid.iter().map(|(c, _)| view! { <th scope="col">{c.approver_name.get(l).to_string()}</th> }).collect_view()}
                </tr></thead>
                <tbody>
                    {names.into_iter().enumerate().map(|(i, (name, own))| view! {
                        <tr>
                            <th scope="row">{format!("{} {name}", i + 1)}</th>
                            <td data-testid="room-own">{room(own)}</td>
                            {rooms.iter().map(|r| view! { <td data-testid="room-pre">{room(r.get(i).and_then(|x| x.pre))}</td> }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        })
    };
    view! {
        <div class="room-details">
            <button class="link" data-testid="room" aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)>
                {tr(lang, "每行还可让利多少", "Room left on each line")}
            </button>
            {rows}
        </div>
    }
}
