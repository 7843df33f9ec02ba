//! The customer's contacts: name, title, phone and email, a row each.

use super::quote_field::{text_input, Field};
use crate::i18n::tr;
use crate::state::use_ctx;
use leptos::prelude::*;
use tailor_core::quote::Contact;

/// The customer's contacts: a row of inputs each.
#[component]
pub fn Contacts() -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let count = Memo::new(move |_| ctx.quote.with(|q| q.customer.contacts.len()));
    view! {
        <div class="sublist">
            <h3>{tr(lang, "联系人", "Contacts")}</h3>
            {move || (0..count.get()).map(|i| view! {
                <div class="row contact" data-testid="contact">
                    {text_input(ctx, ("姓名", "Name"), None, i, Field {
                        read: |q, i| q.customer.contacts.get(i).map(|c| &c.name),
                        write: |q, i| q.customer.contacts.get_mut(i).map(|c| &mut c.name),
                    })}
                    {text_input(ctx, ("职务", "Title"), None, i, Field {
                        read: |q, i| q.customer.contacts.get(i).map(|c| &c.title),
                        write: |q, i| q.customer.contacts.get_mut(i).map(|c| &mut c.title),
                    })}
                    {text_input(ctx, ("电话", "Phone"), None, i, Field {
                        read: |q, i| q.customer.contacts.get(i).map(|c| &c.phone),
                        write: |q, i| q.customer.contacts.get_mut(i).map(|c| &mut c.phone),
                    })}
                    {text_input(ctx, ("邮箱", "Email"), None, i, Field {
                        read: |q, i| q.customer.contacts.get(i).map(|c| &c.email),
                        write: |q, i| q.customer.contacts.get_mut(i).map(|c| &mut c.email),
                    })}
                    <button class="icon" aria-label=tr(lang, "删除联系人", "Remove contact")
                        on:click=move |_| ctx.edit(|q| { if i < q.customer.contacts.len() { q.customer.contacts.remove(i); } })>"✕"</button>
                </div>
            }).collect_view()}
            <button class="secondary" data-testid="add-contact"
                on:click=move |_| ctx.edit(|q| q.customer.contacts.push(Contact::default()))>
                {tr(lang, "+ 添加联系人", "+ Add contact")}
            </button>
        </div>
    }
}
