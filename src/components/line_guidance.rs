//! Discount guidance on a line, for the seller only (never in presentation mode): where the
//! effective discount sits against the policy's target and normal discount for its family, and,
//! above normal, the reason the line needs (picked from the policy's list or typed). Approvals
//! sign the reason.

use crate::format::percent;
use crate::i18n::{tr, Pick};
use crate::state::use_ctx;
use leptos::prelude::*;
use tailor_core::guidance::Band;
use tailor_core::pricing::PricedLine;
use tailor_core::quote::Line;

#[component]
pub fn LineGuidance(
    id: String,
    line: RwSignal<Option<Line>>,
    priced: RwSignal<Option<PricedLine>>,
    industry: Memo<String>,
) -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let id = StoredValue::new(id);
    // The family's target and normal discount for the customer's industry, if any. Read from the
    // row's own signals and the shared industry, never the whole quote: an edit re-runs its own
    // row only (see `Rows`).
    let guided = Memo::new(move |_| {
        let family = priced.with(|p| p.as_ref().map(|p| p.family.clone()))?;
        ctx.data.with(|d| {
            industry.with(|i| {
                d.policy
                    .guidance(&family, i)
                    .map(|g| (g.target_bp, g.normal_bp))
            })
        })
    });
    let band = Memo::new(move |_| priced.with(|p| p.as_ref().and_then(|p| p.band)));
    let reason = Memo::new(move |_| {
        line.with(|l| l.as_ref().map(|l| l.reason.clone()))
            .unwrap_or_default()
    });
    // Asked for while above normal, and kept on screen while the line carries a reason.
    let needs_reason = Memo::new(move |_| {
        let above = priced.with(|p| p.as_ref().map(|p| p.effective_bp))
            > guided.get().map(|(_, normal)| normal);
        (above && guided.get().is_some()) || !reason.with(String::is_empty)
    });
    let chip = move || {
        let (target, normal) = guided.get()?;
        let b = band.get()?;
        let class = match b {
            Band::Target => "band ok",
            Band::Normal => "band normal",
            Band::AboveNormal => "band above",
            Band::NeedsApproval => "band needs",
        };
        let l = lang.get();
        Some(view! {
            <span class=class data-testid="line-band">
                {format!("{} · {} {} · {} {}", b.text().get(l), l.pick("目标", "target"), percent(target), l.pick("常规", "normal"), percent(normal))}
            </span>
        })
    };
    let reasons = move || ctx.data.with(|d| d.policy.reasons.clone());
    let list = move || format!("reasons-{}", id.read_value());
    view! {
        <Show when=move || !ctx.presenting.get()>
            {chip}
            <Show when=move || needs_reason.get()>
                <label class="field">
                    <span>{tr(lang, "高于常规折扣的原因", "Reason for a discount above normal")}</span>
                    <input type="text" data-testid="line-reason" list=list maxlength="200"
                        prop:value=move || reason.get_untracked()
                        on:input=move |ev| {
                            let v = event_target_value(&ev);
                            ctx.edit_line(&id.read_value(), |l| l.reason = v);
                        }/>
                    <datalist id=list>
                        {move || reasons().into_iter().map(|r| view! { <option value=r.get(lang.get()).to_string()/> }).collect_view()}
                    </datalist>
                </label>
            </Show>
        </Show>
    }
}
