//! The message at the top of the library list: what an action did, or why it failed.

use crate::i18n::tr;
use crate::state::use_ctx;
use crate::storage::StorageError;
use leptos::prelude::*;
use tailor_core::text::Text;

/// A message at the top of the list.
#[derive(Clone)]
pub struct Notice {
    pub error: bool,
    pub text: Text,
}

impl Notice {
    /// What an action did.
    pub fn done(text: Text) -> Notice {
        Notice { error: false, text }
    }

    /// Why an action failed.
    pub fn error(text: Text) -> Notice {
        Notice { error: true, text }
    }
}

/// The library's storage failed.
pub fn failed(e: &StorageError) -> Notice {
    Notice::error(Text::new(
        format!("方案库存储出错：{e}"),
        format!("The library's storage failed: {e}"),
    ))
}

/// The notice, if any, with its dismiss button.
#[component]
pub fn NoticeBar(notice: RwSignal<Option<Notice>>) -> impl IntoView {
    let lang = use_ctx().lang;
    move || {
        notice.get().map(|n| {
            let class = if n.error { "finding error" } else { "finding ok" };
            let l = lang.get();
            view! {
                <p class=class role="status" data-testid="library-notice">
                    {n.text.get(l).to_string()}
                    " "
                    <button class="link" on:click=move |_| notice.set(None)>{tr(lang, "关闭", "Dismiss")}</button>
                </p>
            }
        })
    }
}
