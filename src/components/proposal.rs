//! The proposal: the customer-facing document, styled for screen and A4 print. It shows prices,
//! options in words (SLA grades and what they promise), taxes and terms — never cost, margin,
//! floor, headroom or authority.

use super::approval_status::{link_text, preauth_text};
use super::proposal_sites::{appendix_by_default, summaries, SiteBar};
use crate::format::{percent, yuan};
use crate::grouping::{sections, Section};
use crate::i18n::Pick;
use crate::state::use_ctx;
use leptos::prelude::*;
use tailor_core::approval::{Status, Verdict};
use tailor_core::catalog::{Catalog, Offering};
use tailor_core::pricing::{Priced, PricedLine};
use tailor_core::quote::{Line, Quote};
use tailor_core::site_summary::sites_with_lines;
use tailor_core::text::Lang;
use tailor_core::trust::Basis;

/// The chosen options of a line in words: `带宽：100M；SLA 等级：金牌（可用率 99.9%…）`.
pub fn options_in_words(o: &Offering, line: &Line, lang: Lang) -> Vec<String> {
    o.options
        .iter()
        .filter_map(|g| {
            let c = g.in_force(&line.options)?;
            let promise = c.description.get(lang);
            let sep = lang.pick("：", ": ");
            let (open, close) = (lang.pick("（", " ("), lang.pick("）", ")"));
            Some(if promise.is_empty() || promise == c.name.get(lang) {
                format!("{}{sep}{}", g.name.get(lang), c.name.get(lang))
            } else {
                format!(
                    "{}{sep}{}{open}{promise}{close}",
                    g.name.get(lang),
                    c.name.get(lang)
                )
            })
        })
        .collect()
}

#[component]
pub fn Proposal() -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    // The per-site appendix: the seller's choice, else on for up to `APPENDIX_SITES` sites.
    let appendix = RwSignal::new(None::<bool>);
    let document_now = move || {
        let l = lang.get();
        let priced = ctx.priced.get();
        let verdict = ctx.verdict.get();
        let confirmed = ctx.basis.with(|b| *b == Basis::Named);
        let handed = super::handover::use_handed().and_then(|h| h.0.get());
        ctx.data.with(|d| {
            ctx.quote.with(|q| {
                // Printed only while the proposal on screen is the one signed.
                let statement = handed.filter(|s| {
                    tailor_core::statement::check_against(&s.statement, q, &priced).is_empty()
                });
                let doc = Doc {
                    validity_days: d.policy.validity_days,
                    verdict: &verdict,
                    confirmed,
                    appendix: appendix.get().unwrap_or_else(|| appendix_by_default(q)),
                };
                view! {
                    {statement.map(|s| verification(&s, l))}
                    {document(&d.catalog, &doc, q, &priced, l)}
                }
            })
        })
    };
    view! {
        <SiteBar appendix=appendix/>
        {document_now}
    }
}

/// Up to this many sites, the customer's part lists them; above, it counts them.
const LISTED_SITES: usize = 20;

/// What the proposal states beside the quote and its price.
struct Doc<'a> {
    validity_days: u32,
    verdict: &'a Verdict,
    /// Priced on the exact versions the quote names (else it needs repricing).
    confirmed: bool,
    /// The per-site detail printed as an appendix (when lines are at sites).
    appendix: bool,
}

impl Doc<'_> {
    /// The proposal's valid-until: its date plus the policy's validity, never past the approvals
    /// it rests on (the statement's rule, one home).
    fn valid_until(&self, q: &Quote) -> String {
        tailor_core::statement::valid_until(self.validity_days, q, self.verdict)
    }
}

