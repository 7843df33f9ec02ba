//! The approver's log of signed decisions ([`crate::decision_log`]): the latest few, newest
//! first, and the export of the whole log as a file. It shows records only: rebuilt whole when the
//! language or the log changes.

use crate::decision_log;
use crate::i18n::{tr, Pick};
use crate::state::{today, use_ctx};
use leptos::prelude::*;
use tailor_core::approval::Decision;
use tailor_core::authority::level_name;
use tailor_core::decision_log::Log;

/// How many of the latest decisions the panel shows (the export holds them all).
const SHOWN: usize = 20;

#[component]
pub fn DecisionLogCard(log: RwSignal<Log>) -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let export = move |_| {
        if let Err(e) = log.with_untracked(|l| decision_log::export(l, &today())) {
            leptos::logging::warn!("decision log export failed: {e}");
        }
    };
    let rows = move || {
        let l = lang.get();
        let policy = ctx.data.with(|d| d.policy.clone());
        log.with(|lg| {
            lg.entries
                .iter()
                .rev()
                .take(SHOWN)
                .map(|e| {
                    let decision = match e.decision {
                        Decision::Approve => l.pick("批准", "Approved"),
                        Decision::Reject => l.pick("驳回", "Rejected"),
                    };
                    let level = policy
                        .level_index(&e.level)
                        .map_or_else(|| e.level.clone(), |i| level_name(&policy, i, l));
                    let note = if e.reason.is_empty() { e.comment.clone() } else { e.reason.clone() };
                    let when = e.signed_at.replace('T', " ").chars().take(16).collect::<String>();
                    view! {
                        <tr data-testid="decision-entry">
                            <td class="mono">{format!("{when} UTC")}</td>
                            <td data-testid="decision-kind">{decision}</td>
                            <td class="mono">{e.quote_id.clone()}</td>
                            <td>{e.customer_name.clone()}<br/><span class="mono">{e.uscc.clone()}</span></td>
                            <td>{format!("{level} · {}", e.approver_id)}</td>
                            <td>{format!("{} – {}", e.issued, e.expires)}</td>
                            <td class="mono" title=e.quote_digest.clone()>{e.quote_digest.chars().take(12).collect::<String>()}</td>
                            <td>{note}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="card" aria-labelledby="decisions-h" data-testid="decision-log">
            <h2 id="decisions-h">{tr(lang, "我的签批记录", "My signed decisions")}</h2>
            <p class="hint">{tr(lang,
                "本浏览器签署的每个决定都记录在这里（仅保存在本浏览器中）。导出文件可留作记录。",
                "Every decision signed in this browser is recorded here (kept in this browser only). Export it to keep a record.")}</p>
            {move || log.with(|l| l.entries.is_empty()).then(|| view! {
                <p class="hint" data-testid="no-decisions">{tr(lang, "还没有签署过决定。", "No decision signed yet.")}</p>
            })}
            {move || log.with(|l| !l.entries.is_empty()).then(|| view! {
                <div class="table-wrap">
                    <table class="decisions">
                        <thead><tr>
                            <th>{tr(lang, "签署时间", "Signed")}</th><th>{tr(lang, "决定", "Decision")}</th>
                            <th>{tr(lang, "方案编号", "Quote")}</th><th>{tr(lang, "客户 / 统一社会信用代码", "Customer / USCC")}</th>
                            <th>{tr(lang, "级别 · 审批人", "Level · approver")}</th><th>{tr(lang, "有效期", "Valid")}</th>
                            <th>{tr(lang, "方案摘要", "Quote digest")}</th><th>{tr(lang, "意见 / 原因", "Comment / reason")}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                <p class="hint">{move || {
                    let n = log.with(|l| l.entries.len());
                    (n > SHOWN).then(|| format!("{} {SHOWN} / {n}", lang.get().pick("显示最近", "Showing the latest")))
                }}</p>
            })}
            <button type="button" class="secondary" data-testid="export-decisions" on:click=export
                disabled=move || log.with(|l| l.entries.is_empty())>
                {tr(lang, "导出签批记录", "Export the decision log")}
            </button>
        </section>
    }
}
