//! Review and sign: the approver imports an approval request (a quote file), sees the internal
//! view ([`super::internal_view`], with the findings) and signs a decision
//! ([`super::sign_form`]); the signed file is downloaded to send back and recorded in the
//! decision log.

use super::approver_forms::Status;
use super::internal_view::InternalView;
use super::sign_form::SignForm;
use crate::approvals;
use crate::files::on_one_chosen;
use crate::i18n::tr;
use crate::state::use_ctx;
use leptos::prelude::*;
use tailor_core::approval::Approval;
use tailor_core::decision_log::Log;
use tailor_core::keyfile::KeyFile;
use tailor_core::quote::Quote;
use tailor_core::quote_file;
use tailor_core::trust;

/// An imported approval request.
#[derive(Clone, PartialEq)]
struct Review {
    name: String,
    quote: Quote,
    approvals: Vec<Approval>,
}

#[component]
pub fn ReviewCard(keys: RwSignal<Vec<KeyFile>>, log: RwSignal<Log>) -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let status: Status = RwSignal::new(None);
    let request = RwSignal::new(None::<Review>);
    let priced = Memo::new(move |_| {
        request.with(|r| {
            r.as_ref().map(|r| {
                ctx.data
                    .with(|d| trust::price_named(&d.versions, &d.catalog, &d.policy, &r.quote).0)
            })
        })
    });
    let on_choose = on_one_chosen(quote_file::MAX_FILE_BYTES, move |chosen| async move {
        match approvals::open_chosen(chosen) {
            Ok((name, file, approvals)) => {
                status.set(None);
                request.set(Some(Review {
                    name,
                    quote: file.quote,
                    approvals,
                }));
            }
            Err(e) => status.set(Some((false, e))),
        }
    });
    // Built once: a change of language must not rebuild the sign form and lose what is typed.
    view! {
        <section class="card" aria-labelledby="review-h">
            <h2 id="review-h">{tr(lang, "审核并签批", "Review and sign")}</h2>
            <label class="secondary file-label">
                {tr(lang, "导入审批申请", "Import approval request")}
                <input type="file" accept=".json,application/json" class="sr-only" data-testid="import-request" on:change=on_choose/>
            </label>
            {move || status.get().map(|(ok, t)| {
                let l = lang.get();
                view! { <p class="msg" class:ok=ok class:error=!ok role="status" data-testid="review-msg">{t.get(l).to_string()}</p> }
            })}
            {move || request.get().zip(priced.get()).map(|(r, p)| view! {
                <InternalView name=r.name quote=r.quote.clone() attached=r.approvals priced=p.clone()/>
                <SignForm quote=r.quote priced=p keys=keys log=log/>
            })}
        </section>
    }
}
