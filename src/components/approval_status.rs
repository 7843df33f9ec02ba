//! The account manager's side of signed approvals (seller view only): the verified approval
//! status with every reason, exporting the approval request (as a file or a link), importing the
//! approvals (from files, or a pasted or scanned link).

use super::link_import::PasteLinkButton;
use super::request_link::RequestLink;
use crate::files::{download, on_chosen};
use crate::i18n::{tr, Pick};
use crate::state::use_ctx;
use leptos::prelude::*;
use tailor_core::approval::file as approvals;
use tailor_core::approval::{preauth, Approval, Link, Status, Verdict, Why};
use tailor_core::catalog::Catalog;
use tailor_core::limits::{self, too_large};
use tailor_core::policy::Policy;
use tailor_core::quote::Quote;
use tailor_core::text::{Lang, Text};

/// The headline of a verdict.
pub fn status_text(v: &Verdict, l: Lang) -> &'static str {
    match v.status {
        Status::NotNeeded => l.pick("无需审批", "No approval needed"),
        Status::Approved => l.pick("已审批通过", "Approved"),
        Status::PreAuthorised => l.pick("已获预先授权", "Authorised in advance"),
        Status::NotApproved => l.pick("未获审批", "Not approved"),
        Status::Refused => l.pick("不可审批", "Cannot be approved"),
    }
}

/// A link of the chain in words: level, approver and dates; `internal` (for the sales force, never
/// the customer) adds the key's fingerprint and the approver's comment.
pub fn link_text(k: &Link, l: Lang, internal: bool) -> String {
    let fp = if internal {
        format!(
            "{}{}{}",
            l.pick("（", " ("),
            k.fingerprint,
            l.pick("）", ")")
        )
    } else {
        String::new()
    };
    let comment = if !internal || k.comment.trim().is_empty() {
        String::new()
    } else {
        format!("{}{}", l.pick("；意见：", "; comment: "), k.comment)
    };
    let (level, name) = (k.level_name.get(l), k.approver_name.get(l));
    match l {
        Lang::Zh => format!(
            "{level}：{name}{fp}于 {} 批准，有效期至 {}{comment}",
            k.issued, k.expires
        ),
        Lang::En => format!(
            "{level}: approved by {name}{fp} on {}, valid until {}{comment}",
            k.issued, k.expires
        ),
    }
}

/// A pre-authorisation the proposal rests on, in words: "authorised in advance by <approver>,
/// <level>, valid until <date>".
pub fn preauth_text(c: &preauth::Check, l: Lang) -> String {
    let (name, level) = (c.approver_name.get(l), c.level_name.get(l));
    match l {
        Lang::Zh => format!("已由{name}（{level}）预先授权，有效期至 {}", c.expires),
        Lang::En => format!(
            "Authorised in advance by {name}, {level}, valid until {}",
            c.expires
        ),
    }
}

/// The changed lines of a [`Why::QuoteChanged`] as the seller sees them: `L3 = 第 2 行（…）`.
fn changed_lines(lines: &[String], catalog: &Catalog, quote: &Quote, l: Lang) -> String {
    lines
        .iter()
        .map(|id| match quote.lines.iter().position(|x| &x.id == id) {
            Some(i) => {
                let name = quote
                    .lines
                    .get(i)
                    .and_then(|x| catalog.offering(&x.offering));
                let name = name.map_or("?", |o| o.name.get(l));
                match l {
                    Lang::Zh => format!("{id} = 第 {} 行（{name}）", i + 1),
                    Lang::En => format!("{id} = line {} ({name})", i + 1),
                }
            }
            None => format!("{id} = {}", l.pick("已删除", "removed")),
        })
        .collect::<Vec<_>>()
        .join(l.pick("；", "; "))
}

/// Every reason the proposal is not approved, each naming the approval it concerns.
pub fn problem_texts(
    v: &Verdict,
    approvals: &[Approval],
    policy: &Policy,
    catalog: &Catalog,
    quote: &Quote,
    l: Lang,
) -> Vec<String> {
    v.problems
        .iter()
        .map(|p| {
            let mut text = p.why.text(policy).get(l).to_string();
            if let Why::QuoteChanged { lines, .. } = &p.why {
                if !lines.is_empty() {
                    text = format!("{text} — {}", changed_lines(lines, catalog, quote, l));
                }
            }
            let names_approver = matches!(
                p.why,
                Why::UnknownApprover { .. }
                    | Why::KeyMismatch { .. }
                    | Why::BadSignature { .. }
                    | Why::WrongLevel { .. }
                    | Why::Rejected { .. }
            );
            match p.approval.and_then(|i| approvals.get(i)) {
                Some(a) if !names_approver => {
                    let who = policy
                        .approver(&a.body.approver_id)
                        .map_or_else(|| a.body.approver_id.clone(), |x| x.name.get(l).to_string());
                    format!("{who}{}{text}", l.pick("：", ": "))
                }
                _ => text,
            }
        })
        .collect()
}