fn document(catalog: &Catalog, doc: &Doc, q: &Quote, p: &Priced, l: Lang) -> impl IntoView {
    let verdict = doc.verdict;
    let valid_until = doc.valid_until(q);
    let industry = catalog
        .industry(&q.customer.industry)
        .map(|i| i.name.get(l).to_string())
        .unwrap_or_default();
    // Stated from the verified chain of signed approvals, never from the role on the quote.
    let status = match verdict.status {
        _ if !doc.confirmed => l.pick(
            "需按当前目录重新报价：本页价格未经确认",
            "Needs repricing on the current catalog: these prices are not confirmed",
        ),
        Status::NotNeeded => l.pick("价格已确认", "Prices confirmed"),
        Status::Approved => l.pick("已审批", "Approved"),
        Status::PreAuthorised => l.pick("已获预先授权", "Authorised in advance"),
        Status::NotApproved | Status::Refused => l.pick(
            "待审批：本方案价格以我方审批通过为准",
            "Subject to approval: prices are valid once approved",
        ),
    };
    let chain: Vec<String> = match verdict.preauthorised_by() {
        Some(c) => vec![preauth_text(c, l)],
        None if verdict.approved() => verdict
            .chain
            .iter()
            .map(|k| link_text(k, l, false))
            .collect(),
        None => Vec::new(),
    };
    let sites = q.customer.sites.clone();
    let by_site = q.lines.iter().any(|line| line.site.is_some());
    let (at_sites, everywhere): (Vec<Section>, Vec<Section>) = sections(catalog, q, l)
        .into_iter()
        .partition(|s| by_site && s.lines.first().is_some_and(|&i| at_a_site(q, i)));
    let contacts = q.customer.contacts.clone();
    view! {
        <article class="proposal" data-testid="proposal" lang=l.pick("zh-CN", "en")>
            <header class="p-header">
                <div>
                    <div class="p-operator">{catalog.operator.get(l).to_string()}</div>
                    <h1>{l.pick("政企客户解决方案建议书", "Solution proposal")}</h1>
                </div>
                <dl class="p-meta">
                    <dt>{l.pick("建议书编号", "Proposal no.")}</dt><dd data-testid="p-number">{format!("{}-V{}", q.id, q.version)}</dd>
                    <dt>{l.pick("日期", "Date")}</dt><dd>{q.date.clone()}</dd>
                    <dt>{l.pick("有效期至", "Valid until")}</dt><dd>{valid_until.clone()}</dd>
                    <dt>{l.pick("产品目录", "Catalog")}</dt><dd>{q.catalog_version.clone()}</dd>
                    {(!q.account_manager.is_empty()).then(|| view! {
                        <dt>{l.pick("客户经理", "Account manager")}</dt><dd data-testid="p-account-manager">{q.account_manager.clone()}</dd>
                    })}
                </dl>
            </header>
            <section class="p-customer">
                <h2>{l.pick("客户", "Customer")}</h2>
                <dl class="p-grid">
                    <dt>{l.pick("客户名称", "Name")}</dt><dd data-testid="p-customer">{q.customer.name.clone()}</dd>
                    <dt>{l.pick("统一社会信用代码", "USCC")}</dt><dd class="mono">{q.customer.uscc.clone()}</dd>
                    <dt>{l.pick("行业", "Industry")}</dt><dd>{industry}</dd>
                    <dt>{l.pick("员工人数", "Employees")}</dt><dd>{q.customer.employees}</dd>
                </dl>
                {(!contacts.is_empty()).then(|| view! {
                    <p class="p-list"><b>{l.pick("联系人：", "Contacts: ")}</b>
                        {contacts.iter().map(|c| format!("{} {} {} {}", c.name, c.title, c.phone, c.email).trim().to_string()).collect::<Vec<_>>().join(l.pick("；", "; "))}
                    </p>
                })}
                {(!sites.is_empty()).then(|| view! {
                    <p class="p-list" data-testid="p-sites"><b>{l.pick("站点：", "Sites: ")}</b>
                        {if sites.len() > LISTED_SITES {
                            format!("{} {}", sites.len(), l.pick("个站点，见站点汇总", "sites, see the summary of sites"))
                        } else {
                            sites.iter().map(|s| format!("{}（{} {}）", s.name, s.city, s.address)).collect::<Vec<_>>().join(l.pick("；", "; "))
                        }}
                    </p>
                })}
            </section>
            <section class="p-solution">
                <h2>{l.pick("方案明细", "Solution")}</h2>
                {by_site.then(|| summaries(q, p, catalog, l))}
                {(!everywhere.is_empty()).then(|| lines_table(catalog, q, p, everywhere, l))}
                {(by_site && !doc.appendix).then(|| view! {
                    <p class="p-note" data-testid="p-appendix-note">{format!("{}{}{}", l.pick("各站点的产品明细见站点明细表（CSV / XLSX），共 ", "The lines of each site are in the per-site sheet (CSV / XLSX): "), sites_with_lines(q), l.pick(" 个站点。", " sites."))}</p>
                })}
            </section>
            <section class="p-totals">
                <h2>{l.pick("价格汇总", "Price summary")}</h2>
                <table class="p-sum">
                    <tbody>
                        <tr><th>{l.pick("月费合计（不含税）", "Monthly charges (excl. tax)")}</th><td data-testid="p-mrc">{yuan(p.totals.net.mrc)}</td></tr>
                        <tr><th>{l.pick("一次性费用合计（不含税）", "One-time charges (excl. tax)")}</th><td data-testid="p-nrc">{yuan(p.totals.net.nrc)}</td></tr>
                        <tr class="strong"><th>{format!("{} {} {}", l.pick("合同总价（不含税）", "Total contract value (excl. tax),"), q.term_months, l.pick("个月", "months"))}</th><td data-testid="p-tcv">{yuan(p.totals.net.tcv)}</td></tr>
                        {p.taxes.iter().map(|t| view! {
                            <tr class="minor"><th>{format!("{} {}", l.pick("增值税", "VAT"), percent(t.rate_bp))}</th><td>{yuan(t.tax.tcv)}</td></tr>
                        }).collect_view()}
                        <tr class="strong"><th>{l.pick("合同总价（含税）", "Total contract value (incl. tax)")}</th><td data-testid="p-gross">{yuan(p.totals.gross.tcv)}</td></tr>
                    </tbody>
                </table>
            </section>
            <section class="p-terms">
                <h2>{l.pick("条款", "Terms")}</h2>
                <ul>
                    <li>{format!("{}{} {}", l.pick("合同期：", "Contract term: "), q.term_months, l.pick("个月", "months"))}</li>
                    <li>{l.pick("所有价格以人民币（CNY）计价；月费按月收取，一次性费用在开通时收取。", "All prices in Chinese yuan (CNY); monthly charges are billed monthly, one-time charges at activation.")}</li>
                    <li>{format!("{}{}", l.pick("本建议书有效期至 ", "This proposal is valid until "), valid_until)}</li>
                    <li data-testid="p-status">{format!("{}{}", l.pick("审批状态：", "Approval status: "), status)}
                        {(!chain.is_empty()).then(|| view! {
                            <ul data-testid="p-approvals">{chain.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ul>
                        })}
                    </li>
                </ul>
            </section>
            {(doc.appendix && !at_sites.is_empty()).then(|| view! {
                <section class="p-appendix" data-testid="p-appendix">
                    <h2>{l.pick("附录：站点明细", "Appendix: the lines of each site")}</h2>
                    {lines_table(catalog, q, p, at_sites, l)}
                </section>
            })}
        </article>
    }
}

/// The proposal's lines, section by section.
fn lines_table(
    catalog: &Catalog,
    q: &Quote,
    p: &Priced,
    sections: Vec<Section>,
    l: Lang,
) -> impl IntoView {
    view! {
        <table class="p-table">
            <thead>
                <tr>
                    <th class="c-no">"#"</th>
                    <th class="c-name">{l.pick("产品及配置", "Offering and options")}</th>
                    <th>{l.pick("数量", "Qty")}</th>
                    <th>{l.pick("目录单价/月", "List / month")}</th>
                    <th>{l.pick("折扣", "Discount")}</th>
                    <th>{l.pick("月费", "Monthly")}</th>
                    <th>{l.pick("一次性费用", "One-time")}</th>
                </tr>
            </thead>
            {sections.into_iter().map(|s| view! {
                <tbody>
                    <tr class="p-section"><th colspan="7">{s.title}</th></tr>
                    {s.lines.into_iter().filter_map(|i| {
                        let line = q.lines.get(i)?;
                        let pl = p.lines.get(i)?;
                        let o = catalog.offering(&line.offering)?;
                        Some(row(i, o, line, pl, l))
                    }).collect_view()}
                </tbody>
            }).collect_view()}
        </table>
    }
}

/// Whether line `i` is at one of the customer's sites.
fn at_a_site(q: &Quote, i: usize) -> bool {
    q.lines
        .get(i)
        .and_then(|line| line.site.as_deref())
        .is_some_and(|s| q.site(s).is_some())
}

fn row(i: usize, o: &Offering, line: &Line, pl: &PricedLine, l: Lang) -> impl IntoView {
    let options = options_in_words(o, line, l);
    view! {
        <tr class="p-line">
            <td class="c-no">{i + 1}</td>
            <td class="c-name">
                <div class="p-name">{o.name.get(l).to_string()}</div>
                {options.into_iter().map(|t| view! { <div class="p-opt">{t}</div> }).collect_view()}
            </td>
            <td class="num">{format!("{} {}", line.quantity, o.unit.get(l))}</td>
            <td class="num">{yuan(pl.unit_list_mrc)}</td>
            <td class="num">{percent(pl.effective_bp)}</td>
            <td class="num">{yuan(pl.net.mrc)}</td>
            <td class="num">{yuan(pl.net.nrc)}</td>
        </tr>
    }
}

/// The signed statement on the printed proposal: its QR code (a link to the verification page)
/// on the first page, and its short code in a running footer on every page.
fn verification(s: &crate::worker::Signed, l: Lang) -> impl IntoView {
    let url = s.url.clone();
    let svg = s.svg.clone();
    let code = s.statement.short_code();
    view! {
        <aside class="p-verify" data-testid="p-verify">
            <div class="p-qr" data-testid="p-qr" inner_html=svg></div>
            <div>
                <p><b>{l.pick("扫码验证本建议书", "Scan to verify this proposal")}</b></p>
                <p>{l.pick("用手机相机扫描二维码，即可离线核对签发人、客户、金额与有效期。", "Scan the code with a phone camera to check the issuer, customer, totals and validity.")}</p>
                <p class="mono" data-testid="p-code">{format!("{}{code}", l.pick("验证码：", "Verification code: "))}</p>
                <p class="p-url mono" data-testid="p-verify-url">{url}</p>
            </div>
        </aside>
        <div class="p-footer" data-testid="p-footer">{format!("{}{code}", l.pick("验证码 ", "Verification code "))}</div>
    }
}
