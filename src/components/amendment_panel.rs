//! The amendment (变更) of a running contract, beside the editor while the quote on screen is
//! one (`Ctx::amending`): the effective date and the remaining months, each added, changed and
//! removed line with its monthly price before and after and its charge for the remaining months
//! (early-termination charges for removals), the amendment's TCV, the contract's new monthly
//! total, and — seller only, never rendered while presenting — the approval level it needs;
//! then "accept amendment" with the customer's signing date (`Ctx::accept_amendment`).

use crate::autosave::use_autosave;
use crate::contracts;
use crate::format::yuan;
use crate::i18n::{tr, Pick};
use crate::state::{use_ctx, Ctx};
use leptos::prelude::*;
use leptos::task::spawn_local;
use tailor_core::amendment::PricedAmendment;
use tailor_core::text::{Lang, Text};

#[component]
pub fn AmendmentPanel() -> impl IntoView {
    let ctx = use_ctx();
    let auto = use_autosave();
    let lang = ctx.lang;
    let signed = RwSignal::new(ctx.today.with_untracked(|t| t.date.clone()));
    let outcome = RwSignal::new(None::<(bool, Text)>);
    let accept = move |_| match ctx.accept_amendment(&signed.get_untracked()) {
        Ok(next) => spawn_local(async move {
            let saved = contracts::save(&next).await;
            auto.flush(ctx).await;
            auto.changed.update(|n| *n += 1);
            outcome.set(Some(match saved {
                Ok(()) => (true, Text::new(
                    format!("变更已生效：合同月费现为 {}（不含税）", yuan(next.monthly().net)),
                    format!("The amendment took effect: the contract's monthly total is now {} (tax-excl.)", yuan(next.monthly().net)),
                )),
                Err(e) => (false, Text::new(format!("合同未能保存：{e}"), format!("The contract could not be stored: {e}"))),
            }));
        }),
        Err(why) => outcome.set(Some((false, why))),
    };
    let note = move || {
        outcome.get().map(|(ok, t)| view! {
        <p class=if ok { "finding ok" } else { "finding error" } role="status" data-testid="amendment-outcome">{t.get(lang.get()).to_string()}</p>
    })
    };
    move || {
        let l = lang.get();
        let Some(a) = ctx.amending.get() else {
            return view! { {note} }.into_any();
        };
        let body = match ctx.amended.get() {
            Some(Ok(p)) => figures(ctx, &p, l, true).into_any(),
            Some(Err(why)) => view! { <p class="finding error" data-testid="amendment-error">{why.get(l).to_string()}</p> }.into_any(),
            None => ().into_any(),
        };
        view! {
            <section class="card amendment" aria-labelledby="amendment-h" data-testid="amendment">
                <h2 id="amendment-h">{format!("{} · {} {}", l.pick("合同变更", "Contract amendment"), l.pick("生效", "effective"), a.effective)}</h2>
                <p class="hint">{format!("{} {} → {}", l.pick("合同", "Contract"), a.contract.start, a.contract.end)}</p>
                {body}
                <div class="accept-form" role="group" aria-label=tr(lang, "客户签署变更", "The customer signs the amendment")>
                    <label class="field">
                        <span>{tr(lang, "客户签署日期", "Customer's signing date")}</span>
                        <input type="date" data-testid="amendment-signed" prop:value=move || signed.get()
                            on:input=move |ev| signed.set(event_target_value(&ev))/>
                    </label>
                    <button class="primary" data-testid="accept-amendment" on:click=accept>{tr(lang, "接受变更", "Accept amendment")}</button>
                </div>
                {note}
            </section>
        }
        .into_any()
    }
}

/// The amendment for the customer, above the printed proposal of its version: the changes,
/// their charges, the TCV and the new monthly total; never the approval.
#[component]
pub fn AmendmentSummary() -> impl IntoView {
    let ctx = use_ctx();
    move || {
        let l = ctx.lang.get();
        let a = ctx.amending.get()?;
        let p = ctx.amended.get()?.ok()?;
        Some(view! {
            <section class="proposal amendment-summary" data-testid="amendment-summary">
                <h2>{format!("{} · {} {}", l.pick("合同变更", "Contract amendment"), l.pick("生效", "effective"), a.effective)}</h2>
                {figures(ctx, &p, l, false)}
            </section>
        })
    }
}