/// The verdict as a block: headline, chain, reasons.
#[component]
pub fn VerdictView(
    verdict: Signal<Verdict>,
    approvals: Signal<Vec<Approval>>,
    quote: Signal<Quote>,
) -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    // The block in words, compared: an edit that leaves the words as they were redraws nothing.
    let words = Memo::new(move |_| {
        let l = lang.get();
        verdict.with(|v| {
            let class = match v.status {
                Status::NotNeeded | Status::Approved | Status::PreAuthorised => "verdict-ok",
                Status::NotApproved => "verdict-needs",
                Status::Refused => "verdict-refused",
            };
            let problems = ctx.data.with(|d| {
                approvals.with(|a| quote.with(|q| problem_texts(v, a, &d.policy, &d.catalog, q, l)))
            });
            let chain: Vec<String> = match v.preauthorised_by() {
                Some(c) => vec![preauth_text(c, l)],
                None => v.chain.iter().map(|k| link_text(k, l, true)).collect(),
            };
            (class, status_text(v, l), chain, problems)
        })
    });
    move || {
        let (class, status, chain, problems) = words.get();
        view! {
            <div class="approval-verdict">
                <p class=class data-testid="approval-state">{status}</p>
                {(!chain.is_empty()).then(|| view! {
                    <ul class="chain" data-testid="approval-chain">
                        {chain.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}
                    </ul>
                })}
                {(!problems.is_empty()).then(|| view! {
                    <ul class="reasons" data-testid="approval-problems">
                        {problems.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}
                    </ul>
                })}
            </div>
        }
    }
}

/// The seller's approval block in the price panel.
#[component]
pub fn ApprovalPanel() -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let message = RwSignal::new(None::<(bool, Text)>);
    let needs = Memo::new(move |_| ctx.verdict.with(|v| v.status == Status::NotApproved));
    let export_request = move |_| {
        let name = ctx.quote.with_untracked(approvals::request_name);
        let text = ctx.file_json();
        let name = ctx.data.with_untracked(|d| d.file_name(name));
        if let Err(e) = download(&name, "application/json", text.as_bytes()) {
            leptos::logging::warn!("approval request export failed: {e}");
        }
    };
    let on_choose = on_chosen(limits::APPROVAL_FILE.max_bytes, move |files| async move {
        let mut found = Vec::new();
        for f in files {
            let read = match f {
                Ok((name, bytes)) => approvals::from_file(&name, &bytes),
                Err((name, size)) => Err(too_large(&name, size, &limits::APPROVAL_FILE)),
            };
            match read {
                Ok(list) => found.extend(list),
                Err(e) => {
                    message.set(Some((false, e)));
                    return;
                }
            }
        }
        // More than a quote may carry is refused with a message; the approvals stay as they were.
        if let Err(e) = ctx
            .approvals
            .with_untracked(|held| approvals::check_merge(held, &found))
        {
            message.set(Some((false, e)));
            return;
        }
        let added = ctx.add_approvals(found);
        message.set(Some((
            true,
            Text::new(
                format!("已导入 {added} 份审批，已立即核验"),
                format!("{added} approval(s) imported and verified"),
            ),
        )));
    });
    view! {
        <section class="approval" data-testid="approval-status" aria-labelledby="approval-h">
            <h3 id="approval-h">{tr(lang, "签名审批", "Signed approval")}</h3>
            <VerdictView
                verdict=ctx.verdict.into()
                approvals=ctx.approvals.into()
                quote=ctx.quote.into()
            />
            <div class="actions wrap">
                {move || needs.get().then(|| view! {
                    <button class="secondary" data-testid="export-request" on:click=export_request>
                        {tr(lang, "导出审批申请", "Export approval request")}
                    </button>
                    <RequestLink/>
                })}
                <label class="secondary file-label">
                    {tr(lang, "导入审批", "Import approvals")}
                    <input type="file" multiple accept=".json,application/json" class="sr-only"
                        data-testid="import-approvals" on:change=on_choose/>
                </label>
                <PasteLinkButton class="secondary" testid="paste-link"/>
                {move || ctx.approvals.with(|a| !a.is_empty()).then(|| view! {
                    <button class="link" data-testid="clear-approvals" on:click=move |_| {
                        ctx.remove_approvals();
                        message.set(None);
                    }>{tr(lang, "移除审批", "Remove approvals")}</button>
                })}
            </div>
            {move || message.get().map(|(ok, t)| {
                let l = lang.get();
                view! { <p class="msg" class:ok=ok class:error=!ok role="status" data-testid="approvals-msg">{t.get(l).to_string()}</p> }
            })}
        </section>
    }
}
