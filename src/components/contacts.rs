//! The customer's contacts: name, title, phone and email, a row each.

use crate::i18n::{tr, Label};
use crate::state::{use_ctx, Ctx};
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
                    {contact_input(ctx, ("姓名", "Name"), i, |c| &mut c.name, |c| &c.name)}
                    {contact_input(ctx, ("职务", "Title"), i, |c| &mut c.title, |c| &c.title)}
                    {contact_input(ctx, ("电话", "Phone"), i, |c| &mut c.phone, |c| &c.phone)}
                    {contact_input(ctx, ("邮箱", "Email"), i, |c| &mut c.email, |c| &c.email)}
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

fn contact_input(
    ctx: Ctx,
    label: Label,
    i: usize,
    field: fn(&mut Contact) -> &mut String,
    read: fn(&Contact) -> &String,
) -> impl IntoView {
    let lang = ctx.lang;
    view! {
        <label class="field">
            <span>{tr(lang, label.0, label.1)}</span>
            <input type="text"
                prop:value=move || ctx.quote.with(|q| q.customer.contacts.get(i).map(|c| read(c).clone()).unwrap_or_default())
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    ctx.edit(|q| if let Some(c) = q.customer.contacts.get_mut(i) { *field(c) = v });
                }/>
        </label>
    }
}
