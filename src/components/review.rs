//! Review and sign: the approver imports an approval request (a quote file), or opens it from a
//! link (`approver.html#tailor1.r.…`, also when the fragment changes, or pasted), sees the internal
//! view ([`super::internal_view`], with the findings) and signs a decision
//! ([`super::sign_form`]); the signed file is downloaded to send back and recorded in the
//! decision log.

use super::approver_forms::Status;
use super::internal_view::InternalView;
use super::sign_form::SignForm;
use crate::approvals::{self, Linked};
use crate::files::on_one_chosen;
use crate::i18n::tr;
use crate::links;
use crate::state::use_ctx;
use leptos::prelude::*;
use tailor_core::amendment::Amends;
use tailor_core::approval::Approval;
use tailor_core::decision_log::Log;
use tailor_core::keyfile::KeyFile;
use tailor_core::link::Kind;
use tailor_core::quote::Quote;
use tailor_core::quote_file::{self, AfterSale, QuoteFile};
use tailor_core::text::{Lang, Text};
use tailor_core::trust;

/// An imported approval request.
#[derive(Clone, PartialEq)]
struct Review {
    name: String,
    quote: Quote,
    approvals: Vec<Approval>,
    /// The contract the request amends and from when: its approvals are judged on the
    /// amendment (`core::amendment::judged`), as the seller's are.
    amends: Option<Amends>,
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
                ctx.data.with(|d| {
                    let (c, p) = trust::named(&d.versions, &d.catalog, &d.policy, &r.quote)
                        .unwrap_or((&d.catalog, &d.policy));
                    let amendment = r.amends.as_ref().map(|a| a.judged(&r.quote, c, p));
                    match amendment {
                        Some(Ok(judged)) => judged,
                        _ => trust::price_named(&d.versions, &d.catalog, &d.policy, &r.quote).0,
                    }
                })
            })
        })
    });
    let for_seller = RwSignal::new(None::<String>);
    let opened = move |name: String, file: QuoteFile, approvals: Vec<Approval>| {
        status.set(None);
        for_seller.set(None);
        let amends = match file.after_sale {
            Some(AfterSale::Amends(a)) => Some(a),
            _ => None,
        };
        // An amendment that cannot be priced here is not opened: signing the whole proposal
        // instead would bind an approval the seller's amendment never verifies.
        let unpriced = amends.as_ref().and_then(|a| {
            ctx.data.with_untracked(|d| {
                let (c, p) = trust::named(&d.versions, &d.catalog, &d.policy, &file.quote)
                    .unwrap_or((&d.catalog, &d.policy));
                a.price(&file.quote, c, p).err()
            })
        });
        if let Some(why) = unpriced {
            request.set(None);
            status.set(Some((false, why)));
            return;
        }
        request.set(Some(Review {
            name,
            quote: file.quote,
            approvals,
            amends,
        }));
    };
    let on_choose = on_one_chosen(quote_file::MAX_FILE_BYTES, move |chosen| async move {
        match approvals::open_chosen(chosen) {
            Ok((name, file, approvals)) => opened(name, file, approvals),
            Err(e) => status.set(Some((false, e))),
        }
    });
    // A bad link changes nothing but the message.
    let open_link = move |text: &str| match approvals::open_link(text) {
        Ok(Linked::Request(file, approvals)) => {
            opened(approvals::LINK_NAME.to_string(), *file, approvals)
        }
        Ok(Linked::ForSeller(kind, text)) => {
            let what = if kind == Kind::Decision {
                Text::new("这是审批决定", "This is a decision")
            } else {
                Text::new("这是预授权", "This is a pre-authorisation")
            };
            status.set(Some((
                false,
                Text::new(
                    format!("{}，供客户经理在方案配置页导入", what.zh),
                    format!(
                        "{} for the account manager to import in the configurator",
                        what.en
                    ),
                ),
            )));
            for_seller.set(Some(crate::pages::configurator_url(
                &crate::pages::page_href(),
                &text,
            )));
        }
        Err(e) => status.set(Some((false, e))),
    };
    let from_fragment = move || {
        if let Some(text) = links::take_fragment() {
            open_link(&text);
        }
    };
    from_fragment();
    let _ = window_event_listener(leptos::ev::hashchange, move |_| from_fragment());
    let pasted = RwSignal::new(String::new());
    let open_pasted = move || open_link(&pasted.get_untracked());
    // Built once: a change of language must not rebuild the sign form and lose what is typed.
    view! {
        <section class="card" aria-labelledby="review-h">
            <h2 id="review-h">{tr(lang, "审核并签批", "Review and sign")}</h2>
            <label class="secondary file-label">
                {tr(lang, "导入审批申请", "Import approval request")}
                <input type="file" accept=".json,application/json" class="sr-only" data-testid="import-request" on:change=on_choose/>
            </label>
            <div class="row link-in">
                <label class="field grow">
                    <span>{tr(lang, "或粘贴链接或短码", "Or paste a link or code")}</span>
                    <input type="text" autocomplete="off" spellcheck="false" autocapitalize="off" class="mono" data-testid="paste-link"
                        prop:value=pasted on:input=move |ev| pasted.set(event_target_value(&ev))
                        on:keydown=move |ev: leptos::ev::KeyboardEvent| if ev.key() == "Enter" { open_pasted() }/>
                </label>
                <button type="button" class="secondary" data-testid="open-link" on:click=move |_| open_pasted()>{tr(lang, "打开", "Open")}</button>
            </div>
            {move || status.get().map(|(ok, t)| {
                let l = lang.get();
                view! { <p class="msg" class:ok=ok class:error=!ok role="status" data-testid="review-msg">{t.get(l).to_string()}</p> }
            })}
            {move || for_seller.get().map(|url| view! {
                <a class="secondary" data-testid="open-in-configurator" href=url>{tr(lang, "在方案配置页打开", "Open in the configurator")}</a>
            })}
            {move || request.get().zip(priced.get()).map(|(r, p)| view! {
                {r.amends.as_ref().map(|a| amends_notice(a, lang.get()))}
                <InternalView name=r.name quote=r.quote.clone() attached=r.approvals priced=p.clone()/>
                <SignForm quote=r.quote priced=p keys=keys log=log/>
            })}
        </section>
    }
}

/// What the approver signs when the request is an amendment: this change to that contract from
/// that day, judged on the change alone (the figures below are the amendment's).
fn amends_notice(a: &Amends, l: Lang) -> impl IntoView {
    let c = &a.contract;
    let text = match l {
        Lang::Zh => format!(
            "合同变更：合同 {}（{} 签约，合同期 {} 至 {}），自 {} 生效。审批只针对本次变更，下列金额为变更的金额。",
            c.id, c.signed, c.start, c.end, a.effective
        ),
        Lang::En => format!(
            "Contract amendment: contract {} (signed {}, term {} to {}), effective {}. The approval is for this change alone; the figures below are the amendment's.",
            c.id, c.signed, c.start, c.end, a.effective
        ),
    };
    view! { <p class="amends-notice" data-testid="review-amends">{text}</p> }
}
