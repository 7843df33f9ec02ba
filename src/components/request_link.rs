//! The approval request as a link to the approver's page, for a chat message: copied to the
//! clipboard, handed to the share sheet where there is one, shown with its length; a request too
//! long for a chat message (`links::CHAT_MAX`) goes as its file instead.

use crate::i18n::{tr, Pick};
use crate::links;
use crate::state::use_ctx;
use leptos::prelude::*;
use leptos::task::spawn_local;
use tailor_core::text::Lang;

fn length_label(n: usize, l: Lang) -> String {
    match l {
        Lang::Zh => format!("审批链接（{n} 个字符）"),
        Lang::En => format!("Approval link ({n} characters)"),
    }
}

fn too_long(n: usize, l: Lang) -> String {
    let max = links::CHAT_MAX;
    match l {
        Lang::Zh => format!(
            "此审批申请的链接有 {n} 个字符，超过聊天消息适宜的 {max} 个字符：请改为发送文件（“导出审批申请”）"
        ),
        Lang::En => format!(
            "This request's link would be {n} characters, more than the {max} a chat message carries well: send the file instead (\"Export approval request\")"
        ),
    }
}

/// The "copy approval link" button and the link it made.
#[component]
pub fn RequestLink() -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let made = RwSignal::new(None::<Result<String, usize>>);
    let copied = RwSignal::new(None::<bool>);
    // A link carries the quote as it was: an edit takes it away.
    Effect::new(move |seen: Option<()>| {
        ctx.quote.track();
        ctx.approvals.track();
        if seen.is_some() {
            if made.with_untracked(Option::is_some) {
                made.set(None);
            }
            if copied.with_untracked(Option::is_some) {
                copied.set(None);
            }
        }
    });
    let make = move |_| {
        let json = ctx.file_json();
        let result = links::request_link(&crate::pages::page_href(), &json);
        copied.set(None);
        made.set(Some(result.clone()));
        if let Ok(url) = result {
            spawn_local(async move {
                let done = links::copy(&url).await;
                let _ = copied.try_set(Some(done));
            });
        }
    };
    let share = move |_| {
        if let Some(Ok(url)) = made.get_untracked() {
            let title = lang
                .get_untracked()
                .pick("Tailor 审批申请", "Tailor approval request");
            links::share(title, &url);
        }
    };
    let select = |ev: web_sys::FocusEvent| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        input.select();
    };
    view! {
        <button class="secondary" data-testid="request-link-make" on:click=make>
            {tr(lang, "复制审批链接", "Copy approval link")}
        </button>
        {move || made.get().map(|r| {
            let l = lang.get();
            match r {
                Ok(url) => view! {
                    <div class="request-link" data-testid="request-link-box">
                        <label for="request-link">{length_label(url.chars().count(), l)}</label>
                        <input id="request-link" type="text" readonly data-testid="request-link" prop:value=url on:focus=select/>
                        <p class="hint" role="status" data-testid="request-link-msg">
                            {match copied.get() {
                                Some(true) => l.pick("已复制到剪贴板：粘贴到发给审批人的消息中。", "Copied to the clipboard: paste it into a message to the approver."),
                                Some(false) => l.pick("未能自动复制：请选中上面的链接复制。", "Could not copy automatically: select the link above and copy it."),
                                None => "",
                            }}
                        </p>
                        {links::can_share().then(|| view! {
                            <button class="secondary" data-testid="request-link-share" on:click=share>{l.pick("分享…", "Share…")}</button>
                        })}
                    </div>
                }.into_any(),
                Err(n) => view! {
                    <p class="msg error" role="status" data-testid="request-link-msg">{too_long(n, l)}</p>
                }.into_any(),
            }
        })}
    }
}
