//! A labelled text input bound to one text of the quote: a customer field, or a field of the
//! `i`th contact or site. One function for them all, so its view code is compiled once.

use crate::i18n::{tr, Label};
use crate::state::Ctx;
use leptos::prelude::*;
use tailor_core::quote::Quote;

/// Where a text of the quote is, for the `i`th item of a list (a customer field ignores `i`).
#[derive(Clone, Copy)]
pub struct Field {
    pub read: fn(&Quote, usize) -> Option<&String>,
    pub write: fn(&mut Quote, usize) -> Option<&mut String>,
}

/// The input of `field` (of the `i`th item), with its label and, if given, its test id.
pub fn text_input(
    ctx: Ctx,
    label: Label,
    testid: Option<&'static str>,
    i: usize,
    field: Field,
) -> impl IntoView {
    let lang = ctx.lang;
    // Its own text, compared: an edit elsewhere in the quote leaves the input alone.
    let value = Memo::new(move |_| {
        ctx.quote
            .with(|q| (field.read)(q, i).cloned().unwrap_or_default())
    });
    view! {
        <label class="field">
            <span>{tr(lang, label.0, label.1)}</span>
            <input type="text" data-testid=testid
                prop:value=value
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    ctx.edit(|q| {
                        if let Some(text) = (field.write)(q, i) {
                            *text = v;
                        }
                    });
                }/>
        </label>
    }
}
