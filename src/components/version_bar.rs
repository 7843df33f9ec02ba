//! The version of the proposal on screen (V2, draft or handed over), the notice that an edit of a
//! handed-over version started the next one (`Ctx::edit`), and the way to compare the versions
//! of its lineage (the changes screen); a handed-over version marked accepted by the customer
//! (`contract_accept`).

use crate::i18n::tr;
use crate::state::use_ctx;
use leptos::prelude::*;
use tailor_core::version;

#[component]
pub fn VersionBar() -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let compare = move |_| {
        ctx.show_changes(ctx.quote.with_untracked(|q| q.lineage().to_string()));
    };
    view! {
        <div class="version-bar no-print" role="status" data-testid="version-bar">
            <span class="badge" data-testid="version-label">{move || {
                let l = lang.get();
                ctx.quote.with(|q| version::label(q).get(l).to_string())
            }}</span>
            {move || ctx.new_version.get().map(|t| view! {
                <span class="finding warning" data-testid="new-version-notice">{t.get(lang.get()).to_string()}</span>
            })}
            <super::contract_accept::ContractAccept/>
            {move || (ctx.quote.with(|q| q.version) > 1).then(|| view! {
                <button class="secondary" data-testid="compare-versions" on:click=compare>
                    {tr(lang, "与早前版本比较", "Compare with earlier versions")}
                </button>
            })}
        </div>
    }
}
