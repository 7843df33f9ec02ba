//! The request as the approver reviews it: the internal view, with costs, margins, reasons and
//! the at-risk competitor and reason. It shows figures only: rebuilt whole when the language
//! changes.

use super::approval_status::VerdictView;
use crate::format::{percent, yuan};
use crate::i18n::Pick;
use crate::state::use_ctx;
use leptos::prelude::*;
use tailor_core::approval::{judge, Approval};
use tailor_core::authority::{describe, level_name};
use tailor_core::pricing::Priced;
use tailor_core::quote::Quote;
use tailor_core::reprice;

/// The request as the approver must see it: customer, at-risk, required level and reasons,
/// every line with cost and margin, totals, and the approvals it already carries.
#[component]
pub fn InternalView(
    /// The request file's name.
    name: String,
    quote: Quote,
    /// The signed approvals the request already carries.
    attached: Vec<Approval>,
    priced: Priced,
) -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let q = quote;
    let d = ctx.data.get_untracked();
    let stale = reprice::stale(&q, &d.catalog, &d.policy);
    let today = ctx.today.with_untracked(|t| t.date.clone());
    let standing = d.standing(&today);
    let verdict = judge(&standing, &d.policy, &q, &priced, &attached, &[], &today);
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
                    <td>{i + 1}</td><td class="c-name">{format!("{offering} ({})", line.id)}
                        {(!line.reason.is_empty()).then(|| view! { <div class="line-reason" data-testid="review-reason">{format!("{}{}", l.pick("原因：", "Reason: "), line.reason)}</div> })}
                    </td>
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
                {(!priced.findings.is_empty()).then(|| view! {
                    <ul class="findings quote-findings" data-testid="review-findings">
                        {priced.findings.iter().map(|f| {
                            let err = f.is_error();
                            let lines: Vec<String> = f.lines.iter().map(|i| (i + 1).to_string()).collect();
                            let at = if lines.is_empty() { String::new() } else { format!(" ({} {})", l.pick("行", "line"), lines.join(", ")) };
                            view! {
                                <li class="finding" class:error=err class:warning=!err data-testid="review-finding">
                                    {err.then(|| l.pick("阻止批准：", "Blocks approval: "))}{f.message.get(l).to_string()}{at}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                })}
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
