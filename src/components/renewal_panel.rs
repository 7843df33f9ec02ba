//! The renewal (续约) of a contract, beside the editor while the quote on screen is one
//! (`Ctx::renewing`): the new term from the old end date, per line the old and new net monthly
//! price and why they differ (list price, term, bundle, discount), and each offering no longer
//! sold flagged with its successor, switched in one click (`Ctx::switch_to_successor`). The
//! renewal is an ordinary proposal otherwise: priced, approved, handed over and accepted as usual.

use crate::format::yuan;
use crate::i18n::Pick;
use crate::state::{use_ctx, Ctx};
use leptos::prelude::*;
use tailor_core::renewal::{Renewal, RenewedLine};
use tailor_core::text::Lang;

#[component]
pub fn RenewalPanel() -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    move || {
        let l = lang.get();
        let r = ctx.renewal.get()?;
        Some(panel(ctx, &r, l))
    }
}

fn panel(ctx: Ctx, r: &Renewal, l: Lang) -> impl IntoView {
    let rows = r.lines.iter().map(|x| row(ctx, x, l)).collect_view();
    let end = r.end.clone().unwrap_or_default();
    view! {
        <section class="card renewal" aria-labelledby="renewal-h" data-testid="renewal">
            <h2 id="renewal-h">{format!("{} · {} → {end} · {} {}", l.pick("合同续约", "Contract renewal"), r.start, r.term_months, l.pick("个月", "months"))}</h2>
            <table class="library-table">
                <thead><tr>
                    <th scope="col">{l.pick("产品", "Offering")}</th>
                    <th scope="col" class="num">{l.pick("原月费（不含税）", "Monthly now (tax-excl.)")}</th>
                    <th scope="col" class="num">{l.pick("续约月费（不含税）", "Monthly renewed (tax-excl.)")}</th>
                    <th scope="col">{l.pick("原因", "Why")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <p data-testid="renewal-monthly">{format!("{}{} → {}", l.pick("月费合计：", "Monthly total: "), yuan(r.monthly_before.net), yuan(r.monthly_after.net))}</p>
        </section>
    }
}

fn row(ctx: Ctx, x: &RenewedLine, l: Lang) -> impl IntoView {
    let (name, retired) = ctx.data.with_untracked(|d| {
        let name = d
            .catalog
            .offering(&x.offering)
            .map_or_else(|| x.offering.clone(), |o| o.name.get(l).to_string());
        (
            name,
            x.retired
                .as_ref()
                .map(|r| r.text(&d.catalog).get(l).to_string()),
        )
    });
    let why = x
        .why
        .iter()
        .map(|w| w.text().get(l).to_string())
        .collect::<Vec<_>>()
        .join(l.pick("；", "; "));
    let line_id = StoredValue::new(x.line_id.clone());
    let is_retired = retired.is_some();
    let switchable = x.retired.as_ref().is_some_and(|r| r.successor.is_some());
    view! {
        <tr data-testid="renewed-line" data-line=x.line_id.clone() class:retired=is_retired>
            <td>{name}
                {retired.map(|t| view! { <p class="finding warning" data-testid="retired">{t}</p> })}
            </td>
            <td class="num" data-testid="renewed-before">{x.before_mrc.map_or_else(|| "—".to_string(), yuan)}</td>
            <td class="num" data-testid="renewed-after">{yuan(x.after_mrc)}</td>
            <td data-testid="renewed-why">{why}
                {switchable.then(|| view! {
                    <button class="secondary" data-testid="switch-successor" on:click=move |_| ctx.switch_to_successor(&line_id.get_value())>
                        {l.pick("换为后继产品", "Switch to the successor")}
                    </button>
                })}
            </td>
        </tr>
    }
}

/// The renewal for the customer, above the printed proposal: the contract it renews (its id,
/// signing date and term), the new term, and the monthly total before and after.
#[component]
pub fn RenewalSummary() -> impl IntoView {
    let ctx = use_ctx();
    move || {
        let l = ctx.lang.get();
        let c = ctx.renewing.get()?;
        let r = ctx.renewal.get()?;
        let end = r.end.clone().unwrap_or_default();
        let renews = match l {
            Lang::Zh => format!(
                "续约原合同 {}（{} 签约，合同期 {} 至 {}）",
                c.id, c.signed, c.start, c.end
            ),
            Lang::En => format!(
                "Renews contract {} (signed {}, term {} to {})",
                c.id, c.signed, c.start, c.end
            ),
        };
        let term = match l {
            Lang::Zh => format!("新合同期 {} 至 {end}，{} 个月", r.start, r.term_months),
            Lang::En => format!("New term {} to {end}, {} months", r.start, r.term_months),
        };
        Some(view! {
            <section class="proposal renewal-summary" data-testid="renewal-summary">
                <h2>{l.pick("合同续约", "Contract renewal")}</h2>
                <p data-testid="renewal-renews">{renews}</p>
                <p>{term}</p>
                <p>{format!("{}{} → {}", l.pick("月费合计（不含税）：", "Monthly total (tax-excl.): "), yuan(r.monthly_before.net), yuan(r.monthly_after.net))}</p>
            </section>
        })
    }
}
