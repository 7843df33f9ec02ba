//! "Mark accepted": the customer accepted the handed-over version on screen, with their signing
//! date and the service's start date; it becomes a contract (`Ctx::accept`, kept by
//! `contracts`), read-only, listed in the library with its end date. Shown only for a
//! handed-over version; once its lineage has a contract, the contract's dates instead.

use crate::autosave::use_autosave;
use crate::contracts;
use crate::i18n::{tr, Pick};
use crate::state::use_ctx;
use leptos::prelude::*;
use leptos::task::spawn_local;
use tailor_core::contract::Contract;
use tailor_core::text::Text;
use tailor_core::version;

#[component]
pub fn ContractAccept() -> impl IntoView {
    let ctx = use_ctx();
    let auto = use_autosave();
    let lang = ctx.lang;
    let contract = RwSignal::new(None::<Contract>);
    let open = RwSignal::new(false);
    let error = RwSignal::new(None::<Text>);
    let today = move || ctx.today.with_untracked(|t| t.date.clone());
    let signed = RwSignal::new(today());
    let start = RwSignal::new(today());
    // Looked up when the lineage changes or something is stored, never on a mere edit.
    let lineage = Memo::new(move |_| ctx.quote.with(|q| q.lineage().to_string()));
    let frozen = Memo::new(move |_| ctx.quote.with(version::is_frozen));
    Effect::new(move |_| {
        auto.changed.track();
        let lineage = lineage.get();
        spawn_local(async move {
            let found = contracts::get(&lineage).await.ok().flatten();
            if contract.with_untracked(|c| *c != found) {
                contract.set(found);
            }
        });
    });
    let accept = move |_| match ctx.accept(&signed.get_untracked(), &start.get_untracked()) {
        Ok(c) => spawn_local(async move {
            match contracts::save(&c).await {
                Ok(()) => {
                    error.set(None);
                    open.set(false);
                    contract.set(Some(c));
                    auto.changed.update(|n| *n += 1);
                }
                Err(e) => error.set(Some(Text::new(
                    format!("合同未能保存：{e}"),
                    format!("The contract could not be stored: {e}"),
                ))),
            }
        }),
        Err(why) => error.set(Some(why)),
    };
    let date_input = move |label: (&'static str, &'static str),
                           testid: &'static str,
                           value: RwSignal<String>| {
        view! {
            <label class="field">
                <span>{tr(lang, label.0, label.1)}</span>
                <input type="date" data-testid=testid required prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))/>
            </label>
        }
    };
    move || {
        let l = lang.get();
        if let Some(c) = contract.get() {
            return view! {
                <span class="badge ok" data-testid="contract-badge">
                    {format!("{} {} → {}", l.pick("合同", "Contract"), c.start, c.end)}
                </span>
            }
            .into_any();
        }
        if !frozen.get() {
            return ().into_any();
        }
        view! {
            <button class="secondary" data-testid="mark-accepted" aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)>
                {l.pick("标记为客户已接受…", "Mark accepted…")}
            </button>
            {move || open.get().then(|| view! {
                <div class="accept-form" role="group" aria-label=tr(lang, "客户接受", "Customer's acceptance") data-testid="accept-form">
                    {date_input(("客户签约日期", "Customer's signing date"), "signed-date", signed)}
                    {date_input(("服务开始日期", "Service start date"), "start-date", start)}
                    <button class="primary" data-testid="accept-contract" on:click=accept>
                        {tr(lang, "成为合同", "Make it a contract")}
                    </button>
                </div>
            })}
            {move || error.get().map(|e| view! {
                <p class="finding error" role="alert" data-testid="accept-error">{e.get(lang.get()).to_string()}</p>
            })}
        }
        .into_any()
    }
}