/// The amendment's changes and totals; the approval it needs only for the seller (`seller`, and
/// not presenting).
fn figures(ctx: Ctx, p: &PricedAmendment, l: Lang, seller: bool) -> impl IntoView {
    let name = |id: &str| {
        ctx.data.with_untracked(|d| {
            d.catalog
                .offering(id)
                .map_or_else(|| id.to_string(), |o| o.name.get(l).to_string())
        })
    };
    let changed = p
        .lines
        .iter()
        .filter(|x| !x.is_unchanged())
        .map(|x| {
            let tags = x
                .changes
                .iter()
                .map(|c| c.text().get(l).to_string())
                .collect::<Vec<_>>()
                .join(l.pick("、", ", "));
            view! {
                <tr data-testid="amended-line" data-line=x.line_id.clone()>
                    <td>{name(&x.offering)}</td>
                    <td data-testid="amended-kind">{tags}</td>
                    <td class="num">{x.before_mrc.map_or_else(|| "—".to_string(), yuan)}</td>
                    <td class="num">{yuan(x.net_mrc)}</td>
                    <td class="num" data-testid="amended-charge">{yuan(x.charge.tcv)}</td>
                </tr>
            }
        })
        .collect_view();
    let removed = p.removed.iter().map(|x| view! {
        <tr data-testid="amended-line" data-line=x.line_id.clone()>
            <td>{name(&x.offering)}</td>
            <td data-testid="amended-kind">{tailor_core::diff::Change::Removed.text().get(l).to_string()}</td>
            <td class="num">{yuan(x.net_mrc)}</td>
            <td class="num">"—"</td>
            <td class="num" data-testid="amended-charge">{format!("{}{}", l.pick("提前终止费 ", "early termination "), yuan(x.early_termination))}</td>
        </tr>
    }).collect_view();
    let level = ctx.data.with_untracked(|d| {
        d.policy
            .levels
            .get(p.authority.required)
            .map_or_else(String::new, |x| x.name.get(l).to_string())
    });
    let approval = match (
        p.authority.refused || p.authority.beyond_ladder,
        p.needs_approval(),
    ) {
        (true, _) => l
            .pick(
                "低于成本底价或超出审批层级：不能批准",
                "Below the cost floor or beyond the ladder: cannot be approved",
            )
            .to_string(),
        (false, true) => format!("{}{level}", l.pick("需审批：", "Needs approval: ")),
        (false, false) => l
            .pick("在本人权限内", "Within your own authority")
            .to_string(),
    };
    let findings = p.findings.iter().map(|f| view! {
        <li class=if f.is_error() { "finding error" } else { "finding warning" }>{f.message.get(l).to_string()}</li>
    }).collect_view();
    view! {
        <p data-testid="remaining-months">{format!("{}{}{}", l.pick("剩余 ", "Remaining: "), p.remaining_months, l.pick(" 个月（不足一月按一月计）", " months (a started month counts in full)"))}</p>
        <table class="library-table">
            <thead><tr>
                <th scope="col">{l.pick("产品", "Offering")}</th>
                <th scope="col">{l.pick("变更", "Change")}</th>
                <th scope="col" class="num">{l.pick("原月费", "Monthly before")}</th>
                <th scope="col" class="num">{l.pick("新月费", "Monthly after")}</th>
                <th scope="col" class="num">{l.pick("剩余期费用", "Charge, remaining months")}</th>
            </tr></thead>
            <tbody>{changed}{removed}</tbody>
        </table>
        <ul class="findings">{findings}</ul>
        <dl class="amendment-totals">
            <dt>{l.pick("变更合同总价（不含税）", "Amendment TCV (tax-excl.)")}</dt><dd data-testid="amendment-tcv">{yuan(p.tcv)}</dd>
            <dt>{l.pick("合同月费（不含税）", "Contract monthly (tax-excl.)")}</dt>
            <dd data-testid="amendment-monthly">{format!("{} → {}", yuan(p.monthly_before.net), yuan(p.monthly_after.net))}</dd>
            {(seller && !ctx.presenting.get()).then(|| view! {
                <dt>{l.pick("审批", "Approval")}</dt><dd data-testid="amendment-approval">{approval}</dd>
            })}
        </dl>
    }
}
