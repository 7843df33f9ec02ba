//! The contracts in the library: each accepted version's customer, signing, start and end dates
//! and monthly total, read-only, to amend from a date or renew for a term; and the renewals due, the contracts ending within a chosen
//! number of days of today (`core::contract::renewals_due`).

use crate::autosave::use_autosave;
use crate::contracts;
use crate::format::yuan;
use crate::i18n::{tr, Pick};
use crate::state::use_ctx;
use crate::state::Screen;
use leptos::prelude::*;
use leptos::task::spawn_local;
use tailor_core::contract::{renewals_due, renewed_by, Contract, Step};
use tailor_core::text::{Lang, Text};

#[component]
pub fn ContractsList() -> impl IntoView {
    let ctx = use_ctx();
    let auto = use_autosave();
    let lang = ctx.lang;
    let all = RwSignal::new(Vec::<Contract>::new());
    let due_only = RwSignal::new(false);
    let days = RwSignal::new(90u32);
    // Read again whenever the library changes; the rows are drawn again only when the contracts
    // did, so a date or term being chosen in a row is never wiped by a refresh.
    Effect::new(move |_| {
        auto.changed.track();
        spawn_local(async move {
            let list = contracts::list().await.unwrap_or_default();
            if all.with_untracked(|a| *a != list) {
                all.set(list);
            }
        });
    });
    let shown = move || {
        let today = ctx.today.with(|t| t.date.clone());
        all.with(|list| {
            if due_only.get() {
                renewals_due(list, &today, days.get())
                    .into_iter()
                    .cloned()
                    .collect()
            } else {
                list.clone()
            }
        })
    };
    let empty = Memo::new(move |_| shown().is_empty());
    view! {
        <section class="card contracts" aria-labelledby="contracts-h" data-testid="contracts">
            <div class="card-head">
                <h2 id="contracts-h">{tr(lang, "合同", "Contracts")}</h2>
                <label class="field">
                    <input type="checkbox" data-testid="renewals-due" prop:checked=move || due_only.get()
                        on:change=move |ev| due_only.set(event_target_checked(&ev))/>
                    <span>{tr(lang, "只看到期续约：天数", "Renewals due only, within days:")}</span>
                </label>
                <label class="field">
                    <span class="sr-only">{tr(lang, "到期天数", "Days until the end")}</span>
                    <input type="number" min="0" max="3650" data-testid="renewals-days" prop:value=move || days.get().to_string()
                        on:input=move |ev| days.set(event_target_value(&ev).trim().parse().unwrap_or(0))/>
                </label>
            </div>
            {move || {
                let l = lang.get();
                if empty.get() {
                    return view! { <p class="hint" data-testid="contracts-empty">{l.pick("没有合同。", "No contracts.")}</p> }.into_any();
                }
                view! {
                    <div class="table-wrap">
                    <table class="library-table">
                        <thead><tr>
                            <th scope="col">{l.pick("客户", "Customer")}</th>
                            <th scope="col">{l.pick("版本", "Version")}</th>
                            <th scope="col">{l.pick("签约", "Signed")}</th>
                            <th scope="col">{l.pick("开始", "Start")}</th>
                            <th scope="col">{l.pick("结束", "End")}</th>
                            <th scope="col" class="num">{l.pick("月费（不含税）", "Monthly (tax-excl.)")}</th>
                            <th scope="col" class="num">{l.pick("变更", "Amendments")}</th>
                            <th scope="col"><span class="sr-only">{l.pick("操作", "Actions")}</span></th>
                        </tr></thead>
                        <tbody>
                            // Keyed by the contract as it stands: a row whose contract did not change
                            // keeps its state (the date or term being chosen) when the list is drawn
                            // again (today's date or the published files arriving).
                            <For each=move || with_renewals(all, shown())
                                key=|(c, by)| (c.id.clone(), c.steps.len(), c.end.clone(), by.clone())
                                children=|(c, by)| view! { <ContractRow c=c renewed_by=by/> }/>
                        </tbody>
                    </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

/// The contract that renews another: its id, start and end.
type RenewedBy = Option<(String, String, String)>;

/// The contracts shown, each with the contract that renews it, if any.
fn with_renewals(all: RwSignal<Vec<Contract>>, shown: Vec<Contract>) -> Vec<(Contract, RenewedBy)> {
    all.with(|a| {
        shown
            .into_iter()
            .map(|c| {
                let by =
                    renewed_by(a, &c.id).map(|n| (n.id.clone(), n.start.clone(), n.end.clone()));
                (c, by)
            })
            .collect()
    })
}

/// One contract, read-only, with "amend from a date": marked when a later contract renews it
/// (`renewed_by`: its id, start and end), its steps (acceptance, each amendment with the monthly
/// total before and after) under it.
#[component]
fn ContractRow(c: Contract, renewed_by: RenewedBy) -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let l = lang.get_untracked();
    let effective = RwSignal::new(ctx.today.with_untracked(|t| t.date.clone()));
    let error = RwSignal::new(None::<Text>);
    let contract = StoredValue::new(c.clone());
    let auto = use_autosave();
    // The proposal on screen is stored first: the amendment takes its place.
    let amend = move |_| {
        spawn_local(async move {
            auto.flush(ctx).await;
            match ctx.amend(contract.get_value(), &effective.get_untracked()) {
                Ok(()) => ctx.show(Screen::Configure),
                Err(why) => error.set(Some(why)),
            }
        })
    };
    let term = RwSignal::new(c.term_months);
    let terms = ctx.data.with_untracked(|d| d.policy.terms.clone());
    let renew = move |_| {
        spawn_local(async move {
            auto.flush(ctx).await;
            ctx.renew(contract.get_value(), term.get_untracked());
            ctx.show(Screen::Configure);
        })
    };
    let who = c.accepted.customer.name.clone();
    let who_renew = who.clone();
    view! {
        <tr data-testid="contract-row" data-id=c.id.clone()>
            <th scope="row">
                {c.accepted.customer.name.clone()}
                {renewed_by.map(|(id, start, end)| view! {
                    <span class="badge" data-testid="contract-renewed">{format!("{} {id}（{start} → {end}）", l.pick("已续约为新合同", "Renewed by contract"))}</span>
                })}
                <ol class="steps" data-testid="contract-steps">
                    {c.steps.iter().map(|s| view! { <li>{step_words(s, l)}</li> }).collect_view()}
                </ol>
            </th>
            <td>{format!("V{}", c.accepted.version)}</td>
            <td>{c.signed.clone()}</td>
            <td>{c.start.clone()}</td>
            <td data-testid="contract-end">{c.end.clone()}</td>
            <td class="num" data-testid="contract-monthly">{yuan(c.monthly().net)}</td>
            <td class="num" data-testid="contract-amendments">{c.steps.len().saturating_sub(1)}</td>
            <td class="row-actions">
                <label class="field">
                    <span>{l.pick("变更生效日", "Effective")}</span>
                    <input type="date" data-testid="amend-effective" prop:value=move || effective.get()
                        on:input=move |ev| effective.set(event_target_value(&ev))/>
                </label>
                <button class="secondary" data-testid="amend-contract" aria-label=format!("{} {who}", l.pick("变更合同", "Amend the contract of"))
                    on:click=amend>{l.pick("变更", "Amend")}</button>
                <label class="field">
                    <span>{l.pick("续约期（月）", "Renewal term (months)")}</span>
                    <select data-testid="renew-term" on:change=move |ev| term.set(event_target_value(&ev).parse().unwrap_or(0))>
                        {terms.into_iter().map(|t| view! { <option value=t.to_string() selected=move || term.get() == t>{t.to_string()}</option> }).collect_view()}
                    </select>
                </label>
                <button class="secondary" data-testid="renew-contract" aria-label=format!("{} {who_renew}", l.pick("续约合同", "Renew the contract of"))
                    on:click=renew>{l.pick("续约", "Renew")}</button>
                {move || error.get().map(|e| view! { <p class="finding error" role="alert" data-testid="amend-error">{e.get(lang.get()).to_string()}</p> })}
            </td>
        </tr>
    }
}

/// A step of a contract's lineage in words.
fn step_words(step: &Step, l: Lang) -> String {
    match step {
        Step::Accepted {
            version,
            signed,
            start,
            ..
        } => format!(
            "V{version} {} {signed}，{} {start}",
            l.pick("签约", "signed"),
            l.pick("开始", "starting")
        ),
        Step::Amended {
            effective,
            monthly_before,
            monthly_after,
            ..
        } => format!(
            "{} {effective}：{} {} → {}",
            l.pick("变更生效", "Amended from"),
            l.pick("月费", "monthly"),
            yuan(monthly_before.net),
            yuan(monthly_after.net)
        ),
    }
}
