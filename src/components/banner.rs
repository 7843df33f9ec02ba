//! The banner saying the published catalog or policy is not in use, and why.

use crate::i18n::Pick;
use crate::state::{use_ctx, Banner};
use leptos::prelude::*;

#[component]
pub fn LoadBanner() -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    move || {
        ctx.banner.get().map(|b| {
            let l = lang.get();
            let (class, title, lines) = match b {
                Banner::Rejected(lines) => (
                    "banner banner-error",
                    l.pick(
                        "发布的产品目录或资费政策未通过校验，已改用内置默认目录：",
                        "The published catalog or policy failed the checks; using the embedded default instead:",
                    ),
                    lines,
                ),
                Banner::Unreachable(lines) => (
                    "banner banner-info",
                    l.pick(
                        "无法获取发布的产品目录（可能没有网络），已使用内置默认目录：",
                        "Could not fetch the published catalog (perhaps no network); using the embedded default:",
                    ),
                    lines,
                ),
            };
            view! {
                <div class=class role="alert" data-testid="load-banner">
                    <strong>{title}</strong>
                    <ul>{lines.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                    <button class="link" on:click=move |_| ctx.show_banner(None)>{l.pick("关闭", "Dismiss")}</button>
                </div>
            }
        })
    }
}
