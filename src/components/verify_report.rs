//! What the verification page says about one statement: genuine or not and why, who issued it,
//! for whom, the totals and dates, what it rests on, and the figures a proposal file differs in.

use crate::format::yuan;
use crate::i18n::Pick;
use leptos::prelude::*;
use tailor_core::keys::Keys;
use tailor_core::money::Fen;
use tailor_core::publication::Publisher;
use tailor_core::statement::{BasisKind, Difference, Held, Statement, Why};
use tailor_core::text::{Lang, Text};

/// The keys as loaded: the keys and who published them, or why they cannot be used.
pub type Loaded = Result<(Keys, Publisher), Text>;

#[component]
pub fn Report(
    statement: Statement,
    loaded: Loaded,
    /// Why the statement is not genuine under the keys loaded (`statement::verify`; empty:
    /// genuine).
    why: Vec<Why>,
    lang: RwSignal<Lang>,
    today: String,
    differences: RwSignal<Option<Result<Vec<Difference>, Text>>>,
    /// Whether each approval it rests on verifies, once the proposal file is chosen.
    held: RwSignal<Option<Vec<Held>>>,
) -> impl IntoView {
    move || {
        let l = lang.get();
        let held = held.get();
        let (keys, publisher) = match &loaded {
            Ok((k, p)) => (Some(k), Some(p)),
            Err(_) => (None, None),
        };
        let why: Vec<String> = match &loaded {
            Err(e) => vec![e.get(l).to_string()],
            Ok(_) => why.iter().map(|w| w.text().get(l).to_string()).collect(),
        };
        let genuine = why.is_empty();
        let b = &statement.body;
        let signer = keys.and_then(|k| statement.signer(k));
        let demo = keys.is_some_and(|k| k.demo);
        let issuer = signer.map_or_else(
            || {
                format!(
                    "{} ({})",
                    b.seller,
                    l.pick("未登记的密钥", "a key not enrolled")
                )
            },
            |s| {
                format!(
                    "{} · {} · {} · {}",
                    s.name.get(l),
                    s.role_name.get(l),
                    s.suite.name().get(l),
                    s.fingerprint
                )
            },
        );
        let operator = keys
            .map(|k| k.operator.get(l).to_string())
            .unwrap_or_default();
        let expired = b.valid_until.as_str() < today.as_str();
        let figure = |zh: &'static str, en: &'static str, fen: Fen, id: &'static str| {
            view! {
                <tr><th>{l.pick(zh, en)}</th><td data-testid=id>{yuan(fen)}</td></tr>
            }
        };
        let rests: Vec<String> = b
            .rests_on
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let enrolled = keys.and_then(|k| k.approver(&r.approver));
                let what = match r.kind {
                    BasisKind::Approval => l.pick("审批", "Approval"),
                    BasisKind::Preauth => l.pick("预授权", "Pre-authorisation"),
                };
                let who =
                    enrolled.map_or_else(|| r.approver.clone(), |a| a.name.get(l).to_string());
                let ok = enrolled.is_some_and(|a| a.role == r.level);
                let mark = if ok {
                    l.pick(
                        "✓ 审批人已登记且级别相符",
                        "✓ approver enrolled at this level",
                    )
                } else {
                    l.pick(
                        "✗ 审批人未登记或级别不符",
                        "✗ approver not enrolled at this level",
                    )
                };
                let level = enrolled
                    .filter(|a| a.role == r.level)
                    .map_or_else(|| r.level.clone(), |a| a.role_name.get(l).to_string());
                let signature = held
                    .as_ref()
                    .and_then(|h| h.get(i))
                    .map(|h| format!(" · {}", h.text().get(l)))
                    .unwrap_or_default();
                format!(
                    "{what} · {who} · {level} · {mark} · {}{signature}",
                    &r.digest[..r.digest.len().min(16)]
                )
            })
            .collect();
        view! {
            {demo.then(|| view! { <p class="demo-mark">{tailor_core::demo::MARK}</p> })}
            <p class=if genuine { "verdict good" } else { "verdict bad" } data-testid="verdict">
                {if genuine { l.pick("✓ 真实有效：本建议书由运营商签发，内容未被改动", "✓ Genuine: issued by the operator and unaltered") }
                 else { l.pick("✗ 无法确认真实（不是真实有效的建议书）", "✗ Not genuine") }}
            </p>
            {(!genuine).then(|| view! {
                <ul class="why" data-testid="why">{why.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
            })}
            <dl class="verify-grid">
                <dt>{l.pick("签发方", "Issued by")}</dt><dd data-testid="issuer">{operator}<br/>{issuer}</dd>
                <dt>{l.pick("公钥发布方", "Keys published by")}</dt><dd>{publisher.map(|p| p.name.get(l).to_string()).unwrap_or_default()}</dd>
                <dt>{l.pick("验证码", "Verification code")}</dt><dd class="mono" data-testid="v-code">{statement.short_code()}</dd>
                <dt>{l.pick("客户", "Customer")}</dt><dd data-testid="v-customer">{b.customer.clone()}</dd>
                <dt>{l.pick("统一社会信用代码", "USCC")}</dt><dd class="mono">{b.uscc.clone()}</dd>
                <dt>{l.pick("建议书编号", "Proposal no.")}</dt><dd>{format!("{}-V{}", b.proposal, b.proposal_version)}</dd>
                <dt>{l.pick("日期", "Date")}</dt><dd>{b.date.clone()}</dd>
                <dt>{l.pick("有效期至", "Valid until")}</dt>
                <dd data-testid="v-valid">{b.valid_until.clone()}{if expired { l.pick("（已过期）", " (expired)") } else { l.pick("（有效）", " (current)") }}</dd>
                <dt>{l.pick("合同期", "Term")}</dt><dd>{format!("{} {}", b.term_months, l.pick("个月", "months"))}</dd>
            </dl>
            <table class="p-sum">
                <tbody>
                    {figure("月费合计（不含税）", "Monthly (excl. tax)", b.totals.mrc, "v-mrc")}
                    {figure("一次性费用合计（不含税）", "One-time (excl. tax)", b.totals.nrc, "v-nrc")}
                    {figure("合同总价（不含税）", "TCV (excl. tax)", b.totals.tcv, "v-tcv")}
                    {figure("月费合计（含税）", "Monthly (incl. tax)", b.totals.mrc_gross, "v-mrc-gross")}
                    {figure("一次性费用合计（含税）", "One-time (incl. tax)", b.totals.nrc_gross, "v-nrc-gross")}
                    {figure("合同总价（含税）", "TCV (incl. tax)", b.totals.tcv_gross, "v-tcv-gross")}
                </tbody>
            </table>
            <h2>{l.pick("所依据的审批", "Approvals it rests on")}</h2>
            {if rests.is_empty() {
                view! { <p>{l.pick("无：在客户经理自身权限内", "None: within the account manager's own authority")}</p> }.into_any()
            } else {
                view! { <ul data-testid="rests-on">{rests.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ul> }.into_any()
            }}
            <p class="hint">{l.pick(
                "已核对：签名、签发人是登记的客户经理、各审批人按所列级别登记、有效期。审批以其签名摘要列出；选择建议书文件后，逐项核验审批本身的签名。",
                "Checked: the signature, that the issuer is an enrolled seller, that each approver is enrolled at the level stated, and the dates. The approvals are listed by their signature digests; choose the proposal file below to verify each approval's own signature.")}</p>
            {move || differences.get().map(|d| match d {
                Err(e) => view! { <p class="verdict bad" data-testid="file-check">{e.get(l).to_string()}</p> }.into_any(),
                Ok(d) if d.is_empty() => view! {
                    <p class="verdict good" data-testid="file-check">{l.pick("✓ 文件与声明逐项一致（每一行及合计）", "✓ The file matches the statement, every line and total")}</p>
                }.into_any(),
                Ok(d) => view! {
                    <div class="verdict bad" data-testid="file-check">
                        <p>{l.pick("✗ 文件与声明不符：", "✗ The file differs from the statement:")}</p>
                        <ul>{d.iter().map(|x| view! { <li>{x.text().get(l).to_string()}</li> }).collect_view()}</ul>
                    </div>
                }.into_any(),
            })}
        }
    }
}
